"""Formats: the one converter between objects and JSON, JSON Schemas, the catalogue of plan
files, readers of counts (CSV, JSON, pandas and polars data frames), observations and
evaluations, DHIS2 export, notebook display.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from childprotect._lazy import exports

if TYPE_CHECKING:
    from childprotect.formats.communes import evaluation_schema, load_evaluations
    from childprotect.formats.convert import (
        converter,
        dumps,
        json_schema,
        loads,
        structure,
        unstructure,
    )
    from childprotect.formats.counts import read_csv, read_json
    from childprotect.formats.frames import read_frame
    from childprotect.formats.notebook import register_notebook
    from childprotect.formats.observations import read_observed

__all__ = [
    "converter",
    "dumps",
    "evaluation_schema",
    "json_schema",
    "load_evaluations",
    "loads",
    "read_csv",
    "read_frame",
    "read_json",
    "read_observed",
    "register_notebook",
    "structure",
    "unstructure",
]

#: Where each public name lives.
_NAMES = {
    "converter": "convert",
    "dumps": "convert",
    "json_schema": "convert",
    "loads": "convert",
    "structure": "convert",
    "unstructure": "convert",
    "read_csv": "counts",
    "read_json": "counts",
    "read_frame": "frames",
    "read_observed": "observations",
    "evaluation_schema": "communes",
    "load_evaluations": "communes",
    "register_notebook": "notebook",
}

__getattr__, __dir__ = exports(__name__, _NAMES)

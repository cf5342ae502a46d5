"""Tables for people: aligned text, Markdown, CSV, HTML for notebooks, pandas DataFrames.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from childprotect._lazy import exports

if TYPE_CHECKING:
    from childprotect.tables.display import (
        MissingExtra,
        Table,
        records,
        repr_html,
        table,
        table_of_records,
        to_frame,
    )
    from childprotect.tables.notebook import Displayable
    from childprotect.tables.progress import Progress, track
    from childprotect.tables.render import render_table

__all__ = [
    "Displayable",
    "MissingExtra",
    "Progress",
    "Table",
    "records",
    "render_table",
    "repr_html",
    "table",
    "table_of_records",
    "to_frame",
    "track",
]

#: Where each public name lives.
_NAMES = {
    "MissingExtra": "display",
    "Table": "display",
    "records": "display",
    "repr_html": "display",
    "table": "display",
    "table_of_records": "display",
    "to_frame": "display",
    "Displayable": "notebook",
    "Progress": "progress",
    "track": "progress",
    "render_table": "render",
}

__getattr__, __dir__ = exports(__name__, _NAMES)

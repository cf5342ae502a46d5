"""The data the main job reads: per-unit counts for one or more periods, with their units.

A :class:`Dataset` comes from a file (:func:`read_dataset`: a rollup CSV, a rollup JSON,
or a dataset JSON bundle with its own units), from a pandas or polars DataFrame of the
same columns as a rollup CSV (:func:`read_dataset` too), or is the bundled synthetic demo
(:func:`demo_dataset`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from childprotect.errors import ValidationError
from childprotect.i18n import Message

if TYPE_CHECKING:
    from childprotect.rollup.measures import Measures, Record
    from childprotect.units.model import AdminUnit

__all__ = ["DEMO_DATA", "Dataset", "dataset_schema", "demo_dataset", "read_dataset"]

#: The bundled synthetic dataset (package data), made by ``benchmarks/gen_demo_data.py``.
DEMO_DATA = "data/demo/hue-synthetic.json"


@attrs.frozen
class Dataset:
    """Per-unit counts (rollup records) and, when they are not bundled, their units.

    ``synthetic`` marks invented data: every output that uses it says so. ``root`` is the
    code of the unit the data covers (the plan's province), taken from the bundled units.
    ``files``: the data files read (read again to name where a wrong unit code is);
    ``numbers``: by period, the unit codes read from workbook cells that held numbers
    (see :func:`childprotect.rollup.areas.require_known`).
    """

    measures: Measures = attrs.field(eq=False)
    records: tuple[Record, ...]
    units: tuple[AdminUnit, ...] = ()
    root: str | None = None
    synthetic: bool = False
    title: str = ""
    source: str = ""
    title_vi: str = ""
    files: tuple[str, ...] = attrs.field(default=(), eq=False, repr=False)
    numbers: Mapping[str, frozenset[str]] = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def periods(self) -> tuple[str, ...]:
        return tuple(sorted({r.period for r in self.records}))


def _dataset_from_json(data: Any, source: str) -> Dataset:
    from childprotect.formats.convert import structure
    from childprotect.formats.counts import records_of
    from childprotect.units.model import AdminUnit

    if isinstance(data, dict) and "units" in data:
        about = data.get("about") or {}
        unknown = set(data) - {"about", "root", "units", "measures", "rules", "records"}
        if unknown:
            raise ValidationError(Message("{source}: unknown field(s) {fields}", source=source,
                                          fields=", ".join(sorted(map(str, unknown)))))
        units = structure(data["units"], tuple[AdminUnit, ...], source)
        rollup_part = {k: data[k] for k in ("measures", "rules", "records") if k in data}
        measures, records = records_of(rollup_part, source)
        return Dataset(measures, tuple(records), units, data.get("root"),
                       bool(about.get("synthetic", False)), str(about.get("title", "")),
                       str(about.get("source", source)), str(about.get("title_vi", "")))
    measures, records = records_of(data, source)
    return Dataset(measures, tuple(records), source=source)


def read_dataset(path: str | Path | Sequence[str | Path] | Any, *,
                 progress: bool | None = None) -> Dataset:
    """A dataset from a file or several: rollup CSV (``unit,period,<counts>…`` in any
    encoding the library reads), ``.xlsx`` workbooks (the data-entry template or a plain
    sheet), rollup JSON, or a dataset JSON bundle (``about``, ``root``, ``units``,
    ``measures``, ``records``). One reader for every command
    (:func:`childprotect.formats.datafiles.read_counts`).

    ``path`` may also be a pandas or polars DataFrame with the columns of a rollup CSV,
    read as that file would be (:func:`childprotect.formats.frames.read_frame`).

    ``progress``: show a progress bar on a terminal while reading a CSV (``None``: when
    stderr is a terminal).
    """
    from childprotect.rollup.frames import frame_kind

    if frame_kind(path) is not None:
        from childprotect.formats.frames import read_frame

        typed: dict[str, set[str]] = {}  # the unit codes read from numbers, by period
        frame_measures, frame_records = read_frame(path, numbers=typed)
        return Dataset(frame_measures, tuple(frame_records), source="<frame>",
                       numbers={p: frozenset(c) for p, c in typed.items()})
    from childprotect.data import parse_json
    from childprotect.formats.counts import counts_header, read_csv
    from childprotect.formats.datafiles import (
        is_workbook,
        read_counts,
        read_data_bytes,
        read_text_file,
    )
    from childprotect.rollup.measures import Record

    paths = [Path(path)] if isinstance(path, (str, Path)) else [Path(p) for p in path]
    source = ", ".join(map(str, paths))
    if len(paths) == 1 and paths[0].suffix.lower() == ".json":
        p = paths[0]
        return attrs.evolve(_dataset_from_json(parse_json(read_data_bytes(p), str(p)), str(p)),
                            files=(str(p),))
    text = read_text_file(paths[0]) if len(paths) == 1 and not is_workbook(paths[0]) else ""
    if counts_header(text):  # (a template's CSV, with its headings, goes to read_counts)
        from childprotect.tables.progress import track

        p = paths[0]
        lines = text.splitlines(keepends=True)
        del text
        label = Message("reading {name}", name=p.name).text()
        measures, rows = read_csv(track(lines, label=label, enabled=progress),
                                  source=str(p))
        records = tuple(Record(unit, period, dict(zip(measures.counts, values, strict=True)))
                        for unit, period, values in rows)
        return Dataset(measures, records, source=str(p), files=(str(p),))
    numbers: dict[str, set[str]] = {}
    measures, found = read_counts(paths, numbers=numbers)
    return Dataset(measures, tuple(found), source=source, files=tuple(map(str, paths)),
                   numbers={p: frozenset(c) for p, c in numbers.items()})


def dataset_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a dataset JSON bundle (see :func:`read_dataset`)."""
    from childprotect.formats.convert import json_schema
    from childprotect.units.model import AdminUnit

    units = json_schema(tuple[AdminUnit, ...])
    defs = units.pop("$defs", {})
    units.pop("$schema", None)
    count = {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}]}
    defs["Record"] = {
        "type": "object",
        "description": "one unit's counts for one period; a null or absent count is missing",
        "properties": {"unit": {"type": "string"}, "period": {"type": "string"},
                       "values": {"type": "object", "additionalProperties": count}},
        "required": ["unit", "period", "values"], "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://childprotect.invalid/schemas/dataset.schema.json",
        "title": "childprotect dataset (per-unit counts with their units)",
        "type": "object",
        "properties": {
            "about": {"type": "object", "properties": {
                "title": {"type": "string"}, "title_vi": {"type": "string"},
                "source": {"type": "string"},
                "synthetic": {"type": "boolean"}}, "additionalProperties": False},
            "root": {"type": "string", "description": "the code of the unit the data covers"},
            "units": units,
            "measures": {"type": "array", "items": {"type": "object"}},
            "rules": {"type": "array", "items": {"type": "object"}},
            "records": {"type": "array", "items": {"$ref": "#/$defs/Record"}},
        },
        "required": ["units", "records"],
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


@lru_cache(maxsize=1)
def demo_dataset() -> Dataset:
    """The bundled, clearly-labelled synthetic commune dataset for Thừa Thiên Huế."""
    path = resources.files("childprotect").joinpath(DEMO_DATA)
    return _dataset_from_json(json.loads(path.read_text("utf-8")), f"childprotect/{DEMO_DATA}")

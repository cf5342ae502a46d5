"""Counts per unit and period from a pandas or polars DataFrame, as from a CSV file.

An analyst's frame (``pd.read_excel`` of the file a province sent, a polars query) has
the columns of a counts file (:func:`~childprotect.formats.counts.read_csv`): ``unit``,
``period`` and one per count. :func:`read_frame` reads it as the CSV reader reads the
same data written to a file: the same header rules (a missing ``unit`` or ``period``, a
column twice or without a name is an error; without ``measures`` every other column is a
count), the same cell rules, with what pandas does to a column taken back (NaN is a blank,
``12.0`` in a ``float64`` column with a blank is 12). Neither pandas nor polars is
imported here.

>>> import pandas as pd
>>> frame = pd.DataFrame({"unit": ["29971", "29956"], "period": ["2024", "2024"],
...                       "children": [900, None], "special": ["1.562", ""]})
>>> frame["children"].dtype
dtype('float64')
>>> m, records = read_frame(frame)
>>> m.counts
('children', 'special')
>>> records[1]
Record(unit='29956', period='2024', values={'children': None, 'special': None})
"""

from __future__ import annotations

import re
from typing import Any

from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.rollup.measures import Measures, Record

__all__ = ["read_frame"]

# The names each library gives a column whose header cell is empty (pandas "Unnamed: 3";
# polars "", "__UNNAMED__3" from a workbook, "_duplicated_0" for a second one), and a
# column named twice (the second "children" becomes "children.1" in pandas,
# "children_duplicated_0" in polars): their read_csv and read_excel.
_UNNAMED = {"pandas": re.compile(r"Unnamed: [0-9]+(?:_level_[0-9]+)?"),
            "polars": re.compile(r"(?:__UNNAMED__|_duplicated_)[0-9]+")}
_TWICE = {"pandas": re.compile(r"(.+)\.[0-9]+"), "polars": re.compile(r"(.+)_duplicated_[0-9]+")}


def read_frame(frame: Any, measures: Measures | None = None, source: str = "<frame>", *,
               numbers: dict[str, set[str]] | None = None) -> tuple[Measures, list[Record]]:
    """The measures and records of a pandas or polars DataFrame of counts: what
    :func:`~childprotect.formats.counts.read_csv` gives for the same data in a file.

    Without ``measures`` every column other than ``unit`` and ``period`` is a count
    measure (as in a CSV file: the main job warns of one no target uses,
    ``data.unused-column``); with them the columns must be theirs. A column pandas named
    ``Unnamed: 3`` (its header cell was empty) or ``children.1`` (a second ``children``)
    is the error a CSV file with that header gets. A row is named by its position (as
    ``iloc`` counts, from 0), never by its index label (it may be a personal value); a
    cell is never quoted.

    Unit codes and periods are text; a number (an ``int64`` column, as ``pd.read_excel``
    reads codes typed as numbers) is read as its digits, never padded: a code that lost
    its leading zeros in the spreadsheet (``00070`` became 70) then does not exist, or names
    a unit of another level (``58``, a province, for the commune ``00058``), and the main
    job's error names it and says so. ``numbers``, when given, is filled (period → codes)
    with the codes read from numbers, for that check
    (:func:`~childprotect.rollup.areas.require_known`). Read the column as text to keep
    the zeros (``pd.read_excel(path, dtype={"unit": str})``).
    """
    from childprotect.formats.counts import _layout
    from childprotect.rollup.frames import frame_records, require_frame

    kind = require_frame(frame, source)
    header = _header(frame, kind, source)
    m, layout = _layout(header, measures, source)
    return m, frame_records(frame, m.counts, source,
                            at=[layout.unit, layout.period, *layout.pos], numbers=numbers)


def _header(frame: Any, kind: str, source: str) -> list[str]:
    """The frame's column names as a CSV header would have them; a column without a
    name, or a name twice, is an error (as in a CSV file) worded for a frame."""
    labels = list(frame.columns)
    header: list[str] = []
    for i, label in enumerate(labels):
        if not isinstance(label, str):
            raise ValidationError(Message(
                "{source}: the column at position {position} has a name that is not a text "
                "({kind}): name the columns unit, period and the counts", source=source,
                position=i, kind=type(label).__name__))
        name = _header_name(label, labels, kind).strip()
        if not name:
            raise ValidationError(Message(
                "{source}: the column at position {position} has no name (its header cell was "
                "empty): every column needs a name", source=source, position=i))
        header.append(name)
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:
        raise ValidationError(Message(
            "{source}: the column(s) {names} appear more than once (pandas names the second "
            "one name.1, polars name_duplicated_0)", source=source,
            names=", ".join(map(repr, twice))))
    return header


def _header_name(label: str, labels: list[str], kind: str) -> str:
    """The name a CSV header would have had where the frame's library renamed a column:
    empty for a column without a name, the first column's name for a second one."""
    if _UNNAMED[kind].fullmatch(label.strip()):
        return ""
    twice = _TWICE[kind].fullmatch(label)
    if twice and twice.group(1) in labels:
        return twice.group(1)
    return label

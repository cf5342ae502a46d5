"""The one reader of per-unit data files, for every command and API that reads them.

A data file is rollup JSON (:func:`~childprotect.formats.counts.read_json`, strict: a
duplicate key, ``NaN``, a fraction or an undeclared measure is an error), a CSV file
(``unit,period,<counts>…`` in UTF-8, UTF-8 with BOM, UTF-16 or Windows-1258, recognised
from its bytes), or an ``.xlsx`` workbook (the data-entry template's layout or a plain
sheet whose first row names the columns; every problem named by its cell,
``Sheet1!D17``). Several files (one per commune, say) are read as one: a unit given twice
for one period is an error naming both places.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.csv").write_bytes("unit,period,children\\n29971,2024,12\\n".encode("cp1258"))
>>> m, records = read_counts(d / "a.csv")
>>> m.counts, [(r.unit, r.period, dict(r.values)) for r in records]
(('children',), [('29971', '2024', {'children': 12})])
"""

from __future__ import annotations

import os
import typing
from collections.abc import Collection, Sequence
from pathlib import Path

from childprotect.errors import ValidationError
from childprotect.formats.files import read_data_bytes
from childprotect.i18n import Message
from childprotect.rollup.measures import Measure, Measures, Record

__all__ = ["is_workbook", "read_counts", "read_data_bytes", "read_text_file", "unit_places"]

PathLike = str | os.PathLike[str]


def is_workbook(path: PathLike) -> bool:
    """Whether ``path`` names a spreadsheet file (``.xlsx``, and the refused ``.xls``,
    ``.ods``): read by the spreadsheet reader, which names each problem's cell."""
    return Path(path).suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods")


def read_text_file(path: PathLike) -> str:
    """The text of a CSV file in any encoding the library reads (NFC), or an error
    naming the file, the encoding problem and the line."""
    from childprotect.formats.tabular.sources import decode

    return decode(read_data_bytes(path), os.fspath(path))[0]


def read_counts(paths: PathLike | Sequence[PathLike], *,
                numbers: dict[str, set[str]] | None = None) -> tuple[Measures, list[Record]]:
    """The measures and the per-unit records of one data file or several.

    ``numbers``, when given, is filled (period → codes) with the unit codes read from
    workbook cells that held numbers rather than text: such a code has lost any leading
    zeros (``00058`` typed as a number is ``58``), which
    :func:`~childprotect.rollup.areas.require_known` checks against the units of the day.
    """
    from childprotect.formats.counts import counts_header, read_csv_text, read_json

    files = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    if not files:
        raise ValidationError(Message("no data file given"))
    if len(files) == 1 and Path(files[0]).suffix.lower() == ".json":
        return read_json(read_data_bytes(files[0]), os.fspath(files[0]))
    if any(Path(f).suffix.lower() == ".json" for f in files):
        raise ValidationError(Message("a JSON data file is read alone, not with other files"))
    if len(files) == 1 and not is_workbook(files[0]):
        name = os.fspath(files[0])
        text = read_text_file(name)
        if counts_header(text):  # (else a table such as a data-entry template, below)
            m, rows = read_csv_text(text, None, name)
            return m, [Record(u, p, dict(zip(m.counts, v, strict=True))) for u, p, v in rows]
    return _from_table(files, numbers)


def _from_table(files: Sequence[PathLike], numbers: dict[str, set[str]] | None = None
                ) -> tuple[Measures, list[Record]]:
    from childprotect.formats.tabular.cells import Kind
    from childprotect.formats.tabular.reading import read_table

    table = read_table(list(files), key=("unit", "period"), other=Kind.COUNT)
    counts = table.names_of(Kind.COUNT)
    m = Measures([Measure.count(n) for n in counts])
    if numbers is not None:
        for row in table.typed_as_numbers("unit"):
            numbers.setdefault(str(row["period"]), set()).add(str(row["unit"]))
    # (count columns hold whole numbers ≥ 0 or None: read_table checked each cell)
    return m, [Record(str(r["unit"]), str(r["period"]),
                      {n: typing.cast("int | None", r[n]) for n in counts}) for r in table]


def unit_places(paths: PathLike | Sequence[PathLike], codes: Collection[str], period: str
                ) -> dict[str, list[str | Message]]:
    """Where the rows of ``period`` whose unit is one of ``codes`` are in the data files
    :func:`read_counts` read: the unit's cell of a workbook (``'Số liệu'!A9``) or of a
    data-entry template saved as CSV (``line 9, column A``), the line of a CSV file of
    counts (``line 9``), the record of a JSON file (``$[3]``); each after its file when
    there are several; the words in the reader's language when shown. The files are read
    again: this is for the message of an error about those codes, not for the way there.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.csv").write_text("unit,period,a\\n29971,2024,3\\n9999,2024,4\\n")
    >>> found = unit_places(d / "a.csv", {"9999"}, "2024")
    >>> {code: list(map(str, at)) for code, at in found.items()}
    {'9999': ['line 3']}
    """
    from childprotect.formats.countplaces import key_lines
    from childprotect.formats.counts import counts_header

    files = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    wanted = set(codes)
    if len(files) == 1 and Path(files[0]).suffix.lower() == ".json":
        return _json_places(os.fspath(files[0]), wanted, period)
    if len(files) == 1 and not is_workbook(files[0]):
        name = os.fspath(files[0])
        text = read_text_file(name)
        if counts_header(text):
            found = key_lines(text, {(c, period) for c in wanted}, name)
            return {code: [Message("line {line}", line=n) for n in lines]
                    for (code, _), lines in sorted(found.items())}
    from childprotect.formats.tabular.cells import Kind
    from childprotect.formats.tabular.reading import read_table

    several = len(files) > 1
    out: dict[str, list[str | Message]] = {}
    for row in read_table(list(files), key=("unit", "period"), other=Kind.COUNT):
        unit = row["unit"]
        if unit in wanted and row["period"] == period:
            out.setdefault(str(unit), []).append(row.ref("unit").place(file=several))
    return out


def _json_places(path: str, codes: set[str], period: str) -> dict[str, list[str | Message]]:
    """:func:`unit_places` in a JSON data file: the records, by their place in it."""
    from childprotect.data import parse_json

    data = parse_json(read_data_bytes(path), path)
    at, records = ("$.records", data.get("records")) if isinstance(data, dict) else ("$", data)
    out: dict[str, list[str | Message]] = {}
    for i, r in enumerate(records if isinstance(records, list) else []):
        if isinstance(r, dict) and r.get("unit") in codes and r.get("period") == period:
            out.setdefault(str(r["unit"]), []).append(f"{at}[{i}]")
    return out

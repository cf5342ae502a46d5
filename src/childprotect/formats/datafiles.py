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


def read_counts(paths: PathLike | Sequence[PathLike]) -> tuple[Measures, list[Record]]:
    """The measures and the per-unit records of one data file or several."""
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
    return _from_table(files)


def _from_table(files: Sequence[PathLike]) -> tuple[Measures, list[Record]]:
    from childprotect.formats.tabular.cells import Kind
    from childprotect.formats.tabular.reading import read_table

    table = read_table(list(files), key=("unit", "period"), other=Kind.COUNT)
    counts = table.names_of(Kind.COUNT)
    m = Measures([Measure.count(n) for n in counts])
    # (count columns hold whole numbers ≥ 0 or None: read_table checked each cell)
    return m, [Record(str(r["unit"]), str(r["period"]),
                      {n: typing.cast("int | None", r[n]) for n in counts}) for r in table]


def unit_places(paths: PathLike | Sequence[PathLike], codes: Collection[str],
                limit: int = 3) -> dict[str, list[str]]:
    """Where each of ``codes`` is in the data files ``paths``: the first ``limit`` places
    (a CSV file's lines, a workbook's cells), then how many more.

    The files are read again, so call it only when an error names the codes (the code
    of a unit that does not exist, say). Nothing for JSON, a file that is not there any
    more, or one that cannot be read again.
    """
    from childprotect.errors import ChildProtectError
    from childprotect.formats.countplaces import unit_lines
    from childprotect.formats.counts import counts_header

    files = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    wanted = set(codes)
    found: dict[str, list[str]] = {}
    try:
        if not files or not all(os.path.isfile(f) for f in files) or any(
                Path(f).suffix.lower() == ".json" for f in files):
            return {}
        if len(files) == 1 and not is_workbook(files[0]):
            name = os.fspath(files[0])
            text = read_text_file(name)
            if counts_header(text):
                for code, lines in unit_lines(text, wanted, name).items():
                    found[code] = [Message("{file} line {line}", file=name, line=n).text()
                                   for n in lines]
                return _first(found, limit)
        from childprotect.formats.tabular.cells import Kind
        from childprotect.formats.tabular.reading import read_table

        for row in read_table(files, key=("unit", "period"), other=Kind.COUNT):
            code = str(row["unit"])
            if code in wanted:
                found.setdefault(code, []).append(str(row.ref("unit")))
    except (ChildProtectError, OSError):  # (the first reading's error stands)
        return {}
    return _first(found, limit)


def _first(found: dict[str, list[str]], limit: int) -> dict[str, list[str]]:
    return {code: places[:limit] + ([Message("{count} more", count=len(places) - limit).text()]
                                    if len(places) > limit else [])
            for code, places in sorted(found.items())}

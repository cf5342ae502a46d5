"""Observed data for assessment, read from CSV, Excel (``.xlsx``) or JSON files.

Observed data are what a province measured for a plan's targets (a value, or a numerator
and a denominator, per target and year); :func:`childprotect.plans.assessment.assess_plan`
judges them. This module reads them: the JSON form through the library's one converter.
"""

from __future__ import annotations

import csv
import io as _stdio
import re
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from childprotect.data.signatures import FileSignature, file_signature
from childprotect.errors import InvalidTable
from childprotect.formats.convert import loads
from childprotect.formats.files import read_error
from childprotect.i18n import Message
from childprotect.plans.assessment import InvalidObservation, ObservedData, ObservedRow
from childprotect.plans.observed import row_location
from childprotect.text.cellvalues import Problem, count_value, decimal_value
from childprotect.text.quantities import Unit

__all__ = ["parse_observed_csv", "parse_observed_json", "read_observed", "read_observed_workbook"]


_CSV_COLUMNS = ("target", "year", "value", "unit", "numerator", "denominator", "note",
                "reporting", "expected")
_NUM = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_INT = re.compile(r"[0-9]+")
_YEAR = re.compile(r"[0-9]{4}")

def parse_observed_csv(text: str, source: str = "<csv>") -> ObservedData:
    """Observed data from CSV text.

    Columns (header required, any order): ``target``, ``year``, and either ``value``
    (with an optional ``unit``: count, percent, per_1000, per_100000, vnd) or
    ``numerator`` and ``denominator``; ``note`` is optional; ``reporting`` and
    ``expected`` (both or neither) give the coverage: how many of the units expected
    reported what the value needs (``8`` of ``9`` communes). Numbers use a dot as the
    decimal point and no thousands separators; a year has four digits. A file whose
    header is separated by semicolons or tabs (as Excel saves CSV where the comma is the
    decimal mark, as in Vietnamese) writes numbers as Vietnamese does: ``95,5``,
    ``1.234``. Lines starting
    with ``#`` before the header are comments and are kept; a comment containing
    "synthetic" marks the data synthetic. Errors name the line each record starts on.
    """
    lines = _stdio.StringIO(text.removeprefix("\ufeff"), newline="").readlines()
    nul = next((n for n, line in enumerate(lines, 1) if "\x00" in line), None)
    if nul is not None:
        raise InvalidObservation(Message("{where}: a NUL character: the file is binary, not "
                                         "CSV text", where=row_location(source, nul, 0)))
    comments: list[str] = []
    skip = _header_line(lines, 0, comments, source)
    first = lines[skip]
    head = first.rstrip("\r\n").lstrip(" ")
    named = len(head) == 5 and head[:4].lower() == "sep="  # Excel's line naming it
    if named:
        skip = _header_line(lines, skip + 1, comments, source)
        first = lines[skip]
    separator = head[4] if named else next(
        (sep for sep in (";", "\t") if "," not in first and sep in first), ",")
    records = _records(lines[skip:], skip, source, separator)
    head_line, header = records[0]
    _check_header(header, row_location(source, head_line, 0), separator)
    local = separator != ","  # as Excel saves CSV where the comma is the decimal mark
    rows: list[ObservedRow] = []
    for line, cells in records[1:]:
        where = row_location(source, line, len(rows) + 1)
        if len(cells) > len(header):
            raise InvalidObservation(Message(
                "{where}: {count} cells, more than the {width} columns of the header",
                where=where, count=len(cells), width=len(header)))
        rows.append(_csv_row(dict(zip(header, cells, strict=False)), where, line, local))
    return ObservedData(tuple(rows), source=source,
                        synthetic=any("synthetic" in c.casefold() for c in comments),
                        comments=tuple(comments))


def _header_line(lines: Sequence[str], start: int, comments: list[str], source: str) -> int:
    """The index of the first line from ``start`` that is neither blank nor a comment
    (``# …``, kept in ``comments``); an error when there is none."""
    skip = start
    while skip < len(lines) and (not lines[skip].strip()
                                 or lines[skip].lstrip().startswith("#")):
        if lines[skip].strip():
            comments.append(lines[skip].lstrip()[1:].strip())
        skip += 1
    if skip == len(lines):
        raise InvalidObservation(Message("{source}: no header line: the file is empty or has "
                                         "only comments", source=source))
    return skip


def _records(lines: Sequence[str], skipped: int, source: str, separator: str = ","
             ) -> list[tuple[int, list[str]]]:
    """The non-blank records of ``lines`` (which follow ``skipped`` lines of the file), each
    with the line of the file it starts on."""
    reader = csv.reader(lines, delimiter=separator, strict=True)
    out: list[tuple[int, list[str]]] = []
    start = skipped + 1
    try:
        for cells in reader:
            if cells:
                out.append((start, cells))
            start = skipped + reader.line_num + 1
    except csv.Error as exc:
        from childprotect.text.csvtext import csv_failure

        raise InvalidObservation(csv_failure(exc, source, start).args[0]) from None
    return out


def _check_header(header: list[str], where: Message, separator: str = ",") -> None:
    """The header names known columns, each once, and 'target'; else why not."""
    for i, h in enumerate(header, 1):
        if h.strip():
            continue
        if i == len(header) and i > 1 and separator == ",":
            raise InvalidObservation(Message(
                "{where}: the header ends with a comma, so its column {position} has no name; "
                "remove the comma at the end of the header (and of each row)", where=where,
                position=i))
        if i == len(header) and i > 1:
            raise InvalidObservation(Message(
                "{where}: the header ends with its separator {separator}, so its column "
                "{position} has no name; remove the last {separator} of the header (and of "
                "each row)", where=where, separator=repr(separator), position=i))
        raise InvalidObservation(Message("{where}: column {position} of the header has no "
                                         "name", where=where, position=i))
    for i, h in enumerate(header, 1):
        first = header.index(h) + 1
        if first != i:
            raise InvalidObservation(Message(
                "{where}: the column {name} is named twice in the header (columns {first} and "
                "{second})", where=where, name=repr(h), first=first, second=i))
    unknown = [h for h in header if h not in _CSV_COLUMNS]
    fixes = [f"{h!r} → {h.strip().lower()!r}" for h in unknown
             if h.strip().lower() in _CSV_COLUMNS]
    if fixes and len(fixes) == len(unknown):
        raise InvalidObservation(Message(
            "{where}: column names are written in lower case, without spaces around them: "
            "{fixes}", where=where, fixes=fixes))
    if unknown or "target" not in header:
        raise InvalidObservation(
            Message("{source}: the header must name 'target' and only the columns {join}; got "
                    "{header}", source=where, join=', '.join(_CSV_COLUMNS), header=header))


#: Why a cell is not a whole number written with digits only, by what it looks like.
_NOT_WHOLE = (
    (re.compile(r"[+-][0-9]+"), Message("it has a sign; write digits only (a count is never "
                                        "negative)")),
    (re.compile(r"[0-9]+[.,](?:0{1,2}|0{4,})"), Message("it has a decimal part; write digits "
                                                       "only, without .0")),
    (re.compile(r"[0-9]+(?:[.,\s][0-9]+)+"), Message(
        "it has a dot, comma or space in it; write digits only, without thousands separators "
        "or a decimal part")),
    (re.compile(r"[^0-9]*"), Message("it is not a number; leave the cell empty when there is "
                                     "nothing to give")),
)


def _whole_number_problem(v: str) -> Message:
    for pattern, why in _NOT_WHOLE:
        if pattern.fullmatch(v):
            return why
    return Message("write digits only")


def _csv_row(rec: dict[str, str], where: Message | str, line: int | None = None,
             local: bool = False) -> ObservedRow:
    """The row of one record; any problem is an error that names ``where``, once.
    ``local``: numbers are written as Vietnamese writes them (``95,5``, ``1.234``)."""
    try:
        return _row(rec, line, local)
    except InvalidObservation as exc:
        problem = exc.args[0] if exc.args and isinstance(exc.args[0], Message) else str(exc)
        raise InvalidObservation(Message("{where}: {problem}", where=where,
                                         problem=problem)) from None


def _row(rec: dict[str, str], line: int | None, local: bool = False) -> ObservedRow:
    def cell(name: str) -> str | None:
        v = (rec.get(name) or "").strip()
        return v or None

    target = cell("target")
    if target is None:
        raise InvalidObservation(Message("the target cell is empty"))

    def integer(name: str) -> int | None:
        v = cell(name)
        if v is None:
            return None
        if local and name != "year":
            got = count_value(v)
            if isinstance(got, Problem):
                raise InvalidObservation(Message(
                    "target {target}: {name} {problem}", target=repr(target), name=name,
                    problem=got.text))
            return got
        if not _INT.fullmatch(v):
            raise InvalidObservation(Message(
                "target {target}: {name} is not written as a whole number: {why}",
                target=repr(target), name=name, why=_whole_number_problem(v)))
        return int(v)

    raw_year = cell("year")
    if raw_year is not None and not _YEAR.fullmatch(raw_year):
        raise InvalidObservation(Message(
            "target {target}: year {v} is not a year written with four digits, such as 2023",
            target=repr(target), v=repr(raw_year)))
    raw_value = cell("value")
    value: Decimal | None = None
    if raw_value is not None and local:
        got = decimal_value(raw_value)
        if isinstance(got, Problem) or got is None or got < 0:
            raise InvalidObservation(Message(
                "target {target}: value is not a number written like 1,5 or 1.234,5 (a comma "
                "as decimal mark, dots between thousands, not negative)", target=repr(target)))
        value = got
    elif raw_value is not None:
        if not _NUM.fullmatch(raw_value):
            raise InvalidObservation(
                Message("target {target}: value is not a number written like 1.5 (a dot as "
                        "decimal point, no thousands separators, not negative)",
                        target=repr(target)))
        value = Decimal(raw_value)
    raw_unit = cell("unit")
    unit: Unit | None = None
    if raw_unit is not None:
        try:
            unit = Unit.parse(raw_unit)  # (as written: "%", "‰", "đồng", or its code)
        except ValueError:
            raise InvalidObservation(
                Message("target {target}: unit {raw_unit} is not one of {value}",
                        target=repr(target), raw_unit=repr(raw_unit),
                        value=[u.value for u in Unit])) from None
    return ObservedRow(target, integer("year"), value, unit, integer("numerator"),
                       integer("denominator"), cell("note"), integer("reporting"),
                       integer("expected"), line=line)


def parse_observed_json(text: str | bytes, source: str = "<json>") -> ObservedData:
    """Observed data from JSON: ``{"observations": [{"target": "CT6.1", "year": 2023,
    "numerator": 1480, "denominator": 100000}, …], "source": …, "synthetic": …}``,
    or just the list. Values are decimal strings (``"1.5"``), never JSON floats."""
    head = text.lstrip()[:1]
    if head in ("[", b"["):
        rows = loads(text, tuple[ObservedRow, ...], source)
        return ObservedData(rows, source=source)
    return loads(text, ObservedData, source)


def read_observed(path: str | Path) -> ObservedData:
    """Observed data from a ``.csv``, ``.xlsx`` or ``.json`` file (chosen by its suffix)."""
    p = Path(path)
    if p.suffix.lower() == ".xlsx":
        return read_observed_workbook(p)
    if p.suffix.lower() not in (".csv", ".json"):
        raise InvalidObservation(Message("{p}: observed data must be a .csv, .xlsx or .json "
                                         "file", p=p))
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InvalidObservation(read_error(p, exc).args[0]) from None
    if p.suffix.lower() == ".csv":
        return parse_observed_csv(_csv_text(raw, p), str(p))
    return parse_observed_json(raw, str(p))


def _csv_text(raw: bytes, p: Path) -> str:
    """The text of a CSV file in any encoding the library reads, or an error saying what
    the file is instead."""
    what = _not_text(raw)
    if what is not None:
        raise InvalidObservation(Message(
            "{p}: not a CSV text file but {what} (by its first bytes); save the data as CSV "
            "UTF-8 (comma-separated)", p=p, what=what))
    from childprotect.formats.tabular.sources import decode

    try:  # UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1258, as every CSV reader
        return decode(raw, str(p))[0]
    except InvalidTable as exc:
        raise InvalidObservation(str(exc)) from None


def _not_text(raw: bytes) -> Message | None:
    """What a file is when its first bytes show it is no text file (None otherwise)."""
    kind = file_signature(raw[:16])
    if kind is None:
        return None
    if kind is FileSignature.PDF:
        return Message("a PDF document")
    if kind is FileSignature.CFB:
        return Message("an Office 97–2003 file (.doc or .xls)")
    if kind is FileSignature.RTF:
        return Message("an RTF document")
    if kind.image:
        return Message("an image ({kind})", kind=kind.name)
    try:
        with zipfile.ZipFile(_stdio.BytesIO(raw)) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        names = []
    if any(n.startswith("word/") for n in names):
        return Message("a Word document (.docx)")
    if any(n.startswith("xl/") for n in names):
        return Message("an Excel workbook (.xlsx)")
    return Message("a ZIP archive")


# --- workbooks ---------------------------------------------------------------------------

def read_observed_workbook(path: str | Path) -> ObservedData:
    """The observed data of an ``.xlsx`` workbook: the sheet whose header row names
    ``target`` and ``year``, with the columns of the CSV form.

    Cells are read by the workbook reader (:func:`~childprotect.formats.tabular.read_table`):
    each problem names its cell; a formula without a computed value or an error value is an
    error, never a blank. A value cell formatted as a percentage holds a fraction (Excel
    keeps 95,5 % as 0.955): it is read as the percentage it shows, exactly, with the unit
    ``percent`` (a row giving another unit is an error naming the cell). The rows above
    the header row are kept as comments; one that says "synthetic" marks the data
    synthetic, as a comment of a CSV file does.
    """
    from childprotect.formats.tabular.cells import Kind
    from childprotect.formats.tabular.reading import read_table
    from childprotect.formats.tabular.table import Column

    p = Path(path)
    columns = [Column("target", Kind.CODE), Column("year", Kind.CODE),
               Column("value", Kind.DECIMAL, required=False),
               Column("unit", Kind.TEXT, required=False),
               Column("numerator", Kind.COUNT, required=False),
               Column("denominator", Kind.COUNT, required=False),
               Column("note", Kind.TEXT, required=False),
               Column("reporting", Kind.COUNT, required=False),
               Column("expected", Kind.COUNT, required=False)]
    try:
        table = read_table(p, columns, key=("target", "year"), other=None)
    except InvalidTable as exc:
        raise InvalidObservation(str(exc)) from None
    percent = set(map(id, table.shown_as_percent("value")))
    rows: list[ObservedRow] = []
    for row in table:
        rec: dict[str, str] = {}
        for name in ("target", "year", "value", "unit", "numerator", "denominator", "note",
                     "reporting", "expected"):
            v = row.get(name)
            if v is not None:
                rec[name] = format(v, "f") if isinstance(v, Decimal) else str(v)
        where = row.where
        if "value" in rec and id(row) in percent:
            ref = row.ref("value")
            unit = rec.get("unit", "").strip()
            if unit not in ("", "percent"):
                raise InvalidObservation(Message(
                    "{where}: the value is formatted as a percentage but the unit is "
                    "{unit}; give the unit percent, or format the cell as a number",
                    where=str(ref), unit=repr(unit)))
            rec["value"] = format(Decimal(rec["value"]) * 100, "f")
            rec["unit"] = "percent"
        rows.append(_csv_row(rec, where, row.number))
    comments = tuple(line for lines in table.above.values() for line in lines)
    return ObservedData(tuple(rows), source=str(p),
                        synthetic=any("synthetic" in c.casefold() for c in comments),
                        comments=comments)

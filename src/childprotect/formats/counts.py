"""Counts per unit and period, read from CSV and JSON files for a rollup.

The CSV reader is the library's fast path: blocks of lines are converted in bulk when they
are clean, and row by row (so that errors name the line and the column) otherwise.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator

from childprotect.errors import InvalidPlanFile, ValidationError
from childprotect.i18n import Message
from childprotect.rollup.measures import (
    AtMost,
    DistinctOf,
    Measure,
    Measures,
    Record,
    Row,
    Rule,
    SumOf,
)

__all__ = ["counts_header", "read_csv", "read_csv_file", "read_csv_text", "read_json",
           "records_of"]

# --- input from CSV and JSON -------------------------------------------------------------


def read_csv(
    lines: Iterable[str], measures: Measures | None = None, source: str = "<csv>"
) -> tuple[Measures, Iterator[tuple[str, str, Row]]]:
    """Parse rollup input CSV: columns ``unit``, ``period``, then one column per count
    (separated as :func:`read_csv_text` says).

    Without ``measures`` every other column is a count measure. An empty cell is a
    missing value; a count is read as in a workbook
    (:func:`~childprotect.formats.tabular.cells.count_value`: digits, or thousands grouped
    by dots as Vietnamese writes them, ``1.562``), anything else is an error naming line,
    column and what the cell holds (never its value).
    Rows are yielded lazily as ``(unit, period, values)``, values in ``measures.counts``
    order.
    """
    import csv

    it = iter(lines)
    first = next(it, None)
    if first is None:
        return _read_rows(iter(()), measures, source)
    head = first.lstrip("\ufeff").rstrip("\r\n")
    if len(head) == 5 and head[:4].lower() == "sep=":  # Excel's line naming the separator
        return _read_rows(csv.reader(it, delimiter=head[4], strict=True), measures, source, 1)
    return _read_rows(csv.reader(itertools.chain([first], it), delimiter=_separator(head),
                                 strict=True),
                      measures, source)


def read_csv_text(
    text: str, measures: Measures | None = None, source: str = "<csv>", *,
    texts: dict[str, dict[str, str]] | None = None,
) -> tuple[Measures, Iterator[tuple[str, str, Row]]]:
    """:func:`read_csv` of a whole file's text (read with ``newline=""``).

    Its cells are separated by commas, or by semicolons or tabs when only they split
    the first line into cells naming ``unit`` and ``period`` (as Excel saves where the
    comma is the decimal mark), or by the character a first line ``sep=;`` names. A row
    whose cells are all blank is skipped, as a blank line is. Text without quotes or
    carriage returns is split directly, which gives the same rows as the ``csv`` module,
    faster: blocks of lines whose counts are all whole numbers are converted a column at
    a time.

    ``texts``, when given, is filled (period → unit → text) with the counts of the rows
    read in bulk as they were written, which is then exactly how :meth:`Rollup.csv_lines`
    writes them (see :func:`rollup_rows`).

    >>> m, rows = read_csv_text("unit,period,a\\n29971,2024,3\\n")
    >>> m.counts, list(rows)
    (('a',), [('29971', '2024', (3,))])
    """
    text, separator, skip = _dialect(text)
    if separator != "," or skip:  # Excel where the comma is the decimal mark saves with ";"
        import csv
        import io

        return _read_rows(csv.reader(io.StringIO(text, newline=""), delimiter=separator,
                                     strict=True),
                          measures, source, skip)
    if "\r" in text and '"' not in text:  # lines ended by CR LF, as spreadsheets save
        from childprotect.formats.files import lf_lines

        text = lf_lines(text) or text
    if '"' in text or "\r" in text:
        import csv
        import io

        return _read_rows(csv.reader(io.StringIO(text, newline=""), strict=True), measures,
                          source)
    lines = text.split("\n") if text else []
    if not lines:
        return _read_rows(iter(()), measures, source)
    m, layout = _layout(lines[0].split(",") if lines[0] else [], measures, source)
    while len(lines) > 1 and not lines[-1]:
        lines.pop()  # blank lines at the end: skipped, as the csv module skips them
    return m, _text_rows(lines, layout, texts)


def read_csv_file(
    path: str, measures: Measures | None = None, *,
    texts: dict[str, dict[str, str]] | None = None, block: int = 1 << 20,
) -> tuple[Measures, Iterator[tuple[str, str, Row]]]:
    """:func:`read_csv_text` of a plain CSV file, read a block of bytes at a time.

    The rows are the same as :func:`read_csv_text` gives for the file's text, and so are
    the errors about them; memory holds one block (``block`` bytes) and the rows not yet
    consumed, not the file. Only plain files are read this way: UTF-8 (with or without a
    byte-order mark) without quotes or NUL characters, its lines ended by LF or CR LF.
    Any other file is an error saying so (read those with :func:`read_text_file` and
    :func:`read_csv_text`). The header is read at once; the rows as they are consumed.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = pathlib.Path(d, "c.csv")
    ...     _ = f.write_bytes(b"unit,period,a\\n29971,2024,3\\n29956,2024,\\n")
    ...     m, rows = read_csv_file(str(f), block=16)
    ...     m.counts, list(rows)
    (('a',), [('29971', '2024', (3,)), ('29956', '2024', (None,))])
    """
    blocks = _plain_blocks(path, block)
    lines: list[str] = []
    for lines in blocks:  # the header is in the first block that has a line break
        if lines:
            break
    if not lines or lines == [""]:
        raise ValidationError(Message("{source}: empty file", source=path))
    header = lines[0]
    m, layout = _layout(header.split(",") if header else [], measures, path)

    def rows() -> Iterator[tuple[str, str, Row]]:
        yield from _text_rows(lines, layout, texts)  # the first block, after the header
        at = len(lines) - 1  # data lines read so far (line numbers: at + 2 onwards)
        for more in blocks:
            yield from _text_rows(["", *more], layout, texts, first=at)
            at += len(more)

    return m, rows()


def _plain_blocks(path: str, size: int) -> Iterator[list[str]]:
    """The lines of a plain UTF-8 CSV file, a block of whole lines at a time (NFC)."""
    from childprotect.data.unicode import nfc
    from childprotect.formats.files import lf_lines, line_blocks, open_data_file

    with open_data_file(path) as f:
        first = True
        blanks = 0
        for read, last in line_blocks(f, path, size):
            data = lf_lines(read)  # lines saved by a spreadsheet end in CR LF
            if data is None:
                raise _not_plain(path)
            if first:
                first = False
                if data.startswith(b"\xef\xbb\xbf"):
                    data = data[3:]
                elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
                    raise _not_plain(path)
            if b'"' in data or b"\r" in data or b"\x00" in data:
                raise _not_plain(path)
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise _not_plain(path) from None
            lines = nfc(text).split("\n")
            if not last:
                lines.pop()  # the empty text after the block's last line break
            # Blank lines at the end of a block wait: at the end of the file they are
            # skipped (as read_csv_text skips them); before more lines they are lines.
            end = len(lines)
            while end and not lines[end - 1]:
                end -= 1
            if end:
                yield [""] * blanks + lines[:end] if blanks else lines[:end]
                blanks = 0
            blanks += len(lines) - end


def _not_plain(path: str) -> ValidationError:
    return ValidationError(Message(
        "{source}: not a plain UTF-8 CSV file (quotes, a carriage return within a line, "
        "another encoding or a NUL character): read it whole", source=path))


#: Lines converted together by the bulk path of :func:`read_csv_text`.
_BLOCK = 2048
_DIGITS_AND_COMMAS = re.compile("[0-9,]*")


def _text_rows(lines: list[str], layout: _Layout, texts: dict[str, dict[str, str]] | None,
               first: int = 0) -> Iterator[tuple[str, str, Row]]:
    """The data rows of ``lines`` (``lines[0]`` is the header), a block at a time.

    A block whose lines all have the header's width and whose counts are all whole
    numbers is converted in bulk; any other block goes through the row-by-row path,
    which raises the same errors as :func:`read_csv`. ``first`` data lines of the file
    come before ``lines[1]`` (for the line numbers of errors).
    """
    for lo in range(1, len(lines), _BLOCK):
        block = lines[lo:lo + _BLOCK]
        rows = _bulk(block, layout, texts)
        if rows is None:
            yield from layout.rows(enumerate(
                (line.split(",") if line else [] for line in block), first + lo + 1))
        else:
            yield from rows


def _bulk(block: list[str], layout: _Layout, texts: dict[str, dict[str, str]] | None = None
          ) -> Iterator[tuple[str, str, Row]] | None:
    """The rows of ``block`` when every count is a whole number written in ASCII digits;
    None otherwise (a blank, a sign, a space, a width that differs from the header's …)."""
    w, pos, n = layout.width, layout.pos, len(layout.pos)
    if not n:
        return None
    if layout.unit == 0 and layout.period == 1 and pos == list(range(2, w)):  # unit,period,…
        # The counts of each line as a JSON array, parsed in one call: only digits and
        # commas are let through, and JSON rejects blanks and leading zeros, which are
        # left to the row-by-row path.
        parts = list(map(str.split, block, itertools.repeat(","), itertools.repeat(2)))
        if set(map(len, parts)) != {3}:
            return None
        tails = [p[2] for p in parts]
        if _DIGITS_AND_COMMAS.fullmatch(",".join(tails)) is None:
            return None
        import json

        try:
            values = json.loads("[[" + "],[".join(tails) + "]]")
        except ValueError:
            return None
        if set(map(len, values)) != {n}:
            return None
        units = [p[0].strip() for p in parts]
        periods = [p[1].strip() for p in parts]
        if not layout.known(units, periods):
            return None
        if texts is not None:  # JSON took only canonical numbers: the text is the row's
            if len(set(periods)) == 1:
                texts.setdefault(periods[0], {}).update(zip(units, tails, strict=True))
            else:
                for unit, period, tail in zip(units, periods, tails, strict=True):
                    texts.setdefault(period, {})[unit] = tail
        return zip(units, periods, map(tuple, values), strict=True)
    cells = ",".join(block).split(",")
    if len(cells) != w * len(block) or set(
            map(str.count, block, itertools.repeat(","))) != {w - 1}:
        return None
    columns: list[list[int]] = []
    for j in pos:
        col = cells[j::w]
        joined = "".join(col)
        if not (joined.isdigit() and joined.isascii() and all(col)):
            return None
        try:
            columns.append(list(map(int, col)))
        except ValueError:  # more digits than int() converts
            return None
    units = list(map(str.strip, cells[layout.unit::w]))
    periods = list(map(str.strip, cells[layout.period::w]))
    if not layout.known(units, periods):
        return None
    return zip(units, periods, zip(*columns, strict=True), strict=True)


def _read_rows(
    reader: Iterator[list[str]], measures: Measures | None, source: str, skip: int = 0
) -> tuple[Measures, Iterator[tuple[str, str, Row]]]:
    numbered = _numbered(reader, source, skip)
    try:
        _, header = next(numbered)
    except StopIteration:
        raise ValidationError(Message("{source}: empty file", source=source)) from None
    m, layout = _layout(header, measures, source)
    return m, layout.rows(numbered)


def counts_header(text: str) -> bool:
    """Whether the first line of ``text`` (or the one after Excel's ``sep=`` line) names
    ``unit`` and ``period`` and no ``name`` column: a file of counts this module reads.
    Any other table (a data-entry template, whose header comes under a line of headings,
    with the units' names) is for the workbook reader
    (:func:`~childprotect.formats.tabular.reading.read_table`).

    >>> counts_header("unit,period,a\\n"), counts_header("Mã,Kỳ\\nunit,name,period\\n")
    (True, False)
    """
    text, separator, _ = _dialect(text)
    end = text.find("\n")
    head = text[:end] if end >= 0 else text
    cells = {c.strip().strip('"').lstrip("\ufeff") for c in head.split(separator)}
    return {"unit", "period"} <= cells and "name" not in cells


def _dialect(text: str) -> tuple[str, str, int]:
    """The text after Excel's ``sep=`` line if it has one, its separator, and the lines
    taken off before it."""
    end = text.find("\n")
    head = (text[:end] if end >= 0 else text).lstrip("\ufeff").rstrip("\r")
    if len(head) == 5 and head[:4].lower() == "sep=":  # Excel's line naming the separator
        return (text[end + 1:] if end >= 0 else ""), head[4], 1
    return text, _separator(head), 0


def _separator(header: str) -> str:
    """The separator of a file whose first line is ``header``: a comma, or a semicolon or
    a tab when only that splits it into cells that name both ``unit`` and ``period``."""
    for d in (",", ";", "\t"):
        cells = {c.strip().strip('"').lstrip("\ufeff") for c in header.split(d)}
        if {"unit", "period"} <= cells:
            return d
    return ","


def _numbered(reader: Iterator[list[str]], source: str, skip: int = 0
              ) -> Iterator[tuple[int, list[str]]]:
    """The records of a ``csv`` reader, each with the line it starts on (a quoted cell may
    hold line breaks; ``skip`` lines of the file come before its text); what the reader
    cannot read is an error naming the line."""
    import csv

    from childprotect.text.csvtext import csv_failure

    start = 1 + skip
    try:
        for row in reader:
            yield start, row
            start = getattr(reader, "line_num", start - skip) + 1 + skip
    except csv.Error as exc:
        raise csv_failure(exc, source, start) from None


def _layout(
    cells: list[str], measures: Measures | None, source: str
) -> tuple[Measures, _Layout]:
    """The measures and column positions of a rollup CSV file, from its header row."""
    header = [h.strip() for h in cells]
    if header[:1] and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        raise ValidationError(Message(
            "{source}: the first line is one cell, its columns separated by {separator}: "
            "name the columns unit, period and the counts, separated by commas (in Excel: "
            "save as CSV UTF-8)", source=source,
            separator=Message("semicolons") if ";" in header[0] else Message("tabs")))
    for col in ("unit", "period"):
        if col not in header:
            raise ValidationError(Message("{source}: missing column {column}; found {header}",
                                          source=source, column=repr(col),
                                          header=", ".join(header)))
    if "" in header:
        at = header.index("")
        raise ValidationError(Message(
            "{source}: column {column} of the first line has no name (a comma at the end of "
            "the line, or an empty column?): every column needs a name", source=source,
            column=at + 1 if at < len(header) - 1 else Message("{column} (the last)",
                                                                 column=at + 1)))
    names = [h for h in header if h not in ("unit", "period")]
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:
        raise ValidationError(Message("{source}: the column(s) {names} appear more than once "
                                      "in the first line", source=source,
                                      names=", ".join(map(repr, twice))))
    m = measures if measures is not None else Measures([Measure.count(n) for n in names])
    extra = sorted(set(names) - set(m.counts))
    missing = sorted(set(m.counts) - set(names))
    if extra or missing:
        raise ValidationError(Message(
            "{source}: columns do not match the measures (unknown: {extra}, missing: "
            "{missing})", source=source, extra=", ".join(extra) or "—",
            missing=", ".join(missing) or "—")
        )
    return m, _Layout(source, m.counts, header.index("unit"), header.index("period"),
                      [header.index(n) for n in m.counts], len(header))


class _Layout:
    """Where the unit, the period and each count sit in the rows of one CSV file."""

    __slots__ = ("names", "period", "pos", "source", "unit", "width")

    def __init__(self, source: str, names: tuple[str, ...], unit: int, period: int,
                 pos: list[int], width: int) -> None:
        self.source, self.names, self.unit, self.period = source, names, unit, period
        self.pos, self.width = pos, width

    def known(self, units: list[str], periods: list[str]) -> bool:
        """Whether a block's units and periods are all given (else the row path names the
        line of the first that is not)."""
        return "" not in units and "" not in periods

    def check(self, row: list[str], lineno: int) -> tuple[str, str] | None:
        """A row's unit and period, stripped; None for a row of blank cells (Excel leaves
        them where rows were cleared); an error naming the line for an empty unit or
        period."""
        unit, period = row[self.unit].strip(), row[self.period].strip()
        if unit and period:
            return unit, period
        if not any(map(str.strip, row)):
            return None
        raise ValidationError(Message("{source} line {lineno}: the {column} cell is empty",
                                      source=self.source, lineno=lineno,
                                      column="unit" if not unit else "period"))

    def rows(self, numbered: Iterable[tuple[int, list[str]]]
             ) -> Iterator[tuple[str, str, Row]]:
        """Row by row, from ``(line, cells)`` pairs: ``(unit, period, values)``; an error
        names the line and column."""
        from childprotect.formats.tabular.cells import count_value

        source, names, pos, width = self.source, self.names, self.pos, self.width
        first = pos[0] if pos else width
        contiguous = pos == list(range(first, width))
        check = self.check
        for lineno, row in numbered:
            if len(row) != width:
                if not row:
                    continue
                raise ValidationError(
                    Message("{source} line {lineno}: {count} cells, the header has {width}",
                            source=source, lineno=lineno, count=len(row), width=width))
            keys = check(row, lineno)
            if keys is None:
                continue
            cells = row[first:] if contiguous else [row[i] for i in pos]
            joined = "".join(cells)
            if joined.isdigit() and joined.isascii() and all(cells) and len(joined) < 4000:
                vals: Row = tuple(map(int, cells))
            else:
                out: list[int | None] = []
                for name, c in zip(names, cells, strict=False):
                    v = count_value(c)
                    if v is None or isinstance(v, int):
                        out.append(v)
                    else:
                        raise ValidationError(Message(
                            "{source} line {lineno}, column {name}: {problem}", source=source,
                            lineno=lineno,
                            name=repr(name), problem=v.text))
                vals = tuple(out)
            yield keys[0], keys[1], vals


def read_json(text: str | bytes, source: str = "<json>") -> tuple[Measures, list[Record]]:
    """Parse rollup input JSON.

    Either a list of records ``{"unit": "29971", "period": "2024", "values": {...}}``
    (every measure a count), or an object ``{"measures": [...], "rules": [...],
    "records": [...]}`` where a measure is ``{"name": "special_pct", "aggregation":
    "rate", "numerator": "special", "denominator": "children", "factor": 100}`` and a
    rule ``{"at_most": ["group_a", "children"]}`` or ``{"distinct": "special", "parts":
    ["group_a", …]}``.
    """
    from childprotect.data import parse_json

    # strict: duplicate keys, NaN, depth, UTF-8, digits
    return records_of(parse_json(text, source), source)


def records_of(data: object, source: str = "<json>") -> tuple[Measures, list[Record]]:
    """:func:`read_json` of JSON already parsed (by :func:`childprotect.data.parse_json`)."""
    from childprotect.data import JsonFloat

    raw = data
    raw_measures: object = None
    rules: list[Rule] = []
    if isinstance(data, dict):
        unknown = set(data) - {"measures", "rules", "records"}
        if unknown:
            raise ValidationError(Message("{source}: unknown field(s) {fields}", source=source,
                                          fields=", ".join(sorted(map(str, unknown)))))
        raw_measures = data.get("measures")
        raw_rules = data.get("rules") or []
        if not isinstance(raw_rules, list):
            raise ValidationError(Message("{source}: $.rules: expected a list of rules",
                                          source=source))
        rules = [_rule(r, f"$.rules[{i}]", source) for i, r in enumerate(raw_rules)]
        data = data.get("records")
    if not isinstance(data, list):
        raise ValidationError(Message("{source}: expected a list of records", source=source))
    at = "$.records" if isinstance(raw, dict) else "$"
    records: list[Record] = []
    names: list[str] = []
    for i, r in enumerate(data):
        if not isinstance(r, dict) or set(r) != {"unit", "period", "values"} or not \
                isinstance(r["values"], dict) or not isinstance(r["unit"], str) or not \
                isinstance(r["period"], str):
            # the record is not quoted: it holds counts
            raise InvalidPlanFile(source, [Message(
                "{at}[{i}]: expected {{unit, period, values}} with unit and period as texts "
                "and values as an object", at=at, i=i).text()])
        for k, v in r["values"].items():
            if isinstance(v, JsonFloat):
                raise InvalidPlanFile(source, [Message(
                    "{at}[{i}].values.{k}: not a whole number", at=at, i=i, k=k).text()])
            if v is not None and (type(v) is not int or v < 0):
                raise InvalidPlanFile(source, [
                    Message("{at}[{i}].values.{k}: expected a whole number ≥ 0 or null", at=at,
                            i=i, k=k).text()])
            if k not in names:
                names.append(k)
        records.append(Record(r["unit"], r["period"], r["values"]))
    if raw_measures is None:
        m = Measures([Measure.count(n) for n in names], rules)
    else:
        from childprotect.formats.convert import structure  # (heavy: JSON measures only)

        ms = structure(raw_measures, tuple[Measure, ...], source + " $.measures")
        m = Measures(ms, rules)
        for i, r in enumerate(data):
            extra = [k for k in r["values"] if k not in m.index]
            if extra:
                raise InvalidPlanFile(source, [Message(
                    "$.records[{i}].values: {extra} is not a count measure of $.measures "
                    "({counts})", i=i, extra=", ".join(map(repr, extra)),
                    counts=", ".join(m.counts)).text()])
    return m, records


def _names_at(value: object, path: str, source: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(
            isinstance(v, str) and v for v in value):
        raise InvalidPlanFile(source, [Message("{path}: expected a list of measure names",
                                               path=path).text()])
    return tuple(value)


def _name_at(value: object, path: str, source: str) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidPlanFile(source, [Message("{path}: expected a measure name",
                                               path=path).text()])
    return value


def _rule(r: object, path: str, source: str) -> Rule:
    """One rule of a JSON data file: ``{"at_most": [part, whole]}``, ``{"sum_of": [...],
    "whole": w}`` or ``{"distinct": d, "parts": [...]}``."""
    if isinstance(r, dict) and set(r) == {"at_most"}:
        pair = _names_at(r["at_most"], f"{path}.at_most", source)
        if len(pair) != 2:
            raise InvalidPlanFile(source, [Message("{path}.at_most: expected [part, whole]",
                                                   path=path).text()])
        return AtMost(*pair)
    if isinstance(r, dict) and set(r) == {"distinct", "parts"}:
        return DistinctOf(_name_at(r["distinct"], f"{path}.distinct", source),
                          _names_at(r["parts"], f"{path}.parts", source))
    if isinstance(r, dict) and set(r) == {"sum_of", "whole"}:
        return SumOf(_names_at(r["sum_of"], f"{path}.sum_of", source),
                     _name_at(r["whole"], f"{path}.whole", source))
    raise InvalidPlanFile(source, [Message("{path}: not a rule (at_most, sum_of with whole, "
                                           "or distinct with parts)", path=path).text()])


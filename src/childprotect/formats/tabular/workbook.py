"""Results as an ``.xlsx`` workbook: one sheet per table (per level of a rollup, the
assessment, the anomalies), numbers as numbers, statuses in words and colour.

Each :class:`SheetSpec` says what its columns hold (:class:`ColumnKind`): whole numbers
are written as whole numbers, rates and other exact numbers (``Fraction``, ``Decimal``) as
numbers shown with a fixed number of decimals — a spreadsheet stores a binary double,
so a column can also carry the exact value as text beside it (``exact=True``). Statuses
are written as their Vietnamese label on their colour, with a legend above the table.

>>> import tempfile, pathlib
>>> from fractions import Fraction
>>> from childprotect.formats.tabular.reading import read_table
>>> from childprotect.formats.tabular.table import Column
>>> from childprotect.formats.tabular.cells import Kind
>>> met = StatusStyle("met", "Đạt", "C6EFCE")
>>> sheet = SheetSpec("Tỉnh", (
...     ColumnSpec("Mã", ColumnKind.CODE, code="unit"),
...     ColumnSpec("Số trẻ em", ColumnKind.INTEGER, code="children"),
...     ColumnSpec("Tỷ lệ (%)", ColumnKind.NUMBER, code="rate", exact=True),
...     ColumnSpec("Đánh giá", ColumnKind.STATUS, code="status")),
...     [("46", 1234, Fraction(1, 3), "met")], statuses=(met,), codes=True)
>>> out = write_workbook(pathlib.Path(tempfile.mkdtemp()) / "kq.xlsx", [sheet])
>>> t = read_table(out, [Column("rate", Kind.DECIMAL), Column("rate.exact", Kind.TEXT),
...                      Column("status", Kind.TEXT)])
>>> r = t.rows[0]
>>> r["children"], r["rate.exact"], r["status"]
(1234, '1/3', 'Đạt')
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from childprotect.data.unicode import nfc
from childprotect.errors import ValidationError
from childprotect.formats.tabular.cells import MAX_EXACT
from childprotect.formats.tabular.sheetspec import (
    HIDDEN,
    ColumnKind,
    ColumnSpec,
    SheetSpec,
    StatusStyle,
    _bad,
    _check_lengths,
    _nfc,
    _units,
)
from childprotect.formats.tabular.spooled import SpooledRows
from childprotect.i18n import Message
from childprotect.i18n.oserrors import os_reason
from childprotect.text.quantities import exact_text

if TYPE_CHECKING:
    from childprotect.formats.tabular._xlsx import Styles

__all__ = ["HIDDEN", "ColumnKind", "ColumnSpec", "SheetSpec", "StatusStyle", "write_workbook"]


#: The widest a column is made for its heading alone (longer headings wrap).
_HEAD_WIDTH = 18

#: What a sheet holds (Excel's limits): rows, columns, characters in a cell (counted in
#: UTF-16 units, as Excel counts them: an emoji is two).
_MAX_ROWS, _MAX_COLUMNS, _MAX_TEXT = 1_048_576, 16_384, 32_767

#: Characters a workbook cannot store: XML 1.0 refuses the control characters, U+FFFE,
#: U+FFFF and lone surrogates (a writer would escape them as ``_x0001_``, which a reader
#: shows as those seven characters, or fail).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: The first day a workbook stores as a date (day 1 of its calendar); the day before it
#: is day 0, and a workbook counts a 29 February 1900 (day 60) that did not exist, as Excel
#: does (so a day from 1 March 1900 is one more than the days since day 0).
_FIRST_DAY, _DAY_ZERO = dt.date(1900, 1, 1), dt.date(1899, 12, 31)

#: The rows of a sheet made at a time (the first block also sets the column widths).
_BLOCK = 1000


def write_workbook(path: str | os.PathLike[str], sheets: Sequence[SheetSpec]) -> Path:
    """Write ``sheets`` as an ``.xlsx`` workbook to ``path``; return the path.

    A value that does not fit its column's kind is an error naming the sheet, the row
    (counted from 1 among the data rows) and the column; it is never written as text.
    Nor is anything a workbook cannot hold written changed: a text with a control
    character or longer than 32,767 characters, a number beyond a double, a date before
    1900, or more rows or columns than a sheet has, is an error.

    The workbook appears whole at ``path`` or not at all: a file already there is kept
    until the new one is written (and its permissions after), as for every output of the
    command line. Its sheets are made a block of rows at a time, as they are written.
    """
    if not sheets:
        raise ValidationError(Message("a workbook needs at least one sheet"))
    lower = [s.name.casefold() for s in sheets]
    if len(set(lower)) != len(lower):
        raise ValidationError(Message("two sheets have the same name (Excel ignores case)"))
    from childprotect.formats.files import writing_whole
    from childprotect.formats.tabular import _xlsx

    layouts = [_Layout.of(sheet) for sheet in sheets]  # (each checked before a file is made)
    target = Path(path)

    def fail(exc: OSError) -> ValidationError:
        return ValidationError(Message("cannot write {path}: {strerror}", path=path,
                                       strerror=os_reason(exc)))

    styles = _xlsx.Styles()
    parts = [_xlsx.SheetPart(lay.sheet.name, (lay.head_row, lay.top),
                             _sheet_xml(lay, styles, selected=not k))
             for k, lay in enumerate(layouts)]
    try:
        with writing_whole(target, fail) as fd, open(fd, "wb", closefd=False) as out:
            _xlsx.write_package(out, parts, styles)
    except OSError as exc:
        raise fail(exc) from None
    return target


@attrs.frozen
class _Layout:
    """Where a sheet's parts go: its written columns (each spec, then its exact text for
    ``exact=True``), the rows above the table, the heading and last head rows (from 1)."""

    sheet: SheetSpec
    columns: tuple[tuple[ColumnSpec, bool], ...]
    sources: tuple[int, ...]  # the value of each written column: its index in a row
    above: int
    head_row: int
    top: int

    @classmethod
    def of(cls, sheet: SheetSpec) -> _Layout:
        columns: list[tuple[ColumnSpec, bool]] = []
        sources: list[int] = []
        for k, c in enumerate(sheet.columns):
            columns.append((c, False))
            sources.append(k)
            if c.exact:
                columns.append((c, True))
                sources.append(k)
        wide = max(len(columns), len(sheet.statuses) + 1)  # (the legend: a label a column)
        if wide > _MAX_COLUMNS:
            raise ValidationError(Message("sheet {name}: {count} columns, more than a sheet "
                                          "holds ({most})", name=repr(sheet.name),
                                          count=wide, most=_MAX_COLUMNS))
        above = bool(sheet.title) + len(sheet.notes) + bool(sheet.statuses)
        top = above + (1 if above else 0) + 1 + (1 if sheet.codes else 0)
        if top + len(sheet.rows) > _MAX_ROWS:
            raise ValidationError(Message("sheet {name}: {count} rows, more than a sheet holds "
                                          "({most})", name=repr(sheet.name),
                                          count=top + len(sheet.rows), most=_MAX_ROWS))
        return cls(sheet, tuple(columns), tuple(sources), above,
                   top - (1 if sheet.codes else 0), top)


class _Refused(Exception):
    """A value of data row ``i`` refused (the first by row then column is the error)."""

    def __init__(self, i: int, error: ValidationError) -> None:
        super().__init__(i)
        self.i, self.error = i, error


def _sheet_xml(lay: _Layout, styles: Styles, selected: bool) -> Iterator[str]:
    """A sheet's XML: the words above the table, the headings (and codes), the rows."""
    from childprotect.formats.tabular import _xlsx

    sheet = lay.sheet
    letters = [_xlsx.column_letter(k) for k in range(len(lay.columns))]
    statuses = {s.key: (s.label, styles.index(fill=s.colour, colour=s.font_colour))
                for s in sheet.statuses}
    builders = [_column_cells(sheet, c, exact, statuses, styles, letter)
                for (c, exact), letter in zip(lay.columns, letters, strict=True)]
    above: list[str] = []
    row = 0  # (the last row written, from 1)

    def line(cells: Iterable[tuple[int, str, int]], extra: str = "") -> None:
        nonlocal row
        row = n = row + 1
        texts = []
        for k, text, style in cells:
            _check_text(text, sheet)
            texts.append(_xlsx.inline_text(f"{_xlsx.column_letter(k)}{n}", style, text))
        above.append(f'<row r="{n}"{extra}>{"".join(texts)}</row>')

    if sheet.title:
        line([(0, sheet.title, styles.index(bold=True, size=14))])
    for note in sheet.notes:
        line([(0, _nfc(note), 0)])
    if sheet.statuses:
        line([(0, Message("Legend:").text(sheet.lang), styles.index(bold=True)),
              *((k, label, style) for k, (label, style) in enumerate(statuses.values(),
                                                                     start=1))])
    if lay.above:
        row += 1  # (an empty row between the words and the table)
    headings = [_heading(c, exact, sheet.lang) for c, exact in lay.columns]
    # a heading wraps (up to _HEAD_WIDTH characters a line); values set the width
    widths = [min(_HEAD_WIDTH, len(h) + 2) for h in headings]
    blocks = iter(sheet.rows.blocks(_BLOCK)) if isinstance(sheet.rows, SpooledRows) else (
        sheet.rows[start:start + _BLOCK] for start in range(0, len(sheet.rows), _BLOCK))
    first, first_lengths = _block_rows(lay, builders, next(blocks, ()), 0, widths)
    for k, ((c, _), w) in enumerate(zip(lay.columns, first_lengths, strict=True)):
        widths[k] = c.width if c.width is not None else max(8, min(50, max(widths[k], w)))
    lines = max(-(-len(h) // max(1, w - 1)) for h, w in zip(headings, widths, strict=True))
    head = styles.index(bold=True, fill="DDEBF7", wrap=True, valign="center")
    line([(k, h, head) for k, h in enumerate(headings)],
         f' ht="{15 * lines}" customHeight="1"' if lines > 1 else "")
    if sheet.codes:
        small = styles.index(italic=True, size=8, colour="808080")
        line([(k, f"{c.code}.exact" if exact else str(c.code), small)
              for k, (c, exact) in enumerate(lay.columns)])
    yield _xlsx.sheet_head(selected=selected, last_row=lay.top + len(sheet.rows),
                   columns=max(len(lay.columns), len(sheet.statuses) + bool(sheet.statuses)),
                   frozen_rows=lay.top,
                   frozen_columns=sheet.frozen_columns, widths=widths)
    yield "".join(above)
    yield first
    for start, block in enumerate(blocks, start=1):
        yield _block_rows(lay, builders, block, start * _BLOCK, None)[0]
    yield _xlsx.SHEET_TAIL


def _block_rows(lay: _Layout, builders: Sequence[_Builder], rows: Sequence[tuple[object, ...]],
                start: int, widths: list[int] | None) -> tuple[str, list[int]]:
    """The XML of a block of data ``rows``, the first of them row ``start`` (from 0); with
    ``widths``, also the widest value of each column in the block (its characters, and 2)."""
    if isinstance(lay.sheet.rows, SpooledRows):  # (checked as they are written, in order:
        width = len(lay.sheet.columns)  # a value refused before a row too short comes first)
        short = next((n for n, r in enumerate(rows) if len(r) != width), None)
        if short is not None:
            if short:
                _block_rows(lay, builders, rows[:short], start, widths)
            _check_lengths(lay.sheet, rows[short:], start + short + 1)
    values = list(zip(*rows, strict=True)) if rows else [() for _ in lay.sheet.columns]
    r0 = lay.top + start + 1
    columns: list[list[str]] = []
    refused: list[tuple[int, int, ValidationError]] = []
    wide: list[int] = []
    for k, (build, src) in enumerate(zip(builders, lay.sources, strict=True)):
        try:
            cells, lengths = build(values[src], start + 1, r0, widths is not None)
        except _Refused as exc:
            refused.append((exc.i, k, exc.error))
            continue
        columns.append(cells)
        wide.append(max(lengths, default=-2) + 2 if lengths is not None else 0)
    if refused:
        raise min(refused, key=lambda x: x[:2])[2]
    return "".join([f'<row r="{r}">{"".join(cells)}</row>'
                    for r, cells in enumerate(zip(*columns, strict=True), start=r0)]), wide


def _check_text(text: str, sheet: SheetSpec, i: int | None = None, header: str = ""
                ) -> None:
    """The error naming the sheet (and the row ``i`` and column ``header`` of a value)
    when a workbook cannot store ``text`` as it is."""
    at = {"name": repr(sheet.name)} if i is None else {
        "name": repr(sheet.name), "i": i, "header": repr(header)}
    if _CONTROL.search(text):
        raise ValidationError(
            Message("sheet {name}: a text holds a control character, which a workbook cannot "
                    "store", **at) if i is None else
            Message("sheet {name}, row {i}, column {header}: a text holds a control "
                    "character, which a workbook cannot store", **at))
    if len(text) > _MAX_TEXT // 2 and _units(text) > _MAX_TEXT:
        raise ValidationError(
            Message("sheet {name}: a text of {count} characters, more than a cell holds "
                    "({most})", count=_units(text), most=_MAX_TEXT, **at) if i is None else
            Message("sheet {name}, row {i}, column {header}: a text of {count} characters, "
                    "more than a cell holds ({most})", count=_units(text), most=_MAX_TEXT,
                    **at))


def _digits_at_least(v: Fraction | Decimal | int) -> int:
    """Fewer digits than the exact text of ``v`` has (from its size, without writing it)."""
    if isinstance(v, Decimal):
        _, digits, exponent = v.as_tuple()
        e = exponent if isinstance(exponent, int) else 0  # (not finite: "NaN", "Infinity")
        return max(len(digits) + max(e, 0), -e)
    if isinstance(v, int):
        return (v.bit_length() - 1) * 3 // 10
    return (max(v.numerator.bit_length(), v.denominator.bit_length()) - 1) * 3 // 10


def _heading(c: ColumnSpec, exact: bool, lang: str = "vi") -> str:
    return Message("{header} (exact value)", header=c.header).text(lang) if exact else \
        c.header


#: A column's cells of a block: its values, the data row of the first (from 1), the
#: sheet row of the first (from 1), whether to measure them -> the cells' XML (``""`` for
#: an empty cell) and, when measured, each value's characters as shown (-2 when empty).
_Builder = Callable[[Sequence[object], int, int, bool], tuple[list[str], list[int] | None]]


def _column_cells(sheet: SheetSpec, c: ColumnSpec, exact: bool,
                  statuses: dict[str, tuple[str, int]], styles: Styles, letter: str
                  ) -> _Builder:
    """The builder of column ``c``'s cells (see :data:`_Builder`): each value checked, the
    first refused raised as :class:`_Refused`. A value is written by ``one`` (its cell and
    its characters as shown); whole columns of ints or of exact numbers, the common case,
    are written at once."""
    from childprotect.formats.tabular._xlsx import escape_text, inline_text

    kind = c.kind
    right = styles.index(align="right")
    hidden = (inline_text(letter + "{r}", right, HIDDEN), 1)  # (a template: the row to fill)

    def refused(i: int, message: Message) -> _Refused:
        return _Refused(i, ValidationError(message))

    at = {"name": repr(sheet.name), "header": repr(c.header)}

    def bad(i: int, expected: str, v: object) -> _Refused:
        return _Refused(i, _bad(sheet, i, c, expected, v))

    def whole_column(values: Sequence[object], r0: int, measure: bool
                     ) -> tuple[list[str], list[int] | None] | None:
        return None

    def text_cell(text: str, i: int, r: int, style: int) -> tuple[str, int]:
        try:
            _check_text(text, sheet, i, c.header)
        except ValidationError as exc:
            raise _Refused(i, exc) from None
        return inline_text(f"{letter}{r}", style, text), len(text)

    if kind in (ColumnKind.TEXT, ColumnKind.CODE):
        style = styles.index(num_format="@") if kind is ColumnKind.CODE else 0

        def one(v: object, i: int, r: int) -> tuple[str, int]:
            if not isinstance(v, str):
                raise bad(i, "a text", v)
            return text_cell(nfc(v), i, r, style)
    elif kind is ColumnKind.INTEGER:
        whole = styles.index(num_format="#,##0")

        def whole_column(values: Sequence[object], r0: int, measure: bool
                         ) -> tuple[list[str], list[int] | None] | None:
            if not set(map(type, values)) <= {int, type(None)}:
                return None
            ints = [v for v in values if type(v) is int]  # (every value but the empty)
            if ints and not (min(ints) > -MAX_EXACT and max(ints) < MAX_EXACT):
                return None
            return ([f'<c r="{letter}{r}" s="{whole}"><v>{v}</v></c>' if v is not None else ""
                     for r, v in enumerate(values, start=r0)],
                    [len(str(v)) if v is not None else -2 for v in values] if measure
                    else None)

        def one(v: object, i: int, r: int) -> tuple[str, int]:
            if isinstance(v, str) and v == HIDDEN:
                return hidden[0].format(r=r), 1
            if type(v) is not int:
                raise bad(i, "a whole number (int)", v)
            if abs(v) >= MAX_EXACT:
                raise refused(i, Message("sheet {name}, row {i}, column {header}: a number "
                                         "too large for a spreadsheet to hold exactly", i=i,
                                         **at))
            return f'<c r="{letter}{r}" s="{whole}"><v>{v}</v></c>', len(str(v))
    elif kind is ColumnKind.NUMBER:
        shown = styles.index(num_format="General" if c.places is None else (
            "#,##0" + ("." + "0" * c.places if c.places else "")))

        if not exact:
            def whole_column(values: Sequence[object], r0: int, measure: bool
                             ) -> tuple[list[str], list[int] | None] | None:
                if not set(map(type, values)) <= {Fraction, int, type(None)}:
                    return None
                try:
                    floats = [float(v) for v in values if isinstance(v, Fraction | int)]
                except OverflowError:
                    return None
                if floats and max(map(abs, floats)) == math.inf:
                    return None
                texts = iter(map(repr, floats))
                cells, lengths = [], []
                for r, v in enumerate(values, start=r0):
                    if v is None:
                        cells.append("")
                        lengths.append(-2)
                    else:
                        t = next(texts)
                        cells.append(f'<c r="{letter}{r}" s="{shown}"><v>{t}</v></c>')
                        lengths.append(len(t))
                return cells, lengths if measure else None

        def one(v: object, i: int, r: int) -> tuple[str, int]:
            if isinstance(v, str) and v == HIDDEN:
                return hidden[0].format(r=r), 1
            if type(v) is bool or not isinstance(v, Fraction | Decimal | int):
                raise bad(i, "a Fraction, Decimal or int", v)
            if exact:
                if _digits_at_least(v) > _MAX_TEXT:  # (refused before it is written out)
                    raise refused(i, Message("sheet {name}, row {i}, column {header}: an exact "
                                             "value of more digits than a cell holds", i=i,
                                             **at))
                return text_cell(exact_text(v), i, r, right)
            if isinstance(v, Decimal) and not v.is_finite():
                raise refused(i, Message("sheet {name}, row {i}, column {header}: a number "
                                         "that is not finite", i=i, **at))
            try:
                x = float(v)
            except OverflowError:
                x = math.inf
            if math.isinf(x):  # (beyond a double: 1.8 × 10**308)
                raise refused(i, Message("sheet {name}, row {i}, column {header}: a number "
                                         "too large for a spreadsheet to hold exactly", i=i,
                                         **at))
            return f'<c r="{letter}{r}" s="{shown}"><v>{x!r}</v></c>', len(repr(x))
    elif kind is ColumnKind.STATUS:
        # (each label is checked where the legend writes it, above the table)
        labelled = {}
        for key, (label, style) in statuses.items():
            body, keep = escape_text(label)
            labelled[key] = (f'" s="{style}" t="inlineStr"><is><t{keep}>{body}</t></is></c>',
                             len(label))

        def one(v: object, i: int, r: int) -> tuple[str, int]:
            if not isinstance(v, str) or v not in labelled:
                raise refused(i, Message("sheet {name}, row {i}, column {header}: status {v} "
                                         "has no style (known: {styles})", i=i, v=repr(v),
                                         styles=sorted(statuses), **at))
            rest, size = labelled[v]
            return f'<c r="{letter}{r}{rest}', size
    else:
        day = styles.index(num_format="dd/mm/yyyy")

        def one(v: object, i: int, r: int) -> tuple[str, int]:
            if not isinstance(v, dt.date) or isinstance(v, dt.datetime):
                raise bad(i, "a date", v)
            if v < _FIRST_DAY:  # (a workbook's days are counted from 1900-01-01)
                raise refused(i, Message("sheet {name}, row {i}, column {header}: a date "
                                         "before 1900, which a workbook cannot store", i=i,
                                         **at))
            serial = (v - _DAY_ZERO).days
            serial += serial > 59  # (the 29 February 1900 a workbook counts)
            return f'<c r="{letter}{r}" s="{day}"><v>{serial}</v></c>', 10

    def build(values: Sequence[object], i0: int, r0: int, measure: bool
              ) -> tuple[list[str], list[int] | None]:
        at_once = whole_column(values, r0, measure)
        if at_once is not None:
            return at_once
        cells, lengths = [], []
        for n, v in enumerate(values):
            cell, size = ("", -2) if v is None else one(v, i0 + n, r0 + n)
            cells.append(cell)
            lengths.append(size)
        return cells, lengths if measure else None
    return build

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
import enum
import os
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from childprotect.data.unicode import nfc
from childprotect.errors import ValidationError
from childprotect.formats.tabular.cells import MAX_EXACT, column_letter
from childprotect.i18n import Message, check_lang
from childprotect.i18n.oserrors import os_reason
from childprotect.text.validators import non_empty_text

__all__ = ["HIDDEN", "ColumnKind", "ColumnSpec", "SheetSpec", "StatusStyle", "write_workbook"]


class ColumnKind(enum.Enum):
    """What a result column holds, and so how it is written."""

    TEXT = "text"  # free text
    CODE = "code"  # an identifier, kept as text (leading zeros stay)
    INTEGER = "integer"  # a whole number (int)
    NUMBER = "number"  # an exact number (Fraction, Decimal, int) shown with `places` decimals
    STATUS = "status"  # the key of a StatusStyle of the sheet
    DATE = "date"  # a datetime.date, shown dd/mm/yyyy


#: The mark of a hidden (suppressed) cell, accepted in a number column: the same mark as
#: :data:`childprotect.rollup.publication.MARK`, explained by a note of the sheet.
HIDDEN = "×"

#: The widest a column is made for its heading alone (longer headings wrap).
_HEAD_WIDTH = 18

#: The paper size code of A4 in a workbook's page setup (ECMA-376, ST_PaperSize).
_A4 = 9

_COLOUR = re.compile(r"[0-9A-Fa-f]{6}")


def _colour(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _COLOUR.fullmatch(value):
        raise ValidationError(Message("{field}: a colour is six hex digits RRGGBB, got {value}",
                                      field=attribute.name, value=repr(value)))


def _nfc(text: str) -> str:
    return nfc(text) if isinstance(text, str) else text


@attrs.frozen
class StatusStyle:
    """How a status is shown: its Vietnamese label on a fill colour (``RRGGBB``)."""

    key: str = attrs.field(validator=non_empty_text)
    label: str = attrs.field(converter=_nfc, validator=non_empty_text)
    colour: str = attrs.field(validator=_colour)
    font_colour: str = attrs.field(default="000000", validator=_colour)


#: The decimals a NUMBER column shows unless it says otherwise.
_DEFAULT_PLACES: int | None = 2


def _places(_inst: object, attribute: attrs.Attribute[int | None], value: object) -> None:
    if value is not None and (type(value) is not int or not 0 <= value <= 10):
        raise ValidationError(Message("{field}: decimals from 0 to 10, or None, got {value}",
                                      field=attribute.name, value=repr(value)))


@attrs.frozen
class ColumnSpec:
    """A column of a result sheet.

    ``code`` is the machine name written in a row under the headings when the sheet
    asks for codes (so that :func:`~childprotect.formats.tabular.reading.read_table` reads it back);
    ``places`` the decimals shown for a NUMBER (``None``: as many as the value has, up to
    the spreadsheet's own limit, so that a shown value never reads as on the other side of a
    threshold it is compared with); ``exact`` adds a text column with the
    exact value (``1/3``, ``12.5``) beside a NUMBER.
    """

    header: str = attrs.field(converter=_nfc, validator=non_empty_text)
    kind: ColumnKind = attrs.field(default=ColumnKind.TEXT,
                                   validator=attrs.validators.instance_of(ColumnKind))
    code: str | None = None
    width: int | None = None
    places: int | None = attrs.field(default=_DEFAULT_PLACES, validator=_places)
    exact: bool = False

    def __attrs_post_init__(self) -> None:
        if self.exact and self.kind is not ColumnKind.NUMBER:
            raise ValidationError(Message("column {header}: only a NUMBER column has an exact "
                                          "text beside it", header=repr(self.header)))
        if self.width is not None and not 1 <= self.width <= 255:
            raise ValidationError(Message("column {header}: width {width} is not between 1 and "
                                          "255", header=repr(self.header), width=self.width))


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip() or len(value) > 31 or \
            _BAD_SHEET_CHARS.search(value) or value.startswith("'") or value.endswith("'"):
        raise ValidationError(Message("{field}: {value} is not a sheet name (1 to 31 "
                                      "characters, none of [ ] : * ? / \\, no quote at either "
                                      "end)", field=attribute.name, value=repr(value)))


def _column_specs(value: Iterable[ColumnSpec]) -> tuple[ColumnSpec, ...]:
    return tuple(value)


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _styles(value: Iterable[StatusStyle]) -> tuple[StatusStyle, ...]:
    return tuple(value)


def _rows(value: Sequence[Sequence[object]]) -> tuple[tuple[object, ...], ...]:
    return tuple(tuple(r) for r in value)


@attrs.frozen
class SheetSpec:
    """One sheet of a result workbook.

    ``title`` and ``notes`` are written above the table, then the legend of
    ``statuses`` (when any), then the headings (and the codes, with ``codes=True``), then
    the rows. The heading row is frozen with the first ``frozen_columns`` columns. ``lang``
    is the language of the words the workbook adds (the legend's label, the heading of an
    exact value); the sheet's name and codes do not change with it.
    """

    name: str = attrs.field(converter=_nfc, validator=_sheet_name)
    columns: tuple[ColumnSpec, ...] = attrs.field(converter=_column_specs)
    rows: tuple[tuple[object, ...], ...] = attrs.field(converter=_rows, repr=False)
    title: str = attrs.field(default="", converter=_nfc)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    statuses: tuple[StatusStyle, ...] = attrs.field(default=(), converter=_styles)
    codes: bool = False
    frozen_columns: int = 1
    lang: str = attrs.field(default="vi", validator=lambda _i, _a, v: check_lang(v))

    def __attrs_post_init__(self) -> None:
        if not self.columns:
            raise ValidationError(Message("sheet {name}: no columns", name=repr(self.name)))
        n = len(self.columns)
        for i, r in enumerate(self.rows, start=1):
            if len(r) != n:
                raise ValidationError(Message("sheet {name}, row {i}: {count} values for {n} "
                                              "columns", name=repr(self.name), i=i, count=len(r),
                                              n=n))
        keys = [s.key for s in self.statuses]
        if len(set(keys)) != len(keys):
            raise ValidationError(Message("sheet {name}: a status is styled twice",
                                          name=repr(self.name)))
        if self.codes and any(c.code is None for c in self.columns):
            raise ValidationError(Message("sheet {name}: codes=True needs a code for every "
                                          "column", name=repr(self.name)))
        if not 0 <= self.frozen_columns <= n:
            raise ValidationError(Message("sheet {name}: frozen_columns out of range",
                                          name=repr(self.name)))


def exact_text(value: Fraction | Decimal | int) -> str:
    """An exact number as text: a terminating decimal as such, otherwise ``p/q``.

    >>> exact_text(Fraction(1, 8)), exact_text(Fraction(1, 3)), exact_text(Decimal("2.50"))
    ('0.125', '1/3', '2.50')
    """
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    q = value.denominator
    twos = fives = 0
    while q % 2 == 0:
        q //= 2
        twos += 1
    while q % 5 == 0:
        q //= 5
        fives += 1
    if q != 1:
        return f"{value.numerator}/{value.denominator}"
    places = max(twos, fives)
    scaled = value * 10**places
    text = str(abs(scaled.numerator))
    sign = "-" if value < 0 else ""
    if places == 0:
        return sign + text
    text = text.rjust(places + 1, "0")
    return f"{sign}{text[:-places]}.{text[-places:]}"


def _bad(sheet: SheetSpec, i: int, col: ColumnSpec, expected: str, value: object
         ) -> ValidationError:
    return ValidationError(Message("sheet {name}, row {i}, column {header}: expected "
                                   "{expected}, got a {kind}", name=repr(sheet.name), i=i,
                                   header=repr(col.header), expected=expected,
                                   kind=type(value).__name__))


def write_workbook(path: str | os.PathLike[str], sheets: Sequence[SheetSpec]) -> Path:
    """Write ``sheets`` as an ``.xlsx`` workbook to ``path``; return the path.

    A value that does not fit its column's kind is an error naming the sheet, the row
    (counted from 1 among the data rows) and the column; it is never written as text.
    """
    try:
        import openpyxl
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils.exceptions import IllegalCharacterError
    except ImportError:
        raise ValidationError(Message("writing .xlsx needs openpyxl: pip install "
                                      "'childprotect[xlsx]'")) from None
    if not sheets:
        raise ValidationError(Message("a workbook needs at least one sheet"))
    lower = [s.name.casefold() for s in sheets]
    if len(set(lower)) != len(lower):
        raise ValidationError(Message("two sheets have the same name (Excel ignores case)"))
    wb = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="center")
    code_font = Font(italic=True, size=8, color="808080")
    for sheet in sheets:
        ws: Any = wb.create_sheet(sheet.name)
        styles = {s.key: (s.label, PatternFill("solid", fgColor=s.colour),
                          Font(color=s.font_colour)) for s in sheet.statuses}
        # the written columns: each spec, and its exact text after a NUMBER with exact=True
        out_cols: list[tuple[ColumnSpec, bool]] = []
        for c in sheet.columns:
            out_cols.append((c, False))
            if c.exact:
                out_cols.append((c, True))

        def cell(value: object, ws: Any = ws, **style: Any) -> Any:
            c = WriteOnlyCell(ws, value)
            if isinstance(value, str) and value.startswith("="):
                c.data_type = "s"
            for k, v in style.items():
                setattr(c, k, v)
            return c

        # a heading wraps (up to _HEAD_WIDTH characters a line); values set the width
        widths = [min(_HEAD_WIDTH, len(_heading(c, exact, sheet.lang)) + 2)
                  for c, exact in out_cols]
        rows_out: list[list[Any]] = []
        for i, row in enumerate(sheet.rows, start=1):
            cells: list[Any] = []
            for (c, exact), v in zip(out_cols, _expand(row, sheet.columns), strict=True):
                try:
                    cells.append(_value_cell(sheet, i, c, exact, v, cell, styles))
                except IllegalCharacterError:
                    raise ValidationError(
                        Message("sheet {name}, row {i}, column {header}: a text holds a control "
                                "character, which a workbook cannot store", name=repr(sheet.name),
                                i=i, header=repr(c.header))) from None
                if i <= 1000 and v is not None:
                    k = len(cells) - 1
                    shown = len(str(cells[-1].value)) + 2 if cells[-1].value is not None else 0
                    widths[k] = max(widths[k], shown)
            rows_out.append(cells)
        final = []
        for k, (c, _) in enumerate(out_cols, start=1):
            w = c.width if c.width is not None else max(8, min(50, widths[k - 1]))
            ws.column_dimensions[column_letter(k)].width = w
            final.append(w)
        above = bool(sheet.title) + len(sheet.notes) + bool(sheet.statuses)
        top = above + (1 if above else 0) + 1 + (1 if sheet.codes else 0)  # the last head row
        ws.freeze_panes = f"{column_letter(sheet.frozen_columns + 1)}{top + 1}"
        head_row = top - (1 if sheet.codes else 0)
        lines = max(-(-len(_heading(c, exact, sheet.lang)) // max(1, w - 1))
                    for (c, exact), w in zip(out_cols, final, strict=True))
        ws.row_dimensions[head_row].height = 15.0 * max(1, lines)
        ws.print_title_rows = f"{top - (1 if sheet.codes else 0)}:{top}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = _A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        try:
            if sheet.title:
                ws.append([cell(sheet.title, font=Font(bold=True, size=14))])
            for note in sheet.notes:
                ws.append([cell(_nfc(note))])
            if sheet.statuses:
                ws.append([cell(Message("Legend:").text(sheet.lang), font=bold)] + [
                    cell(label, fill=fill, font=font) for label, fill, font in styles.values()])
            if above:
                ws.append([])
            ws.append([cell(_heading(c, exact, sheet.lang), font=bold, fill=head_fill,
                            alignment=wrap)
                       for c, exact in out_cols])
            if sheet.codes:
                ws.append([cell(f"{c.code}.exact" if exact else c.code, font=code_font)
                           for c, exact in out_cols])
            for cells in rows_out:
                ws.append(cells)
        except IllegalCharacterError:
            raise ValidationError(Message("sheet {name}: a text holds a control character, "
                                          "which a workbook cannot store",
                                          name=repr(sheet.name))) from None
    try:
        wb.save(Path(path))
    except OSError as exc:
        raise ValidationError(Message("cannot write {path}: {strerror}", path=path,
                                      strerror=os_reason(exc))) from None
    return Path(path)


def _heading(c: ColumnSpec, exact: bool, lang: str = "vi") -> str:
    return Message("{header} (exact value)", header=c.header).text(lang) if exact else \
        c.header


def _expand(row: tuple[object, ...], columns: tuple[ColumnSpec, ...]) -> list[object]:
    out: list[object] = []
    for c, v in zip(columns, row, strict=True):
        out.append(v)
        if c.exact:
            out.append(v)
    return out


def _value_cell(sheet: SheetSpec, i: int, c: ColumnSpec, exact: bool, v: object,
                cell: Any, styles: dict[str, tuple[str, Any, Any]]) -> Any:
    from openpyxl.styles import Alignment

    if v is None:
        return cell(None)
    kind = c.kind
    if v == HIDDEN and kind in (ColumnKind.INTEGER, ColumnKind.NUMBER):
        return cell(HIDDEN, alignment=Alignment(horizontal="right"))
    if kind in (ColumnKind.TEXT, ColumnKind.CODE):
        if not isinstance(v, str):
            raise _bad(sheet, i, c, "a text", v)
        return cell(_nfc(v), number_format="@") if kind is ColumnKind.CODE else cell(_nfc(v))
    if kind is ColumnKind.INTEGER:
        if type(v) is not int:
            raise _bad(sheet, i, c, "a whole number (int)", v)
        if abs(v) >= MAX_EXACT:
            raise ValidationError(Message("sheet {name}, row {i}, column {header}: a number too "
                                          "large for a spreadsheet to hold exactly",
                                          name=repr(sheet.name), i=i, header=repr(c.header)))
        return cell(v, number_format="#,##0")
    if kind is ColumnKind.NUMBER:
        if type(v) is bool or not isinstance(v, Fraction | Decimal | int):
            raise _bad(sheet, i, c, "a Fraction, Decimal or int", v)
        if exact:
            return cell(exact_text(v), alignment=Alignment(horizontal="right"))
        if isinstance(v, Decimal) and not v.is_finite():
            raise ValidationError(Message("sheet {name}, row {i}, column {header}: a number "
                                          "that is not finite", name=repr(sheet.name), i=i,
                                          header=repr(c.header)))
        fmt = "General" if c.places is None else (
            "#,##0" + ("." + "0" * c.places if c.places else ""))
        return cell(float(v), number_format=fmt)
    if kind is ColumnKind.STATUS:
        if not isinstance(v, str) or v not in styles:
            raise ValidationError(Message("sheet {name}, row {i}, column {header}: status {v} "
                                          "has no style (known: {styles})", name=repr(sheet.name),
                                          i=i, header=repr(c.header), v=repr(v),
                                          styles=sorted(styles)))
        label, fill, font = styles[v]
        return cell(label, fill=fill, font=font)
    if not isinstance(v, dt.date) or isinstance(v, dt.datetime):
        raise _bad(sheet, i, c, "a date", v)
    return cell(v, number_format="dd/mm/yyyy")

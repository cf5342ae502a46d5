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
import errno
import math
import os
import re
import typing
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from childprotect.data.unicode import nfc
from childprotect.errors import ValidationError
from childprotect.formats.tabular.cells import MAX_EXACT
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


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f\ud800-\udfff\ufffe\uffff]")


def _sheet_name(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    # (Excel counts a name's length in UTF-16 units: an emoji is two)
    if not isinstance(value, str) or not value.strip() or _units(value) > 31 or \
            _BAD_SHEET_CHARS.search(value) or value.startswith("'") or value.endswith("'"):
        raise ValidationError(Message("{field}: {value} is not a sheet name (1 to 31 "
                                      "characters, none of [ ] : * ? / \\, no quote at either "
                                      "end)", field=attribute.name, value=repr(value)))


def _units(text: str) -> int:
    """The length of ``text`` as Excel counts it: in UTF-16 units (an emoji is two)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


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


#: What a sheet holds (Excel's limits): rows, columns, characters in a cell (counted in
#: UTF-16 units, as Excel counts them: an emoji is two).
_MAX_ROWS, _MAX_COLUMNS, _MAX_TEXT = 1_048_576, 16_384, 32_767

#: Characters a workbook cannot store: XML 1.0 refuses the control characters, U+FFFE,
#: U+FFFF and lone surrogates (a writer would escape them as ``_x0001_``, which a reader
#: shows as those seven characters, or fail).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: The first day a workbook stores as a date (day 1 of its calendar).
_FIRST_DAY = dt.date(1900, 1, 1)


def _rich_shaped(text: str) -> bool:
    """XlsxWriter writes a text that starts with ``<r>`` and ends with ``</r>`` as XML
    of its own (a rich text it has built): such a text is written in two runs instead."""
    return text.startswith("<r>") and text.endswith("</r>")


class _Formats:
    """The workbook's cell formats, each made once (a format is a font, a fill, an
    alignment and a number format)."""

    def __init__(self, wb: Any) -> None:
        self._wb = wb
        self._made: dict[tuple[tuple[str, object], ...], Any] = {}
        self.plain = wb.add_format()  # (a run of a rich text: no format of its own)

    def __call__(self, **props: object) -> Any:
        if not props:
            return None
        key = tuple(sorted(props.items()))
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self._wb.add_format(props)
        return made


def write_workbook(path: str | os.PathLike[str], sheets: Sequence[SheetSpec]) -> Path:
    """Write ``sheets`` as an ``.xlsx`` workbook to ``path``; return the path.

    A value that does not fit its column's kind is an error naming the sheet, the row
    (counted from 1 among the data rows) and the column; it is never written as text.
    Nor is anything a workbook cannot hold written changed: a text with a control
    character or longer than 32,767 characters, a number beyond a double, a date before
    1900, or more rows or columns than a sheet has, is an error.

    The workbook appears whole at ``path`` or not at all: a file already there is kept
    until the new one is written (and its permissions after), as for every output of the
    command line. XlsxWriter writes the rows as they come to a temporary folder, removed
    whether the workbook is written or refused.
    """
    try:
        import xlsxwriter  # noqa: F401 - (needed: say so before any work)
    except ImportError:
        raise ValidationError(Message("writing .xlsx needs xlsxwriter: pip install "
                                      "'childprotect[xlsx]'")) from None
    if not sheets:
        raise ValidationError(Message("a workbook needs at least one sheet"))
    lower = [s.name.casefold() for s in sheets]
    if len(set(lower)) != len(lower):
        raise ValidationError(Message("two sheets have the same name (Excel ignores case)"))
    import tempfile

    from childprotect.formats.files import writing_whole

    target = Path(path)

    def fail(exc: OSError) -> ValidationError:
        return ValidationError(Message("cannot write {path}: {strerror}", path=path,
                                       strerror=os_reason(exc)))

    try:
        with tempfile.TemporaryDirectory(prefix="childprotect-") as rows_dir, \
                writing_whole(target, fail) as fd, open(fd, "wb", closefd=False) as out:
            _write_book(out, sheets, rows_dir)
    except OSError as exc:  # (the temporary folder, the file: made, written, removed)
        raise fail(exc) from None
    return target


def _write_book(out: typing.BinaryIO, sheets: Sequence[SheetSpec], rows_dir: str
                ) -> None:
    """The workbook of ``sheets`` written to ``out`` (the rows to ``rows_dir`` first);
    an error the writer cannot avoid (the disk) is an ``OSError``."""
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError, FileSizeError

    wb = xlsxwriter.Workbook(out, {
        "constant_memory": True, "tmpdir": rows_dir,  # rows on disk as they are written
        "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    fmt = _Formats(wb)
    for sheet in sheets:
        _write_sheet(wb.add_worksheet(sheet.name), sheet, fmt)
    try:
        wb.close()
    except FileCreateError as exc:  # (XlsxWriter's name for the OSError of writing it)
        reason = exc.args[0] if exc.args else None
        raise reason if isinstance(reason, OSError) else OSError(errno.EIO, None) from None
    except FileSizeError:  # (over 4 GB: "the file is too large")
        raise OSError(errno.EFBIG, None) from None


def _write_sheet(ws: Any, sheet: SheetSpec, fmt: _Formats) -> None:
    """One sheet: the words above the table, the headings (and codes), the rows."""
    # the written columns: each spec, and its exact text after a NUMBER with exact=True
    out_cols: list[tuple[ColumnSpec, bool]] = []
    for c in sheet.columns:
        out_cols.append((c, False))
        if c.exact:
            out_cols.append((c, True))
    if len(out_cols) > _MAX_COLUMNS:
        raise ValidationError(Message("sheet {name}: {count} columns, more than a sheet holds "
                                      "({most})", name=repr(sheet.name), count=len(out_cols),
                                      most=_MAX_COLUMNS))
    styles = {s.key: (s.label, fmt(pattern=1, bg_color="#" + s.colour,
                                    font_color="#" + s.font_colour)) for s in sheet.statuses}
    writers = [_column_writer(sheet, c, exact, styles, fmt) for c, exact in out_cols]
    # a heading wraps (up to _HEAD_WIDTH characters a line); values set the width
    widths = [min(_HEAD_WIDTH, len(_heading(c, exact, sheet.lang)) + 2)
              for c, exact in out_cols]
    cells: list[list[tuple[str, object, Any]]] = []
    for i, row in enumerate(sheet.rows, start=1):
        line = [write(i, v) for write, v in zip(writers, _expand(row, sheet.columns),
                                                  strict=True)]
        if i <= 1000:
            for k, (how, value, _) in enumerate(line):
                if how != "":
                    widths[k] = max(widths[k], len(str(value)) + 2)
        cells.append(line)
    final = []
    for k, (c, _) in enumerate(out_cols):
        w = c.width if c.width is not None else max(8, min(50, widths[k]))
        ws.set_column(k, k, w)
        final.append(w)
    above = bool(sheet.title) + len(sheet.notes) + bool(sheet.statuses)
    top = above + (1 if above else 0) + 1 + (1 if sheet.codes else 0)  # the last head row
    if top + len(cells) > _MAX_ROWS:
        raise ValidationError(Message("sheet {name}: {count} rows, more than a sheet holds "
                                      "({most})", name=repr(sheet.name),
                                      count=top + len(cells), most=_MAX_ROWS))
    ws.freeze_panes(top, sheet.frozen_columns)
    head_row = top - (1 if sheet.codes else 0)  # (counted from 1)
    ws.repeat_rows(head_row - 1, top - 1)
    ws.set_landscape()
    ws.set_paper(_A4)
    ws.fit_to_pages(1, 0)
    r = 0
    if sheet.title:
        _text(ws, r, 0, sheet, sheet.title, fmt(bold=True, font_size=14), fmt)
        r += 1
    for note in sheet.notes:
        _text(ws, r, 0, sheet, _nfc(note), None, fmt)
        r += 1
    if sheet.statuses:
        _text(ws, r, 0, sheet, Message("Legend:").text(sheet.lang), fmt(bold=True), fmt)
        for k, (label, style) in enumerate(styles.values(), start=1):
            _text(ws, r, k, sheet, label, style, fmt)
        r += 1
    if above:
        r += 1
    lines = max(-(-len(_heading(c, exact, sheet.lang)) // max(1, w - 1))
                for (c, exact), w in zip(out_cols, final, strict=True))
    ws.set_row(r, 15.0 * max(1, lines))
    head = fmt(bold=True, pattern=1, bg_color="#DDEBF7", text_wrap=True, valign="vcenter")
    for k, (c, exact) in enumerate(out_cols):
        _text(ws, r, k, sheet, _heading(c, exact, sheet.lang), head, fmt)
    r += 1
    if sheet.codes:
        small = fmt(italic=True, font_size=8, font_color="#808080")
        for k, (c, exact) in enumerate(out_cols):
            _text(ws, r, k, sheet, f"{c.code}.exact" if exact else str(c.code), small, fmt)
        r += 1
    write_string, write_number, write_datetime = (ws.write_string, ws.write_number,
                                                  ws.write_datetime)
    for line in cells:
        for k, (how, value, style) in enumerate(line):
            if how == "s":
                refused = write_string(r, k, value, style)
                assert not refused  # (each text is checked before: none is cut)
            elif how == "n":
                write_number(r, k, value, style)
            elif how == "d":
                write_datetime(r, k, value, style)
            elif how == "r":
                _rich(ws, r, k, str(value), style, fmt)
        r += 1


def _rich(ws: Any, r: int, k: int, text: str, style: Any, fmt: _Formats) -> None:
    """``text`` shaped as XlsxWriter's own rich text (see :func:`_rich_shaped`), written
    in two runs so that it is kept as it is."""
    runs = [fmt.plain, text[:1], fmt.plain, text[1:]]
    refused = ws.write_rich_string(r, k, *runs, *([style] if style is not None else []))
    assert not refused  # (two runs, neither empty: "<" and the rest)


def _text(ws: Any, r: int, k: int, sheet: SheetSpec, text: str, style: Any,
          fmt: _Formats) -> None:
    """A text of the sheet's own (title, note, legend, heading), checked as a value is."""
    if _how_text(text, sheet) == "r":
        _rich(ws, r, k, text, style, fmt)
    else:
        ws.write_string(r, k, text, style)


def _how_text(text: str, sheet: SheetSpec, i: int | None = None, header: str = "") -> str:
    """How ``text`` is written (``"s"``, or ``"r"`` for one shaped as a rich text); or the
    error naming the sheet (and the row ``i`` and column ``header`` of a value) when a
    workbook cannot store it as it is."""
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
    return "r" if _rich_shaped(text) else "s"


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


def _column_writer(sheet: SheetSpec, c: ColumnSpec, exact: bool,
                   styles: dict[str, tuple[str, Any]], fmt: _Formats
                   ) -> Callable[[int, object], tuple[str, object, Any]]:
    """The function that checks a value of column ``c`` (data row ``i``) and says how it is
    written: ``("s", text, format)``, ``("n", number, format)``, ``("d", date, format)``,
    or ``("", None, None)`` for an empty cell."""
    kind = c.kind
    right = fmt(align="right")
    empty = ("", None, None)
    hidden = ("s", HIDDEN, right)

    def text(i: int, v: str, style: Any) -> tuple[str, object, Any]:
        v = _nfc(v)
        return _how_text(v, sheet, i, c.header), v, style

    if kind in (ColumnKind.TEXT, ColumnKind.CODE):
        style = fmt(num_format="@") if kind is ColumnKind.CODE else None

        def write(i: int, v: object) -> tuple[str, object, Any]:
            if v is None:
                return empty
            if not isinstance(v, str):
                raise _bad(sheet, i, c, "a text", v)
            return text(i, v, style)
    elif kind is ColumnKind.INTEGER:
        whole = fmt(num_format="#,##0")

        def write(i: int, v: object) -> tuple[str, object, Any]:
            if v is None:
                return empty
            if v == HIDDEN:
                return hidden
            if type(v) is not int:
                raise _bad(sheet, i, c, "a whole number (int)", v)
            if abs(v) >= MAX_EXACT:
                raise ValidationError(Message("sheet {name}, row {i}, column {header}: a number "
                                              "too large for a spreadsheet to hold exactly",
                                              name=repr(sheet.name), i=i, header=repr(c.header)))
            return "n", v, whole
    elif kind is ColumnKind.NUMBER:
        shown = fmt(num_format="General" if c.places is None else (
            "#,##0" + ("." + "0" * c.places if c.places else "")))

        def write(i: int, v: object) -> tuple[str, object, Any]:
            if v is None:
                return empty
            if v == HIDDEN:
                return hidden
            if type(v) is bool or not isinstance(v, Fraction | Decimal | int):
                raise _bad(sheet, i, c, "a Fraction, Decimal or int", v)
            if exact:
                return "s", exact_text(v), right
            if isinstance(v, Decimal) and not v.is_finite():
                raise ValidationError(Message("sheet {name}, row {i}, column {header}: a number "
                                              "that is not finite", name=repr(sheet.name), i=i,
                                              header=repr(c.header)))
            try:
                shown_value = float(v)
            except OverflowError:
                shown_value = math.inf
            if math.isinf(shown_value):  # (beyond a double: 1.8 × 10**308)
                raise ValidationError(Message("sheet {name}, row {i}, column {header}: a number "
                                              "too large for a spreadsheet to hold exactly",
                                              name=repr(sheet.name), i=i, header=repr(c.header)))
            return "n", shown_value, shown
    elif kind is ColumnKind.STATUS:
        # (each label is checked where the legend writes it, above the table)
        labelled = {key: ("r" if _rich_shaped(label) else "s", label, style)
                    for key, (label, style) in styles.items()}

        def write(i: int, v: object) -> tuple[str, object, Any]:
            if v is None:
                return empty
            if not isinstance(v, str) or v not in styles:
                raise ValidationError(Message("sheet {name}, row {i}, column {header}: status "
                                              "{v} has no style (known: {styles})",
                                              name=repr(sheet.name), i=i,
                                              header=repr(c.header), v=repr(v),
                                              styles=sorted(styles)))
            return labelled[v]
    else:
        day = fmt(num_format="dd/mm/yyyy")

        def write(i: int, v: object) -> tuple[str, object, Any]:
            if v is None:
                return empty
            if not isinstance(v, dt.date) or isinstance(v, dt.datetime):
                raise _bad(sheet, i, c, "a date", v)
            if v < _FIRST_DAY:  # (a workbook's days are counted from 1900-01-01)
                raise ValidationError(Message("sheet {name}, row {i}, column {header}: a date "
                                              "before 1900, which a workbook cannot store",
                                              name=repr(sheet.name), i=i,
                                              header=repr(c.header)))
            return "d", v, day
    return write

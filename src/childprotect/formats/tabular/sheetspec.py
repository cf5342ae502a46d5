"""What a result sheet holds: its columns (:class:`ColumnSpec`, each of a
:class:`ColumnKind`), its rows, the words above its table and the styles of its statuses
(:class:`SheetSpec`, :class:`StatusStyle`), each checked when it is made; written by
:func:`childprotect.formats.tabular.workbook.write_workbook`.

>>> SheetSpec("Xã", (ColumnSpec("Mã", ColumnKind.CODE), ColumnSpec("Số", ColumnKind.INTEGER)),
...           [("00001", 5), ("00004", None)]).rows
(('00001', 5), ('00004', None))
>>> SheetSpec("Xã", (ColumnSpec("Mã"),), [("a", "b")])
Traceback (most recent call last):
childprotect.errors.ValidationError: sheet 'Xã', row 1: 2 values for 1 columns
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence

import attrs

from childprotect.data.unicode import nfc
from childprotect.errors import ValidationError
from childprotect.formats.tabular.spooled import SpooledRows
from childprotect.i18n import Message, check_lang
from childprotect.text.validators import non_empty_text

__all__ = ["HIDDEN", "ColumnKind", "ColumnSpec", "SheetSpec", "StatusStyle"]


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


_Rows = tuple[tuple[object, ...], ...]


def _rows(value: Sequence[Sequence[object]] | SpooledRows) -> _Rows | SpooledRows:
    return value if isinstance(value, SpooledRows) else tuple(tuple(r) for r in value)


@attrs.frozen
class SheetSpec:
    """One sheet of a result workbook.

    ``title`` and ``notes`` are written above the table, then the legend of
    ``statuses`` (when any), then the headings (and the codes, with ``codes=True``), then
    the rows (or rows kept on disk, :class:`~childprotect.formats.tabular.spooled.SpooledRows`,
    each checked as it is written). The heading row is frozen with the first
    ``frozen_columns`` columns. ``lang``
    is the language of the words the workbook adds (the legend's label, the heading of an
    exact value); the sheet's name and codes do not change with it.
    """

    name: str = attrs.field(converter=_nfc, validator=_sheet_name)
    columns: tuple[ColumnSpec, ...] = attrs.field(converter=_column_specs)
    rows: _Rows | SpooledRows = attrs.field(converter=_rows, repr=False)
    title: str = attrs.field(default="", converter=_nfc)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    statuses: tuple[StatusStyle, ...] = attrs.field(default=(), converter=_styles)
    codes: bool = False
    frozen_columns: int = 1
    lang: str = attrs.field(default="vi", validator=lambda _i, _a, v: check_lang(v))

    def __attrs_post_init__(self) -> None:
        if not self.columns:
            raise ValidationError(Message("sheet {name}: no columns", name=repr(self.name)))
        if not isinstance(self.rows, SpooledRows):
            _check_lengths(self, self.rows, 1)
        keys = [s.key for s in self.statuses]
        if len(set(keys)) != len(keys):
            raise ValidationError(Message("sheet {name}: a status is styled twice",
                                          name=repr(self.name)))
        if self.codes and any(c.code is None for c in self.columns):
            raise ValidationError(Message("sheet {name}: codes=True needs a code for every "
                                          "column", name=repr(self.name)))
        if not 0 <= self.frozen_columns <= len(self.columns):
            raise ValidationError(Message("sheet {name}: frozen_columns out of range",
                                          name=repr(self.name)))


def _check_lengths(sheet: SheetSpec, rows: Iterable[tuple[object, ...]], first: int) -> None:
    """The error naming the first of ``rows`` (from data row ``first``) of a wrong length."""
    n = len(sheet.columns)
    for i, r in enumerate(rows, start=first):
        if len(r) != n:
            raise ValidationError(Message("sheet {name}, row {i}: {count} values for {n} "
                                          "columns", name=repr(sheet.name), i=i, count=len(r),
                                          n=n))


def _bad(sheet: SheetSpec, i: int, col: ColumnSpec, expected: str, value: object
         ) -> ValidationError:
    return ValidationError(Message("sheet {name}, row {i}, column {header}: expected "
                                   "{expected}, got a {kind}", name=repr(sheet.name), i=i,
                                   header=repr(col.header), expected=expected,
                                   kind=type(value).__name__))

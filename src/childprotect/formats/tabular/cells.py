"""Cells of a table read from a workbook or a CSV file: where each one is, and its value.

A :class:`Ref` names a cell as a person finds it: ``communes.xlsx: 'Số liệu'!D17`` in a
workbook, ``communes.csv line 17, column D`` in a CSV file (the line Excel shows as row 17
when it opens the file).

>>> str(Ref("data.xlsx", "Sheet1", 17, 4))
'data.xlsx: Sheet1!D17'
>>> str(Ref("data.xlsx", "Số liệu", 17, 4))
"data.xlsx: 'Số liệu'!D17"
>>> str(Ref("data.csv", None, 17, 4))
'data.csv line 17, column D'

Cell values are converted by the :class:`Kind` of their column, by the rules of
:mod:`childprotect.text.cellvalues` (re-exported here): a count is a whole number ≥ 0 or
a blank, and ``1.234`` is 1234.

>>> count_value(" 1.234 "), convert(Kind.CODE, 2024.0)
(1234, '2024')
"""

from __future__ import annotations

import enum
import re
from decimal import Decimal

import attrs

from childprotect.i18n import Message
from childprotect.text.cellvalues import (
    EXCEL_ERRORS,
    MAX_EXACT,
    Problem,
    code_value,
    count_value,
    decimal_value,
    strip_stray,
    text_value,
)

__all__ = [
    "EXCEL_ERRORS",
    "MAX_EXACT",
    "Cell",
    "Kind",
    "Problem",
    "Ref",
    "code_value",
    "column_letter",
    "column_number",
    "convert",
    "count_value",
    "decimal_value",
    "quote_sheet",
    "strip_stray",
    "text_value",
]


class Kind(enum.Enum):
    """What a column holds, and so how its cells are read."""

    CODE = "code"  # an identifier (unit code, period): text, or a whole number as its digits
    TEXT = "text"  # free text (a name, a note)
    COUNT = "count"  # a whole number ≥ 0, or blank for a missing value
    DECIMAL = "decimal"  # a number read exactly (Decimal), or blank


def column_letter(n: int) -> str:
    """The letters of column ``n`` (1-based) as spreadsheets write them.

    >>> column_letter(1), column_letter(26), column_letter(27), column_letter(16384)
    ('A', 'Z', 'AA', 'XFD')
    """
    if n < 1:
        raise ValueError(Message("column number {n} is not positive", n=n))
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def column_number(letters: str) -> int:
    """The 1-based number of a column written in letters.

    >>> column_number("A"), column_number("AA"), column_number("xfd")
    (1, 27, 16384)
    """
    n = 0
    for ch in letters.upper():
        if not "A" <= ch <= "Z":
            raise ValueError(Message("{letters} is not a column name", letters=repr(letters)))
        n = n * 26 + ord(ch) - 64
    return n


_PLAIN_SHEET = re.compile(r"\w+")


def quote_sheet(name: str) -> str:
    """A sheet name as it stands in a cell reference: quoted when it has more than letters,
    digits and underscores (Excel's rule), with quotes inside doubled.

    >>> quote_sheet("Sheet1"), quote_sheet("Số liệu"), quote_sheet("A's")
    ('Sheet1', "'Số liệu'", "'A''s'")
    """
    if _PLAIN_SHEET.fullmatch(name) and not name[0].isdigit():
        return name
    return "'" + name.replace("'", "''") + "'"


@attrs.frozen(slots=True)
class Ref:
    """Where a cell is: its file, its sheet (None in a CSV file), its row (the line of a
    CSV file where the record starts) and its column, both counted from 1."""

    file: str
    sheet: str | None
    row: int
    column: int

    @property
    def cell(self) -> str:
        """The cell's name in A1 style: ``D17``."""
        return f"{column_letter(self.column)}{self.row}"

    @property
    def inside(self) -> str:
        """The cell's name within its file: ``'Số liệu'!D17``, or ``line 17, column D`` of a
        CSV file (where the file is named once already).

        >>> Ref("data.xlsx", "Số liệu", 17, 4).inside, Ref("data.csv", None, 17, 4).inside
        ("'Số liệu'!D17", 'line 17, column D')
        """
        return str(self.place(file=False))

    def place(self, *, file: bool = True) -> str | Message:
        """The cell's name (after its file's, with ``file``) as a message writes it: in the
        reader's language when shown (``dòng 17, cột D``)."""
        if self.sheet is None:
            column = column_letter(self.column)
            return (Message("{file} line {row}, column {column}", file=self.file, row=self.row,
                            column=column) if file else
                    Message("line {row}, column {column}", row=self.row, column=column))
        return (f"{self.file}: " if file else "") + f"{quote_sheet(self.sheet)}!{self.cell}"

    def __str__(self) -> str:
        return str(self.place())


#: A converted value: text for codes and text, a whole number for counts, a Decimal.
Value = str | int | Decimal | None


@attrs.frozen(slots=True)
class Cell:
    """A cell's value with its place. The value is left out of the repr: counts are
    data about children."""

    column: str
    value: Value = attrs.field(repr=False)
    ref: Ref


_CONVERTERS = {Kind.CODE: code_value, Kind.TEXT: text_value, Kind.COUNT: count_value,
               Kind.DECIMAL: decimal_value}


def convert(kind: Kind, value: object) -> Value | Problem:
    """The value of a cell of a column of ``kind``, or its :class:`Problem`."""
    return _CONVERTERS[kind](value)

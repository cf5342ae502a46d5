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

Cell values are converted by the :class:`Kind` of their column. A count is a whole number
≥ 0 or a blank; typed as text it may group thousands with dots, as Vietnamese writes
them (``1.234`` is 1234). A comma is the Vietnamese decimal mark, so ``1,234`` is not a
whole number and is an error, never read as one thousand two hundred and thirty-four:

>>> count_value(1234.0), count_value(" 1.234 "), count_value(None), count_value("")
(1234, 1234, None, None)
>>> print(count_value("1,234").text)  # doctest: +ELLIPSIS
holds a number with a decimal comma (in Vietnamese writing the comma is the decimal mark, ...)
>>> count_value(12.5).text
'holds a number that is not whole (a count is a whole number)'
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from decimal import Decimal, InvalidOperation

import attrs

from childprotect.data.unicode import nfc
from childprotect.i18n import N_, Message, translate

__all__ = [
    "EXCEL_ERRORS",
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

#: Excel's error values (a cell holding one is never a number nor a blank).
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                          "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!",
                          "#CONNECT!", "#BUSY!", "#UNKNOWN!"})

#: The largest whole number a spreadsheet cell (an IEEE double) holds exactly.
MAX_EXACT = 2**53


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
        if self.sheet is None:
            return Message("line {row}, column {column}", row=self.row,
                           column=column_letter(self.column)).text()
        return f"{quote_sheet(self.sheet)}!{self.cell}"

    def __str__(self) -> str:
        if self.sheet is None:  # (in the language in use: "dòng 17, cột D")
            return Message("{file} line {row}, column {column}", file=self.file, row=self.row,
                           column=column_letter(self.column)).text()
        return f"{self.file}: {quote_sheet(self.sheet)}!{self.cell}"


#: A converted value: text for codes and text, a whole number for counts, a Decimal.
Value = str | int | Decimal | None


@attrs.frozen(slots=True)
class Cell:
    """A cell's value with its place. The value is left out of the repr: counts are
    data about children."""

    column: str
    value: Value = attrs.field(repr=False)
    ref: Ref


def _in_language(text: str | Message) -> str:
    return text.text() if isinstance(text, Message) else translate(text)


@attrs.frozen(slots=True)
class Problem:
    """Why a cell's content cannot be read; the caller adds where it is. The text is in
    the language in use (a message of the catalogue)."""

    text: str = attrs.field(converter=_in_language)


# Characters that spreadsheets and editors leave around values: white space of every
# kind, the zero-width space and joiners, and a byte-order mark pasted from another file.
_STRAY = " \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008" \
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff"
_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_DECIMAL_COMMA = re.compile(r"[0-9]+(?:\.[0-9]{3})*,[0-9]+")
_DECIMAL_POINT = re.compile(r"[0-9]*\.[0-9]+")
_SIGNED = re.compile(r"[-\u2212\u2013+][0-9.,]+")
_SPACED = re.compile(r"[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+")
_ZERO_DECIMALS = re.compile(r"[0-9]+[.,]0+")


def strip_stray(text: str) -> str:
    """``text`` without white space (of any kind, zero-width too) around it."""
    return text.strip(_STRAY)


def _kind_of(value: object) -> str | None:
    """What a non-number, non-text cell holds, in words; None for anything else."""
    if isinstance(value, bool):
        return N_("holds TRUE or FALSE, not a number")
    if isinstance(value, dt.datetime | dt.date):
        return N_("holds a date (is the cell formatted as a date?), not a number")
    if isinstance(value, dt.time | dt.timedelta):
        return N_("holds a time or a duration, not a number")
    return None


def _text_problem(s: str) -> Problem:
    if s.upper() in EXCEL_ERRORS:
        return Problem(Message("holds the error value {value} (a formula that failed)",
                               value=s.upper()))
    if _SIGNED.fullmatch(s) and s[0] != "+":
        return Problem(N_("holds a negative number (a count is ≥ 0)"))
    if _SIGNED.fullmatch(s):
        return Problem(N_("holds a number with a plus sign (write a count with digits only)"))
    if _ZERO_DECIMALS.fullmatch(s):
        return Problem(N_("holds a whole number written with decimals (write a count with "
                          "digits only, without ,0 or .0)"))
    if _DECIMAL_COMMA.fullmatch(s):
        return Problem(
            N_("holds a number with a decimal comma (in Vietnamese writing the comma is the "
            "decimal mark, so it is not a whole number; write the count without separators, "
            "or group thousands with dots: 1.234)"))
    if _DECIMAL_POINT.fullmatch(s):
        return Problem(N_("holds a number with a decimal point that is not a whole number "
                       "(thousands are grouped by three digits: 1.234)"))
    if _SPACED.fullmatch(s):
        return Problem(N_("holds a number with spaces inside it (write 1234 or 1.234)"))
    if s.startswith("="):
        return Problem(N_("holds a formula as text (the cell is formatted as text)"))
    return Problem(N_("holds text, not a whole number"))


def count_value(value: object) -> int | Problem | None:
    """A count read from a cell: a whole number ≥ 0, None for a blank, or the
    :class:`Problem` with it. The problem never quotes the value.

    >>> count_value(7), count_value("007"), count_value("\\u00a012 "), count_value(True)
    (7, 7, 12, Problem(text='holds TRUE or FALSE, not a number'))
    >>> count_value(-3).text, count_value("-3").text
    ('holds a negative number (a count is ≥ 0)', 'holds a negative number (a count is ≥ 0)')
    """
    t = type(value)
    if t is int:
        return value if value >= 0 else Problem(  # type: ignore[return-value,operator]
            N_("holds a negative number (a count is ≥ 0)"))
    if value is None:
        return None
    if t is float:
        f: float = value  # type: ignore[assignment]
        if f != f or f in (float("inf"), float("-inf")):
            return Problem(N_("holds a number that is not finite"))
        if not f.is_integer():
            return Problem(N_("holds a number that is not whole (a count is a whole number)"))
        if f < 0:
            return Problem(N_("holds a negative number (a count is ≥ 0)"))
        if f >= MAX_EXACT:
            return Problem(N_("holds a number too large to be stored exactly"))
        return int(f)
    if t is str:
        s = strip_stray(value)  # type: ignore[arg-type]
        if not s:
            return None
        if s.isdigit() and s.isascii():
            return int(s) if len(s) < 4000 else Problem(N_("holds a number too long to read"))
        if _THOUSANDS.fullmatch(s):
            return int(s.replace(".", ""))
        return _text_problem(s)
    kind = _kind_of(value)
    if kind is not None:
        return Problem(kind)
    if isinstance(value, int):  # an int subclass other than bool
        return count_value(int(value))
    return Problem(Message("holds a value of an unexpected type ({kind})", kind=t.__name__))


def code_value(value: object) -> str | Problem | None:
    """A code (a unit code, a period) read from a cell: its text without stray white
    space, or the digits of a whole number, None for a blank.

    A code typed as a number loses its leading zeros in a spreadsheet (``01`` becomes 1):
    the digits are kept as they are, never padded, so such a code does not match and the
    caller's check of codes names the cell.

    >>> code_value(" 29971 "), code_value(2024.0), code_value(2024), code_value("  ")
    ('29971', '2024', '2024', None)
    """
    t = type(value)
    if t is str:
        s = nfc(strip_stray(value))  # type: ignore[arg-type]
        return s or None
    if value is None:
        return None
    if t is int:
        return str(value)
    if t is float:
        f: float = value  # type: ignore[assignment]
        if f == f and f not in (float("inf"), float("-inf")) and f.is_integer() \
                and abs(f) < MAX_EXACT:
            return str(int(f))
        return Problem(N_("holds a number that is not whole, not a code"))
    kind = _kind_of(value)
    if kind is not None:
        return Problem(kind.replace("not a number", "not a code"))
    return Problem(Message("holds a value of an unexpected type ({kind})", kind=t.__name__))


def text_value(value: object) -> str | Problem | None:
    """Free text: NFC, without stray white space around it; numbers as they read.

    >>> text_value("  Xã  A "), text_value(3), text_value(None)
    ('Xã  A', '3', None)
    """
    if type(value) is float:
        f: float = value
        if f.is_integer() and abs(f) < MAX_EXACT:
            return str(int(f))
        return repr(f)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if value is None:
        return None
    s = nfc(strip_stray(str(value)))
    return s or None


def decimal_value(value: object) -> Decimal | Problem | None:
    """A number read exactly. A number cell gives the shortest decimal that is the same
    double (what the spreadsheet shows at full precision: 0.1, not 0.1000000000000000055…);
    text is read as Vietnamese writes numbers (``1.234,5``; a lone ``0.8`` is a decimal
    point), see :func:`childprotect.text.vntext.parse_decimal`.

    >>> decimal_value(0.1), decimal_value("1.234,5"), decimal_value(3)
    (Decimal('0.1'), Decimal('1234.5'), Decimal('3'))
    """
    t = type(value)
    if t is int:
        return Decimal(value)  # type: ignore[arg-type]
    if value is None:
        return None
    if t is float:
        f: float = value  # type: ignore[assignment]
        if f != f or f in (float("inf"), float("-inf")):
            return Problem(N_("holds a number that is not finite"))
        return Decimal(repr(f))
    if t is str:
        s = strip_stray(value)  # type: ignore[arg-type]
        if not s:
            return None
        from childprotect.errors import InvalidNumber
        from childprotect.text.vntext import parse_decimal

        negative = s[:1] in ("-", "\u2212")
        try:
            d = parse_decimal(s[1:] if negative else s)
        except (InvalidNumber, InvalidOperation):
            if s.upper() in EXCEL_ERRORS:
                return Problem(Message("holds the error value {value} (a formula that failed)",
                               value=s.upper()))
            return Problem(N_("holds text, not a number as Vietnamese writes them (1.234,5)"))
        return -d if negative else d
    kind = _kind_of(value)
    if kind is not None:
        return Problem(kind)
    return Problem(Message("holds a value of an unexpected type ({kind})", kind=t.__name__))


_CONVERTERS = {Kind.CODE: code_value, Kind.TEXT: text_value, Kind.COUNT: count_value,
               Kind.DECIMAL: decimal_value}


def convert(kind: Kind, value: object) -> Value | Problem:
    """The value of a cell of a column of ``kind``, or its :class:`Problem`."""
    return _CONVERTERS[kind](value)

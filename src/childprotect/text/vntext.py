"""Vietnamese text as documents write it: names, numbers and dates.

Names compare equal across Unicode normalisation, case, spacing, dash variants, the
old and new placement of tone marks (``hòa``/``hoà``, ``Ủy``/``Uỷ``) and the common
abbreviations (``UBND``, ``LĐTBXH``, ``GD&ĐT``):

>>> name_key("Sở LĐTBXH") == name_key("Sở Lao động - Thương binh và Xã hội")
True
>>> name_key("Uỷ ban nhân dân") == name_key("UBND")
True

Numbers parse to exact ``Decimal`` values with their unit:

>>> parse_number("1,5%")
Quantity(value=Decimal('1.5'), unit=<Unit.PERCENT: 'percent'>)
>>> parse_number("550/100.000 trẻ em").unit
<Unit.PER_100000: 'per_100000'>
>>> parse_number("300 triệu đồng").value
Decimal('300000000')

Dates keep their precision:

>>> parse_date("ngày 09 tháng 6 năm 2021")
PartialDate(year=2021, month=6, day=9)
>>> parse_date("ngày   tháng 02 năm 2020")
PartialDate(year=2020, month=2, day=None)
>>> parse_day_month("trước ngày 30/11")
DayMonth(day=30, month=11)
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING

from childprotect.data.unicode import nfc as _nfc
from childprotect.data.unicode import nfd
from childprotect.errors import InvalidDate, InvalidNumber
from childprotect.i18n import Message

if TYPE_CHECKING:  # imported on first use: names alone need neither (units, rollups)
    from fractions import Fraction

    from childprotect.text.dates import DayMonth, PartialDate
    from childprotect.text.quantities import Quantity, Unit

__all__ = [
    "ABBREVIATIONS",
    "MAX_DIGITS",
    "format_decimal",
    "format_number",
    "name_key",
    "nfc",
    "nfc_or_none",
    "parse_date",
    "parse_day_month",
    "parse_decimal",
    "parse_fraction",
    "parse_number",
]

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (combining)
# Old-style tone placement "hòa", "thủy" → new style "hoà", "thuỷ" (tone on the second vowel).
_TONE_MOVE = re.compile(f"([oO])([{_TONES}])([aAeE])|([uU])([{_TONES}])([yY])")
_DASHES = re.compile(r"[\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212,;:.()\[\]\"'“”‘’/]")
_SPACES = re.compile(r"\s+")

#: Common abbreviations in Vietnamese administrative names, expanded by :func:`name_key`.
#: Keys are lower-case tokens as they appear in documents.
ABBREVIATIONS: dict[str, str] = {
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "lđtbxh": "lao động thương binh và xã hội",
    "lđ-tb&xh": "lao động thương binh và xã hội",
    "lđtb&xh": "lao động thương binh và xã hội",
    "gdđt": "giáo dục và đào tạo",
    "gd&đt": "giáo dục và đào tạo",
    "gd-đt": "giáo dục và đào tạo",
    "tttt": "thông tin và truyền thông",
    "tt&tt": "thông tin và truyền thông",
    "khđt": "kế hoạch và đầu tư",
    "kh&đt": "kế hoạch và đầu tư",
    "tnmt": "tài nguyên và môi trường",
    "tn&mt": "tài nguyên và môi trường",
    "nnmt": "nông nghiệp và môi trường",
    "nn&mt": "nông nghiệp và môi trường",
    "khcn": "khoa học và công nghệ",
    "kh&cn": "khoa học và công nghệ",
    "vhttdl": "văn hóa thể thao và du lịch",
    "vhtt&dl": "văn hóa thể thao và du lịch",
    "vh-tt&dl": "văn hóa thể thao và du lịch",
    "vhtt": "văn hóa và thể thao",
    "tncs": "thanh niên cộng sản",
    "tnbtxh": "thương binh xã hội",
    "mttq": "mặt trận tổ quốc",
    "lhpn": "liên hiệp phụ nữ",
    "tw": "trung ương",
    "tp": "thành phố",
    "tx": "thị xã",
    "bvte": "bảo vệ trẻ em",
}


def nfc(text: str) -> str:
    """Text in Unicode NFC, the form data is stored in (in linear time: see
    :mod:`childprotect.data.unicode`)."""
    return _nfc(text)


def nfc_or_none(text: str | None) -> str | None:
    """:func:`nfc` of an optional text (a Vietnamese companion the data may not give)."""
    return None if text is None else _nfc(text)


def _tones_new_style(text: str) -> str:
    decomposed = nfd(text)

    def move(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            return m.group(1) + m.group(3) + m.group(2)
        return m.group(4) + m.group(6) + m.group(5)

    return _nfc(_TONE_MOVE.sub(move, decomposed))


@lru_cache(maxsize=1)
def _expansions() -> dict[str, str]:
    return {
        _tones_new_style(k.casefold()): _tones_new_style(v.casefold())
        for k, v in ABBREVIATIONS.items()
    }


def name_key(text: str) -> str:
    """A comparison key for a Vietnamese name; equal keys mean the same name.

    >>> name_key("Sở  Văn hóa, Thể thao và Du lịch") == name_key("SỞ VĂN HOÁ - THỂ THAO VÀ DU LỊCH")
    True
    """
    # Names are short and looked up again and again: their keys are kept; a long text
    # is keyed each time (kept, it would hold its memory for the life of the process).
    return _name_key(text) if len(text) <= 512 else _name_key.__wrapped__(text)


@lru_cache(maxsize=65536)
def _name_key(text: str) -> str:
    s = _tones_new_style(nfc(text).casefold())
    exp = _expansions()
    tokens: list[str] = []
    for raw in _SPACES.split(s):
        if not raw:
            continue
        if raw in exp:
            tokens.append(exp[raw])
            continue
        piece = _DASHES.sub(" ", raw)
        for tok in piece.split():
            if tok in exp:
                tokens.append(exp[tok])
            else:
                tokens.append(tok.replace("&", " và "))
    return _SPACES.sub(" ", " ".join(tokens)).strip()


# --- numbers -----------------------------------------------------------------------------

# The number and date patterns are compiled on first use (and kept by ``re``): reading
# names alone, as units and rollups do, does not pay for them.
_NUMBER = r"""(?x)
    (?P<thousands>[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?)   # 1.000  70.000  1.234,5
  | (?P<comma>[0-9]+,[0-9]+)                                    # 1,5
  | (?P<point>[0-9]+\.[0-9]+)                                   # 0.8  (a decimal point)
  | (?P<plain>[0-9]+)
    """

@lru_cache(maxsize=1)
def _unit_suffixes() -> tuple[tuple[re.Pattern[str], Unit, int], ...]:
    from childprotect.text.quantities import Unit

    return (
        (re.compile(r"%"), Unit.PERCENT, 1),
        (re.compile(r"‰|p\s*/\s*1\.?000"), Unit.PER_THOUSAND, 1),
        (re.compile(r"/\s*100\.?000(?:\s+[^\W\d_]+)*"), Unit.PER_100000, 1),
        (re.compile(r"/\s*1\.?000(?:\s+[^\W\d_]+)*"), Unit.PER_THOUSAND, 1),
        (re.compile(r"tỷ\s+đồng|tỉ\s+đồng"), Unit.VND, 1_000_000_000),
        (re.compile(r"triệu\s+đồng|triệu"), Unit.VND, 1_000_000),
        (re.compile(r"nghìn\s+đồng|ngàn\s+đồng"), Unit.VND, 1_000),
        (re.compile(r"đồng|vnđ|vnd|đ"), Unit.VND, 1),
    )


#: The most digits a number read from text may have: larger counts and amounts than
#: any plan writes, and small enough that reading one costs nothing.
MAX_DIGITS = 60


_FRACTION = re.compile(r"([0-9]{1,60})(?:/([0-9]{1,60})|\.([0-9]{1,60}))?")


def parse_fraction(text: str) -> Fraction:
    """An exact share or ratio written ``3/4``, ``0.25`` or ``1``, as data files write it.

    Exponents (``1e5``), signs and more than 60 digits a part are refused: reading them
    would cost time out of proportion to any share a file can mean.

    >>> parse_fraction("1/3"), parse_fraction("0.25"), parse_fraction("1")
    (Fraction(1, 3), Fraction(1, 4), Fraction(1, 1))
    """
    from fractions import Fraction

    m = _FRACTION.fullmatch(text.strip())
    if m is None or (m.group(2) is not None and int(m.group(2)) == 0):
        raise InvalidNumber(Message(
            "{text} is not a fraction written as 3/4, 0.25 or 1",
            text=repr(text if len(text) <= 40 else text[:40] + "…")))
    whole, den, frac = m.groups()
    if den is not None:
        return Fraction(int(whole), int(den))
    if frac is not None:
        return Fraction(int(whole + frac), 10 ** len(frac))
    return Fraction(int(whole))


def _check_digits(text: str) -> None:
    digits = sum(c.isdigit() for c in text)
    if digits > MAX_DIGITS:
        raise InvalidNumber(Message(
            "a number of {digits} digits: at most {limit} are read", digits=digits,
            limit=MAX_DIGITS))


def parse_decimal(text: str) -> Decimal:
    """A bare number as Vietnamese documents write it, exactly.

    A dot followed by groups of three digits is a thousands separator (``70.000``); a
    comma is the decimal mark (``1,5``); a lone dot before other than three digits is
    a decimal point (``0.8``, as some documents write it). Mixed or malformed text is
    an error that quotes it.

    >>> parse_decimal("70.000"), parse_decimal("1,5"), parse_decimal("0.8")
    (Decimal('70000'), Decimal('1.5'), Decimal('0.8'))
    """
    s = nfc(text).strip()
    m = re.fullmatch(_NUMBER, s)
    if m is None:
        raise InvalidNumber(Message("invalid number {text}: expected digits such as 1.000, 1,5 "
                                    "or 0.8", text=repr(text)))
    _check_digits(s)
    if m.group("thousands"):
        s = s.replace(".", "").replace(",", ".")
    elif m.group("comma"):
        s = s.replace(",", ".")
    try:
        return Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise InvalidNumber(Message("invalid number {text}", text=repr(text))) from exc


def parse_number(text: str) -> Quantity:
    """A number with its unit: ``1,5%``, ``p/1000``, ``550/100.000``, ``300 triệu đồng``.

    A number without a unit is a count.

    >>> parse_number("70.000")
    Quantity(value=Decimal('70000'), unit=<Unit.COUNT: 'count'>)
    >>> parse_number("1,5.3")
    Traceback (most recent call last):
    ...
    childprotect.errors.InvalidNumber: invalid number '1,5.3': ...
    """
    s = _SPACES.sub(" ", nfc(text)).strip()
    m = re.match(r"[0-9][0-9.,]*", s)
    if m is None:
        raise InvalidNumber(Message("invalid number {text}: it does not start with a digit",
                                    text=repr(text)))
    digits, rest = m.group(0), s[m.end():].strip()
    _check_digits(digits)
    if digits.endswith((".", ",")):
        raise InvalidNumber(Message("invalid number {text}: it ends in a separator",
                                    text=repr(text)))
    if "," in digits and "." in digits and digits.index(",") < digits.rindex("."):
        raise InvalidNumber(
            Message("invalid number {text}: ambiguous separators (a comma before a dot is not "
                    "how Vietnamese documents write numbers)", text=repr(text))
        )
    try:
        value = parse_decimal(digits)
    except InvalidNumber:
        raise InvalidNumber(
            Message("invalid number {text}: {digits} is neither 1.000-style thousands nor a "
                    "decimal 1,5 or 0.8", text=repr(text), digits=repr(digits))
        ) from None
    from childprotect.text.quantities import Quantity, Unit, exact_product

    if not rest:
        return Quantity(value, Unit.COUNT)
    low = rest.casefold()
    for pattern, unit, multiplier in _unit_suffixes():
        if pattern.fullmatch(low):
            return Quantity(exact_product(value, Decimal(multiplier)), unit)
    raise InvalidNumber(Message("invalid number {text}: unknown unit {rest}", text=repr(text),
                                rest=repr(rest)))


def format_decimal(value: Decimal) -> str:
    """A number as Vietnamese documents write it: ``1.234,5``.

    >>> format_decimal(Decimal("1234.5")), format_decimal(Decimal("0.01"))
    ('1.234,5', '0,01')
    """
    if not value.is_finite():
        raise InvalidNumber(Message("cannot write {value} as a number", value=repr(value)))
    sign = "-" if value.is_signed() and value else ""
    # copy_abs, not abs(): abs() rounds to the context's 28 digits.
    whole, _, frac = format(value.copy_abs(), "f").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + frac if frac else "")


@lru_cache(maxsize=1)
def _unit_texts() -> dict[Unit, str]:
    """How a quantity's unit is written after the number (VND apart)."""
    from childprotect.text.quantities import Unit

    return {Unit.COUNT: "", Unit.PERCENT: "%", Unit.PER_THOUSAND: " p/1000",
            Unit.PER_100000: "/100.000"}


def format_number(q: Quantity) -> str:
    """A quantity as Vietnamese documents write it; :func:`parse_number` reads it back.

    >>> format_number(parse_number("1,5%")), format_number(parse_number("300 triệu đồng"))
    ('1,5%', '300.000.000 đồng')
    """
    from childprotect.text.quantities import Unit

    if q.unit is Unit.VND:
        return f"{format_decimal(q.value)} đồng"
    return format_decimal(q.value) + _unit_texts()[q.unit]


# --- dates -------------------------------------------------------------------------------

_DMY = r"(?:ngày\s*)?([0-9]{1,2})\s*[/.\-]\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{4})"
_WORDS = (
    r"(?:ngày\s*(?P<d>[0-9]{1,2})?\s*)?tháng\s*(?P<m>[0-9]{1,2})\s*(?:năm\s*|/\s*)(?P<y>[0-9]{4})"
)
_MY = r"(?:tháng\s*)?([0-9]{1,2})\s*/\s*([0-9]{4})"
_Y = r"(?:năm\s*)?([0-9]{4})"
_DM = (
    r"(?:(?:trước|sau|đến|từ|vào)\s+)?(?:ngày\s*)?(?:([0-9]{1,2})\s*/\s*([0-9]{1,2})"
    r"|([0-9]{1,2})\s*tháng\s*([0-9]{1,2}))"
)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", nfc(text).replace("\u00a0", " ")).strip().casefold()


def parse_date(text: str) -> PartialDate:
    """A date as written, at the precision it is written with.

    Accepts ``09/06/2021``, ``9/6/2021``, ``ngày 20/3/2018``, ``ngày 09 tháng 6 năm 2021``,
    ``ngày   tháng 02 năm 2020`` (blank day: month precision), ``tháng 6/2021`` and
    ``năm 2020``. A day that does not exist (``31 tháng 02``) raises :class:`InvalidDate`.
    """
    s = _clean(text)
    m = re.fullmatch(_DMY, s)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        return _make(y, mo, d, text)
    m = re.fullmatch(_WORDS, s)
    if m:
        day = int(m.group("d")) if m.group("d") else None
        return _make(int(m.group("y")), int(m.group("m")), day, text)
    m = re.fullmatch(_MY, s)
    if m:
        return _make(int(m.group(2)), int(m.group(1)), None, text)
    m = re.fullmatch(_Y, s)
    if m:
        return _make(int(m.group(1)), None, None, text)
    raise InvalidDate(
        Message("invalid date {text}: expected e.g. 09/06/2021, ngày 9 tháng 6 năm 2021 or "
                "tháng 6/2021", text=repr(text))
    )


def _make(year: int, month: int | None, day: int | None, text: str) -> PartialDate:
    from childprotect.text.dates import PartialDate

    try:
        return PartialDate(year, month, day)
    except InvalidDate as exc:
        detail = str(exc).split(": ", 1)[-1]
        raise InvalidDate(Message("invalid date {text}: {detail}", text=repr(text),
                                  detail=detail)) from None


def parse_day_month(text: str) -> DayMonth:
    """A day and month without a year, recurring every year: ``trước ngày 30/11``."""
    s = _clean(text)
    m = re.fullmatch(_DM, s)
    if m is None:
        raise InvalidDate(Message("invalid day-month {text}: expected e.g. 30/11 or ngày 30 "
                                  "tháng 11", text=repr(text)))
    d, mo = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    from childprotect.text.dates import DayMonth

    try:
        return DayMonth(int(d), int(mo))
    except InvalidDate as exc:
        detail = str(exc).split(": ", 1)[-1]
        raise InvalidDate(Message("invalid day-month {text}: {detail}", text=repr(text),
                                  detail=detail)) from None

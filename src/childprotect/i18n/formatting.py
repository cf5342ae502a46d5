"""Numbers, rates, amounts and dates as a reader of each language writes them.

Vietnamese: ``1.234,5``, ``93,86%``, ``300 triệu đồng``, ``03/12/2026``. English:
``1,234.5``, ``93.86%``, ``300 million dong``, ``2026-12-03``. Codes, years and ids are
never formatted: only values wrapped in :class:`Num`, :class:`Pct`, :class:`Money` or
:class:`Day` (and Decimals, Fractions and dates given to a message) are.

>>> Num(Decimal("1234.5")).render("vi"), Num(Decimal("1234.5")).render("en")
('1.234,5', '1,234.5')
>>> Pct(Fraction(382, 407), 2).render("vi")
'93,86%'
>>> Money(300_000_000).render("vi"), Money(300_000_000).render("en")
('300 triệu đồng', '300 million dong')
>>> Day(dt.date(2026, 12, 3)).render("vi"), Day(dt.date(2026, 12, 3)).render("en")
('03/12/2026', '2026-12-03')
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction

__all__ = ["Day", "Money", "Num", "Pct", "decimal_of", "format_date", "format_decimal"]


def decimal_of(value: int | Decimal | Fraction, places: int | None) -> Decimal:
    """``value`` as a Decimal, rounded half-even to ``places`` digits when given; a
    Fraction without ``places`` is exact when its decimal form ends, else to 6 digits.

    >>> decimal_of(Fraction(3, 8), None), decimal_of(Fraction(2, 3), 2)
    (Decimal('0.375'), Decimal('0.67'))
    """
    if isinstance(value, Fraction):
        if places is None:
            if terminates(value):
                return _exact(value)
            places = 6
        scaled = value * 10 ** places
        q, r = divmod(scaled.numerator, scaled.denominator)
        twice = 2 * r
        if twice > scaled.denominator or (twice == scaled.denominator and q % 2 == 1):
            q += 1
        return Decimal(q).scaleb(-places)
    d = Decimal(value)
    if places is None:
        return d
    with localcontext() as ctx:
        ctx.prec = max(28, len(d.as_tuple().digits) + places + 2)
        return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def terminates(value: Fraction) -> bool:
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def _exact(value: Fraction) -> Decimal:
    d, places = value.denominator, 0
    while (10 ** places) % d:
        places += 1
    return Decimal(value.numerator * (10 ** places // d)).scaleb(-places)


def format_decimal(value: Decimal, lang: str) -> str:
    """A decimal with the language's thousands and decimal marks.

    >>> format_decimal(Decimal("-1234567.05"), "vi")
    '-1.234.567,05'
    """
    if not value.is_finite():
        from childprotect.errors import ValidationError

        raise ValidationError(f"cannot write {value!r} as a number")
    sign = "-" if value.is_signed() and value else ""
    # copy_abs, not abs(): abs() rounds to the context's 28 digits
    whole, _, frac = format(value.copy_abs(), "f").partition(".")
    group, point = (".", ",") if lang == "vi" else (",", ".")
    grouped = f"{int(whole):,}".replace(",", group)
    return sign + grouped + (point + frac if frac else "")


def format_date(day: dt.date, lang: str) -> str:
    """``03/12/2026`` in Vietnamese, ``2026-12-03`` in English."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if lang == "vi" else day.isoformat()


class Num:
    """A number to be written with the reader's marks (optionally rounded to ``places``)."""

    __slots__ = ("places", "value")

    def __init__(self, value: int | Decimal | Fraction, places: int | None = None) -> None:
        self.value = value
        self.places = places

    def render(self, lang: str) -> str:
        return format_decimal(decimal_of(self.value, self.places), lang)

    def __repr__(self) -> str:
        return f"Num({self.value!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and all(
            getattr(self, k) == getattr(other, k) for k in _slots(type(self)))

    def __hash__(self) -> int:
        return hash((type(self), self.value))


def _slots(cls: type) -> tuple[str, ...]:
    return tuple(s for c in cls.__mro__ for s in getattr(c, "__slots__", ()))


class Pct(Num):
    """A share (a fraction of 1, or a percentage when ``of_one`` is false) as a percentage."""

    __slots__ = ("of_one",)

    def __init__(self, value: int | Decimal | Fraction, places: int | None = 2,
                 of_one: bool = True) -> None:
        super().__init__(value, places)
        self.of_one = of_one

    def render(self, lang: str) -> str:
        v = Fraction(self.value) * 100 if self.of_one else self.value
        return format_decimal(decimal_of(v, self.places), lang) + "%"


#: Scale words for amounts in đồng: (factor, Vietnamese, English), largest first.
_SCALES = ((10**9, "tỷ", "billion"), (10**6, "triệu", "million"))


class Money(Num):
    """An amount in đồng, with a scale word when it reads exactly (``300 triệu đồng``)."""

    __slots__ = ()

    def render(self, lang: str) -> str:
        value = Decimal(self.value) if not isinstance(self.value, Fraction) else \
            decimal_of(self.value, 0)
        for factor, vi, en in _SCALES:
            if abs(value) >= factor:
                scaled = value / factor
                if scaled == scaled.quantize(Decimal("0.01")):
                    text = format_decimal(scaled.normalize() if scaled % 1 else
                                          scaled.quantize(Decimal(1)), lang)
                    return f"{text} {vi} đồng" if lang == "vi" else f"{text} {en} dong"
        return f"{format_decimal(value, lang)} {'đồng' if lang == 'vi' else 'dong'}"


class Day:
    """A date to be written as the reader writes dates."""

    __slots__ = ("value",)

    def __init__(self, value: dt.date) -> None:
        self.value = value

    def render(self, lang: str) -> str:
        return format_date(self.value, lang)

    def __repr__(self) -> str:
        return f"Day({self.value!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Day) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)

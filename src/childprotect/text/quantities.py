"""Units of measure and exact quantities.

Rates are numerator / denominator × factor: percent (100), per 1,000 (``p/1000``, ``‰``)
and per 100,000 (``550/100.000 trẻ em``). Amounts are in đồng. Values are exact
``Decimal`` numbers; nothing here uses floats.

>>> from decimal import Decimal
>>> Quantity(Decimal("1.5"), Unit.PERCENT)
Quantity(value=Decimal('1.5'), unit=<Unit.PERCENT: 'percent'>)
>>> Unit.PER_100000.factor
100000
>>> Quantity(Decimal("1.5"), Unit.PERCENT).to(Unit.PER_THOUSAND).value
Decimal('15.0')
>>> str(Quantity(Decimal("300000000"), Unit.VND))
'300000000 VND'
"""

from __future__ import annotations

import enum
from decimal import Decimal
from fractions import Fraction

import attrs

from childprotect.errors import InvalidNumber, ValidationError
from childprotect.i18n import Message

__all__ = ["Quantity", "Unit", "exact_product", "exact_text", "rate"]


class Unit(enum.Enum):
    """A unit of measure used by plan targets."""

    COUNT = "count"
    PERCENT = "percent"
    PER_THOUSAND = "per_1000"
    PER_100000 = "per_100000"
    VND = "vnd"

    @property
    def factor(self) -> int | None:
        """The multiplier of a rate unit (numerator / denominator × factor); None otherwise."""
        return _FACTORS.get(self)

    @property
    def is_rate(self) -> bool:
        return self in _FACTORS

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]

    @classmethod
    def parse(cls, text: str) -> Unit:
        """The unit written as its code (``percent``) or as a person writes it in a cell:
        ``%``, ``phần trăm``, ``‰``, ``/1.000``, ``/100.000``, ``đồng``, ``VNĐ``, any case,
        normalisation and spacing; a ``ValueError`` otherwise.

        >>> Unit.parse("%"), Unit.parse(" Phần  trăm "), Unit.parse("/100.000")
        (<Unit.PERCENT: 'percent'>, <Unit.PERCENT: 'percent'>, <Unit.PER_100000: 'per_100000'>)
        """
        import unicodedata

        key = " ".join(unicodedata.normalize("NFC", text).casefold().split())
        found = _WRITTEN.get(key) or _WRITTEN.get(key.replace(" ", ""))
        if found is None:
            raise ValueError(repr(text))
        return found


_FACTORS = {Unit.PERCENT: 100, Unit.PER_THOUSAND: 1000, Unit.PER_100000: 100000}

#: How a unit is written in a cell (after case folding, NFC, single spaces): its code, its
#: symbol, and the words and abbreviations of Vietnamese statistics (a thousand written
#: 1.000 or 1,000 or 1000).
_WRITTEN = {
    **{u.value: u for u in Unit},
    "%": Unit.PERCENT, "phần trăm": Unit.PERCENT, "pct": Unit.PERCENT,
    "‰": Unit.PER_THOUSAND, "phần nghìn": Unit.PER_THOUSAND, "phần ngàn": Unit.PER_THOUSAND,
    **{f"{p}{n}": Unit.PER_THOUSAND for p in ("/", "p/", "per") for n in ("1000", "1.000",
                                                                         "1,000")},
    **{f"{p}{n}": Unit.PER_100000 for p in ("/", "p/", "per") for n in (
        "100000", "100.000", "100,000")},
    "đồng": Unit.VND, "vnđ": Unit.VND, "đ": Unit.VND, "việt nam đồng": Unit.VND,
    "số lượng": Unit.COUNT,
}
_SYMBOLS = {
    Unit.COUNT: "",
    Unit.PERCENT: "%",
    Unit.PER_THOUSAND: "‰",
    Unit.PER_100000: "/100,000",
    Unit.VND: "VND",
}


def _is_decimal(_inst: object, attribute: attrs.Attribute[Decimal], value: object) -> None:
    if type(value) is not Decimal:
        raise ValidationError(Message("{field} must be a Decimal, got {value}",
                                      field=attribute.name, value=repr(value)))
    if not value.is_finite():
        raise ValidationError(Message("{field} must be finite, got {value}", field=attribute.name,
                                      value=repr(value)))


@attrs.frozen
class Quantity:
    """An exact value with its unit."""

    value: Decimal = attrs.field(validator=_is_decimal)
    unit: Unit = attrs.field(validator=attrs.validators.instance_of(Unit))

    def to(self, unit: Unit) -> Quantity:
        """Convert between rate units exactly (percent ↔ per 1,000 ↔ per 100,000)."""
        if unit is self.unit:
            return self
        src, dst = self.unit.factor, unit.factor
        if src is None or dst is None:
            raise ValidationError(Message("cannot convert {unit} to {unit2}",
                                          unit=self.unit.value, unit2=unit.value))
        return Quantity(exact_product(self.value, Decimal(dst), src), unit)

    def __str__(self) -> str:
        sym = self.unit.symbol
        if self.unit is Unit.VND:
            return f"{self.value} VND"
        return f"{self.value}{sym}"


def exact_product(a: Decimal, b: Decimal, divisor: int = 1) -> Decimal:
    """``a × b / divisor`` computed exactly, whatever its number of digits; ``divisor``
    is a power of ten (a rate unit's factor), so the result always has an exact
    decimal form. (Decimal arithmetic in the default context rounds to 28 digits.)

    >>> exact_product(Decimal("1234567890123456789012345678901"), Decimal(1000))
    Decimal('1234567890123456789012345678901000')
    >>> exact_product(Decimal("0.123456789012345678901234567891"), Decimal(1), 100)
    Decimal('0.00123456789012345678901234567891')
    """
    import decimal

    size = len(a.as_tuple().digits) + len(b.as_tuple().digits) + len(str(divisor)) + 2
    ctx = decimal.Context(prec=size, traps=[decimal.Inexact, decimal.Overflow,
                                            decimal.InvalidOperation, decimal.Underflow])
    try:
        product = ctx.multiply(a, b)
        return product if divisor == 1 else ctx.divide(product, Decimal(divisor))
    except decimal.DecimalException:
        raise InvalidNumber(Message("{a} × {b} / {divisor} has no exact decimal value",
                                    a=a, b=b, divisor=divisor)) from None


def rate(numerator: int, denominator: int, unit: Unit) -> Fraction:
    """The exact rate ``numerator / denominator × factor`` as a Fraction.

    >>> rate(15, 1000, Unit.PERCENT)
    Fraction(3, 2)
    """
    factor = unit.factor
    if factor is None:
        raise ValidationError(Message("{unit} is not a rate unit", unit=unit.value))
    if denominator == 0:
        raise ValidationError(Message("rate with a zero denominator"))
    return Fraction(numerator * factor, denominator)


def exact_text(value: Fraction | Decimal | int) -> str:
    """An exact number as text: a terminating decimal as such, otherwise ``p/q``; however
    many digits it has (``str`` of an int stops at 4,300 digits by default).

    >>> exact_text(Fraction(1, 8)), exact_text(Fraction(1, 3)), exact_text(Decimal("2.50"))
    ('0.125', '1/3', '2.50')
    >>> len(exact_text(Fraction(1, 3**9000)))
    4297
    """
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return _digits(value)
    q = value.denominator
    twos = (q & -q).bit_length() - 1
    q >>= twos
    fives = 0
    while q % 5 == 0:
        q //= 5
        fives += 1
    if q != 1:
        return f"{_digits(value.numerator)}/{_digits(value.denominator)}"
    places = max(twos, fives)
    scaled = value * 10**places
    text = _digits(abs(scaled.numerator))
    sign = "-" if value < 0 else ""
    if places == 0:
        return sign + text
    text = text.rjust(places + 1, "0")
    return f"{sign}{text[:-places]}.{text[-places:]}"


def _digits(n: int) -> str:
    """``n`` in decimal digits, however many (exactly: a ``Decimal`` holds any int)."""
    return str(n) if n.bit_length() < 14_000 else format(Decimal(n), "f")

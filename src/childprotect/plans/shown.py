"""Numbers as shown beside a verdict: as many digits as the comparison needs.

Rounding an observed value to two decimals can make it read equal to its target while
the verdict says it is below it (0.0098% shown as "0.01%" against "< 0.01%"). Here the
observed value and the target level are shown with the fewest decimals (at least
``places``, at least as many as the target's own) at which the shown values, read back,
compare exactly as the exact values do:

>>> from fractions import Fraction
>>> shown_pair(Fraction(98, 10000), Fraction(1, 100))
(Decimal('0.0098'), Decimal('0.01'))
>>> shown_pair(Fraction(38200, 407), Fraction(93))
(Decimal('93.86'), Decimal('93'))
>>> shown_pair(Fraction(1, 100), Fraction(1, 100))  # equal: shown equal
(Decimal('0.01'), Decimal('0.01'))
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

__all__ = ["comparison_places", "decimal_text", "rounded", "shown", "shown_pair", "terminates"]


def terminates(value: Fraction) -> bool:
    """Whether ``value`` has a finite decimal form (its denominator is 2ᵃ·5ᵇ)."""
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def _digits(value: Fraction) -> int:
    """The number of decimals of a terminating fraction."""
    d, places = value.denominator, 0
    while (10 ** places) % d:
        places += 1
    return places


def rounded(value: Fraction, places: int) -> Decimal:
    """``value`` rounded half-even to ``places`` decimals, exactly (no float, no context).

    >>> rounded(Fraction(1, 8), 2), rounded(Fraction(3, 8), 2), rounded(Fraction(-2, 3), 3)
    (Decimal('0.12'), Decimal('0.38'), Decimal('-0.667'))
    """
    scaled = value * 10 ** places
    q, r = divmod(scaled.numerator, scaled.denominator)
    if 2 * r > scaled.denominator or (2 * r == scaled.denominator and q % 2 == 1):
        q += 1
    return Decimal(q).scaleb(-places)


def shown(value: Fraction, places: int) -> Decimal:
    """``value`` as shown with ``places`` decimals: exact (trailing zeros dropped) when it
    terminates within them, else rounded half-even.

    >>> shown(Fraction(3, 2), 2), shown(Fraction(2, 3), 2), shown(Fraction(100), 2)
    (Decimal('1.5'), Decimal('0.67'), Decimal('100'))
    """
    if terminates(value) and _digits(value) <= places:
        exact = Decimal(value.numerator * 10 ** _digits(value) // value.denominator)
        exact = exact.scaleb(-_digits(value))
        return exact.quantize(Decimal(1)) if exact == exact.to_integral_value() \
            else exact.normalize()
    return rounded(value, places)


def _sign(x: Fraction | Decimal) -> int:
    return (x > 0) - (x < 0)


def comparison_places(observed: Fraction, level: Fraction, places: int = 2) -> int:
    """The fewest decimals (at least ``places``, and at least the level's own when it has
    a finite decimal form) at which ``observed`` and ``level``, as :func:`shown`, compare
    as the exact values do, and a non-zero ``observed`` does not read as zero.

    >>> comparison_places(Fraction(98, 10000), Fraction(1, 100))
    4
    >>> comparison_places(Fraction(31, 10000), Fraction(5, 1000))  # the level's 3 decimals
    3
    """
    p = max(places, _digits(level) if terminates(level) else 0)
    want = _sign(observed - level)
    while True:
        x, lv = shown(observed, p), shown(level, p)
        if _sign(Fraction(x) - Fraction(lv)) == want and (x != 0 or observed == 0):
            return p
        p += 1


def shown_pair(observed: Fraction, level: Fraction, places: int = 2) -> tuple[Decimal, Decimal]:
    """The observed value and the level as shown side by side (see the module)."""
    p = comparison_places(observed, level, places)
    return shown(observed, p), shown(level, p)


def decimal_text(value: Fraction, places: int = 6) -> str:
    """A Fraction as decimal text: exact when it terminates, else rounded to ``places``.

    >>> decimal_text(Fraction(3, 2)), decimal_text(Fraction(1, 3)), decimal_text(Fraction(-7, 60))
    ('1.5', '0.333333', '-0.116667')
    """
    num, den = value.numerator, value.denominator
    if terminates(value):
        exact = Decimal(num) / Decimal(den)
        text = format(exact.normalize(), "f") if exact != exact.to_integral_value() \
            else str(num // den)
        return text
    q = (Decimal(num) / Decimal(den)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN)
    return format(q, "f")

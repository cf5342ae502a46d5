"""The pieces of an assessment's explanation, as messages in either language.

Values are shown with the digits the comparison needs (:mod:`childprotect.plans.shown`)
and written as each reader writes numbers:

>>> from fractions import Fraction
>>> from childprotect.formats import catalog
>>> ct7 = catalog.load("thua-thien-hue-208-2021").target("CT7")
>>> x, lv = shown_vs_level(ct7, ct7.indicator.unit, Fraction(98, 10000), Fraction(1, 100))
>>> x.text("en"), comparison(ct7, ct7.indicator.unit, lv).text("vi")
('0.0098%', '< 0,01%')
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from childprotect.i18n import Message, Money, Num
from childprotect.plans.indicators import Comparator, Direction
from childprotect.plans.shown import comparison_places, shown
from childprotect.text.quantities import Unit

if TYPE_CHECKING:
    from childprotect.plans.observed import Coverage
    from childprotect.plans.targets import Target

__all__ = ["COMPARATOR_WORDS", "UNIT_WORDS", "comparison", "coverage_note", "pace", "quantity",
           "shown_vs_level", "symbol", "years_text"]


def quantity(unit: Unit | None, value: Decimal) -> Message:
    """``value`` (already shown to its digits) with its unit: ``1,5%``, ``300 triệu đồng``."""
    if unit is Unit.PERCENT:
        return Message("{value}%", value=Num(value))
    if unit is Unit.PER_THOUSAND:
        return Message("{value}‰", value=Num(value))
    if unit is Unit.PER_100000:
        return Message("{value} per 100,000", value=Num(value))
    if unit is Unit.VND:
        return Message("{value}", value=Money(value))
    return Message("{value}", value=Num(value))


#: How each comparator reads in a table for people (its code is the machine form).
COMPARATOR_WORDS = {
    Comparator.BELOW: Message("below", context="comparator"),
    Comparator.AT_MOST: Message("at most", context="comparator"),
    Comparator.AT_LEAST: Message("at least", context="comparator"),
    Comparator.ABOVE: Message("above", context="comparator"),
    Comparator.REACH: Message("reach", context="comparator"),
    Comparator.REDUCE_TO: Message("reduce to", context="comparator"),
    Comparator.REDUCE_BY: Message("reduce by", context="comparator"),
    Comparator.INCREASE_BY: Message("increase by", context="comparator"),
    Comparator.ANNUAL_REDUCTION: Message("reduce each year by", context="comparator"),
    Comparator.MAINTAIN: Message("maintain", context="comparator"),
    Comparator.ELIMINATE: Message("eliminate", context="comparator"),
    Comparator.QUALITATIVE: Message("qualitative", context="comparator"),
}

#: How each unit reads in a table for people.
UNIT_WORDS = {
    Unit.COUNT: Message("count", context="unit"),
    Unit.PERCENT: Message("%", context="unit"),
    Unit.PER_THOUSAND: Message("per 1,000", context="unit"),
    Unit.PER_100000: Message("per 100,000", context="unit"),
    Unit.VND: Message("VND", context="unit"),
}


def symbol(target: Target) -> str:
    """The sign an observed level must satisfy against the target's level."""
    c = target.comparator
    if c is Comparator.BELOW:
        return "<"
    if c is Comparator.ABOVE:
        return ">"
    if c in (Comparator.AT_LEAST, Comparator.INCREASE_BY):
        return "≥"
    if c in (Comparator.AT_MOST, Comparator.REDUCE_TO, Comparator.REDUCE_BY):
        return "≤"
    if c is Comparator.ELIMINATE:
        return "="
    if c is Comparator.REACH:
        return "≥" if target.direction is Direction.INCREASE else "≤"
    if c is Comparator.ANNUAL_REDUCTION:
        return "≤"
    return "≥" if target.indicator and target.indicator.higher_is_better else "≤"


def comparison(target: Target, unit: Unit | None, level: Decimal) -> Message:
    """``< 1,5%``: the target's sign and its level."""
    return Message("{symbol} {level}", symbol=symbol(target), level=quantity(unit, level))


def shown_vs_level(target: Target, unit: Unit | None, observed: Fraction, level: Fraction
                   ) -> tuple[Message, Decimal]:
    """The observed value (with its unit) and the level, each with the digits that make
    their comparison visible (at least two decimals for rates, none for counts)."""
    base = 2 if unit is not None and unit.is_rate else 0
    p = comparison_places(observed, level, base)
    return quantity(unit, shown(observed, p)), shown(level, p)


def coverage_note(why: Message, coverage: Coverage | None) -> Message:
    """``why``, and when the data cover only part of the units expected, says so."""
    if coverage is None or coverage.complete:
        return why
    return Message("{main}; computed over {coverage} (partial coverage)", main=why,
                   coverage=coverage.message())


def pace(p: Fraction, target: Target | None = None) -> Message:
    """A yearly change in words: ``a fall of more than 0.0779``."""
    strict = target is not None and target.comparator in (Comparator.BELOW, Comparator.ABOVE)
    v = Num(shown(abs(p), 4))
    if p < 0:
        return Message("a fall of more than {value}", value=v) if strict else \
            Message("a fall of {value}", value=v)
    if p > 0:
        return Message("a rise of more than {value}", value=v) if strict else \
            Message("a rise of {value}", value=v)
    if not strict:
        return Message("no change")
    assert target is not None
    return Message("any fall") if target.comparator is Comparator.BELOW else \
        Message("any rise")


def years_text(years: Iterable[int]) -> str:
    """Years as a list: ``2021, 2022``."""
    return ", ".join(str(y) for y in years)

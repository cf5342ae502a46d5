"""Comparing a provincial target with the national target it implements (used by the tests).

A threshold target is the set of observed values that meet it: a half-line such as
``x < 4`` or ``x ≥ 97``. A provincial target is *weaker* than the national one when some
value meets the provincial target but not the national one, *stronger* when every value
meeting it also meets the national one (and not conversely), *equal* when both sets are
the same. Annual reductions compare their minimum yearly fall; ``eliminate`` is ``x = 0``.
"""

from __future__ import annotations

from fractions import Fraction

from childprotect.plans.indicators import Comparator, Direction
from childprotect.plans.targets import Target

#: Comparators that are a half-line, and whether the line goes up (x ≥ / >) and is closed.
_UP_CLOSED = {Comparator.AT_LEAST: (True, True), Comparator.ABOVE: (True, False),
              Comparator.BELOW: (False, False), Comparator.AT_MOST: (False, True),
              Comparator.REDUCE_TO: (False, True)}


def half_line(t: Target) -> tuple[bool, bool, Fraction] | None:
    """(goes up, closed, bound) of a threshold target; None when it is not one."""
    c = t.comparator
    if t.value is None:
        return None
    if c in _UP_CLOSED:
        up, closed = _UP_CLOSED[c]
        return up, closed, Fraction(t.value)
    if c is Comparator.REACH and t.direction is not Direction.MAINTAIN:
        return t.direction is Direction.INCREASE, True, Fraction(t.value)
    if c is Comparator.MAINTAIN and t.indicator is not None \
            and t.indicator.higher_is_better is not None:
        return t.indicator.higher_is_better, True, Fraction(t.value)
    return None


def _subset(a: tuple[bool, bool, Fraction], b: tuple[bool, bool, Fraction]) -> bool:
    """Whether half-line ``a`` lies inside half-line ``b`` (same direction)."""
    up, a_closed, av = a
    _, b_closed, bv = b
    if av == bv:
        return b_closed or not a_closed
    return av > bv if up else av < bv


def verdict(provincial: Target, national: Target) -> str:
    """``stronger``, ``equal``, ``weaker`` or ``not-comparable``."""
    pu, nu = provincial.unit, national.unit
    if pu is None or nu is None or pu is not nu:
        return "not-comparable"
    pc, nc = provincial.comparator, national.comparator
    if pc is Comparator.ELIMINATE and nc is Comparator.ELIMINATE:
        return "equal"
    if pc is Comparator.ANNUAL_REDUCTION and nc is Comparator.ANNUAL_REDUCTION:
        assert provincial.value is not None and national.value is not None
        if provincial.change is not national.change:
            return "not-comparable"
        p, n = Fraction(provincial.value), Fraction(national.value)
        return "equal" if p == n else "stronger" if p > n else "weaker"
    a, b = half_line(provincial), half_line(national)
    if a is None or b is None or a[0] is not b[0]:
        return "not-comparable"
    inside, outside = _subset(a, b), _subset(b, a)
    if inside and outside:
        return "equal"
    return "stronger" if inside else "weaker"

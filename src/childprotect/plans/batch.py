"""One target assessed at many units at once, exactly, on integers.

:func:`assess_counts` judges a target on one year's counts at each of many units (a
province's communes, a country's provinces): the comparison ``n × factor / d`` against
the level ``p / q`` is decided on whole numbers (``n × factor × q`` against ``p × d``),
with no Fraction and no explanation built; :meth:`Batch.assessment` gives the full
:class:`~childprotect.plans.verdicts.Assessment` of any unit, explanation included, when
it is shown. Every status is the one :func:`~childprotect.plans.assessment.assess` gives
for the same observation (a property test checks it).

>>> from childprotect.formats import catalog
>>> ct6 = catalog.load("thua-thien-hue-208-2021").target("CT6.1")  # below 1.5% by 2025
>>> b = assess_counts(ct6, [14, 15, None, 0], [1000, 1000, 900, 0], year=2025)
>>> [s.value for s in b.statuses]
['met', 'not_met', 'no_data', 'not_assessable']
>>> b.assessment(1).explanation.text("en")
'observed 1.5% in 2025; target < 1.5%'
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import cast

import attrs

from childprotect.i18n import Message
from childprotect.plans.assessment import DEFAULT_MIN_COVERAGE, Observation, assess
from childprotect.plans.indicators import Comparator, Direction, Recurrence
from childprotect.plans.observed import Coverage, InvalidObservation
from childprotect.plans.status import Status
from childprotect.plans.targets import Target
from childprotect.plans.verdicts import Assessment, check_minimum

__all__ = ["Batch", "assess_counts"]

_MET, _NOT, _ON = Status.MET, Status.NOT_MET, Status.ON_TRACK
_NONE, _NA, _THIN = Status.NO_DATA, Status.NOT_ASSESSABLE, Status.INSUFFICIENT_DATA
_OPS: dict[str, Callable[[int, int], bool]] = {
    "lt": operator.lt, "gt": operator.gt, "ge": operator.ge, "le": operator.le}
_ZERO = object()


def _equal(a: int, b: int) -> bool:
    return a == b  # a zero denominator: not assessable, whatever the coverage


@attrs.frozen
class Batch:
    """A target's statuses at many units for one year; the full assessment of a unit is
    built when asked for (:meth:`assessment`)."""

    target: Target
    year: int
    statuses: tuple[Status, ...]
    numerators: tuple[int | None, ...] = attrs.field(repr=False)
    denominators: tuple[int | None, ...] | None = attrs.field(repr=False)
    reporting: tuple[int, ...] | None = attrs.field(default=None, repr=False)
    expected: tuple[int, ...] | None = attrs.field(default=None, repr=False)
    on: dt.date | None = None
    min_coverage: Fraction = DEFAULT_MIN_COVERAGE

    def observation(self, i: int) -> Observation | None:
        """The observation of unit ``i`` (None when it has no data)."""
        n = self.numerators[i]
        d = self.denominators[i] if self.denominators is not None else None
        if n is None or (self.denominators is not None and d is None):
            return None
        cov = None if self.reporting is None or self.expected is None else \
            Coverage(self.reporting[i], self.expected[i])
        return Observation(self.year, numerator=n, denominator=d, coverage=cov)

    def assessment(self, i: int) -> Assessment:
        """The full assessment of unit ``i``, as :func:`assess` gives it."""
        o = self.observation(i)
        return assess(self.target, [] if o is None else [o], on=self.on,
                      min_coverage=self.min_coverage)

    def counts(self) -> dict[Status, int]:
        out = dict.fromkeys(Status, 0)
        for s in self.statuses:
            out[s] += 1
        return out


def _test(target: Target) -> str:
    """The comparison of ``observed`` against ``level`` the target asks for: lt, gt, ge,
    le or eq."""
    c = target.comparator
    if c is Comparator.BELOW:
        return "lt"
    if c is Comparator.ABOVE:
        return "gt"
    if c in (Comparator.AT_LEAST, Comparator.INCREASE_BY):
        return "ge"
    if c in (Comparator.AT_MOST, Comparator.REDUCE_TO, Comparator.REDUCE_BY):
        return "le"
    if c is Comparator.ELIMINATE:
        return "eq"
    if c is Comparator.REACH:
        return "ge" if target.direction is Direction.INCREASE else "le"
    assert target.indicator is not None
    return "ge" if target.indicator.higher_is_better else "le"


def assess_counts(target: Target, numerators: Sequence[int | None],
                  denominators: Sequence[int | None] | None = None, *, year: int,
                  on: dt.date | None = None, reporting: Sequence[int] | None = None,
                  expected: Sequence[int] | None = None,
                  min_coverage: Fraction = DEFAULT_MIN_COVERAGE) -> Batch:
    """``target`` at each unit from that unit's counts for ``year`` (``None``: the unit
    has no data); ``denominators`` for a rate, none for a count. ``reporting`` and
    ``expected`` give each unit's coverage. Impossible counts, and counts of a year after
    ``on``'s, raise :class:`InvalidObservation` as :func:`assess` does."""
    minimum = check_minimum(min_coverage)
    nums = tuple(numerators)
    dens = tuple(denominators) if denominators is not None else None
    rep = tuple(reporting) if reporting is not None else None
    exp = tuple(expected) if expected is not None else None
    n_units = len(nums)
    for name, col in (("denominators", dens), ("reporting", rep), ("expected", exp)):
        if col is not None and len(col) != n_units:
            raise InvalidObservation(Message(
                "target {target}: {count} {name} for {units} numerators",
                target=repr(target.id), count=len(col), name=name, units=n_units))
    batch = Batch(target, year, (), nums, dens, rep, exp, on, minimum)
    if rep is not None and exp is not None:
        for r, e in zip(rep, exp, strict=True):
            if type(r) is not int or type(e) is not int or not 0 <= r <= e:
                Coverage(r, e)  # raises, naming the problem
    elif (rep is None) != (exp is None):
        raise InvalidObservation(Message(
            "target {target}: give both reporting and expected (the units that reported and "
            "the units expected), or neither", target=repr(target.id)))
    if on is not None and year > on.year:  # data of a later year: an error, as assess says
        for i in range(n_units):
            o = batch.observation(i)
            if o is not None:
                assess(target, [o], on=on)  # raises, named
    fast = _fast_statuses(target, nums, dens, year, on)
    if fast is None:  # trends, annual targets, baselines: the full assessment of each unit
        statuses = tuple(batch.assessment(i).status for i in range(n_units))
    elif rep is not None and exp is not None:
        m, k = minimum.numerator, minimum.denominator
        statuses = tuple(_known(s) if s is _NONE or (e and r * k >= m * e) else _THIN
                         for s, r, e in zip(fast, rep, exp, strict=True))
    elif _ZERO in fast:
        statuses = tuple(map(_known, fast))
    else:
        statuses = cast("tuple[Status, ...]", tuple(fast))
    return attrs.evolve(batch, statuses=statuses)


def _known(s: object) -> Status:
    return _NA if s is _ZERO else s  # type: ignore[return-value]


def _fast_statuses(target: Target, nums: tuple[int | None, ...],
                   dens: tuple[int | None, ...] | None, year: int, on: dt.date | None
                   ) -> list[object] | None:
    ind = target.indicator
    level = target.level()
    if ind is None or level is None or target.recurrence is Recurrence.ANNUAL or \
            target.comparator in (Comparator.QUALITATIVE, Comparator.ANNUAL_REDUCTION):
        return None
    factor = ind.unit.factor
    if (factor is None) != (dens is None):
        return None  # counts for a rate, or a rate for a count: assess names the problem
    ty = target.year
    if ty is not None and on is not None and on.year > ty and year != ty:
        return [_NONE] * len(nums)  # the target year is over; these are not its data
    final = ty is None or year >= ty
    # before the target year one year has no trend: met is on track, unmet undecided
    met_status, unmet_status = (_MET, _NOT) if final else (_ON, _NA)
    p, q = level.numerator, level.denominator
    test = _test(target)
    op = _OPS.get(test, _equal)
    bounded = ind.bounded
    out: list[object] = []
    append = out.append
    if dens is None:
        for n in nums:
            if n is None:
                append(_NONE)
                continue
            if type(n) is not int or n < 0:
                assess(target, Observation(year, numerator=n))  # raises, named
            ok = op(n * q, p) if test != "eq" else n == 0
            append(met_status if ok else unmet_status)
        return out
    if test != "eq" and _valid(nums, dens, bounded) and 0 not in dens:
        fq = factor * q  # type: ignore[operator]
        oks = map(op, map(operator.mul, nums, itertools.repeat(fq)),
                  map(operator.mul, dens, itertools.repeat(p)))
        return list(map((unmet_status, met_status).__getitem__, oks))
    for n, d in zip(nums, dens, strict=True):
        if n is None or d is None:
            append(_NONE)
            continue
        if type(n) is not int or type(d) is not int or n < 0 or d < 0 or \
                (d == 0 and n != 0) or (bounded and n > d):
            assess(target, Observation(year, numerator=n, denominator=d))  # raises, named
        if d == 0:
            append(_ZERO)
            continue
        x, y = n * factor * q, p * d  # type: ignore[operator]
        ok = op(x, y) if test != "eq" else n == 0
        append(met_status if ok else unmet_status)
    return out


def _valid(nums: tuple[int | None, ...], dens: tuple[int | None, ...], bounded: bool) -> bool:
    """Whether every count is a non-negative int, none missing (and no part exceeds its
    whole)."""
    if not set(map(type, nums)) <= {int} or not set(map(type, dens)) <= {int}:
        return False
    ints_n = cast("tuple[int, ...]", nums)
    ints_d = cast("tuple[int, ...]", dens)
    if min(ints_n, default=0) < 0 or min(ints_d, default=0) < 0:
        return False
    return not bounded or not any(map(operator.gt, ints_n, ints_d))

"""Assessing targets against observed data, exactly.

:func:`assess` takes a target and what was observed (counts, a value, or a series by
year) and returns an :class:`Assessment`: a status from a fixed vocabulary, the observed
value, the gap in the target's unit and, before the target year, the yearly pace still
needed. All arithmetic is on ``Fraction``: "dưới 1,5%" with exactly 15 of 1,000 is not
met, whatever floats would say.

>>> from childprotect.formats import catalog
>>> ct6 = catalog.load("thua-thien-hue-208-2021").target("CT6.1")
>>> a = assess(ct6, Observation(2025, numerator=15, denominator=1000))
>>> a.status, a.observed, a.gap
(<Status.NOT_MET: 'not_met'>, Fraction(3, 2), Fraction(0, 1))
>>> assess(ct6, Observation(2025, numerator=14, denominator=1000)).status
<Status.MET: 'met'>

Before the target year, the trend decides: a series that will not get below 1.5% by
2025 at its current pace is off track.

>>> series = [Observation(2021, numerator=190, denominator=10000),
...           Observation(2022, numerator=185, denominator=10000)]
>>> a = assess(ct6, series)
>>> a.status, a.required_pace, a.observed_pace
(<Status.OFF_TRACK: 'off_track'>, Fraction(-7, 60), Fraction(-1, 20))

A zero denominator is a named outcome, never a silent 0:

>>> assess(ct6, Observation(2025, numerator=0, denominator=0)).reason
<Reason.ZERO_DENOMINATOR: 'zero_denominator'>
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from childprotect.errors import UnknownName, ValidationError
from childprotect.i18n import Message
from childprotect.plans.indicators import Change, Comparator, Direction, Recurrence
from childprotect.plans.targets import Target
from childprotect.tables.notebook import Displayable
from childprotect.text.quantities import Unit

if TYPE_CHECKING:
    from childprotect.plans.plan import Plan

__all__ = [
    "Assessment",
    "InvalidObservation",
    "Observation",
    "ObservedData",
    "ObservedRow",
    "Reason",
    "Status",
    "assess",
    "assess_plan",
    "decimal_text",
]


class InvalidObservation(ValidationError):
    """Observed data that cannot be right for the target it is given for."""


class Status(enum.Enum):
    """The outcome of an assessment."""

    MET = "met"
    NOT_MET = "not_met"
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    NOT_ASSESSABLE = "not_assessable"


class Reason(enum.Enum):
    """Why a target could not be assessed."""

    QUALITATIVE = "qualitative"  # no number to compare with
    ZERO_DENOMINATOR = "zero_denominator"  # a rate over nothing
    MISSING_YEARS = "missing_years"  # a year inside the series has no observation
    NO_BASELINE = "no_baseline"  # reduce_by with no baseline
    ZERO_BASE = "zero_base"  # a relative change from zero
    NO_TREND = "no_trend"  # one observation before the target year: no pace
    TOO_FEW_YEARS = "too_few_years"  # an annual change needs two consecutive years


@attrs.frozen
class Observation:
    """What was observed for one target in one year (``year`` None: a single undated value).

    Give either ``value`` (in ``unit``, by default the target's unit) or, for a rate,
    ``numerator`` and ``denominator`` counts.
    """

    year: int | None = None
    value: Decimal | None = None
    unit: Unit | None = None
    numerator: int | None = None
    denominator: int | None = None


@attrs.frozen
class ObservedRow:
    """One row of an observed-data file: an :class:`Observation` for a named target."""

    target: str
    year: int | None = None
    value: Decimal | None = None
    unit: Unit | None = None
    numerator: int | None = None
    denominator: int | None = None
    note: str | None = None

    def observation(self) -> Observation:
        return Observation(self.year, self.value, self.unit, self.numerator, self.denominator)


@attrs.frozen
class ObservedData:
    """Observed data for a plan: rows by target, with where the data came from.

    ``synthetic`` marks invented data (examples, tests) so that no report mistakes it for
    real figures.
    """

    observations: tuple[ObservedRow, ...] = ()
    source: str | None = None
    synthetic: bool = False
    comments: tuple[str, ...] = ()

    def for_target(self, target_id: str) -> tuple[Observation, ...]:
        return tuple(r.observation() for r in self.observations if r.target == target_id)


@attrs.frozen
class Assessment(Displayable):
    """The result of assessing one target.

    ``observed`` is the latest observed level in the target's unit (for an annual
    reduction, the latest year's fall in percent or points); ``gap`` is observed minus
    the target's level (negative: below it); ``required_pace`` the change per year still
    needed from the latest observation to the target level by the target year;
    ``observed_pace`` the average change per year over the observed series.
    """

    target_id: str
    status: Status
    detail: str
    reason: Reason | None = None
    unit: Unit | None = None
    level: Fraction | None = None
    observed: Fraction | None = None
    observed_year: int | None = None
    gap: Fraction | None = None
    required_pace: Fraction | None = None
    observed_pace: Fraction | None = None
    failing_years: tuple[int, ...] = ()
    missing_years: tuple[int, ...] = ()

    @property
    def is_met(self) -> bool:
        return self.status is Status.MET


Observed = Observation | Iterable[Observation] | Decimal | Fraction | int


def _bad(target: Target, message: str) -> InvalidObservation:
    return InvalidObservation(f"target {target.id!r}: {message}")


def _as_observations(target: Target, observed: Observed) -> list[Observation]:
    if isinstance(observed, Observation):
        return [observed]
    if isinstance(observed, float) or type(observed) is bool:
        raise _bad(target, f"observed value {observed!r} is not exact: give a Decimal, a "
                           "Fraction, an int or counts")
    if isinstance(observed, (Decimal, int)):
        return [Observation(value=Decimal(observed))]
    if isinstance(observed, Fraction):
        exact = Decimal(observed.numerator) / Decimal(observed.denominator)
        if Fraction(exact) != observed:
            raise _bad(target, f"observed value {observed} has no exact decimal form: give "
                               "counts instead")
        return [Observation(value=exact)]
    out = list(observed)
    for o in out:
        if not isinstance(o, Observation):
            raise _bad(target, f"expected Observation items in a series, got {o!r}")
    return out


class _Zero:
    """A year whose rate has a zero denominator."""


_ZERO = _Zero()


def _level_of(target: Target, obs: Observation) -> Fraction | _Zero:
    """The observed level in the indicator's unit, exactly; errors name the target."""
    ind = target.indicator
    assert ind is not None
    yr = f" in {obs.year}" if obs.year is not None else ""
    if obs.year is not None and type(obs.year) is not int:
        raise _bad(target, f"year {obs.year!r} is not a year")
    has_counts = obs.numerator is not None or obs.denominator is not None
    if obs.value is not None and has_counts:
        raise _bad(target, f"give a value or counts{yr}, not both (value {obs.value}, counts "
                           f"{obs.numerator}/{obs.denominator})")
    if obs.value is None and not has_counts:
        raise _bad(target, f"an observation{yr} has neither a value nor counts")
    if has_counts:
        return _rate(target, obs, yr)
    v = obs.value
    if type(v) is not Decimal or not v.is_finite():
        raise _bad(target, f"observed value{yr} must be a finite Decimal, got {v!r}")
    if v < 0:
        raise _bad(target, f"observed value{yr} is negative: {v}")
    unit = obs.unit or ind.unit
    x = Fraction(v)
    if unit is not ind.unit:
        if unit.factor is None or ind.unit.factor is None:
            raise _bad(target, f"observed value{yr} is in {unit.value}, the target is in "
                               f"{ind.unit.value}: they cannot be converted")
        x = x * ind.unit.factor / unit.factor
    if ind.unit is Unit.COUNT and x.denominator != 1:
        raise _bad(target, f"observed count{yr} is not a whole number: {v}")
    if ind.bounded and ind.unit.factor is not None and x > ind.unit.factor:
        raise _bad(target, f"observed value{yr} {v} {unit.symbol} is more than the whole, "
                           "impossible for a share")
    return x


def _rate(target: Target, obs: Observation, yr: str) -> Fraction | _Zero:
    ind = target.indicator
    assert ind is not None
    n, d = obs.numerator, obs.denominator
    if ind.unit.factor is None:
        if d is not None:
            raise _bad(target, f"{ind.unit.value} target given counts {n}/{d}{yr}: give its "
                               "value (a count or amount has no denominator)")
        n_ = n if n is not None else -1
        if type(n) is not int or n_ < 0:
            raise _bad(target, f"observed count{yr} must be a non-negative int, got {n!r}")
        return Fraction(n_)
    if n is None or d is None:
        raise _bad(target, f"a rate needs both numerator and denominator{yr}, got {n!r}/{d!r}")
    for name, c in (("numerator", n), ("denominator", d)):
        if type(c) is not int:
            raise _bad(target, f"{name}{yr} must be an int count, got {c!r}")
        if c < 0:
            raise _bad(target, f"{name}{yr} is a negative count: {c}")
    if d == 0:
        if n != 0:
            raise _bad(target, f"numerator {n} over a zero denominator{yr}")
        return _ZERO
    if ind.bounded and n > d:
        raise _bad(target, f"numerator {n} exceeds denominator {d}{yr} ({ind.numerator} is "
                           f"part of {ind.denominator})")
    return Fraction(n * ind.unit.factor, d)


def assess(target: Target, observed: Observed, *, baseline: Fraction | None = None) -> Assessment:
    """Assess ``target`` against what was observed.

    ``observed`` is an :class:`Observation`, a series of them (distinct years), or a
    bare exact value in the target's unit. ``baseline`` overrides the target's own for
    ``reduce_by`` targets. Impossible data (negative counts, a numerator larger than a
    bounded denominator, a float) raises :class:`InvalidObservation` naming the target
    and the value.
    """
    obs = _as_observations(target, observed)
    if target.comparator is Comparator.QUALITATIVE:
        given = f"; {len(obs)} observation(s) given are not used" if obs else ""
        return Assessment(target.id, Status.NOT_ASSESSABLE,
                          f"a qualitative target has no number to compare with{given}",
                          Reason.QUALITATIVE)
    if not obs:
        return Assessment(target.id, Status.NO_DATA, "no observation for this target",
                          unit=target.unit)
    if len(obs) > 1:
        years = [o.year for o in obs]
        if None in years:
            raise _bad(target, "every observation of a series needs a year")
        dup = sorted({y for y in years if years.count(y) > 1 and y is not None})
        if dup:
            raise _bad(target, f"more than one observation for year(s) {dup}")
    series = sorted(((o.year, _level_of(target, o)) for o in obs),
                    key=lambda p: -1 if p[0] is None else p[0])
    if target.comparator is Comparator.ANNUAL_REDUCTION:
        return _assess_annual_change(target, series)
    return _assess_level(target, series, baseline)


def _assess_level(target: Target, series: list[tuple[int | None, Fraction | _Zero]],
                  baseline: Fraction | None) -> Assessment:
    unit = target.indicator.unit if target.indicator else None
    level = target.level(baseline)
    if level is None:
        year, last = series[-1]
        return Assessment(target.id, Status.NOT_ASSESSABLE,
                          "a reduce-by target needs a baseline; none is given",
                          Reason.NO_BASELINE, unit=unit, observed=_frac(last), observed_year=year)
    if target.recurrence in (Recurrence.ANNUAL, Recurrence.STANDING):
        return _assess_every_year(target, series, level, unit)
    # "By the target year": the observation of that year decides when there is one.
    at_target = [p for p in series if target.year is not None and p[0] == target.year]
    year, x = at_target[0] if at_target else series[-1]
    if isinstance(x, _Zero):
        return Assessment(target.id, Status.NOT_ASSESSABLE,
                          f"the latest observation ({year}) has a zero denominator",
                          Reason.ZERO_DENOMINATOR, unit=unit, level=level, observed_year=year)
    met = _meets(target, x, level)
    gap = x - level
    common = {"unit": unit, "level": level, "observed": x, "observed_year": year, "gap": gap}
    if target.year is None or year is None or year >= target.year:
        when = f" in {year}" if year is not None else ""
        return Assessment(target.id, Status.MET if met else Status.NOT_MET,
                          f"observed {_show(x)}{when}: {_verdict(target, level, met)}",
                          **common)  # type: ignore[arg-type]
    left = target.year - year
    if met:
        return Assessment(target.id, Status.ON_TRACK,
                          f"already {_verdict(target, level, True)} in {year}, "
                          f"{left} year(s) before {target.year}", **common)  # type: ignore[arg-type]
    required = (level - x) / left
    valid = [(y, v) for y, v in series if not isinstance(v, _Zero) and y is not None]
    if len(valid) < 2:
        return Assessment(target.id, Status.NOT_ASSESSABLE,
                          f"one observation before {target.year}: no trend to project; "
                          f"{_pace(required, target)} a year is needed",
                          Reason.NO_TREND,
                          required_pace=required, **common)  # type: ignore[arg-type]
    (y0, x0), (y1, x1) = valid[0], valid[-1]
    assert isinstance(x0, Fraction) and isinstance(x1, Fraction) and y0 is not None
    assert y1 is not None
    pace = (x1 - x0) / (y1 - y0)
    projected = x + pace * left
    ok = _meets(target, projected, level)
    return Assessment(
        target.id, Status.ON_TRACK if ok else Status.OFF_TRACK,
        f"observed {_show(x)} in {year}; at {_pace(pace)} a year it reaches {_show(projected)} "
        f"by {target.year}, needs {_pace(required, target)} a year",
        required_pace=required, observed_pace=pace, **common)  # type: ignore[arg-type]


def _assess_every_year(target: Target, series: list[tuple[int | None, Fraction | _Zero]],
                       level: Fraction, unit: Unit | None) -> Assessment:
    period = target.period
    inside = [(y, v) for y, v in series
              if y is not None and (period is None or y in period)]
    if not inside:
        return Assessment(target.id, Status.NO_DATA,
                          f"no observation inside the period {period}" if period is not None
                          else str(Message("no observation with a year")), unit=unit,
                          level=level)
    # A standing target without a period of its own: the years observed.
    start = period.start if period is not None else min(y for y, _ in inside if y is not None)
    end = (period.end if period is not None and period.end is not None else target.year)
    failing = tuple(y for y, v in inside if isinstance(v, Fraction)
                    and not _meets(target, v, level) and y is not None)
    zero = [y for y, v in inside if isinstance(v, _Zero)]
    last_year, last = inside[-1]
    assert last_year is not None
    seen = {y for y, _ in inside}
    missing = tuple(y for y in range(start, last_year + 1) if y not in seen)
    latest = last if isinstance(last, Fraction) else None
    common = {"unit": unit, "level": level, "observed": latest, "observed_year": last_year,
              "gap": latest - level if latest is not None else None,
              "failing_years": failing, "missing_years": missing}
    if failing:
        return Assessment(target.id, Status.NOT_MET,
                          f"not {_verdict(target, level, True)} in {', '.join(map(str, failing))}",
                          **common)  # type: ignore[arg-type]
    if zero:
        return Assessment(target.id, Status.NOT_ASSESSABLE,
                          f"zero denominator in {', '.join(map(str, zero))}",
                          Reason.ZERO_DENOMINATOR, **common)  # type: ignore[arg-type]
    if missing:
        return Assessment(target.id, Status.NOT_ASSESSABLE,
                          f"no observation for {', '.join(map(str, missing))}",
                          Reason.MISSING_YEARS, **common)  # type: ignore[arg-type]
    done = end is not None and last_year >= end
    return Assessment(target.id, Status.MET if done else Status.ON_TRACK,
                      f"{_verdict(target, level, True)} every year {start}–{last_year}",
                      **common)  # type: ignore[arg-type]


def _assess_annual_change(target: Target, series: list[tuple[int | None, Fraction | _Zero]]
                          ) -> Assessment:
    """Yearly changes are signed (a fall is negative), in percent of the previous year
    (relative) or in the indicator's unit (points); a year meets the target when its
    change is at most ``-value``."""
    assert target.value is not None and target.period is not None
    level = -Fraction(target.value)
    base = {"unit": target.unit, "level": level, "required_pace": level}
    inside = [(y, v) for y, v in series if y is not None]
    if len(inside) < 2:
        return Assessment(target.id, Status.NOT_ASSESSABLE,
                          "an annual change needs observations for two consecutive years",
                          Reason.TOO_FEW_YEARS, **base)  # type: ignore[arg-type]
    first, last = inside[0][0], inside[-1][0]
    assert first is not None and last is not None
    seen = {y for y, _ in inside}
    missing = tuple(y for y in range(first, last + 1) if y not in seen)
    if missing:
        return Assessment(target.id, Status.NOT_ASSESSABLE,
                          f"no observation for {', '.join(map(str, missing))}: the yearly "
                          "change cannot be computed", Reason.MISSING_YEARS,
                          missing_years=missing, **base)  # type: ignore[arg-type]
    zero = [y for y, v in inside if isinstance(v, _Zero)]
    if zero:
        return Assessment(target.id, Status.NOT_ASSESSABLE,
                          f"zero denominator in {', '.join(map(str, zero))}",
                          Reason.ZERO_DENOMINATOR, **base)  # type: ignore[arg-type]
    changes: list[tuple[int, Fraction | None, bool]] = []  # year, change, meets
    for (_, prev), (y, cur) in itertools.pairwise(inside):
        assert isinstance(prev, Fraction) and isinstance(cur, Fraction) and y is not None
        if target.change is Change.POINTS:
            c = cur - prev
        elif prev == 0:
            # From zero nothing can fall: 0 → 0 keeps the elimination; 0 → more is a rise
            # of no finite percentage.
            changes.append((y, Fraction(0) if cur == 0 else None, cur == 0))
            continue
        else:
            c = (cur - prev) / prev * 100
        changes.append((y, c, c <= level))
    in_period = [ch for ch in changes if ch[0] in target.period]
    failing = tuple(y for y, _, ok in in_period if not ok)
    latest_year, latest, _ = changes[-1]
    finite = [c for _, c, _ in changes if c is not None]
    common = {**base, "observed": latest, "observed_year": latest_year,
              "gap": latest - level if latest is not None else None,
              "observed_pace": sum(finite, Fraction(0)) / len(finite) if finite else None,
              "failing_years": failing}
    what = "%" if target.change is Change.RELATIVE else " (in the indicator's unit)"
    if failing:
        return Assessment(target.id, Status.NOT_MET,
                          f"fell by less than {_show(-level)}{what} in "
                          f"{', '.join(map(str, failing))}", **common)  # type: ignore[arg-type]
    if not in_period:
        return Assessment(target.id, Status.NO_DATA,
                          f"no yearly change inside the period {target.period}",
                          **common)  # type: ignore[arg-type]
    end = target.period.end if target.period.end is not None else target.year
    done = end is not None and last >= end
    kept = any(c == 0 and ok for _, c, ok in in_period)
    return Assessment(target.id, Status.MET if done else Status.ON_TRACK,
                      f"fell by at least {_show(-level)}{what} every year "
                      f"{in_period[0][0]}–{last}"
                      + (" (stayed at zero where nothing was left)" if kept else ""),
                      **common)  # type: ignore[arg-type]


def _meets(target: Target, x: Fraction, level: Fraction) -> bool:
    return target.meets_level(x, level)


def _verdict(target: Target, level: Fraction, met: bool) -> str:
    c = target.comparator
    sym = {Comparator.BELOW: "<", Comparator.ABOVE: ">", Comparator.AT_LEAST: "≥",
           Comparator.AT_MOST: "≤", Comparator.REDUCE_TO: "≤", Comparator.REDUCE_BY: "≤",
           Comparator.INCREASE_BY: "≥",
           Comparator.ELIMINATE: "=", Comparator.REACH: "≥" if target.direction is
           Direction.INCREASE else "≤"}.get(c)
    if sym is None:  # maintain
        sym = "≥" if target.indicator and target.indicator.higher_is_better else "≤"
    return f"{'' if met else 'not '}{sym} {_show(level)}"


def _strict(target: Target) -> bool:
    return target.comparator in (Comparator.BELOW, Comparator.ABOVE)


def _pace(p: Fraction, target: Target | None = None) -> str:
    strict = target is not None and _strict(target)
    more = "more than " if strict else ""
    if p < 0:
        return f"a fall of {more}{_show(-p)}"
    if p > 0:
        return f"a rise of {more}{_show(p)}"
    if not strict:
        return "no change"
    return "any fall" if target is not None and target.comparator is Comparator.BELOW \
        else "any rise"


def _frac(v: Fraction | _Zero) -> Fraction | None:
    return v if isinstance(v, Fraction) else None


def decimal_text(value: Fraction, places: int = 6) -> str:
    """A Fraction as decimal text: exact when it terminates, else rounded to ``places``.

    >>> decimal_text(Fraction(3, 2)), decimal_text(Fraction(1, 3)), decimal_text(Fraction(-7, 60))
    ('1.5', '0.333333', '-0.116667')
    """
    num, den = value.numerator, value.denominator
    d = den
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d == 1:
        exact = Decimal(num) / Decimal(den)
        text = format(exact.normalize(), "f") if exact != exact.to_integral_value() \
            else str(num // den)
        return text
    q = (Decimal(num) / Decimal(den)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN)
    return format(q, "f")


def _show(v: Fraction) -> str:
    return decimal_text(v, 4)


def assess_plan(plan: Plan, data: ObservedData) -> tuple[Assessment, ...]:
    """Every target of ``plan`` assessed against ``data``, in the plan's order.

    A row naming a target the plan does not have is an error, never ignored.
    """
    known = {t.id for t in plan.targets}
    for i, row in enumerate(data.observations):
        if row.target not in known:
            close = [t for t in known if t.split(".")[0] == row.target] or sorted(known)[:5]
            raise UnknownName(f"target (observed data row {i + 1}) in plan {plan.id}",
                              row.target, sorted(close))
    return tuple(assess(t, data.for_target(t.id)) for t in plan.targets)

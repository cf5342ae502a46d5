"""Assessing targets against observed data, exactly, as of a date.

:func:`assess` takes a target and what was observed (counts, a value, or a series by
year) and returns an :class:`Assessment`: a :class:`~childprotect.plans.status.Status`,
the observed value, the gap in the target's unit, the coverage of the data it rests on
and, before the target year, the yearly pace still needed. All arithmetic is on
``Fraction``: "dưới 1,5%" with exactly 15 of 1,000 is not met, whatever floats would say.

>>> from childprotect.formats import catalog
>>> ct6 = catalog.load("thua-thien-hue-208-2021").target("CT6.1")
>>> a = assess(ct6, Observation(2025, numerator=15, denominator=1000))
>>> a.status, a.observed, a.gap
(<Status.NOT_MET: 'not_met'>, Fraction(3, 2), Fraction(0, 1))
>>> a.explanation.text("en"), a.explanation.text("vi")
('observed 1.5% in 2025; target < 1.5%', 'kết quả năm 2025: 1,5%; chỉ tiêu < 1,5%')

Before the target year, the trend decides: a series that will not get below 1.5% by
2025 at its current pace is off track.

>>> series = [Observation(2021, numerator=190, denominator=10000),
...           Observation(2022, numerator=185, denominator=10000)]
>>> a = assess(ct6, series, on=dt.date(2023, 6, 1))
>>> a.status, a.required_pace, a.observed_pace
(<Status.OFF_TRACK: 'off_track'>, Fraction(-7, 60), Fraction(-1, 20))

After the target year there is no pace: the target year's data decide, or there are none.

>>> assess(ct6, series, on=dt.date(2026, 12, 3)).status
<Status.NO_DATA: 'no_data'>

A rate over too few of the units expected is no verdict (the minimum is
:data:`DEFAULT_MIN_COVERAGE`, 80%, unless ``min_coverage`` says otherwise):

>>> thin = Observation(2025, numerator=10, denominator=1000, coverage=Coverage(7, 10))
>>> assess(ct6, thin).status, assess(ct6, thin, min_coverage=Fraction(7, 10)).status
(<Status.INSUFFICIENT_DATA: 'insufficient_data'>, <Status.MET: 'met'>)

A zero denominator is a named outcome, never a silent 0:

>>> assess(ct6, Observation(2025, numerator=0, denominator=0)).reason
<Reason.ZERO_DENOMINATOR: 'zero_denominator'>
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import TYPE_CHECKING

from childprotect.errors import UnknownName
from childprotect.i18n import Message
from childprotect.plans.annual import assess_annual_change, assess_every_year
from childprotect.plans.explain import comparison, coverage_note, pace, shown_vs_level
from childprotect.plans.indicators import Comparator, Recurrence
from childprotect.plans.observed import (
    Coverage,
    InvalidObservation,
    Observation,
    Observed,
    ObservedData,
    ObservedRow,
    Zero,
    as_observations,
    level_of,
    row_location,
)
from childprotect.plans.shown import decimal_text
from childprotect.plans.status import STATUSES, Status
from childprotect.plans.targets import Target
from childprotect.plans.verdicts import (
    DEFAULT_MIN_COVERAGE,
    Assessment,
    Ctx,
    Point,
    Reason,
    Rendered,
    check_minimum,
    counts,
    frac,
    insufficient,
)

if TYPE_CHECKING:
    from childprotect.plans.plan import Plan

__all__ = [
    "DEFAULT_MIN_COVERAGE",
    "STATUSES",
    "Assessment",
    "Coverage",
    "InvalidObservation",
    "Observation",
    "ObservedData",
    "ObservedRow",
    "Reason",
    "Rendered",
    "Status",
    "assess",
    "assess_plan",
    "decimal_text",
]


def assess(target: Target, observed: Observed, *, baseline: Fraction | None = None,
           on: dt.date | None = None,
           min_coverage: Fraction = DEFAULT_MIN_COVERAGE) -> Assessment:
    """Assess ``target`` against what was observed, as of the day ``on``.

    ``observed`` is an :class:`Observation`, a series of them (distinct years), or a
    bare exact value in the target's unit. ``on``: the day of the assessment; after the
    target year the target year's data decide (met, not met) or there are none (no
    data), and pace and projection are only for target years still ahead. Without
    ``on``, the latest observation stands for today. ``baseline`` overrides the target's
    own for ``reduce_by`` targets. An observation whose coverage is below
    ``min_coverage`` decides nothing: "insufficient data". Impossible data (negative
    counts, a numerator larger than a bounded denominator, a float) raises
    :class:`InvalidObservation` naming the target and the value; so does, when ``on`` is
    given, an observation of a year after ``on``'s.
    """
    ctx = Ctx(target, on, check_minimum(min_coverage))
    obs = as_observations(target, observed)
    for o in obs:
        _check_not_after(target, o, on)
    if target.comparator is Comparator.QUALITATIVE:
        why = Message("a qualitative target has no number to compare with") if not obs else \
            Message("a qualitative target has no number to compare with; {count} "
                    "observation(s) given are not used", count=len(obs))
        return Assessment(target.id, Status.NOT_ASSESSABLE, why, Reason.QUALITATIVE)
    if not obs:
        return Assessment(target.id, Status.NO_DATA,
                          Message("no observation for this target"), unit=target.unit)
    if len(obs) > 1:
        years = [o.year for o in obs]
        if None in years:
            raise InvalidObservation(Message("target {id}: every observation of a series needs "
                                             "a year", id=repr(target.id)))
        dup = sorted({y for y in years if years.count(y) > 1 and y is not None})
        if dup:
            raise InvalidObservation(Message("target {id}: more than one observation for "
                                             "year(s) {dup}", id=repr(target.id), dup=dup))
    series = sorted((Point(o.year, level_of(target, o), o) for o in obs),
                    key=lambda p: -1 if p.year is None else p.year)
    if target.comparator is Comparator.ANNUAL_REDUCTION:
        return assess_annual_change(ctx, series)
    return _assess_level(ctx, series, baseline)


def _check_not_after(target: Target, obs: Observation, on: dt.date | None) -> None:
    """An observation of a year after the day of the assessment is an error: the data
    cannot be known yet (a mistyped year, or ``on`` too early)."""
    if on is not None and type(obs.year) is int and obs.year > on.year:
        raise InvalidObservation(Message(
            "target {id}: an observation of {year} is after the day of the assessment "
            "({on}): assess on a later day (--on) or remove the row", id=repr(target.id),
            year=obs.year, on=on))


def _assess_level(ctx: Ctx, series: list[Point], baseline: Fraction | None) -> Assessment:
    target = ctx.target
    unit = target.indicator.unit if target.indicator else None
    level = target.level(baseline)
    if level is None:
        p = series[-1]
        return Assessment(target.id, Status.NOT_ASSESSABLE,
                          Message("a reduce-by target needs a baseline; none is given"),
                          Reason.NO_BASELINE, unit=unit, observed=frac(p.value),
                          observed_year=p.year)
    if target.recurrence in (Recurrence.ANNUAL, Recurrence.STANDING):
        return assess_every_year(ctx, series, level, unit)
    # "By the target year": the observation of that year decides when there is one; once
    # the target year is over, only it does.
    at_target = [p for p in series if target.year is not None and p.year == target.year]
    if ctx.over(target.year) and not at_target:
        latest = max((p.year for p in series if p.year is not None), default=None)
        why = Message("the target year {year} is over and nothing was observed for it "
                      "(latest observation: {latest})", year=target.year, latest=latest) \
            if latest is not None else \
            Message("the target year {year} is over and nothing was observed for it",
                    year=target.year)
        return Assessment(target.id, Status.NO_DATA, why, Reason.NO_TARGET_YEAR, unit=unit,
                          level=level)
    p = at_target[0] if at_target else series[-1]
    year, x = p.year, p.value
    if ctx.low(p.obs):
        return insufficient(ctx, p, level, {
            "unit": unit, "level": level, "observed": frac(x), "observed_year": year,
            "gap": x - level if isinstance(x, Fraction) else None, **counts(p.obs)})
    if isinstance(x, Zero):
        return Assessment(target.id, Status.NOT_ASSESSABLE,
                          Message("the observation of {year} has a zero denominator",
                                  year=year if year is not None else "—"),
                          Reason.ZERO_DENOMINATOR, unit=unit, level=level, observed_year=year,
                          **counts(p.obs))  # type: ignore[arg-type]
    common = {"unit": unit, "level": level, "observed": x, "observed_year": year,
              "gap": x - level, **counts(p.obs)}
    met = target.meets_level(x, level)
    shown_x, shown_level = shown_vs_level(target, unit, x, level)
    cmp = comparison(target, unit, shown_level)
    final = target.year is None or year is None or year >= target.year
    if final:
        why = Message("observed {observed} in {year}; target {comparison}",
                      observed=shown_x, year=year, comparison=cmp) if year is not None else \
            Message("observed {observed}; target {comparison}", observed=shown_x,
                    comparison=cmp)
        return Assessment(target.id, Status.MET if met else Status.NOT_MET,
                          coverage_note(why, p.obs.coverage),
                          **common)  # type: ignore[arg-type]
    assert target.year is not None and year is not None
    left = target.year - year
    if met:
        why = Message("observed {observed} in {year}, already meeting the target {comparison} "
                      "{left} year(s) before {target_year}", observed=shown_x, year=year,
                      comparison=cmp, left=left, target_year=target.year)
        return Assessment(target.id, Status.ON_TRACK, coverage_note(why, p.obs.coverage),
                          **common)  # type: ignore[arg-type]
    required = (level - x) / left
    valid = [q for q in series if isinstance(q.value, Fraction) and q.year is not None
             and not ctx.low(q.obs)]
    if len(valid) < 2:
        why = Message("one usable observation before {target_year}: no trend to project; "
                      "{pace} a year is needed", target_year=target.year,
                      pace=pace(required, target))
        return Assessment(target.id, Status.NOT_ASSESSABLE, coverage_note(why, p.obs.coverage),
                          Reason.NO_TREND, required_pace=required,
                          **common)  # type: ignore[arg-type]
    q0, q1 = valid[0], valid[-1]
    assert isinstance(q0.value, Fraction) and isinstance(q1.value, Fraction)
    assert q0.year is not None and q1.year is not None
    observed_pace = (q1.value - q0.value) / (q1.year - q0.year)
    projected = x + observed_pace * left
    ok = target.meets_level(projected, level)
    shown_projected, shown_level2 = shown_vs_level(target, unit, projected, level)
    why = Message("observed {observed} in {year}; at {pace} a year it reaches {projected} by "
                  "{target_year}, against the target {comparison}; {required} a year is needed",
                  observed=shown_x, year=year, pace=pace(observed_pace),
                  projected=shown_projected, target_year=target.year,
                  comparison=comparison(target, unit, shown_level2),
                  required=pace(required, target))
    return Assessment(target.id, Status.ON_TRACK if ok else Status.OFF_TRACK,
                      coverage_note(why, p.obs.coverage), required_pace=required,
                      observed_pace=observed_pace, **common)  # type: ignore[arg-type]


def assess_plan(plan: Plan, data: ObservedData, *, on: dt.date | None = None,
                min_coverage: Fraction = DEFAULT_MIN_COVERAGE) -> tuple[Assessment, ...]:
    """Every target of ``plan`` assessed against ``data`` as of ``on``, in the plan's order.

    A row naming a target the plan does not have is an error, never ignored. An error in
    the data names where the rows at fault are (file and line, when read from a file).
    """
    known = {t.id for t in plan.targets}
    for i, row in enumerate(data.observations):
        if row.target not in known:
            folded = row.target.casefold()
            close = [t for t in known if t.casefold() == folded] or \
                [t for t in known if t.split(".")[0] == row.target] or sorted(known)[:5]
            raise UnknownName(Message("target ({where}) in plan {id}",
                                      where=row_location(data.source, row.line, i + 1),
                                      id=plan.id),
                              row.target, sorted(close))
    out = []
    for t in plan.targets:
        try:
            out.append(assess(t, data.for_target(t.id), on=on, min_coverage=min_coverage))
        except InvalidObservation as exc:
            raise _located(t, data, on, exc) from None
    return tuple(out)


def _located(target: Target, data: ObservedData, on: dt.date | None,
             exc: InvalidObservation) -> InvalidObservation:
    """``exc``, about ``target``'s rows of ``data``, with where the rows at fault are: the
    first row wrong on its own, else the rows of a year given twice, else all its rows."""
    rows = [(i + 1, r) for i, r in enumerate(data.observations) if r.target == target.id]
    for number, row in rows:
        try:
            obs = row.observation()
            _check_not_after(target, obs, on)
            if target.indicator is not None and target.comparator is not Comparator.QUALITATIVE:
                level_of(target, obs)
        except InvalidObservation as own:
            return _at(data, [(number, row)], own)
    years = [r.year for _, r in rows]
    twice = [(n, r) for n, r in rows if r.year is not None and years.count(r.year) > 1]
    return _at(data, twice or rows, exc)


def _at(data: ObservedData, rows: list[tuple[int, ObservedRow]],
        exc: InvalidObservation) -> InvalidObservation:
    """``exc`` preceded by where ``rows`` (numbered from 1 among ``data``'s) are."""
    problem = exc.args[0] if exc.args and isinstance(exc.args[0], Message) else str(exc)
    source = data.source or Message("observed data")
    if not rows:
        return InvalidObservation(problem)
    if len(rows) == 1:
        number, row = rows[0]
        where = row_location(data.source, row.line, number)
    elif all(r.line is not None for _, r in rows):
        where = Message("{source}, lines {lines}", source=source,
                        lines=[r.line for _, r in rows])
    else:
        where = Message("{source}, observations {numbers}", source=source,
                        numbers=[n for n, _ in rows])
    return InvalidObservation(Message("{where}: {problem}", where=where, problem=problem))

"""Targets judged every year of a period: a level kept each year ("duy trì trên 65% …
hằng năm"), or a fall of at least so much a year ("giảm từ 2% đến 3% hằng năm").

One failing year fails the target; once the period is over, a year without data (or
without enough coverage) leaves it undecided, never met; before the end, it is on track
when every year so far passes.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from childprotect.i18n import Message, Num
from childprotect.plans.explain import comparison, coverage_note, shown_vs_level, years_text
from childprotect.plans.indicators import Change
from childprotect.plans.observed import Zero
from childprotect.plans.shown import shown
from childprotect.plans.status import Status
from childprotect.plans.verdicts import Assessment, Ctx, Point, Reason, counts, insufficient
from childprotect.text.quantities import Unit

__all__ = ["assess_annual_change", "assess_every_year"]


def assess_every_year(ctx: Ctx, series: list[Point], level: Fraction, unit: Unit | None
                      ) -> Assessment:
    """A level to be met in every year of the target's period."""
    target = ctx.target
    period = target.period
    inside = [p for p in series
              if p.year is not None and (period is None or p.year in period)]
    if not inside:
        why = Message("no observation inside the period {period}", period=str(period)) \
            if period is not None else Message("no observation with a year")
        return Assessment(target.id, Status.NO_DATA, why, unit=unit, level=level)
    # A standing target without a period of its own: the years observed.
    start = period.start if period is not None else min(
        p.year for p in inside if p.year is not None)
    end = period.end if period is not None and period.end is not None else target.year
    over = end is not None and ctx.over(end)
    judged = [p for p in inside if isinstance(p.value, Fraction) and not ctx.low(p.obs)]
    failing = tuple(p.year for p in judged if p.year is not None and isinstance(
        p.value, Fraction) and not target.meets_level(p.value, level))
    zero = [p.year for p in inside if isinstance(p.value, Zero) and p.year is not None]
    thin = [p for p in inside if isinstance(p.value, Fraction) and ctx.low(p.obs)]
    last = inside[-1]
    assert last.year is not None
    seen = {p.year for p in inside}
    until = end if over and end is not None else last.year
    missing = tuple(y for y in range(start, until + 1) if y not in seen)
    latest = last.value if isinstance(last.value, Fraction) else None
    common = {"unit": unit, "level": level, "observed": latest, "observed_year": last.year,
              "gap": latest - level if latest is not None else None,
              "failing_years": failing, "missing_years": missing, **counts(last.obs)}
    _, shown_level = shown_vs_level(target, unit, latest if latest is not None else level,
                                    level)
    cmp = comparison(target, unit, shown_level)
    if failing:
        return Assessment(target.id, Status.NOT_MET,
                          Message("the target {comparison} is not met in {years}",
                                  comparison=cmp, years=years_text(failing)),
                          **common)  # type: ignore[arg-type]
    if zero:
        return Assessment(target.id, Status.NOT_ASSESSABLE,
                          Message("zero denominator in {years}", years=years_text(zero)),
                          Reason.ZERO_DENOMINATOR, **common)  # type: ignore[arg-type]
    if thin:
        return insufficient(ctx, thin[-1], level, common)
    if missing:
        status = Status.NO_DATA if over else Status.NOT_ASSESSABLE
        return Assessment(target.id, status,
                          Message("no observation for {years}", years=years_text(missing)),
                          Reason.MISSING_YEARS, **common)  # type: ignore[arg-type]
    done = end is not None and last.year >= end
    why = Message("the target {comparison} is met every year {start}–{end}", comparison=cmp,
                  start=start, end=last.year)
    return Assessment(target.id, Status.MET if done else Status.ON_TRACK,
                      coverage_note(why, last.obs.coverage), **common)  # type: ignore[arg-type]


def assess_annual_change(ctx: Ctx, series: list[Point]) -> Assessment:
    """Yearly changes are signed (a fall is negative), in percent of the previous year
    (relative) or in the indicator's unit (points); a year meets the target when its
    change is at most ``-value``."""
    target = ctx.target
    assert target.value is not None and target.period is not None
    level = -Fraction(target.value)
    base = {"unit": target.unit, "level": level, "required_pace": level}
    inside = [p for p in series if p.year is not None]
    if len(inside) < 2:
        return Assessment(target.id, Status.NOT_ASSESSABLE,
                          Message("an annual change needs observations for two consecutive "
                                  "years"), Reason.TOO_FEW_YEARS,
                          **base)  # type: ignore[arg-type]
    first, last = inside[0].year, inside[-1].year
    assert first is not None and last is not None
    seen = {p.year for p in inside}
    gaps = tuple(y for y in range(first, last + 1) if y not in seen)
    if gaps:
        return Assessment(target.id, Status.NOT_ASSESSABLE,
                          Message("no observation for {years}: the yearly change cannot be "
                                  "computed", years=years_text(gaps)), Reason.MISSING_YEARS,
                          missing_years=gaps, **base)  # type: ignore[arg-type]
    zero = [p.year for p in inside if isinstance(p.value, Zero) and p.year is not None]
    if zero:
        return Assessment(target.id, Status.NOT_ASSESSABLE,
                          Message("zero denominator in {years}", years=years_text(zero)),
                          Reason.ZERO_DENOMINATOR, **base)  # type: ignore[arg-type]
    # year, change (None: a rise from zero), meets, judged (both years covered enough)
    changes: list[tuple[int, Fraction | None, bool, bool]] = []
    for prev, cur in itertools.pairwise(inside):
        assert isinstance(prev.value, Fraction) and isinstance(cur.value, Fraction)
        assert cur.year is not None
        judged = not ctx.low(prev.obs) and not ctx.low(cur.obs)
        c: Fraction | None
        if target.change is Change.POINTS:
            points = cur.value - prev.value
            c, ok = points, points <= level
        elif prev.value == 0:
            # From zero nothing can fall: 0 → 0 keeps the elimination; 0 → more is a rise
            # of no finite percentage.
            c = Fraction(0) if cur.value == 0 else None
            ok = cur.value == 0
        else:
            relative = (cur.value - prev.value) / prev.value * 100
            c, ok = relative, relative <= level
        changes.append((cur.year, c, ok, judged))
    period = target.period
    in_period = [ch for ch in changes if ch[0] in period]
    failing = tuple(y for y, _, ok, judged in in_period if judged and not ok)
    latest_year, latest, _, _ = changes[-1]
    finite = [c for _, c, _, _ in changes if c is not None]
    end = period.end if period.end is not None else target.year
    over = end is not None and ctx.over(end)
    missing = tuple(y for y in range(period.start, end + 1) if y not in
                    {ch[0] for ch in in_period}) if over and end is not None else ()
    common = {**base, "observed": latest, "observed_year": latest_year,
              "gap": latest - level if latest is not None else None,
              "observed_pace": sum(finite, Fraction(0)) / len(finite) if finite else None,
              "failing_years": failing, "missing_years": missing,
              **counts(inside[-1].obs)}
    fall = Num(shown(-level, 2))
    if failing:
        why = Message("fell by less than {value}% in {years}", value=fall,
                      years=years_text(failing)) if target.change is Change.RELATIVE else \
            Message("fell by less than {value} (in the indicator's unit) in {years}",
                    value=fall, years=years_text(failing))
        return Assessment(target.id, Status.NOT_MET, why, **common)  # type: ignore[arg-type]
    if not in_period:
        return Assessment(target.id, Status.NO_DATA,
                          Message("no yearly change inside the period {period}",
                                  period=str(period)), **common)  # type: ignore[arg-type]
    thin = [y for y, _, _, judged in in_period if not judged]
    if thin:
        return Assessment(target.id, Status.INSUFFICIENT_DATA,
                          Message("too few units reported in {years} to compute the yearly "
                                  "change", years=years_text(thin)), Reason.LOW_COVERAGE,
                          **common)  # type: ignore[arg-type]
    if missing:
        return Assessment(target.id, Status.NO_DATA,
                          Message("no observation for {years}", years=years_text(missing)),
                          Reason.MISSING_YEARS, **common)  # type: ignore[arg-type]
    done = end is not None and last >= end
    kept = any(c == 0 and ok for _, c, ok, _ in in_period)
    if target.change is Change.RELATIVE:
        why = Message("fell by at least {value}% every year {start}–{end}", value=fall,
                      start=in_period[0][0], end=last)
    else:
        why = Message("fell by at least {value} (in the indicator's unit) every year "
                      "{start}–{end}", value=fall, start=in_period[0][0], end=last)
    if kept:
        why = Message("{main} (stayed at zero where nothing was left)", main=why)
    return Assessment(target.id, Status.MET if done else Status.ON_TRACK,
                      coverage_note(why, inside[-1].obs.coverage),
                      **common)  # type: ignore[arg-type]

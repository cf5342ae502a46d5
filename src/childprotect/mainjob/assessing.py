"""The main job's assessments: every target, where it applies, from the rolled-up counts.

A target is judged only at the units where it applies (:meth:`Target.applications`): the
plan's own level by default, each unit of a level against its quota, or a share of the
units below computed from their own results. Each observation carries its coverage, so a
rate over 8 of the 9 communes expected says so, and one over too few decides nothing.

Data columns name a target's numerator or denominator measure, with the target's
disaggregation in brackets when it has one: ``children`` (all children),
``children[0-4]`` (under-fives), ``children_overweight[0-4,rural]``.

>>> measure_column("children", ["0-4", "rural"])
'children[0-4,rural]'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from childprotect.data.unicode import nfc
from childprotect.documents.anomalies import Anomaly, Severity
from childprotect.documents.levels import level_name
from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.plans.application import Application, Basis
from childprotect.plans.assessment import (
    DEFAULT_MIN_COVERAGE,
    Assessment,
    Coverage,
    Observation,
    Status,
    assess,
)
from childprotect.plans.measures import measure_column, target_columns

if TYPE_CHECKING:
    from childprotect.plans.plan import Plan
    from childprotect.plans.targets import Target
    from childprotect.rollup.measures import Measures, Record
    from childprotect.rollup.result import Rate, Rollup

__all__ = ["Outcome", "Unit", "assess_units", "measure_column", "plan_area", "rate_measure",
           "target_columns"]


def rate_measure(numerator: str, denominator: str) -> str:
    """The name under which the main job asks the rollup for the rate of two columns.

    >>> rate_measure("children_special_circumstances_assisted", "children_special_circumstances")
    'children_special_circumstances_assisted/children_special_circumstances'
    """
    return f"{numerator}/{denominator}"


@attrs.frozen
class Outcome:
    """One target assessed at one unit where it applies: the assessment (status, observed
    and target levels exact in the target's unit, coverage, explanation), how the target
    applies there, and the value it was judged against (a unit's quota, or the target's
    own value)."""

    target_id: str
    assessment: Assessment
    basis: Basis = Basis.AREA
    unit_symbol: str = ""
    goal: Decimal | None = None

    @property
    def status(self) -> Status:
        return self.assessment.status

    @property
    def detail(self) -> str:
        return self.assessment.detail

    @property
    def observed(self) -> Fraction | None:
        return self.assessment.observed

    @property
    def level(self) -> Fraction | None:
        return self.assessment.level

    @property
    def year(self) -> int | None:
        return self.assessment.observed_year

    @property
    def coverage(self) -> Coverage | None:
        return self.assessment.coverage


# --- coverage ---------------------------------------------------------------------------


def rate_coverage(rate: Rate, level: str | None) -> Coverage:
    """The units a rate rests on (those reporting both its parts), out of the units
    expected there."""
    return Coverage(rate.reporting, rate.expected, level)


def count_coverage(rollup: Rollup, code: str, column: str, level: str | None) -> Coverage:
    """The units that reported ``column`` at ``code``, out of the units expected there."""
    cell = rollup.cell(code, column)
    return Coverage(cell.reported, cell.expected, level)


# --- observations -------------------------------------------------------------------------


class _NotWhole(ValidationError):
    """Counts that are not whole numbers (apportioned by a crosswalk)."""


def _whole(value: object, column: str) -> int:
    if type(value) is not int:
        raise _NotWhole(Message(
            "{column} is not a whole number here (an apportioned count): a target is judged "
            "on whole counts", column=column))
    return value


def _observation(target: Target, app: Application, rollup: Rollup, code: str, year: int,
                 leaf_level: str | None) -> Observation | None:
    num, den = target_columns(target)
    assert num is not None
    if app.kind is Basis.SHARE_OF_UNITS:
        cell = rollup.cell(code, num)
        if cell.value is None:
            return None
        return Observation(year, numerator=_whole(cell.value, num), denominator=cell.reported,
                           coverage=Coverage(cell.reported, cell.expected, leaf_level))
    if den is not None:
        rate = rollup.rate(code, rate_measure(num, den))
        if rate.numerator is None or rate.denominator is None:
            return None
        return Observation(year, numerator=_whole(rate.numerator, num),
                           denominator=_whole(rate.denominator, den),
                           coverage=rate_coverage(rate, leaf_level))
    value = rollup.total(code, num)
    if value is None:
        return None
    return Observation(year, value=Decimal(_whole(value, num)),
                       coverage=count_coverage(rollup, code, num, leaf_level))


def _years(rollups: Mapping[str, Rollup]) -> list[tuple[int, str]]:
    """(year, period) pairs, one per year: the latest period of each year."""
    by_year: dict[int, str] = {}
    for period in sorted(rollups):
        by_year[int(period[:4])] = period
    return sorted(by_year.items())


# --- every target where it applies --------------------------------------------------------


@attrs.frozen
class Unit:
    """What the assessment needs to know of a unit of the hierarchy."""

    code: str
    level: str
    name_vi: str = ""
    parent: str | None = None


def _key(text: str) -> str:
    return " ".join(nfc(text).casefold().split())


def plan_area(plan: Plan, units: Sequence[Unit]) -> tuple[set[str], Message | None]:
    """The units of the data that are the plan's area: the units of its issuer's level
    named as its issuer ("Ủy ban nhân dân huyện Hồng Ngự": Huyện Hồng Ngự); else the
    only unit of that level in the data; else none, and why.

    >>> from childprotect.formats import catalog
    >>> hn = catalog.load("hong-ngu-2020")
    >>> plan_area(hn, [Unit("868", "district", "Thành phố Hồng Ngự"),
    ...                Unit("870", "district", "Huyện Hồng Ngự")])[0]
    {'870'}
    """
    level = plan.document.issuer.level.value
    at = [u for u in units if u.level == level]
    issuer = _key(plan.document.issuer.name_vi)
    named = {u.code for u in at if u.name_vi and issuer.endswith(_key(u.name_vi))}
    if named:
        return named, None
    if len(at) == 1:
        return {at[0].code}, None
    if not at:
        return set(), Message("the plan is for the {level} level, and the data has no unit "
                              "of that level", level=level_name(level))
    return set(), Message("the data hold {count} units of the {level} level and none is "
                          "the plan's own ({issuer}): its targets apply to none of them",
                          count=len(at), level=level_name(level),
                          issuer=plan.document.issuer.name_vi)


def _inside(area: set[str], units: Sequence[Unit]) -> set[str]:
    """The area's units and every unit below them."""
    parent = {u.code: u.parent for u in units}
    out = set()
    for u in units:
        code: str | None = u.code
        while code is not None:
            if code in area:
                out.add(u.code)
                break
            code = parent.get(code)
    return out


def _skip_reason(t: Target, names: set[str], leaf_level: str | None,
                 apps: Sequence[Application]) -> Message | None:
    num, den = target_columns(t)
    if t.indicator is None or (t.value is None and t.comparator.value != "eliminate"):
        return Message("qualitative target: nothing to compute")
    shares = any(a.kind is Basis.SHARE_OF_UNITS for a in apps)
    missing = [c for c in (num, None if shares else den) if c is not None and c not in names]
    if missing:
        return Message("the data has no column {columns}", columns=", ".join(missing))
    for a in apps:
        if a.kind is Basis.SHARE_OF_UNITS and a.counted is not None and \
                a.counted.value != leaf_level:
            return Message("a share of {counted} units: the data's units are {leaf} units",
                           counted=level_name(a.counted),
                           leaf=level_name(leaf_level) if leaf_level else "—")
    return None


def _flags(records: Sequence[Record], column: str) -> list[str]:
    """The units whose result ``column`` is not 0 or 1 (a unit's own result is yes/no)."""
    return sorted({r.unit for r in records if r.values.get(column) not in (None, 0, 1)})


def assess_units(plan: Plan, rollups: Mapping[str, Rollup], units: Sequence[Unit],
                 names: set[str], records: Sequence[Record], *, on: dt.date,
                 leaf_level: str | None, min_coverage: Fraction = DEFAULT_MIN_COVERAGE
                 ) -> tuple[dict[str, tuple[Outcome, ...]], list[tuple[str, Message]]]:
    """Every target of ``plan`` at every unit where it applies, as of ``on``; and the
    targets assessed nowhere, each with why."""
    plan_level = plan.document.issuer.level
    area, no_area = plan_area(plan, units)
    inside = _inside(area, units)
    # as of ``on``: the data of later years are not known yet (run() says which it leaves)
    years = [(y, p) for y, p in _years(rollups) if y <= on.year]
    known = {p: set(r.codes()) for p, r in rollups.items()}
    out: dict[str, list[Outcome]] = {u.code: [] for u in units}
    skipped: list[tuple[str, Message]] = []
    for t in plan.targets:
        apps = t.applications(plan_level)
        why = _skip_reason(t, names, leaf_level, apps)
        num, _ = target_columns(t)
        if why is None and any(a.kind is Basis.SHARE_OF_UNITS for a in apps):
            assert num is not None
            bad = _flags(records, num)
            if bad:
                why = Message("{column} must be 0 or 1 at each unit (its own result); it is "
                              "not at {units}", column=num, units=", ".join(bad[:5]))
        if why is None and no_area is not None:
            why = no_area
        if why is not None:
            skipped.append((t.id, why))
            continue
        where = [(u, a) for a in apps for u in units
                 if u.code in inside and a.applies_to(u.code, u.level)]
        if not where:
            levels = [level_name(a.level) for a in apps if a.level is not None]
            skipped.append((t.id, Message(
                "it applies at the {levels} level, and the data has no such unit",
                levels=levels)))
            continue
        for u, a in where:
            out[u.code].append(_outcome(t, a, rollups, u.code, known, years, on, leaf_level,
                                        min_coverage))
    return {c: tuple(v) for c, v in out.items()}, skipped


def _outcome(t: Target, app: Application, rollups: Mapping[str, Rollup], code: str,
             known: Mapping[str, set[str]], years: list[tuple[int, str]], on: dt.date,
             leaf_level: str | None, min_coverage: Fraction) -> Outcome:
    symbol = t.unit.symbol if t.unit is not None else ""
    goal = app.quota_of(t.value)
    judged = t if goal == t.value else attrs.evolve(t, value=goal)
    try:
        observations = [o for year, period in years if code in known[period]
                        for o in [_observation(t, app, rollups[period], code, year, leaf_level)]
                        if o is not None]
        a = assess(judged, observations, on=on, min_coverage=min_coverage)
    except ValidationError as exc:
        a = Assessment(t.id, Status.NOT_ASSESSABLE,
                       Message("the data cannot be assessed: {problem}", problem=str(exc)),
                       unit=t.unit)
    return Outcome(t.id, a, app.kind, symbol, goal)


def unused_columns(plan: Plan, columns: Sequence[str]) -> list[Anomaly]:
    """A ``data.unused-column`` anomaly for each column of the data that no target of
    ``plan`` uses, with the column it may have been meant for (a misspelt code is a column
    of data left out, and the target that needed it has "no column"). Never the values.

    >>> from childprotect import load_plan
    >>> plan = load_plan("hong-ngu-2020")
    >>> for a in unused_columns(plan, ["children", "childen_special_circumstances"]):
    ...     print(a.explain("en"))  # doctest: +NORMALIZE_WHITESPACE
    column childen_special_circumstances: no target of the plan uses it (did you mean
    children_special_circumstances?)
    """
    import difflib

    from childprotect.plans.measures import measures_for as dictionary

    needed = [m.code for m in dictionary(plan).measures]
    out = []
    for column in columns:
        if column in needed:
            continue
        folded = {c.casefold(): c for c in needed}
        close = difflib.get_close_matches(column.strip().casefold(), list(folded), n=1,
                                          cutoff=0.8)
        why = Message("column {column}: no target of the plan uses it (did you mean "
                      "{other}?)", column=column, other=folded[close[0]]) if close else \
            Message("column {column}: no target of the plan uses it", column=column)
        out.append(Anomaly("data.unused-column", column, column, why, Severity.WARNING))
    return out


def measures_for(plan: Plan, measures: Measures) -> Measures:
    """The dataset's counts, with the rates the plan's targets need (each asked of the
    rollup by :func:`rate_measure`) and the consistency rules between them: a bounded
    rate's numerator is at most its denominator, and the relations of the plan's data
    dictionary (:func:`childprotect.plans.measures.measures_for`: a narrower column is at
    most the wider one, urban and rural add up to the whole)."""
    from childprotect.plans.measures import RelationKind
    from childprotect.plans.measures import measures_for as dictionary
    from childprotect.rollup.measures import AtMost, Measure, Rule, SumOf
    from childprotect.rollup.measures import Measures as _Measures

    names = set(measures.counts)
    rules: list[Rule] = list(measures.rules)
    seen = {(r.part, r.whole) for r in rules if isinstance(r, AtMost)}
    for rel in dictionary(plan).relations:
        if not {*rel.parts, rel.whole} <= names:
            continue
        if rel.kind is RelationKind.SUM_OF:
            if SumOf(rel.parts, rel.whole) not in rules:
                rules.append(SumOf(rel.parts, rel.whole))
        elif (rel.parts[0], rel.whole) not in seen:
            seen.add((rel.parts[0], rel.whole))
            rules.append(AtMost(rel.parts[0], rel.whole))
    rates: dict[str, Measure] = {}
    for t in plan.targets:
        num, den = target_columns(t)
        if t.indicator is None or num not in names or den not in names:
            continue
        assert num is not None and den is not None
        name = rate_measure(num, den)
        if name not in rates and name not in measures.by_name:
            rates[name] = Measure.rate(name, num, den)
        if t.indicator.bounded and (num, den) not in seen:
            seen.add((num, den))
            rules.append(AtMost(num, den))
    return _Measures([*measures.measures, *rates.values()], rules)

"""Plan targets (chỉ tiêu): what a plan promises, measured how, compared how, by when.

A :class:`Target` pairs an :class:`Indicator` (what is measured: a count, an amount in
đồng, or a rate numerator / denominator × factor) with a :class:`Comparator` whose
meaning is fixed here, an exact ``Decimal`` value and a year. Huế's Chỉ tiêu 6 reads
"giảm … xuống dưới 1,5%": below 1.5 percent, so exactly 1.5% is *not* met.

>>> from decimal import Decimal
>>> from fractions import Fraction
>>> from childprotect.text.quantities import Unit
>>> share = Indicator("tỷ lệ trẻ em có hoàn cảnh đặc biệt", "share of children in special "
...                   "circumstances", Unit.PERCENT, numerator="children_special_circumstances",
...                   denominator="children")
>>> t = Target("CT6.1", "Giảm tỷ lệ … xuống dưới 1,5%", "I.2", text_en="below 1.5%",
...            comparator=Comparator.BELOW, direction=Direction.DECREASE, indicator=share,
...            value=Decimal("1.5"), year=2025)
>>> t.meets(share.rate(15, 1000)), t.meets(share.rate(14, 1000))
(False, True)
>>> t.unit
<Unit.PERCENT: 'percent'>

Amount targets may have parts (Hồng Ngự: 300 million in total, of which 100 million at
district level and 20 million per commune); :func:`check` reports when the parts and
the total disagree for the actual number of communes.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from childprotect.documents.anomalies import Anomaly, Severity
from childprotect.documents.document import Period
from childprotect.errors import ValidationError
from childprotect.i18n import Message, Money
from childprotect.tables.notebook import Displayable
from childprotect.text.quantities import Unit
from childprotect.text.validators import optional_year
from childprotect.text.vntext import nfc

if TYPE_CHECKING:
    from childprotect.documents.levels import AdminLevel
    from childprotect.plans.plan import Plan
from childprotect.plans.application import Application, Basis
from childprotect.plans.indicators import (
    _CHANGES,
    _DECREASING,
    AmountPart,
    Baseline,
    Category,
    Change,
    Comparator,
    Direction,
    Indicator,
    Recurrence,
    Scope,
    TargetSource,
    Verification,
    _fail,
    _target_id,
    national_ref,
)

__all__ = ["Target", "check", "implied_total"]


@attrs.frozen
class Target(Displayable):
    """One measured quantity a plan promises, with the verbatim text it came from.

    ``value``/``upper`` are in :attr:`unit`: the indicator's unit, or percent for a
    relative change. ``parent`` is the id of the target a "trong đó" sub-target belongs to.
    ``year_inferred`` says why ``year`` is not the text's own (the target's sentence
    states no year, and the year is read from the plan's period); None when the text
    states the year, or when there is no year.
    """

    id: str = attrs.field(validator=_target_id)
    text_vi: str = attrs.field(converter=nfc)
    section: str | None = None
    text_en: str = attrs.field(kw_only=True)
    comparator: Comparator = attrs.field(kw_only=True)
    direction: Direction = attrs.field(kw_only=True)
    indicator: Indicator | None = attrs.field(default=None, kw_only=True)
    value: Decimal | None = attrs.field(default=None, kw_only=True)
    upper: Decimal | None = attrs.field(default=None, kw_only=True)
    change: Change | None = attrs.field(default=None, kw_only=True)
    year: int | None = attrs.field(default=None, kw_only=True, validator=optional_year)
    year_inferred: str | None = attrs.field(default=None, kw_only=True)
    period: Period | None = attrs.field(default=None, kw_only=True)
    recurrence: Recurrence = attrs.field(default=Recurrence.ONCE, kw_only=True)
    scope: Scope = attrs.field(factory=Scope, kw_only=True)
    disaggregation: tuple[Category, ...] = attrs.field(default=(), kw_only=True)
    parent: str | None = attrs.field(default=None, kw_only=True)
    baseline: Baseline | None = attrs.field(default=None, kw_only=True)
    parts: tuple[AmountPart, ...] = attrs.field(default=(), kw_only=True)
    applies: tuple[Application, ...] = attrs.field(default=(), kw_only=True)
    notes: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    source: TargetSource | None = attrs.field(default=None, kw_only=True)
    implements: tuple[str, ...] = attrs.field(default=(), kw_only=True)

    def __attrs_post_init__(self) -> None:
        _validate(self)

    @property
    def unit(self) -> Unit | None:
        """The unit of ``value`` and ``upper`` (None for a qualitative target)."""
        if self.comparator is Comparator.QUALITATIVE:
            return None
        if self.change is Change.RELATIVE:
            return Unit.PERCENT
        return self.indicator.unit if self.indicator is not None else None

    def applications(self, plan_level: AdminLevel) -> tuple[Application, ...]:
        """Where this target applies, each level filled in (``plan_level``: the plan's own).

        The plan data's ``applies`` when it is given; otherwise the plan's area as a whole,
        and each unit of a level for every per-unit part of an amount ("20 triệu đồng/01
        xã"), against that part's quota.

        >>> from childprotect.documents.levels import AdminLevel
        >>> from childprotect.formats import catalog
        >>> t3 = catalog.load("hong-ngu-2020").target("T3")
        >>> [(a.kind.value, a.level.value, a.quota_of(t3.value))
        ...  for a in t3.applications(AdminLevel.DISTRICT)]
        [('area', 'district', Decimal('300000000')), ('each_unit', 'commune', Decimal('20000000'))]
        """
        apps = self.applies or (Application(), *(
            Application(Basis.EACH_UNIT, p.level, value=p.value, source=p.label_vi)
            for p in self.parts if p.per_unit))
        return tuple(a.resolved(plan_level) for a in apps)

    @property
    def is_numeric(self) -> bool:
        return self.comparator is not Comparator.QUALITATIVE

    @property
    def base_id(self) -> str:
        """The plan's own number: ``CT3`` for ``CT3.2`` (a matrix item ``CT3`` covers it)."""
        return self.id.split(".", 1)[0]

    def level(self, baseline: Fraction | None = None) -> Fraction | None:
        """The boundary an observed value is compared with, in the indicator's unit.

        For ``reduce_by`` and ``increase_by`` it is computed from the baseline (the
        target's own, unless one is given); it is None for ``annual_reduction``,
        ``qualitative``, and a change without a baseline.
        """
        c = self.comparator
        if c in (Comparator.QUALITATIVE, Comparator.ANNUAL_REDUCTION):
            return None
        if c is Comparator.ELIMINATE:
            return Fraction(0)
        assert self.value is not None  # checked by _validate
        v = Fraction(self.value)
        if c not in (Comparator.REDUCE_BY, Comparator.INCREASE_BY):
            return v
        if baseline is None and self.baseline is not None and self.baseline.value is not None:
            baseline = Fraction(self.baseline.value)
        if baseline is None:
            return None
        sign = -1 if c is Comparator.REDUCE_BY else 1
        if self.change is Change.POINTS:
            return baseline + sign * v
        return baseline * (1 + sign * v / 100)

    def meets(self, observed: Fraction | Decimal | int,
              baseline: Fraction | None = None) -> bool:
        """Whether an observed level (in the indicator's unit) meets this target, exactly.

        Raises :class:`ValidationError` for targets that are not a level (qualitative,
        annual reduction) or a ``reduce_by`` target without a baseline.
        """
        if isinstance(observed, float) or type(observed) is bool:
            raise _fail(self.id, Message("observed value must be exact (Decimal, Fraction or "
                                         "int), got {observed}", observed=repr(observed)))
        x = Fraction(observed)
        lv = self.level(baseline)
        if lv is None:
            no_base = self.comparator in (Comparator.REDUCE_BY, Comparator.INCREASE_BY)
            c = self.comparator.value
            raise _fail(self.id, Message("a {comparator} target is not compared with one level "
                                         "(no baseline)", comparator=c) if no_base else
                        Message("a {comparator} target is not compared with one level",
                                comparator=c))
        return self.meets_level(x, lv)

    def meets_level(self, observed: Fraction, level: Fraction) -> bool:
        """Whether ``observed`` satisfies this target's comparator against ``level``
        (as returned by :meth:`level`)."""
        return _holds(self, observed, level)


def _holds(t: Target, x: Fraction, lv: Fraction) -> bool:
    c = t.comparator
    if c is Comparator.BELOW:
        return x < lv
    if c is Comparator.ABOVE:
        return x > lv
    if c in (Comparator.AT_LEAST, Comparator.INCREASE_BY):
        return x >= lv
    if c in (Comparator.AT_MOST, Comparator.REDUCE_TO, Comparator.REDUCE_BY):
        return x <= lv
    if c is Comparator.ELIMINATE:
        return x == 0
    if c is Comparator.REACH:
        return x >= lv if t.direction is Direction.INCREASE else x <= lv
    # MAINTAIN (validated: the indicator says which way is better)
    assert t.indicator is not None
    return x >= lv if t.indicator.higher_is_better else x <= lv


def _validate(t: Target) -> None:
    c, tid = t.comparator, t.id
    for name in ("value", "upper"):
        v = getattr(t, name)
        if v is not None and (type(v) is not Decimal or not v.is_finite() or v < 0):
            raise _fail(tid, Message("{name} must be a finite, non-negative Decimal, got {v}",
                                     name=name, v=repr(v)))
    levels = [a.level for a in t.applies]
    if len(set(levels)) != len(levels):
        raise ValidationError(Message(
            "target {target}: two applications at the same level; a target is judged once "
            "at each level", target=repr(tid)))
    if t.parent == tid:
        raise _fail(tid, Message("a target cannot be its own parent"))
    if t.year is not None and (type(t.year) is not int or not 1900 <= t.year <= 2200):
        raise _fail(tid, Message("year {year} is not a year", year=repr(t.year)))
    if t.year_inferred is not None and (t.year is None or not str(t.year_inferred).strip()):
        raise _fail(tid, Message("year_inferred gives the reason for an inferred year: it needs "
                                 "a year and a non-empty reason"))
    if t.period is not None and t.year is not None and t.year not in t.period:
        raise _fail(tid, Message("year {year} is outside the target's period {period}",
                                 year=t.year, period=t.period))
    if t.recurrence is Recurrence.STANDING and t.year is not None:
        raise ValidationError(Message(
            "target {id}: a standing target holds over its whole period: give no year "
            "(got {year})", id=repr(tid), year=str(t.year)))
    for ref in t.implements:
        national_ref(ref)
    if len(set(t.implements)) != len(t.implements):
        raise ValidationError(Message("target {id}: implements lists a target twice: {refs}",
                                      id=repr(tid), refs=", ".join(t.implements)))
    if c is Comparator.QUALITATIVE:
        if t.value is not None or t.upper is not None or t.change is not None or t.parts:
            raise _fail(tid, Message("a qualitative target has no value, upper, change or parts "
                                     "(value {t})", t=repr(t.value)))
        return
    if t.indicator is None:
        raise _fail(tid, Message("a {c} target needs an indicator", c=c.value))
    if c is Comparator.ELIMINATE:
        if t.value is not None:
            raise _fail(tid, Message("an eliminate target means 0: give no value, got {t}",
                                     t=t.value))
    elif t.value is None:
        raise _fail(tid, Message("a {c} target needs a value", c=c.value))
    if c in _DECREASING and t.direction is not Direction.DECREASE:
        raise _fail(tid, Message("a {c} target has direction decrease, got {direction}",
                                 c=c.value, direction=t.direction.value))
    if c is Comparator.INCREASE_BY and t.direction is not Direction.INCREASE:
        raise _fail(tid, Message("an increase_by target has direction increase, got {direction}",
                                 direction=t.direction.value))
    if c is Comparator.REACH and t.direction is Direction.MAINTAIN:
        raise _fail(tid, Message("'reach' needs direction increase or decrease to say what is "
                                 "better"))
    if c is Comparator.MAINTAIN:
        if t.direction is not Direction.MAINTAIN:
            raise _fail(tid, Message("a maintain target has direction maintain, got {direction}",
                                     direction=t.direction.value))
        if t.indicator.higher_is_better is None:
            raise _fail(tid, Message("a maintain target needs an indicator that says whether "
                                     "higher is better (higher_is_better)"))
    needs_change = c in _CHANGES
    if needs_change and t.change is None:
        raise _fail(tid, Message("a {c} target must say whether the change is relative or in "
                                 "points (change)", c=c.value))
    if not needs_change and t.change is not None:
        raise _fail(tid, Message("change {change} only applies to reduce_by, increase_by and "
                                 "annual_reduction", change=repr(t.change.value)))
    if t.upper is not None:
        if c is not Comparator.ANNUAL_REDUCTION:
            raise _fail(tid, Message("upper {upper} only applies to an annual reduction range",
                                     upper=t.upper))
        if t.value is not None and t.upper < t.value:
            raise _fail(tid, Message("upper {upper} is below value {t}", upper=t.upper, t=t.value))
    if c is Comparator.ANNUAL_REDUCTION and t.recurrence is not Recurrence.ANNUAL:
        raise _fail(tid, Message("an annual reduction recurs every year (recurrence annual)"))
    if t.recurrence is Recurrence.ANNUAL and t.period is None:
        raise _fail(tid, Message("an annual target needs the period of years it covers"))
    _validate_range(t)
    if t.parts and t.indicator.unit is not Unit.VND:
        raise _fail(tid, Message("parts are for amounts in đồng, not {unit}",
                                 unit=t.indicator.unit.value))


def _validate_range(t: Target) -> None:
    assert t.indicator is not None
    unit = t.unit
    factor = unit.factor if unit is not None else None
    capped = t.change is Change.RELATIVE or (t.indicator.bounded and t.indicator.unit.is_rate)
    for name in ("value", "upper"):
        v = getattr(t, name)
        if v is not None and capped and factor is not None and v > factor:
            what = Message("a relative change") if t.change is Change.RELATIVE else \
                Message("a share")
            raise _fail(t.id, Message("{name} {v} {value} is more than 100% of the whole, "
                                      "impossible for {what}", name=name, v=v,
                                      value=unit.symbol if unit else '', what=what))
    if t.indicator.unit is Unit.COUNT and t.change is not Change.RELATIVE and t.value is not None \
            and t.value != t.value.to_integral_value():
        raise _fail(t.id, Message("value {t} of a count is not a whole number", t=t.value))


def implied_total(target: Target, units: int | None = None) -> Decimal | None:
    """The total implied by an amount target's parts.

    ``units`` overrides the sourced number of units for per-unit parts; None when a
    per-unit part has no count.

    >>> from childprotect.formats import catalog
    >>> implied_total(catalog.load("hong-ngu-2020").target("T3"))
    Decimal('300000000')
    >>> implied_total(catalog.load("hong-ngu-2020").target("T3"), units=11)
    Decimal('320000000')
    """
    total = Decimal(0)
    for part in target.parts:
        if not part.per_unit:
            total += part.value
            continue
        n = units if units is not None else (part.units.count if part.units else None)
        if n is None:
            return None
        total += part.value * n
    return total


def check(plan: Plan) -> list[Anomaly]:
    """Anomalies in a plan's targets: parts that do not add up to their total, sub-targets
    whose parent is missing or measures something else, target years outside the plan."""
    out: list[Anomaly] = []
    by_id = {t.id: t for t in plan.targets}
    for t in plan.targets:
        where = f"targets[{t.id}]"
        out.extend(_check_parts(t, where))
        out.extend(_check_parent(t, by_id, where))
        period = plan.document.period
        if t.year is not None and t.year not in period:
            out.append(Anomaly(
                "target.year-outside-plan", where, t.text_vi,
                Message("the target year {year} is outside the plan's period {period}",
                        year=t.year, period=str(period))))
    return out


def _check_parts(t: Target, where: str) -> Iterable[Anomaly]:
    if not t.parts or t.value is None:
        return
    for part in t.parts:
        if part.per_unit and part.units is None:
            yield Anomaly(
                "target.parts-unchecked", where, t.text_vi,
                Message("the part {part} is per unit but the number of units is not given: the "
                        "parts cannot be added up", part=repr(part.label_en)), Severity.INFO)
            return
        if part.units is not None and part.units.verification is Verification.UNVERIFIED:
            yield Anomaly(
                "target.parts-count-unverified", where, t.text_vi,
                Message("the number of units ({count} {units}) is not verified: {source}",
                        count=part.units.count, units=part.units.units_vi,
                        source=part.units.source), Severity.INFO)
    total = implied_total(t)
    if total is not None and total != t.value:
        counts = ", ".join(f"{p.units.count} {p.units.units_vi} ({p.units.source})"
                           for p in t.parts if p.units is not None)
        yield Anomaly(
            "target.parts-total-mismatch", where, t.text_vi,
            Message("the parts add up to {parts} for {counts}, but the total is {total}",
                    parts=Money(total), counts=counts, total=Money(t.value)),
            Severity.ERROR)


def _check_parent(t: Target, by_id: dict[str, Target], where: str) -> Iterable[Anomaly]:
    if t.parent is None:
        return
    parent = by_id.get(t.parent)
    if parent is None:
        yield Anomaly("target.unknown-parent", where, t.text_vi,
                      Message("the sub-target's parent {parent} is not a target of the plan",
                              parent=repr(t.parent)),
                      Severity.ERROR)
        return
    child_den = t.indicator.denominator if t.indicator else None
    parent_num = parent.indicator.numerator if parent.indicator else None
    if child_den is not None and parent_num is not None and child_den != parent_num:
        yield Anomaly(
            "target.sub-target-mismatch", where, t.text_vi,
            Message("a 'trong đó' sub-target counts a share of its parent's numerator "
                    "({numerator}), but its denominator is {denominator}",
                    numerator=repr(parent_num), denominator=repr(child_den)))

"""A plan's targets on the share of child-friendly communes.

A plan target is one when its indicator is the rate ``communes_child_friendly /
communes``; it becomes a :class:`~childprotect.communes.shares.ShareTarget`, assessed by
:func:`childprotect.communes.shares.assess` like the national targets of Quyết định
23/QĐ-TTg.

>>> from fractions import Fraction
>>> from childprotect.formats import catalog
>>> t = share_target("bac-kan-352-2019/T1", catalog.load_all())
>>> t.comparator.value, t.percent, t.met(Fraction(7, 10)), t.met(Fraction(71, 100))
('above', Decimal('70'), False, True)
>>> share_target("ttg-23-2021/CT1.2025", catalog.load_all()).met(Fraction(65, 100))
True

The retired ids of the national targets still work, and name the plan's targets:

>>> share_target("qd-23-2021/2030", catalog.load_all()).id
'ttg-23-2021/CT1.2030'
"""

from __future__ import annotations

from collections.abc import Iterable

from childprotect.agencies.matrix import covers
from childprotect.communes.shares import (
    SHARE_DENOMINATOR,
    SHARE_NUMERATOR,
    Comparator,
    ShareTarget,
    national_share_targets,
    share_target_aliases,
)
from childprotect.errors import UnknownName, ValidationError
from childprotect.i18n import Message
from childprotect.plans.plan import Plan
from childprotect.text.quantities import Unit

__all__ = ["plan_share_targets", "share_target", "share_targets"]


def plan_share_targets(plan: Plan) -> tuple[ShareTarget, ...]:
    """The plan's targets on the share of child-friendly communes, as :class:`ShareTarget`.

    A plan target is one when its indicator is the rate ``communes_child_friendly /
    communes`` (:data:`SHARE_NUMERATOR`). The comparator, value, year and verbatim text
    come from the plan's data; the level is the issuer's.

    >>> from childprotect.formats import catalog
    >>> [(t.id, t.label) for t in plan_share_targets(catalog.load("thua-thien-hue-208-2021"))]
    [('thua-thien-hue-208-2021/CT1.2', '> 65%')]
    """
    out = []
    for t in plan.targets:
        ind = t.indicator
        if ind is None or (ind.numerator, ind.denominator) != (SHARE_NUMERATOR,
                                                              SHARE_DENOMINATOR):
            continue
        comp = {"above": Comparator.ABOVE, "at_least": Comparator.AT_LEAST,
                "reach": Comparator.AT_LEAST}.get(t.comparator.value)
        if comp is None or t.value is None or ind.unit is not Unit.PERCENT:
            raise ValidationError(
                Message("plan {id}, target {id2}: a share target must be 'above', 'at_least' or "
                        "'reach' a percentage, got {comparator} {t} {unit}", id=plan.id, id2=t.id,
                        comparator=t.comparator.value, t=t.value, unit=ind.unit.value))
        when = (f"{t.period.start}–{t.period.end}" if t.period and t.period.end
                else str(t.year) if t.year else None)
        notes = "; ".join(t.notes)
        out.append(ShareTarget(
            f"{plan.id}/{t.id}", plan.document.issuer.level, comp, t.value, t.text_vi,
            f"{plan.document.number.text}, section {t.section} (plan data {plan.id})",
            "plan", plan.id, t.id, (f"{when}; {notes}" if when and notes else when or notes
                                    or None), t.year))
    return tuple(out)


def share_targets(plans: Iterable[Plan] = ()) -> tuple[ShareTarget, ...]:
    """Every known target on the share: those of ``plans`` (from their data; pass
    ``catalog.load_all()`` for the bundled plans, national programmes included), then the
    bundled ones no plan holds (``data/criteria/share-targets.json``)."""
    found = [t for p in plans for t in plan_share_targets(p)]
    found += national_share_targets()
    ids = [t.id for t in found]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise ValidationError(Message("share targets: duplicate ids {dup}", dup=dup))
    return tuple(found)


def share_target(target_id: str, plans: Iterable[Plan] = ()) -> ShareTarget:
    """A known target by id (``bac-kan-352-2019/T1``, ``thua-thien-hue-208-2021/CT1.2``,
    ``ttg-23-2021/CT1.2030``) among :func:`share_targets` of ``plans``; a plan id alone
    selects its only share target, and ``PLAN/CT1`` its only share target among ``CT1.1``,
    ``CT1.2`` … A retired id (``qd-23-2021/2030``, see
    :func:`~childprotect.communes.shares.share_target_aliases`) names the target it became."""
    alias = share_target_aliases().get(target_id)
    if alias is not None:
        target_id = alias.target
    known = share_targets(plans)
    found = [t for t in known if t.id == target_id or t.plan == target_id]
    if not found:
        plan, _, item = target_id.partition("/")
        found = [t for t in known
                 if t.plan == plan and t.item is not None and covers(item, t.item)]
    if len(found) != 1:
        raise UnknownName("share target", target_id, [t.id for t in known])
    return found[0]

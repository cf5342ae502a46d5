"""The plan's area on the data's date, and the data that lie outside it.

A provincial plan measures its own province: data of another province's units are
reported as outside the plan's area (an anomaly naming them) rather than rolled into
its figures. The area is the unit of the place that issued the plan (``Thừa Thiên Huế``
→ code 46); on a day that unit no longer exists (Bắc Kạn after 1 July 2025, the district
of Hồng Ngự) it is the units its lowest units went into.

>>> import datetime as dt
>>> from childprotect.formats import catalog
>>> from childprotect.units.national_list import national
>>> h = national().on(dt.date(2025, 12, 31))
>>> sorted(plan_area(catalog.load("hong-ngu-2020"), h, national()))
['29971', '29978', '29983', '29992', '30154']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from childprotect.documents.anomalies import Anomaly, Severity
from childprotect.errors import UnknownName
from childprotect.i18n import Message

if TYPE_CHECKING:
    from childprotect.plans.plan import Plan
    from childprotect.rollup.areas import Places
    from childprotect.rollup.measures import Record
    from childprotect.units.hierarchy import Hierarchy
    from childprotect.units.model import AdminUnit
    from childprotect.units.registry import UnitRegistry

__all__ = ["area_anomalies", "area_roots", "in_area", "inside", "outside_anomaly",
           "plan_area", "units_for"]

_DAY = dt.timedelta(days=1)


def plan_area(plan: Plan, h: Hierarchy, registry: UnitRegistry) -> frozenset[str] | None:
    """The codes of the units that make up the plan's area on ``h.as_of`` (None: the plan
    has no place, or its place's units are not in ``h``)."""
    from childprotect.agencies.registry import registry as agencies

    name = plan.document.issuer.place
    place = agencies().find_place(name) if name else None
    if place is None or place.code is None:
        return None
    day, code = h.as_of, place.code
    if code in h:
        return frozenset({code})
    try:
        if place.valid_to is not None and place.valid_to < day:
            # carried forward: the units its lowest units went into
            below = registry.on(place.valid_to).within([code])
            got = {p.new.code for leaf in below.reporting_units()
                   for p in registry.trace(leaf, place.valid_to, day)}
        elif place.valid_from is not None and day < place.valid_from:
            got = {t.old for t in registry.predecessors(code, place.valid_from)}
        else:
            return None
    except UnknownName:
        return None
    got &= set(h.codes())
    return frozenset(got) or None


def inside(h: Hierarchy, codes: Iterable[str], area: frozenset[str]) -> list[str]:
    """The ``codes`` in ``area`` or under one of its units."""
    return [c for c in codes if c in area or not area.isdisjoint(h.chain(c))]


def outside_anomaly(period: str, h: Hierarchy, codes: Iterable[str],
                    area: frozenset[str]) -> Anomaly | None:
    """An anomaly naming the ``codes`` (of the data of ``period``) outside ``area``."""
    within = set(inside(h, codes, area))
    out = sorted({c for c in codes if c in h} - within)
    if not out:
        return None
    shown = ", ".join(out[:20]) + (f" … (+{len(out) - 20})" if len(out) > 20 else "")
    names = ", ".join(sorted(h.name(a) for a in area)[:5])
    return Anomaly("data.outside-plan-area", period, shown, Message(
        "{count} unit(s) of the data for {period} lie outside the plan's area ({area}): "
        "their figures are not the plan's and are left out of its assessment",
        count=len(out), period=period, area=names), Severity.WARNING)


def _national_area(plan: Plan, h: Hierarchy) -> frozenset[str] | None:
    from childprotect.units.national_list import national

    return plan_area(plan, h, national())


def area_anomalies(plan: Plan, period: str, h: Hierarchy, records: Iterable[Record]
                   ) -> list[Anomaly]:
    """The records of ``period`` of units outside the plan's area, as an anomaly."""
    area = _national_area(plan, h)
    found = outside_anomaly(period, h, [r.unit for r in records], area) if area else None
    return [found] if found is not None else []


def area_roots(plan: Plan, h: Hierarchy) -> list[str]:
    """The plan's area when it is one unit (a province, a district), else nothing."""
    area = _national_area(plan, h)
    return sorted(area) if area is not None and len(area) == 1 else []


def in_area(plan: Plan, h: Hierarchy, codes: set[str]) -> set[str]:
    """The ``codes`` in the plan's area, when some are (else all of them)."""
    area = _national_area(plan, h)
    kept = set(inside(h, codes, area)) if area else set()
    return kept or codes


def units_for(units: Sequence[AdminUnit], root: str | None, codes: Iterable[str],
              period: str, source: str | Message, *, numbers: Collection[str] = (),
              places: Places | None = None) -> Hierarchy:
    """The units valid at the end of ``period`` that data (with their own ``units``, under
    the national ``root`` and its ancestors, or none) refer to; a code of ``codes`` that
    does not exist then is an :class:`~childprotect.errors.UnknownUnits` naming it (and
    where it is, by ``places``), as is a code read from a number that lost its zeros
    (``numbers``: see :func:`~childprotect.rollup.areas.require_known`)."""
    from childprotect.rollup.areas import require_known
    from childprotect.text.periods import period_end
    from childprotect.units.national_list import national
    from childprotect.units.registry import UnitRegistry

    day = period_end(period)
    reg = national()
    if units:
        if root is None:
            h = UnitRegistry(units).on(day)
        else:
            top = list(reg.versions(root))
            chain: list[AdminUnit] = []
            for u in top:
                parent = u.parent
                while parent is not None:
                    versions = reg.versions(parent)
                    chain.extend(versions)
                    parent = versions[0].parent if versions else None
            h = UnitRegistry([*chain, *top, *units], []).on(day)
    else:
        h = reg.on(day)
    require_known(codes, h, None if units else reg, source, numbers=numbers, places=places)
    return h

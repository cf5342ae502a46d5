"""Which units some data refer to: codes that must exist on the data's date, and the part
of the country the data cover.

A data file whose codes do not exist on its date is an error naming them, never a rollup
of nothing; codes that exist on another day are named with their days, since old data
on the units before a reorganisation are a common cause (they can be carried to the new
units by :func:`childprotect.rollup.crosswalks.crosswalk`).

>>> from datetime import date
>>> from childprotect.units.national_list import national
>>> h = national().on(date(2024, 12, 31))
>>> covering(h, ["19990", "20035"])
['46']
>>> require_known(["19990", "00000"], h, national(), "counts.csv")
Traceback (most recent call last):
...
childprotect.errors.UnknownUnits: counts.csv: 1 unit code(s) do not exist on 2024-12-31: 00000
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

import attrs

from childprotect.errors import UnknownUnits
from childprotect.i18n import Message
from childprotect.units.model import lost_zeros

if TYPE_CHECKING:
    from childprotect.documents.anomalies import Anomaly
    from childprotect.rollup.measures import Row
    from childprotect.units.hierarchy import Hierarchy
    from childprotect.units.registry import UnitRegistry

__all__ = ["SHOWN", "Scoped", "covering", "listed", "outside", "require_known", "scope_rows"]

#: At most this many codes are written into a message (all are in the error's ``codes``).
SHOWN = 20


def listed(codes: Sequence[str]) -> str:
    """Codes as a message lists them: the first :data:`SHOWN`, then how many more."""
    shown = ", ".join(codes[:SHOWN])
    return shown + (f" … (+{len(codes) - SHOWN})" if len(codes) > SHOWN else "")


def require_known(codes: Iterable[str], hierarchy: Hierarchy,
                  registry: UnitRegistry | None = None, source: str | Message | None = None
                  ) -> None:
    """Nothing when every code exists in ``hierarchy`` (on its date); else an
    :class:`~childprotect.errors.UnknownUnits` naming every code that does not, and the
    days on which ``registry`` knows those that exist on other days."""
    unknown = sorted({c for c in codes if c not in hierarchy})
    if not unknown:
        return
    zeros = {}  # codes a spreadsheet read as numbers: 00070 became 70
    for code in unknown:
        full = lost_zeros(code, hierarchy)
        if full is not None:
            zeros[code] = full
    elsewhere: list[str] = []
    if registry is not None:
        for code in unknown:
            if code in zeros:
                continue
            versions = registry.versions(code)
            if versions:
                spans = "; ".join(f"{u.name_vi} {u.validity}" for u in versions)
                elsewhere.append(f"{code} ({spans})")
    hint: Message | str = ""
    if elsewhere:
        hint = Message("; {count} of them are units of other days: {units}. Data on the "
                       "units of another day need the units of that day (the date the "
                       "data refer to), or carrying to the new units", count=len(elsewhere),
                       units=listed(elsewhere))
    if zeros:
        lost = Message("; {count} of them look like codes that lost their leading zeros (a "
                       "spreadsheet drops them from a code typed as a number): {pairs}; format "
                       "the code column as text and type the codes again",
                       count=len(zeros), pairs=listed([f"{k} → {v}" for k, v in zeros.items()]))
        hint = Message("{first}{second}", first=lost, second=hint)
    raise UnknownUnits(Message("{source}: {count} unit code(s) do not exist on {day}: "
                               "{codes}{hint}", source=source or Message("the data"),
                               count=len(unknown),
                               day=hierarchy.as_of, codes=listed(unknown),
                               hint=hint), unknown)


def covering(hierarchy: Hierarchy, codes: Iterable[str]) -> list[str]:
    """The top units (provinces) that contain ``codes``, in the hierarchy's order: the part
    of the country some data cover."""
    tops = set()
    for code in codes:
        chain = hierarchy.chain(code)
        tops.add(chain[-1] if chain else code)
    return [c for c in hierarchy.roots() if c in tops]


def outside(hierarchy: Hierarchy, codes: Iterable[str], area: Iterable[str]) -> list[str]:
    """The ``codes`` that lie outside the units ``area`` (and the units under them)."""
    inside = set(area)
    return sorted({c for c in codes if c not in inside
                   and inside.isdisjoint(hierarchy.chain(c))})


@attrs.frozen
class Scoped:
    """Rows of one period ready to roll up: the units they refer to (``hierarchy``, the
    part of the country they cover), the rows left out because they lie outside the area
    asked for (``outside``), and, when carried to the units of another day, the units
    whose values are estimates (``estimates``: code → why) and the crosswalk's anomalies."""

    rows: list[tuple[str, Row]]
    hierarchy: Hierarchy
    outside: tuple[str, ...] = ()
    estimates: dict[str, tuple[Message, ...]] = attrs.Factory(dict)
    anomalies: tuple[Anomaly, ...] = ()
    carried_from: date | None = None


def scope_rows(rows: Sequence[tuple[str, Row]], registry: UnitRegistry, day: date, *,
               names: Sequence[str], source: str | Message | None = None,
               within: str | None = None,
               to: date | None = None, whole: bool = False) -> Scoped:
    """The rows of one period (``(unit, values aligned with names)``, on the units of
    ``day``) and the hierarchy to roll them up on.

    Every code must exist on ``day`` (:func:`require_known`). ``to``: carry the rows to
    the units of that day through the crosswalk (at the lowest level of that day). The
    hierarchy is the part of the country the data cover (:func:`covering`), the units
    under ``within`` (rows outside it are left out and named), or all of it (``whole``:
    a list of units the user gave, every unit of which is expected to report).

    >>> from childprotect.units.national_list import national
    >>> s = scope_rows([("19990", (5,)), ("20035", (7,))], national(), date(2024, 12, 31),
    ...                names=["children"])
    >>> s.hierarchy.roots(), len(s.hierarchy.reporting_units())
    (['46'], 141)
    """
    h = registry.on(day)
    require_known((code for code, _ in rows), h, registry, source)
    out = list(rows)
    estimates: dict[str, tuple[Message, ...]] = {}
    anomalies: tuple[Anomaly, ...] = ()
    if to is not None:
        from childprotect.rollup.crosswalks import crosswalk
        from childprotect.rollup.measures import Record

        target = registry.on(to)
        level = target.reporting_level()
        if level is None:
            raise UnknownUnits(Message("no units exist on {day}", day=to), [])
        cw = crosswalk([Record(code, "", {n: v for n, v in zip(names, values, strict=True)
                                          if v is not None}) for code, values in out],
                       registry, source_on=day, target_on=to, level=level)
        index = {n: i for i, n in enumerate(cw.names)}
        out = [(code, tuple(vals[index[n]] if n in index else None for n in names))
               for code, vals in cw.rows()]
        h, estimates, anomalies = target, dict(cw.approximate), cw.anomalies
        for code, lacking in cw.incomplete.items():
            why = Message("{code}: {lacking} missing from some of the units it was formed from",
                          code=code, lacking=", ".join(lacking))
            for unit in (code, *target.chain(code)):
                estimates[unit] = (*estimates.get(unit, ()), why)
    left: list[str] = []
    if within is not None:
        left = outside(h, (code for code, _ in out), [within])
        if left:
            gone = set(left)
            out = [r for r in out if r[0] not in gone]
        h = h.within([within])
    elif not whole:
        tops = covering(h, (code for code, _ in out))
        if len(tops) != len(h.roots()):  # data of part of the country
            h = h.within(tops)
    return Scoped(out, h, tuple(left), estimates, anomalies, day if to is not None else None)

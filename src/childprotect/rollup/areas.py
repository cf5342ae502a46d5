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

import contextlib
import typing
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

import attrs

from childprotect.errors import ChildProtectError, MisreadUnits, UnknownUnits
from childprotect.i18n import Message
from childprotect.units.model import lost_zeros, with_zeros

if TYPE_CHECKING:
    from childprotect.documents.anomalies import Anomaly
    from childprotect.rollup.measures import Row
    from childprotect.units.hierarchy import Hierarchy
    from childprotect.units.registry import UnitRegistry

__all__ = ["PLACES", "SHOWN", "Places", "Scoped", "covering", "listed", "lost_zeros_sentence",
           "outside", "require_known", "require_reporting", "scope_rows"]

#: At most this many codes are written into a message (all are in the error's ``codes``).
SHOWN = 20


def listed(codes: Sequence[str | Message]) -> str | Message:
    """Codes as a message lists them: the first :data:`SHOWN`, then how many more (in the
    reader's language when shown, for codes said with words: ``58 (line 3)``)."""
    more = f" … (+{len(codes) - SHOWN})" if len(codes) > SHOWN else ""
    if all(isinstance(c, str) for c in codes):
        return ", ".join(typing.cast("Sequence[str]", codes[:SHOWN])) + more
    return Message("{codes}{more}", codes=tuple(codes[:SHOWN]), more=more)


#: Where a code is (the places :func:`require_known` is given): at most this many are
#: written for each code, then how many more.
PLACES = 3

#: Where the rows of some codes are in the data (a cell ``'Số liệu'!A9``, a line), by code:
#: read again only to name the codes of an error.
Places = Callable[[Collection[str]], Mapping[str, Sequence[str | Message]]]

def require_known(codes: Iterable[str], hierarchy: Hierarchy,
                  registry: UnitRegistry | None = None, source: str | Message | None = None,
                  *, numbers: Collection[str] = (), places: Places | None = None) -> None:
    """Nothing when every code exists in ``hierarchy`` (on its date); else an
    :class:`~childprotect.errors.UnknownUnits` naming every code that does not, and the
    days on which ``registry`` knows those that exist on other days.

    ``numbers``: the codes that were read from spreadsheet cells holding numbers, not
    text. A number has no leading zeros, so the commune ``00058`` typed as one is read
    ``58``, the code of a province: such a code that names a unit away from the rest of
    the data (in another province, or of another level), when the code with its zeros
    names a unit among them, is an error too (:class:`~childprotect.errors.MisreadUnits`),
    never a row of the wrong unit (:func:`_misread`). A number above the data's own units
    (a province's row of totals) and a province typed as a number in data of provinces
    are read as they are.

    ``places``: where the rows of codes are in the data (called only for an error): the
    error names the first :data:`PLACES` of each code, and how many more there are.
    """
    seen = codes if isinstance(codes, (set, frozenset)) else set(codes)
    # (the reporting units, a set the rollup uses too, are taken off in one step)
    unknown = sorted(c for c in seen - hierarchy.reporting_set() if c not in hierarchy)
    misread = _misread(seen, numbers, hierarchy) if numbers else {}
    if not unknown and not misread:
        return
    where: dict[str, Sequence[str | Message]] = {}
    if places is not None:
        # (a file that changed since it was read and cannot be read again: codes only)
        with contextlib.suppress(ChildProtectError):
            where = dict(places([*unknown, *misread]))

    def at(code: str) -> str | Message:
        return _placed(hierarchy.shown(code), where.get(code))

    pairs = listed([_pair(at(k), v) for k, v in sorted(
        misread.items(), key=lambda kv: (len(kv[0]), kv[0]))])
    if not unknown:
        raise MisreadUnits(Message("{where}: {problem}", where=source or Message("the data"),
                                   problem=_moved(len(misread), pairs)),
                           sorted(misread))
    zeros = _zeros(unknown, seen, numbers, hierarchy)
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
        hint = Message("{first}{second}", first=lost_zeros_sentence(zeros), second=hint)
    if misread and zeros:  # (the remedy is said once)
        hint = Message("{first}{second}", first=hint, second=Message(
            "; {count} more were read from cells that hold numbers and may name other units "
            "than they name as read: {pairs}", count=len(misread), pairs=pairs))
    elif misread:
        hint = Message("{first}; {rest}", first=hint, rest=_moved(len(misread), pairs))
    raise UnknownUnits(Message("{source}: {count} unit code(s) do not exist on {day}: "
                               "{codes}{hint}", source=source or Message("the data"),
                               count=len(unknown),
                               day=hierarchy.as_of, codes=listed([at(c) for c in unknown]),
                               hint=hint), [*unknown, *sorted(misread)])


def require_reporting(codes: Iterable[str], hierarchy: Hierarchy,
                      source: str | Message | None = None, *,
                      places: Places | None = None) -> None:
    """Nothing when every code of ``codes`` that exists in ``hierarchy`` is one of its
    reporting units (the lowest level: the communes of a per-child register); else an
    :class:`~childprotect.errors.UnknownUnits` naming the others, their levels and, for a
    code that is a reporting unit's with its leading zeros put back (``58`` for the commune
    ``00058``: ``58`` is a province), that code. Codes that do not exist are
    :func:`require_known`'s.

    >>> from datetime import date
    >>> from childprotect.units.national_list import national
    >>> require_reporting(["00037", "58"], national().on(date(2024, 12, 31)), "kids.csv")
    Traceback (most recent call last):
    ...
    childprotect.errors.UnknownUnits: kids.csv: 1 unit code(s) name units that do not report \
on 2024-12-31 (the units of the commune level report): 58 (province); 1 of them look like \
codes that lost their leading zeros (a spreadsheet drops them from a code typed as a \
number): 58 → 00058; format the code column as text and type the codes again
    """
    from childprotect.documents.levels import level_name

    reporting = hierarchy.reporting_set()
    above = sorted(c for c in set(codes) - reporting if c in hierarchy)
    if not above:
        return
    where: dict[str, Sequence[str | Message]] = {}
    if places is not None:
        with contextlib.suppress(ChildProtectError):
            where = dict(places(above))
    shown = [_placed(code, where.get(code), level_name(hierarchy.level(code).id))
             for code in above]
    # (a register's code may have lost its zeros in any width: 001 for the commune 00001)
    zeros = {c: full for c in above if (full := lost_zeros(c, reporting)) is not None}
    hint = lost_zeros_sentence(zeros) if zeros else ""
    lowest = hierarchy.reporting_level()
    raise UnknownUnits(Message(
        "{source}: {count} unit code(s) name units that do not report on {day} (the units of "
        "the {level} level report): {codes}{hint}", source=source or Message("the data"),
        count=len(above), day=hierarchy.as_of, level=level_name(lowest or "—"), codes=listed(shown),
        hint=hint), above)


def lost_zeros_sentence(zeros: Mapping[str, str | Message]) -> Message:
    """The clause that names codes which look like codes that lost their leading zeros,
    code → the code (or codes) it may be, and says what to do.

    >>> lost_zeros_sentence({"58": "00058"}).text("en")  # doctest: +ELLIPSIS
    '; 1 of them look like codes that lost their leading zeros (...): 58 → 00058; ...'
    """
    return Message("; {count} of them look like codes that lost their leading zeros (a "
                   "spreadsheet drops them from a code typed as a number): {pairs}; format "
                   "the code column as text and type the codes again",
                   count=len(zeros), pairs=listed([_pair(k, v) for k, v in zeros.items()]))


def _placed(code: str | Message, found: Sequence[str | Message] | None,
            what: str | Message = "") -> str | Message:
    """``code`` with what is said of it (``what``) and its first :data:`PLACES` places, then
    how many more: ``58 (province, line 3, line 9 +2)``, written in the reader's language
    when shown."""
    said: list[str | Message] = [what] if what else []
    if found and len(found) > PLACES:
        said += [*found[:PLACES - 1], Message("{place} +{count}", place=found[PLACES - 1],
                                              count=len(found) - PLACES)]
    elif found:
        said += found
    return Message("{code} ({said})", code=code, said=tuple(said)) if said else code


def _pair(code: str | Message, meant: str | Message) -> str | Message:
    """``58 → 00058``."""
    if isinstance(code, str) and isinstance(meant, str):
        return f"{code} → {meant}"
    return Message("{code} → {meant}", code=code, meant=meant)


def _moved(count: int, pairs: str | Message) -> Message:
    """What :class:`~childprotect.errors.MisreadUnits` says about ``count`` codes."""
    return Message(
        "{count} unit code(s) were read from cells that hold numbers, which drop a code's "
        "leading zeros, and may name other units than they name as read: {pairs}; format "
        "the code column as text and type the codes again (a number format that shows the "
        "zeros does not keep them)", count=count, pairs=pairs)


def _levels_of(seen: Collection[str], numbers: Collection[str], hierarchy: Hierarchy
               ) -> set[str]:
    """The level (or levels) of the data, from the codes that can be read one way only: the
    codes that exist, read from text or with no other reading; else the codes that do not
    exist but have one reading with zeros (``43``: only ``00043`` exists); else the level
    that reports (the level of the rows a rollup counts)."""
    level = hierarchy.level
    levels = {level(c).id for c in seen if c in hierarchy
              and (c not in numbers or not with_zeros(c, hierarchy))}
    if not levels:
        for code in seen:
            if code not in hierarchy:
                full = with_zeros(code, hierarchy)
                if len(full) == 1:
                    levels.add(level(full[0]).id)
    if not levels:
        lowest = hierarchy.reporting_level()
        levels = {lowest} if lowest is not None else set()
    return levels


@attrs.frozen
class _Area:
    """Where the rest of the data are. ``own``: the codes that read one way only (text, or
    a number that is no other unit's code with zeros) and the one reading of an unknown
    code that has one (``4792``: only ``04792`` exists); ``area`` those and every unit above
    them; ``tops`` their provinces; ``levels`` the data's levels (:func:`_levels_of`)."""

    own: frozenset[str]
    area: frozenset[str]
    tops: frozenset[str]
    levels: frozenset[str]

    @classmethod
    def of(cls, seen: Collection[str], numbers: Collection[str], hierarchy: Hierarchy
           ) -> _Area:
        own: set[str] = set()
        for code in seen:
            if code in hierarchy:
                if not (code in numbers and with_zeros(code, hierarchy)):
                    own.add(code)
            elif len(full := with_zeros(code, hierarchy)) == 1:
                own.add(full[0])
        chain = hierarchy.chain
        area: set[str] = set(own)
        tops: set[str] = set()
        for code in own:
            up = chain(code)
            area.update(up)
            tops.add(up[-1] if up else code)
        return cls(frozenset(own), frozenset(area), frozenset(tops),
                   frozenset(_levels_of(seen, numbers, hierarchy)))

    def _tier(self, code: str, hierarchy: Hierarchy) -> int:
        """How near ``code`` is to the data: 2 above their units, or at their level just
        under one of those or of them (a commune of their district); 1 one of their own
        codes (a row twice?) or in their provinces; else 0."""
        if code in self.area and code not in self.own:
            return 2
        up = hierarchy.chain(code)
        if (up and up[0] in self.area and code not in self.own
                and hierarchy.level(code).id in self.levels):
            return 2
        return 1 if code in self.own or (up[-1] if up else code) in self.tops else 0

    def nearest(self, codes: Sequence[str], hierarchy: Hierarchy, *, every: bool = False
                ) -> list[str]:
        """The codes of ``codes`` nearest the data (:meth:`_tier`), in their order (``every``:
        all that are near at all, the nearest first); none when nothing places the data or
        none is near them."""
        if not self.own:
            return []
        tiers = [self._tier(c, hierarchy) for c in codes]
        best = max(tiers)
        if not best:
            return []
        if every:
            return [c for t, _, c in sorted(zip(tiers, range(len(codes)), codes, strict=True),
                                            key=lambda x: (-x[0], x[1])) if t]
        return [c for c, t in zip(codes, tiers, strict=True) if t == best]


def _either(codes: Sequence[str]) -> str | Message:
    """One code, or several a number may be: ``00271 or 271``."""
    if len(codes) == 1:
        return codes[0]
    return Message("{codes} or {last}", codes=", ".join(codes[:-1]), last=codes[-1])


def _misread(seen: Collection[str], numbers: Collection[str], hierarchy: Hierarchy
             ) -> dict[str, str | Message]:
    """The codes read from numbers (``numbers``) that may name another unit than the one
    they name as read: code → the code (or codes) it may be, with its zeros.

    Where the rest of the data are (:class:`_Area`) decides, when something places them:
    of the code as read and its readings with zeros, the nearest the data are kept
    (:meth:`_Area.nearest`, every one near them). The code as read alone: read as it is
    (the province's own code on a row of totals, when the commune it may be is in another
    province). Otherwise the code is refused, naming those readings, the nearest first
    and the code as read last:
    ``58`` (Ninh Thuận) among Hà Nội's communes is ``00058``; ``40`` (Nghệ An) among Cao
    Bằng's communes is the district ``040``; ``268`` among the communes of Hà Đông (268)
    may be the commune ``00268`` of Hà Nội or that district's row of totals. When nothing
    places the data (every code a number of two or three digits) or no reading is near
    them, a code of another level than the data's whose reading with zeros is of that
    level is refused."""
    doubtful = {c: full for c in numbers if c in seen and c in hierarchy
                and (full := with_zeros(c, hierarchy))}
    if not doubtful:
        return {}
    where = _Area.of(seen, numbers, hierarchy)
    out: dict[str, str | Message] = {}
    for code, full in doubtful.items():
        near = where.nearest([*full, code], hierarchy, every=True)
        if near == [code]:
            continue
        if near:  # (the code as read, when it is near too, last: "00268 or 268")
            out[code] = _either([*(c for c in near if c != code), *(
                [code] if code in near else [])])
        elif hierarchy.level(code).id not in where.levels:
            meant = _of_levels(full, set(where.levels), hierarchy)
            if meant is not None:
                out[code] = meant
    return out


def _of_levels(full: list[str], levels: set[str], hierarchy: Hierarchy) -> str | None:
    """The one code of ``full`` at one of ``levels`` (at the level that reports, when
    several are); None when there is none."""
    meant = [f for f in full if hierarchy.level(f).id in levels]
    if len(meant) > 1:
        meant = [f for f in meant if hierarchy.level(f).id == hierarchy.reporting_level()]
    return meant[0] if len(meant) == 1 else None


def _zeros(unknown: list[str], seen: Collection[str], numbers: Collection[str],
           hierarchy: Hierarchy) -> dict[str, str | Message]:
    """The unknown codes that look like codes that lost their leading zeros, with the code
    (or codes) they may be: those nearest the rest of the data (:meth:`_Area.nearest`),
    else the one of the data's level, else the widest."""
    out: dict[str, str | Message] = {}
    where: _Area | None = None
    for code in unknown:
        full = with_zeros(code, hierarchy)
        if len(full) > 1:
            if where is None:
                where = _Area.of(seen, numbers, hierarchy)
            near = where.nearest(full, hierarchy)
            out[code] = (_either(near) if near else
                         _of_levels(full, set(where.levels), hierarchy) or full[0])
        elif full:
            out[code] = full[0]
    return out


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
               to: date | None = None, whole: bool = False,
               numbers: Collection[str] = (), places: Places | None = None) -> Scoped:
    """The rows of one period (``(unit, values aligned with names)``, on the units of
    ``day``) and the hierarchy to roll them up on.

    Every code must exist on ``day`` (:func:`require_known`, to which ``numbers`` and
    ``places`` go: the codes read from cells holding numbers, and where codes are).
    ``to``: carry the rows to the units of that day through the crosswalk (at the lowest
    level of that day). The hierarchy is the part of the country the data cover
    (:func:`covering`, of the rows at the level that reports when there are any, with the
    units of the other rows but not those below them), the units under ``within`` (rows
    outside it are left out and named), or all of it (``whole``: a list of units the user
    gave, every unit of which is expected to report).

    >>> from childprotect.units.national_list import national
    >>> s = scope_rows([("19990", (5,)), ("20035", (7,))], national(), date(2024, 12, 31),
    ...                names=["children"])
    >>> s.hierarchy.roots(), len(s.hierarchy.reporting_units())
    (['46'], 141)
    """
    h = registry.on(day)
    require_known((code for code, _ in rows), h, registry, source, numbers=numbers,
                  places=places)
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
        # The part of the country the counted rows cover. A row of another level outside it
        # (58, Ninh Thuận, typed for Hà Nội's 00058) keeps its unit, which the rollup names
        # as not at the level that reports, without its communes, which are not expected.
        reporting = h.reporting_set()
        counted = [code for code, _ in out if code in reporting]
        tops = covering(h, counted or (code for code, _ in out))
        if len(tops) != len(h.roots()):  # data of part of the country
            inside = set(tops)
            stray = {code for code, _ in out if code not in reporting
                     and inside.isdisjoint((code, *h.chain(code)))}
            h = h.within(tops, also=sorted(stray))
    return Scoped(out, h, tuple(left), estimates, anomalies, day if to is not None else None)

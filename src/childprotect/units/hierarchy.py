"""A snapshot of the administrative units valid on one day: parents, children, chains of
ancestors, levels and names, answered from columns without building unit objects.

Hierarchies are made by :meth:`childprotect.units.UnitRegistry.on`; once made they are
not changed, so one can be shared between threads.
"""

from __future__ import annotations

import collections
import copy
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from childprotect.errors import UnknownName, ValidationError
from childprotect.i18n import Message
from childprotect.units.model import (
    _CODE,
    _FIRST,
    _KIND,
    _NAME,
    _PARENT,
    _SECOND,
    CODE_WIDTHS,
    AdminUnit,
    Level,
    shown_code,
)

if TYPE_CHECKING:
    from childprotect.units.registry import UnitRegistry

__all__ = [
    "Hierarchy",
]


class Hierarchy:
    """The units valid on one day (``as_of``), with parents, children and levels.

    A snapshot: within it a code names one unit.

    >>> from childprotect.units.registry import bundled
    >>> h = bundled().on(date(2025, 7, 1))
    >>> sorted(h.codes("province"))
    ['19', '31', '46', '82']
    >>> h.levels()
    ('province', 'commune')
    """

    def __init__(
        self, as_of: date, units: Sequence[AdminUnit], level_of_kind: Mapping[str, Level]
    ) -> None:
        self.as_of = as_of
        by_code: dict[str, AdminUnit] = dict(zip(map(_CODE, units), units, strict=True))
        if len(by_code) != len(units):
            seen: set[str] = set()
            for u in units:
                if u.code in seen:
                    raise ValidationError(Message("two units with code {code} on {as_of}",
                                                  code=u.code, as_of=as_of))
                seen.add(u.code)
        self._unit_map: dict[str, AdminUnit] | None = by_code
        self._registry: UnitRegistry | None = None
        self._rows: Sequence[int] = ()
        self._row: dict[str, int] | None = None
        values = by_code.values()
        self._setup(list(by_code), list(map(_KIND, values)), list(map(_PARENT, values)),
                    list(map(_NAME, values)), level_of_kind)

    @classmethod
    def _of_rows(cls, as_of: date, registry: UnitRegistry, rows: Sequence[int]) -> Hierarchy:
        """The units of ``registry`` at ``rows`` (all valid on ``as_of``, one a code), read
        from its columns; the units themselves are built on first use."""
        self = cls.__new__(cls)
        self.as_of = as_of
        self._unit_map = None
        self._registry = registry
        self._rows = rows
        self._row = None
        cols = registry._cols
        if isinstance(rows, range) and len(rows) == len(cols):
            self._setup(cols.codes, cols.kinds, cols.parents, cols.names, registry._level)
        else:
            self._setup(list(map(cols.codes.__getitem__, rows)),
                        list(map(cols.kinds.__getitem__, rows)),
                        list(map(cols.parents.__getitem__, rows)),
                        list(map(cols.names.__getitem__, rows)), registry._level)
        if len(self._names) != len(rows):
            raise ValidationError(Message("two units with one code on {as_of}", as_of=as_of))
        return self

    def _dated(self, as_of: date) -> Hierarchy:
        """The same units as of another day on which exactly they are valid (the structure
        is shared, not copied)."""
        self.chains()  # computed before the copy, so that the copies share them
        self.reporting_set()
        other = copy.copy(self)
        other.as_of = as_of
        return other

    @property
    def _units(self) -> dict[str, AdminUnit]:
        """Every unit by code (built on first use when read from a registry's columns)."""
        got = self._unit_map
        if got is None:
            assert self._registry is not None
            got = self._unit_map = dict(zip(self._names, map(self._registry._unit, self._rows),
                                            strict=True))
        return got

    def _setup(self, codes: list[str], kinds: list[str], parents: list[str | None],
               names: list[str], level_of_kind: Mapping[str, Level]) -> None:
        """Levels, children and chains from the units' columns (codes are unique)."""
        self._names: dict[str, str] = dict(zip(codes, names, strict=True))
        level_of_kind = self._level_of_kind = dict(level_of_kind)
        self._level_of: dict[str, Level] = dict(
            zip(codes, map(level_of_kind.__getitem__, kinds), strict=True))
        # Children of each unit (None: of no unit in this snapshot) and codes of each level,
        # in file order, a run of units of one parent (or level) at a time.
        outside = set(parents) - self._names.keys()
        outside.discard(None)
        if outside:
            parents = [None if p in outside else p for p in parents]
        children: dict[str | None, list[str]] = {}
        self._children = children
        for parent, run in itertools.groupby(zip(parents, codes, strict=True), _FIRST):
            children.setdefault(parent, []).extend(map(_SECOND, run))
        level_ids = {k: level_of_kind[k].id for k in set(kinds)}
        by_level: dict[str, list[str]] = {}
        for level_id, run in itertools.groupby(
                zip(map(level_ids.__getitem__, kinds), codes, strict=True), _FIRST):
            by_level.setdefault(level_id, []).extend(map(_SECOND, run))
        self._by_level = by_level
        ranks = sorted({(level_of_kind[k].rank, level_ids[k]) for k in level_ids})
        self._levels = tuple(lv for _, lv in ranks)
        self._chains: dict[str, tuple[str, ...]] = {}
        self._reporting: frozenset[str] | None = None
        self._counts: dict[str, dict[str, int]] = {}

    def __contains__(self, code: object) -> bool:
        return code in self._names

    def __len__(self) -> int:
        return len(self._names)

    def __iter__(self) -> Iterator[AdminUnit]:
        if self._unit_map is None and self._registry is not None:
            return map(self._registry._unit, self._rows)
        return iter(self._units.values())

    def __repr__(self) -> str:
        return f"<Hierarchy as of {self.as_of}: {len(self)} units>"

    def unit(self, code: str) -> AdminUnit:
        """The unit ``code`` (built on first use when read from a registry's columns)."""
        if self._unit_map is None:
            row = self._row
            if row is None:
                row = self._row = dict(zip(self._names, self._rows, strict=True))
            i = row.get(code)
            if i is not None:
                assert self._registry is not None
                return self._registry._unit(i)
        else:
            got = self._unit_map.get(code)
            if got is not None:
                return got
        raise UnknownName(Message("unit code on {as_of}", as_of=self.as_of), code)

    def name(self, code: str) -> str:
        """The Vietnamese name of the unit ``code`` (without building the unit).

        >>> from childprotect.units.registry import bundled
        >>> bundled().on(date(2024, 1, 1)).name("870")
        'Huyện Hồng Ngự'
        """
        try:
            return self._names[code]
        except KeyError:
            raise UnknownName(Message("unit code on {as_of}", as_of=self.as_of), code) from None

    def level(self, code: str) -> Level:
        try:
            return self._level_of[code]
        except KeyError:
            raise UnknownName(Message("unit code on {as_of}", as_of=self.as_of), code) from None

    def levels(self) -> tuple[str, ...]:
        """The level ids present, from the top."""
        return self._levels

    def shown(self, value: object) -> str | Message:
        """``value`` (read where a unit code should be) as an error writes it: as it is
        when it is one of its codes or could be a unit code (digits, no more than a level's
        code has), else in words, for a column of anything else (a child's name, an identity
        number) must not reach a message.

        >>> from childprotect.units.registry import bundled
        >>> h = bundled().on(date(2025, 7, 1))
        >>> h.shown("99999"), h.shown("Nguyễn Văn A").text("en")
        ('99999', 'a value that is not a unit code')
        >>> h.shown("079123456789") == h.shown(7) == h.shown("Nguyễn Văn A")
        True
        """
        if isinstance(value, str) and value in self._names:  # (a code of its own, any width)
            return value
        return shown_code(value, max((lv.code_digits for lv in self._level_of_kind.values()),
                                     default=CODE_WIDTHS[0]))

    def codes(self, level: str | None = None) -> list[str]:
        """The codes of the units (of one level), in file order."""
        if level is None:
            return list(self._names)
        return list(self._by_level.get(level, ()))

    def roots(self) -> list[str]:
        return list(self._children.get(None, ()))

    def children(self, code: str) -> list[str]:
        return list(self._children.get(code, ()))

    def is_leaf(self, code: str) -> bool:
        return code in self._names and code not in self._children

    def leaves(self) -> list[str]:
        return [c for c in self._names if c not in self._children]

    def reporting_level(self) -> str | None:
        """The lowest level present: the one whose units report data for rollups."""
        return self._levels[-1] if self._levels else None

    def reporting_set(self) -> frozenset[str]:
        """The codes of :meth:`reporting_units`, as a set (cached)."""
        got = self._reporting
        if got is None:
            got = self._reporting = frozenset(self.reporting_units())
        return got

    def reporting_units(self) -> list[str]:
        """The codes of the units at :meth:`reporting_level`.

        A unit above it with no units below (a province whose communes are not in the
        list) is not expected to report.

        >>> from childprotect.units.registry import bundled
        >>> h = bundled().on(date(2025, 7, 1))
        >>> h.reporting_units() == h.codes("commune"), "46" in h.leaves()
        (True, True)
        """
        level = self.reporting_level()
        return self.codes(level) if level is not None else []

    def reporting_counts(self, total: str = "*") -> dict[str, int]:
        """How many :meth:`reporting_units` each unit holds (1 for a reporting unit
        itself), under ``total`` all of them (cached; do not modify the result).

        >>> from childprotect.units.registry import bundled
        >>> h = bundled().on(date(2024, 1, 1))
        >>> c = h.reporting_counts()
        >>> c["870"], c["29995"], c["*"] == len(h.reporting_units())
        (10, 1, True)
        """
        got = self._counts.get(total)
        if got is None:
            leaves = self.reporting_units()
            chains = self.chains()
            got = dict.fromkeys(leaves, 1)
            got.update(collections.Counter(
                itertools.chain.from_iterable(map(chains.__getitem__, leaves))))
            got[total] = len(leaves)
            self._counts[total] = got
        return got

    def chain(self, code: str) -> tuple[str, ...]:
        """The codes of the ancestors of ``code``, nearest first (cached)."""
        chains = self._chains or self.chains()
        got = chains.get(code)
        if got is None:
            self.unit(code)  # raises UnknownName
            raise ValidationError(Message("unit {code}: its parents on {as_of} form a cycle",
                                          code=code, as_of=self.as_of))
        return got

    def chains(self) -> dict[str, tuple[str, ...]]:
        """Every unit's :meth:`chain`, computed once top-down (do not modify the result)."""
        chains = self._chains
        if chains or not self._names:
            return chains
        # Built aside and published whole: another thread reading the hierarchy meanwhile
        # never sees a half-built map (it builds its own, equal one).
        chains = {}
        children = self._children
        roots = children.get(None, [])
        chains.update(zip(roots, itertools.repeat(())))
        todo = list(filter(children.__contains__, roots))  # units with units below them
        while todo:
            code = todo.pop()
            kids = children[code]
            chains.update(zip(kids, itertools.repeat((code, *chains[code]))))
            todo.extend(filter(children.__contains__, kids))
        self._chains = chains
        return chains

    def truncate(self, level: str) -> Hierarchy:
        """The same hierarchy without the units below ``level`` (which become the leaves).

        >>> from childprotect.units.registry import bundled
        >>> h = bundled().on(date(2024, 1, 1)).truncate("province")
        >>> h.is_leaf("82"), "870" in h
        (True, False)
        """
        rank = {lv.id: lv.rank for lv in self._level_of_kind.values()}
        if level not in rank:
            raise UnknownName("level", level, sorted(rank))
        level_of = self._level_of
        return self._subset([c for c in self._names if level_of[c].rank <= rank[level]])

    def within(self, roots: Iterable[str], *, also: Iterable[str] = ()) -> Hierarchy:
        """The units under ``roots`` (and the roots, which become the top units): the part
        of the country some data covers; with the units ``also`` and those above them, but
        not those below them (a province's row of data outside that part: the province is
        known, its communes are not expected to report).

        >>> from childprotect.units.registry import bundled
        >>> h = bundled().on(date(2024, 1, 1)).within(["870"])
        >>> h.roots(), len(h.reporting_units())
        (['870'], 10)
        >>> h = bundled().on(date(2024, 1, 1)).within(["870"], also=["46"])
        >>> h.roots(), len(h.reporting_units()), h.level("46").id
        (['46', '870'], 10, 'province')
        """
        keep: set[str] = set()
        todo = list(roots)
        for code in todo:
            self.level(code)  # raises UnknownName
        while todo:
            code = todo.pop()
            if code not in keep:
                keep.add(code)
                todo.extend(self._children.get(code, ()))
        for code in also:
            keep.update((code, *self.chain(code)))
        return self._subset([c for c in self._names if c in keep])

    def _subset(self, codes: list[str]) -> Hierarchy:
        """A hierarchy of these units of this one (in this one's order)."""
        if self._unit_map is None and self._registry is not None:
            row = self._row
            if row is None:
                row = self._row = dict(zip(self._names, self._rows, strict=True))
            return Hierarchy._of_rows(self.as_of, self._registry,
                                      list(map(row.__getitem__, codes)))
        units = self._units
        return Hierarchy(self.as_of, [units[c] for c in codes], self._level_of_kind)

    def ancestors(self, code: str) -> list[AdminUnit]:
        return [self.unit(c) for c in self.chain(code)]

    def ancestor_at(self, code: str, level: str) -> str | None:
        """The code of the unit at ``level`` containing ``code`` (itself if at that level)."""
        if self.level(code).id == level:
            return code
        for c in self.chain(code):
            if self.level(c).id == level:
                return c
        return None

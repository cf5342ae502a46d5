"""Administrative units over time: levels, kinds, units keyed by (code, validity), transitions.

A unit code can survive a merger under a new name (code 82 was Tỉnh Tiền Giang until
30/06/2025 and is Tỉnh Đồng Tháp from 01/07/2025), so a unit is identified by its code
*and* its validity period, never by its code alone. Levels and kinds are data
(``data/units/vocabulary.json``), and so are the bundled units of the seed localities
(``data/units/localities.json``), each with its legal source.

>>> reg = bundled()
>>> reg.get("82", on=date(2024, 1, 1)).name_vi
'Tỉnh Tiền Giang'
>>> reg.get("82", on=date(2025, 7, 1)).name_vi
'Tỉnh Đồng Tháp'
>>> h = reg.on(date(2024, 1, 1))
>>> [u.name_vi for u in h.ancestors("29995")]
['Huyện Hồng Ngự', 'Tỉnh Đồng Tháp']
>>> [(p.new.name_vi, p.share) for p in reg.successors("29995", date(2025, 7, 1))]
[('Xã Long Phú Thuận', None), ('Xã Tân Long', None)]

A national list can be loaded from a CSV file that the user supplies (see
:func:`load_units_csv` and ``docs/units.md`` for the columns).
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import itertools
import operator
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

import attrs

from childprotect.data import Fields, build, read_json
from childprotect.errors import UnknownName, ValidationError
from childprotect.text.vntext import name_key, nfc

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "AdminUnit",
    "Hierarchy",
    "Kind",
    "Level",
    "Part",
    "Transition",
    "UnitRegistry",
    "Validity",
    "Vocabulary",
    "bundled",
    "load_transitions_csv",
    "load_units_csv",
    "registry_of",
    "vocabulary",
    "vocabulary_of",
]

_ONE_DAY = dt.timedelta(days=1)


@attrs.frozen(order=True)
class Validity:
    """The days a unit (or a kind, or a level) existed, both ends inclusive.

    ``start`` None means "before any date modelled", ``end`` None "still valid".

    >>> v = Validity(None, date(2025, 6, 30))
    >>> v.contains(date(2025, 6, 30)), v.contains(date(2025, 7, 1))
    (True, False)
    >>> str(v)
    '…–2025-06-30'
    """

    start: date | None = None
    end: date | None = None

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValidationError(f"validity ends ({self.end}) before it starts ({self.start})")

    def contains(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps(self, other: Validity) -> bool:
        lo = max(self.start or date.min, other.start or date.min)
        hi = min(self.end or date.max, other.end or date.max)
        return lo <= hi

    def covers(self, other: Validity) -> bool:
        """True when every day of ``other`` is inside this validity."""
        starts = self.start is None or (other.start is not None and self.start <= other.start)
        ends = self.end is None or (other.end is not None and other.end <= self.end)
        return starts and ends

    def __str__(self) -> str:
        return f"{self.start or '…'}–{self.end or '…'}"


_VALIDITIES: dict[tuple[date | None, date | None], Validity] = {}


def _validity(start: date | None, end: date | None) -> Validity:
    """The (shared, immutable) validity from ``start`` to ``end``; checked when first built."""
    got = _VALIDITIES.get((start, end))
    if got is None:
        got = Validity(start, end)
        if len(_VALIDITIES) < 4096:
            _VALIDITIES[(start, end)] = got
    return got


class _Dated:
    """Mixin for vocabulary entries with ``valid_from`` / ``valid_to`` dates."""

    __slots__ = ()
    valid_from: date | None
    valid_to: date | None

    @property
    def validity(self) -> Validity:
        return Validity(self.valid_from, self.valid_to)


@attrs.frozen
class Level(_Dated):
    """An administrative level (``province``, ``district``, ``commune``) with its code length."""

    id: str
    rank: int
    code_digits: int
    name_vi: str = attrs.field(converter=nfc)
    name_en: str
    source: str
    verified: bool = True
    valid_from: date | None = None
    valid_to: date | None = None


@attrs.frozen
class Kind(_Dated):
    """A kind of unit (``tỉnh``, ``huyện``, ``xã``, ``đặc khu`` …) and its level."""

    id: str
    name_vi: str = attrs.field(converter=nfc)
    name_en: str
    level: str
    source: str
    verified: bool = True
    valid_from: date | None = None
    valid_to: date | None = None


@attrs.frozen
class Vocabulary:
    """The levels and kinds of units (``data/units/vocabulary.json``)."""

    levels: tuple[Level, ...]
    kinds: tuple[Kind, ...]
    note: str = ""

    def __attrs_post_init__(self) -> None:
        ids = {lv.id for lv in self.levels}
        if len(ids) != len(self.levels):
            raise ValidationError("levels: duplicate level ids")
        for k in self.kinds:
            if k.level not in ids:
                raise ValidationError(f"kinds[{k.id}].level: unknown level {k.level!r}")

    def level(self, level_id: str) -> Level:
        for lv in self.levels:
            if lv.id == level_id:
                return lv
        raise UnknownName("level", level_id, [lv.id for lv in self.levels])

    def kind(self, kind: str) -> Kind:
        """A kind by id or by Vietnamese name (any spelling :func:`name_key` accepts).

        >>> vocabulary().kind("Thị Trấn").id
        'thi-tran'
        """
        key = name_key(kind)
        for k in self.kinds:
            if k.id == kind or name_key(k.name_vi) == key:
                return k
        raise UnknownName("unit kind", kind, [k.id for k in self.kinds])


def _code(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not (value.isascii() and value.isdigit()):
        raise ValidationError(f"{attribute.name}: {value!r} is not a numeric unit code")


@attrs.frozen
class AdminUnit:
    """One administrative unit during one validity period.

    ``parent`` is the code of the unit above it, valid over the whole of this unit's
    validity. ``level`` is derived from ``kind`` when the unit enters a registry.
    """

    code: str = attrs.field(validator=_code)
    name_vi: str = attrs.field(converter=nfc)
    name_en: str
    kind: str
    source: str
    parent: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    verified: bool = True
    note: str | None = None

    validity: Validity = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # Checks the order of the dates; kept so that lookups do not rebuild it.
        object.__setattr__(self, "validity", _validity(self.valid_from, self.valid_to))

    @property
    def key(self) -> tuple[str, Validity]:
        """The identity of the unit: its code and its validity."""
        return (self.code, self.validity)


def _share(_inst: object, attribute: attrs.Attribute[Any], v: Fraction | None) -> None:
    if v is not None and not 0 < v <= 1:
        raise ValidationError(f"{attribute.name}: {v} is not a share in (0, 1]")


@attrs.frozen
class Transition:
    """Part or all of ``old`` (valid the day before ``on``) went into ``new`` (valid on ``on``).

    A merge is several transitions into one ``new``; a split several out of one ``old``.
    ``share`` is the part of ``old`` that went to ``new`` (1 for the whole unit), None when
    the source does not say (a partial split of unknown size).
    """

    on: date
    old: str = attrs.field(validator=_code)
    new: str = attrs.field(validator=_code)
    source: str
    share: Fraction | None = attrs.field(default=Fraction(1), validator=_share)
    verified: bool = True
    note: str | None = None


@attrs.frozen
class _UnitsFile:
    units: tuple[AdminUnit, ...]
    transitions: tuple[Transition, ...] = ()
    note: str = ""


@attrs.frozen
class Part:
    """Where (part of) a unit went: the successor unit, the share, and the path of transitions."""

    new: AdminUnit
    share: Fraction | None
    via: tuple[Transition, ...]

    @property
    def partial(self) -> bool:
        return self.share is None or self.share != 1


_CODE = operator.attrgetter("code")
_KIND = operator.attrgetter("kind")
_PARENT = operator.attrgetter("parent")
_NAME = operator.attrgetter("name_vi")
_VALIDITY = operator.attrgetter("validity")
_START = operator.attrgetter("start")
_END = operator.attrgetter("end")
_FIRST = operator.itemgetter(0)
_SECOND = operator.itemgetter(1)


def _by_id(validities: list[Validity], ids: set[int]) -> dict[int, Validity]:
    """The validities whose ``id`` is in ``ids``, by id."""
    out: dict[int, Validity] = {}
    for v in validities:
        if id(v) in ids and id(v) not in out:
            out[id(v)] = v
            if len(out) == len(ids):
                break
    return out


class UnitRegistry:
    """Every known unit over time, with the transitions between them.

    Validates on construction: codes have their level's length, kinds exist and are
    valid while the unit is, parents exist over the unit's whole validity and sit at a
    higher level, two units of one code never overlap in time, and each transition
    joins a unit ending the day before ``on`` to a unit valid on ``on``.
    """

    _by_code_lists: dict[str, list[AdminUnit]] | None
    _level: dict[str, Level]  # kind id -> level
    _validities: dict[int, Validity] | None

    def __init__(
        self,
        units: Iterable[AdminUnit],
        transitions: Iterable[Transition] = (),
        vocab: Vocabulary | None = None,
    ) -> None:
        self.vocabulary = vocab if vocab is not None else vocabulary()
        self._units: tuple[AdminUnit, ...] | None = tuple(units)
        self._columns: _UnitColumns | None = None
        self.transitions: tuple[Transition, ...] = tuple(transitions)
        self._setup()

    @classmethod
    def _of_columns(cls, columns: _UnitColumns, transitions: Iterable[Transition],
                    vocab: Vocabulary) -> UnitRegistry:
        """A registry of units read but not built yet (see :func:`load_units_csv`)."""
        self = cls.__new__(cls)
        self.vocabulary = vocab
        self._units = None
        self._columns = columns
        self.transitions = tuple(transitions)
        self._setup()
        return self

    @property
    def units(self) -> tuple[AdminUnit, ...]:
        """Every unit, in the order given (built on first use when read from CSV)."""
        got = self._units
        if got is None:
            assert self._columns is not None
            got = self._units = tuple(self._columns.build())
        return got

    @property
    def _by_code(self) -> dict[str, list[AdminUnit]]:
        """The units of each code, oldest first."""
        got = self._by_code_lists
        if got is None:  # checked in bulk: one unit a code
            got = self._by_code_lists = {u.code: [u] for u in self.units}
        return got

    def _setup(self) -> None:
        self._by_code_lists = None
        self._level = {}
        self._validities = None
        cols = self._columns
        if cols is not None:
            bulk = self._index_in_bulk(cols.codes, cols.kinds, cols.parents, cols.validities)
        else:
            units = self.units
            bulk = self._index_in_bulk(
                list(map(_CODE, units)), list(map(_KIND, units)), list(map(_PARENT, units)),
                list(map(_VALIDITY, units)))
        if not bulk:
            self._index_one_by_one()
        for i, t in enumerate(self.transitions):
            where = f"transitions[{i}] ({t.old}→{t.new} on {t.on})"
            self._at(t.old, t.on - _ONE_DAY, where + ": old unit")
            self._at(t.new, t.on, where + ": new unit")
            old_unit = self._at(t.old, t.on - _ONE_DAY, where)
            if old_unit.valid_to != t.on - _ONE_DAY:
                raise ValidationError(f"{where}: the old unit does not end the day before {t.on}")
        shares: dict[tuple[str, date], list[Fraction | None]] = {}
        for t in self.transitions:
            shares.setdefault((t.old, t.on), []).append(t.share)
        for (code, on), parts in shares.items():
            known = sum((s for s in parts if s is not None), Fraction(0))
            if (None not in parts and known != 1) or (None in parts and known >= 1):
                raise ValidationError(
                    f"transitions of {code} on {on}: shares add up to {known}, not 1"
                )

    def _index_in_bulk(self, codes: list[str], kind_of: list[str], parents: list[str | None],
                       validity_of: list[Validity]) -> bool:
        """Index the units, checking a column at a time (a national list has over ten
        thousand units); False, with nothing indexed, when a check fails or codes repeat,
        so that :meth:`_index_one_by_one` finds the unit at fault."""
        kinds = {k.id: k for k in self.vocabulary.kinds}
        levels = {lv.id: lv for lv in self.vocabulary.levels}
        used = set(kind_of)
        if not used <= kinds.keys():
            return False
        level_of = {k: levels[kinds[k].level] for k in used}
        digits = {k: lv.code_digits for k, lv in level_of.items()}
        if not all(map(operator.eq, map(len, codes), map(digits.__getitem__, kind_of))):
            return False
        code_set = set(codes)
        if len(code_set) != len(codes):
            return False  # several versions of a code: checked one by one
        # Validities are a few shared objects: each one is checked once, by identity.
        for k in used:
            if kinds[k].valid_from or kinds[k].valid_to:
                ids = set(map(id, itertools.compress(validity_of, map(k.__eq__, kind_of))))
                if not all(map(kinds[k].validity.covers, _by_id(validity_of, ids).values())):
                    return False
        named = set(parents)
        named.discard(None)
        if not named <= code_set:
            return False
        # Each unit with a parent against its parent: validity, then level.
        has_parent = list(map(operator.is_not, parents, itertools.repeat(None)))
        up_codes = cast("list[str]", list(itertools.compress(parents, has_parent)))
        kid_validity = list(itertools.compress(validity_of, has_parent))
        up_validity = list(map(dict(zip(codes, validity_of, strict=True)).__getitem__,
                               up_codes))
        if not all(map(operator.is_, kid_validity, up_validity)):
            pairs = set(zip(map(id, kid_validity), map(id, up_validity), strict=True))
            within = _by_id(kid_validity + up_validity, {i for pair in pairs for i in pair})
            if not all(c == p or within[p].covers(within[c]) for c, p in pairs):
                return False
        rank = {k: lv.rank for k, lv in level_of.items()}
        rank_of = list(map(rank.__getitem__, kind_of))
        if not all(map(operator.gt, itertools.compress(rank_of, has_parent),
                       map(dict(zip(codes, rank_of, strict=True)).__getitem__, up_codes))):
            return False
        self._level = level_of
        return True

    def _index_one_by_one(self) -> None:
        """Index the units one at a time; raises on the first unit that fails a check."""
        kinds = {k.id: k for k in self.vocabulary.kinds}
        levels = {lv.id: lv for lv in self.vocabulary.levels}
        open_kinds = {k.id for k in self.vocabulary.kinds
                      if k.valid_from is None and k.valid_to is None}
        by_code: dict[str, list[AdminUnit]] = {}
        level_of: dict[str, Level] = {}
        self._by_code_lists, self._level = by_code, level_of
        for i, u in enumerate(self.units):
            level = level_of.get(u.kind)
            if level is None:
                kind = kinds.get(u.kind)
                if kind is None:
                    raise UnknownName(f"unit kind in units[{i}] ({u.code} {u.name_vi})", u.kind,
                                      sorted(kinds))
                level = level_of[u.kind] = levels[kind.level]
            if len(u.code) != level.code_digits:
                raise ValidationError(
                    f"units[{i}] ({u.code} {u.name_vi}): code {u.code!r} should have "
                    f"{level.code_digits} digits at level {level.id}"
                )
            if u.kind not in open_kinds and not kinds[u.kind].validity.covers(u.validity):
                raise ValidationError(
                    f"units[{i}] ({u.code} {u.name_vi}): kind {u.kind!r} exists only "
                    f"{kinds[u.kind].validity}, unit {u.validity}"
                )
            same = by_code.get(u.code)
            if same is None:
                by_code[u.code] = [u]
                continue
            for other in same:
                if other.validity.overlaps(u.validity):
                    raise ValidationError(
                        f"units[{i}] ({u.code} {u.name_vi}): code {u.code} is already used by "
                        f"{other.name_vi} ({other.validity}) in an overlapping period "
                        f"({u.validity})"
                    )
            same.append(u)
        for units_of_code in by_code.values():
            if len(units_of_code) > 1:
                units_of_code.sort(key=lambda x: x.valid_from or date.min)
        for i, u in enumerate(self.units):
            if u.parent is None:
                continue
            parents = by_code.get(u.parent, ())
            parent: AdminUnit | None
            if len(parents) == 1 and (parents[0].validity is u.validity
                                      or parents[0].validity.covers(u.validity)):
                parent = parents[0]
            else:
                parent = next((p for p in parents if p.validity.covers(u.validity)), None)
                if parent is None:
                    raise ValidationError(
                        f"units[{i}] ({u.code} {u.name_vi}): parent {u.parent!r} does not "
                        f"exist over the whole period {u.validity}"
                    )
            if level_of[parent.kind].rank >= level_of[u.kind].rank:
                raise ValidationError(
                    f"units[{i}] ({u.code} {u.name_vi}): parent {u.parent!r} is not at a "
                    "higher level")
    def _at(self, code: str, day: date, where: str) -> AdminUnit:
        try:
            return self.get(code, on=day)
        except UnknownName:
            raise ValidationError(f"{where}: no unit with code {code} on {day}") from None

    def level_of(self, unit: AdminUnit) -> Level:
        return self._level[unit.kind]

    def versions(self, code: str) -> tuple[AdminUnit, ...]:
        """Every unit that has carried ``code``, oldest first."""
        return tuple(self._by_code.get(code, ()))

    def get(self, code: str, *, on: date) -> AdminUnit:
        """The unit with this code on this day."""
        for u in self._by_code.get(code, ()):
            if u.validity.contains(on):
                return u
        known = [f"{u.name_vi} ({u.validity})" for u in self._by_code.get(code, ())]
        raise UnknownName(f"unit code on {on}", code, known)

    def find(self, name: str, *, on: date) -> AdminUnit:
        """The unit of this name on this day (any spelling :func:`name_key` accepts).

        >>> bundled().find("XÃ PHÚ THUẬN  B", on=date(2020, 1, 1)).code
        '29995'
        """
        key = name_key(name)
        hits = [u for u in self.units if u.validity.contains(on) and name_key(u.name_vi) == key]
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise ValidationError(
                f"unit name {name!r} is ambiguous on {on}: "
                + ", ".join(f"{u.code} ({u.parent})" for u in hits)
            )
        raise UnknownName(f"unit on {on}", name)

    def on(self, day: date) -> Hierarchy:
        """The hierarchy of the units valid on ``day``."""
        # Units share a few validity objects: each is asked once, then units picked by it.
        validities = self._distinct_validities()
        valid = {k for k, v in validities.items() if v.contains(day)}
        if len(valid) == len(validities):
            if self._units is None:  # read from CSV and not built: the snapshot neither
                return Hierarchy._of_registry(day, self)
            units: Sequence[AdminUnit] = self.units
        else:
            units = list(itertools.compress(self.units, map(
                valid.__contains__, map(id, map(_VALIDITY, self.units)))))
        return Hierarchy(day, units, self._level)

    def _distinct_validities(self) -> dict[int, Validity]:
        """The validity objects the units share, by ``id`` (cached)."""
        got = self._validities
        if got is None:
            values = (self._columns.validities if self._units is None and self._columns
                      else list(map(_VALIDITY, self.units)))
            got = self._validities = dict(zip(map(id, values), values, strict=True))
        return got

    def successors(self, code: str, on: date) -> tuple[Part, ...]:
        """Where the unit ``code`` (valid the day before ``on``) went on ``on``.

        A unit that continues unchanged is its own successor with share 1.
        """
        old = self.get(code, on=on - _ONE_DAY)
        moves = [t for t in self.transitions if t.old == code and t.on == on]
        if not moves:
            if old.validity.contains(on):
                return (Part(old, Fraction(1), ()),)
            return ()
        return tuple(Part(self.get(t.new, on=on), t.share, (t,)) for t in moves)

    def predecessors(self, code: str, on: date) -> tuple[Transition, ...]:
        """The transitions into the unit ``code`` that came into being on ``on``."""
        return tuple(t for t in self.transitions if t.new == code and t.on == on)

    def change_dates(self) -> tuple[date, ...]:
        """The days on which transitions happened, in order."""
        return tuple(sorted({t.on for t in self.transitions}))

    def trace(self, code: str, since: date, until: date) -> tuple[Part, ...]:
        """Follow ``code`` (valid on ``since``) through every change up to ``until``.

        Shares multiply along the way; a None share (unknown) stays unknown.

        >>> parts = bundled().trace("29956", date(2024, 1, 1), date(2026, 1, 1))
        >>> [(p.new.code, p.new.name_vi, p.share) for p in parts]
        [('29971', 'Xã Thường Phước', Fraction(1, 1))]
        """
        start = self.get(code, on=since)
        parts = [Part(start, Fraction(1), ())]
        for day in self.change_dates():
            if not since < day <= until:
                continue
            nxt: list[Part] = []
            for p in parts:
                if not p.new.validity.contains(day - _ONE_DAY) or p.new.validity.contains(day):
                    nxt.append(p)
                    continue
                for s in self.successors(p.new.code, day):
                    share = None if p.share is None or s.share is None else p.share * s.share
                    nxt.append(Part(s.new, share, p.via + s.via))
            parts = nxt
        return tuple(parts)


class Hierarchy:
    """The units valid on one day (``as_of``), with parents, children and levels.

    A snapshot: within it a code names one unit.

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
                    raise ValidationError(f"two units with code {u.code} on {as_of}")
                seen.add(u.code)
        self._unit_map: dict[str, AdminUnit] | None = by_code
        self._registry: UnitRegistry | None = None
        values = by_code.values()
        self._setup(list(by_code), list(map(_KIND, values)), list(map(_PARENT, values)),
                    list(map(_NAME, values)), level_of_kind)

    @classmethod
    def _of_registry(cls, as_of: date, registry: UnitRegistry) -> Hierarchy:
        """Every unit of ``registry`` (all valid on ``as_of``), read from its columns; the
        units themselves are built on first use."""
        self = cls.__new__(cls)
        self.as_of = as_of
        self._unit_map = None
        self._registry = registry
        cols = registry._columns
        assert cols is not None
        self._setup(cols.codes, cols.kinds, cols.parents, cols.names, registry._level)
        return self

    @property
    def _units(self) -> dict[str, AdminUnit]:
        got = self._unit_map
        if got is None:
            assert self._registry is not None
            got = self._unit_map = dict(zip(self._names, self._registry.units, strict=True))
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
        return iter(self._units.values())

    def __repr__(self) -> str:
        return f"<Hierarchy as of {self.as_of}: {len(self)} units>"

    def unit(self, code: str) -> AdminUnit:
        try:
            return self._units[code]
        except KeyError:
            raise UnknownName(f"unit code on {self.as_of}", code) from None

    def name(self, code: str) -> str:
        """The Vietnamese name of the unit ``code`` (without building the unit).

        >>> bundled().on(date(2024, 1, 1)).name("870")
        'Huyện Hồng Ngự'
        """
        try:
            return self._names[code]
        except KeyError:
            raise UnknownName(f"unit code on {self.as_of}", code) from None

    def level(self, code: str) -> Level:
        try:
            return self._level_of[code]
        except KeyError:
            raise UnknownName(f"unit code on {self.as_of}", code) from None

    def levels(self) -> tuple[str, ...]:
        """The level ids present, from the top."""
        return self._levels

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

        >>> h = bundled().on(date(2025, 7, 1))
        >>> h.reporting_units() == h.codes("commune"), "46" in h.leaves()
        (True, True)
        """
        level = self.reporting_level()
        return self.codes(level) if level is not None else []

    def reporting_counts(self, total: str = "*") -> dict[str, int]:
        """How many :meth:`reporting_units` each unit holds (1 for a reporting unit
        itself), under ``total`` all of them (cached; do not modify the result).

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
            raise ValidationError(f"unit {code}: its parents on {self.as_of} form a cycle")
        return got

    def chains(self) -> dict[str, tuple[str, ...]]:
        """Every unit's :meth:`chain`, computed once top-down (do not modify the result)."""
        chains = self._chains
        if chains or not self._names:
            return chains
        children = self._children
        roots = children.get(None, [])
        chains.update(zip(roots, itertools.repeat(())))
        todo = list(filter(children.__contains__, roots))  # units with units below them
        while todo:
            code = todo.pop()
            kids = children[code]
            chains.update(zip(kids, itertools.repeat((code, *chains[code]))))
            todo.extend(filter(children.__contains__, kids))
        return chains

    def truncate(self, level: str) -> Hierarchy:
        """The same hierarchy without the units below ``level`` (which become the leaves).

        >>> h = bundled().on(date(2024, 1, 1)).truncate("province")
        >>> h.is_leaf("82"), "870" in h
        (True, False)
        """
        rank = {lv.id: lv.rank for lv in self._level_of_kind.values()}
        if level not in rank:
            raise UnknownName("level", level, sorted(rank))
        keep = [u for u in self._units.values()
                if self._level_of_kind[u.kind].rank <= rank[level]]
        return Hierarchy(self.as_of, keep, self._level_of_kind)

    def ancestors(self, code: str) -> list[AdminUnit]:
        return [self._units[c] for c in self.chain(code)]

    def ancestor_at(self, code: str, level: str) -> str | None:
        """The code of the unit at ``level`` containing ``code`` (itself if at that level)."""
        if self.level(code).id == level:
            return code
        for c in self.chain(code):
            if self.level(c).id == level:
                return c
        return None


# --- bundled data and loaders -------------------------------------------------------------


def _level(f: Fields) -> Level:
    return Level(id=f.text("id"), rank=f.integer("rank"), code_digits=f.integer("code_digits"),
                 name_vi=f.text("name_vi"), name_en=f.text("name_en"), source=f.text("source"),
                 verified=f.flag("verified", True), valid_from=f.date("valid_from", optional=True),
                 valid_to=f.date("valid_to", optional=True))


def _kind(f: Fields) -> Kind:
    return Kind(id=f.text("id"), name_vi=f.text("name_vi"), name_en=f.text("name_en"),
                level=f.text("level"), source=f.text("source"), verified=f.flag("verified", True),
                valid_from=f.date("valid_from", optional=True),
                valid_to=f.date("valid_to", optional=True))


def vocabulary_of(value: object, source: str = "<vocabulary>") -> Vocabulary:
    """Levels and kinds from plain data in the form of ``data/units/vocabulary.json``."""
    return build(value, source, lambda f: Vocabulary(
        f.objects("levels", _level), f.objects("kinds", _kind), f.text("note", "")))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The bundled levels and kinds (``data/units/vocabulary.json``)."""
    return vocabulary_of(read_json("units/vocabulary.json"), "data/units/vocabulary.json")


def _unit(f: Fields) -> AdminUnit:
    return AdminUnit(
        code=f.text("code"), name_vi=f.text("name_vi"), name_en=f.text("name_en"),
        kind=f.text("kind"), source=f.text("source"), parent=f.optional_text("parent"),
        valid_from=f.date("valid_from", optional=True), valid_to=f.date("valid_to", optional=True),
        verified=f.flag("verified", True), note=f.optional_text("note"))


def _transition(f: Fields) -> Transition:
    return Transition(
        on=f.date("on"), old=f.text("old"), new=f.text("new"), source=f.text("source"),
        share=f.fraction("share", optional=True) if f.has("share") else Fraction(1),
        verified=f.flag("verified", True), note=f.optional_text("note"))


def registry_of(value: object, source: str = "<units>") -> UnitRegistry:
    """A registry from plain data in the form of ``data/units/localities.json``."""

    def make(f: Fields) -> UnitRegistry:
        units, transitions = f.objects("units", _unit), f.objects("transitions", _transition)
        f.text("note", "")
        return UnitRegistry(units, transitions)

    return build(value, source, make)


@lru_cache(maxsize=1)
def bundled() -> UnitRegistry:
    """The bundled units of the seed localities before and after 2025, with transitions."""
    return registry_of(read_json("units/localities.json"), "data/units/localities.json")


#: The columns of a units CSV file (see :func:`load_units_csv`). Required ones first.
UNIT_COLUMNS = ("code", "name_vi", "kind", "parent", "valid_from", "valid_to", "name_en",
                "source")
TRANSITION_COLUMNS = ("on", "old", "new", "share", "source")


@lru_cache(maxsize=256)
def _opt_date(text: str) -> date | None:
    if not text:
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValidationError(f"expected a date YYYY-MM-DD, got {text!r}")


def _rows(
    path: str | Path, required: Sequence[str], allowed: Sequence[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    header: list[str] = []
    for lines, columns in _blocks(path, required, allowed, header):
        for n, cells in zip(lines, zip(*columns, strict=True), strict=True):
            yield n, dict(zip(header, cells, strict=True))


#: Rows read and checked together by the CSV loaders.
_BLOCK = 2048


def _blocks(
    path: str | Path, required: Sequence[str], allowed: Sequence[str], header: list[str]
) -> Iterator[tuple[Sequence[int], list[list[str]]]]:
    """The data rows of a CSV file in blocks: (line numbers, stripped cells by column).

    ``header`` is filled in first. Text without quotes or carriage returns is split
    directly, a block at a time, which gives the same cells as the ``csv`` module.
    """
    p = os.fspath(path)
    try:
        with open(p, encoding="utf-8-sig", newline="") as f:
            text = f.read()
    except OSError as exc:
        raise ValidationError(f"cannot read {p}: {exc.strerror}") from None
    quoted = '"' in text or "\r" in text
    lines: list[str] = []
    reader: Iterator[list[str]] = iter(())
    if quoted:
        import io

        reader = csv.reader(io.StringIO(text, newline=""))
    else:
        lines = text.split("\n") if text else []
        reader = (line.split(",") if line else [] for line in lines[:1])
    del text
    header[:] = [h.strip() for h in next(reader, [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise ValidationError(f"{p}: missing column(s) {missing}; found {header}")
    extra = [c for c in header if c not in allowed]
    if extra:
        raise ValidationError(f"{p}: unknown column(s) {extra}; allowed: {list(allowed)}")
    width = len(header)

    def by_row(rows: Iterable[list[str]], first: int
               ) -> Iterator[tuple[Sequence[int], list[list[str]]]]:
        numbers: list[int] = []
        kept: list[list[str]] = []
        for n, row in enumerate(rows, start=first):
            if len(row) != width:
                if not row:
                    continue
                raise ValidationError(f"{p} line {n}: {len(row)} cells, the header has {width}")
            numbers.append(n)
            kept.append(list(map(str.strip, row)))
            if len(kept) == _BLOCK:
                yield numbers, [list(c) for c in zip(*kept, strict=True)]
                numbers, kept = [], []
        if kept:
            yield numbers, [list(c) for c in zip(*kept, strict=True)]

    if quoted:
        yield from by_row(reader, 2)
        return
    while len(lines) > 1 and not lines[-1]:
        lines.pop()  # blank lines at the end: skipped, as the csv module skips them
    for lo in range(1, len(lines), _BLOCK):
        block = lines[lo:lo + _BLOCK]
        cells = ",".join(block).split(",")
        if len(cells) == width * len(block) and set(
                map(str.count, block, itertools.repeat(","))) == {width - 1}:
            yield (range(lo + 1, lo + 1 + len(block)),
                   [list(map(str.strip, cells[j::width])) for j in range(width)])
        else:  # blank lines or a row of another width: row by row, for the error's line
            yield from by_row((line.split(",") if line else [] for line in block), lo + 1)


#: Setters of AdminUnit's slots (the frozen class's own storage), used by the bulk loader;
#: every field must be here, so that a field added to the class is not left unset.
_UNIT_FIELDS = ("code", "name_vi", "name_en", "kind", "source", "parent", "valid_from",
                "valid_to", "verified", "note", "validity")
if {a.name for a in attrs.fields(AdminUnit)} != set(_UNIT_FIELDS):  # pragma: no cover
    raise RuntimeError("load_units_csv does not set every field of AdminUnit")
_UNIT_SLOTS: tuple[Any, ...] = tuple(getattr(AdminUnit, f).__set__ for f in _UNIT_FIELDS)


def load_units_csv(
    path: str | Path,
    transitions: str | Path | None = None,
    vocab: Vocabulary | None = None,
) -> UnitRegistry:
    """A registry from a national list in CSV (UTF-8, header row).

    Columns: ``code`` (2, 3 or 5 digits as the level requires), ``name_vi``, ``kind``
    (a kind id such as ``xa`` or its Vietnamese name such as ``Thị trấn``), and optionally
    ``parent`` (code of the enclosing unit), ``valid_from`` and ``valid_to`` (ISO dates,
    inclusive; empty means open), ``name_en`` and ``source``. Other columns are an error,
    so that a misspelt column is not silently ignored. ``transitions`` is an optional second
    CSV with ``on,old,new`` and optionally ``share`` (a fraction such as ``1/3``; empty when
    unknown) and ``source``.
    """
    voc = vocab if vocab is not None else vocabulary()
    units = _UnitColumns()
    name = os.path.basename(os.fspath(path))
    header: list[str] = []
    blocks = _blocks(path, ("code", "name_vi", "kind"), UNIT_COLUMNS, header)
    first = next(blocks, None)
    col = {c: i for i, c in enumerate(header)}
    loader = _UnitLoader(voc, path, name, col)
    for lines, columns in itertools.chain((first,) if first is not None else (), blocks):
        loader.block(lines, columns, units)
    trans = list(load_transitions_csv(transitions)) if transitions is not None else []
    return UnitRegistry._of_columns(units, trans, voc)


class _UnitColumns:
    """Units read and checked but not built yet: a list per field of :class:`AdminUnit`.

    A rollup needs the codes, kinds, parents, names and validities of a national list,
    not ten thousand objects; the units are built (:meth:`build`) when first asked for.
    """

    __slots__ = ("codes", "ens", "kinds", "names", "parents", "sources", "validities")

    def __init__(self) -> None:
        self.codes: list[str] = []
        self.names: list[str] = []
        self.ens: list[str] = []
        self.kinds: list[str] = []
        self.sources: list[str] = []
        self.parents: list[str | None] = []
        self.validities: list[Validity] = []

    def build(self) -> list[AdminUnit]:
        """The units, built a field at a time: each slot's setter mapped over them."""
        count = len(self.codes)
        out: list[AdminUnit] = list(map(object.__new__, itertools.repeat(AdminUnit, count)))
        fields: tuple[Iterable[object], ...] = (
            self.codes, self.names, self.ens, self.kinds, self.sources, self.parents,
            list(map(_START, self.validities)), list(map(_END, self.validities)),
            itertools.repeat(True, count), itertools.repeat(None, count), self.validities)
        for setter, values in zip(_UNIT_SLOTS, fields, strict=True):
            collections.deque(map(setter, out, values), maxlen=0)
        return out


class _UnitLoader:
    """Units from blocks of CSV columns, with the checks ``AdminUnit(...)`` makes (code
    validator, name converter, validity), done a column at a time: a national list has
    over ten thousand units. A block that fails a check is read again row by row, so the
    error names the first offending line."""

    def __init__(self, voc: Vocabulary, path: str | Path, name: str, col: dict[str, int]
                 ) -> None:
        self.voc, self.path, self.name = voc, path, name
        self.i_code, self.i_name, self.i_kind = col["code"], col["name_vi"], col["kind"]
        self.i_en, self.i_src, self.i_parent = col.get("name_en"), col.get("source"), col.get(
            "parent")
        self.i_from, self.i_to = col.get("valid_from"), col.get("valid_to")
        self.kinds: dict[str, str] = {}
        self.validities: dict[tuple[str, str], Validity] = {}

    def block(self, lines: Sequence[int], columns: list[list[str]], into: _UnitColumns
              ) -> None:
        """Add the units of one block of rows to ``into``: checked a column at a time, or
        row by row when a check fails (so that the error names the first line at fault)."""
        codes, kinds = columns[self.i_code], columns[self.i_kind]
        froms, tos = self._dates(columns, len(lines))
        joined = "".join(codes)
        if not (joined.isdigit() and joined.isascii() and all(codes)):
            return self.by_row(lines, columns, into)
        known_kinds, known_validity = self.kinds, self.validities
        try:
            for text in set(kinds) - known_kinds.keys():
                known_kinds[text] = self.voc.kind(text).id
            for pair in set(zip(froms, tos, strict=True)) - known_validity.keys():
                known_validity[pair] = _validity(_opt_date(pair[0]), _opt_date(pair[1]))
        except (ValidationError, UnknownName):
            return self.by_row(lines, columns, into)
        return self._add(lines, columns, into)

    def by_row(self, lines: Sequence[int], columns: list[list[str]], into: _UnitColumns
               ) -> None:
        """The same as :meth:`block`, checked one row at a time."""
        froms, tos = self._dates(columns, len(lines))
        for n, code, kind_text, start, end in zip(
                lines, columns[self.i_code], columns[self.i_kind], froms, tos, strict=True):
            if kind_text not in self.kinds:
                try:
                    self.kinds[kind_text] = self.voc.kind(kind_text).id
                except UnknownName as exc:
                    raise UnknownName(f"unit kind at {self.path} line {n}", kind_text,
                                      exc.suggestions) from None
            try:
                valid_from, valid_to = _opt_date(start), _opt_date(end)
                if not (code.isascii() and code.isdigit()):
                    raise ValidationError(f"code: {code!r} is not a numeric unit code")
                self.validities[start, end] = _validity(valid_from, valid_to)
            except ValidationError as exc:
                raise ValidationError(f"{self.path} line {n}: {exc}") from None
        return self._add(lines, columns, into)

    def _dates(self, columns: list[list[str]], count: int) -> tuple[list[str], list[str]]:
        blank = [""] * count
        return (columns[self.i_from] if self.i_from is not None else blank,
                columns[self.i_to] if self.i_to is not None else blank)

    def _add(self, lines: Sequence[int], columns: list[list[str]], into: _UnitColumns
             ) -> None:
        """Add rows whose kinds and validities are known (checked) already to ``into``."""
        import unicodedata

        names = columns[self.i_name]
        if not unicodedata.is_normalized("NFC", "\n".join(names)):
            names = list(map(nfc, names))
        froms, tos = self._dates(columns, len(lines))
        blank = [""] * len(lines)
        sources = columns[self.i_src] if self.i_src is not None else blank
        if not all(sources):
            sources = [s or f"{self.name} line {n}" for s, n in zip(sources, lines, strict=True)]
        parents = columns[self.i_parent] if self.i_parent is not None else blank
        # One string object for each repeated text (a source, a parent's code): a national
        # list repeats them thousands of times.
        shared: dict[str, str] = {}
        into.codes += columns[self.i_code]
        into.names += names
        into.ens += columns[self.i_en] if self.i_en is not None else blank
        into.kinds += map(self.kinds.__getitem__, columns[self.i_kind])
        into.sources += map(shared.setdefault, sources, sources)
        into.parents += [shared.setdefault(p, p) if p else None for p in parents]
        into.validities += map(self.validities.__getitem__, zip(froms, tos, strict=True))


def load_transitions_csv(path: str | Path) -> list[Transition]:
    """Transitions from CSV: ``on,old,new[,share][,source]`` (see :func:`load_units_csv`)."""
    out: list[Transition] = []
    base = os.path.basename(os.fspath(path))
    for n, row in _rows(path, ("on", "old", "new"), TRANSITION_COLUMNS):
        where = f"{path} line {n}"
        try:
            on = _opt_date(row["on"])
        except ValidationError as exc:
            raise ValidationError(f"{where}: {exc}") from None
        if on is None:
            raise ValidationError(f"{where}: the column 'on' is empty")
        share_text = row.get("share", "")
        try:
            share = Fraction(share_text) if share_text else None
        except (ValueError, ZeroDivisionError):
            raise ValidationError(f"{where}: share {share_text!r} is not a fraction") from None
        try:
            out.append(Transition(on=on, old=row["old"], new=row["new"],
                                  source=row.get("source") or f"{base} line {n}",
                                  share=share))
        except ValidationError as exc:
            raise ValidationError(f"{where}: {exc}") from None
    return out

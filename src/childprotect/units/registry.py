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

import itertools
import operator
from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from childprotect.data import Fields, build, read_json
from childprotect.errors import UnknownName, ValidationError
from childprotect.text.vntext import name_key
from childprotect.units.model import (
    _CODE,
    _KIND,
    _ONE_DAY,
    _PARENT,
    _VALIDITY,
    AdminUnit,
    Level,
    Part,
    Transition,
    Validity,
    Vocabulary,
    vocabulary,
)

if TYPE_CHECKING:
    from childprotect.units.csvfiles import _UnitColumns
from childprotect.units.hierarchy import Hierarchy

__all__ = [
    "UnitRegistry",
    "bundled",
    "registry_of",
]


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

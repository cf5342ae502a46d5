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

The whole country is :func:`childprotect.units.national` (``data/units/national/``);
``bundled()`` is the small list of the seed localities, whose units agree with it. A
list can also be loaded from a CSV file that the user supplies (see :func:`load_units_csv`
and ``docs/units.md`` for the columns).
"""

from __future__ import annotations

import itertools
import operator
import typing
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from childprotect.data import Fields, build, read_json
from childprotect.errors import UnknownName, ValidationError
from childprotect.i18n import Message
from childprotect.units.columns import _UnitColumns
from childprotect.units.hierarchy import Hierarchy
from childprotect.units.links import _Links
from childprotect.units.model import (
    _ONE_DAY,
    AdminUnit,
    Level,
    Part,
    Transition,
    Validity,
    Vocabulary,
    vocabulary,
)

if TYPE_CHECKING:
    from childprotect.units.names import Candidate

__all__ = [
    "UnitRegistry",
    "bundled",
    "registry_of",
]


def _by_id(validities: Iterable[Validity], ids: set[int]) -> dict[int, Validity]:
    """The validities whose ``id`` is in ``ids``, by id."""
    out: dict[int, Validity] = {}
    for v in validities:
        if id(v) in ids and id(v) not in out:
            out[id(v)] = v
            if len(out) == len(ids):
                break
    return out


def _start_of(v: Validity) -> date:
    return v.start or date.min


def _code_index(codes: list[str], validities: list[Validity], *, in_order: bool = False
                ) -> dict[str, int | Sequence[int]]:
    """The row of each code, or its rows oldest first when it has several. A list sorted by
    code (each code's rows together, as the national list is) is indexed without a loop
    over rows; ``in_order``: each code's rows are known to be oldest first already."""
    n = len(codes)
    last: dict[str, int | Sequence[int]] = dict(zip(codes, range(n), strict=True))
    first = dict(zip(reversed(codes), range(n - 1, -1, -1), strict=True))
    # Each code's rows lie together exactly when the spans first..last cover n rows.
    if sum(typing.cast("dict[str, int]", last).values()) - sum(first.values()) + len(
            last) == n:
        repeated = set(itertools.compress(codes[1:], map(operator.eq, codes[1:], codes)))
        for code in repeated:
            rows: Sequence[int] = range(first[code], typing.cast("int", last[code]) + 1)
            if not in_order:
                order = sorted(rows, key=lambda i: _start_of(validities[i]))
                if order != list(rows):
                    rows = tuple(order)
            last[code] = rows
        return last
    lists: dict[str, list[int]] = {}
    for i, code in enumerate(codes):
        lists.setdefault(code, []).append(i)
    index: dict[str, int | Sequence[int]] = {}
    for code, rows_of in lists.items():
        if len(rows_of) > 1:
            rows_of.sort(key=lambda i: _start_of(validities[i]))
            index[code] = rows_of
        else:
            index[code] = rows_of[0]
    return index


class UnitRegistry:
    """Every known unit over time, with the transitions between them.

    Validates on construction: codes have their level's length, kinds exist and are
    valid while the unit is, parents exist over the unit's whole validity and sit at a
    higher level, two units of one code never overlap in time, and each transition
    joins a unit ending the day before ``on`` to a unit valid on ``on``.

    Units are kept as columns and built when first asked for; the transitions likewise,
    with indexes by ``(old, on)`` and ``(new, on)`` built on the first lookup.
    """

    _level: dict[str, Level]  # kind id -> level
    _validities: dict[int, Validity] | None
    _rows_of: dict[str, int | Sequence[int]] | None

    def __init__(
        self,
        units: Iterable[AdminUnit],
        transitions: Iterable[Transition] = (),
        vocab: Vocabulary | None = None,
    ) -> None:
        built = tuple(units)
        self._start(vocab if vocab is not None else vocabulary(), _UnitColumns.of_units(built),
                    list(built), lambda: _Links.of(transitions))
        self._setup()

    @classmethod
    def _of_columns(cls, columns: _UnitColumns, transitions: Iterable[Transition],
                    vocab: Vocabulary) -> UnitRegistry:
        """A registry of units read but not built yet (see :func:`load_units_csv`)."""
        self = cls.__new__(cls)
        self._start(vocab, columns, None, lambda: _Links.of(transitions))
        self._setup()
        return self

    @classmethod
    def _trusted(cls, columns: _UnitColumns, links: Callable[[], _Links], vocab: Vocabulary,
                 *, name: str = "", modelled_from: date | None = None) -> UnitRegistry:
        """A registry of bundled units checked when they were built and by the tests (the
        national list: see :func:`childprotect.units.national_list.national`), not checked
        again; ``links`` reads the transitions on first use."""
        self = cls.__new__(cls)
        self._start(vocab, columns, None, links)
        self.name = name
        self.modelled_from = modelled_from
        kinds = {k.id: k for k in vocab.kinds}
        levels = {lv.id: lv for lv in vocab.levels}
        self._level = {k: levels[kinds[k].level] for k in set(columns.kinds)}
        self._rows_of = _code_index(columns.codes, columns.validities, in_order=True)
        return self

    def _start(self, vocab: Vocabulary, columns: _UnitColumns,
               built: list[AdminUnit] | None, links: Callable[[], _Links]) -> None:
        self.vocabulary = vocab
        self._cols = columns
        self._built: list[AdminUnit | None] = (
            list(built) if built is not None else [None] * len(columns))
        self._links_of: Callable[[], _Links] | None = links
        self._links_read: _Links | None = None
        self._level = {}
        self._validities = None
        self._rows_of = None
        self._snapshots: dict[date, Hierarchy] = {}
        # Snapshots by the validities they hold: days on which the same units are valid
        # share one structure (a month-by-month series builds it once).
        self._structures: dict[frozenset[int], Hierarchy] = {}
        self._names: Any = None
        #: A short name of the list (``"national"``), shown where units are listed.
        self.name = ""
        #: The first day the list models; before it the units are those of that day.
        self.modelled_from: date | None = None

    # --- units ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._cols)

    def _unit(self, i: int) -> AdminUnit:
        """The unit of row ``i`` (built on first use, then kept)."""
        u = self._built[i]
        if u is None:
            u = self._built[i] = self._cols.build_one(i)
        return u

    @property
    def units(self) -> tuple[AdminUnit, ...]:
        """Every unit, in the order given (built on first use when read from CSV)."""
        built = self._built
        if None in built:
            fresh = self._cols.build()
            built[:] = [b if b is not None else f for b, f in zip(built, fresh, strict=True)]
        return tuple(typing.cast("list[AdminUnit]", built))

    @property
    def _links(self) -> _Links:
        got = self._links_read
        if got is None:
            assert self._links_of is not None
            got = self._links_read = self._links_of()
            self._links_of = None
        return got

    @property
    def transitions(self) -> tuple[Transition, ...]:
        """Every transition, in the order given (read on first use when bundled)."""
        return self._links.all()

    @property
    def _rows(self) -> dict[str, int | Sequence[int]]:
        """The row of each code, or its rows oldest first (see :func:`_code_index`)."""
        got = self._rows_of
        if got is None:
            got = self._rows_of = _code_index(self._cols.codes, self._cols.validities)
        return got

    def _rows_for(self, code: str) -> Sequence[int]:
        """The rows of ``code``, oldest first."""
        rows = self._rows.get(code, ())
        return (rows,) if type(rows) is int else typing.cast("Sequence[int]", rows)

    # --- checks --------------------------------------------------------------------------

    def _setup(self) -> None:
        cols = self._cols
        if not self._index_in_bulk(cols.codes, cols.kinds, cols.parents, cols.validities):
            self._index_one_by_one()
        links = self._links
        for i in range(len(links)):
            t = links.get(i)
            where = f"transitions[{i}] ({t.old}→{t.new} on {t.on})"
            old_unit = self._at(t.old, t.on - _ONE_DAY, where + ": old unit")
            self._at(t.new, t.on, where + ": new unit")
            if old_unit.valid_to != t.on - _ONE_DAY:
                raise ValidationError(Message("{where}: the old unit does not end the day "
                                              "before {on}", where=where, on=t.on))
        shares: dict[tuple[str, date], list[Fraction | None]] = {}
        for old, on, share in zip(links.olds, links.ons, links.shares, strict=True):
            shares.setdefault((old, on), []).append(share)
        for (code, on), parts in shares.items():
            known = sum((s for s in parts if s is not None), Fraction(0))
            if (None not in parts and known != 1) or (None in parts and known >= 1):
                raise ValidationError(
                    Message("transitions of {code} on {on}: shares add up to {known}, not 1",
                            code=code, on=on, known=known)
                )

    def _index_in_bulk(self, codes: list[str], kind_of: list[str], parents: list[str | None],
                       validity_of: list[Validity]) -> bool:
        """Check the units a column at a time (a national list has over ten thousand
        units); False when a check fails or codes repeat, so that
        :meth:`_index_one_by_one` finds the unit at fault."""
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
        up_codes = typing.cast("list[str]", list(itertools.compress(parents, has_parent)))
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
        """Check the units one at a time; raises on the first unit that fails a check."""
        kinds = {k.id: k for k in self.vocabulary.kinds}
        levels = {lv.id: lv for lv in self.vocabulary.levels}
        open_kinds = {k.id for k in self.vocabulary.kinds
                      if k.valid_from is None and k.valid_to is None}
        cols = self._cols
        seen: dict[str, list[int]] = {}
        level_of: dict[str, Level] = {}
        self._level = level_of
        for i, (code, name, kind, validity) in enumerate(zip(
                cols.codes, cols.names, cols.kinds, cols.validities, strict=True)):
            level = level_of.get(kind)
            if level is None:
                k = kinds.get(kind)
                if k is None:
                    raise UnknownName(Message("unit kind in {where} ({code} {name})",
                                              where=cols.place(i), code=code, name=name),
                                      kind,
                                      sorted(kinds))
                level = level_of[kind] = levels[k.level]
            if len(code) != level.code_digits:
                raise ValidationError(
                    Message("{where} ({code} {name}): code {code2} should have {code_digits} "
                            "digits at level {id}", where=cols.place(i), code=code, name=name,
                            code2=repr(code), code_digits=level.code_digits, id=level.id)
                )
            if kind not in open_kinds and not kinds[kind].validity.covers(validity):
                raise ValidationError(
                    Message("{where} ({code} {name}): kind {kind} exists only {validity}, "
                            "unit {validity2}", where=cols.place(i), code=code, name=name,
                            kind=repr(kind), validity=kinds[kind].validity, validity2=validity)
                )
            same = seen.setdefault(code, [])
            for j in same:
                if cols.validities[j].overlaps(validity):
                    raise ValidationError(
                        Message("{where} ({code} {name}): code {code} is already used by "
                                "{names} ({validities}) in an overlapping period ({validity})",
                                where=cols.place(i), code=code, name=name, names=cols.names[j],
                                validities=cols.validities[j], validity=validity)
                    )
            same.append(i)
        for i, (code, name, kind, parent_code, validity) in enumerate(zip(
                cols.codes, cols.names, cols.kinds, cols.parents, cols.validities,
                strict=True)):
            if parent_code is None:
                continue
            parent = next((j for j in self._rows_for(parent_code)
                           if cols.validities[j].covers(validity)), None)
            if parent is None:
                raise ValidationError(
                    Message("{where} ({code} {name}): parent {parent_code} does not exist "
                            "over the whole period {validity}", where=cols.place(i), code=code,
                            name=name, parent_code=repr(parent_code), validity=validity)
                )
            if level_of[cols.kinds[parent]].rank >= level_of[kind].rank:
                raise ValidationError(
                    Message("{where} ({code} {name}): parent {parent_code} is not at a "
                            "higher level", where=cols.place(i), code=code, name=name,
                            parent_code=repr(parent_code)))

    def _at(self, code: str, day: date, where: str) -> AdminUnit:
        try:
            return self.get(code, on=day)
        except UnknownName:
            raise ValidationError(Message("{where}: no unit with code {code} on {day}",
                                          where=where, code=code, day=day)) from None

    # --- lookups -------------------------------------------------------------------------

    def level_of(self, unit: AdminUnit) -> Level:
        return self._level[unit.kind]

    def versions(self, code: str) -> tuple[AdminUnit, ...]:
        """Every unit that has carried ``code``, oldest first."""
        return tuple(map(self._unit, self._rows_for(code)))

    def _row_on(self, code: str, on: date) -> int | None:
        rows = self._rows.get(code)
        if rows is None:
            return None
        validities = self._cols.validities
        if type(rows) is int:
            return rows if validities[rows].contains(on) else None
        for i in typing.cast("Sequence[int]", rows):
            if validities[i].contains(on):
                return i
        return None

    def has(self, code: str, *, on: date) -> bool:
        """True when a unit carries ``code`` on ``on``."""
        return self._row_on(code, on) is not None

    def get(self, code: str, *, on: date) -> AdminUnit:
        """The unit with this code on this day.

        >>> bundled().get("46", on=date(2025, 1, 1)).name_vi
        'Thành phố Huế'
        """
        i = self._row_on(code, on)
        if i is not None:
            return self._unit(i)
        known = [f"{u.name_vi} ({u.validity})" for u in self.versions(code)]
        raise UnknownName(Message("unit code on {on}", on=on), code, known)

    def find(self, name: str, on: date | None = None) -> tuple[Candidate, ...]:
        """The units a name may mean (on ``on``, or on any day), best first.

        Any Unicode form, with or without tone marks, kind words or their abbreviations
        (``P. 4, TP Tân An``, ``TX``, ``TT``, ``Q.``); the parts after a comma name the
        units above (district, province) and pick among the units of one name. An unknown
        name is an :class:`~childprotect.errors.UnknownName` listing the closest names.

        >>> [c.unit.code for c in bundled().find("XÃ PHÚ THUẬN  B", on=date(2020, 1, 1))]
        ['29995']
        """
        from childprotect.units.names import NameIndex

        index = self._names
        if index is None:
            index = self._names = NameIndex(self)
        return typing.cast("tuple[Candidate, ...]", index.find(name, on))

    def resolve(self, name: str, *, on: date) -> AdminUnit:
        """The one unit a name means on ``on`` (see :meth:`find`); an
        :class:`~childprotect.errors.AmbiguousName` naming each candidate with the units
        above it when several fit equally well.

        >>> bundled().resolve("tỉnh  đồng tháp", on=date(2025, 7, 1)).code
        '82'
        """
        from childprotect.units.names import best

        return best(self.find(name, on), name, on)

    def on(self, day: date) -> Hierarchy:
        """The hierarchy of the units valid on ``day`` (kept: asking again is free)."""
        got = self._snapshots.get(day)
        if got is not None:
            return got
        # Units share a few validity objects: each is asked once, then rows picked by it.
        validities = self._distinct_validities()
        valid = frozenset(k for k, v in validities.items() if v.contains(day))
        same = self._structures.get(valid)
        if same is not None:
            got = same._dated(day)
        else:
            n = len(self._cols)
            rows: Sequence[int]
            if len(valid) == len(validities):
                rows = range(n)
            else:
                rows = list(itertools.compress(range(n), map(
                    valid.__contains__, map(id, self._cols.validities))))
            got = Hierarchy._of_rows(day, self, rows)
            if len(self._structures) >= 8:
                self._structures.pop(next(iter(self._structures)))
            self._structures[valid] = got
        if len(self._snapshots) >= 8:
            self._snapshots.pop(next(iter(self._snapshots)))
        self._snapshots[day] = got
        return got

    def _distinct_validities(self) -> dict[int, Validity]:
        """The validity objects the units share, by ``id`` (cached)."""
        got = self._validities
        if got is None:
            values = self._cols.validities
            got = self._validities = dict(zip(map(id, values), values, strict=True))
        return got

    # --- changes -------------------------------------------------------------------------

    def successors(self, code: str, on: date | None = None) -> tuple[Part, ...]:
        """Where the unit ``code`` (valid the day before ``on``) went on ``on``, each part
        with its share (None: the source does not say how much).

        A unit that continues unchanged is its own successor with share 1. ``on`` None:
        every change that took part of a unit of this code elsewhere, oldest first.
        """
        if on is None:
            return tuple(Part(self.get(t.new, on=t.on), t.share, (t,))
                         for t in self._links.out_of(code, None))
        old = self.get(code, on=on - _ONE_DAY)
        moves = self._links.out_of(code, on)
        if not moves:
            if old.validity.contains(on):
                return (Part(old, Fraction(1), ()),)
            return ()
        return tuple(Part(self.get(t.new, on=on), t.share, (t,)) for t in moves)

    def predecessors(self, code: str, on: date | None = None) -> tuple[Transition, ...]:
        """The transitions into the unit ``code`` that came into being on ``on`` (None: on
        any day, oldest first)."""
        return self._links.into(code, on)

    def change_dates(self) -> tuple[date, ...]:
        """The days on which transitions happened, in order."""
        return self._links.dates()

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

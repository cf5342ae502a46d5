"""Counting children by group, when a child can belong to several groups.

The share of children in special circumstances ("tỷ lệ trẻ em có hoàn cảnh đặc biệt")
counts each child once, however many groups the child is in. :class:`GroupCounter` gives
per-group counts, the distinct number of children in at least one group, and the
overlap matrix, from per-child group sets, bitmasks or classifications.

>>> c = GroupCounter()
>>> c.update([{"a", "d"}, {"d"}, set(), ["dd", "d"]])
>>> r = c.counts()
>>> r.children, r.distinct, r.count("d"), r.count("đ"), r.sum_of_groups()
(4, 3, 3, 1, 5)
>>> r.overlap_of("a", "d"), r.overlap_of("d", "d")
(1, 3)
>>> from fractions import Fraction
>>> r.share(population=30) == Fraction(1, 10)
True

Counters merge, so counting can be split across files or processes:

>>> (c + GroupCounter.of([{"k", "l"}])).counts().distinct
4

Internally each child is a bitmask over the group codes and only a histogram of the
distinct masks is kept, so memory does not grow with the number of children.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from fractions import Fraction
from itertools import islice
from typing import TYPE_CHECKING

import attrs

from childprotect.errors import UnknownName, ValidationError
from childprotect.i18n import Message

if TYPE_CHECKING:
    from childprotect.children.classification import Classification

__all__ = ["CHUNK", "GroupCounter", "GroupCounts"]

#: How many children :meth:`GroupCounter.update` reads at a time.
CHUNK = 65536


def _default_codes() -> tuple[str, ...]:
    from childprotect.children.groups import taxonomies

    return taxonomies()[-1].codes


@attrs.frozen
class GroupCounts:
    """The result of counting: every figure is a count of children.

    ``children`` is the number of children counted (including those in no group);
    ``per_group[i]`` the children in group ``codes[i]``; ``distinct`` the children in at
    least one group; ``overlap[i][j]`` the children in both ``codes[i]`` and ``codes[j]``
    (the diagonal is ``per_group``). From classifications, ``undetermined`` counts children
    with at least one undecided group (their definite groups are counted), and
    ``not_children`` the persons who were no child on the date (not counted at all).
    """

    codes: tuple[str, ...]
    children: int
    per_group: tuple[int, ...]
    distinct: int
    overlap: tuple[tuple[int, ...], ...]
    undetermined: int = 0
    not_children: int = 0

    def _index(self, code: str) -> int:
        from childprotect.children.groups import normalize_code

        if code in self.codes:
            return self.codes.index(code)
        try:
            key = normalize_code(code)
        except UnknownName:
            key = ""
        if key not in self.codes:
            raise UnknownName("group code", code, self.codes)
        return self.codes.index(key)

    def count(self, code: str) -> int:
        """Children in one group (``đ`` or ``dd``)."""
        return self.per_group[self._index(code)]

    def overlap_of(self, a: str, b: str) -> int:
        """Children in both groups ``a`` and ``b``."""
        return self.overlap[self._index(a)][self._index(b)]

    def sum_of_groups(self) -> int:
        """The sum of the per-group counts (counts a child once per group)."""
        return sum(self.per_group)

    def as_dict(self) -> dict[str, int]:
        """Per-group counts by code."""
        return dict(zip(self.codes, self.per_group, strict=True))

    def share(self, population: int) -> Fraction:
        """The distinct count over a population of children, exactly."""
        if type(population) is not int or population <= 0:
            raise ValidationError(Message("population: expected a whole number > 0, got "
                                          "{population}", population=repr(population)))
        if population < self.distinct:
            raise ValidationError(
                Message("population: {population} is less than the {distinct} children counted",
                        population=population, distinct=self.distinct))
        return Fraction(self.distinct, population)


def _frozen(s: Iterable[str]) -> frozenset[str]:
    if isinstance(s, str):
        raise ValidationError(
            Message("a child's groups must be a collection of codes such as {{'a', 'd'}}, not "
                    "one string"))
    return s if type(s) is frozenset else frozenset(s)


class GroupCounter:
    """An accumulator of children's group memberships; add to it, merge it, read counts.

    ``codes`` fixes the groups and their bit order (default: the 14 group codes of the
    latest bundled taxonomy). Extra user categories (e.g. an "at risk" flag) can be added
    as further codes.
    """

    __slots__ = ("_bit", "_hist", "_not_children", "_undetermined", "codes")

    def __init__(self, codes: Sequence[str] | None = None) -> None:
        from childprotect.children.groups import normalize_code

        raw = tuple(codes) if codes is not None else _default_codes()
        norm: list[str] = []
        for c in raw:
            try:
                n = normalize_code(c)
            except UnknownName:
                n = c  # a user category such as "at-risk"
            if not isinstance(n, str) or not n or n in norm:
                raise ValidationError(Message("codes: {c} is empty or repeated", c=repr(c)))
            norm.append(n)
        if len(norm) > 62:
            raise ValidationError(Message("codes: at most 62 groups can be counted, got {count}",
                                          count=len(norm)))
        self.codes: tuple[str, ...] = tuple(norm)
        self._bit: dict[str, int] = {c: 1 << i for i, c in enumerate(self.codes)}
        self._hist: Counter[int] = Counter()
        self._undetermined = 0
        self._not_children = 0

    def __repr__(self) -> str:
        return f"GroupCounter(codes={len(self.codes)}, children={self._hist.total()})"

    @classmethod
    def of(cls, sets: Iterable[Iterable[str]], codes: Sequence[str] | None = None
           ) -> GroupCounter:
        """A counter filled with per-child group sets."""
        c = cls(codes)
        c.update(sets)
        return c

    def bit(self, code: str) -> int:
        """The bit of one group code (``dd`` accepted)."""
        found = self._bit.get(code)
        if found is not None:
            return found
        from childprotect.children.groups import normalize_code

        try:
            key = normalize_code(code) if isinstance(code, str) else None
        except UnknownName:
            key = None
        if key is None or key not in self._bit:
            raise UnknownName("group code", str(code), self.codes)
        self._bit[code] = self._bit[key]  # remember the alias
        return self._bit[key]

    def mask(self, groups: Iterable[str]) -> int:
        """The bitmask of a set of group codes."""
        m = 0
        for g in _frozen(groups):
            m |= self.bit(g)
        return m

    def add(self, groups: Iterable[str]) -> None:
        """Count one child in these groups (an empty set: a child in no group)."""
        self._hist[self.mask(groups)] += 1

    def update(self, sets: Iterable[Iterable[str]]) -> None:
        """Count many children, one set of group codes each.

        The input is read in chunks of :data:`CHUNK` children, so a stream of any length
        is counted in constant memory.
        """
        seen: Counter[frozenset[str]] = Counter()
        it = iter(sets)
        while chunk := list(islice(it, CHUNK)):
            if any(issubclass(t, str) for t in set(map(type, chunk))):
                raise ValidationError(Message("a child's groups must be a collection of codes "
                                              "such as {{'a', 'd'}}, not one string"))
            seen.update(map(frozenset, chunk))
        hist = self._hist
        for key, n in seen.items():
            hist[self.mask(key)] += n

    def update_masks(self, masks: Iterable[int]) -> None:
        """Count many children given as bitmasks (bit ``i`` is ``codes[i]``)."""
        seen = Counter(masks)
        limit = 1 << len(self.codes)
        for m in seen:
            if type(m) is not int or not 0 <= m < limit:
                raise ValidationError(
                    Message("mask: expected an integer from 0 to {value}, got {m}",
                            value=limit - 1, m=repr(m)))
        self._hist.update(seen)

    def add_classification(self, result: Classification) -> None:
        """Count one classified child: its YES groups; undecided groups are tallied apart."""
        from childprotect.children.facts import Answer

        if result.child is Answer.NO:
            self._not_children += 1
            return
        yes = [g.group.code for g in result.groups if g.answer is Answer.YES]
        if any(g.answer is Answer.CANNOT_TELL for g in result.groups):
            self._undetermined += 1
        self._hist[self.mask(yes)] += 1

    def update_classified(self, results: Iterable[Classification]) -> None:
        """Count many classified children."""
        for r in results:
            self.add_classification(r)

    def merge(self, other: GroupCounter) -> GroupCounter:
        """A new counter holding both counters' children."""
        if other.codes != self.codes:
            raise ValidationError(
                Message("cannot merge counters over different codes: {codes} and {codes2}",
                        codes=self.codes, codes2=other.codes))
        out = GroupCounter(self.codes)
        out._hist = self._hist + other._hist  # every count is positive: nothing is dropped
        out._undetermined = self._undetermined + other._undetermined
        out._not_children = self._not_children + other._not_children
        return out

    def __add__(self, other: GroupCounter) -> GroupCounter:
        return self.merge(other)

    def histogram(self) -> dict[int, int]:
        """Children per distinct bitmask (a copy)."""
        return dict(self._hist)

    def counts(self) -> GroupCounts:
        """The counts so far."""
        n = len(self.codes)
        per = [0] * n
        overlap = [[0] * n for _ in range(n)]
        distinct = 0
        for mask, k in self._hist.items():
            if not mask or not k:
                continue
            distinct += k
            bits = [i for i in range(n) if mask >> i & 1]
            for i in bits:
                per[i] += k
                row = overlap[i]
                for j in bits:
                    row[j] += k
        return GroupCounts(
            codes=self.codes, children=self._hist.total(), per_group=tuple(per),
            distinct=distinct, overlap=tuple(tuple(r) for r in overlap),
            undetermined=self._undetermined, not_children=self._not_children,
        )

"""The transitions of a registry kept as columns, indexed by where they go from and to.

A national registry has over twelve thousand transitions; a lookup needs the few out of
one unit on one day (``(old, on)``) or into one (``(new, on)``). The indexes are built on
the first lookup, and a :class:`Transition` is built (and kept) when first asked for.
"""

from __future__ import annotations

import collections
import itertools
from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction
from typing import Any

import attrs

from childprotect.units.model import Transition

__all__: list[str] = []

_FIELDS = ("on", "old", "new", "source", "share", "verified", "note")
if {a.name for a in attrs.fields(Transition)} != set(_FIELDS):  # pragma: no cover
    raise RuntimeError("the transition columns do not set every field of Transition")
_SLOTS: tuple[Any, ...] = tuple(getattr(Transition, f).__set__ for f in _FIELDS)


class _Links:
    """Transitions as columns (``ons``, ``olds``, ``news``, ``shares``, ``sources``, and
    ``verified``/``notes`` when some differ from the defaults), with lazy indexes."""

    __slots__ = ("_built", "_by_new", "_by_old", "_dates", "news", "notes", "olds", "ons",
                 "shares", "sources", "verified")

    def __init__(self, ons: list[date], olds: list[str], news: list[str],
                 shares: list[Fraction | None], sources: list[str],
                 verified: list[bool] | None = None,
                 notes: list[str | None] | None = None,
                 built: Sequence[Transition] | None = None) -> None:
        self.ons, self.olds, self.news = ons, olds, news
        self.shares, self.sources = shares, sources
        self.verified, self.notes = verified, notes
        self._built: list[Transition | None] = (
            list(built) if built is not None else [None] * len(ons))
        self._by_old: dict[str, list[int]] | None = None
        self._by_new: dict[str, list[int]] | None = None
        self._dates: tuple[date, ...] | None = None

    @classmethod
    def of(cls, transitions: Iterable[Transition]) -> _Links:
        """The columns of transitions built already."""
        ts = list(transitions)
        verified: list[bool] | None = None
        notes: list[str | None] | None = None
        if not all(t.verified for t in ts) or any(t.note is not None for t in ts):
            verified, notes = [t.verified for t in ts], [t.note for t in ts]
        return cls([t.on for t in ts], [t.old for t in ts], [t.new for t in ts],
                   [t.share for t in ts], [t.source for t in ts], verified, notes, ts)

    def __len__(self) -> int:
        return len(self.ons)

    def get(self, i: int) -> Transition:
        """The transition of row ``i``."""
        t = self._built[i]
        if t is None:
            t = object.__new__(Transition)
            values = (self.ons[i], self.olds[i], self.news[i], self.sources[i], self.shares[i],
                      self.verified[i] if self.verified is not None else True,
                      self.notes[i] if self.notes is not None else None)
            for setter, value in zip(_SLOTS, values, strict=True):
                setter(t, value)
            self._built[i] = t
        return t

    def all(self) -> tuple[Transition, ...]:
        """Every transition, in the order given."""
        return tuple(map(self.get, range(len(self.ons))))

    @staticmethod
    def _index(codes: list[str]) -> dict[str, list[int]]:
        out: dict[str, list[int]] = collections.defaultdict(list)
        collections.deque(map(list.append, map(out.__getitem__, codes),
                              itertools.count()), maxlen=0)
        return dict(out)

    def _rows(self, index: dict[str, list[int]], code: str, on: date | None) -> list[int]:
        rows = index.get(code, ())
        ons = self.ons
        if on is None:
            return sorted(rows, key=ons.__getitem__)
        return [i for i in rows if ons[i] == on]

    def out_of(self, code: str, on: date | None) -> tuple[Transition, ...]:
        """The transitions out of ``code`` on ``on`` (None: on any day, oldest first)."""
        if self._by_old is None:
            self._by_old = self._index(self.olds)
        return tuple(map(self.get, self._rows(self._by_old, code, on)))

    def into(self, code: str, on: date | None) -> tuple[Transition, ...]:
        """The transitions into ``code`` on ``on`` (None: on any day, oldest first)."""
        if self._by_new is None:
            self._by_new = self._index(self.news)
        return tuple(map(self.get, self._rows(self._by_new, code, on)))

    def dates(self) -> tuple[date, ...]:
        """The days on which transitions happened, in order."""
        if self._dates is None:
            self._dates = tuple(sorted(set(self.ons)))
        return self._dates

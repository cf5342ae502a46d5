"""Units kept as columns (a list per field), built into :class:`AdminUnit` objects one at a
time, when something asks for them.

A national list has over fifteen thousand units over time; a rollup needs their codes,
kinds, parents, names and validities, not fifteen thousand objects. Registries and
hierarchies keep these columns and build a unit (about a microsecond) when asked.
"""

from __future__ import annotations

import collections
import itertools
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from childprotect.units.model import _END, _START, AdminUnit, Validity

__all__: list[str] = []

#: Setters of AdminUnit's slots (the frozen class's own storage), in the order
#: :meth:`_UnitColumns.build` gives the values; every field must be here, so that a field
#: added to the class is not left unset.
_UNIT_FIELDS = ("code", "name_vi", "name_en", "kind", "source", "parent", "valid_from",
                "valid_to", "verified", "note", "validity")
if {a.name for a in attrs.fields(AdminUnit)} != set(_UNIT_FIELDS):  # pragma: no cover
    raise RuntimeError("the unit columns do not set every field of AdminUnit")
_UNIT_SLOTS: tuple[Any, ...] = tuple(getattr(AdminUnit, f).__set__ for f in _UNIT_FIELDS)


class _UnitColumns:
    """Units read and checked but not built yet: a list per field of :class:`AdminUnit`.

    ``verified`` and ``note`` are None when every unit is verified and has no note (a
    CSV list); otherwise a list each.
    """

    __slots__ = ("codes", "ens", "file", "kinds", "lines", "names", "notes", "parents",
                 "sources", "validities", "verified")

    def __init__(self) -> None:
        self.codes: list[str] = []
        self.names: list[str] = []
        self.ens: list[str] = []
        self.kinds: list[str] = []
        self.sources: list[str] = []
        self.parents: list[str | None] = []
        self.validities: list[Validity] = []
        self.verified: list[bool] | None = None
        self.notes: list[str | None] | None = None
        self.file: str | None = None  # the CSV file read, and the line of each unit in it
        self.lines: list[int] = []

    def place(self, i: int) -> object:
        """Where unit ``i`` was read, for an error: its file and line, or ``units[i]``."""
        if self.file is not None and i < len(self.lines):
            from childprotect.i18n import Message

            return Message("{file} line {line}", file=self.file, line=self.lines[i])
        return f"units[{i}]"

    @classmethod
    def of_units(cls, units: Sequence[AdminUnit]) -> _UnitColumns:
        """The columns of units built already."""
        cols = cls()
        cols.codes = [u.code for u in units]
        cols.names = [u.name_vi for u in units]
        cols.ens = [u.name_en for u in units]
        cols.kinds = [u.kind for u in units]
        cols.sources = [u.source for u in units]
        cols.parents = [u.parent for u in units]
        cols.validities = [u.validity for u in units]
        if not all(u.verified for u in units) or any(u.note is not None for u in units):
            cols.verified = [u.verified for u in units]
            cols.notes = [u.note for u in units]
        return cols

    def __len__(self) -> int:
        return len(self.codes)

    def build(self) -> list[AdminUnit]:
        """Every unit, built a field at a time: each slot's setter mapped over them."""
        count = len(self.codes)
        out: list[AdminUnit] = list(map(object.__new__, itertools.repeat(AdminUnit, count)))
        fields: tuple[Iterable[object], ...] = (
            self.codes, self.names, self.ens, self.kinds, self.sources, self.parents,
            list(map(_START, self.validities)), list(map(_END, self.validities)),
            self.verified if self.verified is not None else itertools.repeat(True, count),
            self.notes if self.notes is not None else itertools.repeat(None, count),
            self.validities)
        for setter, values in zip(_UNIT_SLOTS, fields, strict=True):
            collections.deque(map(setter, out, values), maxlen=0)
        return out

    def build_one(self, i: int) -> AdminUnit:
        """The unit of row ``i``."""
        v = self.validities[i]
        u: AdminUnit = object.__new__(AdminUnit)
        values = (self.codes[i], self.names[i], self.ens[i], self.kinds[i], self.sources[i],
                  self.parents[i], v.start, v.end,
                  self.verified[i] if self.verified is not None else True,
                  self.notes[i] if self.notes is not None else None, v)
        for setter, value in zip(_UNIT_SLOTS, values, strict=True):
            setter(u, value)
        return u

"""The succession table as data: the functions of the child-protection work, the legal
instruments of the reorganisation, and the steps by which each kind of agency passed
its functions on (data/succession.json), each with its source and status.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from functools import lru_cache

import attrs

from childprotect.agencies.functions import Function
from childprotect.agencies.registry import Registry, registry
from childprotect.data import Fields, build, read_json
from childprotect.errors import UnknownName, ValidationError
from childprotect.i18n import Message

__all__ = [
    "ANY",
    "Function",
    "FunctionLabel",
    "Instrument",
    "Status",
    "Step",
    "SuccessionTable",
    "TerritoryStep",
    "table",
    "table_of",
    "validate",
]


ANY = "*"


class Status(enum.Enum):
    """Whether the reference confirmed a step (``unverified``: inferred or not covered)."""

    VERIFIED = "verified"
    UNVERIFIED = "unverified"


@attrs.frozen
class FunctionLabel:
    """The Vietnamese and English label of a function."""

    id: Function
    label_vi: str
    label_en: str


@attrs.frozen
class Instrument:
    """A legal instrument a step rests on (``45/2025/NĐ-CP``), with where it was read.

    ``issued`` is the day it was signed or adopted, ``in_force`` the day it entered into
    force, and ``operative`` the day the change it makes took effect when that is later
    (Nghị quyết 202/2025/QH15: in force on adoption, 12/06/2025; the new provinces from
    01/07/2025). A date not read in a source is None, and the source says so.

    >>> i = table().instrument("202/2025/QH15")
    >>> i.in_force.isoformat(), i.operative.isoformat()
    ('2025-06-12', '2025-07-01')
    >>> table().instrument("MPS-two-level-police-2025").issued is None
    True
    """

    id: str
    kind_vi: str
    title_en: str
    source: str
    issued: dt.date | None = None
    in_force: dt.date | None = None
    operative: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        if self.issued and self.in_force and self.in_force < self.issued:
            raise ValidationError(Message(
                "instrument {id}: in force {in_force} before it was issued ({issued})",
                id=self.id, in_force=self.in_force.isoformat(), issued=self.issued.isoformat()))
        if self.operative and self.in_force and self.operative < self.in_force:
            raise ValidationError(Message(
                "instrument {id}: operative {operative} before it entered into force "
                "({in_force})", id=self.id, operative=self.operative.isoformat(),
                in_force=self.in_force.isoformat()))

    @property
    def effective(self) -> dt.date | None:
        """The day it entered into force (``in_force``; kept for earlier callers)."""
        return self.in_force


def _functions(_inst: object, attribute: attrs.Attribute[tuple[str, ...]],
               value: tuple[str, ...]) -> None:
    allowed = {f.value for f in Function} | {ANY}
    bad = [v for v in value if v not in allowed]
    if bad or not value:
        raise ValidationError(
            Message("{field}: {value} — expected function ids {allowed}", field=attribute.name,
                    value=repr(bad or value), allowed=sorted(allowed))
        )


@attrs.frozen
class Step:
    """On ``effective``, the listed functions of kind ``old`` pass to kind(s) ``new``.

    ``alternative``: the power went to *one* of ``new`` depending on how it was
    reassigned (e.g. district offices → the commune or the province), not to all.
    ``places``: when given, the step applies only to agencies of these places, and for
    them it replaces the steps without places that move the same functions (Huế's press
    duties went to its Sở Văn hóa và Thể thao, elsewhere to the Sở VHTTDL).
    """

    id: str
    old: str
    functions: tuple[str, ...] = attrs.field(validator=_functions)
    new: tuple[str, ...]
    effective: dt.date
    instruments: tuple[str, ...]
    status: Status
    note: str
    alternative: bool = False
    places: tuple[str, ...] = ()

    def moves(self, function: Function | None) -> bool:
        """Whether this step names ``function`` explicitly."""
        return function is not None and function.value in self.functions


@attrs.frozen
class TerritoryStep:
    """On ``effective``, agencies of place ``old`` become agencies of place(s) ``new``."""

    id: str
    old: str
    new: tuple[str, ...]
    effective: dt.date
    instruments: tuple[str, ...]
    status: Status
    note: str
    alternative: bool = False


@attrs.frozen
class SuccessionTable:
    """Every dated step, with the instruments they cite (``data/succession.json``)."""

    functions: tuple[FunctionLabel, ...]
    instruments: tuple[Instrument, ...]
    steps: tuple[Step, ...]
    territory: tuple[TerritoryStep, ...] = ()
    about: str = ""

    def __attrs_post_init__(self) -> None:
        ids = [s.id for s in self.steps] + [t.id for t in self.territory]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValidationError(Message("duplicate step id(s) {dup}", dup=dup))
        known = {i.id for i in self.instruments}
        for s in self._all():
            missing = [i for i in s.instruments if i not in known]
            if missing:
                raise ValidationError(Message("step {id}: unknown instrument(s) {missing}",
                                              id=repr(s.id), missing=missing))
        labelled = {f.id for f in self.functions}
        unlabelled = [f.value for f in Function if f not in labelled]
        if unlabelled:
            raise ValidationError(Message("functions without a label: {unlabelled}",
                                          unlabelled=unlabelled))

    def _all(self) -> tuple[Step | TerritoryStep, ...]:
        return (*self.steps, *self.territory)

    def function_word(self, function: str, lang: str) -> str:
        """A function for people: its Vietnamese label for ``vi``; its id otherwise (the
        ids are English words: ``child-labour``).

        >>> table().function_word("child-labour", "vi")
        'Phòng ngừa, giảm thiểu lao động trẻ em'
        """
        if lang == "vi":
            for f in self.functions:
                if f.id.value == function:
                    return f.label_vi
        return function

    def step(self, step_id: str) -> Step | TerritoryStep:
        """The step with this id."""
        for s in self._all():
            if s.id == step_id:
                return s
        raise UnknownName("succession step", step_id, [s.id for s in self.steps][:5])

    def instrument(self, instrument_id: str) -> Instrument:
        """The instrument with this id (``190/2025/QH15``)."""
        for i in self.instruments:
            if i.id == instrument_id:
                return i
        raise UnknownName("legal instrument", instrument_id, [i.id for i in self.instruments][:5])

    def override(self, step_id: str, *, new: Iterable[str] | None = None,
                 status: Status | None = None) -> SuccessionTable:
        """A copy of the table with one step's successors (and/or status) replaced.

        Use it where your province decided what the reference leaves unverified.
        An overridden step keeps its status unless ``status`` is given.
        """
        target = self.step(step_id)
        changed = attrs.evolve(
            target,
            new=tuple(new) if new is not None else target.new,
            status=status if status is not None else target.status,
        )
        if isinstance(changed, Step):
            steps = tuple(changed if s.id == step_id else s for s in self.steps)
            return attrs.evolve(self, steps=steps)
        terr = tuple(changed if t.id == step_id else t for t in self.territory)
        return attrs.evolve(self, territory=terr)

    def with_overrides(self, overrides: Mapping[str, Iterable[str]]) -> SuccessionTable:
        """A copy with several steps' successors replaced: ``{step_id: [kind ids]}``."""
        out = self
        for step_id, new in overrides.items():
            out = out.override(step_id, new=new)
        return out


def table_of(value: object, source: str = "<succession>") -> SuccessionTable:
    """A succession table from plain data in the form of ``data/succession.json``."""

    def step(f: Fields) -> Step:
        return Step(id=f.text("id"), old=f.text("old"), functions=f.texts("functions"),
                    new=f.texts("new"), effective=f.date("effective"),
                    instruments=f.texts("instruments"), status=f.choice("status", Status),
                    note=f.text("note"), alternative=f.flag("alternative", False),
                    places=f.texts("places"))

    def territory(f: Fields) -> TerritoryStep:
        return TerritoryStep(id=f.text("id"), old=f.text("old"), new=f.texts("new"),
                             effective=f.date("effective"),
                             instruments=f.texts("instruments"),
                             status=f.choice("status", Status), note=f.text("note"),
                             alternative=f.flag("alternative", False))

    return build(value, source, lambda f: SuccessionTable(
        functions=f.objects("functions", lambda g: FunctionLabel(
            id=g.choice("id", Function), label_vi=g.text("label_vi"),
            label_en=g.text("label_en"))),
        instruments=f.objects("instruments", lambda g: Instrument(
            id=g.text("id"), kind_vi=g.text("kind_vi"), title_en=g.text("title_en"),
            source=g.text("source"), issued=g.date("issued", optional=True),
            in_force=g.date("in_force", optional=True),
            operative=g.date("operative", optional=True))),
        steps=f.objects("steps", step),
        territory=f.objects("territory", territory),
        about=f.text("about", ""),
    ))


@lru_cache(maxsize=1)
def table() -> SuccessionTable:
    """The bundled succession table, read once on first use."""
    return table_of(read_json("succession.json"), "data/succession.json")


def validate(tbl: SuccessionTable, reg: Registry | None = None) -> list[str]:
    """Problems between a table and the agency registry (unknown kinds or places).

    >>> validate(table())
    []
    """
    reg = reg or registry()
    problems: list[str] = []
    for s in tbl.steps:
        for k in (s.old, *s.new):
            if not reg.has_kind(k):
                problems.append(Message("step {id}: unknown agency kind {k}", id=repr(s.id),
                                        k=repr(k)).text())
        for p in s.places:
            if not reg.has_place(p):
                problems.append(Message(
                    "step {id}: unknown place {p}", id=repr(s.id), p=repr(p)).text())
    for t in tbl.territory:
        for p in (t.old, *t.new):
            if not reg.has_place(p):
                problems.append(Message("territory step {id}: unknown place {p}", id=repr(t.id),
                                        p=repr(p)).text())
    return problems

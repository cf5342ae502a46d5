"""Who holds a duty today: the 2025 reorganisation as dated legal steps.

Since 2025 the agency a 2018-2021 plan named may no longer exist. Resolution
190/2025/QH15 reads an agency's name in an existing document as the agency that
received the *function*, so a duty is followed by its function, not by the name
alone: a DOLISA (Sở LĐTBXH) duty about children went to Sở Y tế on 1 March 2025,
its labour duties to Sở Nội vụ. The steps, their dates and legal sources live in
``data/succession.json``; places change too (Thừa Thiên Huế became Thành phố Huế on
1 January 2025, Bắc Kạn joined Thái Nguyên on 1 July 2025).

>>> import datetime as dt
>>> from childprotect.agencies.registry import Agency
>>> h = who_holds(Duty(Agency("so-ldtbxh", "thua-thien-hue"), Function.CHILDREN),
...               on=dt.date(2026, 11, 23))
>>> [a.name_vi for a in h.holders]
['Sở Y tế thành phố Huế']
>>> [link.step for link in h.chain]
['hue-city', 'dolisa-children']
>>> h.unverified
False

A step the reference marks UNVERIFIED is data a user can override; the answer says so:

>>> h = who_holds(Duty(Agency("so-ldtbxh", "bac-kan"), Function.CHILD_LABOUR),
...               on=dt.date(2026, 11, 23))
>>> [a.name_vi for a in h.holders], h.unverified_steps
(['Sở Nội vụ tỉnh Thái Nguyên'], ('dolisa-child-labour',))
>>> mine = table().override("dolisa-child-labour", new=("so-y-te",))
>>> [a.kind for a in who_holds(h.duty, on=dt.date(2026, 11, 23), table=mine).holders]
['so-y-te']
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from functools import lru_cache

import attrs

from childprotect.agencies.registry import Agency, Registry, agency_name, registry
from childprotect.data import Fields, build, read_json
from childprotect.documents.document import AdminLevel
from childprotect.errors import UnknownName, ValidationError
from childprotect.i18n import Message

__all__ = [
    "ANY",
    "Duty",
    "Function",
    "FunctionLabel",
    "Holding",
    "Instrument",
    "Link",
    "Status",
    "Step",
    "Succession",
    "SuccessionTable",
    "Successor",
    "TerritoryStep",
    "successors",
    "table",
    "table_of",
    "validate",
    "who_holds",
]

#: In a step's ``functions``: every function of the old agency that no other step moves.
ANY = "*"


class Function(enum.Enum):
    """What a duty is about; decides which successor of a split agency holds it."""

    CHILDREN = "children"
    SOCIAL_PROTECTION = "social-protection"
    SOCIAL_EVILS = "social-evils"
    CHILD_LABOUR = "child-labour"
    LABOUR = "labour"
    GENDER_EQUALITY = "gender-equality"
    VOCATIONAL_EDUCATION = "vocational-education"
    POVERTY_REDUCTION = "poverty-reduction"
    DRUG_REHABILITATION = "drug-rehabilitation"
    PRESS_PUBLISHING = "press-publishing"
    INFORMATION_TECHNOLOGY = "information-technology"


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
            f"{attribute.name}: {bad or value!r} — expected function ids {sorted(allowed)}"
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
            raise ValidationError(f"duplicate step id(s) {dup}")
        known = {i.id for i in self.instruments}
        for s in self._all():
            missing = [i for i in s.instruments if i not in known]
            if missing:
                raise ValidationError(f"step {s.id!r}: unknown instrument(s) {missing}")
        labelled = {f.id for f in self.functions}
        unlabelled = [f.value for f in Function if f not in labelled]
        if unlabelled:
            raise ValidationError(f"functions without a label: {unlabelled}")

    def _all(self) -> tuple[Step | TerritoryStep, ...]:
        return (*self.steps, *self.territory)

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
                problems.append(f"step {s.id!r}: unknown agency kind {k!r}")
        for p in s.places:
            if not reg.has_place(p):
                problems.append(f"step {s.id!r}: unknown place {p!r}")
    for t in tbl.territory:
        for p in (t.old, *t.new):
            if not reg.has_place(p):
                problems.append(f"territory step {t.id!r}: unknown place {p!r}")
    return problems


@attrs.frozen(order=True)
class Duty:
    """A duty as a plan gave it: the agency named and, where it matters, the function."""

    agency: Agency
    function: Function | None = None


@attrs.frozen
class Link:
    """One legal step applied while following a duty: who it moved, to whom, and why."""

    step: str
    effective: dt.date
    old: Agency
    new: tuple[Agency, ...]
    instruments: tuple[str, ...]
    status: Status
    note: str
    alternative: bool = False

    def describe(self) -> str:
        """One line: date, from → to, instruments, and UNVERIFIED where so."""
        joiner = " or " if self.alternative else " and "
        to = joiner.join(agency_name(a) for a in self.new)
        flag = " [UNVERIFIED]" if self.status is Status.UNVERIFIED else ""
        return (f"{self.effective.isoformat()}: {agency_name(self.old)} → {to} "
                f"({'; '.join(self.instruments)}){flag}")


@attrs.frozen
class Holding:
    """Who holds a duty on a date, and the chain of legal steps that led there.

    ``alternative``: the holders are alternatives (the power went to one of them);
    ``ambiguous``: the duty's function was not given (or no step names it) and the
    agency named was split, so every successor is listed.
    """

    duty: Duty
    on: dt.date
    holders: tuple[Agency, ...]
    chain: tuple[Link, ...] = ()
    alternative: bool = False
    ambiguous: bool = False

    @property
    def changed(self) -> bool:
        """Whether the holder differs from the agency the plan named."""
        return self.holders != (self.duty.agency,)

    @property
    def unverified_steps(self) -> tuple[str, ...]:
        """The ids of the unverified steps the answer rests on."""
        return tuple(link.step for link in self.chain if link.status is Status.UNVERIFIED)

    @property
    def unverified(self) -> bool:
        """True when the answer rests on at least one unverified step."""
        return bool(self.unverified_steps)

    def explain(self) -> str:
        """The answer and its chain as text; when the agency was split and the duty's
        function is not given, which successor took which of its functions."""
        joiner = " or " if self.alternative else ", "
        head = (f"{agency_name(self.duty.agency)}"
                f"{f' [{self.duty.function.value}]' if self.duty.function else ''}"
                f" on {self.on.isoformat()}: {joiner.join(agency_name(a) for a in self.holders)}")
        lines = [head]
        lines += [f"  {link.describe()}" for link in self.chain]
        if self.ambiguous:
            lines.append("  the duty's function is not given and the agency was split: "
                         "every successor is listed")
            lines += ["    " + part.describe()
                      for part in successors(self.duty.agency, self.on).parts]
        if self.unverified:
            lines.append(f"  rests on unverified step(s): {', '.join(self.unverified_steps)}")
        return "\n".join(lines)


def _kind_steps(tbl: SuccessionTable, kind_id: str, on: dt.date,
                place: str | None = None) -> list[Step]:
    steps = [s for s in tbl.steps if s.old == kind_id and s.effective == on]
    local = [s for s in steps if place is not None and place in s.places]
    moved = {f for s in local for f in s.functions}
    return local + [s for s in steps if not s.places and not moved & set(s.functions)]


def _select(steps: list[Step], function: Function | None) -> tuple[list[Step], bool]:
    """The steps that move ``function``; (all of them, True) when it cannot be told."""
    if not steps:
        return [], False
    explicit = [s for s in steps if s.moves(function)]
    if explicit:
        return explicit, False
    catch_all = [s for s in steps if ANY in s.functions]
    if function is not None and catch_all:
        return catch_all, False
    # No function given, or one no step names: unambiguous only if one step moves everything.
    if len(steps) == 1 and catch_all:
        return catch_all, False
    return steps, True


def _place_for(reg: Registry, tbl: SuccessionTable, kind_id: str, place_id: str | None,
               on: dt.date) -> list[str | None]:
    """Where an agency of ``kind_id`` sits after a step moved it from ``place_id``."""
    if place_id is None:
        return [None]
    level = reg.kind(kind_id).level
    if level is AdminLevel.NATIONAL:
        return [None]
    p = reg.place(place_id)
    if level is AdminLevel.PROVINCE and p.level is not AdminLevel.PROVINCE and p.parent:
        return [p.parent]
    return [place_id]


def _origin(tbl: SuccessionTable, function: Function, level: AdminLevel) -> Agency:
    reg = registry()
    kinds = sorted({s.old for s in tbl.steps
                    if s.moves(function) and reg.kind(s.old).level is level})
    if len(kinds) != 1:
        raise UnknownName(f"agency holding {function.value!r} at {level.value} level before "
                          "the reorganisation", function.value, kinds)
    return Agency(kinds[0])


def who_holds(duty_or_function: Duty | Function, on: dt.date, *,
              since: dt.date | None = None, place: str | None = None,
              level: AdminLevel = AdminLevel.PROVINCE,
              table: SuccessionTable | None = None) -> Holding:
    """Who holds a duty on ``on``, with the chain of legal steps that led there.

    ``duty_or_function``: a :class:`Duty` (the agency a plan named, and the duty's
    function), or a bare :class:`Function` — then the agency that held it before the
    reorganisation at ``level`` (and ``place``) is followed. Steps effective after
    ``since`` (default: all) and on or before ``on`` are applied in date order;
    territory steps of the same date are applied after the agency steps.

    >>> who_holds(Function.CHILDREN, on=dt.date(2026, 1, 1)).holders
    (Agency(kind='so-y-te', place=None),)
    >>> who_holds(Function.CHILDREN, on=dt.date(2024, 1, 1)).holders
    (Agency(kind='so-ldtbxh', place=None),)
    """
    tbl = table if table is not None else globals()["table"]()
    reg = registry()
    if isinstance(duty_or_function, Function):
        origin = _origin(tbl, duty_or_function, level)
        duty = Duty(Agency(origin.kind, place), duty_or_function)
    else:
        duty = duty_or_function
    dates = sorted({s.effective for s in (*tbl.steps, *tbl.territory)
                    if s.effective <= on and (since is None or s.effective > since)})
    current: list[Agency] = [duty.agency]
    chain: list[Link] = []
    alternative = ambiguous = False
    for day in dates:
        moved: list[Agency] = []
        for ag in current:
            steps, unclear = _select(_kind_steps(tbl, ag.kind, day, ag.place), duty.function)
            if not steps:
                moved.append(ag)
                continue
            ambiguous = ambiguous or unclear
            for s in steps:
                new = [Agency(k, p) for k in s.new for p in _place_for(reg, tbl, k, ag.place, day)]
                chain.append(Link(s.id, day, ag, tuple(new), s.instruments, s.status, s.note,
                                  s.alternative))
                alternative = alternative or s.alternative
                moved.extend(new)
        current = _unique(moved)
        moved = []
        for ag in current:
            terr = [t for t in tbl.territory if t.old == ag.place and t.effective == day]
            if not terr:
                moved.append(ag)
                continue
            for t in terr:
                new = [Agency(ag.kind, p) for p in t.new]
                chain.append(Link(t.id, day, ag, tuple(new), t.instruments, t.status, t.note,
                                  t.alternative))
                alternative = alternative or t.alternative
                moved.extend(new)
        current = _unique(moved)
    return Holding(duty, on, tuple(current), tuple(chain), alternative, ambiguous)


@attrs.frozen
class Successor:
    """Which of an agency's functions one set of holders took (``*``: all the others);
    ``unverified``: the answer for some of them rests on an unverified step."""

    functions: tuple[str, ...]
    holding: Holding
    unverified: bool = False

    def describe(self, lang: str | None = None) -> str:
        """``children, social-protection → Sở Y tế thành phố Huế``."""
        joiner = Message(" or ").text(lang) if self.holding.alternative else ", "
        fns = Message("all its functions").text(lang) if self.functions == (ANY,) else ", ".join(
            Message("all its other functions").text(lang) if f == ANY else f
            for f in self.functions)
        flag = " [UNVERIFIED]" if self.unverified or self.holding.unverified else ""
        return f"{fns} → {joiner.join(agency_name(a) for a in self.holding.holders)}{flag}"


@attrs.frozen
class Succession:
    """Who holds each of an agency's functions on a date (:func:`successors`)."""

    agency: Agency
    on: dt.date
    parts: tuple[Successor, ...]

    @property
    def abolished(self) -> bool:
        """Whether the agency's kind holds none of its functions any more on ``on``."""
        return all(a.kind != self.agency.kind for p in self.parts for a in p.holding.holders)

    @property
    def holders(self) -> tuple[Agency, ...]:
        """Every successor, once each."""
        return tuple(_unique([a for p in self.parts for a in p.holding.holders]))

    def explain(self, lang: str | None = None) -> str:
        """Whether the agency still exists on ``on``, and who took which of its functions."""
        name = agency_name(self.agency)
        if self.abolished:
            head = Message("{agency} no longer exists on {on}; its functions passed to:",
                           agency=name, on=self.on).text(lang)
        else:
            head = Message("{agency} on {on}:", agency=name, on=self.on).text(lang)
        return "\n".join([head, *(f"  {p.describe(lang)}" for p in self.parts)])


def successors(agency: Agency, on: dt.date, *, since: dt.date | None = None,
               table: SuccessionTable | None = None) -> Succession:
    """Who holds each function of ``agency`` on ``on``: for an abolished agency (Sở
    LĐTBXH, a district People's Committee, district police), its successors and which of
    its functions each took.

    >>> s = successors(Agency("so-ldtbxh", "thua-thien-hue"), dt.date(2026, 12, 3))
    >>> s.abolished
    True
    >>> print(s.parts[0].describe("en"))
    children, social-protection, social-evils → Sở Y tế thành phố Huế
    >>> [p.functions for p in s.parts][-1]
    ('drug-rehabilitation',)
    """
    tbl = table if table is not None else globals()["table"]()
    steps = [st for st in tbl.steps if st.old == agency.kind and st.effective <= on
             and (not st.places or agency.place in st.places)]
    named = list(dict.fromkeys(f for st in steps for f in st.functions if f != ANY))
    others = any(ANY in st.functions for st in steps) or not steps
    asked: list[tuple[str, Function | None]] = [(f, Function(f)) for f in named]
    if others:
        spare = next((f for f in Function if f.value not in named), None)
        asked.append((ANY, spare if steps else None))
    grouped: dict[tuple[Agency, ...], tuple[list[str], list[Holding]]] = {}
    for label, fn in asked:
        h = who_holds(Duty(agency, fn), on=on, since=since, table=tbl)
        fns, hs = grouped.setdefault(h.holders, ([], []))
        fns.append(label)
        hs.append(h)
    parts = tuple(Successor(tuple(fns), hs[0], any(x.unverified for x in hs))
                  for fns, hs in grouped.values())
    return Succession(agency, on, parts)


def _unique(agencies: list[Agency]) -> list[Agency]:
    seen: dict[Agency, None] = {}
    for a in agencies:
        seen.setdefault(a, None)
    return list(seen)

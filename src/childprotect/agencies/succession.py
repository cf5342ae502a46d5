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
['Sở Y tế (thành phố Huế)']
>>> [link.step for link in h.chain]
['hue-city', 'dolisa-children']
>>> h.unverified
False

A step the reference marks UNVERIFIED is data a user can override, and the answer
says it rests on it:

>>> h = who_holds(Duty(Agency("so-ldtbxh", "bac-kan"), Function.CHILD_LABOUR),
...               on=dt.date(2026, 11, 23))
>>> [a.name_vi for a in h.holders], h.unverified_steps
(['Sở Nội vụ (tỉnh Thái Nguyên)'], ('dolisa-child-labour',))
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
    "DOCS_BEGIN",
    "DOCS_END",
    "Duty",
    "Function",
    "FunctionLabel",
    "Holding",
    "Instrument",
    "Link",
    "Status",
    "Step",
    "SuccessionTable",
    "TerritoryStep",
    "docs_block",
    "markdown_table",
    "mermaid",
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
    """A legal instrument a step rests on (``45/2025/NĐ-CP``), with where it was read."""

    id: str
    kind_vi: str
    title_en: str
    issued: dt.date
    effective: dt.date
    source: str


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
            issued=g.date("issued"), effective=g.date("effective"), source=g.text("source"))),
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
        """The answer and its chain as text."""
        joiner = " or " if self.alternative else ", "
        head = (f"{agency_name(self.duty.agency)}"
                f"{f' [{self.duty.function.value}]' if self.duty.function else ''}"
                f" on {self.on.isoformat()}: {joiner.join(agency_name(a) for a in self.holders)}")
        lines = [head]
        lines += [f"  {link.describe()}" for link in self.chain]
        if self.ambiguous:
            lines.append("  the duty's function is not given and the agency was split: "
                         "every successor is listed")
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
    up = reg.parent(place_id)
    if level is AdminLevel.PROVINCE and p.level is not AdminLevel.PROVINCE and up:
        return [up]
    return [place_id]


def _origin(tbl: SuccessionTable, function: Function, level: AdminLevel) -> Agency:
    reg = registry()
    kinds = sorted({s.old for s in tbl.steps
                    if s.moves(function) and reg.kind(s.old).level is level})
    if len(kinds) != 1:
        raise UnknownName(f"agency holding {function.value!r} at {level.value} level before "
                          "the reorganisation", function.value, kinds)
    return Agency(kinds[0])


def who_holds(duty_or_function: Duty | Function | Agency | str, on: dt.date, *,
              since: dt.date | None = None, place: str | None = None,
              level: AdminLevel = AdminLevel.PROVINCE,
              table: SuccessionTable | None = None,
              function: Function | None = None) -> Holding:
    """Who holds a duty on ``on``, with the chain of legal steps that led there.

    ``duty_or_function``: a :class:`Duty` (the agency a plan named, and the duty's
    function); an agency, as an :class:`Agency` or a name the agency index knows
    (``"Sở LĐTBXH"``, ``"Sở Lao động - Thương binh và Xã hội tỉnh Bắc Kạn"``), with the
    duty's ``function`` when it matters (without it, every successor of a split agency
    is listed); or a bare :class:`Function` — then the agency that held it before the
    reorganisation at ``level`` (and ``place``) is followed. Steps effective after
    ``since`` (default: all) and on or before ``on`` are applied in date order;
    territory steps of the same date are applied after the agency steps.

    >>> who_holds(Function.CHILDREN, on=dt.date(2026, 1, 1)).holders
    (Agency(kind='so-y-te', place=None),)
    >>> who_holds(Function.CHILDREN, on=dt.date(2024, 1, 1)).holders
    (Agency(kind='so-ldtbxh', place=None),)
    >>> who_holds("Sở LĐTBXH", dt.date(2026, 1, 1), function=Function.CHILDREN).holders
    (Agency(kind='so-y-te', place=None),)
    """
    tbl = table if table is not None else globals()["table"]()
    reg = registry()
    if isinstance(duty_or_function, Function):
        origin = _origin(tbl, duty_or_function, level)
        duty = Duty(Agency(origin.kind, place), duty_or_function)
    elif isinstance(duty_or_function, Duty):
        duty = duty_or_function
    elif isinstance(duty_or_function, Agency):
        duty = Duty(duty_or_function, function)
    elif isinstance(duty_or_function, str):
        duty = Duty(reg.resolve(duty_or_function, place), function)
    else:
        raise ValidationError(Message(
            "who_holds: give a Duty, an Agency, an agency's name (such as \"Sở LĐTBXH\") "
            "or a Function, not {kind}", kind=type(duty_or_function).__name__))
    if not isinstance(on, dt.date):
        raise ValidationError(Message(
            "who_holds: the day must be a date (datetime.date(2026, 1, 1)), not {kind}",
            kind=type(on).__name__))
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


def _unique(agencies: list[Agency]) -> list[Agency]:
    seen: dict[Agency, None] = {}
    for a in agencies:
        seen.setdefault(a, None)
    return list(seen)


# --- documentation ----------------------------------------------------------------------------

def markdown_table(tbl: SuccessionTable | None = None) -> str:
    """The succession steps as a Markdown table (date, from, functions, to, sources, status).

    >>> print(markdown_table().splitlines()[0])
    | date | from | functions | to | legal sources | status |
    """
    tbl = tbl if tbl is not None else table()
    reg = registry()
    lines = ["| date | from | functions | to | legal sources | status |",
             "| --- | --- | --- | --- | --- | --- |"]
    for s in sorted(tbl.steps, key=lambda s: (s.effective, s.id)):
        to = (" or " if s.alternative else " and ").join(reg.kind(k).name_vi for k in s.new)
        fns = ", ".join("all others" if f == ANY else f for f in s.functions)
        where = f" (in {', '.join(reg.place_label(p) for p in s.places)})" if s.places else ""
        lines.append(f"| {s.effective.isoformat()} | {reg.kind(s.old).name_vi}{where} | {fns} | "
                     f"{to} | {'; '.join(s.instruments)} | {s.status.value} |")
    for t in sorted(tbl.territory, key=lambda t: (t.effective, t.id)):
        to = ", ".join(reg.place_label(p) for p in t.new)
        lines.append(f"| {t.effective.isoformat()} | {reg.place_label(t.old)} (place) | — | "
                     f"{to} | {'; '.join(t.instruments)} | {t.status.value} |")
    return "\n".join(lines)


def mermaid(tbl: SuccessionTable | None = None) -> str:
    """The agency steps as a Mermaid flowchart (dashed arrows: unverified steps).

    >>> mermaid().splitlines()[0]
    'flowchart LR'
    """
    tbl = tbl if tbl is not None else table()
    reg = registry()
    kinds = sorted({k for s in tbl.steps for k in (s.old, *s.new)})
    lines = ["flowchart LR"]
    for k in kinds:
        lines.append(f'  {k.replace("-", "_")}["{reg.kind(k).name_vi}"]')
    for s in sorted(tbl.steps, key=lambda s: (s.effective, s.id)):
        fns = ", ".join("all others" if f == ANY else f for f in s.functions)
        arrow = "-.->" if s.status is Status.UNVERIFIED else "-->"
        where = f" in {', '.join(s.places)}" if s.places else ""
        for k in s.new:
            lines.append(f'  {s.old.replace("-", "_")} {arrow}|"{s.effective.isoformat()}: '
                         f'{fns}{where}"| {k.replace("-", "_")}')
    return "\n".join(lines)


DOCS_BEGIN = "<!-- succession: generated from data/succession.json; do not edit by hand -->"
DOCS_END = "<!-- end of generated succession -->"


def docs_block(tbl: SuccessionTable | None = None) -> str:
    """The generated part of ``docs/agencies.md``: the table and the diagram."""
    return "\n".join([DOCS_BEGIN, "", markdown_table(tbl), "", "```mermaid", mermaid(tbl), "```",
                      "", DOCS_END])

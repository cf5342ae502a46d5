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

import attrs

from childprotect.agencies.registry import Agency, Registry, agency_name, registry
from childprotect.agencies.succession_table import (
    ANY,
    Function,
    FunctionLabel,
    Instrument,
    Status,
    Step,
    SuccessionTable,
    TerritoryStep,
    table,
    table_of,
    validate,
)
from childprotect.documents.levels import AdminLevel, level_name
from childprotect.errors import UnknownName, ValidationError
from childprotect.i18n import Message, current, render

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

    def describe(self, lang: str | None = None) -> str:
        """One line: date, from → to, instruments, and UNVERIFIED where so."""
        joiner = Message(" or ").text(lang) if self.alternative else Message(" and ").text(lang)
        to = joiner.join(agency_name(a) for a in self.new)
        flag = " " + Message("[UNVERIFIED]").text(lang) \
            if self.status is Status.UNVERIFIED else ""
        return (f"{render(self.effective, lang or current())}: {agency_name(self.old)} → {to} "
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

    def explain(self, lang: str | None = None) -> str:
        """The answer and its chain as text, in ``lang`` (the current language by default);
        when the agency was split and the duty's function is not given, which successor
        took which of its functions."""
        joiner = Message(" or ").text(lang) if self.alternative else ", "
        agency = agency_name(self.duty.agency) + (
            f" [{table().function_word(self.duty.function.value, lang or current())}]"
            if self.duty.function else "")
        lines = [Message("{agency} on {on}: {holders}", agency=agency, on=self.on,
                         holders=joiner.join(agency_name(a) for a in self.holders)).text(lang)]
        lines += [f"  {link.describe(lang)}" for link in self.chain]
        if self.ambiguous:
            lines.append("  " + Message("the duty's function is not given and the agency was "
                                        "split: every successor is listed").text(lang))
            lines += ["    " + part.describe(lang)
                      for part in successors(self.duty.agency, self.on).parts]
        if self.unverified:
            lines.append("  " + Message("rests on unverified step(s): {steps}",
                                        steps=", ".join(self.unverified_steps)).text(lang))
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
        raise UnknownName(Message("agency holding {function} at {level} level before the "
                                  "reorganisation", function=repr(function.value),
                                  level=level_name(level)), function.value, kinds)
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
        lang = lang or current()
        # (the Vietnamese labels hold commas of their own)
        fns = Message("all its functions").text(lang) if self.functions == (ANY,) else (
            "; " if lang == "vi" else ", ").join(
            Message("all its other functions").text(lang) if f == ANY else
            table().function_word(f, lang) for f in self.functions)
        flag = " " + Message("[UNVERIFIED]").text(lang) \
            if self.unverified or self.holding.unverified else ""
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

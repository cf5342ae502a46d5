"""A provincial plan against the national programmes it implements.

A provincial target says which national target it carries out in two ways: the plan's own
data (``"implements": ["ttg-23-2021#CT9.2030"]`` on the target), or the library's reading
of the bundled plans in ``data/implements.json`` (the bundled plans cite no national
target, so those links say ``corresponds``). :func:`verdict` compares the two targets
exactly; :func:`check` reports a provincial target weaker than the national one, years that
differ, and national targets of the plan's period with no provincial counterpart;
:func:`compare` lists them side by side.

A threshold target is the set of observed values that meet it: a half-line such as
``x < 4`` or ``x ≥ 97``. A provincial target is *weaker* than the national one when some
value meets the provincial target but not the national one, *stronger* when every value
meeting it also meets the national one (and not conversely), *equal* when both sets are
the same. Annual reductions compare their minimum yearly fall; ``eliminate`` is ``x = 0``.

>>> from childprotect.formats import catalog
>>> hue, nat = catalog.load("thua-thien-hue-208-2021"), catalog.load("ttg-23-2021")
>>> verdict(hue.target("CT4.1"), nat.target("CT5.1.2025"))  # "trên 95%" against 97%
<Verdict.WEAKER: 'weaker'>
>>> sorted({a.kind for a in check(hue, catalog.load)})
['national.no-counterpart', 'national.weaker', 'national.year-differs']
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from fractions import Fraction
from functools import lru_cache

import attrs

from childprotect.data import Fields, build, read_json
from childprotect.documents.anomalies import Anomaly, Severity
from childprotect.documents.document import AdminLevel, Period, level_name
from childprotect.errors import ChildProtectError, ValidationError
from childprotect.i18n import Message, Num
from childprotect.plans.indicators import Change, Comparator, Direction, Recurrence, national_ref
from childprotect.plans.plan import Plan
from childprotect.plans.targets import Target
from childprotect.tables.notebook import Displayable
from childprotect.text.validators import non_empty_text

__all__ = [
    "Comparison",
    "ComparisonRow",
    "Link",
    "Links",
    "Programme",
    "Relation",
    "Resolver",
    "Verdict",
    "bundled_links",
    "check",
    "compare",
    "half_line",
    "in_period",
    "links_of",
    "links_of_data",
    "require_national",
    "verdict",
]

#: Finds a plan by id (``catalog.load`` does): how the functions here reach national plans.
Resolver = Callable[[str], Plan]


class Verdict(enum.Enum):
    """How a provincial target compares with the national target it implements."""

    STRONGER = "stronger"
    EQUAL = "equal"
    WEAKER = "weaker"
    NOT_COMPARABLE = "not-comparable"

    def flipped(self) -> Verdict:
        """The verdict with the two targets exchanged."""
        return {Verdict.STRONGER: Verdict.WEAKER, Verdict.WEAKER: Verdict.STRONGER}.get(
            self, self)

    @property
    def word(self) -> Message:
        """The verdict in words, in the reader's language where it is shown (a CSV or JSON
        file keeps the code)."""
        return {Verdict.STRONGER: Message("stronger", context="verdict"),
                Verdict.EQUAL: Message("equal", context="verdict"),
                Verdict.WEAKER: Message("weaker", context="verdict"),
                Verdict.NOT_COMPARABLE: Message("not comparable", context="verdict")}[self]


class Relation(enum.Enum):
    """``implements``: the plan itself says so; ``corresponds``: the library's reading
    (the same indicator over an overlapping period, the plan citing no national target)."""

    IMPLEMENTS = "implements"
    CORRESPONDS = "corresponds"


@attrs.frozen
class Link:
    """A provincial target and the national target (``<plan id>#<target id>``) it carries
    out. ``stated`` is the verdict the data file records (recomputed by :func:`verdict`,
    and tested to agree), ``origin`` where the link comes from."""

    plan: str = attrs.field(validator=non_empty_text)
    target: str = attrs.field(validator=non_empty_text)
    national: str = attrs.field(validator=non_empty_text)
    relation: Relation
    origin: str
    note: str | None = None
    stated: Verdict | None = None
    stated_years: tuple[int | None, int | None] | None = None

    def __attrs_post_init__(self) -> None:
        national_ref(self.national)

    @property
    def national_plan(self) -> str:
        return national_ref(self.national)[0]

    @property
    def national_target(self) -> str:
        return national_ref(self.national)[1]


@attrs.frozen
class Programme:
    """A programme a bundled plan implements that is not linked target by target (it is
    not shipped, or has no targets), with the words of the plan that say so."""

    plan: str
    relation: str
    programme: str
    source: str
    note: str


@attrs.frozen
class Links:
    """The contents of ``data/implements.json``."""

    links: tuple[Link, ...]
    programmes: tuple[Programme, ...] = ()
    about: str | None = None


def links_of_data(value: object, source: str = "<implements>") -> Links:
    """Links from plain data in the form of ``data/implements.json``."""

    def years(f: Fields) -> tuple[int | None, int | None]:
        return f.optional_integer("plan"), f.optional_integer("national")

    def link(f: Fields) -> Link:
        return Link(plan=f.text("plan"), target=f.text("target"), national=f.text("national"),
                    relation=f.choice("relation", Relation), origin=source,
                    note=f.optional_text("note"), stated=f.optional_choice("verdict", Verdict),
                    stated_years=f.nested("years", years, optional=True))

    return build(value, source, lambda f: Links(
        links=f.objects("links", link),
        programmes=f.objects("programmes", lambda g: Programme(
            plan=g.text("plan"), relation=g.text("relation"), programme=g.text("programme"),
            source=g.text("source"), note=g.text("note"))),
        about=f.optional_text("about")))


@lru_cache(maxsize=1)
def bundled_links() -> Links:
    """The bundled links (``data/implements.json``), read once."""
    return links_of_data(read_json("implements.json"), "data/implements.json")


def links_of(plan: Plan, extra: Iterable[Link] = ()) -> tuple[Link, ...]:
    """Every link of ``plan``'s targets: its own ``implements``, the bundled links of a
    bundled plan of that id, and ``extra``; a pair given twice is listed once."""
    found: dict[tuple[str, str], Link] = {}
    for t in plan.targets:
        for ref in t.implements:
            found.setdefault((t.id, ref), Link(plan.id, t.id, ref, Relation.IMPLEMENTS,
                                               f"{plan.id}: targets[{t.id}].implements"))
    for k in (*bundled_links().links, *extra):
        if k.plan == plan.id:
            found.setdefault((k.target, k.national), k)
    return tuple(found.values())


# --- the comparison --------------------------------------------------------------------------

#: Comparators that are a half-line, and whether the line goes up (x ≥ / >) and is closed.
_UP_CLOSED = {Comparator.AT_LEAST: (True, True), Comparator.ABOVE: (True, False),
              Comparator.BELOW: (False, False), Comparator.AT_MOST: (False, True),
              Comparator.REDUCE_TO: (False, True)}


def half_line(t: Target) -> tuple[bool, bool, Fraction] | None:
    """(goes up, closed, bound) of a threshold target; None when it is not one.

    >>> from childprotect.formats import catalog
    >>> half_line(catalog.load("ttg-23-2021").target("CT9.2030"))  # dưới 4%
    (False, False, Fraction(4, 1))
    """
    c = t.comparator
    if t.value is None:
        return None
    if c in _UP_CLOSED:
        up, closed = _UP_CLOSED[c]
        return up, closed, Fraction(t.value)
    if c is Comparator.REACH and t.direction is not Direction.MAINTAIN:
        return t.direction is Direction.INCREASE, True, Fraction(t.value)
    if c is Comparator.MAINTAIN and t.indicator is not None \
            and t.indicator.higher_is_better is not None:
        return t.indicator.higher_is_better, True, Fraction(t.value)
    return None


def _inside(a: tuple[bool, bool, Fraction], b: tuple[bool, bool, Fraction]) -> bool:
    """Whether half-line ``a`` lies inside half-line ``b`` (same direction)."""
    up, a_closed, av = a
    _, b_closed, bv = b
    if av == bv:
        return b_closed or not a_closed
    return av > bv if up else av < bv


def verdict(provincial: Target, national: Target) -> Verdict:
    """Whether ``provincial`` is stronger, equal to, weaker than or not comparable with
    ``national``, exactly (Fractions, no rounding)."""
    pu, nu = provincial.unit, national.unit
    if pu is None or nu is None or pu is not nu:
        return Verdict.NOT_COMPARABLE
    pc, nc = provincial.comparator, national.comparator
    if pc is Comparator.ELIMINATE and nc is Comparator.ELIMINATE:
        return Verdict.EQUAL
    if pc is Comparator.ANNUAL_REDUCTION and nc is Comparator.ANNUAL_REDUCTION:
        if provincial.value is None or national.value is None \
                or provincial.change is not national.change:
            return Verdict.NOT_COMPARABLE
        p, n = Fraction(provincial.value), Fraction(national.value)
        return Verdict.EQUAL if p == n else Verdict.STRONGER if p > n else Verdict.WEAKER
    a, b = half_line(provincial), half_line(national)
    if a is None or b is None or a[0] is not b[0]:
        return Verdict.NOT_COMPARABLE
    inside, outside = _inside(a, b), _inside(b, a)
    if inside and outside:
        return Verdict.EQUAL
    return Verdict.STRONGER if inside else Verdict.WEAKER


def in_period(t: Target, period: Period) -> bool:
    """Whether a target applies in some year of ``period`` (a year-less target always does).

    >>> from childprotect.formats import catalog
    >>> nat = catalog.load("ttg-23-2021")
    >>> in_period(nat.target("CT9.2025"), Period(2021, 2025)), \\
    ...     in_period(nat.target("CT9.2030"), Period(2021, 2025))
    (True, False)
    """
    if t.recurrence in (Recurrence.ANNUAL, Recurrence.STANDING) and t.period is not None:
        end = t.period.end if t.period.end is not None else t.period.start
        return any(y in period for y in range(t.period.start, end + 1))
    return t.year is None or t.year in period


# --- rows side by side -----------------------------------------------------------------------


@attrs.frozen
class ComparisonRow:
    """One national target, one provincial target linked to it (None: no counterpart),
    their verdict, and whether the national target falls in the provincial plan's period."""

    national: Target
    provincial: Target | None
    link: Link | None
    verdict: Verdict | None
    in_period: bool

    @property
    def years_differ(self) -> bool:
        return self.provincial is not None and self.provincial.year != self.national.year


@attrs.frozen
class Comparison(Displayable):
    """A provincial plan's targets beside a national plan's, one row per national target
    and link (see :func:`compare`)."""

    plan: str
    national_plan: str
    rows: tuple[ComparisonRow, ...]

    def counts(self) -> dict[str, int]:
        """Rows by verdict, and national targets of the plan's period with no counterpart."""
        out = {v.value: sum(1 for r in self.rows if r.verdict is v) for v in Verdict}
        out["no-counterpart"] = sum(1 for r in self.rows if r.provincial is None and r.in_period)
        return out


def require_national(plan: Plan, argument: str = "national") -> None:
    """Refuse a plan that is not a national programme where one is wanted: a
    :class:`~childprotect.errors.ValidationError` naming ``argument`` and the plan's level.

    >>> from childprotect.formats import catalog
    >>> require_national(catalog.load("hong-ngu-2020"), "NATIONAL_PLAN")
    Traceback (most recent call last):
    ...
    childprotect.errors.ValidationError: NATIONAL_PLAN: hong-ngu-2020 is a plan of the \
district level (Ủy ban nhân dân huyện Hồng Ngự), not a national programme
    """
    issuer = plan.document.issuer
    if issuer.level is not AdminLevel.NATIONAL:
        raise ValidationError(Message(
            "{argument}: {plan} is a plan of the {level} level ({issuer}), not a national "
            "programme", argument=argument, plan=plan.id, level=level_name(issuer.level),
            issuer=issuer.name_vi))


def compare(plan: Plan, national: Plan, extra: Iterable[Link] = ()) -> Comparison:
    """``plan``'s targets beside those of ``national``: every national target in order, with
    each provincial target linked to it (:func:`links_of`) and their :func:`verdict`.
    ``national`` must be a national programme (:func:`require_national`); ``plan`` may be
    one only when some of its targets carry out targets of ``national``.

    >>> from childprotect.formats import catalog
    >>> c = compare(catalog.load("thua-thien-hue-208-2021"), catalog.load("ttg-23-2021"))
    >>> c.counts()["weaker"], c.counts()["no-counterpart"]
    (3, 8)
    """
    if (national.document.issuer.level is not AdminLevel.NATIONAL
            and plan.document.issuer.level is AdminLevel.NATIONAL):
        raise ValidationError(Message("the two plans are given in the wrong order: {plan} is "
                                      "the national programme, give it second", plan=plan.id))
    require_national(national)
    links = [k for k in links_of(plan, extra) if k.national_plan == national.id]
    if not links and plan.document.issuer.level is AdminLevel.NATIONAL:
        # (two programmes side by side, with nothing linking them, compare nothing)
        raise ValidationError(Message(
            "{plan} is a national programme too, and none of its targets carries out a target "
            "of {national}: compare a provincial or district plan with the national programme "
            "it carries out", plan=plan.id, national=national.id))
    mine = {t.id: t for t in plan.targets}
    rows: list[ComparisonRow] = []
    for nt in national.targets:
        inside = in_period(nt, plan.document.period)
        matched = [k for k in links if k.national_target == nt.id and k.target in mine]
        if not matched:
            rows.append(ComparisonRow(nt, None, None, None, inside))
        for k in matched:
            pt = mine[k.target]
            rows.append(ComparisonRow(nt, pt, k, verdict(pt, nt), inside))
    return Comparison(plan.id, national.id, tuple(rows))


# --- checks ----------------------------------------------------------------------------------


def check(plan: Plan, resolve: Resolver, extra: Iterable[Link] = ()) -> list[Anomaly]:
    """Anomalies between ``plan`` and the national targets it implements.

    ``resolve`` finds a national plan by id (``catalog.load``). Kinds:
    ``national.weaker`` (a provincial target weaker than the national one: an error when
    the plan says it implements it, a warning when the link is the library's reading),
    ``national.year-differs`` (a warning when the provincial year is later, else
    information), ``national.no-counterpart`` (a national target of the plan's period that
    no target of the plan carries out: a warning when the plan says it implements that
    programme, else information), ``national.not-comparable`` (information) and
    ``national.unknown-target`` (an ``implements`` naming no known plan or target: error).
    """
    out: list[Anomaly] = []
    mine = {t.id: t for t in plan.targets}
    nationals: dict[str, Plan] = {}
    declared: set[str] = set()
    linked: dict[str, set[str]] = {}
    for k in links_of(plan, extra):
        where = f"targets[{k.target}]"
        pt = mine.get(k.target)
        nat = _resolve(k.national_plan, resolve, nationals)
        nt = _target(nat, k.national_target) if nat is not None else None
        if pt is None or nt is None or nat is None:
            missing = k.target if pt is None else k.national
            out.append(Anomaly("national.unknown-target", where, k.national, Message(
                "the link {target} → {national} names a target that does not exist: {missing}",
                target=k.target, national=k.national, missing=missing), Severity.ERROR))
            continue
        linked.setdefault(nat.id, set()).add(nt.id)
        if k.relation is Relation.IMPLEMENTS:
            declared.add(nat.id)
        out.extend(_link_anomalies(k, pt, nt, where))
    for nat_id, done in sorted(linked.items()):
        nat = nationals[nat_id]
        severity = Severity.WARNING if nat_id in declared else Severity.INFO
        for nt in nat.targets:
            if nt.id in done or not in_period(nt, plan.document.period):
                continue
            out.append(Anomaly(
                "national.no-counterpart", f"national[{nat_id}#{nt.id}]", nt.text_vi,
                Message("the national target {national} falls in the plan's period "
                            "{period}, but no target of the plan carries it out",
                            national=f"{nat_id}#{nt.id}", period=str(plan.document.period)),
                severity))
    return out


def _resolve(plan_id: str, resolve: Resolver, cache: dict[str, Plan]) -> Plan | None:
    if plan_id not in cache:
        try:
            cache[plan_id] = resolve(plan_id)
        except ChildProtectError:
            return None
    return cache[plan_id]


def _target(plan: Plan, target_id: str) -> Target | None:
    return next((t for t in plan.targets if t.id == target_id), None)


def _link_anomalies(k: Link, pt: Target, nt: Target, where: str) -> list[Anomaly]:
    out: list[Anomaly] = []
    v = verdict(pt, nt)
    said = (Message("the plan says it implements it") if k.relation is Relation.IMPLEMENTS
            else Message("the link is the library's reading: the plan cites no national target"))
    if v is Verdict.WEAKER:
        out.append(Anomaly("national.weaker", where, pt.text_vi, Message(
            "target {target} ({provincial}) is weaker than the national target {national} "
            "({wanted}) it carries out: a value can meet it and miss the national one; {said}",
            target=k.target, provincial=_level_text(pt), national=k.national,
            wanted=_level_text(nt), said=said),
            Severity.ERROR if k.relation is Relation.IMPLEMENTS else Severity.WARNING))
    elif v is Verdict.NOT_COMPARABLE:
        out.append(Anomaly("national.not-comparable", where, pt.text_vi, Message(
            "target {target} cannot be compared with the national target {national}: they are "
            "not thresholds of the same unit and direction", target=k.target,
            national=k.national), Severity.INFO))
    if pt.year != nt.year:
        later = nt.year is not None and (pt.year is None or pt.year > nt.year)
        out.append(Anomaly("national.year-differs", where, pt.text_vi, Message(
            "target {target} is set for {year}, the national target {national} for {national_year}",
            target=k.target, year=_year_text(pt), national=k.national,
            national_year=_year_text(nt)), Severity.WARNING if later else Severity.INFO))
    return out


def _level_text(t: Target) -> Message:
    """The values a target accepts, as signs: ``> 95%``, ``≤ 8‰``, ``2–3% a year``."""
    unit = t.unit.symbol if t.unit is not None else ""
    if t.comparator is Comparator.ANNUAL_REDUCTION and t.value is not None:
        return Message("a fall of {value}{unit} a year", value=Num(t.value),
                       unit="%" if t.change is Change.RELATIVE else unit)
    line = half_line(t)
    if line is None:
        return Message("{comparator} {value}", comparator=t.comparator.value,
                       value="" if t.value is None else Num(t.value))
    up, closed, _ = line
    sign = ("≥" if closed else ">") if up else ("≤" if closed else "<")
    assert t.value is not None
    return Message("{sign} {value}{unit}", sign=sign, value=Num(t.value), unit=unit)


def _year_text(t: Target) -> Message:
    if t.year is not None:
        return Message("year {year}", year=str(t.year))
    if t.period is not None:
        return Message("every year of {period}", period=str(t.period))
    return Message("no year")

"""Responsibility matrices: which agency leads, coordinates, guides or implements each item.

Every plan ends with "Tổ chức thực hiện": who *chủ trì* (leads), *phối hợp*
(coordinates), *hướng dẫn / theo dõi, đôn đốc* (guides), who is listed as *đơn vị
thực hiện* (implements), and which mass organisations are *đề nghị* (requested). An
:class:`Assignment` is one agency's role on one plan item: a target (``CT7``, ``a``,
``T3``; ``CT3`` covers ``CT3.1``, ``CT3.2`` …), a section (``II.3``) or a criterion
(``TC4``). The verb the text uses is kept: leading and guiding are different roles.

>>> from childprotect.formats import catalog
>>> hue = catalog.load("thua-thien-hue-208-2021")
>>> [(a.agency, a.role.value) for a in agencies_of(hue, "CT16")]
[('so-y-te', 'coordinate'), ('so-gddt', 'guide')]
>>> sorted(a.item for a in hue.matrix if a.agency == "so-ldtbxh" and a.role is Role.LEAD
...        and a.item.startswith("CT"))
['CT1', 'CT10', 'CT18', 'CT6', 'CT8']

Resolved to a date, the child-protection targets are held by Sở Y tế:

>>> import datetime as dt
>>> [(r.assignment.item, [h.kind for h in r.holding.holders])
...  for r in resolve_matrix(hue, on=dt.date(2026, 11, 23)) if r.assignment.item == "CT6"]
[('CT6', ['so-y-te'])]
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Protocol

import attrs

from childprotect._lazy import exports
from childprotect.agencies.functions import Function
from childprotect.documents.anomalies import Anomaly, Severity
from childprotect.documents.document import AdminLevel, Document
from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.text.validators import non_empty_text
from childprotect.text.vntext import nfc

if TYPE_CHECKING:
    # Imported where used: reading a plan needs neither the registry nor the succession
    # table, and loading them would double the cost of a first ``load_plan``.
    from childprotect.agencies.registry import Agency, Registry
    from childprotect.agencies.succession import Holding


class _Item(Protocol):
    @property
    def id(self) -> str: ...


class _Target(_Item, Protocol):
    @property
    def text_vi(self) -> str: ...


class _Section(_Item, Protocol):
    @property
    def title_vi(self) -> str: ...


class Plan(Protocol):
    """What the functions here read of a plan (:class:`childprotect.plans.Plan` has it):
    its document, its matrix, and the ids and texts of its targets and sections."""

    @property
    def document(self) -> Document: ...

    @property
    def matrix(self) -> Sequence[Assignment]: ...

    @property
    def targets(self) -> Sequence[_Target]: ...

    @property
    def sections(self) -> Sequence[_Section]: ...

__all__ = [
    "Assignment",
    "ItemKind",
    "ResolvedAssignment",
    "Role",
    "agencies_of",
    "agency_at",
    "agency_of",
    "check",
    "covers",
    "duties",
    "item_kind",
    "leads",
    "resolve_matrix",
    "role_word",
]


class Role(enum.Enum):
    """An agency's role on an item, as the plan's verb says it."""

    LEAD = "lead"  # chủ trì
    COORDINATE = "coordinate"  # phối hợp
    GUIDE = "guide"  # hướng dẫn; theo dõi, đôn đốc
    IMPLEMENT = "implement"  # đơn vị thực hiện; tasks given without a verb of leading
    REQUESTED = "requested"  # đề nghị … (mass organisations: asked, not ordered)
    PROPOSE = "propose"  # tham mưu, đề xuất, trình (prepares and submits for a decision)

    @property
    def letter(self) -> str:
        """One letter for table cells: L, C, G, I, R, P."""
        return self.value[0].upper()


def role_word(role: Role) -> Message:
    """The role as the plans write it, in either language (``chủ trì``, ``lead``)."""
    return {Role.LEAD: Message("lead", context="role"),
            Role.COORDINATE: Message("coordinate", context="role"),
            Role.GUIDE: Message("guide", context="role"),
            Role.IMPLEMENT: Message("implement", context="role"),
            Role.REQUESTED: Message("requested", context="role"),
            Role.PROPOSE: Message("propose", context="role")}[role]


class ItemKind(enum.Enum):
    """What a matrix item is."""

    TARGET = "target"
    SECTION = "section"
    CRITERION = "criterion"


_TARGET = re.compile(r"(?:CT[0-9]+|T[0-9]+|[a-eđ])(?:\.[0-9]+)*")
_SECTION = re.compile(r"[IVX]+(?:\.[0-9]+[a-zđ]?)*|Điều [0-9]+|Phụ lục(?: [IVX0-9]+)?")
_CRITERION = re.compile(r"TC[0-9]+")


def item_kind(item: str) -> ItemKind:
    """The kind of an item id.

    >>> item_kind("CT3.1"), item_kind("II.3"), item_kind("TC13"), item_kind("đ")
    (<ItemKind.TARGET: 'target'>, <ItemKind.SECTION: 'section'>, \
<ItemKind.CRITERION: 'criterion'>, <ItemKind.TARGET: 'target'>)
    """
    if _CRITERION.fullmatch(item):
        return ItemKind.CRITERION
    if _TARGET.fullmatch(item):
        return ItemKind.TARGET
    if _SECTION.fullmatch(item):
        return ItemKind.SECTION
    raise ValidationError(
        Message("item: {item} is not a target (CT7, CT3.1, a, T2), section (II.3, Điều 1) or "
                "criterion (TC4) id", item=repr(item))
    )


def _item(_inst: object, _attribute: attrs.Attribute[str], value: str) -> None:
    item_kind(value)


def covers(item: str, other: str) -> bool:
    """Whether matrix item ``item`` covers ``other`` (``CT3`` covers ``CT3.2``; ``II`` ``II.1``).

    >>> covers("CT3", "CT3.2"), covers("CT3", "CT31"), covers("CT3.2", "CT3")
    (True, False, False)
    """
    return other == item or other.startswith(item + ".")


@attrs.frozen(order=True)
class Assignment:
    """One agency's role on one plan item, as the plan states it.

    ``agency`` is the agency kind id (``so-ldtbxh``, see :mod:`childprotect.agencies.registry`),
    ``agency_vi`` the name exactly as the text writes it, ``where`` the section that
    says so, ``verb_vi`` the verb it uses, and ``function`` what the duty is about when
    the agency was later split (see :mod:`childprotect.agencies.succession`).
    """

    agency: str = attrs.field(validator=non_empty_text)
    role: Role = attrs.field(order=lambda r: r.value)
    item: str = attrs.field(validator=_item)
    agency_vi: str = attrs.field(converter=nfc, validator=non_empty_text)
    where: str = attrs.field(validator=non_empty_text)
    verb_vi: str = attrs.field(converter=nfc, validator=non_empty_text)
    function: Function | None = attrs.field(default=None,
                                           order=lambda f: "" if f is None else f.value)
    note: str | None = None


@attrs.frozen
class ResolvedAssignment:
    """An assignment with who holds it on a date."""

    assignment: Assignment
    agency: Agency
    holding: Holding

    def __attrs_post_init__(self) -> None:
        _bind_field_types()


#: The classes of :class:`ResolvedAssignment`'s fields, by the module of this package
#: they live in: imported on first use, so that reading a plan does not load them.
_ON_USE = {"Agency": "registry", "Registry": "registry", "Holding": "succession"}
_load_on_use, _names_on_use = exports(__name__, _ON_USE, under="childprotect.agencies")
if not TYPE_CHECKING:  # (for a type checker the names are the imports above)
    # ``from childprotect.agencies.matrix import Agency`` and ``dir()`` see them too
    __getattr__, __dir__ = _load_on_use, _names_on_use


@functools.cache
def _bind_field_types() -> None:
    """Put the classes of :class:`ResolvedAssignment`'s fields in this module's namespace,
    so that its annotations resolve: ``unstructure``, ``attrs.resolve_types``,
    ``get_type_hints`` (which read the namespace without asking ``__getattr__``)."""
    for name in _ON_USE:
        _load_on_use(name)


def agency_of(plan: Plan, assignment: Assignment) -> Agency:
    """The concrete agency an assignment names: its kind at the plan's place.

    A provincial kind named in a district plan is the province's; a central one has no
    place.
    """
    return agency_at(plan, assignment.agency)


def agency_at(plan: Plan, kind_id: str) -> Agency:
    """An agency kind at the plan's place (see :func:`agency_of`).

    >>> from childprotect.formats import catalog
    >>> agency_at(catalog.load("hong-ngu-2020"), "so-ldtbxh")
    Agency(kind='so-ldtbxh', place='dong-thap')
    """
    from childprotect.agencies.registry import Agency, place_of_issuer, registry

    reg = registry()
    k = reg.kind(kind_id)
    pid = place_of_issuer(plan.document.issuer.place)
    if k.level is AdminLevel.NATIONAL or pid is None:
        return Agency(k.id, None)
    p = reg.place(pid)
    up = reg.parent(pid)
    if k.level is AdminLevel.PROVINCE and p.level is not AdminLevel.PROVINCE and up:
        return Agency(k.id, up)
    return Agency(k.id, pid)


def agencies_of(plan: Plan, item: str) -> list[Assignment]:
    """Every assignment on ``item``, on an item covering it, or on one it covers."""
    return [a for a in plan.matrix if covers(a.item, item) or covers(item, a.item)]


def leads(plan: Plan, item: str) -> list[Assignment]:
    """The lead (chủ trì) assignments on ``item`` (normally one; none or several are anomalies).

    >>> from childprotect.formats import catalog
    >>> [a.agency for a in leads(catalog.load("bac-kan-352-2019"), "TC4")]
    ['cong-an-tinh']
    """
    return [a for a in agencies_of(plan, item) if a.role is Role.LEAD]


def _kind_id(agency: str | Agency) -> str:
    from childprotect.agencies.registry import Agency, registry

    if isinstance(agency, Agency):
        return agency.kind
    reg = registry()
    if reg.has_kind(agency):
        return agency
    return reg.resolve(agency).kind


def resolve_matrix(plan: Plan, on: dt.date) -> list[ResolvedAssignment]:
    """Every assignment with who holds it on ``on`` (see ``succession.who_holds``)."""
    from childprotect.agencies.succession import Duty, who_holds

    since = _issued(plan)
    out = []
    for a in plan.matrix:
        ag = agency_of(plan, a)
        out.append(ResolvedAssignment(a, ag, who_holds(Duty(ag, a.function), on=on, since=since)))
    return out


def _issued(plan: Plan) -> dt.date | None:
    d = plan.document.issued.value if hasattr(plan.document.issued, "value") else None
    year = getattr(d, "year", None)
    return dt.date(year, 1, 1) if isinstance(year, int) else None


def duties(plan: Plan, agency: str | Agency, on: dt.date | None = None) -> list[ResolvedAssignment]:
    """One agency's duties in a plan.

    Without ``on``: the assignments naming that agency. With ``on``: the assignments it
    holds on that date, including those it inherited (Sở Y tế inherits DOLISA's child
    duties); for an agency abolished by then (Sở LĐTBXH), the assignments naming it, each
    with who holds it now (see :func:`childprotect.agencies.succession.successors` for
    which function each successor took). ``agency`` is a name (resolved like
    :func:`childprotect.agencies.registry.resolve`), a kind id or an
    :class:`~childprotect.agencies.registry.Agency`.

    >>> import datetime as dt
    >>> from childprotect.formats import catalog
    >>> hue = catalog.load("thua-thien-hue-208-2021")
    >>> sorted({d.assignment.item for d in duties(hue, "Sở Y tế", on=dt.date(2026, 11, 23))
    ...         if d.assignment.item.startswith("CT")}, key=lambda i: int(i[2:]))
    ['CT1', 'CT2', 'CT3', 'CT4', 'CT6', 'CT7', 'CT9', 'CT10', 'CT16', 'CT18']
    """
    kind_id = _kind_id(agency)
    if on is None:
        from childprotect.agencies.succession import Duty, Holding

        return [ResolvedAssignment(a, agency_of(plan, a),
                                   Holding(Duty(agency_of(plan, a), a.function),
                                           dt.date.min, (agency_of(plan, a),)))
                for a in plan.matrix if a.agency == kind_id]
    resolved = resolve_matrix(plan, on)
    held = [r for r in resolved if any(h.kind == kind_id for h in r.holding.holders)]
    return held or [r for r in resolved if r.assignment.agency == kind_id]


# --- checks ---------------------------------------------------------------------------------

def _plan_items(plan: Plan) -> tuple[set[str], set[str]]:
    return {t.id for t in plan.targets}, {s.id for s in plan.sections}


def _named_kind(reg: Registry, name: str) -> str | None:
    """The agency kind ``name`` (as a plan writes it) names, or None when none."""
    from childprotect.errors import ChildProtectError

    try:
        return str(reg.resolve(name, None).kind)
    except ChildProtectError:
        return None


def check(plan: Plan, criteria: Collection[str] | None = None) -> list[Anomaly]:
    """Anomalies in a plan's responsibility matrix.

    ``criteria`` are the ids of the criteria a matrix item may name (the 13 criteria of
    Quyết định 06/QĐ-TTg, which :func:`childprotect.plans.check` passes); without them,
    criterion items are reported as not checked.

    Kinds: ``matrix.no-lead`` (an item someone guides or coordinates, with no lead),
    ``matrix.several-leads``, ``matrix.unknown-item`` (an item the plan does not have),
    ``matrix.unknown-agency``, ``matrix.agency-name`` (the name the plan writes is not one
    of the agency's), ``matrix.contradictory-roles`` (one agency both leads
    and coordinates or is requested on an item), ``matrix.duplicate``,
    ``matrix.mass-organisation-ordered`` (a mass organisation given an order),
    ``matrix.target-untouched`` (a target no agency touches) and
    ``matrix.targets-unassigned`` / ``matrix.items-unchecked`` (information).

    >>> from childprotect.formats import catalog
    >>> sorted({a.where for a in check(catalog.load("thua-thien-hue-208-2021"))
    ...         if a.kind == "matrix.no-lead"}, key=lambda w: int(w[9:-1]))
    ['matrix[CT5]', 'matrix[CT11]', 'matrix[CT12]', 'matrix[CT13]', 'matrix[CT14]', \
'matrix[CT15]', 'matrix[CT16]', 'matrix[CT17]']
    """
    from childprotect.agencies.registry import registry

    found: list[Anomaly] = []
    reg = registry()
    targets, sections = _plan_items(plan)
    by_item: dict[str, list[Assignment]] = {}
    seen: set[tuple[str, str, Role]] = set()
    for a in plan.matrix:
        by_item.setdefault(a.item, []).append(a)
        key = (a.agency, a.item, a.role)
        if key in seen:
            found.append(Anomaly("matrix.duplicate", f"matrix[{a.item}]", a.agency_vi,
                                 Message("{agency} is given the role {role} on {item} twice",
                                         agency=a.agency_vi, role=role_word(a.role),
                                         item=a.item), Severity.WARNING))
        seen.add(key)
        if not reg.has_kind(a.agency):
            found.append(Anomaly("matrix.unknown-agency", f"matrix[{a.item}]", a.agency_vi,
                                 Message("agency kind {kind} is not in the agency registry",
                                         kind=repr(a.agency)),
                                 Severity.ERROR))
        elif (named := _named_kind(reg, a.agency_vi)) != a.agency:
            found.append(Anomaly(
                "matrix.agency-name", f"matrix[{a.item}]", a.agency_vi,
                Message("{name} is not a name of {kind} ({kind_vi}){other}", name=a.agency_vi,
                        kind=a.agency, kind_vi=reg.kind(a.agency).name_vi,
                        other="" if named is None else Message("; it names {named}",
                                                               named=named)),
                Severity.WARNING))
        elif reg.kind(a.agency).requested and a.role is not Role.REQUESTED:
            found.append(Anomaly(
                "matrix.mass-organisation-ordered", f"matrix[{a.item}]", a.agency_vi,
                Message("{agency} is a mass organisation, which a plan can only request "
                        "('Đề nghị'), but it is given the role {role}", agency=a.agency_vi,
                        role=role_word(a.role)), Severity.WARNING))
    found += _item_problems(by_item, targets, sections, criteria)
    for item, entries in sorted(by_item.items()):
        found += _role_problems(item, entries)
    found += _untouched(plan, targets)
    return found


def _item_problems(by_item: dict[str, list[Assignment]], targets: set[str],
                   sections: set[str], criteria: Collection[str] | None) -> list[Anomaly]:
    found: list[Anomaly] = []
    unchecked: list[str] = []
    for item, entries in sorted(by_item.items()):
        kind = item_kind(item)
        if kind is ItemKind.TARGET:
            if not targets:
                unchecked.append(item)
                continue
            ok = any(covers(item, t) for t in targets)
        elif kind is ItemKind.SECTION:
            ok = item in sections
        else:
            if criteria is None:
                unchecked.append(item)
                continue
            ok = item in criteria
        if not ok:
            found.append(Anomaly(
                "matrix.unknown-item", f"matrix[{item}]", entries[0].agency_vi,
                Message("the matrix names {kind} {item}, which the plan does not have",
                        kind={ItemKind.TARGET: Message("target", context="matrix item"),
                              ItemKind.SECTION: Message("section", context="matrix item"),
                              ItemKind.CRITERION: Message("criterion",
                                                          context="matrix item")}[kind],
                        item=repr(item)),
                Severity.ERROR))
    if unchecked:
        kinds = sorted({item_kind(i).value + "s" for i in unchecked})
        found.append(Anomaly(
            "matrix.items-unchecked", "matrix", ", ".join(unchecked),
            Message("these items could not be checked against the plan, which has no {kinds} "
                    "encoded", kinds=" / ".join(kinds)), Severity.INFO))
    return found


def _role_problems(item: str, entries: list[Assignment]) -> list[Anomaly]:
    found: list[Anomaly] = []
    where = f"matrix[{item}]"
    lead_agencies = sorted({a.agency_vi for a in entries if a.role is Role.LEAD})
    others = [a for a in entries if a.role in (Role.GUIDE, Role.COORDINATE)]
    own_section = all(a.where == a.item for a in entries)  # an agency's own duty paragraph
    if not lead_agencies and others and not own_section:
        names = Message("{agency} ({role}: '{verb}')", agency=others[-1].agency_vi,
                        role=role_word(others[-1].role), verb=others[-1].verb_vi)
        for a in reversed(others[:-1]):
            names = Message("{first}; {rest}", first=Message(
                "{agency} ({role}: '{verb}')", agency=a.agency_vi, role=role_word(a.role),
                verb=a.verb_vi), rest=names)
        found.append(Anomaly.summarised(
            "matrix.no-lead", where, names,
            Message("{item} has agencies that guide or coordinate it but none that leads it "
                    "('chủ trì')", item=item), Severity.WARNING))
    if len(lead_agencies) > 1:
        found.append(Anomaly(
            "matrix.several-leads", where, "; ".join(lead_agencies),
            Message("{item} has {count} lead agencies ('chủ trì'): {agencies}", item=item,
                    count=len(lead_agencies), agencies=", ".join(lead_agencies)),
            Severity.WARNING))
    roles: dict[str, set[Role]] = {}
    for a in entries:
        if a.where == a.item:
            # An agency's own paragraph lists several duties, each with its own role
            # (it leads one task and coordinates another): no contradiction.
            continue
        roles.setdefault(a.agency, set()).add(a.role)
    for agency, rs in sorted(roles.items()):
        if Role.LEAD in rs and (Role.COORDINATE in rs or Role.REQUESTED in rs):
            vi = next(a.agency_vi for a in entries if a.agency == agency)
            found.append(Anomaly(
                "matrix.contradictory-roles", where, vi,
                Message("{agency} both leads {item} and is given the role(s) {roles} on it",
                        agency=vi, item=item,
                        roles=[role_word(x) for x in sorted(rs - {Role.LEAD},
                                                            key=lambda x: x.value)]),
                Severity.ERROR))
    return found


def _untouched(plan: Plan, targets: set[str]) -> list[Anomaly]:
    if not targets:
        return []
    named = [a.item for a in plan.matrix if item_kind(a.item) is ItemKind.TARGET]
    if not named:
        return [Anomaly(
            "matrix.targets-unassigned", "matrix", ", ".join(sorted(targets)),
            Message("the plan assigns responsibility by section or criterion, not by target: "
                    "no agency is named for any of its targets"), Severity.INFO)]
    out = []
    for t in sorted(targets):
        if not any(covers(i, t) or covers(t, i) for i in named):
            out.append(Anomaly("matrix.target-untouched", f"targets[{t}]", t,
                               Message("no agency is given any role on target {target}",
                                       target=t), Severity.WARNING))
    return out

"""Plans: a document with its sections, targets, responsibility matrix and duties.

A plan (Kế hoạch) or decision (Quyết định) is the unit everything else hangs on.

>>> from childprotect.formats import catalog
>>> plan = catalog.load("thua-thien-hue-208-2021")
>>> plan.document.number.text
'208/KH-UBND'
>>> plan.section("I").title_vi
'MỤC TIÊU'
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

import attrs

from childprotect.documents.document import Document
from childprotect.errors import UnknownName, ValidationError
from childprotect.i18n import Message
from childprotect.tables.notebook import Displayable
from childprotect.text.vntext import nfc, nfc_or_none

if TYPE_CHECKING:
    # Imported on first use (see resolve_types), so that ``import childprotect`` stays cheap.
    from childprotect.agencies.matrix import Assignment
    from childprotect.deadlines.duties import ReportingDuty
    from childprotect.plans.targets import Target
    from childprotect.tables.display import Table

__all__ = ["PLAN_PARTS", "Contact", "Plan", "Section", "plan_summary", "plan_tables",
           "resolve_types", "section_parent"]

_SECTION_ID = re.compile(r"[IVX]+(?:\.[0-9]+[a-zđ]?)*|Điều [0-9]+|Phụ lục(?: [IVX0-9]+)?")
_PLAN_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _section_id(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _SECTION_ID.fullmatch(value):
        raise ValidationError(
            Message("{field}: {value} is not a section id such as 'I', 'II.1' or 'III.13'",
                    field=attribute.name, value=repr(value))
        )


def section_parent(section_id: str) -> str | None:
    """The enclosing section: ``II.1`` → ``II``; a top-level section has none.

    >>> section_parent("III.13"), section_parent("I")
    ('III', None)
    """
    head, dot, _ = section_id.rpartition(".")
    return head if dot else None


@attrs.frozen
class Section:
    """A numbered part of a plan (``I``, ``II.1``, ``III.13``) with its heading.

    ``label`` keeps the document's own numbering when it breaks the pattern of its
    siblings (Hải Phòng's seventh activity is written ``7)`` among ``1.`` … ``6.``).
    """

    id: str = attrs.field(validator=_section_id)
    title_vi: str = attrs.field(converter=nfc)
    title_en: str | None = None
    label: str | None = None

    @property
    def parent(self) -> str | None:
        return section_parent(self.id)


@attrs.frozen
class Contact:
    """A telephone line a plan publicises (a hotline, a counselling line), as written.

    ``line`` names which line it is, so that two mentions of one line can be compared:
    Hải Phòng's plan gives its counselling line as 18006605 in one section and 10886605 in
    another, and ``check`` reports it.
    """

    line: str
    number: str
    section: str = attrs.field(validator=_section_id)
    text: str = attrs.field(converter=nfc)

    def __attrs_post_init__(self) -> None:
        if not self.number.isdigit():
            raise ValidationError(Message("number: {number} is not a telephone number (digits)",
                                          number=repr(self.number)))


def _unique(what: Message, ids: list[str]) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValidationError(Message("duplicate {what} id {i}", what=what, i=repr(i)))
        seen.add(i)


def _plan_id(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _PLAN_ID.fullmatch(value):
        raise ValidationError(
            Message("{field}: {value} is not a plan id (lower-case words joined by '-')",
                    field=attribute.name, value=repr(value))
        )


@attrs.frozen
class Plan(Displayable):
    """A plan document as data.

    ``source`` says where the data was taken from (for the bundled plans, the seed
    document), ``source_vi`` the same in Vietnamese (keeping its numbers, dates and links);
    ``notes`` are the encoder's remarks, kept with the data.
    """

    id: str = attrs.field(validator=_plan_id)
    document: Document
    sections: tuple[Section, ...] = ()
    targets: tuple[Target, ...] = ()
    matrix: tuple[Assignment, ...] = ()
    duties: tuple[ReportingDuty, ...] = ()
    contacts: tuple[Contact, ...] = ()
    source: str | None = None
    notes: tuple[str, ...] = ()
    source_vi: str | None = attrs.field(default=None, converter=nfc_or_none)

    def __attrs_post_init__(self) -> None:
        _unique(Message("section", context="thing"), [s.id for s in self.sections])
        _unique(Message("target", context="thing"), [t.id for t in self.targets])
        _unique(Message("duty", context="thing"), [d.id for d in self.duties])

    def section(self, section_id: str) -> Section:
        """The section with this id."""
        for s in self.sections:
            if s.id == section_id:
                return s
        raise UnknownName("section", section_id, [s.id for s in self.sections][:5])

    def target(self, target_id: str) -> Target:
        """The target with this id."""
        for t in self.targets:
            if t.id == target_id:
                return t
        raise UnknownName("target", target_id, [t.id for t in self.targets][:5])

    #: The part that ``to_frame()`` gives when none is named.
    default_part = "targets"

    def display_parts(self) -> dict[str, Table]:
        """The plan's summary and each of its parts, as tables (see :func:`plan_tables`)."""
        return plan_tables(self)

    def to_frame(self, part: str | None = None) -> Any:
        """A pandas DataFrame of one part: ``sections``, ``targets`` (the default),
        ``matrix`` or ``duties`` (needs the ``pandas`` extra)."""
        from childprotect.tables.display import to_frame  # (on first use: a plan's tables)

        return to_frame(self, part=part)

    def __repr__(self) -> str:
        return (
            f"<Plan {self.id} {self.document.number.text} {self.document.period}: "
            f"{len(self.sections)} sections, {len(self.targets)} targets, "
            f"{len(self.matrix)} assignments, {len(self.duties)} duties>"
        )


@cache
def resolve_types() -> None:
    """Resolve the field types of :class:`Plan`, importing the modules that define them.

    The converter calls this before (un)structuring plans; nothing else needs it.
    """
    from childprotect.agencies.matrix import Assignment
    from childprotect.deadlines.duties import ReportingDuty
    from childprotect.plans.targets import Target

    names = {"Target": Target, "Assignment": Assignment, "ReportingDuty": ReportingDuty}
    attrs.resolve_types(Plan, globalns={**globals(), **names})


#: The plan parts that :func:`plan_tables` and ``plan.to_frame(part=…)`` know.
PLAN_PARTS = ("sections", "targets", "matrix", "duties")


def plan_summary(plan: Plan) -> Table:
    """One row per fact about the plan's document: number, issuer, dates, counts."""
    from childprotect.tables.display import Table  # (on first use, as for every table)

    d = plan.document
    rows: list[tuple[str, object]] = [
        ("id", plan.id),
        ("number", d.number.text),
        ("issuer", d.issuer.name_vi),
        ("level", d.issuer.level.value),
        ("issued", d.issued.iso() or d.issued.text),
        ("period", str(d.period)),
        ("title", d.title_vi),
        ("sections", len(plan.sections)),
        ("targets", len(plan.targets)),
        ("assignments", len(plan.matrix)),
        ("duties", len(plan.duties)),
    ]
    if plan.source:
        rows.append(("source", plan.source))
    return Table(("field", "value"), rows, title=f"{plan.id}: {d.number.text}")


def plan_tables(plan: Plan) -> dict[str, Table]:
    """The plan's summary and each of its parts (sections, targets, matrix, duties)."""
    from childprotect.tables.display import table_of_records

    out = {"summary": plan_summary(plan)}
    for part in PLAN_PARTS:
        items = getattr(plan, part)
        out[part] = table_of_records(items, f"{plan.id}: {part} ({len(items)})")
    return out

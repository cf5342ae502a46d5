"""``check(plan)``: every module's anomalies for one plan, in one sorted list.

Each model module owns its checks (``documents.check_document``, ``targets.check`` …);
this module only gathers them. Source-document errors are data, not exceptions.

>>> from childprotect.formats import catalog
>>> [a.kind for a in check(catalog.load("hong-ngu-2020")) if a.kind.startswith("date.")]
['date.impossible', 'date.blank-day']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import attrs

from childprotect.agencies import matrix
from childprotect.communes.criteria import standard
from childprotect.deadlines import checks as deadlines
from childprotect.documents.anomalies import Anomaly, Severity
from childprotect.documents.document import check_document
from childprotect.i18n import Message
from childprotect.plans import national as _national
from childprotect.plans import targets
from childprotect.plans.plan import Plan

__all__ = ["CHECKS", "check"]


def _document(plan: Plan) -> list[Anomaly]:
    return check_document(plan.document)


def _sections(plan: Plan) -> list[Anomaly]:
    return [
        Anomaly(
            "section.numbering", f"sections[{s.id}]", s.label,
            Message("section {section} is numbered {label}, unlike its siblings ({usual}.)",
                    section=s.id, label=repr(s.label), usual=s.id.rsplit(".", 1)[-1]),
            Severity.INFO,
        )
        for s in plan.sections if s.label is not None
    ]


def _joined(parts: list[Message]) -> Message:
    """``parts`` one after another, each two apart by `` / ``."""
    out = parts[-1]
    for part in reversed(parts[:-1]):
        out = Message("{first} / {rest}", first=part, rest=out)
    return out


def _contacts(plan: Plan) -> list[Anomaly]:
    numbers: dict[str, dict[str, list[str]]] = {}
    for c in plan.contacts:
        numbers.setdefault(c.line, {}).setdefault(c.number, []).append(c.section)
    return [
        Anomaly.summarised(
            "contact.conflict", f"contacts[{line}]",
            _joined([Message("{number} (section {sections})", number=n, sections=", ".join(s))
                     for n, s in by_number.items()]),
            Message("the same line ({line}) is given {count} different numbers", line=line,
                    count=len(by_number)),
            Severity.ERROR,
        )
        for line, by_number in numbers.items() if len(by_number) > 1
    ]


def _matrix(plan: Plan) -> list[Anomaly]:
    # Matrix items may name the child-friendly-commune criteria of Quyết định 06/QĐ-TTg.
    return matrix.check(plan, criteria=standard().ids)


def _references(plan: Plan) -> list[Anomaly]:
    """Targets and duties that point at a section or a report the plan does not have."""
    out: list[Anomaly] = []
    sections = {s.id for s in plan.sections}
    for t in plan.targets:
        if t.section is not None and t.section not in sections:
            out.append(Anomaly(
                "reference.section", f"targets[{t.id}]", t.section,
                Message("target {target} is placed in section {section}, which the plan "
                            "does not have", target=t.id, section=t.section),
                Severity.ERROR))
    reports = {d.report for d in plan.duties}
    for d in plan.duties:
        if d.section is not None and d.section not in sections:
            out.append(Anomaly(
                "reference.section", f"duties[{d.id}]", d.section,
                Message("duty {duty} is placed in section {section}, which the plan "
                            "does not have", duty=d.id, section=d.section),
                Severity.ERROR))
        for report in d.feeds:
            if report not in reports:
                out.append(Anomaly(
                    "reference.feeds", f"duties[{d.id}]", report,
                    Message("duty {duty} feeds report {report}, which no duty of the "
                                "plan makes", duty=d.id, report=report),
                    Severity.ERROR))
    return out


#: Control characters (C0 but tab and line feed, DEL, C1): never in a document's text,
#: they come from a bad copy or a binary file read as text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _strings(value: object, where: str) -> Iterator[tuple[str, str]]:
    """Every text in ``value`` (an attrs instance, a tuple of them…) with its path."""
    if isinstance(value, str):
        yield where, value
    elif attrs.has(type(value)):
        for f in attrs.fields(type(value)):  # type: ignore[arg-type]
            yield from _strings(getattr(value, f.name), f"{where}.{f.name}")
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from _strings(item, f"{where}[{i}]")


def _texts(plan: Plan) -> list[Anomaly]:
    """Control characters in any text, and section titles with no words."""
    out = [Anomaly("text.control-character", where.lstrip("."),
                   repr(m.group(0)),
                   Message("a control character ({char}) in the text, at position "
                               "{position}: a bad copy or a file that is not text",
                               char=f"U+{ord(m.group(0)):04X}", position=m.start() + 1),
                   Severity.ERROR)
           for where, text in _strings(plan, "")
           for m in [_CONTROL.search(text)] if m is not None]
    out.extend(Anomaly("section.empty-title", f"sections[{s.id}]", s.title_vi,
                       Message("section {section} has no title", section=s.id),
                       Severity.ERROR)
               for s in plan.sections if not s.title_vi.strip())
    return out


#: The checks run by :func:`check`, in order. Each takes a plan and returns anomalies.
CHECKS: tuple[Callable[[Plan], list[Anomaly]], ...] = (
    _document,
    _sections,
    _references,
    _texts,
    _contacts,
    targets.check,
    _matrix,
    deadlines.check,
)


def check(plan: Plan, *, national: _national.Resolver | None = None) -> list[Anomaly]:
    """All anomalies found in ``plan``, in a stable order (by location, then kind).

    ``national`` finds a national plan by id (``catalog.load``, which
    :func:`childprotect.check` passes): with it, the plan is also checked against the
    national targets it implements (:func:`childprotect.plans.national.check`).
    Locations sort naturally: ``matrix[CT5]`` before ``matrix[CT11]``.
    """
    found: list[Anomaly] = []
    for fn in CHECKS:
        found.extend(fn(plan))
    if national is not None:
        found.extend(_national.check(plan, national))
    return sorted(found, key=lambda a: (_natural(a.where), a.kind, a.text))


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    # "CT5" before "CT11": digit runs compare as numbers.
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in re.split(r"([0-9]+)", text))

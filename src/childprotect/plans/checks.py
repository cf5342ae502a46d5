"""``check(plan)``: every module's anomalies for one plan, in one sorted list.

Each model module owns its checks (``documents.check_document``, ``targets.check`` …);
this module only gathers them. Source-document errors are data, not exceptions.

>>> from childprotect.formats import catalog
>>> [a.kind for a in check(catalog.load("hong-ngu-2020")) if a.kind.startswith("date.")]
['date.impossible', 'date.blank-day']
"""

from __future__ import annotations

import re
from collections.abc import Callable

from childprotect.agencies import matrix
from childprotect.communes.criteria import standard
from childprotect.deadlines import checks as deadlines
from childprotect.documents.anomalies import Anomaly, Severity
from childprotect.documents.document import check_document
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
            f"section {s.id} is numbered {s.label!r}, unlike its siblings "
            f"({s.id.rsplit('.', 1)[-1]}.)",
            Severity.INFO,
        )
        for s in plan.sections if s.label is not None
    ]


def _contacts(plan: Plan) -> list[Anomaly]:
    numbers: dict[str, dict[str, list[str]]] = {}
    for c in plan.contacts:
        numbers.setdefault(c.line, {}).setdefault(c.number, []).append(c.section)
    return [
        Anomaly(
            "contact.conflict", f"contacts[{line}]",
            " / ".join(f"{n} (section {', '.join(s)})" for n, s in by_number.items()),
            f"the same line ({line}) is given {len(by_number)} different numbers",
            Severity.ERROR,
        )
        for line, by_number in numbers.items() if len(by_number) > 1
    ]


def _matrix(plan: Plan) -> list[Anomaly]:
    # Matrix items may name the child-friendly-commune criteria of Quyết định 06/QĐ-TTg.
    return matrix.check(plan, criteria=standard().ids)


#: The checks run by :func:`check`, in order. Each takes a plan and returns anomalies.
CHECKS: tuple[Callable[[Plan], list[Anomaly]], ...] = (
    _document,
    _sections,
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

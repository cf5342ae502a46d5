"""Anomalies: what is wrong inside a source document, reported as data.

A plan's own inconsistencies (an impossible date, two deadlines for one report, a
target with no lead agency) are never silently fixed: ``check`` returns them.

>>> a = Anomaly("date.impossible", "document.bases[0].date", "31 tháng 02 năm 2020",
...             "the day does not exist")
>>> a.kind
'date.impossible'
"""

from __future__ import annotations

import enum

import attrs

__all__ = ["Anomaly", "Severity"]


class Severity(enum.Enum):
    """How much an anomaly matters to a user of the plan."""

    ERROR = "error"  # the text cannot be right as written
    WARNING = "warning"  # probably wrong, or contradicts another part
    INFO = "info"  # worth knowing (an unverified step, a left-blank field)


@attrs.frozen(order=True)
class Anomaly:
    """One problem found in a plan.

    ``kind`` is a dotted identifier owned by the module that finds it (``date.blank-day``),
    ``where`` a path in the plan (``document.issued``, ``targets[CT6]``), ``text`` the
    verbatim text concerned and ``explanation`` a sentence for people.
    """

    kind: str
    where: str
    text: str
    explanation: str
    severity: Severity = attrs.field(default=Severity.WARNING, order=lambda s: s.value)

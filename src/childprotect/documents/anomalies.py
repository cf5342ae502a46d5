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

from childprotect.i18n import Message

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
    verbatim text concerned and ``explanation`` a sentence for people: a
    :class:`~childprotect.i18n.Message`, written in either language by :meth:`explain`
    (a plain text is shown as it is).
    """

    kind: str
    where: str
    text: str
    explanation: str | Message = attrs.field(order=False)
    severity: Severity = attrs.field(default=Severity.WARNING, order=lambda s: s.value)

    def explain(self, lang: str | None = None) -> str:
        """The explanation in ``lang`` (the current language by default).

        >>> a = Anomaly("section.empty-title", "sections[I]", "",
        ...             Message("section {section} has no title", section="I"))
        >>> a.explain("en"), a.explain("vi")
        ('section I has no title', 'mục I không có tiêu đề')
        """
        e = self.explanation
        return e.text(lang) if isinstance(e, Message) else e

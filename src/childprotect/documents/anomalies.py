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

    def label(self, lang: str | None = None) -> str:
        """The severity as a reader of ``lang`` writes it (the value is its machine code).

        >>> Severity.WARNING.label("vi"), Severity.WARNING.label("en")
        ('cảnh báo', 'warning')
        """
        return _SEVERITY_WORDS[self].text(lang)


_SEVERITY_WORDS = {Severity.ERROR: Message("error", context="severity"),
                   Severity.WARNING: Message("warning", context="severity"),
                   Severity.INFO: Message("info", context="severity")}


@attrs.frozen(order=True)
class Anomaly:
    """One problem found in a plan.

    ``kind`` is a dotted identifier owned by the module that finds it (``date.blank-day``),
    ``where`` a path in the plan (``document.issued``, ``targets[CT6]``), ``text`` the
    verbatim text concerned and ``explanation`` a sentence for people: a
    :class:`~childprotect.i18n.Message`, written in either language by :meth:`explain`
    (a plain text is shown as it is).

    Where no text is quoted but the anomaly sums something up (``2 identical reports``),
    ``summary`` is that summary as a Message and ``text`` its English form, the same in
    every machine output (JSON, CSV); :meth:`shown` writes it in either language
    (:meth:`summarised` builds such an anomaly).
    """

    kind: str
    where: str
    text: str
    explanation: str | Message = attrs.field(order=False)
    severity: Severity = attrs.field(default=Severity.WARNING, order=lambda s: s.value)
    summary: Message | None = attrs.field(default=None, order=False, repr=False, kw_only=True)

    @classmethod
    def summarised(cls, kind: str, where: str, summary: Message,
                   explanation: str | Message, severity: Severity = Severity.WARNING
                   ) -> Anomaly:
        """An anomaly whose text is ``summary`` (its English form in ``text``).

        >>> a = Anomaly.summarised("rollup.duplicate", "2024/29971",
        ...                        Message("{n} identical reports", n=2), "counted once")
        >>> a.text, a.shown("vi")
        ('2 identical reports', '2 báo cáo giống hệt nhau')
        """
        return cls(kind, where, summary.text("en"), explanation, severity, summary=summary)

    def shown(self, lang: str | None = None) -> str:
        """The text as people read it in ``lang``: the summary when there is one, else the
        verbatim text (which is never translated)."""
        return self.text if self.summary is None else self.summary.text(lang)

    def explain(self, lang: str | None = None) -> str:
        """The explanation in ``lang`` (the current language by default).

        >>> a = Anomaly("section.empty-title", "sections[I]", "",
        ...             Message("section {section} has no title", section="I"))
        >>> a.explain("en"), a.explain("vi")
        ('section I has no title', 'mục I không có tiêu đề')
        """
        e = self.explanation
        return e.text(lang) if isinstance(e, Message) else e

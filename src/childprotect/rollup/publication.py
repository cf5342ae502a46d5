"""Cells hidden for publication, and how they are shown.

:class:`Suppressed` says which cells of a rollup are hidden and why; every hidden cell is
shown as one mark, :data:`MARK`, explained by :func:`legend`. Which cells to hide, and the
audit proving that no small count can be worked out, are in
:mod:`childprotect.rollup.protection`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from childprotect.documents.anomalies import Anomaly
from childprotect.i18n import Message
from childprotect.tables.display import Table as Shown

if TYPE_CHECKING:
    from childprotect.rollup.disclosure import Audit
    from childprotect.rollup.result import Rollup

__all__ = ["MARK", "Suppressed", "legend", "redact_anomalies", "suppressed_html"]


@attrs.frozen
class Suppressed:
    """Which cells of a rollup are hidden for publication, and why.

    ``primary``: the counts ``0 < n < threshold``; ``complementary``: counts hidden so
    that no primary count can be worked out (see
    :func:`childprotect.rollup.protection.suppress`); ``rates``: the rates built on a hidden
    count. Every hidden cell prints as :attr:`label` (``×``, explained by :attr:`legend`),
    primary or not: a different mark would tell which hidden counts are the small ones.
    ``audit`` is the audit of the pattern (:class:`childprotect.rollup.disclosure.Audit`).
    """

    threshold: int
    primary: frozenset[tuple[str, str]]
    complementary: frozenset[tuple[str, str]]
    rates: frozenset[tuple[str, str]]
    protection: int | None = None
    audit: Audit | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def hidden(self) -> frozenset[tuple[str, str]]:
        return self.primary | self.complementary | self.rates

    @property
    def label(self) -> str:
        """The mark of a hidden cell, ``×`` (never ``<5``: a complementary cell is not)."""
        return MARK

    @property
    def legend(self) -> str:
        """The sentence that explains :attr:`label` in an output."""
        return legend(self.threshold)

    def redact(self, anomalies: Iterable[Anomaly]) -> list[Anomaly]:
        """``anomalies`` without the numbers of a unit with a hidden count."""
        return redact_anomalies(anomalies, self)


#: The mark printed in place of every hidden count and every rate built on one. One mark
#: for primary and complementary cells alike: a mark telling a reader which hidden cells
#: are the small ones would itself say "this count is below the threshold".
MARK = "×"

def legend(threshold: int) -> str:
    """The sentence that explains :data:`MARK` in an output suppressed at ``threshold``,
    in the language in use (see :mod:`childprotect.i18n`).

    >>> legend(5)[:40]
    '× = not published, to protect children’s'
    """
    return Message("{mark} = not published, to protect children’s data: a count from 1 to "
                   "{below}, or a cell hidden so that such a count cannot be worked out "
                   "from the totals. Zeros are published.",
                   mark=MARK, below=threshold - 1).text()


_NUMBER = re.compile(r"(?<![\w.])[0-9]+(?:[.,][0-9]+)*(?![\w])")

_RULE_KINDS = ("rollup.part-above-whole", "rollup.parts-not-whole", "rollup.distinct-above-sum",
               "rollup.distinct-below-largest")


def redact_anomalies(anomalies: Iterable[Anomaly], suppressed: Suppressed) -> list[Anomaly]:
    """The anomalies with the numbers taken out of those at a unit where a count is
    hidden (a rule anomaly quotes the unit's counts: ``group_a=3 > children=2``).

    >>> s = Suppressed(5, frozenset({("29971", "a")}), frozenset(), frozenset())
    >>> a = Anomaly("rollup.part-above-whole", "2024/29971", "a=3 > b=2", "a cannot exceed b")
    >>> redact_anomalies([a], s)[0].text
    'a=× > b=×'
    """
    units = {code for code, _ in suppressed.primary | suppressed.complementary}
    out = []
    for a in anomalies:
        code = a.where.rsplit("/", 1)[-1]
        if a.kind in _RULE_KINDS and code in units:
            a = attrs.evolve(a, text=_NUMBER.sub(MARK, a.text),
                             explanation=_redacted(a.explanation),
                             summary=None if a.summary is None else _redacted_message(a.summary))
        out.append(a)
    return out


def _redacted(e: str | Message) -> str | Message:
    """An explanation without its numbers (a Message keeps its words, its values marked)."""
    if isinstance(e, Message):
        return _redacted_message(e)
    return _NUMBER.sub(MARK, e)


def _redacted_message(m: Message) -> Message:
    return Message(m.msgid, context=m.context,
                   **{k: _NUMBER.sub(MARK, str(v)) for k, v in m.args.items()})


def suppressed_html(r: Rollup, suppressed: Suppressed) -> str:
    """The suppressed table of ``r`` as HTML (for a notebook or a web page), with the
    legend of :data:`MARK` as its caption."""
    headers, rows = r.table(suppressed)
    return Shown(tuple(headers), [tuple(row) for row in rows],
                 title=legend(suppressed.threshold))._repr_html_()

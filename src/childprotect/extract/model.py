"""What the extractor finds: items with their span and confidence, and what needs review.

>>> f = Finding("document.number", "208/KH-UBND", Span(120, 131), Decimal("0.95"))
>>> f.span.end - f.span.start
11
>>> Review("target", "Chỉ tiêu 11: …", Span(0, 12), "no number").reason
'no number'
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from childprotect.errors import ValidationError
from childprotect.i18n import Message

__all__ = ["Finding", "NotPlanText", "Review", "Span"]


class NotPlanText(ValidationError):
    """Input that cannot be drafted into a plan: empty, binary, too large or unreadable."""


def _non_negative(_inst: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or value < 0:
        raise ValidationError(Message("{field} must be a non-negative int, got {value}",
                                      field=attribute.name, value=repr(value)))


@attrs.frozen(order=True)
class Span:
    """Character offsets ``[start, end)`` in the text as given to the extractor."""

    start: int = attrs.field(validator=_non_negative)
    end: int = attrs.field(validator=_non_negative)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(Message("span ends ({end}) before it starts ({start})",
                                          end=self.end, start=self.start))


def _confidence(_inst: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if type(value) is not Decimal or not Decimal(0) <= value <= Decimal(1):
        raise ValidationError(Message("{field} must be a Decimal from 0 to 1, got {value}",
                                      field=attribute.name, value=repr(value)))


@attrs.frozen
class Finding:
    """One item of the draft: what it is (``kind``), the text it came from, how sure.

    ``item`` names the item in the draft plan (a target id, a section id, a duty id, or
    ``agency → role → item`` for a responsibility); ``text`` is the source text,
    blanks made single spaces.
    """

    kind: str
    text: str
    span: Span
    confidence: Decimal = attrs.field(validator=_confidence)
    item: str | None = None


@attrs.frozen
class Review:
    """A passage the extractor could not read with confidence: a person decides.

    ``reason`` is written in the language in use; ``code``, when there is one, names the
    case whatever the language (a program tests the code, never the reason's words)."""

    kind: str
    text: str
    span: Span
    reason: str
    code: str | None = None


#: The reason a text with no issue date goes to review (its draft says 1900: dates after
#: it are not contradictions of the text), and the code of that review.
NO_ISSUE_DATE = Message("no issue date found: the draft says 1900")
NO_ISSUE_DATE_CODE = "no-issue-date"

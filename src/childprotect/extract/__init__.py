"""Drafting a structured plan from the plain text of a Vietnamese plan document.

``check_text(text)`` checks the text as written (typing errors, impossible dates, the
plan's contradictions), each finding with its span.

``extract_text(text)`` (or ``extract_file(path)``, ``.docx`` included through the
optional ``docx`` extra) returns a :class:`Draft`: a valid
:class:`~childprotect.plans.plan.Plan` with its document metadata, sections, targets,
responsibility matrix and reporting duties, the :class:`Finding` behind each item (its
character span in the text as given and a confidence), and the passages that need a
person's review. Rules and vocabularies are data (``data/extract/*.json``); everything
runs offline and in linear time.

>>> from childprotect.extract import extract_text
>>> d = extract_text("KẾ HOẠCH\\nBẢO VỆ TRẺ EM NĂM 2021\\nI. MỤC TIÊU\\n"
...                  "- 90% trẻ em được trợ giúp.")
>>> [(t.id, t.comparator.value, str(t.value), t.unit.value) for t in d.plan.targets]
[('T1', 'reach', '90', 'percent')]
"""

from childprotect.extract.draft import (
    Draft,
    NotPlanText,
    extract_file,
    extract_text,
    plan_slug,
    read_text,
)
from childprotect.extract.model import Finding, Review, Span
from childprotect.extract.textcheck import TextFinding, check_text

__all__ = [
    "Draft",
    "Finding",
    "NotPlanText",
    "Review",
    "Span",
    "TextFinding",
    "check_text",
    "extract_file",
    "extract_text",
    "plan_slug",
    "read_text",
]

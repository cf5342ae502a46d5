"""Putting it together: text in, a draft plan out, with findings and what needs review.

>>> text = '''ỦY BAN NHÂN DÂN
... TỈNH BẮC KẠN
... Số: 12/KH-UBND
... Bắc Kạn, ngày 05 tháng 3 năm 2020
... KẾ HOẠCH
... BẢO VỆ TRẺ EM NĂM 2020
... I. MỤC TIÊU
... - Giảm tỷ lệ trẻ em có hoàn cảnh đặc biệt xuống dưới 1,5%.
... II. TỔ CHỨC THỰC HIỆN
... 1. Sở Y tế: Chủ trì, phối hợp thực hiện chỉ tiêu 1.
... '''
>>> d = extract_text(text)
>>> d.plan.id, d.plan.document.number.text, d.plan.document.issued.iso()
('bac-kan-12-2020', '12/KH-UBND', '2020-03-05')
>>> [(t.id, t.comparator.value, str(t.value)) for t in d.plan.targets]
[('T1', 'below', '1.5')]
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs

from childprotect.data.unicode import nfd
from childprotect.errors import ChildProtectError
from childprotect.extract.clean import CleanText, clean
from childprotect.extract.find_contacts import find_contacts
from childprotect.extract.find_duties import find_duties
from childprotect.extract.find_matrix import find_matrix
from childprotect.extract.find_targets import find_targets, looks_cut
from childprotect.extract.metadata import read_metadata
from childprotect.extract.model import Finding, NotPlanText, Review, Span
from childprotect.extract.reading import decode_docx, decode_text
from childprotect.extract.sections import read_sections
from childprotect.i18n import Message
from childprotect.i18n.oserrors import os_reason
from childprotect.plans.plan import Plan

__all__ = ["Draft", "NotPlanText", "extract_file", "extract_text", "naming", "plan_slug",
           "read_text"]

#: Larger inputs are refused: a plan is tens of kilobytes; 20 MB is far beyond any.
MAX_CHARS = 20_000_000


@attrs.frozen
class Draft:
    """A drafted plan, the findings it rests on, and the passages a person must check.

    ``plan`` is a valid :class:`~childprotect.plans.plan.Plan`; its ``notes`` repeat the
    review items so that a saved plan file keeps them.
    """

    plan: Plan
    findings: tuple[Finding, ...]
    review: tuple[Review, ...]
    cleaning: tuple[str, ...]
    text: str = attrs.field(repr=False)

    def __repr__(self) -> str:
        return (f"<Draft {self.plan.id}: {len(self.findings)} findings, "
                f"{len(self.review)} to review>")


def plan_slug(place: str | None, sequence: int | None, year: int | None) -> str:
    """A plan id from the issuer's place, the number and the year: ``thua-thien-hue-208-2021``.

    >>> plan_slug("Hồng Ngự, Đồng Tháp", None, 2020)
    'hong-ngu-2020'
    """
    base = (place or "plan").split(",")[0]
    s = nfd(base.replace("đ", "d").replace("Đ", "D"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "plan"
    parts = [s] + [str(x) for x in (sequence, year) if x is not None]
    return "-".join(parts)


def extract_text(text: str, *, plan_id: str | None = None, source: str | None = None) -> Draft:
    """Draft a plan from the text of a plan document.

    Raises :class:`NotPlanText` for input with no letters or beyond :data:`MAX_CHARS`;
    any other text gives a draft (possibly nearly empty, with everything in review).
    """
    if not isinstance(text, str):
        raise NotPlanText(Message("expected text, got {kind}", kind=type(text).__name__))
    if len(text) > MAX_CHARS:
        raise NotPlanText(Message("the text has {count} characters, more than {max_chars}: not "
                                  "a plan document", count=len(text), max_chars=MAX_CHARS))
    c = clean(text)
    if not any(ch.isalpha() for ch in c.text):
        raise NotPlanText(Message("the text has no letters: nothing to draft"))
    meta = read_metadata(c)
    cut: list[Review] = []
    if looks_cut(c):
        last = c.paragraphs[-1]
        s0, s1 = c.source_span(max(last.start, last.end - 40), last.end)
        cut.append(Review("document", " ".join(last.text.split())[-40:], Span(s0, s1),
                          Message("the text stops in mid-sentence with no closing words or "
                                  "signature: it looks cut, and what follows is missing from "
                                  "the draft").text()))
    secs = read_sections(c, meta.body_start)
    found_t = find_targets(c, secs, meta.document.period, body_start=meta.body_start)
    targets, dropped = _unique(found_t.targets, lambda t: t.id)
    review = list(meta.review) + cut + list(found_t.review)
    review += [Review("target", t.text_vi, _span_of(found_t.findings, t.id),
                      Message(
                          "duplicate target id {id}: not drafted twice",
                          id=t.id).text()) for t in dropped]
    found_d = find_duties(c, secs)
    duties, dropped_d = _unique(found_d.duties, lambda d: d.id)
    review += list(found_d.review)
    found_m = find_matrix(c, secs, targets)
    review += list(found_m.review)
    found_c = find_contacts(c, secs)
    doc = meta.document
    pid = plan_id or plan_slug(doc.issuer.place, doc.number.sequence,
                               doc.issued.value.year if doc.issued.value else None)
    notes = tuple(Message("needs review: {kind}: {reason}", kind=r.kind,
                          reason=r.reason).text() for r in review)
    try:
        plan = Plan(id=pid, document=doc, sections=secs.sections, targets=targets,
                    matrix=found_m.matrix, duties=duties, contacts=found_c.contacts,
                    source=(Message("draft extracted from {source}", source=source) if source
                            else Message("draft extracted from a text")).text(), notes=notes)
    except ChildProtectError as exc:  # pragma: no cover - ids are made unique above
        raise NotPlanText(Message("the draft is not a valid plan: {exc}", exc=exc)) from exc
    findings = (*meta.findings, *secs.findings, *found_t.findings, *found_d.findings,
                *found_m.findings, *found_c.findings)
    del dropped_d
    return Draft(plan, tuple(findings), tuple(review), c.notes, c.text)


def _unique(items: Iterable[object], key: object) -> tuple[tuple, tuple]:  # type: ignore[type-arg]
    seen: set[str] = set()
    keep: list[object] = []
    drop: list[object] = []
    for it in items:
        k = key(it)  # type: ignore[operator]
        (drop if k in seen else keep).append(it)
        seen.add(k)
    return tuple(keep), tuple(drop)


def _span_of(findings: Iterable[Finding], item: str) -> Span:
    for f in findings:
        if f.item == item:
            return f.span
    return Span(0, 0)


def read_text(path: str | Path) -> str:
    """The text of a plan file: ``.docx`` through python-docx (the ``docx`` extra), any
    other file as UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1258; a file
    that is no such text (a PDF, an image, binary bytes, text in TCVN3 …) is a
    :class:`NotPlanText` saying what it is (:mod:`childprotect.extract.reading`)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise NotPlanText(Message("cannot read {p}: {strerror}", p=repr(str(p)),
                                  strerror=os_reason(exc))) from None
    if len(raw) > MAX_CHARS * 4:
        raise NotPlanText(Message("{p} is {count} bytes: too large for a plan document",
                                  p=repr(str(p)), count=len(raw)))
    if p.suffix.lower() == ".docx":
        return decode_docx(raw, repr(str(p)))
    return decode_text(raw, repr(str(p)))


def extract_file(path: str | Path, *, plan_id: str | None = None) -> Draft:
    """Draft a plan from a file (plain text or ``.docx``); an error names the file."""
    text = read_text(path)
    with naming(repr(str(path))):
        return extract_text(text, plan_id=plan_id, source=Path(path).name)


@contextlib.contextmanager
def naming(name: str | Message) -> Iterator[None]:
    """A :class:`NotPlanText` raised in the block about a text names where the text
    came from (``name``, a file or the standard input)."""
    try:
        yield
    except NotPlanText as exc:
        problem = exc.args[0] if exc.args else ""
        raise NotPlanText(Message("{where}: {problem}", where=name, problem=problem)) from None


def _clean_text_for(draft: Draft) -> CleanText:  # pragma: no cover - debugging aid
    return clean(draft.text)

"""Checks of a plan document's text as written, each finding with its character span.

``check_text(text)`` reads the text itself, before any drafting: a date that does not
exist or whose day is left blank, a document number left blank, a word sequence one
typing error away from the domain's own vocabulary ("nâng lực" for "năng lực"), a word
written twice, a word glued to a number ("số11"), unbalanced quotation marks, composed and
decomposed Unicode in one text, an agency written several ways, a decision whose title
differs from the title of the plan it issues, a header that names the place but not the
issuing body. With ``plan=True`` (the default) it also drafts the plan and reports the
text's contradictions the plan checks find (two deadlines for one report …), as errors.

The vocabulary is data (``data/extract/text_vocabulary.json``), built from the seed
documents and the corpus of plan openings by ``benchmarks/gen_text_vocabulary.py``.

>>> found = check_text("ỦY BAN NHÂN DÂN\\nTỈNH LAI CHÂU\\nKẾ HOẠCH\\nBẢO VỆ TRẺ EM\\n"
...                    "Căn cứ Quyết định số11 ngày 30 tháng 02 năm 2021.", plan=False)
>>> [(f.kind, f.text) for f in found]
[('text.missing-space', 'số11'), ('text.date-impossible', 'ngày 30 tháng 02 năm 2021')]
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

import attrs

from childprotect.data.unicode import nfc
from childprotect.documents.anomalies import Anomaly, Severity
from childprotect.extract.clean import CleanText, clean, is_caps
from childprotect.extract.model import Span
from childprotect.extract.text_vocabulary import (
    _MARKS,
    _VIET,
    NO_DIACRITICS,
    TextVocabulary,
    _adjacent,
    _edits,
    _settings,
    _typo,
    diacritic_share,
    ngram_key,
    words_of,
)
from childprotect.extract.vocab import phrase_regex
from childprotect.i18n import Message
from childprotect.text.vntext import name_key

__all__ = ["TextFinding", "check_text", "summary", "words_of"]

#: Plan checks that speak of the text's own consistency (the others depend on how
#: completely the draft was read: an untouched target may be a missed sentence).
PLAN_KINDS = ("deadline.conflict", "deadline.chain-after", "deadline.before-issue",
              "contact.conflict", "target.parts-total-mismatch", "number.year-mismatch",
              "date.basis-after-issue", "date.issued-after-period", "target.year-outside-plan")


@attrs.frozen
class TextFinding:
    """One problem in the text: what (``kind``), where (``span`` in the text as given,
    and its line and column, from 1), the words concerned, why, and a likely fix."""

    kind: str
    span: Span
    text: str
    explanation: Message
    severity: Severity
    line: int
    column: int
    suggestion: str | None = None

    def explain(self, lang: str | None = None) -> str:
        """Why this is a problem, with the likely fix, in ``lang`` (the current language by
        default)."""
        return self._why().text(lang)

    def _why(self) -> Message:
        if self.suggestion is None:
            return self.explanation
        return Message("{explanation} (did you mean {suggestion}?)",
                       explanation=self.explanation, suggestion=repr(self.suggestion))

    def as_anomaly(self) -> Anomaly:
        """The finding as a plan anomaly (``where`` is ``text[start:end]``)."""
        return Anomaly(self.kind, f"text[{self.span.start}:{self.span.end}]", self.text,
                       self._why(), self.severity)


# --- the checks --------------------------------------------------------------------------------


class _Out:
    def __init__(self, c: CleanText, raw: str) -> None:
        self.c = c
        self.raw = raw
        self.items: list[TextFinding] = []
        self.starts = [0] + [i + 1 for i, ch in enumerate(raw) if ch == "\n"]

    def add(self, kind: str, a: int, b: int, why: Message, severity: Severity,
            suggestion: str | None = None, *, source: bool = False) -> None:
        """Report cleaned positions ``[a, b)`` (or source positions with ``source``)."""
        s0, s1 = (a, b) if source else self.c.source_span(a, b)
        text = " ".join(nfc(self.raw[s0:s1]).replace("|", " ")
                        .split())
        line = bisect.bisect_right(self.starts, s0)
        col = s0 - self.starts[line - 1] + 1
        self.items.append(TextFinding(kind, Span(s0, s1), text[:200], why, severity, line, col,
                                      suggestion))


_DATE_WORDS = re.compile(r"ngày[ ]*(?P<d>[0-9]{1,2})[ ]*tháng[ ]*(?P<m>[0-9]{1,2})[ ]*năm[ ]*"
                         r"(?P<y>[0-9]{4})", re.IGNORECASE)
_DATE_SLASH = re.compile(r"(?<![0-9/.])(?P<d>[0-9]{1,2})[ ]?/[ ]?(?P<m>[0-9]{1,2})[ ]?/[ ]?"
                         r"(?P<y>(?:19|20)[0-9]{2})(?![0-9/])")
_DATE_DM = re.compile(r"ngày[ ]*(?P<d>[0-9]{1,2})[ ]?/[ ]?(?P<m>[0-9]{1,2})(?![0-9])"
                      r"(?![ ]?/[ ]?[0-9])", re.IGNORECASE)
_DATE_BLANK = re.compile(r"ngày[ .…_]*tháng[ ]*(?P<m>[0-9]{1,2})?[ .…_]*năm[ ]*(?P<y>[0-9]{4})",
                         re.IGNORECASE)
_NUMBER_BLANK = re.compile(r"(?<![\w])[Ss]ố[ ]*:?[ .…_]*/[ ]*(?:[0-9]{4}[ ]*/[ ]*)?[A-ZĐ][\w&]*"
                           r"(?:-[\w&]+){0,3}")
_REPEAT = re.compile(r"(?<![\w])([^\W\d_]{2,})[ ]+(\1)(?![\w])", re.IGNORECASE)
_GLUED = re.compile(r"(?<![\w])(?P<w>[^\W\d_]*[a-zđà-ỹ][^\W\d_]*)(?P<n>[0-9]+)(?![\w])|"
                    r"(?<![\w.,])(?P<n2>[0-9]+)(?P<w2>[a-zđà-ỹ][^\W\d_]+)(?![\w])")


def _dates(c: CleanText, out: _Out) -> None:
    text = c.text
    for rx in (_DATE_WORDS, _DATE_SLASH):
        for m in rx.finditer(text):
            d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
            try:
                dt.date(y, mo, d)
            except ValueError:
                why = Message("the month does not exist in this date") if not 1 <= mo <= 12 \
                    else Message("the day does not exist in this date")
                out.add("text.date-impossible", m.start(), m.end(), why, Severity.ERROR)
    for m in _DATE_DM.finditer(text):
        d, mo = int(m.group("d")), int(m.group("m"))
        try:
            dt.date(2000, mo, d)  # a leap year: 29/02 exists
        except ValueError:
            out.add("text.date-impossible", m.start(), m.end(),
                    Message("this day and month do not exist"), Severity.ERROR)
    for m in _DATE_BLANK.finditer(text):
        why = Message("the day and month of this date are left blank") if m.group("m") is None \
            else Message("the day of this date is left blank")
        out.add("text.date-blank", m.start(), m.end(), why, Severity.WARNING)


def _numbers(c: CleanText, out: _Out) -> None:
    for m in _NUMBER_BLANK.finditer(c.text):
        out.add("text.number-blank", m.start(), m.end(),
                Message("the document number is left blank"), Severity.WARNING)


def _words(c: CleanText, out: _Out, skip_last: bool, vocab: TextVocabulary) -> None:
    """Near misses of the vocabulary, repeated words and words glued to numbers."""
    settings = _settings()
    redup = {ngram_key(x) for x in settings["reduplications"]}
    units = {x.casefold() for x in settings["glued_units"]}
    paras = c.paragraphs[:-1] if skip_last else c.paragraphs
    reported: set[tuple[int, int]] = set()
    for p in paras:
        words = words_of(p.text)
        for m in _REPEAT.finditer(p.text):
            key = ngram_key(f"{m.group(1)} {m.group(2)}")
            if key in redup or key in vocab or m.group(1).isupper():
                continue
            word = ngram_key(m.group(2))
            if word not in set(settings["near_miss"]["function_words"]) and \
                    _compounds_around(p.text, m, word, vocab):
                continue  # "tổng kết kết quả": "tổng kết" then "kết quả"
            hint = next((g for g, (n, d) in vocab.ngrams.items() if len(word) >= 4 and
                         g.endswith(" " + word) and g.count(" ") == 1 and n >= 3 and d >= 2
                         and len(g.split(" ")[0]) >= 4 and
                         _edits(g.split(" ")[0], word) <= 2), None)
            a, b = p.start + m.start(), p.start + m.end()
            reported.add((a, b))
            if hint is not None:
                out.add("text.near-miss", a, b,
                        Message("'{word}' is not in the domain's vocabulary; '{hint}' is",
                                word=m.group(0), hint=hint), Severity.WARNING, hint)
            else:
                out.add("text.repeated-word", a, b,
                        Message("the word '{word}' is written twice", word=m.group(1)),
                        Severity.WARNING)
        for n in (2, 3):
            for i in range(len(words) - n + 1):
                a, b = p.start + words[i][0], p.start + words[i + n - 1][1]
                if any(x <= a < y or x < b <= y for x, y in reported):
                    continue
                g = " ".join(w for _s, _e, w in words[i:i + n])
                if g in vocab or not _adjacent(p.text, words[i:i + n]):
                    continue
                hint = _typo(words, i, n, p.text, vocab)
                if hint is None:
                    continue
                reported.add((a, b))
                out.add("text.near-miss", a, b,
                        Message("'{word}' is not in the domain's vocabulary; '{hint}' is",
                                word=g, hint=hint), Severity.WARNING, hint)
        for m in _GLUED.finditer(p.text):
            w = m.group("w") if m.group("w") is not None else m.group("w2")
            if w.casefold() in units or w.isupper():
                continue
            out.add("text.missing-space", p.start + m.start(), p.start + m.end(),
                    Message("no space between '{w}' and the number", w=w), Severity.WARNING,
                    " ".join(x for x in (m.group("w"), m.group("n"), m.group("n2"),
                                         m.group("w2")) if x))




def _compounds_around(text: str, m: re.Match[str], word: str, vocab: TextVocabulary) -> bool:
    before = [w for _a, _b, w in words_of(text[:m.start()])][-1:]
    after = [w for _a, _b, w in words_of(text[m.end():])][:1]
    return bool(before and after and f"{before[0]} {word}" in vocab
                and f"{word} {after[0]}" in vocab)


def _quotes(c: CleanText, out: _Out, skip_last: bool) -> None:
    paras = c.paragraphs[:-1] if skip_last else c.paragraphs
    for p in paras:
        t = p.text
        depth = 0
        opened: list[int] = []
        for i, ch in enumerate(t):
            if ch == "“":
                opened.append(i)
                depth += 1
            elif ch == "”":
                if opened:
                    opened.pop()
                else:
                    out.add("text.quote-unbalanced", p.start + i, p.start + i + 1,
                            Message("a closing quotation mark ” with no opening “"),
                            Severity.WARNING)
        for i in opened:
            out.add("text.quote-unbalanced", p.start + i, p.start + min(len(t), i + 40),
                    Message("an opening quotation mark “ that is never closed"),
                    Severity.WARNING)
        straight = [i for i, ch in enumerate(t) if ch == '"']
        if len(straight) % 2:
            i = straight[-1]
            out.add("text.quote-unbalanced", p.start + i, p.start + min(len(t), i + 40),
                    Message('an odd number of straight quotation marks "'), Severity.WARNING)


def _normalisation(raw: str, out: _Out) -> None:
    composed = decomposed = 0
    first_minor: tuple[int, int] | None = None
    first = {"nfc": -1, "nfd": -1}
    for i, ch in enumerate(raw[:2_000_000]):
        if _MARKS.match(ch):
            decomposed += 1
            if first["nfd"] < 0:
                first["nfd"] = i - 1
        elif ch != unicodedata.normalize("NFD", ch) and _VIET.match(ch):
            composed += 1
            if first["nfc"] < 0:
                first["nfc"] = i
    if composed and decomposed:
        minor = "nfd" if decomposed < composed else "nfc"
        at = max(first[minor], 0)
        first_minor = (at, at + 2)
        out.add("text.mixed-normalisation", first_minor[0], first_minor[1],
                Message("the text mixes composed (NFC, {composed} letters) and decomposed (NFD, "
                        "{decomposed} marks) Vietnamese: search and sorting may miss words",
                        composed=composed, decomposed=decomposed),
                Severity.WARNING, source=True)


def _agencies(c: CleanText, out: _Out) -> None:
    from childprotect.agencies.registry import registry
    from childprotect.extract.agency_names import prefix_agency

    heads = re.compile(r"(?<![\w])" + phrase_regex(
        ["Sở", "Phòng", "Công an", "Ủy ban", "Uỷ ban", "Tòa án", "Toà án", "Viện",
         "Trung tâm", "Bộ"]) + r"(?![\w])")
    forms: dict[str, Counter[str]] = {}
    where: dict[tuple[str, str], tuple[int, int]] = {}
    for p in c.paragraphs:
        if is_caps(p.text):
            continue
        for m in heads.finditer(p.text):
            hit = prefix_agency(p.text[m.start():])
            if hit is None:
                continue
            name, kid, _end = hit
            kind = registry().kind(kid)
            if getattr(kind, "sector", None) is not None and kind.sector.value == "collective":
                continue
            surface = " ".join(name.split()).rstrip(".,;:)”\"")
            if len(surface.split()) < 3 or any(w.isupper() and len(w) > 2 for w in
                                               surface.split()):
                continue  # abbreviations ("Sở LĐTBXH") are a way of writing, not a variant
            forms.setdefault(f"{kid}|{name_key(surface)}", Counter())[surface] += 1
            where.setdefault((kid, surface), (p.start + m.start(),
                                              p.start + m.start() + len(surface)))
    for key, ways in forms.items():
        if len(ways) < 2:
            continue
        kid = key.split("|")[0]
        (major, _n), *rest = ways.most_common()
        for surface, _count in rest:
            a, b = where[(kid, surface)]
            out.add("text.agency-variants", a, b,
                    Message("the agency is written {count} ways: {ways}", count=len(ways),
                            ways="; ".join(f"'{s}' ({k}×)" for s, k in ways.most_common())),
                    Severity.WARNING, major)


_DECISION = re.compile(r"QUYẾT ĐỊNH[ ]*\n[ ]*(?:VỀ VIỆC[ ]+)?BAN HÀNH[ ]+(?P<t>[^\n]{10,400})")


def _titles(c: CleanText, out: _Out) -> None:
    """The plan's title in the decision that issues it, against the annex's own title."""
    text = c.text
    m = _DECISION.search(text)
    if m is None:
        return
    issued = m.group("t").strip(" .")
    plan_head = re.compile(r"\n[ ]*KẾ HOẠCH[ ]*\n[ ]*(?P<t>[^\n]{10,400})")
    for pm in plan_head.finditer(text, m.end()):
        annex = pm.group("t").strip(" .")
        want = re.sub(r"^KẾ HOẠCH[ ]+", "", issued, flags=re.IGNORECASE)
        if name_key(want) != name_key(annex):
            out.add("text.title-mismatch", pm.start("t"), pm.end("t"),
                    Message("the decision issues the plan as '{want}', the plan's own title is "
                            "'{annex}'", want=want, annex=annex), Severity.ERROR, want)
        return


def _header(c: CleanText, out: _Out) -> None:
    s = _settings()
    bodies = re.compile(phrase_regex(s["bodies"]) + r"\b")
    places = re.compile(phrase_regex(s["places"]) + r"[ ]+\S")
    heading = re.compile(r"(?:KẾ HOẠCH|QUYẾT ĐỊNH|CHƯƠNG TRÌNH|HƯỚNG DẪN)[ ]*:?\Z")
    header = []
    for p in c.paragraphs[:12]:
        if heading.match(p.text):
            break
        header.append(p)
    caps = [p for p in header if is_caps(p.text) or p.text.startswith("Số")]
    if not caps:
        first = c.paragraphs[0] if c.paragraphs else None
        if first is not None and heading.match(first.text):
            out.add("text.header-missing", first.start, first.end,
                    Message("the text opens with its title: the header (issuing body, number, "
                            "place and date) is missing"), Severity.WARNING)
        return
    has_body = any(bodies.match(p.text) for p in caps)
    place = next((p for p in caps if places.match(p.text)), None)
    if place is not None and not has_body:
        out.add("text.header-missing", place.start, place.end,
                Message("the header names the place ('{text}') but not the issuing body (ỦY BAN "
                        "NHÂN DÂN …)", text=place.text), Severity.WARNING)


def _plan_findings(text: str, out: _Out) -> None:
    from childprotect.extract.draft import extract_text
    from childprotect.extract.model import NO_ISSUE_DATE_CODE
    from childprotect.plans.checks import check

    draft = extract_text(text)
    spans: dict[str, Span] = {}
    for f in draft.findings:
        if f.item is not None:
            spans.setdefault(f"{f.kind}:{f.item}", f.span)
        spans.setdefault(f.kind, f.span)
    undated = any(r.code == NO_ISSUE_DATE_CODE for r in draft.review)
    for a in check(draft.plan):
        if a.kind not in PLAN_KINDS or a.severity is Severity.INFO:
            continue
        if undated and a.kind in ("date.basis-after-issue", "date.issued-after-period",
                                  "deadline.before-issue"):
            continue  # the draft's issue date is a placeholder: nothing to compare with
        m = re.match(r"(duties|targets|contacts)\[(?P<id>[^\]]+)\]", a.where)
        span = None
        if m:
            kind = {"duties": "duty", "targets": "target", "contacts": "contact"}[m.group(1)]
            hits = [f.span for f in draft.findings if f.kind == kind and f.item == m.group("id")]
            span = hits[-1] if hits else None
        b = re.match(r"document\.bases\[(?P<i>[0-9]+)\]", a.where)
        if b:
            span = spans.get(f"document.bases:bases[{b.group('i')}]")
        if span is None and a.where.startswith("document.issued"):
            span = spans.get("document.issued")
        span = span or Span(0, 0)
        out.add(a.kind, span.start, span.end,
                Message("{explanation}: {text}", explanation=a.explanation,
                        text=a.text if a.summary is None else a.summary),
                a.severity, source=True)


def check_text(text: str, *, plan: bool = True,
               vocabulary: TextVocabulary | None = None) -> list[TextFinding]:
    """Problems in the text of a plan document, in the order of the text.

    ``plan`` also drafts the plan (:func:`~childprotect.extract.extract_text`) and adds
    the contradictions its checks find; a text with no letters, or one that cannot be
    drafted, raises :class:`~childprotect.extract.NotPlanText`. ``vocabulary`` replaces
    the shipped one.
    """
    if not isinstance(text, str):
        from childprotect.extract.draft import NotPlanText

        raise NotPlanText(Message("expected text, got {kind}", kind=type(text).__name__))
    c = clean(text)
    if not any(ch.isalpha() for ch in c.text):
        from childprotect.extract.draft import NotPlanText

        raise NotPlanText(Message("the text has no letters: nothing to check"))
    out = _Out(c, text)
    from childprotect.extract.find_targets import looks_cut

    cut = looks_cut(c)
    _header(c, out)
    _numbers(c, out)
    _dates(c, out)
    if diacritic_share(text) < NO_DIACRITICS and any(ch.isalpha() for ch in text):
        out.add("text.no-diacritics", 0, min(len(text), 40),
                Message("the text has almost no Vietnamese diacritics (typed without accents, "
                        "or read by OCR): its words are not checked"),
                Severity.WARNING, source=True)
    else:
        _words(c, out, cut, vocabulary or TextVocabulary.shipped())
    _quotes(c, out, cut)
    _normalisation(text, out)
    _agencies(c, out)
    _titles(c, out)
    if plan:
        _plan_findings(text, out)
    return sorted(out.items, key=lambda f: (f.span.start, f.span.end, f.kind))


def summary(findings: Iterable[TextFinding]) -> Counter[str]:
    """How many findings of each kind."""
    return Counter(f.kind for f in findings)

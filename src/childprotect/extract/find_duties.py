"""Reporting duties and their deadlines, from the implementation and reporting sections.

>>> from childprotect.extract.clean import clean
>>> from childprotect.extract.sections import read_sections
>>> c = clean("III. TỔ CHỨC THỰC HIỆN\\n1. Sở Y tế:\\n- Định kỳ hàng năm trước ngày 30/11 báo "
...           "cáo UBND tỉnh tình hình triển khai.")
>>> d = find_duties(c, read_sections(c, 0)).duties[0]
>>> d.reporter.name_vi, d.recurrence.value, d.due.day_months[0].text()
('Sở Y tế', 'yearly', '30/11')
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache

import attrs

from childprotect.deadlines.duties import DueKind, DueRule, Party, Recurrence, ReportingDuty
from childprotect.documents.levels import AdminLevel
from childprotect.errors import ChildProtectError
from childprotect.extract.agency_names import resolve_name, split_agencies
from childprotect.extract.clean import CleanText, Paragraph, pieces
from childprotect.extract.metadata import C_FAIR, C_GOOD, C_HIGH, C_LOW
from childprotect.extract.model import Finding, Review, Span
from childprotect.extract.sections import Sections
from childprotect.extract.vocab import phrase_regex, vocabulary
from childprotect.i18n import Message
from childprotect.text.dates import DayMonth
from childprotect.text.vntext import name_key

__all__ = ["FoundDuties", "agency_heading", "find_duties"]

_UNTRANSLATED = "(not translated)"
_DATE_FULL = re.compile(r"trước[ ]+ngày[ ]*(?P<d>[0-9]{1,2})[ ]*(?:/|tháng)[ ]*(?P<m>[0-9]{1,2})"
                        r"[ ]*(?:/|năm)[ ]*(?P<y>[0-9]{4})", re.IGNORECASE)
_DATE_DM = re.compile(r"trước[ ]+ngày[ ]*(?P<d>[0-9]{1,2})[ ]*(?:/|tháng)[ ]*(?P<m>[0-9]{1,2})"
                      r"(?![ ]*(?:/|năm)[ ]*[0-9])", re.IGNORECASE)
_SPLIT = re.compile(r";|\.[ ]+(?=[^\W\d_])|[ ]+(?=và báo cáo\b)|,[ ]+(?=(?:tổng kết|sơ kết)\b)")
_YEARS = re.compile(r"\(?[ ]*0?([0-9]{1,2})[ ]*năm[ ]*\)?")
_EVERY = (("xã", AdminLevel.COMMUNE), ("phường", AdminLevel.COMMUNE),
          ("huyện", AdminLevel.DISTRICT), ("quận", AdminLevel.DISTRICT))


@attrs.frozen
class FoundDuties:
    duties: tuple[ReportingDuty, ...]
    findings: tuple[Finding, ...]
    review: tuple[Review, ...]


def agency_heading(title: str) -> bool:
    """Whether a section title names an agency ("Sở Y tế", "Ủy ban nhân dân các xã")."""
    heads = vocabulary().agencies.heads
    t = re.sub(r"^(?:Đề nghị|Giao)[ ]+", "", title)
    return re.match(phrase_regex(heads) + r"\b", t) is not None


def _duty_sections(s: Sections) -> set[str]:
    words = [name_key(w) for w in vocabulary().duties.duty_sections]
    tops = {x.id for x in s.sections if x.parent is None and any(
        w in name_key(x.title_vi) for w in words)}
    return {x.id for x in s.sections if x.id.split(".")[0] in tops}


def find_duties(c: CleanText, s: Sections) -> FoundDuties:
    """The reporting duties of a cleaned plan text."""
    voc = vocabulary().duties
    report_rx = re.compile(r"\b(?:" + phrase_regex(voc.report_words) + r")\b", re.IGNORECASE)
    wanted = _duty_sections(s)
    titles = {x.id: x.title_vi for x in s.sections}
    duties: list[ReportingDuty] = []
    findings: list[Finding] = []
    review: list[Review] = []
    letters: dict[str, int] = {}
    for i, p in enumerate(c.paragraphs):
        sid = s.section_of[i]
        if sid is None or sid not in wanted:
            continue
        text = p.text
        if not report_rx.search(text):
            continue
        owner = titles.get(sid, "")
        owner_is_agency = agency_heading(owner)
        if owner_is_agency:
            owner = _subject(owner) or owner
        start = len(text) - len(text.lstrip(" -+•–"))
        heading = s.heading_at.get(i)
        if heading is not None:
            if ":" not in text and len(text) < 60:
                continue
            m = re.match(r"(?:[0-9]{1,2}\.){1,3}[ ]*|[0-9]{1,2}[.)][ ]*", text)
            start = m.end() if m else start
            colon = text.find(":", start, start + 160)
            if colon > 0 and owner_is_agency:
                start = colon + 1
        sentence_made: list[tuple[int, int, int]] = []  # (index in duties, start, end)
        for a, b in _clauses(text, start):
            clause = text[a:b]
            if not _is_duty(clause):
                continue
            reporter = _reporter(text, start, a, owner if owner_is_agency else None)
            try:
                duty, conf, note = _duty(clause, sid, reporter, letters, text[start:])
            except ChildProtectError as exc:
                s0, s1 = c.source_span(p.start + a, p.start + b)
                review.append(Review("duty", " ".join(clause.split()), Span(s0, s1), str(exc)))
                continue
            sentence_made.append((len(duties), a, b))
            duties.append(duty)
            s0, s1 = c.source_span(p.start + a, p.start + b)
            findings.append(Finding("duty", " ".join(clause.split()), Span(s0, s1), conf,
                                    duty.id))
            if note:
                review.append(Review("duty", " ".join(clause.split()), Span(s0, s1),
                                     Message("{id}: {note}", id=duty.id, note=note).text()))
        _forwarded(c, p, text, sentence_made, duties, findings, letters)
    duties, linked = _link_reports(duties)
    for first, other in linked:
        span = next((f.span for f in findings if f.item == other.id), Span(0, 0))
        review.append(Review("duty", other.text_vi, span,
                             Message("{id}: the same report as {first} (same reporter, "
                                     "recipient and subject): drafted as one report ({report})",
                                     id=other.id, first=first.id, report=first.report).text()
                             + ("" if _same_due(first, other) else ", " + Message(
                                 "due {there} there and {here} here", there=first.due.text(),
                                 here=other.due.text()).text())))
    return FoundDuties(tuple(duties), tuple(findings), tuple(review))


_SUBJECTS = (("sáu tháng", "6 tháng", "06 tháng"), ("giữa kỳ",), ("tổng kết",), ("sơ kết",),
             ("quỹ",), ("xây dựng kế hoạch", "kế hoạch thực hiện cụ thể"))


def _subject_key(d: ReportingDuty) -> str:
    """What a report is about, as a coarse class: a review (six-month, mid-term, final),
    a fund, the locality's own plan, or else the progress of the plan."""
    low = name_key(f"{d.content_vi} {d.text_vi}")
    for words in _SUBJECTS:
        if any(w in low for w in words):
            return words[0]
    return "progress"


def _party_keys(name: str) -> frozenset[str]:

    kid = resolve_name(name)
    if kid is not None:
        return frozenset({kid})
    kinds = {k for _n, k in split_agencies(name) if k is not None}
    return frozenset(kinds) if kinds else frozenset({name_key(name)})


def _same_due(a: ReportingDuty, b: ReportingDuty) -> bool:
    return (a.due.kind, a.due.date, a.due.day_months) == (b.due.kind, b.due.date,
                                                          b.due.day_months)


def _link_reports(duties: list[ReportingDuty]
                  ) -> tuple[list[ReportingDuty], list[tuple[ReportingDuty, ReportingDuty]]]:
    """Give one report id to the duties that state the same report: same reporter (an
    agency in common), same recipient, same recurrence and the same subject. Two of them
    with different dates are then a contradiction ``check`` reports."""
    out = list(duties)
    linked: list[tuple[ReportingDuty, ReportingDuty]] = []
    keys: list[tuple[frozenset[str], frozenset[str], str, str] | None] = []
    for d in out:
        if d.reporter.name_vi.startswith("(") or d.recipient is None or d.recurrence in (
                Recurrence.UNSTATED, Recurrence.AS_NEEDED):
            keys.append(None)
            continue
        keys.append((_party_keys(d.reporter.name_vi), _party_keys(d.recipient.name_vi),
                     d.recurrence.value, _subject_key(d)))
    for j, kj in enumerate(keys):
        if kj is None:
            continue
        for i in range(j):
            ki = keys[i]
            if ki is None or not (ki[0] & kj[0]) or ki[1] != kj[1] or ki[2:] != kj[2:]:
                continue
            if out[i].section == out[j].section:
                continue  # one paragraph: two reports
            out[j] = attrs.evolve(out[j], report=out[i].report)
            linked.append((out[i], out[j]))
            break
    return out, linked


def _clauses(text: str, off: int) -> list[tuple[int, int]]:
    res = []
    for a, b in pieces(_SPLIT, text, off):
        while a < b and text[a] in " ,;-":
            a += 1
        if text.startswith("và ", a):
            a += 3
        while b > a and text[b - 1] in " ,;":
            b -= 1
        if b > a:
            res.append((a, b))
    return res


def _is_duty(clause: str) -> bool:
    voc = vocabulary().duties
    low = " ".join(clause.split())
    for m in re.finditer(r"\bbáo cáo\b", low, re.IGNORECASE):
        before = low[max(0, m.start() - 14):m.start()].casefold().rstrip()
        after = low[m.end():m.end() + 6].casefold()
        if any(before.endswith(w.casefold()) for w in voc.not_a_duty_before):
            continue
        if any(after.startswith(w.casefold()) for w in voc.not_a_duty_after):
            continue
        return True
    if re.match(r"(?:tổng kết|sơ kết)\b", low, re.IGNORECASE):
        return True
    sm = re.search(r"\btổng hợp\b", low, re.IGNORECASE)
    if sm:
        opener = re.compile(r"\b(?:" + phrase_regex(voc.recipient_openers) + r")[ ]+" +
                            phrase_regex(vocabulary().agencies.heads) + r"\b")
        return opener.search(low, sm.end()) is not None
    return False


def _reporter(text: str, start: int, at: int, owner: str | None) -> Party:
    sentence_start = max(text.rfind(". ", start, at) + 2, start)
    head = text[sentence_start:at] if at > sentence_start else ""
    subject = _subject(text[sentence_start:])
    if subject is None and owner is None:
        subject = _subject(head)
    if not (subject or owner):  # (the placeholder's two names: name_vi, name_en)
        return Party("(không nêu đơn vị báo cáo)", "(reporter not named)")
    name = re.sub(r"^(?:Đề nghị|Giao)[ ]+", "", " ".join((subject or owner or "").split())
                  ).strip(" ,:")
    low = name_key(name)
    every = None
    if " các " in f" {low} ":
        every = next((lv for w, lv in _EVERY if f"các {w}" in low), None)
    return Party(name, _UNTRANSLATED, every)


@lru_cache(maxsize=1)
def _subject_end() -> re.Pattern[str]:
    return re.compile(r"[ ]+(?:" + phrase_regex(vocabulary().duties.subject_ends) + r")\b|[:]",
                      re.IGNORECASE)


def _subject(text: str) -> str | None:
    t = re.sub(r"^(?:Căn cứ (?:vào )?Kế hoạch này,?|Trước ngày [^,]{1,40},|Trong quá trình"
               r" [^,]{1,40},(?: nếu [^,]{1,40},)?|Giao)[ ]*", "", text.strip(), flags=re.I)
    if not agency_heading(t) and not re.match(r"(?:UBND|các)\b", t):
        return None
    m = _subject_end().search(t)
    if not m or m.start() == 0 or m.start() > 200:
        return None
    return t[:m.start()].strip(" ,")


def _due(clause: str, full: str) -> tuple[DueRule, Recurrence, int | None, str | None]:
    voc = vocabulary().duties
    low = " ".join(clause.split())
    fm = _DATE_FULL.search(low)
    yearly = re.search(phrase_regex(voc.yearly), low, re.IGNORECASE) is not None
    evaluation = re.search(phrase_regex(voc.evaluation_year), low, re.IGNORECASE) is not None
    if fm:
        d = dt.date(int(fm.group("y")), int(fm.group("m")), int(fm.group("d")))
        return (DueRule(DueKind.FIXED_DATE, fm.group(0), date=d), Recurrence.ONCE, None, None)
    dm = _DATE_DM.search(low)
    if dm:
        rule = DueRule(DueKind.DAY_MONTH, dm.group(0),
                       day_months=(DayMonth(int(dm.group("d")), int(dm.group("m"))),))
        if evaluation:
            return rule, Recurrence.EVALUATION_YEAR, None, None
        if yearly:
            return rule, Recurrence.YEARLY, None, None
        return rule, Recurrence.YEARLY, None, Message(
            "a day and month with no year: drafted as yearly").text()
    rule = DueRule(DueKind.UNSTATED, low)
    mid = re.search(phrase_regex(voc.mid_term), low, re.IGNORECASE)
    if mid:
        ym = _YEARS.search(low, mid.end())
        if ym:
            return rule, Recurrence.MID_TERM, int(ym.group(1)), None
        return rule, Recurrence.MID_TERM, 1, Message(
            "mid-term review without a number of years").text()
    if re.search(r"\btổng kết\b[^;]{0,12}\b[0-9]{1,2}[ ]*năm\b", low, re.IGNORECASE):
        return rule, Recurrence.END_OF_PERIOD, None, None
    if re.search(phrase_regex(voc.as_needed), low, re.IGNORECASE):
        return rule, Recurrence.AS_NEEDED, None, None
    if evaluation:
        return rule, Recurrence.EVALUATION_YEAR, None, Message("no date stated").text()
    return rule, Recurrence.UNSTATED, None, None


def _recipient(clause: str) -> Party | None:
    heads = vocabulary().agencies.heads
    rx = re.compile(r"\b(?:báo cáo|về|cho|gửi về|gửi|tổng hợp,? báo cáo)[ ]+(?P<n>(?:"
                    + phrase_regex(heads) + r")\b[^,;.(]{0,80})")
    m = rx.search(clause)
    if not m:
        return None
    name = re.split(r"[ ]+(?:tình hình|kết quả|trước|để|thông qua|theo|định kỳ|xem xét|"
                    r"nắm|về)\b", m.group("n"))[0].strip()
    return Party(name, _UNTRANSLATED) if name else None


def _via(clause: str) -> Party | None:
    m = re.search(r"\b(?:thông qua|\(qua)[ ]+(?P<n>[^,;.()]{3,80})", clause)
    if not m:
        return None
    name = re.split(r"[ ]+(?:để|theo)\b", m.group("n"))[0].strip()
    return Party(name, _UNTRANSLATED) if name else None


def _duty(clause: str, sid: str, reporter: Party, letters: dict[str, int],
          full: str) -> tuple[ReportingDuty, Decimal, str | None]:
    rule, rec, after, note = _due(clause, full)
    n = letters.get(sid, 0)
    letters[sid] = n + 1
    did = f"{sid}-{_letter(n)}"
    content = _content(clause)
    duty = ReportingDuty(
        id=did, text_vi=" ".join(clause.split()), reporter=reporter, content_vi=content,
        content_en=_UNTRANSLATED, report=did.lower().replace(".", "-"), recurrence=rec,
        due=rule, section=sid, recipient=_recipient(clause), via=_via(clause),
        after_years=after)
    conf = C_HIGH if rule.kind is not DueKind.UNSTATED else (
        C_GOOD if rec in (Recurrence.MID_TERM, Recurrence.END_OF_PERIOD) else C_FAIR)
    if reporter.name_vi.startswith("("):
        note = "; ".join(x for x in (note, Message("no reporter named").text()) if x)
        conf = C_LOW
    return duty, conf, note


def _content(clause: str) -> str:
    low = " ".join(clause.split())
    m = re.search(r"\b(báo cáo (?:sơ kết|tổng kết)[^,;]{0,30}?|(?:tình hình|kết quả)[^,;]{0,60}?)"
                  r"(?=[ ]+(?:trước|về|cho|gửi|thông qua|để|theo)\b|[,;.]|\Z)", low)
    if m:
        return m.group(1).strip()
    return low[:120]


def _letter(n: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[n] if n < 26 else f"z{n}"


def _forwarded(c: CleanText, p: Paragraph, text: str, made: list[tuple[int, int, int]],
               duties: list[ReportingDuty], findings: list[Finding],
               letters: dict[str, int]) -> None:
    """"… gửi X để (tổng hợp) báo cáo Y": X owes Y a report too, fed by the first one.

    ``made`` holds the index in ``duties`` of each duty drafted from this paragraph (a
    duty named by two forwarding phrases feeds both reports).
    """
    voc = vocabulary().duties
    rx = re.compile(r"\b(?:" + phrase_regex(voc.forward) + r")[ ]+(?P<x>[^,;]{3,100}?)[ ]+"
                    r"(?:" + phrase_regex(voc.forward_then) + r")[ ]+(?P<y>[^;.]{3,120})")
    for m in rx.finditer(text):
        sentence_start = text.rfind(". ", 0, m.start()) + 1
        sources = [k for k, a, _b in made if sentence_start <= a < m.end()]
        for k in sources:
            src = duties[k]
            sid = src.section or ""
            n = letters.get(sid, 0)
            letters[sid] = n + 1
            did = f"{sid}-{_letter(n)}"
            y = re.split(r"[ ]+(?:theo|xem xét)\b", m.group("y"))[0].strip()
            derived = ReportingDuty(
                id=did, text_vi=" ".join(m.group(0).split()),
                reporter=Party(" ".join(m.group("x").split()), _UNTRANSLATED),
                content_vi=src.content_vi, content_en=_UNTRANSLATED,
                report=did.lower().replace(".", "-"), recurrence=src.recurrence,
                due=DueRule(DueKind.UNSTATED, " ".join(m.group(0).split())), section=sid,
                recipient=Party(y, _UNTRANSLATED) if y else None,
                after_years=src.after_years)
            duties[k] = attrs.evolve(src, feeds=(*src.feeds, derived.report))
            duties.append(derived)
            s0, s1 = c.source_span(p.start + m.start(), p.start + m.end())
            findings.append(Finding("duty", derived.text_vi, Span(s0, s1), C_FAIR, did))

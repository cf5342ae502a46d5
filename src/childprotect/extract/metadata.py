"""Document metadata from the header and preamble: number, issuer, date, title, period, bases.

>>> from childprotect.extract.clean import clean
>>> c = clean("ỦY BAN NHÂN DÂN\\nTỈNH BẮC KẠN\\nSố: 352/QĐ-UBND\\n"
...           "Bắc Kạn, ngày 08 tháng 3 năm 2019\\nKẾ HOẠCH\\n"
...           "PHÒNG, CHỐNG XÂM HẠI TRẺ EM GIAI ĐOẠN 2020 - 2025\\n")
>>> m = read_metadata(c)
>>> m.document.number.text, m.document.issued.iso(), str(m.document.period)
('352/QĐ-UBND', '2019-03-08', '2020–2025')
>>> m.document.issuer.name_vi
'Ủy ban nhân dân tỉnh Bắc Kạn'
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import attrs

from childprotect.documents.document import (
    AdminLevel,
    DateText,
    Document,
    DocumentNumber,
    DocumentRef,
    Issuer,
    Period,
    Relation,
)
from childprotect.errors import ChildProtectError
from childprotect.extract.clean import CleanText, Paragraph, is_caps
from childprotect.extract.model import NO_ISSUE_DATE, NO_ISSUE_DATE_CODE, Finding, Review, Span
from childprotect.extract.vocab import phrase_regex, vocabulary
from childprotect.i18n import Message
from childprotect.text.vntext import name_key

__all__ = ["Metadata", "read_metadata", "sentence_case", "shorten_title"]

_NUMBER_TEXT = re.compile(
    r"[0-9]{0,6}[ ]*/[ ]*(?:[0-9]{4}[ ]*/[ ]*)?[^\W\d_][\w&]*(?:[ ]*-[ ]*[\w&]+){0,4}"
)
_NUMBER_LINE = re.compile(r"Số[ ]*:[ ]*(?P<num>.{0,60})\Z")
_DATE_WORDS = re.compile(
    r"ngày[ ]*(?:[0-9]{1,2})?[ ]*tháng[ ]*[0-9]{1,2}[ ]*(?:năm[ ]*|/[ ]*)[0-9]{4}", re.IGNORECASE
)
_DATE_SLASH = re.compile(r"ngày[ ]*[0-9]{1,2}[ ]*[/.-][ ]*[0-9]{1,2}[ ]*[/.-][ ]*[0-9]{4}",
                         re.IGNORECASE)
_PLACE_DATE = re.compile(r"(?:Số[ ]*:[ ]*[^ ]{0,40}[ ]+)?(?P<place>[^\W\d_][^,\n/]{0,40}),[ ]*"
                         r"(?P<date>ngày\b.*)\Z")
_ATTACHED = re.compile(r"\(?[ ]*Kèm theo (?P<kind>[^\W\d_]+(?: [^\W\d_]+)?) số[ ]*:?[ ]*"
                       r"(?P<num>[0-9]{1,6}[ ]*/[^ ]{1,30})")
_PERIOD_RANGE = re.compile(r"(?:giai đoạn|thời kỳ|từ năm)?[ ]*((?:19|20)[0-9]{2})[ ]*[-–—]"
                           r"[ ]*(?:đến[ ]*)?((?:19|20)[0-9]{2})", re.IGNORECASE)
_PERIOD_YEAR = re.compile(r"năm[ ]*((?:19|20)[0-9]{2})", re.IGNORECASE)
_PERIOD_TO = re.compile(r"(?:đến|tới)[ ]+(?:hết[ ]+)?năm[ ]*((?:19|20)[0-9]{2})", re.IGNORECASE)
_SECTION_START = re.compile(r"(?:[IVX]{1,5}\.[ ]|Điều[ ]+1\b)")
_TITLE_MAX = 120

C_HIGH = Decimal("0.95")
C_GOOD = Decimal("0.85")
C_FAIR = Decimal("0.7")
C_LOW = Decimal("0.5")


@attrs.frozen
class Metadata:
    """The document identity drafted from the header, with findings and review items."""

    document: Document
    findings: tuple[Finding, ...]
    review: tuple[Review, ...]
    body_start: int  # index of the first paragraph after the preamble


def shorten_title(text: str) -> str:
    """A heading as a section title: up to its colon, no final stop, at most ~120 characters.

    >>> shorten_title("Sở Nội vụ: Chủ trì và phối hợp")
    'Sở Nội vụ'
    >>> len(shorten_title("rất dài " * 40)) <= 121
    True
    """
    t = " ".join(text.split())
    head = t.split(":", 1)[0].strip()
    head = head.rstrip(" .;,").strip() or t.rstrip(" .")
    if head.endswith("./"):
        head = head[:-2]
    if len(head) > _TITLE_MAX:
        head = head[:_TITLE_MAX].rsplit(" ", 1)[0] + " …"
    return head


def sentence_case(caps: str, body: str) -> str:
    """A title written in capitals, in sentence case, keeping names as the body writes them.

    >>> sentence_case("KẾ HOẠCH BẢO VỆ TRẺ EM TỈNH BẮC KẠN", "ở tỉnh Bắc Kạn và Bắc Kạn")
    'Kế hoạch bảo vệ trẻ em tỉnh Bắc Kạn'
    """
    forms: dict[str, Counter[str]] = {}
    for para in body[:300_000].split("\n"):
        if is_caps(para):
            continue
        words = para.split()
        for i, w in enumerate(words):
            core = w.strip(".,;:()“”\"'")
            if not core or i == 0 or words[i - 1].endswith((".", ":")):
                continue
            forms.setdefault(core.casefold(), Counter())[core] += 1
    out: list[str] = []
    for i, w in enumerate(caps.split()):
        lead = w[: len(w) - len(w.lstrip("(“\"'"))]
        core = w[len(lead):]
        tail_len = len(core) - len(core.rstrip(".,;:)”\"'"))
        tail = core[len(core) - tail_len:] if tail_len else ""
        core = core[: len(core) - tail_len] if tail_len else core
        if any(ch.isdigit() for ch in core) or "/" in core or "-" in core[1:]:
            word = core
        else:
            seen = forms.get(core.casefold())
            if seen:
                word = seen.most_common(1)[0][0]
            elif len(core) <= 5 and core.isupper() and _looks_abbreviation(core):
                word = core
            else:
                word = core.lower()
        if (i == 0 or lead) and word[:1].islower():
            word = word[:1].upper() + word[1:]
        out.append(lead + word + tail)
    return " ".join(out)


def _looks_abbreviation(word: str) -> bool:
    vowels = set("AĂÂEÊIOÔƠUƯYÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ")
    return not any(c in vowels for c in word)


def _title_place(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def _finding(c: CleanText, kind: str, p: Paragraph, a: int, b: int, conf: Decimal,
             item: str | None = None) -> Finding:
    s, e = c.source_span(p.start + a, p.start + b)
    return Finding(kind, " ".join(p.text[a:b].split()), Span(s, e), conf, item)


def _review(c: CleanText, kind: str, p: Paragraph | None, reason: Message,
            code: str | None = None) -> Review:
    if p is None:
        return Review(kind, "", Span(0, 0), reason.text(), code)
    s, e = c.source_span(p.start, p.end)
    return Review(kind, " ".join(p.text.split())[:300], Span(s, e), reason.text(), code)


def read_metadata(c: CleanText) -> Metadata:
    """Draft the :class:`~childprotect.documents.document.Document` of a cleaned text."""
    voc = vocabulary()
    paras = c.paragraphs
    findings: list[Finding] = []
    review: list[Review] = []
    heading_rx = re.compile(phrase_regex(voc.cleaning.document_headings) + r"[ ]*:?\Z")
    window = paras[:60]

    # --- number --------------------------------------------------------------------------
    number: DocumentNumber | None = None
    for p in window:
        m = _NUMBER_LINE.match(p.text)
        if m:
            raw = m.group("num").strip()
            nm = _NUMBER_TEXT.match(raw)
            if nm:
                try:
                    number = DocumentNumber.parse(nm.group(0))
                except ChildProtectError:
                    number = None
                if number is not None:
                    if number.sequence is None:
                        number = DocumentNumber.parse(c.verbatim(
                            p.start, p.start + m.start("num") + nm.end()))
                        review.append(_review(c, "document.number", p,
                                              Message("the document number is left blank")))
                    findings.append(_finding(c, "document.number", p, m.start("num"),
                                             m.start("num") + nm.end(), C_HIGH))
                    break
    attached_date: tuple[Paragraph, re.Match[str]] | None = None
    for p in paras[:200]:
        m = _ATTACHED.search(p.text)
        if m:
            dm = _DATE_SLASH.search(p.text, m.end()) or _DATE_WORDS.search(p.text, m.end())
            if dm:
                attached_date = (p, dm)
            if number is None:
                nm = _NUMBER_TEXT.match(m.group("num"))
                if nm:
                    try:
                        number = DocumentNumber.parse(nm.group(0))
                        findings.append(_finding(c, "document.number", p, m.start("num"),
                                                 m.start("num") + nm.end(), C_GOOD))
                    except ChildProtectError:
                        pass
            break
    if number is None:
        number = DocumentNumber.parse("/KH")
        review.append(_review(c, "document.number", None, Message("no document number found")))

    # --- issue date ----------------------------------------------------------------------
    issued: DateText | None = None
    place_line = ""
    for p in window:
        m = _PLACE_DATE.match(p.text)
        if m:
            dm = _DATE_WORDS.search(p.text, m.start("date")) or _DATE_SLASH.search(
                p.text, m.start("date"))
            if dm:
                issued = DateText.parse(c.verbatim(p.start + dm.start(), p.start + dm.end()))
                place_line = m.group("place").strip()
                findings.append(_finding(c, "document.issued", p, dm.start(), dm.end(),
                                         C_HIGH if issued.value is not None else C_FAIR))
                break
    if issued is None and attached_date is not None:
        p, dm = attached_date
        issued = DateText.parse(c.verbatim(p.start + dm.start(), p.start + dm.end()))
        findings.append(_finding(c, "document.issued", p, dm.start(), dm.end(), C_GOOD))
    if issued is None:
        issued = DateText.parse("1900")
        review.append(_review(c, "document.issued", None, NO_ISSUE_DATE, NO_ISSUE_DATE_CODE))
    elif issued.value is None:
        review.append(Review("document.issued", issued.text, findings[-1].span,
                             issued.problem or Message("the issue date does not exist").text()))
    elif issued.value.day is None:
        review.append(Review("document.issued", issued.text, findings[-1].span,
                             Message("the day of the issue date is left blank").text()))

    # --- issuer --------------------------------------------------------------------------
    issuer, issuer_review = _issuer(c, window, place_line, findings)
    review.extend(issuer_review)

    # --- title ---------------------------------------------------------------------------
    title = ""
    title_at = -1
    plan_title = ""
    for i, p in enumerate(paras[:200]):
        if (heading_rx.match(p.text) and not p.text.rstrip().endswith(":")
                and i + 1 < len(paras)):
            nxt = paras[i + 1]
            text = nxt.text
            if not re.match(r"(?:Căn cứ|\(Kèm theo)", text):
                if not title:
                    title = _clean_title(text, c.text)
                    title_at = i + 1
                    findings.append(_finding(c, "document.title", nxt, 0, len(text),
                                             C_GOOD if is_caps(text) else C_FAIR))
                elif not plan_title:
                    plan_title = _clean_title(text, c.text)
    if not title:
        title, title_at = _title_without_heading(c, paras, findings)
        if title:
            review.append(_review(c, "document.title", paras[title_at],
                                  Message("no 'KẾ HOẠCH' heading: the title is the first "
                                          "line in capitals (or the first line) before the "
                                          "preamble")))
    if not title:
        review.append(_review(c, "document.title", None, Message("no title after the heading")))

    # --- period --------------------------------------------------------------------------
    period = None
    issue_year = issued.value.year if issued.value is not None else None
    for source in (title, plan_title):
        m = _PERIOD_RANGE.search(source)
        if m and int(m.group(2)) >= int(m.group(1)):
            period = Period(int(m.group(1)), int(m.group(2)))
            break
        to = _PERIOD_TO.search(source)
        if to:
            end = int(to.group(1))
            start = issue_year if issue_year is not None and issue_year <= end else end
            period = Period(start, end)
            which = Message("the issue year") if start == issue_year else \
                Message("the end year (no issue year)")
            review.append(_review(c, "document.period", paras[max(title_at, 0)],
                                  Message("the title gives an end ({end}) but no start: the "
                                          "period is drafted from {start}, {which}",
                                          end=to.group(0), start=start, which=which)))
            break
        y = _PERIOD_YEAR.search(source)
        if y:
            period = Period(int(y.group(1)), int(y.group(1)))
            break
    if period is None:
        start = issued.value.year if issued.value is not None else 1900
        period = Period(start)
        review.append(_review(c, "document.period", paras[max(title_at, 0)] if paras else None,
                              Message("the title states no period: drafted as open-ended from "
                                      "{start}", start=start)))
    else:
        findings.append(Finding("document.period", str(period), findings[-1].span
                                if findings else Span(0, 0), C_GOOD))

    # --- bases ---------------------------------------------------------------------------
    bases, body_start = _bases(c, paras, title_at, number, findings, review)
    home = (issuer.place or "").split(",")[0].strip()
    if home:
        bases = [attrs.evolve(b, issuer_vi=f"{b.issuer_vi} {home}") if b.issuer_vi and re.search(
            r"\b(?:tỉnh|thành phố|huyện)\Z", b.issuer_vi) else b for b in bases]
        title = _recase_place(title, home)

    signer = _signer(paras)
    doc = Document(number=number, issuer=issuer, issued=issued, title_vi=title,
                   title_en="", period=period, bases=tuple(bases), signer=signer)
    review.append(Review("document.title_en", doc.title_vi, Span(0, 0),
                         Message("write the English texts (the title_en of the document, each "
                                 "target's text_en and indicator name_en, numerator and "
                                 "denominator ids, each duty's content_en): the extractor does "
                                 "not translate").text()))
    return Metadata(doc, tuple(findings), tuple(review), body_start)


def _recase_place(title: str, place: str) -> str:
    i = title.casefold().find(place.casefold())
    if i < 0:
        return title
    return title[:i] + place + title[i + len(place):]


def _clean_title(text: str, body: str) -> str:
    t = " ".join(text.split())
    if is_caps(t):
        t = sentence_case(t, body)
    return t.rstrip(" .")


def _issuer(c: CleanText, window: tuple[Paragraph, ...], place_line: str,
            findings: list[Finding]) -> tuple[Issuer, list[Review]]:
    voc = vocabulary().documents
    levels = sorted(voc.levels, key=lambda lv: -len(lv.phrase))
    level_rx = re.compile(
        r"(?P<level>" + phrase_regex([lv.phrase for lv in levels]) + r")[ ]+(?P<place>.{2,60})\Z",
        re.IGNORECASE)
    body_rx = re.compile(phrase_regex([b.phrase for b in voc.issuer_bodies]) + r"[ ]*",
                         re.IGNORECASE)
    review: list[Review] = []
    lead_rx = re.compile(r"(?:(?:TM|KT)\.[ ]*)?(?:(?:PHÓ[ ]+)?CHỦ TỊCH[ ]+)?")
    sign = c.paragraphs[-15:] if len(c.paragraphs) > len(window) else ()
    for n, p in enumerate((*window, *sign)):
        if not is_caps(p.text):
            continue
        text = " ".join(p.text.split())
        lead = lead_rx.match(text)
        signed = False
        if lead is not None and lead.end() and body_rx.match(text, lead.end()):
            signed = text.startswith(("TM.", "KT.")) or n >= len(window)
            text = text[lead.end():]
        bm = body_rx.match(text)
        body_vi, body_en = "Ủy ban nhân dân", "People's Committee"
        rest = text
        if bm:
            for b in voc.issuer_bodies:
                if name_key(b.phrase) == name_key(bm.group(0)):
                    body_vi, body_en = b.name_vi, b.name_en
            rest = text[bm.end():]
        lm = level_rx.match(rest)
        if not lm or name_key(text).startswith("cộng hòa"):
            continue
        level_word = lm.group("level").lower()
        place = _title_place(lm.group("place"))
        level_id = next(lv.level for lv in levels if lv.phrase == level_word)
        conf = C_HIGH if bm else C_GOOD
        if level_word == "thành phố":
            cities = {name_key(x) for x in voc.province_level_cities.places}
            if name_key(place) in cities:
                level_id = "province"
            else:
                review.append(_review(c, "document.issuer", p,
                                      Message("a city's People's Committee: check whether the "
                                              "city is province level or district level")))
                conf = C_FAIR
        full_place = place
        if level_id == "district":
            prov = _province_of(c.text)
            if prov:
                full_place = f"{place}, {prov}"
        level_en = voc.level_names_en.get(level_word, level_word)
        findings.append(_finding(c, "document.issuer", p, 0, len(p.text), conf))
        if signed or n >= len(window):
            review.append(_review(c, "document.issuer", p, Message(
                "the header does not name the issuer's place: the issuer is read from the "
                "signature block")))
        return Issuer(f"{body_vi} {level_word} {place}", f"{body_en} of {place} {level_en}",
                      AdminLevel(level_id), full_place), review
    guessed = _issuer_from_text(c, place_line)
    if guessed is not None:
        level_word, place, level_id, p = guessed
        full_place = place
        if level_id == "district":
            prov = _province_of(c.text)
            if prov and name_key(prov) != name_key(place):
                full_place = f"{place}, {prov}"
        level_en = voc.level_names_en.get(level_word, level_word)
        findings.append(_finding(c, "document.issuer", p, 0, len(p.text), C_FAIR))
        review.append(_review(c, "document.issuer", p,
                              Message("the header does not name the issuer's place: read as "
                                      "'{level_word} {place}' from the text (check it)",
                                      level_word=level_word, place=place)))
        return Issuer(f"Ủy ban nhân dân {level_word} {place}",
                      f"People's Committee of {place} {level_en}", AdminLevel(level_id),
                      full_place), review
    review.append(_review(c, "document.issuer", None,
                          Message("no issuer found in the header: drafted as an unknown "
                                  "province")))
    return Issuer("Ủy ban nhân dân", "People's Committee", AdminLevel.PROVINCE,
                  place_line or None), review


def _issuer_from_text(c: CleanText, place_line: str
                      ) -> tuple[str, str, str, Paragraph] | None:
    """The issuer's level and place when the header names no place: the place of the
    place-date line written with its level in the title or preamble ("… TỈNH QUẢNG BÌNH
    …"), or the level the preamble gives the issuing committee ("Ủy ban nhân dân huyện
    xây dựng …") with the first place of that level the text names."""
    voc = vocabulary().documents
    words = sorted((lv.phrase for lv in voc.levels), key=len, reverse=True)
    level_of = {lv.phrase: lv.level for lv in voc.levels}
    cities = {name_key(x) for x in voc.province_level_cities.places}
    paras = c.paragraphs[:40]
    if place_line:
        parts = [w for w in re.split(r"[ ]*-[ ]*|[ ]+", place_line) if w]
        rx = re.compile(r"\b(?P<l>" + phrase_regex(words) + r")[ ]+" +
                        r"(?:[ ]*-[ ]*|[ ]+)".join(re.escape(w) for w in parts) + r"\b",
                        re.IGNORECASE)
        for p in paras:
            m = rx.search(p.text)
            if m:
                lw = m.group("l").lower()
                level = level_of[lw]
                if lw == "thành phố" and name_key(place_line) in cities:
                    level = "province"
                return lw, place_line, level, p
        return None
    body = re.compile(r"(?:Ủy|Uỷ) ban nhân dân[ ]+(?P<l>tỉnh|huyện|thị xã|quận)\b"
                      r"(?![ ]+[A-ZĐ])")
    for p in paras:
        m = body.search(p.text)
        if m is None:
            continue
        lw = m.group("l").lower()
        named = re.compile(r"\b" + re.escape(lw) + r"[ ]+((?:[A-ZĐ][^\W\d_]*[ ]?){1,3})")
        for q in paras:
            n = named.search(q.text)
            if n:
                return lw, n.group(1).strip(), level_of[lw], p
    return None


def _title_without_heading(c: CleanText, paras: tuple[Paragraph, ...],
                           findings: list[Finding]) -> tuple[str, int]:
    """A title when no "KẾ HOẠCH" line heads it: the first line in capitals after the
    place-date line, or a first line that opens with "Kế hoạch"."""
    voc = vocabulary().cleaning
    mottos = re.compile(phrase_regex(voc.motto_lines), re.IGNORECASE)
    seen_date = False
    for i, p in enumerate(paras[:30]):
        t = p.text
        if _PLACE_DATE.match(t):
            seen_date = True
            continue
        if not seen_date:
            continue
        if re.match(r"(?:Căn cứ|Thực hiện|Theo|Xét|I\.|1\.)", t):
            break
        if is_caps(t) and not mottos.match(t) and not re.match(
                r"(?:ỦY|UỶ|UBND|CỘNG|Số)\b", t):
            findings.append(_finding(c, "document.title", p, 0, len(t), C_FAIR))
            return _clean_title(t, c.text), i
    if paras and re.match(r"Kế hoạch\b", paras[0].text) and len(paras[0].text) < 300:
        findings.append(_finding(c, "document.title", paras[0], 0, len(paras[0].text), C_LOW))
        return _clean_title(paras[0].text, c.text), 0
    return "", -1


_PROVINCE = re.compile(r"\btỉnh[ ]+((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]"
                       r"[^\W\d_]*[ ]?){1,4})")


def _province_of(text: str) -> str | None:
    found = Counter(m.group(1).strip() for m in _PROVINCE.finditer(text[:200_000]))
    return found.most_common(1)[0][0] if found else None


_REF_NUMBER = re.compile(r"(?:số[ ]*:?[ ]*)?(?P<num>[0-9]{1,6}[ ]*/[ ]*(?:[0-9]{4}[ ]*/[ ]*)?"
                         r"[^\W\d_][\w&]*(?:-[\w&]+){0,3})", re.IGNORECASE)


def _bases(c: CleanText, paras: tuple[Paragraph, ...], title_at: int, own: DocumentNumber,
           findings: list[Finding], review: list[Review]) -> tuple[list[DocumentRef], int]:
    voc = vocabulary().documents
    rel_rx = re.compile(r"(?P<rel>" + phrase_regex([r.phrase for r in voc.relations]) + r")\b",
                        re.IGNORECASE)
    kind_rx = re.compile(phrase_regex([k.phrase for k in voc.kinds]))
    out: list[DocumentRef] = []
    body_start = title_at + 1
    for i in range(title_at + 1, min(len(paras), title_at + 40)):
        p = paras[i]
        if _SECTION_START.match(p.text):
            body_start = i
            break
        m = rel_rx.match(p.text)
        if not m:
            continue
        rel = next(r.relation for r in voc.relations
                   if name_key(r.phrase) == name_key(m.group("rel")))
        km = kind_rx.search(p.text, m.end(), min(len(p.text), m.end() + 80))
        if km is None:
            review.append(_review(c, "document.bases", p, Message(
                "a preamble line names no document kind (Luật, Quyết định, Kế hoạch …)")))
            continue
        kind = km.group(0)
        rest_at = km.end()
        num_m = _REF_NUMBER.match(p.text, rest_at + (1 if p.text[rest_at:rest_at + 1] == " "
                                                     else 0))
        number = None
        if num_m:
            try:
                number = DocumentNumber.parse(num_m.group("num").replace(" ", ""))
            except ChildProtectError:
                number = None
            rest_at = num_m.end()
        if number is not None and number.canonical() == own.canonical():
            continue
        dm = _DATE_WORDS.search(p.text, rest_at) or _DATE_SLASH.search(p.text, rest_at)
        date = None
        if dm and dm.start() - rest_at < 80:
            date = DateText.parse(c.verbatim(p.start + dm.start(), p.start + dm.end()))
            if date.value is None:
                review.append(_review(c, "document.bases", p,
                                      Message("a cited document is dated {text}, which does not "
                                              "exist", text=repr(date.text))))
            after = dm.end()
        else:
            after = rest_at
        issuer_vi, title_vi = _issuer_and_title(p.text, after, kind,
                                                p.text[km.start():dm.start()] if dm and number
                                                is None else None)
        default_issuer = next((k.issuer_vi for k in voc.kinds if k.phrase == kind), None)
        if rel == "de-nghi":
            tm = re.search(r"của[ ]+(?:Giám đốc|Chủ tịch|Thủ trưởng|Trưởng)?[ ]*(?P<who>.+?)"
                           r"[ ]+tại\b", p.text)
            if tm:
                issuer_vi = tm.group("who").strip()
            title_vi = None
        out.append(DocumentRef(
            relation=Relation(rel), kind_vi=kind, number=number, date=date,
            issuer_vi=issuer_vi or default_issuer, title_vi=title_vi,
        ))
        conf = C_HIGH if number is not None and date is not None else C_GOOD
        findings.append(_finding(c, "document.bases", p, 0, len(p.text), conf,
                                 item=f"bases[{len(out) - 1}]"))
    return out, body_start


_ISSUER_END = re.compile(r"[ ]+(?:về việc|về|V/v|quy định|Quy định|ban hành|phê duyệt)\b|[,;(]")


def _issuer_and_title(text: str, at: int, kind: str,
                      law_title: str | None) -> tuple[str | None, str | None]:
    issuer = None
    rest = text[at:]
    m = re.match(r"[ ,]*của[ ]+", rest)
    if m:
        tail = rest[m.end():]
        e = _ISSUER_END.search(tail)
        end = e.start() if e else len(tail)
        # "Thủ tướng Chính phủ Quy định …": a capitalised word after the issuer opens the title.
        cap = re.search(r"(?<=Chính phủ)[ ]+(?=[A-ZĐ])", tail[:end])
        if cap:
            end = cap.start()
        issuer = tail[:end].strip() or None
        rest = tail[end:]
    title = None
    if law_title is not None:
        title = " ".join(law_title.split()).rstrip(" ,;")
    else:
        t = rest.strip(" ,")
        t = re.split(r"[;]|,[ ]*(?=(?:Ủy ban|UBND|Uỷ ban)\b)|\.[ ]+(?=[^\W\d_])|\.\Z", t)[0]
        t = re.sub(r"^về[ ]+(?=[“\"])", "", t).strip(" “”\",.")
        title = t or None
    return issuer, title


def _signer(paras: tuple[Paragraph, ...]) -> str | None:
    tail = paras[-12:]
    for i, p in enumerate(tail):
        if re.match(r"(?:KT\.[ ]*)?(?:PHÓ[ ]+)?CHỦ TỊCH\b|TM\.", p.text):
            for q in tail[i + 1:]:
                t = " ".join(q.text.split())
                if (2 <= len(t.split()) <= 5 and not is_caps(t)
                        and all(w[:1].isupper() for w in t.split())):
                    return t
    return None

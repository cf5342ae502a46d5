"""Sections of a plan from its headings: ``I.``, ``1.``, ``1.1.``, ``7)``, ``Điều 1.``.

>>> from childprotect.extract.clean import clean
>>> s = read_sections(clean("I. MỤC TIÊU\\n1. Mục tiêu chung\\nVăn bản.\\n2. Mục tiêu cụ thể:\\n"
...                         "- 100% xã.\\nII. TỔ CHỨC THỰC HIỆN\\n1. Sở Y tế: chủ trì"), 0)
>>> [(x.id, x.title_vi) for x in s.sections]
[('I', 'MỤC TIÊU'), ('I.1', 'Mục tiêu chung'), ('I.2', 'Mục tiêu cụ thể'), \
('II', 'TỔ CHỨC THỰC HIỆN'), ('II.1', 'Sở Y tế')]
>>> s.section_of[4]
'I.2'
"""

from __future__ import annotations

import re

import attrs

from childprotect.extract.clean import CleanText
from childprotect.extract.metadata import C_GOOD, C_HIGH, shorten_title
from childprotect.extract.model import Finding, Span
from childprotect.extract.vocab import phrase_regex, vocabulary
from childprotect.plans.plan import Section

__all__ = ["Sections", "read_sections", "roman_value"]

_ROMAN = re.compile(r"(?P<n>[IVXL]{1,6})\.[ ]*(?P<t>\S.*)", re.DOTALL)
_NUM = re.compile(r"(?P<n>[0-9]{1,2})(?P<p>[.)])[ ]*(?P<t>[^\W\d_(].*)", re.DOTALL)
_NUM2 = re.compile(r"(?P<a>[0-9]{1,2})\.(?P<b>[0-9]{1,2})\.?[ ]+(?P<t>\S.*)", re.DOTALL)
_ARTICLE = re.compile(r"Điều[ ]+(?P<n>[0-9]{1,3})[ ]*\.[ ]*(?P<t>\S.*)", re.DOTALL)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(text: str) -> int | None:
    """The value of a Roman numeral written the usual way, or None.

    >>> roman_value("IV"), roman_value("IIII")
    (4, None)
    """
    total = 0
    prev = 0
    for ch in reversed(text):
        v = _ROMAN_VALUES.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total if _to_roman(total) == text else None


def _to_roman(n: int) -> str:
    out = ""
    for v, s in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


@attrs.frozen
class Sections:
    """The sections found, the section each paragraph belongs to, and their findings."""

    sections: tuple[Section, ...]
    section_of: tuple[str | None, ...]
    heading_at: dict[int, str]
    findings: tuple[Finding, ...]


def read_sections(c: CleanText, body_start: int) -> Sections:
    """Number the headings from paragraph ``body_start`` on."""
    out: list[Section] = []
    seen: set[str] = set()
    findings: list[Finding] = []
    section_of: list[str | None] = [None] * len(c.paragraphs)
    heading_at: dict[int, str] = {}
    top: str | None = None
    top_n = 0
    sub_n = 0
    sub: str | None = None
    sub3_n = 0
    current: str | None = None
    in_articles = False
    closed = False
    closing = re.compile(phrase_regex(vocabulary().cleaning.closing_lines), re.IGNORECASE)

    sibling_punct: dict[str | None, str] = {}

    def add(i: int, sid: str, title: str, conf: str, label: str | None = None) -> None:
        nonlocal current
        if sid in seen:
            return
        seen.add(sid)
        out.append(Section(sid, title, label=label))
        heading_at[i] = sid
        p = c.paragraphs[i]
        s, e = c.source_span(p.start, p.end)
        findings.append(Finding("section", " ".join(p.text.split())[:200], Span(s, e),
                                C_HIGH if conf == "high" else C_GOOD, sid))
        current = sid

    for i, p in enumerate(c.paragraphs):
        if i < body_start:
            continue
        t = p.text
        if closed or (top and closing.match(t)):
            # "Trong quá trình triển khai …", "Trên đây là …": the plan's closing words,
            # outside its numbered sections.
            closed = True
            continue
        m = _ARTICLE.match(t)
        if m and not top:
            in_articles = True
            add(i, f"Điều {int(m.group('n'))}", shorten_title(m.group("t")), "high")
            section_of[i] = current
            continue
        m = _ROMAN.match(t)
        if m:
            v = roman_value(m.group("n"))
            if v is not None and (v == top_n + 1 or (top_n == 0 and v <= 10)):
                top, top_n, sub_n, sub, sub3_n = m.group("n"), v, 0, None, 0
                in_articles = False
                add(i, top, shorten_title(m.group("t")), "high")
                section_of[i] = current
                continue
        if top and not in_articles:
            m2 = _NUM2.match(t)
            if m2 and int(m2.group("a")) == sub_n and sub is not None:
                b = int(m2.group("b"))
                if b == sub3_n + 1:
                    sub3_n = b
                    add(i, f"{sub}.{b}", shorten_title(m2.group("t")), "good")
                    section_of[i] = current
                    continue
            m = _NUM.match(t)
            if m:
                n = int(m.group("n"))
                if n == sub_n + 1:
                    sub_n, sub3_n = n, 0
                    sub = f"{top}.{n}"
                    punct = m.group("p")
                    first = sibling_punct.setdefault(top, punct)
                    # "7)" among "1." … "6.": the document's own numbering is kept.
                    label = f"{n}{punct}" if punct != first else None
                    add(i, sub, shorten_title(m.group("t")), "high" if punct == "." else "good",
                        label)
                    section_of[i] = current
                    continue
        section_of[i] = current
    return Sections(tuple(out), tuple(section_of), heading_at, tuple(findings))

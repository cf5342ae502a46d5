"""Telephone lines a plan publicises ("Tổng đài … (số 111)", "đường dây tư vấn số …").

Two mentions of one line are compared by ``check`` (``contact.conflict``): Hải Phòng's
plan gives its counselling line two different numbers in two sections.

>>> from childprotect.extract.clean import clean
>>> from childprotect.extract.sections import read_sections
>>> c = clean("II. HOẠT ĐỘNG\\n1. Truyền thông\\n- Tuyên truyền Tổng đài điện thoại quốc gia "
...           "bảo vệ trẻ em (số 111), đường dây nóng số 18001567.")
>>> [(x.line, x.number) for x in find_contacts(c, read_sections(c, 0)).contacts]
[('tong-dai', '111'), ('duong-day-nong', '18001567')]
"""

from __future__ import annotations

import re

import attrs

from childprotect.errors import ChildProtectError
from childprotect.extract.clean import CleanText
from childprotect.extract.metadata import C_GOOD
from childprotect.extract.model import Finding, Span
from childprotect.extract.sections import Sections
from childprotect.plans.plan import Contact

__all__ = ["FoundContacts", "find_contacts"]

#: What names a line, and the id it gets: the same words in two places are one line.
_LINES = (("tổng đài", "tong-dai"), ("đường dây nóng", "duong-day-nong"),
          ("đường dây tư vấn", "duong-day-tu-van"), ("đường dây trợ giúp", "duong-day-tro-giup"))
_RX = re.compile(r"(?P<label>" + "|".join(re.escape(w) for w, _i in _LINES) +
                 r")(?P<mid>[^0-9();.]{0,60}?)[ ]*\(?[ ]*(?:số[ ]*:?[ ]*)?"
                 r"(?P<num>[0-9][0-9 .]{1,14}[0-9])(?![0-9/])", re.IGNORECASE)


@attrs.frozen
class FoundContacts:
    contacts: tuple[Contact, ...]
    findings: tuple[Finding, ...]


def find_contacts(c: CleanText, s: Sections) -> FoundContacts:
    """The telephone lines named in the sections of a cleaned plan text."""
    ids = dict(_LINES)
    out: list[Contact] = []
    findings: list[Finding] = []
    for i, p in enumerate(c.paragraphs):
        sid = s.section_of[i]
        if sid is None or sid.startswith("Điều"):
            continue
        for m in _RX.finditer(p.text):
            digits = re.sub(r"[ .]", "", m.group("num"))
            if len(digits) < 3 or len(digits) > 11:
                continue
            line = ids[m.group("label").lower()]
            text = " ".join(m.group(0).split())
            try:
                contact = Contact(line, digits, sid, text)
            except ChildProtectError:
                continue
            out.append(contact)
            s0, s1 = c.source_span(p.start + m.start(), p.start + m.end())
            findings.append(Finding("contact", text, Span(s0, s1), C_GOOD, line))
    return FoundContacts(tuple(out), tuple(findings))

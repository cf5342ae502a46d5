"""What a Vietnamese text of the data must keep of its English text: every link, number,
date, clause mark and 'not found' mark (shared by the tests of the data's Vietnamese texts)."""

from __future__ import annotations

import re

_FACT = re.compile(r"https?://\S+|[0-9][0-9./,–-]*[0-9]|[0-9]+|§[0-9.]+|TC[0-9]+|NOT FOUND|"
                   r"UNVERIFIED|[0-9]+/[0-9]+/[A-ZĐ-]+")
_WORDS_VI = {"NOT FOUND": "KHÔNG TÌM THẤY", "UNVERIFIED": "CHƯA"}


def facts(text: str) -> list[str]:
    """The links, numbers, dates, criteria and 'not found' marks of a text; numbers
    without their thousands separators (1,000 and 1.000 are the same fact)."""
    out = []
    for m in _FACT.findall(text):
        if re.fullmatch(r"[0-9]{1,3}([,.][0-9]{3})+", m):
            m = re.sub(r"[,.]", "", m)
        out.append(_WORDS_VI.get(m, m.rstrip(".,;)")))
    return out


def lost_facts(en: str, vi: str) -> list[str]:
    """The facts of ``en`` that ``vi`` does not keep."""
    kept = facts(vi)
    return [f for f in facts(en) if f not in vi and f not in kept]

"""The source of a unit of the national list in the reader's language.

The list (``data/units/national/units.csv``) is generated from pinned sources and holds one
English source per row, written with a few fixed phrases; ``data/units/source-phrases.json``
gives each phrase its Vietnamese text. A source that is not the list's (a user's units
file) keeps what it does not match.

>>> source_in("NSO list 2025-03-01–2025-06-30 via vietnamadminunits 1.0.4", "vi")
'danh mục của Tổng cục Thống kê 2025-03-01–2025-06-30, qua vietnamadminunits 1.0.4'
>>> source_in("Nghị quyết 1314/NQ-UBTVQH15 (from 2025-01-01)", "en")
'Nghị quyết 1314/NQ-UBTVQH15 (from 2025-01-01)'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from childprotect.data import read_json
from childprotect.text.vntext import nfc

__all__ = ["source_in"]

_PHRASES = "units/source-phrases.json"


@cache
def _phrases() -> tuple[tuple[re.Pattern[str], str], ...]:
    data = read_json(_PHRASES)
    return tuple((re.compile(p["en"]), nfc(p["vi"])) for p in data["phrases"])


def source_in(source: str, lang: str) -> str:
    """``source`` with the list's phrases in Vietnamese for ``vi``; as it is otherwise."""
    if lang != "vi":
        return source
    for pattern, vi in _phrases():
        source = pattern.sub(_filled(vi), source)
    return source


def _filled(template: str) -> Callable[[re.Match[str]], str]:
    """The replacement of a phrase: ``template`` with the groups the pattern matched."""
    def fill(m: re.Match[str]) -> str:
        return template.format(**m.groupdict())
    return fill

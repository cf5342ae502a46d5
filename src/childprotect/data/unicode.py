"""Unicode normalisation in time linear in the text's length, whatever the text.

``unicodedata.normalize`` sorts every run of combining marks (canonical ordering) and
composes each with its base; on a run of thousands of marks of different classes both
steps are quadratic (a 200,000-mark run takes tens of seconds). No text in any language
puts more than a few marks on one letter, so, as the Stream-Safe Text Format of Unicode
Standard Annex #15 (§13) prescribes, a run of more than 30 non-starters is broken by a
COMBINING GRAPHEME JOINER (U+034F) before normalising: real text is never changed, and
an adversarial run costs linear time.

>>> nfc("Thu\\u031b\\u0309a") == "Th\\u1eeda"
True
>>> nfc("x" * 300 + "a" + "\\u0301" * 100).count("\\u034f")
3
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["MAX_NON_STARTERS", "nfc", "nfd", "vietnamese_letters", "vietnamese_text"]

#: The longest run of non-starters (combining marks) kept as it is (UAX #15 §13).
MAX_NON_STARTERS = 30

#: Below this length the whole text is normalised at once: its worst case is bounded.
_SHORT = 256

#: Runs of characters outside ASCII long enough to hold a pathological run of marks (an
#: ASCII character is a starter that never composes with what precedes it, so a run of
#: marks cannot cross one).
_LONG_RUN = re.compile(r"[^\x00-\x7f]{" + str(MAX_NON_STARTERS + 1) + ",}")

_CGJ = "\u034f"

#: Starters whose decomposition begins with a non-starter (UAX #15 §13 counts them).
_LEADING_NON_STARTER = frozenset("\u0f73\u0f75\u0f81")


def nfc(text: str) -> str:
    """``text`` in Unicode NFC, in linear time (runs of marks capped as above)."""
    if len(text) > _SHORT:
        text = _stream_safe(text)
    return unicodedata.normalize("NFC", text)


def nfd(text: str) -> str:
    """``text`` in Unicode NFD, in linear time (runs of marks capped as above)."""
    if len(text) > _SHORT:
        text = _stream_safe(text)
    return unicodedata.normalize("NFD", text)


def _stream_safe(text: str) -> str:
    pieces: list[str] = []
    last = 0
    for m in _LONG_RUN.finditer(text):
        capped = _capped(m.group(0))
        if capped is not None:
            pieces += (text[last:m.start()], capped)
            last = m.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _capped(run: str) -> str | None:
    """``run`` with a joiner after every 30 non-starters in a row, or None when no run
    is that long (the common case: the text is returned as it is)."""
    combining = unicodedata.combining
    out: list[str] = []
    count = 0
    changed = False
    for ch in run:
        if combining(ch) or ch in _LEADING_NON_STARTER:
            count += 1
            if count > MAX_NON_STARTERS:
                out.append(_CGJ)
                count = 1
                changed = True
        else:
            count = 0
        out.append(ch)
    return "".join(out) if changed else None


@lru_cache(maxsize=1)
def vietnamese_letters() -> frozenset[str]:
    """The letters of the Vietnamese alphabet beyond ASCII, composed, in both cases: the
    vowels with their marks and tones, and đ.

    >>> len(vietnamese_letters()), "ữ" in vietnamese_letters(), "a" in vietnamese_letters()
    (134, True, False)
    """
    tones = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    vowels = ("a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b",
              "u", "u\u031b", "y")
    out = {"đ", "Đ"}
    for v in vowels:
        for t in tones:
            c = nfc(v + t)
            out.update((c, c.upper()))
    return frozenset(c for c in out if len(c) == 1 and c >= "\x80")


@lru_cache(maxsize=1)
def vietnamese_text() -> frozenset[str]:
    """What Vietnamese text holds beyond ASCII: its letters and the common typographic
    signs (a no-break space, quotation marks, dashes …), as Windows-1258 saves them."""
    return vietnamese_letters() | frozenset("\u00a0“”‘’–—…•«»°€§‰")

"""Units found by name: any Unicode form, with or without tone marks, kind words or their
abbreviations, and the units above to tell namesakes apart.

A name is compared without its kind word (``Xã``, ``Thành phố`` …), without tone marks
and with numbers read as numbers (``Phường 04`` is ``P. 4``); the candidates are then
ranked by how well they fit: the units above named after commas (``P. 4, TP Tân An``),
the tone marks as typed (``Văn Lăng`` is not ``Văn Lang``), the kind word, a unit still
valid, a higher level.

>>> from datetime import date
>>> from childprotect.units.registry import bundled
>>> [c.unit.code for c in bundled().find("xa phu thuan b")]
['29995']
>>> c = bundled().find("TT. Thường Thới Tiền, H. Hồng Ngự", on=date(2024, 1, 1))[0]
>>> c.label
'Thị trấn Thường Thới Tiền (29971; Huyện Hồng Ngự, Tỉnh Đồng Tháp)'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import attrs

from childprotect.data.unicode import nfd
from childprotect.errors import AmbiguousName, UnknownName
from childprotect.i18n import Message
from childprotect.text.vntext import name_key, nfc
from childprotect.units.model import AdminUnit

if TYPE_CHECKING:
    from childprotect.units.registry import UnitRegistry

__all__ = ["Candidate", "NameIndex", "best", "plain"]

#: Abbreviations of kind words at the start of a name, as documents write them
#: (``P. 4``, ``TP Tân An``, ``TX. Hương Thủy``, ``TT Thường Thới Tiền``, ``Q.1``).
KIND_ABBREVIATIONS = {
    "p": "phường", "ph": "phường", "x": "xã", "tt": "thị trấn", "q": "quận", "h": "huyện",
    "tx": "thị xã", "tp": "thành phố", "t": "tỉnh", "đk": "đặc khu",
}
#: Abbreviations anywhere in a name.
NAME_ABBREVIATIONS = {
    ("hcm",): ("hồ", "chí", "minh"), ("tphcm",): ("thành", "phố", "hồ", "chí", "minh"),
    ("hn",): ("hà", "nội"), ("tt", "huế"): ("thừa", "thiên", "huế"),
}

_NOT_WORD = re.compile(r"[^\w\n]+")
_LEADING_ZEROS = re.compile(r"\b0+(?=\d)")
#: Tone and vowel marks removed, đ read as d.
_STRIP = {ord("đ"): "d", ord("Đ"): "D"}


def plain(text: str) -> str:
    """``text`` for comparison without marks: lower case, no tone or vowel marks, ``đ``
    as ``d``, punctuation as spaces, numbers without leading zeros.

    >>> plain("Phường 04"), plain("Xã Ea H'leo"), plain("TỈNH  ĐỒNG THÁP")
    ('phuong 4', 'xa ea h leo', 'tinh dong thap')
    >>> plain("Thừa Thiên - Huế") == plain(unicodedata.normalize("NFD", "thua thien hue"))
    True
    """
    return _plain_lines(text)


def _plain_lines(text: str) -> str:
    """:func:`plain` of each line of ``text`` (many names at once)."""
    low = nfd(text.casefold()).translate(_STRIP)
    bare = "".join(ch for ch in low if not unicodedata.combining(ch))
    words = _LEADING_ZEROS.sub("", _NOT_WORD.sub(" ", nfc(bare)))
    return "\n".join(" ".join(line.split()) for line in words.split("\n"))


@attrs.frozen
class _Query:
    """One comma-separated part of a name: its kind word (if any) and the rest."""

    word: str | None
    rest: str  # as typed (NFC, abbreviations expanded), without the kind word
    plain: str

    @classmethod
    def of(cls, text: str, words: Sequence[str]) -> tuple[_Query, ...]:
        """The readings of ``text``: with a kind word first (when it begins with one, with
        or without tone marks), then as a name alone (``Xa Dung`` may be a name)."""
        tokens = _NOT_WORD.sub(" ", nfc(text).casefold().replace("\n", " ")).split()
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for short, long in NAME_ABBREVIATIONS.items():
                if tuple(tokens[i:i + len(short)]) == short:
                    out.extend(long)
                    i += len(short)
                    break
            else:
                tok = tokens[i]
                if i == 0 and tok in KIND_ABBREVIATIONS and len(tokens) > 1:
                    out.extend(KIND_ABBREVIATIONS[tok].split())
                else:
                    out.append(tok)
                i += 1
        joined = " ".join(out)
        whole = cls(None, joined, plain(joined))
        for w in words:
            n = len(w.split(" "))
            if len(out) > n and plain(" ".join(out[:n])) == plain(w):
                rest = " ".join(out[n:])
                return cls(w, rest, plain(rest)), whole
        return (whole,)


@attrs.frozen
class Candidate:
    """A unit a name may mean, with the units above it (nearest first) on ``on``, and how
    well it fits: ``context`` parts after the commas that name a unit above, tone marks
    as typed (``toned``), the kind word as typed (``kind``: None when none was typed)."""

    unit: AdminUnit
    above: tuple[AdminUnit, ...]
    on: date
    valid_from: date | None
    valid_to: date | None
    toned: bool
    kind: bool | None
    context: int

    @property
    def label(self) -> str:
        """The name, code and the units above: enough to tell namesakes apart."""
        above = ", ".join(u.name_vi for u in self.above)
        return f"{self.unit.name_vi} ({self.unit.code}{'; ' + above if above else ''})"

    def fit(self) -> tuple[int, int, int]:
        """How well the name fits (higher is better): equal fits are ambiguous."""
        return (self.context, int(self.toned), {True: 1, None: 0, False: -1}[self.kind])


class NameIndex:
    """The units of a registry by :func:`plain` name without the kind word, built once."""

    def __init__(self, registry: UnitRegistry) -> None:
        self.registry = registry
        cols = registry._cols
        voc = registry.vocabulary
        self.words = voc.words()
        word_of = {k.id: name_key(k.word) for k in voc.kinds if k.word}
        #: the kind word of each row's name, as name_key writes it ("" when none)
        self.row_word: list[str] = []
        rests: list[str] = []
        for name, kind in zip(cols.names, cols.kinds, strict=True):
            word = word_of.get(kind, "")
            low = name.casefold()
            if word and low.startswith(word + " "):
                rests.append(name[len(word) + 1:])
                self.row_word.append(word)
            else:
                rests.append(name)
                self.row_word.append("")
        self.rests = rests
        self.by_plain: dict[str, list[int]] = {}
        for i, key in enumerate(_plain_lines("\n".join(rests)).split("\n")):
            self.by_plain.setdefault(key, []).append(i)
        self.latest = max((v.start for v in cols.validities if v.start), default=date.min)

    def find(self, name: str, on: date | None) -> tuple[Candidate, ...]:
        parts = [p for p in name.split(",") if p.strip()]
        if not parts:
            raise UnknownName("unit name", name)
        readings, *more = (_Query.of(p, self.words) for p in parts)
        context = more
        reg = self.registry
        cols = reg._cols
        head = readings[0]
        rows: list[int] = []
        for head in readings:
            rows = self.by_plain.get(head.plain, [])
            if on is not None:
                rows = [i for i in rows if cols.validities[i].contains(on)]
            if rows:
                break
        found: list[Candidate] = []
        for group in self._runs(rows):
            last = group[-1]
            v_first, v_last = cols.validities[group[0]], cols.validities[last]
            day = on if on is not None else (
                v_last.end or max(v_last.start or date.min, self.latest))
            unit = reg._unit(last)
            above = _above(reg, unit, day)
            toned = _toned(self.rests[last]) == _toned(head.rest)
            kind = None if head.word is None else head.word == self.row_word[last]
            hits = sum(any(_fits(q, a, reg) for a in above) for q in context)
            found.append(Candidate(unit, above, day, v_first.start, v_last.end, toned, kind,
                                   hits))
        if not found:
            raise UnknownName(Message("unit name on {day}", day=on) if on else "unit name", name,
                              self._closest(head.plain, on))
        return tuple(sorted(found, key=_rank))

    def _runs(self, rows: list[int]) -> list[list[int]]:
        """``rows`` in runs of consecutive versions of one code under one name."""
        cols = self.registry._cols
        runs: list[list[int]] = []
        for i in sorted(rows, key=lambda i: (cols.codes[i], cols.validities[i].start
                                             or date.min)):
            prev = runs[-1][-1] if runs else None
            if (prev is not None and cols.codes[prev] == cols.codes[i]
                    and cols.names[prev] == cols.names[i]):
                runs[-1].append(i)
            else:
                runs.append([i])
        return runs

    def _closest(self, key: str, on: date | None) -> list[str]:
        cols = self.registry._cols
        keys = [k for k, rows in self.by_plain.items()
                if on is None or any(cols.validities[i].contains(on) for i in rows)]
        names: list[str] = []
        for k in difflib.get_close_matches(key, keys, n=5, cutoff=0.7):
            for i in self.by_plain[k]:
                if cols.names[i] not in names and (
                        on is None or cols.validities[i].contains(on)):
                    names.append(cols.names[i])
        return names[:5]


def _toned(text: str) -> str:
    """``text`` for comparison with its tone marks (:func:`name_key`, numbers without
    leading zeros)."""
    return _LEADING_ZEROS.sub("", name_key(text))


def _above(reg: UnitRegistry, unit: AdminUnit, day: date) -> tuple[AdminUnit, ...]:
    """The units above ``unit`` on ``day``, nearest first."""
    out: list[AdminUnit] = []
    parent = unit.parent
    while parent is not None and len(out) < 8:
        up = reg.get(parent, on=day)
        out.append(up)
        parent = up.parent
    return tuple(out)


def _fits(readings: tuple[_Query, ...], unit: AdminUnit, reg: UnitRegistry) -> bool:
    """True when a reading of a part after a comma names ``unit`` (without tone marks;
    its kind word, if typed, agrees)."""
    word = name_key(reg.vocabulary.kind(unit.kind).word)
    rest = unit.name_vi[len(word) + 1:] if unit.name_vi.casefold().startswith(
        word + " ") else unit.name_vi
    key = plain(rest)
    return any(key == q.plain and (q.word is None or q.word == word) for q in readings)


def _rank(c: Candidate) -> tuple[object, ...]:
    context, toned, kind = c.fit()
    return (-context, -toned, -kind, c.valid_to is not None, len(c.above), c.unit.code)


def best(candidates: Sequence[Candidate], name: str, on: date | None) -> AdminUnit:
    """The one unit of ranked ``candidates`` (from :meth:`UnitRegistry.find`), or an
    :class:`~childprotect.errors.AmbiguousName` naming each that fits as well."""

    top = [c for c in candidates if c.fit() == candidates[0].fit()]
    if len(top) == 1:
        return top[0].unit
    labels = [c.label for c in top]
    raise AmbiguousName(Message(
        "the unit name {name} fits {count} units equally well: {units}; add the district "
        "or province after a comma, e.g. {example}",
        name=repr(name), count=len(top), units="; ".join(labels),
        example=repr(f"{name}, {top[0].above[-1].name_vi}" if top[0].above else name)),
        name, labels)

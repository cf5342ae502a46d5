"""Targets (chỉ tiêu) from the objectives section: one per measured quantity.

Items are the objectives' list entries ("- Chỉ tiêu 6: …", "a) …", "- …"); an item
holding several quantities is split into ``CT6.1``, ``CT6.2`` …; a "trong đó" clause is a
sub-target of the one before it, except amounts in đồng, which become its parts.

Each value is read with what governs it in its own clause: the comparator phrase right
before it ("xuống dưới 12%"), or a change verb ("giảm 10%" is a reduction *by* 10%), or —
for a second value with no word of its own ("… xuống còn 7,3% vào năm 2025 và 6,8% vào
năm 2030") — the one of the value before it. Its year is the one its own clause states
("vào năm 2025"), or the year of the list it is in ("a) Đến năm 2025:"); a target whose
text states no year has none, and goes to review.

>>> from childprotect.extract.clean import clean
>>> from childprotect.documents import Period
>>> c = clean("I. MỤC TIÊU\\n- Chỉ tiêu 6: Giảm tỷ lệ trẻ em có hoàn cảnh đặc biệt trên tổng "
...           "số trẻ em xuống dưới 1,5% vào năm 2025, trong đó trên 90% trẻ em được trợ giúp.")
>>> from childprotect.extract.sections import read_sections
>>> found = find_targets(c, read_sections(c, 0), Period(2021, 2025))
>>> [(t.id, t.comparator.value, str(t.value), t.unit.value, t.year, t.parent)
...  for t in found.targets]
[('CT6.1', 'below', '1.5', 'percent', 2025, None), ('CT6.2', 'above', '90', 'percent', None, \
'CT6.1')]
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

import attrs

from ..documents import AdminLevel, Period
from ..errors import ChildProtectError
from ..quantities import Unit
from ..targets import (
    AmountPart,
    Category,
    Change,
    Comparator,
    Dimension,
    Direction,
    Indicator,
    Recurrence,
    Target,
)
from ..vntext import name_key, parse_decimal
from .clean import CleanText, Paragraph, pieces
from .metadata import C_FAIR, C_GOOD, C_HIGH, C_LOW
from .model import Finding, Review, Span
from .sections import Sections
from .vocab import phrase_regex, vocabulary

__all__ = ["MAX_PER_ITEM", "MAX_TARGETS", "FoundTargets", "find_targets", "looks_cut"]

#: Real plans state a few dozen targets, each item a handful of quantities; past these
#: limits the text is not a plan's objectives, and the rest goes to review.
MAX_TARGETS = 1000
MAX_PER_ITEM = 60

_NUMBER = re.compile(r"(?<![\w/.,])[0-9]{1,15}(?:[.,][0-9]{1,15}){0,4}(?![\w])")
_MARKER = re.compile(r"(?:[-+•–][ ]+)?(?:Chỉ tiêu[ ]+(?P<ct>[0-9]{1,3})[ ]*[:.][ ]*|"
                     r"(?P<letter>[a-zđ])\)[ ]+|(?P<bullet>[-+•–])[ ]+)")
_SPLIT = re.compile(r";|\.[ ]+(?=[^\W\d_])|,?[ ]+(?=trong đó\b)|[ ]+(?=\(riêng\b)|"
                    r",[ ]+(?=duy trì\b)")
_YEAR_HEADING = re.compile(r"(?:(?:đến|vào|tới|trong)[ ]+)?(?:hết[ ]+)?năm[ ]+"
                           r"(?P<y>(?:19|20)[0-9]{2})", re.IGNORECASE)
_GROUP_HEADING = re.compile(r"(?:Nhóm[ ]+)?Mục tiêu[ ]+[0-9]{1,2}\b", re.IGNORECASE)
_OBJECTIVES_LINE = re.compile(r"(?:[0-9]{1,2}(?:\.[0-9]{1,2})?[.)][ ]*)?(?:Các[ ]+)?"
                              r"(?:Mục tiêu cụ thể|Chỉ tiêu cụ thể|Chỉ tiêu thực hiện|"
                              r"Các chỉ tiêu|Chỉ tiêu)[ ]*[:.]?\Z", re.IGNORECASE)
_CT_ITEM = re.compile(r"(?:[-+•–][ ]+)?Chỉ tiêu[ ]+[0-9]{1,3}[ ]*[:.]", re.IGNORECASE)
_CUT_SEP = re.compile(r";|\.[ ]+|,[ ]+")
_YEAR_LIKE = re.compile(r"(?:19|20)[0-9]{2}")


@attrs.frozen
class FoundTargets:
    targets: tuple[Target, ...]
    findings: tuple[Finding, ...]
    review: tuple[Review, ...]


@attrs.frozen
class _Mention:
    start: int
    end: int
    value: Decimal
    unit: Unit | None
    upper: Decimal | None = None
    unit_note: str | None = None
    bare: bool = False  # a count with no comparator word ("70.000 ngôi nhà …")


@attrs.frozen
class _Reading:
    """What governs one value: its comparator or change verb, which way it wants the
    indicator to go, and whether it recurs every year."""

    comparator: Comparator | None  # None: no comparator word of its own
    change_verb: str | None  # "reduce" / "increase" for "giảm 10%" / "tăng 10%"
    yearly: bool
    reduce: bool
    inherited: bool = False


# --- where the objectives are ----------------------------------------------------------------


def _objective_paragraphs(c: CleanText, s: Sections, body_start: int
                          ) -> tuple[list[tuple[int, str | None]], str | None]:
    """Paragraph indexes (and their section) of the specific objectives, and a note for
    review when they were found without an objectives section heading."""
    tops = [x for x in s.sections if x.parent is None and not x.id.startswith("Điều")]
    goal = next((x for x in tops if any(w in name_key(x.title_vi)
                                        for w in ("mục tiêu", "chỉ tiêu"))), None)
    if goal is not None:
        return _in_goal(s, goal.id), None
    return _without_heading(c, s, body_start)


def _has_goal(s: Sections) -> bool:
    return any(x.parent is None and any(w in name_key(x.title_vi) for w in
                                        ("mục tiêu", "chỉ tiêu")) for x in s.sections)


def _in_goal(s: Sections, goal: str) -> list[tuple[int, str | None]]:
    children = [x for x in s.sections if x.parent == goal]
    general = ("mục tiêu chung", "tổng quát", "nguyên tắc", "mục đích", "yêu cầu")
    wanted = {x.id for x in children if any(
        w in name_key(x.title_vi) for w in ("mục tiêu cụ thể", "chỉ tiêu"))}
    skip = {x.id for x in children if any(w in name_key(x.title_vi) for w in general)}
    out: list[tuple[int, str | None]] = []
    for i, sid in enumerate(s.section_of):
        if sid is None or i in s.heading_at:
            continue
        if not (sid == goal or sid.startswith(goal + ".")):
            continue
        child = ".".join(sid.split(".")[:2]) if sid != goal else None
        if wanted:
            if child not in wanted:
                continue
        elif child in skip:
            continue
        out.append((i, sid))
    return out


def _without_heading(c: CleanText, s: Sections, body_start: int
                     ) -> tuple[list[tuple[int, str | None]], str | None]:
    """Objectives in a text whose sections do not name them: after a "Mục tiêu cụ thể"
    line, or else the "Chỉ tiêu N:" items themselves."""
    paras = c.paragraphs
    for i in range(body_start, len(paras)):
        if _OBJECTIVES_LINE.match(paras[i].text):
            out: list[tuple[int, str | None]] = []
            for k in range(i + 1, len(paras)):
                t = paras[k].text
                if re.match(r"(?:[IVX]{1,5}\.[ ]|[0-9]{1,2}\.[ ]*[^\W\d_])", t) and \
                        not _GROUP_HEADING.match(re.sub(r"^[0-9.]+[ ]*", "", t)):
                    break
                out.append((k, s.section_of[k]))
            return out, (f"no objectives section (\"I. MỤC TIÊU\"): the targets are read "
                         f"after the line {paras[i].text[:40]!r}")
    items = [(k, s.section_of[k]) for k in range(body_start, len(paras))
             if _CT_ITEM.match(paras[k].text)]
    if items:
        return items, ("no objectives heading: the targets are read from the "
                       "\"Chỉ tiêu N:\" items")
    return [], None


def looks_cut(c: CleanText) -> bool:
    """Whether the text stops in mid-sentence, with no closing words or signature.

    >>> from childprotect.extract.clean import clean
    >>> looks_cut(clean("I. MỤC TIÊU\\n- Giảm tỷ")), looks_cut(clean("I. MỤC TIÊU\\n- Giảm."))
    (True, False)
    """
    if not c.paragraphs:
        return False
    last = c.paragraphs[-1].text.rstrip()
    if re.search(r"[.;:!?…)”\"]\Z|\./\.?\Z", last):
        return False
    tail = " ".join(p.text for p in c.paragraphs[-15:])
    return re.search(r"\b(?:Nơi nhận|TM\.|KT\.|CHỦ TỊCH)", tail) is None


# --- the items ---------------------------------------------------------------------------------


def find_targets(c: CleanText, s: Sections, period: Period, *,
                 body_start: int = 0) -> FoundTargets:
    """The targets of a cleaned plan text."""
    paras, how = _objective_paragraphs(c, s, body_start)
    review: list[Review] = []
    if how is not None:
        review.append(Review("target", "", Span(0, 0), how))
    cut = looks_cut(c)
    last = len(c.paragraphs) - 1
    items: list[tuple[str, str, Paragraph, int, int | None, bool]] = []
    count = 0
    ctx: tuple[int, str, str | None] | None = None  # (year, marker kind, section)
    for i, sid in paras:
        p = c.paragraphs[i]
        m = _MARKER.match(p.text)
        body = p.text[m.end():] if m else p.text
        kind = "ct" if m and m.group("ct") else "letter" if m and m.group("letter") else (
            "bullet" if m else "plain")
        if ctx is not None and (ctx[2] != sid or (kind != "plain" and
                                                  _rank(kind) <= _rank(ctx[1]))):
            ctx = None
        heading = _YEAR_HEADING.fullmatch(body.strip(" .:"))
        if heading is not None:
            ctx = (int(heading.group("y")), kind, sid)
            continue
        if m is None:
            continue
        if kind != "bullet" and _GROUP_HEADING.match(body) and not _has_value(body):
            continue  # "a) Mục tiêu 1: Về phát triển toàn diện …": a group of targets
        label: str
        if m.group("ct"):
            label = f"CT{int(m.group('ct'))}"
        elif m.group("letter"):
            label = str(m.group("letter"))
        else:
            count += 1
            label = f"T{count}"
        items.append((label, sid or "", p, m.end(), ctx[0] if ctx else None, cut and i == last))
    targets: list[Target] = []
    findings: list[Finding] = []
    for label, sid, p, off, year, is_cut in items:
        if len(targets) >= MAX_TARGETS:
            s0, s1 = c.source_span(p.start, p.end)
            review.append(Review("target", " ".join(p.text.split())[:300], Span(s0, s1),
                                 f"more than {MAX_TARGETS} targets: this item and the ones "
                                 "after it are not drafted"))
            break
        end = len(p.text)
        if is_cut:
            end = _cut_end(c, p, off, review)
            if end <= off:
                continue
        _read_item(c, label, sid or None, p, off, end, period, year, targets, findings,
                   review)
    if not targets:
        what = ("the objectives section states no target" if paras or _has_goal(s) else
                "no objectives section and no \"Chỉ tiêu\" item found")
        review.append(Review("target", "", Span(0, 0),
                             f"{what}: the draft has no targets" +
                             (" (the text looks cut before them)" if cut else "")))
    return FoundTargets(tuple(targets), tuple(findings), tuple(review))


def _rank(kind: str) -> int:
    return {"plain": 0, "ct": 1, "letter": 1, "bullet": 2}[kind]


def _has_value(text: str) -> bool:
    return any(_mentions(text, a, b) for a, b in _clauses(text, 0, len(text)))


def _cut_end(c: CleanText, p: Paragraph, off: int, review: list[Review]) -> int:
    """Where the complete part of the text's last item ends; the rest goes to review."""
    text = p.text
    end = off
    for m in _CUT_SEP.finditer(text, off):
        end = m.start()
    frag = text[end:].lstrip(";,. ")
    s0, s1 = c.source_span(p.start + len(text) - len(frag), p.end)
    review.append(Review("target", frag, Span(s0, s1),
                         "the text stops here in mid-sentence (cut): this part of the item "
                         "is not drafted"))
    return end


def _clauses(text: str, off: int, end: int) -> list[tuple[int, int]]:
    trimmed = (_trim(text, a, min(b, end)) for a, b in pieces(_SPLIT, text[:end], off))
    return [(a, b) for a, b in trimmed if b > a]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " ,;":
        a += 1
    while b > a and text[b - 1] in " .;,":
        b -= 1
    return a, b


# --- numbers ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _mention_rx() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, Unit], re.Pattern[str],
                           re.Pattern[str], re.Pattern[str]]:
    voc = vocabulary().numbers
    bases = re.compile(phrase_regex([r.phrase for r in voc.rate_bases]), re.IGNORECASE)
    skip_after = re.compile(r"[ ]*" + phrase_regex(voc.not_a_value_after) + r"\b", re.IGNORECASE)
    never_after = re.compile(r"[ ]*" + phrase_regex(
        [w for w in voc.not_a_value_after if w not in voc.countable_after]) + r"\b",
        re.IGNORECASE)
    before = re.compile(r"(?:^|(?<=[\s(,]))" + phrase_regex(voc.not_a_value_before) +
                        r"[ ]*:?[ ]*\Z", re.IGNORECASE)
    openers = re.compile(r"(?:(?:" + phrase_regex(voc.count_openers) + r")[ ]+)?\Z",
                         re.IGNORECASE)
    return (bases, skip_after, {name_key(r.phrase): Unit(r.unit) for r in voc.rate_bases},
            never_after, before, openers)


@lru_cache(maxsize=1)
def _unit_rx() -> tuple[re.Pattern[str], dict[str, tuple[Unit, int]]]:
    units = vocabulary().numbers.units
    rx = re.compile(r"[ ]?(?P<u>" + phrase_regex([u.phrase for u in units]) + r")(?![0-9])",
                    re.IGNORECASE)
    return rx, {_unit_key(u.phrase): (Unit(u.unit), u.multiplier) for u in units}


def _unit_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split()).casefold()


def _never_a_value(text: str, a: int, m: re.Match[str]) -> bool:
    """A date ("30/11"), a document number ("23/QĐ-TTg") or a number after a word that
    makes it an ordinal or a year ("năm 2025", "Điều 3", "Chỉ tiêu 6")."""
    nxt = text[m.end():m.end() + 2]
    if nxt[:1] == "/" and (nxt[1:2].isalpha() or nxt[1:2].isdigit()) and \
            _unit_rx()[0].match(text, m.end()) is None:
        return True
    before = _mention_rx()[4]
    return before.search(text[max(a, m.start() - 16):m.start()]) is not None


def _bare_count(text: str, a: int, m: re.Match[str], prev: _Mention | None) -> bool:
    """A number with no unit and no comparator that is still a target: a count opening
    its clause ("70.000 ngôi nhà …"), or a count listed after one ("… và 80.000")."""
    if _YEAR_LIKE.fullmatch(m.group(0)):
        return False
    _b, _s, _u, never_after, _before, openers = _mention_rx()
    if never_after.match(text, m.end()):
        return False
    lead = text[a:m.start()]
    if prev is not None and prev.unit is None and prev.bare and (
            re.fullmatch(r"[ ]*(?:và|,)[ ]*", text[prev.end:m.start()])
            or re.search(r"(?:,|\bvà)[ ]*\Z", lead)):
        return True
    return openers.fullmatch(lead.strip(" :")) is not None and bool(
        re.match(r"[ ]+[^\W\d_]", text[m.end():m.end() + 3]))


def _mentions(text: str, a: int, b: int) -> list[_Mention]:
    bases, skip_after, base_units, _n, _bf, _o = _mention_rx()
    unit_rx, units = _unit_rx()
    base_spans = [(m.start(), m.end()) for m in bases.finditer(text, a, b)]
    base_starts = [x for x, _y in base_spans]
    out: list[_Mention] = []
    for m in _NUMBER.finditer(text, a, b):
        k = bisect.bisect_right(base_starts, m.start()) - 1
        if k >= 0 and base_spans[k][0] <= m.start() < base_spans[k][1]:
            continue
        if _never_a_value(text, a, m):
            continue
        um = unit_rx.match(text, m.end(), b)
        # The rate base that governs this number: the nearest before it, after the
        # previous value ("… trên 1.000 trẻ đẻ sống (p/1000) dưới 1").
        floor = out[-1].end if out else a
        context_unit: Unit | None = None
        for x, y in reversed(base_spans[:k + 1] if k >= 0 else []):
            if x < floor:
                break
            context_unit = base_units.get(name_key(text[x:y]))
            if context_unit is not None:
                break
        if um is None and skip_after.match(text, m.end(), b):
            bare_ok = _bare_count(text, a, m, out[-1] if out else None)
            if not bare_ok:
                continue
        try:
            value = parse_decimal(m.group(0))
        except ChildProtectError:
            continue
        unit: Unit | None
        end = m.end()
        note = None
        bare = False
        if um is not None:
            unit, mult = units[_unit_key(um.group("u"))]
            end = um.end()
            value = value * mult
            if unit is Unit.PERCENT and context_unit is not None and context_unit is not unit:
                note = (f"the text writes % but the item is measured {_per(context_unit)}: "
                        f"drafted {_per(context_unit)}")
                unit = context_unit
        else:
            unit = context_unit
            if unit is None and not _comparator_before(text, a, m.start())[0] and \
                    _change_before(text, a, m.start()) is None:
                if not _bare_count(text, a, m, out[-1] if out else None):
                    continue
                bare = True
        out.append(_Mention(m.start(), end, value, unit, unit_note=note, bare=bare))
    # "từ 2% đến 3%", "5 - 10%": one range.
    merged: list[_Mention] = []
    for mt in out:
        if merged and re.fullmatch(r"[ ]*(?:đến|-|–)[ ]*", text[merged[-1].end:mt.start]):
            prev = merged[-1]
            ranged = re.search(r"\btừ[ ]*\Z", text[max(a, prev.start - 8):prev.start]) or (
                prev.unit is None and mt.unit is not None and prev.value < mt.value)
            if ranged and (prev.unit is None or prev.unit is mt.unit):
                merged[-1] = attrs.evolve(prev, end=mt.end, upper=mt.value, unit=mt.unit,
                                          bare=False)
                continue
        merged.append(mt)
    return merged


def _per(unit: Unit) -> str:
    return {Unit.PER_THOUSAND: "per 1,000", Unit.PER_100000: "per 100,000"}.get(
        unit, unit.value)


# --- what governs a value -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _comparator_rx() -> tuple[re.Pattern[str], dict[str, str]]:
    voc = vocabulary().numbers
    rx = re.compile(r"(?:^|(?<=[\s(,]))(?P<c>" + phrase_regex(
        [c.phrase for c in voc.comparators]) + r")[ ]*:?[ ]*\Z", re.IGNORECASE)
    return rx, {name_key(c.phrase): c.comparator for c in voc.comparators}


def _comparator_before(text: str, a: int, at: int) -> tuple[str | None, int]:
    rx, by_key = _comparator_rx()
    window_start = max(a, at - 40)
    m = rx.search(text[window_start:at])
    if not m:
        return None, at
    return by_key[name_key(m.group("c"))], window_start + m.start("c")


@lru_cache(maxsize=1)
def _change_rx() -> re.Pattern[str]:
    voc = vocabulary().numbers
    quals = phrase_regex(voc.change_qualifiers)
    return re.compile(r"(?:^|(?<=[\s(,]))(?P<v>" + phrase_regex(
        [*voc.reduce_verbs, *voc.increase_verbs]) + r")(?:[ ]+" + quals + r"){0,2}[ ]*:?[ ]*\Z",
        re.IGNORECASE)


def _change_before(text: str, a: int, at: int) -> str | None:
    """"reduce" or "increase" when a change verb stands right before the value."""
    m = _change_rx().search(text[max(a, at - 30):at])
    if m is None:
        return None
    verb = name_key(m.group("v"))
    return "reduce" if any(verb == name_key(v) for v in vocabulary().numbers.reduce_verbs) \
        else "increase"


@lru_cache(maxsize=1)
def _verb_rx() -> tuple[re.Pattern[str], re.Pattern[str]]:
    voc = vocabulary().numbers
    verbs = re.compile(r"(?<![\w])(?:" + phrase_regex(
        [*voc.reduce_verbs, *voc.increase_verbs, "khống chế", "hạ", "đạt"]) + r")(?![\w])",
        re.IGNORECASE)
    topics = re.compile(phrase_regex(voc.topic_phrases) + r"(?![\w])", re.IGNORECASE)
    return verbs, topics


def _governing_verb(text: str, a: int, at: int) -> str | None:
    """"reduce" or "increase": the nearest verb before the value that says which way, a
    topic name ("giảm thiểu lao động trẻ em") not counting unless it opens the clause."""
    verbs, topics = _verb_rx()
    found = None
    reach = None
    for m in verbs.finditer(text, a, at):
        if topics.match(text, m.start()) and m.start() > a:
            continue
        if name_key(m.group(0)) == "đạt":
            reach = m  # "đạt" only brings in the value: a verb before it says which way
            continue
        found = m
    if found is None:
        return "increase" if reach is not None else None
    w = name_key(found.group(0))
    if w in ("khống chế", "hạ") or any(w == name_key(v) for v in
                                       vocabulary().numbers.reduce_verbs):
        return "reduce"
    return "increase"


@lru_cache(maxsize=1)
def _yearly_rx() -> re.Pattern[str]:
    return re.compile(phrase_regex(vocabulary().numbers.range.yearly), re.IGNORECASE)


def _yearly(text: str, a: int, b: int, mt: _Mention) -> bool:
    """"hằng năm", "mỗi năm" before the value in its clause, or right after it."""
    rx = _yearly_rx()
    after = mt.end + len(text[mt.end:b]) - len(text[mt.end:b].lstrip())
    return rx.search(text, a, mt.start) is not None or rx.match(text, after, b) is not None


_REDUCING = (Comparator.BELOW, Comparator.AT_MOST, Comparator.REDUCE_TO)


def _reading(text: str, a: int, b: int, mt: _Mention) -> _Reading:
    comp_name, _at = _comparator_before(text, a, mt.start)
    change = _change_before(text, a, mt.start)
    yearly = _yearly(text, a, b, mt)
    if change is not None:
        return _Reading(None, change, yearly, change == "reduce")
    comp = Comparator(comp_name) if comp_name is not None else None
    reduce = comp in _REDUCING or (comp in (None, Comparator.REACH) and
                                   _governing_verb(text, a, mt.start) == "reduce")
    return _Reading(comp, None, yearly, reduce)


# --- years -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _year_rx() -> tuple[re.Pattern[str], re.Pattern[str]]:
    voc = vocabulary().numbers
    rx = re.compile(r"(?<![\w])(?:" + phrase_regex(voc.year_lead) +
                    r")[ ]+(?P<y>(?:19|20)[0-9]{2})(?![0-9/])(?![ ]*[-–][ ]*(?:19|20)[0-9]{2})",
                    re.IGNORECASE)
    not_target = re.compile(r"(?:^|(?<=[\s(,]))" + phrase_regex(voc.year_not_target_before) +
                            r"[ ]*\Z", re.IGNORECASE)
    return rx, not_target


def _years(text: str, a: int, b: int) -> list[tuple[int, int, int]]:
    """Target years stated in ``text[a:b]``: (start, end, year)."""
    rx, not_target = _year_rx()
    out = []
    for m in rx.finditer(text, a, b):
        if not_target.search(text[max(a, m.start() - 14):m.start()]):
            continue
        lead = name_key(m.group(0).split()[0])
        if lead in ("duy", "so", "từ"):
            continue
        out.append((m.start(), m.end(), int(m.group("y"))))
    return out


def _year_of(text: str, a: int, b: int, mt: _Mention) -> int | None:
    ys = _years(text, a, b)
    after = [y for s, _e, y in ys if s >= mt.end]
    if after:
        return after[0]
    before = [y for _s, e, y in ys if e <= mt.start]
    return before[-1] if before else None


def _maintained_until(text: str, a: int, b: int) -> int | None:
    m = re.search(r"\bduy trì[ ]+(?:đến|tới)[ ]+(?:hết[ ]+)?năm[ ]+((?:19|20)[0-9]{2})",
                  text[a:b], re.IGNORECASE)
    return int(m.group(1)) if m else None


def _area(text: str, mt: _Mention, b: int) -> tuple[Category, ...]:
    areas = vocabulary().numbers.areas
    rx = re.compile(r"[ ]*\(?[ ]*(?:đối với[ ]+|ở[ ]+|tại[ ]+)?(?:khu vực[ ]+)?(?P<a>" +
                    phrase_regex([x.phrase for x in areas]) + r")\b", re.IGNORECASE)
    m = rx.match(text, mt.end, b)
    if m is None:
        return ()
    key = name_key(m.group("a"))
    option = next(x.option for x in areas if name_key(x.phrase) == key)
    label = text[m.start("a"):m.end("a")]
    before = text[mt.end:m.start("a")]
    if "khu vực" in before:
        label = "khu vực " + label
    return (Category(Dimension.AREA, option, " ".join(label.split())),)


# --- one item --------------------------------------------------------------------------------


@attrs.define
class _Piece:
    a: int
    b: int
    mention: _Mention | None
    sub: bool
    clause: str
    parts: list[AmountPart]
    clause_no: int = 0
    reading: _Reading | None = None
    year: int | None = None


def _read_item(c: CleanText, base: str, section: str | None, p: Paragraph, off: int, end: int,
               period: Period, list_year: int | None, targets: list[Target],
               findings: list[Finding], review: list[Review]) -> None:
    text = p.text
    raw: list[tuple[int, int, _Mention | None, bool, int]] = []  # (a, b, mention, sub, clause)
    for n, (a, b) in enumerate(_clauses(text, off, end)):
        ms = _mentions(text, a, b)
        sub = text[a:b].startswith(("trong đó", "(riêng"))
        amounts = bool(ms) and all(x.unit is Unit.VND for x in ms)
        if len(ms) <= 1 or (sub and amounts and raw and raw[-1][2] is not None
                            and raw[-1][2].unit is Unit.VND):
            raw.append((a, b, ms[0] if ms else None, sub, n))
            continue
        cuts = [a]
        for m0, m1 in itertools.pairwise(ms):
            lead = text.rfind(" và ", m0.end, m1.start)
            comma = text.rfind(",", m0.end, m1.start)
            cut = max(lead + 1 if lead >= 0 else -1, comma + 1 if comma >= 0 else -1)
            if cut <= m0.end:
                comp_at = _comparator_before(text, m0.end, m1.start)[1]
                cut = comp_at if comp_at < m1.start else m0.end
            cuts.append(cut)
        cuts.append(b)
        for k, mk in enumerate(ms):
            x, y = _trim(text, cuts[k], cuts[k + 1])
            if text.startswith("và ", x):
                x += 3
            raw.append((x, y, mk, sub and k == 0, n))
    if len(raw) > MAX_PER_ITEM:
        s0, s1 = c.source_span(p.start, p.end)
        review.append(Review("target", " ".join(text.split())[:300], Span(s0, s1),
                             f"{base}: {len(raw)} quantities in one item, more than "
                             f"{MAX_PER_ITEM}: not drafted"))
        return
    drafts: list[_Piece] = []
    for a, b, mt, sub, n in raw:
        clause = " ".join(text[a:b].split())
        if mt is not None and mt.unit is Unit.VND and sub and drafts and \
                drafts[-1].mention is not None and drafts[-1].mention.unit is Unit.VND:
            drafts[-1].parts.extend(_parts(text, a, b))
            drafts[-1].b = b
            drafts[-1].clause = " ".join(text[drafts[-1].a:b].split())
            continue
        drafts.append(_Piece(a, b, mt, sub, clause, [], n))
    _govern(text, off, drafts, list_year)
    ids = [base] if len(drafts) == 1 else [f"{base}.{k + 1}" for k in range(len(drafts))]
    for k, d in enumerate(drafts):
        s0, s1 = c.source_span(p.start + d.a, p.start + d.b)
        span = Span(s0, s1)
        clause = d.clause
        parent = ids[k - 1] if d.sub and k > 0 and clause.startswith("trong đó") else None
        prev = targets[-1] if k > 0 and targets and targets[-1].id == ids[k - 1] else None
        if (d.mention is None and prev is not None and prev.comparator is Comparator.REACH
                and clause[:1].islower() and not d.sub
                and " được " not in f" {drafts[k - 1].clause} "):
            # "100% cơ quan … tổ chức …; thực hiện …": the second predicate has no subject
            # of its own and shares the active subject of the first.
            targets.append(attrs.evolve(prev, id=ids[k], text_vi=clause, parent=None, parts=()))
            findings.append(Finding("target", clause, span, C_FAIR, ids[k]))
            review.append(Review("target", clause, span, f"{ids[k]}: no number of its own: "
                                 f"drafted with the subject and value of {prev.id}"))
            continue
        try:
            t, conf, note = _target(ids[k], clause, section, d, text, period, parent)
        except ChildProtectError as exc:
            review.append(Review("target", clause, span, f"{ids[k]}: {exc}"))
            continue
        targets.append(t)
        findings.append(Finding("target", clause, span, conf, ids[k]))
        if note:
            review.append(Review("target", clause, span, f"{ids[k]}: {note}"))


def _govern(text: str, off: int, drafts: list[_Piece], list_year: int | None) -> None:
    """Each value's comparator and year: its own, else its neighbour's in the clause."""
    first = next((d for d in drafts if d.mention is not None), None)
    item_years = _years(text, off, first.mention.start) if first and first.mention else []
    for k, d in enumerate(drafts):
        if d.mention is None:
            continue
        r = _reading(text, d.a, d.b, d.mention)
        prev = drafts[k - 1] if k > 0 else None
        if (r.comparator is None and r.change_verb is None and prev is not None
                and prev.clause_no == d.clause_no and prev.reading is not None
                and not d.mention.bare):
            # "… xuống còn 7,3% vào năm 2025 và 6,8% vào năm 2030": the second value
            # keeps the word that governs the first.
            r = attrs.evolve(prev.reading, yearly=r.yearly or prev.reading.yearly,
                             inherited=True)
        d.reading = r
        d.year = _year_of(text, d.a, d.b, d.mention)
    for k in range(len(drafts) - 1, -1, -1):
        d = drafts[k]
        if d.mention is None or d.year is not None:
            continue
        nxt = drafts[k + 1] if k + 1 < len(drafts) else None
        if nxt is not None and nxt.clause_no == d.clause_no and nxt.year is not None and \
                nxt.mention is not None:
            # "… dưới 10% (khu vực nội thành), 5% (khu vực ngoại thành) vào năm 2025".
            d.year = nxt.year
        elif item_years:
            d.year = item_years[-1][2]  # "Đến năm 2025, …" opening the item
        else:
            d.year = list_year


def _parts(text: str, a: int, b: int) -> list[AmountPart]:
    out: list[AmountPart] = []
    seg = text[a:b]
    seg = re.sub(r"^trong đó[ ,]*", "", seg)
    for chunk in re.split(r",[ ]*(?=cấp\b)", seg):
        ms = _mentions(chunk, 0, len(chunk))
        if not ms or ms[0].unit is not Unit.VND:
            continue
        label = chunk[: ms[0].start].strip(" ,")
        label = re.sub(r"[ ]+là\Z", "", label)
        per_unit = "/" in chunk[ms[0].end:ms[0].end + 3]
        low = name_key(label)
        level = AdminLevel.COMMUNE if ("xã" in low or "phường" in low) else (
            AdminLevel.DISTRICT if "huyện" in low or "quận" in low else AdminLevel.PROVINCE)
        out.append(AmountPart(label_vi=" ".join((chunk.strip() if per_unit else label).split()),
                              label_en="", level=level, value=ms[0].value, per_unit=per_unit))
    return out


def _target(tid: str, clause: str, section: str | None, d: _Piece, text: str, period: Period,
            parent: str | None) -> tuple[Target, Decimal, str | None]:
    voc = vocabulary().numbers
    mt = d.mention
    a, b = d.a, d.b
    parts = d.parts
    low = name_key(clause)
    if mt is None:
        opens_reduce = any(low.startswith(name_key(v)) for v in voc.reduce_verbs) and not any(
            low.startswith(name_key(t)) for t in voc.topic_phrases)
        elim = re.search(phrase_regex(voc.eliminate), clause, re.IGNORECASE)
        if elim:
            ind = Indicator(name_vi=clause[elim.end():].strip(" ,.") or clause, name_en="",
                            unit=Unit.COUNT, numerator="to_name")
            return (Target(tid, clause, section, text_en="", comparator=Comparator.ELIMINATE,
                           direction=Direction.DECREASE, indicator=ind, parent=parent),
                    C_FAIR, "eliminate target: name the indicator and write text_en")
        return (Target(tid, clause, section, text_en="", comparator=Comparator.QUALITATIVE,
                       direction=Direction.DECREASE if opens_reduce else Direction.INCREASE,
                       parent=parent),
                C_LOW, "no number in this clause: drafted as a qualitative target")
    r = d.reading or _Reading(None, None, False, False)
    year = d.year
    notes: list[str] = []
    if mt.unit_note:
        notes.append(mt.unit_note)
    if year is None and not (mt.upper is not None or (r.yearly and r.change_verb == "reduce")):
        notes.append("the text states no year for this target: it is drafted without one")
    if r.inherited:
        notes.append("no comparator of its own: read with the one of the value before it")
    maintain = re.search(r"\bduy trì\b", text[a:mt.start], re.IGNORECASE) is not None
    until = _maintained_until(text, mt.end, b)
    if until is not None:
        notes.append(f"the level is then kept to {until} ('duy trì đến năm {until}')")
    unit = mt.unit or Unit.COUNT
    disagg = _area(text, mt, b)
    annual_period = period if period.end is not None else None
    if mt.upper is not None or (r.yearly and r.change_verb == "reduce"):
        # "hằng năm giảm 5-10%", "giảm từ 2% đến 3% hằng năm", "mỗi năm giảm 5%".
        if not r.yearly:
            notes.append("a range without 'hằng năm': read as a yearly reduction range")
        change, ind_unit, note = _change_kind(unit, low)
        if note:
            notes.append(note)
        if annual_period is None:
            raise _no_period(tid)
        ind = _indicator(clause, ind_unit)
        t = Target(tid, clause, section, text_en="", comparator=Comparator.ANNUAL_REDUCTION,
                   direction=Direction.DECREASE, indicator=ind, value=mt.value, upper=mt.upper,
                   change=change, year=year, period=annual_period,
                   recurrence=Recurrence.ANNUAL, parent=parent, disaggregation=disagg)
        return t, C_FAIR, "; ".join(notes) or None
    if r.change_verb is not None:
        # "giảm 10% số trẻ em bị tử vong …", "tăng 5%": a change from a baseline.
        comp = Comparator.REDUCE_BY if r.change_verb == "reduce" else Comparator.INCREASE_BY
        change, ind_unit, note = _change_kind(unit, low)
        if note:
            notes.append(note)
        since = re.search(r"\bso với[ ]+(?:năm[ ]+)?((?:19|20)[0-9]{2})", text[a:b])
        notes.append("a change from a baseline the text does not give" +
                     (f" (so với năm {since.group(1)})" if since else "") +
                     ": add the baseline")
        if r.yearly:
            notes.append("a yearly rise ('hằng năm tăng'): drafted as a rise from the baseline")
        ind = _indicator(clause, ind_unit)
        t = Target(tid, clause, section, text_en="", comparator=comp,
                   direction=Direction.DECREASE if comp is Comparator.REDUCE_BY
                   else Direction.INCREASE, indicator=ind, value=mt.value, change=change,
                   year=year, parent=parent, disaggregation=disagg)
        return t, C_FAIR, "; ".join(notes)
    comp = r.comparator or Comparator.REACH
    if comp in _REDUCING or (comp is Comparator.REACH and r.reduce):
        direction = Direction.DECREASE
    else:
        direction = Direction.INCREASE
    recurrence = Recurrence.ONCE
    t_period = None
    if maintain and comp not in (Comparator.REDUCE_TO,):
        direction = Direction.MAINTAIN if comp is not Comparator.REACH else direction
        if annual_period is not None:
            recurrence, t_period = Recurrence.ANNUAL, annual_period
            if year is not None and year not in annual_period:
                t_period = None
                recurrence = Recurrence.ONCE
        notes.append("'duy trì' (keep): drafted as every year of the plan's period")
    if comp is Comparator.MAINTAIN:
        comp = Comparator.AT_LEAST
    ind = _indicator(clause, unit)
    t = Target(tid, clause, section, text_en="", comparator=comp, direction=direction,
               indicator=ind, value=mt.value, year=year, period=t_period,
               recurrence=recurrence, parent=parent, parts=tuple(parts), disaggregation=disagg)
    conf = C_HIGH if r.comparator and mt.unit else C_GOOD if mt.unit or mt.bare else C_FAIR
    if mt.unit is None and not mt.bare:
        notes.append("no unit written next to the number: drafted as a count")
    return t, conf, "; ".join(notes) or None


def _change_kind(unit: Unit, low: str) -> tuple[Change, Unit, str | None]:
    """How a change in % is measured: relative for a count ("số trẻ em"), relative with a
    note for a rate in % (points or relative?), points for a change in a rate's own unit."""
    if unit is Unit.PERCENT:
        if "số" in low.split(" "):
            return Change.RELATIVE, Unit.COUNT, None
        return (Change.RELATIVE, Unit.PERCENT,
                "a change given in % of a rate: read as relative, check points or relative")
    return Change.POINTS, unit, None


def _no_period(tid: str) -> ChildProtectError:
    from ..errors import ValidationError

    return ValidationError(f"target {tid!r}: a yearly reduction needs the plan's period, and "
                           "the text states no end year")


def _indicator(clause: str, unit: Unit) -> Indicator:
    name = clause
    if unit.is_rate:
        return Indicator(name_vi=name, name_en="", unit=unit, numerator="to_name",
                         denominator="to_name")
    return Indicator(name_vi=name, name_en="", unit=unit, numerator="to_name")

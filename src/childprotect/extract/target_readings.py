"""How one value of a target is read in its clause: the numbers that are values (never
years, ages, days or article numbers), their units, the comparator or change that governs
each, a yearly rate, and the year each value is for.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal
from functools import lru_cache

import attrs

from childprotect.data.unicode import nfc
from childprotect.errors import ChildProtectError
from childprotect.extract.model import Finding, Review
from childprotect.extract.vocab import phrase_regex, vocabulary
from childprotect.i18n import Message
from childprotect.plans.indicators import Category, Comparator, Dimension
from childprotect.plans.targets import Target
from childprotect.text.quantities import Unit
from childprotect.text.vntext import name_key, parse_decimal

__all__ = ["MAX_PER_ITEM", "MAX_TARGETS", "FoundTargets"]


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
    return "".join(nfc(text).split()).casefold()


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
                note = Message("the text writes % but the item is measured {per}: drafted "
                               "{per}", per=_per(context_unit)).text()
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


def _per(unit: Unit) -> Message:
    from childprotect.plans.explain import UNIT_WORDS

    return UNIT_WORDS[unit]


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

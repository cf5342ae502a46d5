"""Targets (chỉ tiêu) from the objectives section: one per measured quantity.

Items are the objectives' list entries ("- Chỉ tiêu 6: …", "a) …", "- …"); an item
holding several quantities is split into ``CT6.1``, ``CT6.2`` …; a "trong đó" clause is a
sub-target of the one before it, except amounts in đồng, which become its parts.

>>> from childprotect.extract.clean import clean
>>> from childprotect.documents.document import Period
>>> c = clean("I. MỤC TIÊU\\n- Chỉ tiêu 6: Giảm tỷ lệ trẻ em có hoàn cảnh đặc biệt trên tổng "
...           "số trẻ em xuống dưới 1,5%, trong đó trên 90% trẻ em được trợ giúp.")
>>> from childprotect.extract.sections import read_sections
>>> found = find_targets(c, read_sections(c, 0), Period(2021, 2025))
>>> [(t.id, t.comparator.value, str(t.value), t.unit.value, t.parent) for t in found.targets]
[('CT6.1', 'below', '1.5', 'percent', None), ('CT6.2', 'above', '90', 'percent', 'CT6.1')]
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

import attrs

from childprotect.documents.document import AdminLevel, Period
from childprotect.errors import ChildProtectError
from childprotect.extract.clean import CleanText, Paragraph, pieces
from childprotect.extract.metadata import C_FAIR, C_GOOD, C_HIGH, C_LOW
from childprotect.extract.model import Finding, Review, Span
from childprotect.extract.sections import Sections
from childprotect.extract.vocab import phrase_regex, vocabulary
from childprotect.plans.targets import (
    AmountPart,
    Change,
    Comparator,
    Direction,
    Indicator,
    Recurrence,
    Target,
)
from childprotect.text.quantities import Unit
from childprotect.text.vntext import name_key, parse_decimal

__all__ = ["MAX_PER_ITEM", "MAX_TARGETS", "FoundTargets", "find_targets"]

#: Real plans state a few dozen targets, each item a handful of quantities; past these
#: limits the text is not a plan's objectives, and the rest goes to review.
MAX_TARGETS = 1000
MAX_PER_ITEM = 60

_NUMBER = re.compile(r"(?<![\w/.,])[0-9]{1,15}(?:[.,][0-9]{1,15}){0,4}(?![\w])")
_MARKER = re.compile(r"(?:[-+•–][ ]+)?(?:Chỉ tiêu[ ]+(?P<ct>[0-9]{1,3})[ ]*[:.][ ]*|"
                     r"(?P<letter>[a-zđ])\)[ ]+|(?P<bullet>[-+•–])[ ]+)")
_SPLIT = re.compile(r";|\.[ ]+(?=[^\W\d_])|,?[ ]+(?=trong đó\b)|[ ]+(?=\(riêng\b)|"
                    r",[ ]+(?=duy trì\b)")


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


def _objective_paragraphs(c: CleanText, s: Sections) -> list[tuple[int, str | None]]:
    """Paragraph indexes (and their section) of the specific objectives."""
    tops = [x for x in s.sections if x.parent is None and not x.id.startswith("Điều")]
    goal = next((x for x in tops if "mục tiêu" in name_key(x.title_vi)), None)
    if goal is None:
        return []
    skip = {x.id for x in s.sections if x.parent == goal.id and any(
        w in name_key(x.title_vi) for w in ("mục tiêu chung", "tổng quát", "nguyên tắc"))}
    out: list[tuple[int, str | None]] = []
    for i, sid in enumerate(s.section_of):
        if sid is None or i in s.heading_at:
            continue
        if (sid == goal.id or sid.startswith(goal.id + ".")) and sid not in skip and not any(
                sid.startswith(k + ".") for k in skip):
            out.append((i, sid))
    return out


def find_targets(c: CleanText, s: Sections, period: Period) -> FoundTargets:
    """The targets of a cleaned plan text."""
    items: list[tuple[str, str, Paragraph, int]] = []  # (label, section, para, offset)
    count = 0
    for i, sid in _objective_paragraphs(c, s):
        p = c.paragraphs[i]
        m = _MARKER.match(p.text)
        if m is None:
            continue
        label: str
        if m.group("ct"):
            label = f"CT{int(m.group('ct'))}"
        elif m.group("letter"):
            label = str(m.group("letter"))
        else:
            count += 1
            label = f"T{count}"
        items.append((label, sid or "", p, m.end()))
    targets: list[Target] = []
    findings: list[Finding] = []
    review: list[Review] = []
    for label, sid, p, off in items:
        if len(targets) >= MAX_TARGETS:
            s0, s1 = c.source_span(p.start, p.end)
            review.append(Review("target", " ".join(p.text.split())[:300], Span(s0, s1),
                                 f"more than {MAX_TARGETS} targets: this item and the ones "
                                 "after it are not drafted"))
            break
        _read_item(c, label, sid or None, p, off, period, targets, findings, review)
    return FoundTargets(tuple(targets), tuple(findings), tuple(review))


def _clauses(text: str, off: int) -> list[tuple[int, int]]:
    trimmed = (_trim(text, a, b) for a, b in pieces(_SPLIT, text, off))
    return [(a, b) for a, b in trimmed if b > a]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " ,;":
        a += 1
    while b > a and text[b - 1] in " .;,":
        b -= 1
    return a, b


@lru_cache(maxsize=1)
def _mention_rx() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, Unit]]:
    voc = vocabulary().numbers
    bases = re.compile(phrase_regex([r.phrase for r in voc.rate_bases]), re.IGNORECASE)
    skip_after = re.compile(r"[ ]*" + phrase_regex(voc.not_a_value_after) + r"\b", re.IGNORECASE)
    return bases, skip_after, {name_key(r.phrase): Unit(r.unit) for r in voc.rate_bases}


@lru_cache(maxsize=1)
def _unit_rx() -> tuple[re.Pattern[str], dict[str, tuple[Unit, int]]]:
    units = vocabulary().numbers.units
    rx = re.compile(r"[ ]?(?P<u>" + phrase_regex([u.phrase for u in units]) + r")(?![0-9])",
                    re.IGNORECASE)
    return rx, {_unit_key(u.phrase): (Unit(u.unit), u.multiplier) for u in units}


def _unit_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split()).casefold()


def _mentions(text: str, a: int, b: int) -> list[_Mention]:
    bases, skip_after, base_units = _mention_rx()
    unit_rx, units = _unit_rx()
    base_spans = [(m.start(), m.end()) for m in bases.finditer(text, a, b)]
    context_unit: Unit | None = None
    for x, y in base_spans:
        context_unit = base_units.get(name_key(text[x:y]))
        if context_unit is not None:
            break
    out: list[_Mention] = []
    base_starts = [x for x, _y in base_spans]
    for m in _NUMBER.finditer(text, a, b):
        k = bisect.bisect_right(base_starts, m.start()) - 1
        if k >= 0 and base_spans[k][0] <= m.start() < base_spans[k][1]:
            continue
        um = unit_rx.match(text, m.end(), b)
        if um is None and skip_after.match(text, m.end(), b):
            continue
        try:
            value = parse_decimal(m.group(0))
        except ChildProtectError:
            continue
        unit: Unit | None
        end = m.end()
        if um is not None:
            unit, mult = units[_unit_key(um.group("u"))]
            end = um.end()
            value = value * mult
        else:
            unit = context_unit
            if unit is None and not _comparator_before(text, a, m.start())[0]:
                continue
        out.append(_Mention(m.start(), end, value, unit))
    # "từ 2% đến 3%": one range.
    merged: list[_Mention] = []
    for mt in out:
        if merged and re.fullmatch(r"[ ]*(?:đến|-|–)[ ]*", text[merged[-1].end:mt.start]) and \
                re.search(r"\btừ[ ]*\Z", text[max(a, merged[-1].start - 8):merged[-1].start]):
            merged[-1] = attrs.evolve(merged[-1], end=mt.end, upper=mt.value)
            continue
        merged.append(mt)
    return merged


@lru_cache(maxsize=1)
def _comparator_rx() -> tuple[re.Pattern[str], dict[str, str]]:
    voc = vocabulary().numbers
    rx = re.compile(r"(?:^|(?<=[\s(,]))(?P<c>" + phrase_regex(
        [c.phrase for c in voc.comparators]) + r")[ ]*\Z", re.IGNORECASE)
    return rx, {name_key(c.phrase): c.comparator for c in voc.comparators}


def _comparator_before(text: str, a: int, at: int) -> tuple[str | None, int]:
    rx, by_key = _comparator_rx()
    window_start = max(a, at - 40)
    m = rx.search(text[window_start:at])
    if not m:
        return None, at
    return by_key[name_key(m.group("c"))], window_start + m.start("c")


def _read_item(c: CleanText, base: str, section: str | None, p: Paragraph, off: int,
               period: Period, targets: list[Target], findings: list[Finding],
               review: list[Review]) -> None:
    text = p.text
    pieces: list[tuple[int, int, _Mention | None, bool]] = []  # (a, b, mention, sub-target)
    for a, b in _clauses(text, off):
        ms = _mentions(text, a, b)
        sub = text[a:b].startswith(("trong đó", "(riêng"))
        amounts = bool(ms) and all(x.unit is Unit.VND for x in ms)
        if len(ms) <= 1 or (sub and amounts and pieces and pieces[-1][2] is not None
                            and pieces[-1][2].unit is Unit.VND):
            pieces.append((a, b, ms[0] if ms else None, sub))
            continue
        cuts = [a]
        for m0, m1 in itertools.pairwise(ms):
            lead = text.rfind(" và ", m0.end, m1.start)
            comma = text.rfind(",", m0.end, m1.start)
            cut = max(lead + 1 if lead >= 0 else -1, comma + 1 if comma >= 0 else -1)
            if cut <= m0.end:
                cut = _comparator_before(text, m0.end, m1.start)[1]
            cuts.append(cut)
        cuts.append(b)
        for k, mk in enumerate(ms):
            x, y = _trim(text, cuts[k], cuts[k + 1])
            if text.startswith("và ", x):
                x += 3
            pieces.append((x, y, mk, sub and k == 0))
    if len(pieces) > MAX_PER_ITEM:
        s0, s1 = c.source_span(p.start, p.end)
        review.append(Review("target", " ".join(text.split())[:300], Span(s0, s1),
                             f"{base}: {len(pieces)} quantities in one item, more than "
                             f"{MAX_PER_ITEM}: not drafted"))
        return
    drafts: list[_Piece] = []
    for a, b, mt, sub in pieces:
        clause = " ".join(text[a:b].split())
        if mt is not None and mt.unit is Unit.VND and sub and drafts and \
                drafts[-1].mention is not None and drafts[-1].mention.unit is Unit.VND:
            drafts[-1].parts.extend(_parts(text, a, b))
            drafts[-1].b = b
            drafts[-1].clause = " ".join(text[drafts[-1].a:b].split())
            continue
        drafts.append(_Piece(a, b, mt, sub, clause, []))
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
            t, conf, note = _target(ids[k], clause, section, d.mention, text, d.a, d.b, period,
                                    parent, d.parts)
        except ChildProtectError as exc:
            review.append(Review("target", clause, span, f"{ids[k]}: {exc}"))
            continue
        targets.append(t)
        findings.append(Finding("target", clause, span, conf, ids[k]))
        if note:
            review.append(Review("target", clause, span, f"{ids[k]}: {note}"))


@attrs.define
class _Piece:
    a: int
    b: int
    mention: _Mention | None
    sub: bool
    clause: str
    parts: list[AmountPart]


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


def _target(tid: str, clause: str, section: str | None, mt: _Mention | None, text: str, a: int,
            b: int, period: Period, parent: str | None,
            parts: list[AmountPart]) -> tuple[Target, Decimal, str | None]:
    voc = vocabulary().numbers
    low = name_key(clause)
    reduce = any(name_key(v) in low.split(" ")[:3] or low.startswith(name_key(v))
                 for v in voc.reduce_verbs) or " giảm " in f" {low} "
    year = period.end if period.end is not None else period.start
    if mt is None:
        elim = re.search(phrase_regex(voc.eliminate), clause, re.IGNORECASE)
        if elim:
            ind = Indicator(name_vi=clause[elim.end():].strip(" ,.") or clause, name_en="",
                            unit=Unit.COUNT, numerator="to_name")
            return (Target(tid, clause, section, text_en="", comparator=Comparator.ELIMINATE,
                           direction=Direction.DECREASE, indicator=ind, year=year, parent=parent),
                    C_FAIR, "eliminate target: name the indicator and write text_en")
        return (Target(tid, clause, section, text_en="", comparator=Comparator.QUALITATIVE,
                       direction=Direction.DECREASE if reduce else Direction.INCREASE,
                       year=year, parent=parent),
                C_LOW, "no number in this clause: drafted as a qualitative target")
    comp_name, comp_at = _comparator_before(text, a, mt.start)
    maintain = re.search(r"\bduy trì\b", text[a:mt.start]) is not None
    unit = mt.unit or Unit.COUNT
    notes: list[str] = []
    if mt.upper is not None:
        comp = Comparator.ANNUAL_REDUCTION
        yearly = any(re.search(phrase_regex([w]), text[mt.end:b], re.IGNORECASE)
                     for w in voc.range.yearly)
        if not yearly:
            notes.append("a range without 'hằng năm': read as a yearly reduction range")
        change = Change.RELATIVE if unit is Unit.PERCENT else Change.POINTS
        ind_unit = Unit.COUNT if unit is Unit.PERCENT and "số" in low.split(" ") else unit
        if ind_unit is Unit.PERCENT:
            notes.append("a fall given in % of a rate: read as relative, check points or relative")
        ind = _indicator(clause, ind_unit)
        t = Target(tid, clause, section, text_en="", comparator=comp,
                   direction=Direction.DECREASE, indicator=ind, value=mt.value, upper=mt.upper,
                   change=change, year=year, period=period if period.end else None,
                   recurrence=Recurrence.ANNUAL, parent=parent)
        return t, C_FAIR, "; ".join(notes) or None
    comp = Comparator(comp_name) if comp_name else Comparator.REACH
    if comp in (Comparator.BELOW, Comparator.AT_MOST, Comparator.REDUCE_TO) or (
            comp is Comparator.REACH and reduce):
        direction = Direction.DECREASE
    else:
        direction = Direction.INCREASE
    recurrence = Recurrence.ONCE
    t_period = None
    if maintain and comp not in (Comparator.REDUCE_TO,):
        direction = Direction.MAINTAIN if comp is not Comparator.REACH else direction
        if period.end is not None:
            recurrence, t_period = Recurrence.ANNUAL, period
        notes.append("'duy trì' (keep): drafted as every year of the plan's period")
    if comp is Comparator.MAINTAIN:
        comp = Comparator.AT_LEAST
    ind = _indicator(clause, unit)
    t = Target(tid, clause, section, text_en="", comparator=comp, direction=direction,
               indicator=ind, value=mt.value, year=year, period=t_period,
               recurrence=recurrence, parent=parent, parts=tuple(parts))
    conf = C_HIGH if comp_name and mt.unit else C_GOOD if mt.unit else C_FAIR
    if mt.unit is None:
        notes.append("no unit written next to the number: drafted as a count")
    del comp_at
    return t, conf, "; ".join(notes) or None


def _indicator(clause: str, unit: Unit) -> Indicator:
    name = clause
    if unit.is_rate:
        return Indicator(name_vi=name, name_en="", unit=unit, numerator="to_name",
                         denominator="to_name")
    return Indicator(name_vi=name, name_en="", unit=unit, numerator="to_name")

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
>>> from childprotect.documents.document import Period
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

import itertools
import re
from decimal import Decimal

import attrs

from childprotect.documents.document import AdminLevel, Period
from childprotect.errors import ChildProtectError
from childprotect.extract.clean import CleanText, Paragraph, pieces
from childprotect.extract.metadata import C_FAIR, C_GOOD, C_HIGH, C_LOW
from childprotect.extract.model import Finding, Review, Span
from childprotect.extract.sections import Sections
from childprotect.extract.target_readings import (
    _CT_ITEM,
    _CUT_SEP,
    _GROUP_HEADING,
    _MARKER,
    _OBJECTIVES_LINE,
    _REDUCING,
    _SPLIT,
    _YEAR_HEADING,
    MAX_PER_ITEM,
    MAX_TARGETS,
    FoundTargets,
    _area,
    _comparator_before,
    _maintained_until,
    _Mention,
    _mentions,
    _Reading,
    _reading,
    _year_of,
    _years,
)
from childprotect.extract.vocab import phrase_regex, vocabulary
from childprotect.i18n import Message
from childprotect.plans.indicators import (
    UNNAMED,
    AmountPart,
    Change,
    Comparator,
    Direction,
    Indicator,
    Recurrence,
)
from childprotect.plans.targets import Target
from childprotect.text.quantities import Unit
from childprotect.text.vntext import name_key

__all__ = ["find_targets", "looks_cut"]


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
            return out, Message("no objectives section (\"I. MỤC TIÊU\"): the targets are "
                                "read after the line {line}", line=repr(paras[i].text[:40])).text()
    items = [(k, s.section_of[k]) for k in range(body_start, len(paras))
             if _CT_ITEM.match(paras[k].text)]
    if items:
        return items, Message("no objectives heading: the targets are read from the "
                              "\"Chỉ tiêu N:\" items").text()
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
                                 Message("more than {max_targets} targets: this item and the "
                                         "ones after it are not drafted",
                                         max_targets=MAX_TARGETS).text()))
            break
        end = len(p.text)
        if is_cut:
            end = _cut_end(c, p, off, review)
            if end <= off:
                continue
        _read_item(c, label, sid or None, p, off, end, period, year, targets, findings,
                   review)
    if not targets:
        what = Message("the objectives section states no target") if paras or _has_goal(s) \
            else Message("no objectives section and no \"Chỉ tiêu\" item found")
        review.append(Review("target", "", Span(0, 0), (Message(
            "{what}: the draft has no targets (the text looks cut before them)", what=what)
            if cut else Message("{what}: the draft has no targets", what=what)).text()))
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
                         Message("the text stops here in mid-sentence (cut): this part of the "
                                 "item is not drafted").text()))
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
                             Message("{base}: {count} quantities in one item, more than "
                                     "{max_per_item}: not drafted", base=base, count=len(raw),
                                     max_per_item=MAX_PER_ITEM).text()))
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
            review.append(Review("target", clause, span, Message("{ids}: no number of its own: "
                                                                 "drafted with the subject and "
                                                                 "value of {id}", ids=ids[k],
                                                                 id=prev.id).text()))
            continue
        try:
            t, conf, note = _target(ids[k], clause, section, d, text, period, parent)
        except ChildProtectError as exc:
            review.append(Review("target", clause, span, Message("{ids}: {exc}", ids=ids[k],
                                                                 exc=exc).text()))
            continue
        targets.append(t)
        findings.append(Finding("target", clause, span, conf, ids[k]))
        if note:
            review.append(Review("target", clause, span, Message("{ids}: {note}", ids=ids[k],
                                                                 note=note).text()))


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
                            unit=Unit.COUNT, numerator=UNNAMED)
            return (Target(tid, clause, section, text_en="", comparator=Comparator.ELIMINATE,
                           direction=Direction.DECREASE, indicator=ind, parent=parent),
                    C_FAIR, Message("eliminate target: name the indicator and write "
                                    "text_en").text())
        return (Target(tid, clause, section, text_en="", comparator=Comparator.QUALITATIVE,
                       direction=Direction.DECREASE if opens_reduce else Direction.INCREASE,
                       parent=parent),
                C_LOW, Message("no number in this clause: drafted as a qualitative "
                               "target").text())
    r = d.reading or _Reading(None, None, False, False)
    year = d.year
    notes: list[str] = []
    if mt.unit_note:
        notes.append(mt.unit_note)
    if year is None and not (mt.upper is not None or (r.yearly and r.change_verb == "reduce")):
        notes.append(Message(
            "the text states no year for this target: it is drafted without one").text())
    if r.inherited:
        notes.append(Message(
            "no comparator of its own: read with the one of the value before it").text())
    maintain = re.search(r"\bduy trì\b", text[a:mt.start], re.IGNORECASE) is not None
    until = _maintained_until(text, mt.end, b)
    if until is not None:
        notes.append(Message("the level is then kept to {until} ('duy trì đến năm {until}')",
                             until=until).text())
    unit = mt.unit or Unit.COUNT
    disagg = _area(text, mt, b)
    annual_period = period if period.end is not None else None
    if mt.upper is not None or (r.yearly and r.change_verb == "reduce"):
        # "hằng năm giảm 5-10%", "giảm từ 2% đến 3% hằng năm", "mỗi năm giảm 5%".
        if not r.yearly:
            notes.append(Message(
                "a range without 'hằng năm': read as a yearly reduction range").text())
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
        notes.append(Message("a change from a baseline the text does not give (so với năm "
                             "{year}): add the baseline", year=since.group(1)).text() if since
                     else Message("a change from a baseline the text does not give: add the "
                                  "baseline").text())
        if r.yearly:
            notes.append(Message("a yearly rise ('hằng năm tăng'): drafted as a rise from the "
                                 "baseline").text())
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
        notes.append(Message("'duy trì' (keep): drafted as every year of the plan's period").text())
    if comp is Comparator.MAINTAIN:
        comp = Comparator.AT_LEAST
    ind = _indicator(clause, unit)
    t = Target(tid, clause, section, text_en="", comparator=comp, direction=direction,
               indicator=ind, value=mt.value, year=year, period=t_period,
               recurrence=recurrence, parent=parent, parts=tuple(parts), disaggregation=disagg)
    conf = C_HIGH if r.comparator and mt.unit else C_GOOD if mt.unit or mt.bare else C_FAIR
    if mt.unit is None and not mt.bare:
        notes.append(Message("no unit written next to the number: drafted as a count").text())
    return t, conf, "; ".join(notes) or None


def _change_kind(unit: Unit, low: str) -> tuple[Change, Unit, str | None]:
    """How a change in % is measured: relative for a count ("số trẻ em"), relative with a
    note for a rate in % (points or relative?), points for a change in a rate's own unit."""
    if unit is Unit.PERCENT:
        if "số" in low.split(" "):
            return Change.RELATIVE, Unit.COUNT, None
        return (Change.RELATIVE, Unit.PERCENT,
                Message("a change given in % of a rate: read as relative, check points or "
                        "relative").text())
    return Change.POINTS, unit, None


def _no_period(tid: str) -> ChildProtectError:
    from childprotect.errors import ValidationError

    return ValidationError(Message("target {tid}: a yearly reduction needs the plan's period, "
                                   "and the text states no end year", tid=repr(tid)))


def _indicator(clause: str, unit: Unit) -> Indicator:
    name = clause
    if unit.is_rate:
        return Indicator(name_vi=name, name_en="", unit=unit, numerator=UNNAMED,
                         denominator=UNNAMED)
    return Indicator(name_vi=name, name_en="", unit=unit, numerator=UNNAMED)

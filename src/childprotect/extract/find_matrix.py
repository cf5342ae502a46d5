"""The responsibility matrix: which agency leads, coordinates, guides or implements what.

Read from three shapes of text: "Đơn vị thực hiện: A; B, C" under a content section
(each implements the section); an agency's own section in "Tổ chức thực hiện" whose
clauses name items ("Chủ trì … các chỉ tiêu 1,6, 8", "tiêu chí số 10", "Mục 5, Phần
II"), with the role of the verb group that governs them; and "Đề nghị A, B và C"
(requested). Agency names are resolved through the agency registry.

>>> from childprotect.extract.clean import clean
>>> from childprotect.extract.sections import read_sections
>>> c = clean("III. TỔ CHỨC THỰC HIỆN\\n1. Sở Y tế:\\n- Chủ trì, hướng dẫn triển khai, "
...           "thực hiện các chỉ tiêu 2,3 của Kế hoạch.\\n- Phối hợp với các Sở để thực hiện "
...           "tốt chỉ tiêu 16.")
>>> [(a.agency, a.role.value, a.item) for a in find_matrix(c, read_sections(c, 0), ()).matrix]
[('so-y-te', 'lead', 'CT2'), ('so-y-te', 'lead', 'CT3'), ('so-y-te', 'coordinate', 'CT16')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import lru_cache

import attrs

from childprotect.agencies.matrix import Assignment, Role, role_word
from childprotect.errors import ChildProtectError
from childprotect.extract.agency_names import (
    prefix_agency,
    resolve_name,
    resolve_near,
    split_agencies,
)
from childprotect.extract.clean import CleanText, Paragraph
from childprotect.extract.find_duties import agency_heading
from childprotect.extract.metadata import C_FAIR, C_GOOD, C_HIGH, C_LOW
from childprotect.extract.model import Finding, Review, Span
from childprotect.extract.sections import Sections
from childprotect.extract.vocab import phrase_regex, vocabulary
from childprotect.i18n import Message
from childprotect.plans.targets import Target
from childprotect.text.vntext import name_key

__all__ = ["FoundMatrix", "find_matrix"]


def _verb(role: Role) -> str:
    """The verb of an assignment whose text names none: the role as Vietnamese plans write
    it (``thực hiện``; the field holds Vietnamese whatever the language in use)."""
    return role_word(role).text("vi")


_LIST = r"[0-9]{1,3}(?:[ ]*(?:,|và|;)[ ]*[0-9]{1,3}){0,30}"
_REF = re.compile(
    r"(?:các[ ]+)?(?P<w>chỉ tiêu|tiêu chí|mục)[ ]*(?:số[ ]*)?(?P<list>" + _LIST + r")"
    r"(?![0-9/])(?:[ ]*,?[ ]*phần[ ]+(?P<part>[IVX]{1,5})\b)?", re.IGNORECASE)
_OTHER_CRITERIA = re.compile(r"các tiêu chí khác", re.IGNORECASE)
_PART = re.compile(r"\bphần[ ]+(?P<part>[IVX]{1,5})\b", re.IGNORECASE)


@attrs.frozen
class FoundMatrix:
    matrix: tuple[Assignment, ...]
    findings: tuple[Finding, ...]
    review: tuple[Review, ...]


def _role_of(phrase: str) -> Role | None:
    voc = vocabulary().roles
    key = name_key(phrase)
    for r in voc.roles:
        if name_key(r.phrase) == key:
            return Role(r.role)
    return None


@lru_cache(maxsize=1)
def _role_rx() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    voc = vocabulary().roles
    phrases = phrase_regex([r.phrase for r in voc.roles])
    start = re.compile(r"(?:và[ ]+)?(?P<r>" + phrases + r")\b", re.IGNORECASE)
    split = re.compile(r"[,;:]|[ ]+(?=và[ ]+(?:" + phrases + r")\b)", re.IGNORECASE)
    # "tăng cường hướng dẫn": an intensifier before the verb does not change the role.
    skip = re.compile(phrase_regex(voc.intensifiers) + r"[ ]+", re.IGNORECASE)
    return start, split, skip


def _role_start(chunk: str) -> tuple[Role | None, str]:
    c = chunk.strip()
    start, _split, skip = _role_rx()
    c2 = skip.sub("", c, count=1) if skip.match(c) else c
    m = start.match(c2)
    if not m:
        return None, c
    return _role_of(m.group("r")), c


def _chunks(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = 0
    for m in _role_rx()[1].finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


@lru_cache(maxsize=64)
def _analyse(text: str) -> tuple[list[int], list[int], list[int], list[Role | None]]:
    """Chunk starts, the nearest role chunk at or before each chunk (-1: none), the first
    chunk of each role chunk's group, and each chunk's role."""
    chunks = _chunks(text)
    roles = [_role_start(text[a:b])[0] for a, b in chunks]
    nearest: list[int] = []
    group_first: list[int] = []
    last = -1
    for k, r in enumerate(roles):
        if r is not None:
            last = k
            group_first.append(group_first[k - 1] if k > 0 and roles[k - 1] is not None else k)
        else:
            group_first.append(k)
        nearest.append(last)
    return [a for a, _b in chunks], nearest, group_first, roles


def _governing(text: str, at: int) -> tuple[Role, str, int]:
    """The role of the verb group that governs position ``at`` of a clause."""
    starts, nearest, group_first, roles = _analyse(text)
    idx = max(bisect.bisect_right(starts, at) - 1, 0)
    last = nearest[idx]
    if last < 0:
        return Role.IMPLEMENT, "", 0
    first = group_first[last]
    end = starts[last + 1] if last + 1 < len(starts) else len(text)
    verb = " ".join(text[starts[first]:end].strip(" ,;:").split()[:6])
    return roles[first] or Role.IMPLEMENT, verb, starts[first]


def _opening_role(text: str) -> tuple[Role, str]:
    t = text.strip(" -+•")
    head = t[:80]
    if re.search(r"\bchủ trì\b", head, re.IGNORECASE):
        m = re.search(r"\bchủ trì\b", head, re.IGNORECASE)
        assert m is not None
        return Role.LEAD, " ".join(t[:m.end()].split()[-6:])
    role, _ = _role_start(t)
    words = " ".join(t.split()[:4]).rstrip(",;.")
    return (role or Role.IMPLEMENT), words


def _items(text: str, targets_ids: Sequence[str], criteria_max: int,
           current_top: str | None) -> list[tuple[int, str, str | None]]:
    """Item references in a clause: (position, item id, problem or None)."""
    out: list[tuple[int, str, str | None]] = []
    numbered_targets = {t for t in targets_ids if t.startswith("CT")}
    for m in _REF.finditer(text):
        word = name_key(m.group("w"))
        nums = [int(x) for x in re.findall(r"[0-9]{1,3}", m.group("list"))]
        for n in nums:
            if word == "chỉ tiêu":
                tid = f"CT{n}" if numbered_targets or not targets_ids else f"T{n}"
                out.append((m.start(), tid, None))
            elif word == "tiêu chí":
                out.append((m.start(), f"TC{n}", None))
            else:
                part = m.group("part")
                if part is None:
                    pm = _PART.search(text, m.end())
                    part = pm.group("part") if pm else None
                if part is None:
                    out.append((m.start(), f"{current_top}.{n}" if current_top else f"{n}",
                                "a 'Mục' without its 'Phần'"))
                else:
                    out.append((m.start(), f"{part.upper()}.{n}", None))
    others = _OTHER_CRITERIA.search(text)
    if others is not None:
        named = {int(x) for x in re.findall(r"tiêu chí[ ]*(?:số[ ]*)?(" + _LIST + ")", text)
                 for x in re.findall(r"[0-9]{1,3}", x)}
        m = others
        for n in range(1, min(criteria_max, 99) + 1):
            if n not in named:
                out.append((m.start(), f"TC{n}", Message(
                    "'các tiêu chí khác': every criterion the text numbers elsewhere and this "
                    "sentence does not name").text()))
    return out


def _key_phrases(targets: Sequence[Target]) -> dict[str, str]:
    """Named things in a target's text ("Quỹ bảo trợ trẻ em") → its base id."""
    stop = r"(?:trong|của|tại|cho|đạt|ở|với|và|là|được|theo|để|về)\b"
    rx = re.compile(r"(?<=[ ])(?P<p>[A-ZĐ][^\W\d_]*(?:[ ]+(?!" + stop + r")[a-zđ"
                    r"\u00e0-\u1ef9][^\W\d_]*){2,5})")
    out: dict[str, str] = {}
    for t in targets:
        for m in rx.finditer(t.text_vi):
            out.setdefault(m.group("p"), t.id.split(".")[0])
    return out


def find_matrix(c: CleanText, s: Sections, targets: Sequence[Target]) -> FoundMatrix:
    """The responsibility matrix of a cleaned plan text."""
    voc = vocabulary()
    titles = {x.id: x.title_vi for x in s.sections}
    target_ids = [t.id for t in targets]
    criteria_max = max((int(x) for x in re.findall(r"tiêu chí[ ]*(?:số[ ]*)?([0-9]{1,2})\b",
                                                   c.text[:2_000_000])), default=0)
    keys = _key_phrases(targets)
    content = _content_sections(s)
    impl_rx = re.compile(r"(?:[a-zđ]\)[ ]*)?(?:" + phrase_regex(voc.roles.implementers) +
                         r")[ ]*:[ ]*(?P<list>.+)", re.IGNORECASE | re.DOTALL)
    requested_rx = re.compile(r"(?:[0-9.]{1,8}[ ]*)?(?:" + phrase_regex(voc.roles.requested) +
                              r")[ ]+(?P<list>[^:]{3,600})", re.IGNORECASE)
    words = [name_key(w) for w in voc.roles.matrix_sections]
    org_tops = {x.id for x in s.sections if x.parent is None and any(
        w in name_key(x.title_vi) for w in words)}
    out: list[Assignment] = []
    findings: list[Finding] = []
    review: list[Review] = []
    seen: set[tuple[str, str, str]] = set()
    section_done: set[str] = set()
    by_section: dict[str, list[tuple[str, str | None]]] = {}

    def add(kid: str | None, role: Role, item: str, name: str, where: str, verb: str,
            p: Paragraph, conf: Decimal, note: str | None = None) -> None:
        if kid is None:
            s0, s1 = c.source_span(p.start, p.end)
            review.append(Review("matrix", " ".join(p.text.split())[:200], Span(s0, s1),
                                 Message("{item}: {value}", item=item, value=note or Message(
                                     "{name} is not in the agency registry", name=name)).text()))
            return
        key = (kid, role.value, item)
        if key in seen:
            return
        seen.add(key)
        try:
            a = Assignment(kid, role, item, name, where, verb or _verb(role), note=note)
        except ChildProtectError as exc:
            s0, s1 = c.source_span(p.start, p.end)
            review.append(Review("matrix", " ".join(p.text.split())[:300], Span(s0, s1),
                                 str(exc)))
            return
        out.append(a)
        s0, s1 = c.source_span(p.start, p.end)
        findings.append(Finding("matrix", " ".join(p.text.split())[:200], Span(s0, s1),
                                conf, f"{kid} {role.value} {item}"))
        if note:
            review.append(Review("matrix", " ".join(p.text.split())[:200], Span(s0, s1),
                                 Message("{kid} {role} {item}: {note}", kid=kid,
                                         role=role_word(role), item=item, note=note).text()))

    for i, p in enumerate(c.paragraphs):
        sid = s.section_of[i]
        if sid is None:
            continue
        text = p.text
        m = impl_rx.match(text)
        if m and sid.split(".")[0] not in org_tops:
            for name, kid in split_agencies(m.group("list")):
                if kid is None:
                    s0, s1 = c.source_span(p.start, p.end)
                    review.append(Review("matrix", name, Span(s0, s1),
                                         Message("'{name}' is not in the agency registry",
                                                 name=name).text()))
                    continue
                add(kid, Role.IMPLEMENT, sid, name, sid, "Đơn vị thực hiện", p, C_HIGH)
            continue
        top = sid.split(".")[0]
        if top not in org_tops or sid == top:
            continue
        heading = s.heading_at.get(i)
        owner = titles.get(sid, "")
        body = re.sub(r"^[-+•–][ ]+", "", text)
        agencies: list[tuple[str, str | None]] = []
        requested = False
        if heading is not None:
            body = re.sub(r"^(?:[0-9]{1,2}\.){1,3}[ ]*|^[0-9]{1,2}[.)][ ]*", "", text)
            body = re.sub(r"^Giao[ ]+", "", body)
            rq = requested_rx.match(body)
            if rq:
                requested = True
                lst = rq.group("list")
                colon = body.find(":")
                agencies = split_agencies(lst if colon < 0 else body[rq.start("list"):colon])
                body = body[colon + 1:] if colon >= 0 else ""
            else:
                colon = body.find(":", 0, 200)
                head = body[:colon] if colon >= 0 else body
                if colon >= 0 and resolve_name(head) is None and "," in head:
                    agencies = split_agencies(head)
                    body = body[colon + 1:]
                else:
                    pre = prefix_agency(body)
                    if pre is not None:
                        agencies = [(pre[0], pre[1])]
                        body = body[pre[2]:].lstrip(" :")
                        if colon >= 0 and colon < pre[2] + 3:
                            body = body.lstrip(" :")
            if not agencies or all(k is None for _n, k in agencies):
                if agency_heading(owner):
                    s0, s1 = c.source_span(p.start, p.end)
                    review.append(Review("matrix", owner, Span(s0, s1),
                                         Message("section {sid}: agency not in the agency "
                                                 "registry", sid=sid).text()))
                continue
            by_section[sid] = agencies
            if requested:
                for name, kid in agencies:
                    if kid is not None:
                        add(kid, Role.REQUESTED, sid, name, sid, "Đề nghị", p, C_HIGH)
                    else:
                        s0, s1 = c.source_span(p.start, p.end)
                        review.append(Review("matrix", name, Span(s0, s1),
                                             Message("'{name}' is not in the agency registry",
                                                     name=name).text()))
                section_done.add(sid)
                continue
        agencies = by_section.get(sid, [])
        if not agencies or not body.strip():
            continue
        _read_body(body, sid, agencies, target_ids, criteria_max, keys, p, add,
                   section_done, heading is not None, content)
    return FoundMatrix(tuple(out), tuple(findings), tuple(review))


_PARTNER_OPEN = re.compile(r"\bchủ trì[ ]*(?:,|và)?[ ]*phối hợp(?:[ ]+với)?[ ]+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _partner_stop() -> re.Pattern[str]:
    words = vocabulary().roles.partner_stops
    return re.compile(r"(?:^|[ ]+)(?:" + phrase_regex(words) + r")\b|[;.(:]", re.IGNORECASE)


def _partners(source: str) -> list[tuple[str, str | None]]:
    """The partners named in "A chủ trì, phối hợp với B, C và D (làm gì)": B, C and D, each
    with its agency kind id (None when the registry does not know the name)."""
    m = _PARTNER_OPEN.search(source)
    if m is None:
        return []
    rest = source[m.end():m.end() + 400]
    stop = _partner_stop().search(rest)
    span = rest[:stop.start()] if stop else rest
    out: list[tuple[str, str | None]] = []
    pieces = split_agencies(span)
    k = 0
    while k < len(pieces):
        n, kid = pieces[k]
        if kid is None and k + 1 < len(pieces) and pieces[k + 1][1] is None:
            i1 = span.find(n)
            i2 = span.find(pieces[k + 1][0], i1 + len(n)) if i1 >= 0 else -1
            joined = span[i1:i2 + len(pieces[k + 1][0])] if i2 >= 0 else f"{n}, {pieces[k + 1][0]}"
            near = resolve_near(joined)
            if near is not None:
                # "các Sở, Nngành liên quan": a known name with a typing error.
                pieces[k:k + 2] = [(joined, near)]
                continue
        if kid is None and resolve_near(n) is not None:
            pieces[k] = (n, resolve_near(n))
        k += 1
    for n, k2 in pieces:
        if not n.strip():
            continue
        if k2 is None and out and out[-1][1] is None:
            # "các phòng, ban, ngành, đoàn thể Huyện": one name the registry does not know.
            out[-1] = (f"{out[-1][0]}, {n}", None)
            continue
        out.append((n, k2))
    return out


@lru_cache(maxsize=1)
def _propose_rx() -> re.Pattern[str]:
    voc = vocabulary().roles
    return re.compile(r"(?<![\w])(?:" + phrase_regex(voc.propose_anywhere) + r")[ ]+"
                      r"(?:(?:cho|với|lên)[ ]+)?(?:" + phrase_regex(voc.submit_to) + r")\b")


def _propose_in(clause: str) -> str | None:
    """A verb of proposing a matter to the body that decides, anywhere in a clause ("…, Sở
    Tài chính tham mưu UBND tỉnh …", "…, tổng hợp, trình Ủy ban nhân dân thành phố …"),
    as the text writes it; or None."""
    m = _propose_rx().search(clause)
    return " ".join(m.group(0).split()) if m else None


_WORD = re.compile(r"[^\W\d_]+")
_LINK_MIN_WORDS = 10
_LINK_MIN_SHARE = Decimal("0.6")


def _content_sections(s: Sections) -> list[tuple[str, list[str]]]:
    """The activity sections (children of a top section that is neither the objectives
    nor the organisation nor the reporting part), with the words of their titles."""
    skip = ("mục tiêu", "chỉ tiêu", "tổ chức thực hiện", "phân công", "báo cáo", "kinh phí")
    tops = {x.id for x in s.sections if x.parent is None and not any(
        w in name_key(x.title_vi) for w in skip)}
    return [(x.id, [name_key(w) for w in _WORD.findall(x.title_vi.rstrip(" …"))])
            for x in s.sections if x.parent in tops]


def _lcs(a: list[str], b: list[str]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def _content_link(clause: str, content: list[tuple[str, list[str]]]) -> str | None:
    """The activity section whose title a duty clause restates ("… các nội dung về phòng
    ngừa, hỗ trợ, can thiệp cho trẻ em bị bạo lực, xâm hại tại các cơ sở giáo dục"), when
    the clause holds most of the title's words in order; else None."""
    words = [name_key(w) for w in _WORD.findall(clause[:600])]
    best: tuple[int, str] | None = None
    for sid, title in content:
        if len(title) < _LINK_MIN_WORDS:
            continue
        n = _lcs(words, title[:40])
        if n >= _LINK_MIN_WORDS and Decimal(n) >= _LINK_MIN_SHARE * min(len(title), 40) and (
                best is None or n > best[0]):
            best = (n, sid)
    return best[1] if best else None


def _read_body(body: str, sid: str, agencies: list[tuple[str, str | None]],
               target_ids: Sequence[str], criteria_max: int, keys: dict[str, str],
               p: Paragraph, add: Callable[..., None], section_done: set[str],
               is_heading: bool, content: list[tuple[str, list[str]]] | None = None) -> None:
    """One paragraph of an agency's section: the roles it gives on the items it names,
    and each of its duties' own role on the section (one agency leads one task and
    coordinates or proposes another)."""
    clauses: list[str] = []
    opens: list[bool] = []  # whether the clause opens a sentence (a duty of its own)
    for sentence in re.split(r"\.[ ]+(?=[^\W\d_])", body):
        parts = [x for x in sentence.split(";") if x.strip()]
        clauses.extend(parts)
        opens.extend(j == 0 for j in range(len(parts)))
    if not clauses:
        return
    refs_by: list[list[tuple[int, str, str | None]]] = []
    for clause in clauses:
        refs = _items(clause, target_ids, criteria_max, None)
        for phrase, tid in keys.items():
            k = clause.find(phrase)
            if k >= 0:
                refs.append((k, tid, Message("linked by the name in the target's text").text()))
        refs_by.append(refs)
    opening = _opening_role(clauses[0])
    own = {k for _n, k in agencies}

    def partners(source: str, item: str) -> None:
        for name, kid in _partners(source):
            if kid is None:
                add(None, Role.COORDINATE, item, name, sid, "phối hợp với", p, C_LOW,
                    Message("the partner '{name}' is not in the agency registry",
                            name=name).text())
            elif kid not in own:
                exact = resolve_name(name) is not None
                add(kid, Role.COORDINATE, item, name, sid, "phối hợp với", p,
                    C_FAIR if exact else C_LOW,
                    Message("named as the partner of the leading agency").text() if exact else
                    Message("named as the partner of the leading agency; '{name}' read as a "
                            "known name with a typing error", name=name).text())

    fell_back = False
    own_group_later = False
    for idx, (clause, refs) in enumerate(zip(clauses, refs_by, strict=True)):
        for pos, item, problem in refs:
            role, verb, start = _governing(clause, pos)
            source = clause
            if not verb and idx > 0:
                # "Chủ trì … trong việc …; …; đấu tranh … để thực hiện tốt chỉ tiêu 7": the
                # clauses share the paragraph's opening verb.
                role, verb, source = opening[0], opening[1], clauses[0]
                fell_back = True
            elif idx == 0 and pos == min(r[0] for r in refs) and start > 0:
                own_group_later = True
            conf = C_GOOD if problem is None else C_LOW
            for name, kid in agencies:
                if kid is not None:
                    add(kid, role, item, name, sid, verb or _verb(role), p, conf, problem)
            if role is Role.LEAD:
                partners(source, item)
                proposed = _propose_in(source)
                if proposed is not None:
                    for name, kid in agencies:
                        if kid is not None:
                            add(kid, Role.PROPOSE, item, name, sid, proposed, p, conf, problem)
    if sid in section_done:
        return
    duties: list[tuple[Role, str, str]] = []  # (role, verb, clause) of each duty
    for idx, (clause, refs) in enumerate(zip(clauses, refs_by, strict=True)):
        if idx == 0:
            if fell_back:
                continue  # the opening verb governs the items named further on
            if refs and not (opening[0] is Role.LEAD and own_group_later):
                continue  # the opening verb went to the items it names
            role, verb = opening
        elif refs:
            continue
        elif opens[idx]:
            role, verb = _opening_role(clause)  # a sentence: a duty, implement by default
        else:
            role_k, _c = _role_start(clause)
            if role_k is None:
                continue  # the list of the duty before goes on
            role, verb = role_k, " ".join(clause.split()[:4]).rstrip(",;.")
        proposed = _propose_in(clause)
        if role is Role.IMPLEMENT and proposed is not None:
            role, verb = Role.PROPOSE, proposed
        duties.append((role, verb, clause))
        if role is not Role.PROPOSE and proposed is not None and idx == 0:
            duties.append((Role.PROPOSE, proposed, clause))
    for role, verb, clause in duties:
        item, note = sid, None
        linked = _content_link(clause, content or []) if role is Role.LEAD else None
        if linked is not None:
            item, note = linked, Message("linked to {item} by the words of its title",
                                         item=linked).text()
        for name, kid in agencies:
            if kid is not None:
                add(kid, role, item, name, sid, verb, p, C_GOOD if is_heading else C_FAIR, note)
        if role is Role.LEAD:
            partners(clause, item)

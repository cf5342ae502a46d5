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

from childprotect.agencies.matrix import Assignment, Role
from childprotect.errors import ChildProtectError
from childprotect.extract.clean import CleanText, Paragraph
from childprotect.extract.find_duties import agency_heading
from childprotect.extract.metadata import C_FAIR, C_GOOD, C_HIGH, C_LOW
from childprotect.extract.model import Finding, Review, Span
from childprotect.extract.sections import Sections
from childprotect.extract.vocab import phrase_regex, vocabulary
from childprotect.plans.targets import Target
from childprotect.text.vntext import name_key

__all__ = ["FoundMatrix", "find_matrix", "resolve_name", "split_agencies"]

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


@lru_cache(maxsize=1)
def _kinds_by_key() -> dict[str, str]:
    from childprotect.agencies.registry import registry

    return {name_key(n): k.id for k in registry().kinds for n in k.names}


@lru_cache(maxsize=8192)
def resolve_name(name: str) -> str | None:
    """The agency kind id a name means, or None (through the agency registry).

    A name followed by a known place (``Công an tỉnh Bắc Kạn``) means the kind.

    >>> resolve_name("Sở LĐTBXH"), resolve_name("Sở Không Có")
    ('so-ldtbxh', None)
    """
    from childprotect.agencies.registry import registry

    n = " ".join(name.split()).strip(" ,.;:")
    if not n or len(n) > 200:
        return None
    key = name_key(n)
    kinds = _kinds_by_key()
    if key in kinds:
        return kinds[key]
    words = key.split(" ")
    for cut in range(len(words) - 1, 0, -1):
        head = " ".join(words[:cut])
        if head in kinds and registry().find_place(" ".join(words[cut:])) is not None:
            return kinds[head]
    return None


def split_agencies(text: str) -> list[tuple[str, str | None]]:
    """A list of agency names as written, each with its kind id (None when unknown).

    Names may hold commas ("Ủy ban nhân dân các huyện, thành phố"): the longest run of
    pieces that the registry knows is taken first.

    >>> split_agencies("Sở Tư pháp; Công an tỉnh và Ủy ban nhân dân các huyện, thành phố.")
    [('Sở Tư pháp', 'so-tu-phap'), ('Công an tỉnh', 'cong-an-tinh'), \
('Ủy ban nhân dân các huyện, thành phố', 'ubnd-huyen')]
    """
    pieces = [p for p in re.split(r"([,;]|[ ]+và[ ]+)", text.strip(" .;:")) if p is not None]
    words = pieces[0::2]
    seps = pieces[1::2]
    out: list[tuple[str, str | None]] = []
    i = 0
    n = len(words)
    while i < n:
        found = None
        for j in range(min(n, i + 8), i, -1):
            joined = words[i]
            for k in range(i + 1, j):
                joined += seps[k - 1] + words[k]
            kid = resolve_name(joined)
            if kid is not None and j - i > 1 and any(
                    resolve_name(words[k]) not in (None, kid) for k in range(i + 1, j)):
                # A run that swallows another known agency is two names, not one.
                kid = None
            if kid is not None:
                found = (joined.strip(), kid, j)
                break
        if found is None:
            w = words[i].strip()
            if w:
                out.append((w, None))
            i += 1
        else:
            out.append((found[0], found[1]))
            i = found[2]
    return out


def _prefix_agency(text: str) -> tuple[str, str, int] | None:
    """The longest start of ``text`` that names a known agency: (name, kind id, end)."""
    words = list(re.finditer(r"\S+", text[:240]))
    for j in range(min(len(words), 16), 0, -1):
        end = words[j - 1].end()
        kid = resolve_name(text[:end])
        if kid is not None:
            return text[:end].strip(" ,:"), kid, end
    return None


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
                out.append((m.start(), f"TC{n}", "'các tiêu chí khác': every criterion the "
                            "text numbers elsewhere and this sentence does not name"))
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

    def add(kid: str, role: Role, item: str, name: str, where: str, verb: str, p: Paragraph,
            conf: Decimal, note: str | None = None) -> None:
        key = (kid, role.value, item)
        if key in seen:
            return
        seen.add(key)
        try:
            a = Assignment(kid, role, item, name, where, verb or role.value, note=note)
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
                                 f"{kid} {role.value} {item}: {note}"))

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
                                         f"'{name}' is not in the agency registry"))
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
                    pre = _prefix_agency(body)
                    if pre is not None:
                        agencies = [(pre[0], pre[1])]
                        body = body[pre[2]:].lstrip(" :")
                        if colon >= 0 and colon < pre[2] + 3:
                            body = body.lstrip(" :")
            if not agencies or all(k is None for _n, k in agencies):
                if agency_heading(owner):
                    s0, s1 = c.source_span(p.start, p.end)
                    review.append(Review("matrix", owner, Span(s0, s1),
                                         f"section {sid}: agency not in the agency registry"))
                continue
            by_section[sid] = agencies
            if requested:
                for name, kid in agencies:
                    if kid is not None:
                        add(kid, Role.REQUESTED, sid, name, sid, "Đề nghị", p, C_HIGH)
                    else:
                        s0, s1 = c.source_span(p.start, p.end)
                        review.append(Review("matrix", name, Span(s0, s1),
                                             f"'{name}' is not in the agency registry"))
                section_done.add(sid)
                continue
        agencies = by_section.get(sid, [])
        if not agencies or not body.strip():
            continue
        _read_body(body, sid, agencies, target_ids, criteria_max, keys, p, add,
                   section_done, heading is not None)
    return FoundMatrix(tuple(out), tuple(findings), tuple(review))


def _read_body(body: str, sid: str, agencies: list[tuple[str, str | None]],
               target_ids: Sequence[str], criteria_max: int, keys: dict[str, str],
               p: Paragraph, add: Callable[..., None], section_done: set[str],
               is_heading: bool) -> None:
    clauses = [x for x in re.split(r";|\.[ ]+(?=[^\W\d_])", body) if x.strip()]
    if not clauses:
        return
    refs_by: list[list[tuple[int, str, str | None]]] = []
    for clause in clauses:
        refs = _items(clause, target_ids, criteria_max, None)
        for phrase, tid in keys.items():
            k = clause.find(phrase)
            if k >= 0:
                refs.append((k, tid, "linked by the name in the target's text"))
        refs_by.append(refs)
    opening = _opening_role(clauses[0])
    any_ref = any(refs_by)
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
                    add(kid, role, item, name, sid, verb or role.value, p, conf, problem)
            if role is Role.LEAD and item[:1] not in "IVX":
                partner = re.search(r"phối hợp với[ ]+(?=Sở\b)", source)
                named = _prefix_agency(source[partner.end():]) if partner else None
                if named is not None and named[1] not in {k for _n, k in agencies}:
                    add(named[1], Role.COORDINATE, item, named[0], sid, "phối hợp với", p,
                        C_FAIR, "named as the partner of the leading agency")
    if sid in section_done:
        return
    if any_ref:
        lead_alone = opening[0] is Role.LEAD and not fell_back and (
            own_group_later or not refs_by[0])
        if not lead_alone:
            return
    role, verb = opening
    for name, kid in agencies:
        if kid is not None:
            add(kid, role, sid, name, sid, verb, p, C_GOOD if is_heading else C_FAIR)
    section_done.add(sid)

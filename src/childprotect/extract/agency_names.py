"""Agency names as plans write them, resolved to the registry's kinds: one name, a list of
names ("Sở Tư pháp; Công an tỉnh và …"), a name one typing error away, the name a clause
starts with.
"""

from __future__ import annotations

import re
from functools import lru_cache

from childprotect.agencies.registry import registry
from childprotect.text.vntext import name_key

__all__ = ["prefix_agency", "resolve_name", "resolve_near", "split_agencies"]


@lru_cache(maxsize=1)
def _kinds_by_key() -> dict[str, str]:
    return {name_key(n): k.id for k in registry().kinds for n in k.names}


@lru_cache(maxsize=8192)
def resolve_name(name: str) -> str | None:
    """The agency kind id a name means, or None (through the agency registry).

    A name followed by a known place (``Công an tỉnh Bắc Kạn``) means the kind.

    >>> resolve_name("Sở LĐTBXH"), resolve_name("Sở Không Có")
    ('so-ldtbxh', None)
    """
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


@lru_cache(maxsize=1)
def _keys_by_length() -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for key, kid in _kinds_by_key().items():
        out.setdefault(len(key), []).append((key, kid))
    return out


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one inserted, deleted or replaced character."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


@lru_cache(maxsize=4096)
def resolve_near(name: str) -> str | None:
    """The agency kind of a name one typing error away from a spelling the registry
    knows ("các Sở, Nngành liên quan"), for names of 12 characters or more; else None.

    >>> resolve_near("các Sở, Nngành liên quan"), resolve_near("Sở Y tê")
    ('so-nganh-lien-quan', None)
    """
    key = name_key(" ".join(name.split()).strip(" ,.;:"))
    if len(key) < 12 or len(key) > 200:
        return None
    found = {kid for n in (len(key) - 1, len(key), len(key) + 1)
             for k, kid in _keys_by_length().get(n, []) if _one_edit(key, k)}
    return found.pop() if len(found) == 1 else None


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


def prefix_agency(text: str) -> tuple[str, str, int] | None:
    """The longest start of ``text`` that names a known agency: (name, kind id, end)."""
    words = list(re.finditer(r"\S+", text[:240]))
    for j in range(min(len(words), 16), 0, -1):
        end = words[j - 1].end()
        kid = resolve_name(text[:end])
        if kid is not None:
            return text[:end].strip(" ,:"), kid, end
    return None



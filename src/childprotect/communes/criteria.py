"""The 13 criteria of a child-friendly commune (xã, phường, thị trấn phù hợp với trẻ em).

Quyết định 06/QĐ-TTg (03/01/2019), Quy định, Điều 2 khoản 1 lists the criteria by which a
commune, ward or township is evaluated: ``TC1`` … ``TC13`` ("Tiêu chí 1" … "Tiêu chí 13"),
lettered a, b, c, d, đ, e, g, h, i, k, l, m, n as the clause letters them. The names are
stored verbatim (NFC) with an English gloss and their source in
``data/criteria/qd-06-2019-criteria.json``; the wording comes from secondary quotations
(no official copy was seen), and the data says so.

>>> s = standard()
>>> len(s.criteria), s.document
(13, '06/QĐ-TTg')
>>> c = s.criterion("Tiêu chí 5")
>>> c.id, c.letter, c.name_vi
('TC5', 'đ', 'Trẻ em bị tai nạn, thương tích')
>>> s.criterion("dd").id, s.criterion("tc12").letter, s.criterion(7).id
('TC5', 'm', 'TC7')
>>> s.criterion("TRẺ EM BỊ XÂM HẠI").id
'TC3'
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from functools import lru_cache
from pathlib import Path

import attrs

from childprotect.data import build, load_file, read_json
from childprotect.errors import UnknownName, ValidationError
from childprotect.i18n import Message
from childprotect.text.validators import non_empty_text
from childprotect.text.vntext import name_key, nfc

__all__ = [
    "LIST_LETTERS",
    "CriteriaStandard",
    "Criterion",
    "TextStatus",
    "criterion",
    "in_language",
    "load_standard",
    "parallel_texts",
    "standard",
    "standard_of",
]

#: The letters Vietnamese legal texts use to number points (điểm) of a clause, in order.
LIST_LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q",
                "r", "s", "t", "u", "v", "x", "y")

_BUNDLED = "criteria/qd-06-2019-criteria.json"
_ID = re.compile(r"TC([1-9][0-9]*)")
_NUMBERED = re.compile(r"(?:tc|tiêu chí|tieu chi)\s*(?:số\s*)?([0-9]+)")


class TextStatus(enum.Enum):
    """How far the stored wording of a legal text has been checked."""

    OFFICIAL = "official"  # compared with an official copy
    SECONDARY_QUOTATION = "secondary-quotation"  # verbatim as quoted by secondary sites

    @property
    def word(self) -> Message:
        """The status in words, in the reader's language where it is shown."""
        return {TextStatus.OFFICIAL: Message("checked against an official copy",
                                             context="text status"),
                TextStatus.SECONDARY_QUOTATION: Message("as quoted by secondary sources",
                                                        context="text status")}[self]


def in_language(en: tuple[str, ...], vi: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """The Vietnamese texts of a list (``notes_vi``, ``sources_vi`` …) for ``vi`` when the
    data give them, else the English ones.

    >>> in_language(("a note",), ("một lưu ý",), "vi"), in_language(("a note",), (), "vi")
    (('một lưu ý',), ('a note',))
    """
    return vi if lang == "vi" and vi else en


def parallel_texts(en: tuple[str, ...], vi: tuple[str, ...], what: str) -> None:
    """Check that the Vietnamese texts of a list, when given, are one for each English one."""
    if vi and len(vi) != len(en):
        raise ValidationError(Message("{what}: {count} Vietnamese texts for {count2} English "
                                      "ones; give one for each, in the same order", what=what,
                                      count=len(vi), count2=len(en)))


@attrs.frozen
class Criterion:
    """One criterion (tiêu chí) of the child-friendly commune standard.

    ``id`` is ``TC<number>``; ``letter`` the point letter of the clause that lists it.
    """

    id: str
    number: int
    letter: str
    name_vi: str = attrs.field(converter=nfc, validator=non_empty_text)
    name_en: str = attrs.field(validator=non_empty_text)
    source: str = attrs.field(validator=non_empty_text)

    def __attrs_post_init__(self) -> None:
        m = _ID.fullmatch(self.id)
        if m is None or int(m.group(1)) != self.number:
            raise ValidationError(
                Message("criterion id {id} must be 'TC' followed by its number {number}",
                        id=repr(self.id), number=self.number)
            )
        if self.letter not in LIST_LETTERS:
            raise ValidationError(Message("criterion {id}: {letter} is not a list letter",
                                          id=self.id, letter=repr(self.letter)))


@attrs.frozen
class CriteriaStandard:
    """The list of criteria of one legal standard, with its document and sources."""

    id: str
    document: str
    issued: dt.date
    effective: dt.date
    title_vi: str = attrs.field(converter=nfc)
    title_en: str
    clause: str
    lead_in_vi: str = attrs.field(converter=nfc)
    status: TextStatus
    sources: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    notes: tuple[str, ...] = ()
    sources_vi: tuple[str, ...] = ()
    notes_vi: tuple[str, ...] = ()
    _by_id: dict[str, Criterion] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {c.id: c for c in self.criteria})
        parallel_texts(self.sources, self.sources_vi, f"standard {self.id}, sources_vi")
        parallel_texts(self.notes, self.notes_vi, f"standard {self.id}, notes_vi")
        if not self.criteria:
            raise ValidationError(Message("standard {id}: no criteria", id=repr(self.id)))
        if not self.sources:
            raise ValidationError(Message("standard {id}: no sources", id=repr(self.id)))
        for i, c in enumerate(self.criteria):
            if c.number != i + 1:
                raise ValidationError(
                    Message("standard {id}: criterion {id2} is at position {value}; criteria "
                            "must be numbered 1, 2, 3 … in order", id=repr(self.id), id2=c.id,
                            value=i + 1)
                )
            if i >= len(LIST_LETTERS) or c.letter != LIST_LETTERS[i]:
                expected = LIST_LETTERS[i] if i < len(LIST_LETTERS) else "?"
                raise ValidationError(
                    Message("standard {id}: criterion {id2} has letter {letter}, but the "
                            "{value}th point of a clause is lettered {expected}",
                            id=repr(self.id), id2=c.id, letter=repr(c.letter), value=i + 1,
                            expected=repr(expected))
                )

    @property
    def ids(self) -> tuple[str, ...]:
        """The criterion ids in order (``TC1`` … ``TC13``)."""
        return tuple(self._by_id)

    def criterion(self, key: str | int) -> Criterion:
        """The criterion named by ``key``.

        ``key`` may be the id (``TC6``, ``tc6``), the number (``6``, ``"Tiêu chí 6"``), the
        letter (``e``; ``dd`` for ``đ``) or the Vietnamese or English name, in any
        normalisation, case and tone-mark placement.
        """
        found = self._by_id.get(key) if type(key) is str else None
        if found is None:
            found = self._find(key)
        if found is None:
            raise UnknownName("criterion", str(key), (*self.ids[:3], "…", self.ids[-1]))
        return found

    def _find(self, key: str | int) -> Criterion | None:
        if isinstance(key, int) and not isinstance(key, bool):
            number = key
        else:
            k = name_key(str(key))
            if k == "dd":
                k = "đ"
            m = _NUMBERED.fullmatch(k)
            if m is not None:
                number = int(m.group(1))
            elif k.isascii() and k.isdigit():
                number = int(k)
            else:
                for c in self.criteria:
                    if k in (c.letter, name_key(c.name_vi), name_key(c.name_en)):
                        return c
                return None
        if 1 <= number <= len(self.criteria):
            return self.criteria[number - 1]
        return None


def standard_of(value: object, source: str = "<criteria>") -> CriteriaStandard:
    """A criteria list from plain data in the same form as the bundled one."""
    return build(value, source, lambda f: CriteriaStandard(
        id=f.text("id"), document=f.text("document"), issued=f.date("issued"),
        effective=f.date("effective"), title_vi=f.text("title_vi"), title_en=f.text("title_en"),
        clause=f.text("clause"), lead_in_vi=f.text("lead_in_vi"),
        status=f.choice("status", TextStatus), sources=f.texts("sources"),
        criteria=f.objects("criteria", lambda g: Criterion(
            id=g.text("id"), number=g.integer("number"), letter=g.text("letter"),
            name_vi=g.text("name_vi"), name_en=g.text("name_en"), source=g.text("source"))),
        notes=f.texts("notes"), sources_vi=f.texts("sources_vi"), notes_vi=f.texts("notes_vi"),
    ))


@lru_cache(maxsize=1)
def standard() -> CriteriaStandard:
    """The bundled criteria of Quyết định 06/QĐ-TTg (2019)."""
    return standard_of(read_json(_BUNDLED), f"data/{_BUNDLED}")


def load_standard(path: str | Path) -> CriteriaStandard:
    """A criteria list from a JSON file in the same form as the bundled one."""
    return standard_of(load_file(path), str(path))


def criterion(key: str | int) -> Criterion:
    """A criterion of the bundled standard (see :meth:`CriteriaStandard.criterion`).

    >>> criterion("e").name_en
    'children in special circumstances who receive support'
    """
    return standard().criterion(key)

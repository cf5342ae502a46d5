"""Agencies: the kinds of agency plans name, the places they serve, and name resolution.

An *agency kind* is a type of body at one level of government (``so-y-te``: a provincial
Department of Health). A concrete :class:`Agency` is a kind at a place (Sở Y tế of
Thừa Thiên Huế). The registry (``data/agencies.json``) holds each kind's verbatim
Vietnamese name, an English name and the spellings the bundled plans use, each with
its source.

>>> resolve("Sở LĐTBXH").kind
'so-ldtbxh'
>>> resolve("Sở Lao động Thương binh và Xã hội", place="hue")
Agency(kind='so-ldtbxh', place='hue')
>>> resolve("Công an tỉnh Bắc Kạn")
Agency(kind='cong-an-tinh', place='bac-kan')

Mass organisations are *requested* (``Đề nghị …``), never ordered:

>>> kind("hoi-lhpn").requested, kind("so-y-te").requested
(True, False)

Unknown names are an error that lists the closest known names:

>>> resolve("Sở Y te")
Traceback (most recent call last):
...
childprotect.errors.UnknownName: unknown agency 'Sở Y te'; closest known: 'Sở Y tế'
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

import attrs

from childprotect.data import Fields, build, read_json
from childprotect.documents.levels import AdminLevel
from childprotect.errors import UnknownName, ValidationError
from childprotect.i18n import Message
from childprotect.text.validators import non_empty_text
from childprotect.text.vntext import name_key, nfc
from childprotect.units.model import AdminUnit

__all__ = [
    "Agency",
    "AgencyKind",
    "Place",
    "Registry",
    "Sector",
    "agency_name",
    "kind",
    "place",
    "place_of_issuer",
    "registry",
    "registry_of",
    "resolve",
    "resolve_all",
    "resolve_kind",
]


class Sector(enum.Enum):
    """What sort of body a kind is, which decides how a plan may address it."""

    STATE = "state"  # a state agency the People's Committee orders ("giao")
    COMMITTEE = "committee"  # a People's Committee (Ủy ban nhân dân)
    JUDICIAL = "judicial"  # a court or procuracy (Tòa án, Viện Kiểm sát)
    MASS = "mass"  # a mass organisation: requested ("Đề nghị …"), never ordered
    COLLECTIVE = "collective"  # a group named without its members ("các Sở, Ngành liên quan")


def _tuple_nfc(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(nfc(v) for v in values)


_T = TypeVar("_T", "AgencyKind", "Place")


def _index(
    what: Message, entries: Iterable[_T], names: Callable[[_T], Iterable[str]]
) -> tuple[dict[str, _T], dict[str, str]]:
    """Entries by id, and ids by the :func:`name_key` of each of their names.

    An id used twice, or a name shared by two entries, is an error naming both.
    """
    by_id: dict[str, _T] = {}
    by_key: dict[str, str] = {}
    for e in entries:
        if e.id in by_id:
            raise ValidationError(Message("duplicate {what} id {id}", what=what, id=repr(e.id)))
        by_id[e.id] = e
        for n in names(e):
            key = name_key(n)
            if by_key.get(key, e.id) != e.id:
                raise ValidationError(
                    Message("{what} name {n} of {id} is also a name of {by_key}", what=what,
                            n=repr(n), id=repr(e.id), by_key=repr(by_key[key])))
            by_key[key] = e.id
    return by_id, by_key


@attrs.frozen
class AgencyKind:
    """A type of agency at one level (``Sở Y tế`` at province level), with its spellings."""

    id: str = attrs.field(validator=non_empty_text)
    level: AdminLevel
    sector: Sector
    name_vi: str = attrs.field(converter=nfc, validator=non_empty_text)
    name_en: str = attrs.field(validator=non_empty_text)
    source: str = attrs.field(validator=non_empty_text)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_tuple_nfc)

    @property
    def requested(self) -> bool:
        """True for mass organisations, which plans request (``Đề nghị``) rather than order."""
        return self.sector is Sector.MASS

    @property
    def names(self) -> tuple[str, ...]:
        """The Vietnamese name followed by every known spelling."""
        return (self.name_vi, *self.aliases)


@attrs.frozen
class Place:
    """A province, district or commune that agencies serve: an administrative unit named by
    its ``code`` and a day within its validity (``on``), with the spellings documents use
    (``aliases``). Its name, level and validity are the unit's
    (:mod:`childprotect.units`), never copied here.

    >>> p = place("hue")
    >>> p.name_vi, p.level.value, p.valid_from, p.unit.name_en
    ('thành phố Huế', 'province', datetime.date(2025, 1, 1), 'Huế City')
    """

    id: str = attrs.field(validator=non_empty_text)
    code: str = attrs.field(validator=non_empty_text)
    on: dt.date
    source: str = attrs.field(validator=non_empty_text)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_tuple_nfc)
    unit: AdminUnit = attrs.field(init=False, eq=False, repr=False)
    level: AdminLevel = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        unit, level = _unit_of(self.id, self.code, self.on)
        object.__setattr__(self, "unit", unit)
        object.__setattr__(self, "level", level)

    @property
    def name_vi(self) -> str:
        """The unit's name as running text writes it, its kind word in lower case
        (``thành phố Huế``, ``huyện Hồng Ngự``)."""
        from childprotect.units.model import vocabulary

        name = self.unit.name_vi
        word = vocabulary().kind(self.unit.kind).word
        if word and name.casefold().startswith(word + " "):
            return word + name[len(word):]
        return name

    @property
    def name_en(self) -> str:
        return self.unit.name_en

    @property
    def valid_from(self) -> dt.date | None:
        return self.unit.valid_from

    @property
    def valid_to(self) -> dt.date | None:
        return self.unit.valid_to


def _unit_of(place_id: str, code: str, on: dt.date) -> tuple[AdminUnit, AdminLevel]:
    """The unit of a place and its level: from the seed-locality units (a small list that
    agrees with the national one, tests/units/test_national.py), else the national list."""
    from childprotect.units.registry import UnitRegistry, bundled

    def national() -> UnitRegistry:  # imported only when the seed list lacks the code
        from childprotect.units.national_list import national

        return national()

    for units in (bundled, national):
        reg = units()
        if reg.has(code, on=on):
            unit = reg.get(code, on=on)
            return unit, AdminLevel(reg.level_of(unit).id)
    raise ValidationError(Message("place {place_id}: no administrative unit with code {code} on "
                                  "{on}", place_id=repr(place_id), code=code, on=on))


@attrs.frozen(order=True)
class Agency:
    """A concrete agency: a kind at a place (``place`` is None for central bodies or unknown).

    For a kind below the place's level (commune People's Committees of a district) the
    place is the area whose units are meant.
    """

    kind: str
    place: str | None = None

    @property
    def name_vi(self) -> str:
        """The Vietnamese name as the place writes it, e.g. ``Sở Y tế thành phố Huế``."""
        return agency_name(self)


@attrs.frozen
class Registry:
    """Every agency kind and place the library knows, indexed for name lookup."""

    kinds: tuple[AgencyKind, ...]
    places: tuple[Place, ...] = ()
    about: str = ""
    _by_id: dict[str, AgencyKind] = attrs.field(init=False, repr=False, eq=False)
    _by_key: dict[str, str] = attrs.field(init=False, repr=False, eq=False)
    _places: dict[str, Place] = attrs.field(init=False, repr=False, eq=False)
    _place_keys: dict[str, str] = attrs.field(init=False, repr=False, eq=False)
    # How many places bear each name (built on first use, then published whole).
    _name_counts: list[dict[str, int]] = attrs.field(init=False, repr=False, eq=False,
                                                     factory=list)

    def __attrs_post_init__(self) -> None:
        by_id, by_key = _index(Message("agency kind", context="thing"), self.kinds,
                               lambda k: k.names)
        places, place_keys = _index(Message("place", context="thing"), self.places,
                                    lambda p: p.aliases)
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_places", places)
        object.__setattr__(self, "_place_keys", place_keys)

    def kind(self, kind_id: str) -> AgencyKind:
        """The kind with this id."""
        try:
            return self._by_id[kind_id]
        except KeyError:
            close = _close(kind_id, list(self._by_id), n=3, cutoff=0.5)
            raise UnknownName("agency kind", kind_id, close) from None

    def place(self, place_id: str) -> Place:
        """The place with this id."""
        try:
            return self._places[place_id]
        except KeyError:
            close = _close(place_id, list(self._places), n=3, cutoff=0.5)
            raise UnknownName("place", place_id, close) from None

    def parent(self, place_id: str) -> str | None:
        """The place whose unit holds this place's unit (over its whole validity), if the
        registry has one.

        >>> registry().parent("hong-ngu"), registry().parent("xa-tan-long")
        ('dong-thap', 'dong-thap-2025')
        """
        p = self.place(place_id)
        up = p.unit.parent
        if up is None:
            return None
        return next((q.id for q in self.places
                     if q.code == up and q.unit.validity.covers(p.unit.validity)), None)

    def place_label(self, place_id: str) -> str:
        """A place's name, with its code and start when another place has the same name.

        >>> registry().place_label("dong-thap-2025")
        'tỉnh Đồng Tháp [82, from 2025-07-01]'
        >>> registry().place_label("hue")
        'thành phố Huế'
        """
        p = self.place(place_id)
        if not self._name_counts:
            counts: dict[str, int] = {}
            for q in self.places:
                counts[q.name_vi] = counts.get(q.name_vi, 0) + 1
            self._name_counts.append(counts)
        name = p.name_vi
        if self._name_counts[0][name] < 2:
            return name
        parts = [p.code]
        if p.valid_from:
            parts.append(Message("from {day}", day=p.valid_from).text())
        if p.valid_to:
            parts.append(Message("until {day}", day=p.valid_to).text())
        return f"{name} [{', '.join(parts)}]"

    def has_kind(self, kind_id: str) -> bool:
        return kind_id in self._by_id

    def has_place(self, place_id: str) -> bool:
        return place_id in self._places

    def find_place(self, name: str) -> Place | None:
        """The place a name (``Thừa Thiên Huế``, ``tỉnh Bắc Kạn``) or id means, if known."""
        if name in self._places:
            return self._places[name]
        pid = self._place_keys.get(name_key(name))
        return self._places[pid] if pid else None

    def resolve(self, name: str, place: str | None = None) -> Agency:
        """The agency a name means (see :func:`resolve`)."""
        key = name_key(name)
        if key in self._by_key:
            return Agency(self._by_key[key], place)
        # "Công an tỉnh Bắc Kạn", "Sở Y tế tỉnh": a known name, then a level word and/or
        # a known place.
        words = key.split(" ")
        for cut in range(len(words) - 1, 0, -1):
            head = " ".join(words[:cut])
            if head in self._by_key:
                end, where = self._qualifier(words, cut)
                if end == len(words):
                    return Agency(self._by_key[head], place or where)
        raise UnknownName("agency", name, self._closest(key))

    def _qualifier(self, words: list[str], start: int) -> tuple[int, str | None]:
        """How far a level word and/or a place name after a name reach, and the place."""
        i = start
        for level in _level_words():
            n = len(level)
            if words[i:i + n] == list(level):
                i += n
                break
        for m in range(len(words), i, -1):
            pid = self._place_keys.get(" ".join(words[i:m]))
            if pid:
                return m, pid
        return i, None

    def resolve_all(self, text: str, place: str | None = None) -> list[Agency]:
        """Every agency a compound name lists (see :func:`resolve_all`)."""
        try:
            return [self.resolve(text, place)]
        except UnknownName:
            pass
        words = name_key(text).split(" ")
        found: list[Agency] = []
        i = 0
        while i < len(words):
            if words[i] in _CONNECTORS:
                i += 1
                continue
            for j in range(len(words), i, -1):
                head = " ".join(words[i:j])
                if head in self._by_key:
                    k, where = self._qualifier(words, j)
                    agency = Agency(self._by_key[head], place or where)
                    if agency not in found:
                        found.append(agency)
                    i = k
                    break
            else:
                rest = " ".join(words[i:])
                raise UnknownName("agency", text, self._closest(rest)) from None
        return found

    def _closest(self, key: str) -> list[str]:
        display: dict[str, str] = {}
        for k in self.kinds:
            for n in k.names:
                display.setdefault(name_key(n), n)
        close = _close(key, list(display), n=5, cutoff=0.6)
        return [display[c] for c in close]


#: Words that join the names in a compound list ("A và B", "A, B").
_CONNECTORS = frozenset({"và", "hoặc", "cùng"})
#: Level words that may follow a name ("Sở Y tế tỉnh", "Công an Huyện"), as name_key tokens.
@lru_cache(maxsize=1)
def _level_words() -> tuple[tuple[str, ...], ...]:
    """The words that say a level or a kind of unit (``cấp tỉnh``, ``thành phố``, ``xã``),
    as :func:`name_key` writes them, longest first: the units' vocabulary
    (``data/units/vocabulary.json``)."""
    from childprotect.units.model import vocabulary

    return tuple(tuple(w.split(" ")) for w in vocabulary().words())


def _kind_of(f: Fields) -> AgencyKind:
    return AgencyKind(
        id=f.text("id"), level=f.choice("level", AdminLevel), sector=f.choice("sector", Sector),
        name_vi=f.text("name_vi"), name_en=f.text("name_en"), source=f.text("source"),
        aliases=f.texts("aliases"),
    )


def _place_of(f: Fields) -> Place:
    return Place(id=f.text("id"), code=f.text("code"), on=f.date("on"),
                 source=f.text("source"), aliases=f.texts("aliases"))


def registry_of(value: object, source: str = "<agencies>") -> Registry:
    """A registry from plain data in the form of ``data/agencies.json``."""
    return build(value, source, lambda f: Registry(
        kinds=f.objects("kinds", _kind_of), places=f.objects("places", _place_of),
        about=f.text("about", ""),
    ))


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The bundled registry (``data/agencies.json``), read once on first use."""
    return registry_of(read_json("agencies.json"), "data/agencies.json")


def kind(kind_id: str) -> AgencyKind:
    """The bundled kind with this id.

    >>> kind("so-y-te").name_en
    'Department of Health'
    """
    return registry().kind(kind_id)


def place(place_id: str) -> Place:
    """The bundled place with this id.

    >>> place("hue").name_vi
    'thành phố Huế'
    """
    return registry().place(place_id)


def resolve(name: str, place: str | None = None) -> Agency:
    """The agency a name in a document means.

    ``name`` is matched with :func:`childprotect.text.vntext.name_key` against every kind's
    Vietnamese name and the spellings plans use, so any Unicode normalisation, case,
    spacing, dash or tone placement and the usual abbreviations match. A name followed
    by a known place (``Sở Y tế tỉnh Bắc Kạn``) gives that place; otherwise the agency's
    place is ``place`` (a place id such as ``thua-thien-hue``, or None). Raises
    :class:`~childprotect.errors.UnknownName` listing the closest known names.

    >>> resolve("SỞ GIÁO DỤC VÀ ĐÀO TẠO").kind
    'so-gddt'
    >>> resolve("Sở Y tế tỉnh"), resolve("Sở Y tế thành phố Hải Phòng")
    (Agency(kind='so-y-te', place=None), Agency(kind='so-y-te', place='hai-phong'))
    """
    return registry().resolve(name, place)


def resolve_all(text: str, place: str | None = None) -> list[Agency]:
    """Every agency a name lists, in order: ``A và B``, ``A, B``, or a single name.

    The longest known name is taken at each point, so ``Sở Lao động - Thương binh và Xã
    hội`` stays one agency although it contains "và". Raises
    :class:`~childprotect.errors.UnknownName` for any part that is not a known agency.

    >>> [a.kind for a in resolve_all(
    ...     "Ủy ban nhân dân Huyện và Sở Lao động - Thương binh và Xã hội")]
    ['ubnd-huyen', 'so-ldtbxh']
    >>> [a.kind for a in resolve_all("Bộ Lao động Thương binh và Xã hội và Ủy ban nhân dân "
    ...                              "thành phố")]
    ['bo-ldtbxh', 'ubnd-tinh']
    """
    return registry().resolve_all(text, place)


def resolve_kind(name: str) -> AgencyKind:
    """The kind a name means (``Sở LĐTBXH`` → the DOLISA kind).

    >>> resolve_kind("Sở Văn hóa, Thể thao và Du lịch").id
    'so-vhttdl'
    """
    return registry().kind(resolve(name).kind)


def place_of_issuer(name: str | None) -> str | None:
    """The place id of a plan issuer's place text (``Thừa Thiên Huế``), or None if unknown.

    >>> place_of_issuer("Hồng Ngự, Đồng Tháp")
    'hong-ngu'
    """
    if not name:
        return None
    p = registry().find_place(name)
    return p.id if p else None


#: The word that ends a kind's name at each level ("Công an tỉnh", "Ủy ban nhân dân xã").
_LEVEL_WORD = {AdminLevel.PROVINCE: "tỉnh", AdminLevel.DISTRICT: "huyện", AdminLevel.COMMUNE: "xã"}
_RANK = {AdminLevel.NATIONAL: 0, AdminLevel.PROVINCE: 1, AdminLevel.DISTRICT: 2,
         AdminLevel.COMMUNE: 3}


def agency_name(agency: Agency) -> str:
    """The Vietnamese name of a concrete agency, as the place writes it.

    A kind whose name ends in its level's word takes the place's own name in its stead
    ("Công an tỉnh" of Huế is "Công an thành phố Huế", "Ủy ban nhân dân xã" of Thường Lạc
    is "Ủy ban nhân dân phường Thường Lạc"); other names are followed by the place's name.
    A kind below its place's level stands for every unit of that level there ("Ủy ban nhân
    dân cấp xã thuộc tỉnh Đồng Tháp"). Two places of one name keep their code and dates.

    >>> agency_name(Agency("so-y-te", "hue")), agency_name(Agency("cong-an-tinh", "hue"))
    ('Sở Y tế thành phố Huế', 'Công an thành phố Huế')
    >>> agency_name(Agency("cong-an-tinh", "thai-nguyen"))
    'Công an tỉnh Thái Nguyên'
    >>> agency_name(Agency("ubnd-xa", "phuong-thuong-lac"))
    'Ủy ban nhân dân phường Thường Lạc'
    >>> agency_name(Agency("ubnd-huyen", "hong-ngu")), agency_name(Agency("bo-y-te"))
    ('Ủy ban nhân dân huyện Hồng Ngự', 'Bộ Y tế')
    >>> agency_name(Agency("ubnd-xa", "dong-thap-2025"))
    'Ủy ban nhân dân cấp xã thuộc tỉnh Đồng Tháp [82, from 2025-07-01]'
    """
    reg = registry()
    k = reg.kind(agency.kind)
    if agency.place is None or k.level is AdminLevel.NATIONAL:
        return k.name_vi
    where = reg.place_label(agency.place)
    place_level = reg.place(agency.place).level
    word = _LEVEL_WORD.get(k.level)
    ends = word is not None and k.name_vi.endswith(f" {word}")
    if _RANK.get(k.level, 0) > _RANK.get(place_level, 0):
        # every unit of the kind's level in the place
        level = f"cấp {word}" if word else ""
        base = f"{k.name_vi[: -len(word)]}{level}" if ends and word else \
            f"{k.name_vi} {level}".strip()
        return f"{base} thuộc {where}"
    if ends and word and k.level is place_level:
        return f"{k.name_vi[: -len(word)]}{where}"
    return f"{k.name_vi} {where}"


def _close(word: str, words: list[str], *, n: int, cutoff: float) -> list[str]:
    """The words most like ``word`` (:func:`difflib.get_close_matches`, imported only
    when a name is not found)."""
    import difflib

    return difflib.get_close_matches(word, words, n=n, cutoff=cutoff)

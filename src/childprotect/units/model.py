"""Administrative units as values: validity periods, levels, kinds, units and transitions.

Levels and kinds are data (``data/units/vocabulary.json``), each with its legal source.

>>> vocabulary().kind("dac-khu").level
'commune'
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Container
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import attrs

from childprotect.data import Fields, build, read_json
from childprotect.errors import UnknownName, ValidationError
from childprotect.i18n import Message
from childprotect.text.vntext import name_key, nfc

if TYPE_CHECKING:
    pass

__all__ = [
    "CODE_WIDTHS",
    "AdminUnit",
    "Kind",
    "Level",
    "Part",
    "Transition",
    "Validity",
    "Vocabulary",
    "lost_zeros",
    "shown_code",
    "typed_as_number",
    "vocabulary",
    "vocabulary_of",
    "with_zeros",
]


_ONE_DAY = dt.timedelta(days=1)


@attrs.frozen(order=True)
class Validity:
    """The days a unit (or a kind, or a level) existed, both ends inclusive.

    ``start`` None means "before any date modelled", ``end`` None "still valid".

    >>> v = Validity(None, date(2025, 6, 30))
    >>> v.contains(date(2025, 6, 30)), v.contains(date(2025, 7, 1))
    (True, False)
    >>> str(v)
    '…–2025-06-30'
    """

    start: date | None = None
    end: date | None = None

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValidationError(Message("validity ends ({end}) before it starts ({start})",
                                          end=self.end, start=self.start))

    def contains(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps(self, other: Validity) -> bool:
        lo = max(self.start or date.min, other.start or date.min)
        hi = min(self.end or date.max, other.end or date.max)
        return lo <= hi

    def covers(self, other: Validity) -> bool:
        """True when every day of ``other`` is inside this validity."""
        starts = self.start is None or (other.start is not None and self.start <= other.start)
        ends = self.end is None or (other.end is not None and other.end <= self.end)
        return starts and ends

    def __str__(self) -> str:
        return f"{self.start or '…'}–{self.end or '…'}"


_VALIDITIES: dict[tuple[date | None, date | None], Validity] = {}


def _validity(start: date | None, end: date | None) -> Validity:
    """The (shared, immutable) validity from ``start`` to ``end``; checked when first built."""
    got = _VALIDITIES.get((start, end))
    if got is None:
        got = Validity(start, end)
        if len(_VALIDITIES) < 4096:
            _VALIDITIES[(start, end)] = got
    return got


class _Dated:
    """Mixin for vocabulary entries with ``valid_from`` / ``valid_to`` dates."""

    __slots__ = ()
    valid_from: date | None
    valid_to: date | None

    @property
    def validity(self) -> Validity:
        return Validity(self.valid_from, self.valid_to)


@attrs.frozen
class Level(_Dated):
    """An administrative level (``province``, ``district``, ``commune``) with its code length."""

    id: str
    rank: int
    code_digits: int
    name_vi: str = attrs.field(converter=nfc)
    name_en: str
    source: str
    verified: bool = True
    valid_from: date | None = None
    valid_to: date | None = None


@attrs.frozen
class Kind(_Dated):
    """A kind of unit (``tỉnh``, ``huyện``, ``xã``, ``đặc khu`` …) and its level.

    ``word`` is the word a unit's name begins with (``thành phố`` for the three kinds of
    city: ``Thành phố Huế``, ``Thành phố Bắc Kạn``, ``Thành phố Thủ Đức``).
    """

    id: str
    name_vi: str = attrs.field(converter=nfc)
    name_en: str
    level: str
    source: str
    verified: bool = True
    valid_from: date | None = None
    valid_to: date | None = None
    word: str = attrs.field(default="", converter=nfc)


@attrs.frozen
class Vocabulary:
    """The levels and kinds of units (``data/units/vocabulary.json``)."""

    levels: tuple[Level, ...]
    kinds: tuple[Kind, ...]
    note: str = ""

    def __attrs_post_init__(self) -> None:
        ids = {lv.id for lv in self.levels}
        if len(ids) != len(self.levels):
            raise ValidationError(Message("levels: duplicate level ids"))
        for k in self.kinds:
            if k.level not in ids:
                raise ValidationError(Message("kinds[{id}].level: unknown level {level}", id=k.id,
                                              level=repr(k.level)))

    def level(self, level_id: str) -> Level:
        for lv in self.levels:
            if lv.id == level_id:
                return lv
        raise UnknownName("level", level_id, [lv.id for lv in self.levels])

    def words(self) -> tuple[str, ...]:
        """The words names begin with (:attr:`Kind.word`) and the levels' names (``cấp
        tỉnh``), as :func:`name_key` writes them, longest first: the words that say what
        kind of unit a name means.

        >>> vocabulary().words()[:3]
        ('cấp huyện', 'thành phố', 'cấp tỉnh')
        """
        got = {name_key(k.word) for k in self.kinds if k.word}
        got.update(name_key(lv.name_vi) for lv in self.levels)
        return tuple(sorted(got, key=lambda w: (-len(w.split(" ")), -len(w), w)))

    def kind(self, kind: str) -> Kind:
        """A kind by id or by Vietnamese name (any spelling :func:`name_key` accepts).

        >>> vocabulary().kind("Thị Trấn").id
        'thi-tran'
        """
        key = name_key(kind)
        for k in self.kinds:
            if k.id == kind or name_key(k.name_vi) == key:
                return k
        raise UnknownName("unit kind", kind, [k.id for k in self.kinds])


def _code(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not (value.isascii() and value.isdigit()):
        raise ValidationError(Message("{field}: {value} is not a numeric unit code",
                                      field=attribute.name, value=repr(value)))


@attrs.frozen
class AdminUnit:
    """One administrative unit during one validity period.

    ``parent`` is the code of the unit above it, valid over the whole of this unit's
    validity. ``level`` is derived from ``kind`` when the unit enters a registry.
    """

    code: str = attrs.field(validator=_code)
    name_vi: str = attrs.field(converter=nfc)
    name_en: str
    kind: str
    source: str
    parent: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    verified: bool = True
    note: str | None = None

    validity: Validity = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # Checks the order of the dates; kept so that lookups do not rebuild it.
        object.__setattr__(self, "validity", _validity(self.valid_from, self.valid_to))

    @property
    def key(self) -> tuple[str, Validity]:
        """The identity of the unit: its code and its validity."""
        return (self.code, self.validity)


def _share(_inst: object, attribute: attrs.Attribute[Any], v: Fraction | None) -> None:
    if v is not None and not 0 < v <= 1:
        raise ValidationError(Message("{field}: {v} is not a share in (0, 1]",
                                      field=attribute.name, v=v))


@attrs.frozen
class Transition:
    """Part or all of ``old`` (valid the day before ``on``) went into ``new`` (valid on ``on``).

    A merge is several transitions into one ``new``; a split several out of one ``old``.
    ``share`` is the part of ``old`` that went to ``new`` (1 for the whole unit), None when
    the source does not say (a partial split of unknown size).
    """

    on: date
    old: str = attrs.field(validator=_code)
    new: str = attrs.field(validator=_code)
    source: str
    share: Fraction | None = attrs.field(default=Fraction(1), validator=_share)
    verified: bool = True
    note: str | None = None


@attrs.frozen
class _UnitsFile:
    units: tuple[AdminUnit, ...]
    transitions: tuple[Transition, ...] = ()
    note: str = ""


@attrs.frozen
class Part:
    """Where (part of) a unit went: the successor unit, the share, and the path of transitions."""

    new: AdminUnit
    share: Fraction | None
    via: tuple[Transition, ...]

    @property
    def partial(self) -> bool:
        return self.share is None or self.share != 1


_CODE = operator.attrgetter("code")
_KIND = operator.attrgetter("kind")
_PARENT = operator.attrgetter("parent")
_NAME = operator.attrgetter("name_vi")
_VALIDITY = operator.attrgetter("validity")
_START = operator.attrgetter("start")
_END = operator.attrgetter("end")
_FIRST = operator.itemgetter(0)
_SECOND = operator.itemgetter(1)


# --- bundled data and loaders -------------------------------------------------------------


def _level(f: Fields) -> Level:
    return Level(id=f.text("id"), rank=f.integer("rank"), code_digits=f.integer("code_digits"),
                 name_vi=f.text("name_vi"), name_en=f.text("name_en"), source=f.text("source"),
                 verified=f.flag("verified", True), valid_from=f.date("valid_from", optional=True),
                 valid_to=f.date("valid_to", optional=True))


def _kind(f: Fields) -> Kind:
    return Kind(id=f.text("id"), name_vi=f.text("name_vi"), name_en=f.text("name_en"),
                level=f.text("level"), source=f.text("source"), verified=f.flag("verified", True),
                valid_from=f.date("valid_from", optional=True),
                valid_to=f.date("valid_to", optional=True), word=f.text("word", ""))


def vocabulary_of(value: object, source: str = "<vocabulary>") -> Vocabulary:
    """Levels and kinds from plain data in the form of ``data/units/vocabulary.json``."""
    return build(value, source, lambda f: Vocabulary(
        f.objects("levels", _level), f.objects("kinds", _kind), f.text("note", "")))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The bundled levels and kinds (``data/units/vocabulary.json``)."""
    return vocabulary_of(read_json("units/vocabulary.json"), "data/units/vocabulary.json")


#: The widths of unit codes, widest first (Quyết định 124/2004/QĐ-TTg: province 2 digits,
#: district 3, commune 5; the ``code_digits`` of data/units/vocabulary.json).
CODE_WIDTHS = (5, 3, 2)


def shown_code(value: object, widest: int = CODE_WIDTHS[0]) -> str | Message:
    """``value`` (read where a unit code should be) as a message writes it: as it is when
    it could be a unit code (digits, at most ``widest`` of them), else in words, for a
    column of anything else (a child's name, an identity number) must not reach a message
    (:meth:`~childprotect.units.hierarchy.Hierarchy.shown` also shows its own codes).

    >>> shown_code("29971"), shown_code("Nguyễn Văn An").text("en")
    ('29971', 'a value that is not a unit code')
    >>> shown_code("079123456789") == shown_code(29971) == shown_code("Nguyễn Văn An")
    True
    """
    if isinstance(value, str) and value.isascii() and value.isdigit() and \
            len(value) <= widest:
        return value
    return Message("a value that is not a unit code")


def with_zeros(code: str, known: Container[str]) -> list[str]:
    """The codes of ``known`` that ``code`` may have been before a spreadsheet read it as a
    number and dropped its leading zeros (``00070`` becomes 70), widest first.

    >>> with_zeros("70", {"070", "00070"}), with_zeros("00070", {"00070"}), with_zeros("x", {})
    (['00070', '070'], [], [])
    """
    if not (code.isdigit() and code.isascii()):
        return []
    return [full for w in CODE_WIDTHS if len(code) < w and (full := code.zfill(w)) in known]


def lost_zeros(code: str, known: Container[str]) -> str | None:
    """The widest code of ``known`` that ``code`` is with its leading zeros put back
    (:func:`with_zeros`), or None.

    >>> lost_zeros("70", {"00070"}), lost_zeros("70", {"070", "00070"}), lost_zeros("x", {})
    ('00070', '00070', None)
    """
    found = with_zeros(code, known)
    return found[0] if found else None


def typed_as_number(code: str, known: Container[str]) -> str | None:
    """:func:`lost_zeros` for a code of text that may have been a number in a spreadsheet:
    none for a code that kept a leading zero (it was not typed as a number).

    >>> typed_as_number("58", {"00058"}), typed_as_number("058", {"00058"})
    ('00058', None)
    """
    return None if code.startswith("0") else lost_zeros(code, known)


"""Ages on a date, who is a child, and the age bands plans use.

Age is counted in completed years on a reference date; nothing here reads today's date.

>>> age_on(dt.date(2010, 6, 15), on=dt.date(2026, 6, 14))
15
>>> age_on(dt.date(2010, 6, 15), on=dt.date(2026, 6, 15))
16

A child is a person under 16 (Luật Trẻ em 2016, Điều 1), so the 16th birthday ends
childhood:

>>> is_child(dt.date(2010, 6, 15), on=dt.date(2026, 6, 14))
True
>>> is_child(dt.date(2010, 6, 15), on=dt.date(2026, 6, 15))
False

Someone born on 29 February has a birthday on 28 February in common years by default
(the rule is data, flagged unverified, and can be changed per call):

>>> age_on(dt.date(2008, 2, 29), on=dt.date(2009, 2, 28))
1
>>> age_on(dt.date(2008, 2, 29), on=dt.date(2009, 2, 28), leap_day=LeapDay.MAR_1)
0

Bands are data with their bounds stated: "dưới 5 tuổi" is not "0–5".

>>> b = band("under-5")
>>> b.label_vi, str(b), list(b.ages())
('dưới 5 tuổi', '[0, 5)', [0, 1, 2, 3, 4])

A birth date known only to the year gives a range of ages; a band may then be undecided:

>>> from childprotect.text.dates import PartialDate
>>> age_range(PartialDate(2010), on=dt.date(2026, 6, 1))
(15, 16)
>>> is_child(PartialDate(2010), on=dt.date(2026, 6, 1)) is None
True
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from functools import lru_cache
from typing import overload

import attrs

from childprotect.children.groups import Citation, SourceStatus, TaxonomyNotInForce, citation_of
from childprotect.data import Fields, build, read_json
from childprotect.errors import UnknownName, ValidationError
from childprotect.i18n import Message
from childprotect.text.dates import PartialDate
from childprotect.text.validators import non_empty_text
from childprotect.text.vntext import nfc

__all__ = [
    "AgeBand",
    "AgeData",
    "BandSource",
    "ChildDefinition",
    "LeapDay",
    "LeapDayDefault",
    "age_on",
    "age_range",
    "band",
    "bands",
    "child_definition",
    "is_child",
]

_BUNDLED = "groups/ages.json"


class LeapDay(enum.Enum):
    """The birthday, in a common year, of a person born on 29 February."""

    FEB_28 = "feb-28"
    MAR_1 = "mar-1"


def _nfc(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    non_empty_text(_inst, attribute, value)
    if nfc(value) != value:
        raise ValidationError(Message("{field}: Vietnamese text must be stored in NFC",
                                      field=attribute.name))


@attrs.frozen
class LeapDayDefault:
    """The default :class:`LeapDay` rule, with why it is the default."""

    rule: LeapDay
    status: SourceStatus
    note: str


@attrs.frozen
class BandSource:
    """Where a band is used: a plan (``plan-id item``) or a legal text, and its wording."""

    where: str = attrs.field(validator=non_empty_text)
    text_vi: str = attrs.field(validator=_nfc)


@attrs.frozen
class AgeBand:
    """A range of ages in completed years, each bound stated inclusive or exclusive.

    ``max_age`` None means no upper bound.

    >>> AgeBand("0-5", "0–5 tuổi", "0 to 5", 0, True, 5, True).contains_age(5)
    True
    >>> band("under-5").contains_age(5)
    False
    """

    id: str = attrs.field(validator=non_empty_text)
    label_vi: str = attrs.field(validator=_nfc)
    label_en: str = attrs.field(validator=non_empty_text)
    min_age: int
    min_inclusive: bool
    max_age: int | None
    max_inclusive: bool
    sources: tuple[BandSource, ...] = ()
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        for name in ("min_age", "max_age"):
            v = getattr(self, name)
            if v is not None and (type(v) is not int or v < 0):
                raise ValidationError(
                    Message("band {id}: {name} must be a whole number ≥ 0, got {v}", id=self.id,
                            name=name, v=repr(v)))
        if self.max_age is not None and not self._lowest() <= self._highest():
            raise ValidationError(Message("band {id}: {self} contains no age", id=self.id,
                                          self=self))

    def _lowest(self) -> int:
        return self.min_age if self.min_inclusive else self.min_age + 1

    def _highest(self) -> int:
        assert self.max_age is not None
        return self.max_age if self.max_inclusive else self.max_age - 1

    def __str__(self) -> str:
        hi = "∞" if self.max_age is None else str(self.max_age)
        close = "]" if self.max_inclusive and self.max_age is not None else ")"
        return f"{'[' if self.min_inclusive else '('}{self.min_age}, {hi}{close}"

    def contains_age(self, age: int) -> bool:
        """Whether an age in completed years is in the band."""
        if type(age) is not int or age < 0:
            raise ValidationError(Message("age: expected a whole number of years ≥ 0, got {age}",
                                          age=repr(age)))
        if age < self._lowest():
            return False
        return self.max_age is None or age <= self._highest()

    def ages(self) -> range:
        """The ages in the band; raises for a band without an upper bound."""
        if self.max_age is None:
            raise ValidationError(Message("band {id} has no upper bound", id=self.id))
        return range(self._lowest(), self._highest() + 1)

    def contains(self, birth: dt.date | PartialDate, on: dt.date,
                 leap_day: LeapDay | None = None) -> bool | None:
        """Whether a person born on ``birth`` is in the band on ``on``.

        None when the birth date is known too roughly to tell.
        """
        lo, hi = age_range(birth, on, leap_day)
        inside = {self.contains_age(a) for a in range(lo, hi + 1)}
        return inside.pop() if len(inside) == 1 else None


@attrs.frozen
class ChildDefinition:
    """The legal definition of a child, valid from a date (inclusive) to a date."""

    band: str
    valid_from: dt.date
    verbatim_vi: str = attrs.field(validator=_nfc)
    citation: Citation
    status: SourceStatus
    valid_to: dt.date | None = None
    note: str | None = None

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@attrs.frozen
class AgeData:
    """The age bands, the definition(s) of a child, and the leap-day default."""

    leap_day_birthday: LeapDayDefault
    child_definitions: tuple[ChildDefinition, ...]
    bands: tuple[AgeBand, ...]

    def __attrs_post_init__(self) -> None:
        ids = [b.id for b in self.bands]
        if len(set(ids)) != len(ids):
            raise ValidationError(Message("age bands: duplicate ids in {ids}", ids=ids))
        for c in self.child_definitions:
            if c.band not in ids:
                raise ValidationError(Message("child definition names unknown band {band}",
                                              band=repr(c.band)))


@lru_cache(maxsize=1)
def _data() -> AgeData:
    return build(read_json(_BUNDLED), f"data/{_BUNDLED}", _age_data)


def _age_data(f: Fields) -> AgeData:
    return AgeData(
        leap_day_birthday=f.nested("leap_day_birthday", lambda g: LeapDayDefault(
            rule=g.choice("rule", LeapDay), status=g.choice("status", SourceStatus),
            note=g.text("note"))),
        child_definitions=f.objects("child_definitions", lambda g: ChildDefinition(
            band=g.text("band"), valid_from=g.date("valid_from"),
            verbatim_vi=g.text("verbatim_vi"), citation=g.nested("citation", citation_of),
            status=g.choice("status", SourceStatus), valid_to=g.date("valid_to", optional=True),
            note=g.optional_text("note"))),
        bands=f.objects("bands", lambda g: AgeBand(
            id=g.text("id"), label_vi=g.text("label_vi"), label_en=g.text("label_en"),
            min_age=g.integer("min_age"), min_inclusive=g.flag("min_inclusive"),
            max_age=g.optional_integer("max_age"), max_inclusive=g.flag("max_inclusive"),
            sources=g.objects("sources", lambda s: BandSource(
                where=s.text("where"), text_vi=s.text("text_vi"))),
            note=g.optional_text("note"))),
    )


def bands() -> tuple[AgeBand, ...]:
    """The bundled age bands."""
    return _data().bands


def band(band_id: str) -> AgeBand:
    """A bundled age band by id (``under-5``, ``5-17`` …) or by its Vietnamese label."""
    from childprotect.text.vntext import name_key

    for b in bands():
        if band_id == b.id or name_key(band_id) == name_key(b.label_vi):
            return b
    raise UnknownName("age band", band_id, [b.id for b in bands()])


def _check_date(name: str, value: object) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError(Message("{name}: expected a date", name=name))
    return value


def _birthday_in(birth: dt.date, year: int, leap_day: LeapDay) -> dt.date:
    if birth.month == 2 and birth.day == 29 and not calendar.isleap(year):
        return dt.date(year, 2, 28) if leap_day is LeapDay.FEB_28 else dt.date(year, 3, 1)
    return birth.replace(year=year)


def age_on(birth: dt.date, on: dt.date, leap_day: LeapDay | None = None) -> int:
    """Age in completed years on ``on`` of a person born on ``birth``.

    Errors never quote the dates, which are personal data.

    >>> age_on(dt.date(2020, 1, 2), on=dt.date(2020, 1, 1))
    Traceback (most recent call last):
    ...
    childprotect.errors.ValidationError: birth date: it is after the reference date 'on'
    """
    birth = _check_date("birth date", birth)
    on = _check_date("on", on)
    if on < birth:
        raise ValidationError(Message("birth date: it is after the reference date 'on'"))
    rule = leap_day if leap_day is not None else _data().leap_day_birthday.rule
    years = on.year - birth.year
    if on < _birthday_in(birth, on.year, rule):
        years -= 1
    return years


def age_range(birth: dt.date | PartialDate, on: dt.date,
              leap_day: LeapDay | None = None) -> tuple[int, int]:
    """The least and greatest possible age on ``on`` for a birth date of any precision."""
    if isinstance(birth, PartialDate):
        on = _check_date("on", on)
        if birth.earliest() > on:
            raise ValidationError(Message("birth date: it is after the reference date 'on'"))
        latest = min(birth.latest(), on)
        return age_on(latest, on, leap_day), age_on(birth.earliest(), on, leap_day)
    a = age_on(birth, on, leap_day)
    return a, a


def child_definition(on: dt.date) -> ChildDefinition:
    """The definition of a child in force on ``on``.

    Only Luật Trẻ em 2016 (from 01/06/2017) is bundled; earlier dates raise
    :class:`~childprotect.children.groups.TaxonomyNotInForce`.
    """
    on = _check_date("on", on)
    for c in _data().child_definitions:
        if c.in_force(on):
            return c
    raise TaxonomyNotInForce(
        Message("no definition of a child is known for {on}: the bundled one (Luật Trẻ em 2016, "
                "Điều 1) applies from 2017-06-01; pass definition= with an age band for earlier "
                "dates", on=on)
    )


@overload
def is_child(birth: dt.date, on: dt.date, leap_day: LeapDay | None = None,
             definition: AgeBand | None = None) -> bool: ...
@overload
def is_child(birth: PartialDate, on: dt.date, leap_day: LeapDay | None = None,
             definition: AgeBand | None = None) -> bool | None: ...
def is_child(birth: dt.date | PartialDate, on: dt.date, leap_day: LeapDay | None = None,
             definition: AgeBand | None = None) -> bool | None:
    """Whether a person born on ``birth`` is a child on ``on``.

    The definition in force on ``on`` applies unless ``definition`` is given. With a
    birth date known only to the year or month the answer may be None (cannot tell).
    """
    b = definition if definition is not None else band(child_definition(on).band)
    return b.contains(birth, on, leap_day)

"""The Vietnamese working calendar of state agencies: which days count as working days.

A day is a working day unless it is a weekly rest day (Saturday, Sunday), a public holiday
of Bộ luật Lao động 2019 Điều 112 (Tết Dương lịch, the 5 Tết days, Giỗ Tổ Hùng Vương on
10/3 lunar, 30/4, 1/5, the 2 Quốc khánh days), a substitute day off (nghỉ bù, Điều 111
k.3), or a day off swapped with a worked Saturday by a yearly government notice.

The statutory holidays come from the ``holidays`` package (``holidays.VN``, always asked
with ``language="vi"``), imported lazily, only here. Its data lags official decisions, so
days off and extra working days are also data: the ones shipped in
``data/calendar/vn-public-sector.json`` (each with its source) and any the caller adds.

>>> import datetime as dt
>>> cal = WorkingCalendar()
>>> cal.is_working_day(dt.date(2025, 11, 28)), cal.is_working_day(dt.date(2025, 11, 30))
(True, False)
>>> cal.holiday_name(dt.date(2025, 1, 29))
'Tết Nguyên Đán'
>>> cal.is_working_day(dt.date(2024, 5, 4))  # a Saturday worked in exchange for 29/04/2024
True
>>> cal.add_working_days(dt.date(2025, 11, 28), 5)  # Friday + 5 working days (Điều 147)
datetime.date(2025, 12, 5)
>>> cal.working_days_between(dt.date(2025, 11, 28), dt.date(2025, 12, 5))
5
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import attrs

from childprotect.data import build, load_file, read_json
from childprotect.errors import ValidationError
from childprotect.text.validators import non_empty_text
from childprotect.text.vntext import nfc

__all__ = [
    "CalendarData",
    "CalendarDay",
    "DayKind",
    "Status",
    "WorkingCalendar",
    "calendar_data_of",
    "default_calendar",
    "load_days",
    "shipped_days",
]

#: ``datetime.date.weekday()`` of Saturday and Sunday, the weekly rest days of state agencies.
WEEKEND: frozenset[int] = frozenset({5, 6})

_SHIPPED = "calendar/vn-public-sector.json"


class DayKind(enum.Enum):
    """What a calendar entry makes of its day."""

    DAY_OFF = "day-off"  # not a working day (a holiday, a swapped day off)
    WORKING_DAY = "working-day"  # a working day (a Saturday worked in exchange)


class Status(enum.Enum):
    """How well a calendar entry is sourced."""

    OFFICIAL = "official"  # an official decision or notice, read in the cited source
    UNVERIFIED = "unverified"  # announced or reported, not confirmed in an official text


def _is_date(_inst: object, attribute: attrs.Attribute[dt.date], value: object) -> None:
    if type(value) is not dt.date:
        raise ValidationError(f"{attribute.name} must be a date, got {value!r}")


@attrs.frozen(order=True)
class CalendarDay:
    """One day whose status the calendar sets explicitly, with its source."""

    date: dt.date = attrs.field(validator=_is_date)
    kind: DayKind = attrs.field(validator=attrs.validators.instance_of(DayKind), order=False)
    name_vi: str = attrs.field(converter=nfc, validator=non_empty_text, order=False)
    name_en: str = attrs.field(validator=non_empty_text, order=False)
    source: str = attrs.field(validator=non_empty_text, order=False)
    status: Status = attrs.field(default=Status.OFFICIAL, order=False,
                                 validator=attrs.validators.instance_of(Status))
    note: str | None = attrs.field(default=None, order=False)


@attrs.frozen
class CalendarData:
    """A file of calendar entries (the shipped overrides, or a user's own)."""

    description_en: str
    days: tuple[CalendarDay, ...] = ()

    def __attrs_post_init__(self) -> None:
        seen: set[dt.date] = set()
        for d in self.days:
            if d.date in seen:
                raise ValidationError(f"days: {d.date.isoformat()} is listed twice")
            seen.add(d.date)


def calendar_data_of(value: object, source: str = "<calendar>") -> CalendarData:
    """Calendar entries from plain data in the format of the shipped file."""
    return build(value, source, lambda f: CalendarData(
        description_en=f.text("description_en"),
        days=f.objects("days", lambda g: CalendarDay(
            date=g.date("date"), kind=g.choice("kind", DayKind), name_vi=g.text("name_vi"),
            name_en=g.text("name_en"), source=g.text("source"),
            status=g.choice("status", Status, Status.OFFICIAL),
            note=g.optional_text("note"))),
    ))


def load_days(path: str | Path) -> tuple[CalendarDay, ...]:
    """Calendar entries from a JSON file in the format of the shipped file."""
    return calendar_data_of(load_file(path), str(path)).days


@lru_cache(maxsize=1)
def shipped_days() -> tuple[CalendarDay, ...]:
    """The days off and extra working days shipped with the library, with their sources.

    >>> any(d.date.isoformat() == "2025-04-26" for d in shipped_days())
    True
    """
    return calendar_data_of(read_json(_SHIPPED), f"data/{_SHIPPED}").days


@lru_cache(maxsize=512)
def _package_year(year: int) -> tuple[dict[dt.date, str], frozenset[dt.date]]:
    """The ``holidays`` package's Vietnamese holidays of one year, and its worked Saturdays."""
    import holidays  # heavy: imported only when a year is first needed

    vn = holidays.country_holidays("VN", years=year, language="vi")
    names = {d: str(n) for d, n in vn.items() if d.year == year}
    worked = frozenset(d for d in getattr(vn, "weekend_workdays", ()) if d.year == year)
    return names, worked


class WorkingCalendar:
    """Working days of Vietnamese state agencies, with explicit extra days.

    ``days`` are the caller's entries; they take precedence over the shipped ones, which
    take precedence over the ``holidays`` package. ``shipped=False`` leaves the shipped
    entries out; ``trust_unverified=False`` treats every UNVERIFIED entry's day (and the
    package's holiday on that day) as an ordinary day of the week; ``use_package=False``
    uses the entries alone (weekends plus the listed days).
    """

    __slots__ = ("_entries", "_extra_days_off", "_extra_working", "_ignored",
                 "_package", "_years")

    def __init__(self, days: Iterable[CalendarDay] = (), *, shipped: bool = True,
                 trust_unverified: bool = True, use_package: bool = True) -> None:
        entries: dict[dt.date, CalendarDay] = {}
        for d in shipped_days() if shipped else ():
            entries[d.date] = d
        for d in days:
            if not isinstance(d, CalendarDay):
                raise ValidationError(f"days: expected CalendarDay entries, got {d!r}")
            entries[d.date] = d
        ignored = {d for d, e in entries.items()
                   if e.status is Status.UNVERIFIED and not trust_unverified}
        self._entries = {d: e for d, e in entries.items() if d not in ignored}
        self._ignored = frozenset(ignored)
        self._extra_days_off = frozenset(
            d for d, e in self._entries.items() if e.kind is DayKind.DAY_OFF)
        self._extra_working = frozenset(
            d for d, e in self._entries.items() if e.kind is DayKind.WORKING_DAY)
        self._package = use_package
        self._years: dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]] = {}

    def __repr__(self) -> str:
        return (f"WorkingCalendar({len(self._entries)} explicit days, "
                f"package={'holidays.VN' if self._package else 'none'})")

    def _year(self, year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
        """(weekdays off, weekend days worked) of one year, cached."""
        got = self._years.get(year)
        if got is not None:
            return got
        off: set[dt.date] = set()
        worked: set[dt.date] = set()
        if self._package:
            names, pkg_worked = _package_year(year)
            off.update(d for d in names if d not in self._ignored)
            worked.update(d for d in pkg_worked if d not in self._ignored)
        for d, e in self._entries.items():
            if d.year != year:
                continue
            if e.kind is DayKind.DAY_OFF:
                off.add(d)
                worked.discard(d)
            else:
                worked.add(d)
                off.discard(d)
        got = (frozenset(x for x in off if x.weekday() not in WEEKEND), frozenset(worked))
        self._years[year] = got
        return got

    # --- single days ----------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        """True when state agencies work on ``day``."""
        off, worked = self._years.get(day.year) or self._year(day.year)
        if day.weekday() in WEEKEND:
            return day in worked
        return day not in off

    def holiday_name(self, day: dt.date) -> str | None:
        """The Vietnamese name of the holiday or day off on ``day``, if it is one.

        A weekend day is named only when a holiday falls on it.
        """
        entry = self._entries.get(day)
        if entry is not None:
            return entry.name_vi if entry.kind is DayKind.DAY_OFF else None
        if not self._package or day in self._ignored:
            return None
        return _package_year(day.year)[0].get(day)

    def why_not_working(self, day: dt.date) -> str | None:
        """Why ``day`` is not a working day (None when it is one).

        >>> WorkingCalendar().why_not_working(dt.date(2025, 11, 30))
        'Sunday'
        """
        if self.is_working_day(day):
            return None
        name = self.holiday_name(day)
        if name is not None:
            return name
        return "Saturday" if day.weekday() == 5 else "Sunday"

    def entry(self, day: dt.date) -> CalendarDay | None:
        """The explicit entry (shipped or the caller's) that decides ``day``, if any."""
        return self._entries.get(day)

    # --- moving along the calendar --------------------------------------------------------

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        d = day + _ONE
        while not self.is_working_day(d):
            d += _ONE
        return d

    def previous_working_day(self, day: dt.date) -> dt.date:
        """The last working day strictly before ``day``."""
        d = day - _ONE
        while not self.is_working_day(d):
            d -= _ONE
        return d

    def roll_forward(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the next working day."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def roll_back(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the previous working day."""
        return day if self.is_working_day(day) else self.previous_working_day(day)

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (before it when ``n`` is negative).

        ``day`` itself is not counted (Bộ luật Dân sự 2015 Điều 147 k.2–3: the first day
        of a period is not counted), so ``add_working_days(d, 5)`` is the last day of
        "05 ngày làm việc" starting from an event on ``d``. ``n == 0`` returns ``day``.
        """
        if type(n) is not int:
            raise ValidationError(f"n must be an int, got {n!r}")
        step = _ONE if n >= 0 else -_ONE
        d = day
        left = abs(n)
        while left:
            d += step
            if self.is_working_day(d):
                left -= 1
        return d

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``.

        The inverse of :meth:`add_working_days`: negative when ``end`` is before ``start``.
        """
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        d = start
        while d < end:
            d += _ONE
            if self.is_working_day(d):
                count += 1
        return count

    def days_off(self, year: int) -> list[tuple[dt.date, str]]:
        """Every weekday that is not a working day in ``year``, with its name, in order."""
        off, _ = self._year(year)
        return [(d, self.holiday_name(d) or "day off") for d in sorted(off)]

    def worked_weekend_days(self, year: int) -> list[dt.date]:
        """The Saturdays and Sundays worked in ``year`` (swapped working days)."""
        return sorted(self._year(year)[1])


_ONE = dt.timedelta(days=1)


@lru_cache(maxsize=1)
def default_calendar() -> WorkingCalendar:
    """The calendar with the package's holidays and the shipped entries (shared, cached)."""
    return WorkingCalendar()

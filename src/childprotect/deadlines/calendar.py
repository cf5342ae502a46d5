"""The Vietnamese working calendar of state agencies: which days count as working days.

A day is a working day unless it is a weekly rest day (Saturday, Sunday), a public holiday
of Bộ luật Lao động 2019 Điều 112 (Tết Dương lịch, the 5 Tết days, Giỗ Tổ Hùng Vương on
10/3 lunar, 30/4, 1/5, the 2 Quốc khánh days), a substitute day off (nghỉ bù, Điều 111
k.3), or a day off swapped with a worked Saturday by a yearly government notice.

The statutory holidays come from the ``holidays`` package (``holidays.VN``, always asked
with ``language="vi"``), imported lazily, only here. Its data lags official decisions, so
days off and extra working days are also data: the ones shipped in
``data/calendar/vn-public-sector.json`` (each with its source) and any the caller adds, in
a file of the same shape given as ``WorkingCalendar(overrides=path)``, as the environment
variable ``CHILDPROTECT_CALENDAR`` or as ``--calendar FILE`` on the command line.

A day the Prime Minister has not yet fixed (the 2027 Tết days) is ``provisional``: kept as
a day off under every setting, and every deadline that depends on it says so.

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
>>> cal.is_working_day(dt.date(2026, 1, 2)), cal.is_working_day(dt.date(2026, 1, 10))
(False, True)
>>> cal.entry(dt.date(2027, 2, 9)).status
<Status.PROVISIONAL: 'provisional'>
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import os
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

import attrs

from childprotect.data import build, load_file, read_json
from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.text.validators import non_empty_text
from childprotect.text.vntext import nfc, nfc_or_none

#: The weekly rest days :meth:`WorkingCalendar.why_not_working` names, in words.
_REST_DAYS: dict[str, str | Message] = {"Saturday": Message("Saturday"),
                                        "Sunday": Message("Sunday")}

__all__ = [
    "ENV",
    "CalendarData",
    "CalendarDay",
    "DayKind",
    "Status",
    "WorkingCalendar",
    "YearDay",
    "calendar_data_of",
    "default_calendar",
    "load_days",
    "shipped_days",
    "uncertain_note",
    "use_calendar",
    "year_days",
]

#: The environment variable naming a calendar-overrides file merged over the bundled data.
ENV = "CHILDPROTECT_CALENDAR"

#: ``datetime.date.weekday()`` of Saturday and Sunday, the weekly rest days of state agencies.
WEEKEND: frozenset[int] = frozenset({5, 6})

_SHIPPED = "calendar/vn-public-sector.json"


class DayKind(enum.Enum):
    """What a calendar entry makes of its day."""

    DAY_OFF = "day-off"  # not a working day (a holiday, a swapped day off)
    WORKING_DAY = "working-day"  # a working day (a Saturday worked in exchange)


class Status(enum.Enum):
    """How well a calendar entry is sourced.

    ``provisional``: the day follows the statutory rule (Bộ luật Lao động 2019 Điều 112)
    but the yearly notice that fixes it is not out; it is a day off under every setting,
    and deadlines that depend on it say so.
    """

    OFFICIAL = "official"  # an official decision or notice, read in the cited source
    UNVERIFIED = "unverified"  # announced or reported, not confirmed in an official text
    PROVISIONAL = "provisional"  # the statutory rule's day; the yearly notice is not out


def _is_date(_inst: object, attribute: attrs.Attribute[dt.date], value: object) -> None:
    if type(value) is not dt.date:
        raise ValidationError(Message("{field} must be a date, got {value}", field=attribute.name,
                                      value=repr(value)))


@attrs.frozen(order=True)
class CalendarDay:
    """One day whose status the calendar sets explicitly, with its source (``source_vi``:
    the source in Vietnamese, keeping its numbers, dates and links)."""

    date: dt.date = attrs.field(validator=_is_date)
    kind: DayKind = attrs.field(validator=attrs.validators.instance_of(DayKind), order=False)
    name_vi: str = attrs.field(converter=nfc, validator=non_empty_text, order=False)
    name_en: str = attrs.field(validator=non_empty_text, order=False)
    source: str = attrs.field(validator=non_empty_text, order=False)
    status: Status = attrs.field(default=Status.OFFICIAL, order=False,
                                 validator=attrs.validators.instance_of(Status))
    note: str | None = attrs.field(default=None, order=False)
    source_vi: str | None = attrs.field(default=None, order=False, kw_only=True,
                                        converter=nfc_or_none)

    def __attrs_post_init__(self) -> None:
        weekend = self.date.weekday() in WEEKEND
        if self.kind is DayKind.WORKING_DAY and not weekend:
            raise ValidationError(Message(
                "{day} is a weekday: a working-day entry is a Saturday or Sunday worked in "
                "exchange for a day off", day=self.date.isoformat()))
        if self.kind is DayKind.DAY_OFF and weekend:
            raise ValidationError(Message(
                "{day} is a Saturday or Sunday, already a rest day: a day-off entry is a "
                "weekday", day=self.date.isoformat()))

    @property
    def certain(self) -> bool:
        """Whether the entry rests on an official notice (not provisional or unverified)."""
        return self.status is Status.OFFICIAL


@attrs.frozen
class CalendarData:
    """A file of calendar entries (the shipped overrides, or a user's own).

    >>> calendar_data_of({"days": [{"date": "2027-02-06", "kind": "working-day",
    ...                             "name_vi": "x", "name_en": "x", "source": "x"},
    ...                            {"date": "2027-02-03", "kind": "working-day",
    ...                             "name_vi": "x", "name_en": "x", "source": "x"}]}, "my.json")
    Traceback (most recent call last):
    ...
    childprotect.errors.InvalidPlanFile: invalid data in my.json:
      2027-02-03 is a weekday: a working-day entry is a Saturday or Sunday worked in \
exchange for a day off @ $.days[1]
    """

    description_en: str = ""
    days: tuple[CalendarDay, ...] = ()

    def __attrs_post_init__(self) -> None:
        seen: set[dt.date] = set()
        for d in self.days:
            if d.date in seen:
                raise ValidationError(Message("days: {day} is listed twice",
                                              day=d.date))
            seen.add(d.date)


def calendar_data_of(value: object, source: str = "<calendar>") -> CalendarData:
    """Calendar entries from plain data in the format of the shipped file."""
    return build(value, source, lambda f: CalendarData(
        description_en=f.text("description_en", ""),
        days=f.objects("days", lambda g: CalendarDay(
            date=g.date("date"), kind=g.choice("kind", DayKind), name_vi=g.text("name_vi"),
            name_en=g.text("name_en"), source=g.text("source"),
            status=g.choice("status", Status, Status.OFFICIAL),
            note=g.optional_text("note"), source_vi=g.optional_text("source_vi"))),
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


#: The ``holidays`` package's Vietnamese holidays of 2000–2100, computed once by
#: ``tools/build_holidays.py`` (a test compares it with the installed package), so that a
#: working day costs no import of the package (about 0.12 s).
_TABLE = "calendar/holidays-vn.json"


@lru_cache(maxsize=1)
def _holiday_table() -> tuple[int, int, list[str], dict[str, Any]]:
    data = read_json(_TABLE)
    return data["first_year"], data["last_year"], data["names"], data["years"]


@lru_cache(maxsize=512)
def _package_year(year: int) -> tuple[dict[dt.date, str], frozenset[dt.date]]:
    """The ``holidays`` package's Vietnamese holidays of one year, and its worked Saturdays
    (from the bundled table when the year is in it)."""
    first, last, names, years = _holiday_table()
    if first <= year <= last:
        entry = years[str(year)]
        off = {dt.date(year, int(md[:2]), int(md[3:])): names[i] for md, i in entry["off"]}
        return off, frozenset(dt.date(year, int(md[:2]), int(md[3:]))
                              for md in entry["worked"])
    return _package_year_computed(year)


def _package_year_computed(year: int) -> tuple[dict[dt.date, str], frozenset[dt.date]]:
    """The same, computed by the ``holidays`` package itself."""
    import holidays  # heavy: imported only for a year outside the bundled table

    vn = holidays.country_holidays("VN", years=year, language="vi")
    names = {d: str(n) for d, n in vn.items() if d.year == year}
    worked = frozenset(d for d in getattr(vn, "weekend_workdays", ()) if d.year == year)
    return names, worked


class WorkingCalendar:
    """Working days of Vietnamese state agencies, with explicit extra days.

    ``days`` are the caller's entries and ``overrides`` a file of entries in the shape of
    the shipped one (validated, every bad field named by its ``$.path``); both take
    precedence over the shipped entries, which take precedence over the ``holidays``
    package. ``shipped=False`` leaves the shipped entries out; ``trust_unverified=False``
    treats every UNVERIFIED entry's day (and the package's holiday on that day) as an
    ordinary day of the week (a PROVISIONAL day stays a day off); ``use_package=False``
    uses the entries alone (weekends plus the listed days).
    """

    __slots__ = ("_all", "_entries", "_extra_days_off", "_extra_working", "_ignored",
                 "_package", "_years", "overrides")

    def __init__(self, days: Iterable[CalendarDay] = (), *, shipped: bool = True,
                 trust_unverified: bool = True, use_package: bool = True,
                 overrides: str | Path | None = None) -> None:
        entries: dict[dt.date, CalendarDay] = {}
        for d in shipped_days() if shipped else ():
            entries[d.date] = d
        extra = list(days)
        if overrides is not None:
            extra += load_days(overrides)
        for d in extra:
            if not isinstance(d, CalendarDay):
                raise ValidationError(Message("days: expected CalendarDay entries, got {d}",
                                              d=repr(d)))
            entries[d.date] = d
        ignored = {d for d, e in entries.items()
                   if e.status is Status.UNVERIFIED and not trust_unverified}
        self.overrides = None if overrides is None else str(overrides)
        self._all = dict(entries)
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

    def why_not_working_words(self, day: dt.date) -> str | Message | None:
        """:meth:`why_not_working` for a sentence: a weekly rest day as a message (written
        in the reader's language), a holiday by its name."""
        why = self.why_not_working(day)
        return _REST_DAYS.get(why, why) if why is not None else None

    def entry(self, day: dt.date) -> CalendarDay | None:
        """The explicit entry (shipped or the caller's) that decides ``day``, if any."""
        return self._entries.get(day)

    def uncertain_days(self, first: dt.date, last: dt.date) -> tuple[CalendarDay, ...]:
        """The entries from ``first`` to ``last`` (both included) that rest on no official
        notice: provisional days, and unverified ones (also those this calendar ignores).

        >>> [d.date.isoformat() for d in WorkingCalendar().uncertain_days(
        ...     dt.date(2027, 2, 1), dt.date(2027, 2, 8))]
        ['2027-02-04', '2027-02-05', '2027-02-08']
        """
        lo, hi = min(first, last), max(first, last)
        return tuple(e for d, e in sorted(self._all.items())
                     if lo <= d <= hi and not e.certain)

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
            raise ValidationError(Message("n must be an int, got {n}", n=repr(n)))
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

    def year_days(self, year: int) -> tuple[YearDay, ...]:
        """See :func:`year_days`."""
        names, worked = _package_year(year) if self._package else ({}, frozenset())
        out: dict[dt.date, YearDay] = {}
        for d, name in names.items():
            if d not in self._ignored:
                source, source_vi = _SUBSTITUTE if "nghỉ bù" in name else _STATUTORY
                out[d] = YearDay(d, DayKind.DAY_OFF, name, None, source, None,
                                 d.weekday() in WEEKEND, source_vi=source_vi)
        for d in worked:
            if d not in self._ignored:
                out[d] = YearDay(d, DayKind.WORKING_DAY, "Ngày làm bù", None,
                                 "holidays.VN (weekend_workdays)", None, False)
        for d, e in self._entries.items():
            if d.year == year:
                out[d] = YearDay(d, e.kind, e.name_vi, e.name_en, e.source, e.status,
                                 e.kind is DayKind.DAY_OFF and d.weekday() in WEEKEND,
                                 source_vi=e.source_vi)
        return tuple(out[d] for d in sorted(out))


_ONE = dt.timedelta(days=1)

#: Where the days the ``holidays`` package gives come from, in English and in Vietnamese
#: (Bộ luật Lao động 2019 Điều 111 k.3: "Nếu ngày nghỉ hằng tuần trùng với ngày nghỉ lễ, tết
#: quy định tại khoản 1 Điều 112 của Bộ luật này thì người lao động được nghỉ bù ngày nghỉ
#: hằng tuần vào ngày làm việc kế tiếp").
_STATUTORY = ("Bộ luật Lao động 2019 (45/2019/QH14) Điều 112 k.1, as holidays.VN computes it",
              "Bộ luật Lao động 2019 (45/2019/QH14) Điều 112 k.1, theo cách tính của holidays.VN")
_SUBSTITUTE = ("Bộ luật Lao động 2019 Điều 111 k.3 (a holiday on a weekly rest day gives a "
               "day off on the next working day), as holidays.VN computes it",
               "Bộ luật Lao động 2019 Điều 111 k.3 (ngày nghỉ hằng tuần trùng với ngày nghỉ lễ, "
               "tết thì được nghỉ bù vào ngày làm việc kế tiếp), theo cách tính của holidays.VN")


@attrs.frozen
class YearDay:
    """A day off or a swapped working day of one year, with where it comes from.

    ``status`` is None for a day of the statutory rule as the ``holidays`` package gives
    it; ``weekend`` marks a holiday that falls on a Saturday or Sunday (its substitute day
    is listed too); ``source_vi`` is ``source`` in Vietnamese when there is one.
    """

    date: dt.date
    kind: DayKind
    name_vi: str
    name_en: str | None
    source: str
    status: Status | None
    weekend: bool
    source_vi: str | None = attrs.field(default=None, kw_only=True)

    @property
    def basis(self) -> str:
        """``statutory`` (the package's rule), or the entry's status."""
        return "statutory" if self.status is None else self.status.value


def uncertain_note(days: Iterable[CalendarDay]) -> Message:
    """The sentence a deadline carries when its count crosses or lands on these days (see
    :meth:`WorkingCalendar.uncertain_days`)."""
    labels = {Status.PROVISIONAL: Message("provisional"), Status.UNVERIFIED: Message("unverified")}
    listed = [Message("{day} {name} ({status})", day=d.date, name=d.name_vi,
                      status=labels.get(d.status, d.status.value)) for d in days]
    return Message("this deadline depends on calendar days no official notice has fixed: "
                   "{days}; check the year's notice or add it as a calendar-overrides file",
                   days=listed)


def year_days(year: int, calendar: WorkingCalendar | None = None) -> tuple[YearDay, ...]:
    """Every holiday, day off and swapped working day of ``year`` that ``calendar`` (the
    default one when None) uses, in date order, each with its source.

    >>> [(d.date.isoformat(), d.basis) for d in year_days(2026)][:3]
    [('2026-01-01', 'statutory'), ('2026-01-02', 'official'), ('2026-01-10', 'official')]
    """
    cal = calendar if calendar is not None else default_calendar()
    return cal.year_days(year)


_in_use: ContextVar[WorkingCalendar | None] = ContextVar("childprotect_calendar", default=None)


def default_calendar() -> WorkingCalendar:
    """The calendar every date computation uses when it is given none: the one of the
    innermost :func:`use_calendar` block, else the package's holidays and the shipped
    entries with the overrides file named by ``CHILDPROTECT_CALENDAR`` (if set) merged
    over them. Shared and cached per file."""
    cal = _in_use.get()
    if cal is not None:
        return cal
    path = os.environ.get(ENV, "").strip()
    return _calendar_for(path or None)


@lru_cache(maxsize=4)
def _calendar_for(path: str | None) -> WorkingCalendar:
    return WorkingCalendar(overrides=path)


@contextlib.contextmanager
def use_calendar(calendar: WorkingCalendar | str | Path | None) -> Iterator[WorkingCalendar]:
    """Make ``calendar`` (or a calendar with the overrides file at that path) the default
    inside the block (thread- and task-local); None keeps the default as it is."""
    if calendar is None:
        yield default_calendar()
        return
    cal = calendar if isinstance(calendar, WorkingCalendar) else WorkingCalendar(
        overrides=calendar)
    token = _in_use.set(cal)
    try:
        yield cal
    finally:
        _in_use.reset(token)

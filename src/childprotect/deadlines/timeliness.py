"""Timeliness: which units reported on time, late, or not at all, for one deadline.

A rate of reports on time counts only the units that existed on the deadline: since
1 July 2025 there are no districts (Luật 72/2025/QH15 Điều 51 k.3), so a district's report
for a later deadline is shown as not expected, never counted.

>>> import datetime as dt
>>> units = ["Xã A", UnitSpan("Huyện B", valid_to=dt.date(2025, 6, 30))]
>>> r = timeliness(dt.date(2025, 12, 1), units,
...                {"Xã A": dt.date(2025, 12, 3), "Huyện B": dt.date(2025, 11, 20)})
>>> [(u.unit, u.status.value, u.working_days_late) for u in r.results], r.not_expected
([('Xã A', 'late', 2)], ('Huyện B',))
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from childprotect.deadlines.schedules import DueDate
from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.text.validators import non_empty_text
from childprotect.text.vntext import name_key, nfc

if TYPE_CHECKING:
    from childprotect.deadlines.calendar import WorkingCalendar

__all__ = ["ReportStatus", "TimelinessReport", "UnitResult", "UnitSpan", "timeliness"]


class ReportStatus(enum.Enum):
    """What became of one unit's report."""

    ON_TIME = "on-time"
    LATE = "late"
    MISSING = "missing"
    PENDING = "pending"  # not in yet, and the deadline has not passed on the day assessed


@attrs.frozen
class UnitSpan:
    """A reporting unit and the days it existed (None: open-ended)."""

    name: str = attrs.field(converter=nfc, validator=non_empty_text)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def exists_on(self, day: dt.date) -> bool:
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_to is None or day <= self.valid_to))


@attrs.frozen
class UnitResult:
    """One unit's report against one deadline."""

    unit: str
    status: ReportStatus
    submitted: dt.date | None = None
    days_late: int | None = None
    working_days_late: int | None = None


@attrs.frozen
class TimelinessReport:
    """On-time / late / missing counts over the units that existed at the deadline.

    ``not_expected`` lists submissions from units that did not exist then: shown, never
    counted, so that no rate can exceed 100 %.
    """

    due: dt.date
    results: tuple[UnitResult, ...]
    not_expected: tuple[str, ...] = ()

    def count(self, status: ReportStatus) -> int:
        return sum(1 for r in self.results if r.status is status)

    @property
    def expected(self) -> int:
        return len(self.results)

    @property
    def on_time_rate(self) -> Fraction | None:
        """On-time reports over expected reports; None when no unit was expected."""
        if not self.results:
            return None
        return Fraction(self.count(ReportStatus.ON_TIME), len(self.results))

    @property
    def submitted_rate(self) -> Fraction | None:
        """Reports in (on time or late) over expected reports."""
        if not self.results:
            return None
        done = self.count(ReportStatus.ON_TIME) + self.count(ReportStatus.LATE)
        return Fraction(done, len(self.results))


def timeliness(due: dt.date | DueDate, units: Iterable[str | UnitSpan],
               submissions: Mapping[str, dt.date], *, on: dt.date | None = None,
               calendar: WorkingCalendar | None = None) -> TimelinessReport:
    """Which units reported on time, late, or not at all, for one deadline.

    ``due`` is the last on-time day (a :class:`DueDate` gives its adjusted day). Only units
    that existed on that day count; names match by :func:`~childprotect.text.vntext.name_key`.
    ``on`` is the day of the assessment: a report not yet in before the deadline passes is
    pending, not missing.

    >>> r = timeliness(dt.date(2023, 11, 29), ["Xã A", "Xã B", UnitSpan("Xã C",
    ...                valid_to=dt.date(2023, 6, 30))],
    ...                {"xã a": dt.date(2023, 11, 28), "Xã C": dt.date(2023, 11, 1)})
    >>> [(u.unit, u.status.value) for u in r.results], r.not_expected, r.on_time_rate
    ([('Xã A', 'on-time'), ('Xã B', 'missing')], ('Xã C',), Fraction(1, 2))
    """
    from childprotect.deadlines.calendar import default_calendar

    cal = calendar if calendar is not None else default_calendar()
    last = due.adjusted if isinstance(due, DueDate) else due
    expected: dict[str, str] = {}
    gone: dict[str, str] = {}
    for u in units:
        span = u if isinstance(u, UnitSpan) else UnitSpan(u)
        key = name_key(span.name)
        if key in expected or key in gone:
            raise ValidationError(Message("units: {name} is listed twice", name=repr(span.name)))
        (expected if span.exists_on(last) else gone)[key] = span.name
    subs: dict[str, tuple[str, dt.date]] = {}
    for name, day in submissions.items():
        key = name_key(name)
        if key in subs:
            raise ValidationError(Message("submissions: {name} and {subs} are one unit",
                                          name=repr(name), subs=repr(subs[key][0])))
        if type(day) is not dt.date:
            raise ValidationError(Message("submissions[{name}] must be a date, got {day}",
                                          name=repr(name), day=repr(day)))
        subs[key] = (name, day)
    results: list[UnitResult] = []
    for key, name in expected.items():
        got = subs.get(key)
        if got is None:
            pending = on is not None and on <= last
            results.append(UnitResult(name, ReportStatus.PENDING if pending
                                      else ReportStatus.MISSING))
        elif got[1] <= last:
            results.append(UnitResult(name, ReportStatus.ON_TIME, got[1]))
        else:
            results.append(UnitResult(name, ReportStatus.LATE, got[1], (got[1] - last).days,
                                      cal.working_days_between(last, got[1])))
    not_expected = tuple(sorted(gone.get(k, n) for k, (n, _) in subs.items()
                                if k not in expected))
    return TimelinessReport(last, tuple(results), not_expected)

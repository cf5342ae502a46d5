"""Reporting duties, their deadlines on the working calendar, and the plan's deadline checks.

A plan says "định kỳ hàng năm trước ngày 30/11 báo cáo UBND tỉnh … thông qua Sở LĐTBXH".
That is a :class:`ReportingDuty`: a reporter, a recipient, a "via" agency, the content, a
:class:`Recurrence` and a :class:`DueRule`. :func:`schedule` turns a plan's duties into
concrete dates for a year or a date range; :func:`check` finds deadlines that cannot work
together. Which units reported on time is :mod:`childprotect.timeliness`.

Two readings of "trước ngày 30/11" exist: *exclusive* (the last on-time day is 29/11, the
literal meaning of "trước", before) and *inclusive* (30/11 itself is on time). The default
is :data:`DEFAULT_READING` (exclusive: literal, and on the safe side for the reporter); a
rule may say otherwise, and so may the caller of :func:`schedule`. A last day that is not a
working day then moves as the rule's :class:`HolidayPolicy` says: forward to the end of the
next working day by default (Bộ luật Dân sự 2015 Điều 148 k.5).

>>> from childprotect import catalog
>>> plan = catalog.load("thua-thien-hue-208-2021")
>>> s = schedule(plan, 2025)
>>> [(e.duty.id, e.stated.isoformat(), e.raw.isoformat(), e.adjusted.isoformat())
...  for e in s if e.duty.id == "IV.1-b"]
[('IV.1-b', '2025-11-30', '2025-11-29', '2025-12-01')]
>>> print(s.entries[-1].reason)  # doctest: +ELLIPSIS
2025-12-04 is a working day: not moved
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from .anomalies import Anomaly, Severity
from .dates import DayMonth
from .documents import AdminLevel
from .errors import ValidationError
from .notebook import Displayable
from .validators import non_empty_text, optional_text
from .vntext import nfc

if TYPE_CHECKING:
    from .calendar import WorkingCalendar
    from .plans import Plan

__all__ = [
    "DEFAULT_MIN_GAP",
    "DEFAULT_READING",
    "DueDate",
    "DueKind",
    "DueRule",
    "HolidayPolicy",
    "Occurrence",
    "Party",
    "PeriodUnit",
    "Reading",
    "Recurrence",
    "ReportingDuty",
    "Schedule",
    "UndatedDuty",
    "adjust",
    "check",
    "end_of_period",
    "last_on_time_day",
    "resolve_agency",
    "schedule",
    "to_ics",
]


class Recurrence(enum.Enum):
    """How often a report is due."""

    ONCE = "once"
    YEARLY = "yearly"  # "định kỳ hàng năm"
    SIX_MONTHLY = "six-monthly"  # "định kỳ 06 tháng"
    EVALUATION_YEAR = "evaluation-year"  # "của năm đánh giá": only in an evaluation year
    MID_TERM = "mid-term"  # "sơ kết giữa kỳ (02 năm)": after ``after_years`` of the period
    END_OF_PERIOD = "end-of-period"  # "tổng kết 05 năm"
    AS_NEEDED = "as-needed"  # whenever something happens ("kịp thời báo cáo", "theo yêu cầu")
    UNSTATED = "unstated"  # left to other rules ("theo quy định"): the plan does not say


class DueKind(enum.Enum):
    """What a due rule is anchored to."""

    FIXED_DATE = "fixed-date"  # "trước ngày 20/6/2021"
    DAY_MONTH = "day-month"  # "trước ngày 30/11" every year (or every half-year)
    AFTER_EVENT = "after-event"  # "trong thời hạn 05 ngày làm việc" from an event
    UNSTATED = "unstated"  # the text gives no date ("theo quy định", "theo yêu cầu")


class PeriodUnit(enum.Enum):
    """The unit of a period counted from an event (Bộ luật Dân sự 2015 Điều 144 k.2)."""

    HOURS = "hours"
    DAYS = "days"
    WORKING_DAYS = "working-days"
    MONTHS = "months"


class Reading(enum.Enum):
    """How "trước ngày X" is read."""

    INCLUSIVE = "inclusive"  # X itself is still on time
    EXCLUSIVE = "exclusive"  # the last on-time day is the day before X


class HolidayPolicy(enum.Enum):
    """What happens when the last on-time day is not a working day."""

    FORWARD = "forward"  # to the next working day (Bộ luật Dân sự 2015 Điều 148 k.5)
    BACK = "back"  # to the previous working day (a plan's own stricter rule)
    NONE = "none"  # the day stands


#: The reading of "trước ngày X" when neither the rule nor the caller says: the literal one.
DEFAULT_READING = Reading.EXCLUSIVE

#: A report feeding another must be due at least this many working days before it, else
#: :func:`check` calls the chain too tight. A working assumption, not a legal rule.
DEFAULT_MIN_GAP = 2

_BLDS_148_5 = "Bộ luật Dân sự 2015 Điều 148 k.5"


def _nfc_opt(value: str | None) -> str | None:
    return None if value is None else nfc(value)


@attrs.frozen
class Party:
    """A reporter or recipient, named verbatim as the plan names it.

    ``every`` says the name stands for every unit of a level ("UBND các xã, thị trấn" is
    every commune of the unit), so a schedule can list one due date per unit.
    """

    name_vi: str = attrs.field(converter=nfc, validator=non_empty_text)
    name_en: str = attrs.field(validator=non_empty_text)
    every: AdminLevel | None = None

    def __str__(self) -> str:
        return self.name_vi


@attrs.frozen
class DueRule:
    """When a report is due, as the text says it (``text_vi`` is verbatim).

    * ``FIXED_DATE``: ``date`` ("trước ngày 20/6/2021");
    * ``DAY_MONTH``: ``day_months``, each year ("trước ngày 30/11"); two for six-monthly;
    * ``AFTER_EVENT``: ``amount`` ``unit`` after ``event_vi``;
    * ``UNSTATED``: no date in the text.

    ``reading`` None means the default reading (:data:`DEFAULT_READING`, or the one given
    to :func:`schedule`); it applies to "trước ngày" dates only.
    """

    kind: DueKind
    text_vi: str = attrs.field(converter=nfc, validator=non_empty_text)
    date: dt.date | None = None
    day_months: tuple[DayMonth, ...] = ()
    amount: int | None = None
    unit: PeriodUnit | None = None
    event_vi: str | None = attrs.field(default=None, converter=_nfc_opt, validator=optional_text)
    reading: Reading | None = None
    holiday_policy: HolidayPolicy = HolidayPolicy.FORWARD

    def __attrs_post_init__(self) -> None:
        k = self.kind
        has = {"date": self.date is not None, "day_months": bool(self.day_months),
               "amount": self.amount is not None, "unit": self.unit is not None,
               "event_vi": self.event_vi is not None}
        need = {DueKind.FIXED_DATE: {"date"}, DueKind.DAY_MONTH: {"day_months"},
                DueKind.AFTER_EVENT: {"amount", "unit", "event_vi"},
                DueKind.UNSTATED: set()}[k]
        for name, present in has.items():
            if name in need and not present:
                raise ValidationError(f"a {k.value} due rule needs {name} ({self.text_vi!r})")
            if name not in need and present:
                raise ValidationError(
                    f"a {k.value} due rule takes no {name} ({self.text_vi!r})")
        if self.amount is not None and (type(self.amount) is not int or self.amount < 0):
            raise ValidationError(f"amount must be a non-negative int, got {self.amount!r}")
        if self.reading is not None and k not in (DueKind.FIXED_DATE, DueKind.DAY_MONTH):
            raise ValidationError(f"reading applies to dates only, not to a {k.value} rule")

    def text(self) -> str:
        """The rule in short form: ``30/11``, ``20/06/2021``, ``5 working-days after …``."""
        if self.kind is DueKind.FIXED_DATE and self.date is not None:
            return self.date.strftime("%d/%m/%Y")
        if self.kind is DueKind.DAY_MONTH:
            return ", ".join(d.text() for d in self.day_months)
        if self.kind is DueKind.AFTER_EVENT:
            return f"{self.amount} {self.unit.value if self.unit else ''} after {self.event_vi}"
        return "no date stated"


@attrs.frozen
class ReportingDuty:
    """A report some agency owes another, with when it is due.

    ``report`` names the report itself: two duties with the same ``report`` are the same
    report (stated in two places), and ``feeds`` lists the reports this one is an input to
    (districts → department → province), so that :func:`check` can compare them.
    """

    id: str = attrs.field(validator=non_empty_text)
    text_vi: str = attrs.field(converter=nfc, validator=non_empty_text)
    reporter: Party
    content_vi: str = attrs.field(converter=nfc, validator=non_empty_text)
    content_en: str = attrs.field(validator=non_empty_text)
    report: str = attrs.field(validator=non_empty_text)
    recurrence: Recurrence
    due: DueRule
    section: str | None = None
    recipient: Party | None = None
    via: Party | None = None
    feeds: tuple[str, ...] = ()
    after_years: int | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        r, k = self.recurrence, self.due.kind
        where = f"duty {self.id!r}"
        if (r is Recurrence.MID_TERM) != (self.after_years is not None):
            raise ValidationError(f"{where}: after_years is given exactly for a mid-term report")
        if self.after_years is not None and (type(self.after_years) is not int
                                             or self.after_years < 1):
            raise ValidationError(f"{where}: after_years must be a positive int")
        if k is DueKind.FIXED_DATE and r is not Recurrence.ONCE:
            raise ValidationError(f"{where}: a fixed date goes with a report due once")
        if k is DueKind.AFTER_EVENT and r not in (Recurrence.AS_NEEDED, Recurrence.ONCE):
            raise ValidationError(f"{where}: a period after an event goes with once/as-needed")
        if k is DueKind.DAY_MONTH and r in (Recurrence.ONCE, Recurrence.AS_NEEDED,
                                            Recurrence.UNSTATED):
            raise ValidationError(f"{where}: a day-month rule needs a recurring report")
        if self.report in self.feeds:
            raise ValidationError(f"{where}: report {self.report!r} cannot feed itself")


# --- one deadline -----------------------------------------------------------------------------


def last_on_time_day(stated: dt.date, reading: Reading) -> dt.date:
    """The last on-time day of "trước ngày ``stated``" under ``reading``.

    >>> last_on_time_day(dt.date(2023, 11, 30), Reading.EXCLUSIVE)
    datetime.date(2023, 11, 29)
    >>> last_on_time_day(dt.date(2023, 11, 30), Reading.INCLUSIVE)
    datetime.date(2023, 11, 30)
    """
    return stated if reading is Reading.INCLUSIVE else stated - _ONE


def adjust(day: dt.date, policy: HolidayPolicy,
           calendar: WorkingCalendar) -> tuple[dt.date, str]:
    """Apply a holiday policy to a last day: the adjusted day and why it moved (or not).

    >>> from childprotect.calendar import WorkingCalendar
    >>> adjust(dt.date(2025, 11, 29), HolidayPolicy.FORWARD, WorkingCalendar())[0]
    datetime.date(2025, 12, 1)
    """
    why = calendar.why_not_working(day)
    if why is None:
        return day, f"{day.isoformat()} is a working day: not moved"
    if policy is HolidayPolicy.FORWARD:
        new = calendar.next_working_day(day)
        return new, (f"{day.isoformat()} is not a working day ({why}): moved forward to the "
                     f"next working day, {new.isoformat()} ({_BLDS_148_5})")
    if policy is HolidayPolicy.BACK:
        new = calendar.previous_working_day(day)
        return new, (f"{day.isoformat()} is not a working day ({why}): moved back to the "
                     f"previous working day, {new.isoformat()} (the rule's own policy)")
    return day, f"{day.isoformat()} is not a working day ({why}): not moved (policy none)"


def end_of_period(start: dt.date, amount: int, unit: PeriodUnit, calendar: WorkingCalendar,
                  policy: HolidayPolicy = HolidayPolicy.FORWARD) -> tuple[dt.date, str]:
    """The last day of a period of ``amount`` ``unit`` counted from an event on ``start``.

    The event's day is not counted (Bộ luật Dân sự 2015 Điều 147 k.2–3); a period in
    months ends on the corresponding day, or the month's last day (Điều 148 k.3); a last
    day that is not a working day moves by ``policy`` (Điều 148 k.5 by default). Hours are
    not counted in days: use a moment plus a ``timedelta`` (Điều 147 k.1).

    >>> from childprotect.calendar import WorkingCalendar
    >>> cal = WorkingCalendar()
    >>> end_of_period(dt.date(2025, 1, 24), 5, PeriodUnit.WORKING_DAYS, cal)[0]
    datetime.date(2025, 2, 7)
    >>> end_of_period(dt.date(2025, 1, 31), 1, PeriodUnit.MONTHS, cal)[0]
    datetime.date(2025, 2, 28)
    """
    if type(amount) is not int or amount < 0:
        raise ValidationError(f"amount must be a non-negative int, got {amount!r}")
    if unit is PeriodUnit.HOURS:
        raise ValidationError("a period in hours runs from a moment: add a timedelta to it")
    if unit is PeriodUnit.WORKING_DAYS:
        end = calendar.add_working_days(start, amount)
        return end, (f"{amount} working days after {start.isoformat()} "
                     "(Điều 147: the first day is not counted)")
    if unit is PeriodUnit.DAYS:
        raw = start + dt.timedelta(days=amount)
    else:
        from dateutil.relativedelta import relativedelta

        raw = start + relativedelta(months=amount)
    end, why = adjust(raw, policy, calendar)
    return end, f"{amount} {unit.value} after {start.isoformat()} ends {raw.isoformat()}; {why}"


# --- schedules --------------------------------------------------------------------------------


def _duty_repr(d: ReportingDuty) -> str:
    return d.id


@attrs.frozen
class Occurrence:
    """One concrete deadline of a duty: the date stated, read and adjusted.

    ``stated`` is the date the text names, ``raw`` the last on-time day after the
    inclusive/exclusive reading, ``adjusted`` that day after the holiday policy, and
    ``reason`` says why it moved (or that it did not). ``condition`` is set when the
    deadline applies only under a condition the plan does not settle.
    """

    duty: ReportingDuty = attrs.field(repr=_duty_repr)
    year: int
    stated: dt.date
    raw: dt.date
    adjusted: dt.date
    reading: Reading | None
    reason: str
    condition: str | None = None

    @property
    def moved(self) -> bool:
        return self.adjusted != self.raw


@attrs.frozen
class DueDate:
    """One reporter's deadline: an :class:`Occurrence` and who owes the report.

    Every reporter of a duty shares the occurrence; its fields are readable here too.
    """

    occurrence: Occurrence
    reporter: str

    @property
    def duty(self) -> ReportingDuty:
        return self.occurrence.duty

    @property
    def year(self) -> int:
        return self.occurrence.year

    @property
    def stated(self) -> dt.date:
        return self.occurrence.stated

    @property
    def raw(self) -> dt.date:
        return self.occurrence.raw

    @property
    def adjusted(self) -> dt.date:
        return self.occurrence.adjusted

    @property
    def reading(self) -> Reading | None:
        return self.occurrence.reading

    @property
    def reason(self) -> str:
        return self.occurrence.reason

    @property
    def condition(self) -> str | None:
        return self.occurrence.condition

    @property
    def moved(self) -> bool:
        return self.occurrence.moved


@attrs.frozen
class UndatedDuty:
    """A duty the schedule cannot date: no date in the text, or counted from an event."""

    duty: ReportingDuty = attrs.field(repr=_duty_repr)
    year: int | None
    why: str


@attrs.frozen
class Schedule(Displayable):
    """The due dates of a plan in a window, and the duties in it that have no date."""

    plan_id: str
    start: dt.date
    end: dt.date
    entries: tuple[DueDate, ...]
    undated: tuple[UndatedDuty, ...] = ()

    def __iter__(self) -> Iterator[DueDate]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def _plan_years(plan: Plan, first: int, last: int) -> range:
    p = plan.document.period
    lo = max(first, p.start)
    hi = last if p.end is None else min(last, p.end)
    return range(lo, hi + 1)


def _in_year(dm: DayMonth, year: int) -> dt.date:
    import calendar as stdcal

    last = stdcal.monthrange(year, dm.month)[1]
    return dt.date(year, dm.month, min(dm.day, last))


def _occurrences(plan: Plan, duty: ReportingDuty, first: int, last: int,
                 evaluation_years: Collection[int] | None
                 ) -> list[tuple[int, dt.date, str | None]]:
    """(year, stated date, condition) of a dated duty between two years."""
    due, r = duty.due, duty.recurrence
    if due.kind is DueKind.FIXED_DATE and due.date is not None:
        return [(due.date.year, due.date, None)] if first <= due.date.year <= last else []
    if due.kind is not DueKind.DAY_MONTH:
        return []
    period = plan.document.period
    condition: str | None = None
    if r is Recurrence.MID_TERM and duty.after_years is not None:
        years: Iterable[int] = [y for y in (period.start + duty.after_years,)
                                if first <= y <= last]
    elif r is Recurrence.END_OF_PERIOD:
        years = [period.end] if period.end is not None and first <= period.end <= last else []
    else:
        years = _plan_years(plan, first, last)
        if r is Recurrence.EVALUATION_YEAR:
            if evaluation_years is None:
                condition = ("only in an evaluation year, which the plan does not list "
                             "(QĐ 06/QĐ-TTg Điều 4: NOT FOUND)")
            else:
                years = [y for y in years if y in evaluation_years]
    return [(y, _in_year(dm, y), condition) for y in years for dm in due.day_months]


def _undated(plan: Plan, duty: ReportingDuty, first: int, last: int) -> list[UndatedDuty]:
    due, r = duty.due, duty.recurrence
    period = plan.document.period
    if due.kind is DueKind.AFTER_EVENT:
        if not _plan_years(plan, first, last):
            return []
        return [UndatedDuty(duty, None, f"due {due.text()}: give the event's date")]
    if due.kind is not DueKind.UNSTATED:
        return []
    why = f"no date in the text ({due.text_vi!r})"
    if r is Recurrence.MID_TERM and duty.after_years is not None:
        y = period.start + duty.after_years
        return [UndatedDuty(duty, y, f"mid-term, after {duty.after_years} years of the "
                            f"period {period}: {why}")] if first <= y <= last else []
    if r is Recurrence.END_OF_PERIOD:
        if period.end is None or not first <= period.end <= last:
            return []
        return [UndatedDuty(duty, period.end, f"at the end of the period {period}: {why}")]
    if r in (Recurrence.YEARLY, Recurrence.SIX_MONTHLY, Recurrence.EVALUATION_YEAR):
        return [UndatedDuty(duty, y, f"{r.value}: {why}") for y in _plan_years(plan, first, last)]
    if not _plan_years(plan, first, last):
        return []
    return [UndatedDuty(duty, None, f"{r.value}: {why}")]


def schedule(plan: Plan, start: int | dt.date, end: dt.date | None = None, *,
             calendar: WorkingCalendar | None = None, reading: Reading | None = None,
             evaluation_years: Collection[int] | None = None,
             units: Mapping[AdminLevel, Sequence[str]] | None = None,
             events: Mapping[str, dt.date] | None = None) -> Schedule:
    """Every concrete due date of ``plan`` in a year (``schedule(plan, 2023)``) or between
    two dates (``schedule(plan, start, end)``, both included, by the stated date).

    ``reading`` replaces :data:`DEFAULT_READING` for rules that do not fix their own.
    ``evaluation_years`` lists the years in which "năm đánh giá" duties apply (when None,
    they are listed every year with a ``condition``). ``units`` names the units behind a
    reporter that stands for every unit of a level (``{AdminLevel.COMMUNE: [...]}``): one
    due date per unit; without it the reporter is listed once, by its verbatim name.
    ``events`` gives the day of the event that starts a duty counted from an event (by
    duty id): its period is counted by Bộ luật Dân sự 2015 Điều 147 (the event's day is
    not counted); without it the duty is listed as undated.
    """
    from .calendar import default_calendar

    if isinstance(start, int) and not isinstance(start, bool):
        if end is not None:
            raise ValidationError("schedule(plan, year) takes no end date")
        lo, hi = dt.date(start, 1, 1), dt.date(start, 12, 31)
    elif isinstance(start, dt.date) and isinstance(end, dt.date):
        lo, hi = start, end
        if hi < lo:
            raise ValidationError(f"end {hi.isoformat()} is before start {lo.isoformat()}")
    else:
        raise ValidationError("schedule(plan, year) or schedule(plan, start_date, end_date)")
    cal = calendar if calendar is not None else default_calendar()
    default = reading if reading is not None else DEFAULT_READING
    found: list[tuple[Occurrence, Sequence[str]]] = []
    undated: list[UndatedDuty] = []
    for duty in plan.duties:
        event = (events or {}).get(duty.id)
        if event is not None and duty.due.kind is DueKind.AFTER_EVENT:
            occ = _after_event(duty, event, cal)
            if lo <= occ.stated <= hi:
                found.append((occ, _names(duty, units)))
            continue
        undated.extend(_undated(plan, duty, lo.year, hi.year))
        rule_reading = duty.due.reading or default
        names = _names(duty, units)
        for year, stated, condition in _occurrences(plan, duty, lo.year, hi.year,
                                                    evaluation_years):
            if not lo <= stated <= hi:
                continue
            raw = last_on_time_day(stated, rule_reading)
            adjusted, reason = adjust(raw, duty.due.holiday_policy, cal)
            found.append((Occurrence(duty, year, stated, raw, adjusted, rule_reading, reason,
                                     condition), names))
    found.sort(key=lambda o: (o[0].adjusted, o[0].duty.id))
    entries = [DueDate(occ, name) for occ, names in found for name in names]
    return Schedule(plan.id, lo, hi, tuple(entries), tuple(undated))


def _names(duty: ReportingDuty,
           units: Mapping[AdminLevel, Sequence[str]] | None) -> Sequence[str]:
    names: Sequence[str] = (duty.reporter.name_vi,)
    if units is not None and duty.reporter.every is not None:
        names = units.get(duty.reporter.every, names)
    return names


def _after_event(duty: ReportingDuty, event: dt.date, cal: WorkingCalendar) -> Occurrence:
    due = duty.due
    assert due.amount is not None and due.unit is not None
    if due.unit is PeriodUnit.HOURS:
        raise ValidationError(f"duty {duty.id!r} counts hours: a schedule lists days only")
    if due.unit is PeriodUnit.WORKING_DAYS:
        end = cal.add_working_days(event, due.amount)
        why = (f"{due.amount} working days after {event.isoformat()} (Bộ luật Dân sự 2015 "
               "Điều 147: the event's day is not counted)")
        return Occurrence(duty, end.year, end, end, end, None, why)
    if due.unit is PeriodUnit.DAYS:
        raw = event + dt.timedelta(days=due.amount)
    else:
        from dateutil.relativedelta import relativedelta

        raw = event + relativedelta(months=due.amount)
    adjusted, why = adjust(raw, due.holiday_policy, cal)
    why = (f"{due.amount} {due.unit.value} after {event.isoformat()} end {raw.isoformat()} "
           f"(Bộ luật Dân sự 2015 Điều 147–148); {why}")
    return Occurrence(duty, raw.year, raw, raw, adjusted, None, why)


# --- checks -----------------------------------------------------------------------------------


def _check_years(plan: Plan) -> range:
    p = plan.document.period
    return p.years(until=p.start + 4) if p.end is None else p.years()


def _dated(duty: ReportingDuty) -> bool:
    return duty.due.kind in (DueKind.FIXED_DATE, DueKind.DAY_MONTH)


def _who(duty: ReportingDuty) -> str:
    to = f" → {duty.recipient.name_vi}" if duty.recipient is not None else ""
    return f"{duty.reporter.name_vi}{to}"


def _where(duty: ReportingDuty) -> str:
    return f"duties[{duty.id}]"


def _sec(duty: ReportingDuty) -> str:
    return f"section {duty.section}" if duty.section else f"duty {duty.id}"


def check(plan: Plan, *, calendar: WorkingCalendar | None = None,
          min_gap: int = DEFAULT_MIN_GAP) -> list[Anomaly]:
    """Anomalies in a plan's reporting deadlines.

    * ``deadline.conflict``: the same report given two different deadlines;
    * ``deadline.chain-after``: a report due on or after the report it feeds;
    * ``deadline.chain-tight``: due fewer than ``min_gap`` working days before it;
    * ``deadline.before-issue``: a deadline earlier than the plan's own issue date.
    """
    from .calendar import default_calendar

    cal = calendar if calendar is not None else default_calendar()
    out: list[Anomaly] = []
    duties = list(plan.duties)
    by_report: dict[str, list[ReportingDuty]] = {}
    for d in duties:
        by_report.setdefault(d.report, []).append(d)
    out.extend(_conflicts(by_report))
    out.extend(_chains(plan, duties, by_report, cal, min_gap))
    out.extend(_before_issue(plan, duties))
    return out


def _conflicts(by_report: dict[str, list[ReportingDuty]]) -> list[Anomaly]:
    out: list[Anomaly] = []
    for report, group in by_report.items():
        dated = [d for d in group if _dated(d)]
        for i, a in enumerate(dated):
            for b in dated[i + 1:]:
                if (a.due.kind, a.due.date, a.due.day_months) == (
                        b.due.kind, b.due.date, b.due.day_months):
                    continue
                out.append(Anomaly(
                    "deadline.conflict", _where(b),
                    f"{a.due.text_vi} ({_sec(a)}) / {b.due.text_vi} ({_sec(b)})",
                    f"the same report ({report}: {_who(b)}) is due {a.due.text()} in "
                    f"{_sec(a)} but {b.due.text()} in {_sec(b)}",
                    Severity.ERROR,
                ))
    return out


def _due_in(plan: Plan, duty: ReportingDuty, year: int,
            cal: WorkingCalendar) -> list[dt.date]:
    got = []
    for _, stated, _c in _occurrences(plan, duty, year, year, None):
        raw = last_on_time_day(stated, duty.due.reading or DEFAULT_READING)
        got.append(adjust(raw, duty.due.holiday_policy, cal)[0])
    return got


def _chains(plan: Plan, duties: list[ReportingDuty], by_report: dict[str, list[ReportingDuty]],
            cal: WorkingCalendar, min_gap: int) -> list[Anomaly]:
    out: list[Anomaly] = []
    years = _check_years(plan)
    for low in duties:
        if not _dated(low):
            continue
        for target in low.feeds:
            for up in by_report.get(target, []):
                if not _dated(up) or up.report == low.report:
                    continue
                after: list[str] = []
                tight: list[str] = []
                for y in years:
                    for dl in _due_in(plan, low, y, cal):
                        for du in _due_in(plan, up, y, cal):
                            if dl >= du:
                                after.append(f"{dl.isoformat()} ≥ {du.isoformat()}")
                            elif cal.working_days_between(dl, du) < min_gap:
                                tight.append(f"{dl.isoformat()} → {du.isoformat()}")
                text = f"{low.due.text_vi} ({_sec(low)}) → {up.due.text_vi} ({_sec(up)})"
                if after:
                    out.append(Anomaly(
                        "deadline.chain-after", _where(low), text,
                        f"{_who(low)} feeds report {target} ({_who(up)}), but is not due "
                        f"before it: {', '.join(after)}", Severity.ERROR))
                if tight:
                    out.append(Anomaly(
                        "deadline.chain-tight", _where(low), text,
                        f"{_who(low)} feeds report {target} ({_who(up)}) with fewer than "
                        f"{min_gap} working days to compile it: {', '.join(tight)}",
                        Severity.INFO))
    return out


def _before_issue(plan: Plan, duties: list[ReportingDuty]) -> list[Anomaly]:
    issued = plan.document.issued.value
    if issued is None:
        return []
    out: list[Anomaly] = []
    for d in duties:
        if d.due.kind is DueKind.FIXED_DATE and d.due.date is not None:
            last = last_on_time_day(d.due.date, d.due.reading or DEFAULT_READING)
            if last < issued.earliest():
                out.append(Anomaly(
                    "deadline.before-issue", _where(d), d.due.text_vi,
                    f"due {last.isoformat()}, before the plan was issued ({issued.iso()})",
                    Severity.ERROR))
            elif issued.earliest() != issued.latest() and last <= issued.latest():
                out.append(Anomaly(
                    "deadline.before-issue", _where(d), d.due.text_vi,
                    f"due {last.isoformat()}, possibly before the plan was issued "
                    f"({issued.iso()}, known only to the {issued.precision.value})",
                    Severity.WARNING))
        elif d.due.kind is DueKind.DAY_MONTH:
            first = plan.document.period.start
            for _, stated, _c in _occurrences(plan, d, first, first, None):
                last = last_on_time_day(stated, d.due.reading or DEFAULT_READING)
                if last < issued.earliest():
                    out.append(Anomaly(
                        "deadline.before-issue", _where(d), d.due.text_vi,
                        f"the first deadline of the period, {last.isoformat()}, is before "
                        f"the plan was issued ({issued.iso()}): it cannot be met in {first}",
                        Severity.INFO))
    return out


# --- agencies (optional) ----------------------------------------------------------------------


def resolve_agency(party: Party, place: str | None = None) -> Any | None:
    """The registry agency a party names, when the agency registry knows it.

    Optional: returns None when the registry module is not available, when the name
    stands for every unit of a level, or when the registry does not know the name.
    Reporters and recipients always stay verbatim names in the data.

    >>> resolve_agency(Party("Sở LĐTBXH", "Department of Labour"), place="hue")
    Agency(kind='so-ldtbxh', place='hue')
    """
    if party.every is not None:
        return None
    import importlib

    from .errors import ChildProtectError

    try:
        agencies = importlib.import_module(f"{__package__}.agencies")
    except ImportError:  # pragma: no cover - the registry ships with the library
        return None
    resolve = getattr(agencies, "resolve", None)
    if resolve is None:  # pragma: no cover
        return None
    try:
        return resolve(party.name_vi, place=place)
    except (ChildProtectError, TypeError):
        return None


# --- iCalendar --------------------------------------------------------------------------------


def _ics_escape_id(text: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-.") else "-" for c in text)


def to_ics(sched: Schedule, *, dtstamp: dt.datetime) -> bytes:
    """An iCalendar (RFC 5545) file with one all-day event per due date.

    Needs the ``icalendar`` package (``pip install childprotect[ics]``). ``dtstamp`` is
    the creation moment written into every event (RFC 5545 §3.8.7.2), in UTC.
    """
    try:
        import icalendar
    except ImportError:  # pragma: no cover - exercised only without the extra
        from .errors import ChildProtectError

        raise ChildProtectError(
            "the ics format needs the icalendar package: pip install 'childprotect[ics]'"
        ) from None
    if dtstamp.tzinfo is None:
        raise ValidationError("dtstamp must be timezone-aware (UTC)")
    stamp = dtstamp.astimezone(dt.timezone.utc)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//childprotect//deadlines//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{sched.plan_id} {sched.start.isoformat()}–{sched.end.isoformat()}")
    for n, e in enumerate(sched.entries):
        ev = icalendar.Event()
        uid = _ics_escape_id(f"{sched.plan_id}.{e.duty.id}.{e.stated.isoformat()}.{n}")
        ev.add("uid", f"{uid}@childprotect")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", e.adjusted)
        ev.add("dtend", e.adjusted + _ONE)
        ev.add("transp", "TRANSPARENT")
        who = e.reporter + (f" → {e.duty.recipient.name_vi}" if e.duty.recipient else "")
        ev.add("summary", f"Hạn báo cáo: {e.duty.content_vi} ({who})")
        lines = [
            f"{e.duty.content_en}",
            f"Reporter: {e.reporter}",
            f"Recipient: {e.duty.recipient.name_vi if e.duty.recipient else 'not stated'}",
        ]
        if e.duty.via is not None:
            lines.append(f"Via: {e.duty.via.name_vi}")
        lines += [
            f"Text: {e.duty.text_vi}",
            f"Stated: {e.stated.isoformat()}; last on-time day "
            f"({(e.reading or DEFAULT_READING).value} reading): {e.raw.isoformat()}; "
            f"adjusted: {e.adjusted.isoformat()}",
            f"{e.reason}",
            f"Plan {sched.plan_id}, {_sec(e.duty)}",
        ]
        if e.condition:
            lines.append(f"Condition: {e.condition}")
        ev.add("description", "\n".join(lines))
        ev.add("categories", ["childprotect", sched.plan_id])
        cal.add_component(ev)
    data: bytes = cal.to_ical()
    return data


_ONE = dt.timedelta(days=1)

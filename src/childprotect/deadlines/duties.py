"""Reporting duties as plans state them, and the day each deadline falls on.

A plan says "định kỳ hàng năm trước ngày 30/11 báo cáo UBND tỉnh … thông qua Sở LĐTBXH".
That is a :class:`ReportingDuty`: a reporter, a recipient, a "via" agency, the content, a
:class:`Recurrence` and a :class:`DueRule`. :mod:`childprotect.deadlines.schedules` turns a
plan's duties into concrete dates; :mod:`childprotect.deadlines.checks` finds deadlines
that cannot work together; which units reported on time is
:mod:`childprotect.deadlines.timeliness`.

Two readings of "trước ngày 30/11" exist: *exclusive* (the last on-time day is 29/11, the
literal meaning of "trước", before) and *inclusive* (30/11 itself is on time). The default
is :data:`DEFAULT_READING` (exclusive: literal, and on the safe side for the reporter); a
rule may say otherwise, and so may the caller of ``schedule``. A last day that is not a
working day then moves as the rule's :class:`HolidayPolicy` says: forward to the end of
the next working day by default (Bộ luật Dân sự 2015 Điều 148 k.5).

>>> last_on_time_day(dt.date(2025, 11, 30), Reading.EXCLUSIVE)
datetime.date(2025, 11, 29)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from childprotect.agencies.functions import Function
from childprotect.documents.document import AdminLevel, Document
from childprotect.errors import ChildProtectError, ValidationError
from childprotect.i18n import Message
from childprotect.text.dates import DayMonth
from childprotect.text.validators import non_empty_text, optional_text
from childprotect.text.vntext import nfc

if TYPE_CHECKING:
    from childprotect.deadlines.calendar import WorkingCalendar

__all__ = [
    "DEFAULT_MIN_GAP",
    "DEFAULT_READING",
    "DueKind",
    "DueRule",
    "HolidayPolicy",
    "Party",
    "PeriodUnit",
    "Reading",
    "Recurrence",
    "ReportingDuty",
    "adjust",
    "end_of_period",
    "last_on_time_day",
    "period_end",
    "resolve_agency",
]


class Plan(Protocol):
    """What the functions here read of a plan (:class:`childprotect.plans.Plan` has it):
    its id, its document (period and issue date) and its reporting duties."""

    @property
    def id(self) -> str: ...

    @property
    def document(self) -> Document: ...

    @property
    def duties(self) -> Sequence[ReportingDuty]: ...


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

_ONE = dt.timedelta(days=1)

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
                raise ValidationError(Message("a {k} due rule needs {name} ({text_vi})",
                                              k=k.value, name=name, text_vi=repr(self.text_vi)))
            if name not in need and present:
                raise ValidationError(
                    Message("a {k} due rule takes no {name} ({text_vi})", k=k.value, name=name,
                            text_vi=repr(self.text_vi)))
        if self.amount is not None and (type(self.amount) is not int or self.amount < 0):
            raise ValidationError(Message("amount must be a non-negative int, got {amount}",
                                          amount=repr(self.amount)))
        if self.reading is not None and k not in (DueKind.FIXED_DATE, DueKind.DAY_MONTH):
            raise ValidationError(Message("reading applies to dates only, not to a {k} rule",
                                          k=k.value))

    def text(self) -> str:
        """The rule in short form: ``30/11``, ``20/06/2021``, ``5 working-days after …``."""
        if self.kind is DueKind.FIXED_DATE and self.date is not None:
            return self.date.strftime("%d/%m/%Y")
        if self.kind is DueKind.DAY_MONTH:
            return ", ".join(d.text() for d in self.day_months)
        if self.kind is DueKind.AFTER_EVENT:
            return Message("{amount} {unit} after {event}", amount=self.amount,
                           unit=self.unit.value if self.unit else "",
                           event=self.event_vi).text()
        return Message("no date stated").text()


@attrs.frozen
class ReportingDuty:
    """A report some agency owes another, with when it is due.

    ``report`` names the report itself: two duties with the same ``report`` are the same
    report (stated in two places), and ``feeds`` lists the reports this one is an input to
    (districts → department → province), so that :func:`check` can compare them.
    ``function`` says what the report is about where a body named was later split; None
    means child affairs (:data:`childprotect.deadlines.holders.DEFAULT_FUNCTION`), so that
    a Sở LĐTBXH report of a child-protection plan is Sở Y tế's today.
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
    function: Function | None = None

    def __attrs_post_init__(self) -> None:
        r, k = self.recurrence, self.due.kind
        where = Message("duty {duty}", duty=repr(self.id))
        if (r is Recurrence.MID_TERM) != (self.after_years is not None):
            raise ValidationError(Message("{where}: after_years is given exactly for a mid-term "
                                          "report", where=where))
        if self.after_years is not None and (type(self.after_years) is not int
                                             or self.after_years < 1):
            raise ValidationError(Message("{where}: after_years must be a positive int",
                                          where=where))
        if k is DueKind.FIXED_DATE and r is not Recurrence.ONCE:
            raise ValidationError(Message("{where}: a fixed date goes with a report due once",
                                          where=where))
        if k is DueKind.AFTER_EVENT and r not in (Recurrence.AS_NEEDED, Recurrence.ONCE):
            raise ValidationError(Message("{where}: a period after an event goes with "
                                          "once/as-needed", where=where))
        if k is DueKind.DAY_MONTH and r in (Recurrence.ONCE, Recurrence.AS_NEEDED,
                                            Recurrence.UNSTATED):
            raise ValidationError(Message("{where}: a day-month rule needs a recurring report",
                                          where=where))
        if self.report in self.feeds:
            raise ValidationError(Message("{where}: report {report} cannot feed itself",
                                          where=where, report=repr(self.report)))


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
           calendar: WorkingCalendar) -> tuple[dt.date, Message]:
    """Apply a holiday policy to a last day: the adjusted day and why it moved (or not).

    >>> from childprotect.deadlines.calendar import WorkingCalendar
    >>> adjust(dt.date(2025, 11, 29), HolidayPolicy.FORWARD, WorkingCalendar())[0]
    datetime.date(2025, 12, 1)
    """
    why = calendar.why_not_working_words(day)
    if why is None:
        return day, Message("{day} is a working day: not moved", day=day)
    if policy is HolidayPolicy.FORWARD:
        new = calendar.next_working_day(day)
        return new, Message("{day} is not a working day ({why}): moved forward to the next "
                            "working day, {new} ({rule})", day=day, why=why, new=new,
                            rule=_BLDS_148_5)
    if policy is HolidayPolicy.BACK:
        new = calendar.previous_working_day(day)
        return new, Message("{day} is not a working day ({why}): moved back to the previous "
                            "working day, {new} (the rule's own policy)", day=day, why=why,
                            new=new)
    return day, Message("{day} is not a working day ({why}): not moved (policy none)",
                        day=day, why=why)


def period_end(start: dt.date, amount: int, unit: PeriodUnit, calendar: WorkingCalendar,
               policy: HolidayPolicy) -> tuple[dt.date, dt.date, Message | None]:
    """The period's last day as counted, as adjusted, and why it moved (None for working
    days, which are counted on the calendar and never move); see :func:`end_of_period`."""
    if unit is PeriodUnit.WORKING_DAYS:
        end = calendar.add_working_days(start, amount)
        return end, end, None
    if unit is PeriodUnit.DAYS:
        raw = start + dt.timedelta(days=amount)
    else:
        from dateutil.relativedelta import relativedelta

        raw = start + relativedelta(months=amount)
    end, why = adjust(raw, policy, calendar)
    return raw, end, why


def end_of_period(start: dt.date, amount: int, unit: PeriodUnit, calendar: WorkingCalendar,
                  policy: HolidayPolicy = HolidayPolicy.FORWARD) -> tuple[dt.date, Message]:
    """The last day of a period of ``amount`` ``unit`` counted from an event on ``start``.

    The event's day is not counted (Bộ luật Dân sự 2015 Điều 147 k.2–3); a period in
    months ends on the corresponding day, or the month's last day (Điều 148 k.3); a last
    day that is not a working day moves by ``policy`` (Điều 148 k.5 by default). Hours are
    not counted in days: use a moment plus a ``timedelta`` (Điều 147 k.1).

    >>> from childprotect.deadlines.calendar import WorkingCalendar
    >>> cal = WorkingCalendar()
    >>> end_of_period(dt.date(2025, 1, 24), 5, PeriodUnit.WORKING_DAYS, cal)[0]
    datetime.date(2025, 2, 7)
    >>> end_of_period(dt.date(2025, 1, 31), 1, PeriodUnit.MONTHS, cal)[0]
    datetime.date(2025, 2, 28)
    """
    if type(amount) is not int or amount < 0:
        raise ValidationError(Message("amount must be a non-negative int, got {amount}",
                                      amount=repr(amount)))
    if unit is PeriodUnit.HOURS:
        raise ValidationError(Message("a period in hours runs from a moment: add a timedelta to "
                                      "it"))
    raw, end, why = period_end(start, amount, unit, calendar, policy)
    if why is None:
        return end, Message("{amount} working days after {start} (Điều 147: the first day is "
                            "not counted)", amount=amount, start=start)
    if unit is PeriodUnit.DAYS:
        return end, Message("{amount} days after {start} ends {end}; {why}", amount=amount,
                            start=start, end=raw, why=why)
    return end, Message("{amount} months after {start} ends {end}; {why}", amount=amount,
                        start=start, end=raw, why=why)


# --- agencies (optional) ----------------------------------------------------------------------


def resolve_agency(party: Party, place: str | None = None) -> Any | None:
    """The registry agency a party names, when the agency registry knows it.

    Returns None when the name stands for every unit of a level, or when the registry
    does not know the name.
    Reporters and recipients always stay verbatim names in the data.

    >>> resolve_agency(Party("Sở LĐTBXH", "Department of Labour"), place="hue")
    Agency(kind='so-ldtbxh', place='hue')
    """
    if party.every is not None:
        return None
    from childprotect.agencies.registry import resolve

    try:
        return resolve(party.name_vi, place=place)
    except ChildProtectError:
        return None

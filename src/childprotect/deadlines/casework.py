"""Case-management clocks of Nghị định 56/2017/NĐ-CP, Chương III (and Điều 43).

The steps and their time limits are data (``data/casework/nd56-2017.json``, verbatim
with their articles). From the moment a report was received, :func:`due_moments` gives
each step's due moment; from the moments the steps were done, :func:`lateness` says
which were late and by how much. Hours run on the clock from the moment (Bộ luật Dân sự
2015 Điều 147 k.1); days and months exclude the first day (Điều 147 k.2) and end at
24:00 of the last day (Điều 148 k.6); working days follow the working calendar.

Where the decree names no start event (Điều 28's "05 ngày làm việc") the caller gives
it in ``starts``; where it sets no limit (Điều 30's review) the step says so.

>>> import datetime as dt
>>> got = {d.step.id: d for d in due_moments(dt.datetime(2025, 11, 28, 16, 30),
...        starts={"plan-drafted": dt.date(2025, 11, 28)})}
>>> got["emergency-intervention"].due_at
datetime.datetime(2025, 11, 29, 4, 30)
>>> got["plan-drafted"].due_by
datetime.date(2025, 12, 5)
>>> got["plan-approved"].explanation  # doctest: +ELLIPSIS
'start not stated in the text (...): give it in starts'
>>> got["review"].explanation  # doctest: +ELLIPSIS
'no time limit in the text ...'
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

import attrs

from childprotect.data import Fields, build, read_json
from childprotect.deadlines.duties import HolidayPolicy, PeriodUnit, end_of_period
from childprotect.errors import UnknownName, ValidationError
from childprotect.i18n import Message
from childprotect.text.validators import non_empty_text
from childprotect.text.vntext import nfc

if TYPE_CHECKING:
    from childprotect.deadlines.calendar import WorkingCalendar

__all__ = [
    "CaseStep",
    "Limit",
    "Start",
    "StepDue",
    "StepLateness",
    "due_moments",
    "lateness",
    "repeats",
    "step",
    "steps",
]

_DATA = "casework/nd56-2017.json"


class Limit(enum.Enum):
    """The kind of time limit a step has."""

    IMMEDIATELY = "immediately"  # "ngay": no number in the text
    HOURS = "hours"
    DAYS = "days"
    WORKING_DAYS = "working-days"
    MONTHS = "months"
    NONE = "none"  # the text sets no limit


class Start(enum.Enum):
    """What starts a step's clock."""

    RECEIVED = "received"  # the receipt of the information (the case's received-at moment)
    CALLER = "caller"  # the text does not say, or names an event only the caller knows


_UNITS = {Limit.DAYS: PeriodUnit.DAYS, Limit.WORKING_DAYS: PeriodUnit.WORKING_DAYS,
          Limit.MONTHS: PeriodUnit.MONTHS}


@attrs.frozen
class CaseStep:
    """One step of the process with its time limit, verbatim text and ``source`` (article)."""

    id: str = attrs.field(validator=non_empty_text)
    source: str = attrs.field(validator=non_empty_text)
    text_vi: str = attrs.field(converter=nfc, validator=non_empty_text)
    label_en: str = attrs.field(validator=non_empty_text)
    actor_vi: str = attrs.field(converter=nfc, validator=non_empty_text)
    limit: Limit
    start: Start
    amount: int | None = None
    start_hint_en: str | None = None
    except_emergency: bool = False
    maximum: bool = False
    repeat: bool = False
    holiday_policy: HolidayPolicy = HolidayPolicy.FORWARD
    form: str | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        counted = self.limit not in (Limit.IMMEDIATELY, Limit.NONE)
        if counted != (self.amount is not None):
            raise ValidationError(Message("step {id}: amount is given exactly for a counted "
                                          "limit ({limit})", id=repr(self.id),
                                          limit=self.limit.value))
        if self.amount is not None and (type(self.amount) is not int or self.amount < 1):
            raise ValidationError(Message("step {id}: amount must be a positive int",
                                          id=repr(self.id)))
        if self.repeat and self.limit is not Limit.MONTHS:
            raise ValidationError(Message("step {id}: only a period in months repeats",
                                          id=repr(self.id)))


@attrs.frozen
class _StepsFile:
    description_en: str
    source: str
    steps: tuple[CaseStep, ...]


def _step(f: Fields) -> CaseStep:
    return CaseStep(
        id=f.text("id"), source=f.text("source"), text_vi=f.text("text_vi"),
        label_en=f.text("label_en"), actor_vi=f.text("actor_vi"),
        limit=f.choice("limit", Limit), start=f.choice("start", Start),
        amount=f.optional_integer("amount"),
        start_hint_en=f.optional_text("start_hint_en"),
        except_emergency=f.flag("except_emergency", False), maximum=f.flag("maximum", False),
        repeat=f.flag("repeat", False),
        holiday_policy=f.choice("holiday_policy", HolidayPolicy, HolidayPolicy.FORWARD),
        form=f.optional_text("form"), note=f.optional_text("note"),
    )


def _steps_file(f: Fields) -> _StepsFile:
    return _StepsFile(description_en=f.text("description_en"), source=f.text("source"),
                      steps=f.objects("steps", _step))


@lru_cache(maxsize=1)
def steps() -> tuple[CaseStep, ...]:
    """Every step of the process, in the decree's order.

    >>> [s.id for s in steps()][:3]
    ['notify', 'forward', 'initial-assessment']
    """
    got = build(read_json(_DATA), f"data/{_DATA}", _steps_file).steps
    ids = [s.id for s in got]
    if len(set(ids)) != len(ids):
        raise ValidationError(Message("{data}: duplicate step ids", data=_DATA))
    return got


def step(step_id: str) -> CaseStep:
    """The step with this id.

    >>> step("plan-approved").amount
    2
    """
    for s in steps():
        if s.id == step_id:
            return s
    raise UnknownName("case step", step_id, [s.id for s in steps()][:5])


def _step_repr(s: CaseStep) -> str:
    return s.id


@attrs.frozen
class StepDue:
    """When one step is due, or why that cannot be said.

    ``due_at`` is a moment (limits in hours); ``due_by`` a last day, which ends at 24:00
    (limits in days, working days or months). Both are None when the text sets no
    number, no start was given, or the limit does not apply (an emergency).
    """

    step: CaseStep = attrs.field(repr=_step_repr)
    start: dt.datetime | dt.date | None
    due_at: dt.datetime | None
    due_by: dt.date | None
    explanation: str
    applies: bool = True

    def deadline_moment(self, tz: dt.tzinfo | None = None) -> dt.datetime | None:
        """The moment the step is due: ``due_at``, or the end (24:00) of ``due_by``."""
        if self.due_at is not None:
            return self.due_at
        if self.due_by is not None:
            return dt.datetime.combine(self.due_by + dt.timedelta(days=1), dt.time(0), tz)
        return None


def _as_date(x: dt.datetime | dt.date) -> dt.date:
    return x.date() if isinstance(x, dt.datetime) else x


def due_moments(received_at: dt.datetime, *,
                starts: Mapping[str, dt.datetime | dt.date] | None = None,
                emergency: bool = False,
                calendar: WorkingCalendar | None = None) -> tuple[StepDue, ...]:
    """Each step's due moment for a case whose information was received at ``received_at``.

    ``starts`` gives the start of the steps whose start the text does not name (by step
    id). ``emergency`` marks an emergency case: Điều 28's limits ("trừ trường hợp khẩn
    cấp") then do not apply, and the text sets none in their place.
    """
    from childprotect.deadlines.calendar import default_calendar

    if not isinstance(received_at, dt.datetime):
        raise ValidationError(Message("received_at must be a date and time, got {received_at}",
                                      received_at=repr(received_at)))
    given = dict(starts or {})
    known = {s.id for s in steps()}
    unknown = sorted(set(given) - known)
    if unknown:
        raise UnknownName("case step", unknown[0], sorted(known)[:5])
    cal = calendar if calendar is not None else default_calendar()
    out: list[StepDue] = []
    for s in steps():
        start: dt.datetime | dt.date | None = (
            received_at if s.start is Start.RECEIVED else given.get(s.id))
        if s.id in given:
            start = given[s.id]
        out.append(_due(s, start, emergency, cal))
    return tuple(out)


def _due(s: CaseStep, start: dt.datetime | dt.date | None, emergency: bool,
         cal: WorkingCalendar) -> StepDue:
    if s.except_emergency and emergency:
        return StepDue(s, start, None, None, Message("does not apply in an emergency ('trừ "
                                                     "trường hợp khẩn cấp'); the text sets no "
                                                     "other limit").text(), False)
    if s.limit is Limit.NONE:
        return StepDue(s, start, None, None,
                       Message("no time limit in the text ({source}); nothing to be late for",
                               source=s.source).text())
    if s.limit is Limit.IMMEDIATELY:
        return StepDue(s, start, None, None,
                       Message("'ngay' (immediately, {source}): the text sets no number of hours",
                               source=s.source).text())
    if start is None:
        return StepDue(s, None, None, None, (
            Message("start not stated in the text ({hint}): give it in starts",
                    hint=s.start_hint_en) if s.start_hint_en else
            Message("start not stated in the text: give it in starts")).text())
    assert s.amount is not None
    if s.limit is Limit.HOURS:
        if not isinstance(start, dt.datetime):
            raise ValidationError(Message("step {id} counts hours: its start must be a date and "
                                          "time, got {start}", id=repr(s.id), start=repr(start)))
        due_at = start + dt.timedelta(hours=s.amount)
        return StepDue(s, start, due_at, None,
                       Message("{amount} hours from {start} (Bộ luật Dân sự 2015 Điều 147 "
                               "k.1), {source}", amount=s.amount, start=start,
                               source=s.source).text())
    last, why = end_of_period(_as_date(start), s.amount, _UNITS[s.limit], cal,
                              s.holiday_policy)
    crossed = cal.uncertain_days(_as_date(start) + dt.timedelta(days=1), last)
    if crossed:  # the count depends on days no official notice has fixed
        from childprotect.deadlines.calendar import uncertain_note

        why = Message("{why}; {note}", why=why, note=uncertain_note(crossed))
    return StepDue(s, start, None, last, (
        Message("at most until the end of {day}: {why}; {source}", day=last, why=why,
                source=s.source) if s.maximum else
        Message("by the end of {day}: {why}; {source}", day=last, why=why,
                source=s.source)).text())


def repeats(due: StepDue, until: dt.date, calendar: WorkingCalendar | None = None
            ) -> list[dt.date]:
    """The last days of a repeating step (every 6 months …) from its start until ``until``.

    >>> d = {x.step.id: x for x in due_moments(dt.datetime(2024, 1, 31, 9),
    ...      starts={"alt-care-report": dt.date(2024, 1, 31)})}["alt-care-report"]
    >>> [x.isoformat() for x in repeats(d, dt.date(2025, 8, 1))]  # 31/01/2025 is in Tết
    ['2024-07-31', '2025-02-03', '2025-07-31']
    """
    from childprotect.deadlines.calendar import default_calendar

    s = due.step
    if not s.repeat or due.start is None or s.amount is None:
        return [due.due_by] if due.due_by is not None and due.due_by <= until else []
    cal = calendar if calendar is not None else default_calendar()
    start = _as_date(due.start)
    out: list[dt.date] = []
    k = 1
    while True:
        last, _ = end_of_period(start, s.amount * k, PeriodUnit.MONTHS, cal, s.holiday_policy)
        if last > until:
            return out
        out.append(last)
        k += 1


@attrs.frozen
class StepLateness:
    """Whether one step was late, and by how much (None: it cannot be judged)."""

    due: StepDue
    done: dt.datetime | None
    late: bool | None
    by: dt.timedelta | None
    explanation: str

    @property
    def step(self) -> CaseStep:
        return self.due.step


def lateness(received_at: dt.datetime, done: Mapping[str, dt.datetime], *,
             starts: Mapping[str, dt.datetime | dt.date] | None = None,
             emergency: bool = False, on: dt.datetime | None = None,
             calendar: WorkingCalendar | None = None) -> tuple[StepLateness, ...]:
    """Which steps were late, from the moments they were done.

    A step not done is overdue when ``on`` (the moment of the assessment) is past its
    due moment, else not judged. Steps with no limit, no start or "ngay" are not judged.

    >>> r = lateness(dt.datetime(2025, 11, 28, 16, 30),
    ...              {"separation-decision": dt.datetime(2025, 11, 29, 6, 0)})
    >>> x = {s.step.id: s for s in r}["separation-decision"]
    >>> x.late, x.by
    (True, datetime.timedelta(seconds=5400))
    """
    known = {s.id for s in steps()}
    unknown = sorted(set(done) - known)
    if unknown:
        raise UnknownName("case step", unknown[0], sorted(known)[:5])
    out: list[StepLateness] = []
    for d in due_moments(received_at, starts=starts, emergency=emergency, calendar=calendar):
        when = done.get(d.step.id)
        tz = (when or received_at).tzinfo
        deadline = d.deadline_moment(tz)
        if deadline is None:
            out.append(StepLateness(d, when, None, None, Message("not judged: {explanation}",
                                                                 explanation=d.explanation).text()))
        elif when is not None:
            late = when > deadline
            out.append(StepLateness(d, when, late, when - deadline if late else None, (
                Message("late: {why}", why=d.explanation) if late else
                Message("on time: {why}", why=d.explanation)).text()))
        elif on is not None and on > deadline:
            out.append(StepLateness(d, None, True, on - deadline,
                                    Message("not done and overdue at {day}: {explanation}",
                                            day=on, explanation=d.explanation).text()))
        else:
            out.append(StepLateness(d, None, None, None, Message("not done yet: {explanation}",
                                                                 explanation=d.explanation).text()))
    return tuple(out)

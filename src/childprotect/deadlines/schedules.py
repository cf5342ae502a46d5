"""A plan's reporting duties as concrete due dates in a year or a date range, and iCalendar.

>>> from childprotect.formats import catalog
>>> plan = catalog.load("thua-thien-hue-208-2021")
>>> s = schedule(plan, 2025)
>>> [(e.duty.id, e.stated.isoformat(), e.raw.isoformat(), e.adjusted.isoformat())
...  for e in s if e.duty.id == "IV.1-b"]
[('IV.1-b', '2025-11-30', '2025-11-29', '2025-12-01')]
>>> print(s.entries[-1].reason)  # doctest: +ELLIPSIS
2025-12-04 is a working day: not moved

Each deadline names who holds its reporter and recipient on a date (``on``, or the due
date itself), beside the plan's own words:

>>> import datetime as dt
>>> today = {e.duty.id: e for e in schedule(plan, 2025, on=dt.date(2026, 12, 3))}
>>> today["IV.2-a"].occurrence.reporter_holding.text("en")
'Sở Y tế thành phố Huế (the plan names: Sở Lao động - Thương binh và Xã hội)'
>>> print(today["III.13-a"].occurrence.reporter_holding.text("en"))  # doctest: +ELLIPSIS
Ủy ban nhân dân cấp xã thuộc thành phố Huế or Ủy ban nhân dân thành phố Huế (the plan ...)

A deadline that moves past the date the text states says so, and which rule moved it:

>>> e = next(e for e in s if e.duty.id == "IV.1-b")
>>> e.past_stated, e.literal_last.isoformat()
(True, '2025-11-28')
>>> print(e.notes[0].text("en"))  # doctest: +ELLIPSIS
'trước ngày 2025-11-30' ends on 2025-11-29, not a working day (Saturday): ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from childprotect.deadlines.calendar import uncertain_note
from childprotect.documents.levels import AdminLevel
from childprotect.errors import ChildProtectError, ValidationError
from childprotect.i18n import Message, current, pick, render
from childprotect.tables.notebook import Displayable
from childprotect.text.dates import DayMonth

if TYPE_CHECKING:
    from childprotect.deadlines.calendar import CalendarDay, WorkingCalendar
    from childprotect.deadlines.holders import PartyHolding
from childprotect.deadlines.duties import (
    _ONE,
    DEFAULT_READING,
    DueKind,
    PeriodUnit,
    Plan,
    Reading,
    Recurrence,
    ReportingDuty,
    adjust,
    last_on_time_day,
    period_end,
)

__all__ = [
    "DueDate",
    "Occurrence",
    "Schedule",
    "UndatedDuty",
    "schedule",
    "to_ics",
]


# --- schedules --------------------------------------------------------------------------------


def _sec(duty: ReportingDuty) -> Message:
    """Where the plan states the duty: its section (or the duty's id when it has none)."""
    return (Message("section {section}", section=duty.section) if duty.section else
            Message("duty {duty}", duty=duty.id))


def _duty_repr(d: ReportingDuty) -> str:
    return d.id


@attrs.frozen
class Occurrence:
    """One concrete deadline of a duty: the date stated, read and adjusted.

    ``stated`` is the date the text names, ``raw`` the last on-time day after the
    inclusive/exclusive reading, ``adjusted`` that day after the holiday policy, and
    ``reason`` says why it moved (or that it did not). ``condition`` is set when the
    deadline applies only under a condition the plan does not settle.

    ``past_stated`` is True when the holiday policy moved a "trước ngày X" deadline to X
    or later; ``literal_last`` is then the last working day before X, and ``notes`` say
    so. ``uncertain`` lists the provisional or unverified calendar days the count crosses
    or lands on (``notes`` say so too). ``reporter_holding``, ``recipient_holding`` and
    ``via_holding`` say who holds each party on ``holders_on``.
    """

    duty: ReportingDuty = attrs.field(repr=_duty_repr)
    year: int
    stated: dt.date
    raw: dt.date
    adjusted: dt.date
    reading: Reading | None
    reason: str | Message
    condition: str | None = None
    past_stated: bool = attrs.field(default=False, kw_only=True)
    literal_last: dt.date | None = attrs.field(default=None, kw_only=True)
    uncertain: tuple[CalendarDay, ...] = attrs.field(default=(), kw_only=True)
    notes: tuple[Message, ...] = attrs.field(default=(), kw_only=True)
    holders_on: dt.date | None = attrs.field(default=None, kw_only=True)
    reporter_holding: PartyHolding | None = attrs.field(default=None, kw_only=True,
                                                        repr=False)
    recipient_holding: PartyHolding | None = attrs.field(default=None, kw_only=True,
                                                         repr=False)
    via_holding: PartyHolding | None = attrs.field(default=None, kw_only=True, repr=False)

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
    def reason(self) -> str | Message:
        return self.occurrence.reason

    @property
    def condition(self) -> str | None:
        return self.occurrence.condition

    @property
    def moved(self) -> bool:
        return self.occurrence.moved

    @property
    def past_stated(self) -> bool:
        return self.occurrence.past_stated

    @property
    def literal_last(self) -> dt.date | None:
        return self.occurrence.literal_last

    @property
    def notes(self) -> tuple[Message, ...]:
        return self.occurrence.notes

    @property
    def uncertain(self) -> tuple[CalendarDay, ...]:
        return self.occurrence.uncertain

    @property
    def reporter_now(self) -> str:
        """Who holds the reporter on ``occurrence.holders_on`` (names only), or the unit
        the reporter stands for."""
        return _now(self.occurrence.reporter_holding, self.reporter,
                    self.duty.reporter.name_vi)

    @property
    def recipient_now(self) -> str:
        """Who holds the recipient on ``occurrence.holders_on`` (names only; "" if none)."""
        r = self.duty.recipient
        return "" if r is None else _now(self.occurrence.recipient_holding, r.name_vi,
                                         r.name_vi)

    @property
    def why_moved(self) -> str:
        """Why the day moved and what the reader must know about it, in the current
        language ("" if it did not move and nothing is to be said)."""
        return "; ".join([render(self.reason, current())] * self.moved
                         + [n.text() for n in self.notes])


def _now(holding: PartyHolding | None, shown: str, named: str) -> str:
    if holding is None or shown != named or not holding.recognised:
        return shown
    return holding.holder_text("vi")


@attrs.frozen
class UndatedDuty:
    """A duty the schedule cannot date: no date in the text, or counted from an event.
    ``reporter_holding`` and ``recipient_holding`` say who holds them on ``holders_on``."""

    duty: ReportingDuty = attrs.field(repr=_duty_repr)
    year: int | None
    why: str | Message
    holders_on: dt.date | None = attrs.field(default=None, kw_only=True)
    reporter_holding: PartyHolding | None = attrs.field(default=None, kw_only=True,
                                                        repr=False)
    recipient_holding: PartyHolding | None = attrs.field(default=None, kw_only=True,
                                                         repr=False)

    @property
    def reporter_now(self) -> str:
        """Who holds the reporter on ``holders_on`` (names only)."""
        return _now(self.reporter_holding, self.duty.reporter.name_vi,
                    self.duty.reporter.name_vi)

    @property
    def recipient_now(self) -> str:
        """Who holds the recipient on ``holders_on`` (names only; "" if none)."""
        r = self.duty.recipient
        return "" if r is None else _now(self.recipient_holding, r.name_vi, r.name_vi)


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
                condition = Message("only in an evaluation year, which the plan does not list "
                                    "(QĐ 06/QĐ-TTg Điều 4: NOT FOUND)").text()
            else:
                years = [y for y in years if y in evaluation_years]
    return [(y, _in_year(dm, y), condition) for y in years for dm in due.day_months]


def _undated(plan: Plan, duty: ReportingDuty, first: int, last: int) -> list[UndatedDuty]:
    due, r = duty.due, duty.recurrence
    period = plan.document.period
    if due.kind is DueKind.AFTER_EVENT:
        if not _plan_years(plan, first, last):
            return []
        return [UndatedDuty(duty, None, Message("due {rule}: give the event's date",
                                                rule=due.text_vi))]
    if due.kind is not DueKind.UNSTATED:
        return []
    why = Message("no date in the text ({text})", text=repr(due.text_vi))
    if r is Recurrence.MID_TERM and duty.after_years is not None:
        y = period.start + duty.after_years
        return [UndatedDuty(duty, y, Message(
            "mid-term, after {years} years of the period {period}: {why}",
            years=duty.after_years, period=str(period), why=why))] if first <= y <= last else []
    if r is Recurrence.END_OF_PERIOD:
        if period.end is None or not first <= period.end <= last:
            return []
        return [UndatedDuty(duty, period.end, Message(
            "at the end of the period {period}: {why}", period=str(period), why=why))]
    recurrence = {Recurrence.YEARLY: Message("yearly", context="recurrence"),
                  Recurrence.SIX_MONTHLY: Message("every six months", context="recurrence"),
                  Recurrence.EVALUATION_YEAR: Message("in the evaluation year",
                                                      context="recurrence"),
                  Recurrence.AS_NEEDED: Message("as needed", context="recurrence"),
                  Recurrence.ONCE: Message("once", context="recurrence"),
                  Recurrence.UNSTATED: Message("as other rules say", context="recurrence")
                  }.get(r, r.value)
    if r in (Recurrence.YEARLY, Recurrence.SIX_MONTHLY, Recurrence.EVALUATION_YEAR):
        return [UndatedDuty(duty, y, Message("{recurrence}: {why}", recurrence=recurrence,
                                             why=why)) for y in _plan_years(plan, first, last)]
    if not _plan_years(plan, first, last):
        return []
    return [UndatedDuty(duty, None, Message("{recurrence}: {why}", recurrence=recurrence,
                                            why=why))]


def schedule(plan: Plan, start: int | dt.date, end: dt.date | None = None, *,
             calendar: WorkingCalendar | None = None, reading: Reading | None = None,
             evaluation_years: Collection[int] | None = None,
             units: Mapping[AdminLevel, Sequence[str]] | None = None,
             events: Mapping[str, dt.date] | None = None,
             on: dt.date | None = None) -> Schedule:
    """Every concrete due date of ``plan`` in a year (``schedule(plan, 2023)``) or between
    two dates (``schedule(plan, start, end)``, both included, by the stated date).

    ``reading`` replaces :data:`DEFAULT_READING` for rules that do not fix their own.
    ``evaluation_years`` lists the years in which "năm đánh giá" duties apply (when None,
    they are listed every year with a ``condition``). ``units`` names the units behind a
    reporter that stands for every unit of a level (``{AdminLevel.COMMUNE: [...]}``): one
    due date per unit; without it the reporter is listed once, by its verbatim name.
    ``events`` gives the day of the event that starts a duty counted from an event (by
    duty id): its period is counted by Bộ luật Dân sự 2015 Điều 147 (the event's day is
    not counted); without it the duty is listed as undated. ``on`` is the day on which the
    reporter, recipient and "via" agency of every deadline are named as their holders
    (:mod:`childprotect.deadlines.holders`); when None, each deadline names who holds them
    on its own due date, so that a 2027 deadline never names a body abolished in 2025.
    ``calendar`` defaults to :func:`~childprotect.deadlines.calendar.default_calendar`.
    """
    from childprotect.deadlines.calendar import default_calendar
    from childprotect.text.validators import check_year

    check_year(start.year if isinstance(start, dt.date) else start, Message("schedule year"))
    if end is not None:
        check_year(end.year, Message("schedule end"))

    if isinstance(start, int) and not isinstance(start, bool):
        if end is not None:
            raise ValidationError(Message("schedule(plan, year) takes no end date"))
        lo, hi = dt.date(start, 1, 1), dt.date(start, 12, 31)
    elif isinstance(start, dt.date) and isinstance(end, dt.date):
        lo, hi = start, end
        if hi < lo:
            raise ValidationError(Message("end {day} is before start {day2}",
                                          day=hi, day2=lo))
    else:
        raise ValidationError(Message("schedule(plan, year) or schedule(plan, start_date, "
                                      "end_date)"))
    cal = calendar if calendar is not None else default_calendar()
    default = reading if reading is not None else DEFAULT_READING
    found: list[tuple[Occurrence, Sequence[str]]] = []
    undated: list[UndatedDuty] = []
    for duty in plan.duties:
        event = (events or {}).get(duty.id)
        if event is not None and duty.due.kind is DueKind.AFTER_EVENT:
            occ = _after_event(duty, event, cal)
            if lo <= occ.stated <= hi:
                found.append((_with_holders(plan, occ, on), _names(duty, units)))
            continue
        undated.extend(_undated_held(plan, u, on if on is not None else hi)
                       for u in _undated(plan, duty, lo.year, hi.year))
        rule_reading = duty.due.reading or default
        names = _names(duty, units)
        for year, stated, condition in _occurrences(plan, duty, lo.year, hi.year,
                                                    evaluation_years):
            if not lo <= stated <= hi:
                continue
            raw = last_on_time_day(stated, rule_reading)
            adjusted, reason = adjust(raw, duty.due.holiday_policy, cal)
            occ = Occurrence(duty, year, stated, raw, adjusted, rule_reading, reason, condition)
            occ = _with_calendar_notes(occ, cal)
            found.append((_with_holders(plan, occ, on), names))
    found.sort(key=lambda o: (o[0].adjusted, o[0].duty.id))
    entries = [DueDate(occ, name) for occ, names in found for name in names]
    return Schedule(plan.id, lo, hi, tuple(entries), tuple(undated))


def _with_calendar_notes(occ: Occurrence, cal: WorkingCalendar) -> Occurrence:
    """The occurrence with what the reader must know about its day: moved past the stated
    date by the Civil Code rule, or resting on a day no official notice fixed."""
    notes: list[Message] = []
    past = literal = None
    if occ.reading is not None and occ.adjusted > occ.raw and (
            occ.adjusted >= occ.stated if occ.reading is Reading.EXCLUSIVE
            else occ.adjusted > occ.stated):
        past = True
        literal = cal.roll_back(occ.raw)
        why = cal.why_not_working_words(occ.raw) or ""
        notes.append(Message(
            "'trước ngày {stated}' ends on {raw}, not a working day ({why}): Bộ luật Dân sự "
            "2015 Điều 148 k.5 (a period whose last day is a day off ends at the end of the "
            "next working day) moves it to {adjusted}, after the stated date; read "
            "literally, the last working day before it is {literal}",
            stated=occ.stated, raw=occ.raw, why=why, adjusted=occ.adjusted, literal=literal))
    uncertain = cal.uncertain_days(occ.raw, occ.adjusted)
    if uncertain:
        notes.append(uncertain_note(uncertain))
    if not notes:
        return occ
    return attrs.evolve(occ, past_stated=bool(past), literal_last=literal,
                        uncertain=uncertain, notes=(*occ.notes, *notes))


def _issued(plan: Plan) -> dt.date | None:
    """The first day of the plan's issue year: succession steps before it are already in
    the plan's words."""
    value = plan.document.issued.value
    year = getattr(value, "year", None)
    return dt.date(year, 1, 1) if isinstance(year, int) else None


def _holdings(plan: Plan, duty: ReportingDuty, on: dt.date
              ) -> tuple[PartyHolding, PartyHolding | None, PartyHolding | None]:
    from childprotect.deadlines.holders import DEFAULT_FUNCTION, party_holding

    fn = duty.function if duty.function is not None else DEFAULT_FUNCTION
    place, since = plan.document.issuer.place, _issued(plan)

    def one(party: object | None) -> PartyHolding | None:
        return None if party is None else party_holding(party, place, on, function=fn,
                                                        since=since)

    reporter = one(duty.reporter)
    assert reporter is not None
    return reporter, one(duty.recipient), one(duty.via)


def _with_holders(plan: Plan, occ: Occurrence, on: dt.date | None) -> Occurrence:
    day = on if on is not None else occ.adjusted
    rep, rec, via = _holdings(plan, occ.duty, day)
    return attrs.evolve(occ, holders_on=day, reporter_holding=rep, recipient_holding=rec,
                        via_holding=via)


def _undated_held(plan: Plan, u: UndatedDuty, on: dt.date) -> UndatedDuty:
    rep, rec, _ = _holdings(plan, u.duty, on)
    return attrs.evolve(u, holders_on=on, reporter_holding=rep, recipient_holding=rec)


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
        raise ValidationError(Message("duty {id} counts hours: a schedule lists days only",
                                      id=repr(duty.id)))
    raw, adjusted, moved = period_end(event, due.amount, due.unit, cal, due.holiday_policy)
    if moved is None:  # working days
        end = adjusted
        why = Message("{amount} working days after {event} (Bộ luật Dân sự 2015 Điều 147: the "
                      "event's day is not counted)", amount=due.amount, event=event)
        crossed = cal.uncertain_days(event + _ONE, end) if end > event else ()
        return Occurrence(duty, end.year, end, end, end, None, why, uncertain=crossed,
                          notes=(uncertain_note(crossed),) if crossed else ())
    why = (Message("{amount} days after {event} end {end} (Bộ luật Dân sự 2015 Điều 147–148); "
                   "{moved}", amount=due.amount, event=event, end=raw, moved=moved)
           if due.unit is PeriodUnit.DAYS else
           Message("{amount} months after {event} end {end} (Bộ luật Dân sự 2015 Điều "
                   "147–148); {moved}", amount=due.amount, event=event, end=raw, moved=moved))
    return _with_calendar_notes(Occurrence(duty, raw.year, raw, raw, adjusted, None, why), cal)


# --- iCalendar --------------------------------------------------------------------------------


def _ics_escape_id(text: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-.") else "-" for c in text)


def _party_text(shown: str, named: str, holding: PartyHolding | None, lang: str | None,
                short: bool = False) -> str:
    """A party as a deadline shows it: today's holder with the plan's words beside it (or
    the unit a reporter stands for, as given); ``short`` leaves the plan's words out."""
    if holding is None or shown != named:
        return shown
    if short and holding.recognised and holding.changed:
        return holding.holder_text(lang)
    return holding.text(lang)


#: How a deadline "trước ngày X" is read, in the words of an event's description.
_READING_WORDS = {Reading.INCLUSIVE: Message("inclusive reading", context="reading"),
                  Reading.EXCLUSIVE: Message("exclusive reading", context="reading")}


def to_ics(sched: Schedule, *, dtstamp: dt.datetime, lang: str | None = None) -> bytes:
    """An iCalendar (RFC 5545) file with one all-day event per due date.

    Needs the ``icalendar`` package (``pip install childprotect[ics]``). ``dtstamp`` is
    the creation moment written into every event (RFC 5545 §3.8.7.2), in UTC. Each event
    names the reporter's and the recipient's holder on the schedule's day (with the plan's
    words beside them), and says when the day moved past the stated date or rests on a
    provisional calendar day; ``lang`` is the language of those sentences.
    """
    try:
        import icalendar
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise ChildProtectError(
            Message("the ics format needs the icalendar package: pip install 'childprotect[ics]'")
        ) from None
    if dtstamp.tzinfo is None:
        raise ValidationError(Message("dtstamp must be timezone-aware (UTC)"))
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
        occ = e.occurrence
        reporter = _party_text(e.reporter, e.duty.reporter.name_vi, occ.reporter_holding, lang)
        recipient = (_party_text(e.duty.recipient.name_vi, e.duty.recipient.name_vi,
                                 occ.recipient_holding, lang, short=True)
                     if e.duty.recipient else None)
        who = _party_text(e.reporter, e.duty.reporter.name_vi, occ.reporter_holding, lang,
                          short=True)
        ev.add("summary", f"Hạn báo cáo: {e.duty.content_vi} ({who}"
                          + (f" → {recipient})" if recipient else ")"))
        on: dt.date | str = occ.holders_on if occ.holders_on else ""
        lines = [
            pick(e.duty.content_vi, e.duty.content_en, lang or current()),
            Message("Reporter on {on}: {who}", on=on, who=reporter).text(lang),
            Message("Recipient on {on}: {who}", on=on, who=_party_text(
                e.duty.recipient.name_vi, e.duty.recipient.name_vi, occ.recipient_holding,
                lang) if e.duty.recipient else Message("not stated")).text(lang),
        ]
        if e.duty.via is not None:
            lines.append(Message("Via, on {on}: {who}", on=on, who=_party_text(
                e.duty.via.name_vi, e.duty.via.name_vi, occ.via_holding, lang)).text(lang))
        lines += [
            Message("Text: {text}", text=e.duty.text_vi).text(lang),
            Message("Stated: {stated}; last on-time day ({reading}): {raw}; adjusted: "
                    "{adjusted}", stated=e.stated, raw=e.raw, adjusted=e.adjusted,
                    reading=_READING_WORDS[e.reading or DEFAULT_READING]).text(lang),
            render(e.reason, lang or "vi"),
            *(note.text(lang) for note in occ.notes),
            Message("Plan {plan}, {where}", plan=sched.plan_id, where=_sec(e.duty)).text(lang),
        ]
        if e.condition:
            lines.append(Message("Condition: {condition}", condition=e.condition).text(lang))
        ev.add("description", "\n".join(lines))
        ev.add("categories", ["childprotect", sched.plan_id])
        cal.add_component(ev)
    data: bytes = cal.to_ical()
    return data



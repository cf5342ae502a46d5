"""A plan's deadline checks: two dates for one report, reports due after the report they
feed or too close to it, deadlines before the plan was issued.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from childprotect.documents.anomalies import Anomaly, Severity
from childprotect.i18n import Message

if TYPE_CHECKING:
    from childprotect.deadlines.calendar import WorkingCalendar
from childprotect.deadlines.duties import (
    DEFAULT_MIN_GAP,
    DEFAULT_READING,
    DueKind,
    Plan,
    ReportingDuty,
    adjust,
    last_on_time_day,
)
from childprotect.deadlines.schedules import _occurrences, _sec

__all__ = [
    "check",
]


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


def check(plan: Plan, *, calendar: WorkingCalendar | None = None,
          min_gap: int = DEFAULT_MIN_GAP) -> list[Anomaly]:
    """Anomalies in a plan's reporting deadlines.

    * ``deadline.conflict``: the same report given two different deadlines;
    * ``deadline.chain-after``: a report due on or after the report it feeds;
    * ``deadline.chain-tight``: due fewer than ``min_gap`` working days before it;
    * ``deadline.before-issue``: a deadline earlier than the plan's own issue date.
    """
    from childprotect.deadlines.calendar import default_calendar

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
                out.append(Anomaly.summarised(
                    "deadline.conflict", _where(b),
                    Message("{first} ({where_first}) / {second} ({where_second})",
                            first=a.due.text_vi, where_first=_sec(a), second=b.due.text_vi,
                            where_second=_sec(b)),
                    Message("the same report ({report}: {who}) is due {first} in {where_first} "
                            "but {second} in {where_second}", report=report, who=_who(b),
                            first=a.due.text_vi, where_first=_sec(a), second=b.due.text_vi,
                            where_second=_sec(b)),
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
                after: list[Message] = []
                tight: list[Message] = []
                for y in years:
                    for dl in _due_in(plan, low, y, cal):
                        for du in _due_in(plan, up, y, cal):
                            if dl >= du:
                                after.append(Message("{first} ≥ {second}", first=dl,
                                                     second=du))
                            elif cal.working_days_between(dl, du) < min_gap:
                                tight.append(Message("{first} → {second}", first=dl,
                                                     second=du))
                text = Message("{first} ({where_first}) → {second} ({where_second})",
                               first=low.due.text_vi, where_first=_sec(low),
                               second=up.due.text_vi, where_second=_sec(up))
                if after:
                    out.append(Anomaly.summarised(
                        "deadline.chain-after", _where(low), text,
                        Message("{who} feeds report {report} ({to}), but is not due before it: "
                                "{dates}", who=_who(low), report=target, to=_who(up),
                                dates=after), Severity.ERROR))
                if tight:
                    out.append(Anomaly.summarised(
                        "deadline.chain-tight", _where(low), text,
                        Message("{who} feeds report {report} ({to}) with fewer than {days} "
                                "working days to compile it: {dates}", who=_who(low),
                                report=target, to=_who(up), days=min_gap,
                                dates=tight),
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
                    Message("due {due}, before the plan was issued ({issued})", due=last,
                            issued=issued.iso()),
                    Severity.ERROR))
            elif issued.earliest() != issued.latest() and last <= issued.latest():
                out.append(Anomaly(
                    "deadline.before-issue", _where(d), d.due.text_vi,
                    Message("due {due}, possibly before the plan was issued ({issued}, known "
                            "only to the {precision})", due=last, issued=issued.iso(),
                            precision={"year": Message("year", context="precision"),
                                       "month": Message("month", context="precision"),
                                       "day": Message("day", context="precision")}[
                                           issued.precision.value]),
                    Severity.WARNING))
        elif d.due.kind is DueKind.DAY_MONTH:
            first = plan.document.period.start
            for _, stated, _c in _occurrences(plan, d, first, first, None):
                last = last_on_time_day(stated, d.due.reading or DEFAULT_READING)
                if last < issued.earliest():
                    out.append(Anomaly(
                        "deadline.before-issue", _where(d), d.due.text_vi,
                        Message("the first deadline of the period, {due}, is before the plan was "
                                "issued ({issued}): it cannot be met in {year}", due=last,
                                issued=issued.iso(), year=first),
                        Severity.INFO))
    return out

"""Time: the Vietnamese working calendar, reporting duties and their due dates, timeliness,
case-management clocks (Nghị định 56/2017) and iCalendar export.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from childprotect._lazy import exports

if TYPE_CHECKING:
    from childprotect.deadlines.calendar import CalendarDay, WorkingCalendar, default_calendar
    from childprotect.deadlines.casework import CaseStep, due_moments, steps
    from childprotect.deadlines.checks import check
    from childprotect.deadlines.duties import DueRule, Recurrence, ReportingDuty
    from childprotect.deadlines.schedules import DueDate, Schedule, schedule, to_ics
    from childprotect.deadlines.timeliness import TimelinessReport

__all__ = [
    "CalendarDay",
    "CaseStep",
    "DueDate",
    "DueRule",
    "Recurrence",
    "ReportingDuty",
    "Schedule",
    "TimelinessReport",
    "WorkingCalendar",
    "check",
    "default_calendar",
    "due_moments",
    "schedule",
    "steps",
    "to_ics",
]

#: Where each public name lives.
_NAMES = {
    "CalendarDay": "calendar",
    "WorkingCalendar": "calendar",
    "default_calendar": "calendar",
    "DueRule": "duties",
    "Recurrence": "duties",
    "ReportingDuty": "duties",
    "DueDate": "schedules",
    "Schedule": "schedules",
    "schedule": "schedules",
    "to_ics": "schedules",
    "check": "checks",
    "TimelinessReport": "timeliness",
    "CaseStep": "casework",
    "due_moments": "casework",
    "steps": "casework",
}

__getattr__, __dir__ = exports(__name__, _NAMES)

"""What a report holds: titled sections of paragraphs, tables, lists and bar charts.

The model is plain data; :mod:`childprotect.report.html` writes it as one self-contained
HTML file.

>>> from decimal import Decimal
>>> bar = Bar("CT6", Decimal("1.2"), Decimal("1.5"), "met")
>>> bar.status
'met'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import attrs

from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.plans.status import STATUSES as _STATUSES
from childprotect.tables.display import Table

__all__ = ["STATUSES", "Bar", "BarChart", "Block", "Bullets", "MonthCalendar", "Paragraph",
           "Report", "ReportSection"]

#: Statuses a bar can have (the values of :class:`childprotect.plans.status.Status`); each
#: has its own colour in the chart.
STATUSES = tuple(s.value for s in _STATUSES)


def _status(_inst: object, _a: object, value: str) -> None:
    if value not in STATUSES:
        raise ValidationError(Message("status: {value} is not one of {join}", value=repr(value),
                                      join=', '.join(STATUSES)))


def _strs(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


@attrs.frozen
class Bar:
    """One target in a chart: observed value against the target value, with its status.

    ``value`` and ``target`` are exact; ``None`` means not available (no bar, or no mark).
    ``lower_is_better`` marks targets such as "dưới 1,5%".
    """

    label: str
    value: Decimal | None
    target: Decimal | None
    status: str = attrs.field(validator=_status)
    unit: str = ""
    note: str = ""
    lower_is_better: bool = False
    #: The value and the target as the reader writes them (``186 triệu đồng``, ``1,8%``);
    #: when not given, the chart writes them itself.
    value_text: str | None = None
    target_text: str | None = None


def _bars(items: Iterable[Bar]) -> tuple[Bar, ...]:
    return tuple(items)


@attrs.frozen
class BarChart:
    """A horizontal bar chart: one bar per target, for one unit."""

    title: str
    bars: tuple[Bar, ...] = attrs.field(converter=_bars)


@attrs.frozen
class Paragraph:
    text: str


@attrs.frozen
class Bullets:
    items: tuple[str, ...] = attrs.field(converter=_strs)


def _marks(items: Iterable[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    return tuple(items)


@attrs.frozen
class MonthCalendar:
    """One month as a calendar grid with marked days (deadlines): ``marks`` are
    (day of month, text) pairs; weekends are shaded."""

    year: int
    month: int
    marks: tuple[tuple[int, str], ...] = attrs.field(default=(), converter=_marks)

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValidationError(Message("month: {month} is not 1–12", month=self.month))
        last = (dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
                - dt.timedelta(days=1)).day
        for day, _ in self.marks:
            if not 1 <= day <= last:
                raise ValidationError(Message("marks: day {day} is not in {year}-{month}",
                                              day=day, year=self.year,
                                              month=format(self.month, '02d')))


Block = Paragraph | Bullets | Table | BarChart | MonthCalendar


def _blocks(items: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(items)


def _sections(items: Iterable[ReportSection]) -> tuple[ReportSection, ...]:
    return tuple(items)


@attrs.frozen
class ReportSection:
    """A titled part of the report; ``id`` is its anchor in the page."""

    id: str
    heading: str
    blocks: tuple[Block, ...] = attrs.field(converter=_blocks)


@attrs.frozen
class Report:
    """A whole report. ``on`` is the date it speaks about (who holds duties on that day)."""

    title: str
    sections: tuple[ReportSection, ...] = attrs.field(converter=_sections)
    subtitle: str = ""
    on: dt.date | None = None
    lang: str = "vi"
    notes: tuple[str, ...] = attrs.field(default=(), converter=_strs)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for s in self.sections:
            if s.id in seen:
                raise ValidationError(Message("duplicate report section id {id}", id=repr(s.id)))
            seen.add(s.id)

"""Dates as documents write them: with their precision, and recurring day-months.

A Vietnamese document may leave the day blank (``ngày   tháng 02 năm 2020``); that is a
date known to the month, not the 1st of the month. ``PartialDate`` keeps the precision.

>>> PartialDate(2020, 2)
PartialDate(year=2020, month=2, day=None)
>>> PartialDate(2020, 2).iso()
'2020-02'
>>> PartialDate.from_iso("2021-06-09").to_date()
datetime.date(2021, 6, 9)
>>> DayMonth(30, 11).in_year(2023)
datetime.date(2023, 11, 30)
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from childprotect.errors import InvalidDate
from childprotect.i18n import Message

__all__ = ["DayMonth", "PartialDate", "Precision"]


def _days_in_month(year: int, month: int) -> int:
    """The number of days in ``month`` of ``year`` (Gregorian), as ``calendar.monthrange``
    gives it, without loading ``calendar`` (and ``locale``) for one subtraction.

    >>> _days_in_month(2024, 2), _days_in_month(2023, 2), _days_in_month(2023, 12)
    (29, 28, 31)
    """
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - dt.date(year, month, 1)).days


class Precision(enum.Enum):
    """How much of a date is known."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


def _check_ymd(year: int, month: int | None, day: int | None, text: str) -> None:
    if not 1 <= year <= 9999:
        raise InvalidDate(Message("invalid date {text}: year {year} is out of range",
                                  text=repr(text), year=year))
    if month is None:
        if day is not None:
            raise InvalidDate(Message("invalid date {text}: a day without a month",
                                      text=repr(text)))
        return
    if not 1 <= month <= 12:
        raise InvalidDate(Message("invalid date {text}: month {month} is out of range",
                                  text=repr(text), month=month))
    if day is not None:
        last = _days_in_month(year, month)
        if not 1 <= day <= last:
            raise InvalidDate(
                Message("invalid date {text}: day {day} is out of range for month {month} of "
                        "{year}", text=repr(text), day=day, month=month, year=year)
            )


@attrs.frozen(order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __attrs_post_init__(self) -> None:
        for name in ("year", "month", "day"):
            v = getattr(self, name)
            if v is not None and (type(v) is not int):
                raise InvalidDate(Message("invalid date: {name} must be an int, got {v}",
                                          name=name, v=repr(v)))
        _check_ymd(self.year, self.month, self.day, self.iso_unchecked())

    def iso_unchecked(self) -> str:
        s = f"{self.year:04d}"
        if self.month is not None:
            s += f"-{self.month:02d}"
            if self.day is not None:
                s += f"-{self.day:02d}"
        return s

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def iso(self) -> str:
        """ISO 8601 text at this precision: ``2020``, ``2020-02`` or ``2020-02-13``."""
        return self.iso_unchecked()

    @classmethod
    def from_iso(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        parts = text.split("-")
        if not 1 <= len(parts) <= 3 or not all(p.isascii() and p.isdigit() for p in parts):
            raise InvalidDate(Message("invalid ISO date {text}: expected YYYY, YYYY-MM or "
                                      "YYYY-MM-DD", text=repr(text)))
        if len(parts[0]) != 4 or any(len(p) != 2 for p in parts[1:]):
            raise InvalidDate(Message("invalid ISO date {text}: expected YYYY, YYYY-MM or "
                                      "YYYY-MM-DD", text=repr(text)))
        nums = [int(p) for p in parts]
        _check_ymd(nums[0], nums[1] if len(nums) > 1 else None, nums[2] if len(nums) > 2 else None,
                   text)
        return cls(nums[0], nums[1] if len(nums) > 1 else None, nums[2] if len(nums) > 2 else None)

    @classmethod
    def of(cls, d: dt.date) -> PartialDate:
        return cls(d.year, d.month, d.day)

    def to_date(self) -> dt.date:
        """The exact date; raises :class:`InvalidDate` when the day is not known."""
        if self.month is None or self.day is None:
            known = Message("date {iso} is known only to the year", iso=repr(self.iso())) \
                if self.month is None else \
                Message("date {iso} is known only to the month", iso=repr(self.iso()))
            raise InvalidDate(known)
        return dt.date(self.year, self.month, self.day)

    def earliest(self) -> dt.date:
        """The first day this partial date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        """The last day this partial date can mean."""
        month = self.month or 12
        day = self.day or _days_in_month(self.year, month)
        return dt.date(self.year, month, day)


@attrs.frozen(order=True)
class DayMonth:
    """A day of a month that recurs every year (``trước ngày 30/11``)."""

    day: int
    month: int

    def __attrs_post_init__(self) -> None:
        if type(self.day) is not int or type(self.month) is not int:
            raise InvalidDate(Message("invalid day-month {day}/{month}", day=repr(self.day),
                                      month=repr(self.month)))
        # 29/02 is allowed: it exists in leap years.
        _check_ymd(2000, self.month, self.day, f"{self.day}/{self.month}")

    def in_year(self, year: int) -> dt.date:
        """This day in ``year``; 29/02 in a common year raises :class:`InvalidDate`."""
        _check_ymd(year, self.month, self.day, f"{self.day}/{self.month}/{year}")
        return dt.date(year, self.month, self.day)

    def text(self) -> str:
        return f"{self.day:02d}/{self.month:02d}"

"""Tests of ``childprotect.text.dates``."""

from __future__ import annotations

import calendar

from hypothesis import given
from hypothesis import strategies as st

from childprotect.text.dates import PartialDate, _days_in_month


@given(st.integers(1, 9999), st.integers(1, 12))
def test_days_in_month_is_calendars(year: int, month: int) -> None:
    assert _days_in_month(year, month) == calendar.monthrange(year, month)[1]


@given(st.integers(1, 9999), st.integers(1, 12))
def test_a_month_ends_on_its_last_day(year: int, month: int) -> None:
    last = PartialDate(year, month).latest()
    assert (last.month, last.day) == (month, calendar.monthrange(year, month)[1])

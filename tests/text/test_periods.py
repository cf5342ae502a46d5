"""Reporting periods and the day each ends (``childprotect.text.periods``)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.errors import ValidationError
from childprotect.text.periods import period_end


def test_period_end() -> None:
    assert period_end("2024-Q4") == date(2024, 12, 31)
    assert period_end("2025-S1") == date(2025, 6, 30)
    assert period_end("2025-06-15") == date(2025, 6, 15)
    assert period_end("2024-02") == date(2024, 2, 29)
    for bad in ("2024-Q5", "24", "2024-13", "2024/06", "2024-S0", "2024-02-30", " 2024", ""):
        with pytest.raises(ValidationError):
            period_end(bad)


@given(st.integers(1000, 9998), st.sampled_from(["year", "Q", "S", "month", "day"]),
       st.integers(0, 13), st.integers(0, 32))
def test_the_end_is_the_last_day_of_the_period(year: int, kind: str, k: int, d: int) -> None:
    """Each form ends on the last day of its last month, a date on itself; a quarter,
    half-year, month or day that does not exist is an error."""
    text, months = {"year": (f"{year}", 12), "Q": (f"{year}-Q{k % 10}", 3 * (k % 10)),
                    "S": (f"{year}-S{k % 10}", 6 * (k % 10)),
                    "month": (f"{year}-{k:02d}", k), "day": (f"{year}-{k:02d}-{d:02d}", k)}[kind]
    valid = 1 <= months <= 12 and (kind not in ("Q", "S") or months in (
        (3, 6, 9, 12) if kind == "Q" else (6, 12)))
    if kind == "day":
        valid = 1 <= k <= 12 and 1 <= d <= calendar.monthrange(year, k)[1]
    if not valid:
        with pytest.raises(ValidationError):
            period_end(text)
        return
    end = period_end(text)
    if kind == "day":
        assert end == date(year, k, d)
    else:
        assert (end.year, end.month) == (year, months)
        assert (end + timedelta(days=1)).day == 1

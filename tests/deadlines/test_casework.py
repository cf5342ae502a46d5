"""Tests of the case-management clocks of Nghị định 56/2017/NĐ-CP Chương III and Điều 43."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.deadlines.calendar import default_calendar
from childprotect.deadlines.casework import (
    Limit,
    Start,
    StepDue,
    due_moments,
    lateness,
    repeats,
    step,
    steps,
)
from childprotect.errors import UnknownName, ValidationError
from tests.seedtext import SEEDS_DIR, flat

D, T = dt.date, dt.datetime
CAL = default_calendar()
REFERENCE = SEEDS_DIR.parent / "reference" / "legal-texts.md"


def _by_id(received: T, starts: dict[str, D] | None = None,
           emergency: bool = False) -> dict[str, StepDue]:
    return {d.step.id: d for d in due_moments(received, starts=starts, emergency=emergency)}


@pytest.mark.seeds
def test_step_texts_are_verbatim_in_the_reference() -> None:
    ref = flat(unicodedata.normalize("NFC", Path(REFERENCE).read_text("utf-8")))
    for s in steps():
        assert flat(s.text_vi) in ref, s.id


def test_limits_are_those_of_the_decree() -> None:
    # legal-texts.md §A.5: 12 hours (Điều 26 k.3, 32 k.2), 15 days (32 k.3),
    # 05 and 02 working days (28 k.1, k.4), 1 and 3 months and every 6 months (43 k.2).
    got = {s.id: (s.limit, s.amount) for s in steps()}
    assert got["emergency-intervention"] == (Limit.HOURS, 12)
    assert got["separation-decision"] == (Limit.HOURS, 12)
    assert got["separation-maximum"] == (Limit.DAYS, 15)
    assert got["plan-drafted"] == (Limit.WORKING_DAYS, 5)
    assert got["plan-approved"] == (Limit.WORKING_DAYS, 2)
    assert got["alt-care-check-1m"] == (Limit.MONTHS, 1)
    assert got["alt-care-check-3m"] == (Limit.MONTHS, 3)
    assert got["alt-care-report"] == (Limit.MONTHS, 6)
    assert got["review"] == (Limit.NONE, None)
    assert got["forward"] == (Limit.IMMEDIATELY, None)
    assert step("plan-drafted").start is Start.CALLER
    assert step("emergency-intervention").start is Start.RECEIVED


def test_twelve_hours_run_from_the_moment() -> None:
    got = _by_id(T(2025, 11, 28, 16, 30))
    assert got["emergency-intervention"].due_at == T(2025, 11, 29, 4, 30)
    assert got["separation-decision"].due_at == T(2025, 11, 29, 4, 30)


def test_working_days_skip_tet() -> None:
    # Tết 2025: 25/01–02/02 off for state agencies (Công văn 8726/VPCP-KGVX).
    got = _by_id(T(2025, 1, 24, 10), starts={"plan-drafted": D(2025, 1, 24),
                                              "plan-approved": D(2025, 2, 7)})
    assert got["plan-drafted"].due_by == D(2025, 2, 7)
    assert got["plan-approved"].due_by == D(2025, 2, 11)


def test_unstated_start_and_no_limit_are_said() -> None:
    got = _by_id(T(2025, 3, 3, 8))
    d = got["plan-drafted"]
    assert d.due_by is None and "start not stated" in d.explanation
    assert "no time limit" in got["review"].explanation
    assert "ngay" in got["forward"].explanation


def test_emergency_lifts_the_article_28_limits() -> None:
    got = _by_id(T(2025, 3, 3, 8), starts={"plan-drafted": D(2025, 3, 3)}, emergency=True)
    assert got["plan-drafted"].applies is False
    assert got["plan-drafted"].due_by is None
    assert got["emergency-intervention"].due_at == T(2025, 3, 3, 20)


def test_separation_maximum_does_not_move_off_holidays() -> None:
    got = _by_id(T(2025, 4, 15, 9), starts={"separation-maximum": D(2025, 4, 15)})
    assert got["separation-maximum"].due_by == D(2025, 4, 30)


def test_alternative_care_clocks() -> None:
    got = _by_id(T(2024, 1, 31, 9), starts={"alt-care-check-1m": D(2024, 1, 31),
                                             "alt-care-report": D(2024, 1, 31)})
    # Điều 148 k.3: no 31 February, so the month ends on the last day of February.
    assert got["alt-care-check-1m"].due_by == D(2024, 2, 29)
    assert repeats(got["alt-care-report"], D(2024, 12, 31)) == [D(2024, 7, 31)]


def test_lateness() -> None:
    received = T(2025, 11, 28, 16, 30)
    r = {x.step.id: x for x in lateness(
        received,
        {"separation-decision": T(2025, 11, 29, 3, 0),
         "emergency-intervention": T(2025, 11, 29, 8, 0),
         "plan-drafted": T(2025, 12, 8, 9, 0)},
        starts={"plan-drafted": D(2025, 11, 28), "plan-approved": D(2025, 12, 8)},
        on=T(2025, 12, 12, 8, 0))}
    assert (r["separation-decision"].late, r["separation-decision"].by) == (False, None)
    assert r["emergency-intervention"].late is True
    assert r["emergency-intervention"].by == dt.timedelta(hours=3, minutes=30)
    # Due by the end of Friday 05/12/2025 (24:00); done Monday 08/12 09:00.
    assert r["plan-drafted"].late is True
    assert r["plan-drafted"].by == dt.timedelta(days=2, hours=9)
    # Not done; due end of 10/12/2025; assessed 12/12 08:00: overdue by 1 day 8 hours.
    assert r["plan-approved"].done is None and r["plan-approved"].late is True
    assert r["plan-approved"].by == dt.timedelta(days=1, hours=8)
    assert r["review"].late is None and "not judged" in r["review"].explanation


def test_bad_inputs() -> None:
    with pytest.raises(ValidationError):
        due_moments(D(2025, 1, 1))
    with pytest.raises(ValidationError, match="hours"):
        due_moments(T(2025, 1, 1), starts={"separation-decision": D(2025, 1, 1)})
    with pytest.raises(UnknownName):
        due_moments(T(2025, 1, 1), starts={"no-such-step": D(2025, 1, 1)})
    with pytest.raises(UnknownName):
        lateness(T(2025, 1, 1), {"no-such-step": T(2025, 1, 2)})
    with pytest.raises(UnknownName):
        step("no-such-step")


moments = st.datetimes(min_value=T(2019, 6, 1), max_value=T(2027, 6, 1))


@given(moments)
def test_hour_clocks_are_exactly_twelve_hours(received: T) -> None:
    for d in due_moments(received):
        if d.step.limit is Limit.HOURS and d.step.start is Start.RECEIVED:
            assert d.due_at is not None and d.due_at - received == dt.timedelta(hours=12)


@given(moments, st.dates(min_value=D(2019, 6, 1), max_value=D(2027, 6, 1)))
def test_working_day_clocks_end_on_working_days(received: T, start: D) -> None:
    for d in due_moments(received, starts={"plan-drafted": start, "plan-approved": start}):
        if d.step.limit is Limit.WORKING_DAYS:
            assert d.due_by is not None and CAL.is_working_day(d.due_by)
            assert CAL.working_days_between(start, d.due_by) == d.step.amount


def test_a_clock_over_the_provisional_2027_tet_says_so() -> None:
    # Nghị định 56/2017/NĐ-CP Điều 28 k.1: "05 ngày làm việc"; the 2027 Tết days are the
    # statutory rule's, no notice being out (Bộ luật Lao động 2019 Điều 112 k.3).
    d = {x.step.id: x for x in due_moments(dt.datetime(2027, 2, 2, 9),
                                           starts={"plan-drafted": dt.date(2027, 2, 1)})}
    drafted = d["plan-drafted"]
    assert drafted.due_by == dt.date(2027, 2, 15)
    assert "no official notice has fixed" in drafted.explanation
    assert "2027-02-04" in drafted.explanation
    later = {x.step.id: x for x in due_moments(dt.datetime(2027, 3, 2, 9),
                                               starts={"plan-drafted": dt.date(2027, 3, 1)})}
    assert "no official notice" not in later["plan-drafted"].explanation

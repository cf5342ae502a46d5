"""Timeliness: on-time, late and missing reports over the units that existed at a deadline."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.deadlines.schedules import DueDate, schedule
from childprotect.deadlines.timeliness import ReportStatus, UnitSpan, timeliness
from childprotect.errors import ValidationError

D = dt.date
dates = st.dates(min_value=D(2019, 1, 1), max_value=D(2027, 12, 31))


def test_timeliness_counts_only_units_that_existed() -> None:
    units = [UnitSpan("Huyện A"), UnitSpan("Huyện B"),
             UnitSpan("Huyện C", valid_to=D(2025, 6, 30)),  # abolished 01/07/2025
             UnitSpan("Xã mới", valid_from=D(2025, 7, 1))]
    r = timeliness(D(2025, 12, 1), units, {
        "huyện a": D(2025, 11, 28), "Huyện B": D(2025, 12, 3), "Huyện C": D(2025, 11, 1)})
    assert [(x.unit, x.status) for x in r.results] == [
        ("Huyện A", ReportStatus.ON_TIME), ("Huyện B", ReportStatus.LATE),
        ("Xã mới", ReportStatus.MISSING)]
    late = r.results[1]
    assert (late.days_late, late.working_days_late) == (2, 2)
    assert r.not_expected == ("Huyện C",)
    assert r.on_time_rate == Fraction(1, 3) and r.submitted_rate == Fraction(2, 3)


def test_timeliness_pending_and_errors() -> None:
    r = timeliness(D(2025, 12, 1), ["A"], {}, on=D(2025, 11, 20))
    assert r.results[0].status is ReportStatus.PENDING
    assert timeliness(D(2025, 12, 1), [], {}).on_time_rate is None
    with pytest.raises(ValidationError, match="listed twice"):
        timeliness(D(2025, 12, 1), ["Xã A", "xã  a"], {})
    with pytest.raises(ValidationError, match="one unit"):
        timeliness(D(2025, 12, 1), ["Xã A"], {"Xã A": D(2025, 1, 1), "XÃ A": D(2025, 1, 2)})


names = st.sampled_from([f"Xã {i}" for i in range(12)])


@given(st.lists(st.tuples(names, st.none() | dates, st.none() | dates), max_size=12,
                unique_by=lambda t: t[0]),
       st.dictionaries(names, dates, max_size=12), dates)
def test_timeliness_rates_never_exceed_one(spans: list[tuple[str, D | None, D | None]],
                                           subs: dict[str, D], due: D) -> None:
    units = [UnitSpan(n, a, b) for n, a, b in spans]
    r = timeliness(due, units, subs)
    assert r.expected == sum(1 for u in units if u.exists_on(due))
    total = sum(r.count(s) for s in ReportStatus)
    assert total == r.expected
    if r.expected:
        assert r.on_time_rate is not None and r.submitted_rate is not None
        assert 0 <= r.on_time_rate <= r.submitted_rate <= 1
    assert set(r.not_expected).isdisjoint({x.unit for x in r.results})


def test_a_due_date_counts_from_its_adjusted_day() -> None:
    from childprotect.formats import catalog

    due = next(e for e in schedule(catalog.load("thua-thien-hue-208-2021"), 2025)
               if e.duty.id == "IV.1-b")
    assert isinstance(due, DueDate) and due.adjusted == D(2025, 12, 1)
    r = timeliness(due, ["Sở Y tế"], {"Sở Y tế": D(2025, 12, 1)})
    assert r.due == D(2025, 12, 1) and r.results[0].status is ReportStatus.ON_TIME

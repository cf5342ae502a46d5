"""Batch assessment on integers (childprotect.plans.batch) gives what assess gives."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.formats import catalog
from childprotect.plans.assessment import InvalidObservation
from childprotect.plans.batch import assess_counts
from childprotect.plans.indicators import Comparator, Direction
from childprotect.plans.status import Status

HUE = catalog.load("thua-thien-hue-208-2021")
RATES = [t for t in HUE.targets if t.indicator is not None and t.indicator.unit.is_rate]
COUNTS = [HUE.target("CT11.1")]  # eliminate: a count
DATES = st.none() | st.sampled_from([dt.date(2024, 6, 1), dt.date(2025, 6, 1),
                                     dt.date(2026, 12, 3)])
counts = st.none() | st.integers(0, 2000)


@given(st.sampled_from(RATES), st.lists(st.tuples(counts, counts), max_size=25),
       st.sampled_from([2023, 2024, 2025, 2026]), DATES, st.booleans(), st.data())
def test_batch_statuses_are_the_assessments(target, pairs, year, on, cover, data) -> None:  # type: ignore[no-untyped-def]
    if target.indicator.bounded:
        pairs = [(None if n is None or d is None else min(n, d), d) for n, d in pairs]
    nums = [n if d != 0 else 0 for n, d in pairs]
    dens = [d for _, d in pairs]
    rep = exp = None
    if cover:
        exp = data.draw(st.lists(st.integers(0, 20), min_size=len(pairs), max_size=len(pairs)))
        rep = [data.draw(st.integers(0, e)) for e in exp]
    if on is not None and year > on.year and any(n is not None and d is not None
                                                 for n, d in zip(nums, dens, strict=True)):
        with pytest.raises(InvalidObservation, match=f"observation of {year} is after"):
            assess_counts(target, nums, dens, year=year, on=on, reporting=rep, expected=exp)
        return
    b = assess_counts(target, nums, dens, year=year, on=on, reporting=rep, expected=exp)
    assert b.statuses == tuple(b.assessment(i).status for i in range(len(pairs)))


@given(st.lists(counts, max_size=20), st.sampled_from([2024, 2025]), DATES,
       st.sampled_from([Comparator.ELIMINATE, Comparator.AT_MOST, Comparator.BELOW]))
def test_batch_counts(values, year, on, comparator) -> None:  # type: ignore[no-untyped-def]
    target = attrs.evolve(COUNTS[0], comparator=comparator, direction=Direction.DECREASE,
                          value=None if comparator is Comparator.ELIMINATE else Decimal(3),
                          year=2025)
    if on is not None and year > on.year and any(v is not None for v in values):
        with pytest.raises(InvalidObservation, match=f"observation of {year} is after"):
            assess_counts(target, values, year=year, on=on)
        return
    b = assess_counts(target, values, year=year, on=on)
    assert b.statuses == tuple(b.assessment(i).status for i in range(len(values)))


def test_impossible_counts_are_named_errors() -> None:
    ct6 = HUE.target("CT6.1")
    with pytest.raises(InvalidObservation, match="numerator 12 exceeds denominator 10"):
        assess_counts(ct6, [1, 12], [10, 10], year=2025)
    with pytest.raises(InvalidObservation, match="3 denominators for 2 numerators"):
        assess_counts(ct6, [1, 2], [10, 10, 10], year=2025)
    with pytest.raises(InvalidObservation, match="more than the 2 expected"):
        assess_counts(ct6, [1], [10], year=2025, reporting=[3], expected=[2])
    b = assess_counts(ct6, [14], [1000], year=2025)
    assert b.statuses == (Status.MET,) and b.counts()[Status.MET] == 1

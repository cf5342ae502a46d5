"""Coverage: a value knows over how many of the expected units it was computed
(childprotect.plans.observed), and an assessment on too few decides nothing."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.errors import ValidationError
from childprotect.formats import catalog
from childprotect.formats.observations import parse_observed_csv
from childprotect.plans.assessment import (
    DEFAULT_MIN_COVERAGE,
    Coverage,
    InvalidObservation,
    Observation,
    ObservedRow,
    Reason,
    assess,
)
from childprotect.plans.observed import matched, row_location
from childprotect.plans.status import Status

HN_T2 = catalog.load("hong-ngu-2020").target("T2")  # reach 93% assisted, 2020
CT6 = catalog.load("thua-thien-hue-208-2021").target("CT6.1")  # below 1.5%, 2025


def test_the_default_minimum_is_80_percent() -> None:
    assert Fraction(4, 5) == DEFAULT_MIN_COVERAGE
    at = Observation(2020, numerator=95, denominator=100, coverage=Coverage(8, 10, "commune"))
    below = Observation(2020, numerator=95, denominator=100, coverage=Coverage(7, 10))
    assert assess(HN_T2, at).status is Status.MET  # 80% is enough
    a = assess(HN_T2, below)
    assert (a.status, a.reason) == (Status.INSUFFICIENT_DATA, Reason.LOW_COVERAGE)
    assert a.observed == 95 and a.coverage == Coverage(7, 10)  # shown, but no verdict
    assert "below the minimum coverage of 80%" in a.explanation.text("en")
    assert "dưới mức tối thiểu 80%" in a.explanation.text("vi")


def test_the_minimum_is_a_parameter() -> None:
    o = Observation(2020, numerator=95, denominator=100, coverage=Coverage(7, 10))
    assert assess(HN_T2, o, min_coverage=Fraction(7, 10)).status is Status.MET
    assert assess(HN_T2, o, min_coverage=0).status is Status.MET
    full = Observation(2020, numerator=95, denominator=100, coverage=Coverage(9, 10))
    assert assess(HN_T2, full, min_coverage=1).status is Status.INSUFFICIENT_DATA
    for bad in (0.8, Fraction(6, 5), -1, True):
        with pytest.raises(ValidationError, match="min_coverage"):
            assess(HN_T2, o, min_coverage=bad)  # type: ignore[arg-type]


def test_partial_coverage_is_said_complete_coverage_is_not() -> None:
    partial = assess(HN_T2, Observation(2020, numerator=95, denominator=100,
                                        coverage=Coverage(9, 10, "commune")))
    assert "computed over 9/10 communes (partial coverage)" in partial.explanation.text("en")
    complete = assess(HN_T2, Observation(2020, numerator=95, denominator=100,
                                         coverage=Coverage(10, 10, "commune")))
    assert "coverage" not in complete.explanation.text("en")


def test_nothing_reported_is_insufficient_not_a_zero_rate() -> None:
    o = matched([(None, 40), (None, None), (12, None)], year=2020, level="commune")
    assert (o.numerator, o.denominator, o.coverage) == (0, 0, Coverage(0, 3, "commune"))
    assert assess(HN_T2, o).status is Status.INSUFFICIENT_DATA
    assert assess(HN_T2, o, min_coverage=0).reason is Reason.ZERO_DENOMINATOR


def test_bad_coverage_is_an_error_that_names_it() -> None:
    with pytest.raises(InvalidObservation, match="more than the 9 expected"):
        Coverage(10, 9)
    with pytest.raises(InvalidObservation, match="reporting must be a whole number"):
        Coverage(-1, 9)
    with pytest.raises(InvalidObservation, match="both reporting and expected"):
        ObservedRow("T2", 2020, numerator=1, denominator=2, reporting=3)
    with pytest.raises(InvalidObservation, match=r"data\.csv, line 2: .*more than"):
        parse_observed_csv("target,year,numerator,denominator,reporting,expected\n"
                           "T2,2020,1,2,11,10\n", "data.csv")
    row = parse_observed_csv("target,year,numerator,denominator,reporting,expected\n"
                             "T2,2020,1,2,8,10\n").observations[0]
    assert row.observation().coverage == Coverage(8, 10)


units = st.lists(st.tuples(st.integers(0, 500), st.integers(0, 500)).map(
    lambda p: (min(p), max(p))), min_size=1, max_size=12)


@given(units, st.integers(0, 500), st.integers(0, 11))
def test_a_unit_reporting_only_a_denominator_never_changes_the_rate(
        parts: list[tuple[int, int]], denominator: int, where: int) -> None:
    """Adding a unit that reports only a denominator (its numerator blank) leaves the
    assessment's observed rate unchanged; only its coverage grows by one expected unit."""
    before = matched(parts, year=2020, level="commune")
    extended = [*parts[:where], (None, denominator), *parts[where:]]
    after = matched(extended, year=2020, level="commune")
    a, b = (assess(HN_T2, o, min_coverage=0) for o in (before, after))
    assert (a.status, a.observed, a.numerator, a.denominator) == \
        (b.status, b.observed, b.numerator, b.denominator)
    assert b.coverage == Coverage(a.coverage.reporting, a.coverage.expected + 1,  # type: ignore[union-attr]
                                  "commune")


@given(units)
def test_the_rate_is_the_sum_over_the_units_reporting_both(parts: list[tuple[int, int]]) -> None:
    o = matched(parts)
    assert (o.numerator, o.denominator) == (sum(n for n, _ in parts), sum(d for _, d in parts))
    a = assess(CT6, o, min_coverage=0)
    if o.denominator:
        assert a.observed == Fraction(100 * o.numerator, o.denominator)  # type: ignore[operator]


# --- years and where a row is --------------------------------------------------------------------

@given(st.one_of(st.integers(-10**15, 10**15), st.integers(1890, 2110)))
def test_an_observation_has_a_year_from_1900_to_2100(year: int) -> None:
    if 1900 <= year <= 2100:
        assert Observation(year).year == ObservedRow("T2", year).year == year
        return
    with pytest.raises(InvalidObservation, match=r"^observation: year -?\d+ is not a year from "
                                                 r"1900 to 2100$"):
        Observation(year)
    with pytest.raises(InvalidObservation, match=r"^target 'T2': year -?\d+ is not a year"):
        ObservedRow("T2", year)


@pytest.mark.parametrize("year", ["2023", 2023.0, True])
def test_a_year_is_an_int(year: object) -> None:
    with pytest.raises(InvalidObservation, match="is not a year from 1900 to 2100"):
        Observation(year)  # type: ignore[arg-type]
    with pytest.raises(InvalidObservation, match="is not a year from 1900 to 2100"):
        ObservedRow("T2", year)  # type: ignore[arg-type]


def test_the_line_of_a_row_names_it_and_is_not_its_content() -> None:
    assert ObservedRow("T2", 2020, line=7) == ObservedRow("T2", 2020)
    assert row_location("d.csv", 7, 3).text("en") == "d.csv, line 7"
    assert row_location("d.csv", 7, 3).text("vi") == "d.csv, dòng 7"
    assert row_location("d.json", None, 3).text("en") == "d.json, observation 3"
    assert row_location(None, None, 1).text("vi") == "số liệu thực tế, số liệu thứ 1"
    with pytest.raises(InvalidObservation, match="line must be a whole number"):
        ObservedRow("T2", 2020, line=0)

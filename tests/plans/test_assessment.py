"""Assessing targets against observed data (childprotect.plans.assessment and the assess
command)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.cli import main
from childprotect.documents.document import Period
from childprotect.errors import InvalidPlanFile, UnknownName
from childprotect.formats import catalog
from childprotect.formats.convert import dumps, loads
from childprotect.formats.observations import parse_observed_csv, parse_observed_json, read_observed
from childprotect.plans.assessment import (
    Assessment,
    InvalidObservation,
    Observation,
    ObservedData,
    ObservedRow,
    Reason,
    Status,
    assess,
    assess_plan,
    decimal_text,
)
from childprotect.plans.indicators import (
    Baseline,
    Change,
    Comparator,
    Direction,
    Indicator,
    Recurrence,
)
from childprotect.plans.targets import Target
from childprotect.text.quantities import Unit
from tests.paths import EXAMPLES

HUE = catalog.load("thua-thien-hue-208-2021")
CT6 = HUE.target("CT6.1")  # below 1.5 %, by 2025
CT9 = HUE.target("CT9.1")  # reduce to 550 per 100,000
CT11 = HUE.target("CT11.2")  # fall 2–3 % a year, relative
CT1_2 = HUE.target("CT1.2")  # above 65 % every year 2021–2025
EXAMPLE = EXAMPLES / "data" / "hue-observed.csv"


def obs(year: int | None, n: int, d: int) -> Observation:
    return Observation(year, numerator=n, denominator=d)


# --- exactness -------------------------------------------------------------------------------

def test_exactly_on_the_boundary_is_not_below() -> None:
    a = assess(CT6, obs(2025, 15, 1000))
    assert a.status is Status.NOT_MET and a.observed == Fraction(3, 2) and a.gap == 0
    assert assess(CT6, obs(2025, 14, 1000)).status is Status.MET
    # 0.1 + 0.2 style traps: 3 of 200 is exactly 1.5 as well
    assert assess(CT6, obs(2025, 3, 200)).status is Status.NOT_MET
    assert assess(CT6, Observation(2025, value=Decimal("1.5"))).status is Status.NOT_MET
    assert assess(CT6, Observation(2025, value=Decimal("15"), unit=Unit.PER_THOUSAND)
                  ).status is Status.NOT_MET


@given(n=st.integers(0, 10**6), d=st.integers(1, 10**6))
def test_below_is_decided_on_integers(n: int, d: int) -> None:
    if n > d:
        with pytest.raises(InvalidObservation):
            assess(CT6, obs(2025, n, d))
        return
    a = assess(CT6, obs(2025, n, d))
    # n/d × 100 < 1.5  ⇔  200 n < 3 d
    assert (a.status is Status.MET) is (200 * n < 3 * d)


@given(v=st.decimals(min_value=0, max_value=100, places=5), x=st.decimals(
    min_value=0, max_value=100, places=5), comparator=st.sampled_from(
    [Comparator.BELOW, Comparator.AT_MOST, Comparator.AT_LEAST, Comparator.ABOVE,
     Comparator.REDUCE_TO]))
def test_assessment_agrees_with_the_comparator(v: Decimal, x: Decimal,
                                               comparator: Comparator) -> None:
    direction = Direction.DECREASE if comparator in (Comparator.REDUCE_TO,) else \
        Direction.INCREASE
    t = attrs.evolve(CT6, comparator=comparator, value=v, direction=direction)
    a = assess(t, Observation(2025, value=x))
    assert (a.status is Status.MET) is t.meets(x)
    assert a.gap == Fraction(x) - Fraction(v)


@given(x=st.decimals(min_value=0, max_value=1000, places=3),
       unit=st.sampled_from([Unit.PERCENT, Unit.PER_THOUSAND, Unit.PER_100000]))
def test_values_in_another_rate_unit_are_converted_exactly(x: Decimal, unit: Unit) -> None:
    bounded = x * 100 / (unit.factor or 1) <= 100
    if not bounded:
        with pytest.raises(InvalidObservation, match="more than the whole"):
            assess(CT6, Observation(2025, value=x, unit=unit))
        return
    a = assess(CT6, Observation(2025, value=x, unit=unit))
    assert a.observed == Fraction(x) * 100 / (unit.factor or 1)


def test_floats_are_refused_with_the_target_named() -> None:
    with pytest.raises(InvalidObservation, match=r"'CT6\.1'.*0\.015"):
        assess(CT6, 0.015)  # type: ignore[arg-type]
    with pytest.raises(InvalidObservation, match=r"'CT6\.1'.*1\.5"):
        assess(CT6, Observation(2025, value=1.5))  # type: ignore[arg-type]
    with pytest.raises(InvalidObservation, match="no exact decimal"):
        assess(CT6, Fraction(1, 3))
    assert assess(CT6, Fraction(3, 2)).status is Status.NOT_MET
    assert assess(CT6, Decimal("1.49")).status is Status.MET


# --- named outcomes and errors ----------------------------------------------------------------

def test_zero_denominator_is_a_named_outcome() -> None:
    a = assess(CT6, obs(2025, 0, 0))
    assert (a.status, a.reason, a.observed) == (Status.NOT_ASSESSABLE, Reason.ZERO_DENOMINATOR,
                                                None)
    with pytest.raises(InvalidObservation, match="numerator 5 over a zero denominator"):
        assess(CT6, obs(2025, 5, 0))


@pytest.mark.parametrize(
    ("observation", "message"),
    [
        (obs(2025, -1, 100), "negative count: -1"),
        (obs(2025, 1, -100), "negative count: -100"),
        (obs(2025, 101, 100), "numerator 101 exceeds denominator 100"),
        (Observation(2025, value=Decimal(-1)), "negative: -1"),
        (Observation(2025, value=Decimal(101)), "more than the whole"),
        (Observation(2025, value=Decimal(1), numerator=1, denominator=2), "not both"),
        (Observation(2025), "neither a value nor counts"),
        (Observation(2025, numerator=1), "both numerator and denominator"),
        (Observation(2025, value=Decimal(1), unit=Unit.VND), "cannot be converted"),
    ],
)
def test_impossible_data_is_an_error_naming_target_and_value(observation: Observation,
                                                             message: str) -> None:
    with pytest.raises(InvalidObservation) as info:
        assess(CT6, observation)
    assert "'CT6.1'" in str(info.value) and message in str(info.value)


def test_event_rates_may_exceed_their_denominator() -> None:
    t = attrs.evolve(CT9, indicator=attrs.evolve(CT9.indicator, bounded=False))
    assert assess(t, obs(2025, 3, 2)).observed == 150000


def test_counts_must_be_whole_numbers() -> None:
    t = HUE.target("CT11.1")  # eliminate child marriage: a count
    with pytest.raises(InvalidObservation, match=r"whole number: 2\.5"):
        assess(t, Observation(2024, value=Decimal("2.5")))
    with pytest.raises(InvalidObservation, match="no denominator"):
        assess(t, obs(2024, 1, 2))
    assert assess(t, Observation(2024, numerator=0)).status is Status.MET
    assert assess(t, Observation(2024, value=Decimal(3))).status is Status.NOT_MET


def test_no_data_and_qualitative() -> None:
    assert assess(CT6, []).status is Status.NO_DATA
    q = catalog.load("hai-phong-76-2020").target("b.2")
    a = assess(q, [])
    assert (a.status, a.reason) == (Status.NOT_ASSESSABLE, Reason.QUALITATIVE)


def test_series_need_distinct_years() -> None:
    with pytest.raises(InvalidObservation, match=r"year\(s\) 2022$"):
        assess(CT6, [obs(2022, 1, 100), obs(2022, 1, 100)])
    with pytest.raises(InvalidObservation, match="needs a year"):
        assess(CT6, [obs(None, 1, 100), obs(2022, 1, 100)])


# --- before the target year: on track, off track, pace ---------------------------------------

def test_required_pace_and_projection() -> None:
    series = [obs(2021, 190, 10000), obs(2023, 170, 10000)]  # 1.9 % → 1.7 %: −0.1/yr
    a = assess(CT6, series)
    assert a.required_pace == (Fraction(3, 2) - Fraction(17, 10)) / 2  # −0.1 a year
    assert a.observed_pace == Fraction(-1, 10)
    # 1.7 − 0.2 = 1.5 by 2025: not *below* 1.5, so off track
    assert a.status is Status.OFF_TRACK
    faster = [obs(2021, 190, 10000), obs(2023, 169, 10000)]
    assert assess(CT6, faster).status is Status.ON_TRACK


def test_one_early_observation_has_no_trend() -> None:
    a = assess(CT6, obs(2022, 2, 100))
    assert (a.status, a.reason) == (Status.NOT_ASSESSABLE, Reason.NO_TREND)
    assert a.required_pace == (Fraction(3, 2) - 2) / 3


def test_already_at_the_target_before_the_year_is_on_track() -> None:
    a = assess(CT6, obs(2022, 1, 100))
    assert a.status is Status.ON_TRACK and a.required_pace is None


def test_the_target_years_observation_decides() -> None:
    series = [obs(2024, 2, 100), obs(2025, 1, 100), obs(2026, 2, 100)]
    a = assess(CT6, series)
    assert (a.status, a.observed_year) == (Status.MET, 2025)
    a = assess(CT6, [obs(2024, 1, 100), obs(2026, 2, 100)])  # no 2025: the latest decides
    assert (a.status, a.observed_year) == (Status.NOT_MET, 2026)


def test_undated_value_is_compared_directly() -> None:
    assert assess(CT6, obs(None, 1, 100)).status is Status.MET


# --- annual targets ---------------------------------------------------------------------------

def test_every_year_targets() -> None:
    ok = [obs(y, 95, 141) for y in (2021, 2022, 2023)]
    assert assess(CT1_2, ok).status is Status.ON_TRACK
    done = [obs(y, 95, 141) for y in range(2021, 2026)]
    assert assess(CT1_2, done).status is Status.MET
    bad = [obs(2021, 95, 141), obs(2022, 90, 141)]  # 63.8 % in 2022
    a = assess(CT1_2, bad)
    assert a.status is Status.NOT_MET and a.failing_years == (2022,)
    gap = [obs(2021, 95, 141), obs(2023, 95, 141)]
    a = assess(CT1_2, gap)
    assert (a.status, a.reason, a.missing_years) == (
        Status.NOT_ASSESSABLE, Reason.MISSING_YEARS, (2022,))
    zero = [obs(2021, 95, 141), obs(2022, 0, 0)]
    assert assess(CT1_2, zero).reason is Reason.ZERO_DENOMINATOR
    assert assess(CT1_2, [obs(2019, 95, 141)]).status is Status.NO_DATA


def _marriages(*values: int, start: int = 2020) -> list[Observation]:
    return [Observation(start + i, value=Decimal(v)) for i, v in enumerate(values)]


def test_annual_reduction_range() -> None:
    # 100 → 98 → 96.04 would be exactly 2 %; with whole counts: 100 → 98 (−2 %) → 95
    a = assess(CT11, _marriages(100, 98, 95))
    assert a.status is Status.ON_TRACK and a.observed == Fraction(-300, 98)
    assert a.level == -2 and a.required_pace == -2
    a = assess(CT11, _marriages(100, 99))  # −1 % in 2021
    assert a.status is Status.NOT_MET and a.failing_years == (2021,)
    # falling faster than the top of the range still meets "at least 2 %"
    assert assess(CT11, _marriages(100, 90, 80)).status is Status.ON_TRACK
    full = _marriages(200, 196, 190, 180, 170, 160)
    assert assess(CT11, full).status is Status.MET


def test_annual_reduction_named_outcomes() -> None:
    a = assess(CT11, _marriages(100))
    assert a.reason is Reason.TOO_FEW_YEARS
    a = assess(CT11, [Observation(2021, value=Decimal(100)), Observation(2023, value=Decimal(90))])
    assert (a.reason, a.missing_years) == (Reason.MISSING_YEARS, (2022,))
    # from zero: staying at zero keeps the elimination, any rise fails
    assert assess(CT11, _marriages(3, 0, 0)).status is Status.ON_TRACK
    a = assess(CT11, _marriages(3, 0, 1))
    assert a.status is Status.NOT_MET and a.failing_years == (2022,) and a.observed is None


def test_annual_reduction_in_points() -> None:
    t = attrs.evolve(CT11, change=Change.POINTS)
    assert assess(t, _marriages(100, 98, 96)).status is Status.ON_TRACK
    assert assess(t, _marriages(100, 99)).status is Status.NOT_MET


def test_reduce_by_needs_a_baseline() -> None:
    t = attrs.evolve(CT6, comparator=Comparator.REDUCE_BY, value=Decimal(10),
                     change=Change.RELATIVE)
    a = assess(t, obs(2025, 1, 100))
    assert (a.status, a.reason) == (Status.NOT_ASSESSABLE, Reason.NO_BASELINE)
    with_base = attrs.evolve(t, baseline=Baseline(2020, Decimal(2)))
    assert assess(with_base, Observation(2025, value=Decimal("1.8"))).status is Status.MET
    assert assess(with_base, Observation(2025, value=Decimal("1.81"))).status is Status.NOT_MET
    assert assess(t, Observation(2025, value=Decimal("1.8")),
                  baseline=Fraction(2)).status is Status.MET


def test_maintain_uses_the_indicators_polarity() -> None:
    ind = Indicator("x", "x", Unit.PERCENT, "a", "b", higher_is_better=True)
    t = Target("CT1", "duy trì 100%", text_en="keep 100%", comparator=Comparator.MAINTAIN,
               direction=Direction.MAINTAIN, indicator=ind, value=Decimal(100),
               recurrence=Recurrence.ANNUAL, period=Period(2021, 2022), year=2022)
    assert assess(t, [obs(2021, 5, 5), obs(2022, 5, 5)]).status is Status.MET
    assert assess(t, [obs(2021, 5, 5), obs(2022, 4, 5)]).failing_years == (2022,)


# --- reading observed data --------------------------------------------------------------------

CSV = """# SYNTHETIC: made up for a test
target,year,value,unit,numerator,denominator,note
CT6.1,2023,,,15,1000,
CT9.1,2023,560,per_100000,,,
"""


def test_csv_format() -> None:
    data = parse_observed_csv(CSV)
    assert data.synthetic and data.comments == ("SYNTHETIC: made up for a test",)
    assert data.observations[0] == ObservedRow("CT6.1", 2023, numerator=15, denominator=1000)
    assert data.observations[1].value == Decimal(560)
    assert data.observations[1].unit is Unit.PER_100000


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("target,year,amount\nCT6.1,2023,1\n", "amount"),
        ("target,year,value\nCT6.1,2023,\"1,5\"\n", "line 2: target 'CT6.1': value is not a "
         "number written like 1.5"),
        ("target,year,value\nCT6.1,2023,1.000.000\n", "value is not a number"),
        ("target,year,value\nCT6.1,2023,-3\n", "value is not a number"),
        ("target,year,value,unit\nCT6.1,2023,1,%%\n", "unit '%%'"),
        ("target,year,numerator\nCT6.1,2023,1.5\n", "numerator is not written as a whole"),
        ("target,year,value\nCT6.1,2023,1,9\n", "line 2: 4 cells, more than the 3 columns"),
        ("target,year,value\n,2023,1\n", "target cell is empty"),
    ],
)
def test_bad_csv_names_the_line_and_value(text: str, message: str) -> None:
    with pytest.raises(InvalidObservation) as info:
        parse_observed_csv(text, "data.csv")
    assert "data.csv" in str(info.value) and message in str(info.value)


def test_json_format() -> None:
    obj = {"source": "test", "synthetic": True, "observations": [
        {"target": "CT6.1", "year": 2023, "numerator": 15, "denominator": 1000},
        {"target": "CT9.1", "year": 2023, "value": "560", "unit": "per_100000"}]}
    data = parse_observed_json(json.dumps(obj))
    assert data.synthetic and len(data.observations) == 2
    bare = parse_observed_json(json.dumps(obj["observations"]))
    assert bare.observations == data.observations
    assert loads(dumps(data), ObservedData) == data
    with pytest.raises(InvalidPlanFile, match=r"1\.5"):
        parse_observed_json('[{"target": "CT6.1", "year": 2023, "value": 1.5}]')
    with pytest.raises(InvalidPlanFile, match="unknown field"):
        parse_observed_json('[{"target": "CT6.1", "yr": 2023}]')


def test_read_observed_by_suffix(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text(CSV, "utf-8")
    assert len(read_observed(p).observations) == 2
    with pytest.raises(InvalidObservation, match=r"\.csv, \.xlsx or \.json"):
        read_observed(tmp_path / "x.txt")
    with pytest.raises(InvalidObservation, match="cannot read"):
        read_observed(tmp_path / "missing.csv")


def test_assess_plan_keeps_every_target_and_refuses_unknown_ones() -> None:
    data = parse_observed_csv(CSV)
    results = assess_plan(HUE, data)
    assert [a.target_id for a in results] == [t.id for t in HUE.targets]
    by_id = {a.target_id: a for a in results}
    assert by_id["CT6.1"].reason is Reason.NO_TREND and by_id["CT5"].status is Status.NO_DATA
    bad = ObservedData((ObservedRow("CT6", 2023, Decimal(1)),))
    with pytest.raises(UnknownName, match=r"CT6\.1"):
        assess_plan(HUE, bad)


def test_the_example_data_is_labelled_synthetic_and_covers_every_status() -> None:
    data = read_observed(EXAMPLE)
    assert data.synthetic
    assert all("synthetic" in (r.note or "") for r in data.observations)
    statuses = {a.status for a in assess_plan(HUE, data)}
    assert statuses == set(Status)


@given(st.fractions(min_value=-10**6, max_value=10**6, max_denominator=10**4))
def test_decimal_text(value: Fraction) -> None:
    text = decimal_text(value)
    if Fraction(Decimal(text)) != value:  # rounded: within half a unit of the 6th place
        assert abs(Fraction(Decimal(text)) - value) <= Fraction(1, 2 * 10**6)


def test_assessment_is_data() -> None:
    a = assess(CT6, obs(2025, 15, 1000))
    assert isinstance(a, Assessment) and not a.is_met
    assert loads(dumps(a), Assessment) == a
    q = catalog.load("hai-phong-76-2020").target("b.2")
    assert "1 observation(s) given are not used" in assess(q, obs(2025, 1, 2)).detail


rows = st.builds(
    ObservedRow, target=st.sampled_from(["CT6.1", "a.1", "T3"]),
    year=st.none() | st.integers(2000, 2030),
    value=st.none() | st.decimals(min_value=0, max_value=10**9, places=3),
    unit=st.none() | st.sampled_from(Unit), numerator=st.none() | st.integers(0, 10**6),
    denominator=st.none() | st.integers(0, 10**6), note=st.none() | st.text(max_size=20))


@given(st.lists(rows, max_size=5), st.booleans())
def test_observed_data_round_trips(observations: list[ObservedRow], synthetic: bool) -> None:
    data = ObservedData(tuple(observations), source="test", synthetic=synthetic)
    assert loads(dumps(data), ObservedData) == data


@given(st.lists(st.tuples(st.integers(0, 10**4), st.integers(1, 10**4)), min_size=1,
                max_size=4, unique_by=lambda t: t[0]))
def test_assessments_round_trip(counts: list[tuple[int, int]]) -> None:
    series = [obs(2021 + i, min(n, d), d) for i, (n, d) in enumerate(counts)]
    a = assess(CT6, series)
    assert loads(dumps(a), Assessment) == a


# --- the command line -------------------------------------------------------------------------

def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "markdown"])
def test_assess_out_writes_to_the_file_what_standard_output_gets(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str) -> None:
    args = ["assess", HUE.id, str(EXAMPLE), "--format", fmt, "--on", "2025-06-30"]
    code, out, err = run(capsys, *args)
    target = tmp_path / "out"
    assert run(capsys, *args, "--out", str(target)) == (code, f"đã ghi {target}\n", err)
    assert target.read_bytes() == out.encode("utf-8") and code == 1
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    data = tmp_path / "observed.csv"  # the data file itself: refused, left as it was
    data.write_bytes(EXAMPLE.read_bytes())
    code, out, err = run(capsys, "assess", HUE.id, str(data), "--format", fmt, "--out",
                         str(data), "--lang", "en")
    assert (code, out) == (2, "") and "is a file the command reads" in err
    assert data.read_bytes() == EXAMPLE.read_bytes()


def test_assess_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "assess", HUE.id, str(EXAMPLE), "--format", "json",
                         "--on", "2025-06-30")
    assert code == 1 and "MÔ PHỎNG" in err  # Vietnamese by default
    doc = json.loads(out)
    assert doc["synthetic"] is True and len(doc["assessments"]) == len(HUE.targets)
    ct6 = next(a for a in doc["assessments"] if a["target"] == "CT6.1")
    assert ct6["observed"] == "1.5" and ct6["status"] == "on_track"
    ct16 = next(a for a in doc["assessments"] if a["target"] == "CT16.1")
    assert ct16["status"] == "insufficient_data"
    assert ct16["coverage"] == {"reporting": 6, "expected": 9, "level": None}
    # as of 2026-12-03 the 2025 targets are over: their 2023 data decide nothing
    code, out, _ = run(capsys, "assess", HUE.id, str(EXAMPLE), "--format", "json",
                       "--on", "2026-12-03")
    late = {a["target"]: a for a in json.loads(out)["assessments"]}
    assert late["CT6.1"]["status"] == "no_data" and late["CT6.1"]["reason"] == "no_target_year"
    assert {a["status"] for a in late.values()}.isdisjoint({"on_track", "off_track"})
    code, out, _ = run(capsys, "assess", HUE.id, str(EXAMPLE), "--lang", "en",
                       "--on", "2025-06-30")
    assert code == 1 and "not met" in out and "SYNTHETIC" in out
    good = tmp_path / "ok.csv"
    good.write_text("target,year,numerator,denominator\nCT6.1,2025,14,1000\n", "utf-8")
    code, out, _ = run(capsys, "assess", HUE.id, str(good), "--format", "csv", "--lang", "en")
    assert code == 0 and out.startswith("target,status")
    code, _, _ = run(capsys, "assess", HUE.id, str(EXAMPLE), "--fail-on", "no_data")
    assert code == 1
    code, _, err = run(capsys, "assess", HUE.id, str(EXAMPLE), "--fail-on", "late")
    assert code == 2 and "late" in err
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "assess", HUE.id, str(EXAMPLE), "--min-coverage", "120%")
    assert exit_.value.code == 2 and "120%" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("target,year,numerator,denominator\nCT6.1,2025,-1,1000\n", "utf-8")
    code, out, err = run(capsys, "assess", HUE.id, str(bad))
    assert code == 2 and "'CT6.1'" in err and "numerator" in err and "'-1'" not in err \
        and out == ""  # (the count is never quoted)


# --- observations of a year after the day of the assessment ------------------------------------

def test_an_observation_after_the_day_of_the_assessment_is_an_error() -> None:
    series = [obs(2023, 150, 10000), obs(2099, 1, 10000)]
    with pytest.raises(InvalidObservation) as info:
        assess(CT6, series, on=dt.date(2024, 6, 30))
    assert str(info.value) == ("target 'CT6.1': an observation of 2099 is after the day of the "
                               "assessment (2024-06-30): assess on a later day (--on) or remove "
                               "the row")
    assert assess(CT6, series[:1], on=dt.date(2023, 1, 1)).status is Status.NOT_ASSESSABLE
    assert assess(CT6, series).status is Status.MET  # without a day: the latest stands


@given(st.lists(st.integers(2018, 2030), min_size=1, max_size=5, unique=True),
       st.dates(dt.date(2018, 1, 1), dt.date(2031, 12, 31)),
       st.sampled_from([CT6, CT9, CT11, CT1_2, HUE.target("CT14.1")]))
def test_assess_refuses_exactly_the_years_after_the_day(years: list[int], on: dt.date,
                                                        target: Target) -> None:
    series = [Observation(y, value=Decimal(1)) for y in years]
    later = [y for y in years if y > on.year]
    if later:
        with pytest.raises(InvalidObservation, match=f"an observation of {later[0]} is after"):
            assess(target, series, on=on)
    else:
        assess(target, series, on=on)


# --- errors in a data file name where the rows at fault are ------------------------------------

def test_assess_plan_names_the_line_of_the_row_at_fault() -> None:
    head = "# SYNTHETIC\ntarget,year,numerator,denominator\n"
    text = head + "CT6.1,2022,4000,260000\n\nCT1.1,2023,200,141\n"
    with pytest.raises(InvalidObservation) as info:
        assess_plan(HUE, parse_observed_csv(text, "d.csv"))
    assert str(info.value).startswith("d.csv, line 5: target 'CT1.1': numerator 200 exceeds")
    twice = head + "CT6.1,2022,4000,260000\nCT6.1,2023,4000,260000\nCT6.1,2022,1,2\n"
    with pytest.raises(InvalidObservation, match=r"^d\.csv, lines 3, 5: target 'CT6\.1': more "
                                                 r"than one observation for year\(s\) 2022"):
        assess_plan(HUE, parse_observed_csv(twice, "d.csv"))
    late = head + "CT6.1,2022,4000,260000\nCT6.1,2025,4000,260000\n"
    with pytest.raises(InvalidObservation, match=r"^d\.csv, line 4: target 'CT6\.1': an "
                                                 r"observation of 2025 is after"):
        assess_plan(HUE, parse_observed_csv(late, "d.csv"), on=dt.date(2024, 6, 30))
    with pytest.raises(UnknownName, match=r"target \(d\.csv, line 3\) in plan .* 'ct6\.1'; "
                                          r"closest known: 'CT6\.1'$"):
        assess_plan(HUE, parse_observed_csv(head + "ct6.1,2022,4000,260000\n", "d.csv"))


def test_json_rows_are_named_by_their_place() -> None:
    text = json.dumps([{"target": "CT6.1", "year": 2022, "numerator": 1, "denominator": 2},
                       {"target": "CT6.1", "year": 2023, "numerator": 1}])
    with pytest.raises(InvalidObservation, match=r"^d\.json, observation 2: target 'CT6\.1': "
                                                 r"a rate needs both"):
        assess_plan(HUE, parse_observed_json(text, "d.json"))
    with pytest.raises(InvalidPlanFile, match="year 20233 is not a year from 1900 to 2100"):
        parse_observed_json('[{"target": "CT6.1", "year": 20233, "value": "1"}]', "d.json")

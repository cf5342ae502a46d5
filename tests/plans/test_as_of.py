"""Assessment as of a date: after the target year, met or not met on that year's data, or
no data for it; pace and projection only for target years still ahead."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.cli import main
from childprotect.formats import catalog
from childprotect.plans.assessment import Observation, Reason, assess
from childprotect.plans.status import Status

HUE = catalog.load("thua-thien-hue-208-2021")
CT6 = HUE.target("CT6.1")  # below 1.5% by 2025
CT1_2 = HUE.target("CT1.2")  # above 65% every year 2021–2025
CT11 = HUE.target("CT11.2")  # a fall of 2–3% a year, 2021–2025
PACE = {Status.ON_TRACK, Status.OFF_TRACK}


def obs(year: int, n: int, d: int) -> Observation:
    return Observation(year, numerator=n, denominator=d)


def test_the_huế_case_2025_targets_judged_on_2026_12_03() -> None:
    """From 2024 data the demo said "đúng tiến độ" for 2025 targets on 2026-12-03."""
    series = [obs(2023, 170, 10000), obs(2024, 140, 10000)]
    before = assess(CT6, series, on=dt.date(2025, 6, 1))
    assert before.status is Status.ON_TRACK and before.observed_pace is None  # met already
    after = assess(CT6, series, on=dt.date(2026, 12, 3))
    assert (after.status, after.reason) == (Status.NO_DATA, Reason.NO_TARGET_YEAR)
    assert after.required_pace is None and after.observed_pace is None
    assert after.explanation.text("en") == ("the target year 2025 is over and nothing was "
                                            "observed for it (latest observation: 2024)")
    final = assess(CT6, [*series, obs(2025, 160, 10000)], on=dt.date(2026, 12, 3))
    assert (final.status, final.observed_year) == (Status.NOT_MET, 2025)
    # a later year's data do not stand for the target year's
    later = assess(CT6, [obs(2026, 100, 10000)], on=dt.date(2027, 3, 1))
    assert later.status is Status.NO_DATA


def test_during_the_target_year_the_trend_still_counts() -> None:
    series = [obs(2022, 190, 10000), obs(2024, 170, 10000)]
    assert assess(CT6, series, on=dt.date(2025, 12, 31)).status in PACE


def test_every_year_targets_after_their_period() -> None:
    ok = [obs(y, 95, 141) for y in (2023, 2024)]
    assert assess(CT1_2, ok, on=dt.date(2024, 6, 1)).status is Status.NOT_ASSESSABLE
    a = assess(CT1_2, ok, on=dt.date(2026, 12, 3))
    assert (a.status, a.missing_years) == (Status.NO_DATA, (2021, 2022, 2025))
    full = [obs(y, 95, 141) for y in range(2021, 2026)]
    assert assess(CT1_2, full, on=dt.date(2026, 12, 3)).status is Status.MET
    failed = [obs(2023, 80, 141), obs(2024, 95, 141)]  # 56.7% in 2023
    assert assess(CT1_2, failed, on=dt.date(2026, 12, 3)).status is Status.NOT_MET


def test_annual_reductions_after_their_period() -> None:
    two = [Observation(2023, value=Decimal(100)), Observation(2024, value=Decimal(90))]
    assert assess(CT11, two, on=dt.date(2024, 6, 1)).status is Status.ON_TRACK
    late = assess(CT11, two, on=dt.date(2026, 12, 3))
    assert late.status is Status.NO_DATA and late.missing_years == (2021, 2022, 2023, 2025)


@given(st.lists(st.tuples(st.integers(2018, 2026), st.integers(0, 200)), min_size=1,
                max_size=6, unique_by=lambda p: p[0]),
       st.dates(dt.date(2019, 1, 1), dt.date(2030, 12, 31)))
def test_no_pace_once_the_target_year_is_over(points: list[tuple[int, int]],
                                              on: dt.date) -> None:
    # data of a year after the day of the assessment are refused (test_assessment)
    a = assess(CT6, [obs(y, n, 10000) for y, n in points if y <= on.year], on=on)
    if on.year > 2025:
        assert a.status not in PACE and a.required_pace is None
        if a.status in (Status.MET, Status.NOT_MET):
            assert a.observed_year == 2025


def test_demo_on_2026_12_03_shows_no_pace_for_targets_whose_year_has_passed(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--on", "2026-12-03", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    years = {t.id: t.year for t in HUE.targets}
    passed = [a for a in data["assessments"]
              if years[a["target"]] is not None and years[a["target"]] < 2026]
    assert passed and not [a for a in passed if a["status"] in ("on_track", "off_track")]
    assert main(["demo", "--on", "2026-12-03"]) == 0
    text = capsys.readouterr().out
    province = text.split("Chỉ tiêu ở cấp")[1].split("Mọi cấp")[0]
    assert "đúng tiến độ" not in province and "chậm tiến độ" not in province
    assert "chưa có số liệu" in province
    # before the end of 2025 the same data do show the pace
    assert main(["demo", "--on", "2025-06-01", "--format", "json"]) == 0
    early = {a["status"] for a in json.loads(capsys.readouterr().out)["assessments"]}
    assert early & {"on_track", "off_track"}

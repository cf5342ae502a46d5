"""Hồng Ngự's blank cell, end to end: a rate over the communes that report both its parts.

Nine of Hồng Ngự's ten communes (9 xã and 1 thị trấn, Nghị quyết 838/NQ-UBTVQH14) report
``children_special_circumstances``; one of them leaves ``…_assisted`` blank. Target T2
("93% trẻ em có hoàn cảnh đặc biệt được trợ giúp") is met for the district: 382 of the 407
children of the eight communes that report both, 93.86%, over 8 of the 10 communes — not
382 of 452 (84.51%, "not met"), which counts the blank commune's children in the
denominator only.

The district's rate and its coverage come from the rollup
(``childprotect.rollup.result.Rate`` over the units reporting both parts, with
``reporting`` and ``expected``): the tests marked ``rollup_matched`` pass once the rollup
computes rates that way; the others check the assessment side on its own.
"""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path

import pytest

from childprotect.formats import catalog
from childprotect.mainjob.job import MainJob, run
from childprotect.mainjob.tables import as_json, render_text
from childprotect.plans.assessment import Coverage, assess
from childprotect.plans.observed import matched
from childprotect.plans.status import Status

PLAN = catalog.load("hong-ngu-2020")
ON = dt.date(2021, 3, 1)  # after the plan's year: a final verdict

#: Real Hồng Ngự commune codes (data/units/localities.json); the counts are invented.
#: unit: (children, special circumstances, of them assisted (None: left blank), fund raised)
COMMUNES: dict[str, tuple[int, int, int | None, int]] = {
    "29956": (2100, 50, 47, 25_000_000),   # Xã Thường Phước 1
    "29974": (1900, 48, 45, 21_000_000),   # Xã Thường Phước 2
    "29980": (2300, 55, 52, 20_000_000),   # Xã Long Khánh A
    "29983": (2500, 60, 56, 18_000_000),   # Xã Long Khánh B
    "29992": (1700, 44, 41, 22_000_000),   # Xã Long Thuận
    "29998": (2000, 52, 48, 20_500_000),   # Xã Phú Thuận A
    "29995": (1950, 50, 47, 15_000_000),   # Xã Phú Thuận B
    "29962": (1800, 48, 46, 19_000_000),   # Xã Thường Thới Hậu A
    "29977": (1750, 45, None, 20_000_000),  # Xã Thường Lạc: "…_assisted" left blank
}  # Thị trấn Thường Thới Tiền (29971) did not report


def _csv(tmp: Path) -> Path:
    lines = ["unit,period,children,children_special_circumstances,"
             "children_special_circumstances_assisted,child_fund_raised"]
    for code, (c, s, a, f) in COMMUNES.items():
        lines.append(f"{code},2020,{c},{s},{'' if a is None else a},{f}")
    path = tmp / "hong-ngu-2020.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.fixture
def job(tmp_path: Path) -> MainJob:
    return run(PLAN, _csv(tmp_path), on=ON, duties=False)  # a path is read as a dataset


def _t2(job: MainJob) -> object:
    return {o.target_id: o for o in job.outcomes["870"]}["T2"]


def test_the_counts_of_the_case() -> None:
    both = [(a, s) for _, s, a, _ in COMMUNES.values() if a is not None]
    assert sum(a for a, _ in both) == 382 and sum(s for _, s in both) == 407
    assert sum(s for _, s, _, _ in COMMUNES.values()) == 452


def test_the_assessment_rests_on_the_communes_that_report_both_parts() -> None:
    """The assessment side alone: 382/407 over 8 of 10 communes is met, and says so."""
    parts = [(a, s) for _, s, a, _ in COMMUNES.values()] + [(None, None)]  # 29971
    o = matched(parts, year=2020, level="commune")
    assert (o.numerator, o.denominator) == (382, 407)
    assert o.coverage == Coverage(8, 10, "commune")
    a = assess(PLAN.target("T2"), o, on=ON)
    assert a.status is Status.MET and a.observed == Fraction(38200, 407)
    assert a.explanation.text("en") == ("observed 93.86% in 2020; target ≥ 93%; computed over "
                                        "8/10 communes (partial coverage)")
    assert a.explanation.text("vi") == ("kết quả năm 2020: 93,86%; chỉ tiêu ≥ 93%; tính trên "
                                        "8/10 xã (số liệu chưa đầy đủ)")
    # one commune fewer and the verdict would rest on too few: no verdict at all
    thin = matched([*parts, (None, None)], year=2020, level="commune")  # 8 of 11
    t = assess(PLAN.target("T2"), thin, on=ON)
    assert t.status is Status.INSUFFICIENT_DATA and "8/11 communes" in t.explanation.text("en")


@pytest.mark.rollup_matched
def test_the_district_rate_is_over_the_communes_reporting_both(job: MainJob) -> None:
    o = _t2(job)
    assert o.status is Status.MET, o.detail  # type: ignore[attr-defined]
    assert o.observed == Fraction(38200, 407)  # type: ignore[attr-defined]
    assert o.coverage == Coverage(8, 10, "commune")  # type: ignore[attr-defined]


@pytest.mark.rollup_matched
def test_every_output_shows_the_rate_and_its_coverage(job: MainJob) -> None:
    from childprotect.report import main_job_report, render_html

    text_en, text_vi = render_text(job, "en"), render_text(job, "vi")
    assert "93.86%" in text_en and "8/10 communes" in text_en
    assert "93,86%" in text_vi and "8/10 xã" in text_vi
    data = json.loads(json.dumps(as_json(job), ensure_ascii=False))
    t2 = next(a for a in data["assessments"] if (a["unit"], a["target"]) == ("870", "T2"))
    assert (t2["status"], t2["observed_exact"]) == ("met", "38200/407")
    assert t2["coverage"] == {"reporting": 8, "expected": 10, "level": "commune"}
    assert "8/10 communes" in t2["detail"] and "8/10 xã" in t2["detail_vi"]
    csv = job.table("en").text("csv")
    row = next(line for line in csv.splitlines() if line.startswith("870,") and ",T2," in line)
    assert ",met," in row and ",8,10," in row
    page = render_html(main_job_report(job, "vi"))
    assert "93,86%" in page and "8/10 xã" in page
    frame = job.to_frame(lang="en")
    r = frame[(frame["unit"] == "870") & (frame["target"] == "T2")].iloc[0]
    assert (r["status"], r["observed_exact"]) == ("met", "38200/407")
    assert (r["coverage_reporting"], r["coverage_expected"]) == (8, 10)


def test_the_fund_quota_is_judged_at_each_commune(job: MainJob) -> None:
    """T3: 300 million for the district; 20 million per commune. A commune is judged
    against its own 20 million, never against 300 million."""
    by_unit = {code: {o.target_id: o for o in outs} for code, outs in job.outcomes.items()}
    for code, (_, _, _, fund) in COMMUNES.items():
        t3 = by_unit[code]["T3"]
        assert t3.goal == 20_000_000 and t3.level == 20_000_000
        assert t3.status is (Status.MET if fund >= 20_000_000 else Status.NOT_MET), code
        assert set(by_unit[code]) == {"T3"}  # T1.1 and T2 apply to the district only
    district = by_unit["870"]["T3"]
    assert district.goal == 300_000_000 and district.observed == sum(
        f for *_, f in COMMUNES.values())
    assert district.status is Status.NOT_MET  # 180.5 million of the 300 million
    # the township that did not report: its quota applies, and it has no data
    assert by_unit["29971"]["T3"].status is Status.NO_DATA


def test_nothing_is_judged_where_the_plan_does_not_apply(job: MainJob) -> None:
    applies = {("870", "T1.1"), ("870", "T2"), ("870", "T3"),
               *((code, "T3") for code in (*COMMUNES, "29971"))}
    judged = {(code, o.target_id) for code, outs in job.outcomes.items() for o in outs}
    assert judged == applies


def test_the_minimum_coverage_is_a_parameter_of_the_job(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    from childprotect.cli import main

    strict = run(PLAN, _csv(tmp_path), on=ON, duties=False, min_coverage=Fraction(19, 20))
    t2 = _t2(strict)
    assert t2.status is Status.INSUFFICIENT_DATA  # type: ignore[attr-defined]
    assert "below the minimum coverage of 95%" in t2.assessment.explanation.text("en")  # type: ignore[attr-defined]
    out = tmp_path / "r.html"
    assert main(["report", PLAN.id, str(_csv(tmp_path)), "--on", "2021-03-01", "--out",
                 str(out), "--format", "json", "--min-coverage", "95%"]) == 0
    data = json.loads(capsys.readouterr().out)
    t2j = next(a for a in data["assessments"] if (a["unit"], a["target"]) == ("870", "T2"))
    assert t2j["status"] == "insufficient_data" and t2j["reason"] == "low_coverage"

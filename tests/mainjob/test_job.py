"""The main job end to end: demo data, every level, every target, holders, deadlines."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.cli import main
from childprotect.errors import ValidationError
from childprotect.formats import catalog
from childprotect.mainjob.assessing import rate_measure
from childprotect.mainjob.job import (
    DEMO_PLAN,
    STATUSES,
    demo_dataset,
    measure_column,
    read_dataset,
    run,
    target_columns,
)
from childprotect.plans.status import Status
from tests.paths import ROOT

ON = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def job():  # type: ignore[no-untyped-def]
    return run(catalog.load(DEMO_PLAN), demo_dataset(), on=ON)


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_demo_data",
                                                  ROOT / "benchmarks" / "gen_demo_data.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_demo_data_is_what_the_generator_makes() -> None:
    text = _generator().render()
    for path in (ROOT / "src/childprotect/data/demo/hue-synthetic.json",
                 ROOT / "examples/data/hue-synthetic.json"):
        assert path.read_text("utf-8") == text, (
            f"{path} is stale: run python benchmarks/gen_demo_data.py")


def test_demo_data_agree_with_the_plans_relations() -> None:
    """Urban + rural under-5 children add up to the under-5 children, a part is at most
    its whole, at every commune and year of the demo data (117 of 223 rows broke this)."""
    from childprotect.mainjob.assessing import measures_for
    from childprotect.rollup.measures import SumOf, _rule_anomalies

    ds = demo_dataset()
    m = measures_for(catalog.load(DEMO_PLAN), ds.measures)
    assert SumOf(("children[0-4,rural]", "children[0-4,urban]"), "children[0-4]") in m.rules
    for rec in ds.records:
        row = tuple(rec.values.get(n) for n in m.counts)
        assert _rule_anomalies(rec.unit, rec.period, row, m) == [], rec.unit


def test_the_main_job_checks_the_plans_relations() -> None:
    """A commune whose urban under-5 children exceed its under-5 children is a data
    anomaly of the main job, with its unit, period and values."""
    import attrs

    from childprotect.mainjob.job import run
    from childprotect.rollup.measures import Record

    ds = demo_dataset()
    rec = next(r for r in ds.records if r.values.get("children[0-4,urban]"))
    values = dict(rec.values)
    values["children[0-4,urban]"] = values["children[0-4]"] + 7  # type: ignore[operator]
    records = tuple(Record(r.unit, r.period, values) if r is rec else r for r in ds.records)
    job = run(catalog.load(DEMO_PLAN), attrs.evolve(ds, records=records),
              on=dt.date(2025, 3, 1), duties=False)
    found = {a.kind: a for a in job.data_anomalies}
    a = found["rollup.parts-not-whole"]
    assert a.where == f"{rec.period}/{rec.unit}"
    assert f"children[0-4,urban]={values['children[0-4]'] + 7}" in a.text  # type: ignore[operator]
    assert "rollup.part-above-whole" in found


def test_demo_data_is_labelled_synthetic_and_uses_no_real_unit_code() -> None:
    ds = demo_dataset()
    assert ds.synthetic and "not real" in ds.title
    assert ds.root == "46"
    for u in ds.units:
        assert u.code.startswith("99") and "synthetic" in u.source
        assert "mẫu" in u.name_vi and u.name_en.startswith("Synthetic")


def test_every_target_where_it_applies(job) -> None:  # type: ignore[no-untyped-def]
    plan = job.plan  # a provincial plan: its targets apply to the province, nowhere else
    numeric = [t.id for t in plan.targets if t.indicator is not None]
    assert [u.level for u in job.units][:2] == ["province", "district"]
    assert {u.level for u in job.units} == {"province", "district", "commune"}
    for u in job.units:
        outs = job.outcomes[u.code]
        expected = [t for t in numeric if t not in dict(job.not_assessed)] \
            if u.level == "province" else []
        assert [o.target_id for o in outs] == expected
        assert {o.status for o in outs} <= set(STATUSES)


def _sum_over(job, code: str, column: str, period: str) -> int | None:  # type: ignore[no-untyped-def]
    """Add the raw records of the communes under ``code`` (independently of the rollup)."""
    parents = {u.code: u.parent for u in demo_dataset().units}

    def under(c: str) -> bool:
        while c is not None:
            if c == code:
                return True
            c = parents.get(c)  # type: ignore[assignment]
        return code == "46"

    values = [r.values[column] for r in demo_dataset().records
              if r.period == period and under(r.unit)]
    return sum(values) if values else None  # type: ignore[arg-type]


def test_rates_at_every_level_are_recomputed_from_summed_counts() -> None:
    job = run(catalog.load(DEMO_PLAN), demo_dataset(), on=dt.date(2025, 6, 1), duties=False)
    plan = job.plan
    checked = 0
    for u in [x for x in job.units if x.depth <= 1]:
        for t in plan.targets:
            num, den = target_columns(t)
            if den is None or t.id in dict(job.not_assessed):
                continue
            n, d = _sum_over(job, u.code, num, "2024"), _sum_over(job, u.code, den, "2024")
            rate = job.rollups["2024"].rate(u.code, rate_measure(num, den))
            assert (rate.numerator, rate.denominator) == (n, d), (u.code, t.id)
            checked += 1
        for o in job.outcomes[u.code]:  # where a target applies, it is judged on that rate
            t = plan.target(o.target_id)
            num, den = target_columns(t)
            if den is None or o.observed is None or o.status is Status.NOT_ASSESSABLE:
                continue
            assert o.year == 2024
            n, d = _sum_over(job, u.code, num, "2024"), _sum_over(job, u.code, den, "2024")
            assert o.observed == Fraction(n * t.indicator.unit.factor, d), (u.code, t.id)
            checked += 1
    assert checked > 200


def test_missing_commune_is_missing_not_zero(job) -> None:  # type: ignore[no-untyped-def]
    root = job.unit("46")
    assert root.reporting == root.expected - 1


def test_who_holds_the_child_protection_targets(job) -> None:  # type: ignore[no-untyped-def]
    rows = {(r[0], r[1]): r for r in job.holders}
    ct6 = rows[("CT6", "lead")]
    assert "Lao động" in ct6[2] and ct6[3].startswith("Sở Y tế")
    before = run(job.plan, demo_dataset(), on=dt.date(2024, 1, 1))
    ct6_then = {(r[0], r[1]): r for r in before.holders}[("CT6", "lead")]
    assert "Lao động" in ct6_then[3]


def test_coming_deadlines_or_the_last_year_when_the_plan_is_over(job) -> None:  # type: ignore[no-untyped-def]
    assert job.deadline_headers[0].startswith("due_in_2025")
    mid = run(job.plan, demo_dataset(), on=dt.date(2025, 6, 1))
    assert mid.deadline_headers[0] == "due"
    dated = [r[0] for r in mid.deadlines if r[0] != "—"]
    assert dated and all("2025-06-01" <= d <= "2026-06-01" for d in dated)
    assert dated == sorted(dated)


def test_missing_parts_degrade_gracefully(job, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import childprotect.deadlines.schedules

    def broken(*args: object, **kwargs: object) -> None:
        raise ValidationError("no calendar for that year")

    monkeypatch.setitem(sys.modules, "childprotect.agencies.matrix", None)
    monkeypatch.setitem(sys.modules, "childprotect.agencies.grid", None)
    monkeypatch.setattr(childprotect.deadlines.schedules, "schedule", broken)
    degraded = run(job.plan, demo_dataset(), on=ON)
    assert degraded.holders is None and "holders" in degraded.unavailable
    assert degraded.deadlines is None
    assert "no calendar for that year" in degraded.unavailable["deadlines"].text("en")
    assert degraded.outcomes == job.outcomes
    from childprotect.mainjob.tables import render_text

    text = render_text(degraded, "en")
    assert "Parts not available in this installation" in text and "holders:" in text


def test_anomalies_of_the_plan_are_there(job) -> None:  # type: ignore[no-untyped-def]
    assert any(a.kind == "deadline.conflict" for a in job.anomalies)


def test_csv_data_on_bundled_units(tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    path.write_text("unit,period,children,children_special_circumstances\n"
                    "29971,2020,900,30\n29956,2020,600,15\n", "utf-8")
    ds = read_dataset(path)
    j = run(catalog.load("hong-ngu-2020"), ds, on=dt.date(2020, 12, 1))
    assert j.root == "870"
    t11 = {o.target_id: o for o in j.outcomes["870"]}["T1.1"]
    assert t11.observed == Fraction(45 * 100, 1500)
    missing = dict(j.not_assessed)
    assert "T1.2" in missing or "T2" in missing  # targets whose columns are absent say why


@given(st.lists(st.integers(0, 50), min_size=2, max_size=2),
       st.lists(st.integers(1, 500), min_size=2, max_size=2))
def test_any_counts_give_the_exact_rate_or_a_named_problem(nums: list[int],
                                                            dens: list[int]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "c.csv"
        path.write_text("unit,period,children,children_special_circumstances\n"
                        f"29971,2020,{dens[0]},{nums[0]}\n29956,2020,{dens[1]},{nums[1]}\n",
                        "utf-8")
        j = run(catalog.load("hong-ngu-2020"), read_dataset(path), on=dt.date(2020, 12, 1),
                duties=False)
    assert j.holders is None and j.deadlines is None
    o = {o.target_id: o for o in j.outcomes["870"]}["T1.1"]
    if all(n <= d for n, d in zip(nums, dens, strict=True)):
        assert o.observed == Fraction(sum(nums) * 100, sum(dens))
    else:  # a part above its whole: the data says so, nothing is silently fixed
        assert any(a.kind.startswith("rollup.") for a in j.data_anomalies)


def test_bad_data_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"unit": "29971", "period": "2020", "values": {"children": 1.5}}]')
    with pytest.raises(ValidationError, match=r"\$\[0\]\.values\.children: not a whole number"
                       ) as info:
        read_dataset(bad)
    assert "1.5" not in str(info.value)
    with pytest.raises(ValidationError, match="cannot read data file"):
        read_dataset(tmp_path / "nope.csv")
    assert measure_column("children", ["0-4", "rural"]) == "children[0-4,rural]"


# --- the command line --------------------------------------------------------------------


def test_demo_prints_every_part_labelled_synthetic(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--on", "2026-11-23", "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert out.count("SYNTHETIC DATA") == 2 and err == ""
    for part in ("Targets at the level of", "Every level", "Commune level",
                 "Who holds each target on 2026-11-23", "Reporting deadlines", "Anomalies"):
        assert part in out
    assert main(["demo", "--on", "2026-11-23"]) == 0
    assert "DỮ LIỆU MÔ PHỎNG" in capsys.readouterr().out


def test_demo_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--on", "2026-11-23", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["data"]["synthetic"] is True and data["root"] == "46"
    assert {a["status"] for a in data["assessments"]} <= {s.value for s in STATUSES}
    assert "hong-ngu-2020" in data["other_plans"]


def test_report_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    code = main(["report", DEMO_PLAN, str(ROOT / "examples/data/hue-synthetic.json"),
                 "--on", "2026-11-23", "--out", str(out)])
    stdout, err = capsys.readouterr()
    assert code == 0 and out.exists() and f"đã ghi {out}" in stdout  # Vietnamese by default
    assert "dữ liệu mô phỏng" in err
    page = out.read_text("utf-8")
    assert page.count("<svg") == 1  # the province: the plan's targets apply there only
    code = main(["report", DEMO_PLAN, str(tmp_path / "none.csv"), "--out", str(out),
                 "--lang", "en"])
    assert code == 2
    assert capsys.readouterr().err.startswith("childprotect: error: cannot read data file")


def test_report_on_a_csv_with_its_own_units(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    units = tmp_path / "units.csv"
    units.write_text("code,name_vi,kind,parent,valid_to\n99,Tỉnh mẫu,tinh,,\n"
                     "991,Huyện mẫu,huyen,99,2025-06-30\n99101,Xã mẫu 1,xa,991,2025-06-30\n"
                     "99102,Xã mẫu 2,xa,991,2025-06-30\n", "utf-8")
    counts = tmp_path / "counts.csv"
    counts.write_text("unit,period,children,children_special_circumstances\n"
                      "99101,2020,1000,20\n99102,2020,,\n", "utf-8")
    out = tmp_path / "r.html"
    code = main(["report", "hong-ngu-2020", str(counts), "--hierarchy", str(units),
                 "--on", "2020-12-01", "--out", str(out), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["out"] == str(out) and data["root"] == "99"
    t11 = {(a["unit"], a["target"]): a for a in data["assessments"]}
    # a district plan: judged at the district, 20 of 1,000: 2 %, the empty row missing
    assert t11[("991", "T1.1")]["observed"] == "2"
    assert t11[("991", "T1.1")]["coverage"]["expected"] == 2
    assert ("99", "T1.1") not in t11 and ("99102", "T1.1") not in t11
    assert {u["code"]: u["expected"] for u in data["units"]}["99"] == 2


def test_the_demo_data_follows_the_dataset_schema() -> None:
    import jsonschema

    from childprotect.mainjob.job import dataset_schema

    schema = dataset_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads((ROOT / "examples/data/hue-synthetic.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    data["records"][0]["values"]["children"] = 1.5
    assert not jsonschema.Draft202012Validator(schema).is_valid(data)


def test_run_takes_a_plan_id_and_a_data_path(tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    path.write_text("unit,period,children,children_special_circumstances\n"
                    "29971,2020,900,30\n29956,2020,600,15\n", "utf-8")
    by_path = run("hong-ngu-2020", str(path), on=dt.date(2020, 12, 1), duties=False)
    by_objects = run(catalog.load("hong-ngu-2020"), read_dataset(path),
                     on=dt.date(2020, 12, 1), duties=False)
    assert by_path.outcomes == by_objects.outcomes and by_path.root == "870"
    assert run(catalog.load("hong-ngu-2020"), path, on=dt.date(2020, 12, 1),
               duties=False).outcomes == by_objects.outcomes
    with pytest.raises(ValidationError, match=r"path of a data file \(\.csv or \.json\) or as a "
                                              "pandas or polars DataFrame, not dict"):
        run("hong-ngu-2020", {"children": 1}, on=dt.date(2020, 12, 1))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="give the plan as a Plan"):
        run(3, path, on=dt.date(2020, 12, 1))  # type: ignore[arg-type]


def test_a_misspelt_column_is_an_anomaly_naming_the_column_meant(job) -> None:  # type: ignore[no-untyped-def]
    """A column code typed wrong in a workbook (children_abuse) left its values out of
    every target with no word but the target's "the data has no column"."""
    import attrs

    from childprotect.rollup.measures import Measure, Measures, Record

    assert not [a for a in job.data_anomalies if a.kind == "data.unused-column"]
    data = demo_dataset()
    wrong = {n: n[:-1] if n == "children_special_circumstances" else n
             for n in data.measures.counts}
    renamed = attrs.evolve(
        data, measures=Measures([Measure.count(wrong[n]) for n in data.measures.counts]),
        records=tuple(Record(r.unit, r.period, {wrong[k]: v for k, v in r.values.items()})
                      for r in data.records))
    got = run(catalog.load(DEMO_PLAN), renamed, on=ON)
    [a] = [a for a in got.data_anomalies if a.kind == "data.unused-column"]
    assert a.where == "children_special_circumstance"
    assert a.explain("en").endswith("(did you mean children_special_circumstances?)")


def test_an_assessment_as_of_a_past_day_uses_the_data_known_then() -> None:
    """The data of later years are left out, and said to be (each target was "not
    assessable" with an error about a future observation): the outcomes are those of the
    data without those years."""
    import attrs

    data = demo_dataset()
    day = dt.date(2023, 6, 1)
    known = attrs.evolve(data, records=tuple(r for r in data.records
                                             if int(r.period[:4]) <= day.year))
    assert len(known.records) < len(data.records)
    got = run(catalog.load(DEMO_PLAN), data, on=day)
    want = run(catalog.load(DEMO_PLAN), known, on=day)
    assert got.outcomes == want.outcomes
    # the units, their coverage and the latest period shown are those known on the day
    assert got.units == want.units and got.root == want.root
    assert got.latest == want.latest == "2023" and got.periods[-1] == "2024"
    [a] = [a for a in got.data_anomalies if a.kind == "data.after-assessment-day"]
    assert a.where == "2024" and "2023-06-01" in a.explain("en")
    assert not [a for a in want.data_anomalies if a.kind == "data.after-assessment-day"]


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "top level: no target assessed (33 of the plan's 33 targets need columns the data "
           "does not have: childprotect measures thua-thien-hue-208-2021 lists them)"),
    ("vi", "cấp cao nhất: không chỉ tiêu nào được đánh giá (33 trên 33 chỉ tiêu"),
])
def test_report_says_why_nothing_was_assessed(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              lang: str, words: str) -> None:
    """Data without the columns the targets need ended the summary with "top level: " and
    nothing after it."""
    data = tmp_path / "d.csv"
    data.write_text("unit,period,children,special\n19750,2024-01,1414,38\n", "utf-8")
    out = tmp_path / "r.html"
    assert main(["report", "thua-thien-hue-208-2021", str(data), "--out", str(out),
                 "--lang", lang]) == 0
    assert words in capsys.readouterr().out

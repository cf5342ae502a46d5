"""``childprotect communes evaluate | procedure | targets``."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from childprotect.cli import main
from tests.paths import EXAMPLES

SAMPLE = EXAMPLES / "data" / "communes-evaluation.json"


def _sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE.read_text("utf-8"))
    return data


def _write(tmp_path: Path, data: dict[str, Any]) -> str:
    p = tmp_path / "e.json"
    p.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return str(p)


def test_evaluate_text_marks_synthetic_and_illustrative(
        capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["communes", "evaluate", str(SAMPLE), "--lang", "en"])
    out = capsys.readouterr().out
    assert "SYNTHETIC DATA" in out and "ILLUSTRATIVE scoring table" in out
    assert "NOT recognised: total 899 is below the 900 points" in out
    assert "Target bac-kan-352-2019/T1: > 70% at the province level" in out
    assert "→ NOT met [illustrative]" in out
    assert "the chairman of the district People's Committee" in out  # the round is 2024-11
    assert code == 1  # the sample misses its targets
    # the same in Vietnamese, the command's default
    assert main(["communes", "evaluate", str(SAMPLE)]) == 1
    out = capsys.readouterr().out
    assert "DỮ LIỆU MÔ PHỎNG" in out and "Bảng chấm điểm MINH HỌA" in out
    assert "KHÔNG được công nhận: tổng điểm 899 thấp hơn mức 900 điểm" in out
    assert "Chỉ tiêu bac-kan-352-2019/T1: > 70% ở cấp tỉnh" in out
    assert "→ KHÔNG đạt [minh họa]" in out
    assert "Chủ tịch Ủy ban nhân dân cấp huyện" in out


def test_evaluate_json(capsys: pytest.CaptureFixture[str]) -> None:
    main(["communes", "evaluate", str(SAMPLE), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert out["illustrative"] is True and out["synthetic"] is True
    by = {c["code"]: c for c in out["communes"]}
    assert by["S0101"]["recognised"] is True and by["S0101"]["total"] == "900"
    assert by["S0102"]["reasons"][0]["kind"] == "below-threshold"
    assert by["S0103"]["reasons"] == [{
        "kind": "zero-points", "criterion": "TC3",
        "text": "TC3 scored 0 points (no criterion may be at 0)",
        "text_vi": "TC3 được 0 điểm (không tiêu chí nào được 0 điểm)"}]
    shares = {s["unit"]: s for s in out["shares"]}
    assert set(shares) == {"*", "S00", "S01", "S02"}
    for s in shares.values():
        assert Fraction(s["share"]) == Fraction(s["recognised"], s["communes"])
    assert shares["S02"]["not_in_file"] == 1 and shares["S02"]["evaluated"] == 5
    assert all(a["illustrative"] for t in out["targets"] for a in t["assessments"])
    assert out["procedure"]["roles"][2]["role"] == "decide"


def test_target_met_gives_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _sample()
    data["communes"] = [c for c in data["communes"] if c["code"] in {"S0101", "S0105",
                                                                      "S0201", "S0203"}]
    data["targets"] = ["thua-thien-hue-208-2021/CT1"]
    data["units"] = [{k: v for k, v in u.items() if not k.startswith("communes_total")}
                     for u in data["units"]]
    assert main(["communes", "evaluate", _write(tmp_path, data), "--lang", "en"]) == 0
    assert "→ met" in capsys.readouterr().out
    assert main(["communes", "evaluate", _write(tmp_path, data)]) == 0
    assert "→ đạt" in capsys.readouterr().out


def test_no_targets_gives_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _sample()
    data["targets"] = []
    assert main(["communes", "evaluate", _write(tmp_path, data)]) == 0
    assert main(["communes", "evaluate", _write(tmp_path, data), "--target",
                 "qd-23-2021/2030"]) == 1
    capsys.readouterr()


def test_invalid_evaluations_exit_2_naming_commune_and_criterion(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _sample()
    data["communes"][0]["points"]["TC7"] = 51
    data["communes"][1]["points"]["Tiêu chí 14"] = 1
    data["communes"].append(data["communes"][2])
    assert main(["communes", "evaluate", _write(tmp_path, data)]) == 2
    err = capsys.readouterr().err
    assert "lỗi: đánh giá xã không hợp lệ trong" in err
    assert "xã 'Phường Mẫu Một' (S0101), TC7: 51 điểm vượt mức tối đa 50" in err
    assert main(["communes", "evaluate", _write(tmp_path, data), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "commune 'Phường Mẫu Một' (S0101), TC7: 51 points is above the maximum of 50" in err
    assert "commune 'Phường Mẫu Hai' (S0102), criterion 'Tiêu chí 14': unknown criterion" in err
    assert "commune 'Phường Mẫu Ba' (S0103): duplicate commune" in err


def test_a_partial_or_missing_table_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["communes", "evaluate", str(SAMPLE), "--table", "qd-06-2019-reported",
                 "--lang", "en"]) == 2
    assert "no scale for TC2" in capsys.readouterr().err
    data = _sample()
    del data["scoring_table"]
    assert main(["communes", "evaluate", _write(tmp_path, data)]) == 2
    assert "không có bảng chấm điểm" in capsys.readouterr().err


def test_procedure_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["communes", "procedure", "--on", "2026-01-15", "--plan-start", "2021",
                 "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.count("NOT FOUND — configure it") == 3
    assert "rounds of the plan starting 2021: 2022-11, 2024-11" in out
    assert main(["communes", "procedure", "--on", "2020-11-01", "--format", "json"]) == 0
    j = json.loads(capsys.readouterr().out)
    assert j["period"]["roles"][2]["holder_vi"] == "Chủ tịch Ủy ban nhân dân cấp huyện"
    assert main(["communes", "procedure", "--on", "2018-01-01", "--lang", "en"]) == 2
    assert "applies from 2019-01-03" in capsys.readouterr().err
    assert main(["communes", "procedure", "--on", "2018-01-01"]) == 2
    assert "áp dụng từ 03/01/2019" in capsys.readouterr().err


def test_targets_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["communes", "targets", "--format", "json"]) == 0
    ids = [t["id"] for t in json.loads(capsys.readouterr().out)]
    assert "bac-kan-352-2019/T1" in ids and "ttg-23-2021/CT1.2030" in ids
    assert main(["communes", "targets", "--format", "csv", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("id,level,target,when,status,source")


def test_matrix_says_who_must_act(capsys: pytest.CaptureFixture[str]) -> None:
    main(["communes", "evaluate", str(SAMPLE), "--matrix", "bac-kan-352-2019", "--on",
          "2026-11-23", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    acts = out["actions"]
    assert acts["matrix"] == "bac-kan-352-2019" and acts["on"] == "2026-11-23"
    s02 = [a for a in acts["by_unit"] if a["unit"] == "S02"]
    assert [a["criterion"] for a in s02] == ["TC8"]  # the only criterion at 0 in S02
    lead = s02[0]["owners"][0]
    assert lead["role"] == "lead" and lead["agency_vi"] == "Sở Y tế" and lead["where"] == "IV.1.3"
    assert lead["holders_vi"]
    main(["communes", "evaluate", str(SAMPLE), "--on", "2026-11-23", "--lang", "en"])
    text = capsys.readouterr().out
    assert "Who must act on the criteria each unit fails" in text  # the file names the matrix


def test_options_that_would_do_nothing_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _sample()
    del data["evaluated_in"], data["matrix"]
    path = _write(tmp_path, data)
    assert main(["communes", "evaluate", path, "--procedure", "x.json", "--lang", "en"]) == 2
    assert "--procedure" in capsys.readouterr().err
    assert main(["communes", "evaluate", path, "--on", "2024-01-01", "--lang", "en"]) == 2
    assert "--on dates the holders" in capsys.readouterr().err
    assert main(["communes", "evaluate", path, "--on", "2024-01-01", "--matrix",
                 "bac-kan-352-2019", "--lang", "en"]) == 1
    assert "Who must act" in capsys.readouterr().out


def test_schema_validates_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    assert main(["communes", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(_sample(), schema)
    bad = _sample()
    bad["communes"][0]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_user_rule_and_targets_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from childprotect.communes.evaluation import recognition_rule
    from childprotect.formats.convert import unstructure

    rule = unstructure(recognition_rule())
    for t in rule["thresholds"]:
        t["min_points"] = 700
    (tmp_path / "rule.json").write_text(json.dumps(rule, ensure_ascii=False), "utf-8")
    targets = {"targets": [{"id": "mine", "level": "district", "comparator": "at-least",
                            "percent": "50", "text_vi": "đạt 50%", "source": "my plan",
                            "status": "user"}]}
    (tmp_path / "t.json").write_text(json.dumps(targets, ensure_ascii=False), "utf-8")
    data = _sample()
    data["targets"] = []
    code = main(["communes", "evaluate", _write(tmp_path, data), "--rule",
                 str(tmp_path / "rule.json"), "--target", str(tmp_path / "t.json"),
                 "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    by = {c["code"]: c for c in out["communes"]}
    assert by["S0102"]["recognised"] and by["S0202"]["recognised"]  # 899 and 799 pass 700
    (t,) = out["targets"]
    assert t["id"] == "mine" and {a["unit"] for a in t["assessments"]} == {"S01", "S02"}
    assert code == 0


@pytest.mark.parametrize("top", ["-1", "-13", "1.5", "một"])
def test_top_must_be_a_whole_number_from_0(top: str, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["communes", "evaluate", str(SAMPLE), "--top", top])
    assert exc.value.code == 2
    assert f"--top: cần một số nguyên từ 0 trở lên, nhận được '{top}'" in capsys.readouterr().err


def test_top_0_shows_no_failing_criterion(capsys: pytest.CaptureFixture[str]) -> None:
    main(["communes", "evaluate", str(SAMPLE), "--top", "0", "--lang", "en"])
    table = capsys.readouterr().out.split("by unit\n")[1]
    assert "TC" not in table.split("(points lost")[0]


def test_a_missing_units_list_names_hierarchy_in_vietnamese(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _sample()
    data.pop("units")
    data["hierarchy"] = "nonexist.csv"
    assert main(["communes", "evaluate", _write(tmp_path, data)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "$.hierarchy: không đọc được danh sách đơn vị" in err
    assert "không có tệp hoặc thư mục này" in err
    assert "No such file" not in err


# --- a share over too few of a unit's communes -------------------------------------------------


def _two_bac_kan_communes(tmp_path: Path) -> str:
    full = {f"TC{i}": m for i, m in enumerate(
        (100, 50, 100, 50, 75, 125, 50, 75, 50, 75, 75, 75, 100), 1)}
    data = {"evaluated_in": "2024-11", "scoring_table": "qd-06-2019-illustrative",
            "hierarchy": "national", "targets": ["bac-kan-352-2019/T1"],
            "communes": [{"code": code, "name": name, "category": "other",
                          "category_source": "t", "points": full}
                         for code, name in (("01834", "Phường Nguyễn Thị Minh Khai"),
                                            ("01837", "Phường Sông Cầu"))]}
    return _write(tmp_path, data)


def test_two_of_108_communes_are_not_enough_for_a_verdict(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _two_bac_kan_communes(tmp_path)
    assert main(["communes", "evaluate", path]) == 1
    out = capsys.readouterr().out
    assert "06 Tỉnh Bắc Kạn: 100,0% (2/2) → không đủ dữ liệu" in out
    assert "đầu vào chỉ có 2 trong 108 xã của đơn vị (1,9%), dưới mức tối thiểu 80%" in out
    assert "→ đạt" not in out
    # one verdict line: the plan's province, not every province of the country
    assert out.count(" → ") == 1 and len(out.splitlines()) < 50
    main(["communes", "evaluate", path, "--format", "json"])
    got = json.loads(capsys.readouterr().out)
    (a,) = got["targets"][0]["assessments"]
    assert (a["unit"], a["met"], a["status"], a["coverage"]) == (
        "06", None, "insufficient-data", "1/54")
    assert got["min_coverage"] == "4/5"
    assert {s["unit"] for s in got["shares"]} == {"*", "06", "058"}


def test_min_coverage_0_judges_the_communes_given(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["communes", "evaluate", _two_bac_kan_communes(tmp_path), "--min-coverage",
                 "0", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "06 Tỉnh Bắc Kạn: 100.0% (2/2) → met" in out
    assert "106 of the unit's 108 communes are not in the input and are not counted" in out


# --- Vietnamese everywhere under --lang vi --------------------------------------------------

#: English words the outputs of these commands used to carry; none is a Vietnamese word.
ENGLISH = frozenset(re.findall(r"[a-z]+", """
the of is are was were has have been with which not from this that their and for by into
than section plan data source note found reported illustrative inferred
official level year stated target district province commune national lead coordinate guide
value table points wording secondary quotation abolished procedure period keep read every
since still standard exist longer paraphrase news restatement evaluation class ward other
mountain island disadvantaged role unit units share met"""))


def _english_words(text: str) -> list[str]:
    """The English words of ``text`` outside links, codes, ids and options."""
    found = []
    for line in text.splitlines():
        for token in line.split():
            token = token.strip("()[],;:'\"“”")
            if "://" in token or token.startswith("--") or any(
                    ch.isdigit() or ch in "/._" for ch in token):
                continue
            for word in re.findall(r"[A-Za-z]+", token):
                if word.lower() in ENGLISH:
                    found.append(f"{word!r} in {line.strip()[:90]!r}")
    return found


def _vietnamese_sample(tmp_path: Path) -> str:
    data = _sample()
    data["description"] = "Dữ liệu tổng hợp để làm ví dụ"
    for u in data["units"]:
        u["name"] = u["name"].replace(" (synthetic)", "")
        if "communes_total_source" in u:
            u["communes_total_source"] = "tổng hợp"
    return _write(tmp_path, data)


@pytest.mark.parametrize("argv", [
    ["criteria"], ["criteria", "--points"], ["criteria", "--points", "qd-06-2019-illustrative"],
    ["criteria", "--points", "--format", "markdown"],
    ["communes", "procedure", "--on", "2024-11-20", "--plan-start", "2021"],
    ["communes", "procedure", "--on", "2026-01-01"],
    ["communes", "targets"], ["communes", "targets", "--format", "markdown"],
    ["communes", "evaluate", "SAMPLE", "--matrix", "bac-kan-352-2019", "--on", "2026-01-01"],
    ["communes", "evaluate", "SAMPLE", "--target", "ttg-23-2021/CT1.2030", "--top", "13"],
], ids=lambda a: " ".join(a)[:50])
def test_no_english_under_lang_vi(argv: list[str], tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    argv = [_vietnamese_sample(tmp_path) if a == "SAMPLE" else a for a in argv]
    main([*argv, "--lang", "vi"])
    out = capsys.readouterr()
    assert _english_words(out.out + out.err) == []


def test_the_facts_are_kept_in_english_under_lang_en(capsys: pytest.CaptureFixture[str]) -> None:
    main(["communes", "procedure", "--on", "2026-01-01", "--lang", "en"])
    en = capsys.readouterr().out
    assert "the district level was abolished on 01/07/2025" in en
    assert "Nghị định 147/2025/NĐ-CP" in en
    main(["communes", "procedure", "--on", "2026-01-01"])
    vi = capsys.readouterr().out
    assert "không còn cấp huyện từ ngày 01/07/2025" in vi and "Nghị định 147/2025/NĐ-CP" in vi
    main(["communes", "targets", "--lang", "en"])
    assert "'trong kỳ đánh giá' (in the evaluation period): no year is stated" in \
        capsys.readouterr().out
    main(["communes", "targets", "--format", "csv"])
    # CSV keeps the data as they are, in every language
    assert "province,> 70%,'trong kỳ đánh giá' (in the evaluation period): no year is stated," \
        "plan," in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["communes", "evaluate", str(SAMPLE)], ["criteria", "--points"],
    ["communes", "procedure", "--on", "2026-01-01"],
])
def test_json_is_the_same_in_both_languages(argv: list[str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    main([*argv, "--format", "json"])
    vi = json.loads(capsys.readouterr().out)
    main([*argv, "--format", "json", "--lang", "en"])
    assert json.loads(capsys.readouterr().out) == vi


def test_every_share_target_remark_of_the_bundled_plans_is_in_the_catalogue() -> None:
    from childprotect.cli._communes_facts import TARGET_NOTES
    from childprotect.formats import catalog
    from childprotect.i18n import translate
    from childprotect.plans.shares import share_targets

    plans = {p.id: p for p in catalog.load_all()}
    for t in share_targets(plans.values()):
        assert t.plan is not None and t.item is not None
        for note in plans[t.plan].target(t.item).notes:
            assert note in TARGET_NOTES, f"{t.id}: give {note!r} a Vietnamese text"
            assert translate(note, "vi") != note

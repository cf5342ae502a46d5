"""No English word in what the command writes in Vietnamese (the default language): the
reasons a file cannot be read or written, the prefixes of errors and warnings, level names,
anomaly summaries and the label of synthetic data."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from childprotect.cli import main
from tests.paths import ROOT

HUE = "thua-thien-hue-208-2021"
SYNTHETIC = ROOT / "examples" / "data" / "hue-synthetic.json"


def run(capsys: pytest.CaptureFixture[str], argv: Sequence[str]) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


# --- the operating system's reasons ------------------------------------------------------------


def test_a_missing_file_is_said_in_vietnamese(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    code, _, err = run(capsys, ["check", "--text", str(tmp_path / "missing.txt")])
    assert code == 2
    assert "không có tệp hoặc thư mục này" in err and "No such file" not in err


def test_a_folder_given_as_a_file_is_said_in_vietnamese(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    code, _, err = run(capsys, ["extract", str(tmp_path)])
    assert code == 2
    assert "đây là một thư mục" in err and "directory" not in err


def test_a_report_that_cannot_be_written_is_an_error_not_a_traceback(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, ["report", HUE, str(SYNTHETIC), "--out", str(tmp_path)])
    assert code == 2
    assert f"childprotect: lỗi: không ghi được {tmp_path}: đây là một thư mục" in err


def test_the_calendar_file_written_is_announced_in_vietnamese(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "hue.ics"
    code, _, err = run(capsys, ["deadlines", HUE, "--year", "2023", "--format", "ics",
                                "-o", str(out_file)])
    assert code == 0 and out_file.exists()
    assert err.strip() == f"đã ghi {out_file}"


# --- anomalies: severity words and summaries ---------------------------------------------------


def _duplicates(tmp_path: Path) -> Path:
    f = tmp_path / "d.csv"
    f.write_text("unit,period,children\n29971,2024,5\n29971,2024,5\n29956,2024,5\n"
                 "29956,2024,6\n", "utf-8")
    return f


def test_rollup_anomalies_are_said_in_vietnamese(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    data = _duplicates(tmp_path)
    code, out, _ = run(capsys, ["rollup", str(data)])
    assert code == 1
    assert "- [cảnh báo] rollup.duplicate tại 2024/29971: 2 báo cáo giống hệt nhau" in out
    assert "- [lỗi] rollup.conflict tại 2024/29956: 2 báo cáo với 2 bộ số liệu khác nhau" in out
    code, _, err = run(capsys, ["rollup", str(data), "--format", "csv"])
    assert "cảnh báo: rollup.duplicate tại 2024/29971: 2 báo cáo giống hệt nhau" in err
    assert "identical" not in err and "warning" not in err


def test_rollup_json_keeps_the_anomaly_text_and_codes(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    import json

    data = _duplicates(tmp_path)
    vi = json.loads(run(capsys, ["rollup", str(data), "--format", "json"])[1])
    en = json.loads(run(capsys, ["rollup", str(data), "--format", "json", "--lang", "en"])[1])
    assert vi == en
    by = {a["kind"]: a for a in vi["anomalies"]}
    assert by["rollup.duplicate"]["text"] == "2 identical reports"
    assert by["rollup.duplicate"]["severity"] == "warning"


def test_plan_anomalies_name_sections_and_severities_in_vietnamese(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, ["check", HUE])
    assert code == 1
    assert "- [lỗi] deadline.conflict tại duties[IV.1-b]" in out
    assert "'trước ngày 25/11 (mục III.13) / trước ngày 30/11 (mục IV.1)'" in out
    assert "section" not in out and "[error]" not in out and "[warning]" not in out


def test_calendar_events_are_described_in_vietnamese() -> None:
    import datetime as dt

    import icalendar

    from childprotect.deadlines.schedules import schedule, to_ics
    from childprotect.formats import catalog

    s = schedule(catalog.load(HUE), 2023)
    data = to_ics(s, dtstamp=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), lang="vi")
    text = "\n".join(str(ev["DESCRIPTION"])
                     for ev in icalendar.Calendar.from_ical(data).walk("VEVENT"))
    assert f"Kế hoạch {HUE}, mục " in text and "Văn bản: " in text
    assert "Hạn theo văn bản: " in text and "(không tính ngày hạn)" in text
    assert not {"Plan", "Text:", "Stated:", "section", "reading"} & set(text.split())


# --- level names ---------------------------------------------------------------------------------


def test_a_unit_of_another_level_is_named_with_the_level_in_vietnamese(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = tmp_path / "d.csv"
    f.write_text("unit,period,children\n29971,2024,5\n870,2024,6\n", "utf-8")
    code, out, _ = run(capsys, ["rollup", str(f)])
    assert code == 1
    assert "đơn vị 870 không thuộc cấp xã; chỉ cấp này báo cáo" in out
    assert "commune" not in out


def test_the_issuers_level_is_named_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, ["plans", "show", "hong-ngu-2020"])
    assert "Ủy ban nhân dân huyện Hồng Ngự [huyện]" in out and "[district]" not in out
    _, out, _ = run(capsys, ["plans", "show", "hong-ngu-2020", "--lang", "en"])
    assert "[district]" in out


def test_share_targets_name_their_level_in_words_and_csv_keeps_the_code(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, ["communes", "targets"])
    assert "province" not in out and " tỉnh " in out
    _, out, _ = run(capsys, ["communes", "targets", "--format", "csv"])
    assert "bac-kan-352-2019/T1,province," in out


# --- the prefixes and argparse's own words ------------------------------------------------------


@pytest.mark.parametrize(("argv", "expected"), [
    (["rollup", "x.csv", "--threshold", "abc"],
     "childprotect rollup: lỗi: tham số --threshold: 'abc' không phải là số nguyên"),
    (["--debug=1", "plans", "list"],
     "childprotect: lỗi: tham số --debug: không nhận giá trị (nhận được '1')"),
])
def test_argparse_errors_are_said_in_vietnamese(capsys: pytest.CaptureFixture[str],
                                                argv: list[str], expected: str) -> None:
    code, _, err = run(capsys, argv)
    assert code == 2 and err.splitlines()[-1] == expected


def test_debug_shows_the_traceback_and_the_error_in_vietnamese(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, ["--debug", "rollup", str(tmp_path / "missing.csv")])
    assert code == 2 and "Traceback" in err
    lines = err.splitlines()
    assert lines[-2].startswith("childprotect.errors.ValidationError: không đọc được tệp dữ liệu")
    assert lines[-1].startswith("childprotect: lỗi: không đọc được tệp dữ liệu")
    assert "cannot read" not in lines[-2]


# --- synthetic data: one unambiguous word ("tổng hợp" also means aggregated) --------------------


def test_synthetic_data_is_called_simulated_never_aggregated(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from childprotect.i18n.catalog import catalog

    synthetic = {msgid: text for (_, msgid), text in catalog("vi").items()
                 if re.search(r"(?<![-\w])synthetic\b", msgid, re.IGNORECASE)}
    assert synthetic and all("mô phỏng" in text.casefold() for text in synthetic.values())
    assert not any("tổng hợp" in text.casefold() for text in synthetic.values())
    _, out, _ = run(capsys, ["demo", "--on", "2026-11-23"])
    assert "DỮ LIỆU MÔ PHỎNG" in out and "Số liệu cấp xã mô phỏng" in out
    labels = [line for line in out.splitlines() if "mô phỏng" in line.casefold()]
    assert len(labels) >= 2 and not any("tổng hợp" in line.casefold() for line in labels)


def test_the_main_jobs_table_title_is_in_the_language_asked() -> None:
    import datetime as dt

    from childprotect.formats import catalog
    from childprotect.mainjob.dataset import demo_dataset
    from childprotect.mainjob.job import run as run_job

    job = run_job(catalog.load(HUE), demo_dataset(), on=dt.date(2026, 11, 23))
    assert job.table("vi").title.endswith("(DỮ LIỆU MÔ PHỎNG)")
    assert " đơn vị, " in job.table("vi").title
    assert job.table("en").title.endswith(" (SYNTHETIC DATA)")


# --- sentences that were built outside the catalogue ----------------------------------------------


def test_unmapped_dhis2_measures_are_counted_in_vietnamese(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, ["dhis2", str(SYNTHETIC), "--period", "2024"])
    assert code == 2
    assert re.search(r"neonatal_deaths và [0-9]+ chỉ số khác: gán mã bằng --map", err), err
    assert " more" not in err


def test_an_unknown_unit_name_on_a_day_is_said_in_vietnamese(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, ["units", "find", "zzzzzz", "--on", "2025-01-01"])
    assert code == 2
    assert "không có tên đơn vị vào ngày 01/01/2025 'zzzzzz'" in err


def test_a_point_table_says_its_statuses_and_notes_in_vietnamese(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, ["criteria", "--points", "qd-06-2019-illustrative"])
    assert "TC2: tối đa 50 điểm [minh họa]" in out and "[theo nguồn thứ cấp]" in out
    assert "  lưu ý: MINH HỌA" in out  # the note in Vietnamese too (it was in English)
    assert not re.search(r"\[(illustrative|reported)\]|^ *note: ", out, re.MULTILINE)
    _, out, _ = run(capsys, ["criteria", "--points", "qd-06-2019-illustrative", "--format",
                             "csv"])
    assert ",illustrative" in out  # a CSV keeps the codes


def test_a_matrix_anomaly_names_roles_as_the_plans_write_them(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, ["check", HUE])
    assert "'Sở Giáo dục và Đào tạo (hướng dẫn, theo dõi: 'Hướng dẫn triển khai" in out \
        or "\"Sở Giáo dục và Đào tạo (hướng dẫn, theo dõi: 'Hướng dẫn triển khai" in out
    assert "(guide:" not in out


def test_the_main_job_writes_days_comparators_and_rest_days_in_vietnamese(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, ["demo", "--on", "2026-11-23"])
    assert re.search(r"^CT11\.1 +xóa bỏ ", out, re.MULTILINE)
    assert "Ai chịu trách nhiệm từng chỉ tiêu vào ngày 23/11/2026" in out
    assert "không phải ngày làm việc (thứ Bảy)" in out and "Saturday" not in out
    assert "nhưng hạn không sớm hơn: 29/11/2021 ≥ 29/11/2021" in out


def test_a_deadline_moved_off_a_weekend_names_the_day_in_the_readers_language() -> None:
    import datetime as dt

    from childprotect.deadlines.calendar import WorkingCalendar
    from childprotect.deadlines.duties import HolidayPolicy, adjust

    _, why = adjust(dt.date(2025, 11, 29), HolidayPolicy.FORWARD, WorkingCalendar())
    assert why.text("vi").startswith("29/11/2025 không phải ngày làm việc (thứ Bảy)")
    assert why.text("en").startswith("2025-11-29 is not a working day (Saturday)")


@pytest.mark.parametrize(("text", "vi"), [
    ("garbage", "không phải JSON hợp lệ: cần có một giá trị ở dòng 1 cột 1"),
    ('{"a" 1}', "không phải JSON hợp lệ: thiếu dấu hai chấm ở dòng 1 cột 6"),
    ("{}", "thiếu trường bắt buộc @ $.id"),
    ('{"id": "x", "nope": 1}', "trường không xác định ['nope'] @ $"),
])
def test_a_bad_json_file_is_explained_in_vietnamese(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path, text: str,
                                                    vi: str) -> None:
    f = tmp_path / "plan.json"
    f.write_text(text, "utf-8")
    code, _, err = run(capsys, ["check", str(f)])
    assert code == 2 and vi in err


def test_measures_name_their_roles_and_sources_in_vietnamese(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, ["measures", HUE])
    line = next(x for x in out.splitlines() if x.startswith("children_primary_cohort "))
    assert " mẫu số " in line and "tên gọi mang tính mô tả" in line
    assert "denominator" not in line and "not named" not in line
    _, out, _ = run(capsys, ["measures", HUE, "--format", "csv"])
    assert ",denominator,thua-thien-hue-208-2021 CT14.2 (not named in its words: a " \
        "description)" in out  # a CSV keeps the codes and the source as the data give it


def test_the_main_jobs_workbook_names_levels_in_vietnamese(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "r.xlsx"
    code, _, _ = run(capsys, ["report", HUE, str(SYNTHETIC), "--on", "2026-11-23",
                              "--format", "xlsx", "--out", str(out)])
    assert code == 0
    wb = openpyxl.load_workbook(out)
    cells = {c for name in ("Chưa đạt", "Đánh giá") for row in wb[name].iter_rows(
        values_only=True) for c in row if isinstance(c, str)}
    assert "tỉnh" in cells
    assert not cells & {"province", "district", "commune"}


def test_extract_writes_its_errors_and_sources_in_vietnamese(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    plan = tmp_path / "ke-hoach.txt"
    plan.write_text("KẾ HOẠCH\n", "utf-8")
    code, _, err = run(capsys, ["extract", str(plan), "--review", str(tmp_path)])
    assert code == 2 and f"không ghi được tệp --review {tmp_path}: đây là một thư mục" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("KẾ HOẠCH\n"))
    _, out, _ = run(capsys, ["extract", "-"])
    assert "bản dự thảo trích xuất từ đầu vào chuẩn" in out


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_output_that_cannot_be_written_is_an_error_in_vietnamese() -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "CHILDPROTECT_LANG"}
    with open("/dev/full", "w") as full:
        got = subprocess.run([sys.executable, "-m", "childprotect", "plans", "list"],
                             stdout=full, stderr=subprocess.PIPE, text=True, env=env,
                             timeout=120)
    assert got.returncode == 2
    assert got.stderr == "childprotect: lỗi: không đọc hoặc ghi được: ổ đĩa đã hết chỗ trống\n"


# --- texts of the bundled data: no English under --lang vi ----------------------------------

PLANS = ["thua-thien-hue-208-2021", "bac-kan-352-2019", "bac-kan-419-2018",
         "hai-phong-76-2020", "hong-ngu-2020", "ttg-23-2021", "ttg-1248-2021",
         "ttg-1493-2021", "ttg-782-2021"]


@pytest.mark.parametrize("argv", [
    *(["calendar", y] for y in ("2023", "2024", "2025", "2026", "2027")),
    ["calendar", "2027", "--format", "markdown"],
    *(["plans", "show", p] for p in PLANS),
    *(["units", "show", c] for c in ("46", "06", "22", "24", "75", "01")),
    *(["units", "show", c, "--on", "2025-01-01"] for c in ("46", "19")),
    ["duties", "bac-kan-352-2019", "Sở Lao động - Thương binh và Xã hội", "--on", "2026-01-01"],
    ["duties", "thua-thien-hue-208-2021", "Sở Y tế", "--on", "2026-01-01"],
    ["duties", "hai-phong-76-2020", "Ủy ban nhân dân cấp huyện", "--on", "2026-01-01"],
    ["duties", "hong-ngu-2020", "Sở Y tế", "--format", "markdown"],
    ["matrix", "hong-ngu-2020", "--on", "2026-01-01"],
    ["matrix", "thua-thien-hue-208-2021", "--on", "2026-01-01"],
    ["compare", HUE, "ttg-23-2021"], ["compare", HUE, "ttg-1493-2021", "--format", "markdown"],
    ["groups", "--format", "markdown"], ["groups", "--subgroups", "--format", "markdown"],
], ids=lambda a: " ".join(a)[:60])
def test_no_english_from_the_data_under_lang_vi(argv: list[str],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from tests.data.test_vietnamese_texts import english_words

    code, out, err = run(capsys, [*argv, "--lang", "vi"])
    assert code in (0, 1), err
    assert english_words(out + err) == []

"""``childprotect template``: the data-entry workbook of a plan on a real date, and the round
trip from it to the reports (the same figures as the same data in CSV)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from childprotect.cli import main
from childprotect.formats import catalog
from childprotect.plans.measures import measures_for
from childprotect.units.national_list import national


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main([*argv, "--lang", "en"])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _communes_of(code: str, day: dt.date) -> list[str]:
    h = national().on(day).within([code])
    return h.reporting_units()


def _fill(path: Path, seed: int) -> dict[tuple[str, str], int]:
    """Fill every data cell of a template workbook with a random count; return them."""
    rnd = random.Random(seed)
    wb = openpyxl.load_workbook(path)
    ws = wb["Số liệu"]
    codes = [c.value for c in ws[4]]
    filled: dict[tuple[str, str], int] = {}
    for row in ws.iter_rows(min_row=5):
        unit = row[0].value
        for cell, code in zip(row, codes, strict=True):
            if code not in ("unit", "name", "period"):
                cell.value = rnd.randint(0, 400)
                filled[(str(unit), str(code))] = cell.value
    wb.save(path)
    return filled


def _as_csv(path: Path, filled: dict[tuple[str, str], int], year: int) -> Path:
    units = sorted({u for u, _ in filled})
    measures = list(dict.fromkeys(m for _, m in filled))
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["unit", "period", *measures])
        for u in units:
            w.writerow([u, str(year), *(filled[(u, m)] for m in measures)])
    return path


def test_the_template_lists_huế_communes_on_1_july_2025(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "hue.xlsx"
    code, stdout, _ = _run(capsys, "template", "thua-thien-hue-208-2021", "--on", "2025-07-01",
                           "--year", "2025", "--out", str(out))
    assert code == 0
    communes = _communes_of("46", dt.date(2025, 7, 1))
    measures = [m.code for m in measures_for(catalog.load("thua-thien-hue-208-2021")).measures]
    assert stdout.strip() == f"wrote {out}: {len(communes)} units, {len(measures)} measures"
    ws = openpyxl.load_workbook(out)["Số liệu"]
    assert [c.value for c in ws[4]] == ["unit", "name", "period", *measures]
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    assert [r[0] for r in rows] == communes
    assert {r[2] for r in rows} == {"2025"}
    names = national().on(dt.date(2025, 7, 1))
    assert all(r[1] == names.name(r[0]) for r in rows)


def test_csv_template_has_a_byte_order_mark_and_the_same_columns(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "hn.csv"
    code, _, _ = _run(capsys, "template", "hong-ngu-2020", "--on", "2024-12-31", "--year",
                      "2024", "--out", str(out))
    assert code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    measures = [m.code for m in measures_for(catalog.load("hong-ngu-2020")).measures]
    assert lines[1].split(",") == ["unit", "name", "period", *measures]
    assert [line.split(",")[0] for line in lines[2:]] == _communes_of("870",
                                                                     dt.date(2024, 12, 31))


@pytest.mark.parametrize("argv, words", [
    (["--within", "99999"], "99999"),
    (["--level", "distrct"], "distrct"),
    (["--year", "0"], "1900 to 2100"),
])
def test_bad_template_arguments_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       argv: list[str], words: str) -> None:
    code, _, err = _run(capsys, "template", "hong-ngu-2020", "--on", "2024-12-31", "--year",
                        "2024", "--out", str(tmp_path / "x.xlsx"), *argv)
    assert code == 2 and words in err
    assert not (tmp_path / "x.xlsx").exists()


def test_filled_template_gives_the_figures_of_the_same_data_in_csv(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "hue.xlsx"
    assert _run(capsys, "template", "thua-thien-hue-208-2021", "--on", "2025-07-01", "--year",
                "2025", "--out", str(book))[0] == 0
    filled = _fill(book, seed=7)
    same = _as_csv(tmp_path / "hue.csv", filled, 2025)

    # rollup: the CSV output of the workbook and of the CSV file are the same text
    outputs = []
    for data in (book, same):
        code, out, _ = _run(capsys, "rollup", str(data), "--format", "csv", "--rate",
                            "cf=communes_child_friendly/communes*100")
        assert code in (0, 1)
        outputs.append(out)
    assert outputs[0] == outputs[1] and outputs[0].count("\n") > 40

    # rollup --format xlsx on the workbook: every count and rate equals the CSV rollup's
    rolled = tmp_path / "rollup.xlsx"
    assert _run(capsys, "rollup", str(book), "--format", "xlsx", "--out", str(rolled),
                "--rate", "cf=communes_child_friendly/communes*100")[0] in (0, 1)
    expected = {(r["level"], r["code"]): r for r in csv.DictReader(outputs[1].splitlines())}
    measures = {m for _, m in filled}
    wb = openpyxl.load_workbook(rolled)
    seen = 0
    for sheet in ("Tỉnh", "Xã"):
        ws = wb[sheet]
        codes_row = next(i for i, row in enumerate(ws.iter_rows(values_only=True), 1)
                         if row[0] == "unit")
        codes = [c.value for c in ws[codes_row]]
        for row in ws.iter_rows(min_row=codes_row + 1, values_only=True):
            got = dict(zip(codes, row, strict=True))
            want = expected[("province" if sheet == "Tỉnh" else "commune", got["unit"])]
            for m in measures:
                assert str(got[m]) == want[m], (sheet, got["unit"], m)
            # the exact rate, rounded as the CSV writes it (4 places, half-even)
            exact = Fraction(got["cf.exact"]) if got["cf.exact"] is not None else None
            if exact is None:
                assert want["cf"] == ""
            else:
                assert Fraction(want["cf"]) == Fraction(round(exact * 10_000), 10_000)
            seen += 1
    assert seen == 1 + len({u for u, _ in filled})

    # report: the same assessments from the workbook and from the CSV file
    reports = []
    for data in (book, same):
        code, out, _ = _run(capsys, "report", "thua-thien-hue-208-2021", str(data), "--on",
                            "2025-12-31", "--format", "json", "--out",
                            str(tmp_path / "r.html"))
        assert code == 0
        reports.append(json.loads(out)["assessments"])
    assert reports[0] == reports[1] and len(reports[0]) >= 20


def test_report_writes_a_workbook_with_the_units_behind_target_first(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "hue.xlsx"
    _run(capsys, "template", "thua-thien-hue-208-2021", "--on", "2025-07-01", "--year", "2025",
         "--out", str(book))
    _fill(book, seed=3)
    out = tmp_path / "report.xlsx"
    code, _, _ = _run(capsys, "report", "thua-thien-hue-208-2021", str(book), "--on",
                      "2025-12-31", "--format", "xlsx", "--out", str(out))
    assert code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["Chưa đạt", "Đánh giá"] and "Bất thường" in wb.sheetnames
    ws = wb["Chưa đạt"]
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "unit") + 1
    codes = rows[start - 1]
    behind = [dict(zip(codes, r, strict=True)) for r in rows[start:]]
    assert behind and {r["status"] for r in behind} <= {"not met", "off track"}
    assert all(isinstance(r["observed"], (int, float)) or r["observed"] is None for r in behind)


def test_a_drafted_plan_must_name_its_columns_first(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from childprotect.extract import extract_text
    from childprotect.formats.convert import dumps
    from childprotect.plans.indicators import UNNAMED
    from childprotect.plans.measures import measures_for

    draft = extract_text("ỦY BAN NHÂN DÂN\nTỈNH THỪA THIÊN HUẾ\nKẾ HOẠCH\nBẢO VỆ TRẺ EM NĂM "
                         "2024\nI. MỤC TIÊU\n- Giảm tỷ lệ suy dinh dưỡng thể thấp còi trẻ em "
                         "dưới 5 tuổi xuống dưới 9%.")
    d = measures_for(draft.plan)
    assert [m.measure for m in d.measures] == [UNNAMED]
    assert d.relations == ()  # a column is never "part of" itself
    plan = tmp_path / "draft.json"
    plan.write_text(dumps(draft.plan), "utf-8")
    code, _, err = _run(capsys, "template", str(plan), "--on", "2025-07-01", "--year", "2025",
                        "--within", "46", "--out", str(tmp_path / "t.xlsx"))
    assert code == 2 and "'to_name'" in err and "docs/extract.md" in err
    assert not (tmp_path / "t.xlsx").exists()


def test_the_csv_template_filled_in_is_read_back_alone(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The CSV template (a line of headings, then the codes, then a unit and its name a
    line) was refused by rollup, report and dhis2 when given alone ("missing column
    'unit'"; without the headings, "column 'name': holds text"): one file went to the
    counts reader, which wants the codes on line 1 and takes every column for a count."""
    book = tmp_path / "hue.xlsx"
    sheet = tmp_path / "hue.csv"
    for out, fmt in ((book, "xlsx"), (sheet, "csv")):
        assert _run(capsys, "template", "thua-thien-hue-208-2021", "--on", "2025-07-01",
                    "--year", "2025", "--out", str(out), "--format", fmt)[0] == 0
    filled = _fill(book, seed=3)
    rows = list(csv.reader(sheet.read_text("utf-8-sig").splitlines()))
    codes = rows[1]
    with sheet.open("w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerows(rows[:2])
        for row in rows[2:]:
            w.writerow([filled.get((row[0], c), cell) for c, cell in zip(codes, row,
                                                                          strict=True)])
    for command in (["rollup", "--format", "csv"],
                    ["dhis2", "--period", "2025", "--map", "communes=XYZ", "--only-mapped"]):
        outs = []
        for data in (book, sheet):
            code, out, err = _run(capsys, command[0], str(data), *command[1:])
            assert code in (0, 1), err
            outs.append(out)
        assert outs[0] == outs[1] and outs[0].count("\n") > 40
    reports = []
    for data in (book, sheet):
        code, out, err = _run(capsys, "report", "thua-thien-hue-208-2021", str(data), "--on",
                              "2025-12-31", "--format", "json", "--out",
                              str(tmp_path / "r.html"))
        assert code == 0, err
        reports.append(json.loads(out)["assessments"])
    assert reports[0] == reports[1]


@pytest.mark.parametrize(("out", "fmt"), [("t.xlsx", "csv"), ("t.txt", None), ("t.csv", "xlsx")])
def test_a_template_is_named_as_its_format(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           out: str, fmt: str | None) -> None:
    """A CSV template was written under a .xlsx name (which every reader then refused), and
    a workbook under .txt."""
    args = ["template", "hong-ngu-2020", "--on", "2024-12-31", "--year", "2024", "--out",
            str(tmp_path / out), *(["--format", fmt] if fmt else [])]
    code, _, err = _run(capsys, *args)
    assert code == 2 and "template is named ." in err
    assert not (tmp_path / out).exists()

"""``childprotect assess`` on observed-data files as people send them: every problem is
one line naming the file (and the line), in the language asked for; a file without rows
says so."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from childprotect.cli import main
from tests.paths import EXAMPLES

EXAMPLE = EXAMPLES / "data" / "hue-observed.csv"
PLAN = "thua-thien-hue-208-2021"
LINES = EXAMPLE.read_text("utf-8").splitlines(keepends=True)
HEADER_AT = next(i for i, line in enumerate(LINES) if line.startswith("target,"))


def _docx(p: Path) -> None:
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")


def _text(edit: Callable[[str], str]) -> Callable[[Path], None]:
    return lambda p: p.write_text(edit("".join(LINES)), "utf-8")


def _line(i: int, edit: Callable[[str], str]) -> Callable[[Path], None]:
    def write(p: Path) -> None:
        lines = list(LINES)
        lines[HEADER_AT + i] = edit(lines[HEADER_AT + i])
        p.write_text("".join(lines), "utf-8")
    return write


#: (file, how it is written, the English error it gets; None: no error)
MESSY = [
    ("semicolon", _text(lambda t: t.replace(",", ";")), None),  # read as Excel saves it
    ("long_note", _line(1, lambda r: r.replace("synthetic", '"' + "x" * 200_000 + '"')),
     f"line {HEADER_AT + 2}: a cell runs on past 131072 characters"),
    ("blank_lines", _line(7, lambda r: "\n\n" + r.replace("1100", "1.100")),
     f"line {HEADER_AT + 10}: target 'CT3.1': numerator is not written as a whole number"),
    ("quoted_break", _line(1, lambda r: r.replace("synthetic", '"two\nlines"')), None),
    ("year_20233", _line(1, lambda r: r.replace("2023", "20233")),
     f"line {HEADER_AT + 2}: target 'CT1.1': year '20233' is not a year written with four"),
    ("trailing_comma", _line(0, lambda r: r.replace("\n", ",\n")), "ends with a comma"),
    ("dot0", _line(1, lambda r: r.replace("141,141", "141.0,141")), "it has a decimal part"),
    ("duplicate_row", _text(lambda t: t + LINES[HEADER_AT + 2]),
     f"lines {HEADER_AT + 3}, {len(LINES) + 1}: target 'CT1.2'"),
    ("header_only", _text(lambda t: "".join(LINES[:HEADER_AT + 1])), None),
    ("docx", _docx, "not a CSV text file but a Word document"),
    ("pdf", lambda p: p.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), "a PDF document"),
]


@pytest.mark.parametrize(("name", "write", "message"), MESSY, ids=[m[0] for m in MESSY])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_messy_files_get_one_line_naming_the_problem(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str,
        write: Callable[[Path], None], message: str | None, lang: str) -> None:
    p = tmp_path / f"{name}.csv"
    write(p)
    code = main(["assess", PLAN, str(p), "--on", "2025-06-30", "--lang", lang])
    err = capsys.readouterr().err
    if message is None:
        assert code in (0, 1) and "error" not in err and "lỗi" not in err
        return
    assert code == 2
    [line] = err.splitlines()
    prefix = "childprotect: error: " if lang == "en" else "childprotect: lỗi: "
    assert line.startswith(prefix + str(p)) and line.count(str(p)) == 1
    if lang == "en":
        assert message in line
    else:
        assert " line " not in line


def test_a_file_without_rows_says_so(capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    p = tmp_path / "empty.csv"
    p.write_text("".join(LINES[:HEADER_AT + 1]), "utf-8")
    assert main(["assess", PLAN, str(p), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1] == (f"the data file {p} has no rows: no target has an "
                                   "observation")
    assert main(["assess", PLAN, str(p)]) == 0
    assert f"tệp số liệu {p} không có dòng số liệu nào" in capsys.readouterr().out
    assert main(["assess", PLAN, str(p), "--format", "json", "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["assessments"] and f"note: the data file {p} has no rows" in err


def test_rows_of_years_after_on_are_set_aside_and_said(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As the main job does: the example holds 2025 rows; assessed on 2024-01-01 they are
    left out with a note naming the first (it was an error; before that, they were judged
    as known on that day)."""
    from childprotect.cli import main

    text = "target,year,numerator,denominator\nCT6.1,2023,15,1000\nCT6.1,2099,1,1000\n"
    f = tmp_path / "o.csv"
    f.write_text(text, "utf-8")
    main(["assess", "thua-thien-hue-208-2021", str(f), "--on", "2024-06-30", "--lang", "en",
          "--format", "json"])
    out, err = capsys.readouterr()
    assert err == (f"note: 1 row(s) of years after the day of the assessment (2024-06-30) are "
                   f"set aside, the first: {f}, line 3\n")
    [ct6] = [a for a in json.loads(out)["assessments"] if a["target"] == "CT6.1"]
    assert ct6["observed_year"] == 2023
    f.write_text(text.replace("2099", "2024"), "utf-8")
    main(["assess", "thua-thien-hue-208-2021", str(f), "--on", "2024-06-30", "--format", "json"])
    out, err = capsys.readouterr()
    [ct6] = [a for a in json.loads(out)["assessments"] if a["target"] == "CT6.1"]
    assert err == "" and ct6["observed_year"] == 2024

"""No English word in what the command writes in Vietnamese (the default language): the
reasons a file cannot be read or written, the prefixes of errors and warnings, level names,
anomaly summaries and the label of synthetic data."""

from __future__ import annotations

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

"""``childprotect extract``: the --review file is written whole or not at all, and a file
that cannot be written is a one-line error naming it, in the reader's language."""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Sequence
from pathlib import Path

import pytest

from childprotect.cli import cmd_extract, main

PLAN = "KẾ HOẠCH\nBẢO VỆ TRẺ EM NĂM 2021\nI. MỤC TIÊU\n- 90% trẻ em được trợ giúp.\n"


def run(capsys: pytest.CaptureFixture[str], argv: Sequence[str]) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    f = tmp_path / "plan.txt"
    f.write_text(PLAN, "utf-8")
    return f


def _one_error(err: str) -> str:
    assert "Traceback" not in err
    (line,) = err.splitlines()
    assert line.startswith("childprotect: ")
    return line


def test_the_review_file_is_written(capsys: pytest.CaptureFixture[str], plan: Path,
                                    tmp_path: Path) -> None:
    review = tmp_path / "r.json"
    code, out, _ = run(capsys, ["extract", str(plan), "--review", str(review)])
    assert code == 0 and out
    data = json.loads(review.read_text("utf-8"))
    assert data["findings"] and set(data) == {"plan", "cleaning", "findings", "review"}
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_a_missing_folder_is_named(capsys: pytest.CaptureFixture[str], plan: Path,
                                   tmp_path: Path) -> None:
    review = tmp_path / "nodir" / "r.json"
    code, out, err = run(capsys, ["extract", str(plan), "--review", str(review)])
    assert code == 2 and out == ""
    assert _one_error(err) == (f"childprotect: lỗi: không ghi được tệp --review {review}: "
                               f"thư mục {tmp_path / 'nodir'} không tồn tại")
    code, _, err = run(capsys, ["extract", str(plan), "--review", str(review), "--lang", "en"])
    assert code == 2
    assert _one_error(err) == (f"childprotect: error: cannot write the --review file {review}: "
                               f"the folder {tmp_path / 'nodir'} does not exist")


def test_a_folder_is_not_a_review_file(capsys: pytest.CaptureFixture[str], plan: Path,
                                       tmp_path: Path) -> None:
    code, _, err = run(capsys, ["extract", str(plan), "--review", str(tmp_path)])
    assert code == 2
    assert _one_error(err).endswith(f"--review {tmp_path}: đây là một thư mục")


def test_a_file_in_the_place_of_a_folder(capsys: pytest.CaptureFixture[str], plan: Path) -> None:
    review = plan / "r.json"
    code, _, err = run(capsys, ["extract", str(plan), "--review", str(review)])
    assert code == 2
    assert _one_error(err).endswith(f"{review}: {plan} không phải là thư mục")


def test_no_permission_is_said_in_words(capsys: pytest.CaptureFixture[str], plan: Path,
                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def denied(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    code, _, err = run(capsys, ["extract", str(plan), "--review", str(tmp_path / "r.json")])
    assert code == 2
    assert _one_error(err).endswith("r.json: không có quyền ghi vào đó")
    assert "Permission" not in err


def test_a_full_disk_leaves_no_partial_file_and_keeps_the_old_one(
        capsys: pytest.CaptureFixture[str], plan: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    review = tmp_path / "r.json"
    review.write_text("old", "utf-8")
    review.chmod(0o640)
    written: list[int] = []

    def full(fd: int, data: object) -> int:
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(1)
        return os.write(fd, bytes(memoryview(data))[:10])  # type: ignore[arg-type]

    monkeypatch.setattr(cmd_extract, "_write", full)
    code, out, err = run(capsys, ["extract", str(plan), "--review", str(review)])
    assert code == 2 and out == ""
    assert _one_error(err).endswith(f"--review {review}: ổ đĩa đã đầy")
    assert "No space" not in err
    assert review.read_text("utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.txt", "r.json"]
    monkeypatch.undo()
    assert run(capsys, ["extract", str(plan), "--review", str(review)])[0] == 0
    assert json.loads(review.read_text("utf-8"))["findings"]
    assert stat.S_IMODE(review.stat().st_mode) == 0o640


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_device_is_written_into(capsys: pytest.CaptureFixture[str], plan: Path) -> None:
    code, _, err = run(capsys, ["extract", str(plan), "--review", "/dev/full"])
    assert code == 2
    assert _one_error(err).endswith("--review /dev/full: ổ đĩa đã đầy")
    assert run(capsys, ["extract", str(plan), "--review", os.devnull])[0] == 0
    assert os.path.exists(os.devnull) and not os.path.isfile(os.devnull)


def test_the_input_is_not_overwritten(capsys: pytest.CaptureFixture[str], plan: Path) -> None:
    code, _, err = run(capsys, ["extract", str(plan), "--review", str(plan)])
    assert code == 2
    assert "là tệp mà lệnh đang đọc" in _one_error(err)
    assert plan.read_text("utf-8") == PLAN


# --- what is not the text of a plan ----------------------------------------------------------


@pytest.mark.parametrize(("name", "raw", "said"), [
    ("pdf.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "là một tệp PDF, không "
     "phải văn bản của một kế hoạch"),
    ("png.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(200)), "là một tệp ảnh (PNG)"),
    ("binary.txt", bytes(range(256)) * 20, "không phải tệp văn bản (nội dung nhị phân)"),
    ("fake.docx", b"PK\x03\x04 not really a zip", "không phải tài liệu Word (.docx) đọc được: "
     "tệp bị hỏng hoặc bị cắt cụt"),
    ("tcvn3.txt", b"U\xdf BAN NH\xa2N D\xa2N T\xccNH\n K\xd5 HO\xb9CH\n", "TCVN3 (ABC) hoặc VNI"),
])
def test_a_file_that_is_not_a_plan_s_text_is_named(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path, name: str, raw: bytes,
                                                   said: str) -> None:
    f = tmp_path / name
    f.write_bytes(raw)
    code, out, err = run(capsys, ["extract", str(f)])
    assert code == 2 and out == ""
    assert _one_error(err).startswith(f"childprotect: lỗi: '{f}' ")
    assert said in err and "plan-1900" not in err


def test_standard_input_is_read_as_bytes(capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(bytes(range(256)) * 12)))
    code, out, err = run(capsys, ["extract", "-"])
    assert code == 2 and out == ""
    assert _one_error(err).startswith("childprotect: lỗi: đầu vào chuẩn không phải tệp văn bản")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(PLAN.encode("utf-16"))))
    code, out, _ = run(capsys, ["extract", "-", "--format", "json"])
    assert code == 0 and json.loads(out)["targets"]

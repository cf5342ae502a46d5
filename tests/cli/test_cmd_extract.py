"""``childprotect extract``: the --review file is written whole or not at all, and a file
that cannot be written is a one-line error naming it, in the reader's language."""

from __future__ import annotations

import errno
import json
import os
import re
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
    assert _one_error(err).endswith("r.json: không có quyền truy cập")
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
    assert _one_error(err).endswith(f"--review {review}: ổ đĩa đã hết chỗ trống")
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
    assert _one_error(err).endswith("--review /dev/full: ổ đĩa đã hết chỗ trống")
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


# --- Vietnamese output: no English words, no English placeholder in the data ---------------


def test_a_draft_without_a_title_holds_no_placeholder(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    import jsonschema

    from tests.paths import ROOT

    f = tmp_path / "no-title.txt"
    f.write_text("12345\n\n- 90% trẻ em được trợ giúp.\n", "utf-8")
    code, out, _ = run(capsys, ["extract", str(f), "--format", "json"])
    assert code == 0
    plan = json.loads(out)
    assert plan["document"]["title_vi"] == "" and "no title" not in out
    schema = json.loads((ROOT / "src" / "childprotect" / "formats" / "schemas" /
                         "plan.schema.json").read_text("utf-8"))
    jsonschema.validate(plan, schema)
    code, out, _ = run(capsys, ["extract", str(f)])
    assert out.splitlines()[1] == "  (không tìm thấy tên văn bản: xem các điểm cần xem lại)"
    assert "no title" not in out
    code, out, _ = run(capsys, ["extract", str(f), "--lang", "en"])
    assert out.splitlines()[1] == "  (no title found: see what needs review)"


def test_standard_input_is_named_in_vietnamese(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(PLAN.encode())))
    code, out, _ = run(capsys, ["extract", "-", "--format", "json"])
    assert code == 0 and json.loads(out)["source"] == "bản dự thảo trích xuất từ đầu vào chuẩn"


#: English words the extractor's Vietnamese output once had (roles, --diff, placeholders).
ENGLISH = re.compile(r"\b(?:lead|coordinate|guide|implement|requested|propose|matched|recall|"
                     r"drafted|spurious|missing|extra|against|draft|standard input|no title)\b")


def _english(text: str) -> list[str]:
    # The quoted text of the plan and the machine keys of --diff are left out.
    kept = [line for line in text.splitlines() if not line.lstrip().startswith(("'", '"'))]
    return ENGLISH.findall(re.sub(r"\('[^)]*'\)", "", "\n".join(kept)))


@pytest.mark.seeds
def test_the_vietnamese_output_has_no_english_words(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    from tests.seedtext import SEED_FILES, SEEDS_DIR

    for plan_id, name in SEED_FILES.items():
        src = str(SEEDS_DIR / name)
        review = tmp_path / "r.json"
        _, out, _ = run(capsys, ["extract", src, "--review", str(review)])
        assert _english(out) == [], plan_id
        reasons = [r["reason"] for r in json.loads(review.read_text("utf-8"))["review"]]
        assert _english("\n".join(reasons)) == [], plan_id
        _, out, _ = run(capsys, ["extract", src, "--diff", plan_id])
        assert _english(out) == [], plan_id
        _, out, _ = run(capsys, ["extract", src, "--format", "json"])
        plan = json.loads(out)
        assert not {a["verb_vi"] for a in plan["matrix"]} & {
            "lead", "coordinate", "guide", "implement", "requested", "propose"}, plan_id
        assert _english("\n".join(plan.get("notes", []))) == [], plan_id


def test_confidences_are_written_as_the_reader_writes_numbers(
        capsys: pytest.CaptureFixture[str], plan: Path) -> None:
    _, out, _ = run(capsys, ["extract", str(plan)])
    assert re.search(r"\] 0,\d+ target T1: ", out)
    _, out, _ = run(capsys, ["extract", str(plan), "--lang", "en"])
    assert re.search(r"\] 0\.\d+ target T1: ", out)

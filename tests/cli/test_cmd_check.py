"""``childprotect check --text``: what is not the text of a plan is an error naming the file,
and a text says the same whatever its encoding."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pytest

from childprotect.cli import main

PLAN = "KẾ HOẠCH\nBẢO VỆ TRẺ EM NĂM 2021\nI. MỤC TIÊU\n- 90% trẻ em được trợ giúp.\n"


def run(capsys: pytest.CaptureFixture[str], argv: Sequence[str]) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("name", "raw", "said"), [
    ("pdf.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "là một tệp PDF"),
    ("fake.docx", b"PK\x03\x04 not really a zip", "không phải tài liệu Word (.docx) đọc được"),
    ("zip.docx", b"PK\x05\x06" + bytes(18), "không phải tài liệu Word (.docx) đọc được"),
    ("binary.txt", bytes(range(256)) * 20, "không phải tệp văn bản (nội dung nhị phân)"),
])
def test_a_file_that_is_not_a_plan_s_text_is_named(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path, name: str, raw: bytes,
                                                   said: str) -> None:
    f = tmp_path / name
    f.write_bytes(raw)
    code, out, err = run(capsys, ["check", "--text", str(f)])
    assert code == 2 and out == ""
    (line,) = err.splitlines()
    assert line.startswith(f"childprotect: lỗi: '{f}' ") and said in line
    assert "không thấy vấn đề nào" not in out


def test_standard_input_is_read_as_bytes(capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"%PDF-1.4\n" + bytes(300))))
    code, _, err = run(capsys, ["check", "--text", "-"])
    assert code == 2 and "đầu vào chuẩn là một tệp PDF" in err

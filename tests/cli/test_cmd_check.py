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


def test_a_text_with_no_letters_has_nothing_to_check(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(b"  \n\n\t \r\n")
    code, _, err = run(capsys, ["check", "--text", str(f)])
    assert code == 2
    assert err == (f"childprotect: lỗi: '{f}': văn bản không có chữ cái nào: không có gì để "
                   "kiểm tra\n")
    code, _, err = run(capsys, ["check", "--text", str(f), "--lang", "en"])
    assert err == f"childprotect: error: '{f}': the text has no letters: nothing to check\n"
    code, _, err = run(capsys, ["extract", str(f)])
    assert err == (f"childprotect: lỗi: '{f}': văn bản không có chữ cái nào: không có gì để "
                   "dự thảo\n")


def _cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes Vietnamese: base letters with the tone marks apart."""
    import unicodedata

    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(x for x in parts if x in "\u0300\u0301\u0303\u0309\u0323")
        out.append(unicodedata.normalize("NFC", "".join(x for x in parts if x not in tones))
                   + tones)
    return "".join(out).encode("cp1258")


def test_a_windows_1258_copy_is_checked_like_the_utf8_one(capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path) -> None:
    text = ("ỦY BAN NHÂN DÂN\nTỈNH THỪA THIÊN HUẾ\nSố: 208/KH-UBND\nThừa Thiên Huế, ngày 09 "
            "tháng 6 năm 2021\nKẾ HOẠCH\nBảo vệ trẻ em năm 2021\nI. MỤC TIÊU\n- 90% trẻ em có "
            "hoàn cảnh đặc biệt được trợ giúp, chăm sóc.\n")
    utf8, win = tmp_path / "u.txt", tmp_path / "w.txt"
    utf8.write_text(text, "utf-8")
    win.write_bytes(_cp1258(text))
    assert run(capsys, ["check", "--text", str(utf8), "--format", "json"])[0] == 0
    code, out, _ = run(capsys, ["check", "--text", str(win), "--format", "json"])
    assert (code, out) == (0, "[]\n")  # no text.mixed-normalisation: the encoding's, not the text's

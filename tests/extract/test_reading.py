"""Reading a plan document's bytes (childprotect.extract.reading): the encodings read, and
everything else refused with an error that names the file and says what it is."""

from __future__ import annotations

import io
import random
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from childprotect.extract import NotPlanText, read_text
from childprotect.extract.reading import decode_docx, decode_text, read_stream
from childprotect.i18n import use
from tests.extract.test_extract import _cp1258 as cp1258
from tests.seedtext import seed_text
from tests.strategies import VI_LETTERS

NAME = "'plan.txt'"
PLAN = "KẾ HOẠCH\nBẢO VỆ TRẺ EM NĂM 2021\nI. MỤC TIÊU\n- 90% trẻ em được trợ giúp.\n"


def refused(raw: bytes, *, docx: bool = False) -> str:
    """The English error for ``raw`` (an error must be raised)."""
    with pytest.raises(NotPlanText) as exc:
        (decode_docx if docx else decode_text)(raw, NAME)
    assert exc.value.__cause__ is None
    with use("en"):
        return str(exc.value)


# --- what is read --------------------------------------------------------------------------



#: What a plan's text is made of: Vietnamese letters, ASCII, line ends and tabs.
plan_text = st.text(alphabet=VI_LETTERS + VI_LETTERS.upper() + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    "0123456789 .,;:()%/-\n\t", max_size=300)


@given(plan_text)
def test_utf8_and_utf16_are_read_as_they_are(text: str) -> None:
    for raw in (text.encode("utf-8"), text.encode("utf-8-sig"), text.encode("utf-16"),
                b"\xfe\xff" + text.encode("utf-16-be")):
        assert decode_text(raw, NAME) == text


@given(plan_text)
def test_windows_1258_is_read_in_nfc(text: str) -> None:
    # The encoding keeps tone marks apart: the text read is composed, as a UTF-8 copy is.
    assert decode_text(cp1258(text), NAME) == unicodedata.normalize("NFC", text)


def test_a_utf8_file_cut_inside_its_last_letter_loses_only_that_letter() -> None:
    raw = "Kế hoạch bảo vệ trẻ".encode()
    assert decode_text(raw[:-1], NAME) == "Kế hoạch bảo vệ tr"
    assert decode_text(b"Ke hoach " + "tế".encode()[:-1], NAME) == "Ke hoach t"
    # One byte after ASCII is as likely a letter of Windows-1258 ("Hà" as H, a, grave):
    assert decode_text(cp1258("Ke hoach Hà"), NAME) == "Ke hoach Hà"


def test_a_few_stray_control_characters_are_read() -> None:
    text = PLAN * 20
    assert decode_text(text[:50].encode() + b"\x00\x00" + text[50:].encode(), NAME)


@given(st.binary(max_size=600))
def test_any_bytes_are_text_or_a_library_error(raw: bytes) -> None:
    for docx in (False, True):
        try:
            out = (decode_docx if docx else decode_text)(raw, NAME)
        except NotPlanText as exc:
            assert exc.__cause__ is None and str(exc).startswith(NAME)
        else:
            assert isinstance(out, str)


# --- what a file is, by its first bytes ----------------------------------------------------


def _zip(**members: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name.replace("__", "/"), data)
    return buf.getvalue()


def _docx(text: str) -> bytes:
    import docx  # the optional extra "docx" (python-docx), part of the test extra

    doc = docx.Document()
    for line in text.split("\n"):
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(("raw", "said"), [
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "is a PDF file, not the text of a "
     "plan: copy its text"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(200)), "is an image (PNG), not the text of a plan: a "
     "scanned page must first be read into text (OCR)"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(100), "is an image (JPEG)"),
    (b"GIF89a" + bytes(50), "is an image (GIF)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "is an Office 97–2003 document (.doc, "
     ".xls) or a document protected by a password, not the text of a plan: open it in Word "
     "and save it as .docx"),
    (b"{\\rtf1\\ansi Ke hoach}", "is an RTF document"),
    (_zip(a__txt="hello"), "is a ZIP archive, not the text of a plan: unpack it"),
    ("Kế hoạch".encode("utf-32"), "is text in UTF-32, which is not read: save it as UTF-8"),
])
def test_other_kinds_of_file_are_named(raw: bytes, said: str) -> None:
    assert refused(raw) .startswith(f"{NAME} {said}")


def test_a_word_document_named_as_text_is_told_to_be_renamed() -> None:
    assert refused(_docx(PLAN)) == (f"{NAME} is a Word document (.docx) under another name: "
                                    "name it .docx to read it")


# --- Word documents ------------------------------------------------------------------------


def test_a_word_document_is_read() -> None:
    assert decode_docx(_docx(PLAN), NAME).split("\n")[:3] == PLAN.split("\n")[:3]


@pytest.mark.parametrize(("raw", "why"), [
    (b"PK\x03\x04 not really a zip", "the file is damaged or cut short (its zip package cannot "
     "be opened); open it in Word and save it again"),
    (_zip(a__txt="hello"), "it is a zip archive with no Word document inside (no "
     "word/document.xml)"),
    (PLAN.encode(), "a .docx file is a zip package, and this file is not one (it may be a text "
     "or another kind of file renamed .docx)"),
    (b"%PDF-1.7\n", "it is a PDF file under a .docx name; copy its text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "it is an Office 97–2003 document"),
    (_zip(**{"[Content_Types].xml": "<x/>", "word__document.xml": "<not a document"}),
     "the document inside the package is damaged; open it in Word and save it again"),
])
def test_a_file_that_is_no_word_document_is_said_in_plain_words(raw: bytes, why: str) -> None:
    said = refused(raw, docx=True)
    assert said.startswith(f"{NAME} is not a Word document (.docx) that can be read: {why}")
    for foreign in ("Package not found", "There is no item named", "File is not a zip",
                    "KeyError", "XMLSyntaxError"):
        assert foreign not in said


def test_a_damaged_word_document_cut_short_is_refused() -> None:
    raw = _docx(PLAN)
    assert "damaged or cut short" in refused(raw[: len(raw) // 2], docx=True)


# --- bytes that are not text --------------------------------------------------------------


def test_random_bytes_are_not_text() -> None:
    rng = random.Random(20251204)
    for size in (64, 200, 3000, 5000):
        raw = bytes(rng.randrange(256) for _ in range(size))
        said = refused(raw)
        assert "is not a text file (binary content)" in said or "neither UTF-8 nor" in said \
            or "TCVN3" in said, said


@given(plan_text.filter(lambda t: len(t) >= 20), st.data())
def test_text_with_many_control_characters_is_refused(text: str, data: st.DataObject) -> None:
    n = len(text) // 50 + 1
    controls = data.draw(st.lists(st.sampled_from("\x00\x01\x02\x07\x1b\x7f"), min_size=n,
                                  max_size=n))
    spoilt = "".join(controls) + text
    said = refused(spoilt.encode())
    assert said.startswith(f"{NAME} is not a text file (binary content): {n} of its "
                           f"{len(spoilt)} characters are control characters")


def test_text_damaged_by_a_conversion_is_refused() -> None:
    said = refused(("Kế ho\ufffd\ufffdch b\ufffdo v\ufffd " * 5).encode())
    assert "replacement characters (�)" in said and "find the original file" in said


def test_utf16_without_its_mark_is_named() -> None:
    assert refused(PLAN.encode("utf-16-le")) == (f"{NAME} looks like UTF-16 text without its "
                                                 "byte-order mark: save it as UTF-8")
    assert "without its byte-order mark" in refused(PLAN.encode("utf-16-be"))


def test_damaged_utf16_is_an_error_not_a_crash() -> None:
    said = refused(PLAN.encode("utf-16") + b"\x00")  # an odd number of bytes
    assert said.startswith(f"{NAME} starts with the mark of UTF-16 text, but its bytes are not "
                           "UTF-16 from line 5")


def test_mixed_encodings_are_named() -> None:
    raw = "Kế hoạch\n".encode() + "Café résumé".encode("latin-1")
    assert refused(raw).startswith(f"{NAME} is UTF-8 up to line 2, where bytes that are not "
                                   "UTF-8 begin")


def test_bytes_neither_utf8_nor_windows_1258() -> None:
    assert "neither UTF-8 nor Windows-1258" in refused(cp1258("Kế hoạch") + b"\x81")


# --- TCVN3 (ABC) and VNI -------------------------------------------------------------------

#: TCVN3 (ABC): one byte for each Vietnamese letter with a mark; capitals with a tone are
#: written with the small letter's byte (the capitals' font draws it large).
_TCVN3 = dict(zip(
    "ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ",
    bytes([*range(0xA1, 0xAF), 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6,
           0xC7, 0xC8, 0xC9, 0xCA, 0xCB, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5,
           0xD6, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7,
           0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6,
           0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE]), strict=True))


def tcvn3(text: str) -> bytes:
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        code = _TCVN3.get(ch, _TCVN3.get(ch.lower()))
        out += bytes([code]) if code is not None else ch.encode("ascii", errors="replace")
    return bytes(out)


def _marked(text: str) -> int:
    return sum(1 for ch in text if ch in _TCVN3 or ch.lower() in _TCVN3)


def test_the_audit_s_tcvn3_sample_is_refused() -> None:
    raw = (b"U\xdf BAN NH\xa2N D\xa2N T\xccNH\n K\xd5 HO\xb9CH\n Th\xad\xeang tr\xecnh b\xb6o "
           b"v\xd6 tr\xbb em\n")
    said = refused(raw)
    assert said.startswith(f"{NAME} is not UTF-8, and read as Windows-1258 it has characters "
                           "Vietnamese does not use ('ß' (U+00DF), '¢' (U+00A2)")
    assert "TCVN3 (ABC) or VNI" in said and "save it as UTF-8" in said


@pytest.mark.seeds
@given(st.integers(0, 20_000), st.integers(40, 2_000))
def test_a_plan_in_tcvn3_is_refused(start: int, length: int) -> None:
    text = seed_text("thua-thien-hue-208-2021")[start:start + length]
    assume(_marked(text) >= 30)
    assert "TCVN3 (ABC) or VNI" in refused(tcvn3(text))
    # Typed with a TCVN3 font, then read as Unicode (a .docx in .VnTime, a copy and paste):
    pasted = tcvn3(text).decode("cp1252", errors="replace").encode()
    assert "seems to be typed in a TCVN3 (ABC) or VNI font" in refused(pasted)


@pytest.mark.seeds
def test_the_same_plan_in_windows_1258_is_read() -> None:
    text = seed_text("thua-thien-hue-208-2021")
    assert decode_text(cp1258(text), NAME) == text


# --- files and standard input -------------------------------------------------------------


def test_a_file_is_named_in_the_error(tmp_path: Path) -> None:
    f = tmp_path / "ke-hoach.txt"
    f.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(NotPlanText, match=r"^'.*ke-hoach\.txt' is a PDF file"), use("en"):
        read_text(f)
    d = tmp_path / "ke-hoach.docx"
    d.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(NotPlanText, match=r"ke-hoach\.docx' is not a Word document"), use("en"):
        read_text(d)


def test_a_stream_is_read_as_its_bytes() -> None:
    stream = io.TextIOWrapper(io.BytesIO(cp1258(PLAN)), encoding="utf-8")
    assert read_stream(stream, "standard input", 10_000) == PLAN
    with pytest.raises(NotPlanText, match="binary content"):
        read_stream(io.TextIOWrapper(io.BytesIO(bytes(range(256)) * 4)), "standard input",
                    10_000)
    with pytest.raises(NotPlanText, match="too large"), use("en"):
        read_stream(io.TextIOWrapper(io.BytesIO(PLAN.encode())), "standard input", 10)
    assert read_stream(io.StringIO(PLAN), "standard input", 10_000) == PLAN

"""CSV files in every encoding Excel writes, and the errors for the others."""

from __future__ import annotations

import codecs
import pickle
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.errors import InvalidTable
from childprotect.formats.tabular.reading import read_table
from childprotect.formats.tabular.sources import decode
from tests.formats.tabular.helpers import to_cp1258
from tests.strategies import VI_LETTERS

TEXT = "unit,name,children,special\r\n29971,Xã Phước Hưng,1.234,5\r\n29956,Phường Bà Rịa,,0\r\n"
EXPECTED = [
    {"unit": "29971", "name": "Xã Phước Hưng", "children": 1234, "special": 5},
    {"unit": "29956", "name": "Phường Bà Rịa", "children": None, "special": 0},
]

#: (name, how the text becomes bytes) for every encoding read.
ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: t.encode("utf-8-sig"),
    "utf-16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    # Windows-1258 stores Vietnamese with combining tone marks (decomposed)
    "cp1258": to_cp1258,
}


def _error(path: Path) -> str:
    with pytest.raises(InvalidTable) as info:
        read_table(path)
    return str(info.value)


def _rows(path: Path) -> list[dict[str, object]]:
    return [r.as_dict() for r in read_table(path)]


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_each_encoding_reads_the_same(tmp_path: Path, encoding: str) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes(ENCODINGS[encoding](TEXT))
    assert _rows(p) == EXPECTED
    names = [r["name"] for r in _rows(p)]
    assert all(unicodedata.is_normalized("NFC", n) for n in names)  # type: ignore[arg-type]


def test_cp1258_text_is_recomposed_to_nfc(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    raw = to_cp1258(TEXT)
    assert "ơ\u0301".encode("cp1258") in raw  # "ớ": the tone is a combining mark
    p.write_bytes(raw)
    t = read_table(p)
    assert t.encodings == {str(p): "Windows-1258"}
    assert t.rows[0]["name"] == "Xã Phước Hưng"


@pytest.mark.parametrize(("delimiter", "encoding"), [(";", "utf-8-bom"), ("\t", "utf-16-le-bom")])
def test_semicolons_and_tabs(tmp_path: Path, delimiter: str, encoding: str) -> None:
    """Excel writes ';' where the comma is the decimal mark, tabs in "Unicode Text"."""
    p = tmp_path / "a.csv"
    p.write_bytes(ENCODINGS[encoding](TEXT.replace(",", delimiter)))
    assert _rows(p) == EXPECTED


def test_tcvn3_text_is_an_error_naming_the_line(tmp_path: Path) -> None:
    # "Thừa Thiên Huế" in TCVN 5712 (the "TCVN3"/ABC encoding of the .Vn fonts), as
    # glibc's iconv writes it (`iconv -t TCVN5712-1`): Windows-1258 reads these bytes as
    # "Thơa Thiªn HuƠ", and "ª" is not in Vietnamese text.
    p = tmp_path / "a.csv"
    p.write_bytes(b"unit,name\r\n46,Th\xf5a Thi\xaan Hu\xd5\r\n")
    with pytest.raises(InvalidTable) as info:
        read_table(p)
    msg = str(info.value)
    assert msg.startswith(f"{p} line 2: bytes that are not UTF-8; read as Windows-1258 (the "
                          "Vietnamese Windows encoding), line 2 has 'ª' (U+00AA)")
    assert "TCVN3" in msg and "CSV UTF-8" in msg


def test_invalid_bytes_after_a_utf8_bom(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes(codecs.BOM_UTF8 + b"unit,name\n1,a\n2,\xff\n")
    assert _error(p).startswith(
        f"{p} line 3: bytes that are not UTF-8 although the file starts with the UTF-8 "
        "byte-order mark")


def test_truncated_utf16(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes(ENCODINGS["utf-16-le-bom"]("unit,a\n1,2\n")[:-1])  # half of the last "\n"
    assert _error(p).startswith(
        f"{p} line 2: bytes that are not UTF-16")


def test_utf16_without_bom(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes("unit,a\n1,2\n".encode("utf-16-le"))
    assert _error(p) == (
        f"{p}: the text looks like UTF-16 without a byte-order mark; save it as CSV UTF-8")


def test_utf32_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes("unit\n".encode("utf-32"))
    assert "UTF-32" in _error(p)


def test_nul_byte(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes(b"unit,a\n1,2\n3,\x004\n" + b"x" * 100)
    assert _error(p) == (
        f"{p} line 3: a NUL byte (the file is binary, not CSV text)")


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes(b"")
    assert _error(p) == f"{p}: the file is empty"


def test_row_with_a_cell_too_many(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text("unit,children\n29971,1,234\n", "utf-8")
    assert _error(p) == (
        f"{p} line 2: 3 cells but the header row (line 1) has 2 (a separator inside an "
        "unquoted cell?)")


def test_quoted_cell_over_two_lines_keeps_line_numbers(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text('unit,name,children\n1,"Xã\nA",2\n2,B,x\n', "utf-8")
    assert _error(p) == (
        f"{p} line 4, column C (children): holds text, not a whole number")


def test_thousands_and_decimal_comma(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text('unit,a,b\n1,"1.234.567", 12 \n2,"1,234",3\n', "utf-8")
    with pytest.raises(InvalidTable) as info:
        read_table(p)
    assert info.value.problems == (
        f"{p} line 3, column B (a): holds a number with a decimal comma (in Vietnamese writing "
        "the comma is the decimal mark, so it is not a whole number; write the count without "
        "separators, or group thousands with dots: 1.234)",)
    p.write_text('unit,a,b\n1,"1.234.567", 12 \n', "utf-8")
    assert _rows(p) == [{"unit": "1", "a": 1234567, "b": 12}]


def test_decode_names_the_encoding() -> None:
    assert decode(b"a\n", "x")[1] == "UTF-8"
    assert decode(codecs.BOM_UTF8 + b"a\n", "x")[1] == "UTF-8 with BOM"
    assert decode("a\n".encode("utf-16"), "x")[1] == "UTF-16"
    assert decode(to_cp1258("ướ\n"), "x") == ("ướ\n", "Windows-1258")


_cell_text = st.text(alphabet=VI_LETTERS + VI_LETTERS.upper() + " ,.;\"'-()/\n", max_size=20)
_counts = st.none() | st.integers(0, 10**12)


@st.composite
def _tables(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, str, list[int | None]]]]:
    n_counts = draw(st.integers(1, 4))
    measures = [f"m{i}" for i in range(n_counts)]
    codes = draw(st.lists(st.from_regex(r"[0-9]{5}", fullmatch=True), min_size=1, max_size=8,
                          unique=True))
    rows = [(c, draw(_cell_text), draw(st.lists(_counts, min_size=n_counts,
                                                 max_size=n_counts))) for c in codes]
    return measures, rows


def _csv_text(measures: list[str], rows: list[tuple[str, str, list[int | None]]],
              delimiter: str) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(["unit", "name", *measures])
    for code, name, counts in rows:
        w.writerow([code, name, *["" if c is None else c for c in counts]])
    return buf.getvalue()


@given(table=_tables(), encoding=st.sampled_from(list(ENCODINGS)),
       delimiter=st.sampled_from([",", ";", "\t"]))
def test_any_supported_encoding_reads_back_identically(
        tmp_path_factory: pytest.TempPathFactory,
        table: tuple[list[str], list[tuple[str, str, list[int | None]]]],
        encoding: str, delimiter: str) -> None:
    measures, rows = table
    p = tmp_path_factory.mktemp("enc") / "a.csv"
    p.write_bytes(ENCODINGS[encoding](_csv_text(measures, rows, delimiter)))
    got = [r.as_dict() for r in read_table(p)]
    want = []
    for code, name, counts in rows:
        stripped = name.strip(" \n")
        want.append({"unit": code, "name": unicodedata.normalize("NFC", stripped) or None,
                     **dict(zip(measures, counts, strict=True))})
    assert got == want


def test_long_table_with_comment_lines(tmp_path: Path) -> None:
    """Observations by target and year (as assess reads them): comments above the header
    are kept, and a key may repeat when the table is not one row per key."""
    from decimal import Decimal

    from childprotect.formats.tabular.cells import Kind
    from childprotect.formats.tabular.table import Column

    p = tmp_path / "observed.csv"
    p.write_text("# synthetic data, not real figures\ntarget,year,value,numerator,denominator\n"
                 "CT6.1,2023,\"1,5\",,\nCT6.1,2024,,148,10000\n", "utf-8")
    cols = [Column("year", Kind.CODE), Column("value", Kind.DECIMAL, False),
            Column("numerator", Kind.COUNT, False), Column("denominator", Kind.COUNT, False)]
    t = read_table(p, cols, key=("target",), other=None, unique=False)
    assert t.above == {str(p): ("# synthetic data not real figures",)}
    assert [(r["target"], r["year"], r["value"], r["numerator"]) for r in t] == [
        ("CT6.1", "2023", Decimal("1.5"), None), ("CT6.1", "2024", None, 148)]
    with pytest.raises(InvalidTable, match="is also at"):
        read_table(p, cols, key=("target",), other=None)


@pytest.mark.parametrize(("head", "what"), [
    (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive (a Word document, or an Excel workbook?)"),
    (b"PK\x05\x06" + bytes(18), "a ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "an Office file of the old format"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "a PDF file, not CSV text: the data must be a table"),
    (b"\x89PNG\r\n\x1a\n", "an image (PNG), not CSV text: the data must be a table"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "an image (JPEG), not CSV text"),
    (b"{\\rtf1\\ansi ", "an RTF document, not CSV text"),
])
def test_a_document_named_as_csv_says_what_it_is(head: bytes, what: str) -> None:
    """A .docx renamed .csv was called UTF-16 text (its NUL bytes), a PDF text that is
    neither UTF-8 nor Windows-1258."""
    with pytest.raises(InvalidTable, match=re.escape(f"d.csv: {what}")):
        decode(head + b"unit,period\n" + bytes(40), "d.csv")


def test_reading_stops_after_so_many_problems_and_says_so_in_the_readers_language(
        tmp_path: Path) -> None:
    """The last line was English to every reader."""
    from childprotect.errors import InvalidTable
    from childprotect.formats.tabular.reading import MAX_PROBLEMS, read_table
    from childprotect.i18n import use

    f = tmp_path / "d.csv"
    f.write_text("unit,period,children\n" + "".join(
        f"{i:05d},2024,x\n" for i in range(1, MAX_PROBLEMS + 6)), "utf-8")
    for lang, said in (("vi", f"… ngừng đọc sau {MAX_PROBLEMS} vấn đề"),
                       ("en", f"… reading stopped after {MAX_PROBLEMS} problems")):
        with use(lang), pytest.raises(InvalidTable) as got:
            read_table(f, key=("unit", "period"))
        assert got.value.stopped == said and len(got.value.problems) == MAX_PROBLEMS
        text = str(got.value)
        assert text.endswith(f"\n  {said}") and f"{MAX_PROBLEMS} " in text.split("\n")[0]
        assert pickle.loads(pickle.dumps(got.value)).stopped == said

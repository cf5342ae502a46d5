"""Reading observed data from CSV (childprotect.formats.observations): every record is
named by the line it starts on, once, and every problem is a library error that says
what is wrong."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.formats.observations import parse_observed_csv, read_observed
from childprotect.i18n import use
from childprotect.plans.assessment import InvalidObservation

HEADER = "target,year,value,unit,numerator,denominator,note,reporting,expected\n"
ROW = "CT6.1,2023,,,15,1000,,,\n"


def error(text: str, source: str = "data.csv") -> str:
    with pytest.raises(InvalidObservation) as info:
        parse_observed_csv(text, source)
    return str(info.value)


# --- long cells and what csv cannot read -------------------------------------------------------

def test_a_cell_longer_than_csvs_limit_is_an_error_naming_its_line() -> None:
    """It was a ``_csv.Error`` traceback. The limit, which is the whole process's, is not
    raised: a note of 131,072 characters is a quote left open far more often than a note."""
    before = csv.field_size_limit()
    note = "x" * (before + 10)
    assert error(HEADER + ROW + f'CT6.1,2023,,,15,1000,"{note}",,\n' + ROW).startswith(
        "data.csv line 3: a cell runs on past 131072 characters: a double quote")
    assert csv.field_size_limit() == before


def test_a_quote_never_closed_is_an_error_at_the_line_it_opens() -> None:
    # csv would read every following row into this one note, silently
    text = HEADER + ROW + 'CT6.1,2024,,,15,1000,"a note\n' + ROW + ROW
    assert error(text).startswith("data.csv line 3: a double quote (\") opens a cell that is "
                                  "never closed")


def test_text_after_a_closing_quote_is_an_error() -> None:
    msg = error(HEADER + 'CT6.1,2023,,,15,1000,"a"b,,\n')
    assert msg.startswith("data.csv line 2: text after the closing quote of a cell")


# --- line numbers -------------------------------------------------------------------------------

@st.composite
def files(draw: st.DrawFn) -> tuple[str, list[int], int]:
    """A CSV text, the line each row starts on, and the row given a bad numerator."""
    comments = draw(st.integers(0, 3))
    lines = [f"# comment {i}\n" for i in range(comments)] + [HEADER]
    starts: list[int] = []
    n_rows = draw(st.integers(1, 6))
    bad = draw(st.integers(0, n_rows - 1))
    for i in range(n_rows):
        lines += ["\n"] * draw(st.integers(0, 2))
        breaks = draw(st.integers(0, 2))
        note = '"' + "\n".join(["part"] * (breaks + 1)) + '"' if breaks else ""
        starts.append("".join(lines).count("\n") + 1)
        numerator = "1.100" if i == bad else "15"
        lines.append(f"CT6.1,{2000 + i},,,{numerator},1000,{note},,\n")
    return "".join(lines), starts, bad


@given(files())
def test_each_row_is_named_by_the_line_it_starts_on(case: tuple[str, list[int], int]) -> None:
    text, starts, bad = case
    msg = error(text)
    assert msg.startswith(f"data.csv, line {starts[bad]}: target 'CT6.1': numerator is not")
    assert msg.count("data.csv") == 1
    good = text.replace("1.100", "15")
    assert [r.line for r in parse_observed_csv(good).observations] == starts


def test_the_place_is_named_once_and_in_the_language_in_use() -> None:
    text = "# a comment\n" + HEADER + "\n" + "CT1.1,20230,,,141,141,,,\n"
    en = error(text, "a22.csv")
    assert en == ("a22.csv, line 4: target 'CT1.1': year '20230' is not a year written with "
                  "four digits, such as 2023")
    with use("vi"):
        vi = error(text, "a22.csv")
    assert vi.startswith("a22.csv, dòng 4: chỉ tiêu 'CT1.1': năm '20230'")
    assert "line" not in vi and vi.count("a22.csv") == 1


# --- years --------------------------------------------------------------------------------------

@pytest.mark.parametrize("year", ["20233", "-2023", "203", "2023.0", "31/12/2023", "+2023",
                                  "２０２３"])
def test_a_year_has_four_digits(year: str) -> None:
    msg = error(HEADER + f"CT6.1,{year},,,15,1000,,,\n")
    assert msg == (f"data.csv, line 2: target 'CT6.1': year {year!r} is not a year written "
                   "with four digits, such as 2023")


@given(st.integers(-10**6, 10**6))
def test_the_years_read_are_those_from_1900_to_2100(year: int) -> None:
    text = HEADER + f"CT6.1,{year},,,15,1000,,,\n"
    if 1900 <= year <= 2100:
        assert parse_observed_csv(text).observations[0].year == year
    else:
        assert error(text).startswith("data.csv, line 2: target 'CT6.1': year ")


# --- the header ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "message"), [
    (HEADER.replace("\n", ",\n"), "the header ends with a comma, so its column 10 has no name"),
    ("target,,year\n", "column 2 of the header has no name"),
    (HEADER.replace("\n", ",numerator\n"), "the column 'numerator' is named twice in the "
     "header (columns 5 and 10)"),
    ("Target, year\n", "column names are written in lower case, without spaces around them: "
     "'Target' → 'target', ' year' → 'year'"),
    ("target,year,amount\n", "the header must name 'target' and only the columns"),
])
def test_what_is_wrong_with_a_header_is_said(header: str, message: str) -> None:
    assert error("# synthetic\n\n" + header + ROW).startswith(f"data.csv, line 3: {message}")


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n\n"])
def test_a_file_without_a_header(text: str) -> None:
    assert error(text) == "data.csv: no header line: the file is empty or has only comments"


def test_more_cells_than_columns_are_counted_not_quoted() -> None:
    msg = error(HEADER + "CT6.1,2023,,,15,1000,,,,Nguyễn Văn A,12 Lê Lợi\n")
    assert msg == "data.csv, line 2: 11 cells, more than the 9 columns of the header"


# --- whole numbers ------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "why"), [
    ("141.0", "it has a decimal part; write digits only, without .0"),
    ("141,00", "it has a decimal part"),
    ("+1562", "it has a sign; write digits only"),
    ("-141", "it has a sign"),
    ("10.000", "it has a dot, comma or space in it; write digits only, without thousands "
     "separators or a decimal part"),
    ("1 562", "it has a dot, comma or space in it"),
    ("#N/A", "it is not a number; leave the cell empty when there is nothing to give"),
    ("-", "it is not a number"),
    ("1e3", "write digits only"),
])
def test_why_a_count_is_not_a_whole_number(cell: str, why: str) -> None:
    msg = error(HEADER + f'CT6.1,2023,,,"{cell}",1000,,,\n')
    assert msg.startswith(f"data.csv, line 2: target 'CT6.1': numerator is not written as a "
                          f"whole number: {why}")
    assert cell not in msg or cell in why  # the count is never quoted


# --- files that are no CSV text -----------------------------------------------------------------

def _zip(*names: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in names:
            z.writestr(name, "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize(("raw", "what"), [
    (_zip("[Content_Types].xml", "word/document.xml"), "a Word document (.docx)"),
    (_zip("[Content_Types].xml", "xl/workbook.xml"), "an Excel workbook (.xlsx)"),
    (_zip("data.csv"), "a ZIP archive"),
    (b"PK\x03\x04 damaged", "a ZIP archive"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "an Office 97–2003 file"),
    (b"\x89PNG\r\n\x1a\n" + bytes(20), "an image (PNG)"),
    (b"{\\rtf1\\ansi target,year", "an RTF document"),
])
def test_a_file_that_is_not_csv_text_is_named_by_what_it_is(tmp_path: Path, raw: bytes,
                                                            what: str) -> None:
    p = tmp_path / "data.csv"
    p.write_bytes(raw)
    with pytest.raises(InvalidObservation) as info:
        read_observed(p)
    assert str(info.value).startswith(f"{p}: not a CSV text file but {what}")


def test_encodings_every_csv_reader_reads(tmp_path: Path) -> None:
    """UTF-16 (Excel's "Unicode Text") and Windows-1258 are read as the counts files are
    (they were refused: "save the file as CSV UTF-8")."""
    p = tmp_path / "data.csv"
    p.write_bytes((HEADER + ROW).encode("utf-16"))
    assert [(o.target, o.numerator) for o in read_observed(p).observations] == [("CT6.1", 15)]
    p.write_bytes((HEADER + ROW).encode() + b"CT6.1,2024,,,15,1000,Hu\xea,,\n")
    assert [o.note for o in read_observed(p).observations] == [None, "Huê"]


def test_bytes_that_are_no_text(tmp_path: Path) -> None:
    p = tmp_path / "data.csv"
    p.write_bytes((HEADER + ROW).encode() + b"CT6.1,\x81\x8d\x8f\x90\xff,,\n")
    with pytest.raises(InvalidObservation, match=r"data\.csv line 3: bytes that are not UTF-8"):
        read_observed(p)
    p.write_bytes((HEADER + "CT6.1,2023,,,1\x0041,1000,,,\n").encode())
    with pytest.raises(InvalidObservation, match=r"line 2: a NUL byte \(the file is binary"):
        read_observed(p)


def test_a_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "data.csv").mkdir()
    with pytest.raises(InvalidObservation, match=r"data\.csv: it is a folder"):
        read_observed(tmp_path / "data.csv")


_local_rows = st.lists(st.tuples(
    st.sampled_from(["CT1.1", "CT6.1", "CT9.1"]), st.integers(2021, 2025),
    st.one_of(st.none(), st.decimals(min_value=0, max_value=10**7, places=3, allow_nan=False,
                                     allow_infinity=False)),
    st.one_of(st.none(), st.integers(0, 10**7)), st.one_of(st.none(), st.integers(1, 10**7))),
    max_size=6)


def _vietnamese(n: object) -> str:
    """A number as Excel writes it where the comma is the decimal mark: 1.234,5."""
    whole, _, part = format(n, "f").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    part = part.rstrip("0")
    return grouped + ("," + part if part else "")


@given(_local_rows, st.sampled_from([";", "\t"]), st.booleans())
def test_semicolon_files_read_numbers_as_vietnamese_writes_them(
        rows: list[tuple[str, int, Decimal | None, int | None, int | None]], sep: str,
        sep_line: bool) -> None:
    """Excel saves CSV with semicolons (or tabs) where the comma is the decimal mark, as in
    Vietnamese: such a file, its numbers written 1.234,5, reads as the same data written
    with commas and dots (it was refused: Excel there cannot write commas), with or
    without Excel's first line naming the separator (``sep=;``)."""
    plain, local = [HEADER], [f"sep={sep}\n"] * sep_line + [HEADER.replace(",", sep)]
    for target, year, value, num, den in rows:
        cells = [target, str(year), "" if value is None else format(value, "f"), "", "" if
                 num is None else str(num), "" if den is None else str(den), "", "", ""]
        plain.append(",".join(cells) + "\n")
        cells[2] = "" if value is None else _vietnamese(value)
        cells[4:6] = ["" if x is None else _vietnamese(x) for x in (num, den)]
        local.append(sep.join(cells) + "\n")
    a = parse_observed_csv("".join(plain), "a.csv").observations
    b = parse_observed_csv("".join(local), "b.csv").observations
    assert [(r.target, r.year, r.value, r.numerator, r.denominator) for r in a] == [
        (r.target, r.year, r.value, r.numerator, r.denominator) for r in b]


@pytest.mark.parametrize(("row", "message"), [
    ("CT6.1;2023;-1,5;;;;;;\n", "value is not a number written like 1,5 or 1.234,5"),
    ("CT6.1;2023;;;1,5;10;;;\n", "numerator holds"),
    ("CT6.1;2023;;;abc;10;;;\n", "numerator holds text"),
])
def test_semicolon_files_name_what_is_wrong(row: str, message: str) -> None:
    got = error(HEADER.replace(",", ";") + row)
    assert got.startswith("data.csv, line 2: target 'CT6.1': " + message)
    got = error("sep=;\n" + HEADER.replace(",", ";") + row)
    assert got.startswith("data.csv, line 3: target 'CT6.1': " + message)


def test_a_header_ending_with_its_separator_is_named() -> None:
    assert error("sep=;\n" + HEADER.replace(",", ";").replace("\n", ";\n") + "CT6.1;2023"
                 ) == ("data.csv, line 2: the header ends with its separator ';', so its column "
                       "10 has no name; remove the last ';' of the header (and of each row)")
    assert error("sep=;\n\n").startswith("data.csv: no header line")
    assert error("sep=;\n# only a comment\n").startswith("data.csv: no header line")


def test_comments_after_the_separator_line_are_comments() -> None:
    """``sep=;`` then the comments a CSV file may start with: they were taken for the
    header ("got # synthetic data")."""
    got = parse_observed_csv("sep=;\n# synthetic data\n\n" + HEADER.replace(",", ";")
                             + "CT6.1;2023;;;15;1000;;;\n", "o.csv")
    assert got.synthetic and got.comments == ("synthetic data",)
    assert [(o.target, o.numerator) for o in got.observations] == [("CT6.1", 15)]


def test_a_unit_is_read_as_an_officer_writes_it() -> None:
    """``%`` was refused ("not one of count, percent, …"), though it is how a percentage
    is written; the unit's code is read as before, and a word that is no unit is still
    an error naming the target."""
    rows = {u: parse_observed_csv(HEADER + f"CT6.1,2023,12.5,{u},,,,,\n", "d.csv")
            for u in ("%", "percent", "Phần trăm")}
    assert len({repr(r) for r in rows.values()}) == 1
    assert "unit 'phần' is not one of" in error(HEADER + "CT6.1,2023,12.5,phần,,,,,\n")

"""The workbook's own parts: the same workbook as XlsxWriter writes of the same sheets
(every cell's value, type, number format, font, fill and alignment; widths, heights, frozen
pane, printed titles, page setup), numbers as exact doubles, rows made a block at a time."""

from __future__ import annotations

import datetime as dt
import tempfile
import zipfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childprotect.errors import ValidationError
from childprotect.formats.tabular import _xlsx
from childprotect.formats.tabular.workbook import (
    HIDDEN,
    ColumnKind,
    ColumnSpec,
    SheetSpec,
    StatusStyle,
    write_workbook,
)

from .xlsx_reference import reference, same, shown

STATUSES = (StatusStyle("met", "Đạt", "C6EFCE", "006100"),
            StatusStyle("behind", "Chưa đạt & chậm", "FFC7CE", "9C0006"),
            StatusStyle("gap", " thiếu số liệu ", "eeeeee", "1f4e79"))  # (lower case too)

_TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"),
            min_size=1, max_size=8),
    st.sampled_from(["Xã A & B", "<b>", " lề ", "a\tb", "dòng\nhai", "Phu\u031bo\u031b\u0300ng",
                     "1e3", "=1+1", "0001", "a>b<c", "\u00a0x"]))
_NUMBER = st.one_of(
    st.fractions(min_value=-10**6, max_value=10**6, max_denominator=10**4),
    st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False,
                allow_infinity=False),
    st.integers(-10**9, 10**9))


def _value(kind: ColumnKind) -> st.SearchStrategy[object]:
    value: st.SearchStrategy[object] = {
        ColumnKind.TEXT: _TEXT, ColumnKind.CODE: _TEXT,
        ColumnKind.INTEGER: st.one_of(st.integers(-2**53 + 1, 2**53 - 1), st.just(HIDDEN)),
        ColumnKind.NUMBER: st.one_of(_NUMBER, st.just(HIDDEN)),
        ColumnKind.STATUS: st.sampled_from([s.key for s in STATUSES]),
        ColumnKind.DATE: st.one_of(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
                                   st.sampled_from([dt.date(1900, 2, 28), dt.date(1900, 3, 1),
                                                    dt.date(2024, 2, 29)])),
    }[kind]
    return st.one_of(st.none(), value)


@st.composite
def sheets(draw: st.DrawFn) -> SheetSpec:
    kinds = draw(st.lists(st.sampled_from(list(ColumnKind)), min_size=1, max_size=6))
    columns = []
    for n, kind in enumerate(kinds):
        header = draw(st.sampled_from(["Mã", "Tên đơn vị", "Số trẻ em được hỗ trợ", "Tỷ lệ",
                                       "x" * 40])) + f" {n}"
        columns.append(ColumnSpec(
            header, kind, code=f"c{n}",
            width=draw(st.none() | st.integers(1, 60)),
            places=draw(st.sampled_from([None, 0, 1, 2])) if kind is ColumnKind.NUMBER else 2,
            exact=kind is ColumnKind.NUMBER and draw(st.booleans())))
    rows = draw(st.lists(st.tuples(*(_value(k) for k in kinds)), max_size=8))
    return SheetSpec(
        draw(st.sampled_from(["Xã", "Tổng hợp", "Bất thường", "it's"])), columns, rows,
        title=draw(st.sampled_from(["", "Kết quả 2025"])),
        notes=draw(st.lists(st.sampled_from(["Số liệu tổng hợp", "× : ẩn"]), max_size=2)),
        statuses=STATUSES if ColumnKind.STATUS in kinds or draw(st.booleans()) else (),
        codes=draw(st.booleans()), frozen_columns=draw(st.integers(0, len(columns))),
        lang=draw(st.sampled_from(["vi", "en"])))


@given(st.lists(sheets(), min_size=1, max_size=3, unique_by=lambda s: s.name.casefold()))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_same_workbook_as_xlsxwriter_writes(specs: list[SheetSpec]) -> None:
    with tempfile.TemporaryDirectory() as d:
        ours = shown(write_workbook(Path(d) / "ours.xlsx", specs))
        theirs = shown(reference(Path(d) / "theirs.xlsx", specs))
    assert same(ours, theirs) == []


def test_a_rollup_workbook_is_the_same_as_xlsxwriter_writes(tmp_path: Path) -> None:
    """A real rollup: the synthetic Hồng Ngự file, every level, rates and anomalies."""
    import csv

    from childprotect.formats.tabular.results import rollup_sheets
    from childprotect.rollup import Measure, Measures, Record, rollup
    from childprotect.units.registry import bundled

    data = Path(__file__).resolve().parents[3] / "examples" / "data" / \
        "rollup-synthetic-hong-ngu-2024.csv"
    with data.open(encoding="utf-8") as f:
        lines = list(csv.DictReader(f))
    counts = [k for k in lines[0] if k not in ("unit", "period")]
    records = [Record(d["unit"], d["period"], {k: int(d[k]) if d[k] else None for k in counts})
               for d in lines]
    m = Measures([*(Measure.count(c) for c in counts),
                  Measure.rate("pct", "special", "children", factor=100)])
    h = bundled().on(dt.date(2024, 12, 31))
    specs = rollup_sheets([(rollup(records, h, m), None)])
    ours = shown(write_workbook(tmp_path / "ours.xlsx", specs))
    theirs = shown(reference(tmp_path / "theirs.xlsx", list(specs)))
    assert len(ours) > 200
    assert same(ours, theirs) == []


@given(st.lists(_NUMBER, min_size=1, max_size=20))
@settings(max_examples=50, deadline=None)
def test_a_number_is_the_nearest_double(values: list[object]) -> None:
    """A number cell holds the double nearest the exact value (its repr: 17 digits where
    needed), not one rounded to 16 digits."""
    import python_calamine

    with tempfile.TemporaryDirectory() as d:
        p = write_workbook(Path(d) / "n.xlsx", [SheetSpec("S", (
            ColumnSpec("Tỷ lệ", ColumnKind.NUMBER),), [(v,) for v in values])])
        got = python_calamine.CalamineWorkbook.from_path(str(p)).get_sheet_by_name(
            "S").to_python()
    assert [row[0] for row in got[1:]] == [float(v) for v in values]  # type: ignore[arg-type]


def test_rows_are_made_a_block_at_a_time(tmp_path: Path) -> None:
    """Three blocks of rows (the widths from the first 1,000 only), the same as
    XlsxWriter's; a value refused in the third block stops the workbook, naming its row."""
    cols = (ColumnSpec("Mã", ColumnKind.CODE, code="unit"),
            ColumnSpec("Số", ColumnKind.INTEGER, code="n"),
            ColumnSpec("Tỷ lệ", ColumnKind.NUMBER, code="r", exact=True))
    rows: list[tuple[object, ...]] = [
        (f"{i:05d}", i, Fraction(i, 7)) for i in range(2_500)]
    rows[1_500] = ("x" * 70, 10**12, Fraction(1, 3))  # (after the first block: not measured)
    spec = SheetSpec("Xã", cols, rows, codes=True)
    ours = shown(write_workbook(tmp_path / "ours.xlsx", [spec]))
    assert same(ours, shown(reference(tmp_path / "theirs.xlsx", [spec]))) == []
    rows[2_344] = ("00001", 1.5, Fraction(1))
    with pytest.raises(ValidationError, match=r"row 2345, column 'Số': expected a whole"):
        write_workbook(tmp_path / "bad.xlsx", [SheetSpec("Xã", cols, rows)])
    assert not (tmp_path / "bad.xlsx").exists()


def test_the_first_refused_value_is_named_by_row_then_column(tmp_path: Path) -> None:
    cols = (ColumnSpec("A", ColumnKind.INTEGER), ColumnSpec("B", ColumnKind.TEXT),
            ColumnSpec("C", ColumnKind.DATE))
    rows = [(1, "a", None), (2, "b", "2025-01-01"), ("3", 5, None)]
    with pytest.raises(ValidationError, match=r"row 2, column 'C'"):
        write_workbook(tmp_path / "x.xlsx", [SheetSpec("S", cols, rows)])


def test_the_package_holds_its_parts_and_nothing_else(tmp_path: Path) -> None:
    p = write_workbook(tmp_path / "x.xlsx", [SheetSpec("Xã", (ColumnSpec("Mã"),), [("1",)]),
                                             SheetSpec("Tổng", (ColumnSpec("Mã"),), [])])
    with zipfile.ZipFile(p) as zf:
        assert zf.testzip() is None
        assert zf.namelist() == ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                                 "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
                                 "xl/worksheets/sheet2.xml", "xl/styles.xml"]
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    again = write_workbook(tmp_path / "y.xlsx", [SheetSpec("Xã", (ColumnSpec("Mã"),),
                                                           [("1",)]),
                                                 SheetSpec("Tổng", (ColumnSpec("Mã"),), [])])
    assert again.read_bytes() == p.read_bytes()  # (the same sheets, the same file)


def test_writing_needs_no_optional_package(tmp_path: Path) -> None:
    """A result workbook is written by the library alone: neither XlsxWriter nor openpyxl
    is imported (a plain install writes `rollup --format xlsx`)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "class Refuse:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('xlsxwriter', 'openpyxl', 'python_calamine'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Refuse())\n"
        "from childprotect.formats.tabular.workbook import *\n"
        "p = write_workbook(sys.argv[1], [SheetSpec('S', (ColumnSpec('Mã'),), [('1',)])])\n"
        "print(p.stat().st_size > 0)\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.xlsx")],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


@pytest.mark.parametrize(("k", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"),
                                            (702, "AAA"), (16_383, "XFD")])
def test_column_letters(k: int, letters: str) -> None:
    assert _xlsx.column_letter(k) == letters


@pytest.mark.parametrize(("text", "body", "keep"), [
    ("Xã A", "Xã A", ""),
    ("A & <B>", "A &amp; &lt;B&gt;", ""),
    (" lề", " lề", ' xml:space="preserve"'),
    ("a\r\nb", "a_x000D_\nb", ""),
    ("_x0041_", "_x005F_x0041_", ""),
    ("_x0041_x0042_", "_x005F_x0041_x005F_x0042_", ""),  # (two sharing an underscore)
    ("_x005F_x0041_", "_x005F_x005F_x005F_x0041_", ""),
    ("_x41_", "_x41_", ""),
])
def test_a_text_is_escaped_as_a_reader_undoes_it(text: str, body: str, keep: str) -> None:
    assert _xlsx.escape_text(text) == (body, keep)


def test_a_decimal_that_is_not_finite_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="not finite"):
        write_workbook(tmp_path / "x.xlsx", [SheetSpec("S", (
            ColumnSpec("Tỷ lệ", ColumnKind.NUMBER),), [(Decimal("NaN"),)])])



def test_a_workbook_is_written_into_a_device_and_a_pipe(tmp_path: Path) -> None:
    """The null device tells position 0 whatever was written, and a pipe tells none: the
    workbook is made whole in a temporary file, then copied, and what comes out of the pipe
    is the same workbook as the file."""
    import os
    import threading

    spec = [SheetSpec("Xã", (ColumnSpec("Mã", ColumnKind.CODE), ColumnSpec(
        "Số", ColumnKind.INTEGER)), [(f"{i:05d}", i) for i in range(2_500)], codes=False)]
    if os.path.exists(os.devnull):
        write_workbook(os.devnull, spec)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_workbook(fifo, spec)
    reader.join(timeout=60)
    (tmp_path / "piped.xlsx").write_bytes(got[0])
    assert same(shown(tmp_path / "piped.xlsx"),
                shown(write_workbook(tmp_path / "file.xlsx", spec))) == []


def test_a_workbook_refused_half_way_puts_nothing_into_a_pipe(tmp_path: Path) -> None:
    import os
    import threading

    rows: list[tuple[object, ...]] = [(i,) for i in range(2_500)]
    rows[2_400] = ("x",)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    with pytest.raises(ValidationError, match="row 2401"):
        write_workbook(fifo, [SheetSpec("S", (ColumnSpec("Số", ColumnKind.INTEGER),), rows)])
    if reader.is_alive():  # (nothing was opened for writing: let the reader go)
        with open(fifo, "wb"):
            pass
    reader.join(timeout=60)
    assert got == [b""]


def test_a_legend_wider_than_the_table_is_inside_the_sheets_extent(tmp_path: Path) -> None:
    """A reader that trusts the sheet's extent (openpyxl read-only) finds every label."""
    import openpyxl

    p = write_workbook(tmp_path / "l.xlsx", [SheetSpec("S", (ColumnSpec("Tên"),), [("a",)],
                                                       statuses=STATUSES)])
    ws = openpyxl.load_workbook(p, read_only=True)["S"]
    assert [v for v in next(ws.iter_rows(values_only=True)) if v] == [
        "Chú giải:", "Đạt", "Chưa đạt & chậm", " thiếu số liệu "]


@pytest.mark.parametrize(("value", "message"), [
    (Decimal("1E-40000"), "an exact value of more digits than a cell holds"),
    (Fraction(1, 3**70_000), "an exact value of more digits than a cell holds"),
    (Decimal("1E-50000000"), "an exact value of more digits than a cell holds"),
    (Decimal("1E+40000"), "too large for a spreadsheet"),  # (the number, before its text)
])
def test_an_exact_value_too_long_for_a_cell_is_refused(tmp_path: Path, value: object,
                                                      message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        write_workbook(tmp_path / "x.xlsx", [SheetSpec("S", (
            ColumnSpec("Tỷ lệ", ColumnKind.NUMBER, exact=True),), [(value,)])])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("text", ["_x0041_", "_x0041_x0042_", "_x005F_x0041_", "a\r\nb",
                                  "_x0041\r", "a_x000D\rz", "_x0041_\r",
                                  "_x000D_", "__x0041__", "_x41_", " lề ", "A & <B>"])
def test_a_text_reads_back_as_written(tmp_path: Path, text: str) -> None:
    """A reader decodes ``_xHHHH_`` (Excel's escape): every such text reads back as it
    was, titles too, two escapes sharing an underscore included."""
    python_calamine = pytest.importorskip("python_calamine")
    p = write_workbook(tmp_path / "t.xlsx", [SheetSpec("S", (ColumnSpec("Tên"),), [(text,)],
                                                       title=text)])
    got = python_calamine.CalamineWorkbook.from_path(str(p)).get_sheet_by_name(
        "S").to_python()
    assert (got[0][0], got[-1][0]) == (text, text)


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
def test_the_library_reads_its_own_texts_back_with_either_engine(tmp_path: Path,
                                                                 engine: str) -> None:
    """openpyxl leaves the escapes of texts written in their cells as they are: the
    library's reader undoes them, as calamine and Excel do."""
    from childprotect.formats.tabular.cells import Kind
    from childprotect.formats.tabular.reading import read_table
    from childprotect.formats.tabular.sources import Engine
    from childprotect.formats.tabular.table import Column

    texts = ["_x0041_", "_x0041_x0042_", "a\r\nb", "_x005F_", "Xã A & B", "_x0041\rz", "😀"]
    p = write_workbook(tmp_path / "t.xlsx", [SheetSpec("S", (
        ColumnSpec("Mã", ColumnKind.CODE, code="unit"),
        ColumnSpec("Tên", ColumnKind.TEXT, code="name")),
        [(f"{i:05d}", t) for i, t in enumerate(texts)], codes=True)])
    table = read_table(p, [Column("name", Kind.TEXT)], engine=Engine(engine))
    assert [r["name"] for r in table.rows] == texts


def test_an_exact_value_a_cell_holds_is_written_however_many_digits(tmp_path: Path) -> None:
    """Python writes an int of at most 4,300 digits by default: a cell holds 32,767."""
    python_calamine = pytest.importorskip("python_calamine")
    value = Fraction(1, 3**9_100)  # (4,343 digits under the line)
    p = write_workbook(tmp_path / "x.xlsx", [SheetSpec("S", (
        ColumnSpec("Tỷ lệ", ColumnKind.NUMBER, exact=True),), [(value,)])])
    got = python_calamine.CalamineWorkbook.from_path(str(p)).get_sheet_by_name(
        "S").to_python()
    from childprotect.text.quantities import exact_text

    assert got[1][1] == exact_text(value) and len(got[1][1]) > 4_300

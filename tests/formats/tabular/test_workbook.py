"""Result workbooks: numbers as numbers, statuses in words and colour, a legend, frozen
headings, and values that do not fit their column refused."""

from __future__ import annotations

import datetime as dt
import typing
import zipfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from childprotect.errors import ValidationError
from childprotect.formats.tabular.cells import Kind
from childprotect.formats.tabular.reading import read_table
from childprotect.formats.tabular.table import Column
from childprotect.formats.tabular.workbook import (
    ColumnKind,
    ColumnSpec,
    SheetSpec,
    StatusStyle,
    write_workbook,
)

MET = StatusStyle("met", "Đạt", "C6EFCE", "006100")
BEHIND = StatusStyle("behind", "Chưa đạt", "FFC7CE", "9C0006")
COLUMNS = (
    ColumnSpec("Mã đơn vị", ColumnKind.CODE, code="unit"),
    ColumnSpec("Tên đơn vị", ColumnKind.TEXT, code="name"),
    ColumnSpec("Số trẻ em", ColumnKind.INTEGER, code="children"),
    ColumnSpec("Tỷ lệ (%)", ColumnKind.NUMBER, code="rate", places=1, exact=True),
    ColumnSpec("Đánh giá", ColumnKind.STATUS, code="status"),
    ColumnSpec("Ngày báo cáo", ColumnKind.DATE, code="reported"),
)
ROWS = [
    ("00001", "Phường A", 1234, Fraction(1, 3), "met", dt.date(2025, 12, 1)),
    ("00004", "Xã B", 0, Decimal("12.5"), "behind", None),
    ("00007", None, None, None, None, None),
]


def _write(tmp_path: Path, **kw: object) -> Path:
    spec = SheetSpec("Cấp xã", COLUMNS, ROWS, title="Kết quả", notes=("Số liệu tổng hợp",),
                     statuses=(MET, BEHIND), **kw)  # type: ignore[arg-type]
    return write_workbook(tmp_path / "kq.xlsx", [spec, SheetSpec("Tỉnh", COLUMNS[:3],
                                                                 [("82", "Tỉnh Đồng Tháp", 1)])])


def test_numbers_are_numbers_and_statuses_coloured(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_write(tmp_path))["Cấp xã"]
    assert ws["A1"].value == "Kết quả" and ws["A2"].value == "Số liệu tổng hợp"
    # (a fill's colour: RRGGBB after the alpha byte, which a fill does not use)
    legend = [(c.value, c.fill.patternType, c.fill.fgColor.rgb[-6:]) for c in ws[3] if c.value]
    assert legend == [("Chú giải:", None, "000000"), ("Đạt", "solid", "C6EFCE"),
                      ("Chưa đạt", "solid", "FFC7CE")]
    assert [c.value for c in ws[5]] == ["Mã đơn vị", "Tên đơn vị", "Số trẻ em", "Tỷ lệ (%)",
                                        "Tỷ lệ (%) (giá trị chính xác)", "Đánh giá",
                                        "Ngày báo cáo"]
    row = ws[6]
    assert row[0].value == "00001" and row[0].data_type == "s"
    assert row[2].value == 1234 and type(row[2].value) is int and row[2].number_format == "#,##0"
    assert row[3].value == pytest.approx(1 / 3) and row[3].number_format == "#,##0.0"
    assert row[4].value == "1/3"
    assert (row[5].value, row[5].fill.fgColor.rgb[-6:]) == ("Đạt", "C6EFCE")
    assert row[6].value == dt.datetime(2025, 12, 1) and row[6].number_format == "dd/mm/yyyy"
    assert ws[7][4].value == "12.5" and ws[7][5].value == "Chưa đạt"
    assert all(c.value is None for c in ws[8][1:])
    assert ws.freeze_panes == "B6"
    assert ws.print_title_rows == "$5:$5"


def test_the_words_the_workbook_adds_are_in_the_sheets_language(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_write(tmp_path, lang="en"))["Cấp xã"]
    assert ws["A3"].value == "Legend:"
    assert ws[5][4].value == "Tỷ lệ (%) (exact value)"
    with pytest.raises(ValidationError, match="'fr'"):
        SheetSpec("Cấp xã", COLUMNS, ROWS, lang="fr")


def test_second_sheet_without_title(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_write(tmp_path))["Tỉnh"]
    assert [c.value for c in ws[1]] == ["Mã đơn vị", "Tên đơn vị", "Số trẻ em"]
    assert ws.freeze_panes == "B2"


def test_codes_row_reads_back(tmp_path: Path) -> None:
    p = _write(tmp_path, codes=True)
    t = read_table(p, [Column("name", Kind.TEXT, False), Column("rate", Kind.DECIMAL),
                       Column("rate.exact", Kind.TEXT), Column("status", Kind.TEXT),
                       Column("reported", Kind.TEXT)], sheet="Cấp xã")
    assert [(r["unit"], r["children"], r["rate.exact"], r["status"]) for r in t] == [
        ("00001", 1234, "1/3", "Đạt"), ("00004", 0, "12.5", "Chưa đạt"),
        ("00007", None, None, None)]
    assert t.rows[1]["rate"] == Decimal("12.5")


@pytest.mark.parametrize(("column", "value", "message"), [
    (ColumnSpec("Số", ColumnKind.INTEGER), 1.0, "expected a whole number (int), got a float"),
    (ColumnSpec("Số", ColumnKind.INTEGER), True, "expected a whole number (int), got a bool"),
    (ColumnSpec("Số", ColumnKind.INTEGER), 2**60, "too large"),
    (ColumnSpec("Số", ColumnKind.INTEGER), "12", "expected a whole number (int), got a str"),
    (ColumnSpec("Tỷ lệ", ColumnKind.NUMBER), 0.5, "expected a Fraction, Decimal or int"),
    (ColumnSpec("Tên", ColumnKind.TEXT), 3, "expected a text, got a int"),
    (ColumnSpec("Ngày", ColumnKind.DATE), dt.datetime(2025, 1, 1), "expected a date"),
    (ColumnSpec("Đánh giá", ColumnKind.STATUS), "late", "status 'late' has no style"),
    (ColumnSpec("Tên", ColumnKind.TEXT), "a\x01b", "control character"),
    (ColumnSpec("Mã", ColumnKind.CODE), "0\x1f1", "control character"),
    (ColumnSpec("Tên", ColumnKind.TEXT), "x" * 32_768, "a text of 32768 characters, more than "
                                                        "a cell holds (32767)"),
])
def test_value_that_does_not_fit_its_column(tmp_path: Path, column: ColumnSpec, value: object,
                                            message: str) -> None:
    with pytest.raises(ValidationError) as info:
        write_workbook(tmp_path / "x.xlsx", [SheetSpec("S", (column,), [(value,)],
                                                       statuses=(MET,))])
    assert f"sheet 'S', row 1, column {column.header!r}" in str(info.value)
    assert message in str(info.value)


@pytest.mark.parametrize("name", ["", "a" * 32, "a/b", "x[1]", "'q'"])
def test_bad_sheet_names(name: str) -> None:
    with pytest.raises(ValidationError):
        SheetSpec(name, COLUMNS, [])


def test_sheet_names_differ_beyond_case(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="same name"):
        write_workbook(tmp_path / "x.xlsx", [SheetSpec("Xã", COLUMNS[:1], []),
                                             SheetSpec("XÃ", COLUMNS[:1], [])])


def test_row_width_must_match(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="row 1: 2 values for 1 columns"):
        SheetSpec("S", COLUMNS[:1], [("a", "b")])


def test_text_is_never_a_formula(tmp_path: Path) -> None:
    p = write_workbook(tmp_path / "x.xlsx", [SheetSpec("S", COLUMNS[1:2], [("=1+1",)],
                                                       title="=A1")])
    with zipfile.ZipFile(p) as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")


@settings(max_examples=20)
@given(st.lists(st.tuples(st.from_regex(r"[0-9]{2,5}", fullmatch=True),
                          st.none() | st.integers(0, 2**53 - 1)),
                min_size=1, max_size=20, unique_by=lambda r: r[0]))
def test_integers_read_back_exactly(tmp_path_factory: pytest.TempPathFactory,
                                    rows: list[tuple[str, int | None]]) -> None:
    p = tmp_path_factory.mktemp("wb") / "x.xlsx"
    write_workbook(p, [SheetSpec("S", (ColumnSpec("Mã", ColumnKind.CODE, code="unit"),
                                       ColumnSpec("Số", ColumnKind.INTEGER, code="n")),
                                 rows, codes=True)])
    assert [(r["unit"], r["n"]) for r in read_table(p)] == rows


def test_a_number_shown_with_all_its_digits_never_rounds_across_a_threshold(
        tmp_path: Path) -> None:
    # 0.0098 (%) beside a target "< 0.01": two decimals would show 0.01 and contradict "met"
    sheet = SheetSpec("Đánh giá", (ColumnSpec("Kết quả", ColumnKind.NUMBER, code="observed",
                                              places=None),), [(Fraction(98, 10_000),)])
    ws = openpyxl.load_workbook(write_workbook(tmp_path / "a.xlsx", [sheet]))["Đánh giá"]
    cell = ws["A2"]
    assert cell.number_format == "General" and cell.value == pytest.approx(0.0098)


@pytest.mark.parametrize(("spec", "message"), [
    (SheetSpec("S", COLUMNS[1:2], [], title="a\x02b"), "sheet 'S': a text holds a control"),
    (SheetSpec("S", COLUMNS[1:2], [], notes=("n" * 32_768,)),
     "sheet 'S': a text of 32768 characters, more than a cell holds (32767)"),
    (SheetSpec("S", COLUMNS[1:2], [], notes=("😀" * 16_384,)),  # (an emoji: two units)
     "sheet 'S': a text of 32768 characters, more than a cell holds (32767)"),
    (SheetSpec("S", (ColumnSpec("a\x1bb"),), []), "sheet 'S': a text holds a control"),
    (SheetSpec("S", (ColumnSpec("a\ufffeb"),), []), "sheet 'S': a text holds a control"),
])
def test_a_text_of_the_sheets_own_is_checked_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 spec: SheetSpec, message: str) -> None:
    """A title, a note or a heading is never written changed (a writer would escape a
    control character as ``_x0001_`` and cut a long text); nothing is left behind."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    with pytest.raises(ValidationError) as info:
        write_workbook(tmp_path / "x.xlsx", [spec])
    assert message in str(info.value)
    assert not (tmp_path / "x.xlsx").exists()  # (nothing half-written)
    assert list((tmp_path / "tmp").iterdir()) == []  # (nor the rows written so far)


def test_the_longest_text_is_kept_whole(tmp_path: Path) -> None:
    for longest in ("đ" * 32_767, "😀" * 16_383 + "a"):  # 32,767 units each
        p = write_workbook(tmp_path / "y.xlsx", [SheetSpec("S", COLUMNS[1:2], [(longest,)])])
        assert openpyxl.load_workbook(p)["S"]["A2"].value == longest


_ANY_TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=()), max_size=12),  # (surrogates too)
    st.sampled_from(["<r>x</r>", "<r><t>x</t></r>", "<r>Tom & Jerry</r>", "_x0041_",
                     "a_x000D_b", "_x0041_x0042_", "_x005F_x0041_", "=1+1", "1e3", "TRUE",
                     " lề ", "\t\n", "a\rb", "\x7f",
                     "\u2028", "😀", "\ufffe", "\ud800"]),
)


@given(st.lists(_ANY_TEXT, min_size=1, max_size=4))
@settings(max_examples=60, deadline=None)
def test_any_text_reads_back_as_written_or_is_refused(texts: list[str]) -> None:
    """Every text is either read back from the workbook exactly (in NFC) or refused with
    its sheet, row and column: never changed, never cut."""
    import tempfile

    import python_calamine

    from childprotect.data.unicode import nfc

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "t.xlsx"
        spec = SheetSpec("S", (ColumnSpec("Tên", ColumnKind.TEXT),), [(t,) for t in texts],
                         title=texts[0] if texts[0].strip() else "")
        try:
            write_workbook(path, [spec])
        except ValidationError as exc:
            assert "sheet 'S'" in str(exc) and "control character" in str(exc)
            assert not path.exists()
            return
        got = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(
            "S").to_python()
        top = 2 if spec.title else 0
        assert [row[0] for row in got[top + 1:]] == [nfc(t) or "" for t in texts]
        if spec.title:
            assert got[0][0] == nfc(spec.title)


@pytest.mark.parametrize(("column", "value", "message"), [
    (ColumnSpec("Tỷ lệ", ColumnKind.NUMBER), Decimal("1E+400"), "too large for a spreadsheet"),
    (ColumnSpec("Tỷ lệ", ColumnKind.NUMBER), Fraction(10**400, 3), "too large for a spreadsheet"),
    (ColumnSpec("Tỷ lệ", ColumnKind.NUMBER), 10**400, "too large for a spreadsheet"),
    (ColumnSpec("Ngày", ColumnKind.DATE), dt.date(1899, 12, 31), "a date before 1900"),
    (ColumnSpec("Tên", ColumnKind.TEXT), "😀" * 16_384, "a text of 32768 characters"),
    (ColumnSpec("Tên", ColumnKind.TEXT), "a\ud800b", "control character"),
])
def test_a_value_a_workbook_cannot_hold_is_refused(tmp_path: Path, column: ColumnSpec,
                                                   value: object, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        write_workbook(tmp_path / "x.xlsx", [SheetSpec("S", (column,), [(value,)])])
    assert f"sheet 'S', row 1, column {column.header!r}" in str(info.value)
    assert message in str(info.value)


def test_the_first_day_a_workbook_holds_reads_back(tmp_path: Path) -> None:
    p = write_workbook(tmp_path / "d.xlsx", [SheetSpec("S", (ColumnSpec("Ngày", ColumnKind.DATE),),
                                                       [(dt.date(1900, 1, 1),),
                                                        (dt.date(1900, 3, 1),)])])
    ws = openpyxl.load_workbook(p)["S"]
    assert (ws["A2"].value, ws["A3"].value) == (dt.datetime(1900, 1, 1), dt.datetime(1900, 3, 1))


@pytest.mark.parametrize("name", ["a\x01b", "a\tb", "😀" * 16, "a\ufffe"])
def test_a_sheet_name_a_workbook_would_change_is_refused(name: str) -> None:
    with pytest.raises(ValidationError, match="is not a sheet name"):
        SheetSpec(name, COLUMNS[:1], [])


def test_a_sheet_holds_at_most_its_rows(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from childprotect.formats.tabular import workbook

    monkeypatch.setattr(workbook, "_MAX_ROWS", 4)  # (a sheet of 1,048,576 rows, in small)
    rows = [("a",), ("b",), ("c",)]
    write_workbook(tmp_path / "ok.xlsx", [SheetSpec("S", COLUMNS[1:2], rows)])  # 1 + 3 rows
    with pytest.raises(ValidationError, match="sheet 'S': 5 rows, more than a sheet holds"):
        write_workbook(tmp_path / "x.xlsx", [SheetSpec("S", COLUMNS[1:2], [*rows, ("d",)])])


def test_an_unwritable_place_is_named(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot write"):
        write_workbook(tmp_path / "no" / "such" / "x.xlsx", [SheetSpec("S", COLUMNS[1:2], [])])


def test_a_workbook_appears_whole_or_not_at_all(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A workbook already at the path is kept, with its permissions, until the new one is
    written whole; a disk that fills while it is written leaves the old one and no part."""
    import errno
    import os

    from childprotect.formats.tabular import _xlsx

    path = tmp_path / "kq.xlsx"
    path.write_bytes(b"the old workbook")
    os.chmod(path, 0o640)
    spec = SheetSpec("S", COLUMNS[1:2], [("Xã B",)])
    real = _xlsx.write_package

    def full(out: typing.BinaryIO, *args: object) -> None:
        out.write(b"PK\x03\x04 half a workbook")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(_xlsx, "write_package", full)
    with pytest.raises(ValidationError, match="cannot write") as info:
        write_workbook(path, [spec])
    assert "No space left" not in str(info.value)  # (the reason in the catalogue's words)
    assert path.read_bytes() == b"the old workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kq.xlsx"]
    monkeypatch.setattr(_xlsx, "write_package", real)
    write_workbook(path, [spec])
    assert openpyxl.load_workbook(path)["S"]["A2"].value == "Xã B"
    assert os.stat(path).st_mode & 0o777 == 0o640


def test_a_sheet_too_large_for_a_package_is_a_disk_error(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """A sheet's part over 2 GiB (Zip64 beyond it; here over a limit made small) is "file
    too large", in the catalogue's words, as soon as it is reached, and leaves no file."""
    import zipfile

    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 2000)
    rows = [(f"Xã {i}",) for i in range(200)]
    with pytest.raises(ValidationError, match="cannot write") as info:
        write_workbook(tmp_path / "big.xlsx", [SheetSpec("S", COLUMNS[1:2], rows)])
    assert "File size too large" not in str(info.value)
    assert list(tmp_path.iterdir()) == []

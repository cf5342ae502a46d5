"""Each bad workbook gives an InvalidTable naming the file, the sheet and the cell; never a
foreign exception, and counts are never quoted in the message."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from childprotect.errors import ChildProtectError, InvalidTable
from childprotect.formats.tabular.reading import read_table
from childprotect.formats.tabular.sources import Engine
from childprotect.formats.tabular.table import Column
from childprotect.formats.tabular.template import MeasureSpec, write_template
from tests.formats.tabular.helpers import DATA, ENGINES, cache_formula, ods, rewrite_sheet, workbook

HEAD = ["unit", "children", "special"]


def _error(path: Path | list[Path], engine: Engine = Engine.AUTO, **kw: object) -> str:
    with pytest.raises(InvalidTable) as info:
        read_table(path, engine=engine, **kw)  # type: ignore[arg-type]
    exc = info.value
    # no foreign exception shows in the chain (children's data could be in its message)
    assert exc.__cause__ is None
    assert exc.__context__ is None or exc.__suppress_context__
    return str(exc)


@ENGINES
def test_text_in_a_number_cell(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", "mười hai", 3]])
    msg = _error(p, engine)
    assert msg == f"{p}: Sheet1!B2 (children): holds text, not a whole number"
    assert "mười" not in msg


@ENGINES
def test_negative_count(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", 12, -3]])
    msg = _error(p, engine)
    assert msg == f"{p}: Sheet1!C2 (special): holds a negative number (a count is ≥ 0)"
    assert "-3" not in msg.removeprefix(f"{p}:")


@ENGINES
def test_negative_count_typed_as_text(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", 12, "-7"]])
    assert _error(p, engine).endswith("Sheet1!C2 (special): holds a negative number "
                                      "(a count is ≥ 0)")


@ENGINES
def test_fraction_in_a_count_cell(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", 12.5, 1]])
    msg = _error(p, engine)
    assert "Sheet1!B2 (children): holds a number that is not whole" in msg
    cell = msg.removeprefix(f"{p}:")
    assert "12.5" not in cell and "12,5" not in cell


@ENGINES
def test_boolean_and_date_in_count_cells(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", True, dt.date(2024, 3, 1)]])
    with pytest.raises(InvalidTable) as info:
        read_table(p, engine=engine)
    assert info.value.problems == (
        f"{p}: Sheet1!B2 (children): holds TRUE or FALSE, not a number",
        f"{p}: Sheet1!C2 (special): holds a date (is the cell formatted as a date?), "
        "not a number")


@ENGINES
def test_duplicated_unit_names_both_cells(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", 1, 0], ["29956", 2, 0], ["29971", 3, 1]])
    assert _error(p, engine) == (f"{p}: Sheet1!A4: unit '29971' is also at {p}: Sheet1!A2 "
                                 "(a unit appears twice)")


@ENGINES
def test_duplicated_unit_across_files(tmp_path: Path, engine: Engine) -> None:
    a = workbook(tmp_path / "xa-a.xlsx", [HEAD, ["29971", 1, 0]])
    b = tmp_path / "xa-b.csv"
    b.write_text("unit,children,special\n29956,4,1\n29971,2,0\n", "utf-8")
    assert _error([a, b], engine) == (
        f"{b} line 3, column A: unit '29971' is also at {a}: Sheet1!A2 (a unit appears twice)")


@ENGINES
def test_missing_column_names_the_header_row(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [["unit", "children"], ["29971", 1]])
    msg = _error(p, engine, columns=[Column("children"), Column("special")])
    assert msg == (f"{p}: Sheet1!1:1 (the header row): no column 'special' "
                   "(it names 'unit', 'children')")


@ENGINES
def test_missing_key_column(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [["code", "children"], ["29971", 1]])
    msg = _error(p, engine)
    assert msg.startswith(f"{p}: no header row naming the column 'unit' in the first 30 rows "
                          "of 'Sheet1'")


@ENGINES
def test_columns_that_differ_between_files(tmp_path: Path, engine: Engine) -> None:
    a = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", 1, 0]])
    b = workbook(tmp_path / "b.xlsx", [["unit", "children"], ["29956", 1]])
    assert _error([a, b], engine) == (f"{b}: its columns differ from those of {a} "
                                      "(missing: special, extra: —)")


@ENGINES
def test_unknown_unit_code(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", 1, 0], ["99999", 2, 0]])
    msg = _error(p, engine, valid={"unit": {"29971", "29956"}})
    assert msg == f"{p}: Sheet1!A3: unknown unit code '99999'"


@ENGINES
def test_a_name_where_a_code_should_be_is_not_quoted(tmp_path: Path, engine: Engine) -> None:
    """A value that could not be a code (a child's name, an identity number) is named by
    its cell, not quoted."""
    for bad in ("Nguyễn Văn An", "079123456789"):
        p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", 1, 0], [bad, 2, 0]])
        msg = _error(p, engine, valid={"unit": {"29971", "29956"}})
        assert msg == f"{p}: Sheet1!A3: unit: a value that is not one of its codes"
    p = workbook(tmp_path / "b.xlsx", [HEAD, ["b", 1, 0], ["c", 2, 0], ["Nguyen", 2, 0]])
    msg = _error(p, engine, valid={"unit": {"a", "b"}})  # (codes of letters)
    assert msg == (f"2 problems in the data:\n  {p}: Sheet1!A3: unknown unit code 'c'\n"
                   f"  {p}: Sheet1!A4: unit: a value that is not one of its codes")


@ENGINES
def test_code_that_lost_its_leading_zeros(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, [1, 1, 0]])
    msg = _error(p, engine, valid={"unit": {"00001", "00004"}})
    assert msg == (f"{p}: Sheet1!A2: unknown unit code '1' (a code typed as a number loses "
                   "its leading zeros: is it '00001'? format the column as Text)")


@ENGINES
def test_validity_function_names_the_cell(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", 1, 0]])
    msg = _error(p, engine, valid={"unit": lambda c: f"unit {c} did not exist on 2025-07-01"})
    assert msg == f"{p}: Sheet1!A2: unit 29971 did not exist on 2025-07-01"


@ENGINES
def test_empty_sheet(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [])
    assert _error(p, engine) == f"{p}: the sheet is empty ('Sheet1')"


@ENGINES
def test_header_without_data_rows(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD])
    assert _error(p, engine) == f"{p}: Sheet1: no data rows under the header row (1)"


@ENGINES
def test_sheet_given_by_name_must_exist(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, ["1", 1, 1]])
    assert _error(p, engine, sheet="Dữ liệu") == (
        f"{p}: no sheet named 'Dữ liệu'; the workbook has 'Sheet1'")


def test_password_protected_workbook(tmp_path: Path) -> None:
    p = shutil.copy(DATA / "encrypted.xlsx", tmp_path / "bao-cao.xlsx")
    assert _error(Path(p)).startswith(f"{p}: the workbook is protected by a password to open; "
                                      "remove the password")


@ENGINES
def test_sheet_protection_alone_is_read(tmp_path: Path, engine: Engine) -> None:
    """A locked sheet (as the template is) reads like any other."""
    def protect(ws: object) -> None:
        ws.protection.sheet = True  # type: ignore[attr-defined]
        ws.protection.password = "x"  # type: ignore[attr-defined]

    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", 1, 0]], edit=protect)
    assert [r.as_dict() for r in read_table(p, engine=engine)] == [
        {"unit": "29971", "children": 1, "special": 0}]


@pytest.mark.parametrize("suffix", [".xls", ".xlsx"])
def test_xls_workbook(tmp_path: Path, suffix: str) -> None:
    p = Path(shutil.copy(DATA / "table.xls", tmp_path / f"bao-cao{suffix}"))
    assert _error(p) == (f"{p}: an Excel 97–2003 workbook (.xls); open it in Excel (or "
                         "LibreOffice) and save it as an Excel workbook (.xlsx) (formulas, "
                         "error values and merged cells can only be checked in .xlsx)")


def test_ods_spreadsheet(tmp_path: Path) -> None:
    p = ods(tmp_path / "bao-cao.ods")
    assert _error(p).startswith(f"{p}: an OpenDocument spreadsheet (.ods); open it in Excel "
                                "(or LibreOffice) and save it as an Excel workbook (.xlsx)")


def test_xlsb_workbook(tmp_path: Path) -> None:
    import zipfile

    p = tmp_path / "a.xlsb"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("xl/workbook.bin", b"\x00")
    assert _error(p).startswith(f"{p}: an Excel binary workbook (.xlsb); open it in Excel")


def test_html_saved_as_xls(tmp_path: Path) -> None:
    p = tmp_path / "export.xls"
    p.write_text("<html><table><tr><td>unit</td></tr></table></html>", "utf-8")
    assert _error(p).startswith(f"{p}: has the suffix .xls but its content is an HTML page")


@pytest.mark.parametrize("cut", [100, 1000, -200, -22])
def test_corrupt_zip(tmp_path: Path, cut: int) -> None:
    good = workbook(tmp_path / "good.xlsx", [HEAD, ["29971", 1, 0]])
    p = tmp_path / "bad.xlsx"
    p.write_bytes(good.read_bytes()[:cut])
    msg = _error(p)
    assert msg.startswith(f"{p}: the workbook is damaged")


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    import zipfile

    p = tmp_path / "a.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("readme.txt", "hello")
    assert _error(p) == f"{p}: a zip archive, but not an Excel workbook (it has no xl/workbook.xml)"


@ENGINES
def test_formula_without_a_cached_value(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", 4, "=B2*2"]])
    assert _error(p, engine) == (
        f"{p}: Sheet1!C2 (special): holds a formula without a computed value (open the file "
        "in Excel, let it calculate, and save it)")


@ENGINES
def test_formula_with_a_cached_value_is_read(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", 4, "=B2*2"]])
    rewrite_sheet(p, lambda xml: cache_formula(xml, "C2", "8"))
    assert read_table(p, engine=engine).rows[0]["special"] == 8


@ENGINES
def test_formula_giving_an_empty_text_is_blank(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", 4, '=IF(B2>9,1,"")']])
    rewrite_sheet(p, lambda xml: cache_formula(xml, "C2", "").replace(
        '<c r="C2">', '<c r="C2" t="str">'))
    assert read_table(p, engine=engine).rows[0]["special"] is None


@ENGINES
def test_error_value(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", "#DIV/0!", 1]])
    assert _error(p, engine) == (f"{p}: Sheet1!B2 (children): holds #DIV/0! (a formula that "
                                 "failed)")


@ENGINES
def test_merged_cells_inside_the_table(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", 4, 1], ["29956", None, 2]],
                 edit=lambda ws: ws.merge_cells("B2:B3"))
    assert _error(p, engine) == (
        f"{p}: Sheet1!B2:B3: merged cells inside the table; unmerge them (Home → Merge & "
        "Center) and give each row its own value")


@ENGINES
def test_merged_title_above_the_table_is_fine(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [["Báo cáo"], [], HEAD, ["29971", 4, 1]],
                 edit=lambda ws: ws.merge_cells("A1:C1"))
    assert read_table(p, engine=engine).rows[0].ref("special").cell == "C4"


@ENGINES
def test_total_row_is_an_error(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", 4, 1], ["29956", 3, 2],
                                       ["Tổng cộng", 7, 3]],
                 edit=lambda ws: ws.__setitem__("A4", None))
    assert _error(p, engine) == (f"{p}: Sheet1!A4: the row has numbers but no unit (a row of "
                                 "totals? totals are computed: delete it)")


@ENGINES
def test_notes_under_the_table_are_skipped_and_listed(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", 4, 1], [], [None, "Người lập biểu"]])
    t = read_table(p, engine=engine)
    assert len(t) == 1 and [str(r) for r in t.skipped] == [f"{p}: Sheet1!B4"]


@ENGINES
def test_value_in_a_column_without_header(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", 4, 1, None, "ghi chú"]])
    assert _error(p, engine) == (f"{p}: Sheet1!E2: a value in column E, which has no name in "
                                 "the header row (1)")


@ENGINES
def test_undeclared_column_when_none_is_allowed(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", 4, 1]])
    assert _error(p, engine, columns=[Column("children")], other=None) == (
        f"{p}: Sheet1!C1: unknown column 'special'")


@ENGINES
def test_column_named_twice(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [["unit", "children", "children"], ["29971", 4, 1]])
    assert _error(p, engine) == (f"{p}: Sheet1!C1: the column 'children' is named twice (B1 "
                                 "and C1)")


@ENGINES
def test_missing_key_value(tmp_path: Path, engine: Engine) -> None:
    p = workbook(tmp_path / "a.xlsx", [["unit", "period", "children"], ["29971", None, 4]])
    assert _error(p, engine, key=("unit", "period")) == (
        f"{p}: Sheet1!B2 (period): the period is missing")


@ENGINES
def test_several_sheets_with_a_header(tmp_path: Path, engine: Engine) -> None:
    def second(ws: object) -> None:
        s2 = ws.parent.create_sheet("Copy")  # type: ignore[attr-defined]
        s2.append(HEAD)
        s2.append(["29971", 1, 1])

    p = workbook(tmp_path / "a.xlsx", [HEAD, ["29971", 1, 1]], edit=second)
    assert _error(p, engine) == (f"{p}: several sheets have a header row naming 'unit' "
                                 "('Sheet1', 'Copy'); give the sheet to read")
    assert len(read_table(p, engine=engine, sheet="Copy")) == 1


@ENGINES
def test_every_problem_is_reported_at_once(tmp_path: Path, engine: Engine) -> None:
    rows = [HEAD] + [[f"u{i}", "x", -1] for i in range(30)]
    p = workbook(tmp_path / "a.xlsx", rows)
    with pytest.raises(InvalidTable) as info:
        read_table(p, engine=engine)
    assert len(info.value.problems) == 60
    assert str(info.value).startswith("60 problems in the data:\n")
    assert str(info.value).endswith("… and 40 more")


def test_missing_file(tmp_path: Path) -> None:
    p = tmp_path / "khong-co.xlsx"
    assert _error(p).startswith(f"{p}: cannot read the file")


@ENGINES
def test_template_filled_wrongly(tmp_path: Path, engine: Engine) -> None:
    """The template read back names the cells of its own layout (data from row 5)."""
    import openpyxl

    p = write_template(tmp_path / "mau.xlsx", [("00001", "Phường A"), ("00004", "Xã B")],
                       [MeasureSpec("children", "Số trẻ em", "Children", "người")],
                       title_vi="Biểu", period="2025")
    wb = openpyxl.load_workbook(p)
    wb["Số liệu"]["D6"] = "1,5"
    wb.save(p)
    with pytest.raises(ChildProtectError) as info:
        read_table(p, engine=engine, key=("unit", "period"))
    assert str(info.value).startswith(f"{p}: 'Số liệu'!D6 (children): holds a number with a "
                                      "decimal comma")


def test_workbook_too_large_once_unpacked(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A workbook whose sheets unpack to more than the limit (a zip bomb) is refused before
    its sheets are unpacked; the limit is lowered here to a small workbook's size."""
    from childprotect.formats.tabular import sources

    p = workbook(tmp_path / "a.xlsx", [HEAD, *[[f"{i:05d}", i, i] for i in range(10_000)]])
    monkeypatch.setattr(sources, "MAX_SHEET_BYTES", 2**20)
    assert re.fullmatch(rf"{re.escape(str(p))}: its sheets hold [1-9] MiB of data once "
                        r"unpacked, more than the 1 MiB read; split the workbook", _error(p))

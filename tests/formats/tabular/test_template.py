"""The data-entry template: its layout, its locks and checks, and the round trip
template → filled in → read back, against the same data as CSV in every encoding."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from childprotect.errors import ValidationError
from childprotect.formats.tabular.reading import read_table
from childprotect.formats.tabular.sources import Engine
from childprotect.formats.tabular.template import MeasureSpec, write_template
from childprotect.units.registry import bundled
from tests.formats.tabular.helpers import ENGINES, to_cp1258

# Measures of the Law on Children 2016 (Luật Trẻ em 102/2016/QH13); citations as in
# shared/reference/law.md §1.1 (Điều 1) and §1.3 (Điều 10 khoản 1).
MEASURES = [
    MeasureSpec("children", "Số trẻ em", "Children", "người", "Người dưới 16 tuổi",
                "Luật Trẻ em 2016, Điều 1"),
    MeasureSpec("special", "Trẻ em có hoàn cảnh đặc biệt", "Children in special circumstances",
                "người", "Trẻ em thuộc một trong 14 nhóm", "Luật Trẻ em 2016, Điều 10 khoản 1",
                relations=("children",)),
    MeasureSpec("orphans", "Trẻ em mồ côi cả cha và mẹ", "Children orphaned of both parents",
                "người", "", "Luật Trẻ em 2016, Điều 10 khoản 1 điểm a",
                relations=("special",)),
    MeasureSpec("disabled", "Trẻ em khuyết tật", "Children with a disability", "người", "",
                "Luật Trẻ em 2016, Điều 10 khoản 1 điểm d", relations=("special",)),
]
CODES = [m.code for m in MEASURES]


def _units() -> list[tuple[str, str]]:
    """The communes of the bundled registry on 1 July 2025 (after the reorganisation)."""
    h = bundled().on(date(2025, 7, 1))
    return [(c, h.name(c)) for c in h.codes("commune")]


def _template(tmp_path: Path, **kw: object) -> Path:
    return write_template(tmp_path / "mau.xlsx", _units(), MEASURES,
                          title_vi="Biểu thu thập số liệu trẻ em năm 2025", period="2025",
                          **kw)  # type: ignore[arg-type]


def test_layout(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(_template(tmp_path))
    assert wb.sheetnames == ["Số liệu", "Hướng dẫn"]
    ws = wb["Số liệu"]
    assert ws["A1"].value == "Biểu thu thập số liệu trẻ em năm 2025"
    assert [c.value for c in ws[3]] == [
        "Mã đơn vị", "Tên đơn vị", "Kỳ báo cáo", "Số trẻ em (người)",
        "Trẻ em có hoàn cảnh đặc biệt (người)", "Trẻ em mồ côi cả cha và mẹ (người)",
        "Trẻ em khuyết tật (người)"]
    assert [c.value for c in ws[4]] == ["unit", "name", "period", *CODES]
    units = _units()
    assert [(ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 3).value)
            for r in range(5, 5 + len(units))] == [(c, n, "2025") for c, n in units]
    assert ws.cell(5 + len(units), 1).value is None
    assert ws.freeze_panes == "D5"
    assert not ws.row_dimensions[4].hidden


def test_codes_and_names_locked_data_unlocked(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_template(tmp_path))["Số liệu"]
    assert ws.protection.sheet
    assert ws["A5"].protection.locked and ws["B5"].protection.locked
    assert ws["C5"].protection.locked and ws["A4"].protection.locked
    assert not ws["D5"].protection.locked and not ws["G9"].protection.locked
    assert ws["A5"].number_format == "@"


def test_data_validation_whole_numbers_from_zero(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_template(tmp_path))["Số liệu"]
    (dv,) = ws.data_validations.dataValidation
    assert (dv.type, dv.operator, dv.formula1, dv.allow_blank) == (
        "whole", "greaterThanOrEqual", "0", True)
    assert str(dv.sqref) == f"D5:G{4 + len(_units())}"


def test_relations_are_checked_by_conditional_formatting(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_template(tmp_path))["Số liệu"]
    last = 4 + len(_units())
    rules = {str(rng.sqref): [r.formula[0] for r in rng.rules]
             for rng in ws.conditional_formatting}
    assert rules[f"E5:E{last}"] == ["AND(ISNUMBER(E5),ISNUMBER(D5),E5>D5)"]  # special ≤ children
    assert rules[f"F5:F{last}"] == ["AND(ISNUMBER(F5),ISNUMBER(E5),F5>E5)"]
    assert rules[f"G5:G{last}"] == ["AND(ISNUMBER(G5),ISNUMBER(E5),G5>E5)"]
    assert rules[f"D5:G{last}"] == ['IF(D5="",FALSE,IF(ISNUMBER(D5),OR(D5<0,D5<>INT(D5)),TRUE))']


def test_instructions_sheet(tmp_path: Path) -> None:
    hs = openpyxl.load_workbook(_template(tmp_path))["Hướng dẫn"]
    text = [tuple(row) for row in hs.iter_rows(values_only=True)]
    rows = {r[0]: r for r in text if r[0] in CODES}
    assert rows["orphans"] == ("orphans", "Trẻ em mồ côi cả cha và mẹ",
                               "Children orphaned of both parents", "người", None,
                               "Luật Trẻ em 2016, Điều 10 khoản 1 điểm a",
                               "không lớn hơn “Trẻ em có hoàn cảnh đặc biệt” (special)")
    assert rows["children"][5] == "Luật Trẻ em 2016, Điều 1"
    flat = " ".join(str(c) for r in text for c in r if c)
    assert "Để trống ô khi chưa có số liệu" in flat and "CSV UTF-8" in flat
    assert hs.protection.sheet


def test_text_starting_with_equals_is_not_a_formula(tmp_path: Path) -> None:
    p = write_template(tmp_path / "m.xlsx", [("1", "=HYPERLINK(\"x\")")], MEASURES[:1],
                       title_vi="T")
    with zipfile.ZipFile(p) as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")
    assert read_table(p).rows[0]["name"] == '=HYPERLINK("x")'


def test_csv_template(tmp_path: Path) -> None:
    p = write_template(tmp_path / "mau.csv", _units(), MEASURES, title_vi="Biểu",
                       period="2025", format="csv")
    raw = p.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["Mã đơn vị", "Tên đơn vị", "Kỳ báo cáo"]
    assert rows[1] == ["unit", "name", "period", *CODES]
    assert rows[2:] == [[c, n, "2025", "", "", "", ""] for c, n in _units()]


@pytest.mark.parametrize(("units", "measures", "message"), [
    ([("1", "A"), ("1", "B")], MEASURES, "unit code '1' is listed twice"),
    ([], MEASURES, "at least one unit"),
    ([("1", " ")], MEASURES, "must not be blank"),
    ([("1", "A")], [], "at least one measure"),
    ([("1", "A")], MEASURES[1:], "its whole 'children' is not another measure"),
    ([("1", "A")], [MEASURES[0], MEASURES[0]], "listed twice: children"),
])
def test_bad_template_input(tmp_path: Path, units: list[tuple[str, str]],
                            measures: list[MeasureSpec], message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace("[", r"\[")):
        write_template(tmp_path / "m.xlsx", units, measures, title_vi="T")


@pytest.mark.parametrize("code", ["unit", "period", "1abc", "a b", ""])
def test_measure_codes(code: str) -> None:
    with pytest.raises(ValidationError):
        MeasureSpec(code, "Nhãn", "Label", "người")


def test_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'ods' is not a valid Format"):
        write_template(tmp_path / "m.ods", _units(), MEASURES, title_vi="T", format="ods")


# --- the round trip ---------------------------------------------------------------------

_counts = st.none() | st.integers(0, 10**9)


def _fill_xlsx(template: Path, out: Path, data: dict[str, list[int | None]]) -> None:
    wb = openpyxl.load_workbook(template)
    ws = wb["Số liệu"]
    for r, row in enumerate(data.values(), start=5):
        for j, v in enumerate(row, start=4):
            ws.cell(r, j, v)
    wb.save(out)


def _as_csv(template: Path, data: dict[str, list[int | None]]) -> str:
    rows = list(csv.reader(io.StringIO(template.read_bytes().decode("utf-8-sig"), newline="")))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerows(rows[:2])
    for row, counts in zip(rows[2:], data.values(), strict=True):
        w.writerow(row[:3] + ["" if v is None else str(v) for v in counts])
    return buf.getvalue()


_ENCODE = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: t.encode("utf-8-sig"),
    "utf-16": lambda t: t.encode("utf-16"),
    "cp1258": to_cp1258,
}


def _figures(path: Path | list[Path], engine: Engine = Engine.AUTO
             ) -> list[tuple[object, ...]]:
    t = read_table(path, key=("unit", "period"), engine=engine)
    return [tuple(r.values) for r in t]


@ENGINES
@settings(max_examples=15)
@given(counts=st.lists(st.lists(_counts, min_size=4, max_size=4), min_size=5, max_size=5))
def test_round_trip_xlsx_equals_csv_in_every_encoding(
        tmp_path_factory: pytest.TempPathFactory, engine: Engine,
        counts: list[list[int | None]]) -> None:
    d = tmp_path_factory.mktemp("rt")
    units = _units()
    data = {c: row for (c, _), row in zip(units, counts, strict=True)}
    template = write_template(d / "mau.xlsx", units, MEASURES, title_vi="Biểu", period="2025")
    _fill_xlsx(template, d / "filled.xlsx", data)
    from_xlsx = _figures(d / "filled.xlsx", engine)
    assert [list(r[3:]) for r in from_xlsx] == counts
    csv_template = write_template(d / "mau.csv", units, MEASURES, title_vi="Biểu",
                                  period="2025", format="csv")
    text = _as_csv(csv_template, data)
    for name, encode in _ENCODE.items():
        p = d / f"filled-{name}.csv"
        p.write_bytes(encode(text))
        assert _figures(p) == from_xlsx, name


def test_round_trip_one_file_per_commune(tmp_path: Path) -> None:
    """Each commune returns its own filled template; together they are the province's."""
    units = _units()
    paths = []
    for i, (code, name) in enumerate(units):
        t = write_template(tmp_path / f"{code}.xlsx", [(code, name)], MEASURES,
                           title_vi="Biểu", period="2025")
        _fill_xlsx(t, t, {code: [100 + i, 10, 1, None]})
        paths.append(t)
    whole = write_template(tmp_path / "tinh.xlsx", units, MEASURES, title_vi="Biểu",
                           period="2025")
    _fill_xlsx(whole, whole, {c: [100 + i, 10, 1, None] for i, (c, _) in enumerate(units)})
    assert _figures(paths) == _figures(whole)
    with pytest.raises(ValidationError, match="a unit appears twice"):
        _figures([*paths, paths[0]])

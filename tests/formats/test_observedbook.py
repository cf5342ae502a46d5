"""Observed data from an Excel workbook read as the same data in a CSV file."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childprotect.cli import main
from childprotect.formats.observations import parse_observed_csv, read_observed
from childprotect.plans.assessment import InvalidObservation
from tests.paths import ROOT

HUE_CSV = ROOT / "examples" / "data" / "hue-observed.csv"
HEADER = ["target", "year", "value", "unit", "numerator", "denominator", "note", "reporting",
          "expected"]


def _book(path: Path, header: list[str], rows: list[list[object]], *,
          title: str | None = None, formats: dict[tuple[int, int], str] | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Số liệu"
    if title:
        ws.append([title])
    ws.append(header)
    for r in rows:
        ws.append(r)
    for (row, col), fmt in (formats or {}).items():
        ws.cell(row, col).number_format = fmt
    wb.save(path)
    return path


def _typed(header: list[str], cells: list[str]) -> list[object]:
    """A CSV row's cells as a person types them into a sheet: numbers as numbers."""
    out: list[object] = []
    for h, v in zip(header, cells, strict=True):
        if v == "":
            out.append(None)
        elif h in ("year", "numerator", "denominator", "reporting", "expected"):
            out.append(int(v))
        elif h == "value":
            out.append(float(v))
        else:
            out.append(v)
    return out


def _same(a: object, b: object) -> None:
    assert [(r.target, r.year, r.value, r.unit, r.numerator, r.denominator, r.note, r.reporting,
             r.expected) for r in a.observations] == [  # type: ignore[attr-defined]
        (r.target, r.year, r.value, r.unit, r.numerator, r.denominator, r.note, r.reporting,
         r.expected) for r in b.observations]  # type: ignore[attr-defined]


def test_the_example_as_a_workbook_reads_as_its_csv(tmp_path: Path) -> None:
    text = HUE_CSV.read_text("utf-8")
    rows = [r for r in csv.reader(io.StringIO(text)) if r and not r[0].startswith("#")]
    book = _book(tmp_path / "obs.xlsx", rows[0], [_typed(rows[0], r) for r in rows[1:]],
                 title="SYNTHETIC DATA: invented figures")
    got, want = read_observed(book), parse_observed_csv(text, str(HUE_CSV))
    _same(got, want)
    assert got.synthetic and want.synthetic
    assert [r.line for r in got.observations][:2] == [3, 4]  # the sheet's rows


_values = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False,
                      allow_infinity=False)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["CT1.1", "CT4.1", "CT6.1"]), st.integers(2021, 2025),
                          st.one_of(st.none(), _values), st.integers(0, 500),
                          st.integers(1, 500)), min_size=1, max_size=8, unique_by=lambda r: r[:2]),
       st.booleans())
def test_a_workbook_reads_as_the_same_rows_in_csv(tmp_path: Path, rows: list[tuple],
                                                 percent_cells: bool) -> None:
    """Any rows typed into a sheet (numbers as numbers; percentages typed as Excel keeps
    them, a fraction shown with %) read as the same rows written in a CSV file."""
    lines, typed, formats = [",".join(HEADER)], [], {}
    for i, (target, year, value, num, den) in enumerate(rows):
        if value is None:
            lines.append(f"{target},{year},,,{num},{den},,,")
            typed.append([target, year, None, None, num, den, None, None, None])
        else:
            lines.append(f"{target},{year},{value},percent,,,,,")
            if percent_cells:  # 95.5 % is kept as 0.955
                typed.append([target, year, float(value / 100), None, None, None, None, None,
                              None])
                formats[(i + 2, 3)] = "0.00%"
            else:
                typed.append([target, year, float(value), "percent", None, None, None, None,
                              None])
    book = _book(tmp_path / "o.xlsx", HEADER, typed, formats=formats)
    want = parse_observed_csv("\n".join(lines) + "\n", "o.csv")
    got = read_observed(book)
    _same(got, want)
    assert all(r.value is None or isinstance(r.value, Decimal) for r in got.observations)


def test_a_percentage_cell_with_another_unit_is_an_error(tmp_path: Path) -> None:
    book = _book(tmp_path / "o.xlsx", HEADER,
                 [["CT1.1", 2023, 0.955, "count", None, None, None, None, None]],
                 formats={(2, 3): "0.0%"})
    with pytest.raises(InvalidObservation, match=r"o\.xlsx: 'Số liệu'!C2: the value is "
                                                 r"formatted as a percentage but the unit"):
        read_observed(book)


@pytest.mark.parametrize(("cell", "value", "what"), [
    ("B", "năm 2023", "year"),
    ("E", -3, "negative"),
    ("E", 12.5, "not whole"),
    ("C", "#DIV/0!", "error value"),
])
def test_bad_cells_are_named(tmp_path: Path, cell: str, value: object, what: str) -> None:
    row: list[object] = ["CT1.1", 2023, None, None, 5, 10, None, None, None]
    row["ABCDE".index(cell)] = value
    book = _book(tmp_path / "o.xlsx", HEADER, [row])
    with pytest.raises(InvalidObservation) as e:
        read_observed(book)
    assert "o.xlsx" in str(e.value) and (f"!{cell}2" in str(e.value) or "row 2" in str(e.value))
    # The file's own path (pytest-30/...) may hold the value's digits: look past it.
    said = str(e.value).replace(str(book), "<file>")
    assert str(value) not in said or isinstance(value, str)


def test_assess_reads_a_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = HUE_CSV.read_text("utf-8")
    rows = [r for r in csv.reader(io.StringIO(text)) if r and not r[0].startswith("#")]
    book = _book(tmp_path / "obs.xlsx", rows[0], [_typed(rows[0], r) for r in rows[1:]])
    args = ["assess", "thua-thien-hue-208-2021", "--on", "2024-12-31", "--format", "csv"]
    code_csv = main([*args[:2], str(HUE_CSV), *args[2:]])
    want = capsys.readouterr().out
    assert main([*args[:2], str(book), *args[2:]]) == code_csv
    assert capsys.readouterr().out == want


@pytest.mark.parametrize("fmt", ['0.0"%"', '0.0" %"', "0.0\\%"])
def test_a_literal_percent_sign_is_not_a_percentage(tmp_path: Path, fmt: str) -> None:
    """A format that shows a quoted or escaped % does not multiply by 100: 95.5 shown as
    "95.5%" was read as 9550."""
    book = _book(tmp_path / "o.xlsx", HEADER,
                 [["CT1.1", 2023, 95.5, "percent", None, None, None, None, None]],
                 formats={(2, 3): fmt})
    (row,) = read_observed(book).observations
    assert row.value == Decimal("95.5")


def test_a_workbook_whose_styles_cannot_be_read_is_a_library_error(tmp_path: Path) -> None:
    """A damaged number-format part gave a foreign exception from the reader of formats."""
    import zipfile

    book = _book(tmp_path / "o.xlsx", HEADER,
                 [["CT1.1", 2023, 95.5, "percent", None, None, None, None, None]])
    damaged = tmp_path / "d.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, b"<styleSheet><cellXfs><xf numFmtId='x'/>"
                         if item.filename == "xl/styles.xml" else data)
    with pytest.raises(InvalidObservation, match=r"d\.xlsx"):
        read_observed(damaged)

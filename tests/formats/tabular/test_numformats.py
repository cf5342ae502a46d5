"""Cells shown as percentages: a count so formatted is an error naming its cell (1 shows as
100 %), a decimal so formatted is known by its row (the observed-data reader reads it as
the percentage it shows)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childprotect.errors import InvalidTable
from childprotect.formats.datafiles import read_counts
from childprotect.formats.tabular.cells import Kind
from childprotect.formats.tabular.numformats import percent_cells, percent_format, percent_styles
from childprotect.formats.tabular.reading import read_table
from childprotect.formats.tabular.sources import Engine
from childprotect.formats.tabular.table import Column
from tests.formats.tabular.helpers import ENGINES, workbook

HEAD = ["unit", "period", "children", "special"]


def _formatted(cells: dict[str, str]) -> Any:
    def edit(ws: Any) -> None:
        for ref, fmt in cells.items():
            ws[ref].number_format = fmt
    return edit


@ENGINES
@pytest.mark.parametrize("fmt", ["0%", "0.00%", "0.0%", "#,##0.0%;[Red]-0.0%"])
def test_a_count_formatted_as_a_percentage_is_an_error_naming_its_cell(
        tmp_path: Path, engine: Engine, fmt: str) -> None:
    """It was read as the number it holds (1), while the sheet shows 100 %."""
    f = workbook(tmp_path / "d.xlsx", [HEAD, ["00037", "2024", 120, 1], ["00040", "2024", 90, 2]],
                 title="Số liệu", edit=_formatted({"D2": fmt}))
    with pytest.raises(InvalidTable) as e:
        read_table(f, key=("unit", "period"), other=Kind.COUNT, engine=engine)
    text = str(e.value)
    assert "'Số liệu'!D2 (special): holds a number formatted as a percentage" in text
    assert "D3" not in text


@ENGINES
@pytest.mark.parametrize("fmt", ['0"%"', "0\\%", "0", "#,##0", "General", "@"])
def test_a_literal_percent_sign_or_another_format_is_read_as_it_is(
        tmp_path: Path, engine: Engine, fmt: str) -> None:
    f = workbook(tmp_path / "d.xlsx", [HEAD, ["00037", "2024", 120, 1]],
                 edit=_formatted({"D2": fmt}))
    t = read_table(f, key=("unit", "period"), other=Kind.COUNT, engine=engine)
    assert [r["special"] for r in t] == [1]


def test_read_counts_refuses_it_too(tmp_path: Path) -> None:
    f = workbook(tmp_path / "d.xlsx", [HEAD, ["00037", "2024", 120, 1]],
                 edit=_formatted({"C2": "0%"}))
    with pytest.raises(InvalidTable, match=r"Sheet1'?!C2 \(children\): holds a number "
                                           "formatted as a percentage"):
        read_counts(f)


@ENGINES
def test_a_blank_or_text_cell_formatted_as_a_percentage_is_nothing(
        tmp_path: Path, engine: Engine) -> None:
    f = workbook(tmp_path / "d.xlsx", [HEAD, ["00037", "2024", 120, None]],
                 edit=_formatted({"D2": "0%", "A2": "0%"}))
    t = read_table(f, key=("unit", "period"), other=Kind.COUNT, engine=engine)
    assert [(r["unit"], r["special"]) for r in t] == [("00037", None)]


@ENGINES
def test_decimal_cells_shown_as_percentages_are_known_by_their_rows(
        tmp_path: Path, engine: Engine) -> None:
    f = workbook(tmp_path / "d.xlsx", [["target", "year", "value"], ["T1", "2024", 0.955],
                                       ["T2", "2024", 12.5], ["T3", "2024", 0.5]],
                 edit=_formatted({"C2": "0.0%", "C4": "0%"}))
    t = read_table(f, [Column("target", Kind.CODE), Column("year", Kind.CODE),
                       Column("value", Kind.DECIMAL)], key=("target", "year"), other=None,
                   engine=engine)
    assert [r["target"] for r in t.shown_as_percent("value")] == ["T1", "T3"]
    assert t.shown_as_percent("target") == ()


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(1, 30), st.integers(1, 8),
                          st.sampled_from(["0%", "0.00%", '0.0"%"', "0.0", "0.0\\%", "General",
                                           "#,##0%", "[Blue]0%", "0%;-0%"]),
                          st.one_of(st.integers(0, 10**6), st.floats(0, 1), st.just("text"))),
                max_size=25, unique_by=lambda c: c[:2]))
def test_the_cells_are_those_openpyxl_sees_formatted_as_percentages(
        tmp_path: Path, cells: list[tuple[int, int, str, object]]) -> None:
    """The XML scan agrees with openpyxl's reading of each cell's format (an independent
    reader): a number cell whose format shows a % that is not quoted or escaped."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row, col, fmt, value in cells:
        ws.cell(row, col, value).number_format = fmt
    p = tmp_path / "p.xlsx"
    wb.save(p)
    import zipfile

    with zipfile.ZipFile(p) as z:
        got = percent_cells(z.read("xl/worksheets/sheet1.xml"),
                            percent_styles(z.read("xl/styles.xml")))
    back = openpyxl.load_workbook(p).active
    assert back is not None
    want = {(c.row, c.column) for r in back.iter_rows() for c in r
            if isinstance(c.value, int | float) and percent_format(c.number_format)}
    assert got == want


def test_cells_without_their_reference_are_counted() -> None:
    xml = (b'<sheetData><row><c s="1"><v>1</v></c><c s="1"><v>2</v></c></row>'
           b'<row r="5"><c s="0"><v>3</v></c><c s="1"><v>4</v></c></row></sheetData>')
    assert percent_cells(xml, frozenset({1})) == {(1, 1), (1, 2), (5, 2)}


def test_the_style_of_a_row_or_a_column_is_not_a_cell() -> None:
    xml = (b'<cols><col min="1" max="3" s="1"/></cols><sheetData>'
           b'<row r="2" s="1" customFormat="1"><c r="A2"><v>1</v></c>'
           b"<x:c r='B2' s='1'><v>2</v></x:c><c r=\"C2\" s=\"11\"><v>3</v></c></row></sheetData>")
    assert percent_cells(xml, frozenset({1})) == {(2, 2)}


def test_damaged_styles_are_a_library_error(tmp_path: Path) -> None:
    from tests.formats.tabular.helpers import rewrite_sheet

    f = workbook(tmp_path / "d.xlsx", [HEAD, ["00037", "2024", 120, 1]])
    rewrite_sheet(f, lambda xml: xml[: len(xml) // 2], part="xl/styles.xml")
    with pytest.raises(InvalidTable, match="number formats of its cells cannot be read"):
        read_table(f, key=("unit", "period"), other=Kind.COUNT)


@ENGINES
def test_a_default_style_that_shows_a_percentage_is_seen(tmp_path: Path,
                                                         engine: Engine) -> None:
    """Cells without a style of their own take the workbook's first (``cellXfs[0]``):
    when that one shows a percentage, so do they (openpyxl reads them as ``0%``)."""
    import re

    from tests.formats.tabular.helpers import rewrite_sheet

    f = workbook(tmp_path / "d.xlsx", [HEAD, ["00037", "2024", 120, 1]])
    rewrite_sheet(f, lambda xml: re.sub(r'(<cellXfs[^>]*>\s*<xf\b[^>]*?)numFmtId="0"',
                                        r'\1numFmtId="9"', xml, count=1),
                  part="xl/styles.xml")
    ws = openpyxl.load_workbook(f).active
    assert ws is not None and ws["D2"].number_format == "0%"
    with pytest.raises(InvalidTable, match=r"C2 \(children\): holds a number formatted"):
        read_table(f, key=("unit", "period"), other=Kind.COUNT, engine=engine)

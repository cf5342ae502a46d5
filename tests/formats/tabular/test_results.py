"""Result sheets: rollups a sheet per level, with the publication mark and statuses."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

from childprotect.formats.tabular.results import (
    LEVEL_SHEETS,
    STATUS_COLOURS,
    rollup_sheets,
    status_styles,
)
from childprotect.formats.tabular.workbook import HIDDEN
from childprotect.plans.status import STATUSES, Status
from childprotect.rollup import Measure, Measures, Record, rollup
from childprotect.rollup.publication import MARK
from childprotect.units.registry import bundled


def test_the_workbook_mark_is_the_publication_mark() -> None:
    assert HIDDEN == MARK


def test_every_status_has_a_colour_and_a_label_in_each_language() -> None:
    assert set(STATUS_COLOURS) == {s.value for s in STATUSES}
    vi = {s.key: s.label for s in status_styles("vi")}
    assert vi["met"] == Status.MET.label("vi") == "đạt"
    assert {s.key: s.label for s in status_styles("en")}["not_met"] == "not met"


def test_rollup_sheets_hold_numbers_and_exact_rates() -> None:
    h = bundled().on(dt.date(2024, 12, 31)).within(["870"])
    m = Measures([Measure.count("children"), Measure.count("special"),
                  Measure.rate("pct", "special", "children", factor=100)])
    r = rollup([Record("29971", "2024", {"children": 300, "special": 9}),
                Record("29956", "2024", {"children": 7, "special": None})], h, m)
    sheets = {s.name: s for s in rollup_sheets([(r, None)])}
    assert set(sheets) == {LEVEL_SHEETS["district"], LEVEL_SHEETS["commune"],
                           LEVEL_SHEETS["total"], "Bất thường"}
    codes = [c.code for c in sheets["Xã"].columns]
    assert codes == ["unit", "name", "reporting", "expected", "children", "special", "pct",
                     "pct_reporting"]
    rows = {row[0]: row for row in sheets["Xã"].rows}
    assert rows["29971"][4:] == (300, 9, Fraction(3), 1)
    assert rows["29956"][4:] == (7, None, None, 0)
    district = sheets["Huyện"].rows[0]
    # the district's rate over the communes reporting both parts only: 9/300, not 9/307
    assert district[4:] == (307, 9, Fraction(3), 1)


def _periods() -> list[tuple[object, None]]:
    h = bundled().on(dt.date(2024, 12, 31)).within(["870"])
    m = Measures([Measure.count("children"), Measure.count("special"),
                  Measure.rate("pct", "special", "children", factor=100)])
    return [(rollup([Record("29971", p, {"children": 300 + k, "special": 9}),
                     Record("29956", p, {"children": 7, "special": None})], h, m), None)
            for k, p in enumerate(["2024-01", "2024-02", "2024-03"])]


def test_a_book_made_a_period_at_a_time_on_disk_is_the_same() -> None:
    """The rows kept on disk (spool=True) give the sheets of the rollups given together,
    with an estimate marked in the last period only and the period column."""
    from childprotect.formats.tabular.results import RollupBook
    from childprotect.formats.tabular.spooled import SpooledRows

    results = _periods()
    marks: list[set[str]] = [set(), set(), {"29971"}]
    together = rollup_sheets(results, estimates=marks)  # type: ignore[arg-type]
    for spool in (True,):  # (rollup_sheets is the book in memory)
        book = RollupBook(spool=spool)
        for (r, sup), mark in zip(results, marks, strict=True):
            book.add(r, sup, mark)  # type: ignore[arg-type]
        sheets = book.sheets()
        assert [s.name for s in sheets] == [s.name for s in together]
        for ours, theirs in zip(sheets, together, strict=True):
            assert ours.columns == theirs.columns and ours.notes == theirs.notes
            rows = ours.rows
            if spool and ours.name != "Bất thường":
                assert isinstance(rows, SpooledRows)
                rows = tuple(r for b in rows.blocks(2) for r in b)
            assert rows == theirs.rows
        book.close()
    codes = [c.code for c in together[0].columns]
    assert codes[0] == "period" and codes[-1] == "estimate"
    assert [c.code for c in rollup_sheets(results[:1])[0].columns][:2] == ["unit", "name"]


def test_a_spooled_row_of_the_wrong_length_is_named_when_written(tmp_path: Path) -> None:
    import pytest

    from childprotect.errors import ValidationError
    from childprotect.formats.tabular.spooled import SpooledRows
    from childprotect.formats.tabular.workbook import ColumnSpec, SheetSpec, write_workbook

    rows = SpooledRows()
    rows.add([("a",)] * 1500 + [("b", "c")])
    with pytest.raises(ValidationError, match=r"sheet 'S', row 1501: 2 values for 1 columns"):
        write_workbook(tmp_path / "x.xlsx", [SheetSpec("S", (ColumnSpec("Tên"),), rows)])
    assert list(tmp_path.iterdir()) == []
    rows.close()


def test_a_spooled_block_names_the_first_problem_by_row(tmp_path: Path) -> None:
    """A value refused before a row of the wrong length, in the same block, comes first."""
    import pytest

    from childprotect.errors import ValidationError
    from childprotect.formats.tabular.spooled import SpooledRows
    from childprotect.formats.tabular.workbook import (
        ColumnKind,
        ColumnSpec,
        SheetSpec,
        write_workbook,
    )

    rows = SpooledRows()
    rows.add([(1,)] * 10 + [("x",)] + [(1,)] * 10 + [(1, 2)])
    with pytest.raises(ValidationError, match=r"row 11, column 'Số'"):
        write_workbook(tmp_path / "x.xlsx", [SheetSpec("S", (ColumnSpec(
            "Số", ColumnKind.INTEGER),), rows)])
    rows.close()

"""Result sheets: rollups a sheet per level, with the publication mark and statuses."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

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

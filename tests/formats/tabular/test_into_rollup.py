"""A filled template, read by read_table, rolls up to the same figures as the same data
read from CSV by the rollup's own reader (how the commands are to be wired)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import openpyxl

from childprotect.formats.counts import read_csv_text
from childprotect.formats.tabular.cells import Kind
from childprotect.formats.tabular.reading import read_table
from childprotect.formats.tabular.template import write_template
from childprotect.rollup.aggregate import rollup_rows
from childprotect.rollup.measures import Measure, Measures
from childprotect.units.registry import bundled
from tests.formats.tabular.test_template import MEASURES


def test_filled_template_rolls_up_like_the_csv(tmp_path: Path) -> None:
    h = bundled().on(date(2025, 7, 1))
    units = [(c, h.name(c)) for c in h.codes("commune")]
    figures = {c: [900 + 10 * i, 12 + i, i, None if i == 2 else 1] for i, (c, _) in
               enumerate(units)}
    p = write_template(tmp_path / "mau.xlsx", units, MEASURES, title_vi="Biểu", period="2025")
    wb = openpyxl.load_workbook(p)
    ws = wb["Số liệu"]
    for r in range(5, 5 + len(units)):
        for j, v in enumerate(figures[ws.cell(r, 1).value], start=4):
            ws.cell(r, j, v)
    wb.save(p)

    table = read_table(p, key=("unit", "period"), valid={"unit": set(h.codes())})
    counts = table.names_of(Kind.COUNT)
    measures = Measures([Measure.count(n) for n in counts])
    from_xlsx = rollup_rows([(r["unit"], tuple(r[n] for n in counts)) for r in table],
                            h, measures, "2025")

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["unit", "period", *counts])
    for code, _ in units:
        w.writerow([code, "2025", *["" if v is None else v for v in figures[code]]])
    m, rows = read_csv_text(buf.getvalue())
    from_csv = rollup_rows([(u, v) for u, _, v in rows], h, m, "2025")

    assert from_xlsx.to_json() == from_csv.to_json()
    assert from_xlsx.total("82", "children") == sum(f[0] for f in figures.values())

"""How-to for an analyst: tables, pandas DataFrames and an attainment chart.

Run: python examples/howto_analyst.py   (pandas is the optional ``pandas`` extra)
In Jupyter, ``childprotect.formats.notebook.register_notebook()`` shows these objects as HTML
tables; see examples/analyst.ipynb.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from childprotect.formats import catalog
from childprotect.mainjob.job import demo_dataset, run
from childprotect.report import attainment_chart
from childprotect.report.svg import bar_chart_svg
from childprotect.tables import display

plan = catalog.load("thua-thien-hue-208-2021")
job = run(plan, demo_dataset(), on=dt.date(2026, 11, 23))

# every target where it applies as a DataFrame, typed for analysis: counts Int64, values
# float64 beside an exact text column, statuses a Categorical (docs/targets.md)
frame = job.to_frame(lang="en")
print(frame.groupby(["unit_level", "status"], observed=False).size().unstack(fill_value=0))

# the plan's parts as frames
sections = display.to_frame(plan, part="sections")
print(f"{len(sections)} sections; first: {sections.iloc[0]['id']} {sections.iloc[0]['title_vi']}")

# the rollup of the last year as a table (what _repr_html_ shows in a notebook)
rollup = job.rollups[job.periods[-1]]
table = display.table(rollup)
print(table.headers[:5], f"{len(table.rows)} rows")

# the attainment chart of the province, as SVG written by the library
with tempfile.TemporaryDirectory() as tmp:
    svg = Path(tmp) / "attainment.svg"
    svg.write_text(bar_chart_svg(attainment_chart(job, job.root or "", "en")), "utf-8")
    print(f"chart: {svg.stat().st_size:,} bytes of SVG")

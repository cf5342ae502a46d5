"""How-to for an analyst: tables, pandas DataFrames, an attainment chart, and your own
counts as a DataFrame.

Run: python examples/howto_analyst.py   (pandas is the optional ``pandas`` extra)
In Jupyter, ``childprotect.formats.notebook.register_notebook()`` shows these objects as HTML
tables; see examples/analyst.ipynb.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd

from childprotect.formats import catalog
from childprotect.mainjob.job import demo_dataset, read_dataset, run
from childprotect.report import attainment_chart
from childprotect.report.svg import bar_chart_svg
from childprotect.rollup import rollup_periods
from childprotect.tables import display
from childprotect.units.registry import bundled

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

# your own counts as a DataFrame (here a CSV file; pd.read_excel of the file a province
# sent is the same): codes typed as numbers come as int64, a column with a blank as
# float64; the library reads the frame as it reads the file (NaN is a blank, 12.0 is 12)
counts = pd.read_csv(Path(__file__).parent / "data" / "rollup-synthetic-hong-ngu-2024.csv")
counts = counts.rename(columns={"special": "children_special_circumstances",
                                "assisted": "children_special_circumstances_assisted"})
data = read_dataset(counts)
by_period = rollup_periods(data.records, bundled(), data.measures)
print(f"Hồng Ngự district, 2024: {by_period['2024'].total('870', 'children'):,} children "
      f"(synthetic counts)")
own = run("hong-ngu-2020", counts, on=dt.date(2025, 6, 1), duties=False)
print(f"the main job on the frame: {len(own.units)} units, "
      f"{len(own.data_anomalies)} data anomalies")

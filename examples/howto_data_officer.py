"""How-to for a provincial data officer: the main job on a data file, and an HTML report.

Run from anywhere: python examples/howto_data_officer.py
It rolls the example (synthetic) commune data up to every level, assesses the Huế plan's
targets, prints the top-level results, and writes report.html into a temporary folder.
The same from a terminal:

    childprotect demo
    childprotect report thua-thien-hue-208-2021 examples/data/hue-synthetic.json --out r.html
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from childprotect.cli import main
from childprotect.formats import catalog
from childprotect.mainjob.job import read_dataset, run

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "hue-synthetic.json"  # SYNTHETIC: invented figures

plan = catalog.load("thua-thien-hue-208-2021")
job = run(plan, read_dataset(DATA), on=dt.date(2026, 11, 23))
root = job.unit(job.root or "")
print(f"{plan.document.number.text}: {root.name_vi}, {root.reporting}/{root.expected} "
      f"communes reported in {job.periods[-1]} (synthetic data)")
for status, n in job.counts(root.code).items():
    if n:
        print(f"  {status:15} {n} targets")
for outcome in job.outcomes[root.code][:5]:
    print(f"  {outcome.target_id:7} {outcome.status:10} {outcome.detail}")

with tempfile.TemporaryDirectory() as tmp:
    out = Path(tmp) / "report.html"
    code = main(["report", plan.id, str(DATA), "--on", "2026-11-23", "--out", str(out)])
    print(f"exit code {code}; the report has {out.stat().st_size:,} bytes")

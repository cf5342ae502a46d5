"""A tour of the bundled plans: load, look at, check, and save one as a file.

Run: python examples/plans_tour.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import childprotect
from childprotect.formats.convert import dumps

for plan_id in childprotect.plan_ids():
    plan = childprotect.load_plan(plan_id)
    doc = plan.document
    issuer = doc.issuer.place or doc.issuer.name_vi
    print(f"{plan_id:26} {doc.number.canonical():18} {issuer:22} {doc.period}")

plan = childprotect.load_plan("hong-ngu-2020")
print(f"\n{plan.id}: issued {plan.document.issued.text.strip()!r}"
      f" -> {plan.document.issued.iso()} (precision: {plan.document.issued.value.precision.value})"
      if plan.document.issued.value else "")
for anomaly in childprotect.check(plan):
    print(f"  {anomaly.kind:18} {anomaly.where:26} {anomaly.explanation}")

# A plan is plain data: write it out, edit it, load it back.
with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "my-plan.json"
    path.write_text(dumps(plan), encoding="utf-8")
    again = childprotect.load_plan(path)
    print(f"\nround trip through {path.name}: equal = {again == plan}")

print("\n" + repr(childprotect.parse_number("550/100.000 trẻ em")))
print(repr(childprotect.parse_date("ngày 09 tháng 6 năm 2021")))

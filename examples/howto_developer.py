"""How-to for a developer: the public API, JSON with its schema, and DHIS2 export.

Run: python examples/howto_developer.py
"""

from __future__ import annotations

import datetime as dt
import json

from childprotect.formats import catalog, dhis2
from childprotect.formats.schemas import plan_schema
from childprotect.mainjob.job import demo_dataset, run

plan = catalog.load("thua-thien-hue-208-2021")
schema = plan_schema()
print(f"plan file schema: {schema['title']} ({len(schema['$defs'])} definitions)")

# Roll up the (synthetic) demo data and export the province and district counts of one
# year as a DHIS2 dataValueSets payload; rates are not sent (DHIS2 recomputes them).
job = run(plan, demo_dataset(), on=dt.date(2026, 11, 23), duties=False)
rollup = job.rollups["2024"]
mapping = {"children": "CP_CHILDREN",
           "children_special_circumstances": "CP_CHILDREN_SPECIAL",
           "children_special_circumstances_assisted": "CP_CHILDREN_SPECIAL_ASSISTED"}
rows = [(u.code, measure, rollup.total(u.code, measure))
        for u in job.units if u.depth <= 1 for measure in mapping
        if rollup.total(u.code, measure) is not None]
payload = dhis2.data_value_set(
    dhis2.data_values(rows, period=dhis2.DhisPeriod.yearly(2024), data_elements=mapping),
    data_set="CP_ANNUAL", complete_date=dt.date(2025, 1, 15))
print(f"DHIS2 payload: {len(payload['dataValues'])} data values; first:")
print(json.dumps(payload["dataValues"][0], ensure_ascii=False))

"""Generate the synthetic commune dataset of ``childprotect demo`` (deterministic).

The dataset is INVENTED: nine synthetic districts of Thừa Thiên Huế (codes 991–999, names
"Huyện mẫu N") with synthetic communes (codes 99101…, "Xã mẫu N.M"), and for 2023 and
2024 the counts that the Huế plan's targets are computed from. No figure is real; every
output that uses the data says so. Unit codes 99x/99xxx are not used by any real unit.

Columns come from the plan's targets (``childprotect.mainjob.job.target_columns``), so the
data always fits the plan as it is encoded. Run it again after the plan's targets change:

    python benchmarks/gen_demo_data.py          # writes the two copies
    python benchmarks/gen_demo_data.py --check  # exit 1 if the shipped files differ

Copies: ``src/childprotect/data/demo/hue-synthetic.json`` (package data, used by
``childprotect demo``) and ``examples/data/hue-synthetic.json`` (for ``childprotect
report``).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path
from typing import Any

from childprotect.formats import catalog
from childprotect.formats.convert import unstructure
from childprotect.mainjob.job import DEMO_PLAN, target_columns
from childprotect.units.model import AdminUnit

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = (ROOT / "src" / "childprotect" / "data" / "demo" / "hue-synthetic.json",
           ROOT / "examples" / "data" / "hue-synthetic.json")
SEED = 208
YEARS = ("2023", "2024")
#: The synthetic units exist until the end of the data's last year (2024).
_END = dt.date(2024, 12, 31)
SYNTHETIC = "synthetic: invented for the childprotect demo; not a real unit"

#: Base sizes of denominators, as shares of a commune's children (invented).
_SHARE_OF_CHILDREN = {
    "children": 1.0, "children_and_minors": 0.75, "children_primary_cohort": 0.08,
    "children_lower_secondary_cohort": 0.075, "lower_secondary_pupils": 0.28,
    "children_disabled_needing_education": 0.012,
}
_AGE_SHARE = {"0": 0.06, "0-4": 0.3, "5": 0.065, "6": 0.065, "5-17": 1.0}


def _units(rng: random.Random) -> list[AdminUnit]:
    units: list[AdminUnit] = []
    for d in range(1, 10):
        dcode = f"99{d}"
        units.append(AdminUnit(dcode, f"Huyện mẫu {d}", f"Synthetic district {d}", "huyen",
                               SYNTHETIC, parent="46", valid_to=_END))
        for c in range(1, rng.randint(8, 15) + 1):
            kind = "thi-tran" if c == 1 else "xa"
            name = f"Thị trấn mẫu {d}.{c}" if c == 1 else f"Xã mẫu {d}.{c}"
            units.append(AdminUnit(f"{dcode}{c:02d}", name, f"Synthetic commune {d}.{c}",
                                   kind, SYNTHETIC, parent=dcode, valid_to=_END))
    return units


def _base(rng: random.Random, name: str, options: list[str], children: int,
          urban: bool) -> int:
    """A denominator that no target computes: a size drawn around the commune's children."""
    if name == "communes":
        return 1
    if name == "schools":
        return rng.randint(3, 8)
    if name == "live_births":
        return round(children * 0.06 * rng.uniform(0.8, 1.2))
    if name == "children_disaster_affected":
        return 0 if rng.random() < 0.4 else rng.randint(10, 300)
    share = _SHARE_OF_CHILDREN.get(name, 0.1)
    for o in options:
        share *= _AGE_SHARE.get(o, 1.0)
        if o in ("urban", "rural") and (o == "urban") != urban:
            return 0
    return max(0, round(children * share * rng.uniform(0.95, 1.05)))


def _values(rng: random.Random, plan: Any, children: int, urban: bool, quality: float,
            year_index: int) -> dict[str, int]:
    values: dict[str, int] = {}
    for t in plan.targets:
        num, den = target_columns(t)
        if num is None or num in values:
            continue
        ind = t.indicator
        if den is None:  # a count: small numbers that fall over the years
            values[num] = max(0, rng.randint(0, 3) - year_index)
            continue
        if den not in values:
            opts = [c.option for c in t.disaggregation]
            values[den] = _base(rng, ind.denominator or den, opts, children, urban)
        d = values[den]
        factor = ind.unit.factor or 1
        goal = float(t.value) / factor if t.value is not None else 0.0
        lower_better = t.direction.value == "decrease"
        if lower_better:
            # around the target, worse in the earlier year
            p = goal * rng.uniform(0.5, 1.6) * quality * (1.08 if year_index == 0 else 1.0)
        else:
            gap = (1 - goal) if goal < 1 else 0.05
            p = goal - gap * rng.uniform(-0.6, 1.2) * quality * (1.1 if year_index == 0 else 1.0)
        p = min(max(p, 0.0), 1.0 if ind.bounded else p)
        if d == 1:
            values[num] = 1 if rng.random() < p else 0
        else:
            values[num] = min(d, round(d * p)) if ind.bounded else round(d * p)
    return values


def _consistent(values: dict[str, int], relations: Any) -> dict[str, int]:
    """``values`` made to agree with the plan's data dictionary: a part at most its whole,
    partitions (urban + rural) adding up to their whole. A commune is urban or rural, so
    the matching part takes the whole; a part above its whole is brought down to it."""
    from childprotect.plans.measures import RelationKind

    for _ in range(20):
        changed = False
        for rel in relations:
            if rel.whole not in values or any(p not in values for p in rel.parts):
                continue
            whole = values[rel.whole]
            if rel.kind is RelationKind.SUM_OF:
                total = sum(values[p] for p in rel.parts)
                if total != whole:
                    big = max(rel.parts, key=lambda p: values[p])
                    for p in rel.parts:
                        values[p] = whole if p == big else 0
                    changed = True
            elif values[rel.parts[0]] > whole:
                values[rel.parts[0]] = whole
                changed = True
        if not changed:
            return values
    raise AssertionError("the demo values do not settle on the plan's relations")


def generate() -> dict[str, Any]:
    """The dataset as JSON-ready data."""
    from childprotect.plans.measures import measures_for

    rng = random.Random(SEED)
    plan = catalog.load(DEMO_PLAN)
    relations = measures_for(plan).relations
    units = _units(rng)
    communes = [u for u in units if u.kind != "huyen"]
    profile = {u.code: (rng.randint(1500, 7000), rng.random() < 0.25, rng.uniform(0.7, 1.3))
               for u in communes}
    skipped = communes[len(communes) // 3].code  # one commune did not report in 2024
    records = []
    for i, year in enumerate(YEARS):
        for u in communes:
            if year == YEARS[-1] and u.code == skipped:
                continue
            children, urban, quality = profile[u.code]
            children = round(children * (1 + 0.01 * i))
            rec_rng = random.Random(f"{SEED}/{u.code}/{year}")
            values = _consistent(_values(rec_rng, plan, children, urban, quality, i),
                                 relations)
            records.append({"unit": u.code, "period": year, "values": values})
    names: list[str] = []
    for r in records:
        for k in r["values"]:
            if k not in names:
                names.append(k)
    for r in records:  # every record has every column, in one order
        r["values"] = {k: r["values"][k] for k in names}
    return {
        "about": {
            "synthetic": True,
            "title": "Synthetic commune data for Thừa Thiên Huế, 2023–2024 — invented for "
                     "the demo, not real figures",
            "title_vi": "Số liệu cấp xã mô phỏng cho Thừa Thiên Huế, 2023–2024 — được tạo ra "
                        "để minh họa, không phải số liệu thật",
            "source": "benchmarks/gen_demo_data.py (seed 208)",
        },
        "root": "46",
        "units": unstructure(units),
        "records": records,
    }


def render() -> str:
    """The dataset as JSON text: one unit or record per line, so that diffs stay readable."""
    data = generate()

    def one(x: object) -> str:
        return json.dumps(x, ensure_ascii=False, separators=(", ", ": "))

    lines = ["{"]
    lines.append(f'  "about": {json.dumps(data["about"], ensure_ascii=False, indent=4)[:-1]}  }},')
    lines.append(f'  "root": {one(data["root"])},')
    for key in ("units", "records"):
        items = data[key]
        lines.append(f'  "{key}": [')
        lines += [f"    {one(x)}{',' if i < len(items) - 1 else ''}" for i, x in enumerate(items)]
        lines.append("  ]," if key == "units" else "  ]")
    lines.append("}")
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == data
    return text


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        stale = [str(p) for p in OUTPUTS if not p.exists() or p.read_text("utf-8") != text]
        for p in stale:
            print(f"out of date: {p}")
        return 1 if stale else 0
    for p in OUTPUTS:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, "utf-8")
        print(f"wrote {p} ({len(text):,} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

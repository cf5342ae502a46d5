"""A tour of rollups on the (synthetic) 2024 data of Hồng Ngự district.

The counts in data/rollup-synthetic-hong-ngu-2024.csv are made up; the units are the
real ones bundled with the library (Hồng Ngự district and its 2025 successors).
Run: python examples/rollup_tour.py
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from childprotect.formats.counts import read_csv
from childprotect.rollup.aggregate import rollup
from childprotect.rollup.crosswalks import crosswalk
from childprotect.rollup.measures import AtMost, DistinctOf, Measure, Measures, Record
from childprotect.rollup.parallel import rollup_pool, split_by
from childprotect.rollup.protection import suppress
from childprotect.units.registry import bundled

DATA = Path(__file__).resolve().parent / "data" / "rollup-synthetic-hong-ngu-2024.csv"


def main() -> None:
    registry = bundled()
    with DATA.open(encoding="utf-8", newline="") as f:
        read, rows = read_csv(f)
        records = [Record(unit, period, dict(zip(read.counts, values, strict=False)))
                   for unit, period, values in rows]
    measures = Measures(
        [*read.measures,
         Measure.rate("special_pct", "special", "children", factor=100),
         Measure.rate("assisted_pct", "assisted", "special", factor=100)],
        [AtMost("special", "children"), AtMost("assisted", "special"),
         DistinctOf("special", ("group_a", "group_b", "group_c"))],
    )
    r = rollup(records, registry, measures)  # units as of the period's last day
    print(f"Rollup of {r.period} on the units of {r.hierarchy.as_of}")
    for code in ["870", "868", "87", "*"]:
        name = "all units" if code == "*" else r.hierarchy.unit(code).name_vi
        c = r.completeness(code)
        rate = r.rate(code, "special_pct")
        print(f"  {name:<20} children {r.total(code, 'children')!s:>6}  "
              f"special {r.total(code, 'special')!s:>4}  "
              f"special % {rate.decimal(2)!s:>5} (exact {rate.value})  "
              f"reported {c.reporting}/{c.expected}")
    print("  missing units:", ", ".join(r.hierarchy.unit(c).name_vi for c in r.missing()))
    print("  special not reported by:",
          [c for c in r.hierarchy.children("870") if r.cell(c, "special").reported == 0
           and c not in r.missing()])
    for a in r.anomalies:
        print(f"  anomaly {a.kind} at {a.where}: {a.text}")

    s = suppress(r, threshold=5)
    print(f"\nFor publication: {len(s.primary)} small cells hidden, "
          f"{len(s.complementary)} more so that they cannot be recovered from totals")
    headers, table = r.table(s)
    for row in table:
        if row[0] == "commune" and row[1] in ("29971", "29978"):
            print("  ", dict(zip(headers[1:10], row[1:10], strict=False)))

    # The same job split by district, in two worker processes, then merged.
    h = r.hierarchy
    parallel = rollup_pool(split_by(records, h, "district").values(), h, measures,
                           max_workers=2)
    print("\nSplit by district and merged equals the whole:", parallel.table() == r.table())

    # Carried into the structure of 1 July 2025: Phú Thuận B was split without a known
    # share, so its two successors are approximate (equal split assumed).
    cw = crosswalk(records, registry, source_on=date(2024, 12, 31),
                   target_on=date(2025, 7, 1), level="commune")
    new, approx = cw.rollup(measures)
    print("\nIn the 2025 communes (Tỉnh Đồng Tháp, code 82):")
    for code in new.hierarchy.codes("commune"):
        flag = "  (approximate)" if approx[code] else ""
        print(f"  {new.hierarchy.unit(code).name_vi:<20} children "
              f"{new.total(code, 'children')!s:>8}{flag}")
    print(f"  province 82 total children {new.total('82', 'children')} "
          f"(approximate: {approx['82']})")


if __name__ == "__main__":
    main()

"""Publication safety at national size: audited suppression against the equation rule.

On the national synthetic data (benchmarks/gen_national.py: 63 provinces, 696 districts,
10,035 communes, 17 count measures, a rate special_pct), side by side:

1. The rollup alone (what publishing without suppression costs).
2. The previous release's equation rule (in every sum with exactly one hidden term, hide
   one more; copied below as ``equation_rule``), and how many of its primary cells the
   audit finds under protection (and with an interval at most 1 wide).
3. ``suppress`` (audited: it ends with the linear-programming audit of every hidden
   cell) and ``audit`` of its result, computed again from the pattern.
4. The two ways of computing the intervals of one pattern: the linear programmes of
   ``audit_table`` (HiGHS through scipy) and the exact interval propagation over the
   hierarchy that ``suppress`` uses to choose cells; they must agree on every cell.
5. The same data with the 16 consistency rules between measures (each group ≤ children,
   special between its largest group and their sum, assisted ≤ special), which the
   audit must use too: ``suppress`` and ``audit`` once each.

Times are the fastest of ``--repeat`` runs taken in turn; ratios are the medians of the
ratios of runs taken together (the machine is shared).

Usage: python benchmarks/bench_protection.py [--repeat 3] [--data DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _args  # noqa: E402
import gen_national  # noqa: E402


def equation_rule(r: Any, threshold: int = 5) -> set[tuple[str, str]]:
    """The previous release's complementary suppression (for comparison only): hide
    ``0 < n < threshold``, then in every ``parent = sum of children`` with exactly one
    hidden term hide the smallest published child (else the parent), until none has."""
    from childprotect.rollup.measures import TOTAL

    h = r.hierarchy
    groups = [(code, h.roots() if code == TOTAL else h.children(code))
              for code in [*h.codes(), TOTAL]]
    groups = [(c, kids) for c, kids in groups if kids]
    out: set[tuple[str, str]] = set()
    for name in r.names:
        values = {c: r.total(c, name) for c in r.codes()}
        hidden = {c for c, v in values.items() if v is not None and 0 < v < threshold}
        changed = True
        while changed:
            changed = False
            for parent, kids in groups:
                terms = [k for k in kids if values[k] is not None]
                if values[parent] is None or not terms:
                    continue
                n = sum(1 for k in terms if k in hidden) + (parent in hidden)
                if n != 1:
                    continue
                shown = sorted((k for k in terms if k not in hidden), key=lambda k: (values[k], k))
                hidden.add(shown[0] if shown else parent)
                changed = True
        out |= {(c, name) for c in hidden}
    return out


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    got = fn()
    return time.perf_counter() - t0, got


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=_args.whole, default=3)
    ap.add_argument("--data", type=Path, default=None)
    args = ap.parse_args(argv)

    import scipy

    from childprotect.formats.counts import read_csv
    from childprotect.rollup.aggregate import rollup_rows
    from childprotect.rollup.measures import AtMost, DistinctOf, Measure, Measures
    from childprotect.rollup.protection import _measures, _Tree, audit, suppress, table_of
    from childprotect.units import load_units_csv

    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp)
        if not (data / "rollup.csv").exists():
            gen_national.main([str(data)])
        h = load_units_csv(data / "units.csv").on(date(2024, 12, 31))
        with (data / "rollup.csv").open(encoding="utf-8", newline="") as f:
            m, rows = read_csv(f)
            pairs = [(u, v) for u, _, v in rows]
    m = Measures([*m.measures, Measure.rate("special_pct", "special", "children", factor=100)])
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
          f"scipy {scipy.__version__}")

    r = rollup_rows(pairs, h, m, "2024")
    times: dict[str, list[float]] = {k: [] for k in ("rollup", "old", "suppress", "audit")}
    for i in range(args.repeat + 1):  # the first round warms up
        took = {
            "rollup": timed(lambda: rollup_rows(pairs, h, m, "2024"))[0],
            "old": timed(lambda: equation_rule(r))[0],
        }
        took["suppress"], s = timed(lambda: suppress(r))
        took["audit"], a = timed(lambda s=s: audit(r, s))
        if i:
            for k, v in took.items():
                times[k].append(v)
    best = {k: min(v) for k, v in times.items()}

    def ratio(a: str, b: str) -> float:
        return statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))

    cells = len(table_of(r).values)
    print(f"\ndata: {len(r.codes())} units x {len(r.names)} counts = {cells} cells; "
          f"threshold 5, protection level 5")
    print("\n1. the rollup alone")
    print(f"   rollup to every level:                {best['rollup'] * 1000:9.1f} ms")

    old = equation_rule(r)
    found = audit(r, old)
    primary = found.primary
    narrow = [f for f in found.findings
              if f.interval is not None and f.interval.width is not None
              and f.interval.width <= 1]
    print("\n2. the previous equation rule")
    print(f"   time:                                 {best['old'] * 1000:9.1f} ms")
    print(f"   hidden cells: {len(old)}, primary: {len(primary)}")
    print(f"   primary cells under protection (audit): {len(found.findings)} "
          f"({100 * len(found.findings) / max(1, len(primary)):.1f} %), of which with an "
          f"interval at most 1 wide: {len(narrow)} "
          f"({100 * len(narrow) / max(1, len(primary)):.1f} %)")
    print(f"   zeros hidden (a reader may then not assume hidden cells are ≥ 1): "
          f"{sum(1 for c in old if r.total(*c) == 0)}")

    print("\n3. suppress (audited) and audit of its result")
    print(f"   suppress (choice of cells + final audit): {best['suppress']:7.2f} s")
    print(f"   audit(r, suppressed) again:               {best['audit']:7.2f} s")
    print(f"   primary {len(s.primary)}, complementary {len(s.complementary)}, "
          f"rates hidden {len(s.rates)}; under protection: {len(a.findings)}")
    lost = sum(r.total(*c) for c in s.complementary)
    print(f"   complementary cells' values summed: {lost} "
          f"(old rule: {sum(r.total(*c) for c in old - primary)})")
    print(f"   ratio suppress / equation rule:           {ratio('suppress', 'old'):7.1f}")
    both = statistics.median(
        (x + y) / z for x, y, z in zip(times["suppress"], times["audit"], times["rollup"],
                                       strict=True))
    print(f"   ratio (suppress + audit) / rollup:        {both:7.1f}")

    print("\n4. intervals of the suppressed pattern: linear programmes vs propagation")
    t_lp = min(timed(lambda: audit(r, s))[0] for _ in range(args.repeat))

    def propagate() -> dict[tuple[str, str], Any]:
        out = {}
        for mm in _measures(r):
            tree = _Tree(mm, (c for c, n in s.primary | s.complementary if n == mm.name), 1)
            for code in tree.hidden:
                out[(code, mm.name)] = tree.interval(code)
        return out

    t_tree, intervals = min((timed(propagate) for _ in range(args.repeat)),
                            key=lambda x: x[0])
    mismatches = sum(1 for c, iv in intervals.items() if a.intervals[c] != iv)
    print(f"   audit (HiGHS linear programmes):          {t_lp:7.2f} s")
    print(f"   exact propagation over the hierarchy:     {t_tree:7.2f} s")
    print(f"   ratio:                                    {t_lp / t_tree:7.1f}")
    print(f"   cells compared: {len(intervals)}, intervals that differ: {mismatches}")

    groups = [n for n in m.counts if n.startswith("group_")]
    rules = [*(AtMost(g, "children") for g in groups), DistinctOf("special", tuple(groups)),
             AtMost("assisted", "special")]
    ruled = rollup_rows(pairs, h, Measures(m.measures, rules), "2024")
    t_s, s2 = timed(lambda: suppress(ruled))
    t_a, a2 = timed(lambda: audit(ruled, s2))
    print(f"\n5. with the {len(rules)} rules between measures (one run each)")
    print(f"   suppress: {t_s:7.2f} s, audit: {t_a:7.2f} s; complementary "
          f"{len(s2.complementary)} ({len(s2.complementary) - len(s.complementary)} more "
          f"than without the rules); under protection: {len(a2.findings)}")
    print(f"   ratio suppress with rules / without:      {t_s / best['suppress']:7.1f}")
    return 1 if mismatches or a.findings or a2.findings else 0


if __name__ == "__main__":
    raise SystemExit(main())

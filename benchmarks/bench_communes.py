"""Child-friendly commune evaluation at national scale, against a pandas equivalent.

Synthetic, deterministic input in the pre-July-2025 shape: 10,035 communes in 696 districts
in 63 provinces, each with points on the 13 criteria (about 1 in 40 has a criterion at 0,
1 in 50 a missing criterion). Measured, best of REPEAT runs:

1. childprotect: ``communes.evaluate`` (validation of every point against the point table,
   recognition with reasons) + ``commune_shares.shares`` (every level through
   ``childprotect.rollup.core``, with per-criterion failures);
2. pandas: the same recognition rule vectorised (total, any zero, any missing, threshold by
   category), then ``groupby().sum()`` per district and per province and the share
   recomputed from the sums — no validation, no reasons, no failing-criterion table.

Run: python benchmarks/bench_communes.py [REPEAT]
"""

from __future__ import annotations

import random
import time
from decimal import Decimal

import _args  # (this folder is the script's own, first on the path)

from childprotect.communes.evaluation import (
    AreaUnit,
    CommuneCategory,
    CommuneEvaluation,
    EvaluationFile,
    evaluate,
    recognition_rule,
)
from childprotect.communes.scoring import load_table
from childprotect.communes.shares import shares
from childprotect.documents.document import AdminLevel

REPEAT = int(_args.number(__doc__, "repeat", 3, what="runs of each side"))
PROVINCES, DISTRICTS, COMMUNES = 63, 696, 10_035


def generate() -> EvaluationFile:
    rnd = random.Random(2019)
    table = load_table("qd-06-2019-illustrative")
    maxima = {c.criterion: c.max_points for c in table.ordered()}
    units = [AreaUnit(f"{p:02d}", f"Tỉnh {p}", AdminLevel.PROVINCE) for p in range(PROVINCES)]
    units += [AreaUnit(f"{d:03d}", f"Huyện {d}", AdminLevel.DISTRICT, f"{d % PROVINCES:02d}")
              for d in range(DISTRICTS)]
    cats = list(CommuneCategory)
    communes = []
    for c in range(COMMUNES):
        pts = {k: Decimal(rnd.randint(m * 3 // 5, m)) for k, m in maxima.items()}
        if rnd.random() < 1 / 40:
            pts[rnd.choice(list(maxima))] = Decimal(0)
        if rnd.random() < 1 / 50:
            del pts[rnd.choice(list(pts))]
        communes.append(CommuneEvaluation(f"{c:05d}", f"Xã {c}", rnd.choice(cats), "synthetic",
                                          parent=f"{c % DISTRICTS:03d}", points=pts))
    return EvaluationFile(tuple(communes), tuple(units))


def best(fn: object) -> float:
    assert callable(fn)
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    ev = generate()
    table = load_table("qd-06-2019-illustrative")

    def ours() -> None:
        results = evaluate(ev, table)
        shares(results, ev.units)

    results = evaluate(ev, table)
    rows = {s.code: s for s in shares(results, ev.units)}
    t_eval = best(lambda: evaluate(ev, table))
    t_ours = best(ours)
    print(f"communes: {COMMUNES}, districts: {DISTRICTS}, provinces: {PROVINCES}")
    print(f"childprotect evaluate:            {t_eval * 1000:8.1f} ms")
    print(f"childprotect evaluate + shares:   {t_ours * 1000:8.1f} ms")
    try:
        import pandas as pd
    except ImportError:
        print("pandas not installed: no comparison")
        return
    thresholds = {t.category.value: t.min_points for t in recognition_rule().thresholds}
    ids = [c.criterion for c in table.ordered()]
    province_of = {u.code: u.parent for u in ev.units if u.parent}
    frame = pd.DataFrame(
        [{"code": e.code, "district": e.parent, "category": e.category.value,
          **{k: float(v) for k, v in e.points.items()}} for e in ev.communes])
    frame["province"] = frame["district"].map(province_of)

    def theirs() -> None:
        pts = frame[ids]
        total = pts.sum(axis=1)
        ok = (pts.notna().all(axis=1) & (pts.fillna(1) > 0).all(axis=1)
              & (total >= frame["category"].map(thresholds)))
        f = pd.DataFrame({"district": frame["district"], "province": frame["province"],
                          "recognised": ok.astype(int), "communes": 1})
        for level in ("district", "province"):
            g = f.groupby(level)[["recognised", "communes"]].sum()
            g["share"] = g["recognised"] / g["communes"]

    t_pd = best(theirs)
    pts = frame[ids]
    ok = (pts.notna().all(axis=1) & (pts.fillna(1) > 0).all(axis=1)
          & (pts.sum(axis=1) >= frame["category"].map(thresholds)))
    assert int(ok.sum()) == rows["*"].recognised, (int(ok.sum()), rows["*"].recognised)
    print(f"pandas vectorised rule + groupby: {t_pd * 1000:8.1f} ms")
    print(f"ratio childprotect / pandas:      {t_ours / t_pd:8.1f}x "
          "(ours validates every point and keeps every reason)")
    print(f"recognised: {rows['*'].recognised} of {rows['*'].communes} (both agree)")


if __name__ == "__main__":
    main()

"""Generate a synthetic national data set in the pre-July-2025 shape (deterministic).

63 provinces, 696 districts, 10,035 communes, one period, 17 count measures:
``children``, the 14 groups ``group_a`` … ``group_o`` (Luật Trẻ em 2016 Điều 10 khoản 1
letter codes), ``special`` (distinct children in special circumstances) and ``assisted``.
The numbers are random (seeded) and consistent: each group ≤ children, the largest group ≤
special ≤ sum of groups, assisted ≤ special. About 0.5 % of communes do not report.

Also, with ``--children N``, N per-child records (commune, birth date, 14 group flags).

Usage: python benchmarks/gen_national.py [OUTDIR] [--children 1000000]
Writes OUTDIR/units.csv, OUTDIR/rollup.csv (and OUTDIR/children.csv). All synthetic.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from pathlib import Path

PROVINCES, DISTRICTS, COMMUNES = 63, 696, 10_035
GROUPS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o"]
MEASURES = ["children", *[f"group_{g}" for g in GROUPS], "special", "assisted"]
PERIOD = "2024"


def commune_codes() -> list[str]:
    return [f"{j + 1:05d}" for j in range(COMMUNES)]


def write_units(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name_vi", "kind", "parent", "valid_to", "source"])
        for p in range(PROVINCES):
            w.writerow([f"{p + 1:02d}", f"Tỉnh Mẫu {p + 1:02d}", "tinh", "", "2025-06-30",
                        "synthetic"])
        for d in range(DISTRICTS):
            w.writerow([f"{d + 1:03d}", f"Huyện Mẫu {d + 1:03d}", "huyen",
                        f"{d * PROVINCES // DISTRICTS + 1:02d}", "2025-06-30", "synthetic"])
        for c in range(COMMUNES):
            w.writerow([f"{c + 1:05d}", f"Xã Mẫu {c + 1:05d}", "xa",
                        f"{c * DISTRICTS // COMMUNES + 1:03d}", "2025-06-30", "synthetic"])


def write_rollup(path: Path, seed: int = 8) -> None:
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["unit", "period", *MEASURES])
        for code in commune_codes():
            if rnd.random() < 0.005:
                continue  # this commune did not report
            children = rnd.randint(300, 4000)
            groups = [rnd.randint(0, children // 60) for _ in GROUPS]
            special = rnd.randint(max(groups), max(max(groups), sum(groups)))
            assisted = rnd.randint(0, special)
            w.writerow([code, PERIOD, children, *groups, special, assisted])


def write_children(path: Path, n: int, seed: int = 16) -> None:
    rnd = random.Random(seed)
    codes = commune_codes()
    start = dt.date(2006, 1, 1).toordinal()
    span = dt.date(2024, 12, 31).toordinal() - start
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["commune", "birth_date", *[f"group_{g}" for g in GROUPS]])
        for _ in range(n):
            flags = ["1" if rnd.random() < 0.01 else "0" for _ in GROUPS]
            born = dt.date.fromordinal(start + rnd.randrange(span)).isoformat()
            w.writerow([codes[rnd.randrange(COMMUNES)], born, *flags])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir", nargs="?", default="benchmarks/data")
    ap.add_argument("--children", type=int, default=0, help="per-child records to write")
    args = ap.parse_args(argv)
    out = Path(args.outdir)
    out.mkdir(parents=True, exist_ok=True)
    write_units(out / "units.csv")
    write_rollup(out / "rollup.csv")
    if args.children:
        write_children(out / "children.csv", args.children)
    print(f"wrote {out}/units.csv, {out}/rollup.csv"
          + (f", {out}/children.csv ({args.children} records)" if args.children else ""),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

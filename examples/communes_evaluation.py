"""Evaluate the SYNTHETIC sample of child-friendly commune evaluations.

Run from the repository root:

    python examples/communes_evaluation.py

The sample (examples/data/communes-evaluation.json) is invented, and it is scored with the
ILLUSTRATIVE point table: the official point table of Quyết định 06/QĐ-TTg was not found,
so the maxima of ten criteria in that table are made up. Nothing printed here is a
statement about a real commune.
"""

from __future__ import annotations

from pathlib import Path

from childprotect.communes.evaluation import evaluate
from childprotect.communes.scoring import load_table
from childprotect.communes.shares import assess, shares
from childprotect.formats import catalog
from childprotect.formats.communes import load_evaluations
from childprotect.plans.shares import share_target

SAMPLE = Path(__file__).parent / "data" / "communes-evaluation.json"


def main() -> None:
    ev = load_evaluations(SAMPLE)
    table = load_table(ev.scoring_table or "qd-06-2019-illustrative")
    if table.is_illustrative:
        print(f"[ILLUSTRATIVE table {table.id}: {', '.join(table.illustrative_values)} "
              "are not law]")
    results = evaluate(ev, table, source=str(SAMPLE))
    for r in results:
        why = "; ".join(x.explain() for x in r.reasons) or "all conditions met"
        print(f"{r.code} {r.name:<18} {r.total:>5} / {r.threshold}  "
              f"{'recognised' if r.recognised else 'not recognised'}: {why}")
    rows = shares(results, ev.units)
    print()
    for s in rows:
        top = ", ".join(f"{f.criterion} ({f.failing})" for f in s.top_failures() if f.failing)
        print(f"{s.name:<28} {s.recognised}/{s.communes} = {s.percent()}%  "
              f"failing most: {top or '—'}")
    target = share_target("bac-kan-352-2019/T1", catalog.load_all())
    for a in assess(rows, target):
        print(f"\n{target.id} ({target.label}): {a.share.name} "
              f"{'meets' if a.met else 'does not meet'} it"
              + (" [illustrative]" if table.is_illustrative else ""))


if __name__ == "__main__":
    main()

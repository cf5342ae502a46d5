"""``childprotect demo``: the main job on the bundled data."""

from __future__ import annotations

import argparse

from .. import catalog
from ._output import render_table, write
from .cmd_plans import render_plan

__all__ = ["register"]

DEMO_PLAN = "thua-thien-hue-208-2021"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "demo", help="run the main job on the bundled data",
        description="Show the bundled catalogue, one plan in full, and the anomalies of every "
        "bundled plan.",
        epilog="Example:\n  childprotect demo",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from ..checks import check

    plans = catalog.load_all()
    write("Bundled plans\n=============")
    rows = [[p.id, p.document.number.text.replace("Số:", "").strip(), p.document.issuer.place,
             str(p.document.period), len(p.targets), len(p.matrix), len(p.duties)] for p in plans]
    write(render_table(["id", "number", "place", "period", "targets", "assignments", "duties"],
                       rows, "text"))
    write("\n" + render_plan(catalog.load(DEMO_PLAN)))
    write("\nAnomalies found in the plans' own text\n======================================")
    for p in plans:
        found = check(p)
        write(f"{p.id}: {len(found)}")
        for a in found:
            write(f"  - {a.kind} at {a.where}: {a.explanation}")
    return 0

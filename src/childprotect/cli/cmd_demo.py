"""``childprotect demo``: the main job on the bundled plan and synthetic data."""

from __future__ import annotations

import argparse
import datetime as dt

from childprotect.cli._assessing import add_min_coverage
from childprotect.cli._help import say
from childprotect.cli._output import add_calendar, add_format, add_lang, emit_json, iso_date, write
from childprotect.i18n import Message

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "demo", help=say("run the main job on the bundled plan and synthetic data"),
        description=say("The main job, end to end, with no arguments: load the Huế plan "
        "(thua-thien-hue-208-2021), roll up a bundled SYNTHETIC commune dataset for Thừa "
        "Thiên Huế (invented figures, clearly labelled) to every level, assess every target "
        "at every level, say who holds each target on the day and which reports fall due, "
        "and list the anomalies of the plan and the data. Exit code 0."),
        epilog=say("Examples:") + "\n  childprotect demo\n  childprotect demo --lang en\n"
        "  childprotect demo --on 2024-06-01 --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--on", type=iso_date, default=None, metavar="DATE",
                   help=say("the day to resolve responsibilities and deadlines for "
                   "(YYYY-MM-DD; default: today)"))
    add_min_coverage(p)
    add_format(p)
    add_lang(p)
    add_calendar(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from childprotect.deadlines.calendar import use_calendar

    with use_calendar(args.calendar):
        return _run_with_calendar(args)


def _run_with_calendar(args: argparse.Namespace) -> int:
    from childprotect.formats import catalog
    from childprotect.mainjob.job import DEMO_PLAN, demo_dataset, run
    from childprotect.mainjob.tables import as_json, at_word, render_text
    from childprotect.plans.checks import check

    on = args.on or dt.date.today()
    job = run(catalog.load(DEMO_PLAN), demo_dataset(), on=on, min_coverage=args.min_coverage)
    others = {p.id: check(p) for p in catalog.load_all() if p.id != DEMO_PLAN}
    if args.format == "json":
        emit_json({**as_json(job), "other_plans": {
            pid: [{"kind": a.kind, "where": a.where, "severity": a.severity.value}
                  for a in found] for pid, found in others.items()}})
        return 0
    write(render_text(job, args.lang))
    title = Message("Anomalies in the other bundled plans").text(args.lang)
    lines = [f"\n{title}\n{'=' * len(title)}"]
    for pid, found in others.items():
        lines.append(f"{pid}: {len(found)}")
        lines += [f"  - {a.kind} {at_word(args.lang)} {a.where}" for a in found]
    write("\n".join(lines))
    return 0

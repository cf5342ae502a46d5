"""``childprotect report PLAN_ID DATA_FILE``: the main job on your data, as an HTML report."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from childprotect.cli._assessing import add_min_coverage
from childprotect.cli._help import say
from childprotect.cli._output import add_calendar, add_format, add_lang, emit_json, iso_date, write
from childprotect.i18n import Message, Num

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "report", help=say("write a self-contained HTML report of the main job on your data"),
        description=say("Roll DATA_FILE's per-commune counts up to every level, assess every "
        "target of the plan at every unit, resolve who holds each target on --on, list the "
        "deadline calendar and the anomalies, and write it all as one HTML file (tables, "
        "target-attainment charts, responsibility matrix, deadlines) that opens in any "
        "browser without a network. DATA_FILE: a rollup CSV (columns unit, period, then one "
        "count per measure, e.g. children, children_special_circumstances, "
        "children[0-4]), a rollup JSON, or a dataset JSON with its own units (as "
        "examples/data/hue-synthetic.json). Exit code 0 when the report was written."),
        epilog=say("Examples:") + "\n"
        "  childprotect report thua-thien-hue-208-2021 examples/data/hue-synthetic.json "
        "--out r.html\n"
        "  childprotect report thua-thien-hue-208-2021 counts.csv --hierarchy units.csv "
        "--on 2025-06-30 --lang en",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("plan", metavar="PLAN_ID", help=say("a bundled plan id or a plan file"))
    p.add_argument("data", metavar="DATA_FILE", nargs="+",
                   help=say("per-unit counts: CSV (any encoding Excel saves), .xlsx (the "
                   "data-entry template or a plain sheet) or JSON; several files are read as one"))
    p.add_argument("--on", type=iso_date, default=None, metavar="DATE",
                   help=say("the day to resolve responsibilities and deadlines for "
                   "(YYYY-MM-DD; default: today)"))
    p.add_argument("--out", default="report.html", metavar="FILE",
                   help=say("where to write the HTML report (default: report.html; with --format "
                   "xlsx, the workbook: report.xlsx)"))
    p.add_argument("--hierarchy", default=None, metavar="UNITS_CSV",
                   help=say("the units the data refers to, as a units CSV (default: the bundled "
                   "units, or the dataset's own)"))
    add_min_coverage(p)
    add_format(p, "text", "json", "xlsx")
    add_lang(p)
    add_calendar(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from childprotect.deadlines.calendar import use_calendar

    with use_calendar(args.calendar):
        return _run_with_calendar(args)


def _run_with_calendar(args: argparse.Namespace) -> int:
    import attrs

    from childprotect.formats import catalog
    from childprotect.mainjob.job import read_dataset, run
    from childprotect.mainjob.tables import as_json
    from childprotect.report import main_job_report, write_html

    plan = catalog.load(args.plan)
    dataset = read_dataset(args.data, progress=False if args.format == "json" else None)
    if args.hierarchy:
        from childprotect.units.csvfiles import load_units_csv

        dataset = attrs.evolve(dataset, units=load_units_csv(args.hierarchy).units, root=None)
    on = args.on or dt.date.today()
    job = run(plan, dataset, on=on, min_coverage=args.min_coverage)
    if args.format == "xlsx":
        from childprotect.report.workbook import write_job_workbook

        target = Path(args.out)
        if target.suffix.lower() != ".xlsx":
            target = target.with_suffix(".xlsx")
        out = write_job_workbook(job, target, args.lang)
    else:
        out = write_html(main_job_report(job, args.lang), Path(args.out))
    if args.format == "json":
        emit_json({"out": str(out), **as_json(job)})
    else:
        counts = job.counts(job.root) if job.root else {}
        summary: str | Message = ", ".join(
            f"{k.label(args.lang)} {v}" for k, v in counts.items() if v)
        if not summary and not job.not_assessed:
            summary = Message("no target assessed at the top level")
        elif not summary:  # nothing assessed: say why rather than nothing
            summary = Message("no target assessed ({count} of the plan's {total} targets need "
                              "columns the data does not have: childprotect measures {plan} "
                              "lists them)", count=len(job.not_assessed),
                              total=len(plan.targets), plan=plan.id)
        write(Message("wrote {path} ({size} bytes): {plan} on {on}, {units} units, "
                      "{periods} period(s); top level: {summary}", path=str(out),
                      size=Num(out.stat().st_size), plan=plan.id, on=on,
                      units=len(job.units), periods=len(job.periods),
                      summary=summary).text(args.lang))
    if job.dataset.synthetic:
        print(Message("note: the data is synthetic (invented figures)").text(args.lang),
              file=sys.stderr)
    return 0

"""``childprotect measures PLAN``: the data dictionary a plan needs."""

from __future__ import annotations

import argparse

from childprotect.cli._help import say
from childprotect.cli._output import add_format, add_lang, emit_json, render_table, write
from childprotect.i18n import Message

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "measures",
        help=say("list the data columns a plan's targets need (its data dictionary)"),
        description=say(
            "List every measure (data column) the plan's numeric targets are computed from: "
            "its code, its label in Vietnamese and English, what it counts, which targets "
            "use it and how (numerator, denominator or value), and where the label comes "
            "from; then the relations the targets imply between the columns (a part is at "
            "most its whole; urban and rural add up to the whole), which the data must keep "
            "at every unit. Exit code 0."),
        epilog=say("Examples:") + "\n  childprotect measures thua-thien-hue-208-2021\n"
        "  childprotect measures hong-ngu-2020 --format csv --lang en",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("plan", metavar="PLAN_ID_OR_FILE")
    add_format(p, "text", "csv", "json")
    add_lang(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from childprotect.formats import catalog
    from childprotect.plans.measures import measures_for

    d = measures_for(catalog.load(args.plan))
    if args.format == "json":
        emit_json(d.as_json())
        return 0
    if args.format == "csv":
        rows = [[m.code, m.measure, ",".join(m.options), m.label_vi or "", m.label_en or "",
                 m.unit_vi or "", m.unit_en or "", m.unit, " ".join(m.targets),
                 " ".join(m.roles), m.source or ""] for m in d.measures]
        write(render_table(["code", "measure", "options", "label_vi", "label_en", "unit_vi",
                            "unit_en", "target_unit", "targets", "roles", "source"], rows, "csv"))
        return 0
    lang = args.lang
    table = d.table(lang)
    write(Message("{plan}: {count} measures", plan=d.plan, count=len(d.measures)).text(lang))
    headers = [Message("code", context="column").text(lang),
               Message("label", context="column").text(lang),
               Message("counts", context="column").text(lang),
               Message("targets", context="column").text(lang),
               Message("role", context="column").text(lang),
               Message("label from", context="column").text(lang)]
    write(render_table(headers, [list(r) for r in table.rows], "text"))
    unlabelled = [m.code for m in d.measures if not m.labelled]
    if unlabelled:
        write(Message("no label yet: {codes}", codes=", ".join(unlabelled)).text(lang))
    title = Message("Relations the data must keep at every unit").text(lang)
    write(f"\n{title}\n{'=' * len(title)}")
    for r in d.relations:
        write(f"  {r}  ({', '.join(r.because)})")
    return 0

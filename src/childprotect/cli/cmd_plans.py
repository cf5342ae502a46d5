"""``childprotect plans list`` and ``childprotect plans show PLAN_ID``."""

from __future__ import annotations

import argparse

from .. import catalog
from ..plans import Plan
from ._output import add_format, emit_json, render_table, write

__all__ = ["register", "render_plan"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "plans", help="list and show the bundled plans",
        description="List the bundled plans, or show one (a bundled id or a plan file).",
        epilog="Examples:\n  childprotect plans list\n"
        "  childprotect plans show hong-ngu-2020 --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    psub = p.add_subparsers(dest="plans_command", metavar="ACTION", required=True)
    pl = psub.add_parser("list", help="list the bundled plans")
    add_format(pl, "text", "json", "markdown", "csv")
    pl.set_defaults(func=_list)
    ps = psub.add_parser("show", help="show one plan")
    ps.add_argument("plan", metavar="PLAN_ID_OR_FILE")
    add_format(ps)
    ps.set_defaults(func=_show)


def _list(args: argparse.Namespace) -> int:
    plans = catalog.load_all()
    if args.format == "json":
        emit_json([
            {"id": p.id, "number": p.document.number.text, "issuer": p.document.issuer.name_vi,
             "issued": p.document.issued.iso(), "period": _period(p),
             "title_vi": p.document.title_vi,
             "targets": len(p.targets), "assignments": len(p.matrix), "duties": len(p.duties)}
            for p in plans
        ])
        return 0
    rows = [[p.id, p.document.number.text.replace("Số:", "").strip(), p.document.issuer.place,
             p.document.issued.iso() or p.document.issued.text, str(p.document.period),
             len(p.targets)] for p in plans]
    write(render_table(["id", "number", "place", "issued", "period", "targets"], rows, args.format))
    return 0


def _period(p: Plan) -> dict[str, int | None]:
    return {"start": p.document.period.start, "end": p.document.period.end}


def _show(args: argparse.Namespace) -> int:
    plan = catalog.load(args.plan)
    if args.format == "json":
        from ..io import dumps

        write(dumps(plan))
        return 0
    write(render_plan(plan))
    return 0


def render_plan(plan: Plan) -> str:
    """A plan as readable text."""
    d = plan.document
    lines = [
        f"{plan.id}: {d.number.text.replace('Số:', '').strip()}",
        f"  {d.title_vi}",
        f"  ({d.title_en})",
        f"  issuer: {d.issuer.name_vi} [{d.issuer.level.value}]",
        f"  issued: {d.issued.text.strip()}  →  {d.issued.iso() or 'not a real date'}",
        f"  period: {d.period}",
    ]
    if d.signer:
        lines.append(f"  signed: {d.signer}")
    if d.bases:
        lines.append("  based on:")
        for b in d.bases:
            num = f" {b.number.text}" if b.number else ""
            date = f" {b.date.text}" if b.date else ""
            what = f" {b.title_vi}" if b.title_vi else ""
            lines.append(f"    - [{b.relation.value}] {b.kind_vi}{num}{date}{what}")
    if plan.sections:
        lines.append("  sections:")
        for s in plan.sections:
            depth = s.id.count(".")
            lines.append(f"    {'  ' * depth}{s.id}. {s.title_vi}")
    lines.append(
        f"  {len(plan.targets)} targets, {len(plan.matrix)} responsibility entries, "
        f"{len(plan.duties)} reporting duties"
    )
    if plan.source:
        lines.append(f"  source: {plan.source}")
    return "\n".join(lines)

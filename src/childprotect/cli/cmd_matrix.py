"""``childprotect matrix PLAN_ID``: who leads, coordinates, guides … each item of a plan."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from childprotect.cli._help import say
from childprotect.cli._output import add_format, add_lang, headings, iso_date, render_table, write
from childprotect.formats import catalog
from childprotect.plans.plan import Plan

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "matrix", help=say("show a plan's responsibility matrix (agencies × items)"),
        description=say("Show who leads (L), coordinates (C), guides (G), implements (I) or is "
        "requested (R) on each target, section or criterion of a plan. With --on DATE, each "
        "duty is followed through the 2025 reorganisation to the agency that holds it on "
        "that date, with the legal chain ('?' marks a holder that rests on an unverified "
        "step). JSON: one object per agency, role and item."),
        epilog=say("Examples:") + "\n  childprotect matrix thua-thien-hue-208-2021\n"
        "  childprotect matrix thua-thien-hue-208-2021 --on 2026-11-23 --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("plan", metavar="PLAN_ID_OR_FILE")
    p.add_argument("--on", metavar="DATE", type=iso_date,
                   help=say("resolve every duty to its holder on DATE (YYYY-MM-DD)"))
    add_format(p, "text", "json", "markdown", "csv")
    add_lang(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from childprotect.agencies.grid import render

    plan = catalog.load(args.plan)
    on = args.on
    if args.format == "json":
        write(render(plan, "json", on=on))
    else:
        write(_render(plan, args.format, on, args.lang))
    return 0


def _agency(d: dict[str, Any], lang: str) -> str:
    """The agency of a matrix row: as the plan writes it (vi), or its English name (en)."""
    from childprotect.agencies.registry import registry

    reg = registry()
    if lang != "en" or not reg.has_kind(d["agency_id"]):
        return str(d["agency"])
    name = reg.kind(d["agency_id"]).name_en
    place = d.get("holder_place")
    if place and reg.has_place(place):
        name += f" ({reg.place(place).name_en})"
    return name


def _render(plan: Plan, fmt: str, on: dt.date | None, lang: str) -> str:
    """The matrix as agencies × items, labelled in ``lang``."""
    from childprotect.agencies.grid import changed_holders, item_order, rows
    from childprotect.agencies.matrix import Role

    data = rows(plan, on)
    items = sorted({d["item"] for d in data}, key=item_order)
    agencies: list[str] = []
    cells: dict[tuple[str, str], set[str]] = {}
    for d in data:
        ag = _agency(d, lang)
        if ag not in agencies:
            agencies.append(ag)
        mark = Role(d["role"]).letter + ("*" if d.get("alternative") else "") + (
            "?" if d.get("unverified") else "")
        cells.setdefault((ag, d["item"]), set()).add(mark)
    table = [[ag] + ["".join(sorted(cells.get((ag, i), set()))) for i in items]
             for ag in agencies]
    out = render_table([*headings(lang, ("cơ quan", "agency")), *items], table, fmt)
    if fmt == "csv":
        return out
    from childprotect.agencies.grid import changed_heading, legend

    lines = [out, "", legend(on, lang)]
    if on is not None:
        lines += ["", changed_heading(on, lang)]
        lines += ["- " + text for text in changed_holders(plan, on)]
    return "\n".join(lines)

"""``childprotect matrix PLAN_ID``: who leads, coordinates, guides … each item of a plan."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from childprotect.cli._output import (
    add_format,
    add_lang,
    headings,
    iso_date,
    render_table,
    say,
    write,
)
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


_LEGEND = {
    "vi": ("L chủ trì · C phối hợp · G hướng dẫn, theo dõi, đôn đốc · I thực hiện · R đề nghị",
           " · * một trong các cơ quan có thể nhận nhiệm vụ · ? dựa trên một bước chưa kiểm "
           "chứng",
           "Nhiệm vụ đã đổi cơ quan đảm nhận đến ngày {on}, với căn cứ pháp lý (cơ quan không "
           "liệt kê giữ nguyên tên; chỉ địa bàn có thể đã thay đổi):"),
    "en": ("L lead (chủ trì) · C coordinate (phối hợp) · G guide (hướng dẫn, theo dõi, "
           "đôn đốc) · I implement (thực hiện) · R requested (đề nghị)",
           " · * one of alternative holders (the power went to one of them) · ? rests "
           "on an unverified step",
           "Duties whose holder changed by {on}, with the legal chain (agencies not listed "
           "kept their name; only their place may have changed):"),
}


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
    legend, marks, changed = _LEGEND["en" if lang == "en" else "vi"]
    lines = [out, "", legend + (marks if on is not None else "")]
    if on is not None:
        lines += ["", changed.format(on=on.isoformat())]
        lines += ["- " + text for text in changed_holders(plan, on)]
    return "\n".join(lines)

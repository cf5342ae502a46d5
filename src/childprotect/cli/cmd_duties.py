"""``childprotect duties PLAN_ID AGENCY``: what one agency must deliver under a plan."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from childprotect.cli._help import say
from childprotect.cli._output import (
    add_format,
    add_lang,
    emit_json,
    headings,
    iso_date,
    pick,
    render_table,
    write,
)
from childprotect.formats import catalog
from childprotect.i18n import Message, format_date

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "duties", help=say("list one agency's duties in a plan"),
        description=say("List the items (targets, sections, criteria) a plan gives an agency and "
        "its role on each. AGENCY is a name as documents write it (any spelling or "
        "abbreviation: 'Sở LĐTBXH', 'Sở Y tế'). With --on DATE, list the duties the agency "
        "holds on that date, including those it inherited in the 2025 reorganisation; for "
        "an agency abolished by then (Sở LĐTBXH, a district People's Committee, district "
        "police), its successors, which of its functions each took, and who holds each of "
        "its duties in the plan now. Exit code 1 when the agency has no duty in the plan."),
        epilog=say("Examples:") + "\n  childprotect duties thua-thien-hue-208-2021 'Sở Y tế'\n"
        "  childprotect duties thua-thien-hue-208-2021 'Sở Y tế' --on 2026-11-23\n"
        "  childprotect duties thua-thien-hue-208-2021 'Sở LĐTBXH' --on 2026-12-03",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("plan", metavar="PLAN_ID_OR_FILE")
    p.add_argument("agency", metavar="AGENCY")
    p.add_argument("--on", metavar="DATE", type=iso_date,
                   help=say("the duties held on DATE (YYYY-MM-DD)"))
    add_format(p, "text", "json", "markdown", "csv")
    add_lang(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from childprotect.agencies.grid import item_label, item_order
    from childprotect.agencies.matrix import agency_at, duties
    from childprotect.agencies.registry import agency_name, resolve_kind
    from childprotect.agencies.succession import successors

    plan = catalog.load(args.plan)
    on: dt.date | None = args.on
    kind = resolve_kind(args.agency)
    found = sorted(duties(plan, kind.id, on=on), key=lambda d: item_order(d.assignment.item))
    succ = successors(agency_at(plan, kind.id), on) if on is not None else None
    gone = succ is not None and succ.abolished
    records = []
    for d in found:
        a = d.assignment
        rec: dict[str, object] = {
            "agency": kind.name_vi, "role": a.role.value, "item": a.item,
            "item_text": item_label(plan, a.item), "where": a.where, "verb_vi": a.verb_vi,
            "named_in_plan": a.agency_vi,
        }
        if on is not None:
            rec["on"] = on.isoformat()
            rec["holders"] = [agency_name(h) for h in d.holding.holders]
            rec["alternative"] = d.holding.alternative
            rec["abolished"] = gone
            rec["unverified"] = d.holding.unverified
            rec["chain"] = [link.describe() for link in d.holding.chain]
        if gone and succ is not None:
            rec["successors"] = [{"functions": list(p.functions),
                                  "holders": [agency_name(h) for h in p.holding.holders],
                                  "alternative": p.holding.alternative,
                                  "unverified": p.unverified or p.holding.unverified}
                                 for p in succ.parts]
        rec["named_agency_id"] = a.agency
        records.append(rec)
    if on is not None and not gone:
        _mark_merged(records, kind.id)
    if args.format == "json":
        emit_json(records)
        return 0 if records else 1
    name = pick(kind.name_vi, kind.name_en, args.lang)
    if gone and succ is not None and args.format != "csv":
        write(succ.explain(args.lang))
    if not records:
        if gone:
            write(Message("{plan}: the plan names {agency} for no item", plan=plan.id,
                          agency=name).text(args.lang))
        else:
            write((Message("{plan}: {agency} has no duties in this plan on {on}", plan=plan.id,
                           agency=name, on=on) if on else
                   Message("{plan}: {agency} has no duties in this plan", plan=plan.id,
                           agency=name)).text(args.lang))
        return 1
    pairs = [("mục", "item"), ("vai trò", "role"), ("tên trong kế hoạch", "named in plan"),
             ("động từ", "verb"), ("nội dung", "text")]
    if on is not None:
        pairs.insert(3, (f"cơ quan đảm nhận ngày {format_date(on, 'vi')}",
                         f"held on {on.isoformat()} by"))
    headers = headings(args.lang, *pairs)
    rows = [[r["item"], _role(str(r["role"]), args.format, args.lang), r["named_in_plan"],
             *([_joined(r, args.lang)] if on is not None else []),
             r["verb_vi"], _short(_item_text(plan, str(r["item"]), args.lang))]
            for r in records if not r.get("merged_into")]
    table = render_table(headers, rows, args.format)
    if args.format == "csv":
        write(table)
        return 0
    if gone:
        write(Message("{plan}: the items the plan gives {agency}, and who holds each on {on}"
                      " ({count})", plan=plan.id, agency=name, on=on,
                      count=len(records)).text(args.lang))
    else:
        count = sum(1 for r in records if not r.get("merged_into"))
        write((Message("{plan}: duties of {agency} on {on} ({count})", plan=plan.id,
                       agency=name, on=on, count=count) if on else
               Message("{plan}: duties of {agency} ({count})", plan=plan.id, agency=name,
                       count=count)).text(args.lang))
    write(table)
    for r in records:
        if r.get("merged_into"):
            write("- " + Message(
                "{item}: the role {role} the plan gave to {named} passed to {agency}, which "
                "has the role {own} on it: merged", item=r["item"],
                role=_role(str(r["role"]), args.format, args.lang), named=r["named_in_plan"],
                agency=name, own=_role(str(r["merged_into"]), args.format, args.lang),
            ).text(args.lang))
    if on is not None:
        inherited = [d for d in found if d.agency.kind != kind.id]
        shown: set[str] = set()
        for d in inherited:
            text = d.holding.explain(args.lang)
            if text not in shown:
                shown.add(text)
                write("- " + text.replace("\n", "\n  "))
    return 0


def _mark_merged(records: list[dict[str, object]], kind_id: str) -> None:
    """Where the agency has its own role on an item, the roles it inherited on the same item
    from another agency the plan names are merged into it (it never coordinates with
    itself): ``merged_into`` names its own role."""
    own: dict[object, object] = {}
    for r in records:
        if r["named_agency_id"] == kind_id:
            own.setdefault(r["item"], r["role"])
    for r in records:
        r["merged_into"] = (own.get(r["item"]) if r["named_agency_id"] != kind_id
                            else None)


def _role(code: str, fmt: str, lang: str) -> str:
    """A role as the plans write it, in ``lang``, for people; a CSV keeps its code."""
    from childprotect.agencies.matrix import Role, role_word

    return code if fmt == "csv" else role_word(Role(code)).text(lang)


def _joined(rec: dict[str, object], lang: str) -> str:
    """The holders of a duty, joined with "or" when the duty went to one of them."""
    holders = rec.get("holders")
    names = [str(h) for h in holders] if isinstance(holders, list) else []
    return (Message(" or ").text(lang) if rec.get("alternative") else ", ").join(names)


def _item_text(plan: Any, item: str, lang: str) -> str:
    """A target's or a section's own words in ``lang`` (the other language when missing)."""
    for t in plan.targets:
        if t.id == item:
            return pick(t.text_vi, t.text_en, lang)
    for s in plan.sections:
        if s.id == item:
            return pick(s.title_vi, s.title_en, lang)
    return ""


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"

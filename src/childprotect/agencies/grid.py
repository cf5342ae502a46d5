"""A plan's responsibility matrix as rows and tables: one row per agency, role and item
(with today's holder), the agency × item grid, merged roles and changed holders.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from childprotect.agencies.matrix import ItemKind, Plan, Role, item_kind, resolve_matrix
from childprotect.agencies.registry import agency_name
from childprotect.i18n import Message

__all__ = ["changed_heading", "changed_holders", "item_label", "item_order", "legend",
           "merged_roles", "render", "rows"]


# --- tables -------------------------------------------------------------------------------

def item_order(item: str) -> tuple[int, list[Any]]:
    """A sort key: targets, then criteria, then sections, numbers in numeric order."""
    kind = item_kind(item)
    parts: list[Any] = [int(p) if p.isdigit() else p for p in re.split(r"([0-9]+)", item) if p]
    return ([ItemKind.TARGET, ItemKind.CRITERION, ItemKind.SECTION].index(kind), parts)


def rows(plan: Plan, on: dt.date | None = None) -> list[dict[str, Any]]:
    """The matrix as JSON-ready rows: one per agency, role and item (and holder, with ``on``).

    Keys: ``agency`` (the name as the plan writes it, or with ``on`` the holder's
    name), ``agency_id``, ``role``, ``item``, ``where``, ``verb_vi``, ``function``;
    with ``on`` also ``named_in_plan``, ``named_agency_id``, ``holder_place``,
    ``alternative``, ``unverified``, ``chain`` (the legal steps) and ``merged_from``.

    When two agencies the plan names on one item are held by the same body on ``on``
    (Sở Y tế leads a criterion on which the plan had Sở LĐTBXH coordinate), the body
    gets one row with its strongest role, and ``merged_from`` lists the roles merged
    into it: a body never coordinates with itself.
    """
    out: list[dict[str, Any]] = []
    if on is None:
        for a in sorted(plan.matrix, key=lambda a: (item_order(a.item), a.role.value)):
            out.append({"agency": a.agency_vi, "agency_id": a.agency, "role": a.role.value,
                        "item": a.item, "where": a.where, "verb_vi": a.verb_vi,
                        "function": a.function.value if a.function else None})
        return out
    for r in sorted(resolve_matrix(plan, on),
                    key=lambda r: (item_order(r.assignment.item), r.assignment.role.value)):
        a = r.assignment
        for h in r.holding.holders:
            out.append({
                "agency": agency_name(h), "agency_id": h.kind, "role": a.role.value,
                "item": a.item, "where": a.where, "verb_vi": a.verb_vi,
                "function": a.function.value if a.function else None,
                "named_in_plan": a.agency_vi, "named_agency_id": a.agency,
                "holder_place": h.place, "on": on.isoformat(),
                "alternative": r.holding.alternative, "ambiguous": r.holding.ambiguous,
                "unverified": r.holding.unverified,
                "chain": [{"step": link.step, "effective": link.effective.isoformat(),
                           "from": agency_name(link.old),
                           "to": [agency_name(x) for x in link.new],
                           "instruments": list(link.instruments),
                           "status": link.status.value} for link in r.holding.chain],
                "merged_from": [],
            })
    return _merge_holders(out)


#: Which role a body keeps when roles of several named agencies fall to it: the strongest.
_STRENGTH = (Role.LEAD, Role.PROPOSE, Role.GUIDE, Role.IMPLEMENT, Role.COORDINATE,
             Role.REQUESTED)


def _merge_holders(out: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per body and item when agencies the plan names apart are one body now."""
    by_key: dict[tuple[str, str, str | None], list[dict[str, Any]]] = {}
    for d in out:
        by_key.setdefault((d["item"], d["agency_id"], d["holder_place"]), []).append(d)
    drop: set[int] = set()
    for group in by_key.values():
        if len({d["named_agency_id"] for d in group}) < 2:
            continue
        keep = min(group, key=lambda d: (d["named_agency_id"] != d["agency_id"],
                                         _STRENGTH.index(Role(d["role"]))))
        for d in group:
            if d is not keep and d["named_agency_id"] != keep["named_agency_id"]:
                keep["merged_from"].append({"named_in_plan": d["named_in_plan"],
                                            "named_agency_id": d["named_agency_id"],
                                            "role": d["role"]})
                keep["unverified"] = keep["unverified"] or d["unverified"]
                drop.add(id(d))
    return [d for d in out if id(d) not in drop]


def merged_roles(plan: Plan, on: dt.date) -> list[str]:
    """One sentence per body that took the roles of several agencies the plan names on one
    item (see :func:`rows`)."""
    out = []
    for d in rows(plan, on):
        for m in d["merged_from"]:
            out.append(str(Message(
                "{holder} has the role {role} on {item}; the role {other} the plan gave to "
                "{named} passed to it too, and is merged into it", holder=d["agency"],
                role=d["role"], item=d["item"], other=m["role"], named=m["named_in_plan"])))
    return out


def _grid(plan: Plan, on: dt.date | None) -> tuple[list[str], list[list[str]]]:
    data = rows(plan, on)
    items = sorted({d["item"] for d in data}, key=item_order)
    agencies: list[str] = []
    cells: dict[tuple[str, str], set[str]] = {}
    for d in data:
        if d["agency"] not in agencies:
            agencies.append(d["agency"])
        mark = Role(d["role"]).letter
        if d.get("alternative"):
            mark += "*"
        if d.get("unverified"):
            mark += "?"
        cells.setdefault((d["agency"], d["item"]), set()).add(mark)
    table = [[ag] + ["".join(sorted(cells.get((ag, i), set()))) for i in items]
             for ag in agencies]
    return ["agency", *items], table


def legend(on: dt.date | None, lang: str | None = None) -> str:
    """The legend of a matrix grid: the roles' letters, and the marks of holders on ``on``."""
    roles = Message("L lead (chủ trì) · C coordinate (phối hợp) · G guide (hướng dẫn, theo "
                    "dõi, đôn đốc) · I implement (thực hiện) · R requested (đề nghị) · P "
                    "propose (tham mưu, đề xuất, trình)").text(lang)
    if on is None:
        return roles
    return roles + Message(" · * one of alternative holders (the power went to one of them) "
                           "· ? rests on an unverified step").text(lang)


def changed_heading(on: dt.date, lang: str | None = None) -> str:
    """The heading of the duties whose holder changed by ``on``."""
    return Message("Duties whose holder changed by {on}, with the legal chain (agencies not "
                   "listed kept their name; only their place may have changed):",
                   on=on).text(lang)


def render(plan: Plan, fmt: str = "text", on: dt.date | None = None) -> str:
    """The matrix as agencies × items (text, markdown, csv), or JSON rows (``json``).

    Cells: L lead, C coordinate, G guide, I implement, R requested, P propose; with ``on``,
    ``*``
    marks one of several alternative holders and ``?`` a holder that rests on an
    unverified step.
    """
    import json

    from childprotect.tables.render import render_table

    if fmt == "json":
        return json.dumps(rows(plan, on), ensure_ascii=False, indent=2)
    headers, table = _grid(plan, on)
    out = render_table(headers, table, fmt)
    if fmt == "csv":
        return out
    lines = [out, "", legend(on)]
    if on is not None:
        lines += ["", changed_heading(on)]
        lines += ["- " + text for text in changed_holders(plan, on)]
        merged = merged_roles(plan, on)
        if merged:
            lines += ["", str(Message("Roles merged because two agencies the plan names are "
                                      "one body on {on}:", on=on))]
            lines += ["- " + text for text in merged]
    return "\n".join(lines)


def changed_holders(plan: Plan, on: dt.date) -> list[str]:
    """The legal chain of every duty whose holder on ``on`` is another kind of agency than
    the one the plan names, once per agency and function."""
    out: list[str] = []
    seen: set[tuple[str, str | None]] = set()
    for r in resolve_matrix(plan, on):
        key = (r.assignment.agency, r.assignment.function.value
               if r.assignment.function else None)
        if key in seen or not any(h.kind != r.agency.kind for h in r.holding.holders):
            continue
        seen.add(key)
        out.append(r.holding.explain().replace("\n", "\n  "))
    return out


def item_label(plan: Plan, item: str) -> str:
    """The text of an item: a target's or a section's own words, when the plan has them."""
    for t in plan.targets:
        if t.id == item:
            return t.text_vi
    for s in plan.sections:
        if s.id == item:
            return s.title_vi
    return ""

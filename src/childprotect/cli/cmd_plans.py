"""``childprotect plans list`` and ``childprotect plans show PLAN_ID``."""

from __future__ import annotations

import argparse

from childprotect.cli._help import say
from childprotect.cli._output import (
    add_format,
    add_lang,
    emit_json,
    headings,
    level_word,
    pick,
    render_table,
    write,
)
from childprotect.formats import catalog
from childprotect.i18n import Message, templates
from childprotect.plans.plan import Plan

__all__ = ["register", "render_plan"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "plans", help=say("list and show the bundled plans"),
        description=say("List the bundled plans, or show one (a bundled id or a plan file)."),
        epilog=say("Examples:") + "\n  childprotect plans list\n"
        "  childprotect plans show hong-ngu-2020 --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    psub = p.add_subparsers(dest="plans_command", metavar="ACTION", required=True)
    pl = psub.add_parser("list", help=say("list the bundled plans"))
    add_format(pl, "text", "json", "markdown", "csv")
    add_lang(pl)
    pl.set_defaults(func=_list)
    ps = psub.add_parser("show", help=say("show one plan"))
    ps.add_argument("plan", metavar="PLAN_ID_OR_FILE")
    add_format(ps)
    add_lang(ps)
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
    rows = [[p.id, p.document.number.text.replace("Số:", "").strip(),
             p.document.issuer.place or pick(p.document.issuer.name_vi,
                                             p.document.issuer.name_en, args.lang),
             p.document.issued.iso() or p.document.issued.text, str(p.document.period),
             pick(p.document.title_vi, p.document.title_en, args.lang), len(p.targets)]
            for p in plans]
    headers = headings(args.lang, ("mã", "id"), ("số", "number"), ("địa phương", "place"),
                       ("ngày ban hành", "issued"), ("giai đoạn", "period"),
                       ("tên văn bản", "title"), ("số chỉ tiêu", "targets"))
    write(render_table(headers, rows, args.format))
    return 0


def _period(p: Plan) -> dict[str, int | None]:
    return {"start": p.document.period.start, "end": p.document.period.end}


def _show(args: argparse.Namespace) -> int:
    plan = catalog.load(args.plan)
    if args.format == "json":
        from childprotect.formats.convert import dumps

        write(dumps(plan))
        return 0
    write(render_plan(plan, args.lang))
    return 0


_PLAN_LABELS: dict[str, Message] = {
    "issuer": Message("issuer", context="plan"),
    "issued": Message("issued", context="plan"),
    "bad_date": Message("not a real date", context="plan"),
    "period": Message("period", context="plan"),
    "signed": Message("signed", context="plan"),
    "bases": Message("based on", context="plan"),
    "sections": Message("sections", context="plan"),
    "source": Message("source", context="plan"),
    "counts": Message(
        "{t} targets, {m} responsibility entries, {d} reporting duties",
        context="plan"),
}


def render_plan(plan: Plan, lang: str = "vi") -> str:
    """A plan as readable text, labelled in ``lang`` (``vi`` or ``en``)."""
    lab = templates(_PLAN_LABELS, lang)
    d = plan.document
    lines = [
        f"{plan.id}: {d.number.text.replace('Số:', '').strip()}",
        f"  {pick(d.title_vi, d.title_en, lang)}",
        f"  {lab['issuer']}: {pick(d.issuer.name_vi, d.issuer.name_en, lang)} "
        f"[{level_word(d.issuer.level.value, lang)}]",
        f"  {lab['issued']}: {d.issued.text.strip()}  →  {d.issued.iso() or lab['bad_date']}",
        f"  {lab['period']}: {d.period}",
    ]
    if d.signer:
        lines.append(f"  {lab['signed']}: {d.signer}")
    if d.bases:
        lines.append(f"  {lab['bases']}:")
        for b in d.bases:
            num = f" {b.number.text}" if b.number else ""
            date = f" {b.date.text}" if b.date else ""
            what = f" {b.title_vi}" if b.title_vi else ""
            lines.append(f"    - [{b.relation.value}] {b.kind_vi}{num}{date}{what}")
    if plan.sections:
        lines.append(f"  {lab['sections']}:")
        for s in plan.sections:
            depth = s.id.count(".")
            lines.append(f"    {'  ' * depth}{s.id}. {pick(s.title_vi, s.title_en, lang)}")
    lines.append("  " + lab["counts"].format(t=len(plan.targets), m=len(plan.matrix),
                                             d=len(plan.duties)))
    if plan.source or plan.source_vi:
        lines.append(f"  {lab['source']}: {pick(plan.source_vi, plan.source, lang)}")
    return "\n".join(lines)

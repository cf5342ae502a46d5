"""``childprotect compare PLAN NATIONAL_PLAN``: a plan's targets beside a national programme's."""

from __future__ import annotations

import argparse
from typing import Any

from childprotect.cli._help import say
from childprotect.cli._output import (
    add_format,
    add_lang,
    emit_json,
    headings,
    pick,
    render_table,
    write,
)
from childprotect.formats import catalog
from childprotect.i18n import Message

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "compare", help=say("compare a plan's targets with a national programme's"),
        description=say("Show a plan's targets beside the national targets they carry out: one "
        "row per national target, with the plan's target linked to it (the plan's own "
        "'implements', or the library's reading of a bundled plan in data/implements.json), "
        "both values and years, and the verdict: stronger, equal, weaker (some value meets "
        "the plan's target and misses the national one) or not comparable. National targets "
        "of the plan's period that no target of the plan carries out are marked. Exit code 1 "
        "when a target of the plan is weaker than the national one."),
        epilog=say("Examples:") + "\n  childprotect compare thua-thien-hue-208-2021 ttg-23-2021\n"
        "  childprotect compare my-plan.json ttg-23-2021 --format csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("plan", metavar="PLAN_ID_OR_FILE")
    p.add_argument("national", metavar="NATIONAL_PLAN", help=say("a national programme: a bundled "
                   "id (ttg-23-2021, ttg-1493-2021, ttg-1248-2021, ttg-782-2021) or a file"))
    add_format(p, "text", "json", "csv", "markdown")
    add_lang(p)
    p.set_defaults(func=_run)


def _value(t: Any) -> str:
    if t is None or t.value is None:
        return ""
    v = format(t.value, "f")
    if t.upper is not None:
        v += f"–{t.upper:f}"
    return v + (t.unit.symbol if t.unit is not None else "")


def _row(r: Any) -> dict[str, Any]:
    n, p = r.national, r.provincial
    return {
        "national": n.id, "national_comparator": n.comparator.value,
        "national_value": None if n.value is None else format(n.value, "f"),
        "national_upper": None if n.upper is None else format(n.upper, "f"),
        "national_unit": n.unit.value if n.unit else None, "national_year": n.year,
        "national_text_vi": n.text_vi, "national_text_en": n.text_en,
        "in_plan_period": r.in_period,
        "target": None if p is None else p.id,
        "comparator": None if p is None else p.comparator.value,
        "value": None if p is None or p.value is None else format(p.value, "f"),
        "upper": None if p is None or p.upper is None else format(p.upper, "f"),
        "unit": None if p is None or p.unit is None else p.unit.value,
        "year": None if p is None else p.year,
        "text_vi": None if p is None else p.text_vi,
        "verdict": None if r.verdict is None else r.verdict.value,
        "years_differ": r.years_differ,
        "relation": None if r.link is None else r.link.relation.value,
        "link_source": None if r.link is None else r.link.origin,
        "note": None if r.link is None else r.link.note,
    }


def _run(args: argparse.Namespace) -> int:
    from childprotect.plans.national import Verdict, compare, require_national

    plan = catalog.load(args.plan)
    national = catalog.load(args.national)
    require_national(national, "NATIONAL_PLAN")
    result = compare(plan, national)
    weaker = any(r.verdict is Verdict.WEAKER for r in result.rows)
    if args.format == "json":
        emit_json({"plan": plan.id, "national_plan": national.id,
                   "plan_period": str(plan.document.period), "counts": result.counts(),
                   "rows": [_row(r) for r in result.rows]})
        return 1 if weaker else 0
    lang = args.lang
    rows = []
    for r in result.rows:
        n, p = r.national, r.provincial
        mark = "" if p is not None else ("—" if r.in_period else "")
        rows.append([n.id, _value(n), n.year if n.year is not None else "",
                     p.id if p is not None else mark, _value(p),
                     "" if p is None or p.year is None else p.year,
                     "" if r.verdict is None else
                     r.verdict.value if args.format == "csv" else r.verdict.word.text(lang),
                     pick(n.text_vi, n.text_en, lang)])
    headers = headings(lang, ("chỉ tiêu quốc gia", "national target"),
                       ("giá trị", "national value"), ("năm", "national year"),
                       ("chỉ tiêu của kế hoạch", "plan target"), ("giá trị", "plan value"),
                       ("năm", "plan year"), ("so sánh", "verdict"), ("nội dung", "text"))
    table = render_table(headers, rows, args.format)
    if args.format == "csv":
        write(table)
        return 1 if weaker else 0
    c = result.counts()
    write(Message("{plan} ({period}) beside {national}: {stronger} stronger, {equal} equal, "
                  "{weaker} weaker, {other} not comparable; {missing} national target(s) of "
                  "the plan's period with no counterpart (marked —)",
                  plan=plan.id, period=str(plan.document.period), national=national.id,
                  stronger=c["stronger"], equal=c["equal"], weaker=c["weaker"],
                  other=c["not-comparable"], missing=c["no-counterpart"]).text(lang))
    write(table)
    return 1 if weaker else 0

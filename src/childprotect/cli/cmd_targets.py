"""``childprotect targets PLAN_ID``: a plan's targets with comparator, value, unit and year."""

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
from childprotect.plans.targets import Target, implied_total

__all__ = ["register", "target_dict"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "targets", help=say("list a plan's targets"),
        description=say("List every target of a plan: id, comparator, value and unit, year, "
        "disaggregation and the section it comes from. In JSON, numbers are decimal strings, "
        "amounts are in đồng, and each target carries its source (the clause stating it, "
        "where it was read, how sure it is) and the national targets it implements."),
        epilog=say("Examples:") + "\n  childprotect targets thua-thien-hue-208-2021\n"
        "  childprotect targets hong-ngu-2020 --format json\n"
        "  childprotect targets ttg-23-2021 --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("plan", metavar="PLAN_ID_OR_FILE")
    add_format(p, "text", "json", "csv", "markdown")
    add_lang(p)
    p.set_defaults(func=_run)


def _dec(value: object) -> str | None:
    return None if value is None else format(value, "f")


def target_dict(t: Target) -> dict[str, Any]:
    """A target as plain JSON-ready data (the CLI's form, one flat object per target)."""
    ind = t.indicator
    total = implied_total(t) if t.parts else None
    return {
        "id": t.id,
        "parent": t.parent,
        "section": t.section,
        "comparator": t.comparator.value,
        "direction": t.direction.value,
        "value": _dec(t.value),
        "upper": _dec(t.upper),
        "unit": t.unit.value if t.unit else None,
        "change": t.change.value if t.change else None,
        "year": t.year,
        "period": None if t.period is None else {"start": t.period.start, "end": t.period.end},
        "recurrence": t.recurrence.value,
        "scope": {"level": t.scope.level.value if t.scope.level else None,
                  "every": t.scope.every, "text_vi": t.scope.text_vi},
        "disaggregation": {c.dimension.value: c.option for c in t.disaggregation},
        "indicator": None if ind is None else {
            "name_vi": ind.name_vi, "name_en": ind.name_en, "unit": ind.unit.value,
            "numerator": ind.numerator, "denominator": ind.denominator,
        },
        "baseline": None if t.baseline is None else {
            "year": t.baseline.year, "value": _dec(t.baseline.value),
            "source": t.baseline.source},
        "source": None if t.source is None else {
            "clause": t.source.clause, "read_in": t.source.read_in,
            "verification": t.source.verification.value},
        "implements": list(t.implements),
        "parts": [{"label_vi": p.label_vi, "label_en": p.label_en, "level": p.level.value,
                   "value": _dec(p.value), "per_unit": p.per_unit,
                   "units": None if p.units is None else p.units.count,
                   "units_source": None if p.units is None else p.units.source}
                  for p in t.parts],
        "implied_total": _dec(total),
        "text_vi": t.text_vi,
        "text_en": t.text_en,
        "notes": list(t.notes),
    }


def _run(args: argparse.Namespace) -> int:
    plan = catalog.load(args.plan)
    if args.format == "json":
        emit_json([target_dict(t) for t in plan.targets])
        return 0
    from childprotect.plans.explain import COMPARATOR_WORDS, UNIT_WORDS

    # For people, comparators and units in words; a CSV keeps their codes.
    words = args.format in ("text", "markdown")

    def comparator(t: Target) -> str:
        return COMPARATOR_WORDS[t.comparator].text(args.lang) if words else t.comparator.value

    def unit(t: Target) -> str:
        if t.unit is None:
            return ""
        return UNIT_WORDS[t.unit].text(args.lang) if words else t.unit.value

    rows = [[t.id, comparator(t), _value_text(t), unit(t),
             t.year if t.year is not None else "", _disagg(t), t.section or "",
             _what(t, args.lang)]
            for t in plan.targets]
    headers = headings(args.lang, ("mã", "id"), ("so sánh", "comparator"), ("giá trị", "value"),
                       ("đơn vị", "unit"), ("năm", "year"), ("phân tổ", "disaggregation"),
                       ("mục", "section"), ("nội dung", "what"))
    if args.format == "text":
        write(Message("{plan}: {count} targets", plan=plan.id,
                      count=len(plan.targets)).text(args.lang))
    write(render_table(headers, rows, args.format))
    return 0


def _what(t: Target, lang: str) -> str:
    if t.indicator:
        return pick(t.indicator.name_vi, t.indicator.name_en, lang)
    return pick(t.text_vi, t.text_en, lang)


def _value_text(t: Target) -> str:
    if t.value is None:
        return ""
    if t.upper is not None:
        return f"{t.value:f}–{t.upper:f}"
    return format(t.value, "f")


def _disagg(t: Target) -> str:
    return ", ".join(f"{c.dimension.value}={c.option}" for c in t.disaggregation)

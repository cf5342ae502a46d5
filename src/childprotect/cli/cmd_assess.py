"""``childprotect assess PLAN_ID DATA_FILE``: is each target met by the observed data?"""

from __future__ import annotations

import argparse
import sys
from fractions import Fraction
from typing import Any

from childprotect.cli._output import add_format, add_lang, emit_json, headings, render_table, write
from childprotect.formats import catalog
from childprotect.formats.observations import read_observed
from childprotect.plans.assessment import Assessment, Status, assess_plan, decimal_text

__all__ = ["assessment_dict", "register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "assess", help="assess a plan's targets against observed data",
        description="Assess every target of a plan against observed data (CSV or JSON; see "
        "docs/targets.md for the format). Statuses: met, not_met, on_track, off_track, "
        "no_data, not_assessable. Exit code 0: no target has a --fail-on status; 1: some do.",
        epilog="Example:\n  childprotect assess thua-thien-hue-208-2021 "
        "examples/data/hue-observed.csv --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("plan", metavar="PLAN_ID_OR_FILE")
    p.add_argument("data", metavar="DATA_FILE", help="observed data, .csv or .json")
    p.add_argument(
        "--fail-on", default="not_met", metavar="STATUSES",
        help="comma-separated statuses that make the exit code 1 (default: not_met; "
        "e.g. not_met,off_track)")
    add_format(p, "text", "json", "csv", "markdown")
    add_lang(p)
    p.set_defaults(func=_run)


def _num(v: Fraction | None) -> str | None:
    return None if v is None else decimal_text(v)


def assessment_dict(a: Assessment) -> dict[str, Any]:
    """An assessment as JSON-ready data; numbers are decimal strings (rounded to 6 places
    when they do not terminate; ``observed_exact`` keeps the exact fraction)."""
    return {
        "target": a.target_id, "status": a.status.value,
        "reason": a.reason.value if a.reason else None, "detail": a.detail,
        "unit": a.unit.value if a.unit else None, "level": _num(a.level),
        "observed": _num(a.observed),
        "observed_exact": None if a.observed is None else str(a.observed),
        "observed_year": a.observed_year, "gap": _num(a.gap),
        "required_pace": _num(a.required_pace), "observed_pace": _num(a.observed_pace),
        "failing_years": list(a.failing_years), "missing_years": list(a.missing_years),
    }


def _run(args: argparse.Namespace) -> int:
    from childprotect.errors import ValidationError

    fail_on: set[Status] = set()
    for word in filter(None, (w.strip() for w in args.fail_on.split(","))):
        try:
            fail_on.add(Status(word))
        except ValueError:
            raise ValidationError(
                f"--fail-on: {word!r} is not a status; use {[s.value for s in Status]}"
            ) from None
    plan = catalog.load(args.plan)
    data = read_observed(args.data)
    results = assess_plan(plan, data)
    failed = [a for a in results if a.status in fail_on]
    if data.synthetic:
        print(f"note: {args.data} is labelled SYNTHETIC: not real figures", file=sys.stderr)
    if args.format == "json":
        emit_json({"plan": plan.id, "data": args.data, "synthetic": data.synthetic,
                   "assessments": [assessment_dict(a) for a in results]})
        return 1 if failed else 0
    rows = [[a.target_id, a.status.value, _num(a.observed) or "", _num(a.level) or "",
             a.unit.value if a.unit else "", a.observed_year or "", _num(a.gap) or "",
             _num(a.required_pace) or "", a.reason.value if a.reason else "", a.detail]
            for a in results]
    en = args.lang == "en"
    headers = headings(args.lang, ("chỉ tiêu", "target"), ("tình trạng", "status"),
                       ("kết quả", "observed"), ("mức", "level"), ("đơn vị", "unit"),
                       ("năm", "year"), ("chênh lệch", "gap"),
                       ("tốc độ cần/năm", "pace needed/yr"), ("lý do", "reason"),
                       ("giải thích", "detail"))
    if args.format == "text":
        if en:
            label = " (SYNTHETIC DATA)" if data.synthetic else ""
            write(f"{plan.id} assessed against {args.data}{label}")
        else:
            label = " (DỮ LIỆU TỔNG HỢP)" if data.synthetic else ""
            write(f"{plan.id} đánh giá theo {args.data}{label}")
    write(render_table(headers, rows, args.format))
    if args.format == "text":
        counts = {s: sum(a.status is s for a in results) for s in Status}
        write("\n" + ", ".join(f"{n} {s.value}" for s, n in counts.items() if n))
    return 1 if failed else 0

"""``childprotect assess PLAN_ID DATA_FILE``: is each target met by the observed data?"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from childprotect.cli._assessing import add_min_coverage
from childprotect.cli._help import help_text, say
from childprotect.cli._output import (
    add_format,
    add_lang,
    emit_json,
    headings,
    iso_date,
    render_table,
    write,
)
from childprotect.formats import catalog
from childprotect.formats.observations import read_observed
from childprotect.i18n import Message
from childprotect.plans.assessment import Assessment, assess_plan, decimal_text
from childprotect.plans.observed import row_location
from childprotect.plans.status import STATUSES, Status, parse_status

__all__ = ["assessment_dict", "register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "assess", help=say("assess a plan's targets against observed data"),
        description=help_text(Message(
            "Assess every target of a plan against observed data (CSV or JSON; see "
            "docs/targets.md for the format), as of a day: after a target's year, its year's "
            "data decide (met, not_met) or there are none (no_data); before it, the trend "
            "(on_track, off_track). A value over fewer of the units expected than "
            "--min-coverage decides nothing (insufficient_data). Statuses: {statuses}. Exit "
            "code 0: no target has a --fail-on status; 1: some do.",
            statuses=", ".join(s.value for s in STATUSES))),
        epilog=say("Example:") + "\n  childprotect assess thua-thien-hue-208-2021 "
        "examples/data/hue-observed.csv --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("plan", metavar="PLAN_ID_OR_FILE")
    p.add_argument("data", metavar="DATA_FILE", help=say("observed data, .csv, .xlsx or .json"))
    p.add_argument(
        "--fail-on", default="not_met", metavar="STATUSES",
        help=say("comma-separated statuses that make the exit code 1 (default: not_met; "
        "e.g. not_met,off_track)"))
    p.add_argument("--on", type=iso_date, default=None, metavar="DATE",
                   help=say("the day of the assessment (YYYY-MM-DD; default: today)"))
    add_min_coverage(p)
    add_format(p, "text", "json", "csv", "markdown", "xlsx")
    p.add_argument("--out", metavar="FILE",
                   help=say("the file to write instead of standard output (with --format "
                            "xlsx, a workbook: then required)"))
    add_lang(p)
    p.set_defaults(func=_run)


def _num(v: Fraction | None) -> str | None:
    return None if v is None else decimal_text(v)


def assessment_dict(a: Assessment) -> dict[str, Any]:
    """An assessment as JSON-ready data; numbers are decimal strings (rounded to 6 places
    when they do not terminate; ``observed_exact`` keeps the exact fraction); ``detail``
    in English and ``detail_vi`` in Vietnamese (the JSON is the same in either --lang);
    ``coverage``: the units the value rests on, out of those expected."""
    c = a.coverage
    return {
        "target": a.target_id, "status": a.status.value,
        "reason": a.reason.value if a.reason else None,
        "detail": a.explanation.text("en"), "detail_vi": a.explanation.text("vi"),
        "coverage": None if c is None else {"reporting": c.reporting, "expected": c.expected,
                                            "level": c.level},
        "unit": a.unit.value if a.unit else None, "level": _num(a.level),
        "observed": _num(a.observed),
        "observed_exact": None if a.observed is None else str(a.observed),
        "observed_year": a.observed_year, "gap": _num(a.gap),
        "required_pace": _num(a.required_pace), "observed_pace": _num(a.observed_pace),
        "failing_years": list(a.failing_years), "missing_years": list(a.missing_years),
    }


def _run(args: argparse.Namespace) -> int:
    from childprotect.cli._outfile import output_file

    with output_file(args.out if args.format != "xlsx" else None, args.lang,
                     inputs=[args.data, args.plan]):
        return _assess(args)


def _assess(args: argparse.Namespace) -> int:
    from childprotect.errors import ValidationError

    fail_on: set[Status] = set()
    for word in filter(None, (w.strip() for w in args.fail_on.split(","))):
        try:
            fail_on.add(parse_status(word))
        except ValidationError as exc:
            raise ValidationError(Message("--fail-on: {problem}", problem=exc)) from None
    plan = catalog.load(args.plan)
    data = read_observed(args.data)
    on = args.on or dt.date.today()
    # As of a day, the data of later years are not known yet: set aside and said, as the
    # main job does (report, demo), never judged as if they were.
    later = [i for i, r in enumerate(data.observations)
             if r.year is not None and r.year > on.year]
    if later:
        import attrs

        first = data.observations[later[0]]
        data = attrs.evolve(data, observations=tuple(
            r for r in data.observations if r.year is None or r.year <= on.year))
        print(Message("note: {count} row(s) of years after the day of the assessment ({day}) "
                      "are set aside, the first: {where}", count=len(later), day=on,
                      where=row_location(args.data, first.line, later[0] + 1)
                      ).text(args.lang), file=sys.stderr)
    results = assess_plan(plan, data, on=on, min_coverage=args.min_coverage)
    failed = [a for a in results if a.status in fail_on]
    if data.synthetic:
        print(Message("note: {data} is labelled SYNTHETIC: not real figures",
                      data=args.data).text(args.lang), file=sys.stderr)
    empty = None if data.observations else Message(
        "the data file {data} has no rows: no target has an observation", data=args.data)
    if empty is not None and args.format != "text":
        print(Message("note: {text}", text=empty).text(args.lang), file=sys.stderr)
    if args.format == "json":
        emit_json({"plan": plan.id, "data": args.data, "synthetic": data.synthetic,
                   "on": on.isoformat(), "min_coverage": str(args.min_coverage),
                   "assessments": [assessment_dict(a) for a in results]})
        return 1 if failed else 0
    if args.format == "xlsx":
        _workbook(args, plan.id, results)
        return 1 if failed else 0
    human = args.format != "csv"  # words for people; codes in CSV
    rows = [[a.target_id, a.status.label(args.lang) if human else a.status.value,
             _num(a.observed) or "", _num(a.level) or "",
             (a.unit.symbol if human else a.unit.value) if a.unit else "",
             a.observed_year or "",
             a.coverage.text(args.lang) if a.coverage else "", _num(a.gap) or "",
             _num(a.required_pace) or "",
             (a.reason.label(args.lang) if human else a.reason.value) if a.reason else "",
             a.explanation.text(args.lang)]
            for a in results]
    headers = headings(args.lang, ("chỉ tiêu", "target"), ("tình trạng", "status"),
                       ("kết quả", "observed"), ("mức", "level"), ("đơn vị", "unit"),
                       ("năm", "year"),
                       (Message("coverage", context="column").text("vi"),
                        Message("coverage", context="column").text("en")),
                       ("chênh lệch", "gap"),
                       ("tốc độ cần/năm", "pace needed/yr"), ("lý do", "reason"),
                       ("giải thích", "detail"))
    if args.format == "text":
        if data.synthetic:
            write(Message("{plan} assessed against {data} (SYNTHETIC DATA)", plan=plan.id,
                          data=args.data).text(args.lang))
        else:
            write(Message("{plan} assessed against {data}", plan=plan.id,
                          data=args.data).text(args.lang))
        if empty is not None:
            write(empty.text(args.lang))
    write(render_table(headers, rows, args.format))
    if args.format == "text":
        counts = {s: sum(a.status is s for a in results) for s in STATUSES}
        write("\n" + ", ".join(f"{n} {s.label(args.lang)}" for s, n in counts.items() if n))
    return 1 if failed else 0


def _workbook(args: argparse.Namespace, plan_id: str, results: Sequence[Assessment]) -> None:
    """The assessments as a one-sheet workbook (``--format xlsx --out FILE``)."""
    from childprotect.errors import ValidationError
    from childprotect.formats.tabular.results import status_styles
    from childprotect.formats.tabular.workbook import (
        ColumnKind,
        ColumnSpec,
        SheetSpec,
        write_workbook,
    )
    from childprotect.i18n import pick

    if not args.out:
        raise ValidationError(Message("--format xlsx needs --out FILE.xlsx"))
    from childprotect.cli._outfile import not_an_input

    not_an_input(args.out, [args.data, args.plan])
    lang = args.lang
    cols = [ColumnSpec(pick("Chỉ tiêu", "Target", lang), ColumnKind.CODE, code="target"),
            ColumnSpec(pick("Tình trạng", "Status", lang), ColumnKind.STATUS, code="status"),
            ColumnSpec(pick("Kết quả", "Observed", lang), ColumnKind.NUMBER, code="observed",
                       exact=True, places=None),
            ColumnSpec(pick("Mức chỉ tiêu", "Target level", lang), ColumnKind.NUMBER,
                       code="level", exact=True, places=None),
            ColumnSpec(pick("Đơn vị tính", "Unit of measure", lang), code="unit"),
            ColumnSpec(pick("Năm số liệu", "Data year", lang), ColumnKind.INTEGER,
                       code="year"),
            ColumnSpec(pick("Số đơn vị có số liệu", "Units reporting", lang),
                       ColumnKind.INTEGER, code="coverage_reporting"),
            ColumnSpec(pick("Số đơn vị phải báo cáo", "Units expected", lang),
                       ColumnKind.INTEGER, code="coverage_expected"),
            ColumnSpec(pick("Chênh lệch", "Gap", lang), ColumnKind.NUMBER, code="gap",
                       places=None),
            ColumnSpec(pick("Lý do", "Reason", lang), code="reason"),
            ColumnSpec(pick("Giải thích", "Explanation", lang), code="detail", width=70)]
    rows = [(a.target_id, a.status.value, a.observed, a.level,
             a.unit.value if a.unit else None, a.observed_year,
             a.coverage.reporting if a.coverage else None,
             a.coverage.expected if a.coverage else None, a.gap,
             a.reason.value if a.reason else None, a.explanation.text(lang))
            for a in results]
    out = write_workbook(args.out, [SheetSpec("Đánh giá", cols, rows, title=plan_id,
                                              statuses=status_styles(lang), codes=True,
                                              lang=lang)])
    write(Message("wrote {path}", path=str(out)).text(lang))

"""``childprotect check PLAN_ID_OR_FILE``: the anomalies found in a plan."""

from __future__ import annotations

import argparse

from childprotect.cli._help import say
from childprotect.cli._output import add_calendar, add_format, add_lang, emit_json, write
from childprotect.documents.anomalies import Anomaly
from childprotect.formats import catalog
from childprotect.i18n import Message

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "check", help=say("list the anomalies found inside a plan, or in a document's text"),
        description=say("Check a plan for inconsistencies in its own text (impossible dates, "
        "blank numbers, contradicting deadlines …). With --text FILE, check the text of a "
        "plan document as written, each finding with its line, column and character span: "
        "impossible or blank dates, blank numbers, near misses of the domain's vocabulary "
        "('nâng lực'), repeated words, a missing space ('số11'), unbalanced quotation "
        "marks, mixed Unicode normalisation, an agency written several ways, a decision "
        "title that differs from its annex, a header without the issuing body's line, and "
        "the contradictions of the drafted plan (two deadlines for one report …) as errors. "
        "A plan is also checked against the national programmes it implements: a target "
        "weaker than the national target it carries out, years that differ, national "
        "targets of the plan's period with no counterpart (see 'childprotect compare'). "
        "Exit code 0: none found; 1: some found."),
        epilog=say("Examples:") + "\n  childprotect check hong-ngu-2020 --format json\n"
        "  childprotect check --text ke-hoach.txt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("plan", metavar="PLAN_ID_OR_FILE", nargs="?",
                   help=say("a bundled plan id or a plan file (not with --text)"))
    p.add_argument("--text", metavar="FILE",
                   help=say("check the text of a plan document (.txt or .docx; '-' reads standard "
                   "input) instead of a plan"))
    add_format(p)
    add_lang(p)
    add_calendar(p)
    p.set_defaults(func=_run)


def anomaly_dict(a: Anomaly) -> dict[str, str]:
    return {"kind": a.kind, "where": a.where, "text": a.text, "explanation": a.explain("en"),
            "explanation_vi": a.explain("vi"), "severity": a.severity.value}


def _run(args: argparse.Namespace) -> int:
    from childprotect.deadlines.calendar import use_calendar

    with use_calendar(args.calendar):
        return _run_with_calendar(args)


def _run_with_calendar(args: argparse.Namespace) -> int:
    from childprotect.plans.checks import check

    if args.text is not None:
        return _run_text(args)
    if args.plan is None:
        from childprotect.errors import ValidationError

        raise ValidationError(Message("give a plan id or file, or --text FILE"))
    plan = catalog.load(args.plan)
    found = check(plan, national=catalog.load_bundled)
    if args.format == "json":
        emit_json([anomaly_dict(a) for a in found])
    elif not found:
        write(Message("{plan}: no anomalies found", plan=plan.id).text(args.lang))
    else:
        write(Message("{plan}: anomalies found: {count}", plan=plan.id,
                      count=len(found)).text(args.lang))
        from childprotect.mainjob.tables import at_word

        at, text = at_word(args.lang), Message("text", context="quoted").text(args.lang)
        for a in found:
            write(f"- [{a.severity.label(args.lang)}] {a.kind} {at} {a.where}\n    {text}: "
                  f"{a.shown(args.lang).strip()!r}\n    {a.explain(args.lang)}")
    return 1 if found else 0


def _run_text(args: argparse.Namespace) -> int:
    import sys

    from childprotect.extract import read_text
    from childprotect.extract.draft import naming
    from childprotect.extract.textcheck import check_text

    if args.plan is not None:
        from childprotect.errors import ValidationError

        raise ValidationError(Message("give either a plan or --text FILE, not both"))
    name = Message("standard input").text(args.lang) if args.text == "-" else args.text
    if args.text == "-":
        from childprotect.extract.draft import MAX_CHARS
        from childprotect.extract.reading import read_stream

        text = read_stream(sys.stdin, Message("standard input"), MAX_CHARS * 4)
    else:
        text = read_text(args.text)
    with naming(Message("standard input") if args.text == "-" else repr(args.text)):
        found = check_text(text)
    if args.format == "json":
        emit_json([{"kind": f.kind, "severity": f.severity.value, "span": [f.span.start,
                    f.span.end], "line": f.line, "column": f.column, "text": f.text,
                    "explanation": f.explanation.text("en"),
                    "explanation_vi": f.explanation.text("vi"), "suggestion": f.suggestion}
                   for f in found])
    elif not found:
        write(Message("{name}: no problems found in the text", name=name).text(args.lang))
    else:
        errors = sum(1 for f in found if f.severity.value == "error")
        write(Message("{name}: {count} finding(s), {errors} error(s)", name=name,
                      count=len(found), errors=errors).text(args.lang))
        for f in found:
            write(f"- [{f.severity.label(args.lang)}] {f.kind} {f.line}:{f.column} "
                  f"[{f.span.start}:{f.span.end}] {f.text!r}\n    {f.explain(args.lang)}")
    return 1 if found else 0

"""``childprotect check PLAN_ID_OR_FILE``: the anomalies found in a plan."""

from __future__ import annotations

import argparse

from childprotect.cli._output import add_format, add_lang, emit_json, write
from childprotect.documents.anomalies import Anomaly
from childprotect.formats import catalog

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "check", help="list the anomalies found inside a plan",
        description="Check a plan for inconsistencies in its own text (impossible dates, "
        "blank numbers, contradicting deadlines …). Exit code 0: none found; 1: some found.",
        epilog="Example:\n  childprotect check hong-ngu-2020 --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("plan", metavar="PLAN_ID_OR_FILE")
    add_format(p)
    add_lang(p)
    p.set_defaults(func=_run)


def anomaly_dict(a: Anomaly) -> dict[str, str]:
    return {"kind": a.kind, "where": a.where, "text": a.text, "explanation": a.explanation,
            "severity": a.severity.value}


def _run(args: argparse.Namespace) -> int:
    from childprotect.plans.checks import check

    plan = catalog.load(args.plan)
    found = check(plan)
    if args.format == "json":
        emit_json([anomaly_dict(a) for a in found])
    elif not found:
        write(f"{plan.id}: " + ("no anomalies found" if args.lang == "en"
                                else "không thấy điểm bất thường nào"))
    else:
        if args.lang == "en":
            write(f"{plan.id}: {len(found)} anomal{'y' if len(found) == 1 else 'ies'}")
        else:
            write(f"{plan.id}: {len(found)} điểm bất thường")
        at, text = ("at", "text") if args.lang == "en" else ("tại", "văn bản")
        for a in found:
            write(f"- [{a.severity.value}] {a.kind} {at} {a.where}\n    {text}: "
                  f"{a.text.strip()!r}\n    {a.explanation}")
    return 1 if found else 0

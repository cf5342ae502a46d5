"""``childprotect extract FILE``: draft a plan file from the text of a plan document."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from childprotect.cli._output import add_format, add_lang, emit_json, say, write
from childprotect.i18n import Message

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "extract", help=say("draft a plan file from the text of a plan document"),
        description=say("Read the plain text (or a .docx, with the 'docx' extra) of a Kế hoạch or "
        "Quyết định and draft its plan file: document metadata, sections, targets, "
        "responsibility matrix and reporting duties. --format json prints the plan file "
        "(it loads with the plan loader and 'check' runs on it); text shows each item with "
        "its character span and confidence, and what needs review. Exit code 0; with "
        "--diff, 1 when the draft and the plan differ."),
        epilog=say("Examples:") + "\n  childprotect extract ke-hoach.txt\n"
        "  childprotect extract ke-hoach.docx --format json > draft.json\n"
        "  childprotect check draft.json\n"
        "  childprotect extract 208-KH-UBND.txt --diff thua-thien-hue-208-2021",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help=say("a .txt (UTF-8, UTF-16 or Windows-1258) or "
                   ".docx file; '-' reads standard input"))
    add_format(p)
    p.add_argument("--diff", metavar="PLAN_ID", help=say("compare the draft with a bundled plan or "
                   "a plan file"))
    p.add_argument("--id", dest="plan_id", metavar="PLAN_ID",
                   help=say("the draft's plan id (default: place-number-year)"))
    p.add_argument("--review", metavar="PATH", type=Path,
                   help=say("also write the findings (spans, confidence) and the review list as "
                   "JSON to PATH"))
    add_lang(p)
    p.set_defaults(func=_run)


def _findings_json(draft: Any) -> dict[str, Any]:
    return {
        "plan": draft.plan.id,
        "cleaning": list(draft.cleaning),
        "findings": [{"kind": f.kind, "item": f.item, "text": f.text,
                      "span": [f.span.start, f.span.end], "confidence": str(f.confidence)}
                     for f in draft.findings],
        "review": [{"kind": r.kind, "text": r.text, "span": [r.span.start, r.span.end],
                    "reason": r.reason, "code": r.code} for r in draft.review],
    }


def _run(args: argparse.Namespace) -> int:
    import sys

    from childprotect.extract import extract_file, extract_text

    if args.file == "-":
        draft = extract_text(sys.stdin.read(), plan_id=args.plan_id,
                             source=Message("standard input").text(args.lang))
    else:
        draft = extract_file(args.file, plan_id=args.plan_id)
    if args.review is not None:
        text = json.dumps(_findings_json(draft), ensure_ascii=False, indent=2) + "\n"
        try:
            args.review.write_text(text, encoding="utf-8")
        except OSError as exc:
            from childprotect.errors import ValidationError
            from childprotect.i18n.oserrors import os_reason

            raise ValidationError(Message("cannot write {path}: {strerror}",
                                          path=str(args.review),
                                          strerror=os_reason(exc))) from None
    if args.diff:
        return _diff(draft, args)
    if args.format == "json":
        from childprotect.formats.convert import dumps

        write(dumps(draft.plan))
        return 0
    write(_render(draft, args.lang))
    return 0


def _render(draft: Any, lang: str = "vi") -> str:
    from childprotect.cli.cmd_plans import render_plan

    lines = [render_plan(draft.plan, lang), "",
             Message("findings (span in the input, confidence):").text(lang)]
    for f in draft.findings:
        label = f"{f.kind}" + (f" {f.item}" if f.item else "")
        lines.append(f"  [{f.span.start}:{f.span.end}] {f.confidence} {label}: {f.text[:90]}")
    lines.append("")
    if draft.review:
        lines.append(Message("needs review ({count}):", count=len(draft.review)).text(lang))
        for r in draft.review:
            lines.append(f"  [{r.span.start}:{r.span.end}] {r.kind}: {r.reason}")
            if r.text:
                lines.append(f"      {r.text[:100]!r}")
    else:
        lines.append(Message("needs review: nothing").text(lang))
    if draft.cleaning:
        lines.append(Message("cleaning: {steps}", steps="; ".join(draft.cleaning)).text(lang))
    return "\n".join(lines)


def _diff(draft: Any, args: argparse.Namespace) -> int:
    from childprotect.extract.compare import compare
    from childprotect.formats import catalog

    reference = catalog.load(args.diff)
    scores = compare(draft.plan, reference)
    if args.format == "json":
        emit_json({name: {"matched": s.matched, "drafted": s.drafted, "reference": s.reference,
                          "recall": None if s.recall is None else str(s.recall),
                          "spurious": None if s.spurious is None else str(s.spurious),
                          "missing": list(s.missing), "extra": list(s.extra)}
                   for name, s in scores.items()})
    else:
        write(f"draft {draft.plan.id} against {reference.id}:")
        for s in scores.values():
            write("  " + s.line())
            for m in s.missing:
                write(f"      missing: {m}")
            for e in s.extra:
                write(f"      extra:   {e}")
    differs = any(s.missing or s.extra for s in scores.values())
    return 1 if differs else 0

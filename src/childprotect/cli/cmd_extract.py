"""``childprotect extract FILE``: draft a plan file from the text of a plan document."""

from __future__ import annotations

import argparse
import errno
import json
import os
from pathlib import Path
from typing import Any

from childprotect.cli._help import say
from childprotect.cli._output import add_format, add_lang, emit_json, write
from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.i18n.oserrors import os_reason

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
        from childprotect.extract.draft import MAX_CHARS, naming
        from childprotect.extract.reading import read_stream

        name = Message("standard input")
        text = read_stream(sys.stdin, name, MAX_CHARS * 4)
        with naming(name):
            draft = extract_text(text, plan_id=args.plan_id, source=name.text())
    else:
        draft = extract_file(args.file, plan_id=args.plan_id)
    if args.review is not None:
        _write_review(args.review, json.dumps(_findings_json(draft), ensure_ascii=False,
                                              indent=2) + "\n",
                      None if args.file == "-" else args.file)
    if args.diff:
        return _diff(draft, args)
    if args.format == "json":
        from childprotect.formats.convert import dumps

        write(dumps(draft.plan))
        return 0
    write(_render(draft, args.lang))
    return 0


_write = os.write  # (a name a test can replace by a disk that is full)


def _write_review(path: Path, text: str, source: str | None) -> None:
    """Write the review file whole, or not at all: an error names the file and says why
    in words (a missing folder, a folder, no permission, a full disk). A file already
    there is replaced only once the new one is written, keeping its permissions; a device
    or a pipe is written into, as the shell's ``>`` would."""
    data = text.encode("utf-8")
    if source is not None and _same(source, path):
        raise ValidationError(Message("--review {path} is the file the command reads: write "
                                      "the review to another file", path=str(path)))
    from childprotect.formats.files import writing_whole

    def fail(exc: OSError) -> ValidationError:
        return _cannot_write(path, exc)

    try:
        with writing_whole(path, fail) as fd:
            _write_all(fd, data)
    except OSError as exc:
        raise fail(exc) from None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[_write(fd, view):]


def _same(a: str, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # one of them does not exist (yet)
        return False


def _cannot_write(path: Path, exc: OSError) -> ValidationError:
    """The error for a review file that cannot be written, its reason in words."""
    reason: Message | str
    if exc.errno == errno.ENOENT:
        reason = Message("the folder {folder} does not exist", folder=str(path.parent))
    elif exc.errno == errno.ENOTDIR:
        reason = Message("{folder} is not a folder", folder=str(path.parent))
    else:
        reason = os_reason(exc)
    return ValidationError(Message("cannot write the --review file {path}: {reason}",
                                   path=str(path), reason=reason))


def _render(draft: Any, lang: str = "vi") -> str:
    from childprotect.cli.cmd_plans import render_plan
    from childprotect.i18n import render

    head = render_plan(draft.plan, lang).split("\n")
    if not draft.plan.document.title_vi.strip() and len(head) > 1:
        head[1] = "  " + Message("(no title found: see what needs review)").text(lang)
    lines = [*head, "", Message("findings (span in the input, confidence):").text(lang)]
    for f in draft.findings:
        label = f"{f.kind}" + (f" {_item(f.kind, f.item, lang)}" if f.item else "")
        lines.append(f"  [{f.span.start}:{f.span.end}] {render(f.confidence, lang)} {label}: "
                     f"{f.text[:90]}")
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


def _item(kind: str, item: str, lang: str) -> str:
    """A finding's item as people read it: a responsibility's role in words (``so-y-te chủ
    trì CT2``); any other item as it is (an id)."""
    from childprotect.agencies.matrix import Role, role_word

    parts = item.split(" ")
    if kind == "matrix" and len(parts) == 3 and parts[1] in {r.value for r in Role}:
        return " ".join((parts[0], role_word(Role(parts[1])).text(lang), parts[2]))
    return item


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
        write(Message("draft {draft} against {reference}:", draft=draft.plan.id,
                      reference=reference.id).text(args.lang))
        for s in scores.values():
            write("  " + s.line(args.lang))
            for m in s.missing:
                write("      " + Message("missing: {item}", item=m).text(args.lang))
            for e in s.extra:
                write("      " + Message("extra: {item}", item=e).text(args.lang))
    differs = any(s.missing or s.extra for s in scores.values())
    return 1 if differs else 0

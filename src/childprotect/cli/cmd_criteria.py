"""``childprotect criteria``: the 13 criteria of a child-friendly commune, with sources."""

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
from childprotect.i18n import Message
from childprotect.i18n import say as message

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "criteria", help=say("list the 13 criteria of a child-friendly commune (QĐ 06/QĐ-TTg)"),
        description=say("List the criteria TC1…TC13 of Quyết định 06/QĐ-TTg (03/01/2019), "
        "Quy định, Điều 2 khoản 1, verbatim in Vietnamese with an English gloss and the "
        "source. With --points, add the maximum points of a scoring table and the status of "
        "each value (official, reported, inferred, illustrative)."),
        epilog=say("Examples:") + "\n"
               "  childprotect criteria\n  childprotect criteria --format json\n"
        "  childprotect criteria --points qd-06-2019-illustrative",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_format(p, "text", "json", "markdown", "csv")
    p.add_argument("--points", metavar="TABLE_ID_OR_FILE", nargs="?",
                   const="qd-06-2019-reported",
                   help=say("show the points of a scoring table (default when given without a "
                   "value: qd-06-2019-reported, the values sources report)"))
    add_lang(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from childprotect.communes.criteria import in_language, standard
    from childprotect.communes.scoring import ScoringTable, load_table

    s = standard()
    table: ScoringTable | None = load_table(args.points) if args.points else None
    if args.format == "json":
        out: dict[str, Any] = {
            "id": s.id, "document": s.document, "issued": s.issued.isoformat(),
            "effective": s.effective.isoformat(), "title_vi": s.title_vi,
            "title_en": s.title_en, "clause": s.clause, "status": s.status.value,
            "sources": list(s.sources), "notes": list(s.notes),
            "sources_vi": list(s.sources_vi), "notes_vi": list(s.notes_vi),
            "criteria": [{"id": c.id, "number": c.number, "letter": c.letter,
                          "name_vi": c.name_vi, "name_en": c.name_en, "source": c.source}
                         for c in s.criteria],
        }
        if table is not None:
            out["scoring_table"] = _table_json(table)
        emit_json(out)
        return 0
    lang = args.lang
    machine = args.format == "csv"  # codes, the same in every language
    headers = headings(lang, ("mã", "id"), ("điểm", "letter"), ("tiêu chí", "criterion"))
    rows: list[list[object]] = [[c.id, c.letter, pick(c.name_vi, c.name_en, lang)]
                                for c in s.criteria]
    if table is not None:
        headers += headings(lang, ("điểm tối đa", "max points"), ("tình trạng", "status"))
        for row, c in zip(rows, s.criteria, strict=True):
            try:
                sc = table.scale(c.id)
            except LookupError:
                row += ["", "not-in-table" if machine else Message("not in table").text(lang)]
                continue
            row += [sc.max_points, sc.status.value if machine else sc.status.word.text(lang)]
    if args.format in ("csv", "markdown"):
        write(render_table(headers, rows, args.format))
        return 0
    write(f"{s.document} ({s.issued.strftime('%d/%m/%Y')}): "
          f"{pick(s.title_vi, s.title_en, lang)}")
    write(f"  {s.clause} — {s.lead_in_vi}")
    write("  " + Message("wording: {status}", status=s.status.word).text(lang))
    for n in in_language(s.notes, s.notes_vi, lang):
        write("  " + Message("note: {text}", text=n).text(lang))
    write("")
    write(render_table(headers, rows, "text"))
    if table is not None:
        write("")
        write(_table_text(table, lang))
    write("\n" + Message("sources:").text(lang))
    for src in in_language(s.sources, s.sources_vi, lang):
        write(f"  - {src}")
    return 0


def _table_json(table: Any) -> dict[str, Any]:
    from childprotect.formats.convert import unstructure

    out: dict[str, Any] = unstructure(table)
    out["complete"] = table.complete
    out["missing"] = list(table.missing)
    out["max_total"] = table.max_total
    out["illustrative"] = table.is_illustrative
    out["illustrative_values"] = list(table.illustrative_values)
    return out


#: How far a point value (or the wording) can be trusted, in words (JSON and CSV keep the
#: codes).
_STATUSES = {"official": Message("official", context="points"),
             "reported": Message("reported", context="points"),
             "inferred": Message("inferred", context="points"),
             "illustrative": Message("illustrative", context="points"),
             "secondary-quotation": Message("as quoted by secondary sites", context="points")}


def _status(code: str, lang: str) -> str:
    word = _STATUSES.get(code)
    return word.text(lang) if word is not None else code


def _table_text(table: Any, lang: str = "vi") -> str:
    from childprotect.communes.criteria import in_language

    def say(msgid: str, **values: object) -> str:
        return message(msgid, lang, **values)

    lines = [say("scoring table {id}: {title}", id=table.id,
                 title=pick(table.title_vi, table.title_en, lang))]
    if table.is_illustrative:
        lines.append("  " + say("ILLUSTRATIVE: the values of {values} are made up for examples "
                                "and tests; they are not law.",
                                values=", ".join(table.illustrative_values)))
    if not table.complete:
        lines.append("  " + say("partial: no values for {missing}",
                                missing=", ".join(table.missing)))
    if table.total:
        lines.append("  " + say("total of the maxima given: {total} (declared total {declared}, "
                                "{status})", total=table.max_total,
                                declared=table.total.points, status=table.total.status.word))
    else:
        lines.append("  " + say("total of the maxima given: {total}", total=table.max_total))
    for c in table.ordered():
        lines.append("  " + say("{criterion}: up to {points} points [{status}] — {source}",
                                criterion=c.criterion, points=c.max_points,
                                status=c.status.word, source=pick(c.source_vi, c.source, lang)))
        note = pick(c.note_vi, c.note, lang)
        if note:
            lines.append(f"      {note}")
        for si in c.sub_items:
            lines.append("      " + say("{id}: {points} points [{status}] {text}", id=si.id,
                                        points=si.max_points, status=si.status.word,
                                        text=_sub_item_text(si, lang)))
    for n in in_language(table.notes, table.notes_vi, lang):
        lines.append("  " + say("note: {text}", text=n))
    return "\n".join(lines)


def _sub_item_text(si: Any, lang: str) -> str:
    """A sub-item's wording: the text's own Vietnamese words when the source gives them;
    else, in Vietnamese, a paraphrase marked as one."""
    if si.text_vi:
        return str(si.text_vi)
    if lang == "vi" and si.summary_vi:
        return f"{si.summary_vi} " + Message("(a paraphrase, not the text's own words)").text(lang)
    return str(si.text_en or "")

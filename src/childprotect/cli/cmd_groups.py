"""``childprotect groups``: the groups of children in special circumstances."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from childprotect.children.groups import Group, Taxonomy, taxonomy_on
from childprotect.cli._help import say
from childprotect.cli._output import (
    add_format,
    add_lang,
    emit_json,
    headings,
    iso_date,
    render_table,
    write,
)
from childprotect.i18n import Message

__all__ = ["register", "render_groups"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "groups", help=say("list the groups of children in special circumstances"),
        description=say("List the 14 groups of Luật Trẻ em 2016 Điều 10 khoản 1 (or their 48 "
        "sub-groups of Nghị định 56/2017/NĐ-CP Điều 3–16) in force on a date, verbatim, "
        "with English glosses and citations."),
        epilog=say("Examples:") + "\n  childprotect groups\n  childprotect groups --format json\n"
        "  childprotect groups dd --subgroups\n"
        "  childprotect groups --subgroups --format markdown --on 2018-01-01\n"
        "  childprotect groups --classify facts.json --on 2024-01-01 --format json\n\n"
        + say("A facts file holds one object or a list of objects with the fields of\n"
              "childprotect.children.facts.Facts, e.g. {\"birth\": \"2011-03\", \"hiv\": true,\n"
              "\"father\": {\"dead\": true}}; a missing field is unknown."),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("code", nargs="?", help=say("only this group (a … o; dd for đ)"))
    p.add_argument("--subgroups", action="store_true", help=say("list the sub-groups"))
    p.add_argument("--on", type=iso_date, default=None,
                   help=say("the taxonomy in force on this date, YYYY-MM-DD (default: today)"))
    p.add_argument("--classify", metavar="FACTS.json", default=None,
                   help=say("classify the children in this facts file instead of listing groups"))
    p.add_argument("--count", action="store_true",
                   help=say("with --classify: print the counts per group, not each child"))
    add_format(p, "text", "json", "markdown", "csv")
    add_lang(p)
    p.set_defaults(func=_run)



def _run(args: argparse.Namespace) -> int:
    from childprotect.errors import ValidationError

    on = args.on if args.on is not None else dt.date.today()
    if args.classify is not None and args.code:
        raise ValidationError(Message(
            "--classify answers for every group: leave out the group code {code} (the "
            "answers and counts list each group)", code=repr(args.code)))
    if args.count and args.classify is None:
        raise ValidationError(Message("--count counts the children of --classify FACTS.json: "
                                      "give that file, or leave --count out"))
    if args.classify is not None:
        return _classify(args.classify, on, args.count, args.format, args.lang)
    tax = taxonomy_on(on)
    groups = (tax.group(args.code),) if args.code else tax.groups
    if args.format == "json":
        emit_json(groups_json(tax, groups))
        return 0
    write(render_groups(tax, groups, args.subgroups, args.format, args.lang))
    return 0


def groups_json(tax: Taxonomy, groups: tuple[Group, ...]) -> dict[str, Any]:
    """The groups (with their sub-groups) as JSON-ready data."""
    from childprotect.formats.convert import unstructure

    out = []
    for g in groups:
        d = unstructure(g)
        d["citation_text"] = str(g.citation)
        d["subgroups"] = []
        for s in tax.subgroups_of(g.code):
            sd = unstructure(s)
            sd["citation_text"] = str(s.citation)
            d["subgroups"].append(sd)
        out.append(d)
    return {"taxonomy": tax.id, "valid_from": tax.valid_from.isoformat(),
            "valid_to": tax.valid_to.isoformat() if tax.valid_to else None, "groups": out}


def render_groups(tax: Taxonomy, groups: tuple[Group, ...], subgroups: bool, fmt: str,
                  lang: str = "vi") -> str:
    """The groups (or sub-groups) as a text, Markdown or CSV table, labelled in ``lang``
    (``vi``: the verbatim Vietnamese, ``en``: the English gloss). Markdown of every group in
    English is the bilingual table of docs/children.md (the verbatim Vietnamese beside the
    gloss); in Vietnamese it holds the verbatim text alone, with no English in it."""
    if fmt == "markdown" and lang == "en" and len(groups) == len(tax.groups):
        return tax.markdown_table(subgroups)
    codes = {g.code for g in groups}
    keep = 2 if lang == "en" else 1
    rows = [[r[0], r[keep], r[3]] for r in tax.table_rows(subgroups)
            if r[0].split(".")[0] in codes]
    headers = headings(lang, ("mã", "code"), ("nhóm (nguyên văn)", "group (gloss)"),
                       ("căn cứ", "citation"))
    return render_table(headers, rows, fmt)


def _classify(path: str, on: dt.date, count: bool, fmt: str, lang: str = "vi") -> int:

    from childprotect.children.classification import answer_word, classify
    from childprotect.children.counting import GroupCounter
    from childprotect.children.facts import Answer, Facts
    from childprotect.data import load_file

    raw = load_file(path)
    records = raw if isinstance(raw, list) else [raw]
    results = [classify(Facts.from_dict(r, f"{path} record {i + 1}"), on=on)
               for i, r in enumerate(records)]
    if count:
        counter = GroupCounter(taxonomy_on(on).codes)
        counter.update_classified(results)
        n = counter.counts()
        if fmt == "json":
            emit_json({"on": on.isoformat(), "children": n.children, "distinct": n.distinct,
                       "per_group": n.as_dict(), "undetermined": n.undetermined,
                       "not_children": n.not_children,
                       "overlap": [list(r) for r in n.overlap], "codes": list(n.codes)})
            return 0
        rows: list[list[object]] = [[c, k] for c, k in n.as_dict().items()]
        extra = headings(lang, ("thuộc ≥ 1 nhóm", "in ≥ 1 group"), ("trẻ em", "children"),
                         ("chưa xác định", "undetermined"), ("không phải trẻ em", "not children"))
        rows += [[extra[0], n.distinct], [extra[1], n.children],
                 [extra[2], n.undetermined], [extra[3], n.not_children]]
        write(render_table(headings(lang, ("nhóm", "group"), ("số trẻ em", "children")), rows,
                           "text" if fmt == "json" else fmt))
        return 0
    if fmt == "json":
        emit_json([r.as_dict() for r in results])
        return 0
    if fmt in ("csv", "markdown"):  # a row per child: its answer for each group
        codes = list(taxonomy_on(on).codes)
        table: list[list[object]] = []
        for i, r in enumerate(results, 1):
            d = r.as_dict()
            cells = [d["child"], d["at_risk"], *({g["code"]: g["answer"] for g in d["groups"]}
                                                  .get(c, "") for c in codes)]
            if fmt == "markdown":  # for people: the words (a CSV keeps the codes)
                cells = [answer_word(Answer(v), lang) if v else v for v in cells]
            table.append([i, *cells])
        write(render_table([*headings(lang, ("hồ sơ", "record"), ("trẻ em", "child"),
                                      ("có nguy cơ", "at risk")), *codes], table, fmt))
        return 0
    write("\n".join(Message("record {n}: {text}", n=i + 1, text=r.explain(lang)).text(
        lang) for i, r in enumerate(results)))
    return 0

"""``childprotect communes``: evaluate child-friendly communes, shares against targets,
and who evaluates and decides on a date."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from childprotect.cli._assessing import add_min_coverage
from childprotect.cli._communes_facts import (
    load_procedure_file,
    procedure_command,
    role_line,
    targets_command,
)
from childprotect.cli._help import say
from childprotect.cli._output import (
    add_format,
    add_lang,
    emit_json,
    headings,
    iso_date,
    level_word,
    render_table,
    write,
    year,
)
from childprotect.formats import catalog
from childprotect.i18n import N_, Message, format_date
from childprotect.i18n import say as message

if TYPE_CHECKING:
    from childprotect.communes.evaluation import CommuneResult
    from childprotect.communes.procedure import ProcedurePeriod
    from childprotect.communes.scoring import ScoringTable
    from childprotect.communes.shares import (
        ActionOwner,
        CriterionFailures,
        ShareTarget,
        TargetAssessment,
        UnitShare,
    )
    from childprotect.units.hierarchy import Hierarchy

__all__ = ["register"]

_FORMAT_HELP = N_("""\
Evaluation file (JSON; see docs/communes.md):
  {"evaluated_in": "2024-11",                      optional: the round (YYYY, YYYY-MM, date)
   "scoring_table": "qd-06-2019-illustrative",     optional: a bundled table id or a path
   "hierarchy": "national",                        optional: the national units ("national"),
                                                   the seed localities' ("bundled") or a
                                                   units CSV, instead of "units"
   "targets": ["bac-kan-352-2019/T1"],             optional: share targets to assess
   "units": [{"code": "D1", "name": "…", "level": "district", "parent": "P1",
              "communes_total": 7, "communes_total_source": "…"}, …],
   "communes": [{"code": "00001", "name": "Xã …", "parent": "D1", "kind": "xa",
                 "category": "other" | "mountain-island-disadvantaged" | "central-city-ward",
                 "category_source": "the decision that classes the commune",
                 "points": {"TC1": 80, …, "TC13": 90},
                 "sub_items": {"TC6": {"TC6.1": 50, "TC6.2": 75}}}, …]}
Points are whole numbers or decimal strings ("12.5"). A commune with no points is
"not evaluated". Exit codes: 0 every assessed target met (or none asked), 1 a target not
met, 2 invalid input.
""")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "communes", help=say("child-friendly communes: evaluate, shares, procedure"),
        description=say("Child-friendly communes under Quyết định 06/QĐ-TTg: score a file of "
        "commune evaluations, decide recognition, compute the share recognised at each "
        "level against plan targets, and say who evaluates and decides on a date."),
        epilog=say("Examples:") + "\n"
               "  childprotect communes evaluate examples/data/communes-evaluation.json"
        "\n  childprotect communes evaluate FILE --matrix bac-kan-352-2019 --on 2026-11-23"
        "\n  childprotect communes evaluate FILE --target thua-thien-hue-208-2021/CT1.2 "
        "--format json\n  childprotect communes procedure --on 2026-01-15\n"
        "  childprotect communes targets",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    psub = p.add_subparsers(dest="communes_command", metavar="ACTION", required=True)

    pe = psub.add_parser(
        "evaluate", help=say("score a file of commune evaluations"),
        description=say("Score every commune of an evaluation file, say whether it is "
        "recognised and why not, and give the share recognised at each level against the "
        "targets, with the criteria that most often stop recognition."),
        epilog=say(_FORMAT_HELP) + "\n" + say("Example:") + "\n  childprotect communes evaluate "
        "examples/data/communes-evaluation.json --target qd-23-2021/2030",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    pe.add_argument("file", metavar="FILE")
    pe.add_argument("--table", metavar="TABLE_ID_OR_FILE",
                    help=say("scoring table (default: the file's 'scoring_table'; one is "
                             "required)"))
    pe.add_argument("--target", action="append", default=[], metavar="TARGET_ID_OR_FILE",
                    help=say("a share target to assess (repeatable; adds to the file's targets): "
                    "a bundled id (see 'childprotect communes targets') or a JSON file "
                    "{\"targets\": [...]} in the same form"))
    pe.add_argument("--rule", metavar="FILE",
                    help=say("a recognition rule file to use instead of the bundled one (which "
                    "comes from a portal summary)"))
    pe.add_argument("--hierarchy", metavar="national|bundled|UNITS_CSV",
                    help=say("take units and parents from the national units, the seed "
                    "localities' units or a units CSV, as of the end of the round (default: "
                    "the file's 'hierarchy', else its 'units')"))
    pe.add_argument("--procedure", metavar="FILE",
                    help=say("a procedure file stating who evaluates and decides (default: the "
                    "bundled one)"))
    pe.add_argument("--matrix", metavar="PLAN_ID_OR_FILE",
                    help=say("a plan whose responsibility matrix assigns the criteria (e.g. "
                    "bac-kan-352-2019): list who must act on each unit's failing criteria "
                    "(default: the file's 'matrix')"))
    pe.add_argument("--on", type=iso_date, default=None, metavar="YYYY-MM-DD",
                    help=say("with a matrix: also say who holds each duty on this date "
                    "(default: today)"))
    pe.add_argument("--top", type=_count, default=3, metavar="N",
                    help=say("how many failing criteria to show per unit (default 3)"))
    add_min_coverage(pe)
    add_format(pe)
    add_lang(pe)
    pe.set_defaults(func=_evaluate)

    pp = psub.add_parser(
        "procedure", help=say("who self-assesses, appraises and decides on a date"),
        description=say("The holders of the evaluation steps on a date, with their status "
        "(unverified before 1 July 2025, not found after it unless a procedure file says)."),
        epilog=say("Example:") + "\n"
               "  childprotect communes procedure --on 2024-11-20 --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    pp.add_argument("--on", type=iso_date, default=None, metavar="YYYY-MM-DD",
                    help=say("the date (default: today)"))
    pp.add_argument("--procedure", metavar="FILE", help=say("a procedure file to use instead"))
    pp.add_argument("--plan-start", type=year, metavar="YEAR",
                    help=say("also list the evaluation rounds of the 5-year plan starting in YEAR"))
    add_format(pp)
    add_lang(pp)
    pp.set_defaults(func=procedure_command)

    ps = psub.add_parser("schema", help=say("print the JSON Schema of the evaluation file"),
                         description=say("The JSON Schema (draft 2020-12) of commune evaluation "
                         "files."),
                         epilog=say("Example:")
                         + "\n  childprotect communes schema > evaluation.schema.json",
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    ps.set_defaults(func=_schema)

    pt = psub.add_parser("targets", help=say("list the bundled share targets"),
                         description=say("Targets on the share of communes recognised, with "
                         "their source."),
                         epilog=say("Example:") + "\n  childprotect communes targets --format json",
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    add_format(pt, "text", "json", "markdown", "csv")
    add_lang(pt)
    pt.set_defaults(func=targets_command)



def _count(text: str) -> int:
    """The argument type of ``--top``: a whole number from 0.

    >>> _count("3"), _count("0")
    (3, 0)
    """
    t = text.strip()
    if not (t.isascii() and t.isdigit()):
        raise argparse.ArgumentTypeError(Message(
            "expected a whole number from 0, got {text}", text=repr(text)).text())
    return int(t)


# --- evaluate ----------------------------------------------------------------------------


def _evaluate(args: argparse.Namespace) -> int:
    from childprotect.communes.evaluation import (
        evaluate,
        load_hierarchy,
        load_recognition_rule,
        recognition_rule,
    )
    from childprotect.communes.scoring import load_table
    from childprotect.communes.shares import assess, load_share_targets, shares
    from childprotect.errors import ValidationError
    from childprotect.formats.communes import load_evaluations
    from childprotect.plans.shares import share_target

    ev = load_evaluations(args.file)
    table_ref = args.table or ev.scoring_table
    if table_ref is None:
        raise ValidationError(
            Message("{file}: no scoring table: give --table or 'scoring_table' in the file (the "
                    "official point table was not found; see 'childprotect criteria --points')",
                    file=args.file)
        )
    table = load_table(table_ref)
    rule = load_recognition_rule(args.rule) if args.rule else recognition_rule()
    href = args.hierarchy or ev.hierarchy
    base = Path(args.file).parent if not args.hierarchy else None
    h = load_hierarchy(href, ev.evaluated_in, base, source=args.file,
                       where="--hierarchy" if args.hierarchy else "$.hierarchy") if href else None
    results = evaluate(ev, table, rule, source=args.file, hierarchy=h)
    target_ids = list(dict.fromkeys([*ev.targets, *args.target]))
    plans = catalog.load_all()
    targets = [t for ref in target_ids for t in (
        load_share_targets(ref) if ref.endswith(".json") else (share_target(ref, plans),))]
    areas = _areas(targets, plans, h) if h is not None else {}
    rows = shares(results, hierarchy=h, areas=areas) if h is not None else \
        shares(results, ev.units)
    assessments = [(t, assess(rows, t, min_coverage=args.min_coverage,
                              area=_area_rows(areas, t.plan)))
                   for t in targets]
    proc_on = ev.evaluated_in.earliest() if ev.evaluated_in else None
    if args.procedure and proc_on is None:
        raise ValidationError(Message(
            "--procedure says who evaluates in the round of the evaluation's "
            "evaluated_in, which {file} does not give: add evaluated_in to it, or leave "
            "--procedure out", file=args.file))
    period = load_procedure_file(args.procedure).on(proc_on) if proc_on else None
    exit_code = 1 if any(a.met is not True for _, aa in assessments for a in aa) else 0
    matrix_ref = args.matrix or ev.matrix
    if args.on is not None and not matrix_ref:
        raise ValidationError(Message(
            "--on dates the holders of the duties of a matrix, and there is none: give "
            "--matrix PLAN_ID_OR_FILE, or leave --on out"))
    actions: list[tuple[UnitShare, CriterionFailures, tuple[ActionOwner, ...]]] = []
    on = args.on or dt.date.today()
    if matrix_ref:
        from childprotect.communes.shares import who_must_act

        plan = catalog.load(matrix_ref)
        for s in rows:
            for f in s.failures:
                if f.failing:
                    actions.append((s, f, who_must_act(plan, [f.criterion], on=on)))

    if args.format == "json":
        out = _json(args.file, ev, table, rule, results, rows, assessments, period, proc_on)
        out["min_coverage"] = str(args.min_coverage)
        if matrix_ref:
            out["actions"] = {"matrix": matrix_ref, "on": on.isoformat(), "by_unit": [
                {"unit": s.code, "criterion": f.criterion, "stopped": f.failing,
                 "owners": [{"agency": o.agency, "agency_vi": o.agency_vi, "role": o.role,
                             "verb_vi": o.verb_vi, "where": o.where,
                             "holders_vi": list(o.holders_vi), "unverified": o.unverified}
                            for o in owners]}
                for s, f, owners in actions]}
        emit_json(out)
        return exit_code
    write(_text(args.file, ev, table, results, rows, assessments, period, proc_on, args.top,
                args.lang, tuple(plans)))
    if matrix_ref:
        write(_actions_text(matrix_ref, on, actions, args.lang))
    return exit_code


def _areas(targets: list[ShareTarget], plans: Any, h: Hierarchy) -> dict[str, frozenset[str]]:
    """The area of each plan whose targets are assessed (its issuer's unit on the
    hierarchy's day, or the units it went into), when the plan is not national and its
    place is known."""
    from childprotect.documents.levels import AdminLevel
    from childprotect.mainjob.area import plan_area
    from childprotect.units.national_list import national

    by_id = {p.id: p for p in plans}
    out: dict[str, frozenset[str]] = {}
    for t in targets:
        plan = by_id.get(t.plan) if t.plan is not None else None
        if plan is None or plan.document.issuer.level is AdminLevel.NATIONAL:
            continue
        area = plan_area(plan, h, national())
        if area:
            out[plan.id] = area
    return out


def _area_rows(areas: dict[str, frozenset[str]], plan: str | None) -> list[str] | None:
    """The codes of the rows that are a plan's area (its unit, or its own area row)."""
    if plan is None or plan not in areas:
        return None
    return [*areas[plan], plan]


def _actions_text(matrix_ref: str, on: dt.date,
                  actions: list[tuple[UnitShare, CriterionFailures, tuple[ActionOwner, ...]]],
                  lang: str = "vi") -> str:
    title = Message("Who must act on the criteria each unit fails (responsibility matrix of "
                    "{matrix}; holders on {on})", matrix=matrix_ref, on=on).text(lang)
    rows = []
    none = Message("(the matrix names no agency)").text(lang)
    unverified = " " + Message("[unverified step]").text(lang)
    for s, f, owners in actions:
        if not owners:
            rows.append([s.code, f.criterion, f.failing, none, "", "", ""])
        for o in owners:
            held = ", ".join(o.holders_vi) + (unverified if o.unverified else "")
            rows.append([s.code, f.criterion, f.failing, o.agency_vi, _role_word(o.role, lang),
                         o.where, held])
    table = render_table(headings(
        lang, ("đơn vị", "unit"), ("tiêu chí", "criterion"), ("số xã bị chặn", "stopped"),
        ("cơ quan (như kế hoạch ghi)", "agency (as the plan writes it)"),
        ("vai trò", "role"), ("mục", "where"),
        (f"đảm nhận vào ngày {format_date(on, 'vi')}", f"holds it on {on.isoformat()}")),
        rows, "text")
    return f"\n{title}\n{'=' * len(title)}\n{table}"


def _role_word(role: str, lang: str) -> str:
    """A role of the responsibility matrix in words (``chủ trì``); an unknown one as is."""
    from childprotect.agencies.matrix import Role, role_word

    known = {r.value: r for r in Role}
    return role_word(known[role]).text(lang) if role in known else role


def _illustrative_banner(table: ScoringTable, lang: str) -> str | None:
    if not table.is_illustrative:
        return None
    return Message("ILLUSTRATIVE scoring table {table}: the values of {values} are made up for "
                   "examples and tests, not law. The results below are illustrative too.",
                   table=repr(table.id), values=table.illustrative_values).text(lang)


def _pct(s: UnitShare, lang: str) -> str:
    p = s.percent()
    return "—" if p is None else Message("{value}%", value=p).text(lang)


def _text(path: str, ev: Any, table: ScoringTable, results: tuple[CommuneResult, ...],
          rows: tuple[UnitShare, ...], assessments: list[tuple[ShareTarget,
                                                               tuple[TargetAssessment, ...]]],
          period: ProcedurePeriod | None, proc_on: dt.date | None, top: int,
          lang: str = "vi", plans: tuple[Any, ...] = ()) -> str:
    from childprotect.cli._communes_facts import target_source, target_status, target_when

    out: list[str] = []

    def say(msgid: str, **values: object) -> None:
        out.append(message(msgid, lang, **values))

    if ev.evaluated_in:
        say("{file}: {count} communes, round {round}", file=path, count=len(results),
            round=ev.evaluated_in.iso())
    else:
        say("{file}: {count} communes", file=path, count=len(results))
    if ev.synthetic:
        say("SYNTHETIC DATA: {text}",
            text=ev.description or Message("the file says it is synthetic"))
    banner = _illustrative_banner(table, lang)
    if banner:
        out.append(banner)
    say("scoring table: {table} (maximum total {total})", table=table.id,
        total=table.max_total)
    if period is not None and proc_on is not None:
        say("procedure on {day} (the first day of the round):", day=proc_on)
        out.extend("  " + role_line(r, lang) for r in period.roles)
        if period.valid_until is not None and ev.evaluated_in is not None:
            from childprotect.text.periods import period_end

            if period_end(ev.evaluated_in.iso()) > period.valid_until:
                say("  note: the round {round} runs past {day}, when these holders change",
                    round=ev.evaluated_in.iso(), day=period.valid_until)

    out.append(_title(Message("Communes").text(lang)))
    names = {s.code: _name(s, lang) for s in rows}
    crow = []
    recognised = Message("recognised").text(lang)
    for r in results:
        verdict = recognised if r.recognised else Message(
            "NOT recognised: {reasons}",
            reasons="; ".join(x.explain(lang) for x in r.reasons)).text(lang)
        crow.append([r.code, r.name, names.get(r.parent or "", r.parent or ""),
                     r.category.word.text(lang), r.total, r.threshold, verdict])
    out.append(render_table(headings(lang, ("mã", "code"), ("tên", "name"), ("đơn vị", "unit"),
                                     ("loại", "class"), ("tổng điểm", "total"),
                                     ("điểm cần", "needs"), ("kết quả", "result")),
                            crow, "text"))
    for r in results:
        for n in r.notes:
            say("note: {code} {name}: {note}", code=r.code, name=r.name, note=n)

    out.append(_title(Message("Share of communes recognised").text(lang)))
    srow = []
    every = Message("all", context="level").text(lang)
    for s in rows:
        miss = s.missing_from_file
        srow.append([s.code, _name(s, lang), _level(s.level, lang) or every,
                     s.recognised,
                     s.communes, s.communes - s.evaluated, _pct(s, lang),
                     "" if miss is None else miss])
    out.append(render_table(headings(
        lang, ("mã", "code"), ("đơn vị", "unit"), ("cấp", "level"),
        ("được công nhận", "recognised"), ("số xã", "communes"),
        ("chưa đánh giá", "not evaluated"), ("tỷ lệ", "share"),
        ("không có trong tệp", "not in file")), srow, "text"))

    verdicts = {"met": Message("met", context="status"),
                "not-met": Message("NOT met", context="share"),
                "no-communes": Message("no communes", context="share"),
                "insufficient-data": Message("not enough data", context="share")}
    illustrative = " " + Message("[illustrative]").text(lang) if table.is_illustrative else ""
    for t, aa in assessments:
        out.append("")
        when = target_when(t, plans, lang)
        if when:
            say("Target {id}: {label} at the {level} level ({when})", id=t.id, label=t.label,
                level=_level(t.level.value, lang), when=when)
        else:
            say("Target {id}: {label} at the {level} level", id=t.id, label=t.label,
                level=_level(t.level.value, lang))
        out.append(f"  “{t.text_vi}”")
        say("  source: {source} [{status}]", source=target_source(t, plans, lang),
            status=target_status(t, lang))
        if t.year is not None and ev.evaluated_in is not None and ev.evaluated_in.year != t.year:
            say("  note: the target is for {year} and the round is {round}: the share is "
                "compared with it as a level", year=t.year, round=ev.evaluated_in.iso())
        for a in aa:
            out.append(f"  {a.share.code} {_name(a.share, lang)}: {_pct(a.share, lang)} "
                       f"({a.share.recognised}/{a.share.communes}) → "
                       f"{verdicts[a.status.value].text(lang)}{illustrative}")
            for remark in a.remarks:
                say("    note: {note}", note=remark)

    out.append(_title(Message("Criteria that most often stop recognition (missing or 0 "
                              "points), by unit").text(lang)))
    frow = []
    for s in rows:
        for f in s.top_failures(top):
            frow.append([s.code, _level(s.level, lang) or every, f.criterion,
                         f.failing, f.zero, f.missing, f.points_lost])
    out.append(render_table(headings(
        lang, ("đơn vị", "unit"), ("cấp", "level"), ("tiêu chí", "criterion"),
        ("số xã bị chặn", "communes stopped"), ("0 điểm", "at 0"), ("thiếu", "missing"),
        ("điểm mất", "points lost")), frow, "text"))
    if table.is_illustrative:
        say("(points lost are measured against illustrative maxima)")
    return "\n".join(out)


def _title(text: str) -> str:
    return f"\n{text}\n{'=' * len(text)}"


def _level(level: str | None, lang: str) -> str | None:
    from childprotect.communes.shares import AREA

    if level == AREA:
        return Message("plan area", context="level").text(lang)
    return None if level is None else level_word(level, lang)


def _json(path: str, ev: Any, table: ScoringTable, rule: Any,
          results: tuple[CommuneResult, ...], rows: tuple[UnitShare, ...],
          assessments: list[tuple[ShareTarget, tuple[TargetAssessment, ...]]],
          period: ProcedurePeriod | None, proc_on: dt.date | None) -> dict[str, Any]:
    from childprotect.formats.convert import unstructure

    return {
        "file": path,
        "synthetic": ev.synthetic,
        "description": ev.description,
        "evaluated_in": ev.evaluated_in.iso() if ev.evaluated_in else None,
        "illustrative": table.is_illustrative,
        "scoring_table": {"id": table.id, "based_on": list(table.based_on),
                          "max_total": table.max_total, "illustrative": table.is_illustrative,
                          "illustrative_values": list(table.illustrative_values)},
        "recognition_rule": {"id": rule.id, "clause": rule.clause, "status": rule.status,
                             "sources": list(rule.sources)},
        "procedure": None if period is None or proc_on is None else {
            "on": proc_on.isoformat(), "roles": [unstructure(r) for r in period.roles]},
        "communes": [
            {"code": r.code, "name": r.name, "parent": r.parent, "category": r.category.value,
             "threshold": r.threshold, "total": str(r.total), "recognised": r.recognised,
             "evaluated": r.evaluated,
             "reasons": [{"kind": x.kind.value, "criterion": x.criterion,
                          "text": x.explain("en"), "text_vi": x.explain("vi")}
                         for x in r.reasons],
             "points": {s.criterion: str(s.points) for s in r.scores},
             "notes": [_text_in(n, "en") for n in r.notes],
             "notes_vi": [_text_in(n, "vi") for n in r.notes],
             "illustrative": bool(r.illustrative)}
            for r in results
        ],
        "shares": [_share_json(s) for s in rows],
        "targets": [
            {"id": t.id, "level": t.level.value, "comparator": t.comparator.value,
             "percent": str(t.percent), "text_vi": t.text_vi, "source": t.source,
             "status": t.status,
             "assessments": [{"unit": a.share.code, "share": _frac(a.share),
                              "met": a.met, "status": a.status.value,
                              "coverage": None if a.share.coverage is None
                              else str(a.share.coverage),
                              "note": _remarks(a, "en"), "note_vi": _remarks(a, "vi"),
                              "illustrative": table.is_illustrative} for a in aa]}
            for t, aa in assessments
        ],
    }


def _name(s: UnitShare, lang: str) -> str:
    """A row's name in ``lang``: a unit's own name, or the words of ALL or an area."""
    return s.words.text(lang) if s.words is not None else s.name


def _text_in(text: Message | str, lang: str) -> str:
    return text.text(lang) if isinstance(text, Message) else text


def _remarks(a: TargetAssessment, lang: str) -> str | None:
    return "; ".join(m.text(lang) for m in a.remarks) or None


def _frac(s: UnitShare) -> str | None:
    return None if s.ratio is None else str(s.ratio)


def _share_json(s: UnitShare) -> dict[str, Any]:
    p = s.percent(2)
    return {
        "unit": s.code, "name": _name(s, "en"), "level": s.level,
        "parent": s.parent, "communes": s.communes, "evaluated": s.evaluated,
        "recognised": s.recognised, "share": _frac(s), "illustrative": s.illustrative,
        "percent": None if p is None else str(p),
        "communes_total": s.communes_total, "not_in_file": s.missing_from_file,
        "criteria": [{"criterion": f.criterion, "stopped": f.failing, "zero": f.zero,
                      "missing": f.missing, "points_lost": str(f.points_lost)}
                     for f in s.failures],
    }


def _schema(args: argparse.Namespace) -> int:
    from childprotect.formats.communes import evaluation_schema

    emit_json(evaluation_schema())
    return 0

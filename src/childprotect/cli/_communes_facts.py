"""What ``childprotect communes procedure`` and ``targets`` state, in the reader's language:
who evaluates and decides on a date, and the share targets (when a target is due, where it
comes from and how far it is established).

A plan's share target is read from the plan's own target data (its period or year, its
section, and the remarks kept with it), so that its words are said in either language:

>>> from childprotect.formats import catalog
>>> from childprotect.plans.shares import share_target
>>> plans = catalog.load_all()
>>> t = share_target("bac-kan-352-2019/T1", plans)
>>> target_when(t, plans, "vi")
"'trong kỳ đánh giá': văn bản không ghi năm"
>>> target_source(t, plans, "vi")
'352/QĐ-UBND, mục I.2 (dữ liệu kế hoạch bac-kan-352-2019)'
>>> target_when(t, plans, "en")
"'trong kỳ đánh giá' (in the evaluation period): no year is stated"
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from childprotect.cli._output import emit_json, headings, level_word, pick, render_table, write
from childprotect.formats import catalog
from childprotect.i18n import N_, Message, translate

if TYPE_CHECKING:
    from childprotect.communes.procedure import Procedure
    from childprotect.communes.shares import ShareTarget
    from childprotect.plans.plan import Plan
    from childprotect.plans.targets import Target

__all__ = ["TARGET_NOTES", "load_procedure_file", "procedure_command", "role_line",
           "target_source", "target_status", "target_when", "targets_command"]

#: The remarks kept with the bundled plans' share targets (their ``notes``), in the
#: catalogue so that they are read in the reader's language; a test checks that every
#: share target of the bundled plans has its remarks here.
TARGET_NOTES = (
    N_("'trong kỳ đánh giá' (in the evaluation period): no year is stated"),
    N_("'duy trì' (keep): read as every year of the plan's period"),
    N_("since 01/07/2025 the commune level is 'xã, phường, đặc khu' (thị trấn no longer "
       "exist); the standard is still Quyết định 06/QĐ-TTg (2019)"),
)

#: The statuses of share targets in words (a status of no known word is shown as it is).
_TARGET_STATUSES = {"plan": Message("plan", context="target status"),
                    "official": Message("official", context="value status"),
                    "reported": Message("reported", context="value status")}


def _plan_target(t: ShareTarget, plans: Iterable[Plan]) -> tuple[Plan, Target] | None:
    if t.plan is None or t.item is None:
        return None
    for p in plans:
        if p.id == t.plan:
            return p, p.target(t.item)
    return None


def target_when(t: ShareTarget, plans: Iterable[Plan], lang: str) -> str:
    """When the target is due (its period, else its year) and the remarks kept with it,
    in ``lang``; a target of no plan as its data write it."""
    found = _plan_target(t, plans)
    if found is None:
        return t.when or ""
    _, target = found
    period = target.period
    when = (f"{period.start}–{period.end}" if period is not None and period.end
            else str(target.year) if target.year else None)
    parts = [when] if when else []
    parts += [translate(n, lang) for n in target.notes]
    return "; ".join(parts)


def target_source(t: ShareTarget, plans: Iterable[Plan], lang: str) -> str:
    """Where the target comes from, in ``lang``: for a plan's target, its document and
    section in the plan's data."""
    found = _plan_target(t, plans)
    if found is None:
        return t.source
    plan, target = found
    return Message("{number}, section {section} (plan data {plan})",
                   number=plan.document.number.text, section=target.section,
                   plan=plan.id).text(lang)


def target_status(t: ShareTarget, lang: str) -> str:
    """How far the target is established, in words."""
    word = _TARGET_STATUSES.get(t.status)
    return word.text(lang) if word is not None else t.status


# --- the procedure -------------------------------------------------------------------------


def load_procedure_file(path: str | None) -> Procedure:
    """The procedure of a file, else the bundled one."""
    from childprotect.communes.procedure import load_procedure, procedure

    return load_procedure(path) if path else procedure()


#: The steps of the procedure and their statuses, in words.
_STEPS = {"self-assess": Message("self-assess", context="step"),
          "appraise": Message("appraise", context="step"),
          "decide": Message("decide", context="step")}
_STATUSES = {"official": Message("official", context="procedure"),
             "reported": Message("reported", context="procedure"),
             "unverified": Message("unverified", context="procedure"),
             "not-found": Message("not found", context="procedure")}


def role_line(r: Any, lang: str = "vi") -> str:
    holder = pick(r.holder_vi, r.holder_en, lang) or Message(
        "NOT FOUND — configure it with a procedure file (--procedure)").text(lang)
    step = _STEPS.get(r.role.value)
    status = _STATUSES.get(r.status.value)
    return (f"{step.text(lang) if step else r.role.value}: {holder} "
            f"[{status.text(lang) if status else r.status.value}]")


def procedure_command(args: argparse.Namespace) -> int:
    from childprotect.communes.criteria import in_language

    proc = load_procedure_file(args.procedure)
    on = args.on or dt.date.today()
    period = proc.on(on)
    rounds = proc.timing.rounds(args.plan_start) if args.plan_start else ()
    if args.format == "json":
        from childprotect.formats.convert import unstructure

        emit_json({"on": on.isoformat(), "document": proc.document, "clause": proc.clause,
                   "period": unstructure(period), "timing": unstructure(proc.timing),
                   "rounds": [r.iso() for r in rounds], "notes": list(proc.notes),
                   "clause_vi": proc.clause_vi, "notes_vi": list(proc.notes_vi)})
        return 0
    lang = args.lang
    until = period.valid_until or Message("open", context="period")
    write(f"{proc.document}, {pick(proc.clause_vi, proc.clause, lang)}")
    write(Message("on {on} (rule valid {start} – {end}):", on=on, start=period.valid_from,
                  end=until).text(lang))
    for r in period.roles:
        write("  " + role_line(r, lang))
        write("      " + Message("source: {source}",
                                source=pick(r.source_vi, r.source, lang)).text(lang))
    t = proc.timing
    status = _STATUSES.get(t.status.value)
    write(Message("timing [{status}]: month {month} of years {years} of each {length}-year plan "
                  "— {source}", status=status.text(lang) if status else t.status.value,
                  month=t.month, years=", ".join(map(str, t.plan_years)),
                  length=t.plan_length, source=pick(t.source_vi, t.source, lang)).text(lang))
    if rounds:
        write(Message("rounds of the plan starting {start}: {rounds}", start=args.plan_start,
                      rounds=", ".join(r.iso() for r in rounds)).text(lang))
    for n in in_language(proc.notes, proc.notes_vi, lang):
        write(Message("note: {text}", text=n).text(lang))
    return 0


# --- the share targets ---------------------------------------------------------------------


def targets_command(args: argparse.Namespace) -> int:
    from childprotect.plans.shares import share_targets

    plans = catalog.load_all()
    ts = share_targets(plans)
    if args.format == "json":
        from childprotect.formats.convert import unstructure

        emit_json([unstructure(t) for t in ts])
        return 0
    lang = args.lang
    if args.format == "csv":  # machine values: the data as they are
        rows = [[t.id, t.level.value, t.label, t.when or "", t.status, t.source] for t in ts]
    else:  # for people, in words
        rows = [[t.id, level_word(t.level.value, lang), t.label, target_when(t, plans, lang),
                 target_status(t, lang), target_source(t, plans, lang)] for t in ts]
    write(render_table(headings(args.lang, ("mã", "id"), ("cấp", "level"),
                                ("chỉ tiêu", "target"), ("thời điểm", "when"),
                                ("tình trạng", "status"), ("nguồn", "source")), rows,
                       args.format))
    return 0

"""The main job as tables, text and JSON: shared by ``demo``, ``report`` and the HTML report.

Labels are Vietnamese by default and English with ``lang="en"``; the domain texts (target
wording, agency names) come from the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from childprotect.documents.levels import level_name
from childprotect.i18n import Message, pick, render, templates
from childprotect.i18n.formatting import format_date
from childprotect.plans.status import STATUSES, Status
from childprotect.tables.display import Table

if TYPE_CHECKING:
    from childprotect.mainjob.job import MainJob, Outcome

__all__ = [
    "LABELS",
    "STATUSES",
    "as_json",
    "assessment_json",
    "at_word",
    "column_words",
    "job_tables",
    "label",
    "render_text",
    "target_label",
    "worded",
]

LABELS: dict[str, Message] = {
    "synthetic": Message(
        "SYNTHETIC DATA: invented for the demo, not real figures",
        context="main job"),
    "as_of": Message("As of", context="main job"),
    "plan": Message("Plan", context="main job"),
    "data": Message("Data", context="main job"),
    "reported": Message("{r} of {e} communes reported in {p}", context="main job"),
    "province": Message("Targets at the level of {name} ({p})", context="main job"),
    "levels": Message("Every level: targets by status", context="main job"),
    "communes": Message("Commune level: communes by status, for each target", context="main job"),
    "holders": Message("Who holds each target on {on}", context="main job"),
    "deadlines": Message("Coming reporting deadlines", context="main job"),
    "deadlines_last": Message(
        "Reporting deadlines of the plan's last year ({y}); the plan's period is over",
        context="main job"),
    "anomalies": Message("Anomalies", context="main job"),
    "plan_anomalies": Message("In the plan's text", context="main job"),
    "data_anomalies": Message("In the data", context="main job"),
    "none": Message("none", context="main job"),
    "not_assessed": Message("Targets not assessed from the data", context="main job"),
    "unavailable": Message("Parts not available in this installation", context="main job"),
    "target": Message("target", context="main job"),
    "goal": Message("goal", context="main job"),
    "observed": Message("observed", context="main job"),
    "status": Message("status", context="main job"),
    "detail": Message("detail", context="main job"),
    "unit": Message("unit", context="main job"),
    "level": Message("level", context="main job"),
    "code": Message("code", context="main job"),
    "why": Message("why", context="main job"),
    "reporting": Message("communes reporting", context="main job"),
    "what": Message("what", context="main job"),
}


def label(key: str, lang: str, **kw: object) -> str:
    """The main job's label ``key`` in ``lang``, its placeholders filled from ``kw``."""
    m = LABELS[key]
    return Message(m.msgid, context=m.context, **kw).text(lang) if kw else m.text(lang)


def target_label(job: MainJob, target_id: str, lang: str) -> str:
    """The target's wording in ``lang`` (its English summary, or the verbatim text)."""
    t = job.plan.target(target_id)
    return pick(t.text_vi, t.text_en, lang)


def goal_text(job: MainJob, o: Outcome, lang: str = "en") -> str:
    """The target as judged at the unit, as a reader of ``lang`` writes it: its sign, the
    value (the unit's quota where the target applies to each unit), its unit and its year
    (``≥ 300 triệu đồng (2020)``, ``< 0,01% (2025)``)."""
    from childprotect.plans.explain import COMPARATOR_WORDS, quantity, symbol

    t = job.plan.target(o.target_id)
    value = o.goal if o.goal is not None else t.value
    if value is None:  # (eliminate, maintain, qualitative …: the comparator in words)
        return COMPARATOR_WORDS[t.comparator].text(lang)
    unit = t.unit
    shown = quantity(unit, value.normalize() if value == value.to_integral_value() else value)
    upper = f"–{quantity(unit, t.upper).text(lang)}" if t.upper is not None else ""
    year = f" ({t.year})" if t.year else ""
    return f"{symbol(t)} {shown.text(lang)}{upper}{year}"


def observed_text(job: MainJob, o: Outcome, lang: str) -> str:
    """The observed value with as many digits as its comparison with the target needs."""
    from childprotect.plans.explain import shown_vs_level

    if o.observed is None:
        return "—"
    t = job.plan.target(o.target_id)
    unit = o.assessment.unit  # an annual change is in percent, not in the indicator's unit
    level = o.level if o.level is not None else o.observed
    shown, _ = shown_vs_level(t, unit, o.observed, level)
    return shown.text(lang)


def coverage_text(o: Outcome, lang: str) -> str:
    """``8/9 xã``, or empty when the coverage is not known."""
    return o.coverage.text(lang) if o.coverage is not None else ""


def province_table(job: MainJob, code: str, lang: str, *, wording: bool = False) -> Table:
    """The targets at one unit; ``wording`` adds each target's text (for the report)."""
    rows = []
    for o in job.outcomes.get(code, ()):
        # the report shows a target's whole text (a table cell wraps it); the terminal a line
        what = (" ".join(target_label(job, o.target_id, lang).split()),) if wording else ()
        rows.append((o.target_id, *what, goal_text(job, o, lang),
                     observed_text(job, o, lang),
                     coverage_text(o, lang), o.status.label(lang),
                     o.assessment.explanation.text(lang)))
    what_h = (label("what", lang),) if wording else ()
    return Table((label("target", lang), *what_h, label("goal", lang), label("observed", lang),
                  Message("coverage", context="column").text(lang), label("status", lang),
                  label("detail", lang)),
                 rows)


def levels_table(job: MainJob, lang: str, max_depth: int = 1) -> Table:
    rows: list[tuple[Any, ...]] = []
    for u in job.units:
        if u.depth > max_depth:
            continue
        counts = job.counts(u.code)
        name = ("  " * u.depth) + pick(u.name_vi, u.name_en, lang)
        rows.append((u.code, name, render(level_name(u.level), lang), f"{u.reporting}/{u.expected}",
                     *(counts[s] for s in STATUSES)))
    return Table((label("code", lang), "", label("level", lang),
                  label("reporting", lang),
                  *(s.label(lang) for s in STATUSES)), rows)


def communes_table(job: MainJob, lang: str) -> Table:
    deepest = max((u.depth for u in job.units), default=0)
    ids = [t.id for t in job.plan.targets]
    counts: dict[str, dict[Status, int]] = {}
    for u in job.units:
        if u.depth != deepest:
            continue
        for o in job.outcomes.get(u.code, ()):
            counts.setdefault(o.target_id, dict.fromkeys(STATUSES, 0))[o.status] += 1
    rows = [(tid, *(counts[tid][s] for s in STATUSES)) for tid in ids if tid in counts]
    return Table((label("target", lang), *(s.label(lang) for s in STATUSES)), rows)


def job_tables(job: MainJob, lang: str, *, wording: bool = False) -> dict[str, Table]:
    """Every table of the main job, by name."""
    out: dict[str, Table] = {}
    if job.root is not None:
        out["province"] = province_table(job, job.root, lang, wording=wording)
    out["levels"] = levels_table(job, lang)
    out["communes"] = communes_table(job, lang)
    if job.holders is not None:
        out["holders"] = worded(Table(job.holder_headers, job.holders), lang)
    if job.deadlines is not None:
        out["deadlines"] = worded(Table(job.deadline_headers, job.deadlines), lang)
    out["plan_anomalies"] = Table(column_words(("kind", "where", "text", "explanation"), lang),
                                  [(a.kind, a.where, a.shown(lang).strip(), a.explain(lang))
                                   for a in job.anomalies])
    out["data_anomalies"] = Table(column_words(("kind", "where", "text", "explanation"), lang),
                                  [(a.kind, a.where, a.shown(lang).strip(), a.explain(lang))
                                   for a in job.data_anomalies])
    out["not_assessed"] = Table((label("target", lang), label("why", lang)),
                                [(t, why.text(lang)) for t, why in job.not_assessed])
    return out


#: The words of the machine column names of the main job's tables, in each language
#: (``holder_on_2025-07-01``: the prefix before the date).
_WORDS: dict[str, Message] = {
    "target": Message("target", context="column"),
    "role": Message("role", context="column"),
    "named_in_plan": Message("named in the plan", context="column"),
    "holder_on_": Message("holder on {day}", context="column"),
    "legal_steps": Message("legal steps", context="column"),
    "unverified": Message("unverified", context="column"),
    "due": Message("due", context="column"),
    "stated": Message("due as stated", context="column"),
    "duty": Message("duty", context="column"),
    "reporter_on_": Message("reporter on {day}", context="column"),
    "reporter_named_in_plan": Message("reporter named in the plan", context="column"),
    "recipient_on_": Message("recipient on {day}", context="column"),
    "recipient_named_in_plan": Message("recipient named in the plan", context="column"),
    "report": Message("report", context="column"),
    "why_moved": Message("why moved", context="column"),
    "item": Message("item", context="column"),
    "holder": Message("holder", context="column"),
    "code": Message("code", context="column"),
    "name": Message("name", context="column"),
    "level": Message("level", context="column"),
    "parent": Message("parent", context="column"),
    "reporting": Message("units reporting", context="column"),
    "kind": Message("kind", context="column"),
    "where": Message("where", context="column"),
    "text": Message("verbatim text", context="column"),
    "explanation": Message("explanation", context="column"),
    "expected": Message("units expected", context="column"),
    "period": Message("period", context="column"),
    "estimate": Message("estimate", context="column"),
}


def column_words(headers: Sequence[str], lang: str) -> tuple[str, ...]:
    """Column names in words for people (a name without words is kept as it is)."""
    words = templates(_WORDS, lang)
    out = []
    for h in headers:
        if h.startswith("due_in_"):  # the deadlines of the plan's last year
            year = h.removeprefix("due_in_")[:4]
            out.append(Message("due in {year} (the plan's last year)", year=year).text(lang))
            continue
        prefix, _, day = h.rpartition("_on_")
        if prefix and f"{prefix}_on_" in words:
            try:
                shown = format_date(dt.date.fromisoformat(day), lang)
            except ValueError:
                shown = day
            out.append(words[f"{prefix}_on_"].format(day=shown))
        else:
            out.append(words.get(h, h))
    return tuple(out)


def _cell_words(lang: str) -> dict[str, str]:
    """The words of the coded cells of the main job's tables: the roles of a matrix as the
    plans write them (``agencies.matrix.role_word``) and a flag's "yes"."""
    from childprotect.agencies.matrix import Role, role_word

    return {**{r.value: role_word(r).text(lang) for r in Role},
            "yes": Message("yes", context="flag").text(lang)}


def worded(table: Table, lang: str) -> Table:
    """``table`` with its column names in words, and its roles as the plans write them."""
    cols = [i for i, h in enumerate(table.headers) if h in ("role", "unverified")]
    rows = table.rows
    if cols:
        words = _cell_words(lang)
        rows = tuple(tuple(words.get(v, v) if i in cols and isinstance(v, str) else v
                           for i, v in enumerate(r)) for r in rows)
    return Table(column_words(table.headers, lang), rows, title=table.title)


def _unavailable(job: MainJob, part: str, lang: str) -> str:
    why = job.unavailable.get(part)
    return why.text(lang) if why is not None else label("none", lang)


def at_word(lang: str) -> str:
    """The word between an anomaly's kind and where it is (``tại``, ``at``)."""
    return Message("at", context="where").text(lang)


def _heading(text: str) -> str:
    return f"\n{text}\n{'=' * len(text)}"


def render_text(job: MainJob, lang: str = "vi") -> str:
    """The main job as text for a terminal."""
    d = job.plan.document
    t = job_tables(job, lang)
    last = job.latest
    lines = []
    if job.dataset.synthetic:
        lines += ["!" * 4 + " " + label("synthetic", lang) + " " + "!" * 4]
    lines += [
        f"{label('plan', lang)}: {d.number.text.replace('Số:', '').strip()} — "
        f"{d.issuer.name_vi} ({d.period}) [{job.plan.id}]",
        f"  {pick(d.title_vi, d.title_en, lang)}",
        f"{label('as_of', lang)}: {format_date(job.on, lang)}",
        f"{label('data', lang)}: "
        f"{pick(job.dataset.title_vi, job.dataset.title, lang) or job.dataset.source} — "
        f"{', '.join(job.periods)}",
    ]
    if job.root is not None:
        root = job.unit(job.root)
        lines.append("  " + label("reported", lang, r=root.reporting, e=root.expected, p=last))
        lines.append(_heading(label("province", lang, name=pick(root.name_vi, root.name_en, lang),
                                    p=last)))
        lines.append(t["province"].text())
    lines.append(_heading(label("levels", lang)))
    lines.append(t["levels"].text())
    lines.append(_heading(label("communes", lang)))
    lines.append(t["communes"].text())
    if job.not_assessed:
        lines.append(_heading(label("not_assessed", lang)))
        lines.append(t["not_assessed"].text())
    lines.append(_heading(label("holders", lang, on=job.on)))
    lines.append(t["holders"].text() if "holders" in t else
                 f"({_unavailable(job, 'holders', lang)})")
    heading = label("deadlines", lang)
    if job.deadline_headers and job.deadline_headers[0].startswith("due_in_"):
        heading = label("deadlines_last", lang, y=job.plan.document.period.end)
    lines.append(_heading(heading))
    lines.append(t["deadlines"].text() if "deadlines" in t else
                 f"({_unavailable(job, 'deadlines', lang)})")
    lines.append(_heading(label("anomalies", lang)))
    for key in ("plan_anomalies", "data_anomalies"):
        items = job.anomalies if key == "plan_anomalies" else job.data_anomalies
        lines.append(f"{label(key, lang)}: {len(items) or label('none', lang)}")
        for a in items:
            lines.append(f"  - [{a.severity.label(lang)}] {a.kind} {at_word(lang)} {a.where}: "
                         f"{a.explain(lang)}")
    if job.unavailable:
        lines.append(_heading(label("unavailable", lang)))
        lines += [f"  - {k}: {v.text(lang)}" for k, v in sorted(job.unavailable.items())]
    if job.dataset.synthetic:
        lines += ["", "!" * 4 + " " + label("synthetic", lang) + " " + "!" * 4]
    return "\n".join(lines)


def _fraction(value: Fraction | None) -> str | None:
    if value is None:
        return None
    from childprotect.plans.assessment import decimal_text

    return decimal_text(value, 6)


def assessment_json(o: Outcome) -> dict[str, Any]:
    """One outcome as JSON-ready data: exact values as decimal text (rounded to 6 places
    when they do not terminate) and as exact fractions, the counts, the coverage, and the
    explanation in English (``detail``) and Vietnamese (``detail_vi``)."""
    a = o.assessment
    c = a.coverage
    return {"target": o.target_id, "basis": o.basis.value, "status": a.status.value,
            "reason": a.reason.value if a.reason else None,
            "observed": _fraction(a.observed),
            "observed_exact": None if a.observed is None else str(a.observed),
            "level": _fraction(a.level), "goal": None if o.goal is None else str(o.goal),
            "year": a.observed_year, "numerator": a.numerator, "denominator": a.denominator,
            "coverage": None if c is None else {"reporting": c.reporting,
                                                "expected": c.expected, "level": c.level},
            "detail": a.explanation.text("en"), "detail_vi": a.explanation.text("vi")}


def as_json(job: MainJob) -> dict[str, Any]:
    """The main job as JSON-ready data (exact values as decimal strings; explanations in
    English and Vietnamese, so that the JSON is the same in either language)."""
    return {
        "plan": job.plan.id,
        "on": job.on.isoformat(),
        "data": {"title": job.dataset.title, "title_vi": job.dataset.title_vi,
                 "source": job.dataset.source,
                 "synthetic": job.dataset.synthetic, "periods": list(job.periods)},
        "root": job.root,
        "units": [{"code": u.code, "name_vi": u.name_vi, "name_en": u.name_en,
                   "level": u.level, "parent": u.parent, "reporting": u.reporting,
                   "expected": u.expected} for u in job.units],
        "assessments": [{"unit": code, **assessment_json(o)}
                        for code, outs in job.outcomes.items() for o in outs],
        "not_assessed": [{"target": t, "why": w.text("en"), "why_vi": w.text("vi")}
                         for t, w in job.not_assessed],
        "holders": None if job.holders is None else [
            dict(zip(job.holder_headers, r, strict=True)) for r in job.holders],
        "deadlines": None if job.deadlines is None else [
            dict(zip(job.deadline_headers, r, strict=True)) for r in job.deadlines],
        "anomalies": [{"kind": a.kind, "where": a.where, "text": a.text,
                       "explanation": a.explain("en"), "explanation_vi": a.explain("vi"),
                       "severity": a.severity.value}
                      for a in job.anomalies],
        "data_anomalies": [{"kind": a.kind, "where": a.where, "text": a.text,
                            "explanation": a.explain("en"), "explanation_vi": a.explain("vi"),
                       "severity": a.severity.value}
                           for a in job.data_anomalies],
        "unavailable": {k: v.text("en") for k, v in job.unavailable.items()},
        "unavailable_vi": {k: v.text("vi") for k, v in job.unavailable.items()},
    }

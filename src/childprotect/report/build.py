"""Build reports from the library's objects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from childprotect.documents.levels import level_name
from childprotect.i18n import Message, render, templates
from childprotect.plans.plan import Plan, plan_summary, plan_tables
from childprotect.report.model import (
    Bar,
    BarChart,
    Block,
    Bullets,
    MonthCalendar,
    Paragraph,
    Report,
    ReportSection,
)
from childprotect.tables.display import Table

if TYPE_CHECKING:
    from childprotect.mainjob.job import MainJob

__all__ = ["anomaly_table", "attainment_chart", "main_job_report", "plan_report",
           "plan_sections"]

_H: dict[str, Message] = {
    "overview": Message("Plan overview", context="report"),
    "sections": Message("Document structure", context="report"),
    "anomalies": Message("Anomalies in the document", context="report"),
    "targets": Message("Targets", context="report"),
    "matrix": Message("Responsibility matrix", context="report"),
    "duties": Message("Reporting duties", context="report"),
    "none": Message("None.", context="report"),
    "kind": Message("kind", context="report"),
    "where": Message("where", context="report"),
    "text": Message("verbatim text", context="report"),
    "explanation": Message("explanation", context="report"),
    "severity": Message("severity", context="report"),
}


def heading(key: str, lang: str) -> str:
    """An interface heading in ``lang`` (``vi`` or ``en``)."""
    return _H[key].text(lang)





def anomaly_table(plan: Plan, lang: str = "vi") -> Table:
    """The plan's anomalies (``childprotect.check``) as a table."""
    from childprotect.formats import catalog
    from childprotect.plans.checks import check

    h = templates(_H, lang)
    return Table(
        (h["kind"], h["where"], h["text"], h["explanation"], h["severity"]),
        [(a.kind, a.where, a.shown(lang).strip(), a.explain(lang), a.severity.label(lang))
         for a in check(plan, national=catalog.load_bundled)],
    )


def _unavailable(job: MainJob, part: str, lang: str) -> str:
    why = job.unavailable.get(part)
    return why.text(lang) if why is not None else heading("none", lang)


def _or_none(t: Table, lang: str) -> Block:
    return t if t.rows else Paragraph(heading("none", lang))


def plan_sections(plan: Plan, lang: str = "vi") -> list[ReportSection]:
    """The sections every plan report has: overview, anomalies, structure, parts."""
    tables = plan_tables(plan)
    out = [
        ReportSection("overview", heading("overview", lang), [plan_summary(plan)]),
        ReportSection("anomalies", heading("anomalies", lang),
                      [_or_none(anomaly_table(plan, lang), lang)]),
    ]
    for part in ("targets", "matrix", "duties", "sections"):
        out.append(ReportSection(part, heading(part, lang), [_or_none(tables[part], lang)]))
    return out


def plan_report(plan: Plan, *, on: dt.date | None = None, lang: str = "vi",
                extra: Sequence[ReportSection] = ()) -> Report:
    """A report on one plan: its document, anomalies and parts, plus ``extra`` sections."""
    d = plan.document
    title = f"{d.number.text.replace('Số:', '').strip()} — {d.issuer.name_vi}"
    subtitle = d.title_vi if lang == "vi" else (d.title_en or d.title_vi)
    return Report(title, [*extra, *plan_sections(plan, lang)], subtitle=subtitle, on=on,
                  lang=lang)


# --- the main job --------------------------------------------------------------------------

_MAIN: dict[str, Message] = {
    "summary": Message("Summary", context="report"),
    "charts": Message("Target attainment by unit", context="report"),
    "province": Message("Targets at the level of {name}", context="report"),
    "levels": Message("Every level", context="report"),
    "behind": Message("Units behind target", context="report"),
    "behind_note": Message(
        "For each target, the units that have not met it or are off track, the largest "
        "shortfall against the target's level first.",
        context="report"),
    "communes": Message("Commune level", context="report"),
    "holders": Message("Who holds each target ({on})", context="report"),
    "matrix": Message("Responsibility matrix", context="main job"),
    "deadlines": Message("Reporting deadline calendar", context="report"),
    "anomalies": Message("Anomalies", context="report"),
    "units": Message("Units and data completeness", context="report"),
    "unavailable": Message("Parts not available", context="report"),
    "chart_note": Message(
        "Bar = observed value against the target (dark mark = target); colour = status. "
        "For a target that wants a decrease, a bar short of the mark is good.",
        context="report"),
    "data_anomalies": Message("Anomalies in the data", context="report"),
    "plan_anomalies": Message("Anomalies in the plan's text", context="report"),
}


def _dec(value: Fraction | None) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.000001"))


def attainment_chart(job: MainJob, code: str, lang: str = "vi") -> BarChart:
    """The target-attainment chart of one unit (one bar per assessed target)."""
    from childprotect.i18n import pick
    from childprotect.mainjob.tables import observed_text
    from childprotect.plans.explain import quantity

    u = job.unit(code)
    bars = []
    for o in job.outcomes.get(code, ()):
        t = job.plan.target(o.target_id)
        level = _dec(o.level)
        bars.append(Bar(o.target_id, _dec(o.observed), level, o.status.value,
                        unit=o.unit_symbol, note=o.assessment.explanation.text(lang),
                        lower_is_better=t.direction.value == "decrease",
                        value_text=observed_text(job, o, lang),
                        target_text=None if level is None else quantity(
                            o.assessment.unit, level.normalize()).text(lang)))
    return BarChart(f"{pick(u.name_vi, u.name_en, lang)} ({u.code})", bars)


def main_job_report(job: MainJob, lang: str = "vi") -> Report:
    """The main job as a report: charts per unit, every level, who holds what, the
    deadline calendar, the anomalies, and the plan itself."""
    from childprotect.i18n import pick
    from childprotect.i18n.formatting import format_date
    from childprotect.mainjob.tables import column_words, job_tables, label, worded

    h = templates(_MAIN, lang)
    tables = job_tables(job, lang, wording=True)
    d = job.plan.document
    summary: list[Block] = []
    if job.dataset.synthetic:
        summary.append(Paragraph("⚠ " + label("synthetic", lang)))
    summary.append(Paragraph(
        f"{label('data', lang)}: "
        f"{pick(job.dataset.title_vi, job.dataset.title, lang) or job.dataset.source} — "
        f"{', '.join(job.periods)}."))
    if job.root is not None:
        root = job.unit(job.root)
        summary.append(Paragraph(label("reported", lang, r=root.reporting, e=root.expected,
                                       p=job.latest) + "."))
        counts = job.counts(job.root)
        summary.append(Bullets([f"{s.label(lang)}: {n}" for s, n in counts.items() if n]))
    sections = [ReportSection("summary", h["summary"], summary)]
    if "province" in tables and job.root is not None:
        top = job.unit(job.root)
        sections.append(ReportSection("province", h["province"].format(
            name=pick(top.name_vi, top.name_en, lang)), [tables["province"]]))
    behind = behind_table(job, lang)
    sections.append(ReportSection("behind", h["behind"], [
        Paragraph(h["behind_note"]), behind if behind.rows
        else Paragraph(heading("none", lang))]))
    charts: list[Block] = [Paragraph(h["chart_note"])]
    charts += [attainment_chart(job, u.code, lang) for u in job.units
               if u.depth <= 1 and job.outcomes.get(u.code)]
    sections.append(ReportSection("charts", h["charts"], charts))
    sections.append(ReportSection("levels", h["levels"], [tables["levels"]]))
    sections.append(ReportSection("communes", h["communes"], [tables["communes"]]))
    if job.not_assessed:
        sections.append(ReportSection("not-assessed", label("not_assessed", lang),
                                      [tables["not_assessed"]]))
    sections.append(ReportSection(
        "holders", h["holders"].format(on=format_date(job.on, lang)),
        [tables["holders"]] if "holders" in tables
        else [Paragraph(_unavailable(job, "holders", lang))]))
    matrix = _matrix_table(job)
    if matrix is not None:
        sections.append(ReportSection("matrix", h["matrix"], [worded(matrix, lang)]))
    sections.append(ReportSection(
        "deadlines", h["deadlines"],
        [*_calendars(job), tables["deadlines"]] if "deadlines" in tables
        else [Paragraph(_unavailable(job, "deadlines", lang))]))
    sections.append(ReportSection("anomalies", h["anomalies"], [
        tables["plan_anomalies"] if tables["plan_anomalies"].rows
        else Paragraph(heading("none", lang)),
        tables["data_anomalies"] if tables["data_anomalies"].rows
        else Paragraph(heading("none", lang))]))
    units = Table(column_words(("code", "name", "level", "parent", "reporting"), lang),
                  [(u.code, pick(u.name_vi, u.name_en, lang), render(level_name(u.level), lang),
                    u.parent or "",
                    f"{u.reporting}/{u.expected}") for u in job.units])
    sections.append(ReportSection("units", h["units"], [units]))
    if job.unavailable:
        sections.append(ReportSection("unavailable", h["unavailable"], [
            Bullets([f"{k}: {v}" for k, v in sorted(job.unavailable.items())])]))
    notes = [label("synthetic", lang)] if job.dataset.synthetic else []
    title = f"{d.number.text.replace('Số:', '').strip()} — {d.issuer.name_vi}"
    subtitle = pick(d.title_vi, d.title_en, lang)
    return Report(title, sections, subtitle=subtitle, on=job.on, lang=lang, notes=notes)


def _calendars(job: MainJob) -> list[Block]:
    """A month grid for each month with a deadline, the deadlines marked by duty id."""
    by_month: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for row in job.deadlines or ():
        try:
            day = dt.date.fromisoformat(row[0])
        except ValueError:  # an undated duty
            continue
        by_month.setdefault((day.year, day.month), []).append((day.day, row[2]))
    return [MonthCalendar(y, m, marks) for (y, m), marks in sorted(by_month.items())]


def _matrix_table(job: MainJob) -> Table | None:
    """The plan's whole responsibility matrix, resolved to the job's day."""
    if not job.plan.matrix:
        return None
    try:
        from childprotect.agencies.grid import rows
    except ImportError:
        return None
    data = rows(job.plan, job.on)
    return Table(("item", "role", "named_in_plan", "holder", "unverified"),
                 [(r["item"], r["role"], r.get("named_in_plan", ""), r["agency"],
                   "yes" if r.get("unverified") else "") for r in data])


def behind_table(job: MainJob, lang: str = "vi") -> Table:
    """The units behind each target (not met, off track), the worst first: the largest
    shortfall relative to the target's level."""
    from childprotect.i18n import pick
    from childprotect.mainjob.tables import (
        column_words,
        coverage_text,
        goal_text,
        label,
        observed_text,
    )
    from childprotect.report.workbook import units_behind

    rows = []
    for u, o in units_behind(job):
        rows.append((o.target_id, u.code, pick(u.name_vi, u.name_en, lang),
                     observed_text(job, o, lang), goal_text(job, o, lang),
                     coverage_text(o, lang), o.status.label(lang)))
    return Table((label("target", lang), label("code", lang), label("unit", lang),
                  label("observed", lang), label("goal", lang),
                  column_words(("reporting",), lang)[0], label("status", lang)), rows)

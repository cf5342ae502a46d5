"""The main job as an ``.xlsx`` workbook people act on.

Sheets: *Chưa đạt* (the units behind each target, worst first: the largest shortfall
relative to the target's level), *Đánh giá* (every target at every unit, statuses in
words on their colour, observed and target values as numbers with their exact value, the
coverage behind each), one sheet per level of each period's rollup, and *Bất thường* (the
anomalies of the plan and of the data). Every column has its machine code under the
headings; sheet names and codes are the same in both languages.
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from childprotect.documents.levels import level_name
from childprotect.formats.tabular.results import anomalies_sheet, rollup_sheets, status_styles
from childprotect.formats.tabular.workbook import (
    ColumnKind,
    ColumnSpec,
    SheetSpec,
    write_workbook,
)
from childprotect.i18n import Message, pick, render
from childprotect.plans.status import Status

if TYPE_CHECKING:
    from childprotect.mainjob.job import MainJob, Outcome, UnitRow

__all__ = ["BEHIND", "job_sheets", "shortfall", "units_behind", "write_job_workbook"]

#: The statuses of a unit behind its target.
BEHIND = (Status.NOT_MET, Status.OFF_TRACK)


def _columns(lang: str) -> list[ColumnSpec]:
    return [
        ColumnSpec(pick("Mã", "Code", lang), ColumnKind.CODE, code="unit"),
        ColumnSpec(pick("Tên đơn vị", "Unit", lang), code="name", width=24),
        ColumnSpec(pick("Cấp", "Level", lang), code="level"),
        ColumnSpec(pick("Chỉ tiêu", "Target", lang), ColumnKind.CODE, code="target"),
        ColumnSpec(pick("Nội dung chỉ tiêu", "Target text", lang), code="target_text",
                   width=60),
        ColumnSpec(pick("Tình trạng", "Status", lang), ColumnKind.STATUS, code="status"),
        # shown with all their digits: 0,0098% must not read as 0,01% beside "< 0,01%"
        ColumnSpec(pick("Kết quả", "Observed", lang), ColumnKind.NUMBER, code="observed",
                   exact=True, places=None),
        ColumnSpec(pick("Mức chỉ tiêu", "Target level", lang), ColumnKind.NUMBER,
                   code="level_target", exact=True, places=None),
        ColumnSpec(pick("Chênh lệch", "Gap", lang), ColumnKind.NUMBER, code="gap",
                   places=None),
        ColumnSpec(pick("Đơn vị tính", "Unit of measure", lang), code="unit_symbol"),
        ColumnSpec(pick("Năm số liệu", "Data year", lang), ColumnKind.INTEGER, code="year"),
        ColumnSpec(pick("Số đơn vị có số liệu", "Units reporting", lang), ColumnKind.INTEGER,
                   code="coverage_reporting"),
        ColumnSpec(pick("Số đơn vị phải báo cáo", "Units expected", lang), ColumnKind.INTEGER,
                   code="coverage_expected"),
        ColumnSpec(pick("Giải thích", "Explanation", lang), code="detail", width=70),
    ]


def _row(job: MainJob, u: UnitRow, o: Outcome, lang: str) -> tuple[object, ...]:
    t = job.plan.target(o.target_id)
    a = o.assessment
    c = o.coverage
    return (u.code, u.name_vi, render(level_name(u.level), lang), o.target_id,
            pick(t.text_vi, t.text_en, lang),
            o.status.value, o.observed, o.level, a.gap, o.unit_symbol or None, o.year,
            c.reporting if c else None, c.expected if c else None,
            a.explanation.text(lang))


def shortfall(o: Outcome) -> Fraction:
    """How far behind ``o`` is, relative to its target's level (larger: worse)."""
    gap, level = o.assessment.gap, o.level
    if gap is None:
        return Fraction(0)
    return abs(gap) / abs(level) if level else abs(gap)


def units_behind(job: MainJob) -> list[tuple[UnitRow, Outcome]]:
    """The units behind each target (not met, off track): target by target in the plan's
    order, the largest shortfall relative to the target's level first."""
    order = {t.id: i for i, t in enumerate(job.plan.targets)}
    found = [(u, o) for u in job.units for o in job.outcomes.get(u.code, ())
             if o.status in BEHIND]
    found.sort(key=lambda p: (order.get(p[1].target_id, len(order)), -shortfall(p[1]),
                              p[0].code))
    return found


def job_sheets(job: MainJob, lang: str = "vi") -> list[SheetSpec]:
    """The sheets of the main job's workbook (see the module's description)."""
    from childprotect.mainjob.tables import label

    cols = _columns(lang)
    styles = status_styles(lang)
    pairs = [(u, o) for u in job.units for o in job.outcomes.get(u.code, ())]
    title = f"{job.plan.id}: {job.plan.document.title_vi}"
    notes = [Message("As of {day}; data {periods}", day=job.on,
                     periods=", ".join(job.periods)).text(lang)]
    if job.dataset.synthetic:
        notes.append(label("synthetic", lang))
    behind_note = Message("Units behind each target, the largest shortfall first").text(lang)
    sheets = [
        SheetSpec("Chưa đạt", cols, [_row(job, u, o, lang) for u, o in units_behind(job)],
                  title=title, notes=[*notes, behind_note], statuses=styles, codes=True,
                  frozen_columns=2, lang=lang),
        SheetSpec("Đánh giá", cols, [_row(job, u, o, lang) for u, o in pairs], title=title,
                  notes=notes, statuses=styles, codes=True, frozen_columns=2, lang=lang),
    ]
    periods = [(job.rollups[p], None) for p in job.periods if p in job.rollups]
    if periods:
        sheets += rollup_sheets(periods, with_anomalies=False, lang=lang)
    sheets.append(anomalies_sheet([*job.anomalies, *job.data_anomalies], lang=lang))
    return sheets


def write_job_workbook(job: MainJob, path: str | os.PathLike[str], lang: str = "vi") -> Path:
    """Write :func:`job_sheets` to ``path`` (``.xlsx``); return the path."""
    return write_workbook(path, job_sheets(job, lang))

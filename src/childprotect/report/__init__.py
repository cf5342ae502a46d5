"""Self-contained HTML reports: tables, target-attainment charts, the responsibility matrix
and the deadline calendar in one file that opens in any browser without a network.

>>> from childprotect.formats import catalog
>>> from childprotect.report import plan_report, render_html
>>> page = render_html(plan_report(catalog.load("hong-ngu-2020"), lang="en"))
>>> page.startswith("<!DOCTYPE html>") and "date.impossible" in page
True
"""

from __future__ import annotations

from childprotect.report.build import attainment_chart, main_job_report, plan_report
from childprotect.report.html import render_html, write_html
from childprotect.report.model import (
    Bar,
    BarChart,
    Bullets,
    MonthCalendar,
    Paragraph,
    Report,
    ReportSection,
)

__all__ = [
    "Bar",
    "BarChart",
    "Bullets",
    "MonthCalendar",
    "Paragraph",
    "Report",
    "ReportSection",
    "attainment_chart",
    "main_job_report",
    "plan_report",
    "render_html",
    "write_html",
]

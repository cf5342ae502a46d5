"""Write a :class:`~childprotect.report.model.Report` as one self-contained HTML page.

Inline CSS and inline SVG only: no script, no font, no image or style sheet fetched from
anywhere, so the file opens in any browser without a network. Every text is escaped.

>>> from childprotect.report.model import Paragraph, Report, ReportSection
>>> page = render_html(Report("Báo cáo <1>", [ReportSection("s1", "Phần 1", [Paragraph("a&b")])]))
>>> "<title>Báo cáo &lt;1&gt;</title>" in page and "<p>a&amp;b</p>" in page
True
>>> "<script" in page or "http://" in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
False
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from childprotect import __version__
from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.i18n.formatting import format_date
from childprotect.i18n.oserrors import os_reason
from childprotect.plans.status import Status
from childprotect.report.model import (
    STATUSES,
    BarChart,
    Block,
    Bullets,
    MonthCalendar,
    Paragraph,
    Report,
)
from childprotect.report.svg import COLOURS, bar_chart_svg
from childprotect.tables.display import Table, html_table

__all__ = ["CSS", "LABELS", "render_html", "write_html"]

#: Interface labels in each language (the domain labels come from the data).
LABELS: dict[str, Message] = {
    "contents": Message("Contents", context="report"),
    "on": Message("As of", context="report"),
    "legend": Message("Legend", context="report"),
    "target": Message("target", context="report"),
    "generated": Message("Written by childprotect", context="report"),
    "weekdays": Message("Mon Tue Wed Thu Fri Sat Sun", context="report"),
}

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;
margin:0 auto;max-width:1100px;padding:1.5rem;color:#212121;line-height:1.45}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.25rem;margin-top:2rem;
border-bottom:2px solid #e0e0e0;padding-bottom:.2rem}
.subtitle{color:#555;margin:0 0 .5rem}.meta{color:#555;font-size:.9rem}
nav ol{columns:2;font-size:.95rem}
table.cp-table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem;width:100%}
table.cp-table caption{text-align:left;font-weight:600;padding:.3rem 0}
table.cp-table th,table.cp-table td{border:1px solid #ddd;padding:.3rem .5rem;
text-align:left;vertical-align:top}
table.cp-table th{background:#f5f5f5}table.cp-table td.num{text-align:right;
font-variant-numeric:tabular-nums}
table.cp-table tr:nth-child(even) td{background:#fafafa}
svg.chart{display:block;margin:.8rem 0;max-width:100%;height:auto}
svg .chart-title{font-weight:600;font-size:14px}svg .label,svg .value{font-size:12px}
svg .muted{fill:#666;font-size:11px}
.legend span{display:inline-block;margin-right:1rem;font-size:.85rem}
.legend i{display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;
vertical-align:-2px}
.scroll{overflow-x:auto;max-width:100%}
table.cal{border-collapse:collapse;display:inline-table;margin:0 1rem 1rem 0;
font-size:.8rem;vertical-align:top}table.cal caption{font-weight:600;text-align:left}
table.cal th,table.cal td{border:1px solid #ddd;width:5.2rem;height:2.6rem;
vertical-align:top;padding:.15rem}table.cal td.weekend{background:#f3f3f3}
table.cal td.due{background:#fff3cd;border:2px solid #e0a800}table.cal td div{font-size:.7rem}
footer{margin-top:2rem;color:#777;font-size:.8rem}
table.cp-table tr:nth-child(n) td.st{border-left:5px solid var(--st);
background:color-mix(in srgb,var(--st) 14%,#fff)}
@page{size:A4;margin:14mm 12mm}
@media print{body{max-width:none;padding:0;font-size:10pt}nav{display:none}
h2{break-after:avoid}svg.chart{break-inside:avoid}.scroll{overflow:visible}
table.cp-table{font-size:8.5pt}tr{break-inside:avoid}thead{display:table-header-group}
a{color:inherit;text-decoration:none}.legend{break-inside:avoid}}
"""


def _block(block: Block, labels: dict[str, str]) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, Table):
        table = html_table(block.headers, block.rows, caption=block.title)
        for status in STATUSES:  # a status in words, on its colour
            word = escape(labels[status])
            table = table.replace(f"<td>{word}</td>", f'<td class="st" style="--st:'
                                  f'{COLOURS[status]}">{word}</td>')
        return '<div class="scroll">' + table + "</div>"
    if isinstance(block, BarChart):
        return bar_chart_svg(block, target_label=labels["target"], status_labels=labels)
    if isinstance(block, MonthCalendar):
        return _month(block, labels)
    raise TypeError(f"not a report block: {type(block).__name__}")


def _month(cal: MonthCalendar, labels: dict[str, str]) -> str:
    import calendar as _cal

    marks: dict[int, list[str]] = {}
    for day, text in cal.marks:
        marks.setdefault(day, []).append(text)
    head = "".join(f"<th>{escape(d)}</th>" for d in labels["weekdays"].split())
    out = [f'<table class="cal"><caption>{cal.year}-{cal.month:02d}</caption>'
           f"<thead><tr>{head}</tr></thead><tbody>"]
    for week in _cal.Calendar(firstweekday=0).monthdayscalendar(cal.year, cal.month):
        cells = []
        for i, day in enumerate(week):
            if day == 0:
                cells.append("<td></td>")
                continue
            cls = ["weekend"] if i >= 5 else []
            if day in marks:
                cls.append("due")
            attr = f' class="{" ".join(cls)}"' if cls else ""
            items = "".join(f"<div>{escape(t)}</div>" for t in marks.get(day, ()))
            cells.append(f"<td{attr}><b>{day}</b>{items}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _coloured(block: Block, labels: dict[str, str]) -> bool:
    """Whether ``block`` shows statuses in colour: a chart, or a table with a status."""
    if isinstance(block, BarChart):
        return True
    words = {labels[st] for st in STATUSES}
    return isinstance(block, Table) and any(not words.isdisjoint(r) for r in block.rows)


def _legend(labels: dict[str, str]) -> str:
    items = "".join(f'<span><i style="background:{COLOURS[s]}"></i>{escape(labels[s])}</span>'
                    for s in STATUSES)
    return f'<p class="legend"><strong>{escape(labels["legend"])}:</strong> {items}</p>'


def render_html(report: Report) -> str:
    """The report as a complete HTML document."""
    labels = {**{k: m.text(report.lang) for k, m in LABELS.items()},
              **{s.value: s.label(report.lang) for s in Status}}
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(report.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(report.title)}</h1>",
    ]
    if report.subtitle:
        out.append(f'<p class="subtitle">{escape(report.subtitle)}</p>')
    if report.on is not None:
        out.append(f'<p class="meta">{escape(labels["on"])}: '
                   f'{escape(format_date(report.on, report.lang))}</p>')
    out.append("</header>")
    if len(report.sections) > 1:
        out.append(f'<nav><strong>{escape(labels["contents"])}</strong><ol>')
        out += [f'<li><a href="#{escape(s.id)}">{escape(s.heading)}</a></li>'
                for s in report.sections]
        out.append("</ol></nav>")
    for s in report.sections:
        out.append(f'<section id="{escape(s.id)}">')
        out.append(f"<h2>{escape(s.heading)}</h2>")
        if any(_coloured(b, labels) for b in s.blocks):
            out.append(_legend(labels))  # the colours explained before they are used
        out += [_block(b, labels) for b in s.blocks]
        out.append("</section>")
    out.append("<footer>")
    out += [f"<p>{escape(n)}</p>" for n in report.notes]
    out.append(f"<p>{escape(labels['generated'])} {escape(__version__)}</p>")
    out.append("</footer>")
    out.append("</body>")
    out.append("</html>")
    return "\n".join(out) + "\n"


def write_html(report: Report, path: str | Path) -> Path:
    """Write the report to ``path`` (UTF-8) and return the path; a file that cannot be
    written is an error naming it and why."""
    p = Path(path)
    text = render_html(report)
    try:
        p.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ValidationError(Message("cannot write {path}: {strerror}", path=str(p),
                                      strerror=os_reason(exc))) from None
    return p

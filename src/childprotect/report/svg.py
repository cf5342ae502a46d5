"""Inline SVG charts written by the library (no plotting package, no script).

A target-attainment chart draws one bar per target: the observed value as a share of the
target value, so targets in different units (percent, per 1,000, counts) sit on one
axis. The target is the dark mark; the bar's colour is the assessment's status. Values
are exact until here: floats appear only as drawing coordinates.

>>> from decimal import Decimal
>>> from childprotect.report.model import Bar, BarChart
>>> svg = bar_chart_svg(BarChart("Huế", [Bar("CT6 <x>", Decimal("1.2"), Decimal("1.5"), "met")]))
>>> svg.startswith("<svg") and "CT6 &lt;x&gt;" in svg and 'class="bar met"' in svg
True
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from childprotect.report.model import Bar, BarChart

__all__ = ["COLOURS", "bar_chart_svg", "bar_geometry"]

#: Fill colour of each status (also used by the HTML legend).
COLOURS = {
    "met": "#2e7d32",
    "not_met": "#c62828",
    "on_track": "#66bb6a",
    "off_track": "#ef6c00",
    "no_data": "#9e9e9e",
    "insufficient_data": "#8d6e63",
    "not_assessable": "#bdbdbd",
}

_W = 900
_LABEL_W = 170
_PLOT_W = 340
_ROW_H = 26
_TOP = 34
_TARGET_AT = Decimal(2) / Decimal(3)  # the target mark sits at 2/3 of the plot width


def bar_geometry(bar: Bar) -> tuple[float, float | None]:
    """(bar width, target mark x) in plot units, 0 … plot width; no mark without a target.

    >>> bar_geometry(Bar("a", Decimal("1.5"), Decimal("1.5"), "met"))
    (226.667, 226.667)
    >>> bar_geometry(Bar("a", Decimal("9"), Decimal("1"), "not_met"))[0]  # clipped
    340.0
    """
    full = Decimal(_PLOT_W)
    if bar.value is None:
        return 0.0, _mark(bar)
    if bar.target is None or bar.target == 0:
        width = full if bar.value > 0 else Decimal(0)
    else:
        width = bar.value / bar.target * full * _TARGET_AT
    width = max(Decimal(0), min(full, width))
    return round(float(width), 3), _mark(bar)


def _mark(bar: Bar) -> float | None:
    if bar.target is None or bar.target == 0:
        return None
    return round(float(Decimal(_PLOT_W) * _TARGET_AT), 3)


def _fmt(value: Decimal | None, unit: str) -> str:
    """A value for people: two decimals (four for small values), no trailing zeros.

    >>> _fmt(Decimal("55.855856"), "%"), _fmt(Decimal("0.005000"), "%"), _fmt(None, "%")
    ('55.86%', '0.005%', '—')
    """
    if value is None:
        return "—"
    places = Decimal("0.01") if abs(value) >= 1 or value == 0 else Decimal("0.0001")
    q = value.quantize(places)
    text = format(q.normalize(), "f") if q != 0 else "0"
    return f"{text}{unit}"


def _short(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def bar_chart_svg(chart: BarChart, *, target_label: str = "target",
                  status_labels: dict[str, str] | None = None) -> str:
    """The chart as an ``<svg>`` element (escaped text, fixed size, no external refs).

    ``status_labels`` gives the words shown for each status (default: the status ids).
    """
    words = status_labels or {}
    rows = chart.bars
    height = _TOP + _ROW_H * max(1, len(rows)) + 24
    x0 = _LABEL_W
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{_W}" '
        f'height="{height}" viewBox="0 0 {_W} {height}" aria-label="{escape(chart.title)}">',
        f"<title>{escape(chart.title)}</title>",
        f'<text x="0" y="18" class="chart-title">{escape(_short(chart.title, 90))}</text>',
    ]
    mark_x = x0 + float(Decimal(_PLOT_W) * _TARGET_AT)
    if not rows:
        out.append(f'<text x="{x0}" y="{_TOP + 16}" class="muted">—</text>')
    for i, bar in enumerate(rows):
        y = _TOP + i * _ROW_H
        width, mark = bar_geometry(bar)
        value_text = (f"{bar.value_text or _fmt(bar.value, bar.unit)} / "
                      f"{bar.target_text or _fmt(bar.target, bar.unit)}")
        title = f"{bar.label}: {value_text}"
        if bar.note:
            title += f" — {bar.note}"
        out.append(f'<g class="row"><title>{escape(title)}</title>')
        out.append(f'<text x="{x0 - 8}" y="{y + 17}" text-anchor="end" class="label">'
                   f"{escape(_short(bar.label))}</text>")
        out.append(f'<rect x="{x0}" y="{y + 4}" width="{_PLOT_W}" height="{_ROW_H - 8}" '
                   'class="track" fill="#f1f1f1"/>')
        out.append(f'<rect x="{x0}" y="{y + 4}" width="{width}" height="{_ROW_H - 8}" '
                   f'class="bar {escape(bar.status)}" fill="{COLOURS[bar.status]}"/>')
        if mark is not None:
            out.append(f'<line x1="{x0 + mark}" y1="{y + 1}" x2="{x0 + mark}" '
                       f'y2="{y + _ROW_H - 1}" class="target" stroke="#212121" stroke-width="2"/>')
        out.append(f'<text x="{x0 + _PLOT_W + 8}" y="{y + 17}" class="value">'
                   f"{escape(value_text)} · {escape(words.get(bar.status, bar.status))}</text>")
        out.append("</g>")
    foot = _TOP + _ROW_H * max(1, len(rows)) + 16
    out.append(f'<text x="{mark_x}" y="{foot}" text-anchor="middle" class="muted">'
               f"▲ {escape(target_label)}</text>")
    out.append("</svg>")
    return "\n".join(out)

"""HTML reports: self-contained, escaped, charts drawn from exact values, and rendered by a
real browser (headless Chromium: Debian's ``chromium``, installed by ``.ci/run``)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import warnings
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.errors import ValidationError
from childprotect.formats import catalog
from childprotect.report import (
    Bar,
    BarChart,
    Bullets,
    Paragraph,
    Report,
    ReportSection,
    plan_report,
    render_html,
    write_html,
)
from childprotect.report.svg import COLOURS, bar_geometry
from childprotect.tables.display import Table
from tests.paths import ROOT
from tests.pngpixels import colour_counts

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.external.append(value)


def _sample_report() -> Report:
    chart = BarChart("Thừa Thiên Huế <tỉnh>", [
        Bar("CT6", Decimal("1.2"), Decimal("1.5"), "met", unit="%", lower_is_better=True),
        Bar("CT7", Decimal("3"), Decimal("2"), "not_met", unit="%"),
        Bar("CT8", None, Decimal("90"), "no_data", unit="%"),
    ])
    return plan_report(catalog.load("hong-ngu-2020"), lang="en",
                       extra=[ReportSection("charts", "Target attainment", [chart])])


def test_report_is_self_contained_and_escaped(tmp_path: Path) -> None:
    page = render_html(_sample_report())
    assert write_html(_sample_report(), tmp_path / "r.html").read_text("utf-8") == page
    parser = _Structure()
    parser.feed(page)
    assert parser.external == []  # no link, image, script or style sheet to fetch
    assert "script" not in parser.tags and "link" not in parser.tags
    assert {"svg", "table", "rect", "nav"} <= set(parser.tags)
    assert "Thừa Thiên Huế &lt;tỉnh&gt;" in page
    assert "date.impossible" in page  # the plan's anomalies are in it


@given(st.text(max_size=30), st.text(max_size=30), st.text(max_size=30))
def test_any_text_is_escaped(title: str, heading: str, text: str) -> None:
    report = Report(title, [ReportSection("s", heading, [
        Paragraph(text), Bullets([text]), Table(("h",), [(text,)]),
        BarChart(text, [Bar(text, Decimal(1), Decimal(2), "met", note=text)])])])
    parser = _Structure()
    parser.feed(render_html(report))
    assert parser.external == []
    assert set(parser.tags) <= {"html", "head", "meta", "title", "style", "body", "header",
                                "h1", "section", "h2", "p", "ul", "li", "table", "thead",
                                "tbody", "tr", "th", "td", "svg", "text", "g", "rect",
                                "line", "footer", "strong", "span", "i", "caption", "div"}


@given(st.decimals(0, 10**6, places=3), st.decimals(Decimal("0.001"), 10**6, places=3))
def test_bar_length_follows_the_value_to_target_ratio(value: Decimal, target: Decimal) -> None:
    width, mark = bar_geometry(Bar("x", value, target, "met"))
    assert mark is not None and 0 <= width <= 380
    if value < target:
        assert width <= mark
    elif value > target:
        assert width >= mark
    else:
        assert width == mark


def test_bar_status_must_be_known_and_sections_unique() -> None:
    with pytest.raises(ValidationError, match="status"):
        Bar("x", None, None, "great")
    s = ReportSection("a", "A", [])
    with pytest.raises(ValidationError, match="duplicate report section id 'a'"):
        Report("t", [s, s])


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run_chromium(exe: str, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={tmp / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)


def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    """The report the command line writes for the example data, opened in a real browser."""
    import datetime as dt

    from childprotect.cli import main
    from childprotect.mainjob.job import DEMO_PLAN, read_dataset, run

    data = ROOT / "examples" / "data" / "hue-synthetic.json"
    path = tmp_path / "report.html"
    assert main(["report", DEMO_PLAN, str(data), "--on", "2026-11-23", "--out", str(path)]) == 0
    job = run(catalog.load(DEMO_PLAN), read_dataset(data), on=dt.date(2026, 11, 23))
    # a chart for each unit of the top two levels where targets apply (Huế's: the province)
    charted = [u.code for u in job.units if u.depth <= 1 and job.outcomes[u.code]]
    bars = sum(len(job.outcomes[c]) for c in charted)
    exe = _chromium()
    if exe is None:
        assert os.environ.get("CI") != "true", (
            "CI must have Debian's chromium (.ci/run installs it) to render the report")
        warnings.warn("chromium is not installed: only the HTML structure was checked "
                      "(apt-get install chromium to render the report)", stacklevel=1)
        parser = _Structure()
        parser.feed(path.read_text("utf-8"))
        assert parser.tags.count("svg") == len(charted) and "table" in parser.tags
        return
    url = path.resolve().as_uri()
    dom = _run_chromium(exe, tmp_path, "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert len(re.findall(r"<svg\b", dom.stdout)) == len(charted)
    assert len(re.findall(r'<rect [^>]*class="bar ', dom.stdout)) == bars
    assert len(re.findall(r"<table\b", dom.stdout)) >= 6
    assert "Sở Y tế" in dom.stdout  # the responsibility matrix resolved to the day
    # what was drawn: the top-level targets table (header background, borders) and the
    # top-level chart's status colours, in a half-scale screenshot of the page's top 8000
    # CSS pixels
    shot = tmp_path / "report.png"
    res = _run_chromium(exe, tmp_path, f"--screenshot={shot}", "--window-size=1000,8000",
                        "--force-device-scale-factor=0.5", url)
    assert res.returncode == 0 and shot.exists(), res.stderr[-2000:]
    colours = colour_counts(shot.read_bytes())
    assert colours["#f5f5f5"] > 1000, "no table header was drawn"
    assert colours["#dddddd"] > 500, "no table borders were drawn"
    for status in {o.status for o in job.outcomes[job.root or ""] if o.observed}:
        assert colours[COLOURS[status.value]] > 100, f"no {status.value} bar was drawn"


def test_month_calendar_marks_the_due_days() -> None:
    from childprotect.report import MonthCalendar

    cal = MonthCalendar(2025, 11, [(24, "III.13-a"), (30, "x <y>")])
    page = render_html(Report("t", [ReportSection("c", "C", [cal])], lang="en"))
    assert '<td class="due"><b>24</b><div>III.13-a</div></td>' in page  # a Monday
    assert '<td class="weekend due"><b>30</b><div>x &lt;y&gt;</div></td>' in page  # a Sunday
    assert page.count("<td") - page.count("<td></td>") == 30
    with pytest.raises(ValidationError, match="day 29 is not in 2025-02"):
        MonthCalendar(2025, 2, [(29, "x")])

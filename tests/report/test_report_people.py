"""The HTML report people act on: the units behind each target worst first, statuses in
colour with a legend, amounts and dates as Vietnamese readers write them, whole target
texts, column names in words, chart labels inside the chart, and A4 printing."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from childprotect.formats import catalog
from childprotect.mainjob.dataset import read_dataset
from childprotect.mainjob.job import run
from childprotect.report import main_job_report, render_html
from childprotect.report.build import behind_table
from childprotect.report.svg import _LABEL_W, _PLOT_W, _W
from childprotect.units.national_list import national

DAY = dt.date(2020, 12, 31)


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> object:
    """Hồng Ngự's plan on made-up counts of its ten communes in 2020 (fund raised of
    15–25 million đồng each against a quota of 20 million)."""
    rnd = random.Random(5)
    lines = ["unit,period,children,children_special_circumstances,"
             "children_special_circumstances_assisted,child_fund_raised"]
    for code in national().on(DAY).within(["870"]).reporting_units():
        ch, sp = rnd.randint(1500, 3000), rnd.randint(20, 60)
        lines.append(f"{code},2020,{ch},{sp},{sp - rnd.randint(0, 5)},"
                     f"{rnd.randint(15, 25) * 1_000_000}")
    path = tmp_path_factory.mktemp("hn") / "hong-ngu-2020.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return run(catalog.load("hong-ngu-2020"), read_dataset(path), on=DAY)


def test_units_behind_target_come_worst_first(job: object) -> None:
    t = behind_table(job, "vi")  # type: ignore[arg-type]
    assert t.rows and {r[-1] for r in t.rows} <= {"không đạt", "chậm tiến độ"}
    # the fund target: the largest shortfall against the quota first
    raised = [int(re.match(r"[0-9]+", r[3]).group(0))  # type: ignore[union-attr]
              for r in t.rows if r[0] == "T3" and r[1] != "870"]
    assert raised == sorted(raised) and raised[0] < 20


def test_the_vietnamese_report_reads_as_vietnamese_readers_write(job: object) -> None:
    page = render_html(main_job_report(job, "vi"))  # type: ignore[arg-type]
    assert "300 triệu đồng" in page and "300000000" not in page and "VND" not in page
    assert "Ngày xem xét: 31/12/2020" in page
    plan = catalog.load("hong-ngu-2020")
    for t in plan.targets:  # whole texts, never cut with "…"
        if t.value is not None:
            assert " ".join(t.text_vi.split()) in page
    for machine in ("named_in_plan", "holder_on_", "reporter_on_", ">implement<", ">lead<"):
        assert machine not in page
    assert "cơ quan đảm nhận ngày 31/12/2020" in page and ">chủ trì<" in page


def test_statuses_are_coloured_and_explained_before_the_first_chart(job: object) -> None:
    page = render_html(main_job_report(job, "vi"))  # type: ignore[arg-type]
    assert re.search(r'<td class="st" style="--st:#c62828">không đạt</td>', page)
    assert page.index('class="legend"') < page.index("<svg")


def test_print_stylesheet_is_a4(job: object) -> None:
    page = render_html(main_job_report(job, "en"))  # type: ignore[arg-type]
    assert "@page{size:A4" in page and "@media print" in page


def test_chart_value_labels_fit_inside_the_chart(job: object) -> None:
    page = render_html(main_job_report(job, "vi"))  # type: ignore[arg-type]
    labels = re.findall(r'<text x="([0-9.]+)" y="[0-9.]+" class="value">([^<]*)</text>', page)
    assert labels
    for x, text in labels:
        # 12px sans-serif: at most 7.2px a character on average for this text
        assert float(x) + 7.2 * len(text) <= _W, text
        assert float(x) == _LABEL_W + _PLOT_W + 8

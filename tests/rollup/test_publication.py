"""What an anomaly of the counts quotes, with and without suppression for publication
(docs/rollup.md, "What an anomaly quotes"; docs/tabular.md): a reading error never quotes a
cell; a rule anomaly quotes the unit's aggregate counts in an internal, unsuppressed output
(rollup, report) and has them replaced by × at a unit with a hidden count when suppressed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.cli import main
from childprotect.documents.anomalies import Anomaly, Severity
from childprotect.i18n import Message
from childprotect.rollup.publication import MARK, Suppressed, redact_anomalies

DATA = {
    "measures": [{"name": "children"}, {"name": "group_a"}],
    "rules": [{"at_most": ["group_a", "children"]}],
    "records": [{"unit": "29971", "period": "2024", "values": {"children": 2, "group_a": 3}},
                {"unit": "29956", "period": "2024",
                 "values": {"children": 6871, "group_a": 5791}}],
}


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    f = tmp_path / "counts.json"
    f.write_text(json.dumps(DATA), "utf-8")
    return f


def _anomalies(capsys: pytest.CaptureFixture[str], argv: list[str]) -> list[dict[str, str]]:
    assert main(argv) == 1
    rows: list[dict[str, str]] = json.loads(capsys.readouterr().out)["anomalies"]
    return [a for a in rows if a["kind"] == "rollup.part-above-whole"]


def test_an_unsuppressed_rollup_quotes_the_counts_of_a_rule_anomaly(
        data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (a,) = _anomalies(capsys, ["rollup", str(data_file), "--format", "json"])
    assert a["text"] == "group_a=3 > children=2"
    assert main(["rollup", str(data_file), "--lang", "en"]) == 1
    assert "group_a=3 > children=2" in capsys.readouterr().out


def test_a_suppressed_rollup_replaces_the_counts_of_a_rule_anomaly_at_a_hidden_unit(
        data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (a,) = _anomalies(capsys, ["rollup", str(data_file), "--format", "json", "--suppress"])
    assert a["text"] == f"group_a={MARK} > children={MARK}"
    for field in ("text", "explanation", "explanation_vi"):
        assert not re.search(r"[0-9]", a[field]), a


def test_under_suppression_a_unit_with_no_hidden_count_keeps_its_numbers() -> None:
    # (they are published in the table beside it)
    s = Suppressed(5, frozenset({("29971", "group_a")}), frozenset(), frozenset())
    a = Anomaly("rollup.part-above-whole", "2024/29956", "group_a=7000 > children=6871",
                "group_a cannot exceed children")
    assert redact_anomalies([a], s) == [a]


@given(st.integers(0, 10**9), st.integers(0, 10**9))
def test_a_redacted_rule_anomaly_holds_no_digit_in_either_language(part: int,
                                                                    whole: int) -> None:
    s = Suppressed(5, frozenset(), frozenset({("29971", "children")}), frozenset())
    a = Anomaly.summarised("rollup.part-above-whole", "2024/29971", Message(
        "{part}={p} > {whole}={w}", part="group_a", p=str(part), whole="children",
        w=str(whole)), "group_a cannot exceed children", Severity.ERROR)
    (got,) = redact_anomalies([a], s)
    for lang in ("en", "vi"):
        assert not re.search(r"[0-9]", got.shown(lang) + got.explain(lang))


def test_the_report_which_never_suppresses_quotes_the_counts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "abuse.csv"
    data.write_text("unit,period,children,children_abused\n19750,2024,1000,5000\n", "utf-8")
    html = tmp_path / "report.html"
    argv = ["report", "thua-thien-hue-208-2021", str(data), "--on", "2024-06-01"]
    assert main([*argv, "--out", str(html)]) == 0
    assert "children_abused=5000 &gt; children=1000" in html.read_text("utf-8")
    capsys.readouterr()
    assert main([*argv, "--format", "json"]) == 0
    assert "children_abused=5000 > children=1000" in capsys.readouterr().out


def test_a_reading_error_names_the_cell_and_never_quotes_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for value, reason in (("-7345", "holds a negative number"), ("7345x", "holds text")):
        data = tmp_path / "counts.csv"
        data.write_text(f"unit,period,children\n29971,2024,{value}\n", "utf-8")
        assert main(["rollup", str(data), "--lang", "en"]) == 2
        err = capsys.readouterr().err
        assert "line 2, column 'children'" in err and reason in err
        assert "7345" not in err

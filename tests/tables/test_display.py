"""Tables for notebooks and pandas: escaping, exact values, no per-child data, pandas extra."""

from __future__ import annotations

import builtins
import html
import re
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.documents.anomalies import Anomaly
from childprotect.errors import ChildProtectError
from childprotect.formats import catalog
from childprotect.formats.notebook import register_notebook
from childprotect.plans.plan import plan_tables
from childprotect.tables.display import (
    MissingExtra,
    Table,
    html_table,
    records,
    repr_html,
    table,
    to_frame,
)


@attrs.frozen
class _ChildRecord:
    commune: str
    birth: str = attrs.field(repr=False)  # personal data: never displayed


def _cells(page: str) -> list[str]:
    return [html.unescape(c) for c in re.findall(r"<t[dh](?: [^>]*)?>(.*?)</t[dh]>", page, re.S)]


@given(st.lists(st.text(max_size=20), min_size=1, max_size=4))
def test_every_cell_is_escaped_and_read_back(texts: list[str]) -> None:
    page = html_table(["h<1>"] + ["c"] * (len(texts) - 1), [texts])
    # no text can open a tag of its own: every "<" in the page starts one of ours
    assert set(re.findall(r"<(/?[a-z]+)", page)) <= {
        "table", "/table", "thead", "/thead", "tbody", "/tbody", "tr", "/tr", "th", "/th",
        "td", "/td"}
    assert _cells(page) == ["h<1>"] + ["c"] * (len(texts) - 1) + texts


def test_personal_fields_are_never_shown() -> None:
    rows = [_ChildRecord("46001", "2015-03-02")]
    assert records(rows) == [{"commune": "46001"}]
    assert "2015-03-02" not in repr_html(rows)


def test_plan_displays_its_summary_and_parts() -> None:
    plan = catalog.load("thua-thien-hue-208-2021")
    page = repr_html(plan)
    assert "208/KH-UBND" in page and "MỤC TIÊU" in page
    tables = plan_tables(plan)
    assert [r[0] for r in tables["sections"].rows] == [s.id for s in plan.sections]
    assert table(plan).records()[0] == {"field": "id", "value": plan.id}


def test_anomalies_as_rows_keep_their_order_and_values() -> None:
    found = [Anomaly("x.a", "w1", "t1", "e1"), Anomaly("x.b", "w2", "t2", "e2")]
    t = table(found)
    assert t.headers[:2] == ("kind", "where")
    assert [r[0] for r in t.rows] == ["x.a", "x.b"]


def test_to_frame_keeps_exact_values() -> None:
    t = Table(("unit", "value"), [("46", Decimal("1.5")), ("48", None)])
    df = t.to_frame()
    assert list(df.columns) == ["unit", "value"]
    assert df["value"].iloc[0] == Decimal("1.5") and isinstance(df["value"].iloc[0], Decimal)
    plan = catalog.load("thua-thien-hue-208-2021")
    assert list(to_frame(plan, part="sections")["id"]) == [s.id for s in plan.sections]
    with pytest.raises(ChildProtectError, match="not a part of a plan"):
        to_frame(plan, part="nope")


def test_without_pandas_the_error_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pandas(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(MissingExtra, match=r"pip install 'childprotect\[pandas\]'"):
        Table(("a",), [(1,)]).to_frame()


def test_rows_must_match_headers() -> None:
    with pytest.raises(ChildProtectError, match="row 0 has 1 cells, expected 2"):
        Table(("a", "b"), [(1,)])


def test_register_notebook_registers_present_classes() -> None:
    registered: dict[type, Any] = {}

    class Formatter:
        def for_type(self, cls: type, fn: Any) -> None:
            registered[cls] = fn

    class Display:
        def __init__(self) -> None:
            self.formatters = {"text/html": Formatter()}

    class FakeIPython:
        def __init__(self) -> None:
            self.display_formatter = Display()

    names = register_notebook(FakeIPython())
    from childprotect.documents.anomalies import Anomaly
    from childprotect.plans.plan import Plan

    # Plan displays itself (_repr_html_); classes without it are given the formatter.
    assert "childprotect.plans.plan.Plan" in names and Plan not in registered
    assert "208/KH-UBND" in catalog.load("thua-thien-hue-208-2021")._repr_html_()
    assert Anomaly in registered
    assert "date.impossible" in registered[Anomaly](
        Anomaly("date.impossible", "document.issued", "31/02/2020", "no such day"))
    assert register_notebook() == []  # outside IPython: nothing to do

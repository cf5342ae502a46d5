"""Rollup DataFrames typed for analysis: nullable counts, float rates beside exact ones,
coverage and status columns."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings

from childprotect.rollup.aggregate import rollup
from tests.rollup.test_rollup import MEASURES, cases

pd = pytest.importorskip("pandas")


def test_the_schema() -> None:
    from tests.rollup.test_rollup import _example

    df = _example().to_frame()
    assert {k: str(v) for k, v in df.dtypes.items()} == {
        "level": "category", "code": "string", "name": "string",
        "reporting": "Int64", "expected": "Int64",
        "children": "Int64", "special": "Int64", "group_a": "Int64",
        "special_pct": "float64", "special_pct_exact": "string",
        "special_pct_reporting": "Int64", "special_pct_status": "category",
        "a_share": "float64", "a_share_exact": "string",
        "a_share_reporting": "Int64", "a_share_status": "category",
    }
    row = df[df["code"] == "29980"].iloc[0]  # did not report: missing, not 0
    assert row["children"] is pd.NA and pd.isna(row["special_pct"])
    assert row["special_pct_status"] == "no-data"
    assert list(df["level"].cat.categories) == ["province", "district", "commune", "total"]


@settings(max_examples=30)
@given(cases())
def test_the_frame_holds_the_rollups_values(case: tuple) -> None:
    h, recs = case
    r = rollup(recs, h, MEASURES)
    df = r.to_frame()
    assert list(df["code"]) == r.codes()
    for _, row in df.iterrows():
        code = row["code"]
        for name in r.names:
            total = r.total(code, name)
            assert (row[name] is pd.NA) if total is None else row[name] == total
        for rate in r.rates:
            got = r.rate(code, rate)
            exact = row[f"{rate}_exact"]
            assert (exact is pd.NA) if got.value is None else Fraction(exact) == got.value
            assert row[f"{rate}_reporting"] == got.reporting
            assert row[f"{rate}_status"] == got.status.value

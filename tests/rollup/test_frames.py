"""Rollup DataFrames typed for analysis: nullable counts, float rates beside exact ones,
coverage and status columns."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


@settings(max_examples=60)
@given(cases(), st.randoms(use_true_random=False), st.booleans())
def test_a_column_rollup_gives_the_same_frame(case: tuple, rnd: random.Random,
                                              arrow: bool) -> None:
    """``rollup_columns(...).to_frame()`` is ``rollup(...).to_frame()`` for the same rows:
    every column, dtype, category, missing value and float, in any order of the rows;
    with the exact texts made by Arrow (pyarrow loaded, as pandas 3 loads it) or a unit at
    a time."""
    from unittest import mock

    np = pytest.importorskip("numpy")
    from childprotect.rollup import frames
    from childprotect.rollup.columns import rollup_columns

    h, recs = case
    recs = list(recs)
    rnd.shuffle(recs)
    want = rollup(recs, h, MEASURES).to_frame()
    r = rollup_columns([r.unit for r in recs],
                       {n: [r.values[n] for r in recs] for n in MEASURES.counts}, h,
                       MEASURES, "2024")
    with mock.patch.object(frames, "_arrow", frames._arrow if arrow else lambda: None):
        got = r.to_frame()
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert np.array_equal(got["special_pct"].isna(), got["special_pct_exact"].isna())


def test_a_column_rollup_divides_large_parts_exactly() -> None:
    """A denominator above 2**53 is not a whole float: the frame's float is still the
    exact quotient correctly rounded, as ``float(Fraction)`` gives it (dividing the two
    floats would give 2**-53 here)."""
    pytest.importorskip("numpy")
    from datetime import date

    from childprotect.rollup.columns import rollup_columns
    from childprotect.rollup.measures import Measure
    from childprotect.units.registry import bundled

    big = (1 << 53) + 1
    ms = [Measure.count("a"), Measure.count("b"), Measure.rate("r", "a", "b")]
    r = rollup_columns(["29971"], {"a": [1], "b": [big]}, bundled().on(date(2024, 12, 31)), ms)
    row = r.to_frame().set_index("code").loc["29971"]
    assert row["r"] == float(Fraction(1, big)) != 1 / float(big)
    assert row["r_exact"] == f"1/{big}"


def test_arrow_is_offered_to_to_frame_only_when_already_loaded() -> None:
    """``_arrow()``, which ``to_frame`` asks for the text path, never imports pyarrow
    (importing it would cost more than it saves) and gives it once pandas has loaded it.
    Both text paths make the same frame: ``test_a_column_rollup_gives_the_same_frame``."""
    from tests.fresh import run_fresh

    out = run_fresh("import sys, childprotect.rollup.frames as f; a = f._arrow(); "
                    "print(a is None, 'pyarrow' in sys.modules); import pandas; "
                    "print(f._arrow() is None, 'pyarrow' in sys.modules)").split()
    assert out[:2] == ["True", "False"]  # not loaded: not imported
    assert out[2] == str(out[3] == "False")  # loaded by pandas: used


def test_a_frame_changed_by_its_user_changes_nothing_else() -> None:
    """The frame shares no array with the rollup nor with the layout that other rollups
    of the same units use: a changed cell shows in no other frame."""
    pytest.importorskip("numpy")
    from datetime import date

    from childprotect.rollup.columns import rollup_columns
    from childprotect.units.registry import bundled

    h = bundled().on(date(2024, 12, 31))
    r = rollup_columns(["29971", "29956"], {n: [5, 3] for n in MEASURES.counts}, h, MEASURES)
    df = r.to_frame()
    want = df.copy(deep=True)
    row = int((df["code"] == "29971").to_numpy().nonzero()[0][0])
    for column in df.columns:
        if column != "level" and not column.endswith("_status"):
            df.loc[0, column] = None
    for column in ("reporting", "expected", *MEASURES.counts):  # numbers, not only masks
        df.loc[row, column] = 99
    df.loc[0, "level"] = "total"
    pd.testing.assert_frame_equal(r.to_frame(), want)
    assert r.total("29971", "children") == 5 and int(r.expected[0]) == want["expected"][0]
    assert r.reporting_of("29971") == want["reporting"][row]

"""Parallel rollups: process pool and Dask, each equal to the one-process rollup."""

from __future__ import annotations

import random
import re
from datetime import date

import dask.bag as db
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from childprotect.errors import ValidationError
from childprotect.rollup.aggregate import rollup
from childprotect.rollup.measures import Measure, Measures, Record
from childprotect.rollup.parallel import (
    _frame_records,
    rollup_dask,
    rollup_dask_columns,
    rollup_dask_periods,
    rollup_parts,
    rollup_pool,
    split_by,
)
from childprotect.units.model import AdminUnit
from childprotect.units.registry import UnitRegistry

M = Measures([Measure.count("children"), Measure.count("special"),
              Measure.rate("pct", "special", "children", factor=100)])


def _national(seed: int = 3) -> tuple[object, list[Record]]:
    rnd = random.Random(seed)
    units = []
    n = 0
    for p in range(1, 5):
        units.append(AdminUnit(f"{p:02d}", f"Tỉnh {p}", f"P{p}", "tinh", "synthetic",
                               valid_to=date(2025, 6, 30)))
        for d in range(1, 4):
            dc = f"{p}{d:02d}"
            units.append(AdminUnit(dc, f"Huyện {dc}", dc, "huyen", "synthetic", f"{p:02d}",
                                   valid_to=date(2025, 6, 30)))
            for _ in range(5):
                n += 1
                units.append(AdminUnit(f"{n:05d}", f"Xã {n}", str(n), "xa", "synthetic", dc,
                                       valid_to=date(2025, 6, 30)))
    h = UnitRegistry(units).on(date(2024, 12, 31))
    recs = [Record(c, "2024", {"children": rnd.randint(0, 900),
                               "special": rnd.choice([None, rnd.randint(0, 30)])})
            for c in h.leaves() if rnd.random() < 0.9]
    recs.append(recs[0])  # a duplicate
    return h, recs


def test_split_parts_equal_the_whole() -> None:
    h, recs = _national()
    whole = rollup(recs, h, M)
    parts = split_by(recs, h, "province")
    assert len(parts) == 4
    got = rollup_parts(parts.values(), h, M)
    assert got.table() == whole.table() and got.anomalies == whole.anomalies


def test_process_pool() -> None:
    h, recs = _national()
    got = rollup_pool(split_by(recs, h, "province").values(), h, M, max_workers=2)
    whole = rollup(recs, h, M)
    assert got.table() == whole.table() and got.anomalies == whole.anomalies


@pytest.mark.parametrize("npartitions", [1, 3, 7])
def test_dask_bag_on_the_synchronous_scheduler(npartitions: int) -> None:
    h, recs = _national()
    bag = db.from_sequence(recs, npartitions=npartitions)
    got = rollup_dask(bag, h, M, scheduler="synchronous")
    whole = rollup(recs, h, M)
    assert got.table() == whole.table() and got.anomalies == whole.anomalies


def test_frame_records() -> None:
    frame = pd.DataFrame({"unit": ["00001", "00002"], "period": ["2024", "2024"],
                          "children": [5, 6], "special": [1.0, float("nan")]})
    assert _frame_records(frame, ("children", "special"), 1) == [
        Record("00001", "2024", {"children": 5, "special": 1}),
        Record("00002", "2024", {"children": 6, "special": None}),
    ]
    with pytest.raises(ValidationError, match="special"):
        _frame_records(frame.assign(special=[1.5, 2.0]), ("children", "special"), 1)
    with pytest.raises(ValidationError, match="lacks"):
        _frame_records(frame, ("children", "assisted"), 1)


def _dask_frame(**counts: list[object]) -> object:
    import dask.dataframe as dd

    frame = pd.DataFrame({"unit": ["00001", "00002", "00003"], "period": ["2024"] * 3,
                          **counts})
    return dd.from_pandas(frame, npartitions=2, sort=False)


def test_a_dask_frame_is_read_as_any_frame_is() -> None:
    """Its partitions are read by the rules of a CSV file's cells: a string "1.562" is
    1562, NaN a blank, a whole float its number."""
    h, _ = _national()
    got = rollup_dask(_dask_frame(children=["1.562", " 12 ", None],
                                  special=[1.0, float("nan"), 2.0]), h, M,
                      scheduler="synchronous")
    assert got.total("101", "children") == 1562 + 12
    assert got.total("101", "special") == 3


@pytest.mark.parametrize("value", [True, 123457.5, -123457])
def test_a_bad_count_in_a_dask_partition_is_named_not_quoted(value: object) -> None:
    """(Dask may turn a column of mixed values into text: True is then "True", which is
    not a count either.)"""
    h, _ = _national()
    frame = _dask_frame(children=pd.Series([1, 2, value], dtype=object),
                        special=[1, 2, 3])
    for run in (rollup_dask, rollup_dask_periods):
        with pytest.raises(ValidationError) as info:
            run(frame, h, M, scheduler="synchronous")  # type: ignore[operator]
        text = str(info.value)
        assert "partition 2, row at position 0, column 'children': holds" in text
        assert "123457" not in text
    # (the partition and the position name the row: partitions[N - 1].iloc[position])
    bad = frame.partitions[1].compute().iloc[0]  # type: ignore[attr-defined]
    assert str(bad["children"]) == str(value)  # (Dask keeps the column as text)


def test_a_dask_row_without_a_period_is_named_by_partition_and_position() -> None:
    import dask.dataframe as dd

    h, _ = _national()
    frame = pd.DataFrame({"unit": ["00001", "00002", "00003", "00004"],
                          "period": ["2024", "2024", "2024", None],
                          "children": [1, 2, 3, 4], "special": [1, 2, 3, 4]})
    with pytest.raises(ValidationError,
                       match=r"^partition 2, row at position 1: no unit or no period$"):
        rollup_dask_columns(dd.from_pandas(frame, npartitions=2, sort=False), h, M,
                            scheduler="synchronous")


def test_a_dask_row_without_a_unit_is_an_error() -> None:
    frame = pd.DataFrame({"unit": ["00001", None], "period": ["2024", "2024"],
                          "children": [1, 2], "special": [1, 2]})
    with pytest.raises(ValidationError, match="the unit cell is empty"):
        _frame_records(frame, ("children", "special"), 1)


def test_dask_rejects_other_inputs() -> None:
    h, _ = _national()
    with pytest.raises(ValidationError, match="Dask bag or data frame"):
        rollup_dask([1, 2], h, M)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 6), st.dictionaries(st.integers(0, 59), st.sampled_from(
    ["negative", "fraction", "province", "unknown", "huge"]), min_size=1, max_size=3),
       st.booleans())
def test_a_bad_row_for_the_column_path_is_named_by_partition_and_position(
        parts: int, faults: dict[int, str], two_periods: bool) -> None:
    """``rollup_dask_columns`` said "a negative count" or "unit 01 is not a reporting
    unit" without saying where: in a frame of many partitions the row could not be found.
    The partition (from 1) and the position name a bad row, and the problem is that row's:
    ``partitions[N - 1].iloc[P]``."""
    import dask.dataframe as dd

    h, _ = _national()
    leaves = sorted(h.leaves())
    frame = pd.DataFrame({"unit": leaves, "period": [("2024", "2025")[i % 2] if two_periods
                                                     else "2024" for i in range(len(leaves))],
                          "children": [10.0] * len(leaves), "special": [1.0] * len(leaves)})
    said_of = {"negative": "negative", "fraction": "whole numbers", "huge": "whole numbers",
               "province": "not a reporting unit", "unknown": "not a reporting unit"}
    for row, fault in faults.items():
        if fault == "negative":
            frame.loc[row, "special"] = -3.0
        elif fault == "fraction":
            frame.loc[row, "children"] = 1.5
        elif fault == "huge":
            frame.loc[row, "children"] = 2.0 ** 70
        else:
            frame.loc[row, "unit"] = "01" if fault == "province" else "99999"
    ddf = dd.from_pandas(frame, npartitions=parts, sort=False)
    with pytest.raises(ValidationError) as got:
        rollup_dask_columns(ddf, h, M, on=date(2024, 12, 31), scheduler="synchronous")
    text = str(got.value)
    said = re.fullmatch(r"partition (\d+), row at position (\d+): (.*)", text, re.S)
    assert said is not None, text
    part = ddf.partitions[int(said[1]) - 1].compute()  # type: ignore[attr-defined]
    row = part.index[int(said[2])]
    assert row in faults and said_of[faults[row]] in said[3], (faults, text)
    assert not re.search(r"(?<![0-9])-3(?![0-9])|1\.5", text)  # (never quoted)


def test_a_column_refused_whole_or_a_sum_too_large_names_no_harmless_row() -> None:
    """A text cell makes pandas read its count column as text, which the column path
    refuses whole: the row is the one with the text (it was the first row, holding 10).
    Counts whose sum is too large to add exactly are no one row's: the partition alone."""
    import dask.dataframe as dd

    h, _ = _national()
    leaves = sorted(h.leaves())
    n = len(leaves)
    text = pd.DataFrame({"unit": leaves, "period": ["2024"] * n,
                         "children": ["10"] * 42 + ["x"] + ["10"] * (n - 43),
                         "special": [1] * n})
    with pytest.raises(ValidationError, match=r"^partition 1, row at position 42: "):
        rollup_dask_columns(dd.from_pandas(text, npartitions=1, sort=False), h, M,
                            on=date(2024, 12, 31), scheduler="synchronous")
    big = pd.DataFrame({"unit": leaves, "period": ["2024"] * n,
                        "children": [2**61] + [10] * (n - 1), "special": [1] * n})
    with pytest.raises(ValidationError) as got:
        rollup_dask_columns(dd.from_pandas(big, npartitions=1, sort=False), h, M,
                            on=date(2024, 12, 31), scheduler="synchronous")
    assert str(got.value).startswith("partition 1: ")

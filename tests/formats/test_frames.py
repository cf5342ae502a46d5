"""Counts read from a pandas or polars DataFrame (``childprotect.formats.frames``): the
records of the same data written to CSV and read by the CSV reader, whatever pandas or
polars made of the columns; errors name the row and the column, never the value."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.errors import ValidationError
from childprotect.formats import read_frame
from childprotect.formats.counts import read_csv_text
from childprotect.rollup.measures import Measure, Measures, Record
from tests.fresh import loaded_after

# --- the same data as a frame and as a CSV file ---------------------------------------------

_TRICKY = [" 12 ", "1.562", "1,5", "-3", "12.0", "abc", "", "  ", "007", "1 234", "#N/A",
           "\u00a012", "+4", "1.5", "=A1", "12,0", "0"]
# Cells as a clean file has them (each reads), and as a messy one may (most do not).
_CLEAN = {
    "unit": st.one_of(st.sampled_from(["29971", " 29956 ", "00070"]), st.integers(0, 99999)),
    "period": st.one_of(st.sampled_from(["2024", " 2023 "]), st.just(2024)),
    "count": st.one_of(st.none(), st.integers(0, 10**9), st.sampled_from([12.0, 0.0, math.nan]),
                       st.sampled_from([" 12 ", "1.562", "", " ", "007", "\u00a012", "0"])),
}
_MESSY = {
    "unit": st.one_of(st.none(), st.sampled_from(["29971", "", " ", "x"]),
                      st.integers(0, 99999)),
    "period": st.one_of(st.none(), st.sampled_from(["2024", ""]), st.just(2024)),
    "count": st.one_of(
        st.none(), st.integers(0, 10**9), st.integers(-5, -1),
        st.sampled_from([12.0, 0.0, 12.5, math.inf, -math.inf, -3.0, math.nan, 1e17]),
        st.booleans(), st.sampled_from(_TRICKY),
        st.text(alphabet=" 0123456789.,-a\u00a0", max_size=6)),
}


@st.composite
def _tables(draw: st.DrawFn, unique: bool) -> tuple[list[str], list[list[object]]]:
    """Column names (unit, period and counts, in any order) and the columns' cells."""
    counts = draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3,
                           unique=unique))
    names = draw(st.permutations(["unit", "period", *counts]))
    n = draw(st.integers(0, 6))
    cells = draw(st.sampled_from([_CLEAN, _MESSY]))
    columns = [draw(st.lists(cells.get(name, cells["count"]), min_size=n, max_size=n))
               for name in names]
    return names, columns


def _text(v: object) -> str:
    """A cell as a CSV file holds it: the value the frame's library was given (a whole
    float is the whole number it stands for; NaN is a blank)."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def _csv(names: list[str], columns: list[list[object]]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(names)
    w.writerows([[_text(v) for v in row] for row in zip(*columns, strict=True)])
    return out.getvalue()


def _float_columns(frame: Any) -> str:
    """"error" when a count column is floats with no blank (read from decimal text such as
    2.000, which the reader refuses: it would be 2 for two thousand); else ""."""
    for i, name in enumerate(frame.columns):
        if name in ("unit", "period"):
            continue
        if isinstance(frame, pl.DataFrame):
            col = frame.to_series(i)
            floating, nulls = col.dtype.is_float(), col.null_count()
        else:
            col = frame.iloc[:, i]
            floating, nulls = col.dtype.kind == "f", int(col.isna().sum())
        if floating and len(col) and not nulls and all(
                float(v).is_integer() for v in col.to_list()):
            return "error"
    return ""


def _by_csv(text: str) -> object:
    try:
        m, rows = read_csv_text(text, None, "f.csv")
        return m.counts, [(u, p, tuple(v)) for u, p, v in rows]
    except ValidationError:
        return "error"


def _by_frame(frame: Any) -> object:
    try:
        m, records = read_frame(frame)
    except ValidationError:
        return "error"
    return m.counts, [(r.unit, r.period, tuple(r.values[c] for c in m.counts))
                      for r in records]


@given(_tables(unique=False), st.sampled_from(["inferred", "nullable", "object"]),
       st.booleans())
def test_a_pandas_frame_reads_as_its_data_written_to_csv(
        table: tuple[list[str], list[list[object]]], dtypes: str, labelled: bool) -> None:
    names, columns = table
    frame = pd.DataFrame({i: pd.Series(c, dtype=object if dtypes == "object" else None)
                          for i, c in enumerate(columns)})
    if dtypes == "nullable":  # Int64, string, boolean: pd.NA for the blanks
        frame = frame.convert_dtypes()
    frame.columns = pd.Index(names)
    if labelled:
        frame.index = pd.Index([f"r{i}" for i in range(len(frame))])
    assert _by_frame(frame) == (_float_columns(frame) or _by_csv(_csv(names, columns)))


def _polars_column(values: list[object]) -> tuple[list[object], Any]:
    """The values as one polars column holds them, and its type: whole numbers Int64,
    numbers Float64 (a whole number becomes 12.0), bools Boolean, anything else text."""
    given = [v for v in values if v is not None]
    if all(type(v) is int for v in given):
        return values, pl.Int64
    if all(type(v) in (int, float) for v in given):
        return [None if v is None else float(v) for v in values], pl.Float64  # type: ignore[arg-type]
    if all(type(v) is bool for v in given):
        return values, pl.Boolean
    return [None if v is None else _text(v) for v in values], pl.Utf8


@given(_tables(unique=True))
def test_a_polars_frame_reads_as_its_data_written_to_csv(
        table: tuple[list[str], list[list[object]]]) -> None:
    names, columns = table
    typed = [_polars_column(c) for c in columns]
    frame = pl.DataFrame([pl.Series(n, v, dtype=t)
                          for n, (v, t) in zip(names, typed, strict=True)])
    assert _by_frame(frame) == (_float_columns(frame) or _by_csv(_csv(names,
                                                                      [v for v, _ in typed])))


# --- each rule -------------------------------------------------------------------------------


def _one(column: Any, index: list[str] | None = None) -> list[Record]:
    frame = pd.DataFrame({"unit": ["29971", "29956"], "period": ["2024", "2024"],
                          "children": column})
    if index is not None:
        frame.index = pd.Index(index)
    return read_frame(frame)[1]


@pytest.mark.parametrize("column", [
    [3.0, math.nan],  # float64: NaN
    pd.Series([3, None], dtype=object),  # None
    pd.array([3, pd.NA], dtype="Int64"),  # pd.NA
    pd.Series(["3", ""], dtype=object),  # an empty string, as an empty CSV cell
    pd.array(["3", " "], dtype="string"),
    pd.array(["3", None], dtype="string"),
])
def test_a_blank_is_not_reported(column: Any) -> None:
    assert [r.values["children"] for r in _one(column)] == [3, None]


def test_a_blank_in_polars_is_not_reported() -> None:
    frame = pl.DataFrame({"unit": ["29971", "29956"], "period": ["2024", "2024"],
                          "a": [3, None], "b": [1.0, float("nan")], "c": ["", "4"]})
    assert [tuple(r.values.values()) for r in read_frame(frame)[1]] == [
        (3, 1, None), (None, None, 4)]


def test_a_whole_float_beside_a_blank_is_its_whole_number() -> None:
    frame = pd.DataFrame({"unit": ["29971", "29956"], "period": ["2024", "2024"],
                          "children": [12, None]})
    assert str(frame["children"].dtype) == "float64"
    assert [r.values["children"] for r in read_frame(frame)[1]] == [12, None]
    assert type(read_frame(frame)[1][0].values["children"]) is int


@pytest.mark.parametrize(("value", "problem"), [
    (123457.5, "not whole"),
    (math.inf, "not finite"),
    (-123457, "negative"),
    (-123457.0, "negative"),
    (True, "TRUE or FALSE"),
    ("123.457,5", "decimal comma"),
    ("-123457", "negative"),
    (pd.Timestamp("2024-01-01"), "date"),
    (2.0**60, "too large"),
])
def test_a_count_that_is_not_one_names_its_row_and_column_not_its_value(
        value: object, problem: str) -> None:
    with pytest.raises(ValidationError) as info:
        _one(pd.Series([1, value], dtype=object), index=["Nguyễn Văn An", "Lê Thị Bình"])
    text = str(info.value)
    assert "<frame>, row at position 1, column 'children'" in text
    assert "Bình" not in text and "index" not in text  # (a label may be a name)
    assert problem in text
    assert "123" not in text and "1152921504606846976" not in text


def test_polars_rows_are_named_by_their_position() -> None:
    frame = pl.DataFrame({"unit": ["29971", "29956"], "period": [2024, 2024],
                          "children": [1.0, 2.5]})
    with pytest.raises(ValidationError, match=r"^f, row at position 1, column 'children': "
                                              "holds a number that is not whole"):
        read_frame(frame, source="f")


@pytest.mark.parametrize(("text", "count"), [
    ("1.562", 1562), (" 12 ", 12), ("\u00a012\u200b", 12), ("007", 7), ("0", 0)])
def test_a_string_reads_as_a_csv_cell(text: str, count: int) -> None:
    assert _one([text, None])[0].values["children"] == count
    _, rows = read_csv_text(f"unit,period,children\n29971,2024,\"{text}\"\n")
    assert next(rows)[2] == (count,)


def test_integer_unit_codes_and_periods_are_their_digits() -> None:
    frame = pd.DataFrame({"unit": [29971, 70], "period": [2024, 2024], "children": [1, 2]})
    assert [(r.unit, r.period) for r in read_frame(frame)[1]] == [
        ("29971", "2024"), ("70", "2024")]
    with_blank = pd.DataFrame({"unit": [29971.0, math.nan], "period": [2024.0, 2024.0],
                               "children": [1, 2]})
    with pytest.raises(ValidationError, match=r"row at position 1: the unit cell "
                                              "is empty"):
        read_frame(with_blank)
    with pytest.raises(ValidationError, match="column 'unit': holds a number that is not "
                                              "whole, not a code"):
        read_frame(with_blank.assign(unit=[29971.5, 1.0]))


def test_a_row_of_blanks_is_skipped_as_a_blank_line_is() -> None:
    frame = pd.DataFrame({"unit": ["29971", None, " "], "period": ["2024", None, ""],
                          "children": [1, None, None]})
    assert [r.unit for r in read_frame(frame)[1]] == ["29971"]
    with pytest.raises(ValidationError, match=r"position 1: the period cell"):
        read_frame(frame.assign(unit=["29971", "29956", None]))


# --- the columns -----------------------------------------------------------------------------


def test_a_missing_unit_or_period_column() -> None:
    for gone in ("unit", "period"):
        frame = pd.DataFrame({"unit": ["29971"], "period": ["2024"], "children": [1]})
        with pytest.raises(ValidationError, match=f"missing column '{gone}'"):
            read_frame(frame.drop(columns=gone))


@pytest.mark.parametrize("frame", [
    pd.DataFrame([["29971", "2024", 1, 2]], columns=["unit", "period", "a", "a"]),
    pd.read_csv(io.StringIO("unit,period,a,a\n29971,2024,1,2\n"), dtype=str),  # a, a.1
    pl.read_csv(io.StringIO("unit,period,a,a\n29971,2024,1,2\n")),  # a, a_duplicated_0
])
def test_a_column_twice(frame: Any) -> None:
    with pytest.raises(ValidationError, match="the column\\(s\\) 'a' appear more than once"):
        read_frame(frame)


@pytest.mark.parametrize("frame", [
    pd.read_csv(io.StringIO("unit,period,,a\n29971,2024,1,2\n"), dtype=str),  # Unnamed: 2
    pl.read_csv(io.StringIO("unit,period,,a\n29971,2024,1,2\n")),
    pd.DataFrame([["29971", "2024", 1, 2]], columns=["unit", "period", " ", "a"]),
])
def test_a_column_without_a_name(frame: Any) -> None:
    with pytest.raises(ValidationError, match="the column at position 2 has no name"):
        read_frame(frame)


def test_a_column_named_by_a_number() -> None:
    with pytest.raises(ValidationError, match=r"the column at position 2 has a name that is "
                                              r"not a text \(int\)"):
        read_frame(pd.DataFrame([["29971", "2024", 1]], columns=["unit", "period", 2024]))


def test_an_unknown_column_is_a_count_or_an_error_as_in_a_csv_file() -> None:
    frame = pd.DataFrame({"period": ["2024"], "unit": ["29971"], "children": [1],
                          "childen": [2]})
    m, records = read_frame(frame)
    assert m.counts == ("children", "childen")
    assert records == [Record("29971", "2024", {"children": 1, "childen": 2})]
    with pytest.raises(ValidationError, match=r"unknown: childen, missing: —"):
        read_frame(frame, Measures([Measure.count("children")]))
    m, records = read_frame(frame.drop(columns="childen"), Measures([Measure.count("children")]))
    assert records == [Record("29971", "2024", {"children": 1})]


@pytest.mark.parametrize("thing", [
    [{"unit": "29971"}], pd.Series([1]), pl.DataFrame({"unit": ["1"]}).lazy()])
def test_anything_but_a_frame_is_an_error_naming_its_type(thing: object) -> None:
    with pytest.raises(ValidationError, match="expected a pandas or polars DataFrame, got "
                                              f"{type(thing).__name__}"):
        read_frame(thing)


def test_reading_a_frame_imports_neither_pandas_nor_polars() -> None:
    assert loaded_after("import childprotect.formats.frames, childprotect.rollup.frames, "
                        "childprotect.mainjob.dataset, childprotect.rollup.parallel",
                        ["pandas", "polars", "numpy"]) == []


def test_numpy_values_in_an_object_column_are_their_python_values() -> None:
    import numpy as np

    frame = pd.DataFrame({"unit": pd.Series([np.str_(" 29971 ")], dtype=object),
                          "period": pd.Series([np.int64(2024)], dtype=object),
                          "a": pd.Series([np.str_("1.562")], dtype=object),
                          "b": pd.Series([np.float64(3.0)], dtype=object),
                          "c": pd.Series([np.float64("nan")], dtype=object)})
    assert read_frame(frame)[1] == [Record("29971", "2024", {"a": 1562, "b": 3, "c": None})]
    with pytest.raises(ValidationError, match="column 'b': holds TRUE or FALSE"):
        read_frame(frame.assign(b=pd.Series([np.bool_(True)], dtype=object)))


def test_vietnamese_thousands_read_by_pandas_or_polars_are_refused(tmp_path: Path) -> None:
    """``pd.read_csv`` and ``pl.read_csv`` read ``2.000`` (two thousand) as 2.0: the frame
    gave 2 where the file says 2000, without a word."""
    import pandas as pd

    p = tmp_path / "t.csv"
    p.write_text("unit,period,children\n00004,2026-01,2.000\n00008,2026-01,15.000\n", "utf-8")
    for frame in (pd.read_csv(p, dtype={"unit": str}),
                  pl.read_csv(p, schema_overrides={"unit": pl.Utf8})):
        with pytest.raises(ValidationError, match="column 'children': decimal numbers and no "
                                                  "blank cell"):
            read_frame(frame)
    _, records = read_frame(pd.read_csv(p, dtype=str))
    assert [r.values["children"] for r in records] == [2000, 15000]

"""Where a cell is (its letters and reference), and the fast path for a row of counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.formats.tabular.cells import (
    Ref,
    column_letter,
    column_number,
    count_value,
)


@given(st.integers(1, 16384))
def test_column_letters_round_trip(n: int) -> None:
    assert column_number(column_letter(n)) == n


def test_refs() -> None:
    assert str(Ref("a.xlsx", "Sheet1", 17, 4)) == "a.xlsx: Sheet1!D17"
    assert str(Ref("a.xlsx", "1 tháng", 2, 28)) == "a.xlsx: '1 tháng'!AB2"
    assert str(Ref("a.csv", None, 3, 2)) == "a.csv line 3, column B"
    with pytest.raises(ValueError):
        column_letter(0)


_any_cell = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 2**54), st.floats(allow_nan=True),
    st.integers(0, 10**6).map(float), st.integers(0, 10**6).map(str),
    st.text(alphabet="0123456789.,- \u00a0٣a", max_size=8), st.dates())


@given(st.lists(_any_cell, min_size=1, max_size=6))
def test_the_fast_path_for_a_row_of_counts_agrees_with_each_cell(cells: list[object]) -> None:
    """Reading a row's counts at once gives what reading each cell gives, or declines."""
    from childprotect.formats.tabular.reading import _whole_counts

    one_by_one = [count_value(c) for c in cells]
    fast = _whole_counts(tuple(cells))
    if fast is not None:
        assert fast == one_by_one
        assert all(type(n) is int for n in fast)

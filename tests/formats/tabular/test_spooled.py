"""Rows kept on disk: read back in blocks as they were added, each cut as asked, and more
may be added after a reading stopped half way."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from childprotect.formats.tabular.spooled import SpooledRows

_ROW = st.tuples(st.text(max_size=3), st.none() | st.integers(), st.fractions())


@given(st.lists(st.lists(_ROW, max_size=7), max_size=6), st.integers(1, 5),
       st.integers(0, 3), st.none() | st.integers(-2, 3))
@settings(max_examples=60, deadline=None)
def test_blocks_give_the_rows_added_in_order_and_cut(
        batches: list[list[tuple[object, ...]]], size: int, start: int,
        stop: int | None) -> None:
    rows = SpooledRows()
    try:
        for batch in batches:
            rows.add(batch)
        every = [r for b in batches for r in b]
        view = rows.view(start, stop)
        blocks = list(view.blocks(size))
        assert len(rows) == len(view) == len(every)
        assert [r for b in blocks for r in b] == [r[start:stop] for r in every]
        assert all(len(b) == size for b in blocks[:-1]) and all(blocks)
    finally:
        rows.close()


def test_a_view_counts_the_rows_added_after_it_and_cuts_after_its_parent() -> None:
    rows = SpooledRows()
    rows.add([(1, 2, 3, 4)])
    view = rows.view(1, None).view(0, 2)
    rows.add([(5, 6, 7, 8)])
    assert len(view) == 2
    assert [r for b in view.blocks(5) for r in b] == [(2, 3), (6, 7)]
    rows.close()


def test_rows_added_after_a_reading_stopped_are_kept() -> None:
    rows = SpooledRows()
    rows.add([(1,), (2,), (3,)])
    reading = rows.blocks(1)
    assert next(reading) == [(1,)]  # (a reading left half way)
    rows.add([(4,)])
    assert [r for b in rows.blocks(10) for r in b] == [(1,), (2,), (3,), (4,)]
    rows.close()

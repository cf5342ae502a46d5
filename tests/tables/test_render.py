"""Tables as text: columns line up on screen whatever the cells hold."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from childprotect.tables.render import render_table

_PIECES = [*"abcXYZ019 ", "ệ", "Đ", "漢", "字", "e\u0301", "ư"]
_cell = st.lists(st.sampled_from(_PIECES), max_size=8).map("".join).map(str.strip)


@given(st.integers(1, 4).flatmap(lambda n: st.tuples(
    st.lists(_cell.filter(bool), min_size=n, max_size=n),
    st.lists(st.lists(_cell, min_size=n, max_size=n), max_size=6))))
def test_text_columns_line_up_on_screen(table: tuple[list[str], list[list[str]]]) -> None:
    """Every column starts at the same screen column on every line (wide characters take
    two columns, combining marks none), whatever the cells hold."""
    import unicodedata

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else
                   0 if unicodedata.combining(c) else 1 for c in s)

    headers, rows = table
    lines = render_table(headers, rows, "text").split("\n")
    assert len(lines) == len(rows) + 2
    widths = [max(width(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    for cells, line in zip([headers, ["-" * w for w in widths], *rows], lines, strict=True):
        at = 0
        for i, c in enumerate(cells):
            expected = c + " " * (widths[i] - width(c))
            assert line[at:at + len(expected)].rstrip() == expected.rstrip()
            at += len(expected) + 2


@given(st.integers(1, 4).flatmap(lambda n: st.lists(
    st.lists(_cell, min_size=n, max_size=n), min_size=1, max_size=6)))
def test_columns_at_a_time_give_the_rows_at_a_time_text(table: list[list[str]]) -> None:
    """The column-at-a-time layout of equal rows is the general layout's text."""
    from childprotect.tables.render import _aligned, _aligned_ragged

    assert _aligned(table) == _aligned_ragged(table, len(table[0]))


def test_rows_of_other_lengths_and_no_headers() -> None:
    assert render_table(["a", "b"], [["1"], ["2", "3", "4"]], "text").split("\n") == [
        "a  b", "-  -", "1", "2  3  4"]
    assert render_table([], [], "text") == "\n"

"""The strict JSON reader's limits: the bound on nesting depth is exact."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st


@given(st.text(alphabet='[]{}"\\ax', max_size=300))
def test_the_quick_depth_bound_agrees_with_the_exact_scan(text: str) -> None:
    """The bracket count at C speed never lets through a text the exact scan refuses."""
    from childprotect.data import MAX_DEPTH, _depth_ok, _depth_ok_exactly

    deep = "[" * (MAX_DEPTH + 1) + text  # past the trivial bound, so the bound is used
    assert _depth_ok(text) == _depth_ok_exactly(text)
    assert _depth_ok(deep) == _depth_ok_exactly(deep)
    assert _depth_ok('"' + "[" * (MAX_DEPTH + 5) + '"')  # brackets inside a string

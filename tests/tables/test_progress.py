"""The progress bar draws only on a terminal and never changes what it counts."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from childprotect.tables.progress import Progress, is_terminal, track


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@given(st.lists(st.integers(), max_size=50))
def test_track_yields_the_items_unchanged_and_writes_nothing_off_a_terminal(
        items: list[int]) -> None:
    sink = io.StringIO()
    assert list(track(items, label="rows", stream=sink)) == items
    assert sink.getvalue() == ""


def test_on_a_terminal_it_draws_and_ends_the_line() -> None:
    tty = _Tty()
    assert list(track(range(3), label="rows", stream=tty)) == [0, 1, 2]
    out = tty.getvalue()
    assert out.startswith("\rrows [") and out.endswith("100% 3/3\n")
    tty = _Tty()
    with Progress(label="records", stream=tty) as bar:  # unknown total: a counter
        bar.update(1500)
    assert tty.getvalue().endswith("records 1,500\n")


def test_disabled_explicitly_even_on_a_terminal() -> None:
    tty = _Tty()
    list(track(range(5), stream=tty, enabled=False))
    assert tty.getvalue() == ""


@given(st.integers(0, 500), st.integers(1, 500))
def test_the_bar_never_exceeds_its_width(count: int, total: int) -> None:
    bar = Progress(total, "x", stream=io.StringIO())
    bar.count = count
    line = bar.line()
    inside = line[line.index("[") + 1: line.index("]")]
    assert len(inside) == 30 and set(inside) <= {"#", "."}
    assert inside.count("#") == min(count, total) * 30 // total


def test_a_pipe_is_not_a_terminal() -> None:
    assert not is_terminal(None)
    code = ("import sys; from childprotect.tables.progress import track; "
            "print(sum(track(range(10**4), label='n')))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ})
    assert res.stdout.strip() == str(sum(range(10**4)))
    assert res.stderr == ""

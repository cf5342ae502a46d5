"""Large rollup files read a column at a time: the rows the row reader reads, however the
bytes fall into blocks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from childprotect.errors import ValidationError
from childprotect.formats.columnar import available, read_period_columns
from childprotect.formats.counts import read_csv_file

pytestmark = pytest.mark.skipif(not available(), reason="needs numpy "
                                "(pip install 'childprotect[columns]')")

_UNITS = [f"{i:05d}" for i in range(1, 30)]


@st.composite
def plain_files(draw: st.DrawFn) -> str:
    """A plain rollup file: periods in order, each with some units once, counts in digits
    or blank."""
    k = draw(st.integers(1, 4))
    # (periods of up to 8 characters are read 8 bytes at a time, longer ones not)
    periods = sorted(draw(st.lists(st.sampled_from(["2023", "2024", "2024-Q1", "2024-06",
                                                    "2024-12-31", "2025-S1"]), min_size=1,
                                   max_size=4, unique=True)))
    lines = ["unit,period," + ",".join(f"m{j}" for j in range(k))]
    for p in periods:
        for u in draw(st.lists(st.sampled_from(_UNITS), min_size=1, max_size=12,
                               unique=True)):
            cells = [draw(st.one_of(st.just(""), st.integers(0, 10**12).map(str)))
                     for _ in range(k)]
            lines.append(",".join([u, p, *cells]))
    return "\n".join(lines) + "\n"


def _columns(path: Path, block: int, ahead: bool = True
             ) -> list[tuple[str, list[str], list[tuple[object, ...]]]]:
    m, periods = read_period_columns(str(path), block=block, ahead=ahead)
    out = []
    for p in periods:
        assert p.blank is None or p.blank.any()  # None when nothing of the period is blank
        values = p.values.tolist()
        blank = p.blank.tolist() if p.blank is not None else [[False] * len(m.counts)] * len(
            values)
        rows = [tuple(None if b else v for v, b in zip(vs, bs, strict=True))
                for vs, bs in zip(values, blank, strict=True)]
        out.append((p.period, p.codes(), rows))
    return out


def _rows(path: Path) -> list[tuple[str, list[str], list[tuple[object, ...]]]]:
    _, rows = read_csv_file(str(path))
    out: list[tuple[str, list[str], list[tuple[object, ...]]]] = []
    for unit, period, values in rows:
        if not out or out[-1][0] != period:
            out.append((period, [], []))
        out[-1][1].append(unit)
        out[-1][2].append(tuple(values))
    return out


@given(plain_files(), st.integers(8, 400), st.integers(-1, 2), st.sampled_from(["\n", "\r\n"]))
@settings(max_examples=60, deadline=None)
def test_every_period_is_read_as_the_row_reader_reads_it(
        tmp_path_factory: pytest.TempPathFactory, text: str, block: int, tail: int,
        end: str) -> None:
    """Units, counts and blanks of every period, in order, for blocks as small as a line:
    a period cut across blocks, with blanks in one part and none in another. Blank lines
    at the end are skipped when a block holds nothing else, else refused (the command
    then reads the file row by row): never read otherwise than the row reader reads. The
    lines end in LF or, as spreadsheets save them, in CR LF."""
    path = tmp_path_factory.mktemp("c") / "d.csv"
    # (tail -1: the last line without its line break)
    text = text[:-1] if tail < 0 else text + "\n" * tail
    path.write_bytes(text.replace("\n", end).encode("utf-8"))
    try:
        got = _columns(path, block)
    except ValidationError as exc:
        assert tail > 0 and "blank line" in str(exc)
    else:
        assert got == _rows(path)
        assert _columns(path, block, ahead=False) == got  # (read in this thread)
    if tail <= 0:
        assert _columns(path, 1 << 20) == got


@pytest.mark.parametrize("tail", [1, 2, 5])
def test_a_block_of_blank_lines_alone_is_skipped(tmp_path: Path, tail: int) -> None:
    """Blank lines that fill a block of their own are skipped, as the row reader skips
    them; only a block that mixes them with rows is refused."""
    row = "00001,2024,1\n"
    path = tmp_path / "d.csv"
    path.write_text("unit,period,a\n" + row * 3 + "\n" * tail, "utf-8")
    assert _columns(path, len(row) * 3) == _rows(path) == [
        ("2024", ["00001"] * 3, [(1,)] * 3)]


@pytest.mark.parametrize(("text", "why"), [
    ("unit,period,a\n00001,2024,1\n\n00002,2024,2\n", "blank line"),
    ("unit,period,a\n00001,2024,1\n00002,,2\n", "blank unit or period"),
    ("unit,period,a\n00001,2024,-1\n", "sign"),
    ("unit,period,a\n00001,2024,1\n00002,2023,2\n", "not in order"),
    ("unit,period,a\n00001,2024,1.5\n", "not a whole number"),
    ("unit,period,a\r\n00001,2024\r,1\r\n", "carriage return within a line"),
    # two short lines whose cells make one row's (never read as that row)
    ("unit,period,a\n00001\n2024,1\n", "row of another width"),
    ("unit,period,a\n00001,2024,1\n00002\n2024,2\n00003,2024,3\n", "row of another width"),
])
def test_what_this_reader_does_not_read_exactly_is_refused_saying_why(
        tmp_path: Path, text: str, why: str) -> None:
    path = tmp_path / "d.csv"
    path.write_text(text, "utf-8")
    with pytest.raises(ValidationError, match=why):
        _, periods = read_period_columns(str(path), block=16)
        list(periods)


@given(st.lists(st.one_of(st.text("0123456789/:#.a e_,", max_size=10),
                          st.text("0123456789", min_size=7, max_size=21)),
                min_size=1, max_size=6),
       st.integers(16, 200))
@settings(max_examples=300, deadline=None)
def test_a_count_is_read_as_the_row_reader_reads_it_or_refused(
        tmp_path_factory: pytest.TempPathFactory, cells: list[str], block: int) -> None:
    """Counts of up to 8 bytes are read eight bytes at a time, longer ones a digit at a
    time: with bytes next to the digits ('/' and ':'), letters, comments, spaces or
    decimal points in them, the column reader either reads what the row reader reads or
    refuses the file; never another number."""
    path = tmp_path_factory.mktemp("c") / "d.csv"
    lines = ["unit,period,a"] + [f"{_UNITS[i]},2024,{c}" for i, c in enumerate(cells)]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    try:
        got = _columns(path, block)
    except ValidationError:
        return
    assert got == _rows(path)


@given(plain_files(), st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(
    ["\r", "\r\n", "\n\r", "\r\r\n"])), max_size=4), st.integers(8, 300))
@settings(max_examples=300, deadline=None)
def test_carriage_returns_anywhere_are_read_as_the_row_reader_reads_them_or_refused(
        tmp_path_factory: pytest.TempPathFactory, text: str,
        inserts: list[tuple[int, str]], block: int) -> None:
    """Lines ended by CR LF are read with their carriage returns where they are (a cell
    ends before it); a carriage return anywhere else (within a line, before a line
    break's place, at the end of the file, twice) is refused, or read as the row reader
    reads it: never another number."""
    for at, what in inserts:
        at %= len(text) + 1
        text = text[:at] + what + text[at:]
    path = tmp_path_factory.mktemp("c") / "d.csv"
    path.write_bytes(text.encode("utf-8"))
    try:
        got = _columns(path, block)
    except ValidationError:
        return
    assert got == _rows(path)


@given(st.lists(st.lists(st.sampled_from(["00001", "00002", "2024", "7", ""]), min_size=1,
                         max_size=5), min_size=1, max_size=8), st.integers(8, 120))
@settings(max_examples=300, deadline=None)
def test_rows_of_any_width_are_read_as_the_row_reader_reads_them_or_refused(
        tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], block: int) -> None:
    """Lines of one to five cells (the header has three), however they fall into blocks:
    the column reader reads what the row reader reads or refuses the file, never two short
    lines as one row."""
    path = tmp_path_factory.mktemp("c") / "d.csv"
    path.write_text("unit,period,a\n" + "".join(",".join(r) + "\n" for r in rows), "utf-8")
    try:
        got = _columns(path, block)
    except ValidationError:
        return
    assert got == _rows(path)


@given(plain_files(), plain_files())
@settings(max_examples=100, deadline=None)
def test_a_block_read_with_kept_arrays_is_not_changed_by_the_next(first: str, second: str
                                                                   ) -> None:
    """The arrays a reader keeps from block to block (:class:`_Scratch`) are not in what
    it gives: a block's rows stay as they were read once the next block is read."""
    from childprotect.formats.columnar import _parse, _Scratch

    def body(text: str) -> tuple[bytes, int]:
        head, rest = text.split("\n", 1)
        return rest.encode("ascii"), head.count(",") + 1

    (a, wa), (b, wb) = body(first), body(second)
    kept = _Scratch()
    got = _parse(a, "a.csv", wa, kept)
    before = [x.tolist() if x is not None else None for x in got]
    again = _parse(b, "b.csv", wb, kept)
    assert [x.tolist() if x is not None else None for x in got] == before
    assert [x.tolist() if x is not None else None for x in again] == [
        x.tolist() if x is not None else None for x in _parse(b, "b.csv", wb)]


@pytest.mark.parametrize("drop", [False, True])
def test_a_reader_left_early_stops_its_thread_and_closes_the_file(
        tmp_path: Path, drop: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A caller that takes one period and stops (closes the periods, or drops them)
    leaves no thread reading and the file closed, after the thread has stopped."""
    import gc
    import io
    import threading

    import childprotect.formats.columnar as columnar

    threads = threading.active_count()
    opened: list[io.BufferedReader] = []
    closed_with: list[int] = []  # the threads running when the file was closed

    class Watched(io.BufferedReader):
        def close(self) -> None:
            if not self.closed:
                closed_with.append(threading.active_count())
            super().close()

    def watched_open(path: str) -> io.BufferedReader:
        opened.append(Watched(io.FileIO(path)))
        return opened[-1]

    monkeypatch.setattr(columnar, "_open", watched_open)
    path = tmp_path / "d.csv"
    path.write_text("unit,period,a\n" + "".join(
        f"{u},{p},{u[-1]}\n" for p in ("2023", "2024", "2025") for u in _UNITS), "utf-8")
    _, periods = read_period_columns(str(path), block=64)
    assert next(periods).period == "2023"
    assert threading.active_count() == threads + 1
    assert not opened[0].closed
    if drop:
        del periods
        gc.collect()
    else:
        periods.close()
    assert threading.active_count() == threads
    assert opened[0].closed
    assert closed_with == [threads]
    if not drop:
        assert list(periods) == []


def test_an_error_in_a_later_block_comes_after_the_periods_before_it(tmp_path: Path
                                                                     ) -> None:
    """Read ahead, a block's error is raised where its rows would have come: after every
    period before it."""
    path = tmp_path / "d.csv"
    path.write_text("unit,period,a\n" + "".join(
        f"{u},{p},{'x' if (p, u) == ('2025', '00003') else 1}\n"
        for p in ("2023", "2024", "2025") for u in _UNITS), "utf-8")
    for ahead in (True, False):
        _, periods = read_period_columns(str(path), block=64, ahead=ahead)
        got = []
        with pytest.raises(ValidationError, match="whole number"):
            got.extend(p.period for p in periods)
        assert got == ["2023", "2024"]


@given(st.data(), st.sampled_from(["S5", "S8", "S9", "U5"]))
def test_the_positions_of_units_are_where_the_layout_has_them(data: st.DataObject,
                                                              kind: str) -> None:
    """Units in any order, as bytes of any width or as texts, are found at their positions
    (hashed when they fit in 8 bytes, looked for among the codes sorted when wider); the
    same units again give the same answer; a unit that is not a reporting unit is an
    error."""
    import numpy as np

    from childprotect.formats.columnar import positions
    from childprotect.rollup.columns import layout_of
    from childprotect.units.registry import bundled

    lay = layout_of(bundled().on(date(2024, 12, 31)))
    leaves = list(lay.leaf)
    asked = data.draw(st.lists(st.sampled_from(leaves), unique=True, max_size=len(leaves)))
    cache: dict[int, tuple[object, ...]] = {}
    want = [lay.leaf[c] for c in asked]
    units = np.array(asked, dtype=kind) if kind[0] == "U" else np.array(
        [c.encode() for c in asked], dtype=kind)
    assert positions(lay, units, cache).tolist() == want
    assert positions(lay, units.copy(), cache).tolist() == want
    assert positions(lay, units[::-1], cache).tolist() == want[::-1]
    other = data.draw(st.sampled_from(["99999", "2997", "299710", "29971\u00e0"]))
    with pytest.raises(ValidationError, match="not a reporting unit"):
        positions(lay, np.array([*asked, other]), cache)
    with pytest.raises(ValidationError, match="not a reporting unit"):  # (wider than 8)
        positions(lay, np.array([c.encode() for c in [*asked, other]], dtype="S9"), cache)

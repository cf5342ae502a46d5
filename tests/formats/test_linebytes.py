"""Lines put together by numpy: the same bytes as Python's own formatting."""

from __future__ import annotations

import typing

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from childprotect.errors import ValidationError

np = pytest.importorskip("numpy", reason="lines are put together by numpy (the test extra "
                         "installs it)")

from childprotect.formats.linebytes import Lines  # noqa: E402

_ENDS = st.sampled_from([b"", b",", b"\n", b"."])


@st.composite
def numbers(draw: st.DrawFn) -> tuple[list[int], list[bool], int, bytes, bool]:
    """Whole numbers of any size an int64 holds (many near powers of ten), blanks, the
    least digits, the byte after each, and whether it follows a blank."""
    n = draw(st.integers(0, 40))
    near = st.integers(0, 18).flatmap(lambda k: st.integers(max(0, 10**k - 2), 10**k + 1))
    values = draw(st.lists(st.one_of(st.integers(0, 2**63 - 1), near,
                                     st.integers(0, 99_999)), min_size=n, max_size=n))
    blank = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    return values, blank, draw(st.integers(1, 6)), draw(_ENDS), draw(st.booleans())


@given(numbers())
@settings(max_examples=400, deadline=None)
def test_numbers_are_written_as_python_writes_them(
        case: tuple[list[int], list[bool], int, bytes, bool]) -> None:
    values, blank, least, end, end_blank = case
    lines = Lines(len(values))
    lines.number(np.array(values, dtype=np.int64), np.array(blank, dtype=bool), least=least,
                 end=end, end_blank=end_blank)
    lines.fixed(b"|")
    want = b"".join((b"" if b else b"%0*d" % (least, v)) + (end if not b or end_blank else b"")
                    + b"|" for v, b in zip(values, blank, strict=True))
    assert lines.bytes() == want


@given(st.lists(st.tuples(st.integers(0, 10**15), st.booleans()), max_size=30),
       st.integers(0, 6))
@settings(max_examples=200, deadline=None)
def test_decimals_are_written_with_their_places(rows: list[tuple[int, bool]],
                                               places: int) -> None:
    lines = Lines(len(rows))
    lines.decimal(np.array([q for q, _ in rows], dtype=np.int64), places,
                  np.array([b for _, b in rows], dtype=bool), end=b",")
    want = b"".join(b"," if b else (
        b"%d.%0*d," % (q // 10**places, places, q % 10**places) if places else b"%d.," % q)
        for q, b in rows)
    assert lines.bytes() == want


@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",),
                                      blacklist_characters="\x00"), max_size=12),
                max_size=20))
@settings(max_examples=200, deadline=None)
def test_texts_of_any_letters_are_written_whole(texts: list[str]) -> None:
    """UTF-8 of any length, letters of several bytes included, around fixed texts."""
    lines = Lines(len(texts))
    lines.fixed(b"<")
    lines.text([t.encode("utf-8") for t in texts])
    lines.fixed(b">\n")
    assert lines.bytes() == b"".join(b"<" + t.encode("utf-8") + b">\n" for t in texts)


def test_what_cannot_be_written_exactly_is_an_error() -> None:
    lines = Lines(2)
    with pytest.raises(ValidationError, match="negative"):
        lines.number(np.array([3, -1]))
    for texts in ([b"a\x00b", b"c"], [b"a", b"c\x00"], [b"\x00"], [b"x" * 5000]):
        with pytest.raises(ValidationError, match="NUL"):  # (a NUL at the end too)
            lines.text(texts)
    assert Lines(0).bytes() == b""


@given(st.lists(st.integers(0, 10**9), max_size=60), st.integers(1, 25))
@settings(max_examples=100, deadline=None)
def test_lines_in_parts_are_the_lines_whole(values: list[int], size: int) -> None:
    """Parts put together in threads come back in order, none lost or repeated."""
    lines = Lines(len(values))
    lines.text([b"u%d" % i for i in range(len(values))])
    lines.fixed(b",")
    lines.number(np.array(values, dtype=np.int64), end=b"\n")
    parts = list(lines.chunks(size))
    assert b"".join(parts) == lines.bytes()
    assert len(parts) == max(1, -(-len(values) // size))


def test_work_in_threads_gives_its_error_to_the_caller() -> None:
    """An error raised in a thread is raised where its result is asked for, once; the
    results before it are given in order."""
    from childprotect.formats.linebytes import Later, in_order

    def half(n: int) -> int:
        if n % 2:
            raise ValidationError(f"{n} is odd")
        return n // 2

    got: list[int] = []
    with pytest.raises(ValidationError, match="3 is odd"):
        for x in in_order(half, [2, 4, 3, 6]):
            got.append(x)
    assert got == [1, 2]
    later = Later(half, 5)
    with pytest.raises(ValidationError, match="5 is odd"):
        later.result()
    assert later.result() is None  # (raised once)
    assert list(in_order(half, [])) == []


def test_an_error_in_taking_the_next_item_comes_after_the_items_before_it() -> None:
    """The items are taken while the ones before are worked out: an error in taking one
    is raised after the results, and the errors, of those before it, as one at a time."""
    from childprotect.formats.linebytes import in_order

    def items(fail_at: int) -> typing.Iterator[int]:
        for i in range(5):
            if i == fail_at:
                raise ValidationError(f"item {i} could not be read")
            yield i

    got: list[int] = []
    with pytest.raises(ValidationError, match="item 3 could not be read"):
        got.extend(in_order(lambda i: i * 10, items(3)))
    assert got == [0, 10, 20]

    def fails_on_two(i: int) -> int:
        if i == 2:
            raise ValidationError("worked out wrong")
        return i

    with pytest.raises(ValidationError, match="worked out wrong"):  # (not item 3's)
        list(in_order(fails_on_two, items(3)))


@given(st.integers(0, 12), st.one_of(st.none(), st.integers(0, 12)), st.integers(1, 4),
       st.one_of(st.none(), st.integers(0, 12)))
@settings(max_examples=100, deadline=None)
def test_items_taken_ahead_come_in_order_with_their_error_in_its_place(
        n: int, fail_at: int | None, depth: int, stop_at: int | None) -> None:
    """Items taken in a thread come as taken one at a time: in order, an error where its
    item would have been. A caller that stops early leaves no thread behind, and the
    items' own ending has run."""
    import threading

    from childprotect.formats.linebytes import read_ahead

    ended: list[bool] = []

    def items() -> typing.Iterator[int]:
        try:
            for i in range(n):
                if i == fail_at:
                    raise ValidationError(f"item {i} could not be read")
                yield i
        finally:
            ended.append(True)

    threads = threading.active_count()
    got: list[int] = []
    taken = read_ahead(items(), depth)
    fails = fail_at is not None and fail_at < n
    stops = stop_at is not None and stop_at < (fail_at if fails else n)
    if stops:
        assert stop_at is not None
        for x in taken:
            got.append(x)
            if len(got) > stop_at:
                break
        taken.close()
        assert got == list(range(stop_at + 1))
    elif fails:
        with pytest.raises(ValidationError, match=f"item {fail_at} could not be read"):
            got.extend(taken)
        assert got == list(range(typing.cast(int, fail_at)))
    else:
        assert list(taken) == list(range(n))
    assert threading.active_count() == threads
    assert ended == [True]


@pytest.mark.parametrize("depth", [1, 2, 4])
def test_a_caller_that_stops_early_stops_the_thread_taking_items(depth: int) -> None:
    """After the caller stops, the thread takes at most the item it was taking and one
    more it could put: not the rest."""
    import threading

    from childprotect.formats.linebytes import read_ahead

    made: list[int] = []

    def items() -> typing.Iterator[int]:
        for i in range(10_000):
            made.append(i)
            yield i

    threads = threading.active_count()
    taken = read_ahead(items(), depth)
    assert [next(taken) for _ in range(3)] == [0, 1, 2]
    taken.close()
    assert threading.active_count() == threads
    assert len(made) <= 3 + depth + 2


def test_ended_in_its_own_thread_the_taking_stops_without_waiting_for_itself() -> None:
    """Dropped in a reference cycle, the iterator may be ended by the collector in the
    thread taking the items: that ending returns (it cannot wait for its own thread),
    and the thread stops after it."""
    import threading

    from childprotect.formats.linebytes import read_ahead

    first_taken, ended = threading.Event(), threading.Event()
    holder: list[typing.Generator[int, None, None]] = []

    def items() -> typing.Iterator[int]:
        yield 0
        first_taken.wait(10)
        holder[0].close()  # (as the collector would, in this thread)
        ended.set()
        yield from range(1, 10_000)

    threads = threading.active_count()
    holder.append(read_ahead(items()))
    assert next(holder[0]) == 0
    first_taken.set()
    assert ended.wait(10)
    for _ in range(1000):  # (the thread ends on its own: nothing here waits for it)
        if threading.active_count() == threads:
            break
        threading.Event().wait(0.01)
    assert threading.active_count() == threads
    assert list(holder[0]) == []


def test_a_caller_that_stops_in_order_early_goes_on_once_the_calls_under_way_end(
        ) -> None:
    """Closing :func:`in_order` early waits for the calls it started: none is still
    running when the caller goes on."""
    import threading

    from childprotect.formats.linebytes import in_order

    release = threading.Event()
    ended: list[int] = []

    def slow(i: int) -> int:
        if i > 0:
            release.wait(10)
        ended.append(i)
        return i

    threads = threading.active_count()
    results = in_order(slow, range(10), ahead=3)
    assert next(results) == 0
    timer = threading.Timer(0.2, release.set)
    timer.start()
    results.close()
    assert sorted(ended) == [0, 1, 2]  # (the first three started; the fourth not yet)
    timer.join()
    assert threading.active_count() == threads


@given(st.lists(st.tuples(st.text(st.characters(blacklist_characters="\x00",
                                                blacklist_categories=("Cs",)), max_size=12),
                          st.integers(0, 10**12), st.booleans()), max_size=40),
       st.integers(0, 45), st.integers(0, 45))
@settings(max_examples=100, deadline=None)
def test_both_ways_of_taking_the_nuls_out_give_the_same_bytes(
        rows: list[tuple[str, int, bool]], start: int, stop: int) -> None:
    """The bytes of any lines, or of some of them, are the same whether the NULs are
    deleted from the bytes (one thread) or the other bytes picked out by numpy (threads)."""
    lines = Lines(len(rows))
    lines.text([t.encode("utf-8") for t, _, _ in rows])
    lines.fixed(b",")
    lines.number(np.array([v for _, v, _ in rows], dtype=np.int64),
                 np.array([b for _, _, b in rows], dtype=bool), end=b"\n")
    assert lines.bytes(start, stop, apart=True) == lines.bytes(start, stop)
    assert lines.bytes(apart=True) == lines.bytes() == b"".join(
        t.encode("utf-8") + b"," + (b"" if b else str(v).encode()) + b"\n" for t, v, b in rows)

"""Lines of text put together by numpy, a column at a time: the CSV of a column rollup
without a data frame library.

Each line is the same pieces in turn: a fixed text, a row's own text (a unit's code and
name), or a whole number written in digits (nothing where a cell is blank), each perhaps
followed by a separator. The pieces are laid side by side in a matrix, in lanes of four
bytes, as wide as each piece can be; what each row keeps of it is taken out in one pass.

Needs numpy, imported when used.

>>> import numpy as np
>>> lines = Lines(2)
>>> lines.text([b"a,", b"bcd,"])
>>> lines.number(np.array([7, 120345]), blank=np.array([False, True]), end=b",")
>>> lines.decimal(np.array([65624, 5]), 4, end=b"\\n")
>>> lines.bytes()
b'a,7,6.5624\\nbcd,,0.0005\\n'
"""

from __future__ import annotations

import contextlib
import typing
from collections.abc import Generator, Iterator

__all__ = ["LONGEST", "Later", "Lines", "digit_counts", "in_order", "lanes", "lanes_for"]

_POWERS = [10**k for k in range(19)]
_Bytes = bytes  # (within Lines, ``bytes`` names its method)
_TABLES: dict[bytes, tuple[typing.Any, typing.Any, typing.Any]] = {}


def _digits(end: bytes) -> tuple[typing.Any, typing.Any, typing.Any]:
    """Lanes of four bytes (uint32) for each number below 10,000 (below 1,000 when it is
    followed by ``end``): its digits with zeros in front, then ``end``; the same with
    those zeros left out (NUL bytes, at least one digit kept); and for 0 … 4 digits
    shown, the mask (bytes 0xFF) of the bytes shown (``end`` included). Made once per
    ``end``."""
    got = _TABLES.get(end)
    if got is None:
        import numpy as np

        places = 4 - len(end)
        n = np.arange(10**places)
        cols = [n // 10**k % 10 + 48 for k in range(places - 1, -1, -1)] + [
            np.full(len(n), end[0]) for _ in end]
        full = np.stack(cols, axis=1).astype(np.uint8).view(np.uint32).ravel()
        masks = (np.array([[0] * (places - k) + [1] * k + [1] * len(end)
                           for k in range(places + 1)], np.uint8) * 255).view(
            np.uint32).ravel()
        shown = np.ones(len(n), np.int64)  # digits shown: at least one
        for d in range(1, places):
            shown += n >= 10**d
        got = _TABLES[end] = (full, full & masks[shown], masks)
    return got


_PAIRED: dict[bytes | None, typing.Any] = {}


def _paired(end: bytes | None) -> typing.Any:
    """One table of lanes for the last lane of a number followed by ``end`` (None: a lane
    before the last, with nothing shown for 0 when it is the first): at ``i`` the digits
    of ``i`` without zeros in front, at ``i + 10**places`` with them (a number that has
    digits above this lane; see :func:`_above`). Made once per ``end``."""
    got = _PAIRED.get(end)
    if got is None:
        import numpy as np

        full, alone, _ = _digits(end or b"")
        if end is None:
            alone = alone.copy()
            alone[0] = 0
        got = _PAIRED[end] = np.concatenate([alone, full])
    return got


def _split(values: typing.Any, power: int) -> tuple[typing.Any, typing.Any]:
    """``values // power`` and ``values % power`` (quicker than ``numpy.divmod``, which
    divides twice)."""
    rest = values // power
    return rest, values - rest * power


def _above(low: typing.Any, rest: typing.Any, power: int) -> typing.Any:
    """Where in :func:`_paired`'s table each lane's digits ``low`` are: past ``power``
    when the number has digits above them (``rest`` > 0)."""
    return low + (rest > 0) * low.dtype.type(power)


class Lines:
    """``n`` lines built piece by piece (see the module), then :meth:`bytes`."""

    __slots__ = ("_last", "_pieces", "n")

    def __init__(self, n: int) -> None:
        self.n = n
        self._last: tuple[bytes, typing.Any] = (b"", None)  # the last fixed text, its lanes
        # each piece: its lanes of four bytes (uint32, k × n: a lane's values together;
        # k × 1 for a fixed text), a NUL byte where nothing is written
        self._pieces: list[typing.Any] = []

    def fixed(self, text: bytes, keep: typing.Any = None) -> None:
        """The same ``text`` on every line (only where ``keep``, a boolean per line, when
        given)."""
        import numpy as np

        if keep is None and self._pieces and self._pieces[-1] is self._last[1]:
            # (after another fixed text: one piece, so that no lane is half empty)
            text = self._last[0] + text
            self._pieces.pop()
        cells = lanes([text])
        if keep is not None:
            cells = np.where(np.asarray(keep, bool)[None, :], cells, np.uint32(0))
        else:
            self._last = (text, cells)
        self._pieces.append(cells)

    def text(self, texts: typing.Sequence[bytes]) -> None:
        """Each line's own text (see :func:`lanes`)."""
        self._pieces.append(lanes(texts))

    def cells(self, cells: typing.Any) -> None:
        """Each line's own text as :func:`lanes` gives it."""
        self._pieces.append(cells)

    def number(self, values: typing.Any, blank: typing.Any = None, *, least: int = 1,
               end: bytes = b"", end_blank: bool = True) -> None:
        """Each line's whole number ≥ 0 in digits, at least ``least`` of them (with zeros
        in front), then ``end`` (one byte or none); nothing where ``blank`` (but ``end``,
        when ``end_blank``). ``values`` (and ``blank``) may be a matrix, a row per line:
        its columns are written one after another, each followed by ``end``."""
        import numpy as np

        values = np.asarray(values, dtype=np.int64)
        n = len(values)
        width = values.shape[1] if values.ndim > 1 else 1
        columns = np.ascontiguousarray(values.reshape(n, width).T)  # a row per column
        m = len(columns)
        if values.size and int(values.min()) < 0:
            from childprotect.errors import ValidationError
            from childprotect.i18n import Message

            raise ValidationError(Message("a negative number where a count is written"))
        digits = max(len(str(int(values.max()))) if values.size else 1, least, 1)
        last = 4 - len(end)  # digits in the last lane
        k = lanes_for(digits, end)
        matrix = np.empty((m, k, n), np.uint32)
        full, alone, masks = _digits(end)
        if digits < 10:  # (the quicker arithmetic of 32 bits)
            columns = columns.astype(np.uint32)
        rest, low = _split(columns, _POWERS[last])
        if least == 1:  # each lane from its own digits and whether any are above it
            if k == 1:
                matrix[:, 0] = alone[low]
            else:  # (one table: the digits alone, then with zeros in front)
                matrix[:, k - 1] = _paired(end)[_above(low, rest, _POWERS[last])]
                top4 = _paired(None)
                for lane in range(k - 2, -1, -1):
                    rest, low = _split(rest, 10_000)
                    matrix[:, lane] = top4[low] if lane == 0 else top4[
                        _above(low, rest, 10_000)]
        else:  # from the number of digits of each line
            lens = np.full(columns.shape, least, np.int64)  # (least 0: none for 0)
            for d in range(least, digits):
                lens += columns >= _POWERS[d]
            matrix[:, k - 1] = full[low] & masks[np.minimum(lens, last)]
            if k > 1:
                full4, _, masks4 = _digits(b"")
                for lane in range(k - 2, -1, -1):
                    rest, low = _split(rest, 10_000)
                    matrix[:, lane] = full4[low] & masks4[
                        np.clip(lens - last - 4 * (k - 2 - lane), 0, 4)]
        if blank is not None:
            hidden = np.ascontiguousarray(np.asarray(blank, bool).reshape(n, width).T)
            for lane in range(k):
                matrix[:, lane][hidden] = 0
            if end and end_blank:
                matrix[:, k - 1][hidden] = full[0] & masks[0]
        self._pieces.append(matrix.reshape(m * k, n))

    def decimal(self, scaled: typing.Any, places: int, blank: typing.Any = None, *,
                end: bytes = b"") -> None:
        """Each line's ``scaled / 10**places`` with its ``places`` decimals (``scaled`` a
        whole number ≥ 0), then ``end``; nothing where ``blank`` (but ``end``)."""
        import numpy as np

        whole, part = np.divmod(np.asarray(scaled, dtype=np.int64), _POWERS[places])
        self.number(whole, blank, end=b".", end_blank=False)
        self.number(part, blank, least=places, end=end)

    def bytes(self, start: int = 0, stop: int | None = None, *, apart: bool = False
              ) -> bytes:
        """The bytes of the lines from ``start`` to ``stop`` (all by default), in order
        (``apart``: while another thread puts other lines together, see :meth:`chunks`)."""
        import numpy as np

        stop = self.n if stop is None else min(stop, self.n)
        if not self._pieces or stop <= start:
            return b""
        width = sum(len(c) for c in self._pieces)
        # a line per row, each piece's lanes turned into its columns as they are copied
        # (a third of the time of copying them as they are, then turning the whole)
        matrix = np.empty((stop - start, width), np.uint32)
        at = 0
        for cells in self._pieces:
            matrix[:, at:at + len(cells)] = (cells if cells.shape[1] == 1 else
                                             cells[:, start:stop]).T
            at += len(cells)
        if apart:  # (numpy lets go of Python's lock while it picks the bytes out)
            lines = matrix.view(np.uint8)
            return typing.cast("bytes", lines[lines != 0].tobytes())
        # (deleting the NULs from the bytes: 0.65 of the time of picking out the others,
        # holding Python's lock meanwhile; the command, which writes CSV in a thread while
        # it reads the next period, took 0.92 of its time at 100 periods all the same)
        return matrix.tobytes().translate(None, b"\x00")


    def spaces(self, counts: typing.Any, most: int) -> None:
        """``counts[i]`` spaces on line ``i`` (at most ``most``)."""
        import numpy as np

        k = -(-most // 4)
        table = np.array([(b" " * c).ljust(4, b"\x00") for c in range(5)], "S4").view(
            np.uint32)
        counts = np.asarray(counts, np.int64)
        cells = np.empty((k, len(counts)), np.uint32)
        for lane in range(k):
            cells[lane] = table[np.clip(counts - 4 * lane, 0, 4)]
        self._pieces.append(cells)


    def chunks(self, size: int) -> Iterator[_Bytes]:
        """The bytes of the lines, ``size`` lines at a time, in order; two parts are put
        together at once, each in a thread of its own (numpy lets go of Python's lock
        while it copies), so that two cores share the work."""
        starts = range(0, self.n, size)
        if len(starts) < 2:
            yield self.bytes()
            return
        yield from in_order(lambda s: self.bytes(s, s + size, apart=True), starts)


class Later:
    """``fn(*args)`` run in a thread of its own from now on; :meth:`result` waits for it
    and gives what it returned, or raises its error.

    >>> Later(sum, [1, 2]).result()
    3
    """

    __slots__ = ("_error", "_thread", "_value")

    def __init__(self, fn: typing.Callable[..., typing.Any], *args: typing.Any) -> None:
        import threading

        self._value: typing.Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn, args), daemon=True)
        self._thread.start()

    def _run(self, fn: typing.Callable[..., typing.Any], args: tuple[typing.Any, ...]
             ) -> None:
        try:
            self._value = fn(*args)
        except BaseException as exc:  # (raised again in the caller's thread)
            self._error = exc

    def wait(self) -> None:
        """Wait for the call to end (its result and error kept for :meth:`result`)."""
        self._thread.join()

    def result(self) -> typing.Any:
        """What the call returned (its error raised here, once)."""
        self._thread.join()
        error, self._error = self._error, None
        if error is not None:
            raise error
        return self._value


_T = typing.TypeVar("_T")


def in_order(fn: typing.Callable[[typing.Any], _T], items: typing.Iterable[typing.Any],
             ahead: int = 2) -> Iterator[_T]:
    """``fn(item)`` of each item, in order, at most ``ahead`` of them worked out at once,
    each in a thread of its own (for work that lets go of Python's lock: numpy's). The
    next item is taken from ``items`` while those are worked out; an error in taking it
    is raised after the results (and the errors) of the items before it, as if one at a
    time. A caller that stops early (closes this iterator) goes on once the calls under
    way have ended.

    >>> list(in_order(len, [b"a", b"bc", b""]))
    [1, 2, 0]
    """
    import collections

    pending: collections.deque[Later] = collections.deque()
    it = iter(items)
    error: BaseException | None = None
    try:
        while True:
            try:
                item = next(it)
            except StopIteration:
                break
            except BaseException as exc:  # (raised below, after the items before it)
                error = exc
                break
            pending.append(Later(fn, item))
            if len(pending) >= ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:  # (a caller that stops early: the calls under way end before it goes on)
        for later in pending:
            later.wait()
    if error is not None:
        raise error


def read_ahead(items: Iterator[_T], depth: int = 2) -> Generator[_T, None, None]:
    """The items of ``items``, taken in a thread of their own up to ``depth`` ahead of
    the caller (for work that lets go of Python's lock: numpy's). An error in taking one
    is raised where that item would have come, after the items before it. When the
    caller stops early (closes this iterator, or drops it), the thread stops after the
    item it is taking, and :meth:`close` returns once it has.

    >>> list(read_ahead(iter(range(5))))
    [0, 1, 2, 3, 4]
    """
    import queue
    import threading

    got: queue.Queue[tuple[int, typing.Any]] = queue.Queue(max(depth, 1))
    stop = threading.Event()

    def put(kind: int, value: object) -> bool:
        """Put, unless the caller has stopped and the queue stays full (then False)."""
        while True:
            try:
                got.put((kind, value), timeout=0.05)
                return True
            except queue.Full:
                if stop.is_set():
                    return False

    def take() -> None:
        try:
            for item in items:
                # (after the caller's stop, at most one more item is put: the caller
                # empties the queue until this thread ends)
                if not put(_ITEM, item) or stop.is_set():
                    return
            put(_END, None)
        except BaseException as exc:  # (raised in the caller's thread)
            put(_ERROR, exc)
        finally:
            close = getattr(items, "close", None)
            if close is not None:  # (a generator's own ending, in this thread)
                close()

    thread = threading.Thread(target=take, daemon=True)
    thread.start()
    try:
        while True:
            kind, value = got.get()
            if kind == _END:
                return
            if kind == _ERROR:
                raise value
            yield value
    finally:
        stop.set()
        # (dropped in a reference cycle, this iterator may be ended by the collector in
        # the thread itself, which cannot wait for its own end: it stops at its next put)
        if threading.current_thread() is not thread:
            while thread.is_alive():  # (room for what the thread puts until it ends)
                with contextlib.suppress(queue.Empty):
                    got.get(timeout=0.01)
            thread.join()


_ITEM, _ERROR, _END = 0, 1, 2


def digit_counts(values: typing.Any) -> typing.Any:
    """How many digits each whole number ≥ 0 of ``values`` (of any shape) has."""
    import numpy as np

    values = np.asarray(values)
    out = np.ones(values.shape, np.int64)
    top = int(values.max()) if values.size else 0
    for d in range(1, len(str(top))):
        out += values >= _POWERS[d]
    return out


def lanes_for(digits: int, end: bytes = b"") -> int:
    """How many lanes of four bytes :meth:`Lines.number` takes for a number of ``digits``
    digits followed by ``end``: the last lane holds its last digits and ``end``.

    >>> lanes_for(3, b","), lanes_for(4, b","), lanes_for(8), lanes_for(9)
    (1, 2, 2, 3)
    """
    return 1 + -(-max(digits - (4 - len(end)), 0) // 4)


def lanes(texts: typing.Sequence[bytes]) -> typing.Any:
    """Texts (bytes without NUL, none longer than :data:`LONGEST`) as lanes of four bytes,
    NUL after their end: a uint32 matrix, a column per text, for :meth:`Lines.cells`
    (worth keeping when the same texts come again, a unit's name say). A longer text is
    an error: every text is laid out as wide as the longest."""
    import numpy as np

    texts = list(texts)
    n = len(texts)
    widest = max(map(len, texts), default=0)
    if widest > LONGEST or b"\x00" in b"".join(texts):
        from childprotect.errors import ValidationError
        from childprotect.i18n import Message

        raise ValidationError(Message("a text longer than {n} bytes, or with a NUL "
                                      "character, to write a column at a time", n=LONGEST))
    width = -(-widest // 4) * 4
    if not width:
        return np.zeros((0, n), np.uint32)
    cells = np.array(texts, dtype=f"S{width}")
    return np.ascontiguousarray(cells.view(np.uint32).reshape(n, width // 4).T)


#: The longest text :func:`lanes` lays out (a unit's name in JSON, escaped, with its
#: level and code: some hundreds of bytes).
LONGEST = 4096

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

import typing
from collections.abc import Iterator

__all__ = ["LONGEST", "Lines", "digit_counts", "lanes", "lanes_for"]

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


_TOP: list[typing.Any] = []


def _top() -> typing.Any:
    """For each number below 10,000: its digits without zeros in front (NUL bytes; none
    at all for 0), as the first lane of a larger number. Made once."""
    if not _TOP:
        top = _digits(b"")[1].copy()
        top[0] = 0
        _TOP.append(top)
    return _TOP[0]


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
        rest, low = np.divmod(columns, _POWERS[last])
        if least == 1:  # each lane from its own digits and whether any are above it
            matrix[:, k - 1] = alone[low] if k == 1 else np.where(rest > 0, full[low],
                                                                    alone[low])
            if k > 1:
                full4, top = _digits(b"")[0], _top()
                for lane in range(k - 2, -1, -1):
                    rest, low = np.divmod(rest, 10_000)
                    matrix[:, lane] = top[low] if lane == 0 else np.where(
                        rest > 0, full4[low], top[low])
        else:  # from the number of digits of each line
            lens = np.full(columns.shape, least, np.int64)  # (least 0: none for 0)
            for d in range(least, digits):
                lens += columns >= _POWERS[d]
            matrix[:, k - 1] = full[low] & masks[np.minimum(lens, last)]
            if k > 1:
                full4, _, masks4 = _digits(b"")
                for lane in range(k - 2, -1, -1):
                    rest, low = np.divmod(rest, 10_000)
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

    def bytes(self, start: int = 0, stop: int | None = None) -> bytes:
        """The bytes of the lines from ``start`` to ``stop`` (all by default), in order."""
        import numpy as np

        stop = self.n if stop is None else min(stop, self.n)
        if not self._pieces or stop <= start:
            return b""
        width = sum(len(c) for c in self._pieces)
        # a lane of every line at a time (each a row here), then turned to lines
        matrix = np.empty((width, stop - start), np.uint32)
        at = 0
        for cells in self._pieces:
            matrix[at:at + len(cells)] = cells if cells.shape[1] == 1 else \
                cells[:, start:stop]
            at += len(cells)
        lines = np.ascontiguousarray(matrix.T).view(np.uint8)
        return typing.cast("bytes", lines[lines != 0].tobytes())


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
        import concurrent.futures

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            ahead = [pool.submit(self.bytes, s, s + size) for s in starts[:2]]
            for s in starts[2:]:
                done = ahead.pop(0).result()
                ahead.append(pool.submit(self.bytes, s, s + size))
                yield done
            for future in ahead:
                yield future.result()


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
    if widest > LONGEST or any(b"\x00" in t for t in texts):
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

"""Large rollup CSV files a column at a time (numpy), a period at a time.

The fast path of ``childprotect rollup`` for a large, plain file: the counts are parsed
and checked by numpy, a period's units summed by :mod:`childprotect.rollup.columns`, and
the text written by :mod:`childprotect.formats.columnwrite`. It takes only the files it
reads exactly as :func:`~childprotect.formats.counts.read_csv_text` reads them: plain
ASCII without quotes, blank lines or signs, its lines ended by LF or CR LF, every row as wide as the
header, every count written in digits or left blank, the periods one after another in
order. (A unit listed twice in one period is refused when the period is summed, by
:mod:`childprotect.rollup.columns`.) Anything else is a
:class:`~childprotect.errors.ValidationError` saying why (the command then reads the file
row by row, which names each problem).

Needs numpy (``pip install childprotect[columns]``), imported when used.
"""

from __future__ import annotations

import contextlib
import itertools
import typing
from collections.abc import Generator, Iterator

from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.rollup.measures import Measures

if typing.TYPE_CHECKING:
    from childprotect.rollup.columns import ColumnLayout

__all__ = ["PeriodColumns", "available", "positions", "read_period_columns"]


def available(polars: bool = False) -> bool:
    """Whether numpy can be imported, the column path's only need (and polars too, when
    ``polars``: the per-child tally of :mod:`.registers` takes it for files whose codes
    differ in width)."""
    import importlib.util

    need = ("polars", "numpy") if polars else ("numpy",)
    return all(importlib.util.find_spec(m) is not None for m in need)


def _refuse(source: str, why: Message) -> ValidationError:
    return ValidationError(Message("{source}: not read a column at a time: {why}",
                                   source=source, why=why))


class PeriodColumns:
    """One period's rows: the units (a numpy array of their codes in ASCII bytes; as texts
    by :meth:`codes`), the counts (an ``int64`` numpy array, a row per unit and a column
    per count) and where they are blank (a boolean array of the same shape, or None when
    nothing is blank)."""

    __slots__ = ("blank", "period", "units", "values")

    def __init__(self, period: str, units: typing.Any, values: typing.Any,
                 blank: typing.Any) -> None:
        self.period, self.units, self.values, self.blank = period, units, values, blank

    def __repr__(self) -> str:
        return f"<PeriodColumns {self.period}: {len(self.units)} rows>"

    def codes(self) -> list[str]:
        """The units' codes as texts, in the rows' order."""
        return [u.decode("ascii") for u in self.units.tolist()]


def read_period_columns(path: str, *, block: int = 1 << 18, ahead: bool = True
                        ) -> tuple[Measures, Iterator[PeriodColumns]]:
    """The measures of a rollup CSV file and its periods, one at a time, as columns.

    Memory holds one period, the arrays a block is parsed in (kept from block to block:
    about ten times ``block`` bytes) and, with ``ahead``, up to three parsed blocks. An
    error (see the module) is raised when the file is not one this path reads exactly,
    as soon as that is seen, after the periods before it.

    With ``ahead``, the next blocks are read and parsed in a thread of their own while
    the caller works on a period (numpy lets go of Python's lock): a program that rolls
    each period up took a tenth to a quarter less time on two cores (the section 1b of
    ``benchmarks/bench_rollup.py``, with ``ahead`` and without).
    The thread stops when the periods are all read, or when the caller stops early
    (closes the iterator, or drops it). Close the periods, or read them to the end, to
    close the file at once: periods dropped in a reference cycle keep it (and the thread)
    until the collector ends them. ``childprotect rollup`` reads without: it writes CSV
    in a thread of its own, and for its other outputs a reading thread measured no
    faster.
    """
    from childprotect.formats.counts import _layout

    f = _open(path)
    try:
        cells = _header_cells(f, path, crlf=True)
        m, layout = _layout(cells, None, path)
        if layout.pos != list(range(2, layout.width)) or (layout.unit, layout.period) != (
                0, 1):
            raise _refuse(path, Message("the columns are not unit, period, then the counts"))
    except ValidationError:
        f.close()
        raise
    width = layout.width

    def periods() -> Iterator[PeriodColumns]:
        from childprotect.formats.linebytes import read_ahead

        frames = _frames(f, path, block, width)
        if ahead:
            frames = read_ahead(frames)
        # (the thread stopped before the file is closed)
        with f, contextlib.closing(frames):
            pending: list[_Part] = []  # the rows of the period being read
            current: str | None = None
            for frame in frames:
                for period, part in _runs(frame, path):
                    if current is not None and period != current:
                        if period < current:
                            raise _refuse(path, Message("the periods are not in order"))
                        yield _period(current, pending)
                        pending = []
                    current = period
                    pending.append(part)
            if current is not None:
                yield _period(current, pending)

    return m, periods()


def _header_cells(f: typing.BinaryIO, source: str, crlf: bool = False) -> list[str]:
    """The cells of the first line of ``f`` (a byte-order mark skipped), if it is plain
    UTF-8 in NFC followed by a line break (``crlf``: or a carriage return and a line
    break); else the error saying why not."""
    try:
        head = f.readline(1 << 20)
    except OSError as exc:
        from childprotect.formats.files import read_error

        raise read_error(source, exc) from None
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if crlf and head.endswith(b"\r\n"):
        head = head[:-2] + b"\n"
    if b'"' in head or b"\r" in head or b"\x00" in head:
        raise _refuse(source, Message("quotes, carriage returns or NUL characters"))
    if not head.endswith(b"\n"):
        raise _refuse(source, Message("no line after the header"))
    try:
        text = head[:-1].decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(source, Message("bytes that are not UTF-8")) from None
    from childprotect.data.unicode import nfc

    if nfc(text) != text:
        raise _refuse(source, Message("text not in Unicode NFC"))
    return text.split(",")


def _open(path: str) -> typing.BinaryIO:
    from childprotect.formats.files import open_data_file

    return open_data_file(path)


#: What a block of plain numeric rows holds: digits, separators, and the letters and dash
#: of periods and dates (2024-Q1, 2015-06-29). Anything else is looked at closer.
_SAFE = b"0123456789,\n-QS"


#: Spaces and control characters, the line break aside: what ``str.strip`` takes off a
#: cell in ASCII (a tab, a vertical tab, a form feed, a carriage return, the separators
#: 0x1C–0x1F, a space) and the other control characters besides. A block holding any is
#: left to the row reader, the reference, which strips or names them.
_SPACES = bytes([*range(0x0A), *range(0x0B, 0x21), 0x7F])


def _plain(data: bytes, source: str, cr: bool = False, count: bool = True
           ) -> tuple[int, int]:
    """The commas and line breaks of ``data`` if it is plain: ASCII without quotes,
    carriage returns (but before a line break, when ``cr``: checked by the parser), NULs,
    spaces or signs; else the error saying it is not. (The row reader strips the spaces
    around a unit or a period.) Without ``count``, the signs before a count and the
    commas and line breaks are left to :func:`_parse` (-1, -1), which looks at each byte
    once for all three."""
    import numpy as np

    if data.translate(None, _SAFE_CR if cr else _SAFE):  # not the usual digits and commas
        if not data.isascii() or b'"' in data or (b"\r" in data and not cr) or \
                b"\x00" in data:
            raise _refuse(source, Message("quotes, carriage returns, NUL characters or "
                                          "text other than ASCII"))
        if len(data.translate(None, _SPACES_CR if cr else _SPACES)) != len(data):
            raise _refuse(source, Message("spaces in a cell"))
        if b"+" in data:
            raise _refuse(source, Message("a count with a sign"))
    if not count:
        return -1, -1
    # One pass of numpy over the bytes (a tenth of the time of bytes.count and `in`).
    raw = np.frombuffer(data, np.uint8)
    comma = raw == 44
    _signs(raw, comma, source)
    return int(np.count_nonzero(comma)), int(np.count_nonzero(raw == 10))


def _signs(raw: typing.Any, comma: typing.Any, source: str) -> None:
    """The error of a count with a sign (``,-`` in the bytes ``raw``, whose commas are
    ``comma``)."""
    if (comma[:-1] & (raw[1:] == 45)).any():  # ",-"
        raise _refuse(source, Message("a count with a sign"))


_SAFE_CR = _SAFE + b"\r"
_SPACES_CR = _SPACES.replace(b"\r", b"")


def _blocks(f: typing.BinaryIO, source: str, size: int, width: int, *, cr: bool = False,
            count: bool = True) -> Iterator[bytes]:
    """The data lines of ``f``, a block of whole lines at a time, each block plain and
    every row as wide as the header (checked; without ``count``, the signs and the widths
    are left to :func:`_parse`). Lines ended by a carriage return and a
    line break (as a spreadsheet saves them) are ended by the line break alone, or kept
    as they are when ``cr`` (the caller checks that every carriage return ends a line)."""
    from childprotect.formats.files import lf_lines, line_blocks

    for read, last in line_blocks(f, source, size):
        kept = cr and b"\r" in read
        # (None: a carriage return within a line; with ``cr`` the block is kept as read)
        data = read if cr else lf_lines(read)
        if data is None or (kept and (data.endswith(b"\r") or (
                # (a block of blank lines alone is not parsed: its ends checked here)
                _blank(data) and data.count(b"\r") != data.count(b"\r\n")))):
            raise _refuse(source, Message("a carriage return within a line"))
        if last and data and not data.endswith(b"\n"):
            data += b"\n"
        if _blank(data):  # blank lines alone, which the row reader skips
            continue
        commas, lines = _plain(data, source, kept, count)
        # As many commas as full rows have (each row is checked when parsed); a blank
        # line has none.
        if count and commas != lines * (width - 1):
            raise _refuse(source, Message("a blank line or a row of another width than "
                                          "the header's"))
        yield data


def _blank(data: bytes) -> bool:
    """Whether ``data`` holds line ends alone (or nothing); a block that begins with a
    cell is not copied to tell.

    >>> _blank(b""), _blank(b"\\r\\n\\n"), _blank(b"\\n1,2\\n")
    (True, True, False)
    """
    return not data or (data[0] in (10, 13) and not data.strip(b"\r\n"))


def _frames(f: typing.BinaryIO, source: str, size: int, width: int
            ) -> Generator[_Block, None, None]:
    """The data lines of ``f``, a block at a time, parsed by numpy (see :func:`_parse`)."""
    scratch = _Scratch()
    for data in _blocks(f, source, size, width, cr=True, count=False):
        yield _parse(data, source, width, scratch)


class _Scratch:
    """Arrays one reader keeps from block to block for what it works out on the way,
    taken by name and size (grown when a block needs more).

    A block's passing arrays are many times its size. Taken from the system for each
    block and given back, their pages are cleared afresh each time, or not, depending on
    what the process had done before: a block of 512 KiB took 1.7 to 6.5 ms to parse;
    with these kept, 1.3 to 1.4 ms. What a block gives (its units, periods and counts)
    is in new arrays, never in these.

    >>> s = _Scratch()
    >>> a = s.take("x", 3, "int32"); b = s.take("x", 2, "int32")
    >>> a.shape, b.shape, b.base is a.base
    ((3,), (2,), True)
    """

    __slots__ = ("_kept",)

    def __init__(self) -> None:
        self._kept: dict[str, typing.Any] = {}

    def take(self, name: str, size: int, dtype: typing.Any) -> typing.Any:
        """The first ``size`` items of the array kept as ``name`` (a new one if it is
        shorter), uninitialised."""
        import numpy as np

        kept = self._kept.get(name)
        if kept is None or len(kept) < size or kept.dtype != dtype:
            kept = self._kept[name] = np.empty(size + size // 8, dtype)  # (room to grow)
        return kept[:size]

    def windows(self, raw: typing.Any) -> typing.Any:
        """The 8 bytes from each offset of ``raw`` (an array of bytes) as one
        little-endian 64-bit number: the array (kept) whose items :func:`numpy.take`
        picks out. (A block's bytes copied 8 times over: picking them out of the bytes
        themselves, through a view, took twice as long.)

        >>> import numpy as np
        >>> w = _Scratch().windows(np.frombuffer(b"0123456789", np.uint8))
        >>> [int(x).to_bytes(8, "little") for x in w]
        [b'01234567', b'12345678', b'23456789']
        """
        import numpy as np

        size = len(raw) - 7
        every = np.ndarray(shape=(size,), dtype="<u8", buffer=raw, strides=(1,))
        out = self.take("every", size, np.uint64)
        np.copyto(out, every)
        return out


#: One block's rows: the units and periods (numpy arrays of ASCII bytes), the counts (an
#: ``int64`` array, a row per line and a column per count) and where they are blank (a
#: boolean array of the same shape, or None).
_Block = tuple[typing.Any, typing.Any, typing.Any, typing.Any]


def _parse(data: bytes, source: str, width: int, scratch: _Scratch | None = None
           ) -> _Block:
    """The rows of a plain block (checked by :func:`_blocks`: ASCII without quotes or
    spaces) as arrays. Each line must have its ``width`` cells, the unit and period not
    blank, and each count be digits or blank, without a sign (else the error saying
    which). What is worked out on the way is kept in ``scratch`` for the next block."""
    import numpy as np

    s = scratch or _Scratch()
    size = len(data) + 8
    raw = s.take("raw", size, np.uint8)
    raw[:8] = 48  # (eight zeros before the first cell, so that 8 bytes end at every one)
    raw[8:] = np.frombuffer(data, np.uint8)
    comma = np.equal(raw, 44, out=s.take("comma", size, bool))
    dash = np.equal(raw[1:], 45, out=s.take("dash", size - 1, bool))
    if np.logical_and(dash, comma[:-1], out=dash).any():  # ",-"
        raise _refuse(source, Message("a count with a sign"))
    breaks = np.equal(raw, 10, out=s.take("breaks", size, bool))
    lines = int(np.count_nonzero(breaks))
    np.logical_or(comma, breaks, out=comma)
    cells = int(np.count_nonzero(comma))
    n = cells // width
    # (as many line breaks as rows: none within one, two short lines read as a row)
    if cells != n * width or not n or lines != n:
        raise _refuse(source, Message("a blank line or a row of another width than the "
                                      "header's"))
    # where each cell ends (a new array: numpy.compress, given a kept one, takes 3 times
    # as much on the way)
    ends = np.flatnonzero(comma).reshape(n, width)
    if not (raw[ends[:, -1]] == 10).all():  # a short row next to a long one
        raise _refuse(source, Message("a blank line or a row of another width than the "
                                      "header's"))
    starts = s.take("starts", cells, np.intp).reshape(n, width)
    starts[0, 0] = 8
    np.add(ends[:-1, -1], 1, out=starts[1:, 0])  # after each line break
    np.add(ends[:, :-1], 1, out=starts[:, 1:])
    if b"\r" in data:  # lines ended by CR LF: each carriage return ends a line
        before = raw[ends[:, -1] - 1] == 13
        if int(np.count_nonzero(raw == 13)) != int(np.count_nonzero(before)):
            raise _refuse(source, Message("a carriage return within a line"))
        ends[:, -1] -= before  # (the last cell ends before it)
    lens = np.subtract(ends, starts, out=s.take("lens", cells, np.intp).reshape(n, width))
    if not lens[:, :2].all():
        raise _refuse(source, Message("a blank unit or period"))
    if int(lens[:, :2].max()) > _LONGEST:  # (each is laid out as wide as the longest)
        raise _refuse(source, Message("a unit or period of more than {n} characters",
                                      n=_LONGEST))
    every = s.windows(raw)
    units = _cells(raw, every, starts[:, 0], lens[:, 0])
    periods = _cells(raw, every, starts[:, 1], lens[:, 1])
    if width == 2:
        return units, periods, np.zeros((n, 0), np.int64), None
    counts = lens[:, 2:]
    blank = np.equal(counts, 0, out=s.take("blank", n * (width - 2), bool).reshape(
        n, width - 2))
    if int(counts.max()) > 8:
        values = _digits(raw, ends[:, 2:], counts, source)
    else:
        values = _counts(every, ends[:, 2:], counts, source, s)
    return units, periods, values, blank.copy() if blank.any() else None


#: The longest unit code or period read a column at a time (codes have 2–5 digits,
#: periods at most 10 characters; anything longer is read row by row, which names it).
_LONGEST = 64

#: Bytes of eight ASCII zeros, and the masks of the digit check.
_ZEROS, _HIGH, _SIX = 0x3030303030303030, 0xF0F0F0F0F0F0F0F0, 0x0606060606060606
#: For a cell of 0 … 8 bytes: the mask of its bytes among the 8 that end it.
_CELL = [(0xFFFFFFFFFFFFFFFF << (8 * (8 - k))) & 0xFFFFFFFFFFFFFFFF for k in range(9)]


def _counts(every: typing.Any, ends: typing.Any, lens: typing.Any, source: str,
            scratch: _Scratch | None = None) -> typing.Any:
    """The counts of cells of at most 8 bytes ending at ``ends``, blank ones read as 0,
    each digits only (else the error saying so). ``every`` holds the 8 bytes from each
    offset of the block as a 64-bit number (see :meth:`_Scratch.windows`; the block has 8
    bytes before its first cell). The 8 bytes that end at each cell: its digits' values
    taken from their ASCII (``^ 0x30``), the bytes before the cell made zeros, then
    checked and combined eight digits at a time. (``scratch`` keeps what is worked out
    on the way.)"""
    import numpy as np

    s = scratch or _Scratch()
    u64 = np.uint64
    shape, size = lens.shape, lens.size
    at = np.subtract(ends, 8, out=s.take("at", size, np.intp).reshape(shape))
    w = np.take(every, at.ravel(), mode="clip")  # (each offset is in the block)
    # (in place where it can be: a block's counts are a few MB)
    w ^= u64(_ZEROS)  # a digit's byte is now its value, 0 … 9
    # (numpy.take copies indexes that are not one after the other, and writes to a new
    # array first unless it may clip, which no length needs)
    flat = s.take("lengths", size, np.intp)
    np.copyto(flat.reshape(shape), lens)
    w &= np.take(np.array(_CELL, u64), flat, out=s.take("mask", size, u64), mode="clip")
    # each byte at most 9: neither it nor it plus 6 reaches 16 (no byte carries into the
    # next unless one is already past 15)
    check = np.add(w, u64(_SIX), out=s.take("check", size, u64))
    check |= w
    check &= u64(_HIGH)
    if check.any():
        raise _refuse(source, Message("a count that is not a whole number"))
    # pairs of digits, then fours, then the eight (the first byte is the first digit):
    # each step one product whose wanted part the shift brings down
    w *= u64(10 * 256 + 1)
    w >>= u64(8)
    w &= u64(0x00FF00FF00FF00FF)
    w *= u64(100 * 65536 + 1)
    w >>= u64(16)
    w &= u64(0x0000FFFF0000FFFF)
    w *= u64(10000 * (1 << 32) + 1)
    w >>= u64(32)
    return w.view(np.int64).reshape(shape)  # (below 10**8: the same bits, no copy)


def _cells(raw: typing.Any, every: typing.Any, starts: typing.Any, lens: typing.Any
           ) -> typing.Any:
    """The cells of ``raw`` at ``starts`` of ``lens`` bytes (none blank; ``raw`` has 8
    bytes before the first; ``every``: see :meth:`_Scratch.windows`), as a numpy array of
    bytes."""
    import numpy as np

    most = int(lens.max())
    if most <= 8:  # each cell from the 8 bytes that end it, shifted to their front
        u64 = np.uint64
        w = np.take(every, starts + lens - 8, mode="clip")  # (each offset is in the block)
        w >>= ((8 - lens) * 8).astype(u64)
        return w.view("S8")
    at = starts[:, None] + np.arange(most)
    inside = np.arange(most) < lens[:, None]
    cells = np.where(inside, raw[np.minimum(at, len(raw) - 1)], 0).astype(np.uint8)
    return cells.view(f"S{most}").ravel()


def _digits(raw: typing.Any, ends: typing.Any, lens: typing.Any, source: str) -> typing.Any:
    """The counts of cells ending at ``ends`` (``lens`` bytes long, 0: blank, read as 0),
    each digits only (else the error saying so)."""
    import numpy as np

    most = int(lens.max())
    if most > 18:  # more than an int64 holds for certain
        raise _refuse(source, Message("a count that is not a whole number"))
    place = np.arange(most)
    inside = place >= (most - lens)[:, :, None]  # a cell's digits, to the right
    at = ends[:, :, None] - most + place
    got = raw[np.maximum(at, 0)].astype(np.int64) - 48
    if (inside & ((got < 0) | (got > 9))).any():
        raise _refuse(source, Message("a count that is not a whole number"))
    got[~inside] = 0
    return got @ (10 ** np.arange(most - 1, -1, -1, dtype=np.int64))


def _runs(block: _Block, source: str) -> Iterator[tuple[str, _Part]]:
    """``(period, rows)`` for each run of rows of one period in a block: each run is a
    slice of the block's arrays."""
    import numpy as np

    units, periods, values, blank = block
    cuts = np.flatnonzero(periods[1:] != periods[:-1]) + 1
    starts = [0, *cuts.tolist(), len(periods)]
    for lo, hi in itertools.pairwise(starts):
        gaps = None if blank is None else blank[lo:hi]
        # (None when nothing of this period is blank, as PeriodColumns says)
        yield periods[lo].decode("ascii"), (units[lo:hi], values[lo:hi],
                                            gaps if gaps is not None and gaps.any() else None)


#: One period's rows of one block: the units (a numpy array of bytes), the counts (an
#: ``int64`` array) and where they are blank (a boolean array, or None).
_Part = tuple[typing.Any, typing.Any, typing.Any]


def _period(period: str, parts: list[_Part]) -> PeriodColumns:
    """One period's rows as columns."""
    import numpy as np

    if len(parts) == 1:
        return PeriodColumns(period, *parts[0])
    blank = None
    if any(b is not None for _, _, b in parts):
        blank = np.concatenate([np.zeros(v.shape, dtype=bool) if b is None else b
                                for _, v, b in parts])
    width = max(u.dtype.itemsize for u, _, _ in parts)
    return PeriodColumns(period, np.concatenate([u.astype(f"S{width}") for u, _, _ in parts]),
                         np.concatenate([v for _, v, _ in parts]), blank)


def positions(lay: ColumnLayout, units: typing.Any,
              cache: dict[int, tuple[typing.Any, ...]]) -> typing.Any:
    """Where each unit (a numpy array of ASCII codes, or of texts) is among the layout's
    reporting units, as an ``intp`` array (an error for any other unit); ``cache`` keeps
    the units of the last call on each layout and where they were."""
    import numpy as np

    units = np.asarray(units)
    if units.dtype.kind == "U":
        units = np.char.encode(units, "utf-8")
    got = cache.get(id(lay))
    if got is not None and got[0] is lay and got[1].shape == units.shape and \
            (got[1] == units).all():
        return got[2]  # the same units as the period before
    index = lay.code_index() if units.dtype.kind == "S" and units.dtype.itemsize <= 8 else None
    if index is not None:  # (the codes' bytes as 64-bit numbers: hashed, in any order)
        out = index.find(np, units.astype("S8", copy=False).view(np.uint64))
        if len(out) and int(out.min()) < 0:
            raise ValidationError(Message("a unit that is not a reporting unit"))
    else:  # longer codes, or not ASCII: looked for among the codes sorted
        def make() -> tuple[typing.Any, typing.Any]:
            codes = np.array([c.encode("utf-8") for c in lay.leaf], dtype=bytes)
            order = np.argsort(codes, kind="stable")
            return codes[order], order

        codes, order = lay.kept("sorted-leaf-codes", make)
        where = np.minimum(np.searchsorted(codes, units), max(len(codes) - 1, 0))
        if not len(codes) or not (codes[where] == units).all():
            raise ValidationError(Message("a unit that is not a reporting unit"))
        out = order[where].astype(np.intp)
    cache[id(lay)] = (lay, units, out)
    return out

"""Large rollup CSV files a column at a time (polars and numpy), a period at a time.

The fast path of ``childprotect rollup`` for a large, plain file: the counts are parsed
and checked by polars, a period's units summed by :mod:`childprotect.rollup.columns`, and
the text written by :mod:`childprotect.formats.columnwrite`. It takes only the files it
reads exactly as :func:`~childprotect.formats.counts.read_csv_text` reads them: plain
ASCII without quotes, blank lines or signs, its lines ended by LF or CR LF, every row as wide as the
header, every count written in digits or left blank, the periods one after another in
order, each reporting unit once a period. Anything else is a
:class:`~childprotect.errors.ValidationError` saying why (the command then reads the file
row by row, which names each problem).

Needs polars and numpy (``pip install childprotect[columns]``), imported when used.
"""

from __future__ import annotations

import itertools
import typing
from collections.abc import Iterator

from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.rollup.measures import Measures

if typing.TYPE_CHECKING:
    from childprotect.rollup.columns import ColumnLayout

__all__ = ["PeriodColumns", "available", "positions", "read_period_columns"]


def available() -> bool:
    """Whether polars and numpy can be imported (the column path can run)."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("polars", "numpy"))


def _refuse(source: str, why: Message) -> ValidationError:
    return ValidationError(Message("{source}: not read a column at a time: {why}",
                                   source=source, why=why))


class PeriodColumns:
    """One period's rows: the units (a polars string series), the counts (an ``int64``
    numpy array, a row per unit and a column per count) and where they are blank (a
    boolean array of the same shape, or None when nothing is blank)."""

    __slots__ = ("blank", "period", "units", "values")

    def __init__(self, period: str, units: typing.Any, values: typing.Any,
                 blank: typing.Any) -> None:
        self.period, self.units, self.values, self.blank = period, units, values, blank

    def __repr__(self) -> str:
        return f"<PeriodColumns {self.period}: {len(self.units)} rows>"


def read_period_columns(path: str, *, block: int = 1 << 20
                        ) -> tuple[Measures, Iterator[PeriodColumns]]:
    """The measures of a rollup CSV file and its periods, one at a time, as columns.

    Memory holds a block of ``block`` bytes and one period. An error (see the module) is
    raised when the file is not one this path reads exactly, as soon as that is seen.
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
        with f:
            pending: list[_Part] = []  # the rows of the period being read
            current: str | None = None
            for frame in _frames(f, path, block, width):
                for period, part in _runs(frame, path, width - 2):
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


#: What ``str.strip`` takes off a cell in ASCII, the line break aside: spaces and control
#: characters (a tab, a vertical tab, a form feed, the separators 0x1C–0x1F …).
_SPACES = bytes([*range(0x0A), *range(0x0B, 0x21), 0x7F])


def _plain(data: bytes, source: str) -> tuple[int, int]:
    """The commas and line breaks of ``data`` if it is plain: ASCII without quotes,
    carriage returns, NULs, spaces or signs; else the error saying it is not. (The row
    reader strips the spaces around a unit or a period, which polars keeps.)"""
    import numpy as np

    if data.translate(None, _SAFE):  # not the usual block of digits and separators
        if not data.isascii() or b'"' in data or b"\r" in data or b"\x00" in data:
            raise _refuse(source, Message("quotes, carriage returns, NUL characters or "
                                          "text other than ASCII"))
        if len(data.translate(None, _SPACES)) != len(data):
            raise _refuse(source, Message("spaces in a cell"))
        if b"+" in data:
            raise _refuse(source, Message("a count with a sign"))
    # One pass of numpy over the bytes (a tenth of the time of bytes.count and `in`).
    raw = np.frombuffer(data, np.uint8)
    comma = raw == 44
    if (comma[:-1] & (raw[1:] == 45)).any():  # ",-"
        raise _refuse(source, Message("a count with a sign"))
    return int(np.count_nonzero(comma)), int(np.count_nonzero(raw == 10))


def _blocks(f: typing.BinaryIO, source: str, size: int, width: int) -> Iterator[bytes]:
    """The data lines of ``f``, a block of whole lines at a time, each block plain and
    every row as wide as the header (checked)."""
    from childprotect.formats.files import lf_lines, line_blocks

    for read, last in line_blocks(f, source, size):
        data = lf_lines(read)  # lines saved by a spreadsheet end in CR LF
        if data is None:
            raise _refuse(source, Message("a carriage return within a line"))
        if last and data and not data.endswith(b"\n"):
            data += b"\n"
        if not data:
            continue
        commas, lines = _plain(data, source)
        if lines == len(data):  # only line breaks: blank lines, which the row reader skips
            continue
        # As many commas as full rows have: a short row (which polars would fill with
        # nulls) would need a long one (which it refuses); a blank line has none.
        if commas != lines * (width - 1):
            raise _refuse(source, Message("a blank line or a row of another width than "
                                          "the header's"))
        yield data


def _frames(f: typing.BinaryIO, source: str, size: int, width: int) -> Iterator[typing.Any]:
    """The data lines of ``f``, a block at a time, as a data frame (counts as integers)."""
    import io

    import polars as pl

    names = [f"c{i}" for i in range(width)]
    schema = {"c0": pl.String, "c1": pl.String, **dict.fromkeys(names[2:], pl.Int64)}
    for data in _blocks(f, source, size, width):
        try:
            yield pl.read_csv(io.BytesIO(data), has_header=False, new_columns=names,
                              schema=schema, quote_char=None)
        except pl.exceptions.PolarsError:
            raise _refuse(source, Message("a count that is not a whole number")) from None


#: One period's rows of one block: the units (a polars string series), the counts (an
#: ``int64`` array) and where they are blank (a boolean array, or None).
_Part = tuple[typing.Any, typing.Any, typing.Any]


def _runs(frame: typing.Any, source: str, k: int) -> Iterator[tuple[str, _Part]]:
    """``(period, rows)`` for each run of rows of one period in ``frame`` (a block): the
    block is turned into arrays at once, and each run is a slice of them."""
    import numpy as np
    import polars as pl

    if not len(frame):  # (no rows: _blocks yields none such)
        return
    nulls = frame.null_count().row(0)
    if nulls[0] or nulls[1]:
        raise _refuse(source, Message("a blank unit or period"))
    counts = frame.select(f"c{j + 2}" for j in range(k))
    blank = None
    if sum(nulls[2:]):
        blank = counts.select(pl.all().is_null()).to_numpy()
        counts = counts.fill_null(0)
    values = counts.to_numpy()
    units, periods = frame.get_column("c0"), frame.get_column("c1")
    ids = periods.rle_id().to_numpy()
    starts = [0, *(np.flatnonzero(ids[1:] != ids[:-1]) + 1).tolist(), len(frame)]
    for lo, hi in itertools.pairwise(starts):
        gaps = None if blank is None else blank[lo:hi]
        # (None when nothing of this period is blank, as PeriodColumns says)
        yield periods[lo], (units.slice(lo, hi - lo), values[lo:hi],
                            gaps if gaps is not None and gaps.any() else None)


def _period(period: str, parts: list[_Part]) -> PeriodColumns:
    """One period's rows as columns."""
    import numpy as np
    import polars as pl

    if len(parts) == 1:
        return PeriodColumns(period, *parts[0])
    blank = None
    if any(b is not None for _, _, b in parts):
        blank = np.concatenate([np.zeros(v.shape, dtype=bool) if b is None else b
                                for _, v, b in parts])
    return PeriodColumns(period, pl.concat([u for u, _, _ in parts], rechunk=True),
                         np.concatenate([v for _, v, _ in parts]), blank)


def positions(lay: ColumnLayout, units: typing.Any,
              cache: dict[int, tuple[typing.Any, ...]]) -> typing.Any:
    """Where each unit (a polars string series) is among the layout's reporting units, as
    an ``intp`` array (an error for any other unit); ``cache`` keeps each layout's codes."""
    import polars as pl

    got = cache.get(id(lay))
    if got is None or got[0] is not lay:
        got = cache[id(lay)] = (lay, pl.DataFrame(
            {"c0": list(lay.leaf), "at": range(len(lay.leaf))},
            schema={"c0": pl.String, "at": pl.Int64}), None, None)
    last = got[2]
    if last is not None and last.equals(units):  # the same units as the period before
        return got[3]
    found = units.to_frame("c0").join(got[1], on="c0", how="left", maintain_order="left")
    at = found.get_column("at")
    if at.null_count():
        raise ValidationError(Message("a unit that is not a reporting unit"))
    out = at.to_numpy().astype("intp")
    cache[id(lay)] = (lay, got[1], units, out)
    return out

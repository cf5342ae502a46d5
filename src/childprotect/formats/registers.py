"""Per-child registers tallied from CSV files a block at a time, in one process or on Dask.

The same counts as :func:`~childprotect.children.tally.tally_children` (the row reader),
faster: a file whose lines all have one length (commune codes of one width in digits,
birth dates ``YYYY-MM-DD``, flags ``0``/``1``, lines ended by LF or CR LF) is read as a
matrix of bytes that numpy checks cell by cell and counts per commune. Any other file, or
any problem, goes row by row, which names the line and the column, never a value.
"""

from __future__ import annotations

import itertools
import typing
from collections.abc import Collection, Iterator
from datetime import date

from childprotect.documents.anomalies import Anomaly
from childprotect.errors import ValidationError
from childprotect.formats.columnar import _blocks, _header_cells, _open, _refuse, available
from childprotect.i18n import Message
from childprotect.rollup.measures import Measures, Record

if typing.TYPE_CHECKING:
    from childprotect.units.hierarchy import Hierarchy

__all__ = ["commune_lines", "tally_csv_file", "tally_dask_files"]


def tally_csv_file(path: str, *, on: date, period: str,
                   anomalies: list[Anomaly] | None = None, block: int = 1 << 21,
                   engine: str = "auto", units: Hierarchy | None = None
                   ) -> tuple[Measures, list[Record]]:
    """:func:`~childprotect.children.tally.tally_children` of a per-child CSV file.

    ``engine="auto"`` (the default): a file whose lines all have one length (commune
    codes of one width, written in digits, as registers export them) is read a block at a
    time by numpy, when it is installed; any other file row by row. ``"rows"``: row by
    row. ``"columns"``: as auto, then by polars for a plain file whose codes differ in
    width. Memory holds a block (``block`` bytes, 2 MiB by default: a million records in
    50 MiB, 62 MiB with 4 MiB) and the per-commune counts, whatever the file's length. A
    file a fast path does not read exactly (a row that is not well formed, a birth after
    ``on``) is tallied row by row: the counts are the same either way, and each problem is
    named (``benchmarks/bench_rollup.py`` gives the figures).

    ``units``, when given, are the units of the reference date: a commune code that does
    not exist then, or names a unit that does not report (a province: ``58`` typed for the
    commune ``00058``), is an :class:`~childprotect.errors.UnknownUnits` naming the lines
    where it is (the first few, and how many more), read again for the message.

    >>> import os, tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
    ...     _ = f.write("commune,birth_date,group_a\\n29971,2015-03-01,1\\n"
    ...                 "29971,2008-07-01,0\\n29956,2020-01-01,0\\n")
    >>> m, recs = tally_csv_file(f.name, on=date(2024, 12, 31), period="2024")
    >>> [(r.unit, dict(r.values)) for r in recs]  # doctest: +NORMALIZE_WHITESPACE
    [('29956', {'children': 1, 'group_a': 0, 'special': 0}),
     ('29971', {'children': 1, 'group_a': 1, 'special': 1})]
    >>> os.unlink(f.name)
    """
    if engine not in ("auto", "rows", "columns"):
        raise ValidationError(Message("engine {engine}: choose auto, rows or columns",
                                      engine=repr(engine)))
    got = _tally(path, on, period, anomalies, block, engine)
    if units is not None:
        from childprotect.rollup.areas import require_known, require_reporting

        codes = {r.unit for r in got[1]}
        require_known(codes, units, source=path,
                      places=lambda codes: commune_lines(path, codes))
        require_reporting(codes, units, source=path,
                          places=lambda codes: commune_lines(path, codes))
    return got


def _tally(path: str, on: date, period: str, anomalies: list[Anomaly] | None, block: int,
           engine: str) -> tuple[Measures, list[Record]]:
    """:func:`tally_csv_file` by the first path that reads the file exactly."""
    if engine != "rows" and _numpy():
        try:
            return _tally_fixed(path, on, period, block)
        except ValidationError:
            pass
        if engine == "columns" and available(polars=True):
            try:
                return _tally_columns(path, on, period, block)
            except ValidationError:
                pass
    from childprotect.formats.files import open_data_file

    with open_data_file(path) as f:
        return _rows(f, path, on, period, anomalies)


def commune_lines(path: str, codes: Collection[str]) -> dict[str, list[str | Message]]:
    """The lines of a per-child file (one :func:`tally_csv_file` read) whose commune is one
    of ``codes``, by code: read again for the message of an error about those codes.

    >>> import os, tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
    ...     _ = f.write("commune,birth_date\\n29971,2015-03-01\\n9999,2016-01-01\\n")
    >>> {code: list(map(str, at)) for code, at in commune_lines(f.name, {"9999"}).items()}
    {'9999': ['line 3']}
    >>> os.unlink(f.name)
    """
    import csv
    import io

    from childprotect.formats.files import open_data_file

    wanted = set(codes)
    out: dict[str, list[str | Message]] = {}
    with open_data_file(path) as f:
        reader = csv.reader(io.TextIOWrapper(f, encoding="utf-8-sig", newline=""))
        start = 1
        try:
            for row in reader:
                code = row[0].strip() if row and start > 1 else None
                if code in wanted:
                    out.setdefault(code, []).append(Message("line {line}", line=start))
                start = reader.line_num + 1
        except (csv.Error, UnicodeDecodeError):  # (the file changed since it was tallied)
            pass
    return out


def _rows(f: typing.BinaryIO, path: str, on: date, period: str,
          anomalies: list[Anomaly] | None) -> tuple[Measures, list[Record]]:
    """The row tally of a binary file, from its start."""
    import io

    from childprotect.children.tally import tally_children

    text = io.TextIOWrapper(f, encoding="utf-8-sig", newline="")
    try:
        return tally_children(text, on=on, period=period, source=path, anomalies=anomalies)
    except UnicodeDecodeError:
        raise ValidationError(Message("{source}: bytes that are not UTF-8; save the "
                                      "file as CSV UTF-8", source=path)) from None


def _numpy() -> bool:
    import importlib.util

    return importlib.util.find_spec("numpy") is not None


def _tally_header(f: typing.BinaryIO, path: str) -> list[str]:
    """The group columns of a per-child file's header (an error if it is not plain or
    does not start with commune, birth_date)."""
    header = _header_cells(f, path, crlf=True)
    if len(header) < 2 or [h.strip() for h in header[:2]] != ["commune", "birth_date"]:
        raise _refuse(path, Message("the columns are not commune, birth_date, then the "
                                    "groups"))
    return [h.strip() for h in header[2:]]


def _tally_fixed(path: str, on: date, period: str, block: int
                 ) -> tuple[Measures, list[Record]]:
    """The tally of a per-child file whose data lines all have one length: the codes in
    digits, of one width; each birth date ``YYYY-MM-DD``; each group flag ``0`` or ``1``.
    Each block is a matrix of bytes that numpy checks and counts a column at a time."""

    from childprotect.formats.files import line_blocks

    lo, hi = _bounds(on)
    codes: typing.Any = None  # the communes seen so far, in order, and their counts
    counts: typing.Any = None
    width = 0  # the codes' width, the same in every block
    with _open(path) as f:
        flags = _tally_header(f, path)
        k = len(flags)
        for data, last in line_blocks(f, path, block):
            if last and data and not data.endswith(b"\n"):
                data += b"\n"
            if not data:
                continue
            u, c, w = _fixed_block(data, k, lo, hi, path)
            if width and w != width:
                raise _refuse(path, Message("commune codes of different widths"))
            width = w
            codes, counts = _added(codes, counts, u, c)
    return _tallied(flags, period, codes, counts, width)


def _bounds(on: date) -> tuple[int, int]:
    """Births after the first and on or before the second (as YYYYMMDD) are children on
    ``on`` (Luật Trẻ em 102/2016/QH13, Điều 1: under 16)."""
    from childprotect.children.tally import CHILD_AGE, _years_before

    def key(day: date) -> int:
        return day.year * 10_000 + day.month * 100 + day.day

    return key(_years_before(on, CHILD_AGE)), key(on)


def _tallied(flags: list[str], period: str, codes: typing.Any, counts: typing.Any,
             width: int) -> tuple[Measures, list[Record]]:
    """The measures and records of a tally of codes (integers of ``width`` digits)."""
    from childprotect.rollup.measures import Measure

    names = ["children", *flags, "special"]
    m = Measures([Measure.count(x) for x in names])
    if codes is None:
        return m, []
    assert counts.shape == (len(codes), len(names))  # a row per code, a count per name
    # (a map a column at a time: a third quicker than a loop building each Record)
    return m, list(map(Record, map(f"%0{width}d".__mod__, codes.tolist()),
                       itertools.repeat(period),
                       map(dict, map(zip, itertools.repeat(names), counts.tolist()))))


def _added(codes: typing.Any, counts: typing.Any, more: typing.Any, more_counts: typing.Any
           ) -> tuple[typing.Any, typing.Any]:
    """The communes (sorted integers) and counts of a tally with a block's added (in
    integers; memory holds one row per commune, whatever the number of blocks)."""
    import numpy as np

    if codes is None:
        return more, more_counts
    at = np.searchsorted(codes, more)
    if len(at) and at[-1] < len(codes) and (codes[np.minimum(at, len(codes) - 1)]
                                            == more).all():
        counts[at] += more_counts  # (the usual block: no commune not seen before)
        return codes, counts
    both = np.concatenate([codes, more])
    order = np.argsort(both, kind="stable")
    ordered = both[order]
    firsts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return ordered[firsts], np.add.reduceat(np.concatenate([counts, more_counts])[order],
                                            firsts, axis=0)


#: Codes of at most this many digits are told apart by counting them (an array of 10**width
#: counts: 8 MB at 6 digits), wider ones by sorting; a commune code has 5 digits.
_COUNTED_WIDTH = 6


def _number(digits: typing.Any, columns: typing.Iterable[int]) -> typing.Any:
    """The integers written in ``columns`` of a matrix of digits (0–9), a row each, read
    left to right (at most 18 columns: an int64)."""
    import numpy as np

    out = np.zeros(len(digits), dtype=np.int64)
    for c in columns:
        out *= 10
        out += digits[:, c]
    return out


def _fixed_block(data: bytes, k: int, lo: int, hi: int, source: str
                 ) -> tuple[typing.Any, typing.Any, int]:
    """The communes (as integers), their counts (a row each: children, the ``k`` groups,
    special) and the codes' width, of a block of whole lines that all have one length;
    else the error saying it is not such a block."""
    import calendar

    import numpy as np

    size = data.index(b"\n") + 1
    cr = int(data[size - 2: size] == b"\r\n")  # lines ended by CR LF (spreadsheets' CSV)
    width = size - 12 - 2 * k - cr  # code "," YYYY-MM-DD ("," flag)*k ["\r"] "\n"
    if not 1 <= width <= 18 or len(data) % size:
        raise _refuse(source, Message("lines of different lengths"))
    rows = np.frombuffer(data, np.uint8).reshape(-1, size)
    digits = rows - np.uint8(48)  # 0–9 for a digit, above 9 for any other byte
    at = width + 1  # the birth date
    text = np.r_[0:width, at:at + 4, at + 5:at + 7, at + 8:at + 10]
    marks = [(width, 44), (at + 4, 45), (at + 7, 45), (size - 1, 10),
             *[(at + 10 + 2 * j, 44) for j in range(k)], *[(size - 2, 13)][:cr]]
    flag_at = np.arange(k) * 2 + at + 11
    if (digits[:, text] > 9).any() or (digits[:, flag_at] > 1).any() or any(
            (rows[:, i] != b).any() for i, b in marks):
        raise _refuse(source, Message("a row that is not well formed"))
    code = _number(digits, range(width))  # (at most 18 digits: an int64)
    born = _number(digits, text[width:])  # YYYYMMDD
    year, month, day = born // 10_000, born // 100 % 100, born % 100
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    ok_month = (month >= 1) & (month <= 12)
    days = np.asarray([0, *(calendar.monthrange(2001, m)[1] for m in range(1, 13))])
    last_day = days[np.where(ok_month, month, 0)] + (leap & (month == 2))  # (2001: not leap)
    if not (ok_month & (year >= 1) & (day >= 1) & (day <= last_day)).all() or (
            born > hi).any():
        raise _refuse(source, Message("a birth date that is not a day, or after the "
                                      "reference date"))
    counted = born > lo
    marked = digits[:, flag_at] == 1
    if width <= _COUNTED_WIDTH:  # the communes by counting codes, not sorting them
        seen = np.bincount(code, minlength=10 ** width) > 0
        units = np.flatnonzero(seen)
        where = (np.cumsum(seen) - 1)[code]
    else:
        units, where = np.unique(code, return_inverse=True)
    out = np.empty((len(units), k + 2), dtype=np.int64)
    n = len(units)
    out[:, 0] = np.bincount(where[counted], minlength=n)
    for j in range(k):
        out[:, j + 1] = np.bincount(where[counted & marked[:, j]], minlength=n)
    out[:, k + 1] = np.bincount(where[counted & marked.any(axis=1)], minlength=n)
    return units, out, width


def _tally_columns(path: str, on: date, period: str, block: int
                   ) -> tuple[Measures, list[Record]]:
    import polars as pl

    from childprotect.children.tally import CHILD_AGE, _years_before
    from childprotect.rollup.measures import Measure

    with _open(path) as f:
        flags = _tally_header(f, path)
        width = len(flags) + 2
        names = [f"c{i}" for i in range(width)]
        hi = on.isoformat()
        lo = _years_before(on, CHILD_AGE).isoformat()
        born = pl.col("c1")
        marks = [pl.col(c) == "1" for c in names[2:]]
        counted = born > lo
        any_mark = pl.any_horizontal(marks) if marks else pl.lit(False)
        sums = [counted.cast(pl.Int64).sum().alias("children"),
                *[(mk & counted).cast(pl.Int64).sum().alias(f"g{i}")
                  for i, mk in enumerate(marks)],
                (any_mark & counted).cast(pl.Int64).sum().alias("special")]
        parts = []
        for frame in _string_frames(f, path, block, width):
            checks = [
                pl.col("c0").null_count() > 0,
                # (white space around a code: the row path takes it off)
                (pl.col("c0").str.strip_chars() != pl.col("c0")).any(),
                ~born.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$").all(),
                born.str.to_date("%Y-%m-%d", strict=False).null_count() > 0,
                (born < "0001-01-01").any() | (born > hi).any(),
                # (a blank flag is null, which `all` would pass over)
                *[~pl.col(c).is_in(["0", "1"]).fill_null(False).all() for c in names[2:]],
            ]
            bad = frame.select(c.alias(f"k{i}") for i, c in enumerate(checks)).row(0)
            if any(bad):
                raise _refuse(path, Message("a row that is not well formed, or a birth "
                                            "after the reference date"))
            parts.append(frame.group_by("c0").agg(sums))
    if parts:
        total = pl.concat(parts).group_by("c0").agg(pl.all().sum()).sort("c0")
        rows = total.rows()
    else:
        rows = []
    measure_names = ["children", *flags, "special"]
    m = Measures([Measure.count(x) for x in measure_names])
    return m, [Record(code, period, dict(zip(measure_names, values, strict=True)))
               for code, *values in rows]


def _string_frames(f: typing.BinaryIO, source: str, size: int, width: int
                   ) -> Iterator[typing.Any]:
    """The data lines of ``f``, a block of whole lines at a time, as text columns."""
    import io

    import polars as pl

    names = [f"c{i}" for i in range(width)]
    schema = dict.fromkeys(names, pl.String)
    for data in _blocks(f, source, size, width):
        try:
            yield pl.read_csv(io.BytesIO(data), has_header=False, new_columns=names,
                              schema=schema, quote_char=None)
        except pl.exceptions.PolarsError:
            raise _refuse(source, Message("a row of another width than the header's")
                          ) from None


# --- on Dask ----------------------------------------------------------------------------


def tally_dask_files(urlpath: str | list[str], *, on: date, period: str,
                     blocksize: int | str = "64 MiB", scheduler: str | None = None,
                     anomalies: list[Anomaly] | None = None) -> tuple[Measures, list[Record]]:
    """:func:`tally_csv_file` of per-child CSV files (a path, a glob or a list, local or
    any file system Dask reads), split into byte ranges of whole lines across Dask
    workers, the ranges' counts added exactly.

    Each range of a file whose lines all have one length is tallied by numpy where it
    lies; a file with any other range (or another header) is tallied row by row in this
    process, so that every problem is named by its line as :func:`tally_csv_file` names
    it. The files
    must have the same columns; their tallies are added (:func:`add_tallies`). Needs the
    ``dask`` extra; ``scheduler`` is passed to ``compute`` (on a ``dask.distributed``
    cluster, the client in force is used).
    """
    try:
        import fsspec
        from dask.base import compute
        from dask.bytes.core import read_bytes
        from dask.delayed import delayed
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ValidationError(
            Message("tally_dask_files needs Dask: pip install 'childprotect[dask]'")) from exc
    from childprotect.children.tally import add_tallies
    from childprotect.formats.files import read_error

    try:
        _, blocks, paths = read_bytes(  # type: ignore[no-untyped-call]
            urlpath, delimiter=b"\n", blocksize=blocksize, sample=False, include_path=True)
    except (OSError, ValueError) as exc:  # a folder, a file that cannot be read, no file
        if isinstance(exc, OSError) and exc.errno is not None:
            raise read_error(str(urlpath), exc) from None
        raise ValidationError(Message("{path}: no such file, or no file matches it",
                                      path=str(urlpath))) from None
    lo, hi = _bounds(on)
    heads: list[list[str] | None] = []
    current = str(urlpath)  # the file being read, for an error
    try:
        for current in paths:
            with fsspec.open(current, "rb") as f:
                try:
                    heads.append(_tally_header(f, current))
                except ValidationError:
                    heads.append(None)  # read row by row, which names the problem
        tasks = [delayed(_dask_block)(b, j == 0, len(flags), lo, hi)
                 for flags, file_blocks in zip(heads, blocks, strict=True)
                 if flags is not None for j, b in enumerate(file_blocks)]
        current = str(urlpath)
        results = iter(compute(  # type: ignore[no-untyped-call]
            *tasks, **({"scheduler": scheduler} if scheduler else {})))
        parts = []
        for current, flags, file_blocks in zip(paths, heads, blocks, strict=True):
            got = [next(results) for _ in file_blocks] if flags is not None else [None]
            part = None if flags is None else _merged(got, flags, period)
            if part is None:
                with fsspec.open(current, "rb") as f:
                    part = _rows(f, current, on, period, anomalies)
            parts.append(part)
    except OSError as exc:
        raise read_error(current, exc) from None
    if not parts:
        raise ValidationError(Message("{path}: no such file, or no file matches it",
                                      path=str(urlpath)))
    return add_tallies(parts)


def _dask_block(data: bytes, first: bool, k: int, lo: int, hi: int
                ) -> tuple[typing.Any, typing.Any, int] | None:
    """A byte range's communes, counts and code width (none: no data line), or None when
    numpy does not read it exactly."""
    if first:  # its header, checked on the client
        data = data[data.find(b"\n") + 1:] if b"\n" in data else b""
    if data and not data.endswith(b"\n"):  # the file's last line
        data += b"\n"
    if not data:
        return _EMPTY
    try:
        return _fixed_block(data, k, lo, hi, "")
    except ValidationError:
        return None


#: A range without data lines.
_EMPTY: tuple[typing.Any, typing.Any, int] = (None, None, 0)


def _merged(got: list[tuple[typing.Any, typing.Any, int] | None], flags: list[str],
            period: str) -> tuple[Measures, list[Record]] | None:
    """A file's tally from its ranges' (None if any range was not read, or the ranges'
    codes differ in width)."""
    codes = counts = None
    width = 0
    for item in got:
        if item is None:
            return None
        u, c, w = item
        if not w:
            continue
        if width and w != width:
            return None
        width = w
        codes, counts = _added(codes, counts, u, c)
    return _tallied(flags, period, codes, counts, width)


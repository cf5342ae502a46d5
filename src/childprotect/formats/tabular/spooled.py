"""Rows of a sheet kept in a temporary file as they are added, a batch at a time, so that a
workbook of many periods is written without holding its rows in memory.

>>> rows = SpooledRows()
>>> rows.add([("2024", "01", 5), ("2024", "02", 7)])
>>> rows.add([("2025", "01", 6)])
>>> len(rows), [list(b) for b in rows.view(1, None).blocks(2)]
(3, [[('01', 5), ('02', 7)], [('01', 6)]])
>>> rows.close()
"""

from __future__ import annotations

import pickle
import tempfile
import typing
from collections.abc import Iterator, Sequence

__all__ = ["SpooledRows"]

Row = tuple[object, ...]


class SpooledRows:
    """Rows added in batches to an unnamed temporary file (removed when closed or no longer
    used); read back in blocks, each row cut to ``[start:stop]`` (:meth:`view`)."""

    def __init__(self) -> None:
        # (kept open until close(): the rows are read back when the workbook is written)
        self._file: typing.IO[bytes] = tempfile.TemporaryFile(  # noqa: SIM115
            prefix="childprotect-")
        self._root = self  # (the rows a view shows: its root's, however many are added)
        self._count = 0
        self._cuts: tuple[tuple[int, int | None], ...] = ()

    def add(self, rows: Sequence[Row]) -> None:
        """Add a batch of rows (an ``OSError`` when the disk is full)."""
        if rows:
            root = self._root
            root._file.seek(0, 2)  # (after the last batch, wherever a reading stopped)
            pickle.dump(list(rows), root._file, protocol=pickle.HIGHEST_PROTOCOL)
            root._file.flush()  # (a full disk is found here, not when the rows are read)
            root._count += len(rows)

    def view(self, start: int, stop: int | None) -> SpooledRows:
        """The same rows, each cut to ``row[start:stop]`` (after this one's own cut)."""
        other = SpooledRows.__new__(SpooledRows)
        other._file, other._root, other._count = self._file, self._root, 0
        other._cuts = (*self._cuts, (start, stop))
        return other

    def __len__(self) -> int:
        return self._root._count

    def blocks(self, size: int) -> Iterator[list[Row]]:
        """The rows in order, ``size`` at a time (the last block may be shorter)."""
        f = self._file
        f.flush()
        f.seek(0)
        block: list[Row] = []
        while True:
            try:
                batch = pickle.load(f)  # (the library's own file, just written)
            except EOFError:
                break
            for row in batch:
                for start, stop in self._cuts:
                    row = row[start:stop]
                block.append(row)
                if len(block) == size:
                    yield block
                    block = []
        if block:
            yield block

    def close(self) -> None:
        self._file.close()

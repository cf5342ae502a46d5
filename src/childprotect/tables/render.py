"""Tables as text: aligned columns, GitHub Markdown or CSV."""

from __future__ import annotations

import csv
import io as _stdio
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

__all__ = ["render_table"]


def _width(s: str) -> int:
    """Columns ``s`` takes in a terminal: wide characters count 2, combining marks 0."""
    if s.isascii():
        return len(s)
    return _wide_width(s)


@lru_cache(maxsize=4096)
def _wide_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c)
               else 1 for c in s)


def render_table(headers: Sequence[str], rows: Sequence[Sequence[object]], fmt: str) -> str:
    """A table as aligned text, GitHub Markdown or CSV.

    >>> print(render_table(["id", "value"], [["CT6", "1.5"]], "markdown"))
    | id | value |
    | --- | --- |
    | CT6 | 1.5 |
    """
    cells = [["" if c is None else str(c) for c in r] for r in rows]
    if fmt == "csv":
        buf = _stdio.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        # machine codes, the same in every language (a heading people read carries one)
        w.writerow([getattr(h, "code", h) for h in headers])
        w.writerows(cells)
        return buf.getvalue().rstrip("\n")
    if fmt == "markdown":
        def esc(s: str) -> str:
            return s.replace("|", "\\|").replace("\n", " ")
        lines = ["| " + " | ".join(esc(h) for h in headers) + " |",
                 "| " + " | ".join("---" for _ in headers) + " |"]
        lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in cells]
        return "\n".join(lines)
    table = [[str(h) for h in headers], *cells]
    if table[0] and len(set(map(len, table))) == 1:
        return _aligned(table)
    return _aligned_ragged(table, len(headers))


def _aligned(table: list[list[str]]) -> str:
    """Rows of equal length as aligned text, a column at a time: each column padded to
    its widest cell (in terminal columns), a rule under the first row."""
    padded = []
    for col in zip(*table, strict=True):
        if "".join(col).isascii():
            w = max(map(len, col))
            cells = [c.ljust(w) for c in col]
        else:
            widths = list(map(_width, col))
            w = max(widths)
            cells = [c + " " * (w - n) for c, n in zip(col, widths, strict=True)]
        cells.insert(1, "-" * w)
        padded.append(cells)
    return "\n".join([line.rstrip() for line in map("  ".join, zip(*padded, strict=True))])


def _aligned_ragged(table: list[list[str]], n_headers: int) -> str:
    """:func:`_aligned` of rows of different lengths (the rule spans the headers)."""
    # each cell's width once; then each column padded to its widest cell
    sized = [[(c, _width(c)) for c in r] for r in table]
    widths = [0] * max((len(r) for r in sized), default=0)
    for r in sized:
        for i, (_c, n) in enumerate(r):
            if n > widths[i]:
                widths[i] = n

    def line(r: Sequence[tuple[str, int]]) -> str:
        return "  ".join(c + " " * (widths[i] - n) for i, (c, n) in enumerate(r)).rstrip()

    rule = [("-" * n, n) for n in widths[:n_headers]]
    out = [line(sized[0]), line(rule)]
    out += [line(r) for r in sized[1:]]
    return "\n".join(out)

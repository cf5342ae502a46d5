"""Tables as text: aligned columns, GitHub Markdown or CSV."""

from __future__ import annotations

import csv
import io as _stdio
import unicodedata
from collections.abc import Sequence

__all__ = ["render_table"]


def _width(s: str) -> int:
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
    widths = [_width(h) for h in headers]
    for r in cells:
        for i, c in enumerate(r):
            widths[i] = max(widths[i], _width(c))

    def line(r: Sequence[str]) -> str:
        return "  ".join(c + " " * (widths[i] - _width(c)) for i, c in enumerate(r)).rstrip()

    out = [line(list(headers)), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    return "\n".join(out)

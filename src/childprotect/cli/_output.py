"""Rendering helpers shared by the subcommands: JSON, text tables, Markdown, CSV."""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import io as _stdio
import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

__all__ = ["LANGS", "add_format", "add_lang", "emit_json", "headings", "pick", "render_table",
           "write"]


def iso_date(text: str) -> _dt.date:
    """The argument type of every date option (``--on``, ``--from`` …): ``YYYY-MM-DD``.

    >>> iso_date("2025-07-01")
    datetime.date(2025, 7, 1)
    """
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def add_format(p: argparse.ArgumentParser, *choices: str, default: str = "text") -> None:
    """Add ``--format`` with these choices (text and json first)."""
    p.add_argument(
        "--format", choices=choices or ("text", "json"), default=default,
        help=f"output format (default: {default})",
    )


#: Label languages: Vietnamese (the default) and English.
LANGS = ("vi", "en")


def add_lang(p: argparse.ArgumentParser) -> None:
    """Add ``--lang vi|en``: labels in Vietnamese (default) or English."""
    p.add_argument("--lang", choices=LANGS, default="vi",
                   help="language of the labels: vi (default) or en")


def pick(vi: str | None, en: str | None, lang: str) -> str:
    """The label in ``lang``, falling back to the other language when it is missing.

    >>> pick("Sở Y tế", "Department of Health", "en"), pick("Sở Y tế", None, "en")
    ('Department of Health', 'Sở Y tế')
    """
    first, second = (en, vi) if lang == "en" else (vi, en)
    return first or second or ""


def headings(lang: str, *pairs: tuple[str, str]) -> list[str]:
    """Column headings in ``lang`` from ``(vi, en)`` pairs.

    >>> headings("en", ("mã", "id"), ("năm", "year")), headings("vi", ("mã", "id"))
    (['id', 'year'], ['mã'])
    """
    return [pick(vi, en, lang) for vi, en in pairs]


def write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def emit_json(data: Any) -> None:
    """JSON to stdout, UTF-8 characters kept."""
    write(json.dumps(data, ensure_ascii=False, indent=2))


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
        w.writerow(headers)
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

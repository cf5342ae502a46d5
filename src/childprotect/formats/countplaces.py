"""Where units are in a CSV file of counts, read again when a message must name their lines
(a unit reported twice, a code that does not exist in a period): the lines as an editor
numbers them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from childprotect.formats.counts import _dialect, _layout, _numbered

__all__ = ["key_lines"]


def key_lines(text: str, keys: Collection[tuple[str, str]], source: str = "<csv>"
              ) -> dict[tuple[str, str], list[int]]:
    """The lines of ``text`` (a file :func:`read_csv_text` reads) where each
    ``(unit, period)`` of ``keys`` is: where to look when a unit is reported twice.

    >>> key_lines("unit,period,a\\n1,2024,3\\n2,2024,4\\n1,2024,5\\n", {("1", "2024")})
    {('1', '2024'): [2, 4]}
    """
    out: dict[tuple[str, str], list[int]] = {}
    for lineno, key in _keys(text, source):
        if key in keys:
            out.setdefault(key, []).append(lineno)
    return out


def _keys(text: str, source: str) -> Iterator[tuple[int, tuple[str, str]]]:
    """Each line's number and ``(unit, period)``, for lines of the header's width whose
    unit and period are not blank."""
    import csv
    import io

    text, separator, skip = _dialect(text)
    numbered = _numbered(csv.reader(io.StringIO(text, newline=""), delimiter=separator,
                                    strict=True),
                         source, skip)
    _, header = next(numbered, (0, []))
    _, layout = _layout(header, None, source)
    for lineno, row in numbered:
        if len(row) == layout.width:
            key = layout.check(row, lineno)
            if key is not None:
                yield lineno, key

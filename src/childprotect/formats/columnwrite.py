"""Column rollups written as the text of ``childprotect rollup``: CSV lines, JSON, an
aligned table, each a period (or a few) at a time, the same bytes as the row-by-row
writers of :class:`~childprotect.rollup.Rollup` give (property tests compare them).

numpy computes the numbers and puts the text of many units together at once
(:mod:`childprotect.formats.linebytes`). Needs numpy (``pip install
childprotect[columns]``), imported when used.
"""

from __future__ import annotations

import itertools
import typing
from collections.abc import Sequence

from childprotect.errors import ValidationError
from childprotect.i18n import Message

if typing.TYPE_CHECKING:
    from datetime import date

    from childprotect.rollup.columns import ColumnLayout, ColumnRollup

__all__ = ["JSON_UNITS", "check_layout", "json_units_columns", "missing", "unit_lines",
           "write_rollup_csv", "write_rollup_json", "write_rollup_text"]


def check_layout(lay: ColumnLayout) -> None:
    """Refuse (a :class:`ValidationError`) a layout whose units' levels, codes or names
    the writers here cannot lay out: one with a NUL character, or longer than a
    :data:`~.linebytes.LONGEST` share (as JSON, with its keys around it). The command
    calls it before writing anything, so that such a file goes row by row whole."""
    import json.encoder

    from childprotect.formats.linebytes import LONGEST

    def make() -> bool:
        enc = json.encoder.encode_basestring
        texts = (lay.level_of, lay.codes, lay.names)
        # (a character takes at most 6 bytes in JSON, "\\u001f" say, and each text 2
        # quotes: only a unit that could pass the room is measured)
        room = LONGEST // 2
        if any("\x00" in "".join(t) for t in texts) or (
                6 * (sum(max(map(len, t), default=0) for t in texts) + 1) > room and any(
                    len((enc(lv) + enc(code) + enc(name)).encode("utf-8")) > room
                    for lv, code, name in zip(*texts, strict=True))):
            raise ValidationError(Message(
                "a unit's level, code or name too long (or with a NUL character) to "
                "write a column at a time"))
        return True

    lay.kept("checked", make)


def write_rollup_csv(rollups: Sequence[ColumnRollup], out: typing.IO[bytes], *,
                     period: bool = False, levels: set[str] | None = None) -> None:
    """The CSV lines (no header, UTF-8) of :meth:`Rollup.csv_lines` for each rollup in
    turn: every unit of ``levels`` (all when empty), prefixed by the period when
    ``period``; names that need quotes are an error (the row-by-row writer quotes them).
    The lines of a period are put together by numpy (:mod:`.linebytes`), without polars."""
    for r in rollups:
        if list(r.measures.rates) != list(rollups[0].measures.rates) or len(
                r.measures.counts) != len(rollups[0].measures.counts):
            raise ValidationError(Message("rollups of different measures"))
    for r in rollups:
        out.write(csv_bytes(r, levels or set(), period=period))


def csv_bytes(r: ColumnRollup, levels: set[str], *, period: bool = False) -> bytes:
    """One rollup's CSV lines (see :func:`write_rollup_csv`) as bytes."""
    import numpy as np

    from childprotect.formats.linebytes import Lines

    lay = r.layout
    keep = _rows_of(lay, levels) if levels else None  # (None: every row, no copy)

    def kept(values: typing.Any) -> typing.Any:
        return values if keep is None else values[keep]

    cells = _csv_heads(lay)
    lines = Lines(cells.shape[1] if keep is None else len(keep))
    if not lines.n:
        return b""
    if period:
        from childprotect.rollup.lines import _csv_field

        lines.fixed((_csv_field(r.period or "") + ",").encode("utf-8"))
    lines.cells(cells if keep is None else cells[:, keep])
    lines.number(kept(r.reporting), end=b",")
    counts, rates = len(r.measures.counts), list(r.measures.rates)
    lines.number(kept(r.expected), end=b"," if counts or rates else b"\n")
    if counts:  # no unit under it reported the count: blank
        sums = kept(r.sums)
        blank = kept(r.reporting == 0)[:, None] if r.reported is None else kept(
            r.reported == 0)
        blank = np.broadcast_to(blank, sums.shape) if blank.any() else None
        for a, b in _runs_of_width(sums, last_apart=not rates):
            lines.number(sums[:, a:b], None if blank is None else blank[:, a:b],
                         end=b"," if b < counts or rates else b"\n")
    for i, name in enumerate(rates):
        q, valid = r.rate_scaled(name, 4)
        lines.decimal(kept(q), 4, ~kept(valid), end=b",")
        lines.number(kept(r.rates[name][2]), end=b"," if i + 1 < len(rates) else b"\n")
    return lines.bytes()


def _runs_of_width(sums: typing.Any, last_apart: bool) -> list[tuple[int, int]]:
    """Runs of neighbouring count columns whose largest numbers take as many lanes of
    :class:`~.linebytes.Lines` (so that each run is written at once, none wider than it
    needs); the last column alone when ``last_apart`` (its line break after it)."""
    from childprotect.formats.linebytes import lanes_for

    tops = [lanes_for(len(str(t)), b",") for t in sums.max(axis=0).tolist()] if len(
        sums) else [1] * sums.shape[1]
    cuts = [0, *(j for j in range(1, len(tops)) if tops[j] != tops[j - 1]), len(tops)]
    if last_apart and len(tops) - 1 not in cuts:
        cuts.insert(-1, len(tops) - 1)
    return list(itertools.pairwise(cuts))


def _csv_heads(lay: ColumnLayout) -> typing.Any:
    """Each row's level, code and name, each followed by a comma, in UTF-8 as
    :func:`~.linebytes.lanes` gives them (kept with the layout); an error when one needs
    quotes."""
    from childprotect.formats.linebytes import lanes
    from childprotect.rollup.lines import _csv_field

    def make() -> typing.Any:
        # (the row writer quotes a text with one of the characters it quotes for)
        every = "".join((*lay.names, *lay.codes, *lay.spans))
        if any(ch in every for ch in ',"\n\r' if _csv_field(ch) != ch):
            raise ValidationError(Message("unit names that need quotes in CSV"))
        return lanes([f"{lv},{code},{name},".encode()
                      for lv, code, name in zip(lay.level_of, lay.codes, lay.names,
                                                strict=True)])

    return lay.kept("csv-head-bytes", make)


def missing(r: ColumnRollup, at: typing.Any) -> list[str]:
    """The reporting units of ``r``'s layout not among the positions ``at`` (those that
    sent a row), in the layout's order."""
    import numpy as np

    leaves = list(r.layout.leaf)
    heard = np.bincount(at, minlength=len(leaves)) > 0
    return [leaves[i] for i in np.flatnonzero(~heard).tolist()]


def write_rollup_text(r: ColumnRollup, out: typing.IO[bytes], *, levels: set[str],
                      headers: Sequence[str], words: typing.Mapping[str, str],
                      every: str, period: bool) -> None:
    """The aligned text table of ``childprotect rollup --format text`` (UTF-8, ended by
    a line break), as :func:`~childprotect.tables.render.render_table` writes it: the
    ``headers`` (in words), a rule, and a line per unit of ``levels`` (all when empty),
    its level in ``words``, the name of all units ``every``; the period first when
    ``period``. Each column is as wide as its widest cell, in terminal columns, and
    each line ends at its last cell that is not blank. Put together by numpy
    (:mod:`.linebytes`)."""
    import numpy as np

    from childprotect.formats.linebytes import Lines, digit_counts, lanes
    from childprotect.tables.render import _width

    lay = r.layout

    def make() -> list[tuple[typing.Any, typing.Any]]:
        names = [every if lv == "total" else n
                 for lv, n in zip(lay.level_of, lay.names, strict=True)]
        cols = [[words.get(lv, lv) for lv in lay.level_of], lay.codes, names]
        if any(t != t.rstrip() for col in cols for t in col):  # (lines end at a cell)
            raise ValidationError(Message("a unit's level, code or name that ends with "
                                          "a space"))
        return [(lanes([t.encode("utf-8") for t in col]),
                 np.fromiter(map(_width, col), np.int64, len(col))) for col in cols]

    rows = _rows_of(lay, levels)
    n = len(rows)
    # each column: the Lines method that writes it, its arguments, and each line's width
    # in it (0: blank)
    columns: list[tuple[str, tuple[typing.Any, ...], typing.Any]] = []
    if period:
        text = r.period or ""
        if text != text.rstrip():
            raise ValidationError(Message("a period that ends with a space"))
        columns.append(("fixed", (text.encode("utf-8"),), np.full(n, _width(text), np.int64)))
    for cells, widths in lay.kept(("text-cells", every, tuple(sorted(words.items()))), make):
        columns.append(("cells", (cells[:, rows],), widths[rows]))

    def number(values: typing.Any, blank: typing.Any = None) -> None:
        shown = digit_counts(values) if blank is None else np.where(blank, 0, digit_counts(
            values))
        columns.append(("number", (values, blank), shown))

    number(r.reporting[rows])
    number(r.expected[rows])
    for j in range(len(r.measures.counts)):  # no unit under it reported the count: blank
        number(r.sums[rows, j], r.reported_of(j)[rows] == 0)
    for name in r.measures.rates:
        q, valid = r.rate_scaled(name, 4)
        q, valid = q[rows], valid[rows]
        columns.append(("decimal", (q, 4, ~valid),
                        np.where(valid, digit_counts(q // 10_000) + 5, 0)))
        number(r.rates[name][2][rows])
    if len(headers) != len(columns):
        raise ValidationError(Message("{count} headers for a table of {width} columns",
                                      count=len(headers), width=len(columns)))
    widths = [max([_width(h), *([int(w.max())] if n else [])])
              for h, (_, _, w) in zip(headers, columns, strict=True)]
    top = "  ".join(h + " " * (w - _width(h)) for h, w in zip(headers, widths, strict=True))
    rule = "  ".join("-" * w for w in widths)
    out.write((top.rstrip() + "\n" + rule.rstrip() + "\n").encode("utf-8"))
    if not n:
        return
    filled = np.stack([w > 0 for _, _, w in columns])  # each line ends at its last cell
    last = len(columns) - 1 - np.argmax(filled[::-1], axis=0)
    lines = Lines(n)
    for c, ((method, args, w), wide) in enumerate(zip(columns, widths, strict=True)):
        getattr(lines, method)(*args)
        if c + 1 < len(columns):  # the cell's padding and the two spaces after it
            lines.spaces(np.where(c < last, wide - w + 2, 0), wide + 2)
    lines.fixed(b"\n")
    for start in range(0, n, JSON_UNITS):
        out.write(lines.bytes(start, start + JSON_UNITS))


def _rows_of(lay: ColumnLayout, levels: typing.Iterable[str]) -> typing.Any:
    """The layout's rows of ``levels`` (all when empty), in order."""
    import numpy as np

    keep = set(levels)
    return np.concatenate([np.arange(a, b) for lv, (a, b) in lay.spans.items()
                           if not keep or lv in keep] or [np.zeros(0, dtype=np.intp)])


#: How many units' JSON texts are put together and written at a time (a few MB).
JSON_UNITS = 2048


def write_rollup_json(r: ColumnRollup, sink: typing.IO[bytes], as_of: date, at: typing.Any,
                      *, levels: set[str], multi: bool, first: bool, last: bool) -> None:
    """One period's JSON (UTF-8), the text of ``childprotect rollup --format json``: a
    document, or an item of a list when there are several periods (``first``, ``last``:
    its place). ``as_of`` is the day of the period's units and ``at`` the positions of
    the units that reported (the others are listed as missing)."""
    from childprotect.rollup.jsontext import document_parts

    data: dict[str, object] = {"period": r.period, "hierarchy_as_of": as_of.isoformat(),
            "missing": missing(r, at), "anomalies": [], "units": [], "outside_area": []}
    head, tail, depth = document_parts(data, multi=multi, first=first, last=last)
    sink.write(head.encode("utf-8"))
    _units(r, levels, depth, sink.write)
    sink.write(tail.encode("utf-8"))


def json_units_columns(r: ColumnRollup, levels: typing.Iterable[str] = (), depth: int = 1
                       ) -> str:
    """The text of :meth:`Rollup.json_units` for a column rollup (every unit of
    ``levels``, all when empty, in the layout's order)."""
    parts: list[bytes] = []
    _units(r, levels, depth, parts.append)
    return b"".join(parts).decode("utf-8")


def _units(r: ColumnRollup, levels: typing.Iterable[str], depth: int,
           write: typing.Callable[[bytes], object]) -> None:
    """The JSON list of the units (see :func:`json_units_columns`), given to ``write`` a
    few units at a time (:data:`JSON_UNITS`)."""
    lines = unit_lines(r, levels, depth)
    if lines is None:
        write(b"[]")
        return
    write(b"[\n")
    held = b""  # each unit is ended by ",\n": the last one's is cut
    for part in lines.chunks(JSON_UNITS):
        write(held)
        held = part
    write(held[:-2] + ("\n" + "  " * depth + "]").encode("utf-8"))


def unit_lines(r: ColumnRollup, levels: typing.Iterable[str] = (), depth: int = 1
               ) -> typing.Any:
    """Each unit's text in :func:`json_units_columns` followed by ``,\\n``, as
    :class:`~.linebytes.Lines` (None: no unit): the fixed text (the row writer's
    templates, :func:`childprotect.rollup.jsontext._templates`) and the numbers of every
    unit put together a piece at a time."""

    from childprotect.formats.linebytes import Lines
    from childprotect.rollup.jsontext import _templates

    lay = r.layout
    names, rates = list(r.measures.counts), list(r.measures.rates)
    rows = _rows_of(lay, levels)
    if not len(rows):
        return None
    unit, rkeys, rate, no_rates, rates_open, rates_close = _templates(names, rates, depth)
    # the unit's fixed text around its values: level, code, name (kept with the layout as
    # each row's head), reporting, expected, the totals, the rates' text
    fixed = [t.encode("utf-8") for t in _pieces(unit)]
    lines = Lines(len(rows))
    lines.cells(_json_heads(lay, fixed[:4])[:, rows])
    expected = r.expected[rows]
    lines.number(r.reporting[rows])
    lines.fixed(fixed[4])
    lines.number(expected)
    lines.fixed(fixed[5])
    for j in range(len(names)):
        blank = r.reported_of(j)[rows] == 0  # no unit under it gave the count
        lines.number(r.sums[rows, j], blank)
        lines.fixed(b"null", blank)
        lines.fixed(fixed[6 + j])
    if not rates:
        lines.fixed(no_rates.encode("utf-8"))
    else:
        body = [t.encode("utf-8") for t in _pieces(rate)]
        lines.fixed(rates_open.encode("utf-8"))
        for i, (name, rkey) in enumerate(zip(rates, rkeys, strict=True)):
            _rate_lines(lines, r, name, rows, expected,
                        ((",\n" if i else "") + rkey).encode("utf-8"), body)
        lines.fixed(rates_close.encode("utf-8"))
    lines.fixed(fixed[-1] + b",\n")
    return lines


def _rate_lines(lines: typing.Any, r: ColumnRollup, name: str, rows: typing.Any,
                expected: typing.Any, key: bytes, body: list[bytes]) -> None:
    """One rate's text in each unit's JSON (its ``key``, then the ``body`` around its
    value, decimal, status, completeness, reporting and expected units)."""
    import numpy as np

    x, y, both, factor = r.rates[name]
    x, y, both = x[rows], y[rows], both[rows]
    q, valid = r.rate_scaled(name, 4)  # (where the rate has a value: its rule)
    q, valid = q[rows], valid[rows]
    num, den = np.where(valid, x * factor, 0), np.where(valid, y, 1)
    g = np.gcd(num, den)
    top, bottom = num // g, den // g
    lines.fixed(key + body[0])
    # the value: "top/bottom", "top" when bottom is 1, or null
    lines.fixed(b"null", ~valid)
    lines.fixed(b'"', valid)
    lines.number(top, ~valid)
    whole = ~valid | (bottom == 1)
    lines.fixed(b"/", ~whole)
    lines.number(bottom, whole)
    lines.fixed(b'"', valid)
    lines.fixed(body[1])
    # the decimal, rounded half-even to 4 places, or null
    lines.fixed(b"null", ~valid)
    lines.fixed(b'"', valid)
    lines.decimal(q, 4, ~valid)
    lines.fixed(b'"', valid)
    lines.fixed(body[2])
    none = both == 0
    lines.fixed(b'"no-data"', none)
    lines.fixed(b'"zero-denominator"', ~none & (y == 0))
    lines.fixed(b'"ok"', ~none & (y != 0))
    lines.fixed(body[3])
    complete = both == expected
    lines.fixed(b"true", complete)
    lines.fixed(b"false", ~complete)
    lines.fixed(body[4])
    lines.number(both)
    lines.fixed(body[5])
    lines.number(expected)
    lines.fixed(body[6])


def _pieces(template: str) -> list[str]:
    """The fixed text of a %-template between its ``%s`` and ``%d`` slots (``%%`` read as
    ``%``): one more piece than slots."""
    import re

    out, current, at = [], [], 0
    for m in re.finditer(r"%%|%[sd]", template):
        current.append(template[at:m.start()])
        if m.group() == "%%":
            current.append("%")
        else:
            out.append("".join(current))
            current = []
        at = m.end()
    out.append("".join([*current, template[at:]]))
    return out


def _json_heads(lay: ColumnLayout, fixed: list[bytes]) -> typing.Any:
    """Each row's text up to its number of reporting units: its level, code and name put
    in the ``fixed`` text around them, as :func:`~.linebytes.lanes` gives them (kept with
    the layout)."""
    import json.encoder

    from childprotect.formats.linebytes import lanes

    enc = json.encoder.encode_basestring  # the encoder json.dumps uses here

    def make() -> typing.Any:
        a, b, c, d = (t.decode("utf-8") for t in fixed)
        return lanes([f"{a}{lv}{b}{code}{c}{name}{d}".encode()
                      for lv, code, name in zip(map(enc, lay.level_of), map(enc, lay.codes),
                                                map(enc, lay.names), strict=True)])

    return lay.kept(("json-head-lanes", *fixed), make)

"""The column path of ``childprotect rollup``: a large plain CSV file read and rolled up a
column at a time, a period at a time (:mod:`childprotect.formats.columnar`), and written
as CSV, JSON or text (:mod:`childprotect.formats.columnwrite`); and what the command's
paths share (the rates asked for, the day of a period's units)."""

from __future__ import annotations

import argparse
import datetime as dt
import typing
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from childprotect.i18n import Message

__all__ = ["KEEP", "Kept", "Rolled", "columnar", "no_rows", "period_day", "rate_measures",
           "rolled_periods", "with_rates", "write_rolled"]

#: How many bytes of rolled-up periods a pass that only checks keeps, so that the pass
#: that writes need not read the file again (a national period with two rates: 3.5 MB).
KEEP = 8 << 20


class Rolled(NamedTuple):
    """One period rolled up: its units' day, the positions of the units that reported,
    whether the file has several periods and whether this one is the last."""

    rollup: Any
    as_of: dt.date
    at: Any
    multi: bool
    last: bool


class Kept:
    """The periods a pass that checks rolled up, kept while they take at most ``room``
    bytes: :attr:`whole` says whether the pass went to the end of the file and every
    period is there."""

    def __init__(self, room: int | None = None) -> None:
        self.items: list[Rolled] = []
        self.room = KEEP if room is None else room
        self.fits = True  # (every period so far)
        self.whole = False

    def add(self, item: Rolled) -> None:
        if not self.fits:
            return
        r = item.rollup
        size = sum(a.nbytes for a in (r.sums, r.reporting, item.at, *(
            [] if r.reported is None else [r.reported]), *(
            a for x, y, both, _ in r.rates.values() for a in (x, y, both))))
        if size > self.room:  # (the file is read again to write it)
            self.items.clear()
            self.fits = False
            return
        self.room -= size
        self.items.append(item)


def columnar(args: argparse.Namespace, registry: Any, path: str,
             sink: typing.IO[bytes] | None, kept: Kept | None = None) -> int:
    """Roll up a large plain CSV file a column at a time, a period at a time, and write it
    to ``sink`` (None: only read and check it, every error raised as when writing, its
    periods kept in ``kept`` while they fit; given a ``kept`` that holds the whole file,
    write those rather than read it again); the number of findings (none: a file with
    anything to report is read row by row instead)."""
    from childprotect.cli._output import command_memory

    command_memory()
    if sink is None:
        for item in rolled_periods(args, registry, path):
            if kept is not None:
                kept.add(item)
        if kept is not None:
            kept.whole = kept.fits
        return 0
    write_rolled(args, kept.items if kept is not None and kept.whole else
                 rolled_periods(args, registry, path), sink)
    return 0


def rolled_periods(args: argparse.Namespace, registry: Any, path: str) -> Iterator[Rolled]:
    """Each period of the file at ``path`` rolled up on its units (errors raised as the
    writers would meet them: levels that are not of the units, units the writers cannot
    lay out)."""
    from childprotect.errors import ValidationError
    from childprotect.formats.columnar import positions, read_period_columns
    from childprotect.formats.columnwrite import check_layout
    from childprotect.rollup.columns import layout_of, rollup_at

    m, periods = read_period_columns(path, ahead=False)  # (it writes in a thread)
    m = with_rates(m, args.rate)
    levels = set(args.level)
    parts: dict[tuple[int, tuple[int, ...]], Any] = {}  # (units, provinces) → hierarchy
    leaf_arrays: dict[int, tuple[Any, ...]] = {}
    it = iter(periods)
    following = next(it, None)
    if following is None:
        raise no_rows(path)
    multi = False
    while following is not None:
        cols = following
        following = next(it, None)
        multi = multi or following is not None
        h = registry.on(args.on if args.on is not None else period_day(cols.period, path))
        as_of, lay = h.as_of, layout_of(h)  # (h may be an earlier day's, below)
        at = positions(lay, cols.units, leaf_arrays)
        if not args.hierarchy:  # the part of the country the data cover
            tops = sorted(set(lay.tops[at].tolist()))
            if len(tops) != len(h.roots()):
                key = (id(lay), tuple(tops))
                if key not in parts:
                    parts[key] = (lay, h.within([lay.codes[t] for t in tops]))
                h = parts[key][1]
                lay = layout_of(h)
                at = positions(lay, cols.units, leaf_arrays)
        for lv in levels:
            if lv not in lay.spans:
                raise ValidationError(Message(
                    "level {level} is not a level of these units", level=repr(lv)))
        check_layout(lay)  # (in the pass that checks, as in the one that writes)
        yield Rolled(rollup_at(lay, at, cols.values, cols.blank, m, cols.period), as_of, at,
                     multi, following is None)


def write_rolled(args: argparse.Namespace, items: Iterable[Rolled],
                 sink: typing.IO[bytes]) -> None:
    """The text of the periods ``items`` in the command's format, written to ``sink``."""
    from childprotect.cli._output import Behind
    from childprotect.cli._rollup_text import columnar_text
    from childprotect.formats.columnwrite import write_rollup_csv, write_rollup_json
    from childprotect.rollup.lines import _csv_field
    from childprotect.rollup.result import headers as rollup_headers

    levels = set(args.level)
    first = True
    with Behind() as behind:  # CSV is put together and written while the next is read
        for item in items:
            r = item.rollup
            if args.format == "text":
                columnar_text(args, r, item.as_of, item.at, sink, multi=item.multi)
            elif args.format == "json":
                write_rollup_json(r, sink, item.as_of, item.at, levels=levels,
                                  multi=item.multi, first=first, last=item.last)
            else:
                if first:
                    headers = rollup_headers(r.measures.counts, r.measures.rates)
                    if item.multi:
                        headers = ["period", *headers]
                    sink.write((",".join(map(_csv_field, headers)) + "\n").encode("utf-8"))
                behind.call(write_rollup_csv, [r], sink, period=item.multi, levels=levels)
            first = False


def period_day(period: str, path: str) -> dt.date:
    """The last day of ``period``, whose units the data are on; an error naming the file
    when the period is not written as one."""
    from childprotect.errors import ValidationError
    from childprotect.text.periods import period_end

    try:
        return period_end(period)
    except ValidationError:
        raise ValidationError(Message(
            "{path}: period {period} is not written YYYY, YYYY-MM, YYYY-Qn, YYYY-Sn or "
            "YYYY-MM-DD: write it so, or give the day of its units with --on DATE",
            path=path, period=repr(period))) from None


def no_rows(path: str) -> Exception:
    """The error of a file without a row of data."""
    from childprotect.errors import ValidationError

    return ValidationError(Message("{path}: no row of data (a header alone, or an empty "
                                   "list): nothing to roll up", path=path))


def rate_measures(specs: list[str]) -> list[object]:
    """The rates of ``--rate NAME=NUM/DEN[*FACTOR]`` options, as measures."""
    from childprotect.errors import ValidationError
    from childprotect.rollup.measures import Measure

    out: list[object] = []
    for spec in specs:
        name, eq, rest = spec.partition("=")
        frac, star, factor = rest.partition("*")
        num, slash, den = frac.partition("/")
        factor = factor.strip()
        if not (eq and slash and name.strip() and num.strip() and den.strip()) or (
                star and not (factor.isascii() and factor.isdigit() and len(factor) <= 9
                              and int(factor) >= 1)):
            raise ValidationError(Message(
                "--rate {spec}: expected NAME=NUM/DEN or NAME=NUM/DEN*100", spec=repr(spec)))
        out.append(Measure.rate(name.strip(), num.strip(), den.strip(),
                                factor=int(factor) if star else 1))
    return out


def with_rates(m: Any, specs: list[str]) -> Any:
    """The measures ``m`` with the rates of ``specs`` after them."""
    from childprotect.rollup.measures import Measures

    rates = rate_measures(specs)
    return Measures([*m.measures, *rates], m.rules) if rates else m  # type: ignore[list-item]

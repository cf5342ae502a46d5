"""``childprotect rollup FILE``: counts and rates rolled up from communes to every level."""

from __future__ import annotations

import argparse
import typing
from collections.abc import Collection, Iterator
from typing import Any

from childprotect.cli._help import say
from childprotect.cli._outfile import Spool, spool_room
from childprotect.cli._output import add_format, iso_date, level_word, utf8_bytes
from childprotect.cli._rollup_columns import no_rows as _no_rows
from childprotect.cli._rollup_columns import period_day as _day
from childprotect.cli._rollup_columns import with_rates as _with_rates
from childprotect.cli._rollup_text import (
    blank_line,
    heading,
    missing_line,
    twice_lines,
)
from childprotect.cli._scoped import marked, scoped_json, scoped_notes, scoped_sentences
from childprotect.i18n import N_, Message

__all__ = ["register"]

_INPUT = N_("""\
Input: CSV with columns unit, period and one column per count (an empty cell is missing,
not zero), or JSON (see docs/rollup.md). Units: the bundled national list (every province,
district and commune since 10 April 2023; docs/national-units.md), or a list in CSV
(--hierarchy; columns in docs/units.md). Each period is rolled up on the units as of --on,
by default the last day of the period: a code that does not exist that day is an error
naming it and its cell or line, as is a workbook's code typed as a number that lost its
leading zeros and so names a unit away from the data's (00058 read 58). The rollup covers
the provinces the data cover (or --within a unit); with --to DATE the data are carried to
the units of that day first (split units' values are estimates, marked in every format).""")
_EXIT = N_("""\
Exit code 0: no anomalies; 1: anomalies found (listed), data outside --within or estimates;
2: bad input (unknown unit codes included).""")
_EXAMPLES = """
  childprotect rollup examples/data/rollup-synthetic-hong-ngu-2024.csv \\
      --rate special_pct=special/children*100
  childprotect rollup national.csv --hierarchy units.csv --format csv > levels.csv
  childprotect rollup hue-2024.csv --to 2025-07-01 --format csv
  childprotect rollup data.json --suppress --format json   (childprotect[publish])
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "rollup", help=say("roll counts up from communes to every level, with exact rates"),
        description=say("Sum counts from the lowest level up to every level of the hierarchy, "
        "recompute rates from numerator and denominator at each level, and report "
        "completeness, missing units and consistency anomalies."),
        epilog=say(_INPUT) + "\n\n" + say("Examples:") + _EXAMPLES + "\n" + say(_EXIT),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", nargs="+",
                   help=say("per-unit counts: CSV (any encoding Excel saves), .xlsx (the "
                            "data-entry template or a plain sheet) or JSON; several files "
                            "(one per commune, say) are read as one"))
    p.add_argument("--hierarchy", metavar="FILE",
                   help=say("a list of units (CSV) to use instead of the bundled national list; "
                   "every unit in it is expected to report"))
    p.add_argument("--transitions", metavar="FILE", help=say("transitions CSV for --hierarchy"))
    p.add_argument("--on", metavar="YYYY-MM-DD", type=iso_date,
                   help=say("date of the hierarchy (default: last day of each period)"))
    p.add_argument("--within", metavar="CODE",
                   help=say("roll up only the units under this unit; data outside it are named "
                   "and left out (default: the provinces the data cover)"))
    p.add_argument("--to", metavar="YYYY-MM-DD", type=iso_date,
                   help=say("carry the data to the units of this day through the crosswalk "
                   "(e.g. 2025-07-01); values resting on a split are marked as estimates"))
    p.add_argument("--rate", action="append", default=[], metavar="NAME=NUM/DEN[*FACTOR]",
                   help=say("a rate recomputed at every level, e.g. "
                            "special_pct=special/children*100"))
    p.add_argument("--level", action="append", default=[], metavar="LEVEL",
                   help=say("show only these levels (province, district, commune, total)"))
    p.add_argument("--suppress", action="store_true",
                   help=say("hide small cells (and complementary cells) for publication"))
    p.add_argument("--threshold", type=int, default=None,
                   help=say("suppression threshold (default 5)"))
    p.add_argument("--protection", type=int, default=None, metavar="N",
                   help=say("width every hidden small count's feasible interval must reach "
                   "(default: the threshold; see docs/rollup.md)"))
    add_format(p, "text", "json", "csv", "xlsx")
    p.add_argument("--engine", choices=("auto", "rows", "columns"), default="auto",
                   help=say("how a CSV file is summed with --format csv, json or text: columns "
                   "(numpy: faster on large files), rows (least memory) or auto (columns "
                   "when numpy is installed, from 512 KiB, for CSV 4 MiB); the output is "
                   "the same"))
    p.add_argument("--out", metavar="FILE",
                   help=say("the file to write instead of standard output; with --format xlsx "
                   "(then required), a workbook: a sheet per level (counts as numbers, rates "
                   "with their exact value and coverage) and the anomalies"))
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    import gc

    from childprotect.cli._outfile import output_file

    # A short run that builds many small objects and no reference cycles: pausing the
    # cyclic collector saves its repeated scans of the growing heap.
    enabled = gc.isenabled()
    gc.disable()
    try:
        with output_file(args.out if args.format != "xlsx" else None, args.lang,
                         inputs=[*args.file, args.hierarchy, args.transitions]):
            return _rollup(args)
    finally:
        if enabled:
            gc.enable()


def _rollup(args: argparse.Namespace) -> int:
    from childprotect.cli._output import suppression_threshold
    from childprotect.errors import ChildProtectError, ValidationError
    from childprotect.formats.datafiles import is_workbook
    from childprotect.units.csvfiles import load_units_csv

    args.threshold = suppression_threshold(args)
    if args.transitions and not args.hierarchy:
        raise ValidationError(Message("--transitions applies to the units of --hierarchy FILE "
                                      "(the bundled list has its own): give --hierarchy, or "
                                      "leave --transitions out"))

    if args.hierarchy:
        registry = load_units_csv(args.hierarchy, args.transitions)
    else:
        from childprotect.units.national_list import national

        registry = national()
    if args.format == "xlsx" and not args.out:
        raise ValidationError(Message("--format xlsx needs --out FILE.xlsx"))
    if args.format == "xlsx":
        from childprotect.cli._outfile import not_an_input

        not_an_input(args.out, [*args.file, args.hierarchy, args.transitions])
    files = list(args.file)
    import os

    # (a pipe, /dev/stdin say, cannot be read again: it is read whole, once)
    if len(files) == 1 and os.path.isfile(files[0]) and \
            not is_workbook(files[0]) and not files[0].lower().endswith(".json"):
        import contextlib
        import io
        import sys

        # One CSV file: read and rolled up a period at a time, so that memory does not grow
        # with the periods. What is written waits in a spool until the whole file is read:
        # a file that fails (or is not plain, or lists periods out of order) is read again
        # whole, below, and gives exactly the output and the errors it always gave.
        if _columnar_fits(args, files[0]):
            # A large plain file is read a column at a time (numpy, when it is
            # installed); a file that this path does not take is read row by row.
            direct = utf8_bytes(sys.stdout) if args.format == "json" else None
            # JSON is some 12 MB a period: rather than keep it in a spool on disk, the file
            # is read and checked once without writing, then again writing straight out
            # (reading costs a tenth of writing the spool; a few periods are kept rolled
            # up, and not read again). A file refused goes row by row.
            from childprotect.cli._rollup_columns import Kept

            kept = Kept()
            with Spool() as raw:
                try:
                    with spool_room():
                        found = _columnar(args, registry, files[0], None if direct else raw,
                                          kept)
                        raw.flush()
                except (ChildProtectError, _Unordered):
                    pass
                else:
                    if direct is not None:
                        sys.stdout.flush()
                        found = _columnar(args, registry, files[0], direct, kept)
                        del kept
                        direct.flush()
                    else:
                        raw.copy_to(sys.stdout)
                    return 1 if found else 0
        with Spool() as spool, io.TextIOWrapper(spool, encoding="utf-8", newline="") as out:
            err = io.StringIO()
            try:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
                        spool_room():
                    found = _streamed(args, registry, files[0])
                    out.flush()  # (the spool's last bytes too: a full disk is named here)
            except _Final as exc:  # (the workbook refused: reading again would not help)
                raise exc.error from None
            except (ChildProtectError, _Unordered):
                pass
            else:
                spool.copy_to(sys.stdout)
                sys.stderr.write(err.getvalue())
                return 1 if found else 0
    return _whole(args, registry, files)


#: Files from this size on are read a column at a time when numpy is there, for CSV and
#: for JSON and text (which the row path writes slower):
#: below it, importing them costs more than it saves (benchmarks/bench_rollup.py).
COLUMNAR_FROM = 4 << 20
COLUMNAR_TEXT_FROM = 512 << 10


def _columnar_fits(args: argparse.Namespace, path: str) -> bool:
    import os

    from childprotect.formats.columnar import available

    try:
        size = os.path.getsize(path)
    except OSError:
        return False
    engine = getattr(args, "engine", "auto")
    if engine == "rows" or (engine == "auto" and size < (
            COLUMNAR_FROM if args.format == "csv" else COLUMNAR_TEXT_FROM)) or \
            args.format not in ("csv", "json", "text") or args.to or args.within or args.suppress:
        return False
    if not available():
        if engine == "columns":
            import sys

            print(Message("note: {text}", text=Message(
                "numpy is not installed (pip install 'childprotect[columns]'): the file is "
                "read row by row")).text(args.lang), file=sys.stderr)
        return False
    return True


def _columnar(args: argparse.Namespace, registry: Any, path: str,
              sink: typing.IO[bytes] | None, kept: Any = None) -> int:
    """Roll up a large plain CSV file a column at a time (see
    :func:`childprotect.cli._rollup_columns.columnar`); the number of findings."""
    from childprotect.cli._rollup_columns import columnar

    return columnar(args, registry, path, sink, kept)


def _at_word(lang: str) -> str:
    """The word between an anomaly's kind and where it is (its module loaded only when an
    anomaly is written)."""
    from childprotect.mainjob.tables import at_word

    return at_word(lang)


class _Unordered(Exception):
    """The periods of a file do not come one after another in order (read it whole)."""


class _Final(Exception):
    """An error of the output itself (a workbook refused), raised as it is rather than
    read the file again whole."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error


def _streamed(args: argparse.Namespace, registry: Any, path: str) -> int:
    """Roll up one plain CSV file a period at a time; the number of findings."""

    from childprotect.formats.counts import read_csv_file

    texts: dict[str, dict[str, str]] = {}
    m, rows = read_csv_file(path, texts=texts)
    m = _with_rates(m, args.rate)
    emit = _Emitter(args, path, streamed=True)
    try:
        return _periods_streamed(args, registry, path, m, rows, texts, emit)
    finally:  # (a workbook's rows on disk: gone, written or not, before the file is read whole)
        if emit.book is not None:
            emit.book.close()


def _periods_streamed(args: argparse.Namespace, registry: Any, path: str, m: Any, rows: Any,
                      texts: dict[str, dict[str, str]], emit: _Emitter) -> int:
    """The periods of ``rows``, each rolled up and written by ``emit`` in turn."""
    import itertools
    import operator

    unit_and_values = operator.itemgetter(0, 2)
    groups = itertools.groupby(rows, operator.itemgetter(1))
    following = next(groups, None)
    if following is None:
        raise _no_rows(path)
    while following is not None:
        period, run = following
        items = list(map(unit_and_values, run))
        # The first row of the next period tells whether this period is the last one (and
        # whether there are several: a period column, a JSON list) before it is written.
        following = next(groups, None)
        if following is not None:
            if following[0] <= period:
                raise _Unordered
            emit.multi = True
        r, scoped = _one_period(args, registry, m, period, items, path,
                                texts.pop(period, None), [path])
        del items
        emit.one(r, scoped, last=following is None)
    emit.finish()
    return emit.found


def _one_period(args: argparse.Namespace, registry: Any, m: Any, period: str,
                rows: list[tuple[str, tuple[object, ...]]], path: str,
                texts: dict[str, str] | None, files: list[str],
                numbers: Collection[str] = ()) -> tuple[Any, Any]:
    """The rollup of one period's rows, and what scoping them found (a wrong unit code is
    an error naming where it is in ``files``, read again to find it)."""
    from childprotect.rollup.aggregate import rollup_rows
    from childprotect.rollup.areas import scope_rows

    def places(codes: Collection[str]) -> dict[str, list[str | Message]]:
        from childprotect.formats.datafiles import unit_places

        return unit_places(files, codes, period)

    scoped = scope_rows(rows, registry,  # type: ignore[arg-type]
                        args.on if args.on is not None else _day(period, path),
                        names=m.counts, source=path, within=args.within, to=args.to,
                        whole=bool(args.hierarchy), numbers=numbers, places=places)
    return rollup_rows(scoped.rows, scoped.hierarchy, m, period,
                       texts=None if args.to else texts), scoped


def _whole(args: argparse.Namespace, registry: Any, files: list[str]) -> int:
    """Read every period first, then roll each up (workbooks, JSON, several files, and CSV
    files that cannot be read a period at a time)."""
    import itertools
    import operator

    from childprotect.formats.counts import counts_header, read_csv_text
    from childprotect.formats.datafiles import is_workbook, read_counts, read_text_file

    path = ", ".join(files)
    by_period: dict[str, list[tuple[str, tuple[object, ...]]]] = {}
    texts: dict[str, dict[str, str]] = {}  # the counts of each unit as read, by period
    numbers: dict[str, set[str]] = {}  # the unit codes read from cells holding numbers
    text = "" if len(files) > 1 or is_workbook(files[0]) or files[0].lower().endswith(
        ".json") else read_text_file(path)
    if not counts_header(text):  # several files, a workbook, JSON, a template's CSV
        m, records = read_counts(files, numbers=numbers)  # the one reader of data files
        for rec in records:
            by_period.setdefault(rec.period, []).append(
                (rec.unit, tuple(rec.values.get(n) for n in m.counts)))
    else:  # one CSV file of counts: read fast, its counts kept as text for the output
        m, rows = read_csv_text(text, None, path, texts=texts)
        # (unit, values) per period, a run of rows of one period at a time
        unit_and_values = operator.itemgetter(0, 2)
        for period, run in itertools.groupby(rows, operator.itemgetter(1)):
            by_period.setdefault(period, []).extend(map(unit_and_values, run))
        del text
    if not by_period:
        raise _no_rows(path)
    m = _with_rates(m, args.rate)
    done = [_one_period(args, registry, m, period, by_period[period], path, texts.get(period),
                        files, numbers.get(period, set()))
            for period in sorted(by_period)]
    emit = _Emitter(args, path)
    emit.multi = len(done) > 1
    for i, (r, scoped) in enumerate(done):
        emit.one(r, scoped, last=i == len(done) - 1)
    emit.finish()
    return 1 if emit.found else 0


class _Emitter:
    """Writes the rollups of the periods one after another, in the format asked for."""

    def __init__(self, args: argparse.Namespace, path: str, streamed: bool = False) -> None:
        self.args = args
        self.streamed = streamed  # (a period at a time: a workbook's rows wait on disk)
        self.levels = set(args.level)
        self.multi = False  # several periods: a period column, a JSON list
        self.first = True
        self.found = 0
        self.book: Any = None  # (the workbook's sheets, made a period at a time)
        self.anomalies: list[Any] = []
        self.sentences: list[Any] = []  # what scoping each period found, for the notes
        self.path = path
        self.twice: list[str] = []  # where units were reported more than once (period/code)

    def one(self, r: Any, scoped: Any, *, last: bool) -> None:
        import json
        import sys

        from childprotect.cli._output import render_table, write
        from childprotect.rollup.measures import TOTAL

        args, levels = self.args, self.levels
        first, self.first = self.first, False
        for lv in levels:
            r.codes(lv)  # an unknown level is an error naming the levels there are
        sup = None
        if args.suppress:  # (the suppression's modules loaded only for it)
            from childprotect.rollup.protection import suppress

            sup = suppress(r, args.threshold, protection=args.protection)
        anomalies = r.anomalies if sup is None else sup.redact(r.anomalies)
        self.twice += [a.where for a in anomalies
                       if a.kind in ("rollup.duplicate", "rollup.conflict")]
        self.found += len(anomalies) + len(scoped.outside) + len(scoped.anomalies) + len(
            scoped.estimates)
        if args.format == "xlsx":
            from childprotect.formats.tabular.results import RollupBook

            if self.book is None:  # (streamed: the memory of one period, however many)
                self.book = RollupBook(levels=levels, lang=args.lang, spool=self.streamed)
            self.book.add(r, sup, scoped.estimates)
            self.anomalies.extend((*anomalies, *scoped.anomalies))
            self.sentences.append(scoped_sentences(scoped))
            return
        if args.format == "json":
            from childprotect.rollup.jsontext import document_parts, framed, json_unit_pieces

            place = {"multi": self.multi, "first": first, "last": last}
            if sup is None and not args.to:
                # The units written a unit at a time (Rollup.json_units), the rest by
                # json.dumps: the same text as dumping the whole document.
                data = r.to_json(sup, units=False)
                data["units"] = []
                scoped_json(data, scoped, args.to)
                head, tail, depth = document_parts(data, **place)
                sys.stdout.write(head)
                for piece in json_unit_pieces(r, levels, depth):
                    sys.stdout.write(piece)
                sys.stdout.write(tail)
                return
            data = r.to_json(sup)
            if levels:
                data["units"] = [u for u in data["units"] if u["level"] in levels]
            scoped_json(data, scoped, args.to)
            sys.stdout.write(framed(json.dumps(data, ensure_ascii=False, indent=2), **place))
            return
        headers = r.headers()
        if args.format == "csv":
            # Lines built once (same text as csv.writer), written in one call.
            from childprotect.rollup.lines import _csv_field

            lines: Iterator[str] = (line for level, line in r.csv_lines(sup)
                                    if not levels or level in levels)
            if args.to:
                headers = [*headers, "estimate"]
                lines = marked(lines, scoped.estimates)
            if self.multi:
                headers = ["period", *headers]
                prefix = _csv_field(r.period or "") + ","
                lines = (prefix + line for line in lines)
            text = "\n".join(lines)
            if first:
                sys.stdout.write(",".join(map(_csv_field, headers)) + "\n")
            if text:
                sys.stdout.write(text)
                sys.stdout.write("\n")
            if sup is not None and last:
                print(Message("note: {text}", text=sup.legend).text(args.lang), file=sys.stderr)
            for a in (*anomalies, *scoped.anomalies):
                print(f"{a.severity.label(args.lang)}: {a.kind} {_at_word(args.lang)} "
                      f"{a.where}: {a.shown(args.lang)}", file=sys.stderr)
            scoped_notes(scoped, sys.stderr)
            return
        table = r.rows(sup)
        if self.multi:
            headers = ["period", *headers]
            table = ([r.period or "", *row] for row in table)
        lvl_col = 1 if self.multi else 0
        if levels:
            table = (row for row in table if row[lvl_col] in levels)
        if args.to:
            headers = [*headers, "estimate"]
            table = ([*row, "*" if row[lvl_col + 1] in scoped.estimates else ""]
                     for row in table)
        # For people: columns and levels in words (a CSV keeps the machine codes).
        level_at = lvl_col
        every = Message("all units").text(args.lang)
        table = ([*row[:level_at], level_word(row[level_at], args.lang), row[level_at + 1],
                  every if row[level_at] == "total" else row[level_at + 2],
                  *row[level_at + 3:]] for row in table)
        c = r.completeness()
        write(heading(r.period, r.hierarchy.as_of, c.reporting, c.expected, args.lang))
        from childprotect.mainjob.tables import column_words

        write(render_table(list(column_words(headers, args.lang)), list(table), "text"))
        if sup is not None:
            write(sup.legend)
        missing = r.missing()
        if missing:
            write(missing_line(missing, args.lang))
        blanks = blank_line(r.completeness().reporting, [
            (name, r.cell(TOTAL, name).reported) for name in r.names], args.lang)
        if blanks:
            write(blanks)
        for a in (*anomalies, *scoped.anomalies):
            write(f"- [{a.severity.label(args.lang)}] {a.kind} {_at_word(args.lang)} {a.where}: "
                  f"{a.shown(args.lang)}\n"
                  f"    {a.explain(args.lang)}")
        scoped_notes(scoped, sys.stdout)

    def finish(self) -> None:
        """Write what waits for every period (a workbook; a JSON list of no period)."""
        import sys

        from childprotect.cli._output import emit_json, write

        if self.args.format == "json" and self.first:
            emit_json([])
        if self.args.format in ("text", "csv", "markdown") and self.twice:
            for line in twice_lines(self.path, self.twice, self.args.lang):
                print(line, file=sys.stdout if self.args.format == "text" else sys.stderr)
        if self.args.format != "xlsx":
            return
        from childprotect.formats.tabular.workbook import write_workbook

        lang = self.args.lang
        notes = list(dict.fromkeys(m.text(lang) for found in self.sentences for m in found))
        if self.book is None:
            from childprotect.formats.tabular.results import RollupBook

            self.book = RollupBook(lang=lang)
        from childprotect.errors import ChildProtectError

        try:
            out = write_workbook(self.args.out, self.book.sheets(anomalies=self.anomalies,
                                                                 notes=notes))
        except ChildProtectError as exc:
            if self.streamed:
                raise _Final(exc) from None
            raise
        finally:
            self.book.close()
        said = Message("wrote {path}", path=str(out)).text(self.args.lang)
        if out.is_file():
            write(said)
        else:  # (a device, standard output say: the workbook alone goes there)
            print(said, file=sys.stderr)
        for found in self.sentences:  # (as scoped_notes writes them)
            for sentence in found:
                print(sentence, file=sys.stdout)

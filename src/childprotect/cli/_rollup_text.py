"""The lines of ``childprotect rollup --format text`` around a period's table."""

from __future__ import annotations

import argparse
import datetime as dt
import typing
from typing import Any

from childprotect.cli._output import level_word
from childprotect.i18n import Message

__all__ = ["blank_line", "columnar_text", "heading", "missing_line", "twice_lines"]


def columnar_text(args: argparse.Namespace, r: Any, as_of: dt.date, at: Any,
                   sink: typing.IO[bytes], *, multi: bool) -> None:
    """One period's text (as :meth:`_Emitter.one` writes it) from a column rollup whose
    units are those of ``as_of``."""
    from childprotect.formats.columnwrite import missing, write_rollup_text
    from childprotect.mainjob.tables import column_words
    from childprotect.rollup.measures import TOTAL
    from childprotect.rollup.result import headers as rollup_headers

    lang = args.lang
    total = r.row[TOTAL]
    sink.write((heading(r.period, as_of, int(r.reporting[total]), int(r.expected[total]),
                         lang) + "\n").encode("utf-8"))
    headers = rollup_headers(r.measures.counts, r.measures.rates)
    if multi:
        headers = ["period", *headers]
    write_rollup_text(r, sink, levels=set(args.level),
                      headers=list(column_words(headers, lang)),
                      words={lv: level_word(lv, lang) for lv in r.layout.spans},
                      every=Message("all units").text(lang), period=multi)
    absent = missing(r, at)
    if absent:
        sink.write((missing_line(absent, lang) + "\n").encode("utf-8"))
    blanks = blank_line(int(r.reporting[total]), [
        (name, int(r.reported_of(j)[total])) for j, name in enumerate(r.measures.counts)], lang)
    if blanks:
        sink.write((blanks + "\n").encode("utf-8"))


def heading(period: str | None, day: dt.date, reporting: int, expected: int,
             lang: str) -> str:
    """The line above a period's text table."""
    return Message("period {period} (units as of {day}): {reporting} of {expected} units "
                   "reported", period=period, day=day, reporting=reporting,
                   expected=expected).text(lang)


def missing_line(missing: list[str], lang: str) -> str:
    """The line under a period's text table listing the units that did not report."""
    shown = ", ".join(missing[:20]) + (" …" if len(missing) > 20 else "")
    return Message("missing ({count}): {units}", count=len(missing), units=shown).text(lang)


def blank_line(reporting: int, reported: list[tuple[str, int]], lang: str) -> str | None:
    """The line under a period's text table naming the counts that some of the
    ``reporting`` units left blank (``reported``: each count and how many gave it): their
    totals are sums over the others, which "40 of 40 units reported" does not say. None
    when every reporting unit gave every count."""
    gaps = [(name, n) for name, n in reported if n < reporting]
    if not gaps:
        return None
    return Message("left blank by some of the {reporting} units that reported (their totals "
                   "are over the others): {counts}", reporting=reporting,
                   counts=", ".join(f"{name} {n}/{reporting}" for name, n in gaps)
                   ).text(lang)


def twice_lines(path: str, wheres: list[str], lang: str) -> list[str]:
    """For each unit reported more than once (``period/code``, as the anomalies say) in
    ``path``, one CSV file of counts: the lines where it is, read again once at the end
    (nothing when the data are not one such file)."""
    import os

    from childprotect.formats.countplaces import key_lines
    from childprotect.formats.counts import counts_header
    from childprotect.formats.datafiles import read_text_file

    if not path.lower().endswith(".csv") or not os.path.isfile(path):
        return []
    text = read_text_file(path)
    if not counts_header(text):
        return []
    keys = {(code, period) for period, _, code in (w.rpartition("/") for w in wheres)}
    found = key_lines(text, keys, path)
    return [Message("{where}: {file} lines {lines}", where=f"{period}/{code}", file=path,
                    lines=", ".join(map(str, found[(code, period)]))).text(lang)
            for code, period in sorted(found, key=lambda k: (k[1], k[0]))]

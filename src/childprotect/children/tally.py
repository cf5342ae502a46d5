"""Per-child records streamed into per-commune counts, with distinct children.

Each input row is one child: the commune code, the birth date, and one 0/1 flag per
group of children in special circumstances. Rows are read one at a time and only the
per-commune counters are kept, so memory does not grow with the number of rows. A child
is counted when born on or before the reference date and under 16 on it (Luật Trẻ em
102/2016/QH13, Điều 1: a child is a person under 16).

Errors name the line and the column, never the value: the rows are personal data.

>>> rows = ["commune,birth_date,group_a,group_b",
...         "29971,2015-03-01,1,1",   # counted once in special, once in each group
...         "29971,2008-07-01,0,1",   # 16 on 2024-07-01: no longer a child on 2024-12-31
...         "29956,2020-01-01,0,0"]
>>> m, recs = tally_children(rows, on=date(2024, 12, 31), period="2024")
>>> m.counts
('children', 'group_a', 'group_b', 'special')
>>> for r in recs:
...     print(r.unit, dict(r.values))
29956 {'children': 1, 'group_a': 0, 'group_b': 0, 'special': 0}
29971 {'children': 1, 'group_a': 1, 'group_b': 1, 'special': 1}
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from childprotect.documents.anomalies import Anomaly, Severity
from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.rollup.measures import Measure, Measures, Record

if TYPE_CHECKING:
    from childprotect.units.hierarchy import Hierarchy

__all__ = ["add_tallies", "tally_children", "tally_dask"]

#: The age below which a person is a child (Luật Trẻ em 102/2016/QH13, Điều 1).
CHILD_AGE = 16


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def tally_children(
    lines: Iterable[str],
    *,
    on: date,
    period: str,
    source: str = "<csv>",
    anomalies: list[Anomaly] | None = None,
    units: Hierarchy | None = None,
) -> tuple[Measures, list[Record]]:
    """Count children per commune from CSV rows: ``commune,birth_date,<flag columns>``.

    Returns the measures (``children``, one per flag column, ``special`` = children with
    at least one flag, counted once) and one record per commune, in code order.

    White space around a cell is not part of it (`` 00004`` is commune ``00004``); an
    empty commune code is an error naming the line.

    A child born after ``on`` cannot be counted on ``on``: it is an error naming the line,
    or, when ``anomalies`` is a list, one ``children.born-after-reference`` anomaly per
    commune with how many such rows it has (never silently skipped).

    ``units``, when given, are the units of the reference date: a commune code that does
    not exist then, or names a unit that does not report (a province), is an
    :class:`~childprotect.errors.UnknownUnits` naming the first line of each such code
    (:func:`~childprotect.rollup.areas.require_known`,
    :func:`~childprotect.rollup.areas.require_reporting`).
    """
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        from childprotect.text.csvtext import csv_failure

        raise csv_failure(exc, source, 1) from None
    if not header or len(header) < 2 or [h.strip().lstrip("\ufeff") for h in header[:2]] != [
            "commune", "birth_date"]:
        raise ValidationError(Message("{source}: the header must start with commune,birth_date",
                                      source=source))
    flags = [h.strip() for h in header[2:]]
    n = len(flags)
    width = n + 2
    lo = _years_before(on, CHILD_AGE).isoformat()  # born after this day: under 16 on `on`
    hi = on.isoformat()
    table: dict[str, list[int]] = {}
    future: dict[str, int] = {}  # commune → rows born after `on`
    first: dict[str, int] = {}  # commune → the line of its first row
    check = str.maketrans("", "", "01")
    # Bounded caches: distinct birth dates (a calendar's worth) and flag patterns (2^n).
    good_dates: set[str] = set()
    patterns: dict[str, tuple[int, ...]] = {}
    # the line the next record starts on (a quoted cell may hold line breaks)
    start = reader.line_num + 1
    try:
        for row in reader:
            lineno, start = start, reader.line_num + 1
            if len(row) != width:
                if not row:
                    continue
                raise ValidationError(Message("{source} line {lineno}: {count} cells, expected "
                                              "{width}", source=source, lineno=lineno,
                                              count=len(row), width=width))
            code = row[0].strip()  # (white space around a cell is not part of it)
            if not code:
                raise ValidationError(Message("{source} line {lineno}: the commune code is "
                                              "empty", source=source, lineno=lineno))
            born = row[1]
            if born not in good_dates:
                born = born.strip()
                if born not in good_dates:
                    if len(born) != 10 or born[4] != "-" or born[7] != "-":
                        raise ValidationError(Message("{source} line {lineno}: birth_date is "
                                                      "not YYYY-MM-DD", source=source,
                                                      lineno=lineno))
                    try:
                        date.fromisoformat(born)
                    except ValueError:
                        raise ValidationError(
                            Message("{source} line {lineno}: birth_date is not a day that "
                                    "exists", source=source, lineno=lineno)) from None
                    good_dates.add(born)
            # (joined with commas: the cells "10" and "" are not the cells "1" and "0")
            joined = ",".join(row[2:])
            pattern = patterns.get(joined)
            if pattern is None:
                joined = ",".join([c.strip() for c in row[2:]])
                pattern = patterns.get(joined)
            if pattern is None:
                marks = joined[::2]  # each cell one character, the commas between
                if len(joined) != max(2 * n - 1, 0) or marks.translate(check) or \
                        joined[1::2].strip(","):
                    raise ValidationError(Message("{source} line {lineno}: group flags must be "
                                                  "0 or 1", source=source, lineno=lineno))
                pattern = patterns[joined] = tuple(
                    i + 1 for i, c in enumerate(marks) if c == "1")
            counts = table.get(code)
            if counts is None:
                counts = table[code] = [0] * (n + 2)
                first[code] = lineno
            if not lo < born <= hi:
                if born > hi:
                    if anomalies is None:
                        raise ValidationError(
                            Message("{source} line {lineno}: birth_date is after the reference "
                                    "date {hi}: the child cannot be counted on that day",
                                    source=source, lineno=lineno, hi=hi))
                    future[code] = future.get(code, 0) + 1
                continue
            counts[0] += 1
            if pattern:
                counts[n + 1] += 1
                for i in pattern:
                    counts[i] += 1
    except csv.Error as exc:
        from childprotect.text.csvtext import csv_failure

        raise csv_failure(exc, source, start) from None
    if units is not None:
        from childprotect.rollup.areas import require_known, require_reporting

        def places(codes: Collection[str]) -> dict[str, list[str | Message]]:
            return {c: [Message("line {line}", line=first[c])] for c in codes if c in first}

        require_known(table.keys(), units, source=source, places=places)
        require_reporting(table.keys(), units, source=source, places=places)
    if anomalies is not None:
        from childprotect.units.model import shown_code  # (on first use: the registry's model)

        def named(code: str) -> tuple[str, str | Message]:
            """The anomaly's place and how its sentence names the commune: a commune that
            could not be a code (a name, say) by its first line, never quoted."""
            shown = shown_code(code)
            if isinstance(shown, str):
                return f"{period}/{code}", code
            line = Message("line {line}", line=first[code])
            return f"{period}/line {first[code]}", Message("{code} ({said})", code=shown,
                                                             said=(line,))

        for code, k in sorted(future.items()):
            where, commune = named(code)
            anomalies.append(Anomaly.summarised(
                "children.born-after-reference", where, Message("{count} row(s)", count=k),
                Message("{count} row(s) of commune {code} have a birth date after the "
                        "reference date {day}: not counted", count=k, code=commune, day=hi),
                Severity.ERROR))
    names = ["children", *flags, "special"]
    m = Measures([Measure.count(x) for x in names])
    recs = [Record(code, period, dict(zip(names, table[code], strict=True)))
            for code in sorted(table)]
    return m, recs


def add_tallies(parts: Iterable[tuple[Measures, list[Record]]]) -> tuple[Measures, list[Record]]:
    """The tally of a per-child file from the tallies of its parts, each part a disjoint
    set of rows (the file split by rows across workers or days): counts are added per
    commune and period.

    Tallies of rows are not reports of units: the same commune in two parts is two sets of
    children, never a conflict (a rollup would count two *reports* of one commune as a
    conflict and leave it out). The parts must count the same measures.

    >>> rows = ["commune,birth_date,group_a", "29971,2015-03-01,1", "29971,2016-03-01,0"]
    >>> day = date(2024, 12, 31)
    >>> halves = [tally_children(rows[:2], on=day, period="2024"),
    ...           tally_children([rows[0], rows[2]], on=day, period="2024")]
    >>> [dict(r.values) for r in add_tallies(halves)[1]]
    [{'children': 2, 'group_a': 1, 'special': 1}]
    """
    measures: Measures | None = None
    sums: dict[tuple[str, str], list[int]] = {}
    for i, (m, records) in enumerate(parts):
        if measures is None:
            measures = m
        elif m.counts != measures.counts:
            raise ValidationError(Message(
                "tally {index} counts {got}, the first counts {want}: the parts must come "
                "from files with the same columns", index=i + 1, got=", ".join(m.counts),
                want=", ".join(measures.counts)))
        for r in records:
            row = sums.setdefault((r.unit, r.period), [0] * len(m.counts))
            for j, name in enumerate(m.counts):
                v = r.values.get(name)
                if v is None:
                    continue
                if type(v) is not int:  # a tally counts children: whole numbers only
                    raise ValidationError(Message(
                        "tally {index}: {unit} {name} is not a whole number", index=i + 1,
                        unit=r.unit, name=name))
                row[j] += v
    if measures is None:
        raise ValidationError(Message("no tally to add"))
    names = measures.counts
    return measures, [Record(u, p, dict(zip(names, sums[(u, p)], strict=True)))
                      for u, p in sorted(sums)]


def _partition_tally(frame: Any, index: int, on: date, period: str
                     ) -> tuple[Measures, list[Record]]:
    """One partition of a per-child data frame tallied as its CSV text would be: by column
    operations when every row is well formed, else by :func:`tally_children` on its text,
    which names the first bad line exactly as for a file."""
    for column in ("commune", "birth_date"):
        if column in frame.columns and frame[column].dtype.kind not in "OSUT":
            # read as numbers, codes such as 00001 would have lost their zeros
            raise ValidationError(Message(
                "partition {index}: column {column} was read as numbers; read the file "
                "with dtype=str", index=index, column=column))
    fast = _columns_tally(frame, on, period)
    if fast is not None:
        return fast
    import io

    text = io.StringIO()
    frame.to_csv(text, index=False, lineterminator="\n")
    text.seek(0)
    return tally_children(text, on=on, period=period,
                          source=Message("partition {index}", index=index).text())


def _columns_tally(frame: Any, on: date, period: str) -> tuple[Measures, list[Record]] | None:
    """The tally of a pandas partition by column operations; None when a row is not well
    formed (a bad date, a flag other than 0 or 1, a birth after ``on``, a bad header)."""
    cols = [str(c) for c in frame.columns]
    if len(cols) < 2 or cols[:2] != ["commune", "birth_date"]:
        return None
    flags = cols[2:]
    text = frame.astype(str).where(frame.notna(), "")  # as the CSV text would read
    born = text["birth_date"]
    if not born.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").all():
        return None
    code = text["commune"]
    if (code.str.strip() != code).any() or code.eq("").any():  # the row path names it
        return None
    import pandas as pd

    parsed = pd.to_datetime(born, format="%Y-%m-%d", errors="coerce")
    for day in born[parsed.isna()].unique():  # outside pandas' dates, or not a day at all
        try:
            date.fromisoformat(day)
        except ValueError:
            return None
    marks = text[flags].eq("1")
    if flags and not (marks | text[flags].eq("0")).all(axis=None):
        return None
    hi = on.isoformat()
    if (born > hi).any():
        return None
    counted = born > _years_before(on, CHILD_AGE).isoformat()
    table = pd.DataFrame({"children": counted})
    for f in flags:
        table[f] = marks[f] & counted
    table["special"] = marks.any(axis=1) & counted if flags else False
    sums = table.astype("int64").groupby(text["commune"].to_numpy(), sort=True).sum()
    names = ["children", *flags, "special"]
    m = Measures([Measure.count(x) for x in names])
    recs = [Record(str(code), period, {k: int(v) for k, v in zip(names, row, strict=True)})
            for code, row in zip(sums.index, sums.itertuples(index=False, name=None),
                                 strict=True)]
    return m, recs


def tally_dask(frame: Any, *, on: date, period: str, scheduler: str | None = None
               ) -> tuple[Measures, list[Record]]:
    """:func:`tally_children` of a Dask data frame of per-child rows (columns ``commune``,
    ``birth_date`` and the flags, read as text: ``dd.read_csv(..., dtype=str)`` or Parquet
    with string columns), each partition tallied where it lies and the tallies added
    exactly (:func:`add_tallies`): the same result as the whole file tallied in one
    process, however the rows are split. Errors name the partition and its line, never
    a value. Needs the optional ``dask`` extra; ``scheduler`` is passed to ``compute``
    (on a ``dask.distributed`` cluster, the client in force is used).
    """
    try:
        from dask.base import compute
        from dask.delayed import delayed
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ValidationError(
            Message("tally_dask needs Dask: pip install 'childprotect[dask]'")) from exc
    if not (hasattr(frame, "to_delayed") and hasattr(frame, "columns")):
        raise ValidationError(Message("expected a Dask data frame, got {kind}",
                                      kind=type(frame).__name__))
    kwargs = {"scheduler": scheduler} if scheduler else {}
    parts = [delayed(_partition_tally)(d, i + 1, on, period)
             for i, d in enumerate(frame.to_delayed())]
    if not parts:
        raise ValidationError(Message("no tally to add"))
    from childprotect.rollup.parallel import computed

    return add_tallies(computed(compute, *parts, **kwargs))

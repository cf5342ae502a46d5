"""Results as workbook sheets: rollups a sheet per level, anomalies, statuses in colour.

The sheets are :class:`~childprotect.formats.tabular.workbook.SheetSpec` values for
:func:`~childprotect.formats.tabular.workbook.write_workbook`: counts are whole numbers,
rates are numbers with their exact value beside them and the count of units behind them,
each column has its machine code in the row under the headings (so that
:func:`~childprotect.formats.tabular.reading.read_table` reads a sheet back), and a hidden
cell of a suppressed rollup is written as the one mark ``×`` with the legend above the
table. Sheet names and codes do not change with the language; headings and statuses do.

>>> import datetime as dt, tempfile, pathlib
>>> from childprotect.rollup import Measure, Measures, Record, rollup
>>> from childprotect.units.registry import bundled
>>> h = bundled().on(dt.date(2024, 12, 31)).within(["870"])
>>> m = Measures([Measure.count("children"), Measure.count("special"),
...               Measure.rate("pct", "special", "children", factor=100)])
>>> r = rollup([Record("29971", "2024", {"children": 300, "special": 9})], h, m)
>>> [s.name for s in rollup_sheets([(r, None)], lang="vi")]
['Huyện', 'Xã', 'Tổng', 'Bất thường']
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from childprotect.formats.tabular.spooled import SpooledRows
from childprotect.formats.tabular.workbook import ColumnKind, ColumnSpec, SheetSpec, StatusStyle
from childprotect.i18n import pick
from childprotect.plans.status import STATUSES

if TYPE_CHECKING:
    from childprotect.documents.anomalies import Anomaly
    from childprotect.rollup.publication import Suppressed
    from childprotect.rollup.result import Rollup

__all__ = ["LEVEL_SHEETS", "STATUS_COLOURS", "RollupBook", "anomalies_sheet", "rollup_sheets",
           "status_styles"]

#: The sheet of each level of a rollup (names fixed: a script finds a sheet by its name).
LEVEL_SHEETS = {"province": "Tỉnh", "district": "Huyện", "commune": "Xã", "total": "Tổng"}

#: The fill colour of each status (RRGGBB) and its text colour: green for met, red for
#: not met, as in the HTML report.
STATUS_COLOURS = {
    "met": ("2E7D32", "FFFFFF"), "not_met": ("C62828", "FFFFFF"),
    "on_track": ("66BB6A", "000000"), "off_track": ("EF6C00", "000000"),
    "no_data": ("9E9E9E", "000000"), "insufficient_data": ("8D6E63", "FFFFFF"),
    "not_assessable": ("BDBDBD", "000000"),
}


def status_styles(lang: str = "vi") -> tuple[StatusStyle, ...]:
    """Every status as a workbook style: its label in ``lang`` on its colour."""
    return tuple(StatusStyle(s.value, s.label(lang), *STATUS_COLOURS[s.value])
                 for s in STATUSES)


def _level_sheet(level: str) -> str:
    return LEVEL_SHEETS.get(level, level[:31])


def rollup_sheets(results: Sequence[tuple[Rollup, Suppressed | None]], *,
                  levels: Iterable[str] = (), anomalies: Iterable[Anomaly] | None = None,
                  with_anomalies: bool = True, lang: str = "vi",
                  estimates: Sequence[Collection[str]] = (),
                  notes: Sequence[str] = ()) -> list[SheetSpec]:
    """A sheet per level (``levels``: only these) of the rollups of one or several periods,
    then, ``with_anomalies``, the anomalies (``anomalies``: those given, else each rollup's
    own, redacted when suppressed).

    ``estimates`` (one collection of unit codes per rollup, as ``results``) adds a column
    ``estimate`` marking with ``*`` the units whose values are estimates (carried through
    a split of a crosswalk); ``notes`` are sentences written above every level's table. A
    count that is not whole (an estimate's share of a split) is written as a number with
    its exact value beside it. (:class:`RollupBook` makes the same sheets a period at a
    time.)
    """
    book = RollupBook(levels=levels, lang=lang)
    for k, (r, sup) in enumerate(results):
        book.add(r, sup, estimates[k] if k < len(estimates) else ())
    return book.sheets(anomalies=anomalies, with_anomalies=with_anomalies, notes=notes)


class RollupBook:
    """The sheets of :func:`rollup_sheets`, made as the rollups of the periods come, one
    after another: with ``spool=True`` their rows wait in temporary files (removed by
    :meth:`close`) rather than in memory, so that a workbook of many periods is written
    in the memory of one."""

    def __init__(self, *, levels: Iterable[str] = (), lang: str = "vi",
                 spool: bool = False) -> None:
        self._wanted = set(levels)
        self._lang = lang
        self._spool = spool
        self._periods = 0
        self._marked = False  # (a unit of some period holds an estimate)
        self._inexact: set[str] = set()  # the counts with a value that is not whole
        self._columns: list[ColumnSpec] = []
        self._rows: dict[str, list[tuple[object, ...]] | SpooledRows] = {}
        self._notes: list[str] = []
        self._found: list[Anomaly] = []

    def add(self, r: Rollup, sup: Suppressed | None = None,
            estimates: Collection[str] = ()) -> None:
        """Add the rollup of a period (``sup``: its suppression; ``estimates``: the units
        whose values are estimates). Each row is kept whole (its period first, its estimate
        mark last) and cut when the sheets are made."""
        from fractions import Fraction

        from childprotect.rollup.publication import MARK

        rates, counts = list(r.rates), list(r.names)
        if not self._columns:
            self._columns = self._all_columns(counts, rates)
        self._periods += 1
        self._marked = self._marked or bool(estimates)
        if sup is not None and sup.legend not in self._notes:
            self._notes.append(sup.legend)
        label, wanted, period = MARK, self._wanted, r.period or ""
        exact = {rname: r.rate_values(rname) for rname in rates}  # (each in one pass)
        by_level: dict[str, list[tuple[object, ...]]] = {}
        for row in r.rows(sup):
            level, code, name, reporting, expected = row[:5]
            if wanted and level not in wanted:
                continue
            cells: list[object] = [period, code, name, int(reporting), int(expected)]
            texts = row[5:5 + len(counts)]
            if all(map(str.isdigit, texts)) and all(map(str.isascii, texts)):
                cells += map(int, texts)  # (the usual row: every count given and whole)
            else:
                for count, text in zip(counts, texts, strict=True):
                    if text == "" or text == label:
                        cells.append(None if text == "" else label)
                    elif text.isascii() and text.isdigit():
                        cells.append(int(text))
                    else:  # an estimate's share of a split, written as a fraction
                        cells.append(Fraction(text))
                        self._inexact.add(count)
            rate_cells = row[5 + len(counts):]
            for j, rname in enumerate(rates):
                text, both = rate_cells[2 * j], rate_cells[2 * j + 1]
                cells.append(label if text == label else None if text == "" else
                             exact[rname][code])
                cells.append(int(both) if both else None)
            cells.append("*" if code in estimates else None)
            by_level.setdefault(level, []).append(tuple(cells))
        for level, rows in by_level.items():
            kept = self._rows.get(level)
            if kept is None:
                kept = self._rows[level] = SpooledRows() if self._spool else []
            if isinstance(kept, SpooledRows):
                kept.add(rows)
            else:
                kept += rows
        self._found += list(r.anomalies if sup is None else sup.redact(r.anomalies))

    def _all_columns(self, counts: list[str], rates: list[str]) -> list[ColumnSpec]:
        lang = self._lang
        columns = [
            ColumnSpec(pick("Kỳ", "Period", lang), ColumnKind.CODE, code="period"),
            ColumnSpec(pick("Mã", "Code", lang), ColumnKind.CODE, code="unit"),
            ColumnSpec(pick("Tên đơn vị", "Unit", lang), ColumnKind.TEXT, code="name"),
            ColumnSpec(pick("Số đơn vị báo cáo", "Units reporting", lang),
                       ColumnKind.INTEGER, code="reporting"),
            ColumnSpec(pick("Số đơn vị phải báo cáo", "Units expected", lang),
                       ColumnKind.INTEGER, code="expected"),
            *(ColumnSpec(c, ColumnKind.INTEGER, code=c) for c in counts)]
        for name in rates:
            columns.append(ColumnSpec(name, ColumnKind.NUMBER, code=name, exact=True))
            columns.append(ColumnSpec(
                pick(f"{name}: số đơn vị có đủ tử số và mẫu số",
                     f"{name}: units reporting both parts", lang),
                ColumnKind.INTEGER, code=f"{name}_reporting"))
        columns.append(ColumnSpec(pick("Ước tính", "Estimate", lang), ColumnKind.TEXT,
                                  code="estimate"))
        return columns

    def sheets(self, *, anomalies: Iterable[Anomaly] | None = None,
               with_anomalies: bool = True, notes: Sequence[str] = ()) -> list[SheetSpec]:
        """The sheets of the periods added (see :func:`rollup_sheets`): the period column
        when there are several, the estimate column when a unit holds one."""
        several = self._periods > 1
        start, stop = (0 if several else 1), (None if self._marked else -1)
        columns = [ColumnSpec(c.header, ColumnKind.NUMBER, code=c.code, places=None,
                              exact=True)
                   if c.kind is ColumnKind.INTEGER and c.code in self._inexact else c
                   for c in self._columns[start:stop]]
        notes = [*notes, *(n for n in self._notes if n not in notes)]
        sheets = [SheetSpec(_level_sheet(level), columns,
                            rows.view(start, stop) if isinstance(rows, SpooledRows) else
                            [row[start:stop] for row in rows], notes=notes, codes=True,
                            frozen_columns=2 + several, lang=self._lang)
                  for level, rows in self._rows.items()]
        if with_anomalies:
            sheets.append(anomalies_sheet(self._found if anomalies is None else anomalies,
                                          lang=self._lang))
        return sheets

    def close(self) -> None:
        """Remove the rows kept in temporary files."""
        for rows in self._rows.values():
            if isinstance(rows, SpooledRows):
                rows.close()
        self._rows.clear()


def anomalies_sheet(anomalies: Iterable[Anomaly], *, lang: str = "vi",
                    name: str = "Bất thường") -> SheetSpec:
    """One row per anomaly: severity, kind, where, the text concerned, the explanation."""
    cols = [ColumnSpec(pick("Mức độ", "Severity", lang), code="severity"),
            ColumnSpec(pick("Loại", "Kind", lang), code="kind"),
            ColumnSpec(pick("Ở đâu", "Where", lang), code="where"),
            ColumnSpec(pick("Nội dung", "Text", lang), code="text", width=40),
            ColumnSpec(pick("Giải thích", "Explanation", lang), code="explanation",
                       width=70)]
    rows = [(a.severity.label(lang), a.kind, a.where, a.shown(lang) or None,
             a.explain(lang) or None) for a in anomalies]
    return SheetSpec(name, cols, rows, codes=True, frozen_columns=0, lang=lang)

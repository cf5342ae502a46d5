"""Rollups of counts and rates from communes up to every level of a hierarchy.

Counts are summed; rates are never summed or averaged: each level's rate is recomputed
exactly (a :class:`~fractions.Fraction`) from that level's numerator and denominator
totals. A unit that did not report is *missing*, not zero: totals say how many of the
units that existed reported, and a measure no unit reported has no total at all.

>>> from datetime import date
>>> from childprotect.units.registry import bundled
>>> h = bundled().on(date(2024, 12, 31))
>>> measures = [Measure.count("children"), Measure.count("special"),
...             Measure.rate("special_pct", "special", "children", factor=100)]
>>> records = [Record("29971", "2024", {"children": 900, "special": 12}),
...            Record("29956", "2024", {"children": 600, "special": 3})]
>>> r = rollup(records, h, measures)
>>> r.total("870", "children"), r.rate("870", "special_pct").value
(1500, Fraction(1, 1))
>>> r.completeness("870")
Completeness(reporting=2, expected=10)
>>> r.total("29980", "children") is None  # Long Khánh A did not report: missing, not 0
True

Partial results merge (associatively and commutatively), so a national job can be
split by province and merged: ``partial(part1, …).merge(partial(part2, …)).finish(h)``.
"""


from __future__ import annotations

import collections
import itertools
import operator
import typing
from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import date
from fractions import Fraction

from childprotect.documents.anomalies import Anomaly, Severity
from childprotect.documents.levels import level_name
from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.rollup.measures import (
    TOTAL,
    Measure,
    Measures,
    Number,
    Record,
    Row,
)
from childprotect.rollup.result import Rollup
from childprotect.text.periods import period_end
from childprotect.units.hierarchy import Hierarchy
from childprotect.units.model import shown_code, typed_as_number
from childprotect.units.registry import UnitRegistry

__all__ = ["Partial", "partial", "period_end", "rollup", "rollup_periods", "rollup_rows",
           "unquoted_unit", "zeros_hint"]


def unquoted_unit(kind: str, place: str, row: int, shown: Message) -> Anomaly:
    """The anomaly of a record whose unit could not be a unit code (a name, an identity
    number: ``shown`` says so, :meth:`Hierarchy.shown
    <childprotect.units.hierarchy.Hierarchy.shown>`): its row is named (``rows[1]`` after
    ``place``), the value is never quoted."""
    return Anomaly(kind, f"{place}rows[{row}]", "", Message(
        "rows[{row}]: {problem}: its values are not counted", row=row, problem=shown),
        Severity.ERROR)

# --- partial results --------------------------------------------------------------------


def _check_value(v: object, unit: str, name: str) -> None:
    if v is None:
        return
    if type(v) is int or type(v) is Fraction:
        if v < 0:
            # the count itself is not quoted: it is data about children
            raise ValidationError(Message("unit {unit}, measure {name}: a negative count",
                                          unit=shown_code(unit), name=repr(name)))
        return
    raise ValidationError(Message(
        "unit {unit}, measure {name}: expected a whole number (or None), got a {kind}",
        unit=shown_code(unit), name=repr(name), kind=type(v).__name__))


class Partial:
    """A mergeable partial rollup of one period.

    Holds each reporting leaf's values, the sums and reporting counts of every ancestor
    (including :data:`TOTAL`), and the anomalies found. :meth:`merge` is associative and
    commutative; a leaf found in both sides is a duplicate (the values are counted once
    when equal; when they differ the unit is a conflict and counted nowhere).
    """

    __slots__ = ("_seen", "anomalies", "chains", "counts", "leaves", "measures", "names",
                 "period", "sums")

    def __init__(self, measures: Measures, period: str | None) -> None:
        self.measures = measures
        self.names = measures.counts
        self.period = period
        self.leaves: dict[str, Row | None] = {}  # None: conflicting duplicates
        self._seen: dict[str, dict[Row, int]] = {}  # leaves seen more than once
        self.sums: dict[str, list[Number]] = {}
        self.counts: dict[str, list[int]] = {}  # per measure, then reporting leaves last
        self.chains: dict[str, tuple[str, ...]] = {}
        self.anomalies: list[Anomaly] = []

    def __repr__(self) -> str:
        return (f"<Partial {self.period}: {len(self.leaves)} units, "
                f"{len(self.anomalies)} anomalies>")

    def __getstate__(self) -> tuple[object, ...]:
        return tuple(getattr(self, s) for s in self.__slots__)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        for s, v in zip(self.__slots__, state, strict=False):
            setattr(self, s, v)

    # Values of a leaf as contributions: sums (None as 0) and counts (1 where reported).
    def _apply(self, code: str, row: Row | None, sign: int) -> None:
        if row is None:
            return
        n = len(self.names)
        for anc in (*self.chains[code], TOTAL):
            sums = self.sums.get(anc)
            if sums is None:
                sums = self.sums[anc] = [0] * n
                self.counts[anc] = [0] * (n + 1)
            cnt = self.counts[anc]
            for i, v in enumerate(row):
                if v is not None:
                    sums[i] += sign * v
                    cnt[i] += sign
            cnt[n] += sign

    def merge(self, other: Partial) -> Partial:
        """The partial result of both inputs together (neither input is changed)."""
        if other.names != self.names:
            raise ValidationError(
                Message("cannot merge rollups of different measures: {names} and {names2}",
                        names=self.names, names2=other.names)
            )
        if self.period != other.period and None not in (self.period, other.period):
            raise ValidationError(Message("cannot merge periods {first} and {second}",
                                          first=self.period, second=other.period))
        big, small = (self, other) if len(self.leaves) >= len(other.leaves) else (other, self)
        out = Partial(self.measures, self.period if self.period is not None else other.period)
        out.leaves = dict(big.leaves)
        out._seen = {k: dict(v) for k, v in big._seen.items()}
        out.sums = {k: list(v) for k, v in big.sums.items()}
        out.counts = {k: list(v) for k, v in big.counts.items()}
        out.chains = dict(big.chains)
        out.chains.update(small.chains)
        out.anomalies = big.anomalies + small.anomalies
        for code, s in small.sums.items():
            mine = out.sums.get(code)
            if mine is None:
                out.sums[code] = list(s)
                out.counts[code] = list(small.counts[code])
            else:
                out.sums[code] = [a + b for a, b in zip(mine, s, strict=False)]
                out.counts[code] = [
                    a + b for a, b in zip(out.counts[code], small.counts[code], strict=True)]
        for code, row in small.leaves.items():
            if code not in big.leaves:
                out.leaves[code] = row
                if code in small._seen:
                    out._seen[code] = dict(small._seen[code])
                continue
            seen = _multiset(big, code)
            for r, k in _multiset(small, code).items():
                seen[r] = seen.get(r, 0) + k
            out._seen[code] = seen
            out._apply(code, big.leaves[code], -1)
            out._apply(code, row, -1)
            eff = next(iter(seen)) if len(seen) == 1 else None
            out.leaves[code] = eff
            out._apply(code, eff, +1)
        return out

    def finish(
        self, hierarchy: Hierarchy, measures: Measures | Iterable[Measure] = ()
    ) -> Rollup:
        """The rollup to every level of ``hierarchy``, with completeness and anomalies.

        ``measures`` gives the rates to recompute (the counts are already known).
        """
        return Rollup(self, hierarchy).with_rates(measures)


def _multiset(p: Partial, code: str) -> dict[Row, int]:
    seen = p._seen.get(code)
    if seen is not None:
        return dict(seen)
    row = p.leaves[code]
    return {row: 1} if row is not None else {}


def _values_row(values: Mapping[str, Number | None], measures: Measures, unit: str) -> Row:
    if not values.keys() <= measures.index.keys():
        extra = set(values) - set(measures.index)
        raise ValidationError(Message("unit {unit}: unknown measure(s) {names}",
                                      unit=shown_code(unit), names=", ".join(sorted(extra))))
    out = tuple(map(values.get, measures.counts))
    if None in out or not all(type(v) is int for v in out) or (
            out and min(typing.cast("tuple[int, ...]", out)) < 0):
        for n, v in zip(measures.counts, out, strict=False):
            _check_value(v, unit, n)
    return out


def _build(
    rows: Iterable[tuple[str, Row]],
    hierarchy: Hierarchy,
    m: Measures,
    period: str | None,
) -> Partial:
    """The core: rows of (leaf code, values aligned with ``m.counts``) into a Partial."""
    p = Partial(m, period)
    if not isinstance(rows, list):
        rows = list(rows)
    bulk = dict(rows)
    if len(bulk) == len(rows) and bulk.keys() <= hierarchy.reporting_set():
        p.leaves = bulk  # the usual input: each reporting unit once, nothing else
    else:
        _add_rows(p, rows, hierarchy)
    _aggregate(p, hierarchy)
    return p


def _add_rows(p: Partial, rows: Iterable[tuple[str, Row]], hierarchy: Hierarchy) -> None:
    """Add rows one at a time: duplicates, conflicts and units that do not report."""
    period = p.period
    lowest = hierarchy.reporting_level()
    reporting = hierarchy.reporting_set()
    leaves = p.leaves
    seen = p._seen
    for i, (code, row) in enumerate(rows):
        if code in reporting and code not in leaves:
            leaves[code] = row
            continue
        if code in leaves:
            s = seen.get(code)
            if s is None:
                prev = leaves[code]
                s = seen[code] = {prev: 1} if prev is not None else {}
            s[row] = s.get(row, 0) + 1
            leaves[code] = next(iter(s)) if len(s) == 1 else None
            continue
        if code not in hierarchy:
            shown = hierarchy.shown(code)
            p.anomalies.append(Anomaly(
                "rollup.unknown-unit", f"{period}/{code}", code,
                Message("unit {code} is not in the hierarchy as of {day}: its values are not "
                        "counted (use childprotect.rollup.crosswalks for units of another "
                        "period)", code=code, day=hierarchy.as_of),
                Severity.ERROR) if isinstance(shown, str) else unquoted_unit(
                "rollup.unknown-unit", f"{period}/", i, shown))
            continue
        if hierarchy.level(code).id != lowest:
            p.anomalies.append(Anomaly(
                "rollup.not-reporting-level", f"{period}/{code}", code,
                Message("unit {code} is not at the {level} level; only that level reports, so "
                        "its values are not counted{hint}", code=code,
                        level=level_name(lowest or "—"), hint=zeros_hint(code, reporting)),
                Severity.ERROR))
            continue
        leaves[code] = row


def zeros_hint(code: str, reporting: Collection[str]) -> Message | str:
    """When ``code`` is a reporting unit's code without its leading zeros (``25`` for the
    commune ``00025``: typed as a number in a spreadsheet, it is also a province's code),
    the sentence that says so; else nothing."""
    full = typed_as_number(code, reporting)
    if full is None:
        return ""
    return Message(" (it may be the code {full} typed as a number, which lost its leading "
                   "zeros: format the code column as text and type the code again)", full=full)


def _aggregate(p: Partial, h: Hierarchy) -> None:
    n = len(p.names)
    chains = p.chains
    known = h.chains()
    # Leaves grouped under their parent (TOTAL for a leaf without one).
    codes = list(p.leaves)
    maybe = list(map(known.get, codes))
    # A unit outside the hierarchy's tree has no chain: h.chain raises for it.
    found = maybe if None not in maybe else [
        ch if ch is not None else h.chain(c) for c, ch in zip(codes, maybe, strict=True)]
    chains.update(zip(codes, typing.cast("list[tuple[str, ...]]", found), strict=True))
    # Leaves summed per parent (TOTAL for a leaf without one), all the leaves of one parent
    # at a time: the leaves are put in their parent's bucket first, in one pass whatever
    # the order of the rows (shuffled rows cost what rows grouped by district cost).
    parents = [ch[0] if ch else TOTAL for ch in typing.cast("list[tuple[str, ...]]", found)]
    sums: dict[str, list[Number]] = {}
    counts: dict[str, list[int]] = {}
    buckets: collections.defaultdict[str, list[Row | None]] = collections.defaultdict(list)
    for parent, row in zip(parents, p.leaves.values(), strict=True):
        buckets[parent].append(row)
    for parent, rows in buckets.items():
        if None in rows:  # conflicting duplicates: counted nowhere
            rows = [row for row in rows if row is not None]
            if not rows:
                continue
        try:  # (a blank, None, cannot be added: the sum raises)
            s: list[Number] = list(map(sum, zip(*rows, strict=True))) if n else []
            c = [len(rows)] * (n + 1)
        except TypeError:  # some leaf left a measure blank: count who reported each
            s, c = [], []
            for col in zip(*rows, strict=True):
                vals = [v for v in col if v is not None]
                s.append(sum(vals))
                c.append(len(vals))
            c.append(len(rows))
        sums[parent] = s
        counts[parent] = c
    groups = list(sums)
    # Every internal unit above a reporting leaf, deepest first, adds into its parent.
    needed: set[str] = set()
    for parent in groups:
        if parent != TOTAL:
            needed.add(parent)
            needed.update(known[parent])
    for u in sorted(needed, key=lambda u: -len(known[u])):
        if u not in sums:
            sums[u] = [0] * n
            counts[u] = [0] * (n + 1)
        ch = known[u]
        parent = ch[0] if ch else TOTAL
        if parent not in sums:
            sums[parent] = [0] * n
            counts[parent] = [0] * (n + 1)
        ps, pc = sums[parent], counts[parent]
        sums[parent] = list(map(operator.add, ps, sums[u]))
        counts[parent] = list(map(operator.add, pc, counts[u]))
    if TOTAL not in sums:
        sums[TOTAL] = [0] * n
        counts[TOTAL] = [0] * (n + 1)
    p.sums = sums
    p.counts = counts


def partial(
    records: Iterable[Record],
    hierarchy: Hierarchy,
    measures: Measures | Iterable[Measure],
    *,
    period: str | None = None,
) -> Partial:
    """A mergeable partial rollup of ``records`` (all of one period) on ``hierarchy``."""
    m = Measures.of(measures)
    rows: list[tuple[str, Row]] = []
    for rec in records:
        if period is None:
            period = rec.period
        elif rec.period != period:
            raise ValidationError(
                Message("records of several periods ({period}, {period2}): use rollup_periods",
                        period=period, period2=rec.period)
            )
        rows.append((rec.unit, _values_row(rec.values, m, rec.unit)))
    return _build(rows, hierarchy, m, period)


# --- entry points ----------------------------------------------------------------------


def _snapshot(hierarchy: Hierarchy | UnitRegistry, period: str | None,
              on: date | None) -> Hierarchy:
    if isinstance(hierarchy, Hierarchy):
        return hierarchy
    if on is None:
        if period is None:
            raise ValidationError(Message("give on= (the date of the hierarchy to use)"))
        on = period_end(period)
    return hierarchy.on(on)


def rollup(
    records: Iterable[Record],
    hierarchy: Hierarchy | UnitRegistry,
    measures: Measures | Iterable[Measure],
    *,
    on: date | None = None,
) -> Rollup:
    """Roll the records of one period up to every level of the hierarchy.

    ``hierarchy`` is a snapshot, or a registry with ``on`` (default: the last day of the
    records' period) choosing the snapshot.
    """
    m = Measures.of(measures)
    recs = list(records)
    periods = sorted({r.period for r in recs})
    if len(periods) > 1:
        raise ValidationError(Message("records of several periods {periods}: use rollup_periods",
                                      periods=", ".join(map(str, periods))))
    h = _snapshot(hierarchy, periods[0] if periods else None, on)
    return partial(recs, h, m).finish(h, m)


def rollup_periods(
    records: Iterable[Record],
    hierarchy: Hierarchy | UnitRegistry,
    measures: Measures | Iterable[Measure],
    *,
    on: date | None = None,
) -> dict[str, Rollup]:
    """One :class:`Rollup` per period found in ``records``, in period order."""
    by: dict[str, list[Record]] = {}
    for r in records:
        by.setdefault(r.period, []).append(r)
    return {k: rollup(by[k], hierarchy, measures, on=on) for k in sorted(by)}


def rollup_rows(
    rows: Iterable[tuple[str, Row]],
    hierarchy: Hierarchy,
    measures: Measures,
    period: str | None,
    *,
    texts: Mapping[str, str] | None = None,
) -> Rollup:
    """The fast path: rows already aligned with ``measures.counts`` (used by the readers).

    ``texts`` (unit → the counts as :func:`read_csv_text` read them) spares
    :meth:`Rollup.csv_lines` writing those numbers again.
    """
    r = _build(rows, hierarchy, measures, period).finish(hierarchy, measures)
    if texts:
        r._texts = texts
    return r


def _batched(it: Iterable[tuple[str, Row]], n: int) -> Iterator[list[tuple[str, Row]]]:
    it = iter(it)
    while True:
        chunk = list(itertools.islice(it, n))
        if not chunk:
            return
        yield chunk



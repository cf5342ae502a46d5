"""The result of a rollup: every level's totals, rates, completeness and anomalies.

A :class:`Rollup` is built by :func:`childprotect.rollup.rollup` (or a :class:`Partial`'s
``finish``) and read by unit code: :meth:`Rollup.total`, :meth:`Rollup.rate`,
:meth:`Rollup.completeness`, rows for tables and CSV, and a JSON-ready dict.
"""

from __future__ import annotations

import enum
import itertools
import operator
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from childprotect.documents.anomalies import Anomaly, Severity
from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.rollup.lines import _csv_field, _csv_line, _decimal_text, _rate_cells
from childprotect.rollup.measures import (
    TOTAL,
    Measure,
    Measures,
    Number,
    _rule_anomalies,
)
from childprotect.tables.notebook import Displayable
from childprotect.units.hierarchy import Hierarchy

if typing.TYPE_CHECKING:
    from childprotect.rollup.aggregate import Partial
    from childprotect.rollup.publication import Suppressed


__all__ = ["Cell", "Completeness", "Rate", "RateStatus", "Rollup"]

class RateStatus(enum.Enum):
    """Why a rate has, or has no, value: three distinct outcomes, never confused."""

    OK = "ok"
    NO_DATA = "no-data"  # numerator or denominator not reported by any unit
    ZERO_DENOMINATOR = "zero-denominator"


@attrs.frozen
class Completeness:
    """How many of the leaf units that existed reported (for one unit's subtree)."""

    reporting: int
    expected: int

    @property
    def complete(self) -> bool:
        return self.reporting == self.expected

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.reporting, self.expected) if self.expected else None


@attrs.frozen
class Cell:
    """A count at one unit: its total over the reporting leaves, and how many reported it."""

    value: Number | None
    reported: int
    expected: int

    @property
    def complete(self) -> bool:
        return self.reported == self.expected


@attrs.frozen
class Rate:
    """A rate recomputed from the unit's totals: ``factor × numerator / denominator``.

    Both totals are summed over the units that report *both* parts (a unit that left
    the numerator blank adds nothing to the denominator either): ``reporting`` of the
    ``expected`` reporting units under the unit did.
    """

    numerator: Number | None
    denominator: Number | None
    factor: int
    status: RateStatus
    complete: bool
    reporting: int = 0
    expected: int = 0

    @property
    def value(self) -> Fraction | None:
        if self.status is not RateStatus.OK:
            return None
        num, den = self.numerator, self.denominator
        assert num is not None and den is not None
        if type(num) is int and type(den) is int:
            return Fraction(num * self.factor, den)
        return Fraction(num) * self.factor / den

    def decimal(self, places: int = 4) -> Decimal | None:
        """The value rounded half-even to ``places`` decimals, for display only.

        >>> Rate(1, 3, 100, RateStatus.OK, True).decimal()
        Decimal('33.3333')
        """
        v = self.value
        if v is None:
            return None
        return Decimal(_decimal_text(v.numerator, v.denominator, places))


# --- the result ------------------------------------------------------------------------


class Rollup(Displayable):
    """Every level's totals, rates, completeness, missing units and anomalies for one period."""

    def __init__(self, p: Partial, hierarchy: Hierarchy) -> None:
        self.period = p.period
        self.hierarchy = hierarchy
        self.names = p.names
        self._p = p
        self._index = {n: i for i, n in enumerate(p.names)}
        self._measures: dict[str, tuple[str, str, int]] = {}
        self._expected = _expected_leaves(hierarchy)
        self._anomalies: tuple[Anomaly, ...] | None = None
        self._ones = [1] * (len(p.names) + 1)
        self._half: dict[str, dict[str, tuple[Number, Number, int]]] = {}
        # Unit → its counts as CSV text, when the reader kept it (see rollup_rows).
        self._texts: Mapping[str, str] = {}

    def with_rates(self, measures: Measures | Iterable[Measure]) -> Rollup:
        m = Measures.of(measures)
        for name in m.rates:
            mm = m.by_name[name]
            assert mm.numerator is not None and mm.denominator is not None
            for ref in (mm.numerator, mm.denominator):
                if ref not in self._index:
                    raise ValidationError(
                        Message("rate {name}: {ref} is not a count of this rollup ({names})",
                                name=repr(name), ref=repr(ref), names=list(self.names)))
            self._measures[name] = (mm.numerator, mm.denominator, mm.factor)
        return self

    @property
    def rates(self) -> tuple[str, ...]:
        return tuple(self._measures)

    def __repr__(self) -> str:
        return (f"<Rollup {self.period} as of {self.hierarchy.as_of}: "
                f"{len(self._p.leaves)}/{self._expected[TOTAL]} units reporting, "
                f"{len(self.anomalies)} anomalies>")

    @property
    def levels(self) -> tuple[str, ...]:
        """The level ids from the top, then ``total``."""
        return (*self.hierarchy.levels(), "total")

    def codes(self, level: str | None = None) -> list[str]:
        """The codes of one level (``total``: the total row), or of every level."""
        if level == "total":
            return [TOTAL]
        if level is not None and level not in self.levels:
            raise ValidationError(Message(
                "level {level} is not a level of these units: choose from {levels}",
                level=repr(level), levels=", ".join(self.levels)))
        if level is None:
            return [*[c for lv in self.hierarchy.levels() for c in self.hierarchy.codes(lv)],
                    TOTAL]
        return self.hierarchy.codes(level)

    def _row(self, code: str) -> tuple[Sequence[Number | None], Sequence[int]]:
        if code != TOTAL and code not in self.hierarchy:
            self.hierarchy.unit(code)  # raises UnknownName
        if code in self._p.sums:
            return self._p.sums[code], self._p.counts[code]
        leaf = self._p.leaves.get(code)
        n = len(self.names)
        if leaf is not None:
            if None not in leaf:
                return leaf, self._ones
            return leaf, [0 if v is None else 1 for v in leaf] + [1]
        return [0] * n, [0] * (n + 1)

    def cell(self, code: str, measure: str) -> Cell:
        i = self._index[measure]
        sums, counts = self._row(code)
        return Cell(sums[i] if counts[i] else None, counts[i], self._expected.get(code, 0))

    def total(self, code: str, measure: str) -> Number | None:
        """The sum of ``measure`` over the reporting units under ``code``; None if none did."""
        return self.cell(code, measure).value

    def rate(self, code: str, name: str) -> Rate:
        """The rate ``name`` at ``code``, recomputed from the unit's own totals."""
        factor = self._measures[name][2]
        expected = self._expected.get(code, 0)
        x, y, both = self._pair(code, name)
        if not both:
            return Rate(None, None, factor, RateStatus.NO_DATA, both == expected, both,
                        expected)
        status = RateStatus.ZERO_DENOMINATOR if y == 0 else RateStatus.OK
        return Rate(x, y, factor, status, both == expected, both, expected)

    def _pair(self, code: str, name: str) -> tuple[Number, Number, int]:
        """The numerator and denominator totals of rate ``name`` at ``code`` over the
        units reporting both, and how many those are."""
        num, den, _ = self._measures[name]
        a, b = self._index[num], self._index[den]
        sums, counts = self._row(code)
        x, y, both = sums[a] or 0, sums[b] or 0, min(counts[a], counts[b])
        fix = self._halves(name).get(code)
        if fix is not None:
            x, y, both = x - fix[0], y - fix[1], counts[a] - fix[2]
        return x, y, both

    def _halves(self, name: str) -> dict[str, tuple[Number, Number, int]]:
        """Per unit, what the reporting units that gave only one part of rate ``name``
        added to its totals: (numerator, denominator, units that gave the numerator
        only). Empty when every unit gave both or neither (the usual case)."""
        got = self._half.get(name)
        if got is not None:
            return got
        num, den, _ = self._measures[name]
        a, b = self._index[num], self._index[den]
        out: dict[str, tuple[Number, Number, int]] = {}
        tc = self._p.counts.get(TOTAL)
        if tc is not None and not tc[a] == tc[b] == tc[-1]:  # some unit left a blank
            chains = self._p.chains
            for code, row in self._p.leaves.items():
                if row is None or (row[a] is None) == (row[b] is None):
                    continue
                dx: Number = row[a] or 0
                dy: Number = row[b] or 0
                dn = 1 if row[a] is not None else 0
                for anc in (*chains.get(code, ()), TOTAL):
                    ox, oy, on = out.get(anc, (0, 0, 0))
                    out[anc] = (ox + dx, oy + dy, on + dn)
        self._half[name] = out
        return out

    def unit_name(self, code: str) -> str:
        """The unit's name (``all units`` for the total row)."""
        return "all units" if code == TOTAL else self.hierarchy.name(code)

    def to_frame(self) -> Any:
        """A pandas DataFrame typed for analysis (:mod:`childprotect.rollup.frames`)."""
        from childprotect.rollup.frames import rollup_frame

        return rollup_frame(self, [s.value for s in RateStatus])

    def completeness(self, code: str = TOTAL) -> Completeness:
        _, counts = self._row(code)
        return Completeness(counts[-1], self._expected.get(code, 0))

    def missing(self, code: str = TOTAL) -> list[str]:
        """The reporting units under ``code`` that existed but did not report (or conflicted)."""
        leaves = self._p.leaves
        out = []
        for leaf in self.hierarchy.reporting_units():
            if leaves.get(leaf) is None and (
                code == TOTAL or leaf == code or code in self.hierarchy.chain(leaf)
            ):
                out.append(leaf)
        return out

    @property
    def anomalies(self) -> list[Anomaly]:
        """Consistency anomalies, duplicates and unknown units, sorted."""
        if self._anomalies is not None:
            return list(self._anomalies)
        out = list(self._p.anomalies)
        m = self._p.measures
        if m.rules:
            for code, row in self._p.leaves.items():
                if row is not None:
                    out.extend(_rule_anomalies(code, self.period, row, m))
        for code, seen in self._p._seen.items():
            n = sum(seen.values())
            if len(seen) <= 1:
                out.append(Anomaly.summarised(
                    "rollup.duplicate", f"{self.period}/{code}",
                    Message("{n} identical reports", n=n),
                    Message("unit {code} reported {n} times with the same values; counted once",
                            code=code, n=n),
                    Severity.WARNING))
            else:
                out.append(Anomaly.summarised(
                    "rollup.conflict", f"{self.period}/{code}",
                    Message("{n} reports with {sets} different sets of values", n=n,
                            sets=len(seen)),
                    Message("unit {code} reported conflicting values; it is counted as missing",
                            code=code),
                    Severity.ERROR))
        self._anomalies = tuple(sorted(out))
        return list(self._anomalies)

    def table(self, suppressed: Suppressed | None = None) -> tuple[list[str], list[list[str]]]:
        """Headers and rows (strings) for every unit of every level, top level first.

        Missing totals are empty; rates are decimals with 4 places (exact values are in
        :meth:`rate`); suppressed cells read ``×``.
        """
        return self.headers(), list(self.rows(suppressed))

    def headers(self) -> list[str]:
        return headers(self.names, self._measures)

    def rows(self, suppressed: Suppressed | None = None) -> Iterator[list[str]]:
        """The rows of :meth:`table`, one at a time (for streaming output)."""
        n = len(self.names)
        hidden = suppressed.hidden if suppressed is not None else frozenset()
        label = suppressed.label if suppressed is not None else ""
        names, rnames = self.names, list(self._measures)
        for level, code, name, sums, counts, expected, rates in self._parts():
            if min(counts) > 0:
                cells = list(map(str, sums))
            else:
                cells = [str(v) if c else "" for v, c in zip(sums, counts, strict=False)]
            if hidden:
                for i, mname in enumerate(names):
                    if (code, mname) in hidden:
                        cells[i] = label
                for j, rname in enumerate(rnames):
                    if (code, rname) in hidden:
                        rates[2 * j] = label
            yield [level, code, name, str(counts[n]), str(expected), *cells, *rates]

    def csv_lines(self, suppressed: Suppressed | None = None) -> Iterator[tuple[str, str]]:
        """``(level, line)``: each row of :meth:`rows` as one CSV line (no line end).

        The same text as the standard library's ``csv.writer`` writes for :meth:`rows`
        (minimal quoting), built in one pass for large outputs.
        """
        if suppressed is not None and suppressed.hidden:
            for row in self.rows(suppressed):
                yield row[0], ",".join(map(_csv_field, row))
            return
        n = len(self.names)
        # One %-format for a row of whole numbers. A Fraction (or any non-int) anywhere
        # makes the grand total of its column a non-int, so checking the total suffices.
        total = self._p.sums.get(TOTAL)
        fmt = ",".join(["%d"] * n) if n and total is not None and all(
            type(v) is int for v in total) else ""
        # When every reporting unit reported every measure, no leaf has a None.
        gaps = total is None or len(set(self._p.counts.get(TOTAL, ()))) != 1
        rate_cols = [(self._index[a], self._index[b], f) for a, b, f in self._measures.values()]
        leaves = self._p.leaves
        for level in self.levels:
            codes = self.codes(level)
            # Reporting units with whole numbers, the bulk of a national table: in one pass.
            bulk = self._leaf_lines(level, codes, fmt, rate_cols, gaps) if (
                fmt and not leaves.keys().isdisjoint(codes)) else {}
            if len(bulk) == len(codes):
                yield from zip(itertools.repeat(level), bulk.values())
                continue
            # The other units (above the leaves, missing, or with a blank) one at a time.
            parts = self._parts([c for c in codes if c not in bulk], level)
            for code in codes:
                line = bulk.get(code)
                if line is None:
                    _, _, name, sums, counts, exp, rates = next(parts)
                    line = _csv_line(level, code, name, sums, counts, exp, rates, fmt)
                yield level, line

    def _leaf_lines(self, level: str, codes: list[str], fmt: str,
                    rate_cols: list[tuple[int, int, int]], gaps: bool) -> dict[str, str]:
        """The CSV lines of the ``codes`` that reported every measure, in order, built a
        column at a time, for a rollup whose totals are whole numbers (``fmt`` formats a
        row). ``gaps``: some leaf may have left a measure blank."""
        leaves = self._p.leaves
        rows = list(map(leaves.get, codes))
        if gaps or None in rows:
            codes = [c for c, row in zip(codes, rows, strict=True)
                     if row is not None and (not gaps or None not in row)]
            rows = list(map(leaves.__getitem__, codes))
        names = list(map(self.hierarchy._names.__getitem__, codes))
        joined = "".join(names)
        if "," in joined or '"' in joined or "\n" in joined or "\r" in joined:
            names = list(map(_csv_field, names))
        whole = typing.cast("list[tuple[int, ...]]", rows)
        rate_cells = [
            [cell + ",1" for cell in _rate_cells(list(map(operator.itemgetter(a), whole)),
                                                 list(map(operator.itemgetter(b), whole)), f)]
            for a, b, f in rate_cols]
        # One %-format a line: (code, name, expected) + the counts + the rate cells.
        # (unit codes are digits: AdminUnit checks them)
        head = _csv_field(level).replace("%", "%%") + ",%s,%s,1,%d,"
        expected = map(self._expected.get, codes, itertools.repeat(0))
        kept = list(map(self._texts.get, codes)) if self._texts else [None]
        args: Iterator[tuple[object, ...]]
        if None in kept:
            line = head + fmt + "%s" * len(rate_cells)
            args = map(operator.add, zip(codes, names, expected, strict=True), whole)
        else:  # the counts as read (the same text as the format gives)
            line = head + "%s" * (1 + len(rate_cells))
            args = zip(codes, names, expected, kept, strict=True)
        if rate_cells:
            args = map(operator.add, args, zip(*rate_cells, strict=True))
        lines = list(map(line.__mod__, args))
        return dict(zip(codes, lines, strict=True))

    def _parts(
        self, only: Sequence[str] | None = None, at: str | None = None
    ) -> Iterator[tuple[str, str, str, Sequence[Number], Sequence[int], int, list[str]]]:
        """Per unit, top level first: level, code, name, sums, counts, expected, rates.

        ``only`` (codes, all at level ``at``) limits the units.
        """
        n = len(self.names)
        rate_cols = [(self._index[a], self._index[b], f) for a, b, f in self._measures.values()]
        halves = [self._halves(r) for r in self._measures]
        h = self.hierarchy
        expected = self._expected
        zeros: list[Number] = [0] * n
        nothing = [0] * (n + 1)
        leaves, internal, counted, ones = self._p.leaves, self._p.sums, self._p.counts, self._ones
        todo = [(at or "", only)] if only is not None else [
            (level, self.codes(level)) for level in self.levels]
        for level, codes in todo:
            for code in codes:
                name = "all units" if code == TOTAL else h.name(code)
                leaf = leaves.get(code)
                sums: Sequence[Number | None]
                counts: Sequence[int]
                if leaf is not None:
                    sums = leaf
                    counts = ones if None not in leaf else [
                        0 if v is None else 1 for v in leaf] + [1]
                elif code in internal:
                    sums, counts = internal[code], counted[code]
                else:
                    sums, counts = zeros, nothing
                if counts[n] == 0:
                    sums = zeros
                vals = typing.cast("Sequence[Number]", sums)
                rates = []
                for (a, b, f), half in zip(rate_cols, halves, strict=True):
                    x, y, both = vals[a], vals[b], min(counts[a], counts[b])
                    fix = half.get(code) if half else None
                    if fix is not None:
                        x, y, both = x - fix[0], y - fix[1], counts[a] - fix[2]
                    rates.append("" if not both or not y else _decimal_text(x * f, y, 4))
                    rates.append(str(both))
                yield level, code, name, vals, counts, expected.get(code, 0), rates

    def rate_values(self, name: str) -> dict[str, Fraction | None]:
        """The exact value of rate ``name`` at every unit (None: no data or zero denominator).

        The same values as :meth:`rate`, computed in one pass.
        """
        num, den, factor = self._measures[name]
        a, b = self._index[num], self._index[den]
        out: dict[str, Fraction | None] = {}
        leaves, internal, counted = self._p.leaves, self._p.sums, self._p.counts
        half = self._halves(name)
        for code in self.codes():
            leaf = leaves.get(code)
            if leaf is not None:
                x, y = leaf[a], leaf[b]
                if x is None or not y:
                    out[code] = None
                    continue
            elif code in internal:
                counts = counted[code]
                x, y, both = internal[code][a], internal[code][b], min(counts[a], counts[b])
                fix = half.get(code) if half else None
                if fix is not None:
                    x, y, both = x - fix[0], y - fix[1], counts[a] - fix[2]
                if not both:
                    out[code] = None
                    continue
            else:
                out[code] = None
                continue
            if not y:
                out[code] = None
            elif type(x) is int and type(y) is int:
                out[code] = Fraction(x * factor, y)
            else:
                out[code] = Fraction(x) * factor / y
        return out

    def json_units(self, levels: Iterable[str] = (), depth: int = 1) -> str:
        """The ``units`` list of :meth:`to_json` (no suppression) as JSON text, exactly as
        ``json.dumps(..., ensure_ascii=False, indent=2)`` writes it ``depth`` levels deep:
        the units of ``levels`` (all when empty), built a unit at a time without the
        intermediate objects, for national tables."""
        from childprotect.rollup.jsontext import json_units

        return json_units(self, levels, depth)

    def to_json(self, suppressed: Suppressed | None = None, *, units: bool = True
                ) -> dict[str, object]:
        """Plain data: period, hierarchy date, per-unit totals and exact rates, anomalies
        (``units=False``: all but the units, which :meth:`json_units` writes as text)."""
        hidden = suppressed.hidden if suppressed is not None else frozenset()
        every: list[dict[str, object]] = []
        n = len(self.names)
        for code in self.codes() if units else ():
            sums, counts = self._row(code)
            totals: dict[str, object] = {}
            for i, name in enumerate(self.names):
                if (code, name) in hidden:
                    totals[name] = suppressed.label if suppressed else None
                else:
                    totals[name] = (sums[i] if type(sums[i]) is int else str(sums[i])) \
                        if counts[i] else None
            rates: dict[str, object] = {}
            for rname in self._measures:
                r = self.rate(code, rname)
                v = None if (code, rname) in hidden else r.value
                rates[rname] = {"value": None if v is None else str(v),
                                "decimal": None if v is None else str(r.decimal()),
                                "status": "suppressed" if (code, rname) in hidden
                                else r.status.value,
                                "complete": r.complete,
                                "reporting": r.reporting, "expected": r.expected}
            every.append({
                "level": "total" if code == TOTAL else self.hierarchy.level(code).id,
                "code": code,
                "name": "all units" if code == TOTAL else self.hierarchy.name(code),
                "reporting": counts[n], "expected": self._expected.get(code, 0),
                "totals": totals, "rates": rates,
            })
        anomalies = self.anomalies if suppressed is None else suppressed.redact(self.anomalies)
        out: dict[str, object] = {
            "period": self.period,
            "hierarchy_as_of": self.hierarchy.as_of.isoformat(),
            "missing": self.missing(),
            "anomalies": [{"kind": a.kind, "where": a.where, "text": a.text,
                           "explanation": a.explain("en"),
                           "explanation_vi": a.explain("vi"), "severity": a.severity.value}
                          for a in anomalies],
            "units": every,
        }
        if suppressed is not None:
            out["suppression"] = {"mark": suppressed.label, "legend": suppressed.legend,
                                  "threshold": suppressed.threshold,
                                  "protection": suppressed.protection}
        return out


def headers(counts: Iterable[str], rates: Iterable[str]) -> list[str]:
    """The columns of a rollup table: the unit, its counts, each rate and its coverage.

    >>> headers(["children", "special"], ["pct"])[3:]
    ['reporting', 'expected', 'children', 'special', 'pct', 'pct_reporting']
    """
    return ["level", "code", "name", "reporting", "expected", *counts,
            *[h for r in rates for h in (r, f"{r}_reporting")]]


def _expected_leaves(h: Hierarchy) -> dict[str, int]:
    """How many reporting units each unit has under it (itself if it reports), and TOTAL."""
    return h.reporting_counts(TOTAL)



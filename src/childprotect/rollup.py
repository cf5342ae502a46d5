"""Rollups of counts and rates from communes up to every level of a hierarchy.

Counts are summed; rates are never summed or averaged: each level's rate is recomputed
exactly (a :class:`~fractions.Fraction`) from that level's numerator and denominator
totals. A unit that did not report is *missing*, not zero: totals say how many of the
units that existed reported, and a measure no unit reported has no total at all.

>>> from datetime import date
>>> from childprotect.units import bundled
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

import enum
import itertools
import operator
import re
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs

from .anomalies import Anomaly, Severity
from .errors import ValidationError
from .notebook import Displayable
from .units import Hierarchy, UnitRegistry

if typing.TYPE_CHECKING:
    from .protection import Audit

__all__ = [
    "TOTAL",
    "Aggregation",
    "AtMost",
    "Cell",
    "Completeness",
    "DistinctOf",
    "Measure",
    "Measures",
    "Partial",
    "Rate",
    "RateStatus",
    "Record",
    "Rollup",
    "Suppressed",
    "partial",
    "period_end",
    "read_csv",
    "read_csv_text",
    "read_json",
    "rollup",
    "rollup_periods",
    "rollup_rows",
    "suppress",
]

#: The code of the row holding the total of the whole hierarchy (the nation for a full list).
TOTAL = "*"

Number = int | Fraction
Row = tuple[int | Fraction | None, ...]


class Aggregation(enum.Enum):
    """How a measure aggregates up the hierarchy."""

    SUM = "sum"  # counts: added up
    RATE = "rate"  # never aggregated: recomputed from numerator and denominator at every level


@attrs.frozen
class Measure:
    """A named measure and how it aggregates.

    >>> Measure.rate("special_pct", "special", "children", factor=100).aggregation
    <Aggregation.RATE: 'rate'>
    """

    name: str
    aggregation: Aggregation = Aggregation.SUM
    numerator: str | None = None
    denominator: str | None = None
    factor: int = 1
    label: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.name or self.name in ("unit", "period"):
            raise ValidationError(f"measure name {self.name!r} is not allowed")
        is_rate = self.aggregation is Aggregation.RATE
        has = (self.numerator is not None, self.denominator is not None)
        if has != (is_rate, is_rate):
            raise ValidationError(
                f"measure {self.name!r}: a rate needs a numerator and a denominator, "
                "and only a rate has them"
            )
        if self.factor < 1:
            raise ValidationError(f"measure {self.name!r}: factor {self.factor} is not positive")

    @classmethod
    def count(cls, name: str, label: str = "") -> Measure:
        return cls(name, Aggregation.SUM, label=label)

    @classmethod
    def rate(
        cls, name: str, numerator: str, denominator: str, *, factor: int = 1, label: str = ""
    ) -> Measure:
        return cls(name, Aggregation.RATE, numerator, denominator, factor, label)


@attrs.frozen
class AtMost:
    """Consistency rule: ``part`` never exceeds ``whole`` (a group count ≤ all children)."""

    part: str
    whole: str


def _names(parts: Iterable[str]) -> tuple[str, ...]:
    # A function of ours, not ``tuple``: attrs reads a converter's signature, and the
    # signature of a builtin is parsed from text (tokenize's large pattern, at import).
    return tuple(parts)


@attrs.frozen
class DistinctOf:
    """Consistency rule: ``distinct`` counts each child once across ``parts``.

    So ``max(parts) ≤ distinct ≤ sum(parts)``.
    """

    distinct: str
    parts: tuple[str, ...] = attrs.field(converter=_names)


Rule = AtMost | DistinctOf


class Measures:
    """The measures of a rollup (counts and rates) and the consistency rules between them.

    >>> m = Measures([Measure.count("a"), Measure.count("b"), Measure.rate("r", "a", "b")])
    >>> m.counts, m.rates
    (('a', 'b'), ('r',))
    """

    def __init__(self, measures: Iterable[Measure], rules: Iterable[Rule] = ()) -> None:
        self.measures = tuple(measures)
        self.rules = tuple(rules)
        names = [m.name for m in self.measures]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValidationError(f"measures: duplicate name(s) {dup}")
        self.counts = tuple(m.name for m in self.measures if m.aggregation is Aggregation.SUM)
        self.rates = tuple(m.name for m in self.measures if m.aggregation is Aggregation.RATE)
        self.index = {n: i for i, n in enumerate(self.counts)}
        self.by_name = {m.name: m for m in self.measures}
        for m in self.measures:
            for ref in (m.numerator, m.denominator):
                if ref is not None and ref not in self.index:
                    raise ValidationError(
                        f"rate {m.name!r}: {ref!r} is not a count measure ({list(self.counts)})"
                    )
        for rule in self.rules:
            refs = [rule.part, rule.whole] if isinstance(rule, AtMost) else [
                rule.distinct, *rule.parts]
            for ref in refs:
                if ref not in self.index:
                    raise ValidationError(f"rule {rule}: {ref!r} is not a count measure")

    @classmethod
    def of(cls, measures: Measures | Iterable[Measure]) -> Measures:
        return measures if isinstance(measures, Measures) else cls(measures)

    def __repr__(self) -> str:
        return f"Measures(counts={list(self.counts)}, rates={list(self.rates)})"


@attrs.frozen
class Record:
    """One unit's counts for one period. A measure absent or None is *missing* (not zero)."""

    unit: str
    period: str
    values: Mapping[str, Number | None]


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
    """A rate recomputed from the unit's totals: ``factor × numerator / denominator``."""

    numerator: Number | None
    denominator: Number | None
    factor: int
    status: RateStatus
    complete: bool

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


def _csv_field(text: str) -> str:
    """``text`` as one CSV field, quoted as ``csv.writer`` quotes (only when needed).

    >>> _csv_field("Xã A"), _csv_field('Phường "1", B')
    ('Xã A', '"Phường ""1"", B"')
    """
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _rate_cells(xs: list[int], ys: list[int], factor: int) -> list[str]:
    """``",x·factor/y"`` rounded half-even to 4 places for whole numbers ``xs``, ``ys``
    (``","`` where y is 0), a column at a time: the text :func:`_decimal_text` gives.

    >>> _rate_cells([1, 2, 1, 3, 5], [3, 3, 0, 20000, 20000], 1)
    [',0.3333', ',0.6667', ',', ',0.0002', ',0.0002']
    """
    zero = 0 in ys
    dens = [y or 1 for y in ys] if zero else ys
    # Rounded half up: ⌊(2·10⁴·x·f + y) / 2y⌋; a tie (2·remainder = y) rounded up to an
    # odd number goes back down to the even one.
    twice = list(map(operator.mul, dens, itertools.repeat(2)))
    scaled = list(map(operator.mul, xs, itertools.repeat(20000 * factor)))
    q = list(map(operator.floordiv, map(operator.add, scaled, dens), twice))
    ties = list(map(operator.eq, map(operator.mod, scaled, twice), dens))
    if any(ties):
        for i in itertools.compress(range(len(q)), ties):
            if q[i] & 1:
                q[i] -= 1
    cells = list(map(",%d.%04d".__mod__, map(divmod, q, itertools.repeat(10000))))
    if zero:
        for i, y in enumerate(ys):
            if not y:
                cells[i] = ","
    return cells


def _csv_line(level: str, code: str, name: str, sums: Sequence[Number],
              counts: Sequence[int], expected: int, rates: list[str], fmt: str) -> str:
    """One row of :meth:`Rollup.rows` as a CSV line (``fmt``: a %-format of whole sums)."""
    n = len(counts) - 1
    line = f"{_csv_field(level)},{_csv_field(code)},{_csv_field(name)},{counts[n]},{expected}"
    if n:
        if min(counts) == 0:  # a measure no unit below reported: blank, not 0
            line += "," + ",".join([str(v) if c else "" for v, c in
                                    zip(sums, counts, strict=False)])
        elif fmt:
            line += "," + fmt % tuple(sums)
        else:
            line += "," + ",".join(map(str, sums))
    if rates:
        line += "," + ",".join(rates)
    return line


def _decimal_text(num: Number, den: Number, places: int) -> str:
    """``num / den`` rounded half-even to ``places`` decimals, exactly, as text.

    >>> _decimal_text(2, 3, 4), _decimal_text(1, 8, 2), _decimal_text(3, 8, 2)
    ('0.6667', '0.12', '0.38')
    >>> _decimal_text(5, 1, 0), _decimal_text(-1, 3, 2)
    ('5', '-0.33')
    """
    f = Fraction(num) / den if type(num) is not int or type(den) is not int else None
    if f is not None:
        num, den = f.numerator, f.denominator
    assert isinstance(num, int) and isinstance(den, int)
    scaled = num * 10**places
    q, r = divmod(scaled, den)
    if 2 * r > den or (2 * r == den and q % 2):
        q += 1
    if not places:
        return str(q)
    sign = "-" if q < 0 else ""
    ip, fp = divmod(abs(q), 10**places)
    return f"{sign}{ip}.{fp:0{places}d}"


# --- partial results --------------------------------------------------------------------


def _check_value(v: object, unit: str, name: str) -> None:
    if v is None:
        return
    if type(v) is int or type(v) is Fraction:
        if v < 0:
            raise ValidationError(f"unit {unit}, measure {name!r}: negative count {v}")
        return
    raise ValidationError(
        f"unit {unit}, measure {name!r}: expected a whole number (or None), got {v!r}"
    )


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
                f"cannot merge rollups of different measures: {self.names} and {other.names}"
            )
        if self.period != other.period and None not in (self.period, other.period):
            raise ValidationError(f"cannot merge periods {self.period} and {other.period}")
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
        raise ValidationError(f"unit {unit}: unknown measure(s) {sorted(extra)}")
    out = tuple(map(values.get, measures.counts))
    if None in out or not all(type(v) is int for v in out) or (
            out and min(typing.cast("tuple[int, ...]", out)) < 0):
        for n, v in zip(measures.counts, out, strict=False):
            _check_value(v, unit, n)
    return out


def _rule_anomalies(code: str, period: str | None, row: Row, m: Measures) -> list[Anomaly]:
    out: list[Anomaly] = []
    where = f"{period}/{code}" if period else code
    for rule in m.rules:
        if isinstance(rule, AtMost):
            p, w = row[m.index[rule.part]], row[m.index[rule.whole]]
            if p is not None and w is not None and p > w:
                out.append(Anomaly(
                    "rollup.part-above-whole", where, f"{rule.part}={p} > {rule.whole}={w}",
                    f"{rule.part} cannot exceed {rule.whole}", Severity.ERROR))
        else:
            d = row[m.index[rule.distinct]]
            parts = [row[m.index[p]] for p in rule.parts]
            if d is None:
                continue
            known = [v for v in parts if v is not None]
            if known and max(known) > d:
                out.append(Anomaly(
                    "rollup.distinct-below-largest", where,
                    f"{rule.distinct}={d} < largest part {max(known)}",
                    f"{rule.distinct} counts each child once, so it cannot be below any of "
                    f"{', '.join(rule.parts)}", Severity.ERROR))
            if len(known) == len(parts) and d > sum(known):
                out.append(Anomaly(
                    "rollup.distinct-above-sum", where,
                    f"{rule.distinct}={d} > sum of parts {sum(known)}",
                    f"{rule.distinct} cannot exceed the sum of {', '.join(rule.parts)}",
                    Severity.ERROR))
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
    for code, row in rows:
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
            p.anomalies.append(Anomaly(
                "rollup.unknown-unit", f"{period}/{code}", code,
                f"unit {code} is not in the hierarchy as of {hierarchy.as_of}: its values are "
                "not counted (use childprotect.crosswalk for units of another period)",
                Severity.ERROR))
            continue
        if hierarchy.level(code).id != lowest:
            p.anomalies.append(Anomaly(
                "rollup.not-reporting-level", f"{period}/{code}", code,
                f"unit {code} is not at the {lowest} level; only that level reports, so its "
                "values are not counted", Severity.ERROR))
            continue
        leaves[code] = row


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
    # Leaves summed per parent (TOTAL for a leaf without one), a run of leaves of one
    # parent at a time: a file lists the communes of a district together, mostly.
    parents = [ch[0] if ch else TOTAL for ch in typing.cast("list[tuple[str, ...]]", found)]
    sums: dict[str, list[Number]] = {}
    counts: dict[str, list[int]] = {}
    second = operator.itemgetter(1)
    for parent, run in itertools.groupby(zip(parents, p.leaves.values(), strict=True),
                                         operator.itemgetter(0)):
        rows = list(map(second, run))
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
        if parent in sums:  # a later run of the same parent
            s = list(map(operator.add, sums[parent], s))
            c = list(map(operator.add, counts[parent], c))
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
                f"records of several periods ({period}, {rec.period}): use rollup_periods"
            )
        rows.append((rec.unit, _values_row(rec.values, m, rec.unit)))
    return _build(rows, hierarchy, m, period)


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
                        f"rate {name!r}: {ref!r} is not a count of this rollup "
                        f"({list(self.names)})")
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
        if level == "total":
            return [TOTAL]
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
        num, den, factor = self._measures[name]
        a, b = self._index[num], self._index[den]
        sums, counts = self._row(code)
        expected = self._expected.get(code, 0)
        x = sums[a] if counts[a] else None
        y = sums[b] if counts[b] else None
        if x is None or y is None:
            status = RateStatus.NO_DATA
        elif y == 0:
            status = RateStatus.ZERO_DENOMINATOR
        else:
            status = RateStatus.OK
        return Rate(x, y, factor, status, counts[a] == expected and counts[b] == expected)

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
                out.append(Anomaly(
                    "rollup.duplicate", f"{self.period}/{code}", f"{n} identical reports",
                    f"unit {code} reported {n} times with the same values; counted once",
                    Severity.WARNING))
            else:
                out.append(Anomaly(
                    "rollup.conflict", f"{self.period}/{code}",
                    f"{n} reports with {len(seen)} different sets of values",
                    f"unit {code} reported conflicting values; it is counted as missing",
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
        return ["level", "code", "name", "reporting", "expected", *self.names, *self._measures]

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
                        rates[j] = label
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
            _rate_cells(list(map(operator.itemgetter(a), whole)),
                        list(map(operator.itemgetter(b), whole)), f)
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
                for a, b, f in rate_cols:
                    x, y = vals[a], vals[b]
                    if not (counts[a] and counts[b]) or not y:
                        rates.append("")
                    else:
                        rates.append(_decimal_text(x * f, y, 4))
                yield level, code, name, vals, counts, expected.get(code, 0), rates

    def rate_values(self, name: str) -> dict[str, Fraction | None]:
        """The exact value of rate ``name`` at every unit (None: no data or zero denominator).

        The same values as :meth:`rate`, computed in one pass.
        """
        num, den, factor = self._measures[name]
        a, b = self._index[num], self._index[den]
        out: dict[str, Fraction | None] = {}
        leaves, internal, counted = self._p.leaves, self._p.sums, self._p.counts
        for code in self.codes():
            leaf = leaves.get(code)
            if leaf is not None:
                x, y = leaf[a], leaf[b]
                if x is None or not y:
                    out[code] = None
                    continue
            elif code in internal:
                counts = counted[code]
                if not (counts[a] and counts[b]):
                    out[code] = None
                    continue
                x, y = internal[code][a], internal[code][b]
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

    def to_json(self, suppressed: Suppressed | None = None) -> dict[str, object]:
        """Plain data: period, hierarchy date, per-unit totals and exact rates, anomalies."""
        hidden = suppressed.hidden if suppressed is not None else frozenset()
        units = []
        n = len(self.names)
        for code in self.codes():
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
                                "complete": r.complete}
            units.append({
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
                           "explanation": a.explanation, "severity": a.severity.value}
                          for a in anomalies],
            "units": units,
        }
        if suppressed is not None:
            out["suppression"] = {"mark": suppressed.label, "legend": suppressed.legend,
                                  "threshold": suppressed.threshold,
                                  "protection": suppressed.protection}
        return out


def _expected_leaves(h: Hierarchy) -> dict[str, int]:
    """How many reporting units each unit has under it (itself if it reports), and TOTAL."""
    return h.reporting_counts(TOTAL)


# --- entry points ----------------------------------------------------------------------


def period_end(period: str) -> date:
    """The last day of a period written ``YYYY``, ``YYYY-MM``, ``YYYY-Qn``, ``YYYY-Sn`` or a date.

    >>> period_end("2024"), period_end("2025-Q2"), period_end("2024-02")
    (datetime.date(2024, 12, 31), datetime.date(2025, 6, 30), datetime.date(2024, 2, 29))
    """
    import calendar
    import re

    m = re.fullmatch(r"([0-9]{4})(?:-(?:([QS])([0-9])|([0-9]{2})(?:-([0-9]{2}))?))?", period)
    try:
        if m is not None:
            year = int(m.group(1))
            if m.group(5):
                return date(year, int(m.group(4)), int(m.group(5)))
            month = 12
            if m.group(2):
                k, per = int(m.group(3)), 3 if m.group(2) == "Q" else 6
                month = k * per if 1 <= k <= 12 // per else 0
            elif m.group(4):
                month = int(m.group(4))
            return date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        pass
    except calendar.IllegalMonthError:
        pass
    raise ValidationError(
        f"period {period!r} is not YYYY, YYYY-MM, YYYY-Qn, YYYY-Sn or YYYY-MM-DD"
    )


def _snapshot(hierarchy: Hierarchy | UnitRegistry, period: str | None,
              on: date | None) -> Hierarchy:
    if isinstance(hierarchy, Hierarchy):
        return hierarchy
    if on is None:
        if period is None:
            raise ValidationError("give on= (the date of the hierarchy to use)")
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
        raise ValidationError(f"records of several periods {periods}: use rollup_periods")
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


# --- publication safety ----------------------------------------------------------------


@attrs.frozen
class Suppressed:
    """Which cells of a rollup are hidden for publication, and why.

    ``primary``: the counts ``0 < n < threshold``; ``complementary``: counts hidden so
    that no primary count can be worked out (see :func:`childprotect.protection.suppress`);
    ``rates``: the rates built on a hidden count. Every hidden cell prints as
    :attr:`label` (``×``, explained by :attr:`legend`), primary or not: a different mark
    would tell which hidden counts are the small ones. ``audit`` is the audit of the
    pattern (:class:`childprotect.protection.Audit`).
    """

    threshold: int
    primary: frozenset[tuple[str, str]]
    complementary: frozenset[tuple[str, str]]
    rates: frozenset[tuple[str, str]]
    protection: int | None = None
    audit: Audit | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def hidden(self) -> frozenset[tuple[str, str]]:
        return self.primary | self.complementary | self.rates

    @property
    def label(self) -> str:
        """The mark of a hidden cell, ``×`` (never ``<5``: a complementary cell is not)."""
        from .protection import MARK

        return MARK

    @property
    def legend(self) -> str:
        """The sentence that explains :attr:`label` in an output."""
        from .protection import legend

        return legend(self.threshold)

    def redact(self, anomalies: Iterable[Anomaly]) -> list[Anomaly]:
        """``anomalies`` without the numbers of a unit with a hidden count."""
        from .protection import redact_anomalies

        return redact_anomalies(anomalies, self)


def suppress(r: Rollup, threshold: int = 5, *, protection: int | None = None) -> Suppressed:
    """Small-cell suppression whose protection is audited (see
    :func:`childprotect.protection.suppress`): counts ``0 < n < threshold`` are hidden, and
    complementary counts until each one's feasible interval reaches the threshold and is
    ``protection`` (default: the threshold) wide. Needs the ``publish`` extra (scipy).
    """
    from .protection import suppress as _suppress

    return _suppress(r, threshold, protection=protection)


def _batched(it: Iterable[tuple[str, Row]], n: int) -> Iterator[list[tuple[str, Row]]]:
    it = iter(it)
    while True:
        chunk = list(itertools.islice(it, n))
        if not chunk:
            return
        yield chunk


# --- input from CSV and JSON -------------------------------------------------------------


def read_csv(
    lines: Iterable[str], measures: Measures | None = None, source: str = "<csv>"
) -> tuple[Measures, Iterator[tuple[str, str, Row]]]:
    """Parse rollup input CSV: columns ``unit``, ``period``, then one column per count.

    Without ``measures`` every other column is a count measure. An empty cell is a
    missing value; anything but a whole number ≥ 0 is an error naming line and column.
    Rows are yielded lazily as ``(unit, period, values)``, values in ``measures.counts``
    order.
    """
    import csv

    return _read_rows(csv.reader(lines), measures, source)


def read_csv_text(
    text: str, measures: Measures | None = None, source: str = "<csv>", *,
    texts: dict[str, dict[str, str]] | None = None,
) -> tuple[Measures, Iterator[tuple[str, str, Row]]]:
    """:func:`read_csv` of a whole file's text (read with ``newline=""``).

    Text without quotes or carriage returns is split directly, which gives the same rows
    as the ``csv`` module, faster: blocks of lines whose counts are all whole numbers are
    converted a column at a time.

    ``texts``, when given, is filled (period → unit → text) with the counts of the rows
    read in bulk as they were written, which is then exactly how :meth:`Rollup.csv_lines`
    writes them (see :func:`rollup_rows`).

    >>> m, rows = read_csv_text("unit,period,a\\n29971,2024,3\\n")
    >>> m.counts, list(rows)
    (('a',), [('29971', '2024', (3,))])
    """
    if '"' in text or "\r" in text:
        import csv
        import io

        return _read_rows(csv.reader(io.StringIO(text, newline="")), measures, source)
    lines = text.split("\n") if text else []
    if not lines:
        return _read_rows(iter(()), measures, source)
    m, layout = _layout(lines[0].split(",") if lines[0] else [], measures, source)
    while len(lines) > 1 and not lines[-1]:
        lines.pop()  # blank lines at the end: skipped, as the csv module skips them
    return m, _text_rows(lines, layout, texts)


#: Lines converted together by the bulk path of :func:`read_csv_text`.
_BLOCK = 2048
_DIGITS_AND_COMMAS = re.compile("[0-9,]*")


def _text_rows(lines: list[str], layout: _Layout, texts: dict[str, dict[str, str]] | None
               ) -> Iterator[tuple[str, str, Row]]:
    """The data rows of ``lines`` (``lines[0]`` is the header), a block at a time.

    A block whose lines all have the header's width and whose counts are all whole
    numbers is converted in bulk; any other block goes through the row-by-row path,
    which raises the same errors as :func:`read_csv`.
    """
    for lo in range(1, len(lines), _BLOCK):
        block = lines[lo:lo + _BLOCK]
        rows = _bulk(block, layout, texts)
        if rows is None:
            yield from layout.rows((line.split(",") if line else [] for line in block), lo + 1)
        else:
            yield from rows


def _bulk(block: list[str], layout: _Layout, texts: dict[str, dict[str, str]] | None = None
          ) -> Iterator[tuple[str, str, Row]] | None:
    """The rows of ``block`` when every count is a whole number written in ASCII digits;
    None otherwise (a blank, a sign, a space, a width that differs from the header's …)."""
    w, pos, n = layout.width, layout.pos, len(layout.pos)
    if not n:
        return None
    if layout.unit == 0 and layout.period == 1 and pos == list(range(2, w)):  # unit,period,…
        # The counts of each line as a JSON array, parsed in one call: only digits and
        # commas are let through, and JSON rejects blanks and leading zeros, which are
        # left to the row-by-row path.
        parts = list(map(str.split, block, itertools.repeat(","), itertools.repeat(2)))
        if set(map(len, parts)) != {3}:
            return None
        tails = [p[2] for p in parts]
        if _DIGITS_AND_COMMAS.fullmatch(",".join(tails)) is None:
            return None
        import json

        try:
            values = json.loads("[[" + "],[".join(tails) + "]]")
        except ValueError:
            return None
        if set(map(len, values)) != {n}:
            return None
        units = [p[0].strip() for p in parts]
        periods = [p[1].strip() for p in parts]
        if texts is not None:  # JSON took only canonical numbers: the text is the row's
            if len(set(periods)) == 1:
                texts.setdefault(periods[0], {}).update(zip(units, tails, strict=True))
            else:
                for unit, period, tail in zip(units, periods, tails, strict=True):
                    texts.setdefault(period, {})[unit] = tail
        return zip(units, periods, map(tuple, values), strict=True)
    cells = ",".join(block).split(",")
    if len(cells) != w * len(block) or set(
            map(str.count, block, itertools.repeat(","))) != {w - 1}:
        return None
    columns: list[list[int]] = []
    for j in pos:
        col = cells[j::w]
        joined = "".join(col)
        if not (joined.isdigit() and joined.isascii() and all(col)):
            return None
        try:
            columns.append(list(map(int, col)))
        except ValueError:  # more digits than int() converts
            return None
    return zip(list(map(str.strip, cells[layout.unit::w])),
               list(map(str.strip, cells[layout.period::w])),
               zip(*columns, strict=True), strict=True)


def _read_rows(
    reader: Iterator[list[str]], measures: Measures | None, source: str
) -> tuple[Measures, Iterator[tuple[str, str, Row]]]:
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError(f"{source}: empty file") from None
    m, layout = _layout(header, measures, source)
    return m, layout.rows(reader, 2)


def _layout(
    cells: list[str], measures: Measures | None, source: str
) -> tuple[Measures, _Layout]:
    """The measures and column positions of a rollup CSV file, from its header row."""
    header = [h.strip() for h in cells]
    if header[:1] and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    for col in ("unit", "period"):
        if col not in header:
            raise ValidationError(f"{source}: missing column {col!r}; found {header}")
    names = [h for h in header if h not in ("unit", "period")]
    if len(set(header)) != len(header):
        raise ValidationError(f"{source}: duplicate column names in {header}")
    m = measures if measures is not None else Measures([Measure.count(n) for n in names])
    extra = sorted(set(names) - set(m.counts))
    missing = sorted(set(m.counts) - set(names))
    if extra or missing:
        raise ValidationError(
            f"{source}: columns do not match the measures (unknown: {extra}, missing: {missing})"
        )
    return m, _Layout(source, m.counts, header.index("unit"), header.index("period"),
                      [header.index(n) for n in m.counts], len(header))


def _short(text: str) -> str:
    """``repr(text)``, cut to 60 characters (a cell can be a whole corrupted file)."""
    return repr(text) if len(text) <= 60 else repr(text[:57]) + "…"


class _Layout:
    """Where the unit, the period and each count sit in the rows of one CSV file."""

    __slots__ = ("names", "period", "pos", "source", "unit", "width")

    def __init__(self, source: str, names: tuple[str, ...], unit: int, period: int,
                 pos: list[int], width: int) -> None:
        self.source, self.names, self.unit, self.period = source, names, unit, period
        self.pos, self.width = pos, width

    def rows(self, reader: Iterable[list[str]], first_line: int
             ) -> Iterator[tuple[str, str, Row]]:
        """Row by row: ``(unit, period, values)``; an error names the line and column."""
        source, names, pos, width = self.source, self.names, self.pos, self.width
        iu, ip = self.unit, self.period
        first = pos[0] if pos else width
        contiguous = pos == list(range(first, width))
        for lineno, row in enumerate(reader, start=first_line):
            if len(row) != width:
                if not row:
                    continue
                raise ValidationError(
                    f"{source} line {lineno}: {len(row)} cells, the header has {width}")
            cells = row[first:] if contiguous else [row[i] for i in pos]
            joined = "".join(cells)
            if joined.isdigit() and joined.isascii() and all(cells) and len(joined) < 4000:
                vals: Row = tuple(map(int, cells))
            else:
                out: list[int | None] = []
                for name, c in zip(names, cells, strict=False):
                    c = c.strip()
                    if not c:
                        out.append(None)
                    elif c.isdigit() and c.isascii() and len(c) < 4000:
                        out.append(int(c))
                    else:
                        raise ValidationError(
                            f"{source} line {lineno}, column {name!r}: expected a whole "
                            f"number ≥ 0 or an empty cell, got {_short(c)}")
                vals = tuple(out)
            yield row[iu].strip(), row[ip].strip(), vals


def read_json(text: str | bytes, source: str = "<json>") -> tuple[Measures, list[Record]]:
    """Parse rollup input JSON.

    Either a list of records ``{"unit": "29971", "period": "2024", "values": {...}}``
    (every measure a count), or an object ``{"measures": [...], "rules": [...],
    "records": [...]}`` where a measure is ``{"name": "special_pct", "aggregation":
    "rate", "numerator": "special", "denominator": "children", "factor": 100}`` and a
    rule ``{"at_most": ["group_a", "children"]}`` or ``{"distinct": "special", "parts":
    ["group_a", …]}``.
    """
    import json

    from .io import structure

    def no_float(t: str) -> object:
        raise ValidationError(f"{source}: {t} is not a whole number")

    try:
        data = json.loads(text, parse_float=no_float)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{source}: not valid JSON: {exc.msg} at line {exc.lineno}") from None
    raw_measures: object = None
    rules: list[Rule] = []
    if isinstance(data, dict):
        unknown = set(data) - {"measures", "rules", "records"}
        if unknown:
            raise ValidationError(f"{source}: unknown field(s) {sorted(unknown)}")
        raw_measures = data.get("measures")
        for i, r in enumerate(data.get("rules") or []):
            if isinstance(r, dict) and set(r) == {"at_most"} and isinstance(r["at_most"], list) \
                    and len(r["at_most"]) == 2:
                rules.append(AtMost(*r["at_most"]))
            elif isinstance(r, dict) and set(r) == {"distinct", "parts"}:
                rules.append(DistinctOf(r["distinct"], tuple(r["parts"])))
            else:
                raise ValidationError(f"{source}: $.rules[{i}]: not a rule: {r!r}")
        data = data.get("records")
    if not isinstance(data, list):
        raise ValidationError(f"{source}: expected a list of records")
    records: list[Record] = []
    names: list[str] = []
    for i, r in enumerate(data):
        if not isinstance(r, dict) or set(r) != {"unit", "period", "values"} or not \
                isinstance(r["values"], dict) or not isinstance(r["unit"], str) or not \
                isinstance(r["period"], str):
            raise ValidationError(
                f"{source}: $.records[{i}]: expected {{unit, period, values}}, got {r!r}")
        for k, v in r["values"].items():
            if v is not None and (type(v) is not int or v < 0):
                raise ValidationError(
                    f"{source}: $.records[{i}].values.{k}: expected a whole number ≥ 0 or "
                    f"null, got {v!r}")
            if k not in names:
                names.append(k)
        records.append(Record(r["unit"], r["period"], r["values"]))
    if raw_measures is None:
        m = Measures([Measure.count(n) for n in names], rules)
    else:
        ms = structure(raw_measures, tuple[Measure, ...], source + " $.measures")
        m = Measures(ms, rules)
    return m, records

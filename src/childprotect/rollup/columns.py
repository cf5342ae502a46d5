"""Rollups a column at a time: counts in integer arrays, summed into every level at once.

The same totals, reporting counts and exact rates as :func:`~childprotect.rollup.rollup`,
for input that is already columns (a national table, a period of a large file): one
integer array per count, each reporting unit at most once. Sums are integer (numpy
``int64``, checked not to overflow); a rate stays a pair of integer totals, and its
decimal text is rounded half-even from them, exactly as :meth:`Rollup.csv_lines` rounds.

Needs numpy (installed with pandas, pyarrow or polars; ``pip install numpy``), imported
when a rollup runs.

>>> from datetime import date
>>> from childprotect.units.registry import bundled
>>> from childprotect.rollup.measures import Measure
>>> h = bundled().on(date(2024, 12, 31))
>>> r = rollup_columns(["29971", "29956"], {"children": [900, 600], "special": [12, 3]}, h,
...                    [Measure.count("children"), Measure.count("special"),
...                     Measure.rate("pct", "special", "children", factor=100)])
>>> r.total("870", "children"), r.rate("870", "pct"), r.reporting_of("870")
(1500, (15, 1500, 2), 2)
>>> r.rate_text("pct")[r.row["870"]]
'1.0000'
"""

from __future__ import annotations

import typing
from collections.abc import Mapping, Sequence

from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.rollup.codeindex import CodeIndex, code_keys
from childprotect.rollup.measures import TOTAL, Measure, Measures
from childprotect.units.hierarchy import Hierarchy

if typing.TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Ints = npt.NDArray[np.int64]
    Flags = npt.NDArray[np.bool_]

__all__ = ["ColumnLayout", "ColumnPartial", "ColumnRollup", "layout_of", "rollup_at",
           "rollup_columns"]

#: Sums stay below this bound, so that no ``int64`` sum or rate product overflows.
_BOUND = 1 << 62


def _numpy() -> typing.Any:
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy comes with the column extras
        raise ValidationError(Message(
            "column rollups need numpy: pip install numpy (or childprotect[columns])")) from None
    return numpy


class ColumnLayout:
    """The units of one hierarchy as rows: output order, levels, ancestors, expected.

    Rows are the units level by level from the top (each level in the hierarchy's order),
    then :data:`TOTAL`; one more row (the last) takes nothing but padding.
    """

    __slots__ = ("_kept", "ancestors", "codes", "expected", "hierarchy", "leaf", "leaf_rows",
                 "level_of", "names", "row", "runs", "spans", "tops")

    def kept(self, key: object, make: typing.Callable[[], typing.Any]) -> typing.Any:
        """What ``make()`` derives from the layout, made once and kept with it under
        ``key`` (a writer's columns of names, say)."""
        if key not in self._kept:
            self._kept[key] = make()
        return self._kept[key]

    def code_index(self) -> CodeIndex | None:
        """The reporting units by their codes' 64-bit numbers (kept with the layout; None
        when a code is not of up to 8 ASCII bytes)."""
        return typing.cast("CodeIndex | None", self.kept(
            "code-index", lambda: CodeIndex.of(_numpy(), list(self.leaf))))

    def __init__(self, h: Hierarchy) -> None:
        np = _numpy()
        self._kept: dict[object, typing.Any] = {}
        self.hierarchy = h
        levels = h.levels()
        codes: list[str] = []
        spans: dict[str, tuple[int, int]] = {}
        for lv in levels:
            start = len(codes)
            codes.extend(h.codes(lv))
            spans[lv] = (start, len(codes))
        spans["total"] = (len(codes), len(codes) + 1)
        codes.append(TOTAL)
        self.codes = codes
        self.spans = spans
        self.row = row = {c: i for i, c in enumerate(codes)}
        total, sink = len(codes) - 1, len(codes)
        self.level_of = [lv for lv in (*levels, "total")
                         for _ in range(spans[lv][1] - spans[lv][0])]
        self.names = [h.name(c) for c in codes[:-1]] + ["all units"]
        chains = h.chains()
        parent = np.full(len(codes) + 1, sink, dtype=np.intp)
        parent[:total] = [row[chains[c][0]] if chains[c] else total for c in codes[:-1]]
        leaves = h.reporting_units()
        self.leaf = {c: i for i, c in enumerate(leaves)}
        column = np.fromiter(map(row.__getitem__, leaves), dtype=np.intp, count=len(leaves))
        ancestors = [column]
        while len(column) and (column != sink).any():
            column = parent[column]
            ancestors.append(column)
        self.ancestors = np.stack(ancestors[:-1], axis=1) if len(ancestors) > 1 else \
            np.zeros((len(leaves), 0), dtype=np.intp)
        # Per depth above the leaves: the leaves in the order of their ancestor there, where
        # each ancestor's run starts, and the ancestor (sums are added a run at a time).
        self.runs = []
        for d in range(1, self.ancestors.shape[1]):
            col = self.ancestors[:, d]
            order = np.argsort(col, kind="stable")
            ordered = col[order]
            starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
            keep = ordered[starts] != sink
            # (None: the leaves are already in that order, as a list grouped by parent is)
            same = bool((order == np.arange(len(order))).all())
            self.runs.append((None if same else order, starts, keep, ordered[starts][keep]))
        # The leaves' own rows: one slice when they are consecutive (they usually are).
        self.leaf_rows: slice | typing.Any = slice(0, 0)  # (no leaves: a day without units)
        if len(leaves):
            first = int(self.ancestors[0, 0])
            self.leaf_rows = slice(first, first + len(leaves)) if bool(
                (self.ancestors[:, 0] == np.arange(first, first + len(leaves))).all()) else \
                self.ancestors[:, 0]
        # The top unit (province) of each leaf: the last ancestor before TOTAL.
        depth = (self.ancestors != sink).sum(axis=1)
        self.tops = self.ancestors[np.arange(len(leaves)), np.maximum(depth - 2, 0)] \
            if len(leaves) else np.zeros(0, dtype=np.intp)
        counts = h.reporting_counts(TOTAL)
        self.expected = np.fromiter((counts.get(c, 0) for c in codes), dtype=np.int64,
                                    count=len(codes))


def layout_of(h: Hierarchy) -> ColumnLayout:
    """The :class:`ColumnLayout` of ``h`` (kept: snapshots of the same units share it)."""
    chains = h.chains()
    got = _LAYOUTS.get(id(chains))
    if got is None or got[0] is not chains:
        if len(_LAYOUTS) >= 4:
            _LAYOUTS.pop(next(iter(_LAYOUTS)))
        got = _LAYOUTS[id(chains)] = (chains, ColumnLayout(h))
    return got[1]


_LAYOUTS: dict[int, tuple[object, ColumnLayout]] = {}


class ColumnRollup:
    """Every unit's totals and reporting counts for one period, as integer columns.

    ``sums[i, j]``: the total of count ``j`` at row ``i`` over the units that reported it
    (``reported[i, j]`` of them); ``reporting[i]``: the reporting units under row ``i``
    that sent a row; ``expected[i]``: those expected. For each rate, integer numerator and
    denominator totals over the units that gave both parts, and how many did.
    """

    __slots__ = ("expected", "layout", "measures", "period", "rates", "reported",
                 "reporting", "row", "sums")

    def __init__(self, layout: ColumnLayout, measures: Measures, period: str | None,
                 sums: Ints, reported: Ints | None, reporting: Ints,
                 rates: dict[str, tuple[Ints, Ints, Ints, int]]) -> None:
        self.layout, self.measures, self.period = layout, measures, period
        self.row = layout.row
        self.sums, self.reporting = sums, reporting
        self.reported = reported  # None: every unit that reported gave every count
        self.expected = layout.expected
        self.rates = rates

    def __repr__(self) -> str:
        return (f"<ColumnRollup {self.period}: {len(self.layout.codes)} units, "
                f"{int(self.reporting[-1])} reporting>")

    def reported_of(self, j: int) -> Ints:
        """How many units reported count ``j``, at every row."""
        return self.reporting if self.reported is None else self.reported[:, j]

    def total(self, code: str, measure: str) -> int | None:
        """The total of ``measure`` at ``code``; None when no unit under it reported it."""
        i, j = self.row[code], self.measures.counts.index(measure)
        return int(self.sums[i, j]) if self.reported_of(j)[i] else None

    def reporting_of(self, code: str) -> int:
        return int(self.reporting[self.row[code]])

    def rate(self, code: str, name: str) -> tuple[int, int, int]:
        """Numerator and denominator totals of rate ``name`` at ``code`` (over the units
        that gave both parts), and how many units did."""
        x, y, both, _ = self.rates[name]
        i = self.row[code]
        return int(x[i]), int(y[i]), int(both[i])

    def to_frame(self) -> typing.Any:
        """A pandas DataFrame typed for analysis: the schema and values of
        :meth:`Rollup.to_frame <childprotect.rollup.result.Rollup.to_frame>` for the same
        data (:mod:`childprotect.rollup.frames`), made from the columns.

        >>> from datetime import date
        >>> from childprotect.units.registry import bundled
        >>> h = bundled().on(date(2024, 12, 31))
        >>> r = rollup_columns(["29971", "29956"], {"children": [900, 600], "special": [12, None]},
        ...                    h, [Measure.count("children"), Measure.count("special"),
        ...                        Measure.rate("pct", "special", "children", factor=100)])
        >>> row = r.to_frame().set_index("code").loc["870"]
        >>> int(row["children"]), row["pct_exact"], int(row["pct_reporting"]), row["pct_status"]
        (1500, '4/3', 1, 'ok')
        """
        from childprotect.rollup.frames import columns_frame
        from childprotect.rollup.result import RateStatus

        return columns_frame(self, [s.value for s in RateStatus])

    def rate_scaled(self, name: str, places: int = 4) -> tuple[Ints, Flags]:
        """Each row's rate times ``10**places``, rounded half-even to a whole number, and
        where it has a value (units gave both parts and the denominator is not 0)."""
        np = _numpy()
        x, y, both, factor = self.rates[name]
        valid = (both > 0) & (y > 0)
        scale = 10**places
        dens = np.where(valid, y, 1)
        scaled = x * (2 * scale * factor)
        twice = 2 * dens
        q = (scaled + dens) // twice
        q -= ((scaled % twice) == dens) & (q % 2 == 1)  # a tie goes to the even neighbour
        return q, valid

    def rate_text(self, name: str, places: int = 4) -> list[str]:
        """Each row's rate as a decimal rounded half-even (``""``: no data or a zero
        denominator), the text :meth:`Rollup.csv_lines` writes."""
        np = _numpy()
        q, valid = self.rate_scaled(name, places)
        scale = 10**places
        if places:
            ip, fp = np.divmod(q, scale)
            out = list(map(f"%d.%0{places}d".__mod__, zip(ip.tolist(), fp.tolist(),
                                                             strict=True)))
        else:
            out = list(map(str, q.tolist()))
        for i in np.flatnonzero(~valid).tolist():
            out[i] = ""
        return out


def rollup_columns(
    units: Sequence[str],
    counts: Mapping[str, Sequence[int | None]] | Mapping[str, typing.Any],
    hierarchy: Hierarchy,
    measures: Measures | Sequence[Measure],
    period: str | None = None,
) -> ColumnRollup:
    """Roll one period up from columns: ``units[i]`` reported ``counts[name][i]``.

    Each unit at most once and at the hierarchy's reporting level; counts are whole
    numbers ≥ 0 or None (a blank), as lists or integer arrays. Anything else is an error
    (use :func:`~childprotect.rollup.rollup_rows` for duplicates and other units: it
    reports them as anomalies).
    """
    np = _numpy()
    m = Measures.of(measures)
    layout = layout_of(hierarchy)
    leaf = layout.leaf
    codes = _listed(units)
    index = layout.code_index()
    keys = None if index is None else code_keys(np, codes)
    at = None if index is None or keys is None else index.find(np, keys)
    if at is None or (len(at) and int(at.min()) < 0):
        found = list(map(leaf.get, codes))
        if None in found:
            row = found.index(None)
            shown = hierarchy.shown(codes[row])
            raise ValidationError(Message(
                "unit {code} is not a reporting unit of the hierarchy as of {day}", code=shown,
                day=hierarchy.as_of) if isinstance(shown, str) else Message(
                "{where}: {problem}", where=f"units[{row}]", problem=shown))
        at = np.fromiter(typing.cast("list[int]", found), dtype=np.intp, count=len(found))
    n = len(at)
    missing = set(m.counts) - set(counts)
    if missing:
        raise ValidationError(Message("no column for the count(s) {names}",
                                      names=", ".join(sorted(missing))))
    values = np.zeros((n, len(m.counts)), dtype=np.int64)
    blank: Flags | None = None
    for j, name in enumerate(m.counts):
        col, gaps = _column(np, counts[name], n, name)
        values[:, j] = col
        if gaps is not None:
            if blank is None:
                blank = np.zeros((n, len(m.counts)), dtype=bool)
            blank[:, j] = gaps
    return _sum(layout, m, period, at, values, blank)


def _listed(values: Sequence[typing.Any] | typing.Any) -> list[typing.Any]:
    """``values`` as a list: a data frame's column (pandas, polars) or an array turned in
    one call, not an element at a time (a pandas column of strings stored in Arrow takes a
    microsecond an element to iterate)."""
    if isinstance(values, list):
        return values
    for method in ("tolist", "to_list"):
        convert = getattr(values, method, None)
        if callable(convert):
            got = convert()
            if isinstance(got, list):
                return got
    return list(values)


def rollup_at(layout: ColumnLayout, at: Ints, values: Ints, blank: Flags | None,
              measures: Measures, period: str | None = None) -> ColumnRollup:
    """:func:`rollup_columns` of units given by their positions among the layout's
    reporting units (``layout.leaf``): ``values[i, j]`` is count ``j`` of unit ``at[i]``
    (``int64``, ≥ 0), left blank where ``blank[i, j]`` (None: nothing is blank)."""
    np = _numpy()
    values = np.asarray(values, dtype=np.int64)
    for shape in (values.shape, values.shape if blank is None else blank.shape):
        if len(shape) != 2 or shape != (len(at), len(measures.counts)):
            raise ValidationError(Message(
                "{rows} × {count} values for {n} units and {k} counts", rows=shape[0],
                count=shape[-1], n=len(at), k=len(measures.counts)))
    if len(at) and int(values.min(initial=0)) < 0:
        raise ValidationError(Message("a negative count"))
    at = np.asarray(at)
    if not len(at):
        at = np.zeros(0, dtype=np.intp)  # (an empty list is read as floats)
    elif at.dtype.kind not in "iu" or int(at.min()) < 0 or int(at.max()) >= len(layout.leaf):
        raise ValidationError(Message("a unit that is not a reporting unit"))
    if blank is not None:
        values = np.where(blank, 0, values)
    return _sum(layout, measures, period, at, values, blank)


def _column(np: typing.Any, col: typing.Any, n: int, name: str
            ) -> tuple[typing.Any, typing.Any]:
    """An int64 column and its blanks (None when it has none), checked."""
    gaps: typing.Any = None
    if not isinstance(col, np.ndarray) and hasattr(col, "to_numpy"):  # a pandas/polars column
        nulls = col.isna() if hasattr(col, "isna") else col.is_null()
        gaps = np.asarray(nulls.to_numpy(), dtype=bool)
        if gaps.any():
            col = col.fillna(0) if hasattr(col, "fillna") else col.fill_null(0)
        else:
            gaps = None
        col = np.asarray(col.to_numpy())
        if col.dtype.kind == "f":  # whole numbers stored as floats (pandas, beside a blank)
            if not (np.isfinite(col).all() and (col == np.floor(col)).all()
                    and (len(col) == 0 or float(np.abs(col).max()) < 2.0**53)):
                raise ValidationError(Message("count {name}: expected whole numbers or None",
                                              name=repr(name)))
            col = col.astype(np.int64)
    if isinstance(col, np.ndarray) and col.dtype.kind in "iu":
        if col.dtype.kind == "u" and len(col) and int(col.max()) >= _BOUND:
            raise ValidationError(Message("count {name}: a number too large to add exactly",
                                          name=repr(name)))
        arr = col.astype(np.int64, copy=False)
    elif isinstance(col, np.ndarray) and col.dtype.kind != "O":
        raise ValidationError(Message("count {name}: expected whole numbers or None",
                                      name=repr(name)))
    else:
        items = list(col)
        gaps = np.fromiter((v is None for v in items), dtype=bool, count=len(items))
        if not all(type(v) is int for v in items if v is not None):
            raise ValidationError(Message("count {name}: expected whole numbers or None",
                                          name=repr(name)))
        if items and max((v for v in items if v is not None), default=0) >= _BOUND:
            raise ValidationError(Message("count {name}: a number too large to add exactly",
                                          name=repr(name)))
        arr = np.fromiter((0 if v is None else v for v in items), dtype=np.int64,
                          count=len(items))
        gaps = gaps if gaps.any() else None
    if len(arr) != n:
        raise ValidationError(Message("count {name}: {count} values for {n} units",
                                      name=repr(name), count=len(arr), n=n))
    if len(arr) and int(arr.min()) < 0:
        raise ValidationError(Message("count {name}: a negative count", name=repr(name)))
    return arr, gaps


def _sum(layout: ColumnLayout, m: Measures, period: str | None, at: Ints, values: Ints,
         blank: Flags | None) -> ColumnRollup:
    """The sums of every row from the leaves at ``at`` (positions among the reporting
    units, each at most once) with ``values`` (int64, blanks as 0 where ``blank``)."""
    np = _numpy()
    n, k = values.shape
    leaves = len(layout.leaf)
    anc = layout.ancestors
    # Every leaf's values (0 for a unit that did not report), then each ancestor's total;
    # the leaves' own rows of the sums when they are consecutive (one array less to take
    # and fill: most of a call's time is the memory of its arrays). The parts of the rates
    # and the counts reported are columns only when something is blank; the last column
    # is 1 for each unit that reported, so that its sums are the reporting counts.
    width = k + (3 * len(m.rates) + k if blank is not None else 0) + 1
    sums = np.zeros((len(layout.codes) + 1, width), dtype=np.int64)
    in_place = isinstance(layout.leaf_rows, slice) and bool(anc.shape[1])
    dense = sums[layout.leaf_rows] if in_place else np.zeros((leaves, width), dtype=np.int64)
    dense[at, :k] = values
    dense[at, -1] = 1
    if n and int(dense[:, -1].sum()) != n:  # (two rows wrote the same unit's 1)
        raise ValidationError(Message("a unit is listed more than once in one period"))
    if n and int(values.max(initial=0)) >= _BOUND // max(n, 1):
        raise ValidationError(Message("counts too large to add exactly in 64 bits"))
    index = {c: j for j, c in enumerate(m.counts)}
    pairs = []
    for r, name in enumerate(m.rates):
        mm = m.by_name[name]
        assert mm.numerator is not None and mm.denominator is not None
        a, b = index[mm.numerator], index[mm.denominator]
        pairs.append((name, a, b, mm.factor))
        if blank is not None:  # a rate counts the units that gave both of its parts
            ok = ~blank[:, a] & ~blank[:, b]
            dense[at, k + 3 * r] = np.where(ok, values[:, a], 0)
            dense[at, k + 3 * r + 1] = np.where(ok, values[:, b], 0)
            dense[at, k + 3 * r + 2] = ok
    if blank is not None:
        dense[at, k + 3 * len(m.rates):-1] = ~blank
    if anc.shape[1] and not in_place:
        sums[layout.leaf_rows] = dense
    for order, starts, keep, targets in layout.runs:
        ordered = dense if order is None else dense[order]
        part = np.add.reduceat(ordered, starts, axis=0) if len(ordered) else dense[:0]
        sums[targets] += part[keep]
    rates: dict[str, tuple[Ints, Ints, Ints, int]] = {}
    for r, (name, a, b, factor) in enumerate(pairs):
        if blank is None:
            x, y, both = sums[:-1, a], sums[:-1, b], sums[:-1, -1]
        else:
            x, y, both = (sums[:-1, k + 3 * r], sums[:-1, k + 3 * r + 1],
                          sums[:-1, k + 3 * r + 2])
        if len(x) and int(x.max()) >= _BOUND // (20000 * max(factor, 1)):
            raise ValidationError(Message("rate {name}: totals too large to divide exactly "
                                          "in 64 bits", name=repr(name)))
        rates[name] = (x, y, both, factor)
    reported = None if blank is None else sums[:-1, k + 3 * len(m.rates):-1]
    return ColumnRollup(layout, m, period, sums[:-1, :k], reported, sums[:-1, -1], rates)


class ColumnPartial:
    """A period's sums over some of its reporting units, to be added to the sums of the
    others (a partition of a Dask data frame, say): every total, reporting count and rate
    part of a layout's rows, as integer arrays. Rollups are sums, so partials of disjoint
    units add up to the rollup of them all; :meth:`finish` refuses a unit counted twice.
    """

    __slots__ = ("counts", "period", "rates", "reported", "reporting", "sums", "units")

    def __init__(self, r: ColumnRollup) -> None:
        self.period, self.units = r.period, _units_key(r.layout)
        self.counts = list(r.measures.counts)
        self.sums, self.reported, self.reporting = r.sums, r.reported, r.reporting
        self.rates = {name: (x, y, both) for name, (x, y, both, _) in r.rates.items()}

    def __repr__(self) -> str:
        return f"<ColumnPartial {self.period}: {len(self.reporting)} units>"

    def merge(self, other: ColumnPartial) -> ColumnPartial:
        """The sums of both (a new partial: neither is changed)."""
        if (other.period, other.units, other.counts, list(other.rates)) != (
                self.period, self.units, self.counts, list(self.rates)):
            raise ValidationError(Message("partials of different periods, units or measures"))
        out = object.__new__(ColumnPartial)
        out.period, out.units, out.counts = self.period, self.units, self.counts
        out.sums, out.reporting = self.sums + other.sums, self.reporting + other.reporting
        out.reported = None if self.reported is None and other.reported is None else (
            self._reported() + other._reported())
        out.rates = {}
        for name, (x, y, both) in self.rates.items():
            x2, y2, both2 = other.rates[name]
            out.rates[name] = (x + x2, y + y2, both + both2)
        # Each part is below 2**62, so no sum of two wraps; a larger one goes no further.
        if any(len(a) and int(a.max(initial=0)) >= _BOUND
               for a in (out.sums, *(v for x, y, _ in out.rates.values() for v in (x, y)))):
            raise ValidationError(Message("counts too large to add exactly in 64 bits"))
        return out

    def _reported(self) -> Ints:
        if self.reported is not None:
            return self.reported
        return typing.cast("Ints", _numpy().repeat(self.reporting[:, None],
                                                   self.sums.shape[1], axis=1))

    def finish(self, layout: ColumnLayout, measures: Measures) -> ColumnRollup:
        """The :class:`ColumnRollup` of the sums, on ``layout`` (the period's units)."""
        np = _numpy()
        if _units_key(layout) != self.units or (list(measures.counts), list(measures.rates)) \
                != (self.counts, list(self.rates)):
            raise ValidationError(Message("partials of different periods, units or measures"))
        twice = np.flatnonzero(self.reporting[layout.leaf_rows] > 1) if len(layout.leaf) \
            else []
        if len(twice):
            row = np.arange(len(self.reporting))[layout.leaf_rows][twice[0]]
            raise ValidationError(Message("unit {code} is listed more than once in period "
                                          "{period}", code=layout.codes[row],
                                          period=self.period))
        if len(self.sums) and int(self.sums.max(initial=0)) >= _BOUND:
            raise ValidationError(Message("counts too large to add exactly in 64 bits"))
        rates: dict[str, tuple[Ints, Ints, Ints, int]] = {}
        for name, (x, y, both) in self.rates.items():
            factor = measures.by_name[name].factor
            if len(x) and int(np.max(x)) >= _BOUND // (20000 * max(factor, 1)):
                raise ValidationError(Message("rate {name}: totals too large to divide "
                                              "exactly in 64 bits", name=repr(name)))
            rates[name] = (x, y, both, factor)
        return ColumnRollup(layout, measures, self.period, self.sums, self.reported,
                            self.reporting, rates)


def _units_key(layout: ColumnLayout) -> str:
    """A digest of the layout's units, their levels and parents, the same in every process
    (partials made by different workers on the same units match)."""
    import hashlib

    def make() -> str:
        chains = layout.hierarchy.chains()
        h = hashlib.blake2b(digest_size=16)
        for code, level in zip(layout.codes, layout.level_of, strict=True):
            up = chains.get(code) or ("",)
            h.update(f"{code}\x1f{level}\x1f{up[0]}\x1e".encode())
        return h.hexdigest()

    return typing.cast(str, layout.kept("units-key", make))

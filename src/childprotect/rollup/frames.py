"""Data frames in and out of a rollup: the counts of a pandas or polars DataFrame read as
records (:func:`frame_records`), and a rollup as a pandas DataFrame for analysis
(:func:`rollup_frame`, the ``pandas`` extra).

A frame's cells are read by the rules of every table the library reads
(:mod:`childprotect.text.cellvalues`), with what pandas does to a column of counts taken
back: NaN, None and ``pd.NA`` are blanks (an empty cell), and a float that is whole
(``12.0``, in a ``float64`` column that holds a blank) is the whole number it was. An
error names the row by its position (as ``iloc`` counts) and the column, never the value
nor the row's index label (a frame indexed by children's names or identity numbers would
show one):

>>> import pandas as pd
>>> frame = pd.DataFrame({"unit": ["29971", "29956"], "period": [2024, 2024],
...                       "children": [900.0, float("nan")], "special": ["1.562", " 12 "]})
>>> frame_records(frame, ("children", "special"))  # doctest: +NORMALIZE_WHITESPACE
[Record(unit='29971', period='2024', values={'children': 900, 'special': 1562}),
 Record(unit='29956', period='2024', values={'children': None, 'special': 12})]
>>> halves = frame.assign(children=[900.5, 3.0])
>>> frame_records(halves, ("children", "special"))  # doctest: +ELLIPSIS
Traceback (most recent call last):
childprotect.errors.ValidationError: <frame>, row at position 0, column 'children': ...

A rollup as a frame has one row per unit of every level, top level first, then the
total ``*``:

=========================== =========== ================================================
column                      dtype       what
=========================== =========== ================================================
level                       category    the level's id (``province`` … ``total``)
code, name                  string      the unit
reporting, expected         Int64       reporting units under it that reported / existed
each count                  Int64       its total; ``<NA>`` where no unit reported it
                                        (``float64`` with an ``<count>_exact`` column when
                                        a total is not whole, e.g. crosswalk estimates)
each rate                   float64     the rate; ``NaN`` without data
``<rate>_exact``            string      the same, exactly (``"38200/407"``)
``<rate>_reporting``        Int64       the units reporting both its parts
``<rate>_status``           category    ``ok``, ``no-data``, ``zero-denominator``
=========================== =========== ================================================

>>> from datetime import date
>>> from childprotect.rollup.aggregate import rollup
>>> from childprotect.rollup.measures import Measure, Record
>>> from childprotect.units.registry import bundled
>>> r = rollup([Record("29971", "2024", {"children": 900, "special": 12}),
...             Record("29956", "2024", {"children": 600, "special": None})],
...            bundled().on(date(2024, 12, 31)),
...            [Measure.count("children"), Measure.count("special"),
...             Measure.rate("pct", "special", "children", factor=100)])
>>> df = r.to_frame()
>>> row = df[df["code"] == "870"].iloc[0]
>>> int(row["children"]), row["pct_exact"], int(row["pct_reporting"]), row["pct_status"]
(1500, '4/3', 1, 'ok')
>>> str(df.dtypes["children"]), str(df.dtypes["pct"]), str(df.dtypes["pct_status"])
('Int64', 'float64', 'category')
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol

from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.rollup.measures import Number, Record
from childprotect.text.cellvalues import Problem, code_value, count_value

if TYPE_CHECKING:
    from childprotect.rollup.columns import ColumnRollup

__all__ = ["columns_frame", "frame_kind", "frame_records", "rollup_frame"]


class _Rate(Protocol):
    @property
    def value(self) -> Fraction | None: ...
    @property
    def reporting(self) -> int: ...
    @property
    def status(self) -> enum.Enum: ...


class _Completeness(Protocol):
    @property
    def reporting(self) -> int: ...
    @property
    def expected(self) -> int: ...


class _Rollup(Protocol):
    """What the frame reads of a :class:`~childprotect.rollup.result.Rollup`."""

    names: tuple[str, ...]

    @property
    def levels(self) -> tuple[str, ...]: ...
    @property
    def rates(self) -> tuple[str, ...]: ...
    def codes(self, level: str | None = None) -> list[str]: ...
    def unit_name(self, code: str) -> str: ...
    def completeness(self, code: str = ...) -> _Completeness: ...
    def total(self, code: str, measure: str) -> Number | None: ...
    def rate(self, code: str, name: str) -> _Rate: ...


def rollup_frame(r: _Rollup, statuses: Sequence[str]) -> Any:
    """The rollup ``r`` as a DataFrame in the schema above (``statuses``: the rate
    statuses, in order)."""
    from childprotect.tables.display import require_pandas

    pd = require_pandas()
    codes = r.codes()
    levels = [lv for lv in r.levels for _ in r.codes(lv)]
    data: dict[str, Any] = {
        "level": pd.Categorical(levels, categories=list(r.levels)),
        "code": pd.array(codes, dtype="string"),
        "name": pd.array([r.unit_name(c) for c in codes], dtype="string"),
    }
    comp = [r.completeness(c) for c in codes]
    data["reporting"] = pd.array([c.reporting for c in comp], dtype="Int64")
    data["expected"] = pd.array([c.expected for c in comp], dtype="Int64")
    for name in r.names:
        values = [r.total(c, name) for c in codes]
        if all(v is None or type(v) is int for v in values):
            data[name] = pd.array(values, dtype="Int64")
        else:
            data[name] = pd.array([float("nan") if v is None else float(v) for v in values],
                                  dtype="float64")
            data[f"{name}_exact"] = pd.array([None if v is None else str(Fraction(v))
                                              for v in values], dtype="string")
    for rate in r.rates:
        got = [r.rate(c, rate) for c in codes]
        vals = [g.value for g in got]
        data[rate] = pd.array([float("nan") if v is None else float(v) for v in vals],
                              dtype="float64")
        data[f"{rate}_exact"] = pd.array([None if v is None else str(v) for v in vals],
                                         dtype="string")
        data[f"{rate}_reporting"] = pd.array([g.reporting for g in got], dtype="Int64")
        data[f"{rate}_status"] = pd.Categorical([g.status.value for g in got],
                                                categories=list(statuses))
    return pd.DataFrame(data)


#: Below this, a 64-bit float holds every whole number exactly, so that numpy's division of
#: two of them is rounded as Python's exact ``int / int`` is (IEEE 754 rounds a quotient
#: correctly); a rate whose parts reach it is divided in Python.
_EXACT_FLOAT = 1 << 53


def columns_frame(r: ColumnRollup, statuses: Sequence[str]) -> Any:
    """A column rollup (:class:`~childprotect.rollup.columns.ColumnRollup`) as the same
    DataFrame as :func:`rollup_frame` gives for the row rollup of the same data: the
    columns are made from the integer arrays, not a unit at a time. ``statuses``: the
    rate statuses, in order (``ok``, ``no-data``, ``zero-denominator``)."""
    import numpy as np

    from childprotect.tables.display import require_pandas

    pd = require_pandas()
    pa = _arrow()
    lay = r.layout
    n = len(lay.codes)
    levels = list(lay.spans)
    level_codes = np.repeat(np.arange(len(levels)), [b - a for a, b in lay.spans.values()])
    texts = lay.kept(("frame-texts", pa is not None), lambda: (
        (pa.array(lay.codes, pa.string()), pa.array(lay.names, pa.string())) if pa else
        (lay.codes, lay.names)))
    data: dict[str, Any] = {
        "level": pd.Categorical.from_codes(level_codes, categories=levels),
        "code": pd.array(texts[0], dtype="string"),
        "name": pd.array(texts[1], dtype="string"),
        "reporting": pd.array(r.reporting[:n], dtype="Int64"),
        "expected": pd.array(r.expected[:n], dtype="Int64"),
    }
    # (each count a row of one new block: its column's values side by side, and where no
    # unit reported it)
    sums = np.array(r.sums[:n].T, dtype=np.int64, order="C")
    unreported = np.array((r.reported[:n] if r.reported is not None else
                           np.broadcast_to(r.reporting[:n, None], sums.T.shape)).T == 0,
                          order="C")
    for j, name in enumerate(r.measures.counts):
        data[name] = pd.arrays.IntegerArray(sums[j], unreported[j])
    for rate in r.measures.rates:
        x, y, both, factor = r.rates[rate]
        valid = (both > 0) & (y > 0)
        num = np.where(valid, x * factor, 0)
        den = np.where(valid, y, 1)
        if n and max(int(num.max()), int(den.max())) >= _EXACT_FLOAT:
            value = np.array([a / b for a, b in zip(num.tolist(), den.tolist(), strict=True)],
                             dtype=np.float64)
        else:
            value = num / den
        value[~valid] = np.nan
        g = np.gcd(num, den)
        status = np.where(both == 0, 1, np.where(y == 0, 2, 0))
        data[rate] = pd.array(value, dtype="float64")
        data[f"{rate}_exact"] = pd.array(_fractions(pa, valid, num // g, den // g),
                                         dtype="string")
        data[f"{rate}_reporting"] = pd.array(both, dtype="Int64")
        data[f"{rate}_status"] = pd.Categorical.from_codes(status, categories=list(statuses))
    # (every array is new, the texts of the units kept immutable in Arrow: nothing to copy)
    return pd.DataFrame(data, copy=False)


def _arrow() -> Any | None:
    """pyarrow when it is already loaded (pandas' strings are stored in it), else None:
    never imported here, where it would cost more than it saves."""
    import sys

    if "pyarrow" not in sys.modules:
        return None
    import pyarrow

    return pyarrow


def _fractions(pa: Any | None, valid: Any, top: Any, bottom: Any) -> Any:
    """Each ``top/bottom`` in lowest terms as ``str(Fraction)`` writes it (``top`` alone
    when ``bottom`` is 1), None where not ``valid``: made by Arrow when ``pa`` is given,
    else a unit at a time."""
    if pa is None:
        return [None if not ok else str(t) if b == 1 else f"{t}/{b}"
                for ok, t, b in zip(valid.tolist(), top.tolist(), bottom.tolist(), strict=True)]
    import pyarrow.compute as pc

    tops = pa.array(top).cast(pa.string())
    texts = pc.if_else(pa.array(bottom == 1), tops, pc.binary_join_element_wise(
        tops, pa.array(bottom).cast(pa.string()), "/"))
    return pc.if_else(pa.array(valid), texts, pa.nulls(len(valid), pa.string()))


# --- counts read from a frame --------------------------------------------------------------


def frame_kind(frame: object) -> str | None:
    """``"pandas"`` or ``"polars"`` for a DataFrame of that library, else None. Neither
    library is imported: a frame's own type says which it is."""
    top = type(frame).__module__.partition(".")[0]
    if top == "pandas" and hasattr(frame, "iloc") and hasattr(frame, "columns"):
        return "pandas"
    if top == "polars" and hasattr(frame, "to_series") and hasattr(frame, "columns"):
        return "polars"
    return None


def require_frame(frame: object, source: str = "<frame>") -> str:
    """:func:`frame_kind` of ``frame``; anything else (a Series, a polars LazyFrame, a
    list) is an error naming its type."""
    kind = frame_kind(frame)
    if kind is None:
        raise ValidationError(Message(
            "{source}: expected a pandas or polars DataFrame, got {kind} (a polars LazyFrame: "
            "collect() it first)", source=source, kind=type(frame).__name__))
    return kind


def _plain(v: object) -> object:
    """A cell's value as Python holds it: None for a blank (None, NaN, ``pd.NA``), a numpy
    number, bool or text as the Python one."""
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, str):
        return str(v)  # (numpy's str_ too)
    if type(v).__module__ == "numpy" and getattr(getattr(v, "dtype", None), "kind", "") \
            in ("i", "u", "f", "b"):
        return _plain(v.item())  # type: ignore[attr-defined]
    return v


def _column(frame: Any, kind: str, at: int) -> list[object]:
    """Column ``at`` (a position) of a frame as Python values, blanks None."""
    if kind == "pandas":
        series = frame.iloc[:, at]
        values = series.tolist()
        nulls = series.isna().tolist()  # NaN, None, pd.NA, NaT
        return [None if null else _plain(v) for v, null in zip(values, nulls, strict=True)]
    return [_plain(v) for v in frame.to_series(at).to_list()]


def _whole_floats(frame: Any, kind: str, at: int, name: str, source: str) -> None:
    """Refuse a count column of whole floats without a blank: pandas and polars make an integer
    column float only where a cell is blank, so such a column was read from decimal text,
    where ``2.000`` (two thousand, as Vietnamese writes it) became 2.0."""
    series = frame.iloc[:, at] if kind == "pandas" else frame.to_series(at)
    dtype = series.dtype
    floating = getattr(dtype, "kind", "") == "f" if kind == "pandas" else dtype.is_float()
    nulls = int(series.isna().sum()) if kind == "pandas" else series.null_count()
    if floating and len(series) and not nulls and all(
            float(v).is_integer() for v in series.to_list()):
        raise ValidationError(Message(
            "{source}, column {column}: decimal numbers and no blank cell, so the column was "
            "read from text such as 2.000, which Vietnamese writes for two thousand and the "
            "reader took for 2.0; read the file with dtype=str (pandas: thousands='.'), or "
            "give the counts as whole numbers", source=source, column=repr(name)))


def _blank(v: object) -> bool:
    """Whether a cell is empty as a CSV cell is: no value, or only white space."""
    return v is None or (isinstance(v, str) and not v.strip())


def _code(v: object) -> str | Problem | None:
    """A unit code or a period: text as a CSV cell gives it (stripped), a whole number as
    its digits (a code typed as a number lost its leading zeros: the digits are kept, never
    padded), None for a blank; else the :class:`~childprotect.text.cellvalues.Problem`."""
    if isinstance(v, str):
        return v.strip() or None
    return code_value(v)


def frame_records(frame: Any, counts: Sequence[str], source: str = "<frame>", *,
                  at: Sequence[int] | None = None, part: bool = False,
                  numbers: dict[str, set[str]] | None = None) -> list[Record]:
    """The records of a pandas or polars DataFrame whose columns are ``unit``, ``period``
    and ``counts`` (at the positions ``at``, in that order, when given; else found by
    name), read as the CSV reader reads a file's cells.

    A row whose cells are all blank is skipped, as a blank line of a CSV file is; a row
    with no unit or no period is an error. A count is read as a CSV cell is (a string
    ``"1.562"`` is 1562, ``" 12 "`` is 12), a whole float as its whole number; a float
    that is not whole, not finite or negative, a bool, a date is an error naming the row
    and the column (never the value). A column of whole floats without a blank is an error
    (it was read from decimal text: ``2.000`` for two thousand became 2.0), except in a
    ``part`` of a frame (a Dask partition), whose column may have its blanks elsewhere.
    ``numbers``, when given, is filled (period → codes) with the unit codes read from
    numbers rather than text (see :func:`~childprotect.rollup.areas.require_known`).
    """
    kind = require_frame(frame, source)
    if at is None:
        names = [*("unit", "period"), *counts]
        labels = list(frame.columns)
        missing = [c for c in names if c not in labels]
        if missing:
            raise ValidationError(Message("{source}: missing column(s) {missing}",
                                          source=source, missing=", ".join(missing)))
        at = [labels.index(c) for c in names]
    for name, i in zip(counts, at[2:], strict=True):
        if not part:  # (a partition without a blank may be of a column that has one)
            _whole_floats(frame, kind, i, name, source)
    columns = [_column(frame, kind, i) for i in at]
    out: list[Record] = []
    for pos, row in enumerate(zip(*columns, strict=True)):
        unit, period = _code(row[0]), _code(row[1])
        if not (isinstance(unit, str) and isinstance(period, str)):
            if all(map(_blank, row)):
                continue
            for name, got in (("unit", unit), ("period", period)):
                if got is None:
                    raise ValidationError(Message("{source}, {row}: the {column} cell is empty",
                                                  source=source, row=_where(pos),
                                                  column=name))
                if isinstance(got, Problem):
                    raise ValidationError(Message("{source}, {row}, column {column}: {problem}",
                                                  source=source, row=_where(pos),
                                                  column=repr(name), problem=got.text))
        values: dict[str, int | None] = {}
        for name, cell in zip(counts, row[2:], strict=True):
            v = count_value(cell)
            if v is not None and not isinstance(v, int):
                raise ValidationError(Message("{source}, {row}, column {column}: {problem}",
                                              source=source, row=_where(pos),
                                              column=repr(name), problem=v.text))
            values[name] = v
        if numbers is not None and not isinstance(row[0], str):  # (a code typed as a number)
            numbers.setdefault(str(period), set()).add(str(unit))
        out.append(Record(str(unit), str(period), values))
    return out


def _where(position: int) -> Message:
    """A row of a frame: its position (as ``iloc`` counts, from 0), never its index label,
    which may be a personal value (a child's name or identity number)."""
    return Message("row at position {position}", position=position)

"""A rollup as a pandas DataFrame for analysis (the ``pandas`` extra).

One row per unit of every level, top level first, then the total ``*``:

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
from typing import Any, Protocol

from childprotect.rollup.measures import Number

__all__ = ["rollup_frame"]


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

"""Rollups split into parts, computed in parallel, and merged.

Rollup results merge associatively and commutatively
(:meth:`childprotect.rollup.aggregate.Partial.merge`),
so a national job can be split (for instance by province), each part rolled up on its
own, and the parts merged. Two ways are shown: the standard library's process pool on one
machine, and Dask (optional ``dask`` extra, imported only when used) on any of its
schedulers. No scheduling is done here: the engines do it.

>>> from datetime import date
>>> from childprotect.rollup.measures import Measure, Record
>>> from childprotect.units.registry import bundled
>>> h = bundled().on(date(2024, 12, 31))
>>> recs = [Record("29971", "2024", {"children": 900}), Record("29978", "2024", {"children": 40})]
>>> parts = split_by(recs, h, "district")
>>> sorted(parts)
['868', '870']
>>> rollup_parts(parts.values(), h, [Measure.count("children")]).total("87", "children")
940
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from childprotect.errors import ChildProtectError, ValidationError
from childprotect.i18n import Message
from childprotect.rollup.aggregate import Partial, _snapshot, partial
from childprotect.rollup.columns import ColumnPartial, ColumnRollup, layout_of, rollup_columns
from childprotect.rollup.measures import Measure, Measures, Record
from childprotect.rollup.result import Rollup
from childprotect.units.hierarchy import Hierarchy
from childprotect.units.registry import UnitRegistry

__all__ = ["rollup_dask", "rollup_dask_columns", "rollup_dask_periods", "rollup_parts",
           "rollup_pool", "split_by"]


def split_by(
    records: Iterable[Record], hierarchy: Hierarchy, level: str
) -> dict[str, list[Record]]:
    """Records grouped by the unit at ``level`` containing them (``""`` for unknown units)."""
    out: dict[str, list[Record]] = {}
    for r in records:
        key = hierarchy.ancestor_at(r.unit, level) if r.unit in hierarchy else None
        out.setdefault(key or "", []).append(r)
    return out


def rollup_parts(
    parts: Iterable[Sequence[Record]],
    hierarchy: Hierarchy,
    measures: Measures | Iterable[Measure],
) -> Rollup:
    """Roll each part up on its own and merge the results (sequentially, in this process)."""
    m = Measures.of(measures)
    partials = [partial(p, hierarchy, m) for p in parts]
    return _merge_all(partials, m).finish(hierarchy, m)


def _merge_all(partials: Sequence[Partial], m: Measures) -> Partial:
    if not partials:
        return partial([], _EMPTY, m)
    return functools.reduce(Partial.merge, partials)


class _Empty(Hierarchy):
    def __init__(self) -> None:
        from datetime import date

        super().__init__(date.min, [], {})


_EMPTY = _Empty()

# The hierarchy and measures of the current pool worker (sent once per worker).
_WORKER: dict[str, Any] = {}


def _init_worker(hierarchy: Hierarchy, measures: Measures) -> None:
    _WORKER["h"] = hierarchy
    _WORKER["m"] = measures


def _partial_task(records: Sequence[Record]) -> Partial:
    return partial(records, _WORKER["h"], _WORKER["m"])


def rollup_pool(
    parts: Iterable[Sequence[Record]],
    hierarchy: Hierarchy,
    measures: Measures | Iterable[Measure],
    *,
    max_workers: int | None = None,
) -> Rollup:
    """Like :func:`rollup_parts`, each part in a worker of a :class:`ProcessPoolExecutor`.

    The hierarchy and the measures are sent once per worker; each worker returns a
    :class:`~childprotect.rollup.aggregate.Partial` and the parent process merges them.
    """
    m = Measures.of(measures)
    with ProcessPoolExecutor(max_workers=max_workers, initializer=_init_worker,
                             initargs=(hierarchy, m)) as pool:
        partials = list(pool.map(_partial_task, [list(p) for p in parts]))
    return _merge_all(partials, m).finish(hierarchy, m)


def _frame_records(frame: Any, counts: Sequence[str], index: int) -> list[Record]:
    """Records from the pandas partition numbered ``index`` (from 1: ``partitions[index -
    1]`` in Dask) with columns unit, period and the counts, read as any frame is
    (:func:`~childprotect.rollup.frames.frame_records`)."""
    from childprotect.rollup.frames import frame_records

    labels = list(frame.columns)
    return frame_records(frame, counts, Message("partition {index}", index=index).text(),
                         at=[labels.index(c) for c in _columns(frame, counts)], part=True)


def _columns(frame: Any, counts: Sequence[str]) -> list[str]:
    """The columns a partition must have: unit, period and the counts (checked)."""
    cols = ["unit", "period", *counts]
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ValidationError(Message("partition lacks column(s) {missing}", missing=missing))
    return cols


def rollup_dask(
    collection: Any,
    hierarchy: Hierarchy,
    measures: Measures | Iterable[Measure],
    *,
    scheduler: str | None = None,
) -> Rollup:
    """Roll a Dask collection up: each partition by the library, partials merged by its merge.

    ``collection`` is a ``dask.bag.Bag`` of :class:`~childprotect.rollup.measures.Record` or a
    ``dask.dataframe.DataFrame`` with columns ``unit``, ``period`` and one per count, each
    partition read as any frame is (:func:`~childprotect.rollup.frames.frame_records`: NaN
    a blank, ``"1.562"`` 1562; an error names the partition, numbered from 1, and the row's
position in it: ``partition 3, row at position 7`` is ``collection.partitions[2]``'s
``iloc[7]``).
    ``scheduler`` is passed to ``compute`` (e.g. ``"synchronous"``, ``"processes"``).
    Needs the optional ``dask`` extra.
    """
    compute, delayed = _dask()
    m = Measures.of(measures)
    kwargs = {"scheduler": scheduler} if scheduler else {}
    # Wrapped once, so that Dask does not walk the hierarchy for every partition.
    h = delayed(hierarchy, traverse=False)
    if hasattr(collection, "to_delayed") and hasattr(collection, "columns"):
        parts = [delayed(_frame_partial)(d, h, m, i)
                 for i, d in enumerate(collection.to_delayed(), 1)]
    elif hasattr(collection, "to_delayed"):
        parts = [delayed(partial)(d, h, m) for d in collection.to_delayed()]
    else:
        raise ValidationError(
            Message("expected a Dask bag or data frame, got {kind}",
                    kind=type(collection).__name__))
    if not parts:
        return _merge_all([], m).finish(hierarchy, m)
    result: Partial = computed(compute, _tree(parts, Partial.merge, delayed), **kwargs)[0]
    return result.finish(hierarchy, m)


def _frame_partial(frame: Any, hierarchy: Hierarchy, m: Measures, index: int) -> Partial:
    return partial(_frame_records(frame, m.counts, index), hierarchy, m)


def _tree(parts: list[Any], merge: Any, delayed: Any) -> Any:
    """The merge of ``parts`` (Dask delayed objects, at least one) in a balanced tree."""
    while len(parts) > 1:
        parts = [delayed(merge)(parts[i], parts[i + 1]) if i + 1 < len(parts) else parts[i]
                 for i in range(0, len(parts), 2)]
    return parts[0]


def computed(compute: Any, *parts: Any, **kwargs: Any) -> Any:
    """``compute(*parts, **kwargs)`` of Dask, where a failure of the collection itself (a
    partition that cannot be read, a column not of the type Dask inferred) is a library
    error naming its kind only (its text may quote the data); the library's own errors
    pass as they are."""
    try:
        return compute(*parts, **kwargs)
    except ChildProtectError:
        raise
    except Exception as exc:
        raise ValidationError(Message(
            "Dask could not compute the collection ({kind}): a partition could not be read, "
            "or a column holds values of another type than Dask inferred (CSV files with "
            "blank counts: read them with assume_missing=True)",
            kind=type(exc).__name__)) from None


def _dask() -> tuple[Any, Any]:
    try:
        from dask.base import compute
        from dask.delayed import delayed
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ValidationError(
            Message("rollup_dask needs Dask: pip install 'childprotect[dask]'")) from exc
    return compute, delayed


def _period_partials(records: Sequence[Record], hierarchy: Hierarchy | UnitRegistry,
                     m: Measures, on: Any) -> dict[str, Partial]:
    """One partial per period of one partition, each on its period's hierarchy."""
    by: dict[str, list[Record]] = {}
    for r in records:
        by.setdefault(r.period, []).append(r)
    return {k: partial(v, _snapshot(hierarchy, k, on), m, period=k) for k, v in by.items()}


def _frame_period_partials(frame: Any, hierarchy: Hierarchy | UnitRegistry, m: Measures,
                           on: Any, index: int) -> dict[str, Partial]:
    return _period_partials(_frame_records(frame, m.counts, index), hierarchy, m, on)


def _merge_periods(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Two partitions' partials (:class:`Partial` or
    :class:`~childprotect.rollup.columns.ColumnPartial`) merged period by period (neither
    input is changed)."""
    out = dict(a)
    for k, p in b.items():
        out[k] = out[k].merge(p) if k in out else p
    return out


def rollup_dask_periods(
    collection: Any,
    hierarchy: Hierarchy | UnitRegistry,
    measures: Measures | Iterable[Measure],
    *,
    on: Any = None,
    scheduler: str | None = None,
) -> dict[str, Rollup]:
    """Every period of a Dask collection rolled up at once: one :class:`Rollup` per
    period, in period order, the same as :func:`~childprotect.rollup.aggregate.rollup_periods`
    on the whole input.

    Each partition is rolled up by the library, one partial per period it holds, and the
    partials are merged exactly, period by period, in a balanced tree. ``hierarchy`` is a
    snapshot, or a registry: then each period is rolled up on its units as of ``on``
    (default: the period's last day). ``collection`` and ``scheduler`` are as for
    :func:`rollup_dask`; on a ``dask.distributed`` cluster, ``compute`` uses the client
    in force.
    """
    compute, delayed = _dask()
    m = Measures.of(measures)
    kwargs = {"scheduler": scheduler} if scheduler else {}
    h = delayed(hierarchy, traverse=False)
    if hasattr(collection, "to_delayed") and hasattr(collection, "columns"):
        parts = [delayed(_frame_period_partials)(d, h, m, on, i)
                 for i, d in enumerate(collection.to_delayed(), 1)]
    elif hasattr(collection, "to_delayed"):
        parts = [delayed(_period_partials)(d, h, m, on) for d in collection.to_delayed()]
    else:
        raise ValidationError(
            Message("expected a Dask bag or data frame, got {kind}",
                    kind=type(collection).__name__))
    if not parts:
        return {}
    periods: dict[str, Partial] = computed(compute, _tree(parts, _merge_periods, delayed),
                                           **kwargs)[0]
    return {k: periods[k].finish(_snapshot(hierarchy, k, on), m) for k in sorted(periods)}


def rollup_dask_columns(
    frame: Any,
    hierarchy: Hierarchy | UnitRegistry,
    measures: Measures | Iterable[Measure],
    *,
    on: Any = None,
    scheduler: str | None = None,
) -> dict[str, ColumnRollup]:
    """Every period of a Dask data frame rolled up a column at a time: one
    :class:`~childprotect.rollup.columns.ColumnRollup` per period, in period order, the
    same sums, reporting counts and exact rates as :func:`rollup_dask_periods`.

    ``frame`` has columns ``unit``, ``period`` and one per count. Each partition's periods
    are summed by numpy (:func:`~childprotect.rollup.columns.rollup_columns`) where the
    partition lies; the partials (integer arrays of the units' rows) are added period by
    period in a balanced tree. As with ``rollup_columns``, the input must be clean: a unit
    that is not a reporting unit, a unit twice in a period (in one partition or two), or a
    count that is not a whole number ≥ 0 or blank is an error (``rollup_dask_periods``
    reports them as anomalies instead). Needs the ``dask`` extra and numpy.
    """
    compute, delayed = _dask()
    m = Measures.of(measures)
    if not (hasattr(frame, "to_delayed") and hasattr(frame, "columns")):
        raise ValidationError(Message("expected a Dask data frame, got {kind}",
                                      kind=type(frame).__name__))
    kwargs = {"scheduler": scheduler} if scheduler else {}
    h = delayed(hierarchy, traverse=False)
    parts = [delayed(_column_partials)(d, h, m, on, i)
             for i, d in enumerate(frame.to_delayed(), 1)]
    if not parts:
        return {}
    periods: dict[str, ColumnPartial] = computed(
        compute, _tree(parts, _merge_periods, delayed), **kwargs)[0]
    return {k: periods[k].finish(layout_of(_snapshot(hierarchy, k, on)), m)
            for k in sorted(periods)}


def _column_partials(frame: Any, hierarchy: Hierarchy | UnitRegistry, m: Measures,
                     on: Any, index: int) -> dict[str, ColumnPartial]:
    """One column partial per period of the pandas partition numbered ``index`` (from 1)."""
    cols = _columns(frame, m.counts)
    if frame["unit"].dtype.kind in "iufb":  # codes typed as numbers (00070 became 70)
        raise ValidationError(Message(
            "partition {index}: the unit column holds numbers ({dtype}), not codes: a code "
            "loses its leading zeros as a number (00070 becomes 70); read the column as text "
            "(dtype={{'unit': str}})", index=index, dtype=str(frame["unit"].dtype)))
    blank = frame["period"].isna() | frame["unit"].isna()
    if blank.any():
        raise ValidationError(Message("partition {index}, row at position {position}: no "
                                      "unit or no period", index=index,
                                      position=int(blank.to_numpy().argmax())))
    out: dict[str, ColumnPartial] = {}
    import numpy as np

    rows = frame[cols].assign(_at=np.arange(len(frame)))  # (each row's position)
    for period, part in rows.groupby("period", sort=False):
        key = str(period)
        h = _snapshot(hierarchy, key, on)
        try:
            r = rollup_columns(part["unit"].astype(str).tolist(),
                               {c: part[c] for c in m.counts}, h, m, key)
        except ValidationError as exc:
            raise _placed_in(exc, part, m, h, key, index) from None
        out[key] = ColumnPartial(r)
    return out


def _placed_in(exc: ValidationError, part: Any, m: Measures, h: Hierarchy, period: str,
               index: int) -> ValidationError:
    """``exc`` (raised by ``rollup_columns`` on one period's rows of a partition) with the
    partition and the position of the row it is about (``_at`` holds each row's position),
    or the partition alone when no one row is the cause (a column of text, counts whose
    sum is too large, a column missing).

    A count column that is not numeric is refused whole: the row is the first whose value
    is not a whole number ≥ 0. Otherwise the rows are halved: the first row whose rows up
    to it fail is the one, with that error, when it fails alone or repeats a unit before
    it."""
    import pandas as pd

    def fails(rows: Any) -> ValidationError | None:
        try:
            rollup_columns(rows["unit"].astype(str).tolist(), {c: rows[c] for c in m.counts},
                           h, m, period)
        except ValidationError as e:
            return e
        return None

    def placed(position: int | None, about: ValidationError) -> ValidationError:
        problem = about.args[0] if about.args else str(about)
        if position is None:
            return ValidationError(Message("partition {index}: {problem}", index=index,
                                           problem=problem))
        return ValidationError(Message(
            "partition {index}, row at position {position}: {problem}", index=index,
            position=int(part["_at"].iloc[position]), problem=problem))

    for c in m.counts:
        col = part[c]
        if col.dtype.kind not in "iufb":
            v = pd.to_numeric(col, errors="coerce")
            bad = (col.notna() & (v.isna() | (v < 0) | (v % 1 != 0))).to_numpy()
            return placed(int(bad.argmax()) if bad.any() else None, exc)
    if fails(part.iloc[:0]) is not None:
        return placed(None, exc)
    lo, hi = 1, len(part)
    while lo < hi:
        mid = (lo + hi) // 2
        if fails(part.iloc[:mid]) is None:
            lo = mid + 1
        else:
            hi = mid
    about = fails(part.iloc[:lo]) or exc
    r = lo - 1
    alone = fails(part.iloc[r:lo]) is not None
    again = part["unit"].iloc[r] in set(part["unit"].iloc[:r])
    return placed(r if alone or again else None, about)

"""Rollups from commune to nation: counts summed, rates recomputed exactly at every level,
completeness, suppression for publication, crosswalks and parallel merges.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from childprotect._lazy import exports

if TYPE_CHECKING:
    from childprotect.rollup.aggregate import Partial, partial, period_end, rollup, rollup_periods
    from childprotect.rollup.columns import ColumnRollup, rollup_columns
    from childprotect.rollup.crosswalks import Crosswalked, crosswalk
    from childprotect.rollup.disclosure import ProtectionRule
    from childprotect.rollup.intervals import audit_table
    from childprotect.rollup.measures import (
        TOTAL,
        AtMost,
        DistinctOf,
        Measure,
        Measures,
        Record,
        SumOf,
    )
    from childprotect.rollup.parallel import (
        rollup_dask,
        rollup_dask_columns,
        rollup_dask_periods,
        rollup_pool,
        split_by,
    )
    from childprotect.rollup.protection import audit, suppress
    from childprotect.rollup.publication import Suppressed
    from childprotect.rollup.result import Cell, Completeness, Rate, RateStatus, Rollup

__all__ = [
    "TOTAL",
    "AtMost",
    "Cell",
    "ColumnRollup",
    "Completeness",
    "Crosswalked",
    "DistinctOf",
    "Measure",
    "Measures",
    "Partial",
    "ProtectionRule",
    "Rate",
    "RateStatus",
    "Record",
    "Rollup",
    "SumOf",
    "Suppressed",
    "audit",
    "audit_table",
    "crosswalk",
    "partial",
    "period_end",
    "rollup",
    "rollup_columns",
    "rollup_dask",
    "rollup_dask_columns",
    "rollup_dask_periods",
    "rollup_periods",
    "rollup_pool",
    "split_by",
    "suppress",
]

#: Where each public name lives.
_NAMES = {
    "TOTAL": "measures",
    "AtMost": "measures",
    "DistinctOf": "measures",
    "Measure": "measures",
    "Measures": "measures",
    "Record": "measures",
    "SumOf": "measures",
    "Cell": "result",
    "Completeness": "result",
    "Rate": "result",
    "RateStatus": "result",
    "Rollup": "result",
    "Partial": "aggregate",
    "partial": "aggregate",
    "period_end": "aggregate",
    "rollup": "aggregate",
    "rollup_periods": "aggregate",
    "ColumnRollup": "columns",
    "rollup_columns": "columns",
    "Suppressed": "publication",
    "audit": "protection",
    "suppress": "protection",
    "ProtectionRule": "disclosure",
    "audit_table": "intervals",
    "Crosswalked": "crosswalks",
    "crosswalk": "crosswalks",
    "rollup_dask": "parallel",
    "rollup_dask_columns": "parallel",
    "rollup_dask_periods": "parallel",
    "rollup_pool": "parallel",
    "split_by": "parallel",
}

__getattr__, __dir__ = exports(__name__, _NAMES)

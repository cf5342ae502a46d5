"""Jupyter display of the library's objects.

Objects that display themselves (plans, targets, assessments, schedules, rollups) have
``_repr_html_``; :func:`register_notebook` gives IPython an HTML formatter for the others
(anomalies, agencies, units …).
"""

from __future__ import annotations

from typing import Any

from childprotect.agencies.matrix import Assignment, ResolvedAssignment
from childprotect.agencies.registry import Agency
from childprotect.agencies.succession import Holding
from childprotect.children.groups import Group, Taxonomy
from childprotect.communes.criteria import Criterion
from childprotect.deadlines.duties import ReportingDuty
from childprotect.deadlines.schedules import DueDate, Schedule
from childprotect.documents.anomalies import Anomaly
from childprotect.plans.assessment import Assessment
from childprotect.plans.plan import Plan
from childprotect.plans.targets import Target
from childprotect.rollup.result import Rollup
from childprotect.tables.display import repr_html
from childprotect.units.hierarchy import Hierarchy
from childprotect.units.model import AdminUnit

__all__ = ["NOTEBOOK_TYPES", "register_notebook"]


#: Classes that :func:`register_notebook` shows as HTML.
NOTEBOOK_TYPES: tuple[type, ...] = (
    Plan,
    Anomaly,
    Target,
    Assessment,
    Assignment,
    ResolvedAssignment,
    Holding,
    Agency,
    ReportingDuty,
    DueDate,
    Schedule,
    Rollup,
    AdminUnit,
    Hierarchy,
    Group,
    Taxonomy,
    Criterion,
)


def register_notebook(ipython: Any = None) -> list[str]:
    """Show the library's objects as HTML tables in IPython/Jupyter.

    Returns the names of the classes registered. Outside IPython it does nothing.
    """
    if ipython is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return []
        ipython = get_ipython()
        if ipython is None:
            return []
    formatter = ipython.display_formatter.formatters["text/html"]
    done: list[str] = []
    for cls in NOTEBOOK_TYPES:
        if not hasattr(cls, "_repr_html_"):
            formatter.for_type(cls, repr_html)
        done.append(f"{cls.__module__}.{cls.__qualname__}")
    return done

"""Jupyter display of the library's objects.

Objects that display themselves (plans, targets, assessments, schedules, rollups) have
``_repr_html_``; :func:`register_notebook` gives IPython an HTML formatter for the others
(anomalies, agencies, units …).
"""

from __future__ import annotations

import importlib
from typing import Any

from childprotect.tables.display import repr_html

__all__ = ["NOTEBOOK_TYPES", "register_notebook"]


#: Classes that :func:`register_notebook` shows as HTML, as (module, class) pairs.
NOTEBOOK_TYPES: tuple[tuple[str, str], ...] = (
    ("childprotect.plans.plan", "Plan"),
    ("childprotect.documents.anomalies", "Anomaly"),
    ("childprotect.plans.targets", "Target"),
    ("childprotect.plans.assess", "Assessment"),
    ("childprotect.agencies.matrix", "Assignment"),
    ("childprotect.agencies.matrix", "ResolvedAssignment"),
    ("childprotect.agencies.succession", "Holding"),
    ("childprotect.agencies.registry", "Agency"),
    ("childprotect.deadlines.duties", "ReportingDuty"),
    ("childprotect.deadlines.duties", "DueDate"),
    ("childprotect.deadlines.duties", "Schedule"),
    ("childprotect.rollup.result", "Rollup"),
    ("childprotect.units.registry", "AdminUnit"),
    ("childprotect.units.registry", "Hierarchy"),
    ("childprotect.children.groups", "Group"),
    ("childprotect.children.groups", "Taxonomy"),
    ("childprotect.communes.criteria", "Criterion"),
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
    for module_name, cls_name in NOTEBOOK_TYPES:
        cls = getattr(importlib.import_module(module_name), cls_name)
        if not hasattr(cls, "_repr_html_"):
            formatter.for_type(cls, repr_html)
        done.append(f"{module_name}.{cls_name}")
    return done

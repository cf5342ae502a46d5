"""childprotect: Vietnamese child-protection plans as data.

Plans and their targets, responsibility matrices, reporting deadlines and rollups,
with every legal fact next to its source.

>>> import childprotect
>>> plan = childprotect.load_plan("thua-thien-hue-208-2021")
>>> plan.document.period.start, plan.document.period.end
(2021, 2025)
>>> [a.kind for a in childprotect.check(childprotect.load_plan("hong-ngu-2020"))][:2]
['date.impossible', 'date.blank-day']

Heavy parts (the cattrs converter, the holiday calendar, pandas) are imported only
when first used, so ``import childprotect`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .anomalies import Anomaly, Severity
from .dates import DayMonth, PartialDate, Precision
from .documents import (
    AdminLevel,
    DateText,
    Document,
    DocumentNumber,
    DocumentRef,
    Issuer,
    Period,
    Relation,
)
from .errors import (
    ChildProtectError,
    InvalidDate,
    InvalidDocumentNumber,
    InvalidNumber,
    InvalidPlanFile,
    UnknownName,
    UnknownPlan,
    ValidationError,
)
from .plans import Plan, Section
from .quantities import Quantity, Unit
from .vntext import name_key, parse_date, parse_day_month, parse_decimal, parse_number

if TYPE_CHECKING:
    from pathlib import Path

__version__ = "0.1.0.dev0"

__all__ = [
    "AdminLevel",
    "Anomaly",
    "ChildProtectError",
    "DateText",
    "DayMonth",
    "Document",
    "DocumentNumber",
    "DocumentRef",
    "InvalidDate",
    "InvalidDocumentNumber",
    "InvalidNumber",
    "InvalidPlanFile",
    "Issuer",
    "PartialDate",
    "Period",
    "Plan",
    "Precision",
    "Quantity",
    "Relation",
    "Section",
    "Severity",
    "Unit",
    "UnknownName",
    "UnknownPlan",
    "ValidationError",
    "__version__",
    "check",
    "load_plan",
    "name_key",
    "parse_date",
    "parse_day_month",
    "parse_decimal",
    "parse_number",
    "plan_ids",
]


def load_plan(plan_id_or_path: str | Path) -> Plan:
    """A bundled plan by id (see :func:`plan_ids`) or a plan file by path."""
    from . import catalog

    return catalog.load(plan_id_or_path)


def plan_ids() -> tuple[str, ...]:
    """The ids of the bundled plans."""
    from . import catalog

    return catalog.ids()


def check(plan: Plan) -> list[Anomaly]:
    """Every anomaly found in ``plan`` (see :mod:`childprotect.checks`)."""
    from .checks import check as _check

    return _check(plan)


def __getattr__(name: str) -> Any:
    # Submodules on first use: childprotect.catalog, childprotect.io, …
    import importlib

    if name in {"catalog", "checks", "io"}:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'childprotect' has no attribute {name!r}")

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

if TYPE_CHECKING:
    from pathlib import Path

    from .ages import age_on, is_child
    from .anomalies import Anomaly, Severity
    from .assess import Observation, Status, assess_plan
    from .calendar import WorkingCalendar
    from .classify import Facts
    from .counting import GroupCounter
    from .dates import DayMonth, PartialDate, Precision
    from .deadlines import ReportingDuty, schedule
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
    from .groups import taxonomy_on
    from .matrix import Role
    from .plans import Plan, Section
    from .quantities import Quantity, Unit
    from .rollup import Measure, Rollup
    from .succession import who_holds
    from .targets import Comparator, Indicator, Target
    from .units import AdminUnit
    from .vntext import name_key, parse_date, parse_day_month, parse_decimal, parse_number

__version__ = "0.1.0.dev0"

__all__ = [
    "AdminLevel",
    "AdminUnit",
    "Anomaly",
    "ChildProtectError",
    "Comparator",
    "DateText",
    "DayMonth",
    "Document",
    "DocumentNumber",
    "DocumentRef",
    "Facts",
    "GroupCounter",
    "Indicator",
    "InvalidDate",
    "InvalidDocumentNumber",
    "InvalidNumber",
    "InvalidPlanFile",
    "Issuer",
    "Measure",
    "Observation",
    "PartialDate",
    "Period",
    "Plan",
    "Precision",
    "Quantity",
    "Relation",
    "ReportingDuty",
    "Role",
    "Rollup",
    "Section",
    "Severity",
    "Status",
    "Target",
    "Unit",
    "UnknownName",
    "UnknownPlan",
    "ValidationError",
    "WorkingCalendar",
    "__version__",
    "age_on",
    "assess_plan",
    "check",
    "is_child",
    "load_plan",
    "name_key",
    "parse_date",
    "parse_day_month",
    "parse_decimal",
    "parse_number",
    "plan_ids",
    "schedule",
    "taxonomy_on",
    "who_holds",
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


#: Public names defined in modules that are imported on first use: name → module.
#: Everything but the errors is loaded this way, so that ``import childprotect`` (and a
#: command such as ``childprotect rollup``) loads only the modules it uses.
_LAZY: dict[str, str] = {
    # plans, documents and the values written in them
    "Anomaly": "anomalies",
    "Severity": "anomalies",
    "DayMonth": "dates",
    "PartialDate": "dates",
    "Precision": "dates",
    "AdminLevel": "documents",
    "DateText": "documents",
    "Document": "documents",
    "DocumentNumber": "documents",
    "DocumentRef": "documents",
    "Issuer": "documents",
    "Period": "documents",
    "Relation": "documents",
    "Plan": "plans",
    "Section": "plans",
    "Quantity": "quantities",
    "Unit": "quantities",
    "name_key": "vntext",
    "parse_date": "vntext",
    "parse_day_month": "vntext",
    "parse_decimal": "vntext",
    "parse_number": "vntext",
    # child groups (Luật Trẻ em 2016 Điều 10; Nghị định 56/2017)
    "Facts": "classify",
    "GroupCounter": "counting",
    "taxonomy_on": "groups",
    "age_on": "ages",
    "is_child": "ages",
    # targets and their assessment
    "Target": "targets",
    "Comparator": "targets",
    "Indicator": "targets",
    "assess_plan": "assess",
    "Status": "assess",
    "Observation": "assess",
    # agencies, matrices and the 2025 reorganisation
    "who_holds": "succession",
    "Role": "matrix",
    # deadlines and the working calendar
    "ReportingDuty": "deadlines",
    "schedule": "deadlines",
    "WorkingCalendar": "calendar",
    # administrative units and rollups
    "AdminUnit": "units",
    "Measure": "rollup",
    "Rollup": "rollup",
}

#: Submodules reachable as attributes without an explicit import.
_SUBMODULES = frozenset({
    "agencies", "ages", "anomalies", "assess", "calendar", "casework", "catalog", "checks",
    "classify", "cli", "commune_procedure", "commune_shares", "communes", "counting",
    "criteria", "crosswalk", "dates", "deadlines", "dhis2", "display", "documents",
    "errors", "extract", "groups", "io", "mainjob", "matrix", "notebook", "parallel",
    "plans", "progress", "quantities", "report", "rollup", "scoring", "succession", "tally",
    "targets", "timeliness", "units", "validators", "vntext",
})


def __getattr__(name: str) -> Any:
    # Heavy parts on first use: childprotect.Target, childprotect.rollup, …
    import importlib

    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'childprotect' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, *_SUBMODULES})

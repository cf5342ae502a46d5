"""Plans: the plan document with its targets, matrix and duties; assessment of targets
against observed data; every check of a plan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from childprotect._lazy import exports

if TYPE_CHECKING:
    from childprotect.plans.application import Application, Basis, share_of_units
    from childprotect.plans.assessment import (
        DEFAULT_MIN_COVERAGE,
        Assessment,
        Coverage,
        Observation,
        ObservedData,
        Reason,
        assess,
        assess_plan,
    )
    from childprotect.plans.checks import check
    from childprotect.plans.frames import assessments_frame
    from childprotect.plans.indicators import Comparator, Direction, Indicator, TargetSource
    from childprotect.plans.measures import MeasureInfo, measures_for
    from childprotect.plans.national import Comparison, Verdict, compare, verdict
    from childprotect.plans.plan import Contact, Plan, Section
    from childprotect.plans.shares import plan_share_targets, share_target, share_targets
    from childprotect.plans.status import STATUSES, Status
    from childprotect.plans.targets import Target

__all__ = [
    "DEFAULT_MIN_COVERAGE",
    "STATUSES",
    "Application",
    "Assessment",
    "Basis",
    "Comparator",
    "Comparison",
    "Contact",
    "Coverage",
    "Direction",
    "Indicator",
    "MeasureInfo",
    "Observation",
    "ObservedData",
    "Plan",
    "Reason",
    "Section",
    "Status",
    "Target",
    "TargetSource",
    "Verdict",
    "assess",
    "assess_plan",
    "assessments_frame",
    "check",
    "compare",
    "measures_for",
    "plan_share_targets",
    "share_of_units",
    "share_target",
    "share_targets",
    "verdict",
]

#: Where each public name lives.
_NAMES = {
    "Contact": "plan",
    "Plan": "plan",
    "Section": "plan",
    "Target": "targets",
    "Comparator": "indicators",
    "Direction": "indicators",
    "Indicator": "indicators",
    "Application": "application",
    "Basis": "application",
    "share_of_units": "application",
    "DEFAULT_MIN_COVERAGE": "assessment",
    "TargetSource": "indicators",
    "Comparison": "national",
    "Verdict": "national",
    "compare": "national",
    "verdict": "national",
    "Assessment": "assessment",
    "Coverage": "assessment",
    "Observation": "assessment",
    "ObservedData": "assessment",
    "Reason": "assessment",
    "assess": "assessment",
    "assess_plan": "assessment",
    "assessments_frame": "frames",
    "MeasureInfo": "measures",
    "measures_for": "measures",
    "STATUSES": "status",
    "Status": "status",
    "check": "checks",
    "plan_share_targets": "shares",
    "share_target": "shares",
    "share_targets": "shares",
}

__getattr__, __dir__ = exports(__name__, _NAMES)

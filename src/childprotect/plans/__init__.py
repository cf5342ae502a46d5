"""Plans: the plan document with its targets, matrix and duties; assessment of targets
against observed data; every check of a plan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from childprotect._lazy import exports

if TYPE_CHECKING:
    from childprotect.plans.assessment import (
        Assessment,
        Observation,
        ObservedData,
        Reason,
        Status,
        assess,
        assess_plan,
    )
    from childprotect.plans.checks import check
    from childprotect.plans.indicators import Comparator, Direction, Indicator, TargetSource
    from childprotect.plans.national import Comparison, Verdict, compare, verdict
    from childprotect.plans.plan import Contact, Plan, Section
    from childprotect.plans.shares import plan_share_targets, share_target, share_targets
    from childprotect.plans.targets import Target

__all__ = [
    "Assessment",
    "Comparator",
    "Comparison",
    "Contact",
    "Direction",
    "Indicator",
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
    "check",
    "compare",
    "plan_share_targets",
    "share_target",
    "share_targets",
    "verdict",
]

#: Where each public name lives.
_NAMES = {
    "Contact": "plan",
    "Plan": "plan",
    "Section": "plan",
    "Comparator": "targets",
    "Direction": "targets",
    "Indicator": "targets",
    "Target": "targets",
    "TargetSource": "indicators",
    "Comparison": "national",
    "Verdict": "national",
    "compare": "national",
    "verdict": "national",
    "Assessment": "assessment",
    "Observation": "assessment",
    "ObservedData": "assessment",
    "Reason": "assessment",
    "Status": "assessment",
    "assess": "assessment",
    "assess_plan": "assessment",
    "check": "checks",
    "plan_share_targets": "shares",
    "share_target": "shares",
    "share_targets": "shares",
}

__getattr__, __dir__ = exports(__name__, _NAMES)

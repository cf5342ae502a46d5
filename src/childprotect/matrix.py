"""Responsibility matrices: which agency leads, coordinates or guides each plan item.

This module is being built out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from .anomalies import Anomaly

if TYPE_CHECKING:
    from .plans import Plan

__all__ = ["Assignment", "check"]


@attrs.frozen
class Assignment:
    """One agency's role on one plan item."""

    agency: str
    role: str
    item: str


def check(plan: Plan) -> list[Anomaly]:
    """Anomalies in a plan's responsibility matrix."""
    return []

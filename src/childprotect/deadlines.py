"""Reporting duties and their deadlines.

This module is being built out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from .anomalies import Anomaly

if TYPE_CHECKING:
    from .plans import Plan

__all__ = ["ReportingDuty", "check"]


@attrs.frozen
class ReportingDuty:
    """A report some agency owes another, with when it is due."""

    id: str
    text_vi: str
    section: str | None = None


def check(plan: Plan) -> list[Anomaly]:
    """Anomalies in a plan's reporting deadlines."""
    return []

"""Plan targets (chỉ tiêu): what a plan promises to reach, and by when.

This module is being built out; a target here is for now its id, verbatim text and
section.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from .anomalies import Anomaly

if TYPE_CHECKING:
    from .plans import Plan

__all__ = ["Target", "check"]


@attrs.frozen
class Target:
    """One target of a plan, as stated in its section."""

    id: str
    text_vi: str
    section: str | None = None


def check(plan: Plan) -> list[Anomaly]:
    """Anomalies in a plan's targets."""
    return []

"""Agencies: the bodies plans name, their responsibility matrices (chủ trì, phối hợp …) and
who holds each duty on a date after the 2025 reorganisation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from childprotect._lazy import exports

if TYPE_CHECKING:
    from childprotect.agencies.matrix import Assignment, ResolvedAssignment, Role, resolve_matrix
    from childprotect.agencies.registry import (
        Agency,
        AgencyKind,
        Place,
        Registry,
        agency_name,
        resolve,
        resolve_all,
    )
    from childprotect.agencies.succession import (
        Duty,
        Function,
        Holding,
        Succession,
        successors,
        who_holds,
    )

__all__ = [
    "Agency",
    "AgencyKind",
    "Assignment",
    "Duty",
    "Function",
    "Holding",
    "Place",
    "Registry",
    "ResolvedAssignment",
    "Role",
    "Succession",
    "agency_name",
    "resolve",
    "resolve_all",
    "resolve_matrix",
    "successors",
    "who_holds",
]

#: Where each public name lives.
_NAMES = {
    "Agency": "registry",
    "AgencyKind": "registry",
    "Place": "registry",
    "Registry": "registry",
    "agency_name": "registry",
    "resolve": "registry",
    "resolve_all": "registry",
    "Assignment": "matrix",
    "ResolvedAssignment": "matrix",
    "Role": "matrix",
    "resolve_matrix": "matrix",
    "Duty": "succession",
    "Function": "functions",
    "Holding": "succession",
    "who_holds": "succession",
    "Succession": "succession",
    "successors": "succession",
}

__getattr__, __dir__ = exports(__name__, _NAMES)

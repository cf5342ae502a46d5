"""Administrative units over time: levels, kinds, units keyed by (code, validity), and the
transitions between them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from childprotect._lazy import exports

if TYPE_CHECKING:
    from childprotect.units.registry import (
        AdminUnit,
        Hierarchy,
        Kind,
        Level,
        Transition,
        UnitRegistry,
        Validity,
        Vocabulary,
        bundled,
        load_transitions_csv,
        load_units_csv,
        vocabulary,
    )

__all__ = [
    "AdminUnit",
    "Hierarchy",
    "Kind",
    "Level",
    "Transition",
    "UnitRegistry",
    "Validity",
    "Vocabulary",
    "bundled",
    "load_transitions_csv",
    "load_units_csv",
    "vocabulary",
]

#: Where each public name lives.
_NAMES = {
    "AdminUnit": "registry",
    "Hierarchy": "registry",
    "Kind": "registry",
    "Level": "registry",
    "Transition": "registry",
    "UnitRegistry": "registry",
    "Validity": "registry",
    "Vocabulary": "registry",
    "bundled": "registry",
    "load_transitions_csv": "registry",
    "load_units_csv": "registry",
    "vocabulary": "registry",
}

__getattr__, __dir__ = exports(__name__, _NAMES)

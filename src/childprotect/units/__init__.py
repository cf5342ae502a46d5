"""Administrative units over time: levels, kinds, units keyed by (code, validity), and the
transitions between them. :func:`national` is the whole country, bundled and dated;
:func:`bundled` the units of the seed localities (a subset that agrees with it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from childprotect._lazy import exports

if TYPE_CHECKING:
    from childprotect.units.csvfiles import load_transitions_csv, load_units_csv
    from childprotect.units.hierarchy import Hierarchy
    from childprotect.units.model import (
        AdminUnit,
        Kind,
        Level,
        Transition,
        Validity,
        Vocabulary,
        vocabulary,
    )
    from childprotect.units.names import Candidate
    from childprotect.units.national_list import national
    from childprotect.units.registry import UnitRegistry, bundled

__all__ = [
    "AdminUnit",
    "Candidate",
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
    "national",
    "vocabulary",
]

#: Where each public name lives.
_NAMES = {
    "AdminUnit": "model",
    "Kind": "model",
    "Level": "model",
    "Transition": "model",
    "Validity": "model",
    "Vocabulary": "model",
    "vocabulary": "model",
    "UnitRegistry": "registry",
    "bundled": "registry",
    "national": "national_list",
    "Candidate": "names",
    "Hierarchy": "hierarchy",
    "load_transitions_csv": "csvfiles",
    "load_units_csv": "csvfiles",
}

__getattr__, __dir__ = exports(__name__, _NAMES)

"""The bundled catalogue of plans, and loading plan files from a path.

>>> for plan_id in ids():
...     print(plan_id)
bac-kan-352-2019
bac-kan-419-2018
hai-phong-76-2020
hong-ngu-2020
thua-thien-hue-208-2021
>>> load("hai-phong-76-2020").document.issuer.place
'Hải Phòng'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from childprotect.data import names
from childprotect.data import path as data_path
from childprotect.errors import UnknownPlan
from childprotect.plans.plan import Plan

__all__ = ["ids", "load", "load_all", "load_path", "plan_path"]



@lru_cache(maxsize=1)
def ids() -> tuple[str, ...]:
    """The ids of the bundled plans, sorted."""
    return names("plans")


def plan_path(plan_id: str) -> Path:
    """The data file of a bundled plan (read-only package data)."""
    if plan_id not in ids():
        raise UnknownPlan(_unknown(plan_id))
    return Path(data_path(f"plans/{plan_id}.json"))


def _unknown(plan_id: str) -> str:
    import difflib

    close = difflib.get_close_matches(plan_id, ids(), n=3, cutoff=0.4)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(ids())}"
    return f"unknown plan {plan_id!r} (not a bundled plan id, nor a file){hint}"


@lru_cache(maxsize=32)
def _load_bundled(plan_id: str) -> Plan:
    from childprotect.formats.convert import load_path as _load

    return _load(plan_path(plan_id), Plan)


def load(plan_id_or_path: str | Path) -> Plan:
    """A bundled plan by id, or a plan file by path (``.json``)."""
    if isinstance(plan_id_or_path, str) and plan_id_or_path in ids():
        return _load_bundled(plan_id_or_path)
    p = Path(plan_id_or_path)
    if p.suffix == ".json" or p.exists():
        return load_path(p)
    raise UnknownPlan(_unknown(str(plan_id_or_path)))


def load_path(path: str | Path) -> Plan:
    """A plan from a JSON file in the plan format (see ``docs/formats.md``)."""
    from childprotect.formats.convert import load_path as _load

    p = Path(path)
    if not p.exists():
        raise UnknownPlan(f"plan file {str(p)!r} does not exist")
    return _load(p, Plan)


def load_all() -> tuple[Plan, ...]:
    """Every bundled plan."""
    return tuple(load(i) for i in ids())

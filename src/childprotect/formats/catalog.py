"""The bundled catalogue of plans, and loading plan files from a path.

The catalogue holds the plans of provinces and districts (``data/plans``) and the national
programmes they implement (``data/national``: Quyết định 23, 1493, 1248 and 782/QĐ-TTg).

>>> for plan_id in local_ids():
...     print(plan_id)
bac-kan-352-2019
bac-kan-419-2018
hai-phong-76-2020
hong-ngu-2020
thua-thien-hue-208-2021
>>> national_ids()
('ttg-1248-2021', 'ttg-1493-2021', 'ttg-23-2021', 'ttg-782-2021')
>>> len(ids())
9
>>> load("hai-phong-76-2020").document.issuer.place
'Hải Phòng'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from childprotect.data import names
from childprotect.data import path as data_path
from childprotect.errors import UnknownPlan
from childprotect.i18n import Message
from childprotect.plans.plan import Plan

__all__ = ["ids", "load", "load_all", "load_bundled", "load_path", "local_ids", "national_ids",
           "plan_path"]

#: The folders of ``data/`` that hold bundled plans: local plans, then national programmes.
_FOLDERS = ("plans", "national")


@lru_cache(maxsize=1)
def _folders() -> dict[str, str]:
    """The folder of each bundled plan id."""
    out: dict[str, str] = {}
    for folder in _FOLDERS:
        for plan_id in names(folder):
            if plan_id in out:
                raise UnknownPlan(Message("plan id {plan_id} is bundled twice (data/{out} and "
                                          "data/{folder})", plan_id=repr(plan_id),
                                          out=out[plan_id], folder=folder))
            out[plan_id] = folder
    return out


@lru_cache(maxsize=1)
def ids() -> tuple[str, ...]:
    """The ids of every bundled plan (local plans and national programmes), sorted."""
    return tuple(sorted(_folders()))


def local_ids() -> tuple[str, ...]:
    """The ids of the bundled plans of provinces and districts, sorted."""
    return tuple(i for i in ids() if _folders()[i] == "plans")


def national_ids() -> tuple[str, ...]:
    """The ids of the bundled national programmes (``ttg-23-2021`` …), sorted."""
    return tuple(i for i in ids() if _folders()[i] == "national")


def plan_path(plan_id: str) -> Path:
    """The data file of a bundled plan (read-only package data)."""
    if plan_id not in ids():
        raise UnknownPlan(_unknown(plan_id))
    return Path(data_path(f"{_folders()[plan_id]}/{plan_id}.json"))


def _unknown(plan_id: str) -> Message:
    import difflib


    close = difflib.get_close_matches(plan_id, ids(), n=3, cutoff=0.4)
    if close:
        return Message("unknown plan {plan} (not a bundled plan id, nor a file); did you mean "
                       "{close}?", plan=repr(plan_id), close=", ".join(close))
    return Message("unknown plan {plan} (not a bundled plan id, nor a file); known: {known}",
                   plan=repr(plan_id), known=", ".join(ids()))


@lru_cache(maxsize=32)
def _load_bundled(plan_id: str) -> Plan:
    from childprotect.formats.convert import load_path as _load

    return _load(plan_path(plan_id), Plan)


def load_bundled(plan_id: str) -> Plan:
    """A bundled plan by id only (never a file): the resolver of national plans that
    ``check(plan, national=…)`` and ``childprotect compare`` use.

    >>> load_bundled("ttg-23-2021").document.number.text
    '23/QĐ-TTg'
    """
    return _load_bundled(plan_id)


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
        raise UnknownPlan(Message("plan file {p} does not exist", p=repr(str(p))))
    return _load(p, Plan)


def load_all(*, national: bool = True) -> tuple[Plan, ...]:
    """Every bundled plan (without the national programmes when ``national`` is False)."""
    return tuple(load(i) for i in (ids() if national else local_ids()))

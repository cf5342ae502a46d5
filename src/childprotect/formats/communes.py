"""Commune evaluation files: reading them, and their JSON Schema.

An evaluation file (``docs/communes.md``) is data a province sends in, read through the
library's one converter so that the file and its schema always agree. Its two maps,
``points`` (criterion → points) and ``sub_items`` (criterion → sub-item → points), are
checked for their shape first, so that a list or a number where a map belongs is named
by its ``$.path`` and said in words ("an object of criterion → points").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from childprotect.communes.evaluation import EvaluationFile
from childprotect.data import load_file
from childprotect.errors import InvalidPlanFile
from childprotect.formats.convert import json_schema, structure

__all__ = ["evaluation_schema", "load_evaluations"]


def evaluation_schema() -> dict[str, Any]:
    """The JSON Schema of an evaluation file (``childprotect communes schema``).

    >>> sorted(evaluation_schema()["$defs"]["CommuneEvaluation"]["required"])
    ['category', 'category_source', 'code', 'name']
    """
    schema = json_schema(EvaluationFile, title="childprotect commune evaluation file")
    schema["$id"] = "https://childprotect.invalid/schemas/communes-evaluation.schema.json"
    return schema


def load_evaluations(path: str | Path) -> EvaluationFile:
    """Read an evaluation file (JSON)."""
    data = load_file(path)
    problems = _map_problems(data)
    if problems:
        raise InvalidPlanFile(str(path), problems)
    return structure(data, EvaluationFile, str(path))


def _kind(value: object) -> Any:
    from childprotect.i18n import Message

    words = {list: Message("a list"), str: Message("a text"), bool: Message("true or false"),
             type(None): Message("null"), int: Message("a number"),
             float: Message("a number")}
    return words.get(type(value), type(value).__name__)


def _map_problems(data: object) -> list[str]:
    """Where ``points`` or ``sub_items`` of a commune is not an object of the right kind."""
    from childprotect.i18n import Message

    communes = data.get("communes") if isinstance(data, dict) else None
    if not isinstance(communes, list):
        return []  # the converter names what is wrong there
    out: list[str] = []
    for i, c in enumerate(communes):
        if not isinstance(c, dict):
            continue
        where = f"$.communes[{i}]"
        points = c.get("points", {})
        if not isinstance(points, dict):
            out.append(Message('expected an object of criterion → points such as {{"TC1": 80, '
                               '"TC2": "12.5"}}, got {kind} @ {path}', kind=_kind(points),
                               path=f"{where}.points").text())
        subs = c.get("sub_items", {})
        if not isinstance(subs, dict):
            out.append(Message('expected an object of criterion → sub-items such as {{"TC6": '
                               '{{"TC6.1": 50, "TC6.2": 75}}}}, got {kind} @ {path}',
                               kind=_kind(subs), path=f"{where}.sub_items").text())
            continue
        for key, parts in subs.items():
            if not isinstance(parts, dict):
                out.append(Message('expected an object of sub-item → points such as '
                                   '{{"TC6.1": 50}}, got {kind} @ {path}', kind=_kind(parts),
                                   path=f"{where}.sub_items[{key!r}]").text())
    return out

"""Commune evaluation files: reading them, and their JSON Schema.

An evaluation file (``docs/communes.md``) is data a province sends in, read through the
library's one converter so that the file and its schema always agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from childprotect.communes.evaluation import EvaluationFile
from childprotect.formats.convert import json_schema, load_path

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
    return load_path(path, EvaluationFile)

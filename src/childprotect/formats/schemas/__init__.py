"""JSON Schemas of the library's data formats, generated from the classes.

The shipped files (``plan.schema.json``) are tested to equal what is generated here.
"""

from __future__ import annotations

from typing import Any

__all__ = ["plan_schema"]


def plan_schema() -> dict[str, Any]:
    """The JSON Schema of a plan file."""
    from childprotect.formats.convert import json_schema
    from childprotect.plans.plan import Plan

    schema = json_schema(Plan, title="childprotect plan file")
    schema["$id"] = "https://childprotect.invalid/schemas/plan.schema.json"
    return schema

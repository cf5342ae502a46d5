"""``childprotect schema``: the JSON Schema of the plan file format."""

from __future__ import annotations

import argparse

from childprotect.cli._help import say
from childprotect.cli._output import emit_json

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "schema", help=say("print the JSON Schema of the plan file format"),
        description=say("Print the JSON Schema (draft 2020-12) that plan files follow."),
        epilog=say("Example:") + "\n  childprotect schema > plan.schema.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from childprotect.formats.schemas import plan_schema

    emit_json(plan_schema())
    return 0

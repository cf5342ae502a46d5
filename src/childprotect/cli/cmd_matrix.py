"""``childprotect matrix PLAN_ID``: who leads, coordinates, guides … each item of a plan."""

from __future__ import annotations

import argparse
import datetime as dt

from .. import catalog
from ..errors import ValidationError
from ._output import add_format, write

__all__ = ["parse_on", "register"]


def parse_on(text: str | None) -> dt.date | None:
    """The ``--on`` date (ISO ``YYYY-MM-DD``), or None when not given."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"--on: {text!r} is not a date YYYY-MM-DD") from None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "matrix", help="show a plan's responsibility matrix (agencies × items)",
        description="Show who leads (L), coordinates (C), guides (G), implements (I) or is "
        "requested (R) on each target, section or criterion of a plan. With --on DATE, each "
        "duty is followed through the 2025 reorganisation to the agency that holds it on "
        "that date, with the legal chain ('?' marks a holder that rests on an unverified "
        "step). JSON: one object per agency, role and item.",
        epilog="Examples:\n  childprotect matrix thua-thien-hue-208-2021\n"
        "  childprotect matrix thua-thien-hue-208-2021 --on 2026-11-23 --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("plan", metavar="PLAN_ID_OR_FILE")
    p.add_argument("--on", metavar="DATE", help="resolve every duty to its holder on DATE "
                   "(YYYY-MM-DD)")
    add_format(p, "text", "json", "markdown", "csv")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from ..matrix import render

    plan = catalog.load(args.plan)
    write(render(plan, args.format, on=parse_on(args.on)))
    return 0

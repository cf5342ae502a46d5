"""Options shared by the commands that assess targets: ``--on`` and ``--min-coverage``."""

from __future__ import annotations

import argparse
import re
from fractions import Fraction

from childprotect.cli._help import help_text
from childprotect.i18n import Message

__all__ = ["add_min_coverage", "share"]

_SHARE = re.compile(r"(?:[0-9]+(?:\.[0-9]+)?%|[0-9]+(?:\.[0-9]+)?|[0-9]+/[0-9]+)")


def share(text: str) -> Fraction:
    """The argument type of ``--min-coverage``: ``80%``, ``0.8`` or ``4/5``, exactly.

    >>> share("80%"), share("0.8"), share("4/5")
    (Fraction(4, 5), Fraction(4, 5), Fraction(4, 5))
    """
    t = text.strip()
    if not _SHARE.fullmatch(t) or t.endswith("/0"):
        raise argparse.ArgumentTypeError(Message(
            "expected a share such as 80%, 0.8 or 4/5, got {value}", value=repr(text)).text())
    value = Fraction(t[:-1]) / 100 if t.endswith("%") else Fraction(t)
    if value > 1:
        raise argparse.ArgumentTypeError(Message(
            "a share is at most 100%, got {value}", value=repr(text)).text())
    return value


def add_min_coverage(p: argparse.ArgumentParser) -> None:
    """Add ``--min-coverage``: the least share of the expected units a verdict rests on."""
    from childprotect.plans.assessment import DEFAULT_MIN_COVERAGE

    p.add_argument(
        "--min-coverage", type=share, default=DEFAULT_MIN_COVERAGE, metavar="SHARE",
        help=help_text(Message(
            "the least share of the units expected that must have reported what a value "
            "needs for a verdict; below it a target is insufficient_data (default: "
            "{default}; e.g. 90%%, 0.9, 9/10)", default="80%%")))

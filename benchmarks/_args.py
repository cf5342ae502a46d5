"""The optional numbers a benchmark script takes on its command line, one after another
(``--help`` prints the script's description and each number's default)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

#: One number: its name, its default, how it is read from text, and what it is.
Spec = tuple[str, float, Callable[[str], float], str]


def above_zero(kind: Callable[[str], float]) -> Callable[[str], float]:
    """``kind`` refusing a number ≤ 0 (every number a benchmark takes counts or sizes
    something: none runs, and no median is taken, of nothing)."""
    def read(text: str) -> float:
        value = kind(text)
        if not value > 0:
            raise argparse.ArgumentTypeError(f"{text!r}: must be above 0")
        return value
    read.__name__ = getattr(kind, "__name__", "number")
    return read


def whole(text: str) -> int:
    """A whole number above 0 (``--repeat``, ``--rows``, ...)."""
    return int(above_zero(int)(text))


def whole_or_none(text: str) -> int:
    """A whole number, 0 or more (0: the part it sizes is skipped, as ``--children 0``)."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: must be 0 or more")
    return value


def numbers(doc: str | None, *specs: Spec) -> list[float]:
    """The numbers given after the script's name, each missing one its default."""
    ap = argparse.ArgumentParser(description=doc,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    for name, default, kind, what in specs:
        ap.add_argument(name, nargs="?", type=above_zero(kind), default=default,
                        help=f"{what} (default {default})".strip())
    got = ap.parse_args()
    return [getattr(got, name) for name, *_ in specs]


def number(doc: str | None, name: str, default: float, kind: Callable[[str], float] = int,
           what: str = "") -> float:
    """The one number given after the script's name, or ``default``."""
    return numbers(doc, (name, default, kind, what))[0]

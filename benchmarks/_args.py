"""The one optional number a benchmark script takes on its command line (``--help``
prints the script's description)."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def number(doc: str | None, name: str, default: float, kind: Callable[[str], float] = int,
           what: str = "") -> float:
    """The number given after the script's name, or ``default``."""
    ap = argparse.ArgumentParser(description=doc,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(name, nargs="?", type=kind, default=default,
                    help=f"{what} (default {default})".strip())
    value: float = getattr(ap.parse_args(), name)
    return value

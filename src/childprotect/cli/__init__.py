"""The ``childprotect`` command line.

Subcommands live in modules named ``cmd_*.py`` beside this one; each defines
``register(subparsers)``. Conventions shared by every subcommand:

* ``--format text|json`` (and ``csv``/``markdown`` where the output is a table);
  JSON goes to stdout, messages to stderr;
* exit codes: 0 ok, 1 the question asked has a negative answer (anomalies found,
  targets not met), 2 usage or input error;
* errors are one clear line on stderr; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from childprotect import __version__
from childprotect.errors import ChildProtectError

__all__ = ["EXIT_FOUND", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

EXIT_OK = 0
EXIT_FOUND = 1
EXIT_USAGE = 2


def _command_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("cmd_"))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered (or only the one named)."""
    parser = argparse.ArgumentParser(
        prog="childprotect",
        description="Vietnamese child-protection plans as data: targets, responsibilities, "
        "deadlines, rollups.",
        epilog="Example: childprotect plans show thua-thien-hue-208-2021 --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"childprotect {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _command_modules():
        if only is not None and name != f"cmd_{only}":
            continue
        module = importlib.import_module(f"{__name__}.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Import only the subcommand asked for: a command's start-up cost is then its own.
    command = next((a for a in argv if not a.startswith("-")), None)
    known = command is not None and f"cmd_{command}" in _command_modules()
    parser = build_parser(command if known else None)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        code: int = args.func(args)
    except ChildProtectError as exc:
        if args.debug:
            raise
        msg = str(exc).rstrip()
        print(f"childprotect: error: {msg}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

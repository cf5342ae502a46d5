"""The ``childprotect`` command line.

Subcommands live in modules named ``cmd_*.py`` beside this one; each defines
``register(subparsers)``. Conventions shared by every subcommand:

* ``--format text|json`` (and ``csv``/``markdown`` where the output is a table);
  JSON goes to stdout, messages to stderr;
* exit codes: 0 ok, 1 the question asked has a negative answer (anomalies found,
  targets not met), 2 usage or input error;
* errors are one clear line on stderr; ``--debug`` shows the traceback above it;
* ``--lang vi|en`` (or the ``CHILDPROTECT_LANG`` environment variable) chooses the language
  of everything a person reads, help and errors included: Vietnamese by default. Machine
  outputs (CSV headers, JSON keys, codes) are the same in both languages.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from childprotect import __version__
from childprotect.cli._help import help_text, in_words, say
from childprotect.errors import ChildProtectError
from childprotect.i18n import ENV, LANGS, N_, Message, current, use

__all__ = ["EXIT_FOUND", "EXIT_OK", "EXIT_USAGE", "Parser", "build_parser", "main"]

EXIT_OK = 0
EXIT_FOUND = 1
EXIT_USAGE = 2


#: argparse's own messages (as it writes them in English) and their catalogue messages.
_ARGPARSE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), msgid) for pattern, msgid in (
        (r"argument (?P<argument>\S+): invalid choice: (?P<value>.+) "
         r"\(choose from (?P<choices>.+)\)",
         N_("argument {argument}: {value} is not a valid choice (choose from {choices})")),
        (r"argument (?P<argument>\S+): invalid int value: (?P<value>.+)",
         N_("argument {argument}: {value} is not a whole number")),
        (r"argument (?P<argument>\S+): invalid float value: (?P<value>.+)",
         N_("argument {argument}: {value} is not a number")),
        (r"argument (?P<argument>\S+): invalid (?P<type>\S+) value: (?P<value>.+)",
         N_("argument {argument}: {value} is not a valid {type} value")),
        (r"argument (?P<argument>\S+): ignored explicit argument (?P<value>.+)",
         N_("argument {argument}: takes no value (got {value})")),
        (r"argument (?P<argument>\S+): expected one argument",
         N_("argument {argument}: a value is expected")),
        (r"argument (?P<argument>\S+): (?P<message>.+)", N_("argument {argument}: {message}")),
        (r"the following arguments are required: (?P<arguments>.+)",
         N_("these arguments are required: {arguments}")),
        (r"unrecognized arguments: (?P<arguments>.+)", N_("unknown arguments: {arguments}")),
        (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)",
         N_("the option {option} is ambiguous: it could be {matches}")),
    ))


def _usage_message(message: str) -> str:
    """argparse's English usage error in the language in use (its values kept as typed)."""
    for pattern, msgid in _ARGPARSE:
        m = pattern.fullmatch(message)
        if m is not None:
            return Message(msgid, **m.groupdict()).text()
    return message


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size().columns`` gives it: ``COLUMNS``,
    else the width of the terminal of standard output, else 80 (argparse imports ``shutil``
    for it, which ``os`` does without)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         _columns() - 2 if width is None else width)  # (as argparse: less 2)

    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        if prefix is None:
            prefix = Message("usage: ").text()
        super().add_usage(usage, actions, groups, prefix=prefix)


class Parser(argparse.ArgumentParser):
    """An argument parser that writes its help and its errors in the language in use."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("formatter_class") in (None, argparse.HelpFormatter,
                                             argparse.RawDescriptionHelpFormatter):
            kwargs["formatter_class"] = _Formatter
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = say("positional arguments")
        self._optionals.title = say("options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=say("show this help and exit"))
        self.add_argument("--lang", choices=LANGS, default=current("vi"),
                          help=say("language of what people read: vi (default) or en; "
                                   "also CHILDPROTECT_LANG"))

    # Help texts are written in the language in use when they are shown (cli._help).
    def format_help(self) -> str:
        with in_words(self):
            return super().format_help()

    def format_usage(self) -> str:
        with in_words(self):
            return super().format_usage()

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        text = Message("{prog}: error: {message}", prog=self.prog,
                       message=_usage_message(message)).text()
        self.exit(EXIT_USAGE, text + "\n")


def _language(argv: Sequence[str]) -> str:
    """The language asked for by ``--lang`` anywhere in ``argv``, else by the environment,
    else Vietnamese. A value that is no language is left for the parser to refuse."""
    for i, a in enumerate(argv):
        value = a.partition("=")[2] if a.startswith("--lang=") else (
            argv[i + 1] if a == "--lang" and i + 1 < len(argv) else None)
        if value in LANGS:
            return value
    env = os.environ.get(ENV, "").strip().lower()
    return env if env in LANGS else "vi"


def _command_modules() -> list[str]:
    import pkgutil

    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("cmd_"))


def _command_named(argv: Sequence[str]) -> str | None:
    """The first word of ``argv`` that is neither an option nor ``--lang``'s value: the
    command whose parser alone is built. None after ``-h``, ``--help`` or ``--`` (the help
    and the errors that follow list every command).

    >>> _command_named(["--lang", "en", "rollup", "x.csv"])
    'rollup'
    >>> _command_named(["-h", "rollup"]), _command_named(["--", "rollup"])
    (None, None)
    """
    after_lang = False
    for a in argv:
        if after_lang:
            after_lang = False
        elif a == "--lang":
            after_lang = True
        elif a in ("-h", "--help", "--"):
            return None
        elif not a.startswith("-"):
            return a
    return None


def _is_command(name: str | None) -> bool:
    """Whether ``name`` is a subcommand (its module found without listing them all: that
    costs ``pkgutil`` and ``inspect``, a twentieth of a small command's time)."""
    if name is None or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        return False
    module = f"{__name__}.cmd_{name}"
    try:  # (imported now, as it will be: importlib.util.find_spec costs 3 ms to load)
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return False
        raise
    return True


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered (or only the one named)."""
    parser = Parser(
        prog="childprotect",
        description=say("Vietnamese child-protection plans as data: targets, "
                        "responsibilities, deadlines, rollups."),
        epilog=help_text(Message("Example: {example}",
                                 example="childprotect plans show thua-thien-hue-208-2021 "
                                         "--format json")),
    )
    parser.add_argument("--version", action="version", version=f"childprotect {__version__}",
                        help=say("show the version and exit"))
    parser.add_argument("--debug", action="store_true", help=say("show tracebacks on errors"))
    sub = parser.add_subparsers(dest="command", metavar=say("COMMAND"), title=say("commands"))
    for name in _command_modules() if only is None else [f"cmd_{only}"]:
        module = importlib.import_module(f"{__name__}.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    with use(_language(argv)):
        return _main(argv)


def _main(argv: list[str]) -> int:
    # Import only the subcommand asked for: a command's start-up cost is then its own.
    command = _command_named(argv)
    parser = build_parser(command if _is_command(command) else None)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        code: int = args.func(args)
        sys.stdout.flush()  # (an output that cannot be written fails here, not on the way out)
    except ChildProtectError as exc:
        if args.debug:  # the traceback, its last line in the language in use too
            import traceback

            traceback.print_exc()
        msg = str(exc).rstrip()
        print(Message("{prog}: error: {message}", prog="childprotect", message=msg).text(),
              file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
    except OSError as exc:  # a file or the output that could not be read or written
        if args.debug:
            import traceback

            traceback.print_exc()
        from childprotect.i18n.oserrors import os_reason

        _drop_stdout()
        reason = os_reason(exc)
        problem = (Message("{path}: {reason}", path=exc.filename, reason=reason)
                   if exc.filename else Message("reading or writing failed: {reason}",
                                                reason=reason))
        print(Message("{prog}: error: {message}", prog="childprotect",
                      message=problem).text(), file=sys.stderr)
        return EXIT_USAGE
    except UnicodeEncodeError as exc:  # an output that cannot hold Vietnamese letters
        if args.debug:
            raise
        if hasattr(sys.stderr, "reconfigure"):
            sys.stderr.reconfigure(errors="backslashreplace")
        print(Message("{prog}: error: {message}", prog="childprotect", message=Message(
            "the output is written in {encoding}, which cannot hold the letter {char}: set "
            "PYTHONIOENCODING=utf-8 (or PYTHONUTF8=1) and run the command again",
            encoding=exc.encoding, char=f"U+{ord(exc.object[exc.start]):04X}")).text(),
            file=sys.stderr)
        return EXIT_USAGE
    return code


def _drop_stdout() -> None:
    """What is left to write to standard output goes nowhere (it could not be written):
    nothing fails again when the process ends."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a file (a test's capture …)
        pass


def run() -> NoReturn:
    """The ``childprotect`` command: :func:`main`, then the process ends with its code.
    The process is the command's own: the column path of ``rollup`` has its C allocator
    keep the memory it frees (:func:`~childprotect.cli._output.command_memory`; a caller
    of :func:`main` keeps its own settings)."""
    from childprotect.cli import _output

    _output.OWN_PROCESS = True
    code = main()
    # Nothing is collected after this point: the objects left are frozen, so that the
    # interpreter's collections on the way out do not walk them all (a tenth of a small
    # rollup's time; docs/performance.md).
    import gc

    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()

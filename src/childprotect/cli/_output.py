"""Rendering helpers shared by the subcommands: JSON, text tables, Markdown, CSV."""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import json
import sys
import typing
from typing import Any, TextIO

from childprotect.cli._help import help_text, say
from childprotect.errors import ValidationError
from childprotect.i18n import LANGS, Message, current, headings, pick, render
from childprotect.tables.render import render_table

__all__ = ["LANGS", "add_calendar", "add_format", "add_lang", "emit_json", "headings",
           "level_word", "pick",
           "render_table", "write"]




#: The days of the week, Monday first, as tables write them.
_WEEKDAYS = (Message("Mon", context="weekday"), Message("Tue", context="weekday"),
             Message("Wed", context="weekday"), Message("Thu", context="weekday"),
             Message("Fri", context="weekday"), Message("Sat", context="weekday"),
             Message("Sun", context="weekday"))


def weekday(day: _dt.date, lang: str) -> str:
    """The day of the week of ``day`` as a table writes it (``T2``, ``Mon``)."""
    return _WEEKDAYS[day.weekday()].text(lang)


def level_word(level: str, lang: str) -> str:
    """A level's word in ``lang`` (``xã`` for ``commune``); an unknown level as it is
    (tables for people: CSV and JSON keep the codes)."""
    from childprotect.documents.levels import level_name

    return render(level_name(level), lang)


def iso_date(text: str) -> _dt.date:
    """The argument type of every date option (``--on``, ``--from`` …): ``YYYY-MM-DD``.

    >>> iso_date("2025-07-01")
    datetime.date(2025, 7, 1)
    """
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(Message("expected a date YYYY-MM-DD, got {text}",
                                                 text=repr(text))) from None


def year(text: str) -> int:
    """The argument type of every year option (``--year``): a year from 1900 to 2100.

    >>> year("2025")
    2025
    """
    from childprotect.text.validators import check_year

    try:
        return check_year(int(text) if text.strip().isascii() else None)
    except (ValueError, ValidationError):
        raise argparse.ArgumentTypeError(
            Message("expected a year from 1900 to 2100, got {text}", text=repr(text)).text()
        ) from None


def add_format(p: argparse.ArgumentParser, *choices: str, default: str = "text") -> None:
    """Add ``--format`` with these choices (text and json first)."""
    p.add_argument(
        "--format", choices=choices or ("text", "json"), default=default,
        help=help_text(Message("output format (default: {default})", default=default)),
    )


def add_lang(p: argparse.ArgumentParser) -> None:
    """Every parser of the command line has ``--lang vi|en`` (see
    :class:`childprotect.cli.Parser`); kept so that a parser made elsewhere gets it too."""
    if not any("--lang" in a.option_strings for a in p._actions):
        p.add_argument("--lang", choices=LANGS, default=current("vi"),
                       help=help_text(Message("language of what people read: vi (default) or "
                                              "en; also CHILDPROTECT_LANG")))


def add_calendar(p: argparse.ArgumentParser) -> None:
    """Add ``--calendar FILE``: calendar entries merged over the bundled ones."""
    p.add_argument(
        "--calendar", metavar="FILE", default=None,
        help=say("a calendar-overrides file (JSON, the shape of the bundled "
        "data/calendar/vn-public-sector.json: newly announced days off and swapped working "
        "days), merged over the bundled calendar; default: the file named by the "
        "CHILDPROTECT_CALENDAR environment variable, if set"))


def suppression_threshold(args: argparse.Namespace) -> int | None:
    """The threshold of ``--suppress`` (5 unless ``--threshold`` says; None without
    ``--suppress``). ``--threshold`` or ``--protection`` without ``--suppress`` is an
    error: they hide nothing alone, and every small count would be published."""
    if args.suppress:
        return 5 if args.threshold is None else int(args.threshold)
    given = [o for o, v in (("--threshold", args.threshold), ("--protection", args.protection))
             if v is not None]
    if given:
        raise ValidationError(Message(
            "{options} without --suppress hides nothing: add --suppress to hide the small "
            "counts, or leave {options} out", options=" and ".join(given)))
    return None


def write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def emit_json(data: Any) -> None:
    """JSON to stdout, UTF-8 characters kept."""
    write(json.dumps(data, ensure_ascii=False, indent=2))


def utf8_bytes(out: TextIO) -> typing.IO[bytes] | None:
    """The byte stream under a text stream that writes UTF-8 and leaves line ends alone
    (bytes written to it read as ``print`` would write them); None for any other."""
    import codecs
    import os

    buffer = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None) or ""
    try:
        utf8 = codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        utf8 = False
    return typing.cast("typing.IO[bytes]", buffer) if (
        buffer is not None and utf8 and os.linesep == "\n") else None


def copy_bytes(raw: typing.IO[bytes], out: TextIO) -> None:
    """UTF-8 bytes written to a text stream (as ``print`` would write them): straight to
    its bytes when it writes UTF-8 and leaves line ends alone, else decoded."""
    import codecs

    buffer = utf8_bytes(out)
    if buffer is not None:
        out.flush()
        while block := raw.read(1 << 20):  # (shutil.copyfileobj: shutil costs 2 ms to load)
            buffer.write(block)
        buffer.flush()
        return
    decode = codecs.getincrementaldecoder("utf-8")().decode
    while True:
        block = raw.read(1 << 20)
        out.write(decode(block, final=not block))
        if not block:
            return


class Behind:
    """Calls run in order in a thread of their own while the caller goes on: at most one
    is under way (the next waits for it), and its error is raised at the next call, at
    :meth:`wait` or on leaving the ``with`` block. Leaving the block waits for the call
    under way, whatever happened, so that nothing is written after it; when the caller's
    own error leaves the block, that error is the one raised (the call's is dropped).

    >>> out = []
    >>> with Behind() as behind:
    ...     behind.call(out.append, 1)
    ...     behind.call(out.append, 2)
    >>> out
    [1, 2]
    """

    def __init__(self) -> None:
        self._last: Any = None

    def call(self, fn: typing.Callable[..., object], *args: Any, **kwargs: Any) -> None:
        """Wait for the call under way (raising its error), then start ``fn(*args)``."""
        from childprotect.formats.linebytes import Later

        self.wait()
        self._last = Later(lambda: fn(*args, **kwargs))

    def wait(self) -> None:
        """Wait for the call under way; its error is raised here."""
        last, self._last = self._last, None
        if last is not None:
            last.result()

    def __enter__(self) -> Behind:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        if kind is None:  # (else the error under way is the one to raise)
            self.wait()
        else:  # the call under way ends before the error goes on; its own is dropped
            last, self._last = self._last, None
            if last is not None:
                with contextlib.suppress(Exception):  # (an interrupt is not)
                    last.result()


#: Whether this process is the command's own (:func:`childprotect.cli.run`, not a
#: program that calls :func:`~childprotect.cli.main`): only then does the column path of
#: ``rollup`` change the C allocator's settings (:func:`command_memory`).
OWN_PROCESS = False
_SET: list[bool] = []


def command_memory() -> None:
    """:func:`keep_freed_memory`, once, when the process is the command's own (the
    settings are then made only by the commands that gain from them: importing ``ctypes``
    costs the others a hundredth of their time)."""
    if OWN_PROCESS and not _SET:
        _SET.append(True)
        keep_freed_memory()


def keep_freed_memory(pad: int = 64 << 20) -> None:
    """Ask the C allocator (glibc's) to keep up to ``pad`` bytes it frees at the top of
    the heap rather than give them back at once: the column path frees and takes the
    same few MB of arrays a block at a time, and giving them back and taking them again
    costs page faults (benchmarks/bench_rollup.py: a third of the time of a million
    rows); and to give threads no heap of their own. Nothing happens where the allocator
    has no such setting."""
    import ctypes

    try:  # (the symbols the process has loaded: the C library's, on Linux)
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):
        return
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt(-2, pad)  # M_TOP_PAD
    # M_ARENA_MAX: the writer's threads share the one heap (each would take its own, of
    # the same few MB, and keep them)
    mallopt(-8, 1)

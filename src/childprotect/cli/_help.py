"""Help texts written in the reader's language when they are shown, not when the parser is
built: a command that runs reads no catalogue for a help it never shows.

A help text is a ``str`` (argparse takes nothing else) whose value is the English text;
``+`` with other text keeps it a help text, so an example appended to it stays as written:

>>> h = say("Examples:") + "\\n  childprotect groups"
>>> isinstance(h, Help), h.text("vi")
(True, 'Ví dụ:\\n  childprotect groups')
>>> str.__str__(h)  # the value argparse would see, were it not written first
'Examples:\\n  childprotect groups'

What ``str()`` and ``%s`` write is in the language in use, as argparse's own errors are:

>>> from childprotect.i18n import use
>>> with use("vi"):
...     "argument %s: invalid choice" % say("COMMAND")
'argument LỆNH: invalid choice'
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from typing import Any, Protocol

from childprotect.i18n import Message, current, translate

__all__ = ["Help", "help_text", "in_words", "say"]


class _Text(Protocol):
    def text(self, lang: str | None = None) -> str: ...


class _Said:
    """A catalogue message taken as it is (a help text has no placeholders: its braces are
    literal, as in ``{"targets": [...]}``)."""

    __slots__ = ("msgid",)

    def __init__(self, msgid: str) -> None:
        self.msgid = msgid

    def text(self, lang: str | None = None) -> str:
        return translate(self.msgid, current() if lang is None else lang)


class Help(str):
    """Text for the parser's help: its pieces are plain text or messages, written in the
    language in use by :func:`in_words` when the help is shown."""

    _pieces: tuple[str | _Text, ...]

    def __new__(cls, *pieces: str | _Text) -> Help:
        flat: list[str | _Text] = []
        for p in pieces:
            flat.extend(p._pieces if isinstance(p, Help) else (p,))
        self = super().__new__(cls, "".join(p if isinstance(p, str) else p.text("en")
                                            for p in flat))
        self._pieces = tuple(flat)
        return self

    def __add__(self, other: str, /) -> Help:
        return Help(self, other)

    def __radd__(self, other: str, /) -> Help:
        return Help(other, self)

    def __str__(self) -> str:
        # (what ``%s`` and ``str()`` write: an error argparse makes as it parses, naming a
        # place by its metavar, is written in the language in use)
        return self.text()

    def text(self, lang: str | None = None) -> str:
        """The text in ``lang`` (the language in use by default)."""
        lang = current() if lang is None else lang
        return "".join(p if isinstance(p, str) else p.text(lang) for p in self._pieces)


def say(msgid: str) -> str:
    """A help text: the message ``msgid`` of the catalogue, taken as it is, written in the
    language in use when the help is shown."""
    return Help(_Said(msgid))


def help_text(message: Message) -> str:
    """A help text with values (``Message("output format (default: {default})", ...)``),
    written in the language in use when the help is shown."""
    return Help(message)


def _places(parser: argparse.ArgumentParser) -> Iterator[tuple[Any, str]]:
    """Every object and attribute of ``parser`` that may hold a help text."""
    yield parser, "description"
    yield parser, "epilog"
    for group in parser._action_groups:
        yield group, "title"
        yield group, "description"
    for action in parser._actions:
        yield action, "help"
        yield action, "metavar"
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                yield choice, "help"
                yield choice, "metavar"


@contextlib.contextmanager
def in_words(parser: argparse.ArgumentParser) -> Iterator[None]:
    """Within the block, the help texts of ``parser`` are written in the language in use
    (what argparse formats there); they are help texts again after it."""
    lang = current()
    kept = []
    for obj, name in _places(parser):
        value = getattr(obj, name, None)
        if isinstance(value, Help):
            kept.append((obj, name, value))
            setattr(obj, name, value.text(lang))
    try:
        yield
    finally:
        for obj, name, value in kept:
            setattr(obj, name, value)

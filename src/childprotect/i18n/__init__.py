"""The languages the library writes in: Vietnamese first, English beside it.

Every sentence a person reads is a :class:`Message`: an English ``msgid`` with ``{name}``
placeholders and its values, written in either language when shown. The Vietnamese texts
are in the gettext catalogue ``vi.po`` beside this module; a test fails when a message has
no Vietnamese text or when the two texts' placeholders differ. Machine outputs (CSV headers,
JSON keys, codes, enum values) never go through here and never change with the language.

>>> m = Message("language {lang} is not one of {choices}", lang="fr", choices=LANGS)
>>> m.text("en")
'language fr is not one of vi, en'
>>> m.text("vi")
'ngôn ngữ fr không có trong danh sách vi, en'
>>> with use("vi"):
...     str(m)
'ngôn ngữ fr không có trong danh sách vi, en'

The language is, in order: the innermost :func:`use` block, the ``CHILDPROTECT_LANG``
environment variable, else English for the Python API (the ``childprotect`` command
defaults to Vietnamese).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from decimal import Decimal
from fractions import Fraction

from childprotect import errors as _errors
from childprotect.errors import ValidationError
from childprotect.i18n.catalog import catalog, placeholders
from childprotect.i18n.formatting import (
    Day,
    Money,
    Num,
    Pct,
    format_date,
    format_decimal,
    terminates,
)

__all__ = [
    "LANGS",
    "N_",
    "Day",
    "Heading",
    "Message",
    "Money",
    "Num",
    "Pct",
    "Rendered",
    "check_lang",
    "column_code",
    "current",
    "format_date",
    "format_decimal",
    "headings",
    "pick",
    "placeholders",
    "render",
    "say",
    "templates",
    "translate",
    "use",
]

#: The languages: Vietnamese (the command line's default) and English.
LANGS = ("vi", "en")

#: The environment variable that chooses the language when no :func:`use` block does.
ENV = "CHILDPROTECT_LANG"

_current: ContextVar[str | None] = ContextVar("childprotect_lang", default=None)


def check_lang(lang: str) -> str:
    """``lang`` when it is one of :data:`LANGS`, else a :class:`ValidationError`."""
    if lang not in LANGS:
        raise ValidationError(Message("language {lang} is not one of {choices}",
                                      lang=repr(lang), choices=LANGS))
    return lang


def current(fallback: str = "en") -> str:
    """The language in use now (see the module's description); ``fallback`` when neither a
    :func:`use` block nor the environment chooses one (the command line passes ``"vi"``)."""
    lang = _current.get()
    if lang is not None:
        return lang
    env = os.environ.get(ENV, "").strip().lower()
    return env if env in LANGS else fallback


@contextlib.contextmanager
def use(lang: str) -> Iterator[str]:
    """Write every message in ``lang`` inside the block (thread- and task-local)."""
    token = _current.set(check_lang(lang))
    try:
        yield lang
    finally:
        _current.reset(token)


def translate(msgid: str, lang: str | None = None, context: str = "") -> str:
    """The text of ``msgid`` in ``lang`` (the current language by default); the English
    msgid itself when the catalogue has no text for it."""
    lang = current() if lang is None else lang
    if lang == "en":
        return msgid
    return catalog(lang).get((context, msgid)) or msgid


def N_(msgid: str) -> str:
    """Mark ``msgid`` as a message to translate where it is shown (returns it unchanged)."""
    return msgid


def render(value: object, lang: str) -> str:
    """One value of a message as the reader of ``lang`` writes it."""
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, (Num, Day)):
        return value.render(lang)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return format_date(value, lang)
    if isinstance(value, Fraction) and not terminates(value):
        # Exact, never rounded: a message quotes a ratio such as 4/3 as it is.
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, (Decimal, Fraction)):
        return Num(value).render(lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(render(v, lang) for v in value) if value else "—"
    return str(value)


class Message:
    """A sentence for people: an English ``msgid``, its values, and an optional gettext
    ``context`` (for a word that reads differently in different places)."""

    __slots__ = ("args", "context", "msgid")

    def __init__(self, msgid: str, /, *, context: str = "", **args: object) -> None:
        self.msgid = msgid
        self.context = context
        self.args: Mapping[str, object] = args

    def text(self, lang: str | None = None) -> str:
        """The message written in ``lang`` (the current language by default)."""
        lang = current() if lang is None else lang
        template = translate(self.msgid, lang, self.context)
        return template.format_map({k: render(v, lang) for k, v in self.args.items()})

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        # The values may be anything the caller gave: show the msgid only.
        return f"Message({self.msgid!r})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Message) and (self.msgid, self.context) ==
                (other.msgid, other.context) and dict(self.args) == dict(other.args))

    def __hash__(self) -> int:
        return hash((self.msgid, self.context))


class Rendered:
    """A sentence already written in each language: an assessment's explanation read back
    from JSON keeps its texts, not the values they were written from.

    >>> Rendered({"vi": "đạt", "en": "met"}).text("vi")
    'đạt'
    """

    __slots__ = ("texts",)

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = dict(texts)

    def text(self, lang: str | None = None) -> str:
        lang = current() if lang is None else lang
        return self.texts.get(lang) or self.texts.get("en") or ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rendered) and self.texts == other.texts

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.texts.items())))

    def __repr__(self) -> str:
        return f"Rendered({self.texts.get('en', '')!r})"


def templates(words: Mapping[str, Message], lang: str | None = None) -> dict[str, str]:
    """The texts of a table of labels in ``lang``, their ``{placeholders}`` left for the
    caller to fill (``str.format``).

    >>> templates({"x": Message("{plan}: {count} targets")}, "vi")
    {'x': '{plan}: {count} chỉ tiêu'}
    """
    return {k: translate(m.msgid, lang, m.context) for k, m in words.items()}


def pick(vi: str | None, en: str | None, lang: str) -> str:
    """The label in ``lang``, falling back to the other language when it is missing.

    >>> pick("Sở Y tế", "Department of Health", "en"), pick("Sở Y tế", None, "en")
    ('Department of Health', 'Sở Y tế')
    """
    first, second = (en, vi) if lang == "en" else (vi, en)
    return first or second or ""


class Heading(str):
    """A column heading people read, carrying the column's machine ``code``: a CSV file
    is written with the codes, so its header is the same in every language.

    >>> h = headings("vi", ("tốc độ cần/năm", "pace needed/yr"))[0]
    >>> str(h), h.code
    ('tốc độ cần/năm', 'pace_needed_yr')
    """

    code: str

    def __new__(cls, text: str, code: str) -> Heading:
        self = super().__new__(cls, text)
        self.code = code
        return self


def column_code(english: str) -> str:
    """The machine code of a column from its English heading (``due (adjusted)`` →
    ``due_adjusted``)."""
    import re

    return re.sub(r"[^a-z0-9]+", "_", english.lower()).strip("_") or "column"


def headings(lang: str, *pairs: tuple[str, str]) -> list[str]:
    """Column headings in ``lang`` from ``(vi, en)`` pairs, each carrying its machine code
    (:class:`Heading`).

    >>> headings("en", ("mã", "id"), ("năm", "year")), headings("vi", ("mã", "id"))
    (['id', 'year'], ['mã'])
    """
    return [Heading(pick(vi, en, lang), column_code(en)) for vi, en in pairs]


def say(msgid: str, lang: str | None = None, /, **values: object) -> str:
    """The message ``msgid`` with ``values``, written in ``lang`` (the current language by
    default); a value may be named ``context`` or ``lang``.

    >>> say("{plan}: {count} targets", "vi", plan="hue", count=3)
    'hue: 3 chỉ tiêu'
    """
    m = Message(msgid)
    m.args = values  # (no keyword clash with Message's own arguments this way)
    return m.text(lang)


def _say(msgid: str, **values: object) -> str:
    return say(msgid, None, **values)


# The sentences of childprotect.errors (below this module), in the catalogue.
_ERROR_SENTENCES = (N_("invalid data in {source}:"), N_("{count} problems in the data:"),
                    N_("… and {count} more"))
_errors.say = _say
_errors.say_thing = lambda noun: translate(noun, context="thing")
_UNKNOWN_SENTENCES = (N_("unknown {what} {name}; closest known: {known}"),
                      N_("unknown {what} {name}"))

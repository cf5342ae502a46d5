"""Message catalogues in the gettext ``.po`` form, read on first use.

``vi.po`` beside this module translates every sentence the library writes; its ``msgid``
is the English text, with ``{name}`` placeholders (``python-brace-format``). English needs
no catalogue. A catalogue is read once per process, when its language is first used.

>>> entries = parse_po('msgctxt "status"\\nmsgid "met"\\nmsgstr "đạt"\\n', "x.po")
>>> entries[("status", "met")]
'đạt'
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

__all__ = ["PoError", "catalog", "parse_po", "placeholders"]

_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


class PoError(ValueError):
    """A catalogue file that is not well-formed ``.po`` (a packaging error, not user input)."""


_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def _unquote(text: str, source: str, line: int) -> str:
    if len(text) > 1 and text[0] == '"' and text[-1] == '"':
        body = text[1:-1]
        if '"' not in body and "\\" not in body:  # the usual line: nothing to undo
            return body
    where = f"{source}:{line}"
    m = _STRING.fullmatch(text.strip())
    if m is None:
        raise PoError(f"{where}: expected a quoted string, got {text.strip()[:40]!r}")
    body = m.group(1)
    if "\\" not in body:
        return body

    def escape(e: re.Match[str]) -> str:
        ch = e.group(1)
        if ch not in _ESCAPES:
            raise PoError(f"{where}: unknown escape \\{ch}")
        return _ESCAPES[ch]

    return _ESCAPE.sub(escape, body)


def parse_po(text: str, source: str) -> dict[tuple[str, str], str]:
    """``(context, msgid) → msgstr`` from the text of a ``.po`` file (context ``""`` when
    none). The header entry (empty msgid) is left out; an empty msgstr is kept (a missing
    translation, which the tests report)."""
    entries: dict[tuple[str, str], str] = {}
    field: str | None = None
    cur: dict[str, str] = {}
    start = 0

    def flush(line_no: int) -> None:
        nonlocal cur
        if "msgid" in cur:
            if "msgstr" not in cur:
                raise PoError(f"{source}:{start}: msgid without msgstr")
            key = (cur.get("msgctxt", ""), cur["msgid"])
            if key in entries:
                raise PoError(f"{source}:{start}: {key[1]!r} is translated twice")
            if key[1]:
                entries[key] = cur["msgstr"]
        elif cur:
            raise PoError(f"{source}:{line_no}: msgstr without msgid")
        cur = {}

    lines = text.split("\n")
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line:
                flush(n)
                field = None
            continue
        head, _, rest = line.partition(" ")
        if head in ("msgctxt", "msgid", "msgstr"):
            if head in cur or (head != "msgstr" and "msgstr" in cur):
                flush(n)
            if not cur:
                start = n
            field = head
            cur[head] = _unquote(rest.strip(), source, n)
        elif line.startswith('"') and field is not None:
            cur[field] += _unquote(line, source, n)
        else:
            raise PoError(f"{source}:{n}: cannot read {line[:40]!r}")
    flush(len(lines) + 1)
    return entries


@lru_cache(maxsize=4)
def catalog(lang: str) -> dict[tuple[str, str], str]:
    """The translations of ``lang`` (empty for English, the language of the msgids)."""
    if lang == "en":
        return {}
    name = f"{lang}.po"
    path = os.path.join(os.path.dirname(__file__), name)
    if os.path.isfile(path):  # the usual install: read it directly (no importlib.resources)
        with open(path, encoding="utf-8") as f:
            text = f.read()
    else:  # e.g. from a zip file
        from importlib import resources

        text = resources.files(__package__).joinpath(name).read_text("utf-8")
    return parse_po(text, name)


_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:[:!][^}]*)?\}")


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders of a message.

    >>> sorted(placeholders("{year} and {{literal}} {value:>3}"))
    ['value', 'year']
    """
    return set(_PLACEHOLDER.findall(text))

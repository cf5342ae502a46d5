"""Bundled facts and strict JSON, read as plain values.

The files beside this module (``agencies.json``, ``groups/``, ``units/`` …) hold every
legal fact the library uses, each with its source. This module is the one reader of them
and of any JSON the library reads: strict JSON into plain values (dicts, lists, strings,
ints, booleans and None). Model modules build their objects from those values with
:class:`Fields`, so they need no converter, and every bad value is reported with its
``$.path``.

Strict means: a number with a fraction or an exponent is kept as :class:`JsonFloat` (its
literal text) so that readers can refuse it by type; ``NaN``/``Infinity``, duplicate keys,
integers of more than :data:`MAX_INT_DIGITS` digits, nesting deeper than
:data:`MAX_DEPTH` and invalid UTF-8 are errors naming the source and the place.

>>> parse_json('{"a": [1, "x"]}')
{'a': [1, 'x']}
>>> parse_json('{"a": 1, "a": 2}', "f.json")
Traceback (most recent call last):
...
childprotect.errors.InvalidPlanFile: invalid data in f.json:
  duplicate key 'a' @ $
>>> build({"id": "so-y-te", "extra": 1}, "f.json", lambda f: f.text("id"))
Traceback (most recent call last):
...
childprotect.errors.InvalidPlanFile: invalid data in f.json:
  unknown field 'extra' @ $
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar, cast

from childprotect.data.unicode import nfc
from childprotect.errors import InvalidPlanFile
from childprotect.i18n import Message
from childprotect.i18n.oserrors import os_reason

__all__ = [
    "MAX_DEPTH",
    "MAX_INT_DIGITS",
    "Fields",
    "JsonFloat",
    "build",
    "load_file",
    "names",
    "parse_json",
    "path",
    "read_bytes",
    "read_json",
    "read_text",
]

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)

#: The deepest nesting of arrays and objects a JSON input may have.
MAX_DEPTH = 64
#: The most digits an integer in a JSON input may have.
MAX_INT_DIGITS = 60

_DECIMAL_TEXT = re.compile(r"-?[0-9]{1,60}(?:\.[0-9]{1,60})?")
_FRACTION_TEXT = re.compile(r"-?[0-9]{1,60}(?:/[0-9]{1,60})?")


class JsonFloat(str):
    """A JSON number with a fraction or exponent, kept as its text so nothing is lost.

    Readers refuse it where a number is expected: exact values are written as strings
    (``"1.5"``) in the library's files.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        # As written in the file: a message quoting it is read in either language.
        return str.__str__(self)


class _Duplicate(dict[str, Any]):
    """An object that had a key twice; found after parsing so that its path is known."""

    __slots__ = ("key",)

    def __init__(self, pairs: list[tuple[str, Any]], key: str) -> None:
        super().__init__(pairs)
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for k, _ in pairs:
            if k in seen:
                return _Duplicate(pairs, k)
            seen.add(k)
    return out


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(Message("an integer of {count} digits (at most {max_int_digits} are "
                                 "read)", count=len(text.lstrip('-')),
                                 max_int_digits=MAX_INT_DIGITS))
    return int(text)


def _constant(text: str) -> object:
    raise ValueError(Message("{text} is not a number JSON allows", text=text))


#: A JSON string (its escapes included), and a bracket.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def _depth_ok(text: str) -> bool:
    """Whether ``text`` nests at most :data:`MAX_DEPTH` levels (a cheap bound before
    parsing: the json module recurses once per level). The brackets outside strings are
    counted at C speed first; that count is never below the true depth, so only a text it
    finds too deep is scanned again character by character."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return True
    depth = deepest = 0
    for ch in _BRACKET.findall(_STRING.sub("", text)):
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        else:
            depth -= 1
    return deepest <= MAX_DEPTH or _depth_ok_exactly(text)


def _depth_ok_exactly(text: str) -> bool:
    depth = 0
    deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def _walk(value: Any, path: str) -> Iterator[tuple[str, _Duplicate]]:
    stack = [(value, path)]
    while stack:
        v, p = stack.pop()
        if isinstance(v, dict):
            if isinstance(v, _Duplicate):
                yield p, v
            stack.extend((x, f"{p}.{k}") for k, x in v.items())
        elif isinstance(v, list):
            stack.extend((x, f"{p}[{i}]") for i, x in enumerate(v))


#: What Python's JSON reader says is wrong, in the catalogue's words (a rare one as it is).
_JSON_PROBLEMS: dict[str, str | Message] = {
    "Expecting value": Message("a value is expected"),
    "Expecting property name enclosed in double quotes":
        Message("a field name in double quotes is expected"),
    "Expecting ',' delimiter": Message("a comma is expected"),
    "Expecting ':' delimiter": Message("a colon is expected"),
    "Unterminated string starting at": Message("a text is not closed by a double quote"),
    "Invalid control character at": Message("a control character inside a text"),
    "Invalid \\escape": Message("an escape (\\) that JSON does not have"),
    "Extra data": Message("more data after the end of the JSON value"),
}


def parse_json(text: str | bytes, source: str = "<json>") -> Any:
    """Plain values from JSON text, strictly (see the module's description)."""
    if isinstance(text, bytes):
        raw = text
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise InvalidPlanFile(source, [str(Message(
                "not UTF-8 text: byte {byte} (line {line}) cannot be decoded", byte=exc.start,
                line=line))]) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not _depth_ok(text):
        raise InvalidPlanFile(source, [str(Message("nested more than {depth} levels deep",
                                                   depth=MAX_DEPTH))])
    try:
        value = json.loads(text, parse_float=JsonFloat, parse_int=_int,
                           parse_constant=_constant, object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        raise InvalidPlanFile(source, [str(Message("not valid JSON: {problem} at line {line} "
                                                   "column {column}",
                                                   problem=_JSON_PROBLEMS.get(exc.msg, exc.msg),
                                                   line=exc.lineno, column=exc.colno))
                                       ]) from None
    except (ValueError, RecursionError) as exc:
        raise InvalidPlanFile(source, [str(Message("not accepted: {problem}",
                                                   problem=str(exc)))]) from None
    dups = [str(Message("duplicate key {key} @ {path}", key=repr(d.key), path=p))
            for p, d in _walk(value, "$")]
    if dups:
        raise InvalidPlanFile(source, sorted(dups))
    return value


def load_file(path: str | os.PathLike[str]) -> Any:
    """A JSON file given by the user, as plain values; errors name the file."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise InvalidPlanFile(name, [str(Message("cannot read the file: {problem}",
                                                 problem=os_reason(exc)))]) from None
    return parse_json(raw, name)


def _file(name: str) -> Any:
    from importlib import resources

    return resources.files(__name__).joinpath(name)


#: This package's folder when it is a folder on disk (the usual install), else None.
_HERE = os.path.dirname(__file__) if os.path.isdir(os.path.dirname(__file__)) else None


def read_bytes(name: str) -> bytes:
    """The bytes of the bundled file ``name`` (relative to this package, e.g.
    ``"units/national/units.csv"``), read directly from the package's folder when it is
    one (``importlib.resources`` otherwise, e.g. from a zip file)."""
    if _HERE is not None:
        try:
            with open(os.path.join(_HERE, *name.split("/")), "rb") as f:
                return f.read()
        except FileNotFoundError:
            pass
    data: bytes = _file(name).read_bytes()
    return data


def read_text(name: str) -> str:
    """The text of the bundled file ``name`` (relative to this package, e.g.
    ``"agencies.json"``), line ends read as ``\\n`` as text files are read."""
    text = read_bytes(name).decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def read_json(name: str) -> Any:
    """The bundled JSON file ``name`` as plain values.

    >>> sorted(read_json("agencies.json"))
    ['about', 'kinds', 'places']
    """
    return parse_json(read_text(name), f"data/{name}")


def names(folder: str, suffix: str = ".json") -> tuple[str, ...]:
    """The names (without ``suffix``) of the bundled files in ``folder``, sorted.

    >>> names("plans")[:2]
    ('bac-kan-352-2019', 'bac-kan-419-2018')
    """
    if _HERE is not None and os.path.isdir(where := os.path.join(_HERE, *folder.split("/"))):
        found = os.listdir(where)  # (the usual install: no importlib.resources to import)
    else:
        found = [p.name for p in _file(folder).iterdir()]
    return tuple(sorted(n[: -len(suffix)] for n in found if n.endswith(suffix)))


def path(name: str) -> str:
    """The file system path of the bundled file ``name`` (read-only package data)."""
    if _HERE is not None:
        return os.path.join(_HERE, *name.split("/"))
    return str(_file(name))


def _kind(value: object) -> str:
    """The value and its type as a message quotes them (bundled and configuration data
    only: readers of personal data never quote values)."""
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "…"
    return shown if isinstance(value, JsonFloat) else f"{shown} ({type(value).__name__})"


class Fields:
    """The fields of one JSON object, read one at a time with their types checked.

    Every read removes the field; :meth:`done` then records any field left over, so a
    misspelt key is never ignored. Problems are collected (every bad field of every object
    is reported, not only the first) and raised together by :func:`build` as one
    :class:`~childprotect.errors.InvalidPlanFile` naming the source and each ``$.path``.
    """

    __slots__ = ("_left", "path", "problems", "source")

    def __init__(self, value: object, source: str, path: str = "$",
                 problems: list[str] | None = None) -> None:
        self.source = source
        self.path = path
        self.problems: list[str] = [] if problems is None else problems
        self._left: dict[str, Any] = dict(value) if isinstance(value, dict) else {}

    def _bad(self, problem: str) -> Any:
        # Record the problem and stand in for the value: reading goes on, so that every
        # bad field is reported; the object is dropped by nested_at.
        self.problems.append(problem)
        return _BAD

    def _fail(self, key: str, problem: str) -> Any:
        return self._bad(f"{problem} @ {self.path}.{key}")

    def _take(self, key: str, default: object) -> object:
        if key in self._left:
            return self._left.pop(key)
        if default is _REQUIRED:
            return cast("object", self._bad(str(Message(
                "required field missing @ {path}", path=f"{self.path}.{key}"))))
        return default

    def has(self, key: str) -> bool:
        """True when the field is present (and not read yet)."""
        return key in self._left

    def text(self, key: str, default: str | None = None) -> str:
        """A string, NFC-normalised; ``default`` when absent (required when not given)."""
        v = self._take(key, _REQUIRED if default is None else _ABSENT)
        if v is _BAD:
            return cast("str", _BAD)
        if v is _ABSENT:
            assert default is not None
            return default
        if type(v) is not str:
            return cast("str", self._fail(key, str(Message(
                "expected a string, got {value}", value=_kind(v)))))
        return nfc(v)

    def optional_text(self, key: str) -> str | None:
        """A string, or None when absent or null."""
        v = self._take(key, None)
        if v is _BAD:
            return cast("str | None", _BAD)
        if v is None:
            return None
        if type(v) is not str:
            return cast("str | None", self._fail(key, str(Message(
                "expected a string, got {value}", value=_kind(v)))))
        return nfc(v)

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of strings (empty when absent)."""
        got = self.each(key, self._text_at)
        return got if got is _BAD else tuple(got)

    def integers(self, key: str) -> tuple[int, ...]:
        """A list of integers (empty when absent)."""
        def one(v: object, path: str) -> int:
            if type(v) is not int:
                return cast(int, self._bad(f"expected an integer, got {_kind(v)} @ {path}"))
            return v

        got = self.each(key, one)
        return got if got is _BAD else tuple(got)

    def _text_at(self, v: object, path: str) -> str:
        if type(v) is not str:
            return cast("str", self._bad(f"expected a string, got {_kind(v)} @ {path}"))
        return nfc(v)

    def integer(self, key: str, default: int | None = None) -> int:
        """An integer (``True``/``False`` are not integers)."""
        v = self._take(key, _REQUIRED if default is None else default)
        if v is _BAD:
            return cast("int", _BAD)
        if type(v) is not int:
            return cast("int", self._fail(key, str(Message(
                "expected an integer, got {value}", value=_kind(v)))))
        return v

    def optional_integer(self, key: str) -> int | None:
        """An integer, or None when absent or null."""
        if self._left.get(key) is None:
            self._left.pop(key, None)
            return None
        return self.integer(key)

    def flag(self, key: str, default: bool | None = None) -> bool:
        """``true`` or ``false``."""
        v = self._take(key, _REQUIRED if default is None else default)
        if v is _BAD:
            return cast("bool", _BAD)
        if type(v) is not bool:
            return cast("bool", self._fail(key, str(Message(
                "expected true or false, got {value}", value=_kind(v)))))
        return v

    def _optional(self, key: str, optional: bool) -> object:
        v = self._take(key, None if optional else _REQUIRED)
        return _ABSENT if v is None and optional else v

    def decimal(self, key: str, *, optional: bool = False) -> Any:
        """An exact decimal written as a string (``"1.5"``) or an integer."""
        v = self._optional(key, optional)
        if v is _BAD:
            return _BAD
        if v is _ABSENT:
            return None
        if type(v) is int:
            return Decimal(v)
        if type(v) is str and _DECIMAL_TEXT.fullmatch(v):
            return Decimal(v)
        return self._fail(key, f'expected a decimal number written as a string such as "1.5", '
                              f"got {_kind(v)}")

    def fraction(self, key: str, *, optional: bool = False) -> Any:
        """An exact fraction written as ``"3/2"`` or an integer."""
        v = self._optional(key, optional)
        if v is _BAD:
            return _BAD
        if v is _ABSENT:
            return None
        if type(v) is int:
            return Fraction(v)
        if type(v) is str and _FRACTION_TEXT.fullmatch(v):
            try:
                return Fraction(v)
            except ZeroDivisionError:
                pass
        return self._fail(key, f'expected a fraction written as "3/2", got {_kind(v)}')

    def date(self, key: str, *, optional: bool = False) -> Any:
        """An ISO date ``YYYY-MM-DD``."""
        v = self._optional(key, optional)
        if v is _BAD:
            return _BAD
        if v is _ABSENT:
            return None
        if type(v) is str and len(v) == 10:
            try:
                return dt.date.fromisoformat(v)
            except ValueError:
                pass
        return self._fail(key, str(Message(
            "expected an ISO date YYYY-MM-DD, got {value}", value=_kind(v))))

    def choice(self, key: str, enum_type: type[E], default: E | None = None) -> E:
        """A member of ``enum_type``, written as its value."""
        v = self._take(key, _REQUIRED if default is None else default)
        if v is _BAD:
            return cast("E", _BAD)
        if isinstance(v, enum_type):
            return v
        try:
            return enum_type(v)
        except ValueError:
            known = ", ".join(repr(m.value) for m in enum_type)
            return cast("E", self._fail(key, str(Message("expected one of {known}", known=known))))

    def optional_choice(self, key: str, enum_type: type[E]) -> E | None:
        """A member of ``enum_type``, or None when absent or null."""
        if self._left.get(key) is None:
            self._left.pop(key, None)
            return None
        return self.choice(key, enum_type)

    def value(self, key: str) -> Any:
        """The plain value as it is, or None when absent (for fields whose reader checks
        the value itself)."""
        return self._take(key, None)

    def each(self, key: str, build: Callable[[Any, str], T]) -> list[T]:
        """A list, each item built by ``build(item, path)``; empty when absent.

        Every item is read even when an earlier one is bad, so that all problems are
        reported together.
        """
        v = self._take(key, [])
        if v is _BAD:
            return cast("list[T]", _BAD)
        if not isinstance(v, list):
            return cast("list[T]", self._fail(key, str(Message(
                "expected a list, got {value}", value=_kind(v)))))
        out = [build(x, f"{self.path}.{key}[{i}]") for i, x in enumerate(v)]
        return cast("list[T]", _BAD) if any(x is _BAD for x in out) else out

    def objects(self, key: str, build: Callable[[Fields], T]) -> tuple[T, ...]:
        """A list of objects, each built from its own :class:`Fields`."""
        got = self.each(key, lambda v, p: self.nested_at(v, p, build))
        return got if got is _BAD else tuple(got)

    def nested(self, key: str, build: Callable[[Fields], T], *, optional: bool = False
               ) -> Any:
        """One object built from its :class:`Fields`; None when absent and ``optional``."""
        v = self._optional(key, optional)
        if v is _BAD:
            return _BAD
        if v is _ABSENT:
            return None
        return self.nested_at(v, f"{self.path}.{key}", build)

    def nested_at(self, value: object, path: str, build: Callable[[Fields], T]) -> T:
        """``build`` applied to the fields of ``value`` found at ``path``."""
        if not isinstance(value, dict):
            return cast(T, self._bad(f"expected an object, got {_kind(value)} @ {path}"))
        before = len(self.problems)
        fields = Fields(value, self.source, path, self.problems)
        out: Any = _BAD
        try:
            out = build(fields)
        except Exception as exc:
            if len(self.problems) == before:
                if not isinstance(exc, (ValueError, TypeError)):
                    raise
                # A model's own validator refused the values: name the object.
                self.problems.append(f"{exc} @ {path}")
            # Otherwise a stand-in value upset the constructor: already reported.
        fields.done()
        return cast(T, _BAD if len(self.problems) > before else out)

    def done(self) -> None:
        """Record every field not read: unknown keys are errors, never ignored."""
        for k in sorted(self._left):
            self.problems.append(str(Message("unknown field {key} @ {path}", key=repr(k),
                                             path=self.path)))
        self._left.clear()


def build(value: object, source: str, make: Callable[[Fields], T]) -> T:
    """``make`` applied to the top-level object ``value`` of ``source``; every problem
    found is reported together in one :class:`~childprotect.errors.InvalidPlanFile`.

    >>> build({"n": 2}, "x.json", lambda f: f.integer("n"))
    2
    >>> build({"n": "2", "m": 1}, "x.json", lambda f: f.integer("n"))
    Traceback (most recent call last):
    ...
    childprotect.errors.InvalidPlanFile: invalid data in x.json:
      expected an integer, got '2' (str) @ $.n
      unknown field 'm' @ $
    """
    problems: list[str] = []
    out = Fields({}, source, "$", problems).nested_at(value, "$", make)
    if problems:
        raise InvalidPlanFile(source, problems)
    return out


_REQUIRED: Any = object()
_ABSENT: Any = object()
_BAD: Any = object()


"""The one converter between the library's objects and plain JSON-ready data.

Everything that is serialised (plan files, CLI JSON, JSON Schemas) goes through
:data:`converter`, so they always agree. It is strict: a float never becomes an int
or a Decimal, a string is never silently a number, unknown keys are an error, and
every bad field is reported with its ``$.path`` and value in one
:class:`~childprotect.errors.InvalidPlanFile`.

>>> from childprotect.text.dates import PartialDate
>>> unstructure(PartialDate(2020, 2))
'2020-02'
>>> structure("2020-02", PartialDate)
PartialDate(year=2020, month=2, day=None)
>>> from decimal import Decimal
>>> structure(1.5, Decimal)
Traceback (most recent call last):
...
childprotect.errors.InvalidPlanFile: invalid data in <data>:
  expected a decimal number written as a string such as "1.5", got 1.5 (float) @ $
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from childprotect.data import JsonFloat, load_file, parse_json, read_json
from childprotect.documents.document import DateText, DocumentNumber
from childprotect.errors import ChildProtectError, InvalidPlanFile
from childprotect.i18n import LANGS, Message, Rendered
from childprotect.text.dates import DayMonth, PartialDate

__all__ = [
    "converter",
    "dumps",
    "json_schema",
    "loads",
    "register_schema",
    "structure",
    "structure_parsed",
    "unstructure",
]

T = TypeVar("T")

_DECIMAL_TEXT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_FRACTION_TEXT = re.compile(r"-?[0-9]+(?:/[0-9]+)?")


class _Converter(cattrs.Converter):
    """The library's converter, with a quick twin for JSON that the library has parsed.

    :func:`structure_parsed` builds with the twin first: the same hooks without detailed
    validation, which builds the first objects of each class without generating code
    (see :func:`_attrs_factory`), so the first ``load_plan`` spends 6 ms on structuring
    rather than 17. Data the twin refuses is structured again by the converter itself,
    whose detailed validation names every bad field with its ``$.path``.

    The twin knows only the library's own hooks: once any other structure hook is
    registered, it is given up for good and every read goes through the converter.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._twin: cattrs.Converter | None = None
        self._sealed = False  # the library's own hooks are all registered
        self._own_hooks_only = True
        super().__init__(*args, **kwargs)

    def quick(self) -> cattrs.Converter | None:
        """The twin without detailed validation (made on first use), or None once a hook
        other than the library's has been registered."""
        if not self._own_hooks_only:
            return None
        twin = self._twin
        if twin is None:
            twin = self.copy(detailed_validation=False)
            # (cattrs's copy leaves out hooks registered for a union type)
            twin._union_struct_registry.update(self._union_struct_registry)
            self._twin = twin
        return twin

    def seal(self) -> None:
        """Mark the library's own hooks as complete: any later one gives up the twin."""
        self._sealed = True

    def _registering(self) -> None:
        self._twin = None
        if self._sealed:
            self._own_hooks_only = False

    def register_structure_hook(self, *args: Any, **kwargs: Any) -> Any:
        self._registering()
        return super().register_structure_hook(*args, **kwargs)

    def register_structure_hook_func(self, *args: Any, **kwargs: Any) -> Any:
        self._registering()
        return super().register_structure_hook_func(*args, **kwargs)

    def register_structure_hook_factory(self, *args: Any, **kwargs: Any) -> Any:
        self._registering()
        return super().register_structure_hook_factory(*args, **kwargs)


converter = _Converter(forbid_extra_keys=True, omit_if_default=True)
"""The library's single cattrs converter."""


def _kind(value: object) -> str | Message:
    """What kind of JSON value ``value`` is, for a message: a Python type's name, or, for
    a number written with a fraction or an exponent, words in the reader's language."""
    if isinstance(value, JsonFloat):
        return Message("a JSON number")
    return type(value).__name__


def _shown(value: object) -> str:
    """``value`` as a message quotes it: ``repr``, but a JSON number as it was written."""
    return str(value) if isinstance(value, JsonFloat) else repr(value)


def _structure_str(value: object, _: type) -> str:
    if type(value) is not str:
        raise ValueError(Message("expected a string, got {value} ({kind})", value=_shown(value),
                                 kind=_kind(value)))
    return value


def _structure_int(value: object, _: type) -> int:
    if type(value) is not int:
        raise ValueError(Message("expected an integer, got {value} ({kind})", value=_shown(value),
                                 kind=_kind(value)))
    return value


def _structure_bool(value: object, _: type) -> bool:
    if type(value) is not bool:
        raise ValueError(Message("expected true or false, got {value} ({kind})",
                                 value=_shown(value), kind=_kind(value)))
    return value


def _structure_decimal(value: object, _: type) -> Decimal:
    if type(value) is int:
        return Decimal(value)
    if type(value) is str and _DECIMAL_TEXT.fullmatch(value):
        return Decimal(value)
    raise ValueError(
        Message('expected a decimal number written as a string such as "1.5", got {value} '
                "({kind})", value=_shown(value), kind=_kind(value))
    )


def _unstructure_decimal(value: Decimal) -> str:
    # Plain notation, never exponent form: '1E+2' would not read back as the same text.
    return format(value, "f")


def _structure_fraction(value: object, _: type) -> Fraction:
    if type(value) is int:
        return Fraction(value)
    if type(value) is str and _FRACTION_TEXT.fullmatch(value):
        return Fraction(value)
    raise ValueError(Message('expected a fraction written as "3/2", got {value} ({kind})',
                             value=_shown(value), kind=_kind(value)))


def _structure_date(value: object, _: type) -> dt.date:
    if type(value) is str:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(Message("expected an ISO date YYYY-MM-DD, got {value}", value=_shown(value)))


def _structure_datetime(value: object, _: type) -> dt.datetime:
    if type(value) is str:
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(Message("expected an ISO date-time YYYY-MM-DDTHH:MM, got {value}",
                             value=_shown(value)))


def _structure_partial_date(value: object, _: type) -> PartialDate:
    if type(value) is not str:
        raise ValueError(Message("expected a date YYYY, YYYY-MM or YYYY-MM-DD, got {value}",
                                 value=_shown(value)))
    return PartialDate.from_iso(value)


_DAY_MONTH = re.compile(r"--([0-9]{2})-([0-9]{2})")


def _structure_day_month(value: object, _: type) -> DayMonth:
    m = _DAY_MONTH.fullmatch(value) if type(value) is str else None
    if m is None:
        raise ValueError(Message("expected a recurring day --MM-DD such as --11-30, got {value}",
                                 value=_shown(value)))
    return DayMonth(int(m.group(2)), int(m.group(1)))


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    allowed = [m.value for m in cls]

    def hook(value: object, _: type) -> enum.Enum:
        for member in cls:
            if type(value) is type(member.value) and member.value == value:
                return member
        raise ValueError(Message("expected one of {allowed}, got {value}", allowed=allowed,
                                 value=_shown(value)))

    return hook


def _sequence_factory(tp: Any, conv: cattrs.Converter) -> Callable[[object, type],
                                                                     tuple[Any, ...]]:
    inner = cattrs.cols.homogenous_tuple_structure_factory(tp, conv)

    def hook(value: object, t: type) -> tuple[Any, ...]:
        if type(value) is not list:
            raise ValueError(Message("expected a list, got {kind}", kind=_kind(value)))
        return typing.cast("tuple[Any, ...]", inner(value, t))

    return hook


def _is_homogeneous_tuple(tp: Any) -> bool:
    return typing.get_origin(tp) is tuple and len(typing.get_args(tp)) == 2 and (
        typing.get_args(tp)[1] is Ellipsis
    )


#: Objects of one class that the quick twin builds without generated code (see
#: :func:`_attrs_factory`).
_GENERATE_AFTER = 100


def _attrs_factory(cls: type[Any], conv: cattrs.Converter) -> Callable[[object, type], Any]:
    if not conv.detailed_validation:
        return _quick_attrs_hook(cls, conv)
    base = cattrs.gen.make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)

    def hook(value: object, t: type) -> Any:
        if not isinstance(value, dict):
            raise ValueError(Message("expected an object, got {kind}", kind=_kind(value)))
        try:
            return base(value, t)
        except (ClassValidationError, IterableValidationError):
            raise
        except (ChildProtectError, ValueError, TypeError, KeyError) as exc:
            # Raised by the class's own validators: keep it, with the class's path.
            raise ClassValidationError(f"while building {cls.__name__}", [exc], cls) from None

    return hook


def _quick_attrs_hook(cls: type[Any], conv: cattrs.Converter) -> Callable[[object, type], Any]:
    """The quick twin's hook for an attrs class.

    Its first :data:`_GENERATE_AFTER` objects are built by cattrs's runtime path
    (``structure_attrs_fromdict``), which generates no code: a plan meets most of its
    classes a few times, and generating and compiling a function for each cost 5 ms of
    the first ``load_plan``. A class met more often (rows of a file) then gets cattrs's
    generated function, 1.7 times faster per object. Both refuse what the detailed hook
    refuses (a value that is not an object, unknown keys); the detailed pass says why.
    """
    attrs.resolve_types(cls)
    names = frozenset(a.name for a in attrs.fields(cls))
    generated: list[Callable[..., Any]] = []
    left = [_GENERATE_AFTER]

    def hook(value: object, t: type) -> Any:
        if not isinstance(value, dict):
            raise ValueError(Message("expected an object, got {kind}", kind=_kind(value)))
        if generated:
            return generated[0](value, t)
        if left[0] <= 0:
            generated.append(cattrs.gen.make_dict_structure_fn(
                cls, conv, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=False))
            return generated[0](value, t)
        left[0] -= 1
        if not names.issuperset(value):
            raise ValueError(Message("unknown field(s) {fields}",
                                     fields=repr(sorted(set(value) - names))))
        return conv.structure_attrs_fromdict(value, cls)

    return hook


converter.register_structure_hook(str, _structure_str)
converter.register_structure_hook(int, _structure_int)
converter.register_structure_hook(bool, _structure_bool)
converter.register_structure_hook(Decimal, _structure_decimal)
converter.register_unstructure_hook(Decimal, _unstructure_decimal)
converter.register_structure_hook(Fraction, _structure_fraction)
converter.register_unstructure_hook(Fraction, str)
converter.register_structure_hook(dt.date, _structure_date)
converter.register_unstructure_hook(dt.date, dt.date.isoformat)
converter.register_structure_hook(dt.datetime, _structure_datetime)
converter.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
converter.register_structure_hook(PartialDate, _structure_partial_date)
converter.register_unstructure_hook(PartialDate, PartialDate.iso)
converter.register_structure_hook(DayMonth, _structure_day_month)
converter.register_unstructure_hook(DayMonth, lambda d: f"--{d.month:02d}-{d.day:02d}")
converter.register_structure_hook_func(
    lambda t: isinstance(t, type) and issubclass(t, enum.Enum),
    lambda v, t: _enum_hook(t)(v, t),
)
converter.register_structure_hook_factory(_is_homogeneous_tuple, _sequence_factory)
converter.register_structure_hook_factory(
    lambda t: attrs.has(t) and t not in _CUSTOM_ATTRS, _attrs_factory
)



def _structure_document_number(value: object, _: type) -> DocumentNumber:
    if type(value) is not str:
        raise ValueError(Message("expected a document number such as '208/KH-UBND', got {value}",
                                 value=_shown(value)))
    return DocumentNumber.parse(value)


def _structure_date_text(value: object, _: type) -> DateText:
    if type(value) is str:
        return DateText.parse(value)
    if not isinstance(value, dict) or type(value.get("text")) is not str:
        raise ValueError(Message('expected {{"text": "ngày … tháng … năm …"}}, got {value}',
                                 value=_shown(value)))
    extra = set(value) - {"text", "iso"}
    if extra:
        raise ValueError(Message("unknown field(s) {extra} in a date", extra=sorted(extra)))
    d = DateText.parse(value["text"])
    if "iso" in value and value["iso"] != d.iso():
        raise ValueError(
            Message("date text {text} means {iso}, but the data says iso {iso2}",
                    text=repr(d.text), iso=repr(d.iso()), iso2=repr(value['iso']))
        )
    return d


converter.register_structure_hook(DocumentNumber, _structure_document_number)
converter.register_unstructure_hook(DocumentNumber, lambda n: n.text)
converter.register_structure_hook(DateText, _structure_date_text)
converter.register_unstructure_hook(DateText, lambda d: {"text": d.text, "iso": d.iso()})



def _structure_explanation(value: object, _: type) -> Any:
    if not isinstance(value, dict) or not value or not all(
            type(k) is str and type(v) is str for k, v in value.items()):

        raise ValueError(Message("expected an explanation in each language ({{\"en\": …, "
                                 "\"vi\": …}}), got {kind}", kind=_kind(value)))
    return Rendered(value)


def _register_explanations() -> None:
    """An assessment's explanation is written out in every language and read back as
    those texts (the values it was written from are fields of the assessment).

    The explanation's type is ``plans.verdicts.Explanation``, built of the same two
    classes; the hooks name them here so that reading a plan does not load the
    assessing modules."""
    explanation = Message | Rendered
    converter.register_unstructure_hook(Message, lambda m: {k: m.text(k) for k in LANGS})
    converter.register_unstructure_hook(Rendered, lambda r: dict(r.texts))
    converter.register_structure_hook_func(lambda t: t == explanation, _structure_explanation)


#: attrs classes serialised by a custom hook (their own text form), not field by field.
_CUSTOM_ATTRS: set[type] = {PartialDate, DayMonth, DocumentNumber, DateText}


def _format_exception(exc: BaseException, tp: type | None) -> str:
    from childprotect.i18n import Message

    if isinstance(exc, ForbiddenExtraKeysError):
        return Message("unknown field(s) {fields}", fields=repr(sorted(exc.extra_fields))).text()
    if isinstance(exc, KeyError):
        return Message("required field missing").text()
    if isinstance(exc, (ChildProtectError, ValueError)):
        return str(exc)
    if isinstance(exc, TypeError):
        return Message("wrong type: {problem}", problem=str(exc)).text()
    return f"{type(exc).__name__}: {exc}"


def structure(data: object, cls: type[T], source: str = "<data>") -> T:
    """Build an object of ``cls`` from plain data, or raise :class:`InvalidPlanFile`."""
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError) as exc:
        problems = cattrs.transform_error(exc, "$", _format_exception)
    except (ChildProtectError, ValueError, TypeError, KeyError) as exc:
        problems = [f"{_format_exception(exc, cls)} @ $"]
    raise InvalidPlanFile(source, problems)


def structure_parsed(data: object, cls: type[T], source: str = "<data>") -> T:
    """:func:`structure` for JSON as :func:`~childprotect.data.parse_json` gives it (objects,
    arrays, texts, numbers: nothing that reading uses up), read by the converter's quick
    twin first and, if it refuses the data, by :func:`structure` for the error.

    >>> from childprotect.documents.document import Period
    >>> structure_parsed({"start": 2021, "end": 2025}, Period)
    Period(start=2021, end=2025)
    """
    twin = converter.quick()
    if twin is not None:
        try:
            return twin.structure(data, cls)
        except Exception:
            pass  # (the detailed pass below names what is wrong; nothing of this is kept)
    return structure(data, cls, source)


def unstructure(obj: object) -> Any:
    """Plain JSON-ready data for ``obj``."""
    return converter.unstructure(obj)


def dumps(obj: object) -> str:
    """JSON text for ``obj``: UTF-8 characters kept, two-space indent, stable key order."""
    return json.dumps(unstructure(obj), ensure_ascii=False, indent=2) + "\n"


def loads(text: str | bytes, cls: type[T], source: str = "<data>") -> T:
    """Parse JSON text into ``cls``; bad JSON and bad fields are :class:`InvalidPlanFile`."""
    return structure_parsed(parse_json(text, source), cls, source)


def load_bundled(where: str, cls: type[T]) -> T:
    """The package's own data file ``where`` (e.g. ``"data/agencies.json"``) as ``cls``.

    >>> from childprotect.children.ages import AgeData
    >>> type(load_bundled("data/groups/ages.json", AgeData)).__name__
    'AgeData'
    """
    return structure_parsed(read_json(where.removeprefix("data/")), cls, where)


def load_path(path: str | Path, cls: type[T]) -> T:
    """Read and structure a JSON file."""
    return structure_parsed(load_file(path), cls, str(path))


# --- JSON Schema ---------------------------------------------------------------------------

_SCHEMAS: dict[type, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    Decimal: {"type": ["string", "integer"], "pattern": _DECIMAL_TEXT.pattern.join("^$")},
    Fraction: {"type": ["string", "integer"], "pattern": _FRACTION_TEXT.pattern.join("^$")},
    dt.date: {"type": "string", "format": "date"},
    dt.datetime: {"type": "string", "format": "date-time"},
    PartialDate: {"type": "string", "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"},
    DayMonth: {"type": "string", "pattern": r"^--[0-9]{2}-[0-9]{2}$"},
    DocumentNumber: {"type": "string", "description": "a document number as written"},
    DateText: {
        "type": "object",
        "properties": {
            "text": {"type": "string", "description": "the date exactly as written"},
            "iso": {"type": ["string", "null"], "description": "what it means (derived)"},
        },
        "required": ["text"],
        "additionalProperties": False,
    },
}


def register_schema(cls: type, schema: dict[str, Any]) -> None:
    """Declare the JSON Schema of a type serialised by a custom hook."""
    _SCHEMAS[cls] = schema


def json_schema(cls: type, title: str | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the data form of ``cls``."""
    defs: dict[str, Any] = {}
    root = _schema_of(cls, defs)
    out: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    if title:
        out["title"] = title
    out.update(root)
    if defs:
        out["$defs"] = dict(sorted(defs.items()))
    return out


def _schema_of(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if tp in _SCHEMAS:
        return dict(_SCHEMAS[tp])
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        variants = [_schema_of(a, defs) for a in args if a is not type(None)]
        if type(None) in args:
            variants.append({"type": "null"})
        return variants[0] if len(variants) == 1 else {"anyOf": variants}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin is tuple or origin is list:
        return {"type": "array", "items": _schema_of(args[0], defs)}
    if origin is frozenset or origin is set:
        return {"type": "array", "items": _schema_of(args[0], defs), "uniqueItems": True}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema_of(args[1], defs)}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if isinstance(tp, type) and attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            attrs.resolve_types(tp)
            hints = {f.name: f.type for f in attrs.fields(tp)}
            props: dict[str, Any] = {}
            required: list[str] = []
            for f in attrs.fields(tp):
                if not f.init:
                    continue
                key = f.alias or f.name
                props[key] = _schema_of(hints[f.name], defs)
                if f.default is attrs.NOTHING:
                    required.append(key)
            d: dict[str, Any] = {"type": "object", "properties": props,
                                 "additionalProperties": False}
            if tp.__doc__:
                d["description"] = tp.__doc__.strip().splitlines()[0]
            if required:
                d["required"] = required
            defs[name] = d
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema known for {tp!r}")


def _resolve_model_types() -> None:
    # Plan's field types live in modules that plans.py imports lazily; resolve them now
    # that the converter exists, so that cattrs and the schema see real classes.
    from childprotect.plans.plan import resolve_types

    resolve_types()


_resolve_model_types()
_register_explanations()
converter.seal()

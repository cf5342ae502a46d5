"""The strict converter (childprotect.formats.convert)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import types
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

import attrs
import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.documents.document import DateText, Period
from childprotect.errors import InvalidPlanFile
from childprotect.formats import convert
from childprotect.formats.convert import (
    _format_exception,
    dumps,
    loads,
    structure,
    structure_parsed,
    unstructure,
)
from childprotect.plans.plan import Plan
from childprotect.text.dates import DayMonth, PartialDate
from tests.strategies import partial_dates


@pytest.mark.parametrize(
    ("value", "cls"),
    [
        (1.0, int),  # a float never becomes an int
        ("3", int),  # a string is never a number
        (True, int),
        (1.5, Decimal),
        ("1,5", Decimal),
        ("NaN", Decimal),
        (3, str),
        ("yes", bool),
        ("2020-02-30", dt.date),
        ("30/11", DayMonth),
        ("2020-13", PartialDate),
    ],
)
def test_strict_scalars(value: object, cls: type) -> None:
    with pytest.raises(InvalidPlanFile) as info:
        structure(value, cls)
    assert repr(value) in str(info.value) or str(value) in str(info.value)


def test_json_float_literal_is_rejected_and_quoted() -> None:
    with pytest.raises(InvalidPlanFile) as info:
        loads('{"start": 2020.0}', Period)
    assert "2020.0" in str(info.value)
    assert "$.start" in str(info.value)


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "got 1.5 (a JSON number) @ $.targets[0].value"),
    ("vi", "nhận được 1.5 (một số JSON) @ $.targets[0].value"),
])
def test_a_json_number_is_quoted_as_written_in_the_readers_language(lang: str, said: str) -> None:
    from childprotect.i18n import use

    data = json.loads(dumps_plan_sample())
    text = json.dumps(data).replace('"value": "' + data["targets"][0]["value"] + '"',
                                    '"value": 1.5', 1)
    with use(lang), pytest.raises(InvalidPlanFile) as info:
        loads(text, Plan)
    assert info.value.problems[0].endswith(said)
    assert ("JSON number" in str(info.value)) == (lang == "en")


def test_every_bad_field_is_listed_with_its_path() -> None:
    data = json.loads(dumps_plan_sample())
    data["document"]["period"]["start"] = "2021"
    data["sections"][1]["id"] = "not a section"
    data["extra"] = 1
    with pytest.raises(InvalidPlanFile) as info:
        structure(data, Plan, "sample.json")
    msg = str(info.value)
    assert "sample.json" in msg
    assert "$.document.period.start" in msg and "'2021'" in msg
    assert "$.sections[1]" in msg and "not a section" in msg
    assert "extra" in msg
    assert len(info.value.problems) == 3


def dumps_plan_sample() -> str:
    from childprotect.formats import catalog

    return dumps(catalog.load("thua-thien-hue-208-2021"))


def test_date_text_iso_must_agree() -> None:
    with pytest.raises(InvalidPlanFile) as info:
        structure({"text": "ngày 09 tháng 6 năm 2021", "iso": "2021-06-10"}, DateText)
    assert "2021-06-10" in str(info.value)


@given(partial_dates())
def test_partial_date_round_trip(d: PartialDate) -> None:
    assert structure(unstructure(d), PartialDate) == d


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_decimal_round_trip_is_exact(d: Decimal) -> None:
    back = structure(unstructure(d), Decimal)
    assert back == d
    assert str(unstructure(back)) == str(unstructure(d))


@given(st.fractions())
def test_fraction_round_trip(f: Fraction) -> None:
    assert structure(unstructure(f), Fraction) == f


def test_bad_json_is_a_library_error() -> None:
    with pytest.raises(InvalidPlanFile) as info:
        loads("{not json", Plan, "broken.json")
    assert "broken.json" in str(info.value)


# --- the quick pass and the detailed pass ----------------------------------------------------

_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False)
    | st.text(max_size=4) | st.sampled_from(["2021", "2021-13", "--11-30", "1.5", "x/y"]),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner,
                                                                max_size=2),
    max_leaves=4,
)


def _paths(node: object, here: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    out = [here]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*here, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*here, i))
    return out


def _plan_data(plan_id: str) -> object:
    from childprotect.formats import catalog

    return json.loads(dumps(catalog.load(plan_id)))


@contextlib.contextmanager
def _generating_after(objects: int) -> Iterator[None]:
    """The quick twin, made anew, generating code after ``objects`` objects of a class."""
    was = convert._GENERATE_AFTER
    convert._GENERATE_AFTER = objects
    convert.converter._twin = None
    try:
        yield
    finally:
        convert._GENERATE_AFTER = was
        convert.converter._twin = None


def _outcome(conv: object, data: object, cls: object = Plan) -> tuple[str, object]:
    try:
        return "ok", conv.structure(data, cls)  # type: ignore[attr-defined]
    except Exception as exc:
        return "failed", type(exc)


@given(st.data())
def test_the_quick_pass_fails_exactly_where_the_detailed_pass_does(data: st.DataObject) -> None:
    """The twin without detailed validation accepts the same files and builds the same
    plans; a file it rejects gets the detailed pass's problems, with no chained exception."""
    from childprotect.formats import catalog
    from childprotect.formats.convert import converter

    plan = _plan_data(data.draw(st.sampled_from(catalog.local_ids())))
    path = data.draw(st.sampled_from(_paths(plan)[1:]))
    *parents, last = path
    node: object = plan
    for key in parents:
        node = node[key]  # type: ignore[index]
    how = data.draw(st.sampled_from(["delete", "replace", "extra"]))
    if how == "delete":
        del node[last]  # type: ignore[attr-defined]
    elif how == "replace":
        node[last] = data.draw(_JSON_VALUES)  # type: ignore[index]
    elif isinstance(node, dict):
        node[data.draw(st.text(min_size=1, max_size=3))] = data.draw(_JSON_VALUES)
    detailed = _outcome(converter, plan)
    for after in (convert._GENERATE_AFTER, 0):  # (0: generated code from the first object)
        with _generating_after(after):
            quick = _outcome(converter.quick(), plan)
        assert quick[0] == detailed[0]
        if quick[0] == "ok":
            assert quick[1] == detailed[1]
    if detailed[0] == "ok":
        assert structure_parsed(plan, Plan) == detailed[1]
        return
    with pytest.raises(InvalidPlanFile) as info:
        structure_parsed(plan, Plan, "mutated.json")
    assert info.value.__context__ is None and info.value.__cause__ is None
    with pytest.raises(Exception) as detailed_error:
        converter.structure(plan, Plan)
    exc = detailed_error.value
    expected = (cattrs.transform_error(exc, "$", _format_exception)
                if isinstance(exc, cattrs.BaseValidationError)
                else [f"{_format_exception(exc, Plan)} @ $"])
    assert list(info.value.problems) == expected


def test_the_quick_twin_is_made_once_and_remade_while_the_library_registers() -> None:
    conv = convert.converter.copy()  # (a copy: the test registers hooks; not yet sealed)
    twin = conv.quick()
    assert twin is not None and conv.quick() is twin
    assert twin.detailed_validation is False and conv.detailed_validation is True

    class Thing:
        pass

    conv.register_structure_hook(Thing, lambda v, _: Thing())
    remade = conv.quick()
    assert remade is not None and remade is not twin
    assert isinstance(remade.structure({}, Thing), Thing)


@attrs.frozen
class _Old:
    x: int


@attrs.frozen
class _New:
    x: int
    note: str = ""


@attrs.frozen
class _Holder:
    item: _Old | _New


def test_the_twin_keeps_the_librarys_union_hooks() -> None:
    """cattrs's ``copy`` leaves out hooks registered for a union type; the twin has them."""
    conv = convert.converter.copy()
    conv.register_structure_hook(_Old | _New, lambda v, _: _New(v["x"], v.get("note", "")))
    twin = conv.quick()
    assert twin is not None
    assert twin.structure({"item": {"x": 1}}, _Holder) == conv.structure(
        {"item": {"x": 1}}, _Holder) == _Holder(_New(1))


@pytest.mark.parametrize("how", ["hook", "func", "factory", "factory as decorator"])
def test_a_hook_registered_after_the_librarys_gives_up_the_twin(how: str) -> None:
    """A user's hook may change what an attrs class accepts; the twin does not know it, so
    from then on every read is the converter's own."""
    conv = convert.converter.copy()
    conv.seal()
    assert conv.quick() is not None

    def only_2000s(value: object, _: type) -> Period:
        p = conv.structure_attrs_fromdict(value, Period)  # type: ignore[arg-type]
        if p.start < 2000:
            raise ValueError("before 2000")
        return p

    if how == "hook":
        conv.register_structure_hook(Period, only_2000s)
    elif how == "func":
        conv.register_structure_hook_func(lambda t: t is Period, only_2000s)
    elif how == "factory":
        conv.register_structure_hook_factory(lambda t: t is Period, lambda t: only_2000s)
    else:
        @conv.register_structure_hook_factory(lambda t: t is Period)
        def _factory(t: type) -> object:
            return only_2000s
    assert conv.quick() is None


def test_the_librarys_converter_gives_up_the_twin_for_a_users_hook() -> None:
    from tests.fresh import run_fresh

    out = run_fresh(
        "from childprotect.formats.convert import converter, loads\n"
        "from childprotect.documents.document import Period\n"
        "from childprotect.errors import InvalidPlanFile\n"
        "print(converter.quick() is not None)\n"
        "def only_2000s(v, _):\n"
        "    if v['start'] < 2000: raise ValueError('before 2000')\n"
        "    return Period(v['start'], v.get('end'))\n"
        "converter.register_structure_hook_func(lambda t: t is Period, only_2000s)\n"
        "print(converter.quick())\n"
        "try: loads('[{\"start\": 1990, \"end\": 1995}]', tuple[Period, ...])\n"
        "except InvalidPlanFile as e: print(e.problems)\n")
    assert out.splitlines() == ["True", "None", "['before 2000 @ $[0]']"]


def test_a_one_shot_iterator_is_read_once() -> None:
    """:func:`structure` reads its data in one pass: nothing is used up by a first try."""
    with pytest.raises(InvalidPlanFile) as info:
        structure(iter(["a", 1, "b"]), list[str])
    assert info.value.problems == ["expected a string, got 1 (int) @ $[1]"]


@pytest.mark.parametrize("bad", [None, 3, 150])
def test_a_class_met_often_gets_generated_code_that_agrees(bad: int | None) -> None:
    """Past its first objects, a class is built by cattrs's generated function: the same
    objects, and a bad one (before or after the switch) gets the same problems."""
    rows = [{"start": 2000 + i % 50, "end": 2001 + i % 50} for i in range(250)]
    if bad is not None:
        rows[bad]["end"] = "soon"
    with _generating_after(convert._GENERATE_AFTER):
        quick = _outcome(convert.converter.quick(), rows, tuple[Period, ...])
        if bad is None:
            assert quick == ("ok", convert.converter.structure(rows, tuple[Period, ...]))
            assert structure_parsed(rows, tuple[Period, ...]) == quick[1]
            return
        with pytest.raises(InvalidPlanFile) as info:
            structure_parsed(rows, tuple[Period, ...])
    assert quick[0] == "failed"
    assert list(info.value.problems) == [f"expected an integer, got 'soon' (str) @ $[{bad}].end"]


@pytest.mark.parametrize("after", [0, 100])
def test_the_twin_refuses_a_mapping_that_is_not_an_object_as_the_converter_does(
        after: int) -> None:
    rows: list[object] = [{"start": 2000, "end": 2001}] * 150
    rows.append(types.MappingProxyType({"start": 2000, "end": 2001}))
    with _generating_after(after):
        assert _outcome(convert.converter.quick(), rows, tuple[Period, ...])[0] == "failed"
        assert _outcome(convert.converter, rows, tuple[Period, ...])[0] == "failed"

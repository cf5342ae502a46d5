"""The strict converter (childprotect.formats.convert)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.documents.document import DateText, Period
from childprotect.errors import InvalidPlanFile
from childprotect.formats import convert
from childprotect.formats.convert import _format_exception, dumps, loads, structure, unstructure
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
        assert structure(plan, Plan) == detailed[1]
        return
    with pytest.raises(InvalidPlanFile) as info:
        structure(plan, Plan, "mutated.json")
    assert info.value.__context__ is None and info.value.__cause__ is None
    with pytest.raises(Exception) as detailed_error:
        converter.structure(plan, Plan)
    exc = detailed_error.value
    expected = (cattrs.transform_error(exc, "$", _format_exception)
                if isinstance(exc, cattrs.BaseValidationError)
                else [f"{_format_exception(exc, Plan)} @ $"])
    assert list(info.value.problems) == expected


def test_the_quick_twin_is_made_once_and_discarded_by_any_new_hook() -> None:
    from childprotect.formats.convert import converter

    conv = converter.copy()  # (not the library's own: the test registers hooks)
    twin = conv.quick()
    assert conv.quick() is twin
    assert twin.detailed_validation is False and conv.detailed_validation is True

    class Thing:
        pass

    for register in (
        lambda: conv.register_structure_hook(Thing, lambda v, _: Thing()),
        lambda: conv.register_structure_hook_func(lambda t: t is Thing, lambda v, _: Thing()),
        lambda: conv.register_structure_hook_factory(lambda t: t is Thing,
                                                     lambda t: lambda v, _: Thing()),
    ):
        register()
        assert conv.quick() is not twin
        assert isinstance(conv.quick().structure({}, Thing), Thing)
        twin = conv.quick()


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
            assert structure(rows, tuple[Period, ...]) == convert.converter.structure(
                rows, tuple[Period, ...])
            assert quick[0] == "ok"
            return
        with pytest.raises(InvalidPlanFile) as info:
            structure(rows, tuple[Period, ...])
    assert quick[0] == "failed"
    assert list(info.value.problems) == [f"expected an integer, got 'soon' (str) @ $[{bad}].end"]

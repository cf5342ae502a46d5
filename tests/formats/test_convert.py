"""The strict converter (childprotect.formats.convert)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.documents.document import DateText, Period
from childprotect.errors import InvalidPlanFile
from childprotect.formats.convert import dumps, loads, structure, unstructure
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

"""Plans, their file format and its JSON Schema (childprotect.plans.plan,
childprotect.formats.schemas)."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
from hypothesis import given, settings

from childprotect.errors import UnknownName, ValidationError
from childprotect.formats import catalog
from childprotect.formats.convert import dumps, loads, unstructure
from childprotect.formats.schemas import plan_schema
from childprotect.plans.plan import Plan, Section, section_parent
from tests.strategies import plans


@given(plans())
@settings(max_examples=50)
def test_plan_round_trip(plan: Plan) -> None:
    assert loads(dumps(plan), Plan) == plan


@pytest.mark.parametrize("plan_id", catalog.ids())
def test_bundled_plan_round_trip(plan_id: str) -> None:
    plan = catalog.load(plan_id)
    assert loads(dumps(plan), Plan) == plan


def test_shipped_schema_is_the_generated_one() -> None:
    shipped = json.loads(
        resources.files("childprotect").joinpath("formats/schemas/plan.schema.json").read_text("utf-8")
    )
    assert shipped == plan_schema(), "regenerate with: childprotect schema > " \
        "src/childprotect/formats/schemas/plan.schema.json"


@pytest.mark.parametrize("plan_id", catalog.ids())
def test_bundled_plans_follow_the_schema(plan_id: str) -> None:
    data = json.loads(catalog.plan_path(plan_id).read_text("utf-8"))
    jsonschema.Draft202012Validator(plan_schema()).validate(data)


@given(plans())
@settings(max_examples=25)
def test_generated_plans_follow_the_schema(plan: Plan) -> None:
    jsonschema.Draft202012Validator(plan_schema()).validate(unstructure(plan))


def test_section_ids_are_validated() -> None:
    with pytest.raises(ValidationError) as info:
        Section("2.a)", "x")
    assert "2.a)" in str(info.value)
    assert section_parent("IV.1.3") == "IV.1"


def test_duplicate_section_is_an_error() -> None:
    plan = catalog.load("hong-ngu-2020")
    with pytest.raises(ValidationError) as info:
        Plan(plan.id, plan.document, (plan.sections[0], plan.sections[0]))
    assert repr(plan.sections[0].id) in str(info.value)


def test_lookup_errors_name_the_id() -> None:
    plan = catalog.load("hai-phong-76-2020")
    assert plan.section("V.3").title_vi == "Sở Y tế"
    with pytest.raises(UnknownName) as info:
        plan.section("IX")
    assert "'IX'" in str(info.value)

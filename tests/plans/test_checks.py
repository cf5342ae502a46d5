"""``check(plan)`` gathers every module's anomalies in one stable order."""

from __future__ import annotations

import re

import pytest

from childprotect.formats import catalog
from childprotect.plans.checks import CHECKS, check


@pytest.mark.parametrize("plan_id", catalog.ids())
def test_check_is_the_union_of_the_module_checks(plan_id: str) -> None:
    plan = catalog.load(plan_id)
    found = check(plan)
    expected = sorted((a for fn in CHECKS for a in fn(plan)), key=repr)
    assert sorted(found, key=repr) == expected


def test_locations_sort_naturally() -> None:
    found = check(catalog.load("thua-thien-hue-208-2021"))
    numbers = [int(m.group(1)) for a in found
               if (m := re.fullmatch(r"matrix\[CT([0-9]+)\]", a.where))]
    assert numbers and numbers == sorted(numbers)


def _edited(edit: object) -> object:
    """Hồng Ngự's plan through its JSON form, with ``edit`` applied to the data."""
    from childprotect.formats.convert import structure, unstructure
    from childprotect.plans.plan import Plan

    data = unstructure(catalog.load("hong-ngu-2020"))
    edit(data)  # type: ignore[operator]
    return structure(data, Plan, "edited.json")


def test_a_target_in_a_section_the_plan_lacks_is_an_error() -> None:
    def edit(data: dict) -> None:  # type: ignore[type-arg]
        data["targets"][0]["section"] = "IX.9"

    plan = _edited(edit)
    found = [a for a in check(plan) if a.kind == "reference.section"]  # type: ignore[arg-type]
    assert [(a.where, a.text) for a in found] == [
        (f"targets[{plan.targets[0].id}]", "IX.9")]  # type: ignore[attr-defined]


def test_a_duty_feeding_a_report_no_duty_makes_is_an_error() -> None:
    def edit(data: dict) -> None:  # type: ignore[type-arg]
        duty = next(d for d in data["duties"] if d.get("feeds"))
        duty["feeds"] = ["hn-nowhere"]

    found = [a for a in check(_edited(edit)) if a.kind == "reference.feeds"]  # type: ignore[arg-type]
    assert [a.text for a in found] == ["hn-nowhere"] * len(found) and found


def test_control_characters_and_empty_titles_are_errors() -> None:
    def edit(data: dict) -> None:  # type: ignore[type-arg]
        data["sections"][0]["title_vi"] = " "
        data["targets"][1]["text_vi"] = data["targets"][1]["text_vi"] + "\x07"

    found = {(a.kind, a.where, a.text) for a in check(_edited(edit))  # type: ignore[arg-type]
             if a.severity.name == "ERROR"}
    assert ("section.empty-title", "sections[I]", " ") in found
    assert ("text.control-character", "targets[1].text_vi", "'\\x07'") in found


def test_the_bundled_plans_point_at_what_they_have() -> None:
    for plan_id in catalog.ids():
        assert not [a for a in check(catalog.load(plan_id))
                    if a.kind.startswith(("reference.", "text.control", "section.empty"))]

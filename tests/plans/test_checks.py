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

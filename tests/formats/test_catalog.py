"""The bundled catalogue (childprotect.formats.catalog)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from childprotect.errors import InvalidPlanFile, UnknownPlan
from childprotect.formats import catalog
from childprotect.formats.convert import dumps

SEED_IDS = {
    "bac-kan-419-2018", "thua-thien-hue-208-2021", "hai-phong-76-2020", "bac-kan-352-2019",
    "hong-ngu-2020",
}


NATIONAL_IDS = {"ttg-23-2021", "ttg-1493-2021", "ttg-1248-2021", "ttg-782-2021"}


def test_the_five_seed_plans_are_bundled() -> None:
    assert set(catalog.local_ids()) == SEED_IDS
    for plan in catalog.load_all(national=False):
        assert plan.id in SEED_IDS
        assert plan.sections
        assert plan.document.issuer.level.value in {"province", "district"}


def test_the_national_programmes_are_bundled_beside_them() -> None:
    assert set(catalog.national_ids()) == NATIONAL_IDS
    assert catalog.ids() == tuple(sorted(SEED_IDS | NATIONAL_IDS))
    for plan_id in NATIONAL_IDS:
        plan = catalog.load(plan_id)
        assert plan.document.issuer.level.value == "national"
        assert catalog.plan_path(plan_id).parent.name == "national"


def test_load_from_a_path(tmp_path: Path) -> None:
    plan = catalog.load("thua-thien-hue-208-2021")
    p = tmp_path / "mine.json"
    p.write_text(dumps(plan), "utf-8")
    assert catalog.load(p) == plan
    assert catalog.load(str(p)) == plan


def test_unknown_plan_suggests_close_ids() -> None:
    with pytest.raises(UnknownPlan) as info:
        catalog.load("hong-ngu")
    assert "hong-ngu-2020" in str(info.value)


def test_invalid_file_names_the_path(tmp_path: Path) -> None:
    data = json.loads(dumps(catalog.load("hong-ngu-2020")))
    data["document"]["number"] = 42
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(data), "utf-8")
    with pytest.raises(InvalidPlanFile) as info:
        catalog.load(p)
    assert str(p) in str(info.value)
    assert "$.document.number" in str(info.value)


def test_a_plan_file_that_does_not_exist_is_a_library_error(tmp_path: Path) -> None:
    """A path to a plan file that is not there raised a NameError (``Message`` was imported
    for type checking only)."""
    from childprotect.errors import UnknownPlan

    with pytest.raises(UnknownPlan, match="does not exist"):
        catalog.load(str(tmp_path / "nope.json"))


def test_reading_a_plan_loads_only_what_a_plan_is_made_of() -> None:
    """The first ``load_plan`` of a script pays for every module it imports: a plan names
    agencies by kind id and functions by value, so the agency registry, the succession
    table and the assessing modules wait until something asks for them."""
    from tests.fresh import loaded_after

    assert loaded_after("import childprotect; childprotect.load_plan('hong-ngu-2020')", [
        "childprotect.agencies.registry", "childprotect.agencies.succession",
        "childprotect.agencies.succession_table", "childprotect.units.model",
        "childprotect.plans.verdicts", "childprotect.plans.observed",
        "childprotect.agencies.functions", "childprotect.tables.display", "calendar",
        "locale"]) == ["childprotect.agencies.functions"]


def test_the_first_plan_is_read_without_generating_structuring_code() -> None:
    """cattrs's generated functions cost 0.5 ms each to compile; the first plan of a
    process is read by the converter's quick pass, which generates none."""
    from tests.fresh import run_fresh

    assert run_fresh("import linecache, childprotect; childprotect.load_plan('hong-ngu-2020'); "
                     "print(sum('cattrs generated' in k for k in linecache.cache))") == "0"

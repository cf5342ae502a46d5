"""Reading commune evaluation files: the maps of points and sub-items by their shape."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childprotect.errors import InvalidPlanFile
from childprotect.formats.communes import load_evaluations
from childprotect.i18n import use


def _commune(**extra: Any) -> dict[str, Any]:
    return {"code": "00001", "name": "Xã A", "category": "other", "category_source": "s",
            **extra}


def _write(tmp_path: Path, communes: list[dict[str, Any]]) -> Path:
    p = tmp_path / "e.json"
    p.write_text(json.dumps({"communes": communes}, ensure_ascii=False), "utf-8")
    return p


def test_points_as_a_list_are_named_by_their_path(tmp_path: Path) -> None:
    p = _write(tmp_path, [_commune(points={"TC1": 1}), _commune(points=[1, 2, 3])])
    with use("en"), pytest.raises(InvalidPlanFile) as err:
        load_evaluations(p)
    assert err.value.problems == [
        'expected an object of criterion → points such as {"TC1": 80, "TC2": "12.5"}, got a '
        "list @ $.communes[1].points"]
    assert str(p) in str(err.value)
    with use("vi"), pytest.raises(InvalidPlanFile) as err:
        load_evaluations(p)
    text = str(err.value)
    assert "cần một đối tượng tiêu chí → điểm" in text and "$.communes[1].points" in text
    assert "AttributeError" not in text and "items" not in text


def test_sub_items_of_the_wrong_shape_are_named(tmp_path: Path) -> None:
    p = _write(tmp_path, [_commune(sub_items=3), _commune(sub_items={"TC6": ["a"]})])
    with use("en"), pytest.raises(InvalidPlanFile) as err:
        load_evaluations(p)
    assert [x.rsplit(" @ ", 1)[1] for x in err.value.problems] == [
        "$.communes[0].sub_items", "$.communes[1].sub_items['TC6']"]
    assert "got a number" in err.value.problems[0]
    assert "got a list" in err.value.problems[1]


_NOT_A_MAP = st.one_of(st.lists(st.integers(), max_size=3), st.integers(), st.text(max_size=5),
                       st.booleans(), st.none(), st.floats(allow_nan=False, allow_infinity=False))


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_NOT_A_MAP, field=st.sampled_from(["points", "sub_items"]))
def test_anything_but_an_object_is_a_library_error(tmp_path: Path, value: object,
                                                   field: str) -> None:
    p = _write(tmp_path, [_commune(**{field: value})])
    with use("en"), pytest.raises(InvalidPlanFile) as err:
        load_evaluations(p)
    assert err.value.problems[0].endswith(f"@ $.communes[0].{field}")
    assert "Error" not in str(err.value)

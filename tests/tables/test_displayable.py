"""Result objects show as HTML tables in notebooks and convert to DataFrames."""

from __future__ import annotations

from typing import Any

import pytest

from childprotect.deadlines.schedules import schedule
from childprotect.formats import catalog
from childprotect.formats.counts import read_csv
from childprotect.plans.assessment import Observation, assess
from childprotect.rollup.aggregate import rollup
from childprotect.rollup.measures import Record
from childprotect.units.registry import bundled
from tests.paths import EXAMPLES

EXAMPLE_DATA = EXAMPLES / "data"


def _rollup() -> Any:
    with (EXAMPLE_DATA / "rollup-synthetic-hong-ngu-2024.csv").open(encoding="utf-8") as f:
        read, rows = read_csv(f)
        records = [Record(u, p, dict(zip(read.counts, v, strict=False))) for u, p, v in rows]
    return rollup(records, bundled(), read.measures)


def _objects() -> dict[str, Any]:
    plan = catalog.load("thua-thien-hue-208-2021")
    target = plan.target("CT6.1")
    return {
        "plan": plan,
        "target": target,
        "assessment": assess(target, Observation(2024, numerator=15, denominator=1000)),
        "schedule": schedule(plan, 2023),
        "rollup": _rollup(),
    }


@pytest.mark.parametrize("name", ["plan", "target", "assessment", "schedule", "rollup"])
def test_html_and_frame(name: str) -> None:
    obj = _objects()[name]
    html = obj._repr_html_()
    assert "<table" in html and "</table>" in html
    frame = obj.to_frame()
    assert len(frame) >= 1

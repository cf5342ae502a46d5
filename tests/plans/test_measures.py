"""The data dictionary of a plan (childprotect.plans.measures, ``childprotect measures``)."""

from __future__ import annotations

import json

import pytest

from childprotect import data
from childprotect.cli import main
from childprotect.formats import catalog
from childprotect.plans.measures import (
    RelationKind,
    labels,
    measure_column,
    measures_for,
    target_columns,
)
from childprotect.plans.plan import Plan
from childprotect.text.vntext import nfc

HUE = catalog.load("thua-thien-hue-208-2021")


def _bundled() -> dict[str, Plan]:
    """The bundled plans, the national decisions included."""
    national = [catalog.load(data.path(f"national/{n}.json")) for n in data.names("national")]
    return {p.id: p for p in (*catalog.load_all(), *national)}


def test_every_bundled_label_quotes_the_target_it_cites() -> None:
    plans = _bundled()
    for m in labels().values():
        t = plans[m.plan].target(m.target)
        assert m.name in (t.indicator.numerator, t.indicator.denominator), m.name  # type: ignore[union-attr]
        if m.quote is not None:
            assert nfc(m.quote) in t.text_vi, (m.name, m.quote)
        assert m.label_vi and m.label_en and m.unit_vi and m.unit_en


def test_every_measure_of_the_bundled_plans_has_a_label() -> None:
    for plan in _bundled().values():
        d = measures_for(plan)
        assert all(m.labelled for m in d.measures), [m.code for m in d.measures
                                                     if not m.labelled]


def test_the_hue_dictionary() -> None:
    d = measures_for(HUE)
    numeric = [t for t in HUE.targets if t.is_numeric and t.indicator is not None]
    columns = {c for t in numeric for c in target_columns(t) if c is not None}
    assert {m.code for m in d.measures} == columns and len(d.measures) == 51
    m = d.measure("children[0-4,rural]")
    assert (m.measure, m.options, m.targets, m.roles) == (
        "children", ("0-4", "rural"), ("CT3.3",), ("denominator",))
    assert m.label_vi == "tổng số trẻ em (trẻ em dưới 5 tuổi, nông thôn)"
    assert m.label_en == "all children (0-4, rural)"
    special = d.measure("children_special_circumstances")
    assert special.roles == ("numerator", "denominator") and special.targets == ("CT6.1", "CT6.2")
    assert special.source == "thua-thien-hue-208-2021 CT6.1: “trẻ em có hoàn cảnh đặc biệt”"
    relations = {str(r): r for r in d.relations}
    assert relations["children_special_circumstances_assisted ≤ "
                     "children_special_circumstances"].because == ("CT6.2",)
    assert relations["children[0] ≤ children[0-4]"].kind is RelationKind.PART_OF
    total = relations["children[0-4,rural] + children[0-4,urban] = children[0-4]"]
    assert total.kind is RelationKind.SUM_OF and total.because == ("CT3.3", "CT3.4")
    assert "children[0-4] ≤ children" in relations
    assert measure_column("children", ("0-4",)) == "children[0-4]"


def test_a_plans_own_words_are_cited_when_it_has_them() -> None:
    d = measures_for(catalog.load("hong-ngu-2020"))
    assert d.measure("children").source == "hong-ngu-2020 T1.1: “trên tổng số trẻ em”"
    assert "children_abused_or_violence" not in {m.code for m in d.measures}  # qualitative


def test_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["measures", HUE.id]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{HUE.id}: 51 số đo") and "tổng số trẻ em (trẻ em dưới 5 tuổi)" in out
    assert "children[0-4,rural] + children[0-4,urban] = children[0-4]" in out
    assert main(["measures", HUE.id, "--lang", "en"]) == 0
    assert "all children (0-4)" in capsys.readouterr().out
    assert main(["measures", "hong-ngu-2020", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("code,measure,options,label_vi,label_en") and len(lines) == 5
    assert main(["measures", HUE.id, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["plan"] == HUE.id and len(data["measures"]) == 51
    assert {"kind": "sum_of", "parts": ["children[0-4,rural]", "children[0-4,urban]"],
            "whole": "children[0-4]", "because": ["CT3.3", "CT3.4"]} in data["relations"]
    assert main(["measures", HUE.id, "--format", "json", "--lang", "en"]) == 0
    assert json.loads(capsys.readouterr().out) == data  # JSON never changes with the language

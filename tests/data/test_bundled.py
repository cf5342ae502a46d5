"""Bundled facts are read by the model modules from plain values (no converter below the
formats layer); each reader builds exactly what the library's converter builds from the
same file, so the two can never drift apart."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect import data
from childprotect.agencies import registry as agencies
from childprotect.agencies import succession
from childprotect.children import ages, groups, rules
from childprotect.communes import criteria, evaluation, procedure, scoring, shares
from childprotect.deadlines import calendar, casework
from childprotect.errors import InvalidPlanFile
from childprotect.formats.convert import structure
from childprotect.plans import measures as plan_measures
from childprotect.units import model as units_model
from childprotect.units import registry as units_registry

#: Each bundled file, the reader the model uses, and the class the converter builds.
BUNDLED: list[tuple[str, Callable[[object, str], Any], Any, Callable[[Any], Any]]] = [
    ("agencies.json", agencies.registry_of, agencies.Registry, lambda x: x),
    ("succession.json", succession.table_of, succession.SuccessionTable, lambda x: x),
    ("groups/luat-tre-em-2016.json", groups.taxonomy_of, groups.Taxonomy, lambda x: x),
    ("groups/ages.json", lambda v, s: data.build(v, s, ages._age_data), ages.AgeData,
     lambda x: x),
    ("groups/rules-luat-tre-em-2016.json", rules.rules_of, rules.RuleSet, lambda x: x),
    ("criteria/qd-06-2019-criteria.json", criteria.standard_of, criteria.CriteriaStandard,
     lambda x: x),
    ("criteria/qd-06-2019-procedure.json", procedure.procedure_of, procedure.Procedure,
     lambda x: x),
    ("criteria/qd-06-2019-recognition.json", evaluation.recognition_rule_of,
     evaluation.RecognitionRule, lambda x: x),
    ("criteria/scoring-qd-06-2019-reported.json", scoring.table_of, scoring.ScoringTable,
     lambda x: x),
    ("criteria/share-targets.json", shares.share_target_file_of, shares.ShareTargetFile,
     lambda x: x),
    ("calendar/vn-public-sector.json", calendar.calendar_data_of, calendar.CalendarData,
     lambda x: x),
    ("casework/nd56-2017.json", lambda v, s: data.build(v, s, casework._steps_file),
     casework._StepsFile, lambda x: x),
    ("units/vocabulary.json", units_model.vocabulary_of, units_model.Vocabulary, lambda x: x),
    ("measure-labels.json", plan_measures.labels_of, plan_measures.MeasureLabels, lambda x: x),
]


@pytest.mark.parametrize(("name", "read", "cls", "_"), BUNDLED, ids=[b[0] for b in BUNDLED])
def test_model_reader_builds_what_the_converter_builds(name: str, read: Any, cls: Any,
                                                      _: Any) -> None:
    plain = data.read_json(name)
    ours = read(plain, name)
    theirs = structure(plain, cls, name)
    assert ours == theirs


def test_units_reader_builds_what_the_converter_builds() -> None:
    plain = data.read_json("units/localities.json")
    reg = units_registry.registry_of(plain, "units/localities.json")
    units = structure(plain["units"], tuple[units_model.AdminUnit, ...])
    transitions = structure(plain["transitions"], tuple[units_model.Transition, ...])
    assert reg.units == units and reg.transitions == transitions


@pytest.mark.parametrize(("name", "read", "cls", "_"), BUNDLED, ids=[b[0] for b in BUNDLED])
def test_an_unknown_field_anywhere_is_named(name: str, read: Any, cls: Any, _: Any) -> None:
    plain = data.read_json(name)
    plain["colour"] = "red"
    with pytest.raises(InvalidPlanFile, match=r"unknown field 'colour' @ \$$"):
        read(plain, name)


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=12))
def test_readers_take_any_plain_value_and_raise_only_library_errors(value: object) -> None:
    for name, read, _cls, _ in BUNDLED:
        with contextlib.suppress(InvalidPlanFile):
            read(value, name)

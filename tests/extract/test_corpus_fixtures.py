"""The hand-encoded corpus targets: well formed, and each read from its file's text."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from childprotect.plans.indicators import Comparator, Direction, Recurrence
from childprotect.text.quantities import Unit
from childprotect.text.vntext import parse_decimal

from ..seedtext import CORPUS_DIR, flat

FIXTURES = Path(__file__).parent / "fixtures" / "corpus_targets.json"
DATA = json.loads(FIXTURES.read_text("utf-8"))


def test_every_target_is_well_formed() -> None:
    assert set(DATA["held_back"]) <= set(DATA["files"])
    assert 4 <= len(DATA["held_back"]) <= 5
    assert any(DATA["files"][f]["targets"] for f in DATA["held_back"])
    assert any(not DATA["files"][f]["targets"] for f in DATA["held_back"])
    ids = [t["id"] for e in DATA["files"].values() for t in e["targets"]]
    assert len(ids) == len(set(ids))
    for entry in DATA["files"].values():
        for t in entry["targets"]:
            Unit(t["unit"]), Comparator(t["comparator"]), Direction(t["direction"])
            Recurrence(t["recurrence"])
            assert Decimal(t["value"]) >= 0
            assert t["year"] is None or 2000 <= t["year"] <= 2100
            assert isinstance(t["baseline_needed"], bool)
            if t["range"] is not None:
                assert Decimal(t["range"]["low"]) <= Decimal(t["range"]["high"])


def test_counts_agree_with_the_corpus_inventory() -> None:
    counts = {name[:2]: len(e["targets"]) for name, e in DATA["files"].items()}
    assert {k: v for k, v in counts.items() if v} == {
        "01": 4, "02": 5, "04": 8, "14": 3, "18": 5, "20": 9, "22": 4}


@pytest.mark.corpus
def test_every_sentence_is_in_its_file_and_holds_its_value() -> None:
    assert sorted(DATA["files"]) == sorted(p.name for p in CORPUS_DIR.glob("*.txt"))
    for name, entry in DATA["files"].items():
        text = flat((CORPUS_DIR / name).read_text("utf-8"))
        for t in entry["targets"]:
            sentence = flat(t["sentence"])
            assert sentence in text, (name, t["id"])
            numbers = {parse_decimal(x) for x in
                       re.findall(r"[0-9]+(?:[.,][0-9]+)?", sentence)}
            assert Decimal(t["value"]) in numbers, (name, t["id"])
        for x in entry["not_counted"]:
            assert flat(x["text"]) in text, (name, x["text"])

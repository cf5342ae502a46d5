"""Point tables (reported, illustrative, user-loaded) and scoring one commune's points."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.communes.criteria import standard
from childprotect.communes.scoring import (
    CriterionScale,
    InvalidScoringTable,
    ScoringTable,
    SubItem,
    ValueStatus,
    load_table,
    score_criteria,
    table_ids,
)
from childprotect.errors import ChildProtectError, UnknownName
from childprotect.formats.convert import unstructure

REPORTED = load_table("qd-06-2019-reported")
FULL = load_table("qd-06-2019-illustrative")
IDS = standard().ids


def test_bundled_tables() -> None:
    assert set(table_ids()) == {"qd-06-2019-reported", "qd-06-2019-illustrative"}


def test_reported_values_of_the_reference() -> None:
    # legal-texts.md Part B.2 / law.md §3.2: TC1 = 100 (50 + 15 + 15 + a budget item),
    # TC6 up to 125 (50 + 75), TC7 up to 50.
    tc1 = REPORTED.scale("TC1")
    assert tc1.max_points == 100
    assert [s.max_points for s in tc1.sub_items] == [50, 15, 15, 20]
    assert [s.status for s in tc1.sub_items] == [ValueStatus.REPORTED] * 3 + [
        ValueStatus.INFERRED]
    assert tc1.sub_items[0].text_vi == "Có bố trí người làm công tác bảo vệ trẻ em (BVTE) cấp xã"
    assert "truncated" in (tc1.sub_items[3].note or "")
    tc6 = REPORTED.scale("Tiêu chí 6")
    assert (tc6.max_points, [s.max_points for s in tc6.sub_items]) == (125, [50, 75])
    assert REPORTED.scale(7).max_points == 50 and not REPORTED.scale(7).sub_items
    assert {c.criterion for c in REPORTED.criteria} == {"TC1", "TC6", "TC7"}
    for c in REPORTED.criteria:
        assert c.status is ValueStatus.REPORTED and c.source.startswith(("news", "http"))
        for s in c.sub_items:
            assert s.source


def test_reported_table_is_partial_and_cannot_score() -> None:
    assert not REPORTED.complete
    assert REPORTED.missing == tuple(i for i in IDS if i not in {"TC1", "TC6", "TC7"})
    assert not REPORTED.is_illustrative
    with pytest.raises(InvalidScoringTable, match="no scale for TC2"):
        score_criteria(REPORTED, {"TC1": Decimal(1)}, {}, "commune X", [])


def test_illustrative_table_extends_the_reported_one() -> None:
    assert FULL.complete and FULL.based_on == ("qd-06-2019-reported",)
    for c in REPORTED.criteria:
        assert FULL.scale(c.criterion) == c
    assert FULL.total is not None and FULL.max_total == FULL.total.points
    assert FULL.total.status is ValueStatus.INFERRED
    others = tuple(i for i in IDS if i not in {"TC1", "TC6", "TC7"})
    assert FULL.illustrative_values == others
    assert FULL.is_illustrative
    assert any("ILLUSTRATIVE" in n for n in FULL.notes)


def test_unknown_table_is_named() -> None:
    with pytest.raises(UnknownName, match="no-such-table"):
        load_table("no-such-table")


# --- table validation ------------------------------------------------------------------------


@given(st.lists(st.integers(1, 60), min_size=1, max_size=5), st.integers(1, 300))
def test_sub_items_must_add_up_to_the_maximum(parts: list[int], maximum: int) -> None:
    subs = tuple(SubItem(f"TC3.{i}", p, ValueStatus.ILLUSTRATIVE, "test")
                 for i, p in enumerate(parts, 1))
    if sum(parts) == maximum:
        assert CriterionScale("TC3", maximum, ValueStatus.ILLUSTRATIVE, "t", subs).sub_items
    else:
        with pytest.raises(InvalidScoringTable, match=f"add up to {sum(parts)} points"):
            CriterionScale("TC3", maximum, ValueStatus.ILLUSTRATIVE, "t", subs)


def test_sub_item_ids_must_belong_to_their_criterion() -> None:
    with pytest.raises(InvalidScoringTable, match="belongs to TC2"):
        CriterionScale("TC3", 5, ValueStatus.ILLUSTRATIVE, "t",
                       (SubItem("TC2.1", 5, ValueStatus.ILLUSTRATIVE, "t"),))
    with pytest.raises(InvalidScoringTable, match="duplicate sub-item"):
        CriterionScale("TC3", 10, ValueStatus.ILLUSTRATIVE, "t",
                       (SubItem("TC3.1", 5, ValueStatus.ILLUSTRATIVE, "t"),) * 2)
    with pytest.raises(InvalidScoringTable, match=r"'TC1\.2'"):
        SubItem("1.2", 5, ValueStatus.ILLUSTRATIVE, "t")


@pytest.mark.parametrize("bad", [0, -5])
def test_maxima_must_be_positive(bad: int) -> None:
    with pytest.raises(InvalidScoringTable, match="positive"):
        CriterionScale("TC3", bad, ValueStatus.ILLUSTRATIVE, "t")


def test_table_rejects_unknown_and_repeated_criteria_and_a_wrong_total() -> None:
    scale = CriterionScale("TC3", 5, ValueStatus.ILLUSTRATIVE, "t")
    with pytest.raises(InvalidScoringTable, match="unknown criterion 'TC14'"):
        ScoringTable("x", "x", "qd-06-2019", "c",
                     (CriterionScale("TC14", 5, ValueStatus.ILLUSTRATIVE, "t"),))
    with pytest.raises(InvalidScoringTable, match="TC3 is given twice"):
        ScoringTable("x", "x", "qd-06-2019", "c", (scale, scale))
    with pytest.raises(InvalidScoringTable, match="unknown standard"):
        ScoringTable("x", "x", "qd-34-2014", "c", (scale,))
    data = unstructure(FULL)
    data["total"]["points"] = 999
    with pytest.raises(ChildProtectError, match="add up to 1000 points, but the table "
                       "declares a total of 999"):
        _structure(data)


def _structure(data: dict[str, Any]) -> ScoringTable:
    from childprotect.formats.convert import structure

    return structure(data, ScoringTable)


def _write(tmp_path: Path, name: str, data: dict[str, Any]) -> Path:
    p = tmp_path / name
    p.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return p


def test_user_table_file_with_bad_sub_items_is_an_error(tmp_path: Path) -> None:
    data = unstructure(REPORTED)
    data["criteria"][0]["sub_items"][3]["max_points"] = 25
    with pytest.raises(ChildProtectError, match="TC1: the sub-items add up to 105 points, "
                       "but the criterion's maximum is 100"):
        load_table(_write(tmp_path, "t.json", data))


def test_user_table_extending_a_bundled_one(tmp_path: Path) -> None:
    own = {"id": "mine", "extends": "qd-06-2019-reported", "title_en": "t",
           "standard": "qd-06-2019", "clause": "c",
           "criteria": [{"criterion": c, "max_points": 10, "status": "official",
                         "source": "my copy of the official table"}
                        for c in REPORTED.missing]}
    t = load_table(_write(tmp_path, "mine.json", own))
    assert t.complete and not t.is_illustrative and t.based_on == ("qd-06-2019-reported",)
    # Extending a file by a relative path, and repeating a base criterion.
    again = {**own, "id": "again", "extends": "mine.json",
             "criteria": [{"criterion": "TC2", "max_points": 10, "status": "official",
                           "source": "s"}]}
    with pytest.raises(ChildProtectError, match="TC2 is given twice"):
        load_table(_write(tmp_path, "again.json", again))
    loop = {**own, "id": "loop", "extends": "loop.json", "criteria": []}
    with pytest.raises(InvalidScoringTable, match="loops back"):
        load_table(_write(tmp_path, "loop.json", loop))


def test_table_file_with_float_points_is_rejected(tmp_path: Path) -> None:
    p = tmp_path / "f.json"
    p.write_text(json.dumps(unstructure(REPORTED)).replace('"max_points": 50', '"max_points": 50.0',
                                                             1), "utf-8")
    with pytest.raises(ChildProtectError, match=r"50\.0"):
        load_table(p)


# --- scoring ---------------------------------------------------------------------------------


def _full_points() -> dict[str, Decimal]:
    return {c.criterion: Decimal(c.max_points) for c in FULL.criteria}


def test_scores_in_criterion_order_with_any_key_spelling() -> None:
    pts = {"Tiêu chí 13": Decimal(7), "tc2": Decimal(3), "e": Decimal(100)}
    problems: list[str] = []
    scores = score_criteria(FULL, pts, {}, "X", problems)
    assert problems == []
    assert [(s.criterion, s.points) for s in scores] == [
        ("TC2", Decimal(3)), ("TC6", Decimal(100)), ("TC13", Decimal(7))]
    assert scores[1].lost == Decimal(25)


@given(st.sampled_from(IDS), st.integers(1, 50))
def test_points_above_the_maximum_name_commune_and_criterion(cid: str, extra: int) -> None:
    limit = FULL.scale(cid).max_points
    problems: list[str] = []
    out = score_criteria(FULL, {cid: Decimal(limit + extra)}, {}, "commune 'Xã A' (001)",
                         problems)
    assert out == ()
    assert problems == [f"commune 'Xã A' (001), {cid}: {limit + extra} points is above the "
                        f"maximum of {limit}"]


@given(st.sampled_from(IDS), st.data())
def test_points_up_to_the_maximum_are_kept_exactly(cid: str, data: st.DataObject) -> None:
    limit = FULL.scale(cid).max_points
    cents = data.draw(st.integers(0, limit * 100))
    value = Decimal(cents) / 100
    problems: list[str] = []
    (s,) = score_criteria(FULL, {cid: value}, {}, "X", problems)
    assert problems == [] and s.points == value and s.lost == limit - value


def test_other_point_faults() -> None:
    problems: list[str] = []
    score_criteria(FULL, {"TC1": Decimal(-1), "TC99": Decimal(1), "TC2": Decimal(1),
                          "Tiêu chí 2": Decimal(1)}, {}, "C", problems)
    assert problems == [
        "C, TC1: -1 points is negative",
        "C, criterion 'TC99': unknown criterion (the standard has TC1 … TC13)",
        "C, TC2: given twice (as 'TC2' and 'Tiêu chí 2')",
    ]


def test_sub_items_give_the_criterion_points() -> None:
    problems: list[str] = []
    subs = {"TC1": {"TC1.1": Decimal(50), "2": Decimal(15), "TC1.3": Decimal(0),
                    "TC1.4": Decimal(5)}}
    (s,) = score_criteria(FULL, {}, subs, "C", problems)
    assert problems == []
    assert s.points == 70 and [i for i, _ in s.sub_items] == ["TC1.1", "TC1.2", "TC1.3",
                                                             "TC1.4"]


def test_sub_item_faults() -> None:
    cases = [
        ({}, {"TC1": {"TC1.1": Decimal(51), "TC1.2": 0, "TC1.3": 0, "TC1.4": 0}},
         "C, TC1.1: 51 points is above the maximum of 50"),
        ({}, {"TC1": {"TC1.9": Decimal(1)}},
         "C, TC1: unknown sub-item 'TC1.9' (known: TC1.1, TC1.2, TC1.3, TC1.4)"),
        ({}, {"TC1": {"TC1.1": Decimal(1)}},
         "C, TC1: sub-item(s) TC1.2, TC1.3, TC1.4 not given (give every sub-item, 0 where none "
         "were earned)"),
        ({}, {"TC2": {"TC2.1": Decimal(1)}},
         "C, TC2: the scoring table 'qd-06-2019-illustrative' has no sub-items for this "
         "criterion; give its points only"),
        ({"TC6": Decimal(120)}, {"TC6": {"TC6.1": Decimal(50), "TC6.2": Decimal(75)}},
         "C, TC6: points 120 disagree with the sum of its sub-items, 125"),
    ]
    for pts, subs, message in cases:
        problems: list[str] = []
        subs = {k: {i: Decimal(v) for i, v in d.items()} for k, d in subs.items()}
        assert score_criteria(FULL, pts, subs, "C", problems) == ()
        assert problems == [message]


def test_full_marks_sum_to_the_table_total() -> None:
    problems: list[str] = []
    scores = score_criteria(FULL, _full_points(), {}, "C", problems)
    assert problems == [] and sum(s.points for s in scores) == FULL.max_total
    assert all(s.lost == 0 for s in scores)

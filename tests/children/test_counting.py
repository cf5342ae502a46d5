"""Counting children by group (childprotect.children.counting)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from fractions import Fraction
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.children.classification import classify
from childprotect.children.counting import GroupCounter, GroupCounts
from childprotect.children.facts import Facts, ParentFacts
from childprotect.children.groups import taxonomy
from childprotect.errors import UnknownName, ValidationError

CODES = taxonomy("luat-tre-em-2016").codes
child_sets = st.lists(st.frozensets(st.sampled_from(CODES), max_size=5), max_size=60)


def test_default_codes_are_the_fourteen_groups() -> None:
    assert GroupCounter().codes == CODES


def test_example_counts() -> None:
    # three children: one in a and d, one in d, one in no group; and one in đ given as "dd"
    r = GroupCounter.of([{"a", "d"}, {"d"}, set(), ["dd"]]).counts()
    assert r.children == 4
    assert r.distinct == 3
    assert r.as_dict()["a"] == 1 and r.count("d") == 2 and r.count("đ") == 1
    assert r.sum_of_groups() == 4
    assert r.overlap_of("a", "d") == r.overlap_of("d", "a") == 1
    assert r.overlap_of("a", "đ") == 0
    assert r.share(population=30) == Fraction(1, 10)


def _naive(sets: list[frozenset[str]]) -> tuple[dict[str, int], int, dict[tuple[str, str], int]]:
    per = Counter(code for s in sets for code in s)
    distinct = sum(1 for s in sets if s)
    pairs = Counter(p for s in sets for p in combinations(sorted(s), 2))
    return per, distinct, pairs


@given(child_sets)
def test_counts_agree_with_a_plain_count(sets: list[frozenset[str]]) -> None:
    r = GroupCounter.of(sets).counts()
    per, distinct, pairs = _naive(sets)
    assert r.as_dict() == {c: per.get(c, 0) for c in CODES}
    assert r.distinct == distinct and r.children == len(sets)
    for (a, b), n in pairs.items():
        assert r.overlap_of(a, b) == n


@given(child_sets)
def test_invariants(sets: list[frozenset[str]]) -> None:
    r = GroupCounter.of(sets).counts()
    assert all(n >= 0 for n in r.per_group)
    assert all(n >= 0 for row in r.overlap for n in row)
    assert r.distinct <= r.sum_of_groups()
    assert r.distinct >= max(r.per_group, default=0)
    assert r.distinct <= r.children
    for i in range(len(CODES)):
        assert r.overlap[i][i] == r.per_group[i]
        for j in range(len(CODES)):
            assert r.overlap[i][j] == r.overlap[j][i] <= min(r.per_group[i], r.per_group[j])


@given(child_sets, child_sets)
def test_merging_equals_counting_the_concatenation(a: list[frozenset[str]],
                                                   b: list[frozenset[str]]) -> None:
    merged = (GroupCounter.of(a) + GroupCounter.of(b)).counts()
    assert merged == GroupCounter.of(a + b).counts()
    # and adding in pieces equals adding at once
    c = GroupCounter()
    for s in a:
        c.add(s)
    c.update(b)
    assert c.counts() == merged


@given(child_sets)
def test_masks_and_sets_agree(sets: list[frozenset[str]]) -> None:
    by_sets = GroupCounter.of(sets)
    by_masks = GroupCounter()
    by_masks.update_masks(by_sets.mask(s) for s in sets)
    assert by_masks.counts() == by_sets.counts()
    assert sum(by_sets.histogram().values()) == len(sets)


def test_bad_input() -> None:
    c = GroupCounter()
    with pytest.raises(UnknownName, match="'z'"):
        c.update([{"a"}, {"z"}])
    with pytest.raises(ValidationError, match="not one string"):
        c.update(["ad"])  # a string is not a set of codes
    with pytest.raises(ValidationError):
        c.update_masks([1 << 14])
    with pytest.raises(ValidationError):
        c.update_masks([-1])
    with pytest.raises(ValidationError, match="different codes"):
        c.merge(GroupCounter(["a", "b"]))
    with pytest.raises(ValidationError, match="repeated"):
        GroupCounter(["a", "dd", "đ"])
    with pytest.raises(ValidationError):
        GroupCounts(CODES, 0, (0,) * 14, 0, ((0,) * 14,) * 14).share(0)
    r = GroupCounter.of([{"a"}, {"b"}]).counts()
    with pytest.raises(ValidationError, match="less than"):
        r.share(1)


def test_user_category_codes() -> None:
    c = GroupCounter([*CODES, "at-risk"])
    c.update([{"a", "at-risk"}, {"at-risk"}])
    r = c.counts()
    assert r.count("at-risk") == 2 and r.overlap_of("a", "at-risk") == 1


def test_counting_classifications() -> None:
    on = dt.date(2020, 1, 1)
    results = [
        classify(Facts.benign(birth=dt.date(2012, 1, 1), hiv=True, disability=None), on=on),
        classify(Facts.benign(birth=dt.date(2012, 1, 1), hiv=True, raped=True), on=on),
        classify(Facts.benign(birth=dt.date(2000, 1, 1), hiv=True), on=on),  # not a child
        classify(Facts.benign(birth=dt.date(2012, 1, 1)), on=on),
        classify(Facts(birth=dt.date(2012, 1, 1), father=ParentFacts(dead=True)), on=on),
    ]
    c = GroupCounter()
    c.update_classified(results)
    r = c.counts()
    assert r.children == 4 and r.not_children == 1
    assert r.count("đ") == 2 and r.count("l") == 1 and r.distinct == 2
    assert r.undetermined == 2  # the first (disability unknown) and the last


def test_repr_shows_no_child() -> None:
    c = GroupCounter.of([{"a"}])
    assert repr(c) == "GroupCounter(codes=14, children=1)"

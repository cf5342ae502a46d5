"""The targets of the five seed plans against the seed texts (childprotect data files)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from childprotect.errors import InvalidNumber
from childprotect.formats import catalog
from childprotect.plans.indicators import Change, Comparator, Direction, Recurrence
from childprotect.plans.targets import Target
from childprotect.text.quantities import Unit
from childprotect.text.vntext import parse_decimal
from tests.seedtext import SEED_FILES, flat, flat_seed

pytestmark = pytest.mark.seeds

_NUMBER = re.compile(r"[0-9](?:[0-9.,]*[0-9])?")
#: How each unit is written in the seeds.
_UNIT_MARK = {
    Unit.PERCENT: re.compile(r"%"),
    Unit.PER_THOUSAND: re.compile(r"p/1000"),
    Unit.PER_100000: re.compile(r"/100\.000"),
    Unit.VND: re.compile(r"triệu đồng"),
}


def _numbers(text: str) -> set[Decimal]:
    out: set[Decimal] = set()
    for m in _NUMBER.finditer(text):
        try:
            n = parse_decimal(m.group(0))
        except InvalidNumber:
            continue
        out.add(n)
        if text[m.end():].lstrip().startswith("triệu"):
            out.add(n * 1_000_000)
    return out


@pytest.mark.parametrize("plan_id", sorted(SEED_FILES))
def test_every_target_is_verbatim_in_its_seed_with_its_numbers(plan_id: str) -> None:
    seed = flat_seed(plan_id)
    plan = catalog.load(plan_id)
    sections = {s.id for s in plan.sections}
    for t in plan.targets:
        assert flat(t.text_vi) in seed, f"{t.id}: text not found verbatim in the seed"
        assert t.section in sections, f"{t.id}: unknown section {t.section}"
        assert t.text_en.strip(), f"{t.id}: no English label"
        if t.value is not None:
            assert t.value in _numbers(t.text_vi), f"{t.id}: {t.value} is not written in its text"
        if t.upper is not None:
            assert t.upper in _numbers(t.text_vi)
        unit = t.unit
        if unit in _UNIT_MARK:
            assert _UNIT_MARK[unit].search(t.text_vi), f"{t.id}: unit {unit} not in its text"


def _by_id(plan_id: str) -> dict[str, Target]:
    return {t.id: t for t in catalog.load(plan_id).targets}


def _sample(t: Target, comparator: Comparator, value: str | None, unit: Unit | None) -> None:
    assert t.comparator is comparator, t.id
    assert t.value == (None if value is None else Decimal(value)), t.id
    assert t.unit is unit, t.id


def test_hue_208_2021() -> None:
    seed = flat_seed("thua-thien-hue-208-2021")
    numbers = sorted(int(n) for n in re.findall(r"Chỉ tiêu ([0-9]+):", seed))
    assert numbers == list(range(1, 19))
    targets = _by_id("thua-thien-hue-208-2021")
    assert len(targets) == 33
    assert {t.base_id for t in targets.values()} == {f"CT{n}" for n in numbers}
    # "Chỉ tiêu 3" alone is four: stunting < 9 %, underweight < 7 %, overweight < 5 % rural
    # and < 8 % urban, all under 5
    ct3 = [t for t in targets.values() if t.base_id == "CT3"]
    assert [(t.comparator, t.value) for t in ct3] == [
        (Comparator.BELOW, Decimal(v)) for v in ("9", "7", "5", "8")]
    assert all(any(c.option == "0-4" for c in t.disaggregation) for t in ct3)
    assert [c.option for c in targets["CT3.3"].disaggregation if c.dimension.value == "area"] \
        == ["rural"]
    _sample(targets["CT2.1"], Comparator.BELOW, "1", Unit.PER_THOUSAND)
    _sample(targets["CT2.2"], Comparator.REDUCE_TO, "0.8", Unit.PER_THOUSAND)
    _sample(targets["CT6.1"], Comparator.BELOW, "1.5", Unit.PERCENT)
    _sample(targets["CT6.2"], Comparator.ABOVE, "90", Unit.PERCENT)
    assert targets["CT6.2"].parent == "CT6.1" and targets["CT12.2"].parent == "CT12.1"
    _sample(targets["CT8"], Comparator.BELOW, "0.005", Unit.PERCENT)
    _sample(targets["CT9.1"], Comparator.REDUCE_TO, "550", Unit.PER_100000)
    _sample(targets["CT9.2"], Comparator.BELOW, "15", Unit.PER_100000)
    _sample(targets["CT11.1"], Comparator.ELIMINATE, None, Unit.COUNT)
    ct11 = targets["CT11.2"]
    _sample(ct11, Comparator.ANNUAL_REDUCTION, "2", Unit.PERCENT)
    assert (ct11.upper, ct11.change, ct11.recurrence) == (Decimal(3), Change.RELATIVE,
                                                          Recurrence.ANNUAL)
    _sample(targets["CT13.1"], Comparator.ABOVE, "99", Unit.PERCENT)
    _sample(targets["CT14.1"], Comparator.REACH, "100", Unit.PERCENT)
    _sample(targets["CT15.2"], Comparator.BELOW, "0.1", Unit.PERCENT)
    _sample(targets["CT16.2"], Comparator.REACH, "60", Unit.PERCENT)
    assert targets["CT1.1"].scope.every and targets["CT1.2"].direction is Direction.MAINTAIN
    assert {t.year for t in targets.values() if t.id != "CT11.1"} == {2025}


def test_bac_kan_419_2018() -> None:
    targets = _by_id("bac-kan-419-2018")
    assert list(targets) == ["T1.1", "T1.2", "T2", "T3"]
    _sample(targets["T1.1"], Comparator.BELOW, "1.5", Unit.PERCENT)
    _sample(targets["T1.2"], Comparator.QUALITATIVE, None, None)
    _sample(targets["T2"], Comparator.REACH, "85", Unit.PERCENT)
    _sample(targets["T3"], Comparator.REACH, "100", Unit.PERCENT)
    assert targets["T3"].scope.every and targets["T3"].scope.level is not None
    assert targets["T3"].scope.level.value == "district"
    assert {t.year for t in targets.values()} == {2018}


def test_bac_kan_352_2019() -> None:
    targets = _by_id("bac-kan-352-2019")
    assert list(targets) == ["T1", "T2"]
    _sample(targets["T1"], Comparator.ABOVE, "70", Unit.PERCENT)
    _sample(targets["T2"], Comparator.REACH, "100", Unit.PERCENT)
    assert "trên 70%" in flat_seed("bac-kan-352-2019")


def test_hai_phong_76_2020() -> None:
    seed = flat_seed("hai-phong-76-2020")
    part = seed[seed.index("2. Mục tiêu cụ thể"):seed.index("II. CÁC HOẠT ĐỘNG")]
    letters = re.findall(r"(?:^|\. |: )([a-zđ])\) ", part)
    assert letters == ["a", "b", "c", "d", "đ", "e"]
    targets = _by_id("hai-phong-76-2020")
    assert len(targets) == 10
    assert {t.base_id for t in targets.values()} == set(letters)
    for t in targets.values():
        if t.is_numeric:
            _sample(t, Comparator.REACH, "100", Unit.PERCENT)
    assert [t.id for t in targets.values() if not t.is_numeric] == ["b.2", "đ.2"]
    assert {t.year for t in targets.values()} == {2025}


def test_hong_ngu_2020() -> None:
    targets = _by_id("hong-ngu-2020")
    assert list(targets) == ["T1.1", "T1.2", "T1.3", "T2", "T3"]
    _sample(targets["T1.1"], Comparator.BELOW, "3", Unit.PERCENT)
    _sample(targets["T2"], Comparator.REACH, "93", Unit.PERCENT)
    t3 = targets["T3"]
    _sample(t3, Comparator.REACH, "300000000", Unit.VND)
    assert [(p.value, p.per_unit) for p in t3.parts] == [
        (Decimal(100_000_000), False), (Decimal(20_000_000), True)]
    assert "20 triệu đồng/01 xã, thị trấn" in flat_seed("hong-ngu-2020")

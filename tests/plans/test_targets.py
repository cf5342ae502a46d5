"""Targets: indicators, comparators, validation, parts, checks, serialisation, CLI
(childprotect.plans.targets, childprotect.cli.cmd_targets)."""

from __future__ import annotations

import json
import operator
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.cli import main
from childprotect.documents.document import AdminLevel, Period
from childprotect.errors import InvalidPlanFile, ValidationError
from childprotect.formats import catalog
from childprotect.formats.convert import dumps, loads, structure, unstructure
from childprotect.plans.checks import check as check_plan
from childprotect.plans.indicators import (
    AmountPart,
    Baseline,
    Category,
    Change,
    Comparator,
    Dimension,
    Direction,
    Indicator,
    Recurrence,
    Scope,
    UnitCount,
    Verification,
)
from childprotect.plans.targets import Target, check, implied_total
from childprotect.text.dates import PartialDate
from childprotect.text.quantities import Quantity, Unit

SHARE = Indicator("tỷ lệ trẻ em có hoàn cảnh đặc biệt", "share of children in special "
                  "circumstances", Unit.PERCENT, "children_special_circumstances", "children")
GOOD_SHARE = attrs.evolve(SHARE, higher_is_better=True)
COUNT = Indicator("số cuộc tảo hôn", "number of child marriages", Unit.COUNT, "child_marriages")
FUND = Indicator("số tiền vận động", "amount raised", Unit.VND, "child_fund_raised")


def make(comparator: Comparator, value: str | None = "1.5", **kw: object) -> Target:
    direction = kw.pop("direction", None) or {
        Comparator.MAINTAIN: Direction.MAINTAIN,
        Comparator.AT_LEAST: Direction.INCREASE, Comparator.ABOVE: Direction.INCREASE,
    }.get(comparator, Direction.DECREASE)
    fields: dict[str, object] = {"text_en": "x", "comparator": comparator,
                                 "direction": direction, "indicator": SHARE}
    if value is not None:
        fields["value"] = Decimal(value)
    if comparator is Comparator.MAINTAIN:
        fields["indicator"] = GOOD_SHARE
    fields.update(kw)
    return Target("CT6", "chỉ tiêu", "I.2", **fields)  # type: ignore[arg-type]


# --- comparator semantics ------------------------------------------------------------------

decimals = st.decimals(min_value=0, max_value=100, places=4, allow_nan=False,
                       allow_infinity=False)

RELATION: dict[Comparator, Callable[[Decimal, Decimal], bool]] = {
    Comparator.BELOW: operator.lt,
    Comparator.AT_MOST: operator.le,
    Comparator.AT_LEAST: operator.ge,
    Comparator.ABOVE: operator.gt,
    Comparator.REDUCE_TO: operator.le,
    Comparator.MAINTAIN: operator.ge,  # the indicator says higher is better
}


@pytest.mark.parametrize("comparator", list(RELATION))
@given(v=decimals, x=decimals)
def test_met_exactly_when_the_comparator_says_so(comparator: Comparator, v: Decimal,
                                                 x: Decimal) -> None:
    t = make(comparator, str(v))
    assert t.meets(x) is RELATION[comparator](x, v)
    assert t.meets(Fraction(x)) is RELATION[comparator](x, v)


@given(v=decimals, x=decimals, up=st.booleans())
def test_reach_is_equal_or_better_in_the_direction(v: Decimal, x: Decimal, up: bool) -> None:
    d = Direction.INCREASE if up else Direction.DECREASE
    t = make(Comparator.REACH, str(v), direction=d)
    assert t.meets(x) is ((x >= v) if up else (x <= v))
    assert t.meets(v)  # reaching the value exactly is always met


@given(x=decimals)
def test_eliminate_means_zero(x: Decimal) -> None:
    t = make(Comparator.ELIMINATE, None, indicator=COUNT)
    assert t.meets(x) is (x == 0)


@given(v=decimals, x=decimals, b=st.decimals(min_value=Decimal("0.0001"), max_value=100,
                                             places=4), relative=st.booleans())
def test_reduce_by_relative_or_points(v: Decimal, x: Decimal, b: Decimal,
                                      relative: bool) -> None:
    change = Change.RELATIVE if relative else Change.POINTS
    t = make(Comparator.REDUCE_BY, str(v), change=change, baseline=Baseline(2020, b))
    # cross-multiplied, so no division is involved in the expectation
    expected = (b - x) * 100 >= v * b if relative else b - x >= v
    assert t.meets(x) is expected
    assert t.unit is (Unit.PERCENT if relative else SHARE.unit)


def test_boundaries_from_the_seed_texts() -> None:
    ct6 = make(Comparator.BELOW, "1.5")  # "xuống dưới 1,5%"
    assert not ct6.meets(Decimal("1.5")) and ct6.meets(Decimal("1.4999"))
    above = make(Comparator.ABOVE, "90")  # "trên 90%"
    assert not above.meets(90) and above.meets(Decimal("90.0001"))
    assert make(Comparator.REDUCE_TO, "0.8").meets(Decimal("0.8"))  # "xuống 0.8"


def test_floats_are_refused() -> None:
    with pytest.raises(ValidationError, match=r"'CT6'.*0\.015"):
        make(Comparator.BELOW).meets(0.015)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"'CT6'.*1\.5"):
        Target("CT6", "x", text_en="x", comparator=Comparator.BELOW,
               direction=Direction.DECREASE, indicator=SHARE, value=1.5)  # type: ignore[arg-type]


def test_non_level_targets_cannot_be_compared_with_one_value() -> None:
    with pytest.raises(ValidationError, match="no baseline"):
        make(Comparator.REDUCE_BY, "10", change=Change.RELATIVE).meets(1)
    annual = make(Comparator.ANNUAL_REDUCTION, "2", upper=Decimal(3), change=Change.RELATIVE,
                  indicator=COUNT, recurrence=Recurrence.ANNUAL, period=Period(2021, 2025))
    with pytest.raises(ValidationError, match="annual_reduction"):
        annual.meets(1)
    assert annual.unit is Unit.PERCENT and annual.level() is None


# --- validation: every bad field is named with its target and value -----------------------

@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"comparator": Comparator.BELOW, "value": Decimal(-1)}, "-1"),
        ({"comparator": Comparator.BELOW, "value": Decimal(150)}, "150"),
        ({"comparator": Comparator.BELOW, "value": None}, "needs a value"),
        ({"comparator": Comparator.QUALITATIVE, "value": Decimal(1)}, "qualitative"),
        ({"comparator": Comparator.ELIMINATE, "value": Decimal(0)}, "give no value"),
        ({"comparator": Comparator.REDUCE_TO, "direction": Direction.INCREASE}, "decrease"),
        ({"comparator": Comparator.REACH, "direction": Direction.MAINTAIN}, "reach"),
        ({"comparator": Comparator.MAINTAIN, "direction": Direction.MAINTAIN,
          "indicator": SHARE}, "higher is better"),
        ({"comparator": Comparator.MAINTAIN, "direction": Direction.INCREASE,
          "indicator": GOOD_SHARE}, "direction maintain"),
        ({"comparator": Comparator.REDUCE_BY}, "relative or in points"),
        ({"comparator": Comparator.BELOW, "change": Change.POINTS}, "only applies"),
        ({"comparator": Comparator.BELOW, "upper": Decimal(3)}, "upper 3"),
        ({"comparator": Comparator.ANNUAL_REDUCTION, "change": Change.RELATIVE,
          "upper": Decimal(1), "recurrence": Recurrence.ANNUAL,
          "period": Period(2021, 2025)}, "below value"),
        ({"comparator": Comparator.ANNUAL_REDUCTION, "change": Change.RELATIVE},
         "recurs every year"),
        ({"comparator": Comparator.BELOW, "recurrence": Recurrence.ANNUAL}, "period"),
        ({"comparator": Comparator.BELOW, "year": 2030, "period": Period(2021, 2025)},
         "2030"),
        ({"comparator": Comparator.BELOW, "indicator": None}, "needs an indicator"),
        ({"comparator": Comparator.BELOW, "parent": "CT6"}, "own parent"),
        ({"comparator": Comparator.AT_MOST, "indicator": COUNT, "value": Decimal("2.5")},
         "2.5"),
        ({"comparator": Comparator.AT_LEAST, "direction": Direction.INCREASE,
          "parts": (AmountPart("x", "x", AdminLevel.DISTRICT, Decimal(1)),)}, "parts"),
    ],
)
def test_bad_targets_name_the_target_and_the_value(kwargs: dict[str, object],
                                                   message: str) -> None:
    fields: dict[str, object] = {"text_en": "x", "direction": Direction.DECREASE,
                                 "indicator": SHARE, "value": Decimal("1.5")}
    fields.update(kwargs)
    with pytest.raises(ValidationError) as info:
        Target("CT6", "chỉ tiêu", **fields)  # type: ignore[arg-type]
    assert "'CT6'" in str(info.value) and message in str(info.value)


def test_bad_parts_of_a_target_file_give_their_path() -> None:
    data = unstructure(catalog.load("hong-ngu-2020").target("T3"))
    data["value"] = "-5"
    with pytest.raises(InvalidPlanFile) as info:
        structure(data, Target, "hong-ngu.json")
    assert "'T3'" in str(info.value) and "-5" in str(info.value)
    data = unstructure(catalog.load("hong-ngu-2020").target("T3"))
    data["value"] = 300000000.0
    with pytest.raises(InvalidPlanFile, match=r"\$\.value"):
        structure(data, Target)


@pytest.mark.parametrize("bad", ["CT", "ct1", "CT1.", "A", "T1a", "1", "b.x", ""])
def test_target_ids_follow_the_plans_numbering(bad: str) -> None:
    with pytest.raises(ValidationError, match="target id"):
        Target(bad, "x", text_en="x", comparator=Comparator.QUALITATIVE,
               direction=Direction.INCREASE)


@pytest.mark.parametrize("good", ["CT1", "CT3.2", "a", "đ.2", "e", "T1", "T1.3"])
def test_target_ids_accepted(good: str) -> None:
    t = Target(good, "x", text_en="x", comparator=Comparator.QUALITATIVE,
               direction=Direction.INCREASE)
    assert t.base_id == good.split(".")[0] and t.unit is None and not t.is_numeric


def test_indicator_rules() -> None:
    with pytest.raises(ValidationError, match="numerator and a denominator"):
        Indicator("x", "x", Unit.PERCENT, "a")
    with pytest.raises(ValidationError, match="no denominator"):
        Indicator("x", "x", Unit.COUNT, "a", "b")
    with pytest.raises(ValidationError, match="measure name"):
        Indicator("x", "x", Unit.COUNT, "Trẻ em")
    assert SHARE.rate(15, 1000) == Fraction(3, 2)
    with pytest.raises(ValidationError, match="zero denominator"):
        SHARE.rate(0, 0)
    with pytest.raises(ValidationError, match="exceeds"):
        SHARE.rate(5, 4)
    with pytest.raises(ValidationError, match="negative"):
        SHARE.rate(-1, 4)
    events = Indicator("x", "injuries", Unit.PER_100000, "injuries", "children", bounded=False)
    assert events.rate(5, 4) == 125000


def test_scope_and_disaggregation_rules() -> None:
    with pytest.raises(ValidationError, match="level"):
        Scope(every=True)
    with pytest.raises(ValidationError, match="rural"):
        Category(Dimension.AREA, "countryside", "x")
    with pytest.raises(ValidationError, match="age band"):
        Category(Dimension.AGE, "5-2", "x")
    assert Category(Dimension.AGE, "0-4", "trẻ em dưới 5 tuổi").option == "0-4"


# --- unit conversions round-trip --------------------------------------------------------------

rate_units = st.sampled_from([Unit.PERCENT, Unit.PER_THOUSAND, Unit.PER_100000])


@given(v=st.decimals(min_value=0, max_value=10**6, places=6), a=rate_units, b=rate_units)
def test_unit_conversions_round_trip(v: Decimal, a: Unit, b: Unit) -> None:
    q = Quantity(v, a)
    back = q.to(b).to(a)
    assert back.value == v and back.unit is a
    # and the conversion agrees with exact fractions
    assert Fraction(q.to(b).value) == Fraction(v) * (b.factor or 0) / (a.factor or 1)


# --- serialisation round-trips through childprotect.formats.convert -------------------------

indicators = st.builds(
    Indicator, name_vi=st.text(min_size=1, max_size=20), name_en=st.text(max_size=20),
    unit=rate_units, numerator=st.just("children_x"), denominator=st.just("children"),
    bounded=st.just(True), higher_is_better=st.booleans())


@st.composite
def targets(draw: st.DrawFn) -> Target:
    comparator = draw(st.sampled_from(Comparator))
    ind = draw(indicators)
    value = draw(st.decimals(min_value=0, max_value=100, places=3))
    fields: dict[str, object] = {
        "text_en": draw(st.text(max_size=20)), "comparator": comparator,
        "direction": {Comparator.MAINTAIN: Direction.MAINTAIN,
                      Comparator.INCREASE_BY: Direction.INCREASE}.get(
            comparator, Direction.DECREASE),
        "indicator": ind, "value": value,
        "year": draw(st.none() | st.integers(2021, 2025)),
        "disaggregation": tuple(draw(st.lists(st.sampled_from([
            Category(Dimension.AREA, "rural", "nông thôn"),
            Category(Dimension.AGE, "0-4", "trẻ em dưới 5 tuổi")]), unique=True))),
        "scope": draw(st.sampled_from([Scope(), Scope(AdminLevel.COMMUNE, True, "100% xã")])),
        "parent": draw(st.none() | st.just("CT1")),
        "notes": tuple(draw(st.lists(st.text(max_size=10), max_size=2))),
    }
    if comparator is Comparator.QUALITATIVE:
        fields.update(value=None, indicator=draw(st.none() | st.just(ind)))
    elif comparator is Comparator.ELIMINATE:
        fields.update(value=None)
    elif comparator in (Comparator.REDUCE_BY, Comparator.INCREASE_BY):
        fields.update(change=draw(st.sampled_from(Change)),
                      baseline=draw(st.none() | st.builds(Baseline, st.integers(2015, 2020),
                                                          st.just(Decimal("2.5")))))
    elif comparator is Comparator.ANNUAL_REDUCTION:
        fields.update(change=Change.RELATIVE, upper=value + 1 if value < 99 else None,
                      recurrence=Recurrence.ANNUAL, period=Period(2021, 2025))
    if fields["year"] is not None:
        fields["year_inferred"] = draw(st.none() | st.just("the text states no year"))
    return Target(draw(st.sampled_from(["CT6", "CT3.2", "a", "đ.1", "T2"])),
                  draw(st.text(min_size=1, max_size=30)), draw(st.none() | st.just("I.2")),
                  **fields)  # type: ignore[arg-type]


@given(targets())
def test_targets_round_trip(t: Target) -> None:
    assert loads(dumps(t), Target) == t


@pytest.mark.parametrize("plan_id", catalog.ids())
def test_bundled_targets_round_trip(plan_id: str) -> None:
    for t in catalog.load(plan_id).targets:
        assert structure(unstructure(t), Target) == t


# --- amounts with parts, and check(plan) ------------------------------------------------------

def _fund(count: int | None, verification: Verification = Verification.SECONDARY) -> Target:
    units = None if count is None else UnitCount(count, "xã, thị trấn", PartialDate(2020, 1, 1),
                                                 "Nghị quyết 838/NQ-UBTVQH14", verification)
    return Target(
        "T3", "đạt 300 triệu đồng; trong đó, cấp Huyện là 100 triệu đồng, cấp xã 20 triệu đồng",
        "I", text_en="fund", comparator=Comparator.REACH, direction=Direction.INCREASE,
        indicator=FUND, value=Decimal(300_000_000), parts=(
            AmountPart("cấp Huyện", "district", AdminLevel.DISTRICT, Decimal(100_000_000)),
            AmountPart("cấp xã", "per commune", AdminLevel.COMMUNE, Decimal(20_000_000),
                       per_unit=True, units=units)))


@given(n=st.integers(0, 200))
def test_implied_total_is_fixed_plus_per_unit_times_count(n: int) -> None:
    assert implied_total(_fund(n)) == 100_000_000 + 20_000_000 * n
    assert implied_total(_fund(None)) is None
    assert implied_total(_fund(None), units=n) == 100_000_000 + 20_000_000 * n


def _plan_with(*targets: Target) -> object:
    plan = catalog.load("hong-ngu-2020")
    return attrs.evolve(plan, targets=targets)


def test_parts_and_total_agree_for_hong_ngus_ten_communes() -> None:
    plan = catalog.load("hong-ngu-2020")
    t3 = plan.target("T3")
    assert t3.parts[1].units is not None and t3.parts[1].units.count == 10
    assert "838/NQ-UBTVQH14" in t3.parts[1].units.source
    assert not [a for a in check(plan) if a.kind.startswith("target.parts")]


@pytest.mark.parametrize("n", [9, 11, 12])
def test_parts_and_total_disagree_for_another_number_of_communes(n: int) -> None:
    found = check(_plan_with(_fund(n)))  # type: ignore[arg-type]
    (a,) = [a for a in found if a.kind == "target.parts-total-mismatch"]
    assert a.where == "targets[T3]"
    vi = a.explain("vi")
    assert f"{100 + 20 * n} triệu đồng" in vi and "là 300 triệu đồng" in vi
    assert f"{n} xã, thị trấn" in vi
    assert f"{100 + 20 * n} million dong" in a.explain("en")


def test_parts_without_a_count_or_with_an_unverified_one_are_reported() -> None:
    kinds = [a.kind for a in check(_plan_with(_fund(None)))]  # type: ignore[arg-type]
    assert kinds == ["target.parts-unchecked"]
    kinds = [a.kind for a in check(_plan_with(_fund(10, Verification.UNVERIFIED)))]  # type: ignore[arg-type]
    assert kinds == ["target.parts-count-unverified"]


def test_sub_targets_and_years_are_checked() -> None:
    child = make(Comparator.ABOVE, "90", parent="CT9", direction=Direction.INCREASE)
    found = check(_plan_with(child))  # type: ignore[arg-type]
    assert [a.kind for a in found] == ["target.unknown-parent"]
    parent = attrs.evolve(make(Comparator.BELOW), id="CT9")
    wrong = attrs.evolve(child, indicator=Indicator("x", "x", Unit.PERCENT, "assisted", "other"))
    found = check(_plan_with(parent, wrong))  # type: ignore[arg-type]
    assert [a.kind for a in found] == ["target.sub-target-mismatch"]
    late = attrs.evolve(make(Comparator.BELOW), year=2030)
    found = check(_plan_with(late))  # type: ignore[arg-type]
    assert [a.kind for a in found] == ["target.year-outside-plan"]


@pytest.mark.parametrize("plan_id", catalog.ids())
def test_bundled_sub_targets_are_consistent(plan_id: str) -> None:
    plan = catalog.load(plan_id)
    assert not [a for a in check_plan(plan) if a.kind.startswith("target.")]
    ids = {t.id for t in plan.targets}
    for t in plan.targets:
        assert t.parent is None or t.parent in ids


# --- the command line -------------------------------------------------------------------------

def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("plan_id", catalog.ids())
def test_targets_command_json(capsys: pytest.CaptureFixture[str], plan_id: str) -> None:
    code, out, _ = run(capsys, "targets", plan_id, "--format", "json")
    assert code == 0
    rows = json.loads(out)
    plan = catalog.load(plan_id)
    assert [r["id"] for r in rows] == [t.id for t in plan.targets]
    for r, t in zip(rows, plan.targets, strict=True):
        assert {"id", "comparator", "value", "unit", "year", "disaggregation",
                "section"} <= set(r)
        assert r["comparator"] == t.comparator.value and r["section"] == t.section
        assert r["value"] is None or (isinstance(r["value"], str)
                                      and Decimal(r["value"]) == t.value)


def test_targets_command_amounts_in_dong(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "targets", "hong-ngu-2020", "--format", "json")
    t3 = next(r for r in json.loads(out) if r["id"] == "T3")
    assert (t3["value"], t3["unit"], t3["implied_total"]) == ("300000000", "vnd", "300000000")
    assert [p["value"] for p in t3["parts"]] == ["100000000", "20000000"]


@pytest.mark.parametrize("fmt", ["text", "csv", "markdown"])
def test_targets_command_tables(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, _ = run(capsys, "targets", "thua-thien-hue-208-2021", "--format", fmt,
                       "--lang", "en")
    assert code == 0
    # a CSV file carries the codes; a table for people, the words of its language
    word = "annual_reduction" if fmt == "csv" else "reduce each year by"
    assert "CT11.2" in out and word in out and "2–3" in out
    if fmt == "csv":
        assert out.splitlines()[0].startswith("id,comparator,value,unit,year")
        assert main(["targets", "thua-thien-hue-208-2021", "--format", "csv"]) == 0
        vi = capsys.readouterr().out
        # codes and numbers the same in every language; only "what" is in words
        import csv

        def codes(text: str) -> list[list[str]]:
            return [r[:-1] for r in csv.reader(text.splitlines())]

        assert codes(vi) == codes(out) and vi != out
    else:
        assert main(["targets", "thua-thien-hue-208-2021", "--format", fmt]) == 0
        vi = capsys.readouterr().out
        assert "giảm hằng năm" in vi and "annual_reduction" not in vi and "‰" in vi


def test_targets_command_unknown_plan(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "targets", "no-such-plan")
    assert code == 2 and out == "" and "no-such-plan" in err


def test_standing_targets_baselines_without_a_value_and_sources() -> None:
    from childprotect.plans.indicators import TargetSource

    share = Indicator("x", "x", Unit.PERCENT, numerator="a", denominator="b")
    standing = Target("CT12", "Phấn đấu 100% …", text_en="100%", comparator=Comparator.REACH,
                      direction=Direction.INCREASE, indicator=share, value=Decimal(100),
                      recurrence=Recurrence.STANDING,
                      source=TargetSource("Điều 1", None, Verification.SECONDARY))
    assert standing.year is None and standing.source is not None
    with pytest.raises(ValidationError, match="standing target"):
        attrs.evolve(standing, year=2030)
    with pytest.raises(ValidationError, match="blank"):
        TargetSource("  ", None, Verification.PRIMARY)
    count = Indicator("x", "x", Unit.COUNT, numerator="a")
    fall = Target("T1", "Giảm 10% … so với năm 2020", text_en="-10%",
                  comparator=Comparator.REDUCE_BY, direction=Direction.DECREASE,
                  indicator=count, value=Decimal(10), change=Change.RELATIVE, year=2025,
                  baseline=Baseline(2020))
    assert fall.level() is None and fall.level(Fraction(300)) == 270
    with pytest.raises(ValidationError, match="no baseline"):
        fall.meets(Fraction(1))

"""A plan against the national programmes it implements (childprotect.plans.national)."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.cli import main
from childprotect.errors import ValidationError
from childprotect.formats import catalog
from childprotect.plans.checks import CHECKS
from childprotect.plans.checks import check as check_plan
from childprotect.plans.indicators import Comparator, Direction, Indicator
from childprotect.plans.national import (
    Link,
    Relation,
    Verdict,
    check,
    compare,
    in_period,
    links_of,
    require_national,
    verdict,
)
from childprotect.plans.plan import Plan
from childprotect.plans.targets import Target
from childprotect.text.quantities import Unit

HUE = "thua-thien-hue-208-2021"
ABUSED = Indicator("tỷ lệ trẻ em bị xâm hại", "share of children abused", Unit.PERCENT,
                   numerator="children_abused", denominator="children")


def _plan(*targets: Target, period: tuple[int, int] = (2026, 2030)) -> Plan:
    """A 2026–2030 provincial plan with these targets (Huế's document, a new period)."""
    hue = catalog.load(HUE)
    doc = attrs.evolve(hue.document,
                       period=attrs.evolve(hue.document.period, start=period[0], end=period[1]))
    return Plan("mine-2026", doc, hue.sections, targets)


def _abuse(value: str, year: int = 2030, *refs: str) -> Target:
    return Target("CT1", "Giảm tỷ lệ trẻ em bị xâm hại xuống dưới …", text_en="below …",
                  comparator=Comparator.BELOW, direction=Direction.DECREASE, indicator=ABUSED,
                  value=Decimal(value), year=year, implements=refs)


def test_a_province_aiming_below_the_national_2030_value_is_an_error() -> None:
    # Quyết định 23/QĐ-TTg Chỉ tiêu 9: trẻ em bị xâm hại dưới 4% vào năm 2030.
    plan = _plan(_abuse("5", 2030, "ttg-23-2021#CT9.2030"))
    found = check(plan, catalog.load_bundled)
    weaker = [a for a in found if a.kind == "national.weaker"]
    assert [(a.where, a.severity.value) for a in weaker] == [("targets[CT1]", "error")]
    assert "ttg-23-2021#CT9.2030" in weaker[0].explain("en")
    # The same value is fine as "below 4" or stricter.
    assert not [a for a in check(_plan(_abuse("4", 2030, "ttg-23-2021#CT9.2030")),
                                 catalog.load_bundled) if a.kind == "national.weaker"]


def test_years_that_differ_and_targets_left_out() -> None:
    plan = _plan(_abuse("4", 2030, "ttg-23-2021#CT9.2025"))
    found = check(plan, catalog.load_bundled)
    differs = [a for a in found if a.kind == "national.year-differs"]
    # the plan's 2030 is later than the national 2025: a warning
    assert [a.severity.value for a in differs] == ["warning"]
    missing = {a.where for a in found if a.kind == "national.no-counterpart"}
    # 2026–2030: the 2030 values (and the year-less and 2025–2030 targets) are due; the
    # 2025 values are not, and the one carried out is not listed.
    assert "national[ttg-23-2021#CT1.2030]" in missing
    assert "national[ttg-23-2021#CT13.2]" in missing  # 2–3% a year, 2025–2030
    assert "national[ttg-23-2021#CT1.2025]" not in missing
    assert "national[ttg-23-2021#CT9.2025]" not in missing
    # the plan says it implements the programme: targets left out are warnings
    assert {a.severity.value for a in found if a.kind == "national.no-counterpart"} == {
        "warning"}


def test_an_unknown_national_target_is_an_error() -> None:
    plan = _plan(_abuse("4", 2030, "ttg-23-2021#CT99.2030"), period=(2026, 2030))
    (bad,) = [a for a in check(plan, catalog.load_bundled)
              if a.kind == "national.unknown-target"]
    assert bad.severity.value == "error" and "CT99.2030" in bad.explain("en")
    plan = _plan(_abuse("4", 2030, "ttg-99-2021#CT9.2030"))
    assert [a.kind for a in check(plan, catalog.load_bundled)] == ["national.unknown-target"]


def test_a_malformed_reference_is_refused() -> None:
    with pytest.raises(ValidationError, match="is not a reference"):
        _abuse("4", 2030, "ttg-23-2021/CT9.2030")
    with pytest.raises(ValidationError, match="twice"):
        _abuse("4", 2030, "ttg-23-2021#CT9.2030", "ttg-23-2021#CT9.2030")


def test_check_runs_the_national_checks_only_with_a_resolver() -> None:
    hue = catalog.load(HUE)
    without = check_plan(hue)
    assert not [a for a in without if a.kind.startswith("national.")]
    with_national = check_plan(hue, national=catalog.load_bundled)
    extra = [a for a in with_national if a not in without]
    assert sorted(extra, key=repr) == sorted(check(hue, catalog.load_bundled), key=repr)
    assert len(with_national) == len(without) + len(extra)
    assert CHECKS  # the per-module checks are unchanged


def test_hue_against_decision_23() -> None:
    # data/implements.json: Huế's CT4.1 (trên 95%), CT4.2 (90% by 2025 against 98% by
    # 2030) and CT13.1 (trên 99%) are weaker; the links are the library's reading, so
    # they are warnings.
    found = check(catalog.load(HUE), catalog.load_bundled)
    weaker = sorted(a.where for a in found if a.kind == "national.weaker")
    assert weaker == ["targets[CT13.1]", "targets[CT4.1]", "targets[CT4.2]"]
    assert {a.severity.value for a in found if a.kind == "national.weaker"} == {"warning"}
    assert all(k.relation is Relation.CORRESPONDS for k in links_of(catalog.load(HUE)))


def test_compare_lists_every_national_target_once_or_per_link() -> None:
    hue, nat = catalog.load(HUE), catalog.load("ttg-23-2021")
    c = compare(hue, nat)
    assert [t.id for t in nat.targets] == list(dict.fromkeys(r.national.id for r in c.rows))
    linked = [k for k in links_of(hue) if k.national_plan == nat.id]
    assert sum(1 for r in c.rows if r.provincial is not None) == len(linked)
    for r in c.rows:
        if r.provincial is not None:
            assert r.verdict is verdict(r.provincial, r.national)
        else:
            assert r.verdict is None
    missing = {r.national.id for r in c.rows if r.provincial is None and r.in_period}
    assert missing == {"CT2.2025", "CT7.2030", "CT15.2025", "CT17.2.2025", "CT19.2025",
                       "CT20.1.2025", "CT22.2025", "CT24.2025"}


@given(st.integers(2021, 2035), st.integers(0, 10))
def test_in_period_of_a_yearly_target(start: int, length: int) -> None:
    from childprotect.documents.document import Period

    t = catalog.load("ttg-23-2021").target("CT9.2030")
    period = Period(start, start + length)
    assert in_period(t, period) is (2030 in period)


@given(st.fractions(min_value=0, max_value=100, max_denominator=1000),
       st.fractions(min_value=0, max_value=100, max_denominator=1000))
def test_weaker_means_some_value_meets_one_and_misses_the_other(p: Fraction,
                                                                 n: Fraction) -> None:
    prov = _abuse(str(Decimal(p.numerator) / Decimal(p.denominator)))
    nat = _abuse(str(Decimal(n.numerator) / Decimal(n.denominator)))
    v = verdict(prov, nat)
    # "below p" against "below n": weaker exactly when some x meets p and misses n.
    witness = (Fraction(prov.value) + Fraction(nat.value)) / 2  # type: ignore[arg-type]
    if v is Verdict.WEAKER:
        assert prov.value > nat.value  # type: ignore[operator]
        assert prov.meets(witness) and not nat.meets(witness)
    elif v is Verdict.EQUAL:
        assert prov.value == nat.value
    else:
        assert v is Verdict.STRONGER and prov.value < nat.value  # type: ignore[operator]


# --- the command line -------------------------------------------------------------------------


def test_compare_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", HUE, "ttg-23-2021", "--format", "json"]) == 1  # weaker targets
    out = json.loads(capsys.readouterr().out)
    assert out["counts"]["weaker"] == 3 and out["plan_period"] == "2021–2025"
    row = next(r for r in out["rows"] if r["target"] == "CT4.1")
    assert (row["national"], row["verdict"], row["value"], row["national_value"]) == (
        "CT5.1.2025", "weaker", "95", "97")
    assert main(["compare", HUE, "ttg-1493-2021", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("national_target,")  # CSV headers: codes in every language
    assert len(lines) == 1 + len(catalog.load("ttg-1493-2021").targets)
    assert main(["compare", HUE, "ttg-23-2021", "--lang", "en"]) == 1
    assert "3 weaker" in capsys.readouterr().out
    assert main(["compare", HUE, "ttg-23-2021"]) == 1
    out = capsys.readouterr().out
    assert "3 thấp hơn" in out
    # the verdicts in words for people (the CSV and JSON above keep the codes)
    row = next(line for line in out.splitlines() if line.startswith("CT5.1.2025"))
    assert "thấp hơn" in row and "weaker" not in row


@pytest.mark.parametrize(("plan", "level"), [
    ("hai-phong-76-2020", ("province", "tỉnh")), ("hong-ngu-2020", ("district", "huyện")),
    (HUE, ("province", "tỉnh"))])
def test_compare_refuses_a_plan_that_is_no_national_programme_as_the_national_one(
        plan: str, level: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", HUE, plan, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert f"NATIONAL_PLAN: {plan} is a plan of the {level[0]} level (" in err
    assert "not a national programme" in err
    assert main(["compare", HUE, plan]) == 2
    assert f"NATIONAL_PLAN: {plan} là kế hoạch cấp {level[1]} (" in capsys.readouterr().err
    # the library says so too, naming its own argument
    with pytest.raises(ValidationError, match=f"^national: {plan} is a plan of the"):
        compare(catalog.load(HUE), catalog.load(plan))


@pytest.mark.parametrize("national", ["ttg-23-2021", "ttg-1248-2021", "ttg-1493-2021",
                                      "ttg-782-2021"])
def test_every_bundled_national_programme_is_accepted_as_the_national_one(
        national: str) -> None:
    require_national(catalog.load(national), "NATIONAL_PLAN")
    # beside a provincial plan, whether or not any of its targets carries one out
    assert compare(catalog.load(HUE), catalog.load(national)).national_plan == national


def test_targets_json_of_a_national_programme(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["targets", "ttg-23-2021", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    plan = catalog.load("ttg-23-2021")
    assert [r["id"] for r in rows] == [t.id for t in plan.targets]
    for r in rows:
        if r["comparator"] in ("qualitative", "eliminate"):
            continue
        assert r["value"] is not None and r["unit"] and r["comparator"]
        assert r["year"] is not None or r["period"] is not None or r["recurrence"] != "once" \
            or r["id"] in {"CT13.1"}
        assert r["source"]["clause"].startswith("Điều 1") and r["source"]["verification"]
    ct9 = next(r for r in rows if r["id"] == "CT9.2030")
    assert (ct9["comparator"], ct9["value"], ct9["unit"], ct9["year"]) == (
        "below", "4", "percent", 2030)


@pytest.mark.parametrize(("plan", "other", "swapped"), [
    (HUE, "hai-phong-76-2020", False),  # a provincial plan given as the national one
    ("ttg-23-2021", HUE, True),  # the two in the wrong order
    (HUE, "hong-ngu-2020", False),  # a district's plan
])
def test_the_second_plan_must_be_national(plan: str, other: str, swapped: bool) -> None:
    """A provincial plan given as the national programme compared nothing and said "0
    weaker" (exit 0); it is an error naming the plan and its level."""
    with pytest.raises(ValidationError) as e:
        compare(catalog.load(plan), catalog.load(other))
    if swapped:
        assert "wrong order: ttg-23-2021 is the national programme" in str(e.value)
    else:
        assert f"{other} is a plan of the" in str(e.value)


NATIONAL = ["ttg-23-2021", "ttg-1493-2021", "ttg-1248-2021", "ttg-782-2021"]


@pytest.mark.parametrize("plan", NATIONAL)
@pytest.mark.parametrize("national", NATIONAL)
def test_two_national_programmes_with_nothing_linking_them_are_refused(
        plan: str, national: str) -> None:
    """They compared nothing ("0 stronger, 0 equal, 0 weaker") with exit code 0. No
    bundled programme carries out another's target."""
    first, second = catalog.load(plan), catalog.load(national)
    assert not any(k.national_plan == national for k in links_of(first))
    with pytest.raises(ValidationError, match=f"^{plan} is a national programme too"):
        compare(first, second)
    assert main(["--lang", "en", "compare", plan, national]) == 2


def test_a_national_programme_carrying_out_another_is_compared() -> None:
    """The refusal holds only when nothing links them: a link (the caller's own, here
    ttg-1248's injury-rate target carrying out ttg-23's) makes a comparison."""
    first, second = catalog.load("ttg-1248-2021"), catalog.load("ttg-23-2021")
    link = Link(plan="ttg-1248-2021", target="T1.1.2025", national="ttg-23-2021#CT11.1.2025",
                relation=Relation.CORRESPONDS, origin="test")
    got = compare(first, second, [link])
    (row,) = [r for r in got.rows if r.national.id == "CT11.1.2025"]
    assert row.provincial is not None and row.provincial.id == "T1.1.2025"
    assert row.verdict is Verdict.EQUAL  # (550 per 100,000 children by 2025 in both)


def test_compare_command_refuses_a_provincial_plan_as_national(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", HUE, "hai-phong-76-2020"]) == 2
    err = capsys.readouterr().err
    assert "hai-phong-76-2020 là kế hoạch cấp tỉnh" in err and "không phải một chương trình " \
        "quốc gia" in err

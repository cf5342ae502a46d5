"""The national programmes (data/national) against their sources, the schema and the library.

Each target's Vietnamese text must be found, character for character after NFC and
whitespace folding, in the excerpt of the source it was read from
(``tests/data/sources/*.txt``, each with its provenance at the top), and its value must
be written in that text. The links of provincial targets to national ones
(``data/implements.json``) must name real targets and state the verdict their values give.
"""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect import load_plan
from childprotect.formats import catalog
from childprotect.plans.indicators import Comparator, Verification
from childprotect.plans.national import Verdict, bundled_links, half_line, verdict
from childprotect.plans.plan import Plan
from childprotect.plans.targets import Target, check
from tests.paths import TEST_DATA

DATA = Path(str(resources.files("childprotect").joinpath("data")))
NATIONAL = DATA / "national"
SOURCES = TEST_DATA / "sources"
SCHEMA = json.loads(
    resources.files("childprotect").joinpath("formats/schemas/plan.schema.json").read_text("utf-8"))
EXCERPT = {"ttg-23-2021": "qd-23-2021-muc-tieu.txt", "ttg-1493-2021": "qd-1493-2021-muc-tieu.txt",
           "ttg-1248-2021": "qd-1248-2021-muc-tieu.txt", "ttg-782-2021": "qd-782-2021-muc-tieu.txt"}
IDS = sorted(EXCERPT)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _excerpt(plan_id: str) -> str:
    text = (SOURCES / EXCERPT[plan_id]).read_text("utf-8")
    assert "\n---\n" in text, "an excerpt file starts with its provenance, then '---'"
    return _fold(text.split("\n---\n", 1)[1])


def _plan(plan_id: str) -> Plan:
    return load_plan(NATIONAL / f"{plan_id}.json")


def test_the_national_files_are_the_ones_with_excerpts() -> None:
    assert sorted(p.stem for p in NATIONAL.glob("*.json")) == IDS


@pytest.mark.parametrize("plan_id", IDS)
def test_schema_and_library_accept_the_file(plan_id: str) -> None:
    raw = json.loads((NATIONAL / f"{plan_id}.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(raw)
    plan = _plan(plan_id)
    assert plan.id == plan_id
    assert plan.document.issuer.level.value == "national"
    assert plan.targets and plan.source
    assert check(plan) == []


@pytest.mark.parametrize("plan_id", IDS)
def test_every_target_text_is_in_its_source(plan_id: str) -> None:
    source = _excerpt(plan_id)
    missing = [t.id for t in _plan(plan_id).targets if _fold(t.text_vi) not in source]
    assert missing == []


def _written(value: Decimal) -> set[str]:
    """How a value may be written in Vietnamese text: 9,5 / 9.5 / 15.000 / 100."""
    plain = format(value, "f")
    forms = {plain, plain.replace(".", ",")}
    if value == value.to_integral_value() and value >= 1000:
        forms.add(f"{int(value):,}".replace(",", "."))
    return forms


@pytest.mark.parametrize("plan_id", IDS)
def test_every_value_is_written_in_its_text(plan_id: str) -> None:
    bad = []
    for t in _plan(plan_id).targets:
        for v in (t.value, t.upper):
            if v is not None and not any(
                    re.search(rf"(?<![0-9.,]){re.escape(f)}(?![0-9])", t.text_vi)
                    for f in _written(v)):
                bad.append((t.id, str(v)))
    assert bad == []


@pytest.mark.parametrize("plan_id", IDS)
def test_every_target_says_where_it_comes_from(plan_id: str) -> None:
    # The decision's clause and where it was read, or the source marked unverified.
    for t in _plan(plan_id).targets:
        assert t.source is not None and t.source.read_in, t.id
        if t.source.verification is not Verification.UNVERIFIED:
            assert t.source.clause is not None and t.source.clause.startswith("Điều 1"), t.id
            assert "http" in t.source.read_in, t.id
        else:
            assert "UNVERIFIED" in t.source.read_in, t.id


@pytest.mark.parametrize("plan_id", IDS)
def test_ids_end_with_their_year(plan_id: str) -> None:
    for t in _plan(plan_id).targets:
        m = re.search(r"\.([0-9]{4})$", t.id)
        if m:
            assert t.year == int(m.group(1)), t.id
        assert t.year is None or t.year in _plan(plan_id).document.period


def test_decision_23_has_all_24_indicators() -> None:
    plan = _plan("ttg-23-2021")
    assert {t.base_id for t in plan.targets} == {f"CT{n}" for n in range(1, 25)}
    # Every indicator has its 2030 value, except Chỉ tiêu 19 (2025 only) and the
    # year-less Chỉ tiêu 12 and 13 (source: tests/data/sources/qd-23-2021-muc-tieu.txt).
    with_2030 = {t.base_id for t in plan.targets if t.year == 2030}
    assert {f"CT{n}" for n in range(1, 25)} - with_2030 == {"CT12", "CT19"}


@pytest.mark.parametrize(("target_id", "comparator", "value", "unit"), [
    ("CT9.2030", "below", "4", "percent"),  # trẻ em bị xâm hại dưới 4%
    ("CT9.2025", "below", "4.5", "percent"),
    ("CT1.2030", "reach", "75", "percent"),  # xã phù hợp với trẻ em 75%
    ("CT11.1.2030", "reduce_to", "500", "per_100000"),  # tai nạn thương tích 500/100.000
    ("CT11.2.2030", "reduce_to", "15", "per_100000"),
    ("CT3.1.2030", "below", "9", "per_1000"),
    ("CT14.2030", "reach", "100", "percent"),
])
def test_decision_23_headline_values(target_id: str, comparator: str, value: str,
                                     unit: str) -> None:
    t = _plan("ttg-23-2021").target(target_id)
    assert (t.comparator.value, t.value, t.unit and t.unit.value) == (
        comparator, Decimal(value), unit)


def test_child_marriage_falls_2_to_3_percent_a_year_from_2025_to_2030() -> None:
    t = _plan("ttg-23-2021").target("CT13.2")
    assert t.comparator is Comparator.ANNUAL_REDUCTION
    assert (t.value, t.upper, t.change and t.change.value) == (Decimal(2), Decimal(3), "relative")
    assert t.period is not None and (t.period.start, t.period.end) == (2025, 2030)


@pytest.mark.parametrize(("target_id", "comparator", "value"), [
    ("T1.1.2030", "reduce_to", "8"),  # sơ sinh 8‰
    ("T1.3.2030", "below", "10"),  # dưới 1 tuổi < 10‰
    ("T1.5.2030", "below", "15"),  # dưới 5 tuổi < 15‰
    ("T1.1.2025", "reduce_to", "9"),
    ("T1.5.2025", "below", "18.5"),
])
def test_decision_1493_mortality(target_id: str, comparator: str, value: str) -> None:
    t = _plan("ttg-1493-2021").target(target_id)
    assert (t.comparator.value, t.value) == (comparator, Decimal(value))
    assert t.unit is not None and t.unit.value == "per_1000"


def test_what_was_not_read_verbatim_is_marked_unverified() -> None:
    # 1493: only the 2025 mortality line was read in the decision's text.
    for t in _plan("ttg-1493-2021").targets:
        assert t.source is not None
        unverified = t.source.verification is Verification.UNVERIFIED
        assert ("read verbatim" in t.source.read_in) != unverified, t.id
        assert unverified == (t.year == 2030 or not t.id.startswith("T1.")), t.id
    # 1248: nothing was read in the decision's own text.
    assert all(t.source is not None and t.source.verification is Verification.UNVERIFIED
               for t in _plan("ttg-1248-2021").targets)


def test_the_standing_target_and_the_baseline_without_a_value() -> None:
    # Quyết định 23 Chỉ tiêu 12 "Phấn đấu 100% trẻ em gặp thiên tai … được cứu trợ" states
    # no year: it holds over the programme's period. Quyết định 1248 "Giảm 10% số trẻ em bị
    # tử vong do đuối nước" is measured against 2020, whose number the summary does not give.
    ct12 = _plan("ttg-23-2021").target("CT12")
    assert ct12.recurrence.value == "standing" and ct12.year is None
    assert ct12.period is not None and (ct12.period.start, ct12.period.end) == (2021, 2030)
    drowning = _plan("ttg-1248-2021").target("T1.3.2025")
    assert drowning.baseline is not None
    assert (drowning.baseline.year, drowning.baseline.value) == (2020, None)
    assert drowning.level() is None and drowning.level(Fraction(200)) == 180


def test_the_party_resolution_is_a_numbered_basis() -> None:
    # Quyết định 1493/QĐ-TTg's first basis: Nghị quyết số 20-NQ/TW (25/10/2017).
    basis = _plan("ttg-1493-2021").document.bases[0]
    assert basis.number is not None and basis.number.party
    assert basis.number.canonical() == "20-NQ/TW"


# --- links of provincial targets to national ones ------------------------------------------

LINKS = json.loads((DATA / "implements.json").read_text("utf-8"))


def test_the_library_reads_every_link_of_the_file() -> None:
    got = {(k.plan, k.target, k.national, k.relation.value) for k in bundled_links().links}
    assert got == {(k["plan"], k["target"], k["national"], k["relation"])
                   for k in LINKS["links"]}


def _national(ref: str) -> Target:
    plan_id, target_id = ref.split("#")
    return _plan(plan_id).target(target_id)


@pytest.mark.parametrize("link", LINKS["links"], ids=lambda k: f"{k['target']}>{k['national']}")
def test_link_verdicts_follow_from_the_values(link: dict[str, object]) -> None:
    provincial = catalog.load(str(link["plan"])).target(str(link["target"]))
    national = _national(str(link["national"]))
    assert link["verdict"] == verdict(provincial, national).value
    years = link.get("years")
    if provincial.year == national.year:
        assert years is None
    else:
        assert years == {"plan": provincial.year, "national": national.year}
    assert provincial.indicator is not None and national.indicator is not None
    assert (provincial.indicator.numerator, provincial.indicator.denominator) == (
        national.indicator.numerator, national.indicator.denominator)


def test_hue_immunisation_and_kindergarten_are_weaker_than_decision_23() -> None:
    # Huế 208/KH-UBND: "trên 95%" under-1s fully immunised, "trên 99%" 5-year-olds in
    # kindergarten; Quyết định 23/QĐ-TTg Chỉ tiêu 5 and 16: 97% and 99,1% by 2025.
    weak = {(k["target"], k["national"]) for k in LINKS["links"] if k["verdict"] == "weaker"}
    assert ("CT4.1", "ttg-23-2021#CT5.1.2025") in weak
    assert ("CT13.1", "ttg-23-2021#CT16.2025") in weak
    hue = catalog.load("thua-thien-hue-208-2021")
    ninety_six = Fraction(96)
    assert hue.target("CT4.1").meets(ninety_six)
    assert not _national("ttg-23-2021#CT5.1.2025").meets(ninety_six)


def test_programmes_name_plans_that_exist() -> None:
    for entry in LINKS["programmes"]:
        assert entry["plan"] in catalog.ids()
        assert entry["source"] and entry["note"]


# --- invariants of the comparison ----------------------------------------------------------

THRESHOLDS = [t for i in IDS for t in _plan(i).targets if half_line(t) is not None]


@given(st.sampled_from(THRESHOLDS), st.fractions(min_value=Fraction(1, 1000), max_value=10))
def test_a_target_meets_values_on_its_side_only(t: Target, delta: Fraction) -> None:
    line = half_line(t)
    assert line is not None
    up, closed, bound = line
    inside, outside = (bound + delta, bound - delta) if up else (bound - delta, bound + delta)
    assert t.meets(inside) and not t.meets(outside)
    assert t.meets(bound) is closed


@given(st.sampled_from(THRESHOLDS), st.sampled_from(THRESHOLDS))
def test_verdict_is_antisymmetric(a: Target, b: Target) -> None:
    ab, ba = verdict(a, b), verdict(b, a)
    assert ba is ab.flipped()
    assert verdict(a, a) is Verdict.EQUAL

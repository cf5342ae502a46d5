"""Classifying a child from facts (childprotect.children.classification)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from childprotect.children.classification import Classification, classify
from childprotect.children.facts import (
    Answer,
    CareSetting,
    DisabilityLevel,
    DrugTreatment,
    Facts,
    Household,
    Migration,
    Nationality,
    ParentFacts,
    fact_paths,
)
from childprotect.children.groups import TaxonomyNotInForce, taxonomy
from childprotect.children.rules import Rule, RuleSet, RuleSpec, rules_for
from childprotect.errors import InvalidPlanFile, ValidationError
from childprotect.formats.convert import structure, unstructure

TAX = taxonomy("luat-tre-em-2016")
RULES = rules_for("luat-tre-em-2016")
ON = dt.date(2020, 9, 1)
CHILD = dt.date(2011, 3, 15)  # aged 9 on ON
P = ParentFacts
CS = CareSetting

# One example per sub-group, the facts read off the clause (Nghị định 56/2017 Điều 3–16);
# every other fact is left unknown.
EXAMPLES: list[tuple[str, dict[str, Any]]] = [
    # Điều 3: mồ côi cả cha và mẹ …
    ("a.1", dict(father=P(dead=True), mother=P(dead=True), care_setting=CS.NO_CARER)),
    ("a.2", dict(father=P(dead=True), mother=P(dead=True), care_setting=CS.FACILITY)),
    ("a.3", dict(father=P(dead=True), mother=P(dead=True), care_setting=CS.RELATIVES)),
    ("a.4", dict(father=P(dead=True), mother=P(dead=True),
                 care_setting=CS.NON_RELATIVE_FAMILY, adopted=False)),
    # Điều 4: bị bỏ rơi chưa được / được chăm sóc thay thế
    ("b.1", dict(abandoned=True, in_alternative_care=False)),
    ("b.2", dict(abandoned=True, in_alternative_care=True)),
    # Điều 5: không nơi nương tựa
    ("c.1", dict(father=P(dead=True), mother=P(missing=True))),
    ("c.1", dict(mother=P(dead=True), father=P(missing=True))),
    ("c.2", dict(father=P(dead=True), mother=P(in_social_assistance=True))),
    ("c.2", dict(mother=P(dead=True), father=P(unable_to_care=True))),
    ("c.3", dict(mother=P(dead=True), father=P(detained=True))),
    ("c.4", dict(father=P(missing=True), mother=P(missing=True))),
    ("c.5", dict(father=P(missing=True), mother=P(in_social_assistance=True))),
    ("c.6", dict(mother=P(missing=True), father=P(detained=True))),
    ("c.7", dict(father=P(unable_to_care=True), mother=P(unable_to_care=True))),
    ("c.8", dict(father=P(in_social_assistance=True), mother=P(in_social_assistance=True))),
    ("c.9", dict(father=P(detained=True), mother=P(detained=True))),
    ("c.10", dict(father=P(in_social_assistance=True), mother=P(detained=True))),
    ("c.11", dict(care_setting=CS.PARENTS, father=P(is_child=True), mother=P(is_child=True))),
    ("c.12", dict(father=P(rights_restricted=True), mother=P(rights_restricted=True))),
    ("c.12", dict(separated_from_parent=True)),
    # Điều 6: khuyết tật đặc biệt nặng / nặng / nhẹ
    ("d.1", dict(disability=DisabilityLevel.ESPECIALLY_SEVERE)),
    ("d.2", dict(disability=DisabilityLevel.SEVERE)),
    ("d.3", dict(disability=DisabilityLevel.MILD)),
    # Điều 7
    ("đ", dict(hiv=True)),
    # Điều 8: vi phạm pháp luật
    ("e.1", dict(admin_education_in_commune=True)),
    ("e.1", dict(admin_reformatory=True)),
    ("e.1", dict(admin_family_management=True)),
    ("e.2", dict(stable_residence_identified=False, admin_education_in_commune=True,
                 care_setting=CS.FACILITY)),
    ("e.3", dict(judicial_education_in_commune=True)),
    ("e.3", dict(judicial_reformatory=True)),
    ("e.3", dict(non_custodial_reform=True)),
    ("e.3", dict(imprisonment=True)),
    ("e.3", dict(suspended_sentence=True)),
    ("e.4", dict(completed_imprisonment=True)),
    ("e.4", dict(completed_reformatory=True)),
    # Điều 9: nghiện ma túy trong cơ sở cai nghiện / tại gia đình, cộng đồng
    ("g.1", dict(drug_addicted=True, drug_treatment=DrugTreatment.FACILITY)),
    ("g.2", dict(drug_addicted=True, drug_treatment=DrugTreatment.HOME_OR_COMMUNITY)),
    # Điều 10: bỏ học kiếm sống … không có người chăm sóc / sống cùng cha, mẹ …
    ("h.1", dict(dropped_out_to_earn_living=True, completed_lower_secondary=False,
                 care_setting=CS.NO_CARER)),
    ("h.2", dict(dropped_out_to_earn_living=True, completed_lower_secondary=False,
                 care_setting=CS.PARENTS)),
    ("h.2", dict(dropped_out_to_earn_living=True, completed_lower_secondary=False,
                 care_setting=CS.RELATIVES)),
    # Điều 11
    ("i", dict(subjected_to_violence=True, violence_harm_concluded=True)),
    # Điều 12: bị bóc lột
    ("k.1", dict(forced_labour=True)),
    ("k.2", dict(exploited_performance_or_pornography=True)),
    ("k.3", dict(exploited_sex_tourism_or_prostitution=True)),
    ("k.4", dict(exploited_drugs_or_banned_goods=True)),
    ("k.5", dict(exploited_other_profit=True)),
    # Điều 13: hiếp dâm, cưỡng dâm, giao cấu, dâm ô, mại dâm/khiêu dâm
    ("l.1", dict(raped=True)),
    ("l.2", dict(coerced_sex=True)),
    ("l.3", dict(sexual_intercourse=True)),
    ("l.4", dict(molested=True)),
    ("l.5", dict(used_for_prostitution_or_pornography=True)),
    # Điều 14: bị mua bán trở về sống với cha, mẹ / được nhận chăm sóc thay thế
    ("m.1", dict(trafficked=True, returned=True, care_setting=CS.PARENTS)),
    ("m.2", dict(trafficked=True, returned=True, in_alternative_care=True)),
    # Điều 15: hộ nghèo / hộ cận nghèo
    ("n.1", dict(serious_or_long_term_illness=True, household=Household.POOR)),
    ("n.2", dict(serious_or_long_term_illness=True, household=Household.NEAR_POOR)),
    # Điều 16
    ("o.1", dict(nationality=Nationality.VIETNAMESE, migration=Migration.WITHIN_VIETNAM,
                 parents_identified=False)),
    ("o.1", dict(nationality=Nationality.VIETNAMESE, migration=Migration.WITHIN_VIETNAM,
                 care_setting=CS.NO_CARER)),
    ("o.2", dict(nationality=Nationality.FOREIGN, migration=Migration.INTO_VIETNAM,
                 care_setting=CS.NO_CARER)),
    ("o.3", dict(nationality=Nationality.UNDETERMINED, migration=Migration.INTO_VIETNAM,
                 parents_identified=False)),
]


def test_every_subgroup_has_an_example() -> None:
    assert {code for code, _ in EXAMPLES} == {s.code for s in TAX.subgroups}


@pytest.mark.parametrize(("code", "facts"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_example_from_the_legal_text(code: str, facts: dict[str, Any]) -> None:
    r = classify(Facts(birth=CHILD, **facts), on=ON)
    sub = TAX.subgroup(code)
    assert r.child is Answer.YES
    assert r.finding(sub.group).answer is Answer.YES
    found = {s.subgroup.code: s for s in r.subgroups()}
    assert code in found
    assert found[code].citation == sub.citation
    assert found[code].rule == RULES.rule(code).text
    assert found[code].unknown == ()
    assert sub.group in r.codes()


@pytest.mark.parametrize(
    ("group", "facts", "answer"),
    [
        # Điều 3 k.4: "trừ trường hợp được nhận làm con nuôi"
        ("a", dict(father=P(dead=True), mother=P(dead=True),
                   care_setting=CS.NON_RELATIVE_FAMILY, adopted=True), Answer.NO),
        # an orphan of one parent whose other parent is alive and able
        ("a", dict(father=P(dead=True), mother=P(dead=False)), Answer.NO),
        ("c", dict(father=P(dead=True), separated_from_parent=False, mother=P(
            **{f.name: False for f in attrs.fields(P)})), Answer.NO),
        # Điều 11 needs the professional conclusion
        ("i", dict(subjected_to_violence=True, violence_harm_concluded=False), Answer.NO),
        ("i", dict(subjected_to_violence=True), Answer.CANNOT_TELL),
        # Điều 15: only poor or near-poor households
        ("n", dict(serious_or_long_term_illness=True, household=Household.OTHER), Answer.NO),
        ("n", dict(serious_or_long_term_illness=True), Answer.CANNOT_TELL),
        # Điều 10: only before completing lower-secondary education
        ("h", dict(dropped_out_to_earn_living=True, completed_lower_secondary=True), Answer.NO),
        # Điều 16 k.2: a foreign migrant child with a carer
        ("o", dict(nationality=Nationality.FOREIGN, migration=Migration.INTO_VIETNAM,
                   care_setting=CS.PARENTS), Answer.NO),
        # Điều 14: the sub-groups are children who have returned
        ("m", dict(trafficked=True, returned=False), Answer.NO),
        ("d", dict(disability=DisabilityLevel.NONE), Answer.NO),
        ("d", dict(), Answer.CANNOT_TELL),
        # Điều 4: an abandoned child is in group b whether or not in alternative care
        ("b", dict(abandoned=True), Answer.YES),
        # Điều 9: addicted, treatment unknown: one of g.1/g.2 may apply, or neither
        ("g", dict(drug_addicted=True), Answer.CANNOT_TELL),
        # both parents dead: the four care settings of Điều 3 are not all the settings
        ("a", dict(father=P(dead=True), mother=P(dead=True)), Answer.CANNOT_TELL),
        # a detained mother is alive: the child is no orphan of both parents
        ("a", dict(father=P(dead=True), mother=P(detained=True)), Answer.NO),
    ],
)
def test_negative_and_undecided_examples(group: str, facts: dict[str, Any],
                                         answer: Answer) -> None:
    assert classify(Facts(birth=CHILD, **facts), on=ON).finding(group).answer is answer


def test_cannot_tell_names_the_missing_facts() -> None:
    r = classify(Facts(birth=CHILD, father=P(dead=True)), on=ON)
    a1 = r.finding("a").subgroups[0]
    assert a1.answer is Answer.CANNOT_TELL
    assert a1.unknown == ("care_setting", "mother.dead")
    assert "mother.dead" in r.undecided_facts()
    assert r.finding("a").answer is Answer.CANNOT_TELL


def test_not_a_child() -> None:
    r = classify(Facts(birth=dt.date(2004, 9, 1), hiv=True), on=ON)  # 16 on ON
    assert r.child is Answer.NO and r.codes() == () and r.codes(Answer.CANNOT_TELL) == ()
    assert r.note is not None and "not a child" in r.note
    assert r.at_risk is Answer.NO
    r = classify(Facts(birth=dt.date(2004, 9, 2), hiv=True), on=ON)  # 15, a day short of 16
    assert r.child is Answer.YES and r.codes() == ("đ",)


def test_unknown_birth_makes_membership_uncertain() -> None:
    r = classify(Facts(hiv=True), on=ON)
    assert r.child is Answer.CANNOT_TELL
    assert r.finding("đ").answer is Answer.CANNOT_TELL
    assert r.finding("đ").subgroups[0].unknown == ("birth",)
    r = classify(Facts(birth=dt.date(2004, 1, 1).replace(day=1), hiv=False), on=ON)
    assert r.finding("đ").answer is Answer.NO
    # a birth year only, straddling the 16th birthday
    from childprotect.text.dates import PartialDate

    r = classify(Facts(birth=PartialDate(2004), hiv=True), on=ON)
    assert r.child is Answer.CANNOT_TELL and r.codes() == ()


def test_classify_dates() -> None:
    with pytest.raises(TaxonomyNotInForce):
        classify(Facts(birth=CHILD, hiv=True), on=dt.date(2017, 5, 31))
    r = classify(Facts(birth=CHILD, hiv=True), on=dt.date(2017, 6, 15))
    assert r.finding("đ").answer is Answer.CANNOT_TELL
    assert r.note is not None and "not yet in force" in r.note
    assert classify(Facts(birth=CHILD, hiv=True), on=dt.date(2017, 7, 1)).codes() == ("đ",)
    with pytest.raises(ValidationError) as e:
        classify(Facts(birth=dt.date(2021, 4, 5)), on=ON)
    assert "2021" not in str(e.value)


def test_at_risk_is_passed_through() -> None:
    assert classify(Facts(birth=CHILD, at_risk=True), on=ON).at_risk is Answer.YES
    assert classify(Facts(birth=CHILD), on=ON).at_risk is Answer.CANNOT_TELL
    assert classify(Facts.benign(birth=CHILD, at_risk=True), on=ON).codes() == ()


def test_reprs_and_errors_show_no_personal_data() -> None:
    f = Facts(birth=CHILD, hiv=True, father=P(dead=True))
    assert repr(f) == "Facts(<personal data hidden>)"
    assert repr(f.father) == "ParentFacts(<personal data hidden>)"
    r = classify(f, on=ON)
    for text in (repr(r), repr(r.groups), repr(r.groups[4].subgroups)):
        assert "yes" not in text.lower() and "2011" not in text and "True" not in text
    with pytest.raises(ValidationError) as e:
        Facts(hiv="secret-value")  # type: ignore[arg-type]
    assert "secret-value" not in str(e.value) and "hiv" in str(e.value)
    with pytest.raises(ValidationError) as e:
        P(dead=True, detained=True)
    assert "detained" in str(e.value)
    with pytest.raises(InvalidPlanFile) as e2:
        Facts.from_dict({"hiv": "secret-value", "birth": "2011-03"}, "record")
    assert "secret-value" not in str(e2.value) and "$.hiv" in str(e2.value)


def test_facts_from_and_to_plain_data() -> None:
    data = {"birth": "2011-03", "hiv": True, "father": {"dead": True},
            "care_setting": "relatives"}
    f = Facts.from_dict(data)
    assert f.hiv is True and f.father.dead is True and f.care_setting is CS.RELATIVES
    assert unstructure(f) == data
    assert structure(unstructure(f), Facts) == f
    with pytest.raises(InvalidPlanFile, match="unknown field"):
        Facts.from_dict({"name": "x"})


def test_rule_language() -> None:
    r = Rule.parse("parents(dead, missing)")
    assert r.facts() == ("father.dead", "father.missing", "mother.dead", "mother.missing")
    assert Rule.parse("not adopted and hiv").negated_facts() == ("adopted",)
    assert Rule.parse("migration != none").negated_facts() == ("migration",)
    for bad in ("hiv and", "unknown_fact", "care_setting = nowhere", "hiv = yes",
                "care_setting", "(hiv", "hiv $ x", "both(dead"):
        with pytest.raises(ValidationError):
            Rule.parse(bad)
    with pytest.raises(ValidationError, match="second rule"):
        RuleSet("t", (RuleSpec("đ", "hiv"), RuleSpec("đ", "hiv")))
    with pytest.raises(ValidationError, match="missing"):
        RuleSet("luat-tre-em-2016", (RuleSpec("đ", "hiv"),)).check_against(TAX)


def test_rules_cover_every_subgroup_once() -> None:
    RULES.check_against(TAX)
    assert [r.subgroup for r in RULES.rules] == [s.code for s in TAX.subgroups]


ADVERSE = [p for p, f in fact_paths().items() if f.metadata["benign"] is False]


def test_no_rule_negates_an_adverse_fact() -> None:
    # so that adding an adverse fact can never remove a group
    for spec in RULES.rules:
        assert not set(RULES.rule(spec.subgroup).negated_facts()) & set(ADVERSE)


# --- property tests -------------------------------------------------------------------------

tri = st.sampled_from([None, True, False])


@st.composite
def parents(draw: st.DrawFn) -> ParentFacts:
    dead = draw(tri)
    missing = draw(st.sampled_from([None, False])) if dead else draw(tri)

    def pick(name: str) -> bool | None:
        if dead or (missing and name in ("in_social_assistance", "detained")):
            return draw(st.sampled_from([None, False]))
        return draw(tri)

    return ParentFacts(dead=dead, missing=missing, **{
        n: pick(n) for n in ("in_social_assistance", "unable_to_care", "detained",
                             "rights_restricted", "is_child")})


def _value_strategy(path: str) -> st.SearchStrategy[object]:
    kind = fact_paths()[path].metadata["kind"]
    if kind is bool:
        return st.booleans()
    return st.sampled_from(list(kind))


@st.composite
def facts(draw: st.DrawFn, birth: st.SearchStrategy[dt.date | None] | None = None) -> Facts:
    kw: dict[str, Any] = {"father": draw(parents()), "mother": draw(parents())}
    for f in attrs.fields(Facts):
        if f.name in ("birth", "father", "mother"):
            continue
        kind = f.metadata["kind"]
        kw[f.name] = draw(tri) if kind is bool else draw(st.none() | st.sampled_from(list(kind)))
    kw["birth"] = draw(birth if birth is not None else
                       st.none() | st.dates(dt.date(2005, 1, 1), dt.date(2017, 6, 1)))
    try:
        return Facts(**kw)
    except ValidationError:
        assume(False)
        raise


def _answers(r: Classification) -> dict[str, Answer]:
    return {g.group.code: g.answer for g in r.groups}


@given(st.builds(
    Facts.benign,
    birth=st.none() | st.dates(dt.date(2005, 1, 1), dt.date(2020, 1, 1)),
    care_setting=st.none() | st.sampled_from(list(CareSetting)),
    in_alternative_care=tri, adopted=tri, parents_identified=tri,
    stable_residence_identified=tri, completed_lower_secondary=tri, returned=tri,
    household=st.none() | st.sampled_from(list(Household)),
    nationality=st.none() | st.sampled_from(list(Nationality)),
    drug_treatment=st.none() | st.sampled_from(list(DrugTreatment)), at_risk=tri,
))
def test_no_adverse_facts_no_group(f: Facts) -> None:
    r = classify(f, on=ON)
    assert set(_answers(r).values()) == {Answer.NO}


@given(facts(), st.data())
def test_learning_a_fact_never_changes_a_decided_group(f: Facts, data: st.DataObject) -> None:
    before = _answers(classify(f, on=ON))
    g = f
    for path in fact_paths():
        if g.value(path) is None and data.draw(st.booleans()):
            try:
                g = g.replace(path, data.draw(_value_strategy(path)))
            except ValidationError:
                continue
    after = _answers(classify(g, on=ON))
    for code, a in before.items():
        if a is not Answer.CANNOT_TELL:
            assert after[code] is a, code


@given(facts(), st.sampled_from(ADVERSE))
def test_adding_an_adverse_fact_never_removes_a_group(f: Facts, path: str) -> None:
    try:
        g = f.replace(path, True)
    except ValidationError:
        assume(False)
        raise
    before = set(classify(f, on=ON).codes())
    assert before <= set(classify(g, on=ON).codes())


@given(facts(birth=st.dates(dt.date(1990, 1, 1), dt.date(2004, 9, 1))))
def test_sixteen_or_more_is_never_a_child(f: Facts) -> None:
    r = classify(f, on=ON)
    assert r.child is Answer.NO
    assert set(_answers(r).values()) == {Answer.NO}


@given(facts())
def test_group_answer_agrees_with_subgroups(f: Facts) -> None:
    r = classify(f, on=ON)
    for g in r.groups:
        subs = {s.answer for s in g.subgroups}
        if Answer.YES in subs:
            assert g.answer is Answer.YES
        if subs == {Answer.NO}:
            assert g.answer is Answer.NO
        assert [s.subgroup for s in g.subgroups] == list(TAX.subgroups_of(g.group.code))


def test_enum_values_are_stable() -> None:
    # rules and files name these values: renaming one is a breaking change
    assert [m.value for m in CareSetting] == ["parents", "relatives", "non-relative-family",
                                              "facility", "no-carer"]
    for kind in (DisabilityLevel, DrugTreatment, Household, Nationality, Migration):
        assert issubclass(kind, enum.Enum)


def test_known_facts_imply_unknown_ones() -> None:
    # a mother in prison is alive, so the child is no orphan of both parents, in any sub-group
    r = classify(Facts(birth=CHILD, father=P(dead=True), mother=P(detained=True)), on=ON)
    assert {s.answer for s in r.finding("a").subgroups} == {Answer.NO}
    c2 = r.finding("c").subgroups[1]
    assert c2.unknown == ("mother.in_social_assistance", "mother.unable_to_care")
    # living with both parents, one of whom has died: the other is alive
    r = classify(Facts(birth=CHILD, care_setting=CS.PARENTS, father=P(dead=True)), on=ON)
    assert r.finding("a").answer is Answer.NO


def test_classification_as_plain_data() -> None:
    r = classify(Facts(birth=CHILD, hiv=True), on=ON)
    d = r.as_dict()
    assert d["child"] == "yes" and d["on"] == "2020-09-01"
    dd = next(g for g in d["groups"] if g["code"] == "đ")
    assert dd["answer"] == "yes"
    assert dd["subgroups"] == [{"code": "đ", "answer": "yes", "rule": "hiv",
                                "citation": "Điều 7 Nghị định 56/2017/NĐ-CP", "unknown": []}]


def test_cli_classify(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from childprotect.cli import main

    p = tmp_path / "facts.json"
    p.write_text(json.dumps([
        {"birth": "2011-03", "hiv": True, "father": {"dead": True}, "mother": {"detained": True}},
        {"birth": "2000-01-01", "hiv": True},
        {"birth": "2012-05-05", "abandoned": True, "hiv": True},
    ]), "utf-8")
    assert main(["groups", "--classify", str(p), "--on", "2024-01-01", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["child"] for r in out] == ["yes", "no", "yes"]
    assert main(["groups", "--classify", str(p), "--on", "2024-01-01", "--count",
                 "--format", "json"]) == 0
    n = json.loads(capsys.readouterr().out)
    assert n["per_group"]["đ"] == 2 and n["per_group"]["b"] == 1 and n["per_group"]["c"] == 1
    assert n["distinct"] == 2 and n["children"] == 2 and n["not_children"] == 1
    assert main(["groups", "--classify", str(p), "--on", "2024-01-01"]) == 0
    assert "c.3" in capsys.readouterr().out
    # a table for a spreadsheet: a row per child, its answer for each group (the JSON's)
    assert main(["groups", "--classify", str(p), "--on", "2024-01-01", "--format", "csv"]) == 0
    import csv
    import io

    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["child"] for r in table] == ["yes", "no", "yes"]
    assert [{k: v for k, v in r.items() if k not in ("record", "child", "at_risk")}
            for r in table] == [{g["code"]: g["answer"] for g in d["groups"]} for d in out]
    assert main(["groups", "--classify", str(p), "--on", "2024-01-01", "--format",
                 "markdown"]) == 0  # for people: the answers in words
    assert "| 2 | không | không |" in capsys.readouterr().out
    # options that would do nothing are refused
    assert main(["groups", "a", "--classify", str(p), "--count"]) == 2
    assert main(["groups", "--count"]) == 2
    assert "--count" in capsys.readouterr().err
    p.write_text('{"hiv": "secret-value"}', "utf-8")
    assert main(["groups", "--classify", str(p)]) == 2
    err = capsys.readouterr().err
    assert "$.hiv" in err and "secret-value" not in err


@pytest.mark.parametrize(("text", "en", "vi"), [
    ("is_orphan and", "expected more, found the end", "cần thêm nội dung, nhưng gặp chỗ kết thúc"),
    ("(is_orphan", "expected ), found the end", "cần ), nhưng gặp chỗ kết thúc"),
    (")", "expected a fact, found ')'", "cần một dữ kiện, nhưng gặp ')'"),
    ("is_orphan is_orphan", "unexpected 'is_orphan'", "không mong đợi 'is_orphan'"),
])
def test_a_rule_that_does_not_parse_is_said_in_the_readers_language(
        text: str, en: str, vi: str) -> None:
    """The parser's part of the message was English to every reader."""
    from childprotect.children.rules import Rule
    from childprotect.errors import ValidationError
    from childprotect.i18n import use

    with pytest.raises(ValidationError) as got:
        Rule.parse(text, "r")
    with use("en"):
        assert str(got.value).endswith(en)
    with use("vi"):
        assert str(got.value).endswith(vi)

"""Tests of childprotect.agencies.succession: dated steps, who_holds, overrides, the docs page."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.agencies.registry import Agency, registry
from childprotect.agencies.succession import (
    Duty,
    Function,
    Status,
    SuccessionTable,
    table,
    validate,
    who_holds,
)
from childprotect.agencies.succession_docs import docs_block
from childprotect.errors import InvalidPlanFile, UnknownName
from childprotect.formats.convert import structure

TODAY = dt.date(2026, 11, 23)
BEFORE = dt.date(2024, 6, 1)


def _raw() -> dict[str, object]:
    text = resources.files("childprotect").joinpath("data/succession.json").read_text("utf-8")
    data: dict[str, object] = json.loads(text)
    return data


def test_table_is_consistent_with_the_registry() -> None:
    assert validate(table()) == []


def test_every_step_and_instrument_cites_a_source() -> None:
    t = table()
    for i in t.instruments:
        assert "restructuring.md" in i.source or "legal-check-2026-12.md" in i.source
    for s in (*t.steps, *t.territory):
        assert s.instruments and s.note.strip()


def test_unverified_steps_say_so_in_their_note() -> None:
    for s in table().steps:
        if s.status is Status.UNVERIFIED:
            assert "UNVERIFIED" in s.note or "Not in" in s.note, s.id


@pytest.mark.parametrize(("place", "expected"), [
    ("thua-thien-hue", Agency("so-y-te", "hue")),
    ("bac-kan", Agency("so-y-te", "thai-nguyen")),
    ("hai-phong", Agency("so-y-te", "hai-phong-2025")),
    ("dong-thap", Agency("so-y-te", "dong-thap-2025")),
])
def test_dolisa_child_duties_are_now_with_the_department_of_health(place: str,
                                                                   expected: Agency) -> None:
    h = who_holds(Duty(Agency("so-ldtbxh", place), Function.CHILDREN), on=TODAY)
    assert h.holders == (expected,)
    assert "dolisa-children" in [link.step for link in h.chain]
    assert "190/2025/QH15" in next(link for link in h.chain
                                   if link.step == "dolisa-children").instruments
    assert not h.unverified


@pytest.mark.parametrize(("function", "kind"), [
    (Function.SOCIAL_PROTECTION, "so-y-te"),
    (Function.SOCIAL_EVILS, "so-y-te"),
    (Function.LABOUR, "so-noi-vu"),
    (Function.GENDER_EQUALITY, "so-noi-vu"),
    (Function.VOCATIONAL_EDUCATION, "so-gddt"),
    (Function.POVERTY_REDUCTION, "so-nnmt"),
    (Function.DRUG_REHABILITATION, "cong-an-tinh"),
])
def test_dolisa_split_by_function(function: Function, kind: str) -> None:
    h = who_holds(Duty(Agency("so-ldtbxh", "thua-thien-hue"), function), on=TODAY)
    assert [a.kind for a in h.holders] == [kind]


def test_the_day_before_and_the_day_of_the_change() -> None:
    duty = Duty(Agency("so-ldtbxh", "thua-thien-hue"), Function.CHILDREN)
    assert who_holds(duty, on=dt.date(2025, 2, 28)).holders == (Agency("so-ldtbxh", "hue"),)
    assert who_holds(duty, on=dt.date(2025, 3, 1)).holders == (Agency("so-y-te", "hue"),)


def test_other_departments() -> None:
    assert [a.kind for a in who_holds(Duty(Agency("so-khdt", "hue")), on=TODAY).holders] == [
        "so-tai-chinh"]
    assert [a.kind for a in who_holds(Duty(Agency("so-tnmt", "hue")), on=TODAY).holders] == [
        "so-nnmt"]
    # Huế has a Sở Du lịch, so its culture department is the Sở Văn hóa và Thể thao and
    # takes the press duties (Nghị định 150/2025/NĐ-CP Điều 8 k.8); elsewhere the Sở VHTTDL.
    press = who_holds(Duty(Agency("so-tttt", "hue"), Function.PRESS_PUBLISHING), on=TODAY)
    assert [a.kind for a in press.holders] == ["so-vhtt"]
    assert [link.step for link in press.chain] == ["doic-press-hue"]
    press = who_holds(Duty(Agency("so-tttt", "bac-kan"), Function.PRESS_PUBLISHING), on=TODAY)
    assert press.holders == (Agency("so-vhttdl", "thai-nguyen"),)
    other = who_holds(Duty(Agency("so-tttt", "hue"), Function.INFORMATION_TECHNOLOGY), on=TODAY)
    assert [a.kind for a in other.holders] == ["so-khcn"]


def test_split_agency_without_function_lists_every_successor() -> None:
    h = who_holds(Duty(Agency("so-tttt", "hai-phong")), on=TODAY)
    assert h.ambiguous
    assert {a.kind for a in h.holders} == {"so-vhttdl", "so-khcn"}


def test_child_labour_rests_on_an_unverified_step_and_can_be_overridden() -> None:
    duty = Duty(Agency("so-ldtbxh", "thua-thien-hue"), Function.CHILD_LABOUR)
    h = who_holds(duty, on=TODAY)
    assert h.unverified and h.unverified_steps == ("dolisa-child-labour",)
    assert "unverified" in h.explain()
    mine = table().override("dolisa-child-labour", new=("so-y-te",), status=Status.VERIFIED)
    h2 = who_holds(duty, on=TODAY, table=mine)
    assert h2.holders == (Agency("so-y-te", "hue"),) and not h2.unverified
    assert table().step("dolisa-child-labour").new == ("so-noi-vu",)  # the original is untouched


def test_with_overrides_and_unknown_step() -> None:
    t = table().with_overrides({"dolisa-child-labour": ["so-y-te"]})
    assert t.step("dolisa-child-labour").new == ("so-y-te",)
    with pytest.raises(UnknownName):
        table().override("no-such-step", new=())


def test_district_office_goes_to_commune_or_province() -> None:
    h = who_holds(Duty(Agency("phong-ldtbxh", "hong-ngu"), Function.CHILDREN), on=TODAY)
    assert h.alternative and h.unverified  # the March–June 2025 district step is unverified
    kinds = {a.kind for a in h.holders}
    assert kinds == {"phong-vhxh", "so-y-te"}
    assert Agency("so-y-te", "dong-thap-2025") in h.holders
    assert Agency("phong-vhxh", "xa-thuong-phuoc") in h.holders


def test_district_committee_in_a_province_plan() -> None:
    h = who_holds(Duty(Agency("ubnd-huyen", "bac-kan")), on=TODAY)
    assert set(h.holders) == {Agency("ubnd-xa", "thai-nguyen"), Agency("ubnd-tinh", "thai-nguyen")}
    assert h.alternative


def test_bare_function() -> None:
    h = who_holds(Function.CHILDREN, on=TODAY, place="bac-kan")
    assert h.holders == (Agency("so-y-te", "thai-nguyen"),)
    from childprotect.documents.document import AdminLevel

    assert who_holds(Function.CHILDREN, on=TODAY, level=AdminLevel.NATIONAL).holders == (
        Agency("bo-y-te"),)


def test_since_skips_earlier_steps() -> None:
    duty = Duty(Agency("so-ldtbxh", "hue"), Function.CHILDREN)
    assert who_holds(duty, on=TODAY, since=dt.date(2025, 3, 1)).holders == (duty.agency,)


def test_table_rejects_unknown_instrument() -> None:
    raw = _raw()
    steps = raw["steps"]
    assert isinstance(steps, list)
    steps[0] = {**steps[0], "instruments": ["999/2099/QH99"]}
    with pytest.raises(InvalidPlanFile, match="999/2099/QH99"):
        structure(raw, SuccessionTable)


def test_table_rejects_unknown_function() -> None:
    raw = _raw()
    steps = raw["steps"]
    assert isinstance(steps, list)
    steps[0] = {**steps[0], "functions": ["knitting"]}
    with pytest.raises(InvalidPlanFile, match="knitting"):
        structure(raw, SuccessionTable)


def test_docs_page_matches_the_data(repo_root: Path) -> None:
    page = (repo_root / "docs" / "agencies.md").read_text("utf-8")
    assert docs_block() in page, "regenerate docs/agencies.md from succession_docs.docs_block()"


KINDS = sorted({s.old for s in table().steps} | {k for s in table().steps for k in s.new})
PLACES = [p.id for p in registry().places]
FUNCS = [None, *Function]


@given(st.sampled_from(KINDS), st.sampled_from(PLACES), st.sampled_from(FUNCS),
       st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_who_holds_invariants(kind: str, place: str, function: Function | None,
                              on: dt.date) -> None:
    h = who_holds(Duty(Agency(kind, place), function), on=on)
    assert h.holders  # someone always holds a duty
    dates = [link.effective for link in h.chain]
    assert dates == sorted(dates) and all(d <= on for d in dates)
    if on < dt.date(2025, 1, 1):
        assert h.holders == (Agency(kind, place),) and not h.chain
    for a in h.holders:
        registry().kind(a.kind)
        if a.place is not None:
            registry().place(a.place)
    assert h.unverified == any(link.status is Status.UNVERIFIED for link in h.chain)


@given(st.sampled_from(KINDS), st.sampled_from(FUNCS),
       st.dates(min_value=dt.date(2025, 7, 1), max_value=dt.date(2030, 12, 31)))
def test_no_holder_is_an_abolished_kind_after_july_2025(kind: str, function: Function | None,
                                                        on: dt.date) -> None:
    # A kind is abolished where a step without places moves it; a step limited to some
    # places (Hải Phòng's culture departments) abolishes the kind only there.
    abolished = {s.old for s in table().steps if not s.places}
    h = who_holds(Duty(Agency(kind, "bac-kan"), function), on=on)
    assert not any(a.kind in abolished for a in h.holders)


def test_who_holds_an_agency_given_by_name() -> None:
    """``who_holds("Sở LĐTBXH", on)``: a name, resolved by the agency index."""
    import datetime as _dt

    from childprotect.agencies.registry import Agency
    from childprotect.agencies.succession import Function, who_holds
    from childprotect.errors import UnknownName, ValidationError

    on = _dt.date(2026, 1, 1)
    children = who_holds("Sở LĐTBXH", on, function=Function.CHILDREN)
    assert children.holders == (Agency("so-y-te", None),)
    assert who_holds(Agency("so-ldtbxh"), on, function=Function.CHILDREN) == children
    split = who_holds("Sở Lao động - Thương binh và Xã hội", on)  # no function: every heir
    assert split.ambiguous and Agency("so-noi-vu", None) in split.holders
    placed = who_holds("Sở LĐTBXH tỉnh Bắc Kạn", _dt.date(2026, 11, 23),
                       function=Function.CHILD_LABOUR)
    assert [a.name_vi for a in placed.holders] == ["Sở Nội vụ tỉnh Thái Nguyên"]
    with pytest.raises(UnknownName, match="Sở XYZ"):
        who_holds("Sở XYZ", on)
    with pytest.raises(ValidationError, match=r"an agency's name \(such as"):
        who_holds(42, on)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="must be a date"):
        who_holds("Sở LĐTBXH", "2026-01-01")  # type: ignore[arg-type]
def test_successors_say_which_function_each_took() -> None:
    from childprotect.agencies.succession import successors

    s = successors(Agency("so-ldtbxh", "bac-kan"), dt.date(2026, 12, 3))
    assert s.abolished
    by_fn = {f: {a.kind for a in p.holding.holders} for p in s.parts for f in p.functions}
    assert by_fn["children"] == {"so-y-te"} and by_fn["labour"] == {"so-noi-vu"}
    assert by_fn["drug-rehabilitation"] == {"cong-an-tinh"}
    assert by_fn["vocational-education"] == {"so-gddt"}
    # every function a step names is accounted for
    named = {f for st in table().steps if st.old == "so-ldtbxh" for f in st.functions}
    assert named <= set(by_fn)
    before = successors(Agency("so-ldtbxh", "bac-kan"), dt.date(2024, 12, 31))
    assert not before.abolished and before.holders == (Agency("so-ldtbxh", "bac-kan"),)
    still = successors(Agency("so-y-te", "hue"), dt.date(2026, 12, 3))
    assert not still.abolished and "no longer exists" not in still.explain("en")


def test_an_unexplained_split_lists_each_function() -> None:
    h = who_holds(Duty(Agency("so-ldtbxh", "hue")), on=dt.date(2026, 12, 3))
    assert h.ambiguous
    text = h.explain()
    assert "children, social-protection, social-evils → Sở Y tế thành phố Huế" in text
    assert "labour, gender-equality, child-labour → Sở Nội vụ thành phố Huế" in text

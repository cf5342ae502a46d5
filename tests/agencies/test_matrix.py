"""Tests of childprotect.agencies.matrix: the seed matrices, checks, queries, tables and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.agencies.grid import render, rows
from childprotect.agencies.matrix import (
    Assignment,
    Role,
    agencies_of,
    check,
    covers,
    duties,
    item_kind,
    leads,
)
from childprotect.agencies.registry import registry, resolve
from childprotect.cli import main
from childprotect.errors import ValidationError
from childprotect.formats import catalog
from childprotect.formats.convert import structure, unstructure
from tests.seedtext import seed_text

TODAY = dt.date(2026, 11, 23)
HUE = "thua-thien-hue-208-2021"
BK352 = "bac-kan-352-2019"


def _role_of(clause: str) -> Role:
    head = clause.strip().lower()
    if head.startswith("chủ trì"):
        return Role.LEAD
    if head.startswith("phối hợp"):
        return Role.COORDINATE
    if head.startswith("hướng dẫn"):
        return Role.GUIDE
    raise AssertionError(f"no role verb at the start of {clause[:40]!r}")


def _hue_from_text() -> set[tuple[str, Role, str]]:
    """(agency kind, role, target) as the Huế text states them, parsed from mục III."""
    text = seed_text(HUE)
    part = text[text.index("III. TỔ CHỨC THỰC HIỆN"):text.index("IV. CHẾ ĐỘ BÁO CÁO")]
    found: set[tuple[str, Role, str]] = set()
    for block in re.split(r"\n(?=\d+\. )", part)[1:]:
        head, _, body = block.partition("\n")
        name = re.match(r"\d+\. ([^:]+)", head)
        assert name
        if name.group(1).startswith("Đề nghị"):
            continue  # mass organisations: no targets named
        agency = resolve(name.group(1).strip()).kind
        for line in (head.split(":", 1)[1:] + body.split("\n")):
            line = line.strip().lstrip("- ")
            m = re.search(r"chỉ tiêu ([0-9][0-9, ]*)", line)
            if not m:
                continue
            for n in re.findall(r"[0-9]+", m.group(1)):
                found.add((agency, _role_of(line), f"CT{n}"))
    return found


@pytest.mark.seeds
def test_hue_targets_match_the_text() -> None:
    plan = catalog.load(HUE)
    text_roles = _hue_from_text()
    assert len({t for _, _, t in text_roles}) == 18
    encoded = {(a.agency, a.role, a.item) for a in plan.matrix if a.item.startswith("CT")}
    # The text's own verb on each target is encoded, and nothing else, except the partners
    # Công an tỉnh leads target 7 with ("chủ trì, phối hợp với Sở LĐTBXH và các sở, ban,
    # ngành liên quan …").
    assert encoded - text_roles == {("so-ldtbxh", Role.COORDINATE, "CT7"),
                                    ("so-nganh-lien-quan", Role.COORDINATE, "CT7")}
    assert text_roles <= encoded
    clause = seed_text(HUE).split("7. Công an tỉnh:")[1].split("chỉ tiêu 7")[0]
    assert "phối hợp với Sở Lao động - Thương binh và Xã hội và các sở, ban, ngành liên quan" \
        in clause


@pytest.mark.seeds
def test_hue_examples_from_the_issue() -> None:
    plan = catalog.load(HUE)
    assert sorted((a.item for a in plan.matrix
                   if a.agency == "so-ldtbxh" and a.role is Role.LEAD and a.item[:2] == "CT"),
                  key=lambda i: int(i[2:])) == ["CT1", "CT6", "CT8", "CT10", "CT18"]
    assert {a.item for a in plan.matrix if a.agency == "so-y-te" and a.role is Role.LEAD
            and a.item[:2] == "CT"} == {"CT2", "CT3", "CT4", "CT9"}
    assert [(a.agency, a.role) for a in agencies_of(plan, "CT16")] == [
        ("so-y-te", Role.COORDINATE), ("so-gddt", Role.GUIDE)]
    assert [(a.agency, a.verb_vi) for a in agencies_of(plan, "CT11")] == [
        ("so-vhtt", "Hướng dẫn, theo dõi, đôn đốc")]


@pytest.mark.seeds
def test_check_lists_hue_targets_with_a_guide_but_no_lead() -> None:
    plan = catalog.load(HUE)
    text_roles = _hue_from_text()
    guided = {t for _, r, t in text_roles if r is Role.GUIDE}
    led = {t for _, r, t in text_roles if r is Role.LEAD}
    expected = {f"matrix[{t}]" for t in guided - led}
    found = {a.where for a in check(plan) if a.kind == "matrix.no-lead"}
    assert found == expected
    assert len(expected) == 8


def _bk352_leads_from_text() -> dict[int, str]:
    text = seed_text(BK352)
    part = text[text.index("1. Phân công nhiệm vụ"):text.index("2. Chế độ thông tin báo cáo")]
    out: dict[int, str] = {}
    for para in re.findall(r"1\.\d+\. [^\n]+", part):
        name = re.match(r"1\.\d+\. (Sở [^:]+?|Công an tỉnh)(?::| phối hợp| chủ trì| chỉ đạo)",
                        para)
        if not name:
            continue
        for m in re.finditer(r"[Cc]hủ trì, hướng dẫn[^;.]*?tiêu chí số ?([0-9][0-9, ]*)", para):
            for n in re.findall(r"[0-9]+", m.group(1)):
                out[int(n)] = resolve(name.group(1)).kind
    return out


@pytest.mark.seeds
@pytest.mark.parametrize("n", range(1, 14))
def test_bac_kan_352_criterion_lead(n: int) -> None:
    plan = catalog.load(BK352)
    expected = _bk352_leads_from_text().get(n)
    got = [a.agency for a in leads(plan, f"TC{n}")]
    assert got == ([expected] if expected else [])
    assert agencies_of(plan, f"TC{n}")  # every criterion is assigned to someone


@pytest.mark.seeds
def test_bac_kan_352_leads_are_the_five_named() -> None:
    assert _bk352_leads_from_text() == {4: "cong-an-tinh", 7: "so-y-te", 8: "so-y-te",
                                        9: "so-y-te", 10: "so-gddt", 12: "so-vhttdl"}


@pytest.mark.seeds
def test_bac_kan_352_dolisa_guides_its_criteria() -> None:
    plan = catalog.load(BK352)
    guided = {a.item for a in plan.matrix if a.agency == "so-ldtbxh" and a.role is Role.GUIDE}
    assert guided == {f"TC{n}" for n in (1, 3, 5, 6, 11, 13)}
    assert "hướng dẫn các địa phương triển khai thực hiện tiêu chí số 1, 3, 5, 6, 11, 13" in (
        seed_text(BK352))


@pytest.mark.seeds
def test_hai_phong_section_leads() -> None:
    plan = catalog.load("hai-phong-76-2020")
    text = seed_text("hai-phong-76-2020")
    assert "thực hiện các nội dung tại các Mục 1, 4, 7 Phần II" in text.replace("\n", " ")
    for s in ("II.1", "II.4", "II.7"):
        assert [a.agency for a in leads(plan, s)] == ["so-ldtbxh"]
    assert [a.agency for a in leads(plan, "II.5")] == ["so-y-te"]
    assert [a.agency for a in leads(plan, "II.6")] == ["cong-an-tinh"]
    several = [a for a in check(plan) if a.kind == "matrix.several-leads"]
    assert [a.where for a in several] == ["matrix[II.3]"]


@pytest.mark.seeds
def test_bac_kan_419_implementing_units_lines() -> None:
    plan = catalog.load("bac-kan-419-2018")
    text = seed_text("bac-kan-419-2018")
    lines = re.findall(r"Đơn vị thực hiện: ([^\n]+)", text)
    sections = ["II.1", "II.2", "II.3", "II.4", "II.5", "II.6"]
    assert len(lines) == len(sections)
    for sec, line in zip(sections, lines, strict=False):
        named = {a.agency_vi for a in plan.matrix if a.item == sec and a.role is Role.IMPLEMENT}
        for n in named:
            assert n in line, (sec, n)
        rest = line
        for n in sorted(named, key=len, reverse=True):
            rest = rest.replace(n, "")
        assert re.fullmatch(r"[;,.\s]*(?:và[;,.\s]*)*", rest), (sec, rest)  # nothing left out


def test_every_assignment_names_a_known_agency_and_its_own_spelling() -> None:
    reg = registry()
    for plan in catalog.load_all():
        for a in plan.matrix:
            assert reg.has_kind(a.agency), (plan.id, a.agency)
            assert resolve(a.agency_vi).kind == a.agency, (plan.id, a.agency_vi)


def test_requested_roles_are_mass_organisations() -> None:
    for plan in catalog.load_all():
        for a in plan.matrix:
            assert (a.role is Role.REQUESTED) == registry().kind(a.agency).requested, (
                plan.id, a.agency)


@pytest.mark.seeds
def test_requested_agencies_follow_de_nghi() -> None:
    for plan in catalog.load_all(national=False):  # the seed plans
        text = seed_text(plan.id).replace("\n", " ")
        for a in plan.matrix:
            if a.role is Role.REQUESTED:
                assert a.verb_vi == "Đề nghị" and "Đề nghị" in text


def test_check_reports_bad_matrices() -> None:
    plan = catalog.load(HUE)
    extra = (
        Assignment("so-y-te", Role.LEAD, "CT5", "Sở Y tế", "III.3", "Chủ trì"),
        Assignment("so-gddt", Role.LEAD, "CT5", "Sở Giáo dục và Đào tạo", "III.4", "Chủ trì"),
        Assignment("so-y-te", Role.COORDINATE, "CT2", "Sở Y tế", "III.3", "Phối hợp"),
        Assignment("so-y-te", Role.LEAD, "CT99", "Sở Y tế", "III.3", "Chủ trì"),
        Assignment("so-y-te", Role.LEAD, "VII.1", "Sở Y tế", "III.3", "Chủ trì"),
        Assignment("no-such", Role.LEAD, "CT2", "Sở Không", "III.3", "Chủ trì"),
        Assignment("hoi-lhpn", Role.LEAD, "III.14", "Hội Liên hiệp Phụ nữ", "III.14", "Chủ trì"),
    )
    bad = attrs.evolve(plan, matrix=plan.matrix + extra)
    found = {(a.kind, a.where) for a in check(bad)}
    assert ("matrix.several-leads", "matrix[CT5]") in found
    assert ("matrix.contradictory-roles", "matrix[CT2]") in found
    assert ("matrix.unknown-item", "matrix[VII.1]") in found
    assert ("matrix.unknown-agency", "matrix[CT2]") in found
    assert ("matrix.mass-organisation-ordered", "matrix[III.14]") in found
    assert ("matrix.no-lead", "matrix[CT5]") not in found


def test_target_checks_use_the_plans_targets() -> None:
    from types import SimpleNamespace

    plan = catalog.load(HUE)
    # Only the targets' ids matter to the matrix checks.
    ids = [f"CT{n}" for n in range(1, 19)] + ["CT3.1", "CT19"]
    targets = tuple(SimpleNamespace(id=i) for i in ids)
    extra = Assignment("so-y-te", Role.LEAD, "CT20", "Sở Y tế", "III.3", "Chủ trì")
    p = attrs.evolve(plan, targets=targets, matrix=(*plan.matrix, extra))
    found = {(a.kind, a.where) for a in check(p)}
    assert ("matrix.unknown-item", "matrix[CT20]") in found
    assert ("matrix.target-untouched", "targets[CT19]") in found
    assert ("matrix.target-untouched", "targets[CT3.1]") not in found  # CT3 covers CT3.1


def test_assignment_validation() -> None:
    with pytest.raises(ValidationError, match="not a target"):
        Assignment("so-y-te", Role.LEAD, "chỉ tiêu 1", "Sở Y tế", "III.3", "Chủ trì")
    with pytest.raises(ValidationError, match="empty"):
        Assignment("so-y-te", Role.LEAD, "CT1", " ", "III.3", "Chủ trì")


def test_matrix_resolved_to_2026_shows_the_health_department() -> None:
    plan = catalog.load(HUE)
    child = {"CT1", "CT6", "CT10", "CT18"}
    data = rows(plan, TODAY)
    holders = {(d["item"], d["agency_id"]) for d in data if d["item"] in child}
    assert holders == {(t, "so-y-te") for t in child}
    assert all(d["chain"] for d in data if d["item"] in child)
    ct8 = [d for d in data if d["item"] == "CT8"]
    assert [d["agency_id"] for d in ct8] == ["so-noi-vu"] and ct8[0]["unverified"]


def test_duties_of_an_agency() -> None:
    plan = catalog.load(HUE)
    as_named = {d.assignment.item for d in duties(plan, "Sở LĐTBXH")}
    # III.2 and III.9: the partner of Sở Nội vụ and of Sở Kế hoạch và Đầu tư.
    assert {"CT1", "CT6", "CT8", "CT10", "CT18", "CT7", "III.1", "III.2", "III.9"} == as_named
    # Abolished on 01/03/2025 (Nghị quyết 176/2025/QH15; Nghị định 45/2025/NĐ-CP): its
    # items are listed with who holds each today, never as "no duties".
    gone = duties(plan, "Sở LĐTBXH", on=TODAY)
    assert {d.assignment.item for d in gone} == as_named
    assert all(h.kind != "so-ldtbxh" for d in gone for h in d.holding.holders)
    ct8 = {h.kind for d in gone if d.assignment.item == "CT8" for h in d.holding.holders}
    assert ct8 == {"so-noi-vu"}  # child labour: Sở Nội vụ (dolisa-child-labour, unverified)
    now = {d.assignment.item for d in duties(plan, "Sở Y tế", on=TODAY)}
    assert {"CT1", "CT2", "CT16", "III.3"} <= now and "CT8" not in now


def test_a_body_never_coordinates_with_itself_after_a_merge() -> None:
    # Bắc Kạn 352/QĐ-UBND TC7: Sở Y tế leads, Sở LĐTBXH coordinates; since 01/03/2025 Sở
    # Y tế holds both (dolisa-children): one row, its lead, the coordination merged.
    plan = catalog.load(BK352)
    data = rows(plan, TODAY)
    tc7 = [d for d in data if d["item"] == "TC7" and d["agency_id"] == "so-y-te"]
    assert [(d["role"], [m["named_agency_id"] for m in d["merged_from"]]) for d in tc7] == [
        ("lead", ["so-ldtbxh"])]
    for p in catalog.load_all(national=False):
        seen: dict[tuple[str, str, str | None], set[str]] = {}
        for d in rows(p, TODAY):
            key = (d["item"], d["agency_id"], d["holder_place"])
            seen.setdefault(key, set()).add(d["named_agency_id"])
        assert all(len(v) == 1 for v in seen.values()), p.id
    text = render(plan, on=TODAY)
    assert "Roles merged" in text and "TC7" in text.split("Roles merged", 1)[1]


def test_render_formats() -> None:
    plan = catalog.load(BK352)
    md = render(plan, "markdown")
    assert md.splitlines()[0].startswith("| agency | TC1 | TC2 |")
    csv = render(plan, "csv")
    assert csv.splitlines()[0].startswith("agency,TC1,TC2")
    assert json.loads(render(plan, "json"))[0].keys() >= {"agency", "role", "item"}


def test_cli_matrix_on_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["matrix", HUE, "--on", "2026-11-23", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {d["agency_id"] for d in data if d["item"] == "CT6"} == {"so-y-te"}
    assert all({"agency", "role", "item"} <= d.keys() for d in data)
    assert main(["matrix", HUE, "--on", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    table, _, chains = out.partition("Nhiệm vụ đã đổi cơ quan đảm nhận")
    assert "Sở Y tế thành phố Huế" in table
    assert "Sở Lao động" not in table
    assert "190/2025/QH15" in chains and "dolisa-children" not in table


def test_cli_matrix_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as bad_date:  # the usage error argparse reports
        main(["matrix", HUE, "--on", "23/11/2026", "--lang", "en"])
    assert bad_date.value.code == 2
    assert "--on: expected a date YYYY-MM-DD, got '23/11/2026'" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # the command's default language
        main(["matrix", HUE, "--on", "23/11/2026"])
    assert "--on: cần ngày dạng YYYY-MM-DD, nhận được '23/11/2026'" in capsys.readouterr().err


def test_cli_duties(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["duties", HUE, "Sở Y tế", "--on", "2026-11-23", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"CT1", "CT2"} <= {d["item"] for d in data}
    capsys.readouterr()
    assert main(["duties", HUE, "Sở LĐTBXH", "--on", "2026-11-23", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "no longer exists on 2026-11-23" in out
    assert "children, social-protection, social-evils → Sở Y tế thành phố Huế" in out
    assert "labour, gender-equality, child-labour → Sở Nội vụ thành phố Huế" in out
    assert main(["duties", HUE, "Sở LĐTBXH", "--on", "2026-11-23", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data and all(d["abolished"] and d["successors"] for d in data)
    # An abolished body the plan does not name: its successors, then exit 1.
    assert main(["duties", HUE, "Công an huyện", "--on", "2026-11-23", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "no longer exists" in out and "Công an cấp xã" in out and "no duties" not in out
    assert main(["duties", HUE, "Sở Không Có"]) == 2


def test_cli_duties_unknown_agency(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["duties", HUE, "Sở Lao động Thương binh", "--lang", "en"]) == 2
    assert "unknown agency 'Sở Lao động Thương binh'; closest known: " in \
        capsys.readouterr().err
    assert main(["duties", HUE, "Sở Lao động Thương binh"]) == 2
    assert "không có cơ quan 'Sở Lao động Thương binh'; gần nhất: " in capsys.readouterr().err


ASSIGNMENTS = st.builds(
    Assignment,
    agency=st.sampled_from(["so-y-te", "so-gddt", "so-ldtbxh"]),
    role=st.sampled_from(list(Role)),
    item=st.sampled_from(["CT1", "CT2", "CT3.1", "II.1", "TC4", "a", "đ"]),
    agency_vi=st.sampled_from(["Sở Y tế", "Sở Giáo dục và Đào tạo"]),
    where=st.sampled_from(["III.1", "V.2"]),
    verb_vi=st.sampled_from(["Chủ trì", "Phối hợp", "Hướng dẫn"]),
)


@given(ASSIGNMENTS)
def test_assignment_round_trips(a: Assignment) -> None:
    assert structure(unstructure(a), Assignment) == a


@given(st.lists(ASSIGNMENTS, max_size=12))
def test_lead_counts_decide_the_lead_anomalies(entries: list[Assignment]) -> None:
    plan = attrs.evolve(catalog.load(HUE), matrix=tuple(entries))
    found = check(plan)
    for item in {a.item for a in entries}:
        n_leads = len({a.agency_vi for a in entries if a.item == item and a.role is Role.LEAD})
        kinds = {a.kind for a in found if a.where == f"matrix[{item}]"}
        assert ("matrix.several-leads" in kinds) == (n_leads > 1)
        if n_leads:
            assert "matrix.no-lead" not in kinds


@given(st.sampled_from(["CT1", "CT3", "T2", "a", "II", "II.1", "TC3"]),
       st.integers(1, 9))
def test_covers_children_not_siblings(item: str, n: int) -> None:
    assert covers(item, f"{item}.{n}")
    assert not covers(f"{item}.{n}", item)
    assert not covers(item, f"{item}{n}")
    item_kind(item)


def test_duties_merge_the_roles_a_body_inherited_on_its_own_items(
        capsys: pytest.CaptureFixture[str]) -> None:
    # Bắc Kạn 352/QĐ-UBND TC7: Sở Y tế leads; the coordination the plan gave Sở LĐTBXH
    # passed to Sở Y tế on 01/03/2025 (dolisa-children): shown once, said merged.
    assert main(["duties", BK352, "Sở Y tế", "--on", "2026-12-03", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    tc7 = [(d["role"], d["named_agency_id"], d["merged_into"]) for d in data
           if d["item"] == "TC7"]
    assert sorted(tc7) == [("coordinate", "so-ldtbxh", "lead"), ("lead", "so-y-te", None)]
    assert main(["duties", BK352, "Sở Y tế", "--on", "2026-12-03", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "TC7: the role coordinate the plan gave to Sở Lao động - Thương binh và Xã hội" in out
    table = [line for line in out.splitlines() if line.startswith("TC7 ")]
    assert len(table) == 1 and " lead " in table[0]


@pytest.mark.parametrize(("name", "named"), [("Sở Không Tồn Tại", None), ("Sở Y tế", "so-y-te")])
def test_a_matrix_row_whose_name_is_not_its_agency_is_flagged(name: str,
                                                              named: str | None) -> None:
    """A row given to so-ldtbxh under another agency's name (or none) was shown by
    `matrix` under that name, and `check` said nothing."""
    plan = catalog.load(HUE)
    first = plan.matrix[0]
    assert first.agency == "so-ldtbxh" and not [
        a for a in check(plan) if a.kind == "matrix.agency-name"]
    wrong = attrs.evolve(plan, matrix=(attrs.evolve(first, agency_vi=name), *plan.matrix[1:]))
    [a] = [a for a in check(wrong) if a.kind == "matrix.agency-name"]
    assert a.where == f"matrix[{first.item}]" and a.text == name
    assert a.explain("en").startswith(f"{name} is not a name of so-ldtbxh (Sở Lao động")
    assert ("; it names so-y-te" in a.explain("en")) is (named == "so-y-te")
    for spelt in ("Sở LĐTBXH", "SỞ LAO ĐỘNG, THƯƠNG BINH VÀ XÃ HỘI TỈNH"):  # as plans write it
        same = attrs.evolve(plan, matrix=(attrs.evolve(first, agency_vi=spelt),
                                          *plan.matrix[1:]))
        assert not [a for a in check(same) if a.kind == "matrix.agency-name"]


def test_every_bundled_matrix_row_names_its_agency() -> None:
    for plan in catalog.load_all():
        assert not [a for a in check(plan) if a.kind == "matrix.agency-name"], plan.id


def test_a_resolved_assignment_is_written_as_json_and_its_types_resolve() -> None:
    """The registry and the succession table are imported on first use; a resolved
    assignment still has field types that resolve, and is written out by the converter."""
    import datetime as dt
    import typing

    import attrs

    from childprotect.agencies.matrix import ResolvedAssignment, resolve_matrix
    from childprotect.formats import catalog
    from childprotect.formats.convert import unstructure

    r = resolve_matrix(catalog.load("hong-ngu-2020"), dt.date(2025, 6, 1))[0]
    data = unstructure(r)
    assert data["agency"]["kind"] == r.agency.kind and "holding" in data
    attrs.resolve_types(ResolvedAssignment)
    assert set(typing.get_type_hints(ResolvedAssignment)) == {"assignment", "agency", "holding"}


def test_the_field_classes_are_given_by_name_before_first_use() -> None:
    """In a fresh process, asking the matrix module for ``Agency``, ``Registry`` or
    ``Holding`` imports them then (as they were importable from it before they were
    imported on first use); any other name is still an AttributeError."""
    from tests.fresh import run_fresh

    out = run_fresh("import sys, childprotect.agencies.matrix as m; "
                    "print('childprotect.agencies.registry' in sys.modules); "
                    "print({'Agency', 'Registry', 'Holding'} <= set(dir(m))); "
                    "from childprotect.agencies.matrix import Agency, Holding, Registry; "
                    "from childprotect.agencies import registry, succession; "
                    "print(Agency is registry.Agency and Registry is registry.Registry "
                    "and Holding is succession.Holding); print(hasattr(m, 'Nothing'))"
                    ).split()
    assert out == ["False", "True", "True", "False"]

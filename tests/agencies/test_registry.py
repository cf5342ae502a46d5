"""Tests of childprotect.agencies.registry: the registry, name resolution, places."""

from __future__ import annotations

import json
import re
import unicodedata
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.agencies import registry as agencies
from childprotect.agencies.registry import Agency, Sector, kind, registry, resolve
from childprotect.documents.document import AdminLevel
from childprotect.errors import InvalidPlanFile, UnknownName, ValidationError
from childprotect.formats.convert import structure
from tests.seedtext import SEED_FILES, flat_seed

ALL_NAMES = sorted({(n, k.id) for k in registry().kinds for n in k.names})


def test_every_kind_and_place_cites_a_source() -> None:
    raw = json.loads(resources.files("childprotect").joinpath("data/agencies.json")
                     .read_text("utf-8"))
    for record in raw["kinds"] + raw["places"]:
        assert record["source"].strip(), record["id"]


def test_names_are_stored_nfc() -> None:
    for k in registry().kinds:
        for n in k.names:
            assert unicodedata.normalize("NFC", n) == n


@pytest.mark.parametrize("name", [
    "Sở Lao động - Thương binh và Xã hội", "Sở LĐTBXH", "Sở Lao động Thương binh và Xã hội",
    "Sở Lao động - Thương binh và xã hội", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
])
def test_dolisa_spellings_from_the_issue(name: str) -> None:
    assert resolve(name).kind == "so-ldtbxh"


@pytest.mark.parametrize(("name", "expected"), [
    ("Sở Văn hóa - Thể thao và Du lịch", "so-vhttdl"),
    ("Sở Văn hóa, Thể thao và Du lịch", "so-vhttdl"),
    ("Sở Văn hóa và Thể thao", "so-vhtt"),
    ("Công an tỉnh", "cong-an-tinh"),
    ("Công an thành phố", "cong-an-tinh"),
    ("Công an Huyện", "cong-an-huyen"),
    ("Phòng Tài chính và Kế hoạch", "phong-tckh"),
    ("Trung tâm Văn hóa - Thể thao và Truyền thanh Huyện", "trung-tam-vhtt-tt"),
    ("Ủy ban nhân dân các quận, huyện", "ubnd-huyen"),
    ("Uỷ ban nhân dân các xã, thị trấn", "ubnd-xa"),
    ("Hội Liên hiệp Phụ nữ thành phố", "hoi-lhpn"),
])
def test_spellings_used_by_the_seeds(name: str, expected: str) -> None:
    assert resolve(name).kind == expected


@pytest.mark.seeds
@pytest.mark.parametrize("spelling", [
    "Sở Lao động - Thương binh và Xã hội", "Sở Lao động Thương binh và Xã hội",
    "Sở Lao động - Thương binh và xã hội", "Sở Văn hóa - Thể thao và Du lịch",
    "Sở Văn hóa và Thể thao", "Công an thành phố", "Công an Huyện",
    "Phòng Tài chính và Kế hoạch", "Ủy ban nhân dân các quận, huyện",
    "Ủy ban nhân dân thành phố Huế, các thị xã và các huyện", "Hội bảo vệ quyền trẻ em tỉnh",
])
def test_spellings_are_the_seeds_own(spelling: str) -> None:
    """The listed spellings are copied from the seed texts, and resolve."""
    text = " ".join(flat_seed(p) for p in SEED_FILES)
    assert spelling in text
    assert spelling in registry().kind(resolve(spelling).kind).names


def test_place_suffix_gives_the_place() -> None:
    assert resolve("Sở Lao động - Thương binh và Xã hội tỉnh Đồng Tháp") == Agency(
        "so-ldtbxh", "dong-thap")
    assert resolve("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bắc Kạn").place == "bac-kan"


def test_explicit_place_is_kept() -> None:
    assert resolve("Sở Y tế", place="hue") == Agency("so-y-te", "hue")


def test_unknown_name_lists_closest() -> None:
    with pytest.raises(UnknownName) as info:
        resolve("Sở Lao động Thương binh")
    assert "Sở Lao động Thương binh" in str(info.value)
    assert any("Thương binh" in s for s in info.value.suggestions)


def test_mass_organisations_are_requested_not_ordered() -> None:
    for kid in ("mttq", "doan-tncs", "hoi-lhpn", "hoi-nong-dan", "hoi-ccb", "hoi-chu-thap-do",
                "hoi-bvqte"):
        assert kind(kid).sector is Sector.MASS and kind(kid).requested
    assert not kind("so-y-te").requested
    assert not kind("ubnd-tinh").requested


def test_levels() -> None:
    assert kind("phong-ldtbxh").level is AdminLevel.DISTRICT
    assert kind("phong-vhxh").level is AdminLevel.COMMUNE
    assert kind("bo-y-te").level is AdminLevel.NATIONAL


def test_issuer_places_of_all_bundled_plans_are_known() -> None:
    from childprotect.formats import catalog

    for plan in catalog.load_all():
        if plan.document.issuer.level.value == "national":
            # The Prime Minister's decisions: the issuer has no place.
            assert plan.document.issuer.place is None, plan.id
            continue
        assert agencies.place_of_issuer(plan.document.issuer.place) is not None, plan.id


def test_duplicate_alias_across_kinds_is_rejected() -> None:
    data = {"kinds": [
        {"id": "a", "level": "province", "sector": "state", "name_vi": "Sở A", "name_en": "A",
         "source": "x", "aliases": ["Sở B"]},
        {"id": "b", "level": "province", "sector": "state", "name_vi": "Sở B", "name_en": "B",
         "source": "x"}]}
    with pytest.raises(InvalidPlanFile, match="also a name"):
        structure(data, agencies.Registry)


def test_unknown_field_in_registry_is_rejected() -> None:
    data = {"kinds": [{"id": "a", "level": "province", "sector": "state", "name_vi": "Sở A",
                       "name_en": "A", "source": "x", "colour": "red"}]}
    with pytest.raises(InvalidPlanFile, match="colour"):
        structure(data, agencies.Registry)


def _variant(name: str, how: int) -> str:
    if how == 0:
        return unicodedata.normalize("NFD", name)
    if how == 1:
        return name.upper()
    if how == 2:
        return "  " + re.sub(" ", "   ", name) + " "
    return name.lower()


@given(st.sampled_from(ALL_NAMES), st.integers(0, 3))
def test_resolution_ignores_normalisation_case_and_spacing(pair: tuple[str, str],
                                                          how: int) -> None:
    name, kid = pair
    assert resolve(_variant(name, how)).kind == kid


@given(st.text(alphabet="xyzqwj ", min_size=1, max_size=12))
def test_nonsense_is_an_unknown_name(text: str) -> None:
    with pytest.raises(UnknownName):
        resolve(text)


@given(st.sampled_from([p.id for p in registry().places]))
def test_place_labels_are_unique(pid: str) -> None:
    labels = [registry().place_label(p.id) for p in registry().places]
    assert labels.count(registry().place_label(pid)) == 1


@pytest.mark.parametrize("units_of", ["bundled", "national"])
def test_places_agree_with_the_administrative_units(units_of: str) -> None:
    """Each place's code, name and validity agree with the bundled units (the seed
    localities and the national list)."""
    import datetime as dt

    from childprotect import units
    from childprotect.text.vntext import name_key

    reg = getattr(units, units_of)()
    for p in registry().places:
        assert p.code is not None, p.id
        for day in (p.valid_from, p.valid_to) if (p.valid_from or p.valid_to) else ():
            if day is None:
                continue
            u = reg.get(p.code, on=day)
            assert name_key(u.name_vi) == name_key(p.name_vi), (p.id, day, u.name_vi)
        if p.valid_to is not None:
            # After valid_to the code is closed, or another place of ours takes it over.
            nxt = p.valid_to + dt.timedelta(days=1)
            try:
                u = reg.get(p.code, on=nxt)
            except UnknownName:
                continue
            same = name_key(u.name_vi) == name_key(p.name_vi)
            successor = [q for q in registry().places if q.code == p.code and q.valid_from == nxt]
            assert not same or successor, (p.id, u.name_vi)


def test_resolve_all_splits_compound_lists() -> None:
    from childprotect.agencies.registry import resolve_all

    assert [a.kind for a in resolve_all(
        "các Sở, ngành, đoàn thể thành phố có liên quan và Ủy ban nhân dân các quận, huyện")] == [
        "so-nganh-lien-quan", "ubnd-huyen"]
    assert resolve_all("Sở Y tế tỉnh Bắc Kạn và Công an tỉnh") == [
        Agency("so-y-te", "bac-kan"), Agency("cong-an-tinh")]
    assert resolve_all("Sở Lao động - Thương binh và Xã hội") == [Agency("so-ldtbxh")]
    with pytest.raises(UnknownName):
        resolve_all("Sở Y tế và Ban Không Có")


@given(st.lists(st.sampled_from(ALL_NAMES), min_size=1, max_size=4, unique_by=lambda p: p[1]))
def test_resolve_all_of_a_joined_list(pairs: list[tuple[str, str]]) -> None:
    from childprotect.agencies.registry import resolve_all

    text = " và ".join(n for n, _ in pairs)
    assert [a.kind for a in resolve_all(text)] == [k for _, k in pairs]


def test_registry_rejects_duplicate_ids_and_shared_names() -> None:
    import attrs
    import pytest

    from childprotect.agencies.registry import Registry, registry
    from childprotect.errors import ValidationError

    reg = registry()
    kind, place = reg.kinds[0], reg.places[0]
    with pytest.raises(ValidationError, match=f"duplicate agency kind id {kind.id!r}"):
        Registry(kinds=(*reg.kinds, kind), places=reg.places)
    other = attrs.evolve(reg.kinds[1], aliases=(*reg.kinds[1].aliases, kind.name_vi))
    with pytest.raises(ValidationError, match=r"agency kind name .* is also a name of"):
        Registry(kinds=(kind, other, *reg.kinds[2:]), places=reg.places)
    with pytest.raises(ValidationError, match=f"duplicate place id {place.id!r}"):
        Registry(kinds=reg.kinds, places=(*reg.places, place))


def test_places_keep_only_what_is_the_agencies_own() -> None:
    """A place names its unit by code and day; name, level and validity are the unit's."""
    from childprotect.data import read_json
    from childprotect.units import national

    for raw in read_json("agencies.json")["places"]:
        assert set(raw) == {"id", "code", "on", "aliases", "source"}, raw["id"]
    p = registry().place("hong-ngu")
    unit = national().get("870", on=p.on)
    assert (p.name_vi, p.level, p.valid_to) == ("huyện Hồng Ngự", AdminLevel.DISTRICT,
                                                unit.valid_to)
    assert registry().parent("hong-ngu") == "dong-thap"


def test_a_place_of_no_unit_is_an_error_naming_it() -> None:
    from childprotect.agencies.registry import registry_of

    bad = {"kinds": [], "places": [{"id": "nowhere", "code": "99", "on": "2024-01-01",
                                    "aliases": [], "source": "test"}]}
    with pytest.raises(ValidationError, match="place 'nowhere': no administrative unit "
                       "with code 99 on 2024-01-01"):
        registry_of(bad, "test.json")

"""The national registry as the library serves it (``childprotect.units.national``): the
same units and transitions as the files, every check a registry makes, lookups by code,
date and name, successors and predecessors with their shares."""

from __future__ import annotations

import csv
import unicodedata
from datetime import date, timedelta
from fractions import Fraction
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from childprotect.errors import AmbiguousName, UnknownName, ValidationError
from childprotect.text.vntext import name_key
from childprotect.units import national
from childprotect.units.model import vocabulary
from childprotect.units.registry import UnitRegistry, bundled

NATIONAL = Path(str(resources.files("childprotect").joinpath("data/units/national")))
EVE, REFORM = date(2025, 6, 30), date(2025, 7, 1)
days = st.dates(date(2023, 4, 10), date(2027, 12, 31))


def _rows(name: str) -> list[dict[str, str]]:
    with (NATIONAL / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_registry_holds_the_rows_of_the_files() -> None:
    reg = national()
    got = [(u.code, u.name_vi, u.kind, u.parent or "", str(u.valid_from or ""),
            str(u.valid_to or ""), u.name_en, u.source) for u in reg.units]
    want = [tuple(r.values()) for r in _rows("units.csv")]
    assert got == want
    trans = [(str(t.on), t.old, t.new, "" if t.share is None else str(t.share), t.source)
             for t in reg.transitions]
    assert trans == [tuple(r.values()) for r in _rows("transitions.csv")]


def test_the_bundled_data_pass_every_check_of_a_user_list() -> None:
    reg = national()
    again = UnitRegistry(reg.units, reg.transitions)
    assert len(again) == len(reg) == 15686
    assert reg.modelled_from == date(2023, 4, 10) and reg.name == "national"


def test_unverified_sources_are_flagged() -> None:
    reg = national()
    for u in reg.units:
        assert u.verified == ("UNVERIFIED" not in u.source), u.code
    assert any(not t.verified for t in reg.transitions)
    for t in reg.transitions:
        assert t.verified == ("UNVERIFIED" not in t.source)


def test_a_changed_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from childprotect.units import national_list as module

    real = module.read_bytes
    old, new = "Xã Tân Long".encode(), "Xã Tân Lông".encode()
    monkeypatch.setattr(module, "read_bytes", lambda name: real(name).replace(old, new))
    with pytest.raises(ValidationError, match="SHA-256 differs"):
        module._cells("units.csv", module._UNIT_COLUMNS)


def test_counts_before_and_after_the_reform() -> None:
    before, after = national().on(EVE), national().on(REFORM)
    assert len(before.codes("province")) == 63 and len(before.codes("commune")) >= 10000
    assert len(after.codes("province")) == 34 and len(after.codes("commune")) == 3321
    assert after.levels() == ("province", "commune")


@settings(max_examples=40, deadline=None)
@given(days)
def test_on_any_day_every_parent_exists_and_sits_higher(day: date) -> None:
    h = national().on(day)
    chains = h.chains()
    for code in h.codes():
        up = h.unit(code).parent
        if up is not None:
            assert up in h and h.level(up).rank < h.level(code).rank
        assert code in chains  # no cycle


@settings(max_examples=25, deadline=None)
@given(days)
def test_a_snapshot_holds_exactly_the_units_valid_that_day(day: date) -> None:
    reg = national()
    assert {u.key for u in reg.on(day)} == {u.key for u in reg.units
                                             if u.validity.contains(day)}


@settings(max_examples=25, deadline=None)
@given(days, days)
def test_days_with_the_same_units_share_one_structure(first: date, second: date) -> None:
    """Each snapshot is dated its own day; two days on which the same units are valid
    share the chains of ancestors (a month-by-month series builds them once)."""
    reg = national()
    reg._snapshots.clear()  # (kept snapshots of earlier examples would be reused)
    reg._structures.clear()
    a, b = reg.on(first), reg.on(second)
    assert (a.as_of, b.as_of) == (first, second)
    same = {u.key for u in a} == {u.key for u in b}
    assert (a.chains() is b.chains()) == same or first == second
    assert {u.key for u in b} == {u.key for u in reg.units if u.validity.contains(second)}


def test_the_seed_units_agree_with_the_national_registry() -> None:
    reg, seed = national(), bundled()
    for u in seed.units:
        (match,) = [v for v in reg.versions(u.code) if v.validity == u.validity]
        assert (match.name_vi, match.kind, match.parent, match.name_en) == (
            u.name_vi, u.kind, u.parent, u.name_en), u.code
    for t in seed.transitions:
        (match,) = [m for m in reg.predecessors(t.new, t.on) if m.old == t.old]
        assert match.share == t.share
        assert {p.new.code for p in reg.successors(t.old, t.on)} == {
            p.new.code for p in seed.successors(t.old, t.on)}


def test_every_name_begins_with_its_kinds_word() -> None:
    voc = vocabulary()
    word = {k.id: name_key(k.word) for k in voc.kinds}
    for u in national().units:
        assert name_key(u.name_vi).startswith(word[u.kind] + " "), u.code


def test_lookups_by_code_and_date() -> None:
    reg = national()
    assert reg.get("82", on=EVE).name_vi == "Tỉnh Tiền Giang"
    assert reg.get("82", on=REFORM).name_vi == "Tỉnh Đồng Tháp"
    assert reg.get("46", on=date(2024, 12, 31)).kind == "tinh"
    assert reg.get("46", on=date(2025, 1, 1)).kind == "thanh-pho-truc-thuoc-trung-uong"
    assert not reg.has("06", on=REFORM) and reg.has("06", on=EVE)
    with pytest.raises(UnknownName, match="Tỉnh Bắc Kạn"):  # names the versions it knows
        reg.get("06", on=REFORM)
    versions = reg.versions("19")
    assert [v.valid_from for v in versions] == sorted(
        (v.valid_from for v in versions), key=lambda d: d or date.min)


@given(st.sampled_from(sorted({r["code"] for r in _rows("units.csv")})), days)
def test_get_agrees_with_the_versions(code: str, day: date) -> None:
    reg = national()
    valid = [u for u in reg.versions(code) if u.validity.contains(day)]
    assert len(valid) <= 1
    if valid:
        assert reg.get(code, on=day) is valid[0]
    else:
        with pytest.raises(UnknownName):
            reg.get(code, on=day)


def test_successors_of_a_split_commune_flag_the_unknown_share() -> None:
    parts = national().successors("29995", REFORM)
    assert sorted(p.new.code for p in parts) == ["29992", "30154"]
    assert all(p.share is None and p.partial for p in parts)
    whole = national().successors("29971", REFORM)
    assert [(p.new.name_vi, p.share) for p in whole] == [("Xã Thường Phước", Fraction(1))]


def test_successors_and_predecessors_on_any_day() -> None:
    reg = national()
    parts = reg.successors("06")
    assert [(p.via[0].on, p.new.code) for p in parts] == [(REFORM, "19")]
    into = reg.predecessors("19")
    assert {t.old for t in into if t.on == REFORM and len(t.old) == 2} == {"06", "19"}
    assert [t.on for t in into] == sorted(t.on for t in into)
    assert {t.old for t in reg.predecessors("31", REFORM) if len(t.old) == 2} == {"30", "31"}


def test_thua_thien_hue_communes_of_2024_roll_up_through_their_districts() -> None:
    h = national().on(date(2024, 12, 31))
    province = [c for c in h.codes("commune") if h.chain(c)[-1] == "46"]
    assert len(province) > 100
    assert {h.level(h.chain(c)[0]).id for c in province} == {"district"}
    scoped = h.within(["46"])
    assert scoped.roots() == ["46"] and set(scoped.reporting_units()) == set(province)


# --- find ----------------------------------------------------------------------------------


def test_find_reads_abbreviations_and_the_units_above() -> None:
    (first, *_) = national().find("P. 4, TP Tân An")
    assert first.unit.name_vi == "Phường 4" and first.above[0].name_vi == "Thành phố Tân An"
    assert first.context == 1
    assert national().resolve("Q.1", on=EVE).name_vi == "Quận 1"
    assert national().resolve("TX Hương Thủy", on=date(2024, 1, 1)).code == "479"
    assert national().resolve("TP HCM", on=REFORM).code == "79"
    assert national().resolve("Phường 04, Quận 10", on=EVE).code == "27193"


@pytest.mark.parametrize("form", ["NFC", "NFD", "NFKC", "NFKD"])
def test_find_reads_any_unicode_form_and_no_tone_marks(form: str) -> None:
    reg = national()
    name = unicodedata.normalize(form, "Xã Long Phú Thuận")
    assert reg.resolve(name, on=REFORM).code == "29992"
    assert reg.resolve("long phu thuan", on=REFORM).code == "29992"
    assert reg.resolve("XA LONG PHU THUAN", on=REFORM).code == "29992"


def test_names_that_differ_only_in_tone_marks_are_told_apart() -> None:
    reg = national()
    assert reg.resolve("Xã Văn Lăng", on=REFORM).code == "05665"
    got = reg.find("Van Lang, Thai Nguyen", on=REFORM)
    assert {c.unit.code for c in got if c.context} == {"02143", "05665"}
    with pytest.raises(AmbiguousName) as err:
        reg.resolve("Van Lang, Thai Nguyen", on=REFORM)
    assert {c.split(" (")[1][:5] for c in err.value.candidates} == {"02143", "05665"}
    assert "Tỉnh Thái Nguyên" in str(err.value)


def test_a_repeated_name_names_each_unit_with_the_units_above() -> None:
    with pytest.raises(AmbiguousName) as err:
        national().resolve("Phường 1", on=EVE)
    assert len(err.value.candidates) > 10
    assert all("Thành phố" in c or "Quận" in c or "Thị xã" in c
               for c in err.value.candidates)


def test_an_unknown_name_lists_the_closest_names() -> None:
    with pytest.raises(UnknownName) as err:
        national().find("Xã Long Phú Thuân B", on=REFORM)
    assert "Xã Long Phú Thuận" in err.value.suggestions


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_every_unit_is_found_by_its_own_name(data: st.DataObject) -> None:
    reg = national()
    day = data.draw(days)
    h = reg.on(day)
    code = data.draw(st.sampled_from(h.codes()))
    unit = h.unit(code)
    above = ", ".join(u.name_vi for u in h.ancestors(code))
    text = unit.name_vi + (", " + above if above else "")
    found = reg.find(text, on=day)
    assert found[0].fit() == (len(h.chain(code)), 1, 1)
    assert code in {c.unit.code for c in found if c.fit() == found[0].fit()}
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text)
                       if not unicodedata.combining(ch)).replace("đ", "d").replace("Đ", "D")
    assert code in {c.unit.code for c in reg.find(stripped, on=day)}


def test_units_of_the_eve_traced_to_the_reform_land_in_one_new_province() -> None:
    reg = national()
    h = reg.on(EVE)
    for code in h.codes("commune")[::97]:
        parts = reg.trace(code, EVE, REFORM)
        assert len({reg.on(REFORM).chain(p.new.code)[-1]
                    for p in parts}) == 1, code
        assert sum((p.share for p in parts if p.share is not None), Fraction(0)) <= 1


def test_the_day_after_the_newest_change_is_modelled() -> None:
    last = max(national().change_dates())
    assert last == date(2026, 9, 20)
    h = national().on(last + timedelta(days=1))
    assert len(h.codes("province")) == 34

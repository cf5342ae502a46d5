"""Facts brought up to December 2026 (legal-check-2026-12.md), one test per fact.

Each test names its source; the data files carry the same sources next to the values.
"""

from __future__ import annotations

import datetime as dt

import pytest

from childprotect.agencies.matrix import resolve_matrix
from childprotect.agencies.registry import Agency
from childprotect.agencies.succession import Duty, Function, table, who_holds
from childprotect.agencies.succession import Status as StepStatus
from childprotect.deadlines.calendar import DayKind, Status, WorkingCalendar, default_calendar
from childprotect.documents.document import AdminLevel
from childprotect.formats import catalog

D = dt.date
CAL = default_calendar()
TODAY = D(2026, 12, 3)


# --- calendar ------------------------------------------------------------------------------

def test_friday_2_january_2026_is_off_and_saturday_10_january_is_worked() -> None:
    # Công văn 12729/VPCP-KGVX (25/12/2025): Tết Dương lịch 01–04/01/2026, Friday 02/01
    # swapped with Saturday 10/01 (legal-check-2026-12.md §3.2).
    assert not CAL.is_working_day(D(2026, 1, 2))
    assert CAL.is_working_day(D(2026, 1, 10))
    assert CAL.add_working_days(D(2026, 1, 8), 2) == D(2026, 1, 10)
    for day in (D(2026, 1, 2), D(2026, 1, 10)):
        entry = CAL.entry(day)
        assert entry is not None and entry.status is Status.OFFICIAL
        assert "12729/VPCP-KGVX" in entry.source
    # The swap holds whatever the holidays release (0.109 lacks it).
    assert not WorkingCalendar(use_package=False).is_working_day(D(2026, 1, 2))


def test_the_august_2026_swap_is_official() -> None:
    # Thông báo 9441/TB-BNV: Quốc khánh 29/08–02/09/2026, Monday 31/08 ↔ Saturday 22/08.
    off, worked = CAL.entry(D(2026, 8, 31)), CAL.entry(D(2026, 8, 22))
    assert off is not None and off.kind is DayKind.DAY_OFF
    assert worked is not None and worked.kind is DayKind.WORKING_DAY
    for e in (off, worked):
        assert e.status is Status.OFFICIAL and "9441/TB-BNV" in e.source
    assert [d for d in (D(2026, 8, 29) + dt.timedelta(days=i) for i in range(5))
            if CAL.is_working_day(d)] == []


def test_24_november_rests_on_the_national_assembly_resolution() -> None:
    # Nghị quyết 28/2026/QH16 Điều 2, in force 01/07/2026 ([R] notes; legal-check §3.1):
    # not a Labour Code amendment; no 23/11 ↔ 28/11 swap was found decided.
    entry = CAL.entry(D(2026, 11, 24))
    assert entry is not None and "28/2026/QH16" in entry.source
    assert "plans to amend" not in entry.source
    assert entry.status is Status.UNVERIFIED  # the resolution's text was not read
    assert CAL.is_working_day(D(2026, 11, 23)) and not CAL.is_working_day(D(2026, 11, 28))


@pytest.mark.parametrize("day", [D(2027, 2, 4), D(2027, 2, 5), D(2027, 2, 8), D(2027, 2, 9),
                                 D(2027, 2, 10), D(2027, 9, 3)])
def test_2027_tet_and_second_national_day_are_provisional(day: dt.date) -> None:
    # Bộ luật Lao động 2019 Điều 112 k.1 b, đ and k.3: the Prime Minister fixes the Tết days
    # and the second Quốc khánh day each year; no 2027 notice was found by 2026-12-03
    # (legal-check-2026-12.md §3.2, §8). The days follow the statutory rule (mùng 1 Tết is
    # Saturday 06/02/2027) and stay days off under every setting.
    entry = CAL.entry(day)
    assert entry is not None and entry.status is Status.PROVISIONAL
    assert entry.kind is DayKind.DAY_OFF and "Điều 112" in entry.source
    assert not CAL.is_working_day(day)
    assert not WorkingCalendar(trust_unverified=False).is_working_day(day)
    assert entry in CAL.uncertain_days(day, day)


def test_the_fixed_days_of_2027_are_not_provisional() -> None:
    # Điều 112 k.1 a, c, d, đ (first day), e: 01/01, 30/04, 01/05 (nghỉ bù Monday 03/05 by
    # Điều 111 k.3), 02/09, Giỗ Tổ 16/04/2027; no 2027 swap is known (legal-check §3.2).
    for day in (D(2027, 1, 1), D(2027, 4, 16), D(2027, 4, 30), D(2027, 5, 3), D(2027, 9, 2)):
        assert not CAL.is_working_day(day) and CAL.entry(day) is None
    assert CAL.worked_weekend_days(2027) == []


def test_24_november_2027_rests_on_the_unread_resolution() -> None:
    # Nghị quyết 28/2026/QH16 Điều 2 ("Ngày 24 tháng 11 hằng năm"), read in third-party
    # notes only [R] (legal-check §3.1): unverified, like 24/11/2026.
    entry = CAL.entry(D(2027, 11, 24))
    assert entry is not None and entry.status is Status.UNVERIFIED
    assert "28/2026/QH16" in entry.source
    assert WorkingCalendar(trust_unverified=False).is_working_day(D(2027, 11, 24))


# --- succession ----------------------------------------------------------------------------

def test_district_police_ended_on_1_march_2025() -> None:
    # legal-check §2.3 [N] cafef.vn, thanhnien.vn: two-level local police from 01/03/2025.
    duty = Duty(Agency("cong-an-huyen", "hong-ngu"))
    assert who_holds(duty, on=D(2025, 2, 28)).holders == (duty.agency,)
    h = who_holds(duty, on=D(2025, 4, 1))
    assert {a.kind for a in h.holders} == {"cong-an-tinh", "cong-an-xa"} and h.alternative
    assert not h.unverified
    today = who_holds(duty, on=TODAY)
    assert Agency("cong-an-tinh", "dong-thap-2025") in today.holders
    assert Agency("cong-an-xa", "xa-thuong-phuoc") in today.holders


def test_decree_150_in_force_16_june_2025() -> None:
    # Nghị định 150/2025/NĐ-CP Điều 24 (full-text copy; legal-check §2.2).
    assert table().instrument("150/2025/NĐ-CP").effective == D(2025, 6, 16)


def test_resolution_202_and_law_72_dates_beside_the_cut_over() -> None:
    # NQ 202/2025/QH15 in force on adoption 12/06/2025; Luật 72/2025/QH15 in force
    # 16/06/2025; the district level and the old provinces ended 01/07/2025 (§2.3, §2.4).
    t = table()
    assert t.instrument("202/2025/QH15").effective == D(2025, 6, 12)
    assert t.instrument("72/2025/QH15").effective == D(2025, 6, 16)
    for i in ("202/2025/QH15", "72/2025/QH15"):
        assert t.instrument(i).operative == D(2025, 7, 1)
    assert t.step("district-committee-ends").effective == D(2025, 7, 1)
    assert t.step("bac-kan-merged").effective == D(2025, 7, 1)


def test_decree_313_2026_replaces_42_2025() -> None:
    # Nghị định 313/2026/NĐ-CP (08/08/2026, in force 18/08/2026) [R] (legal-check §2.1).
    i = table().instrument("313/2026/NĐ-CP")
    assert (i.issued, i.effective) == (D(2026, 8, 8), D(2026, 8, 18))
    assert "42/2025" in i.title_en
    h = who_holds(Function.CHILDREN, on=TODAY, level=AdminLevel.NATIONAL)
    assert h.holders == (Agency("bo-y-te"),)


@pytest.mark.parametrize(("old", "new"), [("tand-huyen", "tand-khu-vuc"),
                                          ("vksnd-huyen", "vksnd-khu-vuc")])
def test_district_courts_and_procuracies_became_regional(old: str, new: str) -> None:
    # Nghị quyết 225/2025/QH15 (27/06/2025), from 01/07/2025 (legal-check §2.3 [N]).
    h = who_holds(Duty(Agency(old, "hong-ngu")), on=D(2025, 7, 1))
    assert h.holders == (Agency(new, "dong-thap-2025"),)
    assert who_holds(Duty(Agency(old, "hong-ngu")), on=D(2025, 6, 30)).holders == (
        Agency(old, "hong-ngu"),)


@pytest.mark.parametrize(("old", "commune_office", "department"), [
    ("phong-tu-phap", "vp-hdnd-ubnd-xa", "so-tu-phap"),  # Nghị định 150 Điều 15 k.1b
    ("phong-tckh", "phong-kinh-te", "so-tai-chinh"),  # Nghị định 150 Điều 15 k.2a
])
def test_the_two_district_steps_decree_150_settles(old: str, commune_office: str,
                                                  department: str) -> None:
    h = who_holds(Duty(Agency(old, "hong-ngu")), on=TODAY)
    assert {a.kind for a in h.holders} == {commune_office, department}
    assert not h.unverified


@pytest.mark.parametrize("plan_id", ["thua-thien-hue-208-2021", "hai-phong-76-2020",
                                     "bac-kan-352-2019", "bac-kan-419-2018", "hong-ngu-2020"])
def test_no_place_has_two_culture_departments(plan_id: str) -> None:
    # Huế has a Sở Du lịch, so its culture department is the Sở Văn hóa và Thể thao, which
    # took the press duties (Nghị định 150/2025/NĐ-CP Điều 8 k.8); Hải Phòng merged its two
    # into a Sở VHTTDL (its portal, 28/03/2025; date unverified).
    plan = catalog.load(plan_id)
    by_place: dict[str | None, set[str]] = {}
    for r in resolve_matrix(plan, TODAY):
        for a in r.holding.holders:
            if a.kind in {"so-vhtt", "so-vhttdl"}:
                by_place.setdefault(a.place, set()).add(a.kind)
    assert all(len(kinds) == 1 for kinds in by_place.values()), by_place


def test_press_duties_follow_the_department_that_exists() -> None:
    press = who_holds(Duty(Agency("so-tttt", "hue"), Function.PRESS_PUBLISHING), on=TODAY)
    assert press.holders == (Agency("so-vhtt", "hue"),)
    press = who_holds(Duty(Agency("so-tttt", "hai-phong"), Function.PRESS_PUBLISHING), on=TODAY)
    assert press.holders == (Agency("so-vhttdl", "hai-phong-2025"),)
    hp = who_holds(Duty(Agency("so-vhtt", "hai-phong")), on=TODAY)
    assert hp.holders == (Agency("so-vhttdl", "hai-phong-2025"),) and hp.unverified
    # Elsewhere a Sở Văn hóa và Thể thao named by a plan is not moved.
    assert who_holds(Duty(Agency("so-vhtt", "hue")), on=TODAY).holders == (
        Agency("so-vhtt", "hue"),)


def test_a_step_whose_note_says_unverified_is_never_verified() -> None:
    for s in (*table().steps, *table().territory):
        if s.status is StepStatus.VERIFIED:
            assert "unverified" not in s.note.lower(), s.id


@pytest.mark.parametrize(("instrument", "issued"), [
    ("147/2025/NĐ-CP", D(2025, 6, 12)),  # legal-check §1.2 [FT] hethongphapluat.vn
    ("370/2025/NĐ-CP", D(2025, 12, 31)),  # restructuring.md §2.1 [R]
    ("10/2025/TT-BNV", D(2025, 6, 19)),  # legal-check §2.2 [N] lsvn.vn
    ("16/2025/TT-BYT", None),  # restructuring.md §2.1 [N]: June 2025, day not read
    ("MPS-two-level-police-2025", None),  # number and issue date NOT FOUND (§2.3)
])
def test_instruments_whose_dates_were_not_all_read(instrument: str,
                                                   issued: dt.date | None) -> None:
    i = table().instrument(instrument)
    assert i.issued == issued
    if instrument != "MPS-two-level-police-2025":
        assert i.in_force is None and "NOT FOUND" in i.source
    else:
        assert i.in_force == D(2025, 3, 1)


@pytest.mark.parametrize(("agency", "name"), [
    # The names the places use: Công an thành phố Huế, Công an tỉnh Thái Nguyên, Ủy ban
    # nhân dân phường Thường Lạc (legal-check §2.3–2.5; national-note §3.4).
    (Agency("cong-an-tinh", "hue"), "Công an thành phố Huế"),
    (Agency("ubnd-tinh", "hue"), "Ủy ban nhân dân thành phố Huế"),
    (Agency("so-y-te", "hue"), "Sở Y tế thành phố Huế"),
    (Agency("cong-an-tinh", "thai-nguyen"), "Công an tỉnh Thái Nguyên"),
    (Agency("cong-an-xa", "phuong-thuong-lac"), "Công an phường Thường Lạc"),
    (Agency("ubnd-xa", "phuong-thuong-lac"), "Ủy ban nhân dân phường Thường Lạc"),
])
def test_names_as_the_place_writes_them(agency: Agency, name: str) -> None:
    from childprotect.agencies.registry import agency_name

    assert agency_name(agency) == name


def test_district_police_today_by_function() -> None:
    # An abolished body on a later date: its successors, never "no duties" (§2.3).
    from childprotect.agencies.succession import successors

    s = successors(Agency("cong-an-huyen", "hong-ngu"), TODAY)
    assert s.abolished
    assert {a.kind for a in s.holders} == {"cong-an-tinh", "cong-an-xa"}


# --- Luật Trẻ em 2016 -----------------------------------------------------------------------

def test_article_1_is_marked_as_read_in_the_official_codification() -> None:
    # Bộ Pháp điển Điều 8.1.LQ.1 "Trẻ em là người dưới 16 tuổi." (legal-check §1.1).
    from childprotect.children.ages import child_definition

    d = child_definition(TODAY)
    assert d.verbatim_vi == "Trẻ em là người dưới 16 tuổi."
    assert d.status.value == "official-codification"


def test_bac_kan_district_codes_are_verified() -> None:
    # The NSO codes 058, 060–066 match the legacy table of vietnamadminunits 1.0.4 (MIT),
    # admin_units_legacy (legal-check-2026-12.md §2.4).
    import json
    from importlib import resources

    raw = json.loads(resources.files("childprotect").joinpath(
        "data/units/localities.json").read_text("utf-8"))
    units = raw["units"] if isinstance(raw, dict) else raw
    codes = {u["code"]: u for u in units if u.get("parent") == "06"}
    assert sorted(codes) == ["058", "060", "061", "062", "063", "064", "065", "066"]
    assert all(u["verified"] and "vietnamadminunits" in u["source"] for u in codes.values())

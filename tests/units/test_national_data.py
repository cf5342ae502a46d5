"""The bundled national registry of administrative units (``data/units/national/``).

Checks the data files themselves, read with the ``csv`` and ``json`` modules only (not with
the code that serves them): their form, the invariants a registry relies on (codes, kinds,
parents and validities), the crosswalk of 1 July 2025, and agreement with the reference
notes (``restructuring.md`` §3-§4) and with the seed-locality units (``localities.json``).
The files are built by ``tools/build_units.py`` (see docs/national-units.md).
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import unicodedata
from collections import Counter, defaultdict
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

UNITS_DIR = Path(str(resources.files("childprotect").joinpath("data").joinpath("units")))
NATIONAL = UNITS_DIR / "national"
REFORM = date(2025, 7, 1)
EVE = REFORM - timedelta(days=1)
UNIT_COLUMNS = ["code", "name_vi", "kind", "parent", "valid_from", "valid_to", "name_en",
                "source"]
TRANSITION_COLUMNS = ["on", "old", "new", "share", "source"]
#: The kind word each unit's name begins with, as the registry writes it
#: (localities.json: "Tỉnh Đồng Tháp", "Xã Long Phú Thuận", "Thành phố Bắc Kạn").
KIND_WORD = {
    "tinh": "Tỉnh", "thanh-pho-truc-thuoc-trung-uong": "Thành phố", "huyen": "Huyện",
    "quan": "Quận", "thi-xa": "Thị xã", "thanh-pho-thuoc-tinh": "Thành phố",
    "thanh-pho-thuoc-thanh-pho": "Thành phố", "xa": "Xã", "phuong": "Phường",
    "thi-tran": "Thị trấn", "dac-khu": "Đặc khu",
}

# restructuring.md §3.4: the 34 provincial-level units of 1 July 2025, their commune
# counts and the old provinces they were formed from.
PROVINCES_2025: dict[str, tuple[int, tuple[str, ...]]] = {
    "01": (126, ("01",)), "04": (56, ("04",)), "08": (124, ("02", "08")),
    "11": (45, ("11",)), "12": (38, ("12",)), "14": (75, ("14",)),
    "15": (99, ("10", "15")), "19": (92, ("06", "19")), "20": (65, ("20",)),
    "22": (54, ("22",)), "24": (99, ("24", "27")), "25": (148, ("17", "25", "26")),
    "31": (114, ("30", "31")), "33": (104, ("33", "34")), "37": (129, ("35", "36", "37")),
    "38": (166, ("38",)), "40": (130, ("40",)), "42": (69, ("42",)),
    "44": (78, ("44", "45")), "46": (40, ("46",)), "48": (94, ("48", "49")),
    "51": (96, ("51", "62")), "52": (135, ("52", "64")), "56": (65, ("56", "58")),
    "66": (102, ("54", "66")), "68": (124, ("60", "67", "68")), "75": (95, ("70", "75")),
    "79": (168, ("74", "77", "79")), "80": (96, ("72", "80")), "82": (102, ("82", "87")),
    "86": (124, ("83", "84", "86")), "91": (102, ("89", "91")),
    "92": (103, ("92", "93", "94")), "96": (64, ("95", "96")),
}
# restructuring.md §3.4: the names of the 34 units of 1 July 2025.
NAMES_2025 = {
    "01": "Thành phố Hà Nội", "04": "Tỉnh Cao Bằng", "08": "Tỉnh Tuyên Quang",
    "11": "Tỉnh Điện Biên", "12": "Tỉnh Lai Châu", "14": "Tỉnh Sơn La", "15": "Tỉnh Lào Cai",
    "19": "Tỉnh Thái Nguyên", "20": "Tỉnh Lạng Sơn", "22": "Tỉnh Quảng Ninh",
    "24": "Tỉnh Bắc Ninh", "25": "Tỉnh Phú Thọ", "31": "Thành phố Hải Phòng",
    "33": "Tỉnh Hưng Yên", "37": "Tỉnh Ninh Bình", "38": "Tỉnh Thanh Hóa", "40": "Tỉnh Nghệ An",
    "42": "Tỉnh Hà Tĩnh", "44": "Tỉnh Quảng Trị", "46": "Thành phố Huế",
    "48": "Thành phố Đà Nẵng", "51": "Tỉnh Quảng Ngãi", "52": "Tỉnh Gia Lai",
    "56": "Tỉnh Khánh Hòa", "66": "Tỉnh Đắk Lắk", "68": "Tỉnh Lâm Đồng", "75": "Tỉnh Đồng Nai",
    "79": "Thành phố Hồ Chí Minh", "80": "Tỉnh Tây Ninh", "82": "Tỉnh Đồng Tháp",
    "86": "Tỉnh Vĩnh Long", "91": "Tỉnh An Giang", "92": "Thành phố Cần Thơ", "96": "Tỉnh Cà Mau",
}
# restructuring.md §3.3: the 13 special zones (đặc khu) and the province of each.
SPECIAL_ZONES = {
    ("Đặc khu Kiên Hải", "91"), ("Đặc khu Phú Quốc", "91"), ("Đặc khu Thổ Châu", "91"),
    ("Đặc khu Cát Hải", "31"), ("Đặc khu Bạch Long Vĩ", "31"), ("Đặc khu Vân Đồn", "22"),
    ("Đặc khu Cô Tô", "22"), ("Đặc khu Côn Đảo", "79"), ("Đặc khu Hoàng Sa", "48"),
    ("Đặc khu Trường Sa", "56"), ("Đặc khu Phú Quý", "68"), ("Đặc khu Lý Sơn", "51"),
    ("Đặc khu Cồn Cỏ", "44"),
}


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@cache
def units() -> list[dict[str, Any]]:
    with (NATIONAL / "units.csv").open(encoding="utf-8", newline="") as f:
        rows: list[dict[str, Any]] = list(csv.DictReader(f))
    for r in rows:
        r["start"], r["end"] = _day(r["valid_from"]), _day(r["valid_to"])
    return rows


@cache
def transitions() -> list[dict[str, Any]]:
    with (NATIONAL / "transitions.csv").open(encoding="utf-8", newline="") as f:
        rows: list[dict[str, Any]] = list(csv.DictReader(f))
    for r in rows:
        r["day"] = date.fromisoformat(r["on"])
    return rows


@cache
def vocabulary() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((UNITS_DIR / "vocabulary.json").read_text("utf-8"))
    return data


def level_of(kind: str) -> dict[str, Any]:
    voc = vocabulary()
    level_id = next(k["level"] for k in voc["kinds"] if k["id"] == kind)
    level: dict[str, Any] = next(lv for lv in voc["levels"] if lv["id"] == level_id)
    return level


def valid(r: dict[str, Any], day: date) -> bool:
    return (r["start"] is None or r["start"] <= day) and (r["end"] is None or day <= r["end"])


def covers(outer: dict[str, Any], inner: dict[str, Any]) -> bool:
    starts = outer["start"] is None or (inner["start"] is not None
                                        and outer["start"] <= inner["start"])
    ends = outer["end"] is None or (inner["end"] is not None and inner["end"] <= outer["end"])
    return starts and ends


@cache
def versions() -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in units():
        out[r["code"]].append(r)
    return out


def on(day: date) -> dict[str, dict[str, Any]]:
    """The units valid on ``day``, by code (a code names one unit on a day)."""
    got: dict[str, dict[str, Any]] = {}
    for r in units():
        if valid(r, day):
            assert r["code"] not in got, f"two units with code {r['code']} on {day}"
            got[r["code"]] = r
    return got


def by_level(day: date) -> Counter[int]:
    return Counter(len(c) for c in on(day))


# --- form --------------------------------------------------------------------------------


def test_the_files_have_the_loader_columns() -> None:
    with (NATIONAL / "units.csv").open(encoding="utf-8") as f:
        assert next(csv.reader(f)) == UNIT_COLUMNS
    with (NATIONAL / "transitions.csv").open(encoding="utf-8") as f:
        assert next(csv.reader(f)) == TRANSITION_COLUMNS


def test_the_manifest_describes_the_files_as_built() -> None:
    manifest = json.loads((NATIONAL / "manifest.json").read_text("utf-8"))
    for name in ("units.csv", "transitions.csv"):
        data = (NATIONAL / name).read_bytes()
        described = manifest["files"][name]
        assert described["sha256"] == hashlib.sha256(data).hexdigest(), (
            f"{name} differs from what tools/build_units.py wrote: rebuild it, do not edit")
        assert described["bytes"] == len(data)
        assert described["rows"] == data.count(b"\n") - 1


def test_cells_are_plain_nfc_text() -> None:
    for name in ("units.csv", "transitions.csv"):
        text = (NATIONAL / name).read_text("utf-8")
        assert unicodedata.is_normalized("NFC", text), name
        assert '"' not in text and "\r" not in text, name
        widths = {line.count(",") for line in text.splitlines()}
        assert len(widths) == 1, f"{name}: rows of different widths {widths}"
    for r in units():
        assert r["name_vi"] == " ".join(r["name_vi"].split()), r
        assert r["source"] and r["name_en"], r


def test_names_begin_with_the_kind_word_as_the_registry_writes_it() -> None:
    bad = [(r["code"], r["name_vi"], r["kind"]) for r in units()
           if not r["name_vi"].startswith(KIND_WORD[r["kind"]] + " ")]
    assert not bad, bad[:10]


def test_codes_have_their_level_length_and_kinds_their_level() -> None:
    kinds = {k["id"] for k in vocabulary()["kinds"]}
    for r in units():
        assert r["kind"] in kinds, r
        assert r["code"].isascii() and r["code"].isdigit(), r
        assert len(r["code"]) == level_of(r["kind"])["code_digits"], r


def test_kinds_exist_over_the_whole_validity_of_their_units() -> None:
    kinds = {k["id"]: {"start": _day(k.get("valid_from") or ""),
                       "end": _day(k.get("valid_to") or "")} for k in vocabulary()["kinds"]}
    bad = [r["code"] for r in units() if not covers(kinds[r["kind"]], r)]
    assert not bad, bad[:10]


def test_a_code_names_one_unit_at_a_time() -> None:
    for code, vs in versions().items():
        vs = sorted(vs, key=lambda r: r["start"] or date.min)
        for r in vs:
            assert r["start"] is None or r["end"] is None or r["start"] <= r["end"], r
        for a, b in itertools.pairwise(vs):
            assert a["end"] is not None and b["start"] is not None and a["end"] < b["start"], (
                code, a["valid_from"], a["valid_to"], b["valid_from"])


def test_every_parent_exists_over_the_whole_validity_of_its_child() -> None:
    for r in units():
        rank = level_of(r["kind"])["rank"]
        if rank == 1:
            assert r["parent"] == "", r
            continue
        holders = [p for p in versions().get(r["parent"], []) if covers(p, r)]
        assert len(holders) == 1, (r["code"], r["valid_from"], r["parent"])
        assert level_of(holders[0]["kind"])["rank"] < rank, r
        if rank == 3:  # a commune's parent: its district until 2025-06-30, then its province
            before = r["end"] is not None and r["end"] < REFORM
            assert len(r["parent"]) == (3 if before else 2), r


# --- counts, cross-checked with the reference notes -------------------------------------


def test_the_day_before_the_reform_has_63_provinces_and_10035_communes() -> None:
    # restructuring.md §0.4 and §3.3: 63 provinces and 10,035 communes before 1 July 2025;
    # 696 districts ended (Lao Động, §3.3).
    assert by_level(EVE) == {2: 63, 3: 696, 5: 10035}


def test_from_the_reform_there_are_34_provinces_and_3321_communes() -> None:
    # restructuring.md §3.3 and Quyết định 19/2025/QĐ-TTg; still so after the 2026
    # changes (§3.6: codes unchanged, only unit kinds changed).
    for day in (REFORM, date(2026, 4, 30), date(2026, 9, 20), date(2026, 12, 3)):
        assert by_level(day) == {2: 34, 5: 3321}, day


def test_communes_of_1_july_2025_by_kind_and_the_13_special_zones() -> None:
    # restructuring.md §3.3: 2,621 xã + 687 phường + 13 đặc khu.
    new = on(REFORM)
    assert Counter(r["kind"] for c, r in new.items() if len(c) == 5) == {
        "xa": 2621, "phuong": 687, "dac-khu": 13}
    zones = {(r["name_vi"], r["parent"]) for r in new.values() if r["kind"] == "dac-khu"}
    assert zones == SPECIAL_ZONES


def test_after_the_2026_changes_wards_and_communes_are_as_the_notes_say() -> None:
    # restructuring.md §3.6: "about 710 phường, 2,598 xã, 13 đặc khu" as of ~25 Sep 2026,
    # "the datasets disagree by ±1 on the xã/phường split"; 9 cities and 25 provinces.
    now = on(date(2026, 12, 3))
    kinds = Counter(r["kind"] for c, r in now.items() if len(c) == 5)
    assert abs(kinds["phuong"] - 710) <= 1 and abs(kinds["xa"] - 2598) <= 1, kinds
    assert kinds["dac-khu"] == 13
    assert Counter(r["kind"] for c, r in now.items() if len(c) == 2) == {
        "thanh-pho-truc-thuoc-trung-uong": 9, "tinh": 25}


def test_each_new_province_has_the_communes_of_the_reference_table() -> None:
    new = on(REFORM)
    count = Counter(r["parent"] for c, r in new.items() if len(c) == 5)
    assert {p for p in new if len(p) == 2} == set(PROVINCES_2025)
    assert {p: n for p, n in count.items()} == {p: n for p, (n, _) in PROVINCES_2025.items()}


def test_the_new_provinces_have_the_reference_names() -> None:
    new = on(REFORM)
    assert {c: r["name_vi"] for c, r in new.items() if len(c) == 2} == NAMES_2025


def test_the_seed_provinces_have_the_reference_split_of_wards_and_communes() -> None:
    # legal-check-2026-12.md §2.4 and restructuring.md §3.4: Thái Nguyên 92 (15 phường,
    # 77 xã), Huế 40 (21/19), Hải Phòng 114 (45 phường, 67 xã, 2 đặc khu), Đồng Tháp 102
    # (20/82).
    new = on(REFORM)
    split = {p: Counter(r["kind"] for r in new.values() if r["parent"] == p)
             for p in ("19", "46", "31", "82")}
    assert split == {"19": {"phuong": 15, "xa": 77}, "46": {"phuong": 21, "xa": 19},
                     "31": {"phuong": 45, "xa": 67, "dac-khu": 2},
                     "82": {"phuong": 20, "xa": 82}}


def test_the_seed_localities_communes_went_where_the_notes_say() -> None:
    # restructuring.md §3.5: Bắc Kạn's 108 communes became 37 new ones; Thừa Thiên Huế's
    # 133 became 40; Phường Đức Xuân (01840) <- Nguyễn Thị Minh Khai, Đức Xuân, Huyền Tụng;
    # Phường Bắc Kạn (01843) takes in Sông Cầu and Phùng Chí Kiên; An Bình A, An Bình B, An
    # Lộc -> Phường An Bình (29954); An Thạnh, Bình Thạnh, Tân Hội -> Phường Hồng Ngự
    # (29955). localities.json (30154): Xã Tân Long also from Tân Bình, Tân Hòa, Tân Quới,
    # Tân Huề and the old Tân Long (30166) of Huyện Thanh Bình.
    old = on(EVE)
    into: dict[str, set[str]] = defaultdict(set)
    for t in transitions():
        if t["day"] == REFORM and len(t["old"]) == 5:
            into[t["new"]].add(t["old"])

    def names(code: str) -> set[str]:
        return {old[c]["name_vi"] for c in into[code]}

    def communes_of(province: str) -> set[str]:
        return {c for c, r in old.items() if len(c) == 5 and old[r["parent"]]["parent"] == province}

    for province, before, after in (("06", 108, 37), ("46", 133, 40)):
        mine = communes_of(province)
        assert len(mine) == before
        assert len({n for n, olds in into.items() if olds & mine}) == after
    assert names("01840") == {"Phường Nguyễn Thị Minh Khai", "Phường Đức Xuân",
                              "Phường Huyền Tụng"}
    assert {"Phường Sông Cầu", "Phường Phùng Chí Kiên"} <= names("01843")
    assert names("29954") == {"Phường An Bình A", "Phường An Bình B", "Phường An Lộc"}
    assert names("29955") == {"Phường An Thạnh", "Xã Bình Thạnh", "Xã Tân Hội"}
    assert names("30154") == {"Xã Phú Thuận B", "Xã Tân Bình", "Xã Tân Hòa", "Xã Tân Quới",
                              "Xã Tân Huề", "Xã Tân Long"}
    assert old["30166"]["name_vi"] == "Xã Tân Long" and "30166" in into["30154"]


def test_the_province_map_is_the_reference_table() -> None:
    # restructuring.md §3.4: old provinces -> new province. An unchanged province goes on
    # as the same unit (no transition); a merged one ends and maps to the new code.
    old, new = on(EVE), on(REFORM)
    moved: dict[str, set[str]] = defaultdict(set)
    for t in transitions():
        if t["day"] == REFORM and len(t["old"]) == 2:
            assert t["share"] == "1", t
            moved[t["new"]].add(t["old"])
    for code, (_, parts) in PROVINCES_2025.items():
        if parts == (code,):
            assert old[code] is new[code], f"{code} is not merged: it goes on unchanged"
            assert code not in moved
        else:
            assert moved[code] == set(parts), code
    assert sum(len(v) for v in moved.values()) + 11 == 63


def test_thua_thien_hue_had_9_districts_and_133_communes_from_1_january_2025() -> None:
    # restructuring.md §3.1 (Nghị quyết 175/2024/QH15 + 1314/NQ-UBTVQH15).
    day = date(2025, 1, 1)
    units_on = on(day)
    assert units_on["46"]["name_vi"] == "Thành phố Huế"
    districts = {c for c, r in units_on.items() if r["parent"] == "46"}
    assert len(districts) == 9
    assert sum(1 for r in units_on.values() if r["parent"] in districts) == 133


def test_a_2024_thua_thien_hue_commune_rolls_up_to_its_district_and_province() -> None:
    for day in (date(2024, 1, 1), date(2024, 6, 30), date(2024, 12, 31)):
        units_on = on(day)
        assert units_on["46"]["name_vi"] == "Tỉnh Thừa Thiên Huế"
        communes = [r for r in units_on.values() if len(r["code"]) == 5
                    and units_on[r["parent"]]["parent"] == "46"]
        assert len(communes) > 133  # the 2025-01-01 mergers had not happened yet
        # Communes that the 2025-01-01 resolution closed still roll up in 2024.
        assert units_on["19822"]["name_vi"] == "Xã Điền Hương"
        assert units_on[units_on["19822"]["parent"]]["name_vi"] == "Huyện Phong Điền"
        assert "475" not in units_on  # Quận Phú Xuân exists from 2025-01-01 only


# --- transitions -----------------------------------------------------------------------------


def test_each_transition_joins_a_unit_ending_the_day_before_to_one_valid_that_day() -> None:
    for t in transitions():
        before = [r for r in versions()[t["old"]] if valid(r, t["day"] - timedelta(days=1))]
        after = [r for r in versions()[t["new"]] if valid(r, t["day"])]
        assert len(before) == 1 and len(after) == 1, t
        assert before[0]["end"] == t["day"] - timedelta(days=1), t


def test_shares_are_whole_or_unknown_and_never_add_past_one() -> None:
    groups: dict[tuple[date, str], list[str]] = defaultdict(list)
    for t in transitions():
        assert t["share"] in ("1", ""), t
        groups[(t["day"], t["old"])].append(t["share"])
    for k, shares in groups.items():
        if "1" in shares:
            assert shares == ["1"], k
        else:
            assert len(shares) >= 2, k  # a division between several new units, share unknown


def test_every_commune_of_the_eve_has_successors_and_every_new_one_predecessors() -> None:
    old, new = on(EVE), on(REFORM)
    olds = {t["old"] for t in transitions() if t["day"] == REFORM}
    # (an island district without communes went whole to its đặc khu)
    news = {t["new"] for t in transitions() if t["day"] == REFORM and len(t["new"]) == 5}
    assert {c for c in old if len(c) in (3, 5)} <= olds
    assert {c for c in new if len(c) == 5} == news


def test_successors_lie_in_the_province_the_old_province_went_to() -> None:
    # restructuring.md §4.2: an NSO-derived table put Phường 4 of Thành phố Tân An (Long An,
    # 80) in Tiền Giang; validate province membership through district codes.
    old, new = on(EVE), on(REFORM)
    province_to = {t["old"]: t["new"] for t in transitions()
                   if t["day"] == REFORM and len(t["old"]) == 2}
    province_to.update({c: c for c in new if len(c) == 2 and c in old})
    for t in transitions():
        if t["day"] == REFORM and len(t["new"]) == 5:
            district = old[t["old"]]["parent"] if len(t["old"]) == 5 else t["old"]
            assert new[t["new"]]["parent"] == province_to[old[district]["parent"]], t
    tan_an_4 = old["27691"]
    assert (tan_an_4["name_vi"], tan_an_4["parent"], old["794"]["parent"]) == (
        "Phường 4", "794", "80")


def test_a_unit_that_changes_on_a_day_has_a_transition_that_day() -> None:
    # Without one, data on the old version could not follow the unit to the new one.
    have = {(t["day"], t["old"]) for t in transitions()}
    for code, vs in versions().items():
        for a in vs:
            if a["end"] is not None and any(b["start"] == a["end"] + timedelta(days=1)
                                            for b in vs):
                assert (a["end"] + timedelta(days=1), code) in have, (code, a["valid_to"])


# --- the seed localities ------------------------------------------------------------------


def test_the_seed_locality_units_agree_with_the_national_data() -> None:
    seed = json.loads((UNITS_DIR / "localities.json").read_text("utf-8"))
    for u in seed["units"]:
        match = [r for r in versions()[u["code"]]
                 if r["valid_from"] == (u.get("valid_from") or "")
                 and r["valid_to"] == (u.get("valid_to") or "")]
        assert len(match) == 1, (u["code"], u["name_vi"])
        r = match[0]
        assert (r["name_vi"], r["kind"], r["parent"], r["name_en"]) == (
            u["name_vi"], u["kind"], u.get("parent") or "", u["name_en"]), u["code"]
    national = {(t["on"], t["old"], t["new"]): t["share"] for t in transitions()}
    seeded = {(t["on"], t["old"], t["new"]) for t in seed["transitions"]}
    for t in seed["transitions"]:
        share = t.get("share")
        assert national[(t["on"], t["old"], t["new"])] == ("" if share is None else share), t
        # The national data give an old seed unit no successor the seed does not list.
        others = {k for k in national if k[:2] == (t["on"], t["old"])} - seeded
        assert not others, (t["old"], others)


# --- any day -----------------------------------------------------------------------------


@given(st.dates(min_value=date(2023, 4, 10), max_value=date(2027, 12, 31)))
def test_on_any_day_the_units_form_a_hierarchy(day: date) -> None:
    units_on = on(day)  # also asserts that a code names one unit that day
    for r in units_on.values():
        if r["parent"]:
            assert r["parent"] in units_on, (day, r["code"], r["parent"])
    levels = by_level(day)
    if day < REFORM:
        assert levels[2] == 63 and levels[3] >= 690 and levels[5] >= 10000, (day, levels)
    else:
        assert levels == {2: 34, 5: 3321}, (day, levels)

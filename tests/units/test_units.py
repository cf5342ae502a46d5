"""Administrative units over time: keys, validity, hierarchy snapshots, transitions, CSV."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from childprotect.errors import UnknownName, ValidationError
from childprotect.units.csvfiles import load_units_csv
from childprotect.units.model import AdminUnit, Transition, Validity, vocabulary
from childprotect.units.registry import UnitRegistry, bundled

BEFORE, AFTER = date(2025, 6, 30), date(2025, 7, 1)

# The Hồng Ngự table of the reference notes (restructuring.md §3.5), from Nghị quyết
# 1663/NQ-UBTVQH15: old unit code → (new unit code, new name, whole unit?).
HONG_NGU_2025 = {
    "29971": [("29971", "Xã Thường Phước", True)],  # TT Thường Thới Tiền
    "29956": [("29971", "Xã Thường Phước", True)],  # xã Thường Phước 1
    "29974": [("29971", "Xã Thường Phước", True)],  # xã Thường Phước 2
    "29980": [("29983", "Xã Long Khánh", True)],  # xã Long Khánh A
    "29983": [("29983", "Xã Long Khánh", True)],  # xã Long Khánh B
    "29992": [("29992", "Xã Long Phú Thuận", True)],  # xã Long Thuận
    "29998": [("29992", "Xã Long Phú Thuận", True)],  # xã Phú Thuận A
    "29995": [("29992", "Xã Long Phú Thuận", False),  # xã Phú Thuận B, split
              ("30154", "Xã Tân Long", False)],
    "29962": [("29978", "Phường Thường Lạc", True)],  # xã Thường Thới Hậu A
    "29977": [("29978", "Phường Thường Lạc", True)],  # xã Thường Lạc
    "29978": [("29978", "Phường Thường Lạc", True)],  # phường An Lạc (Thành phố Hồng Ngự)
}


def test_bundled_units_cite_sources_and_are_nfc() -> None:
    reg = bundled()
    assert reg.units
    for u in reg.units:
        assert u.source.strip(), u
        assert unicodedata.is_normalized("NFC", u.name_vi)
        assert u.name_en
    for t in reg.transitions:
        assert t.source.strip()
    for k in vocabulary().kinds:
        assert k.source.strip()


def test_a_code_survives_a_merger_under_a_new_name() -> None:
    reg = bundled()
    old, new = reg.get("82", on=BEFORE), reg.get("82", on=AFTER)
    assert (old.name_vi, new.name_vi) == ("Tỉnh Tiền Giang", "Tỉnh Đồng Tháp")
    assert old.key != new.key and old.code == new.code
    assert [u.name_vi for u in reg.versions("82")] == ["Tỉnh Tiền Giang", "Tỉnh Đồng Tháp"]
    with pytest.raises(UnknownName):
        reg.get("87", on=AFTER)  # Đồng Tháp's old code is closed
    with pytest.raises(UnknownName):
        reg.get("06", on=AFTER)  # Bắc Kạn's too


def test_code_reused_for_another_commune() -> None:
    # 29971 was thị trấn Thường Thới Tiền and is xã Thường Phước (restructuring.md §4.2).
    reg = bundled()
    assert reg.get("29971", on=BEFORE).kind == "thi-tran"
    assert reg.get("29971", on=AFTER).name_vi == "Xã Thường Phước"
    assert reg.get("30154", on=AFTER).name_vi == "Xã Tân Long"


def test_hue_became_a_centrally_run_city_on_1_january_2025() -> None:
    reg = bundled()
    assert reg.get("46", on=date(2024, 12, 31)).kind == "tinh"
    assert reg.get("46", on=date(2025, 1, 1)).kind == "thanh-pho-truc-thuoc-trung-uong"


def test_hong_ngu_district_had_ten_units() -> None:
    # Nghị quyết 838/NQ-UBTVQH14: 9 xã + 1 thị trấn (restructuring.md §3.5).
    h = bundled().on(date(2024, 12, 31))
    kids = [h.unit(c) for c in h.children("870")]
    assert len(kids) == 10
    assert sorted(u.kind for u in kids).count("xa") == 9
    assert [u.name_vi for u in kids if u.kind == "thi-tran"] == ["Thị trấn Thường Thới Tiền"]
    assert h.levels() == ("province", "district", "commune")


def test_bac_kan_and_its_districts() -> None:
    h = bundled().on(date(2020, 1, 1))
    assert h.unit("06").name_vi == "Tỉnh Bắc Kạn"
    assert len(h.children("06")) == 8
    after = bundled().on(AFTER)
    assert "06" not in after and "058" not in after
    # the district level is gone
    assert after.levels() == ("province", "commune")
    assert [p.new.name_vi for p in bundled().successors("06", AFTER)] == ["Tỉnh Thái Nguyên"]
    assert [p.new.code for p in bundled().successors("063", AFTER)] == ["19"]


def test_hai_phong_merged_with_hai_duong() -> None:
    reg = bundled()
    assert {t.old for t in reg.predecessors("31", AFTER)} == {"30", "31"}


@pytest.mark.parametrize("old", sorted(HONG_NGU_2025))
def test_hong_ngu_successors_match_the_reference_table(old: str) -> None:
    parts = bundled().successors(old, AFTER)
    got = sorted((p.new.code, p.new.name_vi, not p.partial) for p in parts)
    assert got == sorted(HONG_NGU_2025[old])
    for p in parts:
        assert p.via and "1663/NQ-UBTVQH15" in p.via[0].source


def test_partial_split_share_is_unknown_and_flagged() -> None:
    parts = bundled().successors("29995", AFTER)
    assert all(p.share is None and p.partial for p in parts)
    assert all(not t.verified and "NOT FOUND" in (t.note or "") for p in parts for t in p.via)


def test_trace_across_both_changes() -> None:
    reg = bundled()
    parts = reg.trace("46", date(2024, 6, 1), date(2026, 1, 1))
    assert [(p.new.name_vi, p.share) for p in parts] == [("Thành phố Huế", Fraction(1))]
    parts = reg.trace("870", date(2024, 6, 1), date(2026, 1, 1))
    assert [p.new.code for p in parts] == ["82"]


def test_find_by_name_in_any_spelling() -> None:
    reg = bundled()
    assert reg.resolve("TT. Thường Thới Tiền", on=BEFORE).code == "29971"
    assert reg.resolve("Thị trấn Thường Thới Tiền", on=BEFORE).code == "29971"
    assert reg.resolve("tỉnh  đồng tháp", on=AFTER).code == "82"
    assert reg.resolve("tỉnh  đồng tháp", on=BEFORE).code == "87"
    assert [c.unit.code for c in reg.find("tinh dong thap")] == ["82", "87"]
    with pytest.raises(UnknownName):
        reg.find("Xã Không Có", on=BEFORE)


def test_kind_by_vietnamese_name() -> None:
    assert vocabulary().kind("Thành phố trực thuộc Trung ương").id == \
        "thanh-pho-truc-thuoc-trung-uong"
    with pytest.raises(UnknownName):
        vocabulary().kind("bang")


def _unit(code: str, kind: str, parent: str | None = None, **kw: object) -> AdminUnit:
    return AdminUnit(code=code, name_vi=f"Mẫu {code}", name_en=f"Sample {code}", kind=kind,
                     source="test", parent=parent, **kw)  # type: ignore[arg-type]


def test_registry_rejects_bad_units() -> None:
    with pytest.raises(ValidationError, match="should have 2 digits"):
        UnitRegistry([_unit("123", "tinh")])
    with pytest.raises(ValidationError, match="overlapping"):
        UnitRegistry([_unit("01", "tinh"), _unit("01", "tinh", valid_from=date(2020, 1, 1))])
    with pytest.raises(ValidationError, match="parent '02' does not exist"):
        UnitRegistry([_unit("01", "tinh"), _unit("001", "huyen", "02",
                                                  valid_to=BEFORE)])
    with pytest.raises(ValidationError, match="not at a higher level"):
        UnitRegistry([_unit("001", "huyen", valid_to=BEFORE),
                      _unit("01", "tinh", "001", valid_to=BEFORE)])
    with pytest.raises(ValidationError, match="kind 'thi-tran' exists only"):
        UnitRegistry([_unit("00001", "thi-tran")])  # no township after 30/06/2025
    with pytest.raises(ValidationError, match="kind 'dac-khu' exists only"):
        UnitRegistry([_unit("00001", "dac-khu", valid_to=BEFORE)])
    with pytest.raises(UnknownName):
        UnitRegistry([_unit("01", "bang")])
    with pytest.raises(ValidationError, match="ends"):
        _unit("01", "tinh", valid_from=AFTER, valid_to=BEFORE)


def test_registry_rejects_bad_transitions() -> None:
    units = [_unit("01", "tinh", valid_to=BEFORE), _unit("02", "tinh", valid_to=BEFORE),
             _unit("02", "tinh", valid_from=AFTER), _unit("03", "tinh", valid_from=AFTER)]
    ok = [Transition(AFTER, "01", "02", "t", Fraction(1, 3)),
          Transition(AFTER, "01", "03", "t", Fraction(2, 3)),
          Transition(AFTER, "02", "02", "t")]
    assert len(UnitRegistry(units, ok).successors("01", AFTER)) == 2
    with pytest.raises(ValidationError, match="add up to 4/3"):
        UnitRegistry(units, [*ok[:1], Transition(AFTER, "01", "03", "t")])
    with pytest.raises(ValidationError, match="no unit with code 04"):
        UnitRegistry(units, [Transition(AFTER, "01", "04", "t")])
    with pytest.raises(ValidationError, match="does not end the day before"):
        UnitRegistry(units, [Transition(date(2025, 8, 1), "02", "03", "t")])
    with pytest.raises(ValidationError):
        Transition(AFTER, "01", "02", "t", Fraction(0))


def test_load_units_csv(tmp_path: Path) -> None:
    f = tmp_path / "units.csv"
    f.write_text(
        "code,name_vi,kind,parent,valid_from,valid_to\n"
        "01,Tỉnh Mẫu,tỉnh,,,2025-06-30\n"
        "001,Huyện Mẫu,Huyện,01,,2025-06-30\n"
        "00001,Thị trấn Mẫu,thi-tran,001,,2025-06-30\n"
        "00002,Xã Mẫu,XÃ,001,,2025-06-30\n"
        "01,Tỉnh Mới,tinh,,2025-07-01,\n"
        "00001,Xã Mới,xã,01,2025-07-01,\n", "utf-8")
    t = tmp_path / "transitions.csv"
    t.write_text("on,old,new,share\n2025-07-01,00001,00001,\n2025-07-01,00002,00001,1\n"
                 "2025-07-01,01,01,1\n", "utf-8")
    reg = load_units_csv(f, t)
    h = reg.on(date(2024, 1, 1))
    assert h.children("001") == ["00001", "00002"]
    assert h.unit("00001").kind == "thi-tran"
    assert reg.successors("00002", AFTER)[0].new.name_vi == "Xã Mới"
    assert reg.successors("00001", AFTER)[0].share is None


@pytest.mark.parametrize(("text", "match"), [
    ("code,name_vi\n01,A\n", r"missing column\(s\) kind; found code, name_vi"),
    ("code,name_vi,kind,colour\n01,A,tinh,red\n", r"unknown column\(s\) colour"),
    ("code,name_vi,kind,valid_to\n01,A,tinh,30/06/2025\n", r"line 2: .*'30/06/2025'"),
    ("code,name_vi,kind\n01,A,tinh,extra\n", "line 2: 4 cells"),
    ("code,name_vi,kind\n0A,A,tinh\n", r"line 2: .*'0A'"),
    ("code,name_vi,kind\n01,A,tinh\n02,B,bang\n", r"unit kind at .*u.csv line 3 'bang'"),
    # checks of the list as a whole named units[i], the row's index (from 0)
    ("code,name_vi,kind\n01,A,tinh\n\n01,B,tinh\n", r"u.csv line 4 \(01 B\): code 01 is "
     "already used by A"),
    ("code,name_vi,kind,parent,valid_to\n01,A,tinh,,\n\"001\",\"B\",huyen,02,2025-06-30\n",
     r"u.csv line 3 \(001 B\): parent '02' does not exist"),
    ('code,name_vi,kind\n"01","A\nA",tinh\n001,B,tinh\n',
     r"u.csv line 4 \(001 B\): code '001' should have 2 digits"),
])
def test_load_units_csv_errors_name_the_line(tmp_path: Path, text: str, match: str) -> None:
    f = tmp_path / "u.csv"
    f.write_text(text, "utf-8")
    with pytest.raises((ValidationError, UnknownName), match=match):
        load_units_csv(f)


dates = st.dates(date(2015, 1, 1), date(2030, 12, 31))
validities = st.builds(
    lambda a, b, open_a, open_b: Validity(None if open_a else min(a, b),
                                          None if open_b else max(a, b)),
    dates, dates, st.booleans(), st.booleans())


@given(validities, validities, dates)
def test_validity_relations(a: Validity, b: Validity, d: date) -> None:
    assert a.overlaps(b) == b.overlaps(a)
    if a.covers(b):
        assert a.overlaps(b)
        if b.contains(d):
            assert a.contains(d)
    if a.contains(d) and b.contains(d):
        assert a.overlaps(b)


@given(dates)
def test_snapshot_holds_exactly_the_units_valid_that_day(d: date) -> None:
    reg = bundled()
    h = reg.on(d)
    assert {u.key for u in h} == {u.key for u in reg.units if u.validity.contains(d)}
    for u in h:
        assert u.parent is None or u.parent in h
        for anc in h.ancestors(u.code):
            assert h.level(anc.code).rank < h.level(u.code).rank


@given(dates, st.integers(0, 800))
def test_trace_shares_never_exceed_one(d: date, days: int) -> None:
    reg = bundled()
    for u in reg.on(d):
        parts = reg.trace(u.code, d, d + timedelta(days=days))
        known = [p.share for p in parts if p.share is not None]
        assert sum(known, Fraction(0)) <= 1
        for p in parts:
            assert p.new.validity.contains(d + timedelta(days=days)) or p.new is u


@pytest.mark.parametrize("quoted", [False, True])
def test_load_units_csv_builds_the_same_units_as_the_class(tmp_path: Path, quoted: bool) -> None:
    f = tmp_path / "units.csv"
    name = '"Tỉnh ""Mẫu"", A"' if quoted else "Tỉnh Mẫu"
    f.write_text("code,name_vi,kind,parent,valid_from,valid_to,name_en,source\n"
                 f"01 ,{name},tỉnh,,,2025-06-30,Sample,\n"
                 "001,Huyện Mẫu,Huyện,01,,2025-06-30,,Quyết định 1\n"
                 "01,Tỉnh Mới,tinh,,2025-07-01,,,\n", "utf-8")
    got = load_units_csv(f).units
    want = (
        AdminUnit(code="01", name_vi='Tỉnh "Mẫu", A' if quoted else "Tỉnh Mẫu",
                  name_en="Sample", kind="tinh", source="units.csv line 2",
                  valid_to=date(2025, 6, 30)),
        AdminUnit(code="001", name_vi="Huyện Mẫu", name_en="", kind="huyen",
                  source="Quyết định 1", parent="01", valid_to=date(2025, 6, 30)),
        AdminUnit(code="01", name_vi="Tỉnh Mới", name_en="", kind="tinh",
                  source="units.csv line 4", valid_from=date(2025, 7, 1)),
    )
    assert got == want
    assert [repr(u) for u in got] == [repr(u) for u in want]
    assert [(u.validity, hash(u)) for u in got] == [(u.validity, hash(u)) for u in want]


def test_load_units_csv_stores_names_in_nfc(tmp_path: Path) -> None:
    f = tmp_path / "u.csv"
    decomposed = unicodedata.normalize("NFD", "Tỉnh Bắc Kạn")
    f.write_text(f"code,name_vi,kind\n01,{decomposed},tinh\n", "utf-8")
    (unit,) = load_units_csv(f).units
    assert unit.name_vi == unicodedata.normalize("NFC", decomposed) != decomposed


def test_load_units_csv_checks_the_validity(tmp_path: Path) -> None:
    f = tmp_path / "u.csv"
    f.write_text("code,name_vi,kind,valid_from,valid_to\n01,A,tinh,2025-07-01,2025-06-30\n",
                 "utf-8")
    with pytest.raises(ValidationError, match=r"line 2: validity ends \(2025-06-30\) before"):
        load_units_csv(f)


def test_vocabulary_matches_the_converter() -> None:
    import json
    from importlib import resources

    from childprotect.formats.convert import structure
    from childprotect.units.model import Vocabulary

    path = resources.files("childprotect").joinpath("data/units/vocabulary.json")
    assert vocabulary() == structure(json.loads(path.read_text("utf-8")), Vocabulary)


def test_vocabulary_reader_names_every_bad_field() -> None:
    from childprotect.errors import InvalidPlanFile
    from childprotect.units.model import vocabulary_of

    ok = {"id": "x", "rank": 1, "code_digits": 2, "name_vi": "X", "name_en": "X",
          "source": "s", "valid_to": "2025-06-30"}
    voc = vocabulary_of({"levels": [ok], "kinds": []})
    assert voc.levels[0].valid_to == date(2025, 6, 30)
    bad = {**ok, "rank": "1", "valid_to": "30/06/2025", "colour": "red"}
    del bad["source"]
    with pytest.raises(InvalidPlanFile) as err:
        vocabulary_of({"levels": [ok, bad], "kinds": []}, "v.json")
    assert sorted(err.value.problems) == sorted([
        "unknown field 'colour' @ $.levels[1]",
        "expected an integer, got '1' (str) @ $.levels[1].rank",
        "required field missing @ $.levels[1].source",
        "expected an ISO date YYYY-MM-DD, got '30/06/2025' (str) @ $.levels[1].valid_to",
    ])


@st.composite
def unit_csv_texts(draw: st.DrawFn) -> str:
    """A units CSV file: a province, a district and communes, in good rows mostly, and
    now and then a bad code, kind or date."""
    bad = draw(st.booleans())
    header = ["code", "name_vi", "kind", "parent", "valid_from", "valid_to", "source"]
    lines = [",".join(header), "01,Tỉnh A,tinh,,,2025-06-30,", "001,Huyện A,huyen,01,,2025-06-30,"]
    for i in range(draw(st.integers(0, 10))):
        row = {
            "code": f"{i + 1:05d}",
            "name_vi": draw(st.sampled_from(["Xã A", unicodedata.normalize("NFD", "Xã Bé"),
                                             f"Mẫu {i}", " Xã C ", "Xã D\u3000", "\tXã E"])),
            "kind": draw(st.sampled_from(["xa", "XÃ", "Phường", "thi-tran"])),
            "parent": "001",
            "valid_from": "",
            "valid_to": "2025-06-30",
            "source": draw(st.sampled_from(["", "Nghị quyết 1"])),
        }
        if bad and draw(st.integers(0, 3)) == 0:
            field = draw(st.sampled_from(["code", "kind", "valid_from", "valid_to"]))
            row[field] = draw(st.sampled_from(
                {"code": ["0A", "", "１２３４５"], "kind": ["bang"],
                 "valid_from": ["30/06/2025", "2025-07-01"],
                 "valid_to": ["2025-13-01", "2024-01-01"]}[field]))
        lines.append(",".join(row[c] for c in header))
    return "\n".join(lines) + "\n"


def _outcome(fn: object) -> object:
    try:
        return fn()  # type: ignore[operator]
    except (ValidationError, UnknownName) as exc:
        return type(exc).__name__, str(exc)


@given(unit_csv_texts(), st.integers(1, 4))
def test_units_csv_read_in_bulk_as_row_by_row(text: str, block: int) -> None:
    """Blocks of rows checked a column at a time give the units, and the errors (naming the
    first line at fault), that checking row by row gives."""
    import tempfile
    from unittest import mock

    from childprotect.units import csvfiles as units_module

    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "u.csv"
        f.write_text(text, "utf-8")
        with mock.patch.object(units_module, "_BLOCK", block):
            bulk = _outcome(lambda: load_units_csv(f).units)
            with mock.patch.object(units_module._UnitLoader, "block",
                                   units_module._UnitLoader.by_row):
                one = _outcome(lambda: load_units_csv(f).units)
    assert bulk == one
    if isinstance(bulk, tuple) and bulk and isinstance(bulk[0], AdminUnit):
        assert all(unicodedata.is_normalized("NFC", u.name_vi) for u in bulk)


@st.composite
def unit_lists(draw: st.DrawFn) -> list[AdminUnit]:
    """Units of several levels whose parents are mostly in the list: codes may repeat,
    kinds may not fit their code or dates, parents may sit at the wrong level."""
    pool = ["01", "02", "001", "002", "00001", "00002", "0001"]
    codes = draw(st.lists(st.sampled_from(pool), max_size=7, unique=draw(st.booleans())))
    natural = {2: "tinh", 3: "huyen", 4: "xa", 5: "xa"}
    out = []
    for code in codes:
        kind = draw(st.sampled_from([natural[len(code)]] * 3 + [
            "tinh", "huyen", "thi-tran", "dac-khu", "bang"]))
        parent = draw(st.sampled_from([None, "09", *codes]))
        start = draw(st.sampled_from([None, None, AFTER]))
        end = None if start else draw(st.sampled_from([BEFORE, BEFORE, None]))
        out.append(_unit(code, kind, parent if parent != code else None,
                         valid_from=start, valid_to=end))
    return out


@given(unit_lists())
@example([_unit("01", "tinh", "001", valid_to=BEFORE), _unit("001", "huyen", valid_to=BEFORE)])
@example([_unit("01", "tinh"), _unit("001", "huyen", "01")])  # a district after 2025
@example([_unit("01", "tinh", valid_to=BEFORE), _unit("001", "huyen", "01")])
@example([_unit("01", "tinh", valid_to=BEFORE), _unit("00001", "xa", "01", valid_from=AFTER)])
def test_registry_checks_in_bulk_as_one_by_one(units: list[AdminUnit]) -> None:
    """The bulk index (a column at a time) accepts and rejects what the unit-by-unit
    checks do, and indexes the same way."""
    from unittest import mock

    def index() -> object:
        reg = UnitRegistry(units)
        return ({c: [u.key for u in reg.versions(c)] for c in reg._rows},
                {k: lv.id for k, lv in reg._level.items()})

    bulk = _outcome(index)
    with mock.patch.object(UnitRegistry, "_index_in_bulk", lambda self, *columns: False):
        one = _outcome(index)
    if isinstance(bulk, tuple) and isinstance(bulk[0], dict):
        assert isinstance(one, tuple) and bulk == one
    else:  # an error: the bulk index gave up and the checks one by one raised it
        assert bulk == one


@given(unit_csv_texts())
def test_units_csv_read_directly_as_by_the_csv_module(text: str) -> None:
    """A file without quotes is split directly; the same file with one quoted name goes
    through the csv module. Both give the same units and errors, white space included."""
    import tempfile

    lines = text.split("\n")
    header, first, *rest = lines
    cells = first.split(",")
    cells[1] = '"' + cells[1] + '"'
    quoted = "\n".join([header, ",".join(cells), *rest])
    with tempfile.TemporaryDirectory() as tmp:
        plain_file, quoted_file = Path(tmp) / "u.csv", Path(tmp) / "q.csv"
        plain_file.write_text(text, "utf-8")
        quoted_file.write_text(quoted, "utf-8")
        plain = _outcome(lambda: [(u.code, u.name_vi, u.kind, u.parent, u.validity)
                                  for u in load_units_csv(plain_file).units])
        by_csv = _outcome(lambda: [(u.code, u.name_vi, u.kind, u.parent, u.validity)
                                   for u in load_units_csv(quoted_file).units])
    assert plain == (by_csv if isinstance(by_csv, list) else (
        by_csv[0], by_csv[1].replace("q.csv", "u.csv")))


def test_code_widths_are_the_levels_code_digits() -> None:
    """The widths zeros are put back to are the levels' (Quyết định 124/2004/QĐ-TTg)."""
    from childprotect.units.model import CODE_WIDTHS

    assert tuple(sorted((lv.code_digits for lv in vocabulary().levels),
                                       reverse=True)) == CODE_WIDTHS


@given(st.integers(0, 99999), st.sets(st.sampled_from(["58", "058", "00058", "00580", "7"])))
def test_with_zeros_gives_known_codes_of_the_same_number(n: int, known: set[str]) -> None:
    from childprotect.units.model import lost_zeros, with_zeros

    found = with_zeros(str(n), known)
    assert all(c in known and int(c) == n and len(c) > len(str(n)) for c in found)
    assert found == sorted(found, key=len, reverse=True)
    assert lost_zeros(str(n), known) == (found[0] if found else None)
    assert [c for c in known if int(c) == n and len(c) > len(str(n))] == [] or found


@given(st.one_of(st.text(max_size=14), st.text("0123456789", max_size=14), st.integers()))
def test_a_value_is_shown_only_when_it_could_be_a_unit_code(value: object) -> None:
    """Where a unit code should be, a value is written into a message only when it could be
    one (digits, no longer than a level's code: 5 for a commune); anything else (a name,
    an identity number of 12 digits, a number) is said in words, in either language."""
    from childprotect.units.registry import bundled

    h = bundled().on(date(2024, 12, 31))
    got = h.shown(value)
    code_like = isinstance(value, str) and value.isascii() and value.isdigit() and \
        len(value) <= 5
    assert (got == value) if code_like else (got == h.shown("Nguyễn Văn An"))
    if not code_like:
        assert {got.text("en"), got.text("vi")} == {  # type: ignore[union-attr]
            "a value that is not a unit code", "một giá trị không phải là mã đơn vị hành chính"}

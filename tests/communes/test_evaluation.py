"""Recognition of child-friendly communes, evaluation files, and the dated procedure."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.communes.criteria import standard
from childprotect.communes.evaluation import (
    AreaUnit,
    CommuneCategory,
    CommuneEvaluation,
    EvaluationFile,
    ReasonKind,
    RecognitionRule,
    evaluate,
    evaluate_commune,
    recognition_rule,
)
from childprotect.communes.scoring import InvalidEvaluation, load_table
from childprotect.documents.document import AdminLevel
from childprotect.errors import ChildProtectError, ValidationError
from childprotect.formats.communes import load_evaluations
from childprotect.formats.convert import unstructure
from childprotect.text.dates import PartialDate
from tests.paths import EXAMPLES

TABLE = load_table("qd-06-2019-illustrative")
RULE = recognition_rule()
IDS = standard().ids
MAXIMA = {c.criterion: c.max_points for c in TABLE.criteria}
SAMPLE = EXAMPLES / "data" / "communes-evaluation.json"


def points_totalling(total: int, zero: tuple[str, ...] = (), missing: tuple[str, ...] = ()
                     ) -> dict[str, Decimal]:
    """Points for every criterion but ``missing``, ``zero`` at 0, adding up to ``total``
    (taken off the other criteria, none of which reaches 0)."""
    pts = {c: m for c, m in MAXIMA.items() if c not in missing}
    for z in zero:
        pts[z] = 0
    deficit = sum(pts.values()) - total
    assert deficit >= 0
    for c in pts:
        if c in zero:
            continue
        take = min(deficit, pts[c] - 1)
        pts[c] -= take
        deficit -= take
    assert deficit == 0
    return {c: Decimal(v) for c, v in pts.items()}


def commune(pts: dict[str, Decimal], category: CommuneCategory = CommuneCategory.OTHER,
            code: str = "00001", name: str | None = None, **kw: Any) -> CommuneEvaluation:
    return CommuneEvaluation(code, name or f"Xã {code}", category, "test", points=pts, **kw)


# --- the rule's data ---------------------------------------------------------------------------


def test_thresholds_come_with_their_wording() -> None:
    for t in RULE.thresholds:
        assert f"Đạt từ {t.min_points} điểm trở lên" in t.text_vi
        assert str(t.min_points) in t.label_en
    by = {t.category: t.min_points for t in RULE.thresholds}
    assert by[CommuneCategory.CENTRAL_CITY_WARD] > by[CommuneCategory.OTHER] > by[
        CommuneCategory.MOUNTAIN_ISLAND_DISADVANTAGED]
    assert "Phường thuộc quận" in RULE.threshold(CommuneCategory.CENTRAL_CITY_WARD).text_vi
    assert "miền núi, hải đảo" in RULE.threshold(
        CommuneCategory.MOUNTAIN_ISLAND_DISADVANTAGED).text_vi
    assert "còn lại" in RULE.threshold(CommuneCategory.OTHER).text_vi
    assert RULE.conditions_vi[:2] == ("Đạt đủ 13 tiêu chí quy định tại Điều 2 phần Quy định "
                                      "của Quyết định này;", "Không có tiêu chí nào bị 0 điểm;")
    assert "UNVERIFIED" in RULE.clause and len(RULE.sources) == 2


def test_rule_needs_each_category_once() -> None:
    with pytest.raises(ValidationError, match="'other' must have exactly one threshold"):
        attrs.evolve(RULE, thresholds=RULE.thresholds[:2])


# --- recognition at its boundaries -------------------------------------------------------------


@pytest.mark.parametrize("category", list(CommuneCategory))
def test_threshold_boundary_for_each_category(category: CommuneCategory) -> None:
    need = RULE.threshold(category).min_points
    at = evaluate_commune(commune(points_totalling(need), category), TABLE)
    assert at.recognised and at.reasons == () and at.total == need
    below = evaluate_commune(commune(points_totalling(need - 1), category), TABLE)
    assert not below.recognised
    assert [r.kind for r in below.reasons] == [ReasonKind.BELOW_THRESHOLD]
    assert f"total {need - 1} is below the {need} points" in below.reasons[0].explain("en")


def test_ward_899_is_not_recognised_and_900_is() -> None:
    ward = CommuneCategory.CENTRAL_CITY_WARD
    assert evaluate_commune(commune(points_totalling(900), ward), TABLE).recognised
    assert not evaluate_commune(commune(points_totalling(899), ward), TABLE).recognised
    # 899 is enough for any other class.
    assert evaluate_commune(commune(points_totalling(899)), TABLE).recognised


@given(st.sampled_from(IDS))
def test_a_single_zero_criterion_stops_recognition(cid: str) -> None:
    total = min(TABLE.max_total - MAXIMA[cid], 900)
    r = evaluate_commune(commune(points_totalling(total, zero=(cid,))), TABLE)
    assert not r.recognised
    assert [(x.kind, x.criterion) for x in r.reasons] == [(ReasonKind.ZERO_POINTS, cid)]
    assert r.failing == (cid,)


@given(st.sampled_from(IDS))
def test_a_missing_criterion_stops_recognition(cid: str) -> None:
    total = min(TABLE.max_total - MAXIMA[cid], 900)
    r = evaluate_commune(commune(points_totalling(total, missing=(cid,))), TABLE)
    assert not r.recognised
    assert [(x.kind, x.criterion) for x in r.reasons] == [(ReasonKind.MISSING_CRITERION, cid)]


def test_not_evaluated_commune() -> None:
    r = evaluate_commune(commune({}), TABLE)
    assert not r.recognised and not r.evaluated and r.failing == ()
    assert [x.kind for x in r.reasons] == [ReasonKind.NOT_EVALUATED]


@given(st.sampled_from(list(CommuneCategory)),
       st.dictionaries(st.sampled_from(IDS), st.integers(0, 125)))
def test_recognised_exactly_when_all_three_conditions_hold(
        category: CommuneCategory, raw: dict[str, int]) -> None:
    pts = {c: Decimal(min(v, MAXIMA[c])) for c, v in raw.items()}
    r = evaluate_commune(commune(pts, category), TABLE)
    total = sum(pts.values(), Decimal(0))
    expected = (set(pts) == set(IDS) and all(v > 0 for v in pts.values())
                and total >= RULE.threshold(category).min_points)
    assert r.recognised is expected
    assert r.total == total
    assert r.recognised == (not r.reasons)


def test_ward_class_after_the_district_level_ended_is_flagged() -> None:
    e = commune(points_totalling(950), CommuneCategory.CENTRAL_CITY_WARD)
    before = evaluate_commune(e, TABLE, evaluated_in=PartialDate(2024, 11))
    after = evaluate_commune(e, TABLE, evaluated_in=PartialDate(2025, 11))
    assert before.notes == () and before.recognised
    assert after.recognised and "abolished on 2025-07-01" in str(after.notes[0])
    assert "“ward of a centrally-run city”" in str(after.notes[0])
    other = evaluate_commune(commune(points_totalling(950)), TABLE,
                             evaluated_in=PartialDate(2025, 11))
    assert other.notes == ()


def test_evaluate_commune_raises_with_commune_and_criterion() -> None:
    pts = points_totalling(900)
    pts["TC6"] = Decimal(126)
    with pytest.raises(InvalidEvaluation) as err:
        evaluate_commune(commune(pts, code="12345"), TABLE)
    assert "commune 'Xã 12345' (12345), TC6: 126 points is above the maximum of 125" in str(
        err.value)


# --- evaluation files ----------------------------------------------------------------------


def _file(communes: list[CommuneEvaluation], units: tuple[AreaUnit, ...] = ()) -> EvaluationFile:
    return EvaluationFile(tuple(communes), units)


UNITS = (AreaUnit("P", "Tỉnh", AdminLevel.PROVINCE),
         AreaUnit("D", "Huyện", AdminLevel.DISTRICT, "P"))


def test_file_faults_are_reported_together() -> None:
    good = points_totalling(900)
    high = {**good, "TC3": Decimal(101)}
    unknown = {**good, "TC14": Decimal(1)}
    f = _file([commune(good, code="1", parent="D"), commune(high, code="2", parent="D"),
               commune(unknown, code="3", parent="D"), commune(good, code="1", parent="D"),
               commune(good, code="4", parent="X"), commune(good, code="5"),
               commune(good, code="D", parent="D")], UNITS)
    with pytest.raises(InvalidEvaluation) as err:
        evaluate(f, TABLE, source="f.json")
    assert err.value.problems == [
        "commune 'Xã 2' (2), TC3: 101 points is above the maximum of 100",
        "commune 'Xã 3' (3), criterion 'TC14': unknown criterion (the standard has TC1 … TC13)",
        "commune 'Xã 1' (1): duplicate commune (code 1 is also 'Xã 1')",
        "commune 'Xã 4' (4): parent 'X' is not a unit of the file",
        "commune 'Xã 5' (5): no parent, but the file has units; give its parent",
        "commune 'Xã D' (D): code 'D' is also a unit's code",
    ]
    assert str(err.value).startswith("invalid commune evaluations in f.json:\n")


def test_unit_faults() -> None:
    units = (AreaUnit("A", "a", AdminLevel.PROVINCE, "B"),
             AreaUnit("B", "b", AdminLevel.PROVINCE, "A"),
             AreaUnit("C", "c", AdminLevel.DISTRICT, "Z"))
    with pytest.raises(InvalidEvaluation) as err:
        evaluate(_file([], units), TABLE)
    assert "unit 'c' (C): parent 'Z' is not a unit of the file" in err.value.problems
    assert any(re.fullmatch(r"units (A → B → A|B → A → B) form a cycle of parents", p)
               for p in err.value.problems)
    with pytest.raises(ValidationError, match="communes go in 'communes'"):
        AreaUnit("X", "x", AdminLevel.COMMUNE)
    with pytest.raises(ValidationError, match="go together"):
        AreaUnit("X", "x", AdminLevel.DISTRICT, communes_total=3)


def test_results_keep_file_order() -> None:
    f = _file([commune(points_totalling(800), code=str(i), parent="D") for i in (3, 1, 2)],
              UNITS)
    assert [r.code for r in evaluate(f, TABLE)] == ["3", "1", "2"]


def test_sample_file_is_synthetic_and_illustrative() -> None:
    ev = load_evaluations(SAMPLE)
    assert ev.synthetic and ev.description and "SYNTHETIC" in ev.description
    assert all("SYNTHETIC" in c.category_source for c in ev.communes)
    assert load_table(ev.scoring_table or "").is_illustrative
    results = {r.code: r for r in evaluate(ev, load_table(ev.scoring_table or ""))}
    # Each commune's note in the sample states what it demonstrates.
    for c in ev.communes:
        r = results[c.code]
        if c.note and "recognised" in c.note:
            assert r.recognised is ("not recognised" not in c.note)
        if c.note and "at 0 points" in c.note:
            assert [x.kind for x in r.reasons] == [ReasonKind.ZERO_POINTS]
        if c.note and "not evaluated" in c.note:
            assert [x.kind for x in r.reasons] in ([ReasonKind.MISSING_CRITERION],
                                                   [ReasonKind.NOT_EVALUATED])


def test_evaluation_file_round_trips(tmp_path: Path) -> None:
    ev = load_evaluations(SAMPLE)
    p = tmp_path / "copy.json"
    p.write_text(json.dumps(unstructure(ev), ensure_ascii=False), "utf-8")
    assert load_evaluations(p) == ev


def test_float_points_in_a_file_are_rejected(tmp_path: Path) -> None:
    p = tmp_path / "e.json"
    p.write_text('{"communes": [{"code": "1", "name": "Xã A", "category": "other", '
                 '"category_source": "s", "points": {"TC1": 12.5}}]}', "utf-8")
    with pytest.raises(ChildProtectError, match=r"12\.5.*communes\[0\]\.points"):
        load_evaluations(p)
    p.write_text('{"communes": [{"code": "1", "name": "Xã A", "category": "other", '
                 '"category_source": "s", "points": {"TC1": "12.5"}}]}', "utf-8")
    assert load_evaluations(p).communes[0].points["TC1"] == Decimal("12.5")


def test_category_needs_a_source(tmp_path: Path) -> None:
    p = tmp_path / "e.json"
    p.write_text('{"communes": [{"code": "1", "name": "Xã A", "category": "other"}]}', "utf-8")
    with pytest.raises(ChildProtectError, match="category_source"):
        load_evaluations(p)


def test_rule_is_a_recognition_rule() -> None:
    assert isinstance(RULE, RecognitionRule) and RULE.document == "06/QĐ-TTg"


# --- the kinds of unit each class's wording covers ---------------------------------------------


def test_class_wording_covers_kinds() -> None:
    ward = RULE.threshold(CommuneCategory.CENTRAL_CITY_WARD)
    assert ward.kinds == ("phuong",) and ward.text_vi.startswith("Phường thuộc quận, thị xã")
    mountain = RULE.threshold(CommuneCategory.MOUNTAIN_ISLAND_DISADVANTAGED)
    assert set(mountain.kinds) == {"xa", "thi-tran"} and mountain.text_vi.startswith(
        "Xã, thị trấn thuộc miền núi")
    assert RULE.threshold(CommuneCategory.OTHER).kinds == ()


@pytest.mark.parametrize(("category", "kind", "ok"), [
    (CommuneCategory.CENTRAL_CITY_WARD, "phuong", True),
    (CommuneCategory.CENTRAL_CITY_WARD, "Xã", False),
    (CommuneCategory.MOUNTAIN_ISLAND_DISADVANTAGED, "thị trấn", True),
    (CommuneCategory.MOUNTAIN_ISLAND_DISADVANTAGED, "phuong", False),
    (CommuneCategory.OTHER, "phường", True),
])
def test_kind_must_fit_the_class(category: CommuneCategory, kind: str, ok: bool) -> None:
    f = _file([commune(points_totalling(950), category, kind=kind)])
    if ok:
        assert evaluate(f, TABLE)[0].recognised
    else:
        with pytest.raises(InvalidEvaluation, match=f"class '{category.value}' covers"):
            evaluate(f, TABLE)


def test_unknown_kind_is_named() -> None:
    with pytest.raises(InvalidEvaluation, match="unknown unit kind 'làng'"):
        evaluate(_file([commune(points_totalling(950), kind="làng")]), TABLE)


def test_hierarchy_checks_the_ward_class_against_the_units_above() -> None:
    from childprotect.communes.evaluation import load_hierarchy

    h = load_hierarchy("bundled", PartialDate(2024, 11))
    xa = next(c for c in h.children("870") if h.unit(c).kind == "xa")
    name = h.unit(xa).name_vi
    f = _file([commune(points_totalling(950), CommuneCategory.CENTRAL_CITY_WARD, code=xa,
                       name=name)])
    with pytest.raises(InvalidEvaluation) as err:
        evaluate(f, TABLE, hierarchy=h)
    assert any("covers phuong" in p and "is a 'xa'" in p for p in err.value.problems)
    assert any("needs a unit of kind quan/thi-xa/thanh-pho-thuoc-thanh-pho in a "
               "thanh-pho-truc-thuoc-trung-uong; the hierarchy has huyen ⊂ tinh" in p
               for p in err.value.problems)
    ok = _file([commune(points_totalling(850), CommuneCategory.OTHER, code=xa, kind="xa",
                        name=name)])
    assert evaluate(ok, TABLE, hierarchy=h)[0].recognised
    wrong = _file([commune(points_totalling(850), CommuneCategory.OTHER, code=xa,
                           kind="phuong", name=name)])
    with pytest.raises(InvalidEvaluation, match="kind 'phuong' disagrees with the hierarchy"):
        evaluate(wrong, TABLE, hierarchy=h)


# --- a declared number of communes below the communes listed ----------------------------------


def _declared(total_p: int | None, total_d: int | None, listed: int) -> EvaluationFile:
    def src(total: int | None) -> str | None:
        return None if total is None else "test"

    units = (AreaUnit("P", "Tỉnh", AdminLevel.PROVINCE, None, total_p, src(total_p)),
             AreaUnit("D", "Huyện", AdminLevel.DISTRICT, "P", total_d, src(total_d)))
    return _file([commune(points_totalling(900), code=str(i), parent="D")
                  for i in range(listed)], units)


def test_a_total_below_the_communes_listed_is_an_error_naming_its_path() -> None:
    with pytest.raises(InvalidEvaluation) as err:
        evaluate(_declared(None, 1, 5), TABLE)
    assert err.value.problems == [
        "unit 'Huyện' (D), $.units[1].communes_total: 1 communes declared, but the file lists 5 "
        "under it"]
    # the province counts the communes of its districts too
    with pytest.raises(InvalidEvaluation, match=r"\$\.units\[0\]\.communes_total: 4 communes"):
        evaluate(_declared(4, None, 5), TABLE)


@given(total=st.integers(0, 8), listed=st.integers(0, 8), province=st.booleans())
def test_a_declared_total_is_accepted_exactly_when_it_holds_the_communes_listed(
        total: int, listed: int, province: bool) -> None:
    f = _declared(total, None, listed) if province else _declared(None, total, listed)
    if total >= listed:
        assert len(evaluate(f, TABLE)) == listed
    else:
        with pytest.raises(InvalidEvaluation, match="communes declared"):
            evaluate(f, TABLE)


# --- a units list that cannot be read ------------------------------------------------------


def test_an_unreadable_units_list_names_the_field_and_says_why(tmp_path: Path) -> None:
    from childprotect.communes.evaluation import load_hierarchy
    from childprotect.i18n import use

    round_ = PartialDate(2024, 11)
    with use("vi"):
        with pytest.raises(ValidationError) as err:
            load_hierarchy("nope.csv", round_, tmp_path, source="e.json")
        assert str(err.value) == (f"e.json, $.hierarchy: không đọc được danh sách đơn vị "
                                  f"{tmp_path / 'nope.csv'}: không có tệp hoặc thư mục này")
    with use("en"), pytest.raises(ValidationError, match=r"^e\.json, --hierarchy: .*it is a "
                                                         r"folder$"):
        load_hierarchy(str(tmp_path), round_, source="e.json", where="--hierarchy")
    bad = tmp_path / "units.csv"
    bad.write_text("code,name_vi,kind\n46,Tỉnh Thừa Thiên Huế,tinh\n46,Tỉnh Huế,tinh\n", "utf-8")
    with use("en"), pytest.raises(ValidationError, match=r"^e\.json, \$\.hierarchy: .*units\.csv"):
        load_hierarchy("units.csv", round_, tmp_path, source="e.json")
    with use("en"), pytest.raises(ValidationError, match=r"\$\.hierarchy: empty"):
        load_hierarchy(" ", round_, tmp_path, source="e.json")


# --- a commune's name against the units list ---------------------------------------------


def test_a_name_that_is_not_the_units_list_name_is_an_error_naming_both() -> None:
    from childprotect.communes.evaluation import load_hierarchy

    h = load_hierarchy("bundled", PartialDate(2024, 11))
    a, b = h.children("870")[:2]
    f = _file([commune(points_totalling(900), code=a, name=h.unit(a).name_vi),
               commune(points_totalling(900), code=b, name="x")])
    with pytest.raises(InvalidEvaluation) as err:
        evaluate(f, TABLE, hierarchy=h)
    assert err.value.problems == [
        f"commune 'x' ({b}), $.communes[1].name: the units list names code {b} "
        f"{h.unit(b).name_vi!r}"]


@pytest.mark.parametrize(("given", "ok"), [
    ("Xã Thường Phước 1", True), ("xã  thường   phước 1", True), ("X. Thường Phước 1", True),
    ("X.Thường Phước 1", True), ("Thường Phước 1", True), ("Xa Thuong Phuoc 1", True),
    ("XÃ THƯỜNG PHƯỚC 01", True), ("Phường Thường Phước 1", False),
    ("Xã Thường Phước 2", False), ("Xã", False), ("Thường Phước", False),
])
def test_a_name_may_be_written_differently_and_still_match(given: str, ok: bool) -> None:
    import unicodedata

    from childprotect.communes.hierarchy import same_name

    assert same_name(given, "Xã Thường Phước 1") is ok
    assert same_name(unicodedata.normalize("NFD", given), "Xã Thường Phước 1") is ok


@given(st.sampled_from([("Xã", "Tân Thành"), ("Phường", "Gia Hội"),
                        ("Thị trấn", "Thường Thới Tiền"), ("Phường", "4")]),
       st.sampled_from(["upper", "lower", "spaces", "bare"]))
def test_every_unit_name_matches_its_own_variants(parts: tuple[str, str], how: str) -> None:
    from childprotect.communes.hierarchy import same_name

    word, rest = parts
    name = f"{word} {rest}"
    variant = {"upper": name.upper(), "lower": name.lower(),
               "spaces": "  " + name.replace(" ", "   ") + " ",
               "bare": rest if not rest[0].isdigit() else name}[how]
    assert same_name(variant, name)
    assert not same_name(f"{variant} Mới", name)

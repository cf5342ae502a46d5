"""Re-aggregation across the 2025 change, tested against the Hồng Ngự reference table."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from childprotect.rollup.crosswalks import crosswalk
from childprotect.rollup.measures import Measure, Record
from childprotect.units.registry import bundled
from tests.units.test_units import HONG_NGU_2025

OLD, NEW = date(2024, 12, 31), date(2025, 7, 1)
counts = st.integers(0, 10_000)


@given(st.fixed_dictionaries({code: counts for code in HONG_NGU_2025}))
def test_hong_ngu_communes_land_where_the_reference_table_says(children: dict[str, int]) -> None:
    recs = [Record(code, "2024", {"children": n}) for code, n in children.items()]
    cw = crosswalk(recs, bundled(), source_on=OLD, target_on=NEW, level="commune")
    expected: dict[str, Fraction] = {}
    for old, targets in HONG_NGU_2025.items():
        for code, _, whole in targets:
            share = Fraction(1) if whole else Fraction(1, len(targets))  # equal split assumed
            expected[code] = expected.get(code, Fraction(0)) + share * children[old]
    assert {k: v[0] for k, v in cw.values.items()} == expected
    # Only the two successors of the split commune are approximate.
    assert set(cw.approximate) == {"29992", "30154"}
    assert all("equal split assumed" in why.text("en") for v in cw.approximate.values()
               for why in v)
    assert not cw.anomalies


@given(st.fixed_dictionaries({code: counts for code in HONG_NGU_2025}))
def test_into_the_new_province_nothing_is_approximate(children: dict[str, int]) -> None:
    recs = [Record(code, "2024", {"children": n}) for code, n in children.items()]
    cw = crosswalk(recs, bundled(), source_on=OLD, target_on=NEW, level="province")
    assert cw.values == {"82": [Fraction(sum(children.values()))]}
    assert cw.approximate == {}
    r, approx = cw.rollup([Measure.count("children")])
    assert r.total("82", "children") == sum(children.values())
    assert approx["82"] is False


def test_user_weights_replace_the_equal_split() -> None:
    recs = [Record("29995", "2024", {"children": 1000, "special": None})]
    w = {("29995", "29992"): Fraction(3, 10)}
    cw = crosswalk(recs, bundled(), source_on=OLD, target_on=NEW, level="commune", weights=w)
    assert cw.values["29992"] == [Fraction(300), None]
    assert cw.values["30154"] == [Fraction(700), None]
    assert cw.incomplete == {"29992": ("special",), "30154": ("special",)}
    assert "weight given by the user" in cw.approximate["29992"][0].text("en")
    r, approx = cw.rollup([Measure.count("children"), Measure.count("special")])
    assert r.total("82", "children") == 1000 and r.total("82", "special") is None
    assert approx["29992"] and approx["30154"]
    assert not approx["82"] and not approx["*"]  # both parts stayed in the province


def test_old_provinces_roll_into_the_new_ones() -> None:
    recs = [Record("06", "2024", {"n": 7}), Record("19", "2024", {"n": 5}),
            Record("30", "2024", {"n": 2}), Record("46", "2024", {"n": 1})]
    # Provinces are leaves only when the hierarchy is cut at the province level, so
    # carry the records level by level: here every record is a province already.
    cw = crosswalk(recs, bundled(), source_on=OLD, target_on=NEW, level="province")
    assert {k: v[0] for k, v in cw.values.items()} == {"19": 12, "31": 2, "46": 1}
    assert not cw.approximate


def test_districts_go_to_the_province_that_absorbed_them() -> None:
    recs = [Record(code, "2024", {"n": 1}) for code in ("058", "060", "061", "870")]
    cw = crosswalk(recs, bundled(), source_on=OLD, target_on=NEW, level="province")
    assert {k: v[0] for k, v in cw.values.items()} == {"19": 3, "82": 1}


def test_new_structure_back_into_old_units() -> None:
    recs = [Record("29971", "2025", {"n": 90}), Record("46", "2025", {"n": 4})]
    cw = crosswalk(recs, bundled(), source_on=date(2025, 12, 31), target_on=OLD,
                   level="commune")
    # Thường Phước was formed from three units: equal thirds, flagged.
    assert {k: cw.values[k][0] for k in ("29971", "29956", "29974")} == {
        "29971": 30, "29956": 30, "29974": 30}
    assert set(cw.approximate) == {"29971", "29956", "29974"}
    back = crosswalk(recs[1:], bundled(), source_on=date(2025, 12, 31),
                     target_on=date(2024, 6, 1), level="province")
    assert back.values == {"46": [Fraction(4)]} and not back.approximate


def test_unknown_units_are_reported_not_dropped_silently() -> None:
    cw = crosswalk([Record("30154", "2024", {"n": 1})], bundled(), source_on=OLD,
                   target_on=NEW, level="province")
    assert [a.kind for a in cw.anomalies] == ["crosswalk.unknown-unit"]
    assert cw.values == {}


def test_a_province_code_carried_above_the_level_says_which_commune_it_may_be() -> None:
    """``58`` (Ninh Thuận) among Hà Nội's 2024 communes, carried to the units of 1 July
    2025: Khánh Hòa is above the commune level and not carried, as before, and now the
    anomaly says 58 may be the commune 00058 typed as a number."""
    from childprotect.rollup.crosswalks import crosswalk
    from childprotect.rollup.measures import Record
    from childprotect.units.national_list import national

    cw = crosswalk([Record("58", "", {"children": 10}), Record("00037", "", {"children": 5})],
                   national(), source_on=date(2024, 12, 31), target_on=date(2025, 7, 1),
                   level="commune")
    (above,) = [a for a in cw.anomalies if a.kind == "crosswalk.above-level"]
    assert above.where == "58" and "may be the code 00058" in above.explain("en")


def test_a_record_whose_unit_could_not_be_a_code_is_named_by_its_row() -> None:
    """A name where a unit code should be is not quoted by the anomaly (its place, text,
    explanation in either language, repr): its row is named; a code is named as before."""
    recs = [Record("29971", "2024", {"children": 5}),
            Record("Nguyen Van An", "2024", {"children": 3}),
            Record("99999", "2024", {"children": 1})]
    cw = crosswalk(recs, bundled(), source_on=OLD, target_on=NEW, level="commune")
    found = {a.where: a for a in cw.anomalies if a.kind == "crosswalk.unknown-unit"}
    assert set(found) == {"rows[1]", "99999"}
    hidden = found["rows[1]"]
    for shown in (repr(hidden), hidden.explain("en"), hidden.explain("vi")):
        assert "Nguyen" not in shown
    assert "not a unit code" in hidden.explain("en") and "99999" in found["99999"].explain("en")

"""Per-child records into per-commune counts: the age rule and distinct children."""

from __future__ import annotations

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from childprotect.children.tally import tally_children
from childprotect.errors import ValidationError

child = st.tuples(st.sampled_from(["29971", "29956", "29978"]),
                  st.dates(date(2000, 1, 1), date(2026, 12, 31)),
                  st.tuples(st.booleans(), st.booleans(), st.booleans()))


@given(st.lists(child, max_size=40), st.dates(date(2016, 1, 1), date(2026, 12, 31)))
def test_counts_match_ages_computed_independently(rows: list, on: date) -> None:
    lines = ["commune,birth_date,group_a,group_b,group_c"]
    lines += [f"{c},{b.isoformat()},{','.join('1' if f else '0' for f in fl)}"
              for c, b, fl in rows]
    found: list = []
    _m, recs = tally_children(lines, on=on, period="p", anomalies=found)
    got = {r.unit: r.values for r in recs}
    future = {c: sum(1 for c2, b, _ in rows if c2 == c and b > on) for c, _, _ in rows}
    assert {a.where: a.text for a in found} == {
        f"p/{c}": f"{k} row(s)" for c, k in future.items() if k}
    for code in {c for c, _, _ in rows}:
        mine = [(b, fl) for c, b, fl in rows if c == code
                and b <= on and relativedelta(on, b).years < 16]
        assert got[code]["children"] == len(mine)
        assert got[code]["special"] == sum(1 for _, fl in mine if any(fl))
        for i, g in enumerate(("group_a", "group_b", "group_c")):
            assert got[code][g] == sum(1 for _, fl in mine if fl[i])
    assert set(got) == {c for c, _, _ in rows}


def test_sixteenth_birthday_ends_childhood() -> None:
    lines = ["commune,birth_date,group_a", "1,2008-12-31,0", "1,2009-01-01,0"]
    _, recs = tally_children(lines, on=date(2024, 12, 31), period="2024")
    assert recs[0].values["children"] == 1


def test_a_child_born_after_the_reference_date_is_never_skipped_silently() -> None:
    lines = ["commune,birth_date,group_a", "1,2009-01-01,0", "1,2025-01-01,0",
             "2,2025-03-09,1"]
    with pytest.raises(ValidationError, match="line 3: birth_date is after the reference "
                                              "date 2024-12-31") as exc:
        tally_children(lines, on=date(2024, 12, 31), period="2024")
    assert "2025-01-01" not in str(exc.value)
    found: list = []
    _, recs = tally_children(lines, on=date(2024, 12, 31), period="2024", anomalies=found)
    assert [r.values["children"] for r in recs] == [1, 0]
    assert [(a.kind, a.where, a.text) for a in found] == [
        ("children.born-after-reference", "2024/1", "1 row(s)"),
        ("children.born-after-reference", "2024/2", "1 row(s)")]
    assert not any("2025" in a.explain("en") + a.explain("vi") for a in found)


@pytest.mark.parametrize(("row", "match"), [
    ("1,2008-02-30,0", "line 2: birth_date is not a day"),
    ("1,30/01/2008,0", "line 2: birth_date is not YYYY-MM-DD"),
    ("1,2008-01-30,2", "line 2: group flags must be 0 or 1"),
    ("1,2008-01-30", "line 2: 2 cells"),
])
def test_errors_never_show_the_value(row: str, match: str) -> None:
    with pytest.raises(ValidationError, match=match) as exc:
        tally_children(["commune,birth_date,group_a", row], on=date(2024, 1, 1), period="p")
    assert row.split(",")[1] not in str(exc.value) or "cells" in str(exc.value)


def test_header_is_checked() -> None:
    with pytest.raises(ValidationError, match="commune,birth_date"):
        tally_children(["unit,born"], on=date(2024, 1, 1), period="p")


@given(st.lists(st.tuples(st.sampled_from(["29971", "29956", "29962"]),
                          st.dates(date(2005, 1, 1), date(2024, 12, 31)),
                          st.booleans(), st.booleans()), max_size=60),
       st.lists(st.integers(0, 3), max_size=60))
def test_tallies_of_a_file_split_by_rows_add_up_to_the_whole(rows: list, workers: list
                                                              ) -> None:
    from childprotect.children.tally import add_tallies

    head = "commune,birth_date,group_a,group_b"
    lines = [f"{c},{d.isoformat()},{int(a)},{int(b)}" for c, d, a, b in rows]
    on = date(2024, 12, 31)
    whole = tally_children([head, *lines], on=on, period="2024")
    # each row goes to one of four workers (the same child is never in two parts)
    parts = [[head] for _ in range(4)]
    for i, line in enumerate(lines):
        parts[workers[i] if i < len(workers) else i % 4].append(line)
    merged = add_tallies(tally_children(p, on=on, period="2024") for p in parts)
    assert merged[0].counts == whole[0].counts
    assert merged[1] == whole[1]


def test_tallies_with_other_columns_are_not_added() -> None:
    from childprotect.children.tally import add_tallies

    on = date(2024, 12, 31)
    a = tally_children(["commune,birth_date,group_a"], on=on, period="2024")
    b = tally_children(["commune,birth_date,group_b"], on=on, period="2024")
    with pytest.raises(ValidationError, match="same columns"):
        add_tallies([a, b])
    with pytest.raises(ValidationError, match="no tally"):
        add_tallies([])


def test_a_commune_code_that_does_not_exist_is_named_with_its_first_line() -> None:
    from childprotect.errors import UnknownUnits
    from childprotect.units.national_list import national

    h = national().on(date(2024, 12, 31))
    lines = ["commune,birth_date,group_a", "29971,2015-03-01,1", "2997,2016-03-01,0",
             "29971,2017-03-01,0", "2997,2018-03-01,1", "4,2019-01-01,0"]
    with pytest.raises(UnknownUnits) as got:
        tally_children(lines, on=date(2024, 12, 31), period="2024", units=h, source="r.csv")
    assert got.value.codes == ("2997", "4")
    assert str(got.value).startswith(
        "r.csv: 2 unit code(s) do not exist on 2024-12-31: 2997 (line 3), 4 (line 6)")
    _, recs = tally_children(lines[:2], on=date(2024, 12, 31), period="2024", units=h)
    assert [r.unit for r in recs] == ["29971"]


def test_a_commune_code_of_a_unit_that_does_not_report_is_named() -> None:
    """``58`` (Tỉnh Ninh Thuận) typed for the commune ``00058``: it exists, so it passed
    the check of codes, and the child was counted at a province."""
    from childprotect.errors import UnknownUnits
    from childprotect.units.national_list import national

    h = national().on(date(2024, 12, 31))
    lines = ["commune,birth_date,group_a", "00037,2015-03-01,1", "58,2016-03-01,0",
             "001,2017-03-01,0"]
    with pytest.raises(UnknownUnits) as got:
        tally_children(lines, on=date(2024, 12, 31), period="2024", units=h, source="r.csv")
    assert got.value.codes == ("001", "58")
    text = str(got.value)
    assert text.startswith("r.csv: 2 unit code(s) name units that do not report on 2024-12-31 "
                           "(the units of the commune level report): 001 (district, line 4), "
                           "58 (province, line 3)")
    assert "001 → 00001, 58 → 00058" in text  # (Phường Phúc Xá, Phường Lý Thái Tổ)


def test_a_commune_that_could_not_be_a_code_is_named_by_its_first_line() -> None:
    """A name in the commune column of a child born after the reference date: the anomaly
    names the line, never the name (place, explanation in either language, repr)."""
    found: list = []
    tally_children(["commune,birth_date", "29971,2015-01-01", "Nguyen Van An,2026-01-01",
                    "Nguyen Van An,2016-01-01"], on=date(2024, 12, 31), period="2024",
                   anomalies=found)
    (a,) = [a for a in found if a.kind == "children.born-after-reference"]
    assert a.where == "2024/line 3"
    for shown in (repr(a), a.explain("en"), a.explain("vi")):
        assert "Nguyen" not in shown
    assert "(line 3)" in a.explain("en")

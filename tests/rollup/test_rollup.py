"""Rollups: sums up every level, exact rates, completeness, anomalies, merges, suppression."""

from __future__ import annotations

import json
import random
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from childprotect.cli import main
from childprotect.errors import ValidationError
from childprotect.formats.counts import read_csv, read_json
from childprotect.rollup.aggregate import partial, period_end, rollup, rollup_periods
from childprotect.rollup.measures import (
    TOTAL,
    AtMost,
    DistinctOf,
    Measure,
    Measures,
    Record,
    SumOf,
)
from childprotect.rollup.protection import suppress
from childprotect.rollup.result import RateStatus, Rollup
from childprotect.units.hierarchy import Hierarchy
from childprotect.units.model import AdminUnit
from childprotect.units.registry import UnitRegistry, bundled
from tests.paths import ROOT

SAMPLE = ROOT / "examples" / "data" / "rollup-synthetic-hong-ngu-2024.csv"
ON = date(2024, 12, 31)
NAMES = ("children", "special", "group_a")
MEASURES = Measures(
    [Measure.count(n) for n in NAMES]
    + [Measure.rate("special_pct", "special", "children", factor=100),
       Measure.rate("a_share", "group_a", "special")],
    [AtMost("special", "children"), DistinctOf("special", ("group_a",))],
)


def _unit(code: str, kind: str, parent: str | None) -> AdminUnit:
    return AdminUnit(code=code, name_vi=f"Mẫu {code}", name_en=f"Sample {code}", kind=kind,
                     source="synthetic", parent=parent, valid_to=date(2025, 6, 30))


@st.composite
def hierarchies(draw: st.DrawFn) -> Hierarchy:
    """Random province → district → commune trees (some districts without communes)."""
    units: list[AdminUnit] = []
    n_c = 0
    for p in range(draw(st.integers(1, 3))):
        pc = f"{p + 1:02d}"
        units.append(_unit(pc, "tinh", None))
        for d in range(draw(st.integers(1, 3))):
            dc = f"{p + 1}{d + 1:02d}"
            units.append(_unit(dc, "huyen", pc))
            for _ in range(draw(st.integers(0, 4))):
                n_c += 1
                units.append(_unit(f"{n_c:05d}", "xa", dc))
    kinds = UnitRegistry(units)
    return kinds.on(ON)


values = st.one_of(st.none(), st.integers(0, 60))


@st.composite
def cases(draw: st.DrawFn, blanks: bool = True) -> tuple[Hierarchy, list[Record]]:
    """A hierarchy and records of some of its reporting units (``blanks``: some values
    None; without, every unit that reports reports every measure)."""
    h = draw(hierarchies())
    leaves = h.reporting_units()
    reporting = draw(st.lists(st.sampled_from(leaves), unique=True)) if leaves else []
    given_values = values if blanks else st.integers(0, 60)
    recs = [Record(c, "2024", {n: draw(given_values) for n in NAMES}) for c in reporting]
    return h, recs


def brute_total(h: Hierarchy, recs: list[Record], code: str, name: str) -> int | None:
    vals = [r.values[name] for r in recs if r.unit in h and r.unit in h.reporting_units()
            and (code == TOTAL or r.unit == code or code in h.chain(r.unit))
            and r.values[name] is not None]
    return sum(vals) if vals else None  # type: ignore[arg-type]


@given(cases())
def test_totals_equal_the_sum_of_the_leaves_at_every_level(case: tuple) -> None:
    h, recs = case
    r = rollup(recs, h, MEASURES)
    for code in r.codes():
        for name in NAMES:
            assert r.total(code, name) == brute_total(h, recs, code, name)


def brute_pair(h: Hierarchy, recs: list[Record], code: str, num: str, den: str
               ) -> tuple[int, int, int]:
    """Σ numerator, Σ denominator and how many units, over the units under ``code``
    that report both."""
    both = [(r.values[num], r.values[den]) for r in recs
            if r.unit in h and r.unit in h.reporting_units()
            and (code == TOTAL or r.unit == code or code in h.chain(r.unit))
            and r.values[num] is not None and r.values[den] is not None]
    return (sum(x for x, _ in both), sum(y for _, y in both),  # type: ignore[misc]
            len(both))


@given(cases())
def test_rates_are_recomputed_exactly_at_every_level(case: tuple) -> None:
    h, recs = case
    r = rollup(recs, h, MEASURES)
    for code in r.codes():
        rate = r.rate(code, "special_pct")
        num, den, both = brute_pair(h, recs, code, "special", "children")
        assert (rate.reporting, rate.expected) == (both, r.completeness(code).expected)
        if not both:
            assert rate.status is RateStatus.NO_DATA and rate.value is None
        elif den == 0:
            assert rate.status is RateStatus.ZERO_DENOMINATOR and rate.value is None
        else:
            assert (rate.numerator, rate.denominator) == (num, den)
            assert rate.value == Fraction(num) * 100 / den
            assert isinstance(rate.value, Fraction)
        exact = r.rate_values("special_pct")[code]
        assert exact == rate.value
    # the table shows each rate with the units it rests on
    headers, rows = r.table()
    i = headers.index("special_pct_reporting")
    for row in rows:
        assert int(row[i]) == r.rate(row[1], "special_pct").reporting


@given(cases(), st.sampled_from([("special", "children"), ("group_a", "special")]),
       st.booleans(), st.integers(0, 60))
def test_a_unit_reporting_one_part_never_changes_a_rate(
    case: tuple, pair: tuple[str, str], numerator_only: bool, value: int
) -> None:
    """Adding a unit that reports only the denominator (or only the numerator) of a rate
    changes no rate anywhere: the rate rests on the units that report both."""
    h, recs = case
    silent = [c for c in h.reporting_units() if c not in {r.unit for r in recs}]
    if not silent:
        return
    num, den = pair
    name = "special_pct" if pair == ("special", "children") else "a_share"
    before = rollup(recs, h, MEASURES)
    half = {n: None for n in NAMES}
    half[num if numerator_only else den] = value
    after = rollup([*recs, Record(silent[0], "2024", half)], h, MEASURES)
    for code in before.codes():
        b, a = before.rate(code, name), after.rate(code, name)
        assert (a.value, a.status, a.reporting) == (b.value, b.status, b.reporting)
    assert before.table()[1] != after.table()[1]  # the unit itself is there


@given(cases(), st.randoms(use_true_random=False))
def test_input_order_never_matters(case: tuple, rnd: random.Random) -> None:
    h, recs = case
    shuffled = list(recs)
    rnd.shuffle(shuffled)
    a, b = rollup(recs, h, MEASURES), rollup(shuffled, h, MEASURES)
    assert a.table() == b.table()
    assert a.anomalies == b.anomalies


@given(cases())
def test_split_by_province_and_merge_equals_the_whole(case: tuple) -> None:
    h, recs = case
    whole = rollup(recs, h, MEASURES)
    by: dict[str | None, list[Record]] = {}
    for rec in recs:
        by.setdefault(h.ancestor_at(rec.unit, "province"), []).append(rec)
    parts = [partial(p, h, MEASURES) for p in by.values()]
    if not parts:
        return
    merged = parts[0]
    for p in parts[1:]:
        merged = merged.merge(p)
    got = merged.finish(h, MEASURES)
    assert got.table() == whole.table()
    assert got.anomalies == whole.anomalies


@given(cases(), st.lists(st.integers(0, 2)), st.randoms(use_true_random=False))
def test_merge_is_associative_and_commutative_even_with_duplicates(
    case: tuple, picks: list[int], rnd: random.Random
) -> None:
    h, recs = case
    # Some records appear twice, sometimes with other values: a unit reporting twice.
    extra = [Record(r.unit, r.period, {n: (v + 1 if v is not None and rnd.random() < 0.5
                                           else v) for n, v in r.values.items()})
             for r in recs[: len(picks)]]
    allrecs = recs + extra
    chunks: list[list[Record]] = [[], [], []]
    for i, rec in enumerate(allrecs):
        chunks[(picks[i] if i < len(picks) else i) % 3].append(rec)
    a, b, c = (partial(ch, h, MEASURES) for ch in chunks)
    left = a.merge(b).merge(c).finish(h, MEASURES)
    right = a.merge(c.merge(b)).finish(h, MEASURES)
    flipped = c.merge(b).merge(a).finish(h, MEASURES)
    whole = rollup(allrecs, h, MEASURES)
    for other in (right, flipped, whole):
        assert left.table() == other.table()
        assert left.anomalies == other.anomalies


def _example() -> Rollup:
    h = bundled().on(ON)
    recs = [
        Record("29971", "2024", {"children": 1000, "special": 20, "group_a": 3}),
        Record("29956", "2024", {"children": 800, "special": None, "group_a": 1}),
        Record("29978", "2024", {"children": 500, "special": 2, "group_a": 0}),
    ]
    return rollup(recs, h, MEASURES)


def test_missing_is_not_zero() -> None:
    r = _example()
    assert r.total("29980", "children") is None  # did not report
    assert r.total("870", "special") == 20  # 29956 left it blank: not counted as 0
    assert r.cell("870", "special").reported == 1
    assert r.cell("870", "children").reported == 2
    assert not r.cell("870", "children").complete
    assert r.completeness("870").reporting == 2
    assert r.completeness("870").expected == 10
    assert r.completeness("868").expected == 1 and r.completeness("868").complete
    assert "29980" in r.missing("870") and "29971" not in r.missing()
    # 29956 gave children but no 'special': the rate rests on 29971 alone (1 of 10)
    rate = r.rate("870", "special_pct")
    assert rate.value == Fraction(20 * 100, 1000)
    assert (rate.numerator, rate.denominator, rate.reporting, rate.expected) == (
        20, 1000, 1, 10)
    assert not rate.complete
    assert r.rate("29980", "special_pct").status is RateStatus.NO_DATA
    assert r.rate("29978", "a_share").value == 0


def test_zero_denominator_is_its_own_outcome() -> None:
    h = bundled().on(ON)
    r = rollup([Record("29971", "2024", {"children": 0, "special": 0, "group_a": 0})], h,
               MEASURES)
    assert r.rate("29971", "special_pct").status is RateStatus.ZERO_DENOMINATOR


def test_consistency_anomalies() -> None:
    h = bundled().on(ON)
    recs = [
        Record("29971", "2024", {"children": 10, "special": 12, "group_a": 3}),
        Record("29956", "2024", {"children": 100, "special": 2, "group_a": 5}),
        Record("29974", "2024", {"children": 100, "special": 9, "group_a": 5}),
        Record("29974", "2024", {"children": 100, "special": 9, "group_a": 5}),
        Record("29980", "2024", {"children": 100, "special": 9, "group_a": 5}),
        Record("29980", "2024", {"children": 101, "special": 9, "group_a": 5}),
        Record("99999", "2024", {"children": 1}),
        Record("870", "2024", {"children": 1}),
    ]
    r = rollup(recs, h, MEASURES)
    kinds = {(a.kind, a.where) for a in r.anomalies}
    assert kinds == {
        ("rollup.part-above-whole", "2024/29971"),
        ("rollup.distinct-above-sum", "2024/29971"),
        ("rollup.distinct-below-largest", "2024/29956"),
        ("rollup.distinct-above-sum", "2024/29974"),
        ("rollup.duplicate", "2024/29974"),
        ("rollup.conflict", "2024/29980"),
        ("rollup.unknown-unit", "2024/99999"),
        ("rollup.not-reporting-level", "2024/870"),
    }
    assert r.total("29974", "children") == 100  # identical duplicate counted once
    assert r.total("29980", "children") is None  # conflicting: counted nowhere
    assert r.total("870", "children") == 210


def test_anomaly_summaries_are_said_in_either_language_their_text_kept() -> None:
    h = bundled().on(ON)
    recs = [Record("29956", "2024", {"children": 100, "special": 2, "group_a": 5}),
            *[Record("29974", "2024", {"children": 100, "special": 9, "group_a": 5})] * 2,
            Record("29980", "2024", {"children": 100, "special": 9, "group_a": 5}),
            Record("29980", "2024", {"children": 101, "special": 9, "group_a": 5})]
    got = {(a.kind, a.where): (a.text, a.shown("en"), a.shown("vi"))
           for a in rollup(recs, h, MEASURES).anomalies}
    assert got[("rollup.duplicate", "2024/29974")] == (
        "2 identical reports", "2 identical reports", "2 báo cáo giống hệt nhau")
    assert got[("rollup.conflict", "2024/29980")][1:] == (
        "2 reports with 2 different sets of values", "2 báo cáo với 2 bộ số liệu khác nhau")
    assert got[("rollup.distinct-below-largest", "2024/29956")][1:] == (
        "special=2 < largest part 5", "special=2 < phần lớn nhất 5")
    assert got[("rollup.distinct-above-sum", "2024/29974")][1:] == (
        "special=9 > sum of parts 5", "special=9 > tổng các phần 5")
    assert all(text == en for text, en, _ in got.values())


def test_parts_that_do_not_add_up_to_their_whole() -> None:
    h = bundled().on(ON)
    m = Measures([Measure.count(n) for n in ("children", "urban", "rural")],
                 [SumOf(("urban", "rural"), "children")])
    r = rollup([Record("29971", "2024", {"children": 10, "urban": 8, "rural": 3}),
                Record("29956", "2024", {"children": 10, "urban": 10, "rural": 0}),
                Record("29974", "2024", {"children": 10, "urban": None, "rural": 4})], h, m)
    found = [(a.kind, a.where, a.text) for a in r.anomalies]
    assert found == [("rollup.parts-not-whole", "2024/29971",
                      "urban=8 + rural=3 = 11 ≠ children=10")]


RELATED = Measures(
    [Measure.count(n) for n in ("children", "urban", "rural", "special", "group_a")],
    [SumOf(("urban", "rural"), "children"), AtMost("special", "children"),
     DistinctOf("special", ("group_a",))])


@st.composite
def consistent_cases(draw: st.DrawFn) -> tuple[Hierarchy, list[Record]]:
    """Records whose every unit obeys RELATED's rules (some units give nothing)."""
    h = draw(hierarchies())
    leaves = h.reporting_units()
    reporting = draw(st.lists(st.sampled_from(leaves), unique=True)) if leaves else []
    recs = []
    for c in reporting:
        urban, rural = draw(st.integers(0, 40)), draw(st.integers(0, 40))
        special = draw(st.integers(0, urban + rural))
        recs.append(Record(c, "2024", {"children": urban + rural, "urban": urban,
                                       "rural": rural, "special": special,
                                       "group_a": special}))
    return h, recs


@given(consistent_cases())
def test_rules_that_hold_at_every_unit_hold_at_every_level(case: tuple) -> None:
    """The rules are checked where the data are given (the reporting units); totals above
    are sums of those units, so a rule that holds at each of them holds at every level —
    checked here on every unit's totals."""
    from childprotect.rollup.measures import _rule_anomalies

    h, recs = case
    r = rollup(recs, h, RELATED)
    assert r.anomalies == []
    for code in r.codes():
        row = tuple(r.total(code, n) for n in RELATED.counts)
        assert _rule_anomalies(code, "2024", row, RELATED) == []


def test_units_of_another_period_are_flagged() -> None:
    # A 2025 commune in 2024 data: not in the hierarchy of that period.
    r = rollup([Record("30154", "2024", {"children": 5})], bundled(), MEASURES)
    assert r.hierarchy.as_of == ON
    assert [a.kind for a in r.anomalies] == ["rollup.unknown-unit"]


def test_registry_picks_the_hierarchy_of_the_period() -> None:
    recs = [Record("29971", "2025-S2", {"children": 5})]
    r = rollup(recs, bundled(), MEASURES)
    assert r.hierarchy.as_of == date(2025, 12, 31)
    assert r.hierarchy.level("29971").id == "commune"
    assert r.total("82", "children") == 5  # the new Đồng Tháp
    assert r.levels == ("province", "commune", "total")


def test_several_periods() -> None:
    recs = [Record("29971", "2024", {"children": 5}), Record("29971", "2023", {"children": 4})]
    with pytest.raises(ValidationError, match="several periods"):
        rollup(recs, bundled(), MEASURES)
    got = rollup_periods(recs, bundled(), MEASURES)
    assert list(got) == ["2023", "2024"]
    assert got["2023"].total("87", "children") == 4


def test_bad_values_are_errors_not_coerced() -> None:
    h = bundled().on(ON)
    for bad in (-1, 2.0, "3", True):
        with pytest.raises(ValidationError, match="children"):
            rollup([Record("29971", "2024", {"children": bad})], h, MEASURES)  # type: ignore[dict-item]
    with pytest.raises(ValidationError, match="unknown measure"):
        rollup([Record("29971", "2024", {"childs": 1})], h, MEASURES)


def test_measure_declarations_are_checked() -> None:
    with pytest.raises(ValidationError):
        Measures([Measure.count("a"), Measure.count("a")])
    with pytest.raises(ValidationError, match="not a count measure"):
        Measures([Measure.count("a"), Measure.rate("r", "a", "b")])
    with pytest.raises(ValidationError, match="numerator"):
        Measure("r", numerator="a")
    with pytest.raises(ValidationError):
        Measures([Measure.count("a")], [AtMost("a", "b")])


def test_period_end_is_still_exported_here() -> None:
    from childprotect.text.periods import period_end as moved

    assert period_end is moved


@given(cases(), st.integers(1, 10))
def test_suppression_leaves_no_cell_recoverable(case: tuple, threshold: int) -> None:
    h, recs = case
    r = rollup(recs, h, MEASURES)
    s = suppress(r, threshold)
    hidden = s.hidden
    for name in NAMES:
        for code in r.codes():
            v = r.total(code, name)
            if v is not None and 0 < v < threshold:
                assert (code, name) in hidden
        for parent in [*h.codes(), TOTAL]:
            kids = h.roots() if parent == TOTAL else h.children(parent)
            terms = [k for k in kids if r.total(k, name) is not None]
            if not terms or r.total(parent, name) is None:
                continue
            n = sum((k, name) in hidden for k in terms) + ((parent, name) in hidden)
            assert n != 1, (parent, name)
    for _, rname in s.rates:
        assert rname in ("special_pct", "a_share")
    headers, rows = r.table(s)
    shown = {(row[1], h_): cell for row in rows for h_, cell in zip(headers, row, strict=False)}
    for code, name in s.primary | s.complementary:  # one mark, never "<5" (see test_protection)
        assert shown[(code, name)] == "×"


def test_suppression_example() -> None:
    r = _example()
    s = suppress(r)
    # An Lạc's special = 2 is hidden, and so is its district's (868 has that one ward).
    # In 87 = 870 + 868 the 870 total must go too, and then in 870 = its communes the
    # only commune that reported it (29971).
    assert {("29978", "special"), ("868", "special")} <= s.primary
    assert s.complementary >= {("870", "special"), ("29971", "special")}
    assert ("87", "special") not in s.hidden
    assert ("29978", "special_pct") in s.rates
    assert ("29978", "group_a") not in s.hidden  # zero is published


def test_read_csv() -> None:
    m, rows = read_csv(["unit,period,children,special", "29971,2024,10,", "29956,2024,5,1"])
    assert m.counts == ("children", "special")
    assert list(rows) == [("29971", "2024", (10, None)), ("29956", "2024", (5, 1))]


@pytest.mark.parametrize("blank", [",,,", ", , ,\t", ",,"])
def test_a_row_of_blank_cells_is_a_blank_line(blank: str) -> None:
    """Excel leaves such rows where rows were cleared: they were read as a unit '' of a
    period '' (an error naming no file). A row of the wrong width is still an error."""
    from childprotect.formats.counts import read_csv_text

    lines = ["unit,period,children,special", "29971,2024,10,", blank, "29956,2024,5,1"]
    text = "".join(line + "\n" for line in lines)
    if blank.count(",") != 3:
        with pytest.raises(ValidationError, match="line 3: 3 cells, the header has 4"):
            list(read_csv_text(text)[1])
        return
    want = [("29971", "2024", (10, None)), ("29956", "2024", (5, 1))]
    assert list(read_csv(lines)[1]) == list(read_csv_text(text)[1]) == want


@pytest.mark.parametrize(("lines", "match"), [
    (["unit,period,a", "1,2024,-1"], r"line 2, column 'a': holds a negative number"),
    (["unit,period,a", "1,2024,1.5"], r"line 2, column 'a': holds a number with a decimal "
     "point that is not a whole number"),
    (["unit,period,a", "1,2024,1562.0"], r"line 2, column 'a': holds a whole number written "
     "with decimals"),
    (["unit,period,a", "1,2024,12,0"], "line 2: 4 cells"),
    (["unit,period,a", '1,2024,"12,0"'], r"line 2, column 'a': holds a whole number written "
     "with decimals"),
    (["unit,period,a", "1,2024,+1562"], r"line 2, column 'a': holds a number with a plus sign"),
    (["unit,period,a", "1,2024,#N/A"], r"line 2, column 'a': holds the error value #N/A"),
    (["unit,period,a", '"2', '",2024,3', "3,2024,z"],
     r"line 4, column 'a': holds text"),  # a record over two lines: the next starts on 4
    (["unit,period,a", "1,2024,1,2"], "line 2: 4 cells"),
    (["unit,a", "1,2"], "missing column 'period'"),
    (["unit,period,a,a", "1,2024,1,2"], "the column.s. 'a' appear more than once"),
    (["unit,period,a,", "1,2024,1,"], "column 4 .the last. of the first line has no name"),
    (["unit,period,,a", "1,2024,,1"], "column 3 of the first line has no name"),
    (["unit,period,a", "1,2024,1", ",2024,3"], "line 3: the unit cell is empty"),
    (["unit,period,a", "1,2024,1", "2, ,3"], "line 3: the period cell is empty"),
    (["sep=;", "unit;period;a", "1;2024;1", "2;2024;x"], r"line 4, column 'a': holds text"),
    (["unit;period;a", "1;2024;1", "2;2024;x"], r"line 3, column 'a': holds text"),
    (["đơn vị;kỳ;a", "1;2024;1"], "the first line is one cell, its columns separated by "
     "semicolons"),
    ([], "empty"),
    (["unit,period,a", "1,2024,1", "2,2024," + "9" * 5000],
     r"line 3, column 'a': holds a number too long to read"),
])
def test_read_csv_errors(lines: list[str], match: str) -> None:
    from childprotect.formats.counts import read_csv_text

    with pytest.raises(ValidationError, match=match):
        list(read_csv(lines)[1])
    with pytest.raises(ValidationError, match=match):
        list(read_csv_text("".join(line + "\n" for line in lines))[1])


def test_read_json() -> None:
    text = json.dumps({
        "measures": [{"name": "children"}, {"name": "special"},
                     {"name": "pct", "aggregation": "rate", "numerator": "special",
                      "denominator": "children", "factor": 100}],
        "rules": [{"at_most": ["special", "children"]}],
        "records": [{"unit": "29971", "period": "2024", "values": {"children": 4,
                                                                   "special": None}}],
    })
    m, recs = read_json(text)
    assert m.rates == ("pct",) and len(m.rules) == 1
    assert recs[0].values == {"children": 4, "special": None}
    with pytest.raises(ValidationError, match="not a whole number"):
        read_json('[{"unit": "1", "period": "2024", "values": {"a": 1.0}}]')
    with pytest.raises(ValidationError, match=r"values\.a"):
        read_json('[{"unit": "1", "period": "2024", "values": {"a": -1}}]')


def test_cli_on_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["rollup", str(SAMPLE), "--rate", "special_pct=special/children*100",
                 "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    assert out["period"] == "2024"
    by = {u["code"]: u for u in out["units"]}
    assert by["870"]["expected"] == 10
    total = sum(int(row.split(",")[2]) for row in SAMPLE.read_text("utf-8").splitlines()[1:]
                if row.split(",")[2] and row.split(",")[0] not in ("29978",))
    assert by["870"]["totals"]["children"] == total
    rate = by["870"]["rates"]["special_pct"]
    both = [row.split(",") for row in SAMPLE.read_text("utf-8").splitlines()[1:]]
    both = [f for f in both if f[0] != "29978" and f[2] and f[6]]  # children, special
    assert Fraction(rate["value"]) == Fraction(sum(int(f[6]) for f in both) * 100,
                                               sum(int(f[2]) for f in both))
    assert (rate["reporting"], rate["expected"]) == (len(both), 10)


def test_cli_csv_levels_and_suppression(capsys: pytest.CaptureFixture[str]) -> None:
    main(["rollup", str(SAMPLE), "--level", "district", "--suppress", "--format", "csv"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("level,code,name,reporting,expected,children")
    assert {ln.split(",")[0] for ln in lines[1:]} == {"district"}


def test_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,period,a\n29971,2024,x\n", "utf-8")
    assert main(["rollup", str(bad), "--lang", "en"]) == 2
    assert "line 2, column 'a'" in capsys.readouterr().err
    assert main(["rollup", str(bad)]) == 2
    assert "dòng 2, cột 'a': chứa văn bản, không phải số nguyên" in capsys.readouterr().err
    assert main(["rollup", str(SAMPLE), "--rate", "x=y"]) == 2


def test_cli_anomalies_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "d.csv"
    f.write_text("unit,period,children\n29971,2024,5\n29971,2024,6\n", "utf-8")
    assert main(["rollup", str(f)]) == 1
    assert "rollup.conflict" in capsys.readouterr().out


@given(cases())
def test_rate_values_agree_with_rate(case: tuple) -> None:
    h, recs = case
    r = rollup(recs, h, MEASURES)
    for name in ("special_pct", "a_share"):
        values = r.rate_values(name)
        assert set(values) == set(r.codes())
        for code, v in values.items():
            assert v == r.rate(code, name).value


@given(cases())
def test_table_rates_are_the_exact_rates_rounded(case: tuple) -> None:
    h, recs = case
    r = rollup(recs, h, MEASURES)
    headers, rows = r.table()
    col = headers.index("special_pct")
    for row in rows:
        d = r.rate(row[1], "special_pct").decimal()
        assert row[col] == ("" if d is None else str(d))


def _writer_text(rows: list[list[str]]) -> list[str]:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().splitlines()


@given(st.one_of(cases(), cases(blanks=False)), st.booleans(), st.integers(1, 10))
def test_csv_lines_are_what_the_csv_module_writes(case: tuple, hide: bool, threshold: int) -> None:
    h, recs = case
    r = rollup(recs, h, MEASURES)
    sup = suppress(r, threshold) if hide else None
    rows = list(r.rows(sup))
    got = list(r.csv_lines(sup))
    assert [level for level, _ in got] == [row[0] for row in rows]
    assert [line for _, line in got] == _writer_text(rows)


def test_csv_lines_quote_names_and_keep_fractions() -> None:
    units = [AdminUnit(code="01", name_vi='Tỉnh "Mẫu", A', name_en="", kind="tinh",
                       source="synthetic"),
             AdminUnit(code="001", name_vi="Huyện B", name_en="", kind="huyen", source="s",
                       parent="01", valid_to=date(2025, 6, 30)),
             AdminUnit(code="00001", name_vi="Xã, C", name_en="", kind="xa", source="s",
                       parent="001", valid_to=date(2025, 6, 30)),
             AdminUnit(code="00002", name_vi="Xã D", name_en="", kind="xa", source="s",
                       parent="001", valid_to=date(2025, 6, 30))]
    h = UnitRegistry(units).on(ON)
    m = Measures([Measure.count("a"), Measure.count("b"), Measure.rate("r", "a", "b")])
    for vals in ([(3, 7), (2, 5)], [(Fraction(3, 2), 7), (2, 5)], [(None, 7), (2, 5)]):
        recs = [Record(c, "2024", dict(zip("ab", v, strict=True)))
                for c, v in zip(["00001", "00002"], vals, strict=True)]
        r = rollup(recs, h, m)
        rows = list(r.rows())
        assert [line for _, line in r.csv_lines()] == _writer_text(rows)
    assert '"Tỉnh ""Mẫu"", A"' in "\n".join(line for _, line in r.csv_lines())


@pytest.mark.parametrize("text", [
    "unit,period,a,b\n29971,2024,1,2\n\n29956,2024,,3\n",
    "unit,period,a,b\r\n29971,2024,1,2\r\n29956,2024,4,\r\n",
    'unit,period,a,b\n"29971",2024,"1",2\n29956,"2024",0,0',
    "\ufeffunit,period,a,b\n29971,2024,01,2\n",
    "unit,period,a,b\n",
    "",
    "unit,period,a,b\n29971,2024,1\n",
    "unit,period,a,b\n29971,2024, 1,x\n",
])
def test_read_csv_text_reads_as_read_csv(text: str) -> None:
    import io

    from childprotect.formats.counts import read_csv_text

    assert _read(read_csv_text, text) == _read(read_csv, io.StringIO(text, newline=""))


def _read(reader: object, source: object) -> object:
    """What a CSV reader makes of ``source``: the measures and rows, or the error text."""
    try:
        m, rows = reader(source, None, "f.csv")  # type: ignore[operator]
        return m.counts, list(rows)
    except ValidationError as exc:
        return str(exc)


# Cells a hand-made CSV file may hold: whole numbers (some with leading zeros or spaces),
# blanks, and what is not a count.
cells = st.sampled_from(["0", "7", "12", "300", "007", "", " 3", "4 ", "x", "-1", "1.5",
                         "²", "1e3", "[1]"])


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """Rollup CSV text: columns in any order, rows of the header's width or not, blank
    lines. Half the files are clean (``unit,period,…`` and whole numbers only), the
    input the bulk reader takes whole."""
    clean = draw(st.booleans())
    header = ["unit", "period", "a", "b"] if clean else draw(
        st.permutations(["unit", "period", "a", "b"]))
    lines = [",".join(header)]
    for _ in range(draw(st.integers(0, 12))):
        kind = "row" if clean and draw(st.integers(0, 9)) else draw(
            st.sampled_from(["row"] * 8 + ["blank", "short", "long"]))
        if kind == "blank":
            lines.append("")
            continue
        width = {"row": 4, "short": 3, "long": 5}[kind]
        row = [draw(st.sampled_from(["29971", "29956", " 29980"])) if col == "unit"
               else "2024" if col == "period"
               else draw(st.sampled_from(["0", "7", "12", "300"]) if clean else cells)
               for col in [*header, "a"][:width]]
        lines.append(",".join(row))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n"]))


@given(csv_texts(), st.integers(1, 4), st.sampled_from(["\n", "\r\n", "mixed"]))
def test_read_csv_text_reads_as_read_csv_block_by_block(text: str, block: int,
                                                        end: str) -> None:
    """The bulk reader (a block of lines at a time, small blocks here) gives the rows and
    the errors that the csv module row by row gives, the lines ended by LF, by CR LF (as
    spreadsheets save CSV) or by either."""
    import io
    from unittest import mock

    from childprotect.formats import counts as rollup_module
    from childprotect.formats.counts import read_csv_text

    if end == "mixed":
        text = text.replace("\n", "\r\n", text.count("\n") // 2)
    else:
        text = text.replace("\n", end)
    with mock.patch.object(rollup_module, "_BLOCK", block):
        got = _read(read_csv_text, text)
    assert got == _read(read_csv, io.StringIO(text, newline=""))


@given(st.one_of(cases(), cases(blanks=False)), st.integers(0, 2), st.integers(0, 2),
       st.randoms(use_true_random=False))
def test_bulk_build_equals_row_by_row(case: tuple, twice: int, others: int,
                                      rnd: random.Random) -> None:
    """Rows of each reporting unit once are taken in bulk; with duplicates or units that
    do not report they are added one at a time. Both give the same partial result."""
    from childprotect.rollup.aggregate import Partial, _add_rows, _aggregate, _build, _values_row

    h, recs = case
    rows = [(r.unit, _values_row(r.values, MEASURES, r.unit)) for r in recs]
    if rows:
        rows += [rnd.choice(rows) for _ in range(twice)]
        not_reporting = [c for c in h.codes() if c not in h.reporting_set()] + ["99999"]
        rows += [(rnd.choice(not_reporting), rows[0][1]) for _ in range(others)]
    rnd.shuffle(rows)
    bulk = _build(list(rows), h, MEASURES, "2024")
    one = Partial(MEASURES, "2024")
    _add_rows(one, rows, h)
    _aggregate(one, h)
    assert bulk.leaves == one.leaves and list(bulk.leaves) == list(one.leaves)
    assert (bulk.sums, bulk.counts, bulk.chains, bulk._seen) == (
        one.sums, one.counts, one.chains, one._seen)
    assert bulk.anomalies == one.anomalies


@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**4)), max_size=30),
       st.sampled_from([1, 100, 1000, 100_000]))
@example([(1, 8), (3, 8), (5, 8), (1, 20000), (3, 20000), (0, 0), (7, 0)], 1)  # ties, zeros
def test_rate_cells_round_half_even_like_decimal_text(pairs: list[tuple[int, int]],
                                                      factor: int) -> None:
    from childprotect.rollup.lines import _decimal_text, _rate_cells

    xs, ys = [x for x, _ in pairs], [y for _, y in pairs]
    want = ["," + _decimal_text(x * factor, y, 4) if y else "," for x, y in pairs]
    assert _rate_cells(xs, ys, factor) == want


@given(cases(blanks=False), st.lists(st.sampled_from(["same", "other", "zeros"]), max_size=3),
       st.integers(1, 4), st.randoms(use_true_random=False))
def test_counts_kept_as_read_are_written_as_computed(
        case: tuple, extras: list[str], block: int, rnd: random.Random) -> None:
    """The command passes the counts as read (texts) to the output, which then does not
    write them again: the lines are the same as without them, whatever duplicates or
    differently written numbers (``007``) the file holds."""
    from unittest import mock

    from childprotect.formats import counts as rollup_module
    from childprotect.formats.counts import read_csv_text
    from childprotect.rollup.aggregate import rollup_rows

    h, recs = case
    lines = [f"{r.unit},2024," + ",".join(str(r.values[n]) for n in NAMES) for r in recs]
    for extra in extras if lines else []:
        unit, _, counts = rnd.choice(lines).split(",", 2)
        if extra == "same":
            lines.append(f"{unit},2024,{counts}")
        elif extra == "other":
            lines.append(f"{unit},2024," + ",".join(str(int(c) + 1) for c in counts.split(",")))
        else:
            lines.append(f"{unit},2024," + ",".join("00" + c for c in counts.split(",")))
    rnd.shuffle(lines)
    text = "unit,period," + ",".join(NAMES) + "\n" + "\n".join(lines) + "\n"
    m = Measures([*MEASURES.measures], MEASURES.rules)
    texts: dict[str, dict[str, str]] = {}
    with mock.patch.object(rollup_module, "_BLOCK", block):
        _, rows = read_csv_text(text, m, "f.csv", texts=texts)
        pairs = [(u, v) for u, _, v in rows]
    kept = rollup_rows(pairs, h, m, "2024", texts=texts.get("2024"))
    plain = rollup_rows(pairs, h, m, "2024")
    assert list(kept.csv_lines()) == list(plain.csv_lines())


@given(st.permutations(["a", "b", "c"]), st.lists(st.tuples(
    st.sampled_from(["29971", "29956"]), st.lists(st.sampled_from(["0", "7", "300", "12", "x"]),
                                                  min_size=3, max_size=3)), max_size=6),
    st.integers(1, 4))
@example(["a", "c", "b"], [("29971", ["0", "7", "300"])], 1)
def test_read_csv_text_gives_values_in_the_order_of_the_measures(
        order: list[str], rows: list[tuple[str, list[str]]], block: int) -> None:
    """Given measures in another order than the file's columns, every reader gives each
    row's values in the measures' order."""
    import io
    from unittest import mock

    from childprotect.formats import counts as rollup_module
    from childprotect.formats.counts import read_csv_text

    text = "unit,period,a,b,c\n" + "".join(f"{u},2024,{','.join(v)}\n" for u, v in rows)
    m = Measures([Measure.count(n) for n in order])

    def read(reader: object, source: object) -> object:
        try:
            got, values = reader(source, m, "f.csv")  # type: ignore[operator]
            return got.counts, list(values)
        except ValidationError as exc:
            return str(exc)

    with mock.patch.object(rollup_module, "_BLOCK", block):
        fast = read(read_csv_text, text)
    assert fast == read(read_csv, io.StringIO(text, newline=""))


@given(st.one_of(cases(), cases(blanks=False)), st.sampled_from(
    [(), ("commune",), ("district", "total"), ("province",)]), st.integers(0, 2),
    st.booleans(), st.integers(1, 4))
def test_json_units_is_the_json_of_the_units(case: tuple, levels: tuple[str, ...],
                                             depth: int, fractions: bool, batch: int) -> None:
    """The units' JSON written a unit at a time is the text ``json.dumps`` writes, whole or
    in pieces of a few units."""
    from childprotect.rollup.jsontext import json_unit_pieces

    h, recs = case
    if fractions and recs:  # a count may be a Fraction (an estimate carried by a crosswalk)
        first = recs[0]
        recs = [Record(first.unit, first.period, {
            k: None if v is None else Fraction(2 * v + 1, 3) for k, v in first.values.items()}),
            *recs[1:]]
    r = rollup(recs, h, MEASURES)
    units = [u for u in r.to_json()["units"]  # type: ignore[attr-defined]
             if not levels or u["level"] in levels]
    want = json.dumps(units, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)
    assert r.json_units(levels, depth) == want
    pieces = list(json_unit_pieces(r, levels, depth, batch))
    assert "".join(pieces) == want
    assert len(pieces) == -(-len(units) // batch) + 1 if units else pieces == ["[]"]


@given(st.lists(st.integers(0, 40), min_size=3, max_size=3), st.sampled_from(
    ["tỷ lệ %", "%s", "%d%%", 'a "b" \\ c', "100%"]))
def test_json_units_of_names_with_percent_signs_and_quotes(values: list[int], odd: str
                                                            ) -> None:
    """A measure's name is a part of the unit template: percent signs and quotes in it are
    written as ``json.dumps`` writes them."""
    h = bundled().on(date(2024, 12, 31))
    leaves = h.reporting_units()
    m = Measures([Measure.count(odd), Measure.count("x"),
                  Measure.rate(odd + " rate", "x", odd, factor=100)])
    recs = [Record(leaves[i], "2024", {odd: v, "x": v // 2})
            for i, v in enumerate(values)]
    r = rollup(recs, h, m)
    want = json.dumps(r.to_json()["units"], ensure_ascii=False,  # type: ignore[index]
                      indent=2).replace("\n", "\n  ")
    assert r.json_units((), 1) == want


@pytest.mark.parametrize(("x", "y", "decimal"), [
    (3, 2_000_000, "0.0002"),  # 1.5 ten-thousandths: half-even up to 2
    (1, 400_000, "0.0002"),  # 2.5: half-even down to 2
    (5, 1_000_000, "0.0005"),  # exact
    (7, 2_000_000, "0.0004"),  # 3.5: up to 4
    (2, 3, "66.6667"),
])
def test_json_units_round_rates_half_even(x: int, y: int, decimal: str) -> None:
    """The decimal of a rate in the units' JSON is rounded half-even, as :meth:`Rate.decimal`
    rounds (ties at the fourth place included)."""
    h = bundled().on(date(2024, 12, 31))
    leaf = h.reporting_units()[0]
    m = Measures([Measure.count("x"), Measure.count("y"),
                  Measure.rate("pct", "x", "y", factor=100)])
    r = rollup([Record(leaf, "2024", {"x": x, "y": y})], h, m)
    got = {u["code"]: u["rates"]["pct"]["decimal"]
           for u in json.loads(r.json_units((), 0))}
    assert got[leaf] == decimal == str(r.rate(leaf, "pct").decimal())
    assert got[TOTAL] == decimal


def _lost_zeros(day: date) -> list[tuple[str, str]]:
    """Reporting units of the national list whose code without its leading zeros is the
    code of a unit of another level (a province's, say), on ``day``."""
    from childprotect.units.national_list import national

    h = national().on(day)
    return [(c, c.lstrip("0")) for c in h.reporting_units()
            if c.startswith("0") and c.lstrip("0") in h and c.lstrip("0") != c]


@given(st.data())
def test_a_code_that_lost_its_zeros_and_names_another_level_is_pointed_out(
        data: st.DataObject) -> None:
    """``25`` for the commune ``00025`` is the code of a province: the rollup left it out
    as a unit of another level, without saying it may be the commune's code."""
    from childprotect.units.national_list import national

    day = data.draw(st.sampled_from([date(2024, 12, 31), date(2026, 1, 31)]))
    pairs = _lost_zeros(day)
    assert pairs  # 267 in 2024 (communes 000xx), 3 in 2026 (00025, 00082, 00091)
    full, short = data.draw(st.sampled_from(pairs))
    r = rollup([Record(short, "2024", {"children": 5})], national().on(day),
               [Measure.count("children")])
    (a,) = [a for a in r.anomalies if a.kind == "rollup.not-reporting-level"]
    assert f"it may be the code {full} typed as a number" in str(a.explanation)


def test_a_unit_of_another_level_with_no_such_commune_gets_no_hint() -> None:
    from childprotect.units.national_list import national

    h = national().on(date(2026, 1, 31))
    r = rollup([Record("46", "2026", {"children": 5})], h, [Measure.count("children")])
    (a,) = [a for a in r.anomalies if a.kind == "rollup.not-reporting-level"]
    assert "typed as a number" not in str(a.explanation) and "00046" not in h


def test_a_code_with_its_leading_zero_gets_no_zeros_hint() -> None:
    """A district code with its leading zero (``017``) kept it: it was not typed as a number,
    and was said to be maybe the commune ``00017``."""
    from childprotect.units.national_list import national

    h = national().on(date(2024, 12, 31))
    reporting = h.reporting_set()
    code = next(c for c in h.codes("district") if c.startswith("0") and c.zfill(5) in reporting)
    r = rollup([Record(code, "2024", {"children": 5})], h, [Measure.count("children")])
    (a,) = [a for a in r.anomalies if a.kind == "rollup.not-reporting-level"]
    assert "typed as a number" not in str(a.explanation)


@pytest.mark.parametrize("value", ["Nguyen Van An", "079123456789", "2997l"])
def test_a_value_that_could_not_be_a_unit_code_is_not_quoted(value: str) -> None:
    """A record whose unit could not be a unit code (a name, an identity number, a letter
    for a digit) is an anomaly that names its row, never the value: not in its text, its
    place, its repr or its explanation in either language."""
    from childprotect.units.registry import bundled

    recs = [Record("29971", "2024", {"children": 1}), Record(value, "2024", {"children": 2})]
    r = rollup(recs, bundled().on(ON), Measures([Measure.count("children")]))
    (a,) = [a for a in r.anomalies if a.kind == "rollup.unknown-unit"]
    assert (a.where, a.text) == ("2024/rows[1]", "")
    for shown in (repr(a), a.explain("en"), a.explain("vi"), repr(r)):
        assert value not in shown, shown
    assert "not a unit code" in a.explain("en")
    assert r.total("29971", "children") == 1

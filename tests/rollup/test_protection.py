"""Publication safety: audited suppression, one mark for hidden cells, no hidden value in
any output (issue 18, items 1–3)."""

from __future__ import annotations

import itertools
import json
import re
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from childprotect.cli import main
from childprotect.errors import ChildProtectError, ValidationError
from childprotect.formats import dhis2
from childprotect.formats.counts import read_json
from childprotect.rollup.aggregate import rollup
from childprotect.rollup.disclosure import Equation, Inequality, Interval, ProtectionRule, Table
from childprotect.rollup.intervals import audit_table
from childprotect.rollup.measures import TOTAL, AtMost, Measure, Measures, Record
from childprotect.rollup.protection import _measures, _Tree, audit, suppress, table_of
from childprotect.rollup.publication import MARK, legend, suppressed_html
from childprotect.rollup.result import Rollup
from childprotect.units import AdminUnit, Hierarchy, UnitRegistry

ON = date(2024, 12, 31)


def _unit(code: str, kind: str, parent: str | None) -> AdminUnit:
    return AdminUnit(code=code, name_vi=f"Mẫu {code}", name_en=f"Sample {code}", kind=kind,
                     source="synthetic", parent=parent, valid_to=date(2025, 6, 30))


# --- an attacker who knows nothing of this library ---------------------------------------


def brute_force(r: Rollup, name: str, hidden: set[str], cap: int, low: int
                ) -> dict[str, tuple[int, int]]:
    """Every whole-number assignment ``low … cap`` of the hidden reporting units of one
    measure (each unit above them being the sum of its units below) that agrees with
    every published unit and keeps every hidden unit ≥ ``low``: the least and largest
    value of each hidden unit."""
    h = r.hierarchy
    free = sorted(c for c in hidden if c in h.reporting_set())
    grid = np.indices([cap - low + 1] * len(free)).reshape(len(free), -1) + low
    known: dict[str, object] = {c: grid[i] for i, c in enumerate(free)}

    def value(code: str) -> object:
        if code not in known:
            kids = h.roots() if code == TOTAL else h.children(code)
            if code in h.reporting_set():
                known[code] = r.total(code, name)
            else:
                known[code] = sum(value(k) for k in kids if r.total(k, name) is not None)
        return known[code]

    ok = np.ones(grid.shape[1], dtype=bool)
    for code in [*h.codes(), TOTAL]:
        true = r.total(code, name)
        if true is None:
            continue
        v = np.asarray(value(code))
        ok &= (v >= low) if code in hidden else (v == true)
    assert ok.any()  # the true values are a solution
    return {c: (int(np.broadcast_to(value(c), ok.shape)[ok].min()),
                int(np.broadcast_to(value(c), ok.shape)[ok].max())) for c in sorted(hidden)}


def _issue_example() -> Rollup:
    """Issue 18: a province with one commune (value 1), a province of two communes (18 and
    0), and the national total."""
    units = [_unit("01", "tinh", None), _unit("101", "huyen", "01"),
             _unit("00001", "xa", "101"),
             _unit("02", "tinh", None), _unit("201", "huyen", "02"),
             _unit("00002", "xa", "201"), _unit("00003", "xa", "201")]
    h = UnitRegistry(units).on(ON)
    return rollup([Record("00001", "2024", {"a": 1}), Record("00002", "2024", {"a": 18}),
                   Record("00003", "2024", {"a": 0})], h, [Measure.count("a")])


def test_the_issue_example_is_protected_against_an_attacker_by_enumeration() -> None:
    r = _issue_example()
    s = suppress(r)
    hidden = {code for code, _ in s.primary | s.complementary}
    zero_hidden = any(r.total(c, "a") == 0 for c in hidden)
    got = brute_force(r, "a", hidden, cap=40, low=0 if zero_hidden else 1)
    for code, _ in s.primary:
        lo, hi = got[code]
        assert hi >= 5 and hi - lo >= 5, (code, lo, hi)


def test_the_issue_example_old_pattern_is_found_by_the_audit() -> None:
    # The pattern the equation-by-equation rule chose: the small province, district and
    # commune, then province 02, its district and the zero commune.
    r = _issue_example()
    old = [("00001", "a"), ("101", "a"), ("01", "a"), ("02", "a"), ("201", "a"), ("00003", "a")]
    a = audit(r, old)
    assert not a.zeros_published  # a zero is hidden: a reader cannot assume ≥ 1
    assert {f.cell for f in a.findings} == {("00001", "a"), ("101", "a"), ("01", "a")}
    assert a.intervals[("01", "a")] == Interval(0, 1)
    # the attacker by enumeration agrees
    assert brute_force(r, "a", {c for c, _ in old}, cap=40, low=0)["01"] == (0, 1)


def test_the_issue_example_suppression() -> None:
    r = _issue_example()
    s = suppress(r)
    assert s.primary == {("00001", "a"), ("101", "a"), ("01", "a")}
    assert s.complementary == {("00002", "a"), ("201", "a"), ("02", "a")}
    assert s.audit is not None and s.audit.ok and s.audit.zeros_published
    assert s.audit.intervals[("01", "a")] == Interval(1, 18)
    assert ("00003", "a") not in s.hidden  # zeros are published
    assert audit(r, s).ok


# --- the rule, the table audit ------------------------------------------------------------


def test_rule_checks_its_parameters() -> None:
    for bad in (0, -1, True, 2.5):
        with pytest.raises(ValidationError, match="threshold"):
            ProtectionRule(bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="protection"):
        ProtectionRule(5, -1)
    assert ProtectionRule(5, 3).level == 3 and ProtectionRule(5).level == 5
    assert ProtectionRule(5).required_high(1) == 6 and ProtectionRule(5, 2).required_high(1) == 5


def test_the_tau_argus_manual_audit_example() -> None:
    """τ-ARGUS 4.1 user's manual §2.15 "Audit": rows X11 + X12 = 7, X21 + X22 = 3, columns
    X11 + X21 = 6, X12 + X22 = 4, every X ≥ 0: X11 lies in [3, 6]. (A two-way table: each
    cell is a part of two sums, so the bounds are solved as a mixed-integer programme.)"""
    t = Table({"x11": 4, "x12": 3, "x21": 2, "x22": 1, "r1": 7, "r2": 3, "c1": 6, "c2": 4},
              [Equation("r1", ("x11", "x12")), Equation("r2", ("x21", "x22")),
               Equation("c1", ("x11", "x21")), Equation("c2", ("x12", "x22"))])
    a = audit_table(t, {"x11", "x12", "x21", "x22"}, zeros_published=False)
    assert a.intervals["x11"] == Interval(3, 6)
    assert a.intervals["x22"] == Interval(0, 3)


def test_table_errors_name_the_relation_never_a_value() -> None:
    with pytest.raises(ValidationError, match=r"equations\[0\]") as exc:
        Table({"t": 7919, "a": 7907}, [Equation("t", ("a",))])
    assert "7919" not in str(exc.value) and "7907" not in str(exc.value)
    with pytest.raises(ValidationError, match=r"inequalities\[0\]") as exc:
        Table({"a": 7919, "b": 7907}, inequalities=[Inequality(("a",), ("b",))])
    assert "79" not in str(exc.value)
    with pytest.raises(ValidationError, match="'a'") as exc:
        Table({"a": -7919})
    assert "7919" not in str(exc.value)
    with pytest.raises(ValidationError, match="zeros_published"):
        audit_table(Table({"t": 1, "a": 0, "b": 1}, [Equation("t", ("a", "b"))]),
                    {"a", "b"}, zeros_published=True)
    with pytest.raises(ValidationError, match="not in the table"):
        audit_table(Table({"a": 1}), {"b"})


def test_a_published_small_cell_and_a_rate_over_a_hidden_count_are_findings() -> None:
    t = Table({"t": 9, "a": 2, "b": 7}, [Equation("t", ("a", "b"))])
    assert [f.problem for f in audit_table(t, set()).findings] == [
        "a count below the threshold is published"]
    r = rollup([Record("00001", "2024", {"a": 1, "b": 9}),
                Record("00002", "2024", {"a": 9, "b": 9})],
               _two_communes(), Measures([Measure.count("a"), Measure.count("b"),
                                          Measure.rate("ab", "a", "b")]))
    hidden = [("00001", "a"), ("00002", "a")]
    found = audit(r, hidden).findings
    assert {f.cell for f in found} == {("00001", "ab"), ("00002", "ab")}
    assert audit(r, [*hidden, ("00001", "ab"), ("00002", "ab")]).ok


def _two_communes() -> Hierarchy:
    return UnitRegistry([_unit("01", "tinh", None), _unit("101", "huyen", "01"),
                         _unit("00001", "xa", "101"), _unit("00002", "xa", "101")]).on(ON)


def test_rules_between_measures_bound_hidden_cells() -> None:
    # group_a ≤ children: with the children published (5), the hidden group_a (1) and its
    # sibling (6) cannot reach 6, so the rule must be in the audit, and suppression must
    # hide the children too.
    m = Measures([Measure.count("children"), Measure.count("group_a")],
                 [AtMost("group_a", "children")])
    recs = [Record("00001", "2024", {"children": 5, "group_a": 1}),
            Record("00002", "2024", {"children": 40, "group_a": 6})]
    r = rollup(recs, _two_communes(), m)
    pattern = [("00001", "group_a"), ("00002", "group_a")]
    without = audit_table(Table(table_of(r).values, table_of(r).equations), pattern)
    assert without.ok  # the sums alone: group_a ∈ [1, 6]
    a = audit(r, pattern)
    assert a.intervals[("00001", "group_a")] == Interval(1, 5)
    assert [f.cell for f in a.findings] == [("00001", "group_a")]
    s = suppress(r)
    assert ("00001", "children") in s.complementary
    assert s.audit is not None and s.audit.ok and audit(r, s).ok


# --- the property: random hierarchies -----------------------------------------------------


@st.composite
def shaped_hierarchies(draw: st.DrawFn) -> Hierarchy:
    """Provinces of one commune, of two-commune districts, or of mixed districts."""
    units: list[AdminUnit] = []
    n_c = 0
    shapes = draw(st.lists(st.sampled_from(["one", "pairs", "mixed"]), min_size=1, max_size=4))
    for p, shape in enumerate(shapes):
        pc = f"{p + 1:02d}"
        units.append(_unit(pc, "tinh", None))
        if shape == "one":
            sizes = [1]
        elif shape == "pairs":
            sizes = [2] * draw(st.integers(1, 3))
        else:
            sizes = draw(st.lists(st.integers(1, 5), min_size=1, max_size=3))
        for d, size in enumerate(sizes):
            dc = f"{p + 1}{d + 1:02d}"
            units.append(_unit(dc, "huyen", pc))
            for _ in range(size):
                n_c += 1
                units.append(_unit(f"{n_c:05d}", "xa", dc))
    return UnitRegistry(units).on(ON)


small_counts = st.one_of(st.integers(0, 4), st.integers(0, 12), st.integers(0, 60), st.none())


@st.composite
def cases(draw: st.DrawFn) -> tuple[Rollup, int, int | None]:
    h = draw(shaped_hierarchies())
    linked = draw(st.booleans())
    m = Measures([Measure.count("children"), Measure.count("group_a")],
                 [AtMost("group_a", "children")] if linked else [])
    leaves = h.reporting_units()
    reporting = draw(st.lists(st.sampled_from(leaves), unique=True, min_size=1))
    recs = []
    for code in reporting:
        children = draw(small_counts)
        group = draw(st.none() | st.integers(0, children if children is not None else 60))
        recs.append(Record(code, "2024", {"children": children, "group_a": group}))
    threshold = draw(st.integers(2, 6))
    protection = draw(st.none() | st.integers(0, 8))
    return rollup(recs, h, m), threshold, protection


@settings(max_examples=200)
@given(cases())
def test_after_suppression_the_audit_finds_no_primary_cell_under_protection(
        case: tuple[Rollup, int, int | None]) -> None:
    r, threshold, protection = case
    s = suppress(r, threshold, protection=protection)
    rule = ProtectionRule(threshold, protection)
    a = audit(r, s)  # computed again, from the published pattern only
    assert a.ok, a.findings
    assert a.zeros_published
    table = table_of(r)
    for cell, v in table.values.items():
        assert (cell in s.primary) == rule.is_primary(v)
        if v == 0:
            assert cell not in s.hidden  # zeros are published
    assert s.primary.isdisjoint(s.complementary)
    # The exact interval propagation over the hierarchy (used to choose the cells) and
    # the linear programme agree wherever no rule links the measures.
    if not table.inequalities:
        for m in _measures(r):
            tree = _Tree(m, (c for c, n in s.primary | s.complementary if n == m.name), 1)
            for code in tree.hidden:
                assert tree.interval(code) == a.intervals[(code, m.name)]


# --- the audit against enumeration on small tables -----------------------------------------


@st.composite
def small_tables(draw: st.DrawFn) -> tuple[Table, list[str]]:
    """A tree of sums, or a two-way table with margins, maybe with an inequality."""
    values: dict[str, int] = {}
    equations = []
    if draw(st.booleans()):
        kids = []
        for i in range(draw(st.integers(1, 3))):
            leaves = [f"c{i}{j}" for j in range(draw(st.integers(0, 2)))]
            for leaf in leaves:
                values[leaf] = draw(st.integers(0, 4))
            node = f"b{i}"
            values[node] = sum(values[x] for x in leaves) if leaves else draw(st.integers(0, 4))
            if leaves:
                equations.append(Equation(node, leaves))
            kids.append(node)
        values["t"] = sum(values[k] for k in kids)
        equations.append(Equation("t", kids))
    else:
        rows, cols = draw(st.integers(1, 2)), draw(st.integers(2, 3))
        for i, j in itertools.product(range(rows), range(cols)):
            values[f"x{i}{j}"] = draw(st.integers(0, 4))
        for i in range(rows):
            values[f"r{i}"] = sum(values[f"x{i}{j}"] for j in range(cols))
            equations.append(Equation(f"r{i}", [f"x{i}{j}" for j in range(cols)]))
        for j in range(cols):
            values[f"k{j}"] = sum(values[f"x{i}{j}"] for i in range(rows))
            equations.append(Equation(f"k{j}", [f"x{i}{j}" for i in range(rows)]))
    cells = sorted(values)
    inequalities = []
    if draw(st.booleans()):
        a, b = draw(st.sampled_from(cells)), draw(st.sampled_from(cells))
        if values[a] <= values[b] and a != b:
            inequalities.append(Inequality((a,), (b,)))
    hidden = draw(st.lists(st.sampled_from(cells), unique=True, min_size=1, max_size=3))
    return Table(values, equations, inequalities), hidden


@settings(max_examples=80)
@given(small_tables())
@example((Table({"b0": 0, "b1": 1, "b2": 0, "t": 1}, [Equation("t", ["b0", "b1", "b2"])],
                [Inequality(("b0",), ("b2",))]), ["b0", "b2", "t"]))
def test_the_audit_is_exact_against_enumeration(case: tuple[Table, list[str]]) -> None:
    table, hidden = case
    values = table.values
    a = audit_table(table, hidden)
    low = 1 if a.zeros_published else 0
    top = max(values.values())
    # A finite bound is at most `top`; above it, the cell is unbounded. Raising an
    # unbounded cell by 1 raises each of the (at most two) other hidden cells by at most
    # 1 (unit coefficients): the grid must reach 3·(top + 1) for it to pass `top`.
    cap = 3 * top + 4
    grid = np.indices([cap - low + 1] * len(hidden)).reshape(len(hidden), -1) + low
    val = {c: grid[i] for i, c in enumerate(hidden)}

    def total(cells: tuple[object, ...]) -> object:
        return sum(val.get(c, values[c]) for c in cells)  # type: ignore[call-overload]

    ok = np.ones(grid.shape[1], dtype=bool)
    for eq in table.equations:
        ok &= np.asarray(total((eq.total,)) == total(eq.parts))
    for ineq in table.inequalities:
        ok &= np.asarray(total(ineq.smaller) <= total(ineq.larger))
    for c in hidden:
        lo, hi = int(val[c][ok].min()), int(val[c][ok].max())
        iv = a.intervals[c]
        assert iv.low == lo, (c, iv, lo, hi)
        if iv.high is None:
            assert hi > top
        else:
            assert iv.high == hi


# --- marks and outputs: no hidden value anywhere --------------------------------------------


# Two communes of district 870 (bundled units) report. 29971 has small counts (children 2,
# group_a 3, which breaks the rule group_a ≤ children: an anomaly quoting both); 29956 has
# large ones that only complementary suppression hides. Those two values, 6871 and 5791,
# appear nowhere else (totals: 6873 and 5794).
DATA = {
    "measures": [{"name": "children"}, {"name": "group_a"},
                 {"name": "a_share", "aggregation": "rate", "numerator": "group_a",
                  "denominator": "children", "factor": 100}],
    "rules": [{"at_most": ["group_a", "children"]}],
    "records": [{"unit": "29971", "period": "2024", "values": {"children": 2, "group_a": 3}},
                {"unit": "29956", "period": "2024",
                 "values": {"children": 6871, "group_a": 5791}}],
}
SECRET = ("6871", "5791")
SMALL = {("29971", "children"): "2", ("29971", "group_a"): "3"}


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    f = tmp_path / "small.json"
    f.write_text(json.dumps(DATA), "utf-8")
    return f


def _rollup() -> Rollup:
    from childprotect.units import bundled

    m, recs = read_json(json.dumps(DATA))
    return rollup(recs, bundled().on(ON), m)


def test_the_example_hides_what_the_scan_looks_for() -> None:
    r = _rollup()
    s = suppress(r)
    assert set(SMALL) <= s.primary
    assert {("29956", "children"), ("29956", "group_a")} <= s.complementary
    assert any("group_a=3 > children=2" in a.text for a in r.anomalies)


def _no_secret(text: str) -> None:
    for secret in SECRET:
        assert secret not in text


def test_no_complementary_cell_is_printed_below_the_threshold() -> None:
    r = _rollup()
    s = suppress(r)
    headers, rows = r.table(s)
    shown = {(row[1], h): cell for row in rows for h, cell in zip(headers, row, strict=True)}
    for cell in s.primary | s.complementary | s.rates:
        assert shown[cell] == MARK
    assert not any(c.startswith("<") for row in rows for c in row)
    assert s.label == MARK and "1 to 4" in s.legend


def test_library_outputs_hold_no_hidden_value() -> None:
    r = _rollup()
    s = suppress(r)
    _, rows = r.table(s)
    _no_secret(json.dumps(rows))
    csv_text = "\n".join(line for _, line in r.csv_lines(s))
    _no_secret(csv_text)
    data = r.to_json(s)
    _no_secret(json.dumps(data, ensure_ascii=False))
    units = {u["code"]: u for u in data["units"]}  # type: ignore[attr-defined]
    for (code, name) in SMALL:
        assert units[code]["totals"][name] == MARK
    assert units["29956"]["rates"]["a_share"]["status"] == "suppressed"
    assert data["suppression"]["legend"] == legend(5)  # type: ignore[index]
    html = suppressed_html(r, s)
    _no_secret(html)
    assert f"<caption>{legend(5)}</caption>" in html
    row = re.search(r"<tr><td>commune</td><td>29971</td>.*?</tr>", html)
    assert row is not None and row.group(0).count(f"<td>{MARK}</td>") == 3
    for anomaly in s.redact(r.anomalies):
        if anomaly.where.endswith("29971"):
            assert not re.search(r"[0-9]", anomaly.text), anomaly.text
    payload = dhis2.data_value_set(dhis2.from_rollup(
        r, data_elements={"children": "C", "group_a": "A"}, suppressed=s))
    _no_secret(json.dumps(payload))
    sent = {(v["orgUnit"], v["dataElement"]) for v in payload["dataValues"]}  # type: ignore[index, union-attr]
    assert not sent & {("29971", "C"), ("29971", "A"), ("29956", "C"), ("29956", "A")}


def test_a_rule_anomaly_at_a_hidden_unit_has_no_number_in_either_language() -> None:
    from childprotect.documents.anomalies import Anomaly, Severity
    from childprotect.i18n import Message
    from childprotect.rollup.publication import Suppressed, redact_anomalies

    a = Anomaly.summarised("rollup.distinct-above-sum", "2024/29971", Message(
        "{distinct}={d} > sum of parts {total}", distinct="special", d="12", total="3"),
        "special cannot exceed the sum of a, b", Severity.ERROR)
    s = Suppressed(5, frozenset({("29971", "a")}), frozenset(), frozenset())
    (got,) = redact_anomalies([a], s)
    assert got.text == f"special={MARK} > sum of parts {MARK}"
    assert got.shown("vi") == f"special={MARK} > tổng các phần {MARK}"


@pytest.mark.parametrize("fmt", ["text", "csv", "json"])
def test_cli_rollup_outputs_hold_no_hidden_value(fmt: str, data_file: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["rollup", str(data_file), "--suppress", "--format", fmt, "--lang", "en"])
    assert code == 1  # the anomaly is still reported
    out = capsys.readouterr()
    for text in (out.out, out.err):
        _no_secret(text)
        assert "group_a=3" not in text and "children=2" not in text
    assert "rollup.part-above-whole" in out.out + out.err
    assert "not published" in out.out + out.err  # the legend
    main(["rollup", str(data_file), "--suppress", "--format", fmt])
    assert "không công bố" in "".join(capsys.readouterr())  # in Vietnamese by default
    if fmt == "csv":
        lines = {ln.split(",")[1]: ln.split(",") for ln in out.out.splitlines()[1:]}
        assert lines["29971"][5:] == [MARK, MARK, MARK, "1"]  # the rate, its coverage


def test_cli_dhis2_suppressed_holds_no_hidden_value(data_file: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    # (1: the data's anomaly is written on standard error, redacted as rollup's are)
    assert main(["dhis2", str(data_file), "--period", "2024", "--map", "children=C",
                 "--map", "group_a=A", "--suppress"]) == 1
    out, err = capsys.readouterr()
    _no_secret(out)
    _no_secret(err)
    assert json.loads(out)["dataValues"] == []  # both reporting communes are hidden


def test_suppression_refuses_counts_that_are_not_whole() -> None:
    from fractions import Fraction

    r = rollup([Record("00001", "2024", {"a": Fraction(3, 2)}),
                Record("00002", "2024", {"a": 9})], _two_communes(), [Measure.count("a")])
    with pytest.raises(ValidationError, match="whole count"):
        suppress(r)


def test_a_missing_solver_is_a_library_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "scipy.optimize", None)
    with pytest.raises(ChildProtectError, match=r"childprotect\[publish\]"):
        suppress(_issue_example())


def test_cli_rollup_workbook_holds_no_hidden_value(data_file: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    import openpyxl

    out = tmp_path / "published.xlsx"
    assert main(["rollup", str(data_file), "--suppress", "--format", "xlsx", "--out",
                 str(out), "--lang", "en"]) == 1
    printed = capsys.readouterr()
    _no_secret(printed.out + printed.err)
    wb = openpyxl.load_workbook(out)
    cells = [str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row
             if v is not None]
    for text in cells:
        _no_secret(text)
        assert "group_a=3" not in text and "children=2" not in text
    assert any(legend(5) == text for text in cells)  # the legend above each level's table
    ws = wb["Xã"]
    rows = list(ws.iter_rows(values_only=True))
    codes = next(r for r in rows if r[0] == "unit")
    by_unit = {r[0]: dict(zip(codes, r, strict=True)) for r in rows[rows.index(codes) + 1:]}
    for code in ("29971", "29956"):
        assert by_unit[code]["children"] == MARK and by_unit[code]["group_a"] == MARK
        assert by_unit[code]["a_share"] == MARK and by_unit[code]["a_share.exact"] == MARK

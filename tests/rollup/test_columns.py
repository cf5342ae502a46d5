"""Column rollups (numpy) give what the row-by-row rollup gives, exactly."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.errors import ValidationError
from childprotect.rollup.aggregate import rollup
from childprotect.rollup.columns import rollup_columns
from childprotect.rollup.measures import TOTAL, Measure
from childprotect.rollup.result import RateStatus
from tests.rollup.test_rollup import MEASURES, NAMES, ON, cases

np = pytest.importorskip("numpy", reason="column rollups need numpy (the test extra has it)")


def _columns(recs: list, arrays: bool) -> dict[str, object]:
    cols = {n: [r.values[n] for r in recs] for n in NAMES}
    if arrays and all(v is not None for c in cols.values() for v in c):  # type: ignore[attr-defined]
        return {n: np.array(c, dtype=np.int64) for n, c in cols.items()}
    return cols


@given(cases(), st.booleans(), st.randoms(use_true_random=False))
def test_every_total_count_and_rate_is_the_rollup_s(case: tuple, arrays: bool,
                                                     rnd: random.Random) -> None:
    h, recs = case
    recs = list(recs)
    rnd.shuffle(recs)  # any order of the rows
    want = rollup(recs, h, MEASURES)
    got = rollup_columns([r.unit for r in recs], _columns(recs, arrays), h, MEASURES, "2024")
    assert got.layout.codes == want.codes()
    rows = {line.split(",")[1]: line.split(",") for _, line in want.csv_lines()}
    texts = {name: got.rate_text(name) for name in MEASURES.rates}
    for i, code in enumerate(got.layout.codes):
        assert got.layout.level_of[i] == rows[code][0]
        assert got.reporting_of(code) == want.completeness(code).reporting
        assert int(got.expected[i]) == want.completeness(code).expected
        for name in NAMES:
            assert got.total(code, name) == want.total(code, name)
        for name in MEASURES.rates:
            rate = want.rate(code, name)
            x, y, both = got.rate(code, name)
            assert both == rate.reporting
            if rate.status is RateStatus.OK:
                assert (x, y) == (rate.numerator, rate.denominator)
            col = want.headers().index(name)
            assert texts[name][i] == rows[code][col]


@given(cases(), st.sampled_from([(), ("commune",), ("district", "total"), ("province",)]),
       st.integers(0, 2))
def test_the_json_of_the_units_is_the_rollup_s(case: tuple, levels: tuple[str, ...],
                                               depth: int) -> None:
    """Blanks, rates of no data or no denominator, levels and depths: the same text as
    :meth:`Rollup.json_units` (itself the text of ``json.dumps``)."""
    from childprotect.formats.columnwrite import json_units_columns

    h, recs = case
    got = rollup_columns([r.unit for r in recs], _columns(recs, False), h, MEASURES, "2024")
    assert json_units_columns(got, levels, depth) == rollup(recs, h, MEASURES).json_units(
        levels, depth)


@pytest.mark.parametrize("odd", ["tỷ lệ %", "%s", "%d%%", 'a "b" \\ c'])
def test_the_json_of_names_with_percent_signs_and_quotes(odd: str) -> None:
    from childprotect.formats.columnwrite import json_units_columns
    from childprotect.rollup.aggregate import rollup
    from childprotect.rollup.measures import Measures, Record
    from childprotect.units.registry import bundled

    h = bundled().on(ON)
    leaves = h.reporting_units()[:3]
    m = Measures([Measure.count(odd), Measure.count("x"),
                  Measure.rate(odd + " rate", "x", odd, factor=100)])
    recs = [Record(u, "2024", {odd: 10 * i + 3, "x": i}) for i, u in enumerate(leaves)]
    got = rollup_columns(leaves, {odd: [r.values[odd] for r in recs],
                                  "x": [r.values["x"] for r in recs]}, h, m, "2024")
    assert json_units_columns(got, (), 1) == rollup(recs, h, m).json_units((), 1)


def test_a_rate_is_rounded_half_even_like_the_text_output() -> None:
    from childprotect.units.registry import bundled

    h = bundled().on(ON)
    ms = [Measure.count("a"), Measure.count("b"), Measure.rate("r", "a", "b")]
    # 1/8 = 0.125 → 0.12 at two places; 3/8 = 0.375 → 0.38; 1/3 → 0.3333
    for a, b, places, text in [(1, 8, 2, "0.12"), (3, 8, 2, "0.38"), (1, 3, 4, "0.3333"),
                               (5, 20000, 4, "0.0002"), (0, 0, 4, "")]:
        got = rollup_columns(["29971"], {"a": [a], "b": [b]}, h, ms)
        assert got.rate_text("r", places)[got.row["29971"]] == text


@pytest.mark.parametrize(("units", "counts", "match"), [
    (["99999"], {"children": [1], "special": [0], "group_a": [0]}, "not a reporting unit"),
    (["29971", "29971"], {n: [1, 1] for n in NAMES}, "more than once"),
    (["29971", "29971"], {n: [1 << 61, 1] for n in NAMES}, "more than once"),
    (["29971"], {"children": [-1], "special": [0], "group_a": [0]}, "a negative count"),
    (["29971"], {"children": [1.5], "special": [0], "group_a": [0]}, "whole numbers"),
    (["29971"], {"children": [True], "special": [0], "group_a": [0]}, "whole numbers"),
    (["29971"], {"children": [1, 2], "special": [0], "group_a": [0]}, "2 values for 1"),
    (["29971"], {"children": [1 << 62], "special": [0], "group_a": [0]}, "too large"),
    (["29971"], {"children": [1]}, "no column for the count"),
])
def test_bad_columns_are_named(units: list[str], counts: dict, match: str) -> None:
    from childprotect.units.registry import bundled

    with pytest.raises(ValidationError, match=match):
        rollup_columns(units, counts, bundled().on(ON), MEASURES)


def test_sums_too_large_for_64_bits_are_refused_not_wrapped() -> None:
    from childprotect.units.registry import bundled

    h = bundled().on(ON)
    big = np.array([(1 << 61) + 1] * 2, dtype=np.int64)
    with pytest.raises(ValidationError, match="too large"):
        rollup_columns(["29971", "29956"], {n: big for n in NAMES}, h, MEASURES)
    assert rollup_columns([], {n: [] for n in NAMES}, h, MEASURES).total(
        TOTAL, "children") is None


@given(cases(), st.randoms(use_true_random=False))
def test_positions_and_a_matrix_give_what_columns_give(case: tuple, rnd: random.Random) -> None:
    """:func:`rollup_at` (units as positions, the counts as one matrix with its blanks)
    gives the totals of :func:`rollup_columns`."""
    from childprotect.rollup.columns import layout_of, rollup_at

    h, recs = case
    lay = layout_of(h)
    units = [r.unit for r in recs]
    at = np.array([lay.leaf[u] for u in units], dtype=np.intp)
    values = np.array([[r.values[n] or 0 for n in NAMES] for r in recs],
                      dtype=np.int64).reshape(len(recs), len(NAMES))
    blank = np.array([[r.values[n] is None for n in NAMES] for r in recs],
                     dtype=bool).reshape(len(recs), len(NAMES))
    got = rollup_at(lay, at, values, blank if blank.any() else None, MEASURES, "2024")
    want = rollup_columns(units, {n: [r.values[n] for r in recs] for n in NAMES}, h, MEASURES)
    assert (got.sums == want.sums).all() and (got.reporting == want.reporting).all()
    for name in MEASURES.rates:
        assert all((a == b).all() for a, b in zip(got.rates[name][:3], want.rates[name][:3],
                                                  strict=True))
    with pytest.raises(ValidationError, match="values for"):
        rollup_at(lay, at, values[:, :2], None, MEASURES)
    if len(at):
        with pytest.raises(ValidationError, match="a negative count"):
            rollup_at(lay, at, -1 - values, None, MEASURES)


@given(cases(), st.sampled_from(["pandas", "polars"]))
def test_columns_of_a_data_frame_with_blanks(case: tuple, library: str) -> None:
    """A pandas or polars column (with blanks: NaN, NA or null) gives what the list gives;
    so does the frame's column of unit codes."""
    lib = pytest.importorskip(library, reason=f"{library} is an optional integration")
    h, recs = case
    units = [r.unit for r in recs]
    lists = {n: [r.values[n] for r in recs] for n in NAMES}
    if library == "pandas":
        frame: Any = {n: lib.Series(v, dtype="float64") for n, v in lists.items()}
        codes: Any = lib.Series(units, dtype="string")  # (pandas 3: stored in Arrow)
    else:
        frame = {n: lib.Series(n, v, dtype=lib.Int64) for n, v in lists.items()}
        codes = lib.Series("unit", units, dtype=lib.String)
    got = rollup_columns(codes, frame, h, MEASURES)
    want = rollup_columns(units, lists, h, MEASURES)
    assert (got.sums == want.sums).all() and (got.reporting == want.reporting).all()
    for code in got.layout.codes:
        for n in NAMES:
            assert got.total(code, n) == want.total(code, n)


@pytest.mark.parametrize("bad", [[1.5], [float("inf")], [2.0**60], ["7"]])
def test_data_frame_columns_that_are_not_whole_numbers(bad: list) -> None:
    pd = pytest.importorskip("pandas", reason="pandas is an optional integration")
    from childprotect.units.registry import bundled

    cols = {"children": pd.Series(bad), "special": pd.Series([0]), "group_a": pd.Series([0])}
    with pytest.raises(ValidationError, match=r"whole numbers|too large"):
        rollup_columns(["29971"], cols, bundled().on(ON), MEASURES)
    with pytest.raises(ValidationError, match="too large"):
        rollup_columns(["29971"], {**cols, "children": np.array([1 << 63], dtype=np.uint64)},
                       bundled().on(ON), MEASURES)


def test_a_unit_column_that_is_not_a_list_is_named_when_wrong() -> None:
    """Codes in a numpy array or a data frame column are read as the list would be: a
    code that is not a reporting unit is named, the others are summed."""
    from childprotect.units.registry import bundled

    h = bundled().on(ON)
    counts = {n: [1, 2] for n in NAMES}
    want = rollup_columns(["29971", "29956"], counts, h, MEASURES)
    got = rollup_columns(np.array(["29971", "29956"]), counts, h, MEASURES)
    assert (got.sums == want.sums).all()
    with pytest.raises(ValidationError, match="unit 99999 is not a reporting unit"):
        rollup_columns(np.array(["29971", "99999"]), counts, h, MEASURES)


class _Column:
    """A column read only in one call: iterating it element by element is refused."""

    def __init__(self, codes: list[str], method: str) -> None:
        self.codes = codes
        setattr(self, method, lambda: list(self.codes))

    def __iter__(self) -> Any:
        raise AssertionError("read an element at a time")

    def __len__(self) -> int:
        return len(self.codes)


@pytest.mark.parametrize("method", ["tolist", "to_list"])
def test_a_unit_column_is_turned_into_a_list_in_one_call(method: str) -> None:
    """numpy and pandas (``tolist``) and polars (``to_list``) columns are converted by
    their own method, never iterated code by code."""
    from childprotect.units.registry import bundled

    h = bundled().on(ON)
    counts = {n: [1, 2] for n in NAMES}
    want = rollup_columns(["29971", "29956"], counts, h, MEASURES)
    got = rollup_columns(_Column(["29971", "29956"], method), counts, h, MEASURES)
    assert (got.sums == want.sums).all()


def test_codes_that_are_not_keys_are_looked_up_one_at_a_time() -> None:
    """A unit column of something other than short texts (numbers here, or a text too
    long to be a key) is looked up code by code: the first that is not a reporting unit
    is named, by its row when it could not be a unit code."""
    from childprotect.units.registry import bundled

    h = bundled().on(ON)
    counts = {n: [1, 2] for n in NAMES}
    with pytest.raises(ValidationError, match=r"units\[0\]: a value that is not a unit code"):
        rollup_columns([29971, "29956"], counts, h, MEASURES)
    with pytest.raises(ValidationError, match=r"units\[1\]: a value that is not a unit code"):
        rollup_columns(["29956", "2997100000"], counts, h, MEASURES)
    with pytest.raises(ValidationError, match="unit 99999 is not a reporting unit"):
        rollup_columns(["29956", "99999", "2997100000"], {n: [1, 2, 3] for n in NAMES}, h,
                       MEASURES)


@pytest.mark.parametrize("at", [[-1], [10**6], [0.0], [True]])
def test_positions_that_are_not_reporting_units_are_refused(at: list) -> None:
    """:func:`rollup_at` refuses a position below 0 or past the last reporting unit (numpy
    would count the last unit, or fail with its own error) and one that is not a whole
    number."""
    from childprotect.rollup.columns import layout_of, rollup_at
    from childprotect.units.registry import bundled

    lay = layout_of(bundled().on(ON))
    values = np.ones((1, len(NAMES)), dtype=np.int64)
    with pytest.raises(ValidationError, match="not a reporting unit"):
        rollup_at(lay, np.array(at), values, None, MEASURES)


def test_no_positions_are_no_rows() -> None:
    """:func:`rollup_at` of no units (an empty list, which numpy reads as floats): every
    total blank, no unit reporting."""
    from childprotect.rollup.columns import layout_of, rollup_at
    from childprotect.units.registry import bundled

    lay = layout_of(bundled().on(ON))
    got = rollup_at(lay, np.array([]), np.zeros((0, len(NAMES)), dtype=np.int64), None,
                    MEASURES)
    assert int(got.reporting.sum()) == 0 and got.total(TOTAL, "children") is None

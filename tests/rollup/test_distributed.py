"""The distributed path: Dask partitions rolled up (every period at once) and per-child
files tallied, on the synchronous scheduler with random splits, and on a
``dask.distributed`` local cluster of several worker processes, reading partitioned CSV
and Parquet files; always identical to the in-process result."""

from __future__ import annotations

import random
from datetime import date
from fractions import Fraction
from pathlib import Path

import dask.bag as db
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childprotect.children.tally import tally_children, tally_dask
from childprotect.errors import ValidationError
from childprotect.formats.registers import tally_csv_file, tally_dask_files
from childprotect.rollup.aggregate import rollup_periods
from childprotect.rollup.measures import Measure, Measures, Record
from childprotect.rollup.parallel import rollup_dask_columns, rollup_dask_periods
from childprotect.units.model import AdminUnit
from childprotect.units.registry import UnitRegistry

dd = pytest.importorskip("dask.dataframe", reason="the dask extra (with pandas) is needed")

M = Measures([Measure.count("children"), Measure.count("special"),
              Measure.rate("pct", "special", "children", factor=100)])
HEAD = "commune,birth_date,group_a,group_b"
END = date(2025, 6, 30)  # the districts' last day


def _registry() -> UnitRegistry:
    units = []
    n = 0
    for p in range(1, 4):
        units.append(AdminUnit(f"{p:02d}", f"Tỉnh {p}", f"P{p}", "tinh", "synthetic",
                               valid_to=END))
        for d in range(1, 3):
            dc = f"{p}{d:02d}"
            units.append(AdminUnit(dc, f"Huyện {dc}", dc, "huyen", "synthetic", f"{p:02d}",
                                   valid_to=END))
            for _ in range(4):
                n += 1
                units.append(AdminUnit(f"{n:05d}", f"Xã {n}", str(n), "xa", "synthetic", dc,
                                       valid_to=END))
    return UnitRegistry(units)


REG = _registry()
LEAVES = REG.on(date(2024, 12, 31)).leaves()


def _records(seed: int) -> list[Record]:
    rnd = random.Random(seed)
    recs = [Record(c, period, {"children": rnd.randint(0, 900),
                               "special": rnd.choice([None, rnd.randint(0, 30)])})
            for period in ("2023", "2024", "2025-Q1") for c in LEAVES if rnd.random() < 0.85]
    recs.append(recs[0])  # the same report twice: counted once
    recs.append(Record(recs[1].unit, recs[1].period, {"children": 1, "special": 0}))  # conflict
    rnd.shuffle(recs)
    return recs


def _same(got: dict, want: dict) -> None:
    assert list(got) == list(want)
    for k in want:
        assert got[k].table() == want[k].table()
        assert got[k].anomalies == want[k].anomalies
        assert got[k].rate_values("pct") == want[k].rate_values("pct")


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 7))
def test_every_period_at_once_equals_the_in_process_rollup(seed: int, parts: int) -> None:
    recs = _records(seed)
    bag = db.from_sequence(recs, npartitions=parts)
    _same(rollup_dask_periods(bag, REG, M, scheduler="synchronous"),
          rollup_periods(recs, REG, M))


def _clean(seed: int) -> list[Record]:
    """The records of :func:`_records`, each unit once a period (as a column rollup wants)."""
    seen: dict[tuple[str, str], Record] = {}
    for r in _records(seed):
        seen.setdefault((r.unit, r.period), r)
    return list(seen.values())


def _rows(recs: list[Record]) -> pd.DataFrame:
    return pd.DataFrame([{"unit": r.unit, "period": r.period, **r.values} for r in recs],
                        columns=["unit", "period", "children", "special"])


def _same_columns(got: dict, want: dict) -> None:
    assert list(got) == list(want)
    for k, r in want.items():
        c = got[k]
        assert c.layout.codes == r.codes() and c.period == k
        for code in r.codes():
            assert c.reporting_of(code) == r.completeness(code).reporting
            for name in M.counts:
                assert c.total(code, name) == r.total(code, name)
            x, y, both = c.rate(code, "pct")
            rate = r.rate(code, "pct")
            assert both == rate.reporting
            assert (rate.value is None) == (both == 0 or y == 0)
            if rate.value is not None:
                assert rate.value == Fraction(100 * x, y)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 7))
def test_every_period_a_column_at_a_time_equals_the_in_process_rollup(seed: int,
                                                                      parts: int) -> None:
    """Partitions holding parts of periods (rows shuffled): the partials add up exactly."""
    recs = _clean(seed)
    frame = dd.from_pandas(_rows(recs), npartitions=parts, sort=False)
    _same_columns(rollup_dask_columns(frame, REG, M, scheduler="synchronous"),
                  rollup_periods(recs, REG, M))


def test_a_unit_twice_in_a_period_across_partitions_is_refused() -> None:
    recs = _clean(3)
    rows = _rows([*recs, recs[0]])  # the first report again, in the last partition
    frame = dd.from_pandas(rows, npartitions=3, sort=False)
    with pytest.raises(ValidationError, match=f"unit {recs[0].unit} is listed more than once "
                                              f"in period {recs[0].period}"):
        rollup_dask_columns(frame, REG, M, scheduler="synchronous")
    blank = _rows(recs)
    blank.loc[5, "period"] = None  # a row with no period: an error, not a row left out
    with pytest.raises(ValidationError, match=r"^partition 1, row at position 5: no unit or no "
                                              r"period$"):
        rollup_dask_columns(dd.from_pandas(blank, npartitions=2, sort=False), REG, M,
                            scheduler="synchronous")
    with pytest.raises(ValidationError, match="expected a Dask data frame"):
        rollup_dask_columns(db.from_sequence(recs), REG, M)
    with pytest.raises(ValidationError, match="lacks column"):
        rollup_dask_columns(dd.from_pandas(rows.drop(columns="special"), npartitions=1),
                            REG, M, scheduler="synchronous")


@pytest.mark.parametrize("dtype", ["int64", "float64"])
def test_unit_codes_read_as_numbers_are_refused_by_the_column_path(dtype: str) -> None:
    """A unit column of numbers (``dd.read_csv`` without ``dtype={"unit": str}``) became
    ``"4"`` or ``"29971.0"``, refused as units that are not reporting units."""
    rows = _rows(_clean(3))
    rows["unit"] = rows["unit"].astype("int64").astype(dtype)
    with pytest.raises(ValidationError, match=f"holds numbers \\({dtype}\\), not codes"):
        rollup_dask_columns(dd.from_pandas(rows, npartitions=2, sort=False), REG, M,
                            scheduler="synchronous")


def test_sums_too_large_for_64_bits_across_partitions_are_refused() -> None:
    """Each partition's sums fit, their sum would not: an error, never a wrapped total."""
    big = (1 << 62) - 1
    units = [LEAVES[0], LEAVES[4 * 2], LEAVES[4 * 4]]  # three provinces
    rows = pd.DataFrame({"unit": units, "period": ["2024"] * 3, "children": [big] * 3,
                         "special": [0] * 3})
    with pytest.raises(ValidationError, match="too large to add exactly"):
        rollup_dask_columns(dd.from_pandas(rows, npartitions=3, sort=False), REG, M,
                            scheduler="synchronous")


def test_a_partition_dask_cannot_read_is_a_library_error(tmp_path: Path) -> None:
    """A blank count in a later partition than the rows Dask typed the column by: its own
    error becomes the library's, naming its kind and how to read such files (never the
    values); read with assume_missing=True, the blank is a blank."""
    recs = _clean(4)
    rows = _rows(recs).fillna({"special": 0}).astype({"special": "int64"})
    path = tmp_path / "counts.csv"
    rows.to_csv(path, index=False)
    text = path.read_text("utf-8").splitlines()
    last = text[-1].split(",")
    text[-1] = ",".join([*last[:3], ""])  # the last row's special left blank
    path.write_text("\n".join(text) + "\n", "utf-8")
    frame = dd.read_csv(str(path), dtype={"unit": str, "period": str}, blocksize=400,
                        sample=300)
    for fn in (rollup_dask_columns, rollup_dask_periods):
        with pytest.raises(ValidationError, match=r"Dask could not compute the collection "
                                                  r"\(ValueError\).*assume_missing=True") as info:
            fn(frame, REG, M, scheduler="synchronous")
        assert info.value.__cause__ is None and info.value.__suppress_context__
    frame = dd.read_csv(str(path), dtype={"unit": str, "period": str}, blocksize=400,
                        sample=300, assume_missing=True)
    want = [*recs[:-1], Record(recs[-1].unit, recs[-1].period,
                               {**recs[-1].values, "special": None})]
    _same_columns(rollup_dask_columns(frame, REG, M, scheduler="synchronous"),
                  rollup_periods([Record(r.unit, r.period, {"children": r.values["children"],
                                                            "special": r.values["special"] or 0})
                                  for r in want[:-1]] + [want[-1]], REG, M))


def test_partials_of_other_measures_do_not_merge_or_finish() -> None:
    from childprotect.rollup.columns import ColumnPartial, layout_of, rollup_columns

    h = REG.on(date(2024, 12, 31))
    a = ColumnPartial(rollup_columns([LEAVES[0]], {"children": [1], "special": [0]}, h, M,
                                     "2024"))
    other = Measures([Measure.count("children"), Measure.count("special")])
    b = ColumnPartial(rollup_columns([LEAVES[1]], {"children": [1], "special": [0]}, h,
                                     other, "2024"))
    with pytest.raises(ValidationError, match="partials of different"):
        a.merge(b)
    with pytest.raises(ValidationError, match="partials of different"):
        a.finish(layout_of(h), other)
    assert a.merge(ColumnPartial(rollup_columns(
        [LEAVES[1]], {"children": [2], "special": [None]}, h, M, "2024"))).finish(
        layout_of(h), M).total("*", "children") == 3


def _children(seed: int, n: int) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        born = date(2004 + rnd.randint(0, 20), rnd.randint(1, 12), rnd.randint(1, 28))
        out.append(f"{rnd.choice(LEAVES)},{born.isoformat()},{rnd.randint(0, 1)},"
                   f"{rnd.randint(0, 1)}")
    return out


def _frame(lines: list[str]) -> pd.DataFrame:
    return pd.DataFrame([x.split(",") for x in lines], columns=HEAD.split(","), dtype=str)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.integers(1, 6))
def test_a_per_child_file_split_anyhow_tallies_as_the_whole(seed: int, parts: int) -> None:
    lines = _children(seed, 300)
    on = date(2024, 12, 31)
    whole = tally_children([HEAD, *lines], on=on, period="2024")
    frame = dd.from_pandas(_frame(lines).sample(frac=1, random_state=seed),
                           npartitions=parts, sort=False)
    got = tally_dask(frame, on=on, period="2024", scheduler="synchronous")
    assert got[0].counts == whole[0].counts
    assert got[1] == whole[1]


@settings(max_examples=25, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.integers(0, 10_000), st.integers(0, 60), st.sampled_from([40, 200, 1_000, 10**6]),
       st.sampled_from(["\n", "\r\n"]), st.booleans(), st.sampled_from([None, 3, 17]))
def test_byte_ranges_of_per_child_files_tally_as_the_files(
        tmp_path_factory: pytest.TempPathFactory, seed: int, n: int, blocksize: int, end: str,
        last: bool, bad: int | None) -> None:
    """Files split into byte ranges anyhow (a range may hold no line, or only the header),
    with LF or CR LF, a bad row or none: the tally of the files, or the same error."""
    folder = tmp_path_factory.mktemp("children")
    files = []
    for i in range(2):
        lines = [HEAD, *_children(seed + i, n)]
        if bad is not None and bad < len(lines) and i == 1:
            lines[bad] = lines[bad].split(",")[0] + ",2015-02-30,1,0"
        path = folder / f"part-{i}.csv"
        path.write_bytes((end.join(lines) + (end if last else "")).encode())
        files.append(str(path))

    def either(fn: object) -> object:
        try:
            m, recs = fn()  # type: ignore[operator]
            return m.counts, recs
        except ValidationError as exc:
            return str(exc)

    from unittest import mock

    from childprotect.children.tally import add_tallies
    from childprotect.formats import registers

    with mock.patch.object(registers, "_rows", wraps=registers._rows) as rows:
        got = either(lambda: tally_dask_files(str(folder / "part-*.csv"),
                                              on=date(2024, 12, 31), period="2024",
                                              blocksize=blocksize, scheduler="synchronous"))
    want = either(lambda: add_tallies(tally_csv_file(f, on=date(2024, 12, 31), period="2024",
                                                     engine="rows") for f in files))
    assert got == want
    if (bad is None or bad > n) and last:  # (an unended last line may go by rows)
        assert not rows.called  # every range was read by numpy where it lies


def test_a_file_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    import re

    (tmp_path / "folder.csv").mkdir()
    for path, why in ((tmp_path / "none.csv", "no such file"),
                      (tmp_path / "none-*.csv", "no such file, or no file matches it"),
                      (tmp_path / "folder.csv", "it is a folder"), (tmp_path, "it is a folder")):
        with pytest.raises(ValidationError, match=re.escape(f"{path}") + ".*: " + why):
            tally_dask_files(str(path), on=date(2024, 12, 31), period="2024",
                             scheduler="synchronous")


def test_codes_read_as_numbers_are_refused() -> None:
    frame = dd.from_pandas(pd.DataFrame({"commune": [1], "birth_date": ["2020-01-01"],
                                         "group_a": ["0"]}), npartitions=1)
    with pytest.raises(ValidationError, match="dtype=str"):
        tally_dask(frame, on=date(2024, 12, 31), period="2024", scheduler="synchronous")
    with pytest.raises(ValidationError, match="Dask data frame"):
        tally_dask([HEAD], on=date(2024, 12, 31), period="2024")


def test_a_bad_row_is_named_by_partition_and_line_never_by_value() -> None:
    lines = _children(1, 10)
    lines[7] = lines[7].split(",")[0] + ",2015-02-30,1,0"
    frame = dd.from_pandas(_frame(lines), npartitions=2, sort=False)
    with pytest.raises(ValidationError, match=r"partition 2 line 4: birth_date") as info:
        tally_dask(frame, on=date(2024, 12, 31), period="2024", scheduler="synchronous")
    assert "2015-02-30" not in str(info.value)


@pytest.fixture(scope="module")
def cluster_client():  # type: ignore[no-untyped-def]
    distributed = pytest.importorskip("distributed", reason="the dask extra is needed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


def test_on_a_local_cluster_of_worker_processes(cluster_client, tmp_path: Path  # type: ignore[no-untyped-def]
                                                ) -> None:
    assert len(cluster_client.scheduler_info()["workers"]) == 2
    # counts per commune and period, as three CSV files
    recs = _records(5)
    rows = pd.DataFrame([{"unit": r.unit, "period": r.period, **r.values} for r in recs])
    for i, part in enumerate((rows.iloc[:40], rows.iloc[40:90], rows.iloc[90:])):
        part.to_csv(tmp_path / f"counts-{i}.csv", index=False)
    frame = dd.read_csv(str(tmp_path / "counts-*.csv"), dtype={"unit": str, "period": str},
                        blocksize=None)
    assert frame.npartitions == 3
    _same(rollup_dask_periods(frame, REG, M), rollup_periods(recs, REG, M))
    clean = _clean(5)
    columns = dd.from_pandas(_rows(clean), npartitions=3, sort=False)
    _same_columns(rollup_dask_columns(columns, REG, M), rollup_periods(clean, REG, M))
    # a per-child register, as Parquet files of text columns
    lines = _children(9, 2_000)
    (tmp_path / "children").mkdir()
    for i in range(4):
        _frame(lines[i::4]).to_parquet(tmp_path / "children" / f"part-{i}.parquet")
    kids = dd.read_parquet(str(tmp_path / "children"))
    assert kids.npartitions == 4
    on = date(2024, 12, 31)
    got, want = tally_dask(kids, on=on, period="2024"), tally_children([HEAD, *lines], on=on,
                                                                         period="2024")
    assert got[0].counts == want[0].counts and got[1] == want[1]
    assert sum(r.values["children"] for r in got[1]) > 1_000  # most rows are children
    # the same register as CSV files, split into byte ranges read where they lie
    for i in range(3):
        (tmp_path / f"children-{i}.csv").write_text(
            "\n".join([HEAD, *lines[i::3]]) + "\n", "utf-8")
    ranges = tally_dask_files(str(tmp_path / "children-*.csv"), on=on, period="2024",
                              blocksize=4_096)
    assert ranges[0].counts == want[0].counts and ranges[1] == want[1]

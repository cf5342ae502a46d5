"""Reading per-unit tables, side by side with pandas (and polars when installed).

The input is synthetic and deterministic: 10,000 rows x 20 columns (a unit code, the
period, 18 counts), written once as an .xlsx workbook (by openpyxl) and as a UTF-8 CSV
file. Each reader runs in turn, ``--repeat`` times; a figure is the median wall time,
a ratio the median of the ratios of runs taken in turn (ours / theirs).

1. The two .xlsx engines alone: python-calamine ``to_python`` against openpyxl read-only
   ``iter_rows`` (what decided the default engine).
2. ``read_table`` of the workbook (cells checked and converted, references kept) with each
   engine, against ``pandas.read_excel`` with the same engine, and ``polars.read_excel``.
3. ``read_table`` of the CSV file against ``pandas.read_csv`` and ``polars.read_csv``.

Usage: python benchmarks/bench_tabular.py [--rows 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import _args  # (this folder is the script's own, first on the path)

COUNTS = 18


def make_data(folder: Path, rows: int) -> tuple[Path, Path]:
    """The workbook and the CSV file, with the same cells."""
    import openpyxl

    rnd = random.Random(19)
    header = ["unit", "period", *[f"m{i:02d}" for i in range(COUNTS)]]
    data = [[f"{i:05d}", "2025", *[rnd.randrange(0, 5000) for _ in range(COUNTS)]]
            for i in range(rows)]
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(header)
    for row in data:
        ws.append(row)
    xlsx = folder / "data.xlsx"
    wb.save(xlsx)
    csv_path = folder / "data.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as f:
        f.write(",".join(header) + "\n")
        for row in data:
            f.write(",".join(map(str, row)) + "\n")
    return xlsx, csv_path


def timed(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Wall times of each function, the functions run in turn ``repeat`` times."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    return times


def ratio(times: dict[str, list[float]], ours: str, theirs: str) -> float:
    return statistics.median(a / b for a, b in zip(times[ours], times[theirs], strict=True))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=_args.whole, default=10_000)
    ap.add_argument("--repeat", type=_args.whole, default=5)
    args = ap.parse_args(argv)

    import openpyxl
    import pandas as pd
    import python_calamine

    from childprotect.formats.tabular.reading import read_table
    from childprotect.formats.tabular.sources import Engine

    try:
        import polars as pl
    except ImportError:
        pl = None
    warnings.simplefilter("ignore")  # pandas announces a change of its default engine
    from importlib.metadata import version

    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}, Python "
          f"{sys.version.split()[0]}; pandas {pd.__version__}, openpyxl {openpyxl.__version__},"
          f" python-calamine {version('python-calamine')}"
          + (f", polars {pl.__version__}" if pl is not None else ", polars not installed"))
    with tempfile.TemporaryDirectory() as tmp:
        xlsx, csv_path = make_data(Path(tmp), args.rows)
        print(f"input: {args.rows:,} rows x {COUNTS + 2} columns; .xlsx "
              f"{xlsx.stat().st_size / 1e6:.1f} MB, CSV {csv_path.stat().st_size / 1e6:.1f} MB;"
              f" medians of {args.repeat} runs")
        dtypes = {"unit": str, "period": str}

        def calamine_cells() -> object:
            wb = python_calamine.CalamineWorkbook.from_path(str(xlsx))
            rows = wb.get_sheet_by_name("Data").to_python(skip_empty_area=False)
            wb.close()
            return rows

        def openpyxl_cells() -> object:
            wb = openpyxl.load_workbook(xlsx, read_only=True, data_only=True)
            rows = list(wb["Data"].iter_rows(values_only=True))
            wb.close()
            return rows

        xl: dict[str, Callable[[], object]] = {
            "calamine cells": calamine_cells,
            "openpyxl cells": openpyxl_cells,
            "read_table calamine": lambda: read_table(xlsx, key=("unit", "period"),
                                                      engine=Engine.CALAMINE),
            "pandas calamine": lambda: pd.read_excel(xlsx, engine="calamine", dtype=dtypes),
            "read_table openpyxl": lambda: read_table(xlsx, key=("unit", "period"),
                                                      engine=Engine.OPENPYXL),
            "pandas openpyxl": lambda: pd.read_excel(xlsx, engine="openpyxl", dtype=dtypes),
        }
        if pl is not None:
            try:
                pl.read_excel(xlsx)
                xl["polars"] = lambda: pl.read_excel(xlsx)
            except Exception as exc:  # polars needs fastexcel for .xlsx
                print(f"polars.read_excel not measured: {type(exc).__name__}: {exc}"[:120])
        # each reader must give the same numbers before anything is timed
        t = read_table(xlsx, key=("unit", "period"))
        df = pd.read_excel(xlsx, engine="calamine", dtype=dtypes)
        assert [list(r.values[2:]) for r in t] == df.iloc[:, 2:].values.tolist()
        tx = timed(xl, args.repeat)

        cs: dict[str, Callable[[], object]] = {
            "read_table CSV": lambda: read_table(csv_path, key=("unit", "period")),
            "pandas.read_csv": lambda: pd.read_csv(csv_path, dtype=dtypes),
        }
        if pl is not None:
            cs["polars.read_csv"] = lambda: pl.read_csv(
                csv_path, schema_overrides={"unit": pl.String, "period": pl.String})
        assert [tuple(r.values) for r in read_table(csv_path, key=("unit", "period"))] == \
               [tuple(r.values) for r in t]
        tc = timed(cs, args.repeat)

    def ms(times: dict[str, list[float]], name: str) -> str:
        return f"{statistics.median(times[name]) * 1000:9.1f} ms"

    print("\n1. .xlsx cells alone (no checks)")
    print(f"   python-calamine to_python:        {ms(tx, 'calamine cells')}")
    print(f"   openpyxl read-only iter_rows:     {ms(tx, 'openpyxl cells')}")
    print(f"   ratio calamine / openpyxl:        "
          f"{ratio(tx, 'calamine cells', 'openpyxl cells'):9.2f}")
    print("\n2. .xlsx into a checked table")
    print(f"   read_table (calamine):            {ms(tx, 'read_table calamine')}")
    print(f"   pandas.read_excel (calamine):     {ms(tx, 'pandas calamine')}")
    print(f"   ratio ours / pandas:              "
          f"{ratio(tx, 'read_table calamine', 'pandas calamine'):9.2f}")
    print(f"   read_table (openpyxl):            {ms(tx, 'read_table openpyxl')}")
    print(f"   pandas.read_excel (openpyxl):     {ms(tx, 'pandas openpyxl')}")
    print(f"   ratio ours / pandas:              "
          f"{ratio(tx, 'read_table openpyxl', 'pandas openpyxl'):9.2f}")
    if "polars" in tx:
        print(f"   polars.read_excel:                {ms(tx, 'polars')}")
        print(f"   ratio read_table (calamine) / polars: "
              f"{ratio(tx, 'read_table calamine', 'polars'):6.2f}")
    print("\n3. CSV into a checked table")
    print(f"   read_table:                       {ms(tc, 'read_table CSV')}")
    print(f"   pandas.read_csv:                  {ms(tc, 'pandas.read_csv')}")
    print(f"   ratio ours / pandas:              "
          f"{ratio(tc, 'read_table CSV', 'pandas.read_csv'):9.2f}")
    if "polars.read_csv" in tc:
        print(f"   polars.read_csv:                  {ms(tc, 'polars.read_csv')}")
        print(f"   ratio ours / polars:              "
              f"{ratio(tc, 'read_table CSV', 'polars.read_csv'):9.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The national registry of units: first use, lookups by code, snapshots, names, changes.

1. First use in a fresh process: ``import childprotect`` alone against ``import
   childprotect`` then ``childprotect.units.national()`` (the difference is the first-use
   cost, the imports of the units modules included); and against the same then a
   snapshot (``on(day)``). Target: under 150 ms; ``import childprotect`` loads nothing.
2. Loading the bundled files in-process: ``national()`` (columns, checked against the
   manifest's digests) against the general loader of user files, ``load_units_csv`` on the
   same two files (every unit and transition checked), and against reading the units file
   with the ``csv`` module alone.
3. A lookup by code and date (``get``) against a plain ``dict`` lookup. Target: under 10 µs.
4. A snapshot (``on``), the first ``find``, later ``find`` calls, the first ``successors``
   (reads the transitions) and later ones.

Medians of several runs. Run: python benchmarks/bench_units.py [RUNS]. Where
PYTHONDONTWRITEBYTECODE is set, every process compiles the modules it imports, as an
installed package does not: run with it unset (and PYTHONPYCACHEPREFIX=/tmp/pycache to keep
the checkout clean) for an installed package's figures.
"""

from __future__ import annotations

import csv
import statistics
import subprocess
import sys
import time
import timeit
from datetime import date

import _args  # (this folder is the script's own, first on the path)

RUNS = int(_args.number(__doc__, "runs", 11, what="runs of each side"))
FIRST_USE = {
    "import childprotect": "import childprotect",
    "+ national()": "import childprotect; childprotect.units.national()",
    "+ national().on(2024-12-31)": "import childprotect, datetime; "
    "childprotect.units.national().on(datetime.date(2024, 12, 31))",
}
LOADED = ("import sys, childprotect; print(sorted(m for m in sys.modules "
          "if m.startswith('childprotect.units')))")


def _process(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def _fresh(code: str) -> float:
    """Seconds ``code`` takes in a fresh process (measured inside it)."""
    out = subprocess.run([sys.executable, "-c", "import time, childprotect, datetime\n"
                          "t = time.perf_counter()\n" + code + "\n"
                          "print(time.perf_counter() - t)"],
                         capture_output=True, text=True, check=True).stdout
    return float(out.strip().splitlines()[-1])


def _median(f: object, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        f()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    print(f"bytecode caches written: {not sys.dont_write_bytecode}")
    print("1. first use in a fresh process (whole-process wall time, median)")
    for code in FIRST_USE.values():
        _process(code)  # warm the file cache
    walls: dict[str, list[float]] = {name: [] for name in FIRST_USE}
    for _ in range(RUNS):
        for name, code in FIRST_USE.items():
            walls[name].append(_process(code))
    med = {name: statistics.median(t) * 1000 for name, t in walls.items()}
    for name, ms in med.items():
        print(f"   {name:30} {ms:7.1f} ms")
    inside = statistics.median(_fresh("childprotect.units.national()") for _ in range(RUNS))
    snap = statistics.median(_fresh("childprotect.units.national().on(datetime.date(2024, "
                                    "12, 31))") for _ in range(RUNS))
    print(f"   first national() measured inside the process: {inside * 1000:.1f} ms; with a "
          f"snapshot: {snap * 1000:.1f} ms (target: under 150 ms)")
    extra = med["+ national()"] - med["import childprotect"]
    print(f"   whole-process difference: {extra:+.1f} ms")
    print("   units modules loaded by import childprotect:",
          subprocess.run([sys.executable, "-c", LOADED], capture_output=True, text=True,
                         check=True).stdout.strip())

    from childprotect.data import path
    from childprotect.units.csvfiles import load_units_csv
    from childprotect.units.national_list import national

    units, transitions = path("units/national/units.csv"), path("units/national/transitions.csv")

    def ours() -> None:
        national.cache_clear()
        reg = national()
        reg.transitions  # noqa: B018 - reads them

    def general() -> None:
        load_units_csv(units, transitions)

    def plain_csv() -> None:
        with open(units, encoding="utf-8", newline="") as f:
            list(csv.DictReader(f))

    print("\n2. loading the bundled files in-process (units + transitions, median)")
    t_ours, t_general, t_csv = _median(ours, 5), _median(general, 5), _median(plain_csv, 5)
    print(f"   national() + transitions:        {t_ours * 1000:7.1f} ms")
    print(f"   load_units_csv (every check):    {t_general * 1000:7.1f} ms  "
          f"ratio general / national = {t_general / t_ours:.1f}x")
    print(f"   csv.DictReader, units file only: {t_csv * 1000:7.1f} ms  "
          f"ratio csv / national = {t_csv / t_ours:.1f}x")

    reg = national()
    day = date(2024, 1, 1)
    n = 200_000
    t_get = timeit.timeit(lambda: reg.get("29995", on=day), number=n) / n
    t_multi = timeit.timeit(lambda: reg.get("19", on=date(2025, 8, 1)), number=n) / n
    plain = {"29995": object()}
    t_dict = timeit.timeit(lambda: plain["29995"], number=n) / n
    print("\n3. lookup by code and date")
    print(f"   get (one version):       {t_get * 1e6:6.2f} µs (target: under 10 µs)")
    print(f"   get (code of 4 versions):{t_multi * 1e6:6.2f} µs")
    print(f"   dict lookup:             {t_dict * 1e6:6.2f} µs  ratio get / dict = "
          f"{t_get / t_dict:.1f}x")

    print("\n4. snapshots, names, changes")
    national.cache_clear()
    reg = national()
    start = time.perf_counter()
    reg.on(date(2024, 12, 31))
    t_on = time.perf_counter() - start
    start = time.perf_counter()
    reg.find("P. 4, TP Tân An")
    t_find1 = time.perf_counter() - start
    t_find = _median(lambda: reg.find("Van Lang, Thai Nguyen", on=date(2025, 7, 1)), 21)
    start = time.perf_counter()
    reg.successors("29995", date(2025, 7, 1))
    t_succ1 = time.perf_counter() - start
    t_succ = timeit.timeit(lambda: reg.successors("29995", date(2025, 7, 1)),
                           number=10_000) / 10_000
    print(f"   on(2024-12-31), first:   {t_on * 1000:7.1f} ms")
    print(f"   find, first (index):     {t_find1 * 1000:7.1f} ms; later: {t_find * 1000:.2f} ms")
    print(f"   successors, first:       {t_succ1 * 1000:7.1f} ms (reads the transitions); "
          f"later: {t_succ * 1e6:.1f} µs")


if __name__ == "__main__":
    main()

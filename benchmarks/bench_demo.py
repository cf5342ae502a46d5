"""Whole-process wall time of ``childprotect demo`` and ``childprotect report`` (target: each
under 0.5 s), beside the bare interpreter and ``import childprotect``.

Median of several runs each, interleaved so that drift in the machine's speed affects all
alike. Also prints the CPU time of each part of the main job, measured in-process.

Run: python benchmarks/bench_demo.py [RUNS]
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _args  # (this folder is the script's own, first on the path)

RUNS = int(_args.number(__doc__, "runs", 7, what="runs of each command"))
ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "examples" / "data" / "hue-synthetic.json"
OUT = Path(tempfile.gettempdir()) / "childprotect-bench-report.html"
COMMANDS = {
    "python (nothing imported)": [sys.executable, "-c", "pass"],
    "import childprotect": [sys.executable, "-c", "import childprotect"],
    "childprotect demo": [sys.executable, "-m", "childprotect", "demo", "--on", "2026-11-23"],
    "childprotect report (HTML)": [sys.executable, "-m", "childprotect", "report",
                                   "thua-thien-hue-208-2021", str(DATA), "--on", "2026-11-23",
                                   "--out", str(OUT)],
}


def once(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def parts() -> None:
    clock = time.process_time
    t = clock()
    from childprotect.formats import catalog
    from childprotect.mainjob import job as mainjob
    from childprotect.plans import checks

    print(f"  import                      {clock() - t:6.3f} s")
    t = clock()
    plan, data = catalog.load(mainjob.DEMO_PLAN), mainjob.demo_dataset()
    print(f"  load plan and data          {clock() - t:6.3f} s")
    t = clock()
    job = mainjob.run(plan, data, on=dt.date(2026, 11, 23), duties=False)
    print(f"  roll up and assess          {clock() - t:6.3f} s  "
          f"({len(job.units)} units x {len(job.outcomes[job.root or ''])} targets, "
          f"{len(job.periods)} years)")
    t = clock()
    mainjob.run(plan, data, on=dt.date(2026, 11, 23))
    print(f"  the same with holders and deadlines {clock() - t:6.3f} s")
    t = clock()
    for p in catalog.load_all():
        checks.check(p)
    print(f"  check the bundled plans     {clock() - t:6.3f} s")


def main() -> None:
    for cmd in COMMANDS.values():  # warm the file cache
        once(cmd)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(RUNS):
        for name, cmd in COMMANDS.items():
            times[name].append(once(cmd))
    for name, ts in times.items():
        print(f"{name:28} median {statistics.median(ts):6.3f} s  (min {min(ts):.3f})")
    for name in ("childprotect demo", "childprotect report (HTML)"):
        t = statistics.median(times[name])
        verdict = "ok" if t < 0.5 else "TOO SLOW"
        print(f"\n{name}: {t:.3f} s whole process (target: under 0.5 s) — {verdict}")
    print("\nCPU time of the parts (in-process, cold):")
    parts()


if __name__ == "__main__":
    main()

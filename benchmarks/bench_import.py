"""Import cost: ``python -c "import childprotect"`` against ``python -c "import cattrs"``.

Whole-process wall times, median of several runs each, interleaved so that drift in the
machine's speed affects both alike. Target: childprotect costs at most 40 ms more. The
first real call of each kind (a plan, who holds a duty, a working day) is timed as a
script pays it, import included: whole process, and in the process from before the import
to after the call (target: under 0.1 s each).

Run: python benchmarks/bench_import.py [RUNS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

import _args  # (this folder is the script's own, first on the path)

RUNS = int(_args.number(__doc__, "runs", 21, what="fresh processes per measure"))
COMMANDS = {
    "python (nothing imported)": "pass",
    "import cattrs": "import cattrs",
    "import childprotect": "import childprotect",
    "childprotect + load a plan": "import childprotect; childprotect.load_plan('hong-ngu-2020')",
    # the first real call of each kind, as a script pays it
    "childprotect + who_holds": "import childprotect, datetime; childprotect.who_holds("
                                "'Sở Lao động - Thương binh và Xã hội', "
                                "datetime.date(2026, 12, 3))",
    "childprotect + a working day": "import childprotect, datetime; childprotect."
                                    "WorkingCalendar().is_working_day(datetime.date(2026, 1, 2))",
}


#: The children may write their bytecode, as an installed package has it: with
#: PYTHONDONTWRITEBYTECODE set, a module changed since it was compiled is compiled again in
#: every process, which the first call would pay each time.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def once(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=ENV)
    return time.perf_counter() - start


FIRST_CALLS = {name: code for name, code in COMMANDS.items() if name.startswith("childprotect +")}


def in_process(code: str) -> float:
    """Seconds from before ``import childprotect`` to after the call, in a fresh process."""
    out = subprocess.run([sys.executable, "-c", "import time; _t = time.perf_counter()\n"
                          f"{code}\nprint(time.perf_counter() - _t)"],
                         capture_output=True, text=True, check=True, env=ENV).stdout
    return float(out.split()[-1])


def main() -> None:
    for code in COMMANDS.values():  # warm the file cache
        once(code)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(RUNS):
        for name, code in COMMANDS.items():
            times[name].append(once(code))
    med = {name: statistics.median(t) * 1000 for name, t in times.items()}
    for name, ms in med.items():
        print(f"{name:30} median {ms:7.1f} ms  (min {min(times[name]) * 1000:.1f})")
    extra = med["import childprotect"] - med["import cattrs"]
    print(f"\nimport childprotect - import cattrs = {extra:+.1f} ms (target: at most +40 ms)")
    modules = subprocess.run(
        [sys.executable, "-c", "import sys, childprotect; print(len(sys.modules)); "
         "print(sorted(m for m in ('cattrs','holidays','pandas','dask','icalendar','numpy') "
         "if m in sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout.split("\n")
    print(f"modules loaded by import childprotect: {modules[0]}; heavy ones: {modules[1]}")
    print("\nfirst call, import included, in the process (target: under 100 ms):")
    for name, code in FIRST_CALLS.items():
        ms = statistics.median(in_process(code) for _ in range(RUNS)) * 1000
        print(f"  {name:30} median {ms:6.1f} ms  {'ok' if ms < 100 else 'OVER'}")


if __name__ == "__main__":
    main()

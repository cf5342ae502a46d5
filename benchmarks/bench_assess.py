"""Assessing 10,000 unit × target pairs, exactly: childprotect against exact integer comparison.

Every numeric "by the target year" target of the Huế plan is judged at enough synthetic
units to make 10,000 pairs (half of them exactly at the target's level, the boundary
where floats go wrong), on one year's counts:

- ``childprotect`` — :func:`childprotect.plans.batch.assess_counts`, one call per target
  (statuses, exact; explanations built only when a unit's assessment is shown);
- ``natural exact form`` — what one would write by hand to be exact: for each target the
  comparison ``n × factor × q  <op>  p × d`` on Python integers in a list comprehension;
- for reference: the full :func:`~childprotect.plans.assessment.assess` per pair (with
  its explanation object), and pandas floats (fast, and wrong at the boundaries).

Prints each side (median of 7 runs), the ratio, and checks that the verdicts agree.
The goal (issue 23): 10,000 pairs in under 0.1 s, exact.
Run: python benchmarks/bench_assess.py
"""

from __future__ import annotations

import operator
import random
import statistics
import time
from collections.abc import Callable
from fractions import Fraction

from childprotect.formats import catalog
from childprotect.plans.assessment import Observation, assess
from childprotect.plans.batch import _test, assess_counts
from childprotect.plans.indicators import Comparator, Recurrence
from childprotect.plans.status import Status
from childprotect.plans.targets import Target

PAIRS = 10_000
YEAR = 2025
RUNS = 7
_OPS: dict[str, Callable[[int, int], bool]] = {
    "lt": operator.lt, "gt": operator.gt, "ge": operator.ge, "le": operator.le}


def _targets() -> list[Target]:
    plan = catalog.load("thua-thien-hue-208-2021")
    return [t for t in plan.targets
            if t.indicator is not None and t.indicator.unit.factor is not None
            and t.recurrence is Recurrence.ONCE and t.level() is not None
            and t.comparator not in (Comparator.ELIMINATE, Comparator.ANNUAL_REDUCTION)]


def _cases(targets: list[Target]) -> dict[str, tuple[list[int], list[int]]]:
    rng = random.Random(17)
    per = PAIRS // len(targets)
    extra = PAIRS - per * len(targets)
    out = {}
    for i, t in enumerate(targets):
        level = t.level()
        assert level is not None and t.indicator is not None
        factor = t.indicator.unit.factor
        assert factor is not None
        share = level / factor  # the level as a share of one
        nums, dens = [], []
        for _ in range(per + (1 if i < extra else 0)):
            if rng.random() < 0.5 and 0 < share <= 1:  # exactly at the level
                k = rng.randint(1, 500)
                nums.append(share.numerator * k)
                dens.append(share.denominator * k)
            else:
                d = rng.randint(1, 200_000)
                nums.append(rng.randint(0, d))
                dens.append(d)
        out[t.id] = (nums, dens)
    return out


def _median(fn: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    targets = _targets()
    cases = _cases(targets)
    n_pairs = sum(len(v[0]) for v in cases.values())

    def library() -> list[bool]:
        out: list[bool] = []
        for t in targets:
            nums, dens = cases[t.id]
            b = assess_counts(t, nums, dens, year=YEAR)
            out.extend(s is Status.MET for s in b.statuses)
        return out

    plans = []
    for t in targets:
        level = t.level()
        assert level is not None and t.indicator is not None
        plans.append((t.id, t.indicator.unit.factor, level.numerator, level.denominator,
                      _OPS[_test(t)]))

    def natural() -> list[bool]:
        out: list[bool] = []
        for tid, f, p, q, op in plans:
            nums, dens = cases[tid]
            fq = f * q
            out.extend([op(n * fq, p * d) for n, d in zip(nums, dens, strict=True)])
        return out

    def full() -> list[bool]:
        return [assess(t, Observation(YEAR, numerator=n, denominator=d)).status is Status.MET
                for t in targets for n, d in zip(*cases[t.id], strict=True)]

    t_lib, lib = _median(library)
    t_nat, nat = _median(natural)
    t_full, exact_full = _median(full)
    assert lib == nat == exact_full, "the verdicts disagree"

    print(f"{n_pairs:,} unit × target pairs ({len(targets)} targets of the Huế plan), "
          f"half exactly at the target level; median of {RUNS} runs")
    print(f"  childprotect assess_counts (exact):        {t_lib * 1e3:8.2f} ms")
    print(f"  natural exact form (integer comparison):   {t_nat * 1e3:8.2f} ms")
    print(f"  ratio childprotect / natural:              {t_lib / t_nat:8.2f}x")
    print(f"  goal: under 100 ms — {'met' if t_lib < 0.1 else 'NOT MET'}")
    print(f"  for reference, assess() per pair:          {t_full * 1e3:8.2f} ms "
          f"({t_full / t_lib:.1f}x the batch)")
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is an optional extra
        return
    frames = []
    for tid, f, p, q, _ in plans:
        nums, dens = cases[tid]
        frames.append(pd.DataFrame({"t": tid, "n": nums, "d": dens, "f": f,
                                    "level": float(Fraction(p, q))}))
    df = pd.concat(frames, ignore_index=True)
    tests = {tid: _test(t) for tid, t in zip([t.id for t in targets], targets, strict=True)}
    df["op"] = df["t"].map(tests)

    def floats() -> list[bool]:
        x = df.n / df.d * df.f
        verdict = (x < df.level).where(df.op == "lt", (x > df.level).where(
            df.op == "gt", (x >= df.level).where(df.op == "ge", x <= df.level)))
        return list(verdict.tolist())

    t_pd, pd_verdicts = _median(floats)
    assert isinstance(pd_verdicts, list)
    wrong = sum(a != b for a, b in zip(lib, pd_verdicts, strict=True))  # type: ignore[call-overload]
    print(f"  for reference, pandas floats:              {t_pd * 1e3:8.2f} ms "
          f"({wrong:,} wrong verdicts)")


if __name__ == "__main__":
    main()

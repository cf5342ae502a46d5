"""Assessing a rate target on many observations: exact (childprotect) vs floats (pandas).

Prints the time per assessment and how many float verdicts differ from the exact ones on
boundary cases (observations exactly at the target level), which is the defect that exact
arithmetic avoids. Run: python benchmarks/bench_assess.py
"""

from __future__ import annotations

import random
import time
from decimal import Decimal
from fractions import Fraction

import attrs

from childprotect.formats import catalog
from childprotect.plans.assessment import Observation, Status, assess
from childprotect.plans.indicators import Comparator

N = 20_000


def main() -> None:
    rng = random.Random(5)
    plan = catalog.load("thua-thien-hue-208-2021")
    ct6 = plan.target("CT6.1")  # below 1.5 % (as in the plan)
    # Variants of plan targets with other levels (not in the plan): levels where the float
    # n / d * 100 lands on the wrong side of the exact value.
    reach57 = attrs.evolve(plan.target("CT17"), value=Decimal(57))  # reach 57 %
    atmost7 = attrs.evolve(plan.target("CT3.2"), comparator=Comparator.AT_MOST)  # ≤ 7 %
    checks = {
        id(ct6): lambda x: x < 1.5,
        id(reach57): lambda x: x >= 57,
        id(atmost7): lambda x: x <= 7,
    }
    cases = []
    for target in (ct6, reach57, atmost7):
        level = target.value or Decimal(0)
        for _ in range(N // 3):
            k = rng.randint(1, 2000)
            f = Fraction(level) / 100
            # half exactly at the level, half random
            if rng.random() < 0.5:
                n, d = f.numerator * k, f.denominator * k
            else:
                d = rng.randint(1, 400_000)
                n = rng.randint(0, d)
            cases.append((target, n, d))

    t0 = time.perf_counter()
    exact = [assess(t, Observation(2025, numerator=n, denominator=d)).status is Status.MET
             for t, n, d in cases]
    t_exact = time.perf_counter() - t0

    t0 = time.perf_counter()
    floats = [checks[id(t)](n / d * 100) for t, n, d in cases]
    t_float = time.perf_counter() - t0

    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is an optional extra
        pd = None
    t_pandas = None
    pandas_verdicts = None
    if pd is not None:
        df = pd.DataFrame({"n": [c[1] for c in cases], "d": [c[2] for c in cases],
                           "t": [c[0].id for c in cases]})
        t0 = time.perf_counter()
        x = df.n / df.d * 100
        verdict = (x < 1.5).where(df.t == "CT6.1", (x >= 57).where(df.t == "CT17", x <= 7))
        pandas_verdicts = verdict.tolist()
        t_pandas = time.perf_counter() - t0

    flips = sum(a != b for a, b in zip(exact, floats, strict=True))
    print(f"observations assessed: {len(cases)}")
    print(f"childprotect.plans.assessment (exact Fractions): "
          f"{t_exact * 1e6 / len(cases):.1f} µs each, {t_exact:.3f} s total")
    print(f"plain float comparison:                {t_float * 1e6 / len(cases):.3f} µs each")
    if t_pandas is not None and pandas_verdicts is not None:
        pflips = sum(a != b for a, b in zip(exact, pandas_verdicts, strict=True))
        print(f"pandas vectorised floats:              {t_pandas * 1e6 / len(cases):.3f} µs each "
              f"({t_exact / t_pandas:.0f}x faster than exact, {pflips} wrong verdicts)")
    print(f"float verdicts that differ from the exact ones: {flips} of {len(cases)}")


if __name__ == "__main__":
    main()

"""Counting 1,000,000 children by group: childprotect.children.counting against a user's code.

Prints the time of each approach, the ratios, and the peak memory of counting a stream
of 100,000 and of 1,000,000 children (flat: it does not grow with the input).

Run: .venv/bin/python benchmarks/bench_counting.py [N]
"""

from __future__ import annotations

import random
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import combinations

import _args  # (this folder is the script's own, first on the path)

from childprotect.children.counting import GroupCounter

CODES = GroupCounter().codes


def synthetic(n: int, seed: int = 2024) -> Iterator[list[str]]:
    """Per-child group lists: most children in no group, some in one to four."""
    rng = random.Random(seed)
    weights = [0.80, 0.14, 0.04, 0.015, 0.005]
    for _ in range(n):
        k = rng.choices(range(5), weights)[0]
        yield rng.sample(CODES, k) if k else []


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def plain_python(sets: list[list[str]]) -> tuple[dict[str, int], int, Counter[tuple[str, str]]]:
    per: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    distinct = 0
    for s in sets:
        if s:
            distinct += 1
            per.update(s)
            pairs.update(combinations(sorted(s), 2))
    return dict(per), distinct, pairs


def with_pandas(sets: list[list[str]]) -> tuple[dict[str, int], int, object]:
    import pandas as pd

    df = pd.DataFrame({"child": range(len(sets)), "group": sets}).explode("group")
    df = df.dropna(subset=["group"])
    per = df["group"].value_counts().to_dict()
    distinct = df["child"].nunique()
    onehot = pd.crosstab(df["child"], df["group"])
    overlap = onehot.T @ onehot
    return per, distinct, overlap


def zero_one(sets: list[list[str]]) -> object:
    """The natural shape of the data for pandas and polars: one 0/1 column per group."""
    import numpy as np

    index = {c: i for i, c in enumerate(CODES)}
    flags = np.zeros((len(sets), len(CODES)), dtype=np.int64)
    for row, s in enumerate(sets):
        for c in s:
            flags[row, index[c]] = 1
    return flags


def with_pandas_columns(frame: object) -> tuple[dict[str, int], int, object]:
    """Per group ``sum()``, distinct ``any(axis=1).sum()``, overlaps ``X.T @ X``."""
    per = frame.sum().to_dict()  # type: ignore[attr-defined]
    distinct = int(frame.any(axis=1).sum())  # type: ignore[attr-defined]
    overlap = frame.T @ frame  # type: ignore[attr-defined]
    return per, distinct, overlap


def with_polars_columns(frame: object) -> tuple[dict[str, int], int, object]:
    import polars as pl

    per = frame.sum().row(0, named=True)  # type: ignore[attr-defined]
    distinct = frame.select(pl.any_horizontal(pl.all() == 1).sum()).item()  # type: ignore[attr-defined]
    x = frame.to_numpy()  # type: ignore[attr-defined]
    overlap = x.T @ x
    return per, distinct, overlap


def peak_memory(n: int) -> int:
    tracemalloc.start()
    c = GroupCounter()
    c.update(synthetic(n))
    c.counts()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    n = int(_args.number(__doc__, "records", 1_000_000, what="per-child records"))
    sets = list(synthetic(n))
    print(f"{n:,} synthetic per-child group sets over {len(CODES)} groups")

    t_cp, counter = timed(lambda: GroupCounter.of(sets))
    assert isinstance(counter, GroupCounter)
    t_counts, _ = timed(counter.counts)
    masks = [counter.mask(s) for s in sets]
    t_masks, _ = timed(lambda: GroupCounter().update_masks(masks))
    t_py, (per, distinct, pairs) = timed(lambda: plain_python(sets))  # type: ignore[misc]

    r = counter.counts()
    assert r.as_dict() == {c: per.get(c, 0) for c in CODES} and r.distinct == distinct
    assert all(r.overlap_of(a, b) == k for (a, b), k in pairs.items())

    rows = [
        ("childprotect GroupCounter.update (sets)", t_cp + t_counts),
        ("childprotect GroupCounter.update_masks (ints)", t_masks),
        ("plain Python collections.Counter + combinations", t_py),
    ]
    try:
        t_pd, (pd_per, pd_distinct, _) = timed(lambda: with_pandas(sets))  # type: ignore[misc]
        assert pd_distinct == distinct and pd_per == {k: v for k, v in per.items() if v}
        rows.append(("pandas explode + value_counts + crosstab", t_pd))
        flags = zero_one(sets)
        import pandas as pd

        frame = pd.DataFrame(flags, columns=CODES)
        t_pc, (pc_per, pc_distinct, _) = timed(  # type: ignore[misc]
            lambda: with_pandas_columns(frame))
        assert pc_distinct == distinct and pc_per == {c: per.get(c, 0) for c in CODES}
        rows.append(("pandas, one 0/1 column per group (the data given so)", t_pc))
        try:
            import polars as pl

            pframe = pl.DataFrame(flags, schema=CODES, orient="row")
            t_pl, (pl_per, pl_distinct, _) = timed(  # type: ignore[misc]
                lambda: with_polars_columns(pframe))
            assert pl_distinct == distinct and pl_per == {c: per.get(c, 0) for c in CODES}
            rows.append(("polars, one 0/1 column per group (the data given so)", t_pl))
        except ImportError:
            print("(polars not installed: skipped)")
    except ImportError:
        print("(pandas not installed: skipped)")
    base = rows[0][1]
    print(f"{'approach':<52} {'seconds':>8} {'× childprotect':>15}")
    for name, t in rows:
        print(f"{name:<52} {t:8.3f} {t / base:15.1f}")
    print(f"target: ≤ 1.5 s for 1,000,000 sets; measured {base:.3f} s "
          f"({'met' if base <= 1.5 * n / 1_000_000 else 'NOT met'})")
    print(f"distinct children in ≥ 1 group: {r.distinct:,}; sum over groups: "
          f"{r.sum_of_groups():,}")

    small, large = peak_memory(n // 10), peak_memory(n)
    print(f"peak traced memory counting a stream of {n // 10:,}: {small / 1024:.0f} KiB; "
          f"of {n:,}: {large / 1024:.0f} KiB (ratio {large / small:.2f})")


if __name__ == "__main__":
    main()

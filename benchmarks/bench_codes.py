"""Finding unit codes among a hierarchy's reporting units, a column at a time.

The communes of the bundled national registry (10,472 on 2024-12-31, 3,321 on
2026-06-30; real codes), each asked once, as :func:`~childprotect.rollup.rollup_columns`
asks for them:

- ``childprotect`` — :func:`childprotect.rollup.codeindex.code_keys` and
  :meth:`~childprotect.rollup.codeindex.CodeIndex.find` (the index made once, outside the
  timer, as a layout keeps it);
- ``dict`` — the natural Python form, ``{code: position}`` made once and
  ``numpy.fromiter(map(d.__getitem__, codes))`` (what ``rollup_columns`` did before);
- ``pandas`` — ``pandas.Index(codes).get_indexer(asked)``, the index made once.

Three orders of the codes asked: as in the registry; shuffled in the list, the texts made
in the registry's order (what a caller that shuffles the rows it read passes); and
shuffled as a file would give them (the texts made in the shuffled order). Each is timed
warm (right after the same call) and cold (after 64 MB were read, so that the
processor's caches hold none of it). The codes of the command's reader (numpy bytes) are
timed the same way against searching the sorted codes (``numpy.searchsorted``, what the
command did before).

Prints each side (median of the runs), and the ratio (median of the ratios of runs taken
in turn). Run: python benchmarks/bench_codes.py [RUNS]
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import date

import _args  # (this folder is the script's own, first on the path)
import numpy as np

from childprotect.rollup.codeindex import CodeIndex, code_keys
from childprotect.units import national

RUNS = int(_args.number(__doc__, "runs", 101, what="runs of each side, in turn"))
_JUNK = np.ones(8 << 20)  # 64 MB


def _cold() -> None:
    _JUNK.sum()


def in_turn(sides: dict[str, Callable[[], object]], cold: bool) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in sides}
    for i in range(RUNS + 1):
        for name, fn in sides.items():
            if cold:
                _cold()
            else:  # (the same call just before: what the other sides left is gone)
                fn()
            t0 = time.perf_counter()
            fn()
            took = time.perf_counter() - t0
            if i:  # the first round warms up
                times[name].append(took)
    return times


def show(label: str, times: dict[str, list[float]]) -> None:
    ours = times["childprotect"]
    parts = [f"childprotect {statistics.median(ours) * 1e3:6.3f} ms"]
    for name, got in times.items():
        if name == "childprotect":
            continue
        ratio = statistics.median(a / b for a, b in zip(ours, got, strict=True))
        parts.append(f"{name} {statistics.median(got) * 1e3:6.3f} ms (ratio {ratio:4.2f})")
    print(f"   {label:<34} " + " | ".join(parts))


def known(found: np.ndarray) -> np.ndarray:
    """``found``, checked to name no code that is not a commune (-1), as a caller must."""
    if len(found) and int(found.min()) < 0:
        raise LookupError("a code that is not a commune")
    return found


def fresh(codes: list[str]) -> list[str]:
    """New text objects for ``codes``, made in the list's order (as a reader makes them)."""
    return [c.encode().decode() for c in codes]


def main() -> None:
    for day in (date(2024, 12, 31), date(2026, 6, 30)):
        one_day(day)


def one_day(day: date) -> None:
    import pandas as pd

    leaves = list(national().on(day).reporting_units())
    where = {c: i for i, c in enumerate(leaves)}
    index = CodeIndex.of(np, leaves)
    assert index is not None
    frame_index = pd.Index(leaves)
    turn = random.Random(1).sample(range(len(leaves)), len(leaves))
    shuffled = [leaves[i] for i in turn]
    made = fresh(leaves)
    orders = {"in the registry's order": fresh(leaves),
              "shuffled list, texts made in order": [made[i] for i in turn],
              "shuffled file (texts made shuffled)": fresh(shuffled)}
    print(f"{day}: {len(leaves):,} communes, most codes in a bucket: {index.most}")
    codes = np.array([c.encode() for c in leaves], dtype=bytes)
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]  # (sorted once, as the command kept them)
    for cold in (False, True):
        print(f"  {'cold (caches cleared before each call)' if cold else 'warm'}:")
        for label, asked in orders.items():
            want = np.fromiter(map(where.__getitem__, asked), np.intp, len(asked))
            assert (index.find(np, code_keys(np, asked)) == want).all()
            assert (frame_index.get_indexer(asked) == want).all()
            show(label, in_turn({
                "childprotect": lambda a=asked: known(index.find(np, code_keys(np, a))),
                "dict": lambda a=asked: np.fromiter(map(where.__getitem__, a), np.intp,
                                                    len(a)),
                "pandas": lambda a=asked: known(frame_index.get_indexer(a)),
            }, cold))
        # the command's reader: each code as numpy bytes, widened to 8
        for label, asked in (("reader's bytes, in order", leaves),
                             ("reader's bytes, shuffled", shuffled)):
            cells = np.array([c.encode() for c in asked], dtype="S8")

            def searched(cells: np.ndarray = cells) -> object:
                got = np.minimum(np.searchsorted(ordered, cells), len(ordered) - 1)
                if not (ordered[got] == cells).all():
                    raise LookupError("a code that is not a commune")
                return order[got]

            show(label, in_turn({
                "childprotect": lambda c=cells: known(index.find(np, c.view(np.uint64))),
                "searchsorted": searched}, cold))


if __name__ == "__main__":
    main()

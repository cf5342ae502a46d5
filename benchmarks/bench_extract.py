"""Drafting plans from text: throughput, linear scaling, and adversarial input against a budget.

1. The five seed documents, one by one (what a user runs), against reading them with the
   simplest thing a user could do instead: ``str.split`` over the text (a floor, not a rival).
2. A ~5 MB input made of the seeds repeated: time and MB/s.
3. Scaling: each input at 1x and 4x its size; the time ratio must stay near 4 (linear), far
   from 16 (quadratic).
4. Adversarial strings built to make regular expressions backtrack (long runs of spaces,
   digits, separators, comparators, list markers, unclosed quotes, junk decoded as UTF-8),
   each ~1 MB, each against a time budget.

The budget (seconds per MB) is printed with each figure; the script exits 1 if one is
exceeded. Run: python benchmarks/bench_extract.py [MB]
"""

from __future__ import annotations

import contextlib
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import _args  # (this folder is the script's own, first on the path)

from childprotect.errors import ChildProtectError
from childprotect.extract import extract_text

SEEDS = Path(os.environ.get("CHILDPROTECT_SEEDS")
             or Path(__file__).resolve().parent.parent.parent / "shared" / "seeds")
MB = _args.number(__doc__, "mb", 5.0, float, what="size of the largest text in MB")
BUDGET_S_PER_MB = 4.0  # a provincial office's old laptop is slower than this machine
MAX_RATIO = 6.0  # 4x the input: a linear extractor stays near 4, a quadratic one near 16


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def draft_or_error(text: str) -> None:
    with contextlib.suppress(ChildProtectError):
        extract_text(text)


def adversarial(size: int) -> dict[str, str]:
    return {
        "spaces": "ngày" + " " * size + "x",
        "spaces-in-lines": ("Số: " + " " * 1000 + "x\n") * (size // 1006),
        "digits": "I. MỤC TIÊU\n- " + "1" * size,
        "digit-groups": "I. MỤC TIÊU\n- dưới " + "1.000," * (size // 6),
        "comparators": "I. MỤC TIÊU\n- " + "xuống dưới trên " * (size // 16) + "1%",
        "percent-list": "I. MỤC TIÊU\n- " + "100% xã, " * (size // 9),
        "item-list": "III. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế: Chủ trì các chỉ tiêu " +
                     "1, " * (size // 3),
        "agency-list": "II. NỘI DUNG\n1. A\nĐơn vị thực hiện: " + "Sở Y tế, các Sở, " *
                       (size // 17),
        "other-criteria": "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế: tiêu chí số 13 " +
                          "các tiêu chí khác " * (size // 18),
        "markers": "- a) 1. I. " * (size // 11),
        "newlines": "\n" * size + "KẾ HOẠCH",
        "one-line-bullets": "I. MỤC TIÊU\n" + "- Chỉ tiêu 1: 100%;\n" * (size // 21),
        "dashes": "-" * size + "a",
        "quotes": "“" * size,
        "reports": "III. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế:\n- " + "báo cáo trước ngày 30/11 " *
                   (size // 25),
        # a fixed seed: the same bytes on every run, so that runs compare
        "junk-utf8": random.Random(208).randbytes(size).decode("utf-8", errors="replace"),
    }


def main() -> int:
    failed = False
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        print(f"no seed texts at {SEEDS}: set CHILDPROTECT_SEEDS")
        return 2
    texts = [p.read_text("utf-8") for p in seeds]
    extract_text(texts[0])  # warm the vocabularies and the agency registry

    print("1. seed documents, one by one")
    for p, t in zip(seeds, texts, strict=True):
        took = min(timed(lambda t=t: extract_text(t)) for _ in range(3))
        floor = min(timed(lambda t=t: t.split()) for _ in range(3))
        print(f"   {p.name}: {len(t) / 1e3:6.1f} kB in {took * 1e3:7.1f} ms "
              f"(str.split: {floor * 1e3:.2f} ms, ratio {took / floor:,.0f}x)")

    print(f"2. a {MB:g} MB input (the seeds repeated)")
    joined = "\n".join(texts)
    big = joined * max(1, int(MB * 1e6 / len(joined.encode("utf-8"))))
    size_mb = len(big.encode("utf-8")) / 1e6
    took = timed(lambda: draft_or_error(big))
    ok = took <= BUDGET_S_PER_MB * size_mb
    failed |= not ok
    print(f"   {size_mb:.2f} MB in {took:.2f} s = {size_mb / took:.2f} MB/s "
          f"(budget {BUDGET_S_PER_MB * size_mb:.1f} s) {'ok' if ok else 'OVER BUDGET'}")

    print("3. scaling, 1x and 4x")
    unit = 250_000
    for name, text in adversarial(unit).items():
        big4 = adversarial(unit * 4)[name]
        t1 = min(timed(lambda text=text: draft_or_error(text)) for _ in range(3))
        t4 = min(timed(lambda big4=big4: draft_or_error(big4)) for _ in range(3))
        ratio = t4 / t1 if t1 > 0 else 0.0
        ok = ratio <= MAX_RATIO or t4 < 0.05
        failed |= not ok
        print(f"   {name:<18} {t1 * 1e3:8.1f} ms -> {t4 * 1e3:8.1f} ms  x{ratio:4.1f} "
              f"{'ok' if ok else 'NOT LINEAR'}")

    print("4. adversarial strings, ~1 MB each")
    for name, text in adversarial(1_000_000).items():
        mb = len(text.encode("utf-8")) / 1e6
        took = timed(lambda text=text: draft_or_error(text))
        ok = took <= BUDGET_S_PER_MB * max(mb, 0.25)
        failed |= not ok
        print(f"   {name:<18} {mb:5.2f} MB in {took:6.2f} s {'ok' if ok else 'OVER BUDGET'}")
    print("all within budget" if not failed else "SOME FIGURES ARE OVER BUDGET")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

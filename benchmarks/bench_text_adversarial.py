"""Text handling stays linear on adversarial input: runs of combining marks.

Every text entry point (``nfc``, ``name_key``, reading a CSV file, strict JSON,
``check_text``, ``extract_text``) is fed one run of alternating combining marks (U+0301,
U+0323: two classes, so plain ``unicodedata.normalize`` must reorder them) of 100 KB, 1 MB
and 5 MB of UTF-8, and its time per MB is printed; the ratio of the time per MB at 5 MB to
that at 100 KB must stay near 1 (linear). The same work as a user would write it,
``unicodedata.normalize("NFC", text)``, is timed beside ours at the sizes where it ends in
reasonable time, and on ordinary Vietnamese text of the same size (the cost of the
run-breaking scan on text that needs none).

Run: python benchmarks/bench_text_adversarial.py [--sizes 100000,1000000,5000000]
"""

from __future__ import annotations

import argparse
import statistics
import time
import unicodedata
from collections.abc import Callable

import _args  # (this folder is the script's own, first on the path)

from childprotect.data import parse_json
from childprotect.extract import check_text, extract_text
from childprotect.formats.tabular.sources import decode
from childprotect.text.vntext import name_key, nfc

MB = 1_000_000


def adversarial(nbytes: int) -> str:
    """One letter and a run of marks: ``nbytes`` of UTF-8."""
    return "a" + "\u0301\u0323" * (nbytes // 4)


def ordinary(nbytes: int) -> str:
    """Vietnamese text in NFD (as some Mac editors save it): ``nbytes`` of UTF-8, about."""
    line = unicodedata.normalize("NFD", "Trẻ em có hoàn cảnh đặc biệt được trợ giúp kịp thời. ")
    return line * (nbytes // len(line.encode()))


ENTRIES: dict[str, Callable[[str], object]] = {
    "nfc": nfc,
    "name_key": name_key,
    "read CSV": lambda s: decode(("unit,period,x\n1,2," + s + "\n").encode(), "f.csv"),
    "strict JSON": lambda s: parse_json('{"a": "' + s + '"}'),
    "check_text": lambda s: check_text("KẾ HOẠCH\n" + s),
    "extract_text": lambda s: extract_text("KẾ HOẠCH\n" + s),
}


def timed(f: Callable[[str], object], text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        f(text)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _plain_nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,1000000,5000000")
    ap.add_argument("--runs", type=_args.whole, default=3)
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]

    print("childprotect on one run of combining marks: seconds per MB")
    print(f"{'entry point':14}" + "".join(f"{s / MB:>10.1f} MB" for s in sizes)
          + f"{'last ÷ first':>14}")
    for name, entry in ENTRIES.items():
        per_mb = []
        for size in sizes:
            per_mb.append(timed(entry, adversarial(size), args.runs) / (size / MB))
        print(f"{name:14}" + "".join(f"{x:>13.3f}" for x in per_mb)
              + f"{per_mb[-1] / per_mb[0]:>14.2f}")

    print("\nthe same normalisation as a user writes it: unicodedata.normalize('NFC', text)")
    print(f"{'input':32}{'childprotect':>14}{'unicodedata':>14}{'ratio':>8}")
    for size in (25_000, 50_000, 100_000):
        text = adversarial(size)
        ours = timed(nfc, text, args.runs)
        theirs = timed(_plain_nfc, text, 1)
        print(f"{f'marks, {size / 1000:.0f} KB':32}{ours:>13.4f}s{theirs:>13.4f}s"
              f"{ours / theirs:>8.3f}")
    for size in sizes:
        text = ordinary(size)
        ours = timed(nfc, text, args.runs)
        theirs = timed(_plain_nfc, text, args.runs)
        print(f"{f'ordinary NFD text, {size / MB:.1f} MB':32}{ours:>13.4f}s{theirs:>13.4f}s"
              f"{ours / theirs:>8.3f}")


if __name__ == "__main__":
    main()

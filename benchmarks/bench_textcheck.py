"""How often ``check --text`` flags correct text: false positives on the seeds and the corpus.

Runs :func:`childprotect.extract.textcheck.check_text` on the five seed documents and the
24 corpus openings and compares the findings with the issues read by hand
(``tests/extract/fixtures/text_issues.json``): a finding of the listed kind that points at
the listed text is right; any other finding is a false positive; a listed issue with no
finding is missed. Two runs: with the shipped vocabulary, and with a vocabulary rebuilt
without the document being checked (leave one out: the fair measure, since the shipped
vocabulary was built from these same texts). Also prints the time per document.

Run: python benchmarks/bench_textcheck.py
(texts from ../shared/seeds and ../shared/corpus, or $CHILDPROTECT_SEEDS and
$CHILDPROTECT_CORPUS)
"""

from __future__ import annotations

import json
import os
import sys
import time
import unicodedata
from fractions import Fraction
from pathlib import Path

from childprotect.extract.textcheck import (
    NO_DIACRITICS,
    TextFinding,
    TextVocabulary,
    check_text,
    diacritic_share,
)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DIRS = {"seeds": Path(os.environ.get("CHILDPROTECT_SEEDS") or SHARED / "seeds"),
        "corpus": Path(os.environ.get("CHILDPROTECT_CORPUS") or SHARED / "corpus")}
EXPECTED = ROOT / "tests" / "extract" / "fixtures" / "text_issues.json"


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def score(found: list[TextFinding], expected: list[dict[str, str]]) -> tuple[int, int, int,
                                                                            list[str]]:
    """(right, false positives, missed, the false positives as lines)."""
    left = list(expected)
    right = 0
    wrong: list[str] = []
    for f in found:
        hit = next((e for e in left if e["kind"] == f.kind and _flat(e["text"]) in
                    _flat(f.text + " " + f.explain("en"))), None)
        if hit is None:
            wrong.append(f"{f.kind} L{f.line}:{f.column} {f.text[:60]!r}")
        else:
            left.remove(hit)
            right += 1
    return right, len(wrong), len(left), wrong


def main() -> int:
    expected = json.loads(EXPECTED.read_text("utf-8"))["files"]
    files = [(f"{name}/{p.name}", p) for name, d in DIRS.items() for p in sorted(d.glob("*.txt"))]
    if not files:
        print(f"no texts at {DIRS['seeds']} or {DIRS['corpus']}")
        return 2
    texts = {key: p.read_text("utf-8") for key, p in files}
    for mode in ("shipped vocabulary", "leave one out"):
        print(f"{mode}:")
        print(f"  {'file':<42} {'found':>5} {'right':>5} {'false+':>6} {'missed':>6} {'ms':>6}")
        tot = [0, 0, 0, 0]
        for key, text in texts.items():
            vocab = None
            if mode == "leave one out":
                vocab = TextVocabulary.build(
                    t for k, t in texts.items()
                    if k != key and diacritic_share(t) >= NO_DIACRITICS)
            start = time.perf_counter()
            found = check_text(text, vocabulary=vocab)
            ms = (time.perf_counter() - start) * 1000
            right, fp, missed, wrong = score(found, expected.get(key, []))
            tot = [tot[0] + len(found), tot[1] + right, tot[2] + fp, tot[3] + missed]
            print(f"  {key:<42} {len(found):>5} {right:>5} {fp:>6} {missed:>6} {ms:>6.0f}")
            for w in wrong:
                print(f"      false positive: {w}")
        rate = Fraction(tot[2], tot[0]) if tot[0] else Fraction(0)
        print(f"  {'TOTAL':<42} {tot[0]:>5} {tot[1]:>5} {tot[2]:>6} {tot[3]:>6}   "
              f"false-positive rate {float(rate) * 100:.1f}% of findings")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

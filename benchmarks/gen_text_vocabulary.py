"""Build ``src/childprotect/data/extract/text_vocabulary.json`` from the seed and corpus texts.

The vocabulary ``childprotect check --text`` compares a document with: every word sequence
of one to three words (lower case, tones in the new style, digits left out) that occurs
at least ``MIN_COUNT`` times in at least ``MIN_DOCS`` of the texts. A typing error made
once in one document ("nâng lực", "phần mền") is therefore not in it, while the right
form ("năng lực", "phần mềm"), used in several documents, is. Texts without Vietnamese
diacritics (an OCR copy) are left out.

Run: python benchmarks/gen_text_vocabulary.py [SEEDS_DIR CORPUS_DIR]
(default: ../shared/seeds and ../shared/corpus beside the checkout, or
$CHILDPROTECT_SEEDS and $CHILDPROTECT_CORPUS). It prints what it wrote.
"""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from pathlib import Path

from childprotect.extract.textcheck import NO_DIACRITICS, TextVocabulary, diacritic_share

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "childprotect" / "data" / "extract" / "text_vocabulary.json"
MIN_COUNT = 2
MIN_DOCS = 2
MAX_N = 3


def main(argv: list[str]) -> int:
    shared = ROOT.parent / "shared"
    seeds = Path(argv[0]) if argv else Path(os.environ.get("CHILDPROTECT_SEEDS")
                                            or shared / "seeds")
    corpus = Path(argv[1]) if len(argv) > 1 else Path(os.environ.get("CHILDPROTECT_CORPUS")
                                                       or shared / "corpus")
    files = sorted(seeds.glob("*.txt")) + sorted(corpus.glob("*.txt"))
    if not files:
        print(f"no texts at {seeds} or {corpus}")
        return 2
    used: list[str] = []
    left_out: list[str] = []
    texts: list[str] = []
    for f in files:
        text = unicodedata.normalize("NFC", f.read_text("utf-8"))
        if diacritic_share(text) < NO_DIACRITICS:
            left_out.append(f"{f.parent.name}/{f.name}")
            continue
        used.append(f"{f.parent.name}/{f.name}")
        texts.append(text)
    vocab = TextVocabulary.build(texts, min_count=MIN_COUNT, min_documents=MIN_DOCS,
                                 max_words=MAX_N)
    keep = {g: list(v) for g, v in vocab.ngrams.items()}
    data = {
        "source": "Built by benchmarks/gen_text_vocabulary.py from the five seed documents "
                  "(shared/seeds: Bắc Kạn 419/QĐ-UBND 2018, Thừa Thiên Huế 208/KH-UBND 2021, "
                  "Hải Phòng 76/KH-UBND 2020, Bắc Kạn 352/QĐ-UBND 2019, Hồng Ngự 2020) and the "
                  "development corpus of plan openings (shared/corpus, see its README for each "
                  "file's document and source page).",
        "rule": f"every sequence of 1 to {MAX_N} words (lower case, tones in the new style, "
                f"digits left out) found at least {MIN_COUNT} times in at least {MIN_DOCS} of "
                "the texts; value: [occurrences, documents]",
        "documents": used,
        "left_out": {"files": left_out, "why": "no Vietnamese diacritics (OCR copy)"},
        "ngrams": keep,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n",
                   "utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(keep)} word sequences from {len(used)} texts "
          f"({len(left_out)} left out)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Reading the seed documents' texts, for tests that compare data with them."""

from __future__ import annotations

import os
import re
import unicodedata
from functools import cache
from pathlib import Path

__all__ = ["CORPUS_DIR", "SEEDS_DIR", "SEED_FILES", "corpus_available", "flat", "flat_seed",
           "seed_text", "seeds_available"]

SEEDS_DIR = Path(
    os.environ.get("CHILDPROTECT_SEEDS")
    or Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
)

#: The development corpus of plan openings (see its README).
CORPUS_DIR = Path(os.environ.get("CHILDPROTECT_CORPUS") or SEEDS_DIR.parent / "corpus")

#: Plan id → seed file name (see the seeds' README).
SEED_FILES = {
    "bac-kan-419-2018": "000_01f7d3c1659f3094.txt",
    "thua-thien-hue-208-2021": "001_196b0000df6344aa.txt",
    "hai-phong-76-2020": "002_e71adf0ec5173925.txt",
    "bac-kan-352-2019": "003_59ffeefee3e018c3.txt",
    "hong-ngu-2020": "004_127f77f83062caff.txt",
}


def seeds_available() -> bool:
    return all((SEEDS_DIR / f).is_file() for f in SEED_FILES.values())


def corpus_available() -> bool:
    return (CORPUS_DIR / "README.md").is_file()


@cache
def seed_text(plan_id: str) -> str:
    """The seed text of a plan, NFC."""
    raw = (SEEDS_DIR / SEED_FILES[plan_id]).read_text(encoding="utf-8")
    return unicodedata.normalize("NFC", raw)


def flat(text: str) -> str:
    """Text with table pipes dropped and all whitespace runs made one space.

    Seeds wrap lines mid-sentence; compare flattened texts to find a phrase.
    """
    text = unicodedata.normalize("NFC", text).replace("|", " ")
    return re.sub(r"\s+", " ", text).strip()


@cache
def flat_seed(plan_id: str) -> str:
    return flat(seed_text(plan_id))

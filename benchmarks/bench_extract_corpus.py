"""How well the extractor drafts the targets of plans it was not written on.

Runs the extractor on every file of the development corpus (``../shared/corpus``, or
``$CHILDPROTECT_CORPUS``) and compares the numeric targets drafted with the targets encoded
by hand in ``tests/extract/fixtures/corpus_targets.json``; then on the five seed documents
(``../shared/seeds``, or ``$CHILDPROTECT_SEEDS``), whose expected targets are the bundled
plans in ``src/childprotect/data/plans``.

A drafted numeric target is paired with at most one expected target of the same file, on
value and unit (and range); pairs that are fully right are made first. Per file and in total:

* fully right: value, unit, comparator, direction and year all as expected, over the
  expected targets;
* right ignoring the year: the same without the year;
* recall: expected targets paired with a drafted one (value and unit);
* precision: drafted numeric targets paired with an expected one, over all drafted numeric
  targets (a number drafted as a target where the text states none counts against it);
  "precision, fully right" counts only fully right pairs.

For the seeds, a year the bundled plan marks as inferred (not stated by the text) is right
when the draft gives no year. The development files and the held-back files (named in the
fixture file) are reported apart. ``--detail`` lists each development file's expected and
drafted targets; it never lists the held-back files. ``--dev-only`` leaves them out.

Run: python benchmarks/bench_extract_corpus.py [--detail] [--dev-only]
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from childprotect.errors import ChildProtectError
from childprotect.extract import extract_text, read_text
from childprotect.formats import catalog

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = Path(os.environ.get("CHILDPROTECT_CORPUS") or SHARED / "corpus")
SEEDS = Path(os.environ.get("CHILDPROTECT_SEEDS") or SHARED / "seeds")
FIXTURES = ROOT / "tests" / "extract" / "fixtures" / "corpus_targets.json"
SEED_FILES = {
    "bac-kan-419-2018": "000_01f7d3c1659f3094.txt",
    "thua-thien-hue-208-2021": "001_196b0000df6344aa.txt",
    "hai-phong-76-2020": "002_e71adf0ec5173925.txt",
    "bac-kan-352-2019": "003_59ffeefee3e018c3.txt",
    "hong-ngu-2020": "004_127f77f83062caff.txt",
}


@dataclass(frozen=True)
class Expected:
    label: str
    value: Decimal | None
    upper: Decimal | None
    unit: str
    comparator: str
    direction: str
    year: int | None
    year_inferred: bool = False


@dataclass(frozen=True)
class Drafted:
    label: str
    value: Decimal | None
    upper: Decimal | None
    unit: str | None
    comparator: str
    direction: str
    year: int | None


@dataclass
class Score:
    expected: int = 0
    drafted: int = 0
    paired: int = 0
    full: int = 0
    no_year: int = 0
    drafted_full: int = 0
    error: str | None = None
    lines: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("expected", "drafted", "paired", "full", "no_year", "drafted_full"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _same_year(e: Expected, d: Drafted) -> bool:
    return d.year == e.year or (e.year_inferred and d.year is None)


def _fully(e: Expected, d: Drafted) -> bool:
    return _ignoring_year(e, d) and _same_year(e, d)


def _ignoring_year(e: Expected, d: Drafted) -> bool:
    return _paired(e, d) and (e.comparator, e.direction) == (d.comparator, d.direction)


def _paired(e: Expected, d: Drafted) -> bool:
    return (e.value, e.upper, e.unit) == (d.value, d.upper, d.unit)


def score(expected: Sequence[Expected], drafted: Sequence[Drafted]) -> Score:
    """Pair drafted with expected targets (fully right first) and count."""
    s = Score(expected=len(expected), drafted=len(drafted))
    free_e = list(range(len(expected)))
    free_d = list(range(len(drafted)))
    pairs: list[tuple[int, int]] = []
    for test in (_fully, _ignoring_year, _paired):
        for i in list(free_e):
            j = next((j for j in free_d if test(expected[i], drafted[j])), None)
            if j is not None:
                pairs.append((i, j))
                free_e.remove(i)
                free_d.remove(j)
    for i, j in pairs:
        e, d = expected[i], drafted[j]
        s.paired += 1
        s.no_year += _ignoring_year(e, d)
        s.full += _fully(e, d)
        s.drafted_full += _fully(e, d)
        mark = "ok  " if _fully(e, d) else "YEAR" if _ignoring_year(e, d) else "CMP "
        s.lines.append(f"      {mark} {e.label}: want {_show_e(e)}; drafted {d.label}: "
                       f"{_show_d(d)}")
    for i in free_e:
        s.lines.append(f"      MISS {expected[i].label}: want {_show_e(expected[i])}")
    for j in free_d:
        s.lines.append(f"      XTRA drafted {drafted[j].label}: {_show_d(drafted[j])}")
    return s


def _show_e(e: Expected) -> str:
    rng = f"–{e.upper}" if e.upper is not None else ""
    return (f"{e.comparator}/{e.direction} {e.value}{rng} {e.unit} "
            f"{e.year if e.year is not None else 'no year'}{' (inferred)' * e.year_inferred}")


def _show_d(d: Drafted) -> str:
    rng = f"–{d.upper}" if d.upper is not None else ""
    return (f"{d.comparator}/{d.direction} {d.value}{rng} {d.unit} "
            f"{d.year if d.year is not None else 'no year'}")


def drafted_targets(targets: Iterable[Any]) -> list[Drafted]:
    """The numeric targets of a plan, as compared."""
    out = []
    for t in targets:
        if t.comparator.value == "qualitative":
            continue
        out.append(Drafted(t.id, t.value, t.upper, t.unit.value if t.unit else None,
                           t.comparator.value, t.direction.value, t.year))
    return out


def expected_of_plan(targets: Iterable[Any]) -> list[Expected]:
    out = []
    for t in targets:
        if t.comparator.value == "qualitative":
            continue
        inferred = getattr(t, "year_inferred", None) is not None
        out.append(Expected(t.id, t.value, t.upper,
                            t.unit.value if t.unit else "", t.comparator.value,
                            t.direction.value, t.year, inferred))
    return out


def expected_of_fixture(entry: dict[str, Any]) -> list[Expected]:
    out = []
    for t in entry["targets"]:
        rng = t.get("range")
        upper = Decimal(rng["high"]) if rng else None
        value = Decimal(rng["low"]) if rng else Decimal(t["value"])
        out.append(Expected(t["id"], value, upper, t["unit"], t["comparator"], t["direction"],
                            t["year"]))
    return out


def _pct(n: int, d: int) -> str:
    return "   n/a" if d == 0 else f"{float(Fraction(n, d)) * 100:5.1f}%"


def row(name: str, s: Score) -> str:
    if s.error:
        return f"  {name:<32} error: {s.error}"
    return (f"  {name:<32} {s.expected:>4} {s.drafted:>5}  {_pct(s.full, s.expected):>7} "
            f"{_pct(s.no_year, s.expected):>7}  {_pct(s.paired, s.drafted):>7} "
            f"{_pct(s.drafted_full, s.drafted):>7}  {_pct(s.paired, s.expected):>7}")


HEADER = (f"  {'file':<32} {'want':>4} {'draft':>5}  {'full':>7} {'no-year':>7}  "
          f"{'prec':>7} {'prec-full':>7}  {'recall':>7}")


def run_file(path: Path, expected: list[Expected]) -> Score:
    try:
        draft = extract_text(read_text(path), source=path.name)
    except ChildProtectError as exc:
        s = Score(expected=len(expected))
        s.error = f"{type(exc).__name__}: {exc}"
        return s
    return score(expected, drafted_targets(draft.plan.targets))


def main(argv: Sequence[str]) -> int:
    detail = "--detail" in argv
    dev_only = "--dev-only" in argv
    fixtures = json.loads(FIXTURES.read_text("utf-8"))
    held = set(fixtures["held_back"])
    status = 0
    if not CORPUS.is_dir():
        print(f"no corpus texts at {CORPUS}: set CHILDPROTECT_CORPUS to their folder")
        status = 2
    else:
        for title, names in (
            ("development files", [n for n in fixtures["files"] if n not in held]),
            ("held-back files", [] if dev_only else [n for n in fixtures["files"] if n in held]),
        ):
            if not names:
                continue
            print(f"{title} ({CORPUS})")
            print(HEADER)
            total = Score()
            for name in names:
                path = CORPUS / name
                if not path.is_file():
                    print(f"  {name:<32} absent")
                    status = 2
                    continue
                s = run_file(path, expected_of_fixture(fixtures["files"][name]))
                total.add(s)
                print(row(name, s))
                if detail and name not in held:
                    print("\n".join(s.lines))
            print(row("TOTAL", total))
            print()
    if not SEEDS.is_dir():
        print(f"no seed texts at {SEEDS}: set CHILDPROTECT_SEEDS to their folder")
        return 2
    print(f"seed documents ({SEEDS}) against the bundled plans")
    print(HEADER)
    total = Score()
    for plan_id, name in SEED_FILES.items():
        path = SEEDS / name
        if not path.is_file():
            print(f"  {plan_id:<32} absent")
            status = 2
            continue
        s = run_file(path, expected_of_plan(catalog.load(plan_id).targets))
        total.add(s)
        print(row(plan_id, s))
        if detail:
            print("\n".join(s.lines))
    print(row("TOTAL", total))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

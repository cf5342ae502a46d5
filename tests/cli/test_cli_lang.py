"""``--lang vi|en`` on every subcommand: Vietnamese labels by default, English with ``en``."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from childprotect.cli import build_parser, main
from childprotect.formats import catalog
from tests.paths import ROOT

HUE = "thua-thien-hue-208-2021"
OBSERVED = ROOT / "examples" / "data" / "hue-observed.csv"
EVALUATION = ROOT / "examples" / "data" / "communes-evaluation.json"


def _out(capsys: pytest.CaptureFixture[str], argv: Sequence[str]) -> str:
    main(list(argv))
    return capsys.readouterr().out


def _both(capsys: pytest.CaptureFixture[str], argv: Sequence[str]) -> tuple[str, str]:
    """The output of ``argv`` by default (vi) and with ``--lang en``."""
    return _out(capsys, argv), _out(capsys, [*argv, "--lang", "en"])


def _check(capsys: pytest.CaptureFixture[str], argv: Sequence[str], en_label: str,
           vi_label: str, vi_only: bool = True) -> None:
    vi, en = _both(capsys, argv)
    assert en_label in en and en_label not in vi
    assert vi_label in vi
    if vi_only:
        assert vi_label not in en
    assert en != vi


# --- one test per subcommand; labels come from the data -------------------------------------


def test_assess(capsys: pytest.CaptureFixture[str]) -> None:
    _check(capsys, ["assess", HUE, str(OBSERVED)], "pace needed/yr", "tốc độ cần/năm")


def test_check(capsys: pytest.CaptureFixture[str]) -> None:
    _check(capsys, ["check", "hong-ngu-2020"], "anomalies", "điểm bất thường")


def test_calendar(capsys: pytest.CaptureFixture[str]) -> None:
    _check(capsys, ["calendar", "2026"], "statutory rule", "theo quy định của Bộ luật")


def test_compare(capsys: pytest.CaptureFixture[str]) -> None:
    _check(capsys, ["compare", HUE, "ttg-23-2021"], "national target", "chỉ tiêu quốc gia")


def test_communes_procedure(capsys: pytest.CaptureFixture[str]) -> None:
    from childprotect.communes.procedure import procedure

    role = next(r for r in procedure().on(dt.date(2024, 11, 15)).roles
                if r.holder_vi and r.holder_en)
    assert role.holder_en is not None and role.holder_vi is not None
    _check(capsys, ["communes", "procedure", "--on", "2024-11-15"], role.holder_en,
           role.holder_vi)


def test_communes_evaluate(capsys: pytest.CaptureFixture[str]) -> None:
    _check(capsys, ["communes", "evaluate", str(EVALUATION)], "Share of communes recognised",
           "Tỷ lệ xã được công nhận")


def test_communes_targets(capsys: pytest.CaptureFixture[str]) -> None:
    vi, en = _both(capsys, ["communes", "targets", "--format", "csv"])
    assert en.splitlines()[0] == vi.splitlines()[0] == "id,level,target,when,status,source"
    assert en.splitlines()[1:] == vi.splitlines()[1:]
    vi, en = _both(capsys, ["communes", "targets"])
    assert "thời điểm" in vi and "when" in en


def test_criteria(capsys: pytest.CaptureFixture[str]) -> None:
    from childprotect.communes.criteria import standard

    s = standard()
    c = s.criteria[4]
    _check(capsys, ["criteria"], c.name_en, c.name_vi)
    _check(capsys, ["criteria", "--format", "markdown"], c.name_en, c.name_vi)
    _check(capsys, ["criteria"], s.title_en, s.title_vi)


def test_deadlines(capsys: pytest.CaptureFixture[str]) -> None:
    duty = next(d for d in catalog.load(HUE).duties if d.id == "III.1-a")
    for fmt in ("text", "csv", "markdown"):
        _check(capsys, ["deadlines", HUE, "--year", "2023", "--format", fmt],
               duty.content_en, duty.content_vi)


def test_duties(capsys: pytest.CaptureFixture[str]) -> None:
    from childprotect.agencies.registry import kind

    health = kind("so-y-te")
    # the plan's own wording ("named in plan") stays verbatim in both languages
    _check(capsys, ["duties", HUE, "Sở Y tế"], health.name_en, health.name_vi, vi_only=False)
    _check(capsys, ["duties", HUE, "Sở Y tế"], "named in plan", "tên trong kế hoạch")


def test_extract(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = tmp_path / "plan.txt"
    f.write_text("KẾ HOẠCH\nBẢO VỆ TRẺ EM NĂM 2021\nI. MỤC TIÊU\n- Giảm số trẻ em bị xâm hại.",
                 encoding="utf-8")
    _check(capsys, ["extract", str(f)], "needs review", "cần xem lại")


def test_groups(capsys: pytest.CaptureFixture[str]) -> None:
    from childprotect.children.groups import taxonomy_on

    on = dt.date(2024, 1, 1)
    g = taxonomy_on(on).groups[0]
    for fmt in ("text", "csv"):
        _check(capsys, ["groups", "--on", on.isoformat(), "--format", fmt], g.label_en,
               g.label_vi)
    _check(capsys, ["groups", "a", "--on", on.isoformat(), "--format", "markdown"],
           g.label_en, g.label_vi)


def test_matrix(capsys: pytest.CaptureFixture[str]) -> None:
    from childprotect.agencies.registry import kind

    health = kind("so-y-te")
    for fmt in ("text", "csv", "markdown"):
        _check(capsys, ["matrix", HUE, "--format", fmt], health.name_en, health.name_vi)
    vi, en = _both(capsys, ["matrix", HUE, "--on", "2026-11-23"])
    assert "Duties whose holder changed" in en and "Nhiệm vụ đã đổi" in vi


def test_plans(capsys: pytest.CaptureFixture[str]) -> None:
    plan = catalog.load(HUE)
    doc = plan.document
    _check(capsys, ["plans", "list"], doc.title_en, doc.title_vi)
    section = next(s for s in plan.sections if s.title_en)
    assert section.title_en is not None
    _check(capsys, ["plans", "show", HUE], section.title_en, section.title_vi)
    _check(capsys, ["plans", "show", HUE], doc.issuer.name_en, doc.issuer.name_vi)


def test_targets(capsys: pytest.CaptureFixture[str]) -> None:
    t = next(t for t in catalog.load(HUE).targets if t.indicator is not None)
    assert t.indicator is not None
    for fmt in ("text", "csv", "markdown"):
        _check(capsys, ["targets", HUE, "--format", fmt], t.indicator.name_en,
               t.indicator.name_vi)


# --- JSON does not change with the language ----------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["check", "hong-ngu-2020"], ["criteria"], ["targets", HUE], ["matrix", HUE],
    ["duties", HUE, "Sở Y tế"], ["deadlines", HUE, "--year", "2023"], ["plans", "list"],
    ["groups", "--on", "2024-01-01"], ["communes", "targets"],
    ["communes", "procedure", "--on", "2024-11-15"], ["assess", HUE, str(OBSERVED)],
])
def test_json_is_the_same_in_both_languages(capsys: pytest.CaptureFixture[str],
                                            argv: list[str]) -> None:
    vi, en = _both(capsys, [*argv, "--format", "json"])
    assert json.loads(vi) == json.loads(en)


# --- CSV headers are machine codes, the same in both languages ---------------------------------


@pytest.mark.parametrize("argv", [
    ["assess", HUE, str(OBSERVED)], ["criteria"], ["targets", HUE], ["matrix", HUE],
    ["deadlines", HUE, "--year", "2023"], ["plans", "list"], ["groups", "--on", "2024-01-01"],
    ["communes", "targets"], ["compare", HUE, "ttg-23-2021"], ["calendar", "2026"],
    ["duties", HUE, "Sở Y tế"], ["measures", HUE], ["units", "list", "--on", "2025-07-01"],
])
def test_csv_headers_are_the_same_in_both_languages(capsys: pytest.CaptureFixture[str],
                                                    argv: list[str]) -> None:
    vi, en = _both(capsys, [*argv, "--format", "csv"])
    header = en.splitlines()[0]
    assert vi.splitlines()[0] == header
    names = header.split(",")
    assert len(set(names)) == len(names)
    assert all(n.isascii() and " " not in n for n in names), header


# --- every subcommand accepts --lang ------------------------------------------------------------

#: Minimal arguments for each subcommand (and action) that prints readable text.
ARGS: dict[str, list[list[str]]] = {
    "assess": [[HUE, "observed.csv"]],
    "check": [[HUE]],
    "calendar": [["2026"]],
    "communes": [["evaluate", "evaluation.json"], ["procedure"], ["targets"]],
    "compare": [[HUE, "ttg-23-2021"]],
    "criteria": [[]],
    "deadlines": [[HUE]],
    "demo": [[]],
    "duties": [[HUE, "Sở Y tế"]],
    "extract": [["plan.txt"]],
    "groups": [[]],
    "matrix": [[HUE]],
    "measures": [[HUE]],
    "plans": [["list"], ["show", HUE]],
    "report": [[HUE, "data.json"]],
    "targets": [[HUE]],
    "template": [[HUE, "--on", "2025-07-01", "--year", "2025", "--out", "hue.xlsx"]],
    "units": [["list"], ["show", "46"], ["find", "Huế"], ["successors", "06"],
              ["predecessors", "19"]],
}
#: Commands whose output is a data format (JSON Schema, DHIS2 payload) or owned elsewhere.
EXEMPT = {"schema", "dhis2", "rollup"}


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_every_subcommand_is_listed() -> None:
    assert _commands(build_parser()) - EXEMPT == set(ARGS)


@pytest.mark.parametrize("command", sorted(ARGS))
def test_every_subcommand_accepts_lang(command: str) -> None:
    parser = build_parser()
    for rest in ARGS[command]:
        assert parser.parse_args([command, *rest]).lang == "vi"
        assert parser.parse_args([command, *rest, "--lang", "en"]).lang == "en"
        with pytest.raises(SystemExit):
            parser.parse_args([command, *rest, "--lang", "fr"])


# --- no English sentence under --lang vi (issue: Vietnamese everywhere) ---------------------

#: English function words: two of them on one line make an English sentence. Codes, ids,
#: paths and the plans' own names carry none of them.
ENGLISH = frozenset({"the", "of", "is", "are", "was", "were", "has", "have", "been", "with",
                     "which", "not", "from", "this", "that", "their", "be", "and", "for",
                     "by", "into", "than"})
WORD = re.compile(r"[A-Za-z]+")


def _english_lines(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        words = [w.lower() for w in WORD.findall(line)]
        if sum(w in ENGLISH for w in words) >= 2:
            out.append(line)
    return out


@pytest.mark.parametrize("argv", [
    ["demo"], ["check", "hong-ngu-2020"], ["check", HUE], ["assess", HUE, str(OBSERVED)],
    ["matrix", HUE], ["deadlines", HUE, "--year", "2024"], ["deadlines", HUE, "--year", "2025"],
    ["deadlines", "nope"], ["rollup", "no-such-file.csv"], ["report", HUE, "no-such-file.csv"],
    ["deadlines", HUE, "--year", "0"],
], ids=lambda a: " ".join(a)[:40])
def test_no_english_sentence_under_lang_vi(capsys: pytest.CaptureFixture[str],
                                           argv: list[str], tmp_path: Path) -> None:
    if argv[0] == "report":
        argv = [*argv, "--out", str(tmp_path / "r.html")]
    with contextlib.suppress(SystemExit):
        main([*argv, "--lang", "vi"])
    out = capsys.readouterr()
    assert _english_lines(out.out + out.err) == []


def test_the_detector_finds_english_sentences() -> None:
    assert _english_lines("the target year is outside the plan's period") != []
    assert _english_lines("năm của chỉ tiêu nằm ngoài giai đoạn của kế hoạch") == []


#: Vietnamese words of sentences (never of an agency's or a unit's name).
VIETNAMESE = re.compile(r"\b(không|được|chưa|dời|lưu ý|đã ghi|cấp cao nhất)\b")


@pytest.mark.parametrize("argv", [
    ["demo"], ["check", HUE], ["assess", HUE, str(OBSERVED)], ["matrix", HUE],
    ["deadlines", HUE, "--year", "2025"], ["deadlines", "nope"], ["rollup", "no-such-file.csv"],
], ids=lambda a: " ".join(a)[:40])
def test_no_vietnamese_sentence_under_lang_en(capsys: pytest.CaptureFixture[str],
                                              argv: list[str]) -> None:
    with contextlib.suppress(SystemExit):
        main([*argv, "--lang", "en"])
    out = capsys.readouterr()
    # quoted source text ('…') is the plan's own words, kept verbatim in every language
    unquoted = [re.sub(r"'[^']*'", "", line) for line in (out.out + out.err).splitlines()]
    assert [line for line in unquoted if VIETNAMESE.search(line)] == []

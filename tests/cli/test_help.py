"""Help texts written in the reader's language when shown (childprotect.cli._help)."""

from __future__ import annotations

import argparse
import contextlib
import io
import re
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.cli import Parser, build_parser, main
from childprotect.cli._help import Help, help_text, in_words, say
from childprotect.i18n import Message, translate, use
from childprotect.i18n.catalog import catalog
from tests.fresh import run_fresh
from tests.paths import EXAMPLES

#: A commune file of one period (the bundled registry's codes).
COUNTS = str(EXAMPLES / "data" / "rollup-synthetic-hong-ngu-2024.csv")

#: Messages of the catalogue that help texts use, and text around them.
MSGIDS = ("Examples:", "Example:", "options", "positional arguments", "show this help and exit")
pieces = st.lists(st.one_of(st.sampled_from(MSGIDS).map(lambda m: ("said", m)),
                            st.text(max_size=8).map(lambda t: ("plain", t))), max_size=6)


def _help(parts: list[tuple[str, str]]) -> tuple[str, str, str]:
    """``parts`` joined with ``+`` as a command's code joins them, and what it should read
    in English and in Vietnamese."""
    joined: str = ""
    en = vi = ""
    for kind, text in parts:
        joined = joined + (say(text) if kind == "said" else text)
        en += text
        vi += translate(text, "vi") if kind == "said" else text
    return joined, en, vi


@given(pieces)
def test_a_help_joined_to_text_stays_a_help_in_either_language(
        parts: list[tuple[str, str]]) -> None:
    joined, en, vi = _help(parts)
    assert str.__str__(joined) == en  # its value: the English text
    if any(kind == "said" for kind, _ in parts):
        assert isinstance(joined, Help)
        assert joined.text("en") == en and joined.text("vi") == vi
        with use("vi"):
            assert joined.text() == vi


def test_a_help_with_values_is_written_with_them() -> None:
    h = help_text(Message("output format (default: {default})", default="csv"))
    assert h == "output format (default: csv)"
    assert isinstance(h, Help) and h.text("vi") == "định dạng đầu ra (mặc định: csv)"


def test_the_parser_writes_its_help_in_the_language_in_use_when_shown() -> None:
    with use("en"):
        parser = build_parser("rollup")
    with use("vi"):
        vi = parser.format_help()
    with use("en"):
        en = parser.format_help()
    assert "tùy chọn:" in vi and "options:" not in vi
    assert "options:" in en and "tùy chọn:" not in en
    # the texts are help texts again after each showing
    assert all(isinstance(a.help, Help) for a in parser._actions if a.help)


def test_in_words_restores_the_texts_after_an_error() -> None:
    parser = Parser(prog="x", description=say("options"))
    with pytest.raises(RuntimeError), use("vi"), in_words(parser):
        assert parser.description == "tùy chọn"
        raise RuntimeError
    assert isinstance(parser.description, Help)


def _every_command(parser: argparse.ArgumentParser, path: list[str]) -> Iterator[list[str]]:
    yield path
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            seen: set[int] = set()
            for name, sub in action.choices.items():
                if id(sub) not in seen:  # (aliases)
                    seen.add(id(sub))
                    yield from _every_command(sub, [*path, name])


COMMANDS = list(_every_command(build_parser(), []))
ENGLISH = frozenset({"the", "of", "is", "are", "with", "which", "not", "from", "this", "that",
                     "and", "for", "by", "into", "than", "help", "exit", "usage", "options",
                     "arguments", "examples", "example"})


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a) or "childprotect")
def test_every_help_is_vietnamese_under_vi_and_english_under_en(argv: list[str]) -> None:
    texts = {}
    for lang in ("vi", "en"):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
            main(["--lang", lang, *argv, "--help"])
        texts[lang] = out.getvalue()
    # (codes such as not_met, option names such as --fail-on and paths such as
    # examples/data are not English)
    words = [[w.lower() for w in re.findall(r"(?<![-\w/.])[A-Za-z]+(?![-\w/.])", line)]
             for line in texts["vi"].splitlines()]
    english = [w for line in words for w in line if w in ENGLISH]
    assert english == [], english
    assert texts["en"].startswith("usage: childprotect") and "options:" in texts["en"]
    assert texts["vi"].startswith("cách dùng: childprotect")


def test_an_error_naming_the_command_place_is_in_the_language_in_use() -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit):
        main(["--lang", "vi", "nosuch"])
    assert "tham số LỆNH: 'nosuch' không phải là lựa chọn hợp lệ" in err.getvalue()


def test_a_command_that_writes_no_sentence_reads_no_catalogue() -> None:
    """The rollup of a CSV file to CSV: its help is never shown, its output has no words."""
    catalog.cache_clear()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--lang", "vi", "rollup", COUNTS, "--format", "csv"]) == 0
    assert out.getvalue().startswith("level,code,name")
    assert catalog.cache_info().currsize == 0


def test_the_one_period_command_loads_only_what_it_uses() -> None:
    """What the rollup of one CSV file to CSV imports (each was loaded before 2026-12-05,
    for a help it does not show, a suppression it was not asked for, a document model, a
    table's words or a spool's file)."""
    loaded = run_fresh(
        "import sys, io, contextlib\n"
        "from childprotect.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['rollup', {COUNTS!r}, '--format', 'csv'])\n"
        "print(sorted(m for m in sys.modules if m in {'childprotect.documents.document', "
        "'childprotect.rollup.protection', 'childprotect.mainjob.tables', 'tempfile', "
        "'shutil', 'childprotect.cli.cmd_plans'}))")
    assert loaded == "[]"


@pytest.mark.parametrize("argv", [["--", "units", "list"], ["--debug", "--", "plans", "list"],
                                  ["--lang", "vi", "--", "rollup", "x.csv"]])
def test_an_error_on_the_command_place_after_a_double_dash_is_in_vietnamese(
        argv: list[str]) -> None:
    """argparse passes ``--`` to the subcommand's place: its error names the place in the
    reader's language, and lists every command."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit), use("vi"):
        main(argv)
    line = err.getvalue().splitlines()[-1]
    assert "tham số LỆNH: '--' không phải là lựa chọn hợp lệ" in line
    assert "'assess'" in line and "'units'" in line


@pytest.mark.parametrize("argv", [["-h", "rollup"], ["--lang", "en", "--help", "units"]])
def test_the_help_before_a_command_lists_every_command(argv: list[str]) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        main(argv)
    assert all(f"\n    {c} " in out.getvalue() for c in ("assess", "rollup", "units"))

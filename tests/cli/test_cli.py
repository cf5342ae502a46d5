"""The command line: plans, check, schema, demo and the shared conventions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from childprotect import __version__
from childprotect.cli import build_parser, main
from childprotect.formats import catalog
from childprotect.formats.convert import loads
from childprotect.plans.plan import Plan


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_and_module_entry_point() -> None:
    res = subprocess.run([sys.executable, "-m", "childprotect", "--version"],
                         capture_output=True, text=True, check=True)
    assert res.stdout.strip() == f"childprotect {__version__}"


def test_the_command_exits_with_mains_code_its_objects_frozen(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    import childprotect.cli as cli

    monkeypatch.setattr(cli, "main", lambda: 3)
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit) as exc:
            cli.run()
        assert exc.value.code == 3
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_the_command_and_the_module_exit_alike(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    codes = {subprocess.run([*cmd, "check", str(bad)], capture_output=True).returncode
             for cmd in ([sys.executable, "-m", "childprotect"],
                         [str(Path(sys.executable).with_name("childprotect"))])
             if Path(cmd[0]).exists()}
    assert codes == {2}


def test_plans_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plans", "list")
    assert code == 0
    for plan_id in catalog.ids():
        assert plan_id in out
    code, out, _ = run(capsys, "plans", "list", "--format", "json")
    assert sorted(p["id"] for p in json.loads(out)) == sorted(catalog.ids())


@pytest.mark.parametrize("plan_id", catalog.ids())
def test_plans_show_text_and_json(capsys: pytest.CaptureFixture[str], plan_id: str) -> None:
    code, out, _ = run(capsys, "plans", "show", plan_id)
    assert code == 0 and plan_id in out
    code, out, _ = run(capsys, "plans", "show", plan_id, "--format", "json")
    assert code == 0
    assert loads(out, Plan) == catalog.load(plan_id)


def test_check_exit_codes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "check", "hong-ngu-2020", "--format", "json")
    assert code == 1
    kinds = {a["kind"] for a in json.loads(out)}
    assert {"date.impossible", "date.blank-day"} <= kinds
    # a plan without anomalies exits 0: a minimal clean plan file
    plan = catalog.load("thua-thien-hue-208-2021")
    clean = Plan("clean", plan.document, plan.sections[:2])
    p = tmp_path / "clean.json"
    from childprotect.formats.convert import dumps

    p.write_text(dumps(clean), "utf-8")
    code, out, _ = run(capsys, "check", str(p), "--lang", "en")
    assert code == 0 and "no anomalies" in out


def test_errors_are_one_line_and_exit_2(capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHILDPROTECT_LANG", raising=False)
    code, out, err = run(capsys, "--lang", "en", "plans", "show", "no-such-plan")
    assert code == 2 and out == ""
    assert err.startswith("childprotect: error: unknown plan 'no-such-plan'")
    assert "Traceback" not in err and err.count("\n") == 1
    code, out, err = run(capsys, "plans", "show", "no-such-plan")  # Vietnamese by default
    assert code == 2 and err.startswith("childprotect: lỗi: ")


def test_usage_errors_in_each_language(capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHILDPROTECT_LANG", raising=False)
    with pytest.raises(SystemExit) as exc:
        main(["rollup", "--format", "nope", "x.csv"])
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert err.startswith("cách dùng: childprotect rollup")
    assert "lỗi: tham số --format: 'nope' không phải là lựa chọn hợp lệ" in err
    monkeypatch.setenv("CHILDPROTECT_LANG", "en")
    with pytest.raises(SystemExit):
        main(["rollup", "--format", "nope", "x.csv"])
    err = capsys.readouterr().err
    assert err.startswith("usage: childprotect rollup")
    assert "error: argument --format: 'nope' is not a valid choice" in err


def test_every_subcommand_has_help_with_an_example() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():  # type: ignore[attr-defined]
        assert p.epilog and "childprotect" in p.epilog, f"{name} --help has no example"


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    from childprotect.formats.schemas import plan_schema

    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out) == plan_schema()


def test_demo_runs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "demo")
    assert code == 0
    assert "thua-thien-hue-208-2021" in out
    assert "date.impossible" in out


def test_an_output_that_cannot_hold_vietnamese_is_a_clear_error() -> None:
    """Standard output in an encoding without Vietnamese letters (a Windows code page, say):
    an error saying so and how to mend it, not a traceback."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    env.pop("PYTHONUTF8", None)
    got = subprocess.run(
        [sys.executable, "-c", "import sys; from childprotect.cli import main; "
         "sys.exit(main(sys.argv[1:]))", "demo", "--lang", "en"],
        env=env, capture_output=True, timeout=120, check=False)
    err = got.stderr.decode("latin-1")
    assert got.returncode == 2 and "Traceback" not in err
    assert "the output is written in latin-1" in err and "PYTHONIOENCODING=utf-8" in err


@pytest.mark.parametrize("columns", [None, "", "100", "0", "-3", "abc", "42"])
def test_the_help_is_as_wide_as_argparse_would_make_it(
        columns: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from childprotect.cli import _columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _columns() == shutil.get_terminal_size().columns


def test_a_command_after_lang_builds_its_parser_alone() -> None:
    from tests.fresh import loaded_after

    assert loaded_after(
        "import contextlib, io\nfrom childprotect.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--lang', 'en', 'groups', '--format', 'json'])",
        ["childprotect.cli.cmd_groups", "childprotect.cli.cmd_plans"]) == [
            "childprotect.cli.cmd_groups"]

"""``childprotect rollup`` on a file of several periods: read a period at a time."""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childprotect.cli import cmd_rollup, main
from tests.paths import ROOT

SAMPLE = ROOT / "examples" / "data" / "rollup-synthetic-hong-ngu-2024.csv"
RATE = ["--rate", "special_pct=special/children*100"]


def _periods(periods: list[str], drop: int = 0) -> str:
    """The sample's rows once per period (the last ``drop`` communes left out of each)."""
    header, *rows = SAMPLE.read_text("utf-8").splitlines()
    rows = rows[:len(rows) - drop]
    out = [header]
    for p in periods:
        out += [r.replace(",2024,", f",{p},", 1) for r in rows]
    return "\n".join(out) + "\n"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["rollup", *args])
    got = capsys.readouterr()
    return code, got.out, got.err


def _whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the command read every file whole, as it did before it streamed."""
    def refuse(*_: object) -> int:
        raise cmd_rollup._Unordered

    monkeypatch.setattr(cmd_rollup, "_streamed", refuse)


@pytest.mark.parametrize("fmt", ["csv", "json", "text"])
@pytest.mark.parametrize("periods", [["2024-03"], ["2024-01", "2024-02", "2024-Q3"]])
def test_a_period_at_a_time_writes_what_the_whole_file_gives(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        fmt: str, periods: list[str]) -> None:
    f = tmp_path / "d.csv"
    f.write_text(_periods(periods, drop=2), "utf-8")
    args = [str(f), *RATE, "--format", fmt]
    streamed = _run(capsys, *args)
    _whole(monkeypatch)
    assert _run(capsys, *args) == streamed
    if fmt == "json":
        data = json.loads(streamed[1])
        assert [d["period"] for d in (data if len(periods) > 1 else [data])] == periods


def test_periods_out_of_order_are_read_whole(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ordered, shuffled = tmp_path / "a.csv", tmp_path / "b.csv"
    ordered.write_text(_periods(["2023", "2024"]), "utf-8")
    header, *rows = _periods(["2024", "2023", "2024"]).splitlines()
    shuffled.write_text("\n".join([header, *rows[:len(rows) * 2 // 3]]) + "\n", "utf-8")
    assert _run(capsys, str(shuffled), "--format", "csv") == _run(
        capsys, str(ordered), "--format", "csv")


@given(st.lists(st.sampled_from(["2023", "2024", "2024-Q1", "2024-S1", "2024-06"]),
                min_size=1, max_size=6), st.integers(0, 9), st.sampled_from(["csv", "json"]))
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_order_of_periods_gives_the_output_of_the_whole_file(
        tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str],
        periods: list[str], drop: int, fmt: str) -> None:
    """Runs of periods in any order, repeated or not: the same output as read whole."""
    f = tmp_path_factory.mktemp("p") / "d.csv"
    f.write_text(_periods(periods, drop), "utf-8")
    streamed = _run(capsys, str(f), *RATE, "--format", fmt)
    real = cmd_rollup._streamed
    try:
        cmd_rollup._streamed = lambda *_: (_ for _ in ()).throw(  # type: ignore[assignment]
            cmd_rollup._Unordered())
        assert _run(capsys, str(f), *RATE, "--format", fmt) == streamed
    finally:
        cmd_rollup._streamed = real  # type: ignore[assignment]


def test_an_error_in_a_later_period_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No output of the periods before a bad cell: the error alone, naming its line."""
    text = _periods(["2023", "2024"])
    lines = text.splitlines()
    bad = len(lines)
    lines[-1] = ",".join([*lines[-1].split(",")[:2], "x", *lines[-1].split(",")[3:]])
    f = tmp_path / "d.csv"
    f.write_text("\n".join(lines) + "\n", "utf-8")
    code, out, err = _run(capsys, str(f), "--format", "csv", "--lang", "en")
    assert code == 2 and out == ""
    assert f"line {bad}, column 'children'" in err


def test_one_period_is_held_at_a_time(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """When a period is written, the rollups of the periods before it are gone."""
    f = tmp_path / "d.csv"
    f.write_text(_periods(["2024-01", "2024-02", "2024-03", "2024-04"]), "utf-8")
    made: list[weakref.ref[Any]] = []
    alive: list[int] = []
    real_one, real_write = cmd_rollup._one_period, cmd_rollup._Emitter.one

    def one_period(*args: Any) -> Any:
        r, scoped = real_one(*args)
        made.append(weakref.ref(r))
        return r, scoped

    def write(self: Any, *args: Any, **kw: Any) -> None:
        gc.collect()
        alive.append(sum(ref() is not None for ref in made))
        real_write(self, *args, **kw)

    monkeypatch.setattr(cmd_rollup, "_one_period", one_period)
    monkeypatch.setattr(cmd_rollup._Emitter, "one", write)
    code, out, _ = _run(capsys, str(f), "--format", "csv")
    assert code in (0, 1) and out.count("\n2024-04,total,") == 1
    assert len(made) == 4 and alive == [1, 1, 1, 1]


# --- the column path (polars and numpy) -------------------------------------------------

columns_needed = pytest.mark.skipif(
    not __import__("childprotect.formats.columnar", fromlist=["available"]).available(),
    reason="the column path needs numpy (the test extra installs it)")


def _dong_thap(folder: Path, odd: bool = False) -> Path:
    """A list of units: Đồng Tháp (87) and every unit under it until the 2025
    reorganisation, from the national list (``odd``: each name ends with a wide letter
    and a combining mark, which take two terminal columns and none)."""
    import csv

    src = ROOT / "src" / "childprotect" / "data" / "units" / "national" / "units.csv"
    with src.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if "" < r["valid_to"] <= "2025-06-30"]
    keep = {"87"}
    for _ in range(3):
        keep |= {r["code"] for r in rows if r["parent"] in keep}
    path = folder / "units.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows({**r, "name_vi": r["name_vi"] + (
            "" if not odd else " 中" if int(r["code"]) % 2 else " q\u0301")}
            for r in rows if r["code"] in keep)
    return path


def _last_row(text: str, old: str, new: str) -> str:
    head, _, last = text.rstrip("\n").rpartition("\n")
    return head + "\n" + last.replace(old, new) + "\n"


done: list[bool] = []
checked: list[bool] = []
_COLUMNAR = cmd_rollup._columnar


def _three_ways(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                *args: str) -> tuple[object, object, object]:
    """The output of the column path (forced on any file size), of the row path a period
    at a time, and of the whole file read first."""
    monkeypatch.setattr(cmd_rollup, "COLUMNAR_FROM", 0)
    monkeypatch.setattr(cmd_rollup, "COLUMNAR_TEXT_FROM", 0)
    done.clear()
    checked.clear()

    def columnar(*a: Any) -> int:
        found = _COLUMNAR(*a)
        # the column path read the whole file, and wrote it (or only checked it first)
        (done if a[3] is not None else checked).append(True)
        return found

    monkeypatch.setattr(cmd_rollup, "_columnar", columnar)
    columns = _run(capsys, *args)
    rows = _run(capsys, *args, "--engine", "rows")
    real = cmd_rollup._streamed
    monkeypatch.setattr(cmd_rollup, "_streamed", lambda *_: (_ for _ in ()).throw(
        cmd_rollup._Unordered()))
    whole = _run(capsys, *args, "--engine", "rows")
    monkeypatch.setattr(cmd_rollup, "_streamed", real)
    return columns, rows, whole


@columns_needed
@given(st.lists(st.sampled_from(["2023", "2024", "2024-Q1", "2024-06"]), min_size=1,
                max_size=4, unique=True),
       st.integers(0, 9), st.lists(st.integers(0, 60), min_size=3, max_size=3),
       st.sampled_from([[], ["commune"], ["district", "total"]]), st.booleans(),
       st.sampled_from(["csv", "json", "text"]), st.sampled_from([1, 2, 7, 2048]),
       st.sampled_from(["vi", "en"]), st.booleans())
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_column_path_writes_what_the_row_path_writes(
        tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, periods: list[str], drop: int, blanks: list[int],
        levels: list[str], whole_list: bool, fmt: str, chunk: int, lang: str,
        odd: bool) -> None:
    """Totals, blanks, rates (half-even), levels, several periods, the national list or a
    list of units (names of wide letters and combining marks), CSV, JSON (its units
    written a few at a time) or text in either language: the same bytes, whichever path
    reads the file."""
    from childprotect.formats import columnwrite

    monkeypatch.setattr(columnwrite, "JSON_UNITS", chunk)
    text = _periods(sorted(periods), drop)
    lines = text.splitlines()
    for i in blanks:  # some cells left blank
        if 1 <= i < len(lines):
            cells = lines[i].split(",")
            cells[2 + i % (len(cells) - 2)] = ""
            lines[i] = ",".join(cells)
    f = tmp_path_factory.mktemp("c") / "d.csv"
    f.write_text("\n".join(lines) + "\n", "utf-8")
    args = [str(f), *RATE, "--rate", "a_share=group_a/special", "--rate",
            "tiny=group_a/children", "--format", fmt, "--lang", lang]
    for lv in levels:
        args += ["--level", lv]
    if whole_list:
        args += ["--hierarchy", str(_dong_thap(tmp_path_factory.mktemp("u"), odd))]
    columns, rows, whole = _three_ways(capsys, monkeypatch, *args)
    assert columns == rows == whole
    assert columns[0] in (0, 1) and columns[1].count("\n") > len(periods)  # type: ignore[index]
    assert done == [True]  # (the column path took the file: it was not read row by row)
    # JSON (large) is checked first, then written straight out; the others wait in a spool
    assert checked == ([True] if fmt == "json" else [])


@columns_needed
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("levels", [[], ["commune", "total"]])
def test_a_text_table_of_wide_letters_and_combining_marks_is_aligned_alike(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        lang: str, levels: list[str]) -> None:
    """A name of a wide letter takes two columns, a combining mark none: the column path
    pads the names by their width in the terminal, as the row path does."""
    f = tmp_path / "d.csv"
    f.write_text(_periods(["2024-Q1", "2024-Q2"], 2), "utf-8")
    args = [str(f), *RATE, "--format", "text", "--lang", lang,
            "--hierarchy", str(_dong_thap(tmp_path, odd=True))]
    for lv in levels:
        args += ["--level", lv]
    columns, rows, whole = _three_ways(capsys, monkeypatch, *args)
    assert columns == rows == whole
    assert done == [True]
    assert " 中" in columns[1] and "q\u0301" in columns[1]  # type: ignore[index]


@columns_needed
@pytest.mark.parametrize("fmt", ["csv", "json", "text"])
def test_an_error_in_a_later_period_writes_nothing_on_the_column_path(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        fmt: str) -> None:
    """The column path writes nothing either (JSON is checked whole before it is written):
    the file goes to the row path, which gives the error alone."""
    monkeypatch.setattr(cmd_rollup, "COLUMNAR_FROM", 0)
    monkeypatch.setattr(cmd_rollup, "COLUMNAR_TEXT_FROM", 0)
    calls: list[bool] = []

    def columnar(*a: Any) -> int:
        calls.append(a[3] is None)
        return _COLUMNAR(*a)

    monkeypatch.setattr(cmd_rollup, "_columnar", columnar)
    lines = _periods(["2023", "2024", "2025"]).splitlines()
    lines[-1] = ",".join([*lines[-1].split(",")[:2], "x", *lines[-1].split(",")[3:]])
    f = tmp_path / "d.csv"
    f.write_text("\n".join(lines) + "\n", "utf-8")
    code, out, err = _run(capsys, str(f), "--format", fmt, "--lang", "en")
    assert code == 2 and out == ""
    assert f"line {len(lines)}, column 'children'" in err
    # the column path read the file once (JSON: its check alone), then the row path
    assert calls == [fmt == "json"]


@columns_needed
def test_json_to_an_output_that_is_not_utf8_bytes_waits_in_the_spool(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An output with no UTF-8 bytes under it (here a text buffer) gets the column path's
    JSON through the spool, decoded: the same text as the row path's."""
    import contextlib
    import io

    f = tmp_path / "d.csv"
    f.write_text(_periods(["2023", "2024"]), "utf-8")
    outs = []
    for engine in ("columns", "rows"):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            assert main(["rollup", str(f), *RATE, "--format", "json", "--engine",
                         engine]) in (0, 1)
        outs.append(buf.getvalue())
    assert outs[0] == outs[1] and "Tháp" in outs[0]


@columns_needed
@pytest.mark.parametrize("odd", [", TP", '"Mới"', ' "A", B'])
def test_a_name_the_csv_quotes_goes_row_by_row_with_the_same_bytes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        odd: str) -> None:
    """Polars would quote such a name its own way: the column path leaves the file to the
    row path (whose CSV writer quotes as csv.writer does), and the text and JSON keep it."""
    import csv

    units = _dong_thap(tmp_path)
    with units.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["name_vi"] += odd
    with units.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    f = tmp_path / "d.csv"
    f.write_text(_periods(["2024-Q1", "2024-Q2"]), "utf-8")
    for fmt in ("csv", "json"):
        columns, rows_out, whole = _three_ways(
            capsys, monkeypatch, str(f), *RATE, "--format", fmt, "--hierarchy", str(units))
        assert columns == rows_out == whole
        assert columns[0] in (0, 1)  # type: ignore[index]
        assert done == ([] if fmt == "csv" else [True])  # CSV: refused, read row by row


@columns_needed
@pytest.mark.parametrize("fmt", ["csv", "json", "text"])
def test_a_file_of_a_header_alone_is_an_error_on_every_path(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        fmt: str) -> None:
    """It exited 0 with no output and no word (a template sent back empty)."""
    f = tmp_path / "d.csv"
    f.write_text(SAMPLE.read_text("utf-8").splitlines()[0] + "\n", "utf-8")
    columns, rows, whole = _three_ways(capsys, monkeypatch, str(f), *RATE, "--format", fmt,
                                       "--lang", "en")
    assert columns == rows == whole == (2, "", f"childprotect: error: {f}: no row of data (a "
                                              "header alone, or an empty list): nothing to "
                                              "roll up\n")


@columns_needed
@pytest.mark.parametrize(("change", "taken"), [
    (lambda t: t.replace(",2024,1562,", ",2024,+1562,"), False),  # a sign polars reads
    (lambda t: t.replace(",2024,1562,", ",2024,-0,"), False),
    (lambda t: t.replace(",2024,1562,", ",2024, -0,"), False),
    (lambda t: t.replace(",2024,1562,", ",2024,0x5,"), False),
    (lambda t: t.replace(",2024,1562,", ",2024, 1562,"), False),  # spaces: row by row
    (lambda t: t.replace("29956,2024,", "29956,2024 ,"), False),  # polars keeps the space
    (lambda t: t.replace(",2024,1562,", ",2024,\t1562,"), False),
    (lambda t: t.replace(",2024,1562,", ",2024,1562 ,"), False),
    (lambda t: t.replace(",2024,1562,", ",2024,1.5,"), False),
    (lambda t: t.replace("\n29956,", "\n\n29956,"), False),  # a blank line
    (lambda t: t.replace(",2024,1562,", ",2024,"), False),  # a short row
    (lambda t: t.replace(",2024,1562,", ',2024,"1562",'), False),
    (lambda t: t.replace("\n", "\r\n"), True),  # lines ended as a spreadsheet ends them
    (lambda t: t.replace(",2024,1562,", ",2024\r,1562,"), False),  # a CR alone ends a line
    (lambda t: t.replace("29956,", "29956 ,"), False),
    (lambda t: t.replace("29956,", "2995\u0666,"), False),  # a digit that is not ASCII
    (lambda t: t + t.splitlines()[1] + "\n", False),  # a unit twice
    (lambda t: t.replace("29956,", "99999,"), False),  # not a unit
    (lambda t: t.replace("29956,", "870,"), False),  # not a reporting unit
    (lambda t: t.replace("29956,2024", "29956,2023"), False),  # periods out of order
    (lambda t: t.replace(",2024,1562,", ",2024,99999999999999999999,"), False),
    (lambda t: t.replace("29956,2024,", "29956,,"), False),  # a blank period
    (lambda t: t.replace("29956,2024,", ",2024,"), False),  # a blank unit
    # what str.strip takes off, on the last row (a period after the others, not before)
    (lambda t: _last_row(t, ",2024,", ",2024\v,"), False),
    (lambda t: _last_row(t, ",2024,", ",2024\f,"), False),
    (lambda t: _last_row(t, ",2024,", ",2024\x1c,"), False),
    (lambda t: _last_row(t, ",2024,", ",2024 ,"), False),
    (lambda t: t.replace(",2024,", ",FY2024,").replace(",FY2024,1562,", ",FY2024,-0,"),
     False),  # -0 in a block the quick check does not take
    (lambda t: t.rstrip("\n"), True),  # no line end at the end
    (lambda t: "\ufeff" + t, True),  # a byte-order mark
])
@pytest.mark.parametrize("on", [[], ["--on", "2024-12-31"]])
def test_what_the_column_path_refuses_is_read_row_by_row(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        change: Any, taken: bool, on: list[str]) -> None:
    f = tmp_path / "d.csv"
    f.write_text(change(SAMPLE.read_text("utf-8")), "utf-8")
    columns, rows, whole = _three_ways(capsys, monkeypatch, str(f), *RATE, "--format", "csv",
                                       "--lang", "en", *on)
    assert columns == rows == whole
    assert done == ([True] if taken else [])


@columns_needed
@pytest.mark.parametrize(("engine", "size", "fmt", "taken"), [
    ("auto", 0, "csv", True), ("auto", 1 << 62, "csv", False), ("rows", 0, "csv", False),
    ("columns", 1 << 62, "csv", True), ("auto", 0, "json", True),
    ("auto", 1 << 62, "json", False), ("auto", 0, "text", True), ("rows", 0, "text", False),
    ("columns", 1 << 62, "text", True)])
def test_the_engine_is_chosen_by_the_option_and_the_size(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        engine: str, size: int, fmt: str, taken: bool) -> None:
    """CSV from COLUMNAR_FROM on, JSON and text from COLUMNAR_TEXT_FROM (below them the
    row path is quicker), unless the option says otherwise."""
    f = tmp_path / "d.csv"
    f.write_text(_periods(["2023", "2024"]), "utf-8")
    monkeypatch.setattr(cmd_rollup, "COLUMNAR_FROM", size)
    monkeypatch.setattr(cmd_rollup, "COLUMNAR_TEXT_FROM", size)
    done.clear()

    def columnar(*a: Any) -> int:
        found = _COLUMNAR(*a)
        done.append(True)
        return found

    monkeypatch.setattr(cmd_rollup, "_columnar", columnar)
    got = _run(capsys, str(f), *RATE, "--format", fmt, "--engine", engine)
    # (JSON is checked first, then written: the column path runs twice)
    assert done == ([True] * (2 if fmt == "json" else 1) if taken else [])
    assert got == _run(capsys, str(f), *RATE, "--format", fmt, "--engine", "rows")


@pytest.mark.parametrize("periods", [["2024"], ["2023", "2024"]])
@pytest.mark.parametrize("levels", [[], ["commune", "total"]])
def test_json_written_a_unit_at_a_time_is_json_dumps_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        periods: list[str], levels: list[str]) -> None:
    """The command's JSON is the text ``json.dumps(..., indent=2)`` gives for the whole
    document (the units are written without building them as objects)."""
    from childprotect.rollup.result import Rollup

    f = tmp_path / "d.csv"
    f.write_text(_periods(periods, drop=3), "utf-8")
    args = [str(f), *RATE, "--format", "json", *(a for lv in levels for a in ("--level", lv))]
    fast = _run(capsys, *args)

    def slow(self: Rollup, keep: Any = (), depth: int = 1) -> str:
        units = [u for u in self.to_json()["units"]  # type: ignore[attr-defined]
                 if not keep or u["level"] in keep]
        return json.dumps(units, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)

    from childprotect.rollup import jsontext

    monkeypatch.setattr(jsontext, "json_unit_pieces",
                        lambda r, keep=(), depth=1: iter([slow(r, keep, depth)]))
    assert _run(capsys, *args) == fast
    data = json.loads(fast[1])
    assert [d["period"] for d in (data if len(periods) > 1 else [data])] == periods


@pytest.mark.parametrize("fmt", ["csv", "json", "text"])
def test_asking_for_columns_without_numpy_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    """Every format of the column path needs numpy, and nothing else."""
    from childprotect.formats import columnar

    f = tmp_path / "d.csv"
    f.write_text(_periods(["2024"]), "utf-8")
    want = _run(capsys, str(f), "--format", fmt, "--engine", "rows", "--lang", "en")
    asked = []

    def available(polars: bool = False) -> bool:
        asked.append(polars)
        return False

    monkeypatch.setattr(columnar, "available", available)
    code, out, err = _run(capsys, str(f), "--format", fmt, "--engine", "columns",
                          "--lang", "en")
    assert (code, out) == want[:2]
    assert "numpy is not installed" in err and "row by row" in err
    assert asked == [False]


@columns_needed
def test_periods_written_with_spaces_are_read_as_the_row_reader_reads_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``2024 `` is the period ``2024`` (the row reader strips it): with ``--on`` (no date
    read from the period) the column path must not write it as another period."""
    text = _periods(["2023", "2024"])
    for p in ("2023", "2024"):
        text = text.replace(f",{p},", f",{p} ,")
    f = tmp_path / "d.csv"
    f.write_text(text, "utf-8")
    columns, rows, whole = _three_ways(capsys, monkeypatch, str(f), "--format", "csv",
                                       "--on", "2024-12-31")
    assert columns == rows == whole
    assert "\n2024,total," in rows[1] and done == []  # type: ignore[index]


def test_a_pipe_is_read_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that cannot be read twice (a pipe) is read whole: the periods out of order,
    which the period-at-a-time reader gives back to the whole-file reader, still roll up."""
    import subprocess
    import sys

    header, *rows = _periods(["2024", "2023"]).splitlines()
    plain = tmp_path / "d.csv"
    plain.write_text("\n".join([header, *rows]) + "\n", "utf-8")
    want = _run(capsys, str(plain), "--format", "csv")
    got = subprocess.run(  # the file given through a pipe, as /dev/stdin
        [sys.executable, "-c", "import sys; from childprotect.cli import main; "
         "sys.exit(main(sys.argv[1:]))", "rollup", "/dev/stdin", "--format", "csv"],
        input=plain.read_bytes(), capture_output=True, timeout=120, check=False)
    assert (got.returncode, got.stdout.decode("utf-8")) == want[:2]
    assert "2023,total" in want[1]


@pytest.mark.parametrize("fmt", ["csv", "json", "text"])
@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_out_writes_to_the_file_what_standard_output_gets(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, engine: str) -> None:
    # (without polars, --engine columns says so on stderr and reads row by row: the same)
    f = tmp_path / "d.csv"
    f.write_text(_periods(["2024-01", "2024-02"], drop=1), "utf-8")
    args = [str(f), *RATE, "--format", fmt, "--engine", engine, "--lang", "en"]
    code, out, err = _run(capsys, *args)
    target = tmp_path / f"out.{fmt}"
    assert _run(capsys, *args, "--out", str(target)) == (code, f"wrote {target}\n", err)
    assert target.read_bytes() == out.encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.csv", f"out.{fmt}"]


def test_a_run_that_fails_leaves_no_file_and_keeps_the_one_there(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _periods(["2023", "2024"]).splitlines()
    lines[-1] = ",".join([*lines[-1].split(",")[:2], "x", *lines[-1].split(",")[3:]])
    f = tmp_path / "d.csv"
    f.write_text("\n".join(lines) + "\n", "utf-8")
    old = tmp_path / "out.csv"
    old.write_text("kept\n", "utf-8")
    code, out, err = _run(capsys, str(f), "--format", "csv", "--out", str(old), "--lang", "en")
    assert (code, out) == (2, "") and f"line {len(lines)}, column 'children'" in err
    assert old.read_text("utf-8") == "kept\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.csv", "out.csv"]
    missing = tmp_path / "no-such-folder" / "out.csv"
    code, out, err = _run(capsys, str(SAMPLE), "--format", "csv", "--out", str(missing),
                          "--lang", "en")
    assert (code, out) == (2, "")
    assert f"cannot write {missing}: " in err and "Traceback" not in err


@columns_needed
@pytest.mark.parametrize("fmt", ["csv", "json", "text"])
def test_a_file_saved_by_a_spreadsheet_takes_the_fast_paths(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        fmt: str) -> None:
    """Lines ended by CR LF after a byte-order mark, as Excel saves "CSV UTF-8": read a
    column at a time, or a period at a time row by row, as the same file with LF."""
    text = _periods(["2024-01", "2024-02"], drop=1)
    lf, crlf = tmp_path / "lf.csv", tmp_path / "crlf.csv"
    lf.write_text(text, "utf-8")
    crlf.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    streamed: list[bool] = []
    real = cmd_rollup._streamed

    def spy(*a: Any) -> int:
        found = real(*a)
        streamed.append(True)
        return found

    monkeypatch.setattr(cmd_rollup, "_streamed", spy)
    args = [*RATE, "--format", fmt]
    want = _run(capsys, str(lf), *args, "--engine", "rows")
    columns, rows, whole = _three_ways(capsys, monkeypatch, str(crlf), *args)
    assert done == [True] and streamed == [True, True]  # (LF, then CR LF row by row)
    assert columns == rows == whole == want


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_out_may_not_be_the_file_read(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      fmt: str) -> None:
    f = tmp_path / "d.csv"
    f.write_text(SAMPLE.read_text("utf-8"), "utf-8")
    before = f.read_bytes()
    code, out, err = _run(capsys, str(f), "--format", fmt, "--out", str(tmp_path / "." / "d.csv"),
                          "--lang", "en")
    assert (code, out) == (2, "") and "is a file the command reads" in err
    assert f.read_bytes() == before and _names(tmp_path) == ["d.csv"]


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_period_not_written_as_one_names_the_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The error named neither the file nor that --on takes such periods."""
    f = tmp_path / "d.csv"
    f.write_text(SAMPLE.read_text("utf-8").replace(",2024,", ",FY24,"), "utf-8")
    code, out, err = _run(capsys, str(f), "--lang", "en")
    assert (code, out) == (2, "")
    assert err == (f"childprotect: error: {f}: period 'FY24' is not written YYYY, YYYY-MM, "
                   "YYYY-Qn, YYYY-Sn or YYYY-MM-DD: write it so, or give the day of its units "
                   "with --on DATE\n")
    assert _run(capsys, str(f), "--on", "2024-12-31")[0] in (0, 1)


def test_a_count_some_units_left_blank_is_said_under_the_table(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """"3 of 3 units reported" with a children total over two of them, and no word of it
    (a workbook with one blank cell gave Huế's total over 39 of 40 communes so)."""
    f = tmp_path / "d.csv"
    f.write_text("unit,period,children,special\n29956,2024,10,1\n29962,2024,,2\n"
                 "29971,2024,5,1\n", "utf-8")
    code, out, _ = _run(capsys, str(f), "--within", "87", "--lang", "en")
    assert code in (0, 1)
    assert ("left blank by some of the 3 units that reported (their totals are over the "
            "others): children 2/3\n") in out
    f.write_text("unit,period,children,special\n29956,2024,10,1\n29971,2024,5,1\n", "utf-8")
    assert "left blank" not in _run(capsys, str(f), "--within", "87", "--lang", "en")[1]


@pytest.mark.parametrize("fmt", ["text", "csv"])
def test_a_unit_reported_twice_is_named_with_its_lines(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    """The conflict said which unit, not where in a file of thousands of lines."""
    f = tmp_path / "d.csv"
    f.write_text("unit,period,children\n29956,2024,10\n29962,2024,4\n\n29956,2024,11\n"
                 "29956,2024-06,1\n", "utf-8")
    code, out, err = _run(capsys, str(f), "--within", "87", "--lang", "en", "--format", fmt)
    assert code == 1
    said = out if fmt == "text" else err
    assert f"2024/29956: {f} lines 2, 5\n" in said and "2024-06/29956" not in said


def test_estimate_reasons_in_json_are_the_same_in_both_languages(
        capsys: pytest.CaptureFixture[str]) -> None:
    """A machine field: its reasons were written in the language asked for."""
    outs = [_run(capsys, str(SAMPLE), "--to", "2025-07-01", "--format", "json", "--lang", lang)
            for lang in ("vi", "en")]
    assert outs[0][1] == outs[1][1]
    units = json.loads(outs[0][1])["units"]
    reasons = [u for u in units if u["estimate_reasons"]]
    assert reasons and all(len(u["estimate_reasons"]) == len(u["estimate_reasons_vi"])
                           for u in reasons)
    assert any("missing from some of the units" in r for u in reasons
               for r in u["estimate_reasons"])


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_unknown_codes_are_named_with_their_lines(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str) -> None:
    """A code that does not exist is named with the lines it is on (it was only listed)."""
    header, *rows = SAMPLE.read_text("utf-8").splitlines()
    rows[3] = "99999" + rows[3][rows[3].index(","):]
    p = tmp_path / "d.csv"
    p.write_text("\n".join([header, *rows]) + "\n", "utf-8")
    code, out, err = _run(capsys, str(p), "--lang", lang)
    assert code == 2 and out == ""
    line = "line" if lang == "en" else "dòng"
    assert f"99999 ({line} 5)" in err


# --- where a wrong unit code is ---------------------------------------------------------------

def _book(path: Path, units: list[object]) -> Path:
    from tests.formats.tabular.helpers import workbook

    return workbook(path, [["unit", "period", "children"],
                           *[[u, "2024", 10 + i] for i, u in enumerate(units)]],
                    title="Số liệu")


HOAN_KIEM = ["00037", "00040", "00043", "00046", "00049", "00052", "00055", "00058"]


def test_an_unknown_code_of_a_workbook_is_named_with_its_cell(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = _book(tmp_path / "hk.xlsx", [*HOAN_KIEM[:5], "00999", *HOAN_KIEM[5:]])
    code, _, err = _run(capsys, str(f), "--lang", "en")
    assert code == 2
    assert "1 unit code(s) do not exist on 2024-12-31: 00999 ('Số liệu'!A7)" in err


@pytest.mark.parametrize("streamed", [True, False])
def test_an_unknown_code_of_a_csv_file_is_named_with_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        streamed: bool) -> None:
    if not streamed:
        _whole(monkeypatch)
    f = tmp_path / "hk.csv"
    f.write_text("unit,period,children\n" + "".join(
        f"{c},2024,1\n" for c in [*HOAN_KIEM[:2], "00999", *HOAN_KIEM[2:], "00999"]), "utf-8")
    code, _, err = _run(capsys, str(f), "--lang", "en")
    assert code == 2
    assert "00999 (line 4, line 11)" in err


def test_a_commune_typed_as_a_number_is_not_read_as_a_province(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """00058 typed as a number is 58, Tỉnh Ninh Thuận: the rollup covered Hà Nội and Ninh
    Thuận, with the row left out as not at the commune level."""
    f = _book(tmp_path / "hk.xlsx", [*HOAN_KIEM[:7], 58])
    code, out, err = _run(capsys, str(f), "--lang", "en")
    assert (code, out) == (2, "")
    assert "58 ('Số liệu'!A9) → 00058" in err and "format the code column as text" in err
    g = _book(tmp_path / "ok.xlsx", HOAN_KIEM)
    assert _run(capsys, str(g), "--format", "csv")[0] == 0


def test_a_stray_province_row_in_csv_is_named_as_not_at_the_level_that_reports(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``58`` among Hoàn Kiếm's communes in a CSV file (Excel dropped 00058's zeros): the
    province exists, so the row is one of another level, with the code it may be; never
    an "unknown unit" to carry through a crosswalk."""
    f = tmp_path / "hk.csv"
    f.write_text("unit,period,children\n" + "".join(
        f"{c},2024,10\n" for c in [*HOAN_KIEM[:7], "58"]), "utf-8")
    code, out, err = _run(capsys, str(f), "--lang", "en", "--format", "text")
    assert code == 1
    assert "rollup.not-reporting-level" in out + err and "00058" in out + err
    assert "rollup.unknown-unit" not in out + err
    # and Ninh Thuận's 62 communes are not listed as missing beside Hà Nội's 572
    assert "7 of 579 units reported" in out


def test_a_row_outside_the_area_asked_for_is_named_with_the_code_it_may_be(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With --within 01, ``58`` (for Hà Nội's 00058) was only "outside the area"."""
    f = tmp_path / "hk.csv"
    f.write_text("unit,period,children\n" + "".join(
        f"{c},2024,10\n" for c in [*HOAN_KIEM[:7], "58"]), "utf-8")
    code, out, err = _run(capsys, str(f), "--lang", "en", "--format", "text",
                          "--within", "01")
    assert code == 1
    assert ("outside the area asked for and are left out: 58; 1 of them look like codes "
            "that lost their leading zeros") in out + err and "58 → 00058" in out + err


@columns_needed
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_each_period_names_its_own_day_when_the_units_are_the_same(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        fmt: str) -> None:
    """Months whose units do not change share the part of the country the data cover, but
    each names the day of its own units: 2024-02-29, 2024-03-31, not the first month's
    day three times."""
    f = tmp_path / "d.csv"
    f.write_text(_periods(["2024-01", "2024-02", "2024-03"]), "utf-8")
    columns, rows, whole = _three_ways(capsys, monkeypatch, str(f), *RATE, "--format", fmt,
                                       "--lang", "en")
    assert columns == rows == whole
    assert done == [True]  # (the column path wrote it)
    out = columns[1]
    assert isinstance(out, str)
    days = [f'"hierarchy_as_of": "{d}"' if fmt == "json" else f"(units as of {d})"
            for d in ("2024-01-31", "2024-02-29", "2024-03-31")]
    assert all(out.count(d) == 1 for d in days)


def _units_list(folder: Path, names: dict[str, str] | None = None) -> Path:
    """Đồng Tháp's units until the 2025 reorganisation (``names``: some of them renamed)."""
    import csv

    path = _dong_thap(folder)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["name_vi"] = (names or {}).get(r["code"], r["name_vi"])
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


@columns_needed
@pytest.mark.parametrize("fmt", ["csv", "json", "text"])
@pytest.mark.parametrize("case", ["no units that day", "a long unit code", "a long name",
                                  "a NUL at the end of a name"])
def test_what_the_column_path_cannot_lay_out_goes_row_by_row(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        fmt: str, case: str) -> None:
    """A day without units (a traceback before), a unit code of a million characters and a
    name of 100,000 (which took gigabytes laid out as wide as the longest), and a name
    ending with a NUL (left out of the text table before): the row path's output and
    errors, byte for byte."""
    monkeypatch.setattr(cmd_rollup, "COLUMNAR_FROM", 0)
    monkeypatch.setattr(cmd_rollup, "COLUMNAR_TEXT_FROM", 0)
    text = _periods(["2024"])
    names: dict[str, str] = {}
    if case == "no units that day":
        text = _periods(["2026"])
    elif case == "a long unit code":
        text += "0" * 1_000_000 + ",2024" + ",1" * (text.splitlines()[0].count(",") - 1) + "\n"
    elif case == "a long name":
        names = {"87": "Đồng Tháp " * 10_000}
    else:
        names = {"87": "Đồng Tháp\x00"}
    units = _units_list(tmp_path, names)
    f = tmp_path / "d.csv"
    f.write_text(text, "utf-8")
    args = [str(f), "--hierarchy", str(units), *RATE, "--format", fmt, "--lang", "en"]
    got = _run(capsys, *args)
    assert got == _run(capsys, *args, "--engine", "rows")
    assert "Traceback" not in got[2]


@columns_needed
@pytest.mark.parametrize("room", [0, 1 << 20, 8 << 20])
def test_json_of_a_few_periods_is_written_from_what_the_check_kept(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        room: int) -> None:
    """The pass that checks a file for JSON keeps its periods rolled up while they fit
    (then the file is read once), else the file is read again: the same bytes either way,
    and as the row path writes them."""
    from childprotect.cli import _rollup_columns
    from childprotect.formats import columnar as columnar_module

    monkeypatch.setattr(cmd_rollup, "COLUMNAR_TEXT_FROM", 0)
    monkeypatch.setattr(_rollup_columns, "KEEP", room)
    reads: list[str] = []
    real = columnar_module.read_period_columns

    def counted(path: str, *a: Any, **k: Any) -> Any:
        reads.append(path)
        return real(path, *a, **k)

    monkeypatch.setattr(columnar_module, "read_period_columns", counted)
    f = tmp_path / "d.csv"
    f.write_text(_periods(["2023", "2024", "2024-06"]), "utf-8")
    args = [str(f), *RATE, "--format", "json", "--lang", "en"]
    got = _run(capsys, *args)
    # a period of the sample, its arrays: a few KB (all kept in 1 MiB, none in 0)
    assert len(reads) == (2 if room == 0 else 1)
    assert got == _run(capsys, *args, "--engine", "rows")
    assert got[0] == 0 and got[1].startswith("[")


@pytest.mark.parametrize("periods", [["2024-03"], ["2024-01", "2024-02", "2024-Q3"]])
def test_a_workbook_made_a_period_at_a_time_is_the_workbook_of_the_whole_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        periods: list[str]) -> None:
    """`--format xlsx` reads one CSV file a period at a time, each period's rows kept on
    disk, and writes the same workbook as the file read whole."""
    from tests.formats.tabular.xlsx_reference import same, shown

    f = tmp_path / "d.csv"
    f.write_text(_periods(periods, drop=2), "utf-8")
    whole: list[bool] = []
    real = cmd_rollup._whole

    def spy(*args: Any) -> int:
        whole.append(True)
        return real(*args)

    monkeypatch.setattr(cmd_rollup, "_whole", spy)
    code, out, _ = _run(capsys, str(f), *RATE, "--format", "xlsx", "--out",
                        str(tmp_path / "a.xlsx"))
    assert whole == [] and code in (0, 1) and "a.xlsx" in out  # (read a period at a time)
    _whole(monkeypatch)
    assert _run(capsys, str(f), *RATE, "--format", "xlsx", "--out",
                str(tmp_path / "b.xlsx"))[0] == code
    assert same(shown(tmp_path / "a.xlsx"), shown(tmp_path / "b.xlsx")) == []
    assert _names(tmp_path) == ["a.xlsx", "b.xlsx", "d.csv"]  # (nothing else written)


def test_a_workbook_refused_is_the_error_without_reading_the_file_again(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A workbook that cannot be written (a folder that does not exist) is the error at
    once: the file is not read again whole, every period in memory, to fail the same way."""
    f = tmp_path / "d.csv"
    f.write_text(_periods(["2024-01", "2024-02"]), "utf-8")
    whole: list[bool] = []
    monkeypatch.setattr(cmd_rollup, "_whole", lambda *a: whole.append(True) or 0)
    code, out, err = _run(capsys, str(f), "--format", "xlsx", "--lang", "en", "--out",
                          str(tmp_path / "no" / "a.xlsx"))
    assert (code, out, whole) == (2, "", []) and "cannot write" in err


def test_a_full_temporary_folder_reads_the_file_whole_for_a_workbook(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """No room for the periods' rows on disk: the file is read whole, its rows in memory,
    and the workbook is written; the rows kept so far are removed before."""
    import errno

    from childprotect.formats.tabular.spooled import SpooledRows

    f = tmp_path / "d.csv"
    f.write_text(_periods(["2024-01", "2024-02"]), "utf-8")
    made: list[SpooledRows] = []
    real_init, real_add = SpooledRows.__init__, SpooledRows.add

    def init(self: SpooledRows) -> None:
        real_init(self)
        made.append(self)

    def add(self: SpooledRows, rows: Any) -> None:
        if len(made) > 2:  # (the second level of the first period)
            raise OSError(errno.ENOSPC, "No space left on device")
        real_add(self, rows)

    open_at_whole: list[int] = []
    real_whole = cmd_rollup._whole

    def whole(*args: Any) -> int:
        open_at_whole.append(sum(not s._file.closed for s in made))
        return real_whole(*args)

    monkeypatch.setattr(SpooledRows, "__init__", init)
    monkeypatch.setattr(SpooledRows, "add", add)
    monkeypatch.setattr(cmd_rollup, "_whole", whole)
    code, out, _ = _run(capsys, str(f), "--format", "xlsx", "--out", str(tmp_path / "a.xlsx"))
    assert code in (0, 1) and "a.xlsx" in out and (tmp_path / "a.xlsx").is_file()
    assert open_at_whole == [0] and len(made) == 3  # (none made by the whole file's pass)


def test_a_workbook_into_a_device_says_so_on_standard_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Standard output may be the workbook itself: the sentence goes to standard error."""
    f = tmp_path / "d.csv"
    f.write_text(_periods(["2024-01"]), "utf-8")
    code, out, err = _run(capsys, str(f), "--format", "xlsx", "--out", "/dev/null",
                          "--lang", "en")
    assert code in (0, 1) and out == "" and "wrote /dev/null" in err

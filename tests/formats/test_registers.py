"""Per-child registers tallied by numpy blocks (or polars blocks) give the row-by-row tally,
exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childprotect.children.tally import tally_children
from childprotect.errors import ValidationError
from childprotect.formats import columnar, registers
from childprotect.formats.registers import tally_csv_file

pytestmark = pytest.mark.skipif(not columnar.available(),
                                reason="the column path needs polars and numpy (the test "
                                       "extra installs them)")

ON = date(2024, 12, 31)
good = st.tuples(st.sampled_from(["29971", "29956", "00001"]),
                 st.one_of(st.dates(date(2000, 1, 1), ON).map(date.isoformat),
                           st.sampled_from(["2008-12-31", "2009-01-01", "2024-12-31"])),
                 st.lists(st.sampled_from("01"), min_size=3, max_size=3).map(",".join))
# Rows the row reader refuses or reads otherwise: each must send the file row by row.
odd = st.sampled_from(["29971,2024-02-30,0,0,0", "29971,2024-1-05,0,0,0",
                       "29971,2024-01-05,2,0,0", "29971,2024-01-05,00,0,0",
                       "29971,2025-06-01,1,0,0", ",2020-01-01,0,0,0", "",
                       "29971,2020-01-01,0,0", "29971,2020-01-01, 1,0,0",
                       "29971,0000-01-01,0,0,0", "29971,2020-01-01,+1,0,0"])


def _tally(path: Path, engine: str, *, on: date = ON, block: int = 1 << 20) -> object:
    """The tally of a file by ``engine`` (counts and records), or its error (the file
    named f.csv)."""
    try:
        m, recs = tally_csv_file(str(path), on=on, period="2024", block=block, engine=engine)
        return m.counts, recs
    except ValidationError as exc:
        return str(exc).replace(str(path), "f.csv")


def _row_by_row(lines: list[str], anomalies: list | None) -> object:
    try:
        m, recs = tally_children(lines, on=ON, period="2024", source="f.csv",
                                 anomalies=anomalies)
    except ValidationError as exc:
        return str(exc)
    return m.counts, recs


@given(st.lists(st.one_of(good.map(",".join), odd), max_size=40), st.booleans(),
       st.booleans(), st.integers(30, 400))
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_file_tallies_as_its_rows_do(tmp_path_factory: pytest.TempPathFactory,
                                       rows: list[str], bom: bool, listed: bool,
                                       block: int) -> None:
    """Counts, the order of the communes and every error are those of the row tally,
    whatever the blocks; a file with an odd row is tallied row by row."""
    lines = ["commune,birth_date,group_a,group_b,group_đ", *rows]
    path = tmp_path_factory.mktemp("t") / "f.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + "\n".join(lines).encode() + b"\n")
    got_anomalies: list = []
    want_anomalies: list = []
    try:
        m, recs = tally_csv_file(str(path), on=ON, period="2024", block=block,
                                 anomalies=got_anomalies if listed else None,
                                 engine="columns")
        got: object = (m.counts, recs)
    except ValidationError as exc:
        got = str(exc).replace(str(path), "f.csv")
    assert got == _row_by_row(lines, want_anomalies if listed else None)
    assert got_anomalies == want_anomalies


def _spy(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    taken: list[str] = []
    real = getattr(registers, name)

    def spy(*a: object) -> object:
        out = real(*a)
        taken.append(name)
        return out

    monkeypatch.setattr(registers, name, spy)
    return taken


def test_each_path_takes_the_files_it_reads(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines of one length: numpy (by default); codes of two widths: polars (only with
    engine="columns"); rows otherwise. The counts are the same whichever path runs."""
    fixed, polars_path = _spy(monkeypatch, "_tally_fixed"), _spy(monkeypatch, "_tally_columns")
    path = tmp_path / "f.csv"
    path.write_text("commune,birth_date,group_a\n29971,2015-01-01,1\n29956,2001-01-01,1\n",
                    "utf-8")
    m, recs = tally_csv_file(str(path), on=ON, period="2024")
    assert (fixed, polars_path) == (["_tally_fixed"], [])
    assert [(r.unit, dict(r.values)) for r in recs] == [
        ("29956", {"children": 0, "group_a": 0, "special": 0}),
        ("29971", {"children": 1, "group_a": 1, "special": 1})]
    m2, recs2 = tally_csv_file(str(path), on=ON, period="2024", engine="rows")
    assert (m2.counts, recs2) == (m.counts, recs)
    assert fixed == ["_tally_fixed"]  # (engine="rows" never reads by columns)
    crlf = tmp_path / "crlf.csv"  # a spreadsheet's CSV: lines ended by CR LF
    crlf.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert tally_csv_file(str(crlf), on=ON, period="2024")[1] == recs
    assert fixed == ["_tally_fixed"] * 2
    mixed = tmp_path / "g.csv"
    mixed.write_text("commune,birth_date,group_a\n29971,2015-01-01,1\n1,2016-01-01,0\n",
                     "utf-8")
    got = tally_csv_file(str(mixed), on=ON, period="2024", engine="columns")
    assert polars_path == ["_tally_columns"]
    want = tally_csv_file(str(mixed), on=ON, period="2024", engine="rows")
    assert (got[0].counts, got[1]) == (want[0].counts, want[1])
    assert [r.unit for r in got[1]] == ["1", "29971"]


# Fixed-width rows, good and bad: any digits in the date (months 00–19, days 00–39, the
# year 0000, 29 February of any year), codes of one or several widths (up to 20 digits),
# flags 0, 1 or 2.
_digit = st.sampled_from("0123456789")
_date = st.one_of(
    st.tuples(st.sampled_from(["0000", "0001", "1900", "2000", "2008", "2009", "2016",
                               "2023", "2024", "2025", "9999"]),
              st.sampled_from(["00", "01", "02", "09", "12", "13", "19"]),
              st.sampled_from(["00", "01", "28", "29", "30", "31", "32", "39"]))
    .map("-".join),
    st.dates(date(2005, 1, 1), ON).map(date.isoformat))


@given(st.sampled_from([1, 5, 5, 5, 6, 18, 19, 20]), st.booleans(), st.integers(0, 3),
       st.lists(st.tuples(st.lists(_digit, min_size=20, max_size=20).map("".join), _date,
                          st.lists(st.sampled_from("0110110112"), min_size=3,
                                   max_size=3).map(",".join),
                          st.dates(date(2000, 1, 1), date(2024, 2, 29)).map(date.isoformat)),
                max_size=30),
       st.sampled_from([40, 64, 200, 1 << 22]), st.sampled_from([ON, date(2024, 2, 29)]),
       st.sampled_from(["\n", "\r\n", "\r\n", "\r"]), st.booleans(),
       st.sampled_from([True, True, False]))
@settings(max_examples=150, deadline=None)
def test_fixed_width_files_tally_as_their_rows_do(width: int, mixed: bool, k: int,
                                                  rows: list, block: int, on: date,
                                                  end: str, last: bool, clean: bool
                                                  ) -> None:
    """Lines ended by LF or CR LF (a spreadsheet's CSV), the last with or without its end:
    the counts and errors of the row tally of the same file. (``clean`` files have only
    days that exist and flags 0/1, so that the numpy path takes many.)"""
    import tempfile

    groups = ["group_a", "group_b", "group_đ"][:k]
    lines = [",".join(["commune", "birth_date", *groups])]
    for i, (code, born, flags, good) in enumerate(rows):
        w = width if not mixed or i % 2 else max(1, width - 1)
        cells = flags.split(",")[:k]
        if clean:
            born, cells = good, [c if c != "2" else "1" for c in cells]
        lines.append(",".join([code[:w], born, *cells]))
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "f.csv"
        path.write_bytes((end.join(lines) + (end if last else "")).encode())

        got, want = (_tally(path, engine, on=on, block=block) for engine in ("auto", "rows"))
    assert got == want
    if end == "\n":  # (the rows as a list of lines: the same again)
        try:
            m2, recs2 = tally_children(lines, on=on, period="2024", source="f.csv")
            assert want == (m2.counts, recs2)
        except ValidationError as exc:
            assert want == str(exc)


@pytest.mark.parametrize("engine", ["auto", "rows", "columns"])
def test_a_blank_flag_is_an_error_on_every_engine(tmp_path: Path, engine: str) -> None:
    """A blank flag is not a 0 (the column engine once counted it as one); a line of
    another length than the others keeps the fixed-width reader out of it."""
    path = tmp_path / "f.csv"
    path.write_text("commune,birth_date,group_a\n29971,2015-01-01,1\n29971,2016-01-01,\n"
                    "29971,2017-01-01,0\n", "utf-8")
    with pytest.raises(ValidationError, match="line 3: group flags must be 0 or 1"):
        tally_csv_file(str(path), on=ON, period="2024", engine=engine)


def test_a_file_in_another_encoding_is_named(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes("commune,birth_date,nhóm\n29971,2015-01-01,1\n".encode("cp1258"))
    with pytest.raises(ValidationError, match=r"f\.csv: bytes that are not UTF-8"):
        tally_csv_file(str(path), on=ON, period="2024", engine="columns")
    with pytest.raises(ValidationError, match="choose auto, rows or columns"):
        tally_csv_file(str(path), on=ON, period="2024", engine="fast")


@pytest.mark.parametrize("born", [
    "1900-02-29", "2000-02-29", "2023-02-29", "2024-02-29", "2100-02-29", "0000-01-01",
    "0001-01-01", "2024-00-10", "2024-13-01", "2024-04-31", "2024-04-30", "2024-12-32",
    "2024-12-00", "2008-12-31", "2009-01-01", "2024-12-31", "2025-01-01", "9999-12-31"])
def test_each_birth_date_is_read_as_the_row_reader_reads_it(tmp_path: Path,
                                                            born: str) -> None:
    """Days that do not exist are refused, leap years are the Gregorian ones, and the
    bounds of childhood are those of the row tally (born after 2008-12-31, on or before
    2024-12-31)."""
    path = tmp_path / "f.csv"
    path.write_text(f"commune,birth_date,group_a\n29971,2015-01-01,1\n29956,{born},1\n",
                    "utf-8")

    assert _tally(path, "auto") == _tally(path, "rows")


@pytest.mark.parametrize("text", [
    # one length, but the second line's end is no CR LF: its flag is "11"
    "commune,birth_date,group_a\r\n29971,2015-01-01,1\r\n29971,2015-01-01,11\n",
    "commune,birth_date,group_a\n29971,2015-01-01,1\n29971,2015-01-0\r\n",
    "commune,birth_date,group_a\r\n29971,2015-01-01,1\r\n29956,2016-01-01,0\r\n",
    "commune,birth_date\r\n29971,2015-01-01\r\n2997,2015-01-01\r\n"])
def test_line_ends_are_checked_on_every_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(text.encode())

    assert _tally(path, "auto") == _tally(path, "rows")


@given(st.lists(good, min_size=1, max_size=30), st.data())
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_white_space_around_cells_changes_no_count(tmp_path_factory: pytest.TempPathFactory,
                                                   rows: list[tuple[str, str, str]],
                                                   data: st.DataObject) -> None:
    """`` 00001`` is commune ``00001`` on every engine (they once counted it as another
    commune, and a rollup then saw two reports of one commune): spaces around any cell of
    a per-child file leave the tally of the clean file."""
    pad = st.sampled_from(["", " ", "  ", "\t"])
    spaced = []
    for code, born, flags in rows:
        cells = [code, born, *flags.split(",")]
        spaced.append(",".join(data.draw(pad) + c + data.draw(pad) for c in cells))
    clean = ["commune,birth_date,group_a,group_b,group_đ", *map(",".join, rows)]
    folder = tmp_path_factory.mktemp("s")
    (folder / "f.csv").write_text("\n".join(clean) + "\n", "utf-8")
    (folder / "g.csv").write_text("\n".join([clean[0], *spaced]) + "\n", "utf-8")
    want = _tally(folder / "f.csv", "rows")
    for engine in ("auto", "rows", "columns"):
        assert _tally(folder / "g.csv", engine) == want


@pytest.mark.parametrize("engine", ["auto", "rows", "columns"])
def test_an_empty_commune_code_is_an_error(tmp_path: Path, engine: str) -> None:
    """A child with no commune was counted in a commune named ""."""
    path = tmp_path / "f.csv"
    path.write_text("commune,birth_date,group_a\n29971,2015-01-01,1\n  ,2016-01-01,0\n",
                    "utf-8")
    with pytest.raises(ValidationError, match="line 3: the commune code is empty"):
        tally_csv_file(str(path), on=ON, period="2024", engine=engine)


@pytest.mark.parametrize("engine", ["auto", "rows", "columns"])
def test_a_quote_left_open_is_an_error_naming_the_line(tmp_path: Path, engine: str) -> None:
    """The ``csv`` module's field limit was a traceback (``_csv.Error``)."""
    path = tmp_path / "f.csv"
    path.write_text("commune,birth_date,group_a\n29971,2015-01-01,1\n"
                    '29971,"2016-01-01,0\n' + "29971,2015-01-01,1\n" * 12_000, "utf-8")
    with pytest.raises(ValidationError, match=r"f\.csv line 3: a cell runs on past 131072 "
                       "characters: a double quote"):
        tally_csv_file(str(path), on=ON, period="2024", engine=engine)


def test_line_numbers_count_the_lines_of_a_quoted_cell(tmp_path: Path) -> None:
    """A record over two lines (a quoted line break) moves the next record's line."""
    path = tmp_path / "f.csv"
    path.write_text('commune,birth_date,group_a\n"29971\n",2015-01-01,1\n29971,2015-01-01,2\n',
                    "utf-8")
    with pytest.raises(ValidationError, match="line 4: group flags must be 0 or 1"):
        tally_csv_file(str(path), on=ON, period="2024", engine="rows")


@pytest.mark.parametrize("flags", ["10,", ",11", "1,01", "11,0", ",", "1 1,0"])
@pytest.mark.parametrize("engine", ["auto", "rows", "columns"])
def test_flag_cells_are_read_one_by_one(tmp_path: Path, engine: str, flags: str) -> None:
    """The row reader checked the flags joined together: the cells "10" and "" counted as
    group a and not b."""
    path = tmp_path / "f.csv"
    path.write_text(f"commune,birth_date,a,b\n29971,2015-01-01,1,0\n29971,2015-01-01,{flags}\n",
                    "utf-8")
    with pytest.raises(ValidationError, match="line 3: group flags must be 0 or 1"):
        tally_csv_file(str(path), on=ON, period="2024", engine=engine)


@pytest.mark.parametrize("engine", ["auto", "rows", "columns"])
def test_an_unknown_commune_is_named_with_its_lines(tmp_path: Path, engine: str) -> None:
    """Whichever path tallies the file, the lines of a code that does not exist on the
    reference date are named: the first three, then how many more."""
    from childprotect.errors import UnknownUnits
    from childprotect.units.national_list import national

    f = tmp_path / "r.csv"
    rows = ["29971,2015-03-01,1"] * 5
    rows[1:1] = ["29999,2016-03-01,0"] * 5
    f.write_text("commune,birth_date,group_a\n" + "\n".join(rows) + "\n", "utf-8")
    h = national().on(ON)
    with pytest.raises(UnknownUnits) as got:
        tally_csv_file(str(f), on=ON, period="2024", units=h, engine=engine)
    assert got.value.codes == ("29999",)
    assert "29999 (line 3, line 4, line 5 +2)" in str(got.value)
    assert {c: list(map(str, at)) for c, at in registers.commune_lines(
        str(f), {"29971"}).items()} == {
        "29971": ["line 2", "line 8", "line 9", "line 10", "line 11"]}


@pytest.mark.parametrize("engine", ["auto", "rows", "columns"])
def test_a_commune_that_does_not_report_is_named_with_its_lines(tmp_path: Path,
                                                                engine: str) -> None:
    from childprotect.errors import UnknownUnits
    from childprotect.units.national_list import national

    f = tmp_path / "r.csv"
    f.write_text("commune,birth_date,group_a\n00037,2015-03-01,1\n00058,2016-03-01,0\n"
                 "58,2016-03-01,0\n", "utf-8")
    with pytest.raises(UnknownUnits) as got:
        tally_csv_file(str(f), on=ON, period="2024", units=national().on(ON), engine=engine)
    assert got.value.codes == ("58",)
    assert "58 (province, line 4)" in str(got.value) and "58 → 00058" in str(got.value)


@pytest.mark.parametrize("width", [1, 5, 6, 7, 18])
def test_both_ways_of_telling_communes_apart_tally_as_the_rows_do(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    """Codes of up to six digits are counted, wider ones sorted: each way, on clean files
    that the numpy path reads (it must not fall back), gives the row tally, codes of all
    zeros and all nines included, over several blocks."""
    fixed = _spy(monkeypatch, "_tally_fixed")
    codes = ["0" * width, "9" * width, ("1" + "0" * (width - 1)) if width > 1 else "5"]
    lines = ["commune,birth_date,group_a,group_b"]
    for i in range(300):
        lines.append(f"{codes[i % 3]},{2009 + i % 16}-{1 + i % 12:02d}-{1 + i % 28:02d},"
                     f"{i % 2},{(i // 3) % 2}")
    path = tmp_path / "f.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    got = _tally(path, "auto", block=512)
    assert fixed == ["_tally_fixed"]
    assert got == _tally(path, "rows")
    assert isinstance(got, tuple) and [r.unit for r in got[1]] == sorted(set(codes))

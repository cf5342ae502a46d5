"""The rollup CSV reader that reads a file a block of bytes at a time."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.errors import ValidationError
from childprotect.formats.counts import read_csv_file, read_csv_text
from tests.rollup.test_rollup import csv_texts


def _whole(text: str) -> object:
    texts: dict[str, dict[str, str]] = {}
    try:
        m, rows = read_csv_text(text, None, "f.csv", texts=texts)
        got = list(rows)
    except ValidationError as exc:
        return str(exc)
    _texts_are_the_counts(got, texts)
    return m.counts, got


def _blocks(path: Path, block: int) -> object:
    texts: dict[str, dict[str, str]] = {}
    try:
        m, rows = read_csv_file(str(path), texts=texts, block=block)
        got = list(rows)
    except ValidationError as exc:
        return str(exc).replace(str(path), "f.csv")
    _texts_are_the_counts(got, texts)
    return m.counts, got


def _texts_are_the_counts(rows: list[tuple[str, str, tuple[object, ...]]],
                          texts: dict[str, dict[str, str]]) -> None:
    """The counts kept as text (for the output) are the counts read, written as numbers.

    (Which rows have their text kept depends on how the lines fall into blocks; a unit
    listed twice keeps the text of one of its rows: the rollup uses it only when the rows
    agree.)"""
    written: dict[tuple[str, str], set[str]] = {}
    for u, p, v in rows:
        written.setdefault((p, u), set()).add(",".join(map(str, v)))
    for period, by_unit in texts.items():
        for unit, text in by_unit.items():
            assert text in written[period, unit]


@given(csv_texts(), st.integers(1, 80), st.booleans(), st.integers(0, 3), st.booleans())
def test_a_file_read_a_block_at_a_time_reads_as_the_whole_text(
        tmp_path_factory: pytest.TempPathFactory, text: str, block: int, bom: bool,
        blank_tail: int, crlf: bool) -> None:
    """Rows, the texts of the counts and every error are those of the whole text, however
    the bytes are cut (blocks as small as one byte, lines cut in the middle, a CR LF line
    end cut between its two bytes)."""
    text += "\n" * blank_tail
    if crlf:  # as a spreadsheet saves it
        text = text.replace("\n", "\r\n")
    path = tmp_path_factory.mktemp("c") / "f.csv"
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8"))
    assert _blocks(path, block) == _whole(text)


@given(st.lists(st.sampled_from(["2023", "2024", "2024-Q1"]), min_size=1, max_size=30),
       st.integers(1, 64))
def test_periods_and_line_numbers_across_blocks(
        tmp_path_factory: pytest.TempPathFactory, periods: list[str], block: int) -> None:
    """A bad cell far into a file is named by its line, whatever block it falls in."""
    lines = ["unit,period,a", *(f"{i:05d},{p},{i}" for i, p in enumerate(periods))]
    lines[-1] = lines[-1].rsplit(",", 1)[0] + ",x"
    text = "\n".join(lines) + "\n"
    path = tmp_path_factory.mktemp("c") / "f.csv"
    path.write_text(text, "utf-8")
    got = _blocks(path, block)
    assert got == _whole(text)
    assert f"line {len(lines)}, column 'a'" in str(got)


@pytest.mark.parametrize("raw", [
    b'unit,period,a\n"29971",2024,1\n',
    b"unit,period,a\r29971,2024,1\r",  # a carriage return alone ends a line for csv
    b"unit,period,a\n29971,2024\r,1\n",
    b"unit,period,a\n29971,2024,1\n29956,2024,\xe1\n",  # Windows-1258, not UTF-8
    codecs.BOM_UTF16_LE + "unit,period,a\n".encode("utf-16-le"),
    b"unit,period,a\n29971,2024,1\x00\n",
])
def test_only_plain_files_are_read_a_block_at_a_time(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(raw)
    with pytest.raises(ValidationError, match="not a plain UTF-8 CSV file"):
        list(read_csv_file(str(path), block=8)[1])


def test_an_empty_or_missing_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "e.csv").write_bytes(b"")
    with pytest.raises(ValidationError, match=r"e\.csv: empty file"):
        read_csv_file(str(tmp_path / "e.csv"))
    with pytest.raises(ValidationError, match=r"cannot read data file .*nope\.csv"):
        read_csv_file(str(tmp_path / "nope.csv"))
    with pytest.raises(ValidationError, match="cannot read data file"):
        read_csv_file(str(tmp_path))


_CELLS = st.sampled_from(["0", "7", "007", "1562", "1.562", "12.345.678", " 9 ", "\u00a08",
                          "", "1,5", "1562.0", "+3", "-2", "x", "#N/A", "1 562", "0.5"])


@given(st.lists(st.tuples(st.sampled_from(["00004", "00008", "00025"]),
                          st.sampled_from(["2024", "2025"]), _CELLS, _CELLS),
                min_size=2, max_size=6, unique_by=lambda r: r[:2]),
       st.sampled_from([",", ";", "\t"]), st.integers(1, 11))
def test_one_file_reads_as_the_same_rows_in_several_files(
        tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, ...]], sep: str,
        cut: int) -> None:
    """The same counts in one file or split into two give the same records, or both an
    error (one file went through a strict reader that refused ``1.562`` and ``;``, and
    several through the workbook reader that takes them). (A unit twice is not drawn:
    across files it is an error naming both cells, in one file the rollup's anomaly.)"""
    from childprotect.formats.datafiles import read_counts

    def text(part: list[tuple[str, ...]]) -> str:
        lines = [sep.join(["unit", "period", "a", "b"])]
        lines += [sep.join(f'"{c}"' if "," in c and sep == "," else c for c in r)
                  for r in part]
        return "\n".join(lines) + "\n"

    cut = min(cut, len(rows) - 1)
    folder = tmp_path_factory.mktemp("c")
    whole, first, second = folder / "w.csv", folder / "p.csv", folder / "q.csv"
    whole.write_text(text(rows), "utf-8")
    first.write_text(text(rows[:cut]), "utf-8")
    second.write_text(text(rows[cut:]), "utf-8")

    def records(paths: list[Path]) -> object:
        try:
            m, recs = read_counts([str(p) for p in paths])
        except ValidationError:
            return "error"
        return m.counts, sorted(((r.unit, r.period, tuple(r.values.items())) for r in recs),
                                key=repr)

    assert records([whole]) == records([first, second])

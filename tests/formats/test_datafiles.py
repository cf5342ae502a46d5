"""The one reader of data files (``childprotect.formats.datafiles``): the unit codes read
from cells holding numbers, and where the rows of some codes are, read again for an error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childprotect.errors import ChildProtectError
from childprotect.formats.datafiles import read_counts, unit_places
from childprotect.formats.tabular.cells import Ref
from childprotect.formats.tabular.reading import read_table
from childprotect.formats.tabular.sources import Engine
from tests.formats.tabular.helpers import ENGINES, workbook

HEAD = ["unit", "period", "children"]


def _places(*args: Any) -> dict[str, list[str]]:
    """:func:`unit_places` as the texts a message shows in the language in use."""
    return {code: [str(p) for p in at] for code, at in unit_places(*args).items()}


def _hoan_kiem_book(path: Path) -> Path:
    """A plain sheet under a title, as a commune office makes one: text codes, a code
    typed as a number (00058 → 58), one as a number with a fraction's type (2024.0 is a
    period), a blank row, a typo."""
    return workbook(path, [["Biểu số liệu năm 2024"], [], HEAD,
                           ["00037", "2024", 12], [58, 2024.0, 7], [None, None, None],
                           ["00999", "2024", 3], [40.0, "2024", 5]], title="Số liệu")


@ENGINES
def test_code_cells_that_hold_numbers_are_known_by_their_rows(tmp_path: Path,
                                                              engine: Engine) -> None:
    t = read_table(_hoan_kiem_book(tmp_path / "hk.xlsx"), key=("unit", "period"),
                   engine=engine)
    assert [r["unit"] for r in t] == ["00037", "58", "00999", "40"]
    assert [r.ref("unit").inside for r in t.typed_as_numbers("unit")] == [
        "'Số liệu'!A5", "'Số liệu'!A8"]
    assert [r.number for r in t.typed_as_numbers("period")] == [5]
    numbers: dict[str, set[str]] = {}
    read_counts(tmp_path / "hk.xlsx", numbers=numbers)
    assert numbers == {"2024": {"58", "40"}}


def test_csv_cells_are_text(tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text("Mã,Tên\nunit,name,period,children\n58,Lý Thái Tổ,2024,7\n", "utf-8")
    t = read_table(f, key=("unit", "period"))
    assert t.typed_as_numbers("unit") == ()
    numbers: dict[str, set[str]] = {}
    read_counts(f, numbers=numbers)
    assert numbers == {}


def test_places_in_a_workbook_name_the_cell(tmp_path: Path) -> None:
    f = _hoan_kiem_book(tmp_path / "hk.xlsx")
    assert _places(f, {"00999", "58", "12345"}, "2024") == {
        "00999": ["'Số liệu'!A7"], "58": ["'Số liệu'!A5"]}
    assert _places(f, {"00999"}, "2023") == {}


def test_places_in_csv_files_name_the_line(tmp_path: Path) -> None:
    counts = tmp_path / "c.csv"
    counts.write_text("sep=;\nunit;period;children\n00037;2024;1\n00999;2024;2\n"
                      "00999;2025;2\n", "utf-8")
    assert _places(counts, ["00999"], "2024") == {"00999": ["line 4"]}
    template = tmp_path / "mau.csv"
    template.write_text("Mã đơn vị,Tên,Kỳ,Trẻ em\nunit,name,period,children\n"
                        "00037,A,2024,1\n00999,B,2024,2\n", "utf-8-sig")
    assert _places(template, ["00999"], "2024") == {"00999": ["line 4, column A"]}


def test_places_in_several_files_name_the_file(tmp_path: Path) -> None:
    a = workbook(tmp_path / "a.xlsx", [HEAD, ["00037", "2024", 1], ["00999", "2024", 2]])
    b = tmp_path / "b.csv"
    b.write_text("unit,period,children\n00040,2024,1\n00999,2025,2\n88888,2024,1\n", "utf-8")
    got = _places([a, b], {"00999", "88888"}, "2024")
    assert got == {"00999": [str(Ref(str(a), "Sheet1", 3, 1))],
                   "88888": [str(Ref(str(b), None, 4, 1))]}


def test_places_in_json_name_the_record(tmp_path: Path) -> None:
    f = tmp_path / "d.json"
    rec = [{"unit": u, "period": p, "values": {"a": 1}}
           for u, p in [("00037", "2024"), ("00999", "2024"), ("00999", "2025")]]
    f.write_text(json.dumps(rec), "utf-8")
    assert _places(f, {"00999"}, "2024") == {"00999": ["$[1]"]}
    f.write_text(json.dumps({"records": rec}), "utf-8")
    assert _places(f, {"00999"}, "2025") == {"00999": ["$.records[2]"]}


def test_a_place_in_vietnamese(tmp_path: Path) -> None:
    from childprotect.i18n import use

    f = tmp_path / "c.csv"
    f.write_text("unit,period,children\n00999,2024,2\n", "utf-8")
    with use("vi"):
        assert _places(f, {"00999"}, "2024") == {"00999": ["dòng 2"]}
        assert Ref("c.csv", None, 2, 1).inside == "dòng 2, cột A"
    assert Ref("c.csv", None, 2, 1).inside == "line 2, column A"


CODES = ["29971", "29956", "99999", "00004"]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(CODES), st.sampled_from(["2024", "2025"]),
                          st.integers(0, 9)), max_size=12, unique_by=lambda r: r[:2]),
       st.sampled_from([",", ";"]), st.booleans(), st.sampled_from(["2024", "2025"]))
def test_csv_lines_of_each_code(tmp_path: Path, rows: list[tuple[str, str, int]],
                                separator: str, blank_lines: bool, period: str) -> None:
    """Each code's places are the lines of the period's rows it is on, in order (blank
    lines counted, as an editor counts them)."""
    lines = [separator.join(["unit", "period", "children"])]
    want: dict[str, list[int]] = {}
    for code, p, n in rows:
        if blank_lines:
            lines.append("")
        lines.append(separator.join([code, p, str(n)]))
        if p == period:
            want.setdefault(code, []).append(len(lines))
    f = tmp_path / "d.csv"
    f.write_text("\n".join(lines) + "\n", "utf-8")
    got = _places(f, {"99999", "00004"}, period)
    assert got == {c: [f"line {n}" for n in ns] for c, ns in sorted(want.items())
                   if c in {"99999", "00004"}}


def test_a_file_gone_or_damaged_is_a_library_error(tmp_path: Path) -> None:
    """(:func:`~childprotect.rollup.areas.require_known` then names the codes alone.)"""
    with pytest.raises(ChildProtectError):
        unit_places(tmp_path / "gone.csv", ["99999"], "2024")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\x00\x00")
    with pytest.raises(ChildProtectError):
        unit_places(bad, ["99999"], "2024")

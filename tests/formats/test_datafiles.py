"""Where unit codes are in data files, found again when an error names them."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childprotect.formats.datafiles import unit_places

CODES = ["29971", "29956", "99999", "00004"]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(CODES), st.sampled_from(["2024", "2025"]),
                          st.integers(0, 9)), max_size=12, unique_by=lambda r: r[:2]),
       st.sampled_from([",", ";"]), st.booleans())
def test_csv_lines_of_each_code(tmp_path: Path, rows: list[tuple[str, str, int]],
                                separator: str, blank_lines: bool) -> None:
    """Each code's places are the lines it is on, in order, the first three and how many
    more (blank lines counted, as an editor counts them)."""
    lines = [separator.join(["unit", "period", "children"])]
    want: dict[str, list[int]] = {}
    for code, period, n in rows:
        if blank_lines:
            lines.append("")
        lines.append(separator.join([code, period, str(n)]))
        want.setdefault(code, []).append(len(lines))
    p = tmp_path / "d.csv"
    p.write_text("\n".join(lines) + "\n", "utf-8")
    got = unit_places(p, {"99999", "00004"})
    expect = {c: [f"{p} line {n}" for n in ns[:3]] + ([f"{len(ns) - 3} more"] if len(ns) > 3
                                                     else [])
              for c, ns in sorted(want.items()) if c in {"99999", "00004"}}
    assert got == expect


def test_workbook_cells(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Số liệu"
    ws.append(["unit", "period", "children"])
    ws.append(["29971", "2024", 5])
    ws.append(["99999", "2024", 6])
    ws.append([4, "2024", 7])  # a code typed as a number
    p = tmp_path / "d.xlsx"
    wb.save(p)
    assert unit_places(p, ["99999", "4"]) == {"4": [f"{p}: 'Số liệu'!A4"],
                                             "99999": [f"{p}: 'Số liệu'!A3"]}


def test_several_files_name_the_file(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("unit,period,children\n29971,2024,1\n", "utf-8")
    b.write_text("unit,period,children\n99999,2024,1\n", "utf-8")
    got = unit_places([a, b], ["99999"])
    assert list(got) == ["99999"] and str(b) in got["99999"][0]


def test_nothing_for_json_or_a_file_gone(tmp_path: Path) -> None:
    j = tmp_path / "d.json"
    j.write_text('{"measures": [], "records": []}', "utf-8")
    assert unit_places(j, ["99999"]) == {}
    assert unit_places(tmp_path / "gone.csv", ["99999"]) == {}
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\x00\x00")
    assert unit_places(bad, ["99999"]) == {}

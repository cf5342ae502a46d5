"""``childprotect units``: list, show, find, successors and predecessors on the national
registry, in every format and both languages."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childprotect.cli import main

HEADER = ["code", "name_vi", "kind", "parent", "valid_from", "valid_to", "source"]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["units", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _csv(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, str]]:
    code, out, _ = _run(capsys, *argv, "--format", "csv")
    assert code == 0
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames == HEADER or argv[0] != "list"
    return list(reader)


@pytest.mark.parametrize(("day", "level", "count"), [
    ("2025-06-30", "province", 63), ("2025-07-01", "province", 34),
    ("2025-07-01", "commune", 3321), ("2025-07-01", "district", 0),
])
def test_list_counts_on_both_sides_of_the_reform(capsys: pytest.CaptureFixture[str], day: str,
                                                 level: str, count: int) -> None:
    assert len(_csv(capsys, "list", "--on", day, "--level", level)) == count


def test_list_has_ten_thousand_communes_the_day_before(capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    rows = _csv(capsys, "list", "--on", "2025-06-30", "--level", "commune")
    assert len(rows) >= 10000
    assert {r["kind"] for r in rows} == {"xa", "phuong", "thi-tran"}


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dates(date(2023, 4, 10), date(2027, 12, 31)))
def test_each_rows_parent_exists_on_that_day(capsys: pytest.CaptureFixture[str], day: date
                                             ) -> None:
    rows = _csv(capsys, "list", "--on", day.isoformat())
    codes = {r["code"] for r in rows}
    assert len(codes) == len(rows)
    assert all(not r["parent"] or r["parent"] in codes for r in rows)
    # each unit comes after its parent: the list reads top down
    seen: set[str] = set()
    for r in rows:
        assert not r["parent"] or r["parent"] in seen
        seen.add(r["code"])


def test_list_within_a_unit_and_headers_in_both_languages(capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    vi = _run(capsys, "list", "--on", "2024-12-31", "--within", "474", "--format", "csv")[1]
    en = _run(capsys, "list", "--on", "2024-12-31", "--within", "474", "--format", "csv",
              "--lang", "en")[1]
    assert vi == en and vi.splitlines()[0] == ",".join(HEADER)
    rows = list(csv.DictReader(io.StringIO(vi)))
    assert rows[0] == {"code": "474", "name_vi": "Thành phố Huế",
                       "kind": "thanh-pho-thuoc-tinh", "parent": "46", "valid_from": "",
                       "valid_to": "2024-12-31", "source": rows[0]["source"]}
    assert "175/2024/QH15" in rows[0]["source"]
    assert len(rows) == 37 and {r["parent"] for r in rows[1:]} == {"474"}
    text_vi = _run(capsys, "list", "--on", "2024-12-31", "--within", "474")[1]
    text_en = _run(capsys, "list", "--on", "2024-12-31", "--within", "474", "--lang", "en")[1]
    assert "37 đơn vị hành chính vào ngày 31/12/2024" in text_vi and "phường" in text_vi
    assert "37 units on 2024-12-31" in text_en and "ward" in text_en


def test_list_json_and_unverified_units_flagged(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "list", "--on", "2025-03-01", "--format", "json", "--lang",
                          "en")
    data = json.loads(out)
    assert code == 0 and data["on"] == "2025-03-01"
    flagged = [u for u in data["units"] if not u["verified"]]
    assert flagged and all("UNVERIFIED" in u["source"] for u in flagged)
    assert f"{len(flagged)} of these units" in err


def test_list_before_the_modelled_days_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "list", "--on", "2020-01-01", "--level", "province",
                        "--lang", "en")
    assert code == 0 and "models the units from 2023-04-10" in err


def test_show_every_version_of_a_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "show", "46", "--lang", "en")
    assert code == 0
    assert "46 Tỉnh Thừa Thiên Huế (province, province level)" in out
    assert "from 2025-01-01: went into 46 Thành phố Huế (whole unit)" in out
    data = json.loads(_run(capsys, "show", "29995", "--on", "2024-06-01", "--format",
                           "json")[1])
    (v,) = data["versions"]
    assert v["above"] == ["870", "87"]
    assert [(s["new"], s["share"], s["share_known"]) for s in v["successors"]] == [
        ("29992", None, False), ("30154", None, False)]


def test_find_ranks_and_disambiguates(capsys: pytest.CaptureFixture[str]) -> None:
    rows = _csv(capsys, "find", "P. 4, TP Tân An")
    assert rows[0]["code"] == "27691" and rows[0]["context"] == "1"
    code, out, _ = _run(capsys, "find", "Van Lang", "--on", "2025-07-01", "--lang", "en")
    assert code == 0 and "fit equally well" in out
    assert "Tỉnh Thái Nguyên" in out and "Tỉnh Phú Thọ" in out
    data = json.loads(_run(capsys, "find", "Xã Văn Lăng", "--on", "2025-07-01", "--format",
                           "json")[1])
    assert data["candidates"][0]["code"] == "05665"
    assert data["candidates"][0]["fit"] == {"context": 0, "tone_marks": True,
                                            "kind_word": True}


def test_successors_and_predecessors(capsys: pytest.CaptureFixture[str]) -> None:
    rows = _csv(capsys, "successors", "29995")
    assert [(r["new"], r["share"], r["share_known"]) for r in rows] == [
        ("29992", "", "false"), ("30154", "", "false")]
    code, out, _ = _run(capsys, "successors", "29995", "--lang", "en")
    assert code == 0 and "share unknown" in out and "2 part(s) of split units" in out
    rows = _csv(capsys, "predecessors", "19", "--on", "2025-07-01")
    assert {r["old"] for r in rows if len(r["old"]) == 2} == {"06", "19"}
    assert all(r["share"] == "1" for r in rows)
    data = json.loads(_run(capsys, "predecessors", "29992", "--format", "json")[1])
    assert {(x["old"], x["share_known"]) for x in data["links"]} == {
        ("29992", True), ("29998", True), ("29995", False)}


@pytest.mark.parametrize("argv", [
    ["show", "99999"], ["show", "06", "--on", "2025-07-01"], ["successors", "99999"],
    ["list", "--on", "2025-07-01", "--within", "06"], ["find", "Xã Không Có Thật"],
])
def test_unknown_codes_and_names_exit_2_naming_them(capsys: pytest.CaptureFixture[str],
                                                    argv: list[str]) -> None:
    code, _, err = _run(capsys, *argv)
    assert code == 2
    assert (argv[1] if argv[0] != "list" else "06") in err


def test_json_is_the_same_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["show", "46"], ["find", "Huế"], ["successors", "29995"],
                 ["list", "--on", "2025-07-01", "--within", "46"]):
        vi = _run(capsys, *argv, "--format", "json")[1]
        en = _run(capsys, *argv, "--format", "json", "--lang", "en")[1]
        assert json.loads(vi) == json.loads(en)


@pytest.mark.parametrize(("day", "within"), [("2024-12-31", "46"), ("2025-07-01", "46"),
                                             ("2023-06-30", "87")])
def test_a_listed_csv_is_a_units_file_that_gives_the_bundled_units(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, day: str, within: str) -> None:
    """`units list --format csv` wrote code,name_vi,kind,parent only: given back as
    --hierarchy it was refused (a kind that exists only until 2025-06-30 for a unit with no
    dates)."""
    from childprotect.units.csvfiles import load_units_csv
    from childprotect.units.national_list import national

    code, out, _ = _run(capsys, "list", "--on", day, "--within", within,
                        "--format", "csv")
    assert code == 0
    f = tmp_path / "units.csv"
    f.write_text(out, "utf-8")
    mine = load_units_csv(f).on(date.fromisoformat(day))
    theirs = national().on(date.fromisoformat(day)).within([within])
    assert sorted((u.code, u.name_vi, u.kind, u.parent) for u in map(mine.unit, mine.codes())
                  ) == sorted((u.code, u.name_vi, u.kind, u.parent)
                              for u in map(theirs.unit, theirs.codes()))

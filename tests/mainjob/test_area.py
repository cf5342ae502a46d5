"""The plan's area on the data's date (``childprotect.mainjob.area``) and the main job on
the national units: data outside the area are reported as such, unknown codes stop it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from childprotect.cli import main
from childprotect.errors import UnknownUnits
from childprotect.formats import catalog
from childprotect.mainjob.area import plan_area
from childprotect.mainjob.job import read_dataset, run
from childprotect.units.national_list import national

HUE = "thua-thien-hue-208-2021"


def _area(plan_id: str, day: dt.date) -> frozenset[str] | None:
    return plan_area(catalog.load(plan_id), national().on(day), national())


def test_the_area_of_each_seed_plan_before_and_after_the_reform() -> None:
    assert _area(HUE, dt.date(2023, 12, 31)) == {"46"}
    assert _area(HUE, dt.date(2025, 12, 31)) == {"46"}  # Thành phố Huế keeps the code
    assert _area("hai-phong-76-2020", dt.date(2023, 12, 31)) == {"31"}
    assert _area("hong-ngu-2020", dt.date(2023, 12, 31)) == {"870"}
    after = _area("hong-ngu-2020", dt.date(2025, 12, 31))
    assert after == {"29971", "29978", "29983", "29992", "30154"}


def test_bac_kan_after_the_merger_is_the_communes_its_communes_went_into() -> None:
    day = dt.date(2025, 12, 31)
    area = _area("bac-kan-352-2019", day)
    assert area is not None and len(area) > 20
    h = national().on(day)
    assert {h.chain(c)[-1] for c in area} == {"19"}
    assert len(area) < len(h.children("19"))  # a part of the new Thái Nguyên


def _counts(path: Path, rows: list[tuple[str, int, int]]) -> Path:
    path.write_text("unit,period,children,children_special_circumstances\n" + "".join(
        f"{c},2023,{n},{k}\n" for c, n, k in rows), "utf-8")
    return path


def test_data_outside_the_plans_area_are_reported_as_such(tmp_path: Path) -> None:
    h = national().on(dt.date(2023, 12, 31))
    hue = h.children(h.children("46")[0])[:3]
    f = _counts(tmp_path / "c.csv", [(c, 1000, 10) for c in hue] + [("29995", 500, 5)])
    j = run(catalog.load(HUE), read_dataset(f), on=dt.date(2024, 1, 15), duties=False)
    assert j.root == "46"
    (found,) = [a for a in j.data_anomalies if a.kind == "data.outside-plan-area"]
    assert found.text == "29995" and found.where == "2023"
    assert "29995" not in {u.code for u in j.units}


def test_an_unknown_code_stops_the_report(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    f = _counts(tmp_path / "c.csv", [("19753", 10, 1), ("12345", 5, 0)])
    with pytest.raises(UnknownUnits) as err:
        run(catalog.load(HUE), read_dataset(f), on=dt.date(2024, 1, 15), duties=False)
    assert err.value.codes == ("12345",)
    assert main(["report", HUE, str(f), "--out", str(tmp_path / "r.html")]) == 2
    assert "12345" in capsys.readouterr().err


def test_a_wrong_code_of_a_workbook_stops_the_report_naming_its_cell(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.formats.tabular.helpers import workbook

    h = national().on(dt.date(2023, 12, 31))
    hue = h.children(h.children("46")[0])[:3]
    head = ["unit", "period", "children", "children_special_circumstances"]
    f = workbook(tmp_path / "c.xlsx", [head, *[[c, "2023", 100, 1] for c in hue],
                                       ["19998", "2023", 5, 0]], title="Số liệu")
    with pytest.raises(UnknownUnits, match=r"19998 \('Số liệu'!A5\)"):
        run(catalog.load(HUE), read_dataset(f), on=dt.date(2024, 1, 15), duties=False)
    # The province's own row, its code 46 typed as a number (as Excel keeps a typed 46):
    # it was refused as the commune 00046 (Phường Hàng Buồm), which is in Hà Nội. It is
    # above the data's communes (typed as numbers too: five digits keep their zeros), so
    # it is read as it is, and the report is written.
    for name, code_of in (("t.xlsx", str), ("n.xlsx", int)):
        g = workbook(tmp_path / name, [head, *[[code_of(c), "2023", 100, 1] for c in hue],
                                       [46, "2023", 5, 0]], title="Số liệu")
        assert read_dataset(g).numbers["2023"] >= {"46"}
        job = run(catalog.load(HUE), read_dataset(g), on=dt.date(2024, 1, 15), duties=False)
        assert job.root == "46"
        assert main(["report", HUE, str(g), "--out", str(tmp_path / "r.html"),
                     "--lang", "en"]) == 0
    assert main(["dhis2", str(f), "--period", "2023", "--map", "children=C1",
                 "--only-mapped", "--lang", "en"]) == 2
    assert "19998 ('Số liệu'!A5)" in capsys.readouterr().err


def test_a_bundles_wrong_code_is_named_with_its_file_and_record(tmp_path: Path) -> None:
    """The error named the bundle's provenance (``about.source``: the script that made the
    data) with ``$.records[5]``, a place in a file it did not name."""
    import json

    bundle = json.loads((Path(__file__).parents[2] / "examples" / "data" /
                         "hue-synthetic.json").read_text("utf-8"))
    bundle["records"][5]["unit"] = "88888"
    f = tmp_path / "hue.json"
    f.write_text(json.dumps(bundle), "utf-8")
    with pytest.raises(UnknownUnits) as got:
        run(catalog.load(HUE), read_dataset(f), on=dt.date(2024, 1, 15), duties=False)
    assert str(got.value).startswith(f"{f}: 1 unit code(s) do not exist")
    assert "88888 ($.records[5])" in str(got.value)
    assert read_dataset(f).source == bundle["about"]["source"]  # (its provenance, kept)

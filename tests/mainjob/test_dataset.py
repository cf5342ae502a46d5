"""The main job's data from an analyst's DataFrame (``read_dataset(frame)``, ``run(plan,
frame)``): what pandas makes of a province's workbook reads as the file would."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

from childprotect.errors import UnknownUnits
from childprotect.formats import catalog
from childprotect.mainjob.job import read_dataset, run
from childprotect.rollup.aggregate import rollup_periods
from childprotect.units.national_list import national

DAY = dt.date(2020, 12, 1)


def _excel_like() -> pd.DataFrame:
    """As ``pd.read_excel`` gives a sheet whose codes were typed as numbers, with a blank
    count (the column turns float64) and a count typed as text with a thousands dot."""
    return pd.DataFrame({"unit": [29971, 29956, 29974], "period": [2020, 2020, 2020],
                         "children": ["1.500", 600, 450],
                         "children_special_circumstances": [30, 15, None]})


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "counts.csv"
    path.write_text("unit,period,children,children_special_circumstances\n"
                    "29971,2020,1.500,30\n29956,2020,600,15\n29974,2020,450,\n", "utf-8")
    return path


@pytest.mark.parametrize("make", [_excel_like, lambda: pl.from_pandas(
    _excel_like().astype({"children": str}))])
def test_the_main_job_on_a_frame_is_the_main_job_on_its_file(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = catalog.load("hong-ngu-2020")
    frame = make()
    from_file = run(plan, read_dataset(_csv(tmp_path)), on=DAY, duties=False)
    from_frame = run(plan, frame, on=DAY, duties=False)
    assert from_frame.outcomes == from_file.outcomes and from_frame.root == "870"
    assert read_dataset(frame).records == from_file.dataset.records
    t11 = {o.target_id: o for o in from_frame.outcomes["870"]}["T1.1"]
    assert t11.observed == Fraction(45 * 100, 2100)  # the commune without it left out


def test_a_rollup_of_a_frame() -> None:
    ds = read_dataset(_excel_like())
    (r,) = rollup_periods(ds.records, national(), ds.measures).values()
    assert r.total("870", "children") == 1500 + 600 + 450
    assert r.total("870", "children_special_circumstances") == 45
    assert r.completeness("870").reporting == 3


def test_a_code_that_lost_its_leading_zeros_is_named_with_the_hint() -> None:
    frame = pd.DataFrame({"unit": [4, 7], "period": [2024, 2024], "children": [1, 2]})
    assert {r.unit for r in read_dataset(frame).records} == {"4", "7"}  # never padded
    with pytest.raises(UnknownUnits, match=r"<frame>: 2 unit code\(s\) do not exist on "
                                           r"2024-12-31: 4, 7; 2 of them look like codes "
                                           "that lost their leading zeros"):
        run("hong-ngu-2020", frame, on=dt.date(2025, 1, 1), duties=False)


HOAN_KIEM = ["00037", "00040", "00043", "00046", "00049", "00052", "00055", "00058"]


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_communes_typed_as_numbers_that_name_provinces_are_an_error(library: str) -> None:
    """``pd.read_excel`` of a sheet whose codes were typed as numbers: 37, 40, 46 … are
    provinces (Ninh Bình, Nghệ An …) while the sheet meant Hoàn Kiếm's communes. Only 43
    and 55, which are no unit, were named; the six others were read as provinces."""
    from childprotect.errors import MisreadUnits

    data = {"unit": [int(c) for c in HOAN_KIEM], "period": ["2024"] * 8,
            "children": [100] * 8}
    frame = pd.DataFrame(data) if library == "pandas" else pl.DataFrame(data)
    assert read_dataset(frame).numbers == {"2024": frozenset(str(int(c)) for c in HOAN_KIEM)}
    with pytest.raises(UnknownUnits) as got:
        run("hong-ngu-2020", frame, on=dt.date(2025, 1, 1), duties=False)
    assert "43 → 00043, 55 → 00055" in str(got.value)
    assert "37 → 00037, 40 → 00040, 46 → 00046, 49 → 00049, 52 → 00052, 58 → 00058" in str(
        got.value)
    only_provinces = {k: v[:3] if k != "unit" else [37, 40, 46] for k, v in data.items()}
    frame = (pd.DataFrame if library == "pandas" else pl.DataFrame)(only_provinces)
    with pytest.raises(MisreadUnits, match="37 → 00037, 40 → 00040, 46 → 00046"):
        run("hong-ngu-2020", frame, on=dt.date(2025, 1, 1), duties=False)
    as_text = {**data, "unit": HOAN_KIEM}
    assert read_dataset(pd.DataFrame(as_text)).numbers == {}


def test_a_column_no_target_uses_is_a_warning_as_in_a_file() -> None:
    frame = _excel_like().rename(columns={"children_special_circumstances":
                                          "childen_special_circumstances"})
    job = run("hong-ngu-2020", frame, on=DAY, duties=False)
    (found,) = [a for a in job.data_anomalies if a.kind == "data.unused-column"]
    assert found.text == "childen_special_circumstances"
    assert "did you mean children_special_circumstances?" in found.explain("en")

"""Assessments as DataFrames typed for analysis (childprotect.plans.frames)."""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import pandas as pd
import pytest

from childprotect.formats import catalog
from childprotect.mainjob.job import DEMO_PLAN, demo_dataset, run
from childprotect.plans.assessment import Coverage, Observation, assess
from childprotect.plans.frames import COLUMNS, assessments_frame
from childprotect.plans.status import STATUSES

HN = catalog.load("hong-ngu-2020")

EXPECTED = {
    "target": "string", "status": "category", "reason": "category", "value_unit": "string",
    "year": "Int64", "observed": "float64", "observed_exact": "string", "level": "float64",
    "level_exact": "string", "gap": "float64", "gap_exact": "string",
    "required_pace": "float64", "observed_pace": "float64", "numerator": "Int64",
    "denominator": "Int64", "coverage_reporting": "Int64", "coverage_expected": "Int64",
    "coverage": "float64", "detail": "string",
}


def _dtypes(df: pd.DataFrame) -> dict[str, str]:
    return {c: str(t) for c, t in df.dtypes.items()}


def test_the_schema() -> None:
    assert COLUMNS == EXPECTED
    met = assess(HN.target("T2"), Observation(2020, numerator=382, denominator=407,
                                               coverage=Coverage(8, 10, "commune")))
    none = assess(HN.target("T2"), [])
    df = assessments_frame([met, none], lang="en")
    assert _dtypes(df) == EXPECTED
    assert list(df["status"].cat.categories) == [s.value for s in STATUSES]
    assert df.loc[0, "observed_exact"] == "38200/407"
    assert Fraction(df.loc[0, "observed_exact"]) == met.observed
    assert math.isclose(df.loc[0, "observed"], 38200 / 407)
    assert (df.loc[0, "numerator"], df.loc[0, "denominator"]) == (382, 407)
    assert (df.loc[0, "coverage_reporting"], df.loc[0, "coverage_expected"]) == (8, 10)
    assert df.loc[0, "coverage"] == 0.8
    # missing: <NA> in every column, NaN in the float columns
    assert df.loc[1, "numerator"] is pd.NA and df.loc[1, "observed_exact"] is pd.NA
    assert df.loc[1, "year"] is pd.NA and math.isnan(df.loc[1, "observed"])
    assert df.loc[1, "status"] == "no_data"
    # counting by status shows the statuses that did not occur too
    assert len(df.groupby("status", observed=False).size()) == len(STATUSES)


def test_one_assessment_to_frame() -> None:
    a = assess(HN.target("T1.1"), Observation(2020, numerator=45, denominator=1500))
    df = a.to_frame()
    assert len(df) == 1 and _dtypes(df) == EXPECTED and df.loc[0, "observed_exact"] == "3"


@pytest.fixture(scope="module")
def job_frame() -> pd.DataFrame:
    job = run(catalog.load(DEMO_PLAN), demo_dataset(), on=dt.date(2025, 6, 1), duties=False)
    return job.to_frame(lang="vi")


def test_the_main_job_frame(job_frame: pd.DataFrame) -> None:
    lead = {"unit": "string", "name": "string", "unit_level": "string", "basis": "string"}
    assert _dtypes(job_frame) == {**lead, **EXPECTED}
    assert set(job_frame["unit_level"]) == {"province"}  # the plan's targets apply there
    share = job_frame[job_frame["target"] == "CT1.2"].iloc[0]
    assert share["basis"] == "share_of_units" and share["coverage_expected"] == 112
    assert not job_frame["status"].isna().any()

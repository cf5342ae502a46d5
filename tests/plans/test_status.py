"""One status vocabulary, one enum, everywhere (childprotect.plans.status)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from childprotect.cli import main
from childprotect.errors import ValidationError
from childprotect.formats import catalog
from childprotect.i18n.catalog import catalog as po
from childprotect.mainjob import tables
from childprotect.mainjob.job import DEMO_PLAN, demo_dataset, run
from childprotect.plans.frames import assessments_frame
from childprotect.plans.status import STATUSES, Reason, Status, parse_status
from childprotect.report import model, svg
from tests.paths import EXAMPLES

VI = {"met": "đạt", "not_met": "không đạt", "on_track": "đúng tiến độ",
      "off_track": "chậm tiến độ", "no_data": "chưa có số liệu",
      "insufficient_data": "chưa đủ số liệu", "not_assessable": "không đánh giá được"}


def test_the_vocabulary_and_its_vietnamese_labels() -> None:
    assert [s.value for s in STATUSES] == list(VI)
    for s in Status:
        assert s.label("vi") == VI[s.value]
        assert s.label("en") == s.value.replace("_", " ")
        assert po("vi")[("status", s.label("en"))] == VI[s.value]  # from the catalogue


def test_one_spelling_everywhere() -> None:
    values = {s.value for s in Status}
    assert tables.STATUSES is STATUSES  # the main job, demo and report tables
    assert set(model.STATUSES) == values and set(svg.COLOURS) == values  # HTML report
    assert all("-" not in v for v in values)
    frame = assessments_frame([])
    assert list(frame["status"].cat.categories) == [s.value for s in STATUSES]
    assert list(frame["reason"].cat.categories) == [r.value for r in Reason]


def test_statuses_read_in_either_spelling() -> None:
    assert parse_status("not-met") is parse_status(" not_met ") is Status.NOT_MET
    with pytest.raises(ValidationError, match="'late' is not a status"):
        parse_status("late")


def test_demo_json_and_assess_json_write_the_same_values(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--on", "2025-06-01", "--format", "json"]) == 0
    demo = {a["status"] for a in json.loads(capsys.readouterr().out)["assessments"]}
    job = run(catalog.load(DEMO_PLAN), demo_dataset(), on=dt.date(2025, 6, 1), duties=False)
    assert demo == {o.status.value for outs in job.outcomes.values() for o in outs}
    assert demo <= {s.value for s in Status} and "on_track" in demo
    assert main(["assess", DEMO_PLAN, str(EXAMPLES / "data" / "hue-observed.csv"), "--format",
                 "json",
                 "--on", "2025-06-30", "--fail-on", "not-met"]) == 1
    assessed = {a["status"] for a in json.loads(capsys.readouterr().out)["assessments"]}
    assert assessed == {s.value for s in Status}  # the example data shows every status

"""Tests of reporting duties: the seeds' deadlines, schedules, checks, export."""

from __future__ import annotations

import datetime as dt
import json
import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.cli import main
from childprotect.deadlines.calendar import default_calendar
from childprotect.deadlines.checks import check
from childprotect.deadlines.duties import (
    DEFAULT_READING,
    DueKind,
    DueRule,
    HolidayPolicy,
    Party,
    PeriodUnit,
    Reading,
    Recurrence,
    ReportingDuty,
    adjust,
    last_on_time_day,
    resolve_agency,
)
from childprotect.deadlines.schedules import schedule, to_ics
from childprotect.documents.document import AdminLevel
from childprotect.errors import InvalidPlanFile, ValidationError
from childprotect.formats import catalog
from childprotect.formats.convert import structure, unstructure
from childprotect.text.dates import DayMonth
from tests.seedtext import flat, flat_seed

D = dt.date
CAL = default_calendar()
HUE = "thua-thien-hue-208-2021"
BK352 = "bac-kan-352-2019"

# --- the seeds ----------------------------------------------------------------------------


@pytest.mark.seeds
@pytest.mark.parametrize("plan_id", catalog.local_ids())  # the seed plans
def test_duty_texts_are_verbatim(plan_id: str) -> None:
    seed = flat_seed(plan_id)
    for d in catalog.load(plan_id).duties:
        assert flat(d.text_vi) in seed, d.id
        if d.due.kind is not DueKind.UNSTATED:
            assert flat(d.due.text_vi) in flat(d.text_vi), d.id


_TRUOC = re.compile(r"trước ngày (\d{1,2})(?:/| tháng )(\d{1,2})", re.IGNORECASE)


@pytest.mark.seeds
@pytest.mark.parametrize("plan_id", catalog.local_ids())  # the seed plans
def test_every_dated_deadline_of_the_seed_is_encoded(plan_id: str) -> None:
    stated = {(int(d), int(m)) for d, m in _TRUOC.findall(flat_seed(plan_id))}
    encoded: set[tuple[int, int]] = set()
    for duty in catalog.load(plan_id).duties:
        if duty.due.date is not None:
            encoded.add((duty.due.date.day, duty.due.date.month))
        encoded.update((x.day, x.month) for x in duty.due.day_months)
    assert stated == encoded


@pytest.mark.seeds
def test_rule_dates_match_their_text() -> None:
    for plan in catalog.load_all():
        for d in plan.duties:
            for dm in d.due.day_months:
                assert (f"{dm.day}/{dm.month}" in d.due.text_vi
                        or f"{dm.day:02d}/{dm.month:02d}" in d.due.text_vi
                        or f"{dm.day:02d} tháng {dm.month}" in d.due.text_vi), d.id
            if d.due.date is not None:
                x = d.due.date
                assert f"{x.day}/{x.month}/{x.year}" in d.due.text_vi, d.id


def test_plan_files_round_trip_the_duties() -> None:
    for plan_id in catalog.ids():
        raw = json.loads(catalog.plan_path(plan_id).read_text("utf-8"))
        plan = catalog.load(plan_id)
        assert unstructure(plan.duties) == raw.get("duties", [])


# --- the issue's examples -----------------------------------------------------------------


def test_hue_2023_schedule() -> None:
    s = schedule(catalog.load(HUE), 2023)
    got = {(e.duty.id, e.stated, e.adjusted) for e in s}
    # 25/11/2023 is a Saturday: read exclusively, the last on-time day is Friday 24/11.
    assert (("III.13-a", D(2023, 11, 25), D(2023, 11, 24)) in got)
    assert (("IV.1-b", D(2023, 11, 30), D(2023, 11, 29)) in got)
    assert (("IV.2-a", D(2023, 12, 5), D(2023, 12, 4)) in got)
    assert [(u.duty.id, u.year) for u in s.undated] == [("IV.2-b", 2023), ("IV.3-a", None)]


def test_hue_2025_rolls_forward_from_a_weekend() -> None:
    # 30/11/2025 is a Sunday (peers.md §1.7); both readings end on Monday 01/12.
    for reading in Reading:
        s = schedule(catalog.load(HUE), 2025, reading=reading)
        e = next(e for e in s if e.duty.id == "IV.1-b")
        assert e.adjusted == D(2025, 12, 1) and e.moved
        assert "Điều 148 k.5" in str(e.reason)


def test_hue_once_deadline_in_2021() -> None:
    s = schedule(catalog.load(HUE), D(2021, 6, 1), D(2021, 6, 30))
    [e] = list(s)
    assert (e.duty.id, e.stated, e.raw, e.adjusted) == (
        "IV.1-a", D(2021, 6, 20), D(2021, 6, 19), D(2021, 6, 21))


def test_check_finds_the_two_conflicts_of_the_readme() -> None:
    hue = {(a.kind, a.text) for a in check(catalog.load(HUE))}
    assert ("deadline.conflict",
            "trước ngày 25/11 (section III.13) / trước ngày 30/11 (section IV.1)") in hue
    bk = [a for a in check(catalog.load(BK352)) if a.kind == "deadline.conflict"]
    assert len(bk) == 1 and "10/12" in bk[0].text and "05 tháng 12" in bk[0].text


def test_check_cli_shows_the_conflicts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", HUE]) == 1
    out = capsys.readouterr().out
    assert "deadline.conflict" in out and "25/11" in out and "30/11" in out
    assert main(["check", BK352, "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert any(a["kind"] == "deadline.conflict" and "10/12" in a["text"] for a in found)


def test_deadlines_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadlines", HUE, "--year", "2023", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    first = data["entries"][0]
    assert first["duty"] == "III.13-a" and first["adjusted"] == "2023-11-24"
    assert D.fromisoformat(first["stated"]) == D(2023, 11, 25)
    assert data["default_reading"] == DEFAULT_READING.value


def test_deadlines_cli_text_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadlines", HUE, "--year", "2023", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "2023-11-24" in out and "Duties without a date" in out
    assert main(["deadlines", HUE]) == 2
    assert "--year" in capsys.readouterr().err
    with pytest.raises(SystemExit) as bad_date:  # the usage error argparse reports
        main(["deadlines", HUE, "--from", "2023-02-30", "--to", "2023-03-01", "--lang", "en"])
    assert bad_date.value.code == 2
    assert "--from: expected a date YYYY-MM-DD, got '2023-02-30'" in capsys.readouterr().err


def test_ics_is_valid_rfc5545(tmp_path: object) -> None:
    import icalendar

    s = schedule(catalog.load(HUE), 2021)
    data = to_ics(s, dtstamp=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # RFC 5545 §3.1 folding
    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(s.entries)
    uids = set()
    for ev, e in zip(events, s.entries, strict=True):
        assert ev["DTSTART"].dt == e.adjusted
        assert ev["DTEND"].dt == e.adjusted + dt.timedelta(days=1)
        assert ev["DTSTAMP"].dt == dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
        uids.add(str(ev["UID"]))
    assert len(uids) == len(events)
    with pytest.raises(ValidationError):
        to_ics(s, dtstamp=dt.datetime(2026, 1, 1))


def test_deadlines_cli_ics(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["deadlines", HUE, "--year", "2023", "--format", "ics"]) == 0
    out = capfdbinary.readouterr().out
    assert out.count(b"BEGIN:VEVENT") == 4


# --- rules and readings -------------------------------------------------------------------

dates = st.dates(min_value=D(2019, 1, 1), max_value=D(2027, 12, 31))


@given(dates)
def test_readings_differ_by_exactly_one_day(stated: D) -> None:
    inc = last_on_time_day(stated, Reading.INCLUSIVE)
    exc = last_on_time_day(stated, Reading.EXCLUSIVE)
    assert inc == stated and inc - exc == dt.timedelta(days=1)


@given(dates, st.sampled_from([HolidayPolicy.FORWARD, HolidayPolicy.BACK]))
def test_adjusted_deadline_is_a_working_day(day: D, policy: HolidayPolicy) -> None:
    adjusted, why = adjust(day, policy, CAL)
    reason = why.text("en")
    assert CAL.is_working_day(adjusted)
    if CAL.is_working_day(day):
        assert adjusted == day and "not moved" in reason and "không dời" in why.text("vi")
    elif policy is HolidayPolicy.FORWARD:
        assert adjusted == CAL.next_working_day(day) and "Điều 148 k.5" in reason
    else:
        assert adjusted == CAL.previous_working_day(day)


@given(st.integers(min_value=2021, max_value=2025),
       st.sampled_from(list(Reading)))
def test_schedule_entries_are_working_days_and_follow_the_reading(year: int,
                                                                  reading: Reading) -> None:
    for e in schedule(catalog.load(HUE), year, reading=reading):
        assert CAL.is_working_day(e.adjusted)
        assert e.raw == last_on_time_day(e.stated, reading)
        assert e.adjusted >= e.raw


def test_a_rule_can_fix_its_own_reading() -> None:
    plan = catalog.load(HUE)
    duty = next(d for d in plan.duties if d.id == "IV.2-a")
    inclusive = attrs.evolve(duty, due=attrs.evolve(duty.due, reading=Reading.INCLUSIVE))
    plan2 = attrs.evolve(plan, duties=(inclusive,))
    [e] = list(schedule(plan2, 2023, reading=Reading.EXCLUSIVE))
    assert e.raw == D(2023, 12, 5) and e.reading is Reading.INCLUSIVE


def test_policy_none_keeps_a_weekend_day() -> None:
    assert adjust(D(2025, 11, 30), HolidayPolicy.NONE, CAL)[0] == D(2025, 11, 30)


def test_due_rule_validation() -> None:
    with pytest.raises(ValidationError, match="needs date"):
        DueRule(DueKind.FIXED_DATE, "trước ngày 20/6/2021")
    with pytest.raises(ValidationError, match="takes no date"):
        DueRule(DueKind.DAY_MONTH, "trước ngày 30/11", date=D(2021, 11, 30),
                day_months=(DayMonth(30, 11),))
    with pytest.raises(ValidationError, match="reading applies"):
        DueRule(DueKind.UNSTATED, "theo quy định", reading=Reading.INCLUSIVE)


def test_bad_duty_data_names_the_path() -> None:
    raw = unstructure(catalog.load(HUE).duties[0])
    raw["due"]["day_months"] = ["30/11"]
    with pytest.raises(InvalidPlanFile, match=r"\$\.due\.day_months\[0\]"):
        structure(raw, ReportingDuty)
    raw = unstructure(catalog.load(HUE).duties[0])
    raw["recurrence"] = "once"
    with pytest.raises(InvalidPlanFile, match="recurring report"):
        structure(raw, ReportingDuty)


# --- synthetic plans for the checks -------------------------------------------------------

PROV = Party("UBND tỉnh", "Provincial People's Committee")
SO = Party("Sở Lao động - Thương binh và Xã hội", "Department")


def _duty(i: str, report: str, dm: DayMonth | None = None, *, feeds: tuple[str, ...] = (),
          date: D | None = None, reporter: Party = SO) -> ReportingDuty:
    if date is not None:
        rule = DueRule(DueKind.FIXED_DATE, f"trước ngày {date:%d/%m/%Y}", date=date)
        rec = Recurrence.ONCE
    else:
        assert dm is not None
        rule = DueRule(DueKind.DAY_MONTH, f"trước ngày {dm.text()}", day_months=(dm,))
        rec = Recurrence.YEARLY
    return ReportingDuty(i, f"báo cáo trước ngày {i}", reporter, "báo cáo", "report",
                         report, rec, rule, recipient=PROV, feeds=feeds)


def _plan(*duties: ReportingDuty) -> object:
    return attrs.evolve(catalog.load(HUE), duties=duties)


def test_chain_after_and_tight() -> None:
    plan = _plan(_duty("a", "low", DayMonth(6, 12), feeds=("up",)),
                 _duty("b", "up", DayMonth(5, 12)))
    kinds = [a.kind for a in check(plan)]  # type: ignore[arg-type]
    assert kinds == ["deadline.chain-after"]
    plan = _plan(_duty("a", "low", DayMonth(2, 12), feeds=("up",)),
                 _duty("b", "up", DayMonth(4, 12)))
    found = check(plan, min_gap=5)  # type: ignore[arg-type]
    assert [a.kind for a in found] == ["deadline.chain-tight"]
    assert check(plan, min_gap=1) == []  # type: ignore[arg-type]


def test_deadline_before_issue() -> None:
    plan = _plan(_duty("a", "x", date=D(2021, 5, 31)), _duty("b", "y", date=D(2021, 6, 10)))
    found = check(plan)  # type: ignore[arg-type]
    assert [(a.kind, a.where, a.severity.value) for a in found] == [
        ("deadline.before-issue", "duties[a]", "error")]


def test_same_rule_twice_is_no_conflict() -> None:
    plan = _plan(_duty("a", "r", DayMonth(30, 11)), _duty("b", "r", DayMonth(30, 11)))
    assert check(plan) == []  # type: ignore[arg-type]


def test_units_expand_every_commune() -> None:
    plan = catalog.load("hong-ngu-2020")
    communes = ["Xã Long Khánh A", "Xã Long Thuận", "Thị trấn Thường Thới Tiền"]
    s = schedule(plan, 2020, units={AdminLevel.COMMUNE: communes})
    by_duty: dict[str, list[str]] = {}
    for e in s:
        by_duty.setdefault(e.duty.id, []).append(e.reporter)
    assert by_duty == {"III.9-b": communes, "III.9-c": communes}
    # 12/11/2020 read exclusively: Wednesday 11/11/2020.
    assert {e.adjusted for e in s if e.duty.id == "III.9-c"} == {D(2020, 11, 11)}


def test_evaluation_years() -> None:
    plan = catalog.load(BK352)
    assert all(e.condition for e in schedule(plan, 2022))
    assert list(schedule(plan, 2023, evaluation_years={2022, 2024})) == []
    got = schedule(plan, 2024, evaluation_years={2022, 2024})
    assert {e.duty.id for e in got} == {"IV.1.1-a", "IV.2.2-a", "IV.2.2-b"}
    assert not any(e.condition for e in got)


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_a_table_says_which_deadlines_are_conditional(
        capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    """The condition of a deadline is in its row (the text table lists it below): with
    the evaluation years confirmed it is gone."""
    import csv
    import io

    def rows(*more: str) -> list[str]:
        assert main(["deadlines", BK352, "--year", "2024", "--format", fmt, "--lang", "en",
                     *more]) == 0
        return capsys.readouterr().out.splitlines()

    unsure, sure = rows(), rows("--evaluation-year", "2024")
    assert len(unsure) == len(sure) and unsure != sure
    if fmt == "csv":
        table = list(csv.DictReader(io.StringIO("\n".join(unsure))))
        assert {r["duty"] for r in table if r["condition"]} == {
            "IV.1.1-a", "IV.2.2-a", "IV.2.2-b"}
        assert all(not r["condition"] for r in csv.DictReader(io.StringIO("\n".join(sure))))


def test_schedule_arguments() -> None:
    plan = catalog.load(HUE)
    with pytest.raises(ValidationError):
        schedule(plan, 2023, D(2023, 12, 31))
    with pytest.raises(ValidationError):
        schedule(plan, D(2023, 12, 31), D(2023, 1, 1))
    assert list(schedule(plan, 2030)) == []


def test_agency_resolution_is_optional() -> None:
    assert resolve_agency(Party("UBND các xã", "communes", AdminLevel.COMMUNE)) is None
    assert resolve_agency(Party("Một cơ quan không có", "none")) is None
    got = resolve_agency(SO, place="hue")
    assert got is not None and getattr(got, "kind", None) == "so-ldtbxh"


def test_duty_counted_from_an_event() -> None:
    # Thông tư 29/2019/TT-BLĐTBXH Điều 14 k.4 (law.md §4): the commune reports "no later
    # than 15 days from the end of the children's forum".
    rule = DueRule(DueKind.AFTER_EVENT, "không quá 15 ngày kể từ ngày kết thúc diễn đàn",
                   amount=15, unit=PeriodUnit.DAYS, event_vi="kết thúc diễn đàn trẻ em")
    forum = ReportingDuty("f", "báo cáo kết quả diễn đàn trẻ em", SO, "kết quả diễn đàn",
                          "forum results", "forum", Recurrence.AS_NEEDED, rule, recipient=PROV)
    plan = _plan(forum)
    assert [u.duty.id for u in schedule(plan, 2025).undated] == ["f"]  # type: ignore[arg-type]
    [e] = list(schedule(plan, 2025, events={"f": D(2025, 4, 15)}))  # type: ignore[arg-type]
    # 30/04/2025 is a holiday; 01/05 too; 02/05 is swapped off; then a weekend.
    assert (e.stated, e.adjusted) == (D(2025, 4, 30), D(2025, 5, 5))
    assert "Điều 147" in str(e.reason)
    wd = attrs.evolve(forum, due=attrs.evolve(rule, unit=PeriodUnit.WORKING_DAYS, amount=5))
    [e] = list(schedule(_plan(wd), 2025, events={"f": D(2025, 1, 24)}))  # type: ignore[arg-type]
    assert e.adjusted == D(2025, 2, 7)


def test_six_monthly_mid_term_and_end_of_period_rules() -> None:
    half = DueRule(DueKind.DAY_MONTH, "trước ngày 15/6 và 15/12",
                   day_months=(DayMonth(15, 6), DayMonth(15, 12)))
    six = ReportingDuty("s", "báo cáo 6 tháng", SO, "6 tháng", "half-year", "six",
                        Recurrence.SIX_MONTHLY, half, recipient=PROV)
    once_a_year = DueRule(DueKind.DAY_MONTH, "trước ngày 30/11", day_months=(DayMonth(30, 11),))
    mid = ReportingDuty("m", "sơ kết giữa kỳ", SO, "sơ kết", "mid-term", "mid",
                        Recurrence.MID_TERM, once_a_year, recipient=PROV, after_years=2)
    end = ReportingDuty("e", "tổng kết", SO, "tổng kết", "final", "end",
                        Recurrence.END_OF_PERIOD, once_a_year, recipient=PROV)
    plan = _plan(six, mid, end)  # the Huế period, 2021–2025
    got = {y: sorted((e.duty.id, e.stated) for e in schedule(plan, y))  # type: ignore[arg-type]
           for y in (2022, 2023, 2025)}
    assert got[2022] == [("s", D(2022, 6, 15)), ("s", D(2022, 12, 15))]
    assert ("m", D(2023, 11, 30)) in got[2023] and ("e", D(2025, 11, 30)) in got[2025]
    assert not any(i == "m" for i, _ in got[2025])
    with pytest.raises(ValidationError, match="after_years"):
        attrs.evolve(mid, after_years=None)

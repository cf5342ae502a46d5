"""Who holds a deadline's reporter and recipient on a date (childprotect.deadlines.holders),
and what the schedules, iCalendar files and the command line say about it.

The abolished bodies and their successors are those of ``data/succession.json``: district
People's Committees ended 01/07/2025 (Luật 72/2025/QH15), Sở LĐTBXH on 01/03/2025 (Nghị
quyết 176/2025/QH15, Nghị định 45/2025/NĐ-CP), district police on 01/03/2025
(legal-check-2026-12.md §2.3).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from childprotect.cli import main
from childprotect.deadlines.calendar import DayKind, WorkingCalendar, default_calendar
from childprotect.deadlines.duties import DueKind, DueRule, Party, PeriodUnit, Reading, Recurrence
from childprotect.deadlines.holders import party_holding
from childprotect.deadlines.schedules import schedule, to_ics
from childprotect.documents.document import Period
from childprotect.formats import catalog
from childprotect.plans.plan import Plan
from childprotect.text.dates import DayMonth

D = dt.date
HUE = "thua-thien-hue-208-2021"
TODAY = D(2026, 12, 3)
#: Kinds that no longer exist after 01/07/2025.
ABOLISHED = {"ubnd-huyen", "so-ldtbxh", "cong-an-huyen", "phong-ldtbxh", "bo-ldtbxh",
             "ban-dieu-hanh-huyen", "phong-y-te", "so-tttt"}


def _renewed(plan_id: str, start: int = 2026, end: int = 2030) -> Plan:
    """A bundled plan's duties in a 2026–2030 plan (the words of the old plan kept)."""
    plan = catalog.load(plan_id)
    doc = attrs.evolve(plan.document, period=Period(start, end))
    return attrs.evolve(plan, id=f"{plan_id}-renewed", document=doc)


@pytest.mark.parametrize("plan_id", catalog.local_ids())
def test_a_2027_schedule_never_names_an_abolished_body_alone(plan_id: str) -> None:
    s = schedule(_renewed(plan_id), 2027)
    for occ in {e.occurrence for e in s}:
        for h in (occ.reporter_holding, occ.recipient_holding, occ.via_holding):
            if h is None or not h.recognised:
                continue
            assert not {a.kind for a in h.holders} & ABOLISHED, (occ.duty.id, h.names)
            if {a.kind for a in h.agencies} & ABOLISHED:
                assert h.changed and h.named in h.text("vi") and h.holder_text("vi") in \
                    h.text("vi")
    for u in s.undated:
        assert u.reporter_holding is not None
        assert not {a.kind for a in u.reporter_holding.holders} & ABOLISHED


def test_holders_are_named_on_the_day_asked() -> None:
    plan = catalog.load(HUE)
    then = {e.duty.id: e for e in schedule(plan, 2023)}  # each on its own due date
    now = {e.duty.id: e for e in schedule(plan, 2023, on=TODAY)}
    assert then["IV.2-a"].occurrence.reporter_holding.holders[0].kind == "so-ldtbxh"
    assert then["IV.2-a"].occurrence.holders_on == then["IV.2-a"].adjusted
    rep = now["IV.2-a"].occurrence.reporter_holding
    assert [a.kind for a in rep.holders] == ["so-y-te"] and rep.abolished
    assert rep.text("vi") == ("Sở Y tế thành phố Huế (kế hoạch ghi: Sở Lao động - Thương "
                              "binh và Xã hội)")
    assert now["IV.2-a"].reporter_now == "Sở Y tế thành phố Huế"
    assert now["IV.2-a"].recipient_now == "Ủy ban nhân dân thành phố Huế"


def test_an_unknown_name_stays_as_written_and_says_so() -> None:
    h = party_holding(Party("các đơn vị", "the units"), "Thừa Thiên Huế", TODAY)
    assert not h.recognised and h.holders == ()
    assert h.text("en").startswith("các đơn vị (a name the agency registry does not know")


@given(st.sampled_from(["Sở LĐTBXH", "UBND tỉnh", "Công an huyện", "Phòng LĐTBXH",
                        "Ủy ban nhân dân các xã, thị trấn", "Sở Y tế"]),
       st.dates(min_value=D(2024, 1, 1), max_value=D(2030, 12, 31)))
@settings(max_examples=60, deadline=None)
def test_a_holding_after_july_2025_names_no_abolished_kind(name: str, day: D) -> None:
    h = party_holding(name, "Hồng Ngự, Đồng Tháp", day, since=D(2020, 1, 1))
    assert h.recognised
    if day >= D(2025, 7, 1):
        assert not {a.kind for a in h.holders} & ABOLISHED
    if day < D(2025, 3, 1):
        assert not h.changed


# --- "trước ngày X" on a day off, and days no notice has fixed -----------------------------


def _one_duty(plan_id: str, duty_id: str, stated: DayMonth, reading: Reading) -> Plan:
    plan = _renewed(plan_id, 2020, 2030)
    duty = next(d for d in plan.duties if d.id == duty_id)
    rule = DueRule(DueKind.DAY_MONTH, f"trước ngày {stated.day}/{stated.month}",
                   day_months=(stated,), reading=reading)
    return attrs.evolve(plan, duties=(attrs.evolve(duty, due=rule),))


@given(st.integers(1, 28), st.integers(1, 12), st.integers(2021, 2028),
       st.sampled_from(list(Reading)))
@settings(max_examples=80, deadline=None)
def test_a_deadline_moved_past_the_stated_day_says_so(day: int, month: int, year: int,
                                                      reading: Reading) -> None:
    plan = _one_duty(HUE, "IV.2-a", DayMonth(day, month), reading)
    (e,) = list(schedule(plan, year))
    past = e.adjusted >= e.stated if reading is Reading.EXCLUSIVE else e.adjusted > e.stated
    assert e.past_stated is past
    if past:
        assert e.literal_last is not None and e.literal_last < e.stated
        assert default_calendar().is_working_day(e.literal_last)
        assert any("Điều 148 k.5" in n.text("en") and "after the stated date" in n.text("en")
                   for n in e.notes)
        assert "Điều 148 k.5" in str(e.reason)  # which rule moved it
    else:
        assert e.literal_last is None


def test_a_deadline_over_the_2027_tet_says_it_rests_on_provisional_days() -> None:
    # "trước ngày 11/02" 2027: the last on-time day 10/02 is a provisional Tết day (no 2027
    # notice, Bộ luật Lao động 2019 Điều 112 k.3), so the day moves to Thursday 11/02.
    plan = _one_duty(HUE, "IV.2-a", DayMonth(11, 2), Reading.EXCLUSIVE)
    (e,) = list(schedule(plan, 2027))
    assert e.adjusted == D(2027, 2, 11) and e.past_stated
    assert [d.date for d in e.uncertain] == [D(2027, 2, 10)]
    assert any("no official notice" in n.text("en") for n in e.notes)
    # With the year's notice as a calendar-overrides entry, nothing is uncertain any more.
    from childprotect.deadlines.calendar import CalendarDay

    notice = CalendarDay(D(2027, 2, 10), DayKind.DAY_OFF, "Mùng năm Tết", "Tết", "a notice")
    (e,) = list(schedule(plan, 2027, calendar=WorkingCalendar([notice])))
    assert e.uncertain == () and not any("no official notice" in n.text("en")
                                         for n in e.notes)


def test_a_count_of_working_days_over_provisional_days_says_so() -> None:
    # "05 ngày làm việc" from Monday 01/02/2027 crosses the five provisional Tết days.
    base = _renewed("hong-ngu-2020")
    rule = DueRule(DueKind.AFTER_EVENT, "trong thời hạn 05 ngày làm việc", amount=5,
                   unit=PeriodUnit.WORKING_DAYS, event_vi="nhận được thông tin")
    duty = attrs.evolve(base.duties[0], id="w", recurrence=Recurrence.AS_NEEDED, due=rule)
    plan = attrs.evolve(base, duties=(duty,))
    (e,) = list(schedule(plan, D(2027, 1, 1), D(2027, 12, 31), events={"w": D(2027, 2, 1)}))
    assert e.adjusted == D(2027, 2, 15)  # 2, 3, 11, 12 and 15 February
    assert [d.date for d in e.uncertain] == [D(2027, 2, 4), D(2027, 2, 5), D(2027, 2, 8),
                                             D(2027, 2, 9), D(2027, 2, 10)]
    assert any("no official notice" in n.text("en") for n in e.notes)


# --- iCalendar and the command line ---------------------------------------------------------


def test_ics_names_todays_holders() -> None:
    import icalendar

    s = schedule(catalog.load(HUE), 2025, on=TODAY)
    data = to_ics(s, dtstamp=dt.datetime(2026, 12, 3, tzinfo=dt.timezone.utc), lang="vi")
    events = list(icalendar.Calendar.from_ical(data).walk("VEVENT"))
    summaries = [str(ev["SUMMARY"]) for ev in events]
    assert all("Sở Lao động" not in s for s in summaries)
    assert any("Sở Y tế thành phố Huế → Ủy ban nhân dân thành phố Huế" in s for s in summaries)
    described = "\n".join(str(ev["DESCRIPTION"]) for ev in events)
    assert "Nơi báo cáo vào ngày 03/12/2026: Sở Y tế thành phố Huế (kế hoạch ghi: Sở Lao " \
           "động - Thương binh và Xã hội)" in described
    assert "Điều 148" in described


def test_done_when_deadlines_name_no_abolished_body_alone(
        capsys: pytest.CaptureFixture[str]) -> None:
    # childprotect deadlines thua-thien-hue-208-2021 --year 2025 --on 2026-12-03
    assert main(["deadlines", HUE, "--year", "2025", "--on", "2026-12-03", "--format",
                 "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["entries"] and out["undated"]
    for e in [*out["entries"], *out["undated"]]:
        for role in ("reporter", "recipient"):
            h = e[f"{role}_holding"]
            if h is None or not h["recognised"]:
                continue
            assert h["on"] == "2026-12-03"
            assert not {k for k, _ in h["holder_ids"]} & ABOLISHED, e["duty"]
            if h["abolished"]:
                assert h["holders"] and h["named_in_plan"] == e[role]
    assert main(["deadlines", HUE, "--year", "2025", "--on", "2026-12-03"]) == 0
    text = capsys.readouterr().out
    for line in text.splitlines():
        if "Sở Lao động - Thương binh và Xã hội" in line or "UBND các huyện" in line:
            assert "kế hoạch ghi:" in line, line


def test_deadlines_with_a_calendar_file(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    # A provincial day off on Friday 28/11/2025 moves 'trước ngày 30/11' (exclusive: the
    # 29th, a Saturday) nowhere earlier, and the literal last working day to 27/11.
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"days": [{
        "date": "2025-11-28", "kind": "day-off", "name_vi": "Nghỉ theo quyết định của tỉnh",
        "name_en": "Provincial day off", "source": "Quyết định …/QĐ-UBND"}]}), "utf-8")
    assert main(["deadlines", HUE, "--year", "2025", "--calendar", str(path),
                 "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    e = next(x for x in out["entries"] if x["duty"] == "IV.1-b")
    assert e["past_stated"] and e["literal_last_working_day"] == "2025-11-27"
    path.write_text('{"days": [{"date": "2025-11-29", "kind": "day-off", "name_vi": "x", '
                    '"name_en": "x", "source": "x"}]}', "utf-8")
    assert main(["deadlines", HUE, "--year", "2025", "--calendar", str(path)]) == 2
    err = capsys.readouterr().err
    assert "$.days[0]" in err and str(path) in err


def test_calendar_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", "2026", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    days = {d["date"]: d for d in out["days"]}
    assert days["2026-01-02"]["kind"] == "day-off" and days["2026-01-02"]["basis"] == "official"
    assert days["2026-01-10"]["kind"] == "working-day"
    assert "12729/VPCP-KGVX" in days["2026-01-10"]["source"]
    assert main(["calendar", "2027", "--format", "csv", "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "date,day,kind,name,basis,source"
    assert sum(1 for x in lines if ",provisional," in x) == 6
    assert main(["calendar", "2027"]) == 0
    assert "chưa có thông báo chính thức" in capsys.readouterr().out

"""Tests of the working calendar: official days off 2020–2026, swaps, and invariants.

The pinned days come from the official schedules for state agencies, as published:

* Bộ luật Lao động 2019 Điều 112 k.1 (law.md §5.2): 01/01, 30/04, 01/05, 02/09 each year;
* Tết 2020, 23/01–29/01/2020: Sở Công Thương Đắk Lắk, 07/01/2020,
  https://socongthuong.daklak.gov.vn/vi/news/tag/thứ-tư/page-2
* Tết 2021, 10/02–16/02/2021, and Quốc khánh 2021, 4 days from 02/09: hanoimoi.vn,
  https://hanoimoi.vn/lich-nghi-tet-nguyen-dan-tan-suu-va-quoc-khanh-2-9-498925.html and
  https://m.vietnamnet.vn/en/society/labor-ministry-plans-7-day-lunar-new-year-2021-holiday-685183.html
* Tết 2022, 31/01–04/02/2022, and Quốc khánh 2022, 01/09–02/09/2022: Công văn
  245/VPCP-KGVX ngày 11/1/2022 (Phó Thủ tướng đồng ý đề nghị của Bộ Lao động - Thương binh
  và Xã hội), reported at
  https://vntrip.vn/cam-nang/nghi-tet-nguyen-dan-tu-ngay-31-01-2022-den-het-ngay-04-02-2022-118632/amp
  and https://en.baobinhthuan.com.vn/print/94428.html
* Tết 2023, 20/01–26/01/2023: Phó Thủ tướng's approval, https://pld.net.vn/tag/nghi-tet-nguyen-dan.html
* 2023: Giỗ Tổ on Saturday 29/04 and 30/04 on Sunday, off 29/04–03/05/2023:
  https://todaycnews.com/thaonguyen/nghi-le-30-4
* 2024 swap (29/04 off, Saturday 04/05 worked): Công văn 2450/VPCP-KGVX ngày 12/4/2024,
  https://baotintuc.vn/infographics/ngay-nghi-le-dip-gio-to-hung-vuong-va-304-152024-20240412212054381.htm
* Tết 2024, 08/02–14/02/2024 (05 ngày nghỉ Tết Âm lịch + 02 ngày nghỉ bù, Điều 111 k.3),
  and Quốc khánh 2024, 31/08–03/09/2024: Thông báo 5015/TB-LĐTBXH ngày 22/11/2023, quoted at
  http://huyendakha.kontum.gov.vn/tin-tuc/thong-bao-ve-viec-nghi-tet-am-lich-va-nghi-le-quoc-khanh-nam-2024-doi-voi-can-bo-cong-chuc-vien-chuc-va-nguoi-lao-dong.html
  and https://sucsongtre.vn/doi-song/can-bo-cong-chuc-vien-chuc-nguoi-lao-dong-nghi-tet-nguyen-dan-giap-thin-7-ngay.html
* Tết 2025, 25/01–02/02/2025, the 2025 swap (02/05 off, Saturday 26/04 worked) and
  Quốc khánh 2025, 30/08–02/09: Công văn 8726/VPCP-KGVX ngày 26/11/2024, reported at
  https://pld.net.vn/tag/nghi-tet-nguyen-dan.html
* Tết 2026, 14/02–22/02/2026 (Tết days 16/02–20/02): http://www.congan.com.vn/?catid=702&id=388656&mod=detnews
  and https://vietnammedia.vnanet.vn/video/lich-nghi-tet-nguyen-dan-va-quoc-khanh-nam-2026-165342.htm
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.deadlines.calendar import (
    CalendarDay,
    DayKind,
    Status,
    WorkingCalendar,
    default_calendar,
    load_days,
    shipped_days,
)
from childprotect.errors import InvalidPlanFile, ValidationError
from tests.fresh import loaded_after

D = dt.date
CAL = default_calendar()


def _span(a: dt.date, b: dt.date) -> list[dt.date]:
    return [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]


# (first day off, last day off) of official holiday breaks, each with its source above.
BREAKS = [
    (D(2020, 1, 23), D(2020, 1, 29)),  # Tết Canh Tý
    (D(2021, 2, 10), D(2021, 2, 16)),  # Tết Tân Sửu
    (D(2021, 9, 2), D(2021, 9, 5)),  # Quốc khánh 2021, 4 days
    (D(2022, 1, 31), D(2022, 2, 4)),  # Tết Nhâm Dần (245/VPCP-KGVX)
    (D(2022, 9, 1), D(2022, 9, 2)),  # Quốc khánh 2022 (245/VPCP-KGVX)
    (D(2023, 1, 20), D(2023, 1, 26)),  # Tết Quý Mão
    (D(2023, 4, 29), D(2023, 5, 3)),  # Giỗ Tổ (Sat) + 30/4 (Sun) + 1/5, two nghỉ bù
    (D(2024, 2, 8), D(2024, 2, 14)),  # Tết Giáp Thìn, 5 Tết days + 2 nghỉ bù (5015/TB-LĐTBXH)
    (D(2024, 4, 27), D(2024, 5, 1)),  # 29/04 swapped with Saturday 04/05
    (D(2024, 8, 31), D(2024, 9, 3)),  # Quốc khánh 2024 (5015/TB-LĐTBXH)
    (D(2025, 1, 25), D(2025, 2, 2)),  # Tết Ất Tỵ, 9 days
    (D(2025, 4, 30), D(2025, 5, 4)),  # 02/05 swapped with Saturday 26/04
    (D(2025, 8, 30), D(2025, 9, 2)),  # Quốc khánh 2025
    (D(2026, 2, 14), D(2026, 2, 22)),  # Tết Bính Ngọ, 9 days
]


@pytest.mark.parametrize(("first", "last"), BREAKS)
def test_official_breaks_are_days_off_and_bounded_by_working_days(first: D, last: D) -> None:
    assert [d for d in _span(first, last) if CAL.is_working_day(d)] == []
    # The break is exactly this long: the state works on the weekday before and after.
    before, after = first - dt.timedelta(days=1), last + dt.timedelta(days=1)
    while before.weekday() >= 5:
        before -= dt.timedelta(days=1)
    while after.weekday() >= 5:
        after += dt.timedelta(days=1)
    assert CAL.is_working_day(before) and CAL.is_working_day(after)


@pytest.mark.parametrize("year", range(2020, 2027))
@pytest.mark.parametrize(("month", "day"), [(1, 1), (4, 30), (5, 1), (9, 2)])
def test_fixed_statutory_holidays_are_named(year: int, month: int, day: int) -> None:
    # Bộ luật Lao động 2019 Điều 112 k.1 a, c, d, đ (and the 2012 code for 2020).
    assert CAL.holiday_name(D(year, month, day)) is not None
    assert not CAL.is_working_day(D(year, month, day))


def test_tet_names_are_vietnamese_whatever_the_locale() -> None:
    code = ("import datetime as dt; from childprotect.deadlines.calendar import WorkingCalendar; "
            "print(WorkingCalendar().holiday_name(dt.date(2026, 2, 17)))")
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", LANGUAGE="en")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == "Tết Nguyên Đán"


@pytest.mark.parametrize(("day", "working"), [
    (D(2024, 5, 4), True),  # Saturday worked (2450/VPCP-KGVX)
    (D(2024, 4, 29), False),
    (D(2025, 4, 26), True),  # Saturday worked (8726/VPCP-KGVX)
    (D(2025, 5, 2), False),
])
def test_swapped_working_days(day: D, working: bool) -> None:
    assert CAL.is_working_day(day) is working


# Tết days off of the state sector, as the notices state them (sources above).
TET_2022 = _span(D(2022, 1, 31), D(2022, 2, 4))  # 29 tháng Chạp Tân Sửu – mùng 4 Nhâm Dần
TET_2024 = _span(D(2024, 2, 8), D(2024, 2, 14))  # 29 tháng Chạp Quý Mão – mùng 5 Giáp Thìn


@pytest.mark.parametrize("day", TET_2022 + TET_2024)
def test_tet_2022_and_2024_days_are_tet_days_off(day: D) -> None:
    # Công văn 245/VPCP-KGVX (2022); Thông báo 5015/TB-LĐTBXH (2024). The 2024 weekend
    # (10–11/02) falls inside the break, made up by the nghỉ bù days 13–14/02.
    assert not CAL.is_working_day(day)
    name = CAL.holiday_name(day)
    assert name is not None and "Tết" in name
    # The package alone carries them: no shipped entry is needed for these years.
    assert not WorkingCalendar(shipped=False).is_working_day(day)
    assert CAL.entry(day) is None


@pytest.mark.parametrize("year", [2022, 2024])
def test_no_weekend_day_is_worked_around_tet_2022_and_2024(year: int) -> None:
    # Neither notice swaps a working day over Tết (245/VPCP-KGVX; 5015/TB-LĐTBXH, whose
    # 7 days are 5 Tết days and 2 nghỉ bù). The only 2024 swap is 2450/VPCP-KGVX's 04/05.
    assert [d for d in CAL.worked_weekend_days(year) if d.month <= 3] == []


def test_swaps_hold_without_the_package() -> None:
    # The shipped data alone carries the swaps, whatever the holidays release.
    cal = WorkingCalendar(use_package=False)
    assert cal.is_working_day(D(2025, 4, 26)) and not cal.is_working_day(D(2025, 5, 2))
    assert cal.is_working_day(D(2025, 1, 29))  # Tết is the package's


def test_unverified_days_are_configurable() -> None:
    # 24/11 (Ngày Văn hóa Việt Nam): the Labour Code amendment is NOT FOUND (law.md §5.2).
    assert not CAL.is_working_day(D(2026, 11, 24))
    strict = WorkingCalendar(trust_unverified=False)
    assert strict.is_working_day(D(2026, 11, 24))
    assert strict.holiday_name(D(2026, 11, 24)) is None
    entry = CAL.entry(D(2026, 11, 24))
    assert entry is not None and entry.status is Status.UNVERIFIED


def test_every_shipped_day_has_a_source() -> None:
    for d in shipped_days():
        assert d.source.strip() and d.name_vi and d.name_en
        # A working-day entry is a weekend day; a day-off entry is a weekday.
        assert (d.date.weekday() >= 5) is (d.kind is DayKind.WORKING_DAY)


def test_user_days_take_precedence(tmp_path: Path) -> None:
    extra = [
        CalendarDay(D(2023, 11, 29), DayKind.DAY_OFF, "Nghỉ theo quyết định của tỉnh",
                    "Provincial day off", "a provincial decision"),
        CalendarDay(D(2023, 12, 3), DayKind.WORKING_DAY, "Làm bù", "Worked Sunday", "notice"),
    ]
    cal = WorkingCalendar(extra)
    assert not cal.is_working_day(D(2023, 11, 29))
    assert cal.holiday_name(D(2023, 11, 29)) == "Nghỉ theo quyết định của tỉnh"
    assert cal.is_working_day(D(2023, 12, 3))
    assert cal.next_working_day(D(2023, 11, 28)) == D(2023, 11, 30)
    from childprotect.formats.convert import unstructure

    path = tmp_path / "days.json"
    path.write_text(json.dumps({"description_en": "mine",
                                "days": [unstructure(d) for d in extra]}), "utf-8")
    assert load_days(path) == tuple(extra)


def test_bad_calendar_files_name_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"description_en": "x", "days": [
        {"date": "2023-11-29", "kind": "day-off", "name_vi": "a", "name_en": "a",
         "source": "s"},
        {"date": "2023-11-29", "kind": "day-off", "name_vi": "b", "name_en": "b",
         "source": "s"}]}), "utf-8")
    with pytest.raises(InvalidPlanFile, match="listed twice"):
        load_days(path)
    path.write_text(json.dumps({"description_en": "x", "days": [
        {"date": "2023-11-29", "kind": "holiday", "name_vi": "a", "name_en": "a",
         "source": "s"}]}), "utf-8")
    with pytest.raises(InvalidPlanFile, match=r"\$\.days\[0\]\.kind"):
        load_days(path)
    with pytest.raises(ValidationError):
        WorkingCalendar(["2023-11-29"])  # type: ignore[list-item]


def test_import_does_not_load_holidays() -> None:
    assert loaded_after("import childprotect.deadlines.calendar", ["holidays"]) == []


def test_decree_56_five_working_days_over_tet() -> None:
    # "05 ngày làm việc" from Friday 24/01/2025: Tết 27–31/01 and the weekends are skipped.
    assert CAL.add_working_days(D(2025, 1, 24), 5) == D(2025, 2, 7)
    assert CAL.working_days_between(D(2025, 1, 24), D(2025, 2, 7)) == 5
    assert CAL.add_working_days(D(2025, 2, 7), -5) == D(2025, 1, 24)


days = st.dates(min_value=D(2019, 6, 1), max_value=D(2027, 6, 30))


@given(days, days, st.integers(min_value=0, max_value=40))
def test_add_working_days_is_monotone(a: D, b: D, n: int) -> None:
    lo, hi = min(a, b), max(a, b)
    assert CAL.add_working_days(lo, n) <= CAL.add_working_days(hi, n)


@given(days, st.integers(min_value=1, max_value=40))
def test_add_working_days_skips_every_day_off(d: D, n: int) -> None:
    end = CAL.add_working_days(d, n)
    assert CAL.is_working_day(end)
    between = _span(d + dt.timedelta(days=1), end)
    assert sum(1 for x in between if CAL.is_working_day(x)) == n
    for x in between:  # every named holiday in the way was skipped, not counted
        if CAL.holiday_name(x) is not None:
            assert not CAL.is_working_day(x)
    assert CAL.working_days_between(d, end) == n


@given(days)
def test_rolling_lands_on_the_nearest_working_day(d: D) -> None:
    fwd, back = CAL.roll_forward(d), CAL.roll_back(d)
    assert CAL.is_working_day(fwd) and CAL.is_working_day(back)
    assert back <= d <= fwd
    assert not any(CAL.is_working_day(x) for x in _span(d, fwd)[:-1])
    assert not any(CAL.is_working_day(x) for x in _span(back, d)[1:])


@given(days, days)
def test_working_days_between_is_antisymmetric(a: D, b: D) -> None:
    assert CAL.working_days_between(a, b) == -CAL.working_days_between(b, a)


# --- provisional days and calendar-overrides files -------------------------------------------

#: The 2027 Tết days the statutory rule gives (mùng 1 Tết is Saturday 06/02/2027) while the
#: Prime Minister's notice is not out (Bộ luật Lao động 2019 Điều 112 k.3; legal-check
#: §3.2, §8), and a notice that might decide otherwise: this file is the user's own data.
TET_2027_NOTICE = {"description_en": "a user's notice", "days": [
    {"date": "2027-02-03", "kind": "day-off", "name_vi": "Nghỉ Tết (theo thông báo)",
     "name_en": "Tết day off", "source": "Thông báo …/TB-BNV (a user's entry)"},
    {"date": "2027-02-20", "kind": "working-day", "name_vi": "Làm bù", "name_en": "Worked",
     "source": "Thông báo …/TB-BNV (a user's entry)"},
    {"date": "2027-02-09", "kind": "day-off", "name_vi": "Mùng bốn Tết",
     "name_en": "Fourth day of Tết", "source": "Thông báo …/TB-BNV (a user's entry)"}]}


def _write(tmp_path: Path, data: object, name: str = "days.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def test_provisional_days_are_days_off_under_every_setting() -> None:
    for cal in (CAL, WorkingCalendar(trust_unverified=False)):
        assert not cal.is_working_day(D(2027, 2, 4)) and not cal.is_working_day(D(2027, 9, 3))
    assert [e.status for e in CAL.uncertain_days(D(2027, 2, 1), D(2027, 2, 12))] == [
        Status.PROVISIONAL] * 5
    # An ignored unverified day is still reported as uncertain.
    strict = WorkingCalendar(trust_unverified=False)
    assert [e.date for e in strict.uncertain_days(D(2026, 11, 20), D(2026, 11, 30))] == [
        D(2026, 11, 24)]


def test_an_overrides_file_is_merged_over_the_bundled_data(tmp_path: Path) -> None:
    path = _write(tmp_path, TET_2027_NOTICE)
    cal = WorkingCalendar(overrides=path)
    assert cal.overrides == str(path)
    assert not cal.is_working_day(D(2027, 2, 3)) and cal.is_working_day(D(2027, 2, 20))
    entry = cal.entry(D(2027, 2, 9))
    assert entry is not None and entry.status is Status.OFFICIAL  # the notice replaces it
    assert cal.entry(D(2027, 2, 4)) == CAL.entry(D(2027, 2, 4))  # the rest stay bundled
    assert cal.is_working_day(D(2026, 1, 10))


def test_the_environment_variable_and_use_calendar(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from childprotect.deadlines.calendar import ENV, use_calendar

    path = _write(tmp_path, TET_2027_NOTICE)
    assert default_calendar().is_working_day(D(2027, 2, 3))
    monkeypatch.setenv(ENV, str(path))
    assert not default_calendar().is_working_day(D(2027, 2, 3))
    monkeypatch.delenv(ENV)
    assert default_calendar().is_working_day(D(2027, 2, 3))
    with use_calendar(path) as cal:
        assert default_calendar() is cal and not cal.is_working_day(D(2027, 2, 3))
    assert default_calendar().is_working_day(D(2027, 2, 3))


@pytest.mark.parametrize(("entry", "where", "problem"), [
    ({"date": "2027-02-03", "kind": "working-day"}, r"\$\.days\[0\]$", "is a weekday"),
    ({"date": "2027-02-06", "kind": "day-off"}, r"\$\.days\[0\]$", "already a rest day"),
    ({"date": "2027-02-31", "kind": "day-off"}, r"\$\.days\[0\]\.date", ""),
    ({"date": "2027-02-03", "kind": "day-off", "status": "maybe"},
     r"\$\.days\[0\]\.status", ""),
])
def test_a_bad_overrides_file_names_the_path(tmp_path: Path, entry: dict[str, str],
                                             where: str, problem: str) -> None:
    day = {"name_vi": "x", "name_en": "x", "source": "x", **entry}
    path = _write(tmp_path, {"days": [day]})
    with pytest.raises(InvalidPlanFile) as info:
        WorkingCalendar(overrides=path)
    line = next(p for p in info.value.problems if problem in p)
    assert str(path) in str(info.value)
    import re

    assert re.search(where, line), line


def test_year_days_list_sources_and_bases() -> None:
    days = {d.date: d for d in CAL.year_days(2026)}
    assert days[D(2026, 1, 2)].basis == "official" and "12729/VPCP-KGVX" in days[
        D(2026, 1, 2)].source
    assert days[D(2026, 1, 10)].kind is DayKind.WORKING_DAY
    assert days[D(2026, 1, 1)].basis == "statutory" and "Điều 112" in days[D(2026, 1, 1)].source
    assert days[D(2026, 11, 24)].basis == "unverified"
    # Every weekday day off of the year is listed, and every worked weekend day.
    listed_off = {d for d, y in days.items() if y.kind is DayKind.DAY_OFF and not y.weekend}
    assert listed_off == {d for d, _ in CAL.days_off(2026)}
    assert {d for d, y in days.items() if y.kind is DayKind.WORKING_DAY} == set(
        CAL.worked_weekend_days(2026))


@given(st.integers(2020, 2028))
def test_year_days_agree_with_the_calendar(year: int) -> None:
    for y in CAL.year_days(year):
        working = CAL.is_working_day(y.date)
        assert working is (y.kind is DayKind.WORKING_DAY), y
        assert y.source and y.name_vi


def test_the_bundled_holiday_table_is_the_package_year_by_year() -> None:
    """The table read instead of importing ``holidays`` says what the installed package
    says, for every year it holds (rerun tools/build_holidays.py when this fails)."""
    from childprotect.deadlines import calendar as cal

    first, last, _names, _years = cal._holiday_table()
    assert (first, last) == (2000, 2100)
    differ = [y for y in range(first, last + 1)
              if cal._package_year(y) != cal._package_year_computed(y)]
    assert differ == []
    # outside the table the package itself answers
    assert cal._package_year(1999) == cal._package_year_computed(1999)
    assert dt.date(1999, 9, 2) in cal._package_year(1999)[0]

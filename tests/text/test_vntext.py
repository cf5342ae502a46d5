"""Vietnamese names, numbers and dates (childprotect.text.vntext)."""

from __future__ import annotations

import contextlib
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.errors import ChildProtectError, InvalidDate, InvalidNumber
from childprotect.text.dates import DayMonth, PartialDate
from childprotect.text.quantities import Unit
from childprotect.text.vntext import (
    name_key,
    parse_date,
    parse_day_month,
    parse_decimal,
    parse_number,
)
from tests.strategies import VI_LETTERS

# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # spellings of the same department found in the seed documents
        ("Sở Lao động - Thương binh và Xã hội", "Sở LĐTBXH"),
        ("Sở Lao động - Thương binh và Xã hội", "Sở Lao động Thương binh và Xã hội"),
        ("Sở Lao động - Thương binh và Xã hội", "Sở Lao động - Thương binh và xã hội"),
        ("Sở Lao động – Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
        ("Ủy ban nhân dân tỉnh", "UBND tỉnh"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hoá - Thể thao và Du lịch"),
        ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT"),
        ("Đoàn TNCS Hồ Chí Minh", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"),
        ("Sở  Y   tế", "sở y tế"),
    ],
)
def test_name_key_equal(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sở Y tế", "Sở Tư pháp"),
        ("Phòng Y tế", "Sở Y tế"),
        ("Hà Nội", "Hạ Nội"),  # tone marks distinguish words
        ("Sở Văn hóa và Thể thao", "Sở Văn hóa - Thể thao và Du lịch"),
    ],
)
def test_name_key_different(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


names = st.text(alphabet=VI_LETTERS + VI_LETTERS.upper() + " -–,", min_size=1, max_size=60)


@given(names)
def test_name_key_ignores_normalisation_and_case(s: str) -> None:
    key = name_key(s)
    assert name_key(unicodedata.normalize("NFD", s)) == key
    assert name_key(s.upper()) == name_key(s.lower())
    assert name_key("  " + s.replace(" ", "   ") + " ") == key


@given(names)
def test_name_key_is_idempotent_and_nfc(s: str) -> None:
    key = name_key(s)
    assert unicodedata.is_normalized("NFC", key)
    assert name_key(key) == key


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        # forms taken from the seed plans
        ("1,5%", "1.5", Unit.PERCENT),  # Huế chỉ tiêu 6, Bắc Kạn 419
        ("0,01%", "0.01", Unit.PERCENT),  # Huế chỉ tiêu 7
        ("0,005%", "0.005", Unit.PERCENT),  # Huế chỉ tiêu 8
        ("85%", "85", Unit.PERCENT),
        ("0.8", "0.8", Unit.COUNT),  # Huế chỉ tiêu 2 writes a decimal point
        ("1.000", "1000", Unit.COUNT),
        ("70.000", "70000", Unit.COUNT),
        ("1.234,5", "1234.5", Unit.COUNT),
        ("550/100.000", "550", Unit.PER_100000),  # Huế chỉ tiêu 9
        ("15/100.000 trẻ em", "15", Unit.PER_100000),
        ("1 p/1000", "1", Unit.PER_THOUSAND),
        ("0.8 p/1000", "0.8", Unit.PER_THOUSAND),
        ("3‰", "3", Unit.PER_THOUSAND),
        ("300 triệu đồng", "300000000", Unit.VND),  # Hồng Ngự fund target
        ("20 triệu đồng", "20000000", Unit.VND),
        ("2 tỷ đồng", "2000000000", Unit.VND),
        ("500.000 đồng", "500000", Unit.VND),
    ],
)
def test_parse_number(text: str, value: str, unit: Unit) -> None:
    q = parse_number(text)
    assert q.value == Decimal(value)
    assert q.unit is unit


@pytest.mark.parametrize(
    "text",
    ["", "abc", "1,5.3", "1,234.5", "1.2.3", "1..0", "1,", "1.", "12 quả", "%5"],
)
def test_parse_number_rejects_with_the_text(text: str) -> None:
    with pytest.raises(InvalidNumber) as info:
        parse_number(text)
    assert repr(text) in str(info.value)


def test_dot_thousands_versus_decimal_point() -> None:
    # Vietnamese convention: a dot before exactly three digits groups thousands.
    assert parse_decimal("1.500") == Decimal(1500)
    assert parse_decimal("1.5") == Decimal("1.5")
    assert parse_decimal("0.800") == Decimal("0.800")


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False))
def test_decimal_comma_round_trip(d: Decimal) -> None:
    whole, _, frac = f"{d:f}".partition(".")
    groups = f"{int(whole):,}".replace(",", ".")
    text = groups + ("," + frac if frac else "")
    assert parse_decimal(text) == d


@given(st.text(max_size=30))
def test_parse_number_never_crashes(s: str) -> None:
    try:
        q = parse_number(s)
    except ChildProtectError:
        return
    assert q.value.is_finite()


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09/06/2021", PartialDate(2021, 6, 9)),
        ("9/6/2021", PartialDate(2021, 6, 9)),
        ("ngày 09 tháng 6 năm 2021", PartialDate(2021, 6, 9)),  # Huế 208
        ("ngày 20/3/2018", PartialDate(2018, 3, 20)),  # Bắc Kạn 419
        ("Ngày 13 tháng 3 năm 2020", PartialDate(2020, 3, 13)),
        ("ngày   tháng 02 năm 2020", PartialDate(2020, 2)),  # Hồng Ngự: blank day
        ("tháng 6/2021", PartialDate(2021, 6)),
        ("năm 2020", PartialDate(2020)),
        ("ngày 29 tháng 2 năm 2020", PartialDate(2020, 2, 29)),
    ],
)
def test_parse_date(text: str, expected: PartialDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["ngày 31 tháng 02 năm 2020", "29/02/2021", "32/1/2020", "1/13/2020", "hôm qua", "2020/1/1"],
)
def test_parse_date_rejects_with_the_text(text: str) -> None:
    with pytest.raises(InvalidDate) as info:
        parse_date(text)
    assert repr(text) in str(info.value)


@given(st.dates())
def test_parse_date_round_trip(d: object) -> None:
    import datetime as dt

    assert isinstance(d, dt.date)
    forms = (f"{d.day:02d}/{d.month:02d}/{d.year}", f"ngày {d.day} tháng {d.month} năm {d.year}")
    for text in forms:
        if d.year >= 1000:
            assert parse_date(text).to_date() == d


@given(st.text(max_size=40))
def test_parse_date_never_crashes(s: str) -> None:
    with contextlib.suppress(ChildProtectError):
        parse_date(s)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("trước ngày 30/11", DayMonth(30, 11)),  # Huế IV.1
        ("trước ngày 25/11", DayMonth(25, 11)),  # Huế III.13
        ("ngày 05 tháng 12", DayMonth(5, 12)),
        ("29/2", DayMonth(29, 2)),
    ],
)
def test_parse_day_month(text: str, expected: DayMonth) -> None:
    assert parse_day_month(text) == expected


def test_day_month_29_february_in_a_common_year() -> None:
    assert DayMonth(29, 2).in_year(2024).day == 29
    with pytest.raises(InvalidDate):
        DayMonth(29, 2).in_year(2023)
    with pytest.raises(InvalidDate):
        parse_day_month("31/4")


@given(st.text(max_size=30))
def test_parse_day_month_never_crashes(s: str) -> None:
    with contextlib.suppress(ChildProtectError):
        parse_day_month(s)


@given(
    st.decimals(min_value=0, max_value=10**12, places=4, allow_nan=False),
    st.sampled_from(list(Unit)),
)
def test_format_then_parse_number_round_trip(d: Decimal, unit: Unit) -> None:
    from childprotect.text.quantities import Quantity
    from childprotect.text.vntext import format_number

    q = Quantity(d, unit)
    back = parse_number(format_number(q))
    assert back == q

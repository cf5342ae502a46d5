"""Reading a cell's value: counts, codes, text and decimals, by the rules every reader
shares (CSV, workbooks, data frames)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.text.cellvalues import (
    Problem,
    code_value,
    count_value,
    decimal_value,
    text_value,
)


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@given(st.integers(0, 2**53 - 1))
def test_every_way_of_writing_a_count_reads_the_same(n: int) -> None:
    for written in (n, float(n), str(n), f"  {n}\u00a0", _thousands(n), f"\u200b{n}"):
        assert count_value(written) == n, written


@given(st.integers(1, 10**15))
def test_negative_counts_are_problems(n: int) -> None:
    for written in (-n, float(-n), str(-n), f"\u2212{n}"):
        got = count_value(written)
        assert isinstance(got, Problem) and "negative" in got.text
        assert str(n) not in got.text


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
       .filter(lambda d: d != d.to_integral_value()))
def test_fractions_are_problems_never_rounded(d: Decimal) -> None:
    for written in (float(d), str(d).replace(".", ",")):
        got = count_value(written)
        assert isinstance(got, Problem), written
        # the value is never quoted (the message's own example, 1.234, may begin like it)
        for shown in (str(d), str(d).replace(".", ",")):
            assert not re.search(rf"(?<![0-9.,]){re.escape(shown)}(?![0-9])", got.text)


@pytest.mark.parametrize(("value", "problem"), [
    (True, "TRUE or FALSE"), (dt.date(2025, 1, 1), "a date"),
    (dt.datetime(2025, 1, 1, 8), "a date"), (dt.time(8), "a time"),
    (dt.timedelta(days=1), "a time"), (float("nan"), "not finite"), (float("inf"), "not finite"),
    (2.0**53, "too large"), ("#N/A", "error value #N/A"), ("1 234", "spaces inside"),
    ("1,234", "decimal comma"), ("12.5", "not a whole number"), ("=A1", "formula as text"),
    ("mười", "holds text"), ("+5", "plus sign"), ("٣", "holds text"), ("1.2345", "decimal point"),
    ("1562.0", "written with decimals"), ("12,00", "written with decimals"),
    ("0.500", "decimal point"), (b"1", "unexpected type"),
])
def test_count_problems(value: object, problem: str) -> None:
    got = count_value(value)
    assert isinstance(got, Problem) and problem in got.text


def test_blank_counts_are_missing_not_zero() -> None:
    assert [count_value(v) for v in (None, "", "   ", "\u00a0", "\ufeff")] == [None] * 5


def test_codes() -> None:
    assert code_value(29971.0) == "29971" and code_value(" 01 ") == "01"
    assert code_value("Xa\u0303") == "Xã"  # NFC
    assert isinstance(code_value(1.5), Problem) and isinstance(code_value(True), Problem)
    assert "not a code" in code_value(dt.date(2025, 1, 1)).text  # type: ignore[union-attr]


def test_text() -> None:
    assert text_value(" Phu\u031bo\u031b\u0300ng 1 ") == "Phường 1"
    assert text_value(1.5) == "1.5" and text_value(True) == "TRUE"
    assert text_value(dt.date(2025, 1, 2)) == "2025-01-02"


def test_decimals() -> None:
    assert decimal_value("-1,5") == Decimal("-1.5")
    assert decimal_value(12.25) == Decimal("12.25")
    assert decimal_value("") is None
    assert isinstance(decimal_value("abc"), Problem)
    assert isinstance(decimal_value("#DIV/0!"), Problem)
    assert isinstance(decimal_value(float("nan")), Problem)


@pytest.mark.parametrize("value", [True, dt.datetime(2024, 1, 1), dt.time(8, 30)])
def test_a_code_cell_of_another_kind_is_said_in_vietnamese(value: object) -> None:
    """The words for a code cell holding a date were built by replacing words of an English
    text, which the catalogue did not know: a Vietnamese reader got English."""
    from childprotect.i18n import use

    with use("vi"):
        got = code_value(value)
    assert isinstance(got, Problem) and got.text.endswith("không phải một mã")

"""Checks of values given to the library (``childprotect.text.validators``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.errors import ValidationError
from childprotect.i18n import use
from childprotect.text.validators import FIRST_YEAR, LAST_YEAR, check_year


@given(st.integers(-10**30, 10**30))
def test_a_year_is_from_1900_to_2100(year: int) -> None:
    if FIRST_YEAR <= year <= LAST_YEAR:
        assert check_year(year) == year
        return
    with pytest.raises(ValidationError) as got:
        check_year(year, "--year")
    text = str(got.value)
    assert text.startswith("--year: ") and f"from {FIRST_YEAR} to {LAST_YEAR}" in text
    assert (str(year) in text) == (len(str(year)) <= 12)  # (a long number is not quoted)


def test_a_long_number_is_called_the_value_in_the_readers_language() -> None:
    with pytest.raises(ValidationError) as got:
        check_year(10**20, "--year")
    with use("vi"):
        assert "giá trị" in str(got.value) and "the value" not in str(got.value)
    with use("en"):
        assert str(got.value).startswith("--year: the value is not a year")


@pytest.mark.parametrize(("make", "vi", "en"), [
    (lambda: __import__("childprotect.documents.document", fromlist=["x"]).Period(0),
     "năm bắt đầu giai đoạn: 0", "period start: 0"),
    (lambda: __import__("childprotect.documents.document", fromlist=["x"]).Period(2020, 3000),
     "năm kết thúc giai đoạn: 3000", "period end: 3000"),
    (lambda: check_year(None), "năm: giá trị", "year: the value"),
])
def test_the_field_a_wrong_year_is_in_is_named_in_the_readers_language(
        make: object, vi: str, en: str) -> None:
    """The words naming the field come from the catalogue, as the rest of the sentence."""
    with pytest.raises(ValidationError) as got:
        make()  # type: ignore[operator]
    with use("vi"):
        assert str(got.value).startswith(vi)
    with use("en"):
        assert str(got.value).startswith(en)

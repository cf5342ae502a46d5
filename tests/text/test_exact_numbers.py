"""Numbers are read and written exactly, however many digits (up to the stated bound),
and a number beyond the bound is an error, never rounded or slow."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.errors import InvalidNumber, ValidationError
from childprotect.text.quantities import Quantity, Unit, exact_product, exact_text
from childprotect.text.vntext import (
    MAX_DIGITS,
    format_decimal,
    parse_decimal,
    parse_fraction,
    parse_number,
)

# Decimals of up to 60 significant digits, some of them fractional.
decimals = st.builds(lambda digits, places: Decimal(digits).scaleb(-places),
                     st.integers(0, 10 ** 59 - 1), st.integers(0, 30))


def test_thirty_digits_are_not_rounded_to_twenty_eight() -> None:
    text = "1,234567890123456789012345678901234"
    value = parse_decimal(text)
    assert str(value) == "1.234567890123456789012345678901234"
    assert format_decimal(value) == text


@given(decimals)
def test_format_and_parse_round_trip_exactly(value: Decimal) -> None:
    assert parse_decimal(format_decimal(value)) == value


@given(decimals)
def test_rate_units_convert_exactly_both_ways(value: Decimal) -> None:
    q = Quantity(value, Unit.PERCENT)
    there = q.to(Unit.PER_100000)
    assert there.value == value * 1000  # exact: Decimal multiplication by 1000 of ≤ 60 digits
    assert there.to(Unit.PERCENT).value == value


def test_amounts_in_words_multiply_exactly() -> None:
    q = parse_number("1234567890123456789012345678,5 tỷ đồng")
    assert q.value == Decimal("1234567890123456789012345678500000000")


def test_a_number_beyond_the_bound_is_an_error_that_does_not_quote_it() -> None:
    text = "9" * (MAX_DIGITS + 1)
    for read in (parse_decimal, parse_number):
        with pytest.raises(InvalidNumber, match=f"{MAX_DIGITS + 1} digits") as info:
            read(text)
        assert text not in str(info.value)


def test_an_exact_product_that_has_no_decimal_form_is_refused() -> None:
    with pytest.raises(InvalidNumber, match="no exact decimal value"):
        exact_product(Decimal(1), Decimal(1), 3)


@given(st.integers(0, 10 ** 40), st.integers(1, 10 ** 40))
def test_fractions_read_exactly(num: int, den: int) -> None:
    assert parse_fraction(f"{num}/{den}") == Fraction(num, den)


@pytest.mark.parametrize("text", ["1e30000000", "-1/2", "1/0", "", "½", "1" * 61, "0x10"])
def test_a_share_that_is_not_a_plain_fraction_is_refused_at_once(text: str) -> None:
    # Python's Fraction("1e30000000") computes 10**30000000: tens of seconds of CPU.
    with pytest.raises(InvalidNumber, match="not a fraction"):
        parse_fraction(text)


def test_a_transition_share_with_a_huge_exponent_is_an_error(tmp_path: Path) -> None:
    from childprotect.units.csvfiles import load_transitions_csv

    path = tmp_path / "transitions.csv"
    path.write_text("on,old,new,share\n2025-07-01,00001,00002,1e30000000\n", "utf-8")
    with pytest.raises(ValidationError, match=r"line 2: share: .* not a fraction"):
        load_transitions_csv(path)


@given(decimals)
def test_the_readers_numbers_are_exact_too(value: Decimal) -> None:
    from childprotect.i18n.formatting import format_decimal as written

    vi = written(value, "vi")
    assert parse_decimal(vi) == value  # 1.234,5: what documents write
    assert Decimal(written(value, "en").replace(",", "")) == value


@pytest.mark.parametrize(("value", "text"), [
    (Fraction(1, 8), "0.125"), (Fraction(-5, 4), "-1.25"), (Fraction(2, 3), "2/3"),
    (Fraction(7), "7"), (Fraction(1, 1000), "0.001"), (Decimal("0.10"), "0.10"), (12, "12")])
def test_exact_text(value: Fraction | Decimal | int, text: str) -> None:
    assert exact_text(value) == text


@given(st.fractions(max_denominator=10**6))
def test_exact_text_is_exact(value: Fraction) -> None:
    t = exact_text(value)
    assert (Fraction(t) if "/" in t else Fraction(Decimal(t))) == value


@pytest.mark.parametrize(("text", "unit"), [
    ("%", Unit.PERCENT), ("percent", Unit.PERCENT), (" Phần  trăm ", Unit.PERCENT),
    ("‰", Unit.PER_THOUSAND), ("/1.000", Unit.PER_THOUSAND), ("p/1000", Unit.PER_THOUSAND),
    ("per 1,000", Unit.PER_THOUSAND), ("/100.000", Unit.PER_100000),
    ("/ 100 000", Unit.PER_100000), ("VNĐ", Unit.VND), ("đồng", Unit.VND),
    ("count", Unit.COUNT), ("Số lượng", Unit.COUNT)])
def test_a_unit_is_read_as_written(text: str, unit: Unit) -> None:
    assert Unit.parse(text) == unit


@given(st.sampled_from(list(Unit)), st.sampled_from(["NFC", "NFD"]), st.booleans(),
       st.sampled_from(["", " ", "  "]))
def test_a_unit_reads_back_from_its_code_and_symbol_however_written(
        unit: Unit, form: str, upper: bool, pad: str) -> None:
    import unicodedata

    for text in (unit.value, unit.symbol or unit.value):
        written = unicodedata.normalize(form, text.upper() if upper else text)
        assert Unit.parse(f"{pad}{written}{pad}") == unit


@pytest.mark.parametrize("text", ["", "phần", "%%", "1000", "trăm phần", "per_100"])
def test_what_is_not_a_unit_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        Unit.parse(text)

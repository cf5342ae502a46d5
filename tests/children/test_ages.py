"""Ages, the definition of a child and age bands (childprotect.children.ages)."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given
from hypothesis import strategies as st

from childprotect.children.ages import (
    AgeBand,
    LeapDay,
    age_on,
    age_range,
    band,
    bands,
    child_definition,
    is_child,
)
from childprotect.children.groups import Citation, TaxonomyNotInForce
from childprotect.errors import UnknownName, ValidationError
from childprotect.text.dates import PartialDate
from tests.seedtext import flat_seed

births = st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31))
ons = st.dates(dt.date(2017, 6, 1), dt.date(2060, 12, 31))


def test_age_on_birthdays() -> None:
    b = dt.date(2010, 6, 15)
    assert age_on(b, dt.date(2010, 6, 15)) == 0
    assert age_on(b, dt.date(2011, 6, 14)) == 0
    assert age_on(b, dt.date(2011, 6, 15)) == 1
    assert age_on(b, dt.date(2026, 6, 14)) == 15
    assert age_on(b, dt.date(2026, 6, 15)) == 16


def test_29_february() -> None:
    b = dt.date(2008, 2, 29)
    assert age_on(b, dt.date(2009, 2, 27)) == 0
    assert age_on(b, dt.date(2009, 2, 28)) == 1  # default: 28 February in a common year
    assert age_on(b, dt.date(2009, 2, 28), LeapDay.MAR_1) == 0
    assert age_on(b, dt.date(2009, 3, 1), LeapDay.MAR_1) == 1
    # in a leap year the birthday is 29 February under both rules
    for rule in LeapDay:
        assert age_on(b, dt.date(2012, 2, 28), rule) == 3
        assert age_on(b, dt.date(2012, 2, 29), rule) == 4
    # 16 years after a 29 February is a leap year (until 2100), so the 16th birthday is a
    # 29 February; other ages fall in common years, e.g. the band "5 tuổi".
    assert is_child(b, dt.date(2024, 2, 28)) is True
    assert is_child(b, dt.date(2024, 2, 29)) is False
    assert band("age-5").contains(b, dt.date(2013, 2, 28)) is True
    assert band("age-5").contains(b, dt.date(2013, 2, 28), LeapDay.MAR_1) is False


@given(births, ons)
def test_age_agrees_with_dateutil(birth: dt.date, on: dt.date) -> None:
    assume(birth <= on)
    # dateutil adds years by clipping 29 February to 28 February: the default rule.
    assert age_on(birth, on) == relativedelta(on, birth).years


@given(births, ons, st.sampled_from(list(LeapDay)))
def test_age_properties(birth: dt.date, on: dt.date, rule: LeapDay) -> None:
    assume(birth <= on)
    a = age_on(birth, on, rule)
    assert a >= 0
    assert age_on(birth, on + dt.timedelta(days=1), rule) in (a, a + 1)
    if not (birth.month == 2 and birth.day == 29):
        assert age_on(birth, birth.replace(year=birth.year + a), rule) == a
    assert is_child(birth, on, rule) is (a < 16)


@given(births, st.integers(16, 60))
def test_sixteen_or_more_is_never_a_child(birth: dt.date, years: int) -> None:
    year = birth.year + years
    day = birth.day if not (birth.month == 2 and birth.day == 29 and
                            not calendar.isleap(year)) else 28
    on = dt.date(year, birth.month, day)
    assume(on >= dt.date(2017, 6, 1))
    assert not is_child(birth, on)
    assert not is_child(birth, on + dt.timedelta(days=400))


def test_errors_never_show_the_birth_date() -> None:
    with pytest.raises(ValidationError) as e:
        age_on(dt.date(2021, 3, 4), dt.date(2020, 1, 1))
    assert "2021" not in str(e.value) and "birth date" in str(e.value)
    with pytest.raises(ValidationError):
        age_on(dt.datetime(2010, 1, 1, 5, 0), dt.date(2020, 1, 1))  # type: ignore[arg-type]


def test_child_definition_is_versioned() -> None:
    d = child_definition(dt.date(2017, 6, 1))
    assert d.verbatim_vi == "Trẻ em là người dưới 16 tuổi."
    assert d.citation == Citation("Luật Trẻ em 2016", 1)
    assert d.band == "under-16"
    with pytest.raises(TaxonomyNotInForce):
        is_child(dt.date(2005, 1, 1), dt.date(2017, 5, 31))
    # an explicit definition works for any date
    assert is_child(dt.date(2005, 1, 1), dt.date(2017, 5, 31), definition=band("under-16"))


def test_partial_birth_dates() -> None:
    assert age_range(PartialDate(2010), dt.date(2026, 6, 1)) == (15, 16)
    assert age_range(PartialDate(2010, 5), dt.date(2026, 6, 1)) == (16, 16)
    assert is_child(PartialDate(2010), dt.date(2026, 6, 1)) is None
    assert is_child(PartialDate(2010, 5), dt.date(2026, 6, 1)) is False
    assert is_child(PartialDate(2012), dt.date(2026, 6, 1)) is True
    # born this year, up to today: the latest possible birth date is the reference date
    assert age_range(PartialDate(2020), dt.date(2020, 3, 1)) == (0, 0)
    with pytest.raises(ValidationError):
        age_range(PartialDate(2021), dt.date(2020, 3, 1))


@given(births, ons)
def test_partial_range_contains_every_exact_age(birth: dt.date, on: dt.date) -> None:
    assume(birth <= on)
    a = age_on(birth, on)
    for p in (PartialDate(birth.year), PartialDate(birth.year, birth.month)):
        lo, hi = age_range(p, on)
        assert lo <= a <= hi and hi - lo <= 1


def test_bands_state_their_bounds() -> None:
    assert list(band("under-1").ages()) == [0]
    assert list(band("under-5").ages()) == [0, 1, 2, 3, 4]
    assert list(band("age-5").ages()) == [5]
    assert list(band("age-6").ages()) == [6]
    assert list(band("5-17").ages()) == list(range(5, 18))
    assert list(band("under-16").ages()) == list(range(16))
    assert list(band("under-18").ages()) == list(range(18))
    zero_to_five = AgeBand("0-5", "0–5 tuổi", "0 to 5", 0, True, 5, True)
    assert zero_to_five.contains_age(5) and not band("under-5").contains_age(5)
    assert str(band("under-5")) == "[0, 5)" and str(band("5-17")) == "[5, 17]"
    assert band("Dưới 5 tuổi").id == "under-5"
    open_band = AgeBand("16+", "từ 16 tuổi", "16 and over", 16, True, None, False)
    assert open_band.contains_age(90) and not open_band.contains_age(15)
    assert str(open_band) == "[16, ∞)"
    with pytest.raises(ValidationError):
        open_band.ages()


def test_band_validation() -> None:
    with pytest.raises(ValidationError, match="contains no age"):
        AgeBand("x", "x", "x", 5, True, 5, False)
    with pytest.raises(ValidationError):
        AgeBand("x", "x", "x", -1, True, 5, False)
    with pytest.raises(ValidationError):
        band("under-5").contains_age(-1)
    with pytest.raises(UnknownName):
        band("under-7")


@given(st.integers(0, 30), st.integers(0, 30), st.booleans(), st.booleans(),
       st.integers(0, 40))
def test_band_bounds_property(lo: int, hi: int, lo_in: bool, hi_in: bool, age: int) -> None:
    try:
        b = AgeBand("t", "t", "t", lo, lo_in, hi, hi_in)
    except ValidationError:
        assert (lo if lo_in else lo + 1) > (hi if hi_in else hi - 1)
        return
    above = age > lo or (lo_in and age == lo)
    below = age < hi or (hi_in and age == hi)
    assert b.contains_age(age) is (above and below)


def test_band_contains_with_dates() -> None:
    b = band("under-5")
    assert b.contains(dt.date(2015, 7, 1), dt.date(2020, 6, 30)) is True
    assert b.contains(dt.date(2015, 7, 1), dt.date(2020, 7, 1)) is False
    assert b.contains(PartialDate(2015), dt.date(2020, 6, 30)) is None


def test_every_band_has_a_source() -> None:
    for b in bands():
        assert b.sources, b.id


@pytest.mark.seeds
def test_band_wording_is_in_the_plans() -> None:
    for b in bands():
        for s in b.sources:
            plan = s.where.split()[0]
            if plan in ("thua-thien-hue-208-2021", "bac-kan-352-2019"):
                assert s.text_vi.casefold() in flat_seed(plan).casefold(), (b.id, s.text_vi)
                assert b.label_vi.replace("dưới 5", "dưới 05") in flat_seed(plan) or \
                    b.label_vi in flat_seed(plan) or b.id == "under-18", b.id

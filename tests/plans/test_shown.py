"""Displayed numbers never contradict the verdict (childprotect.plans.shown): the observed
value and the target value, as shown and read back, compare as the exact values do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import attrs
from hypothesis import given
from hypothesis import strategies as st

from childprotect.formats import catalog
from childprotect.mainjob.assessing import Outcome
from childprotect.mainjob.tables import goal_text, observed_text
from childprotect.plans.assessment import Observation, assess
from childprotect.plans.explain import comparison, shown_vs_level
from childprotect.plans.indicators import Comparator, Direction
from childprotect.plans.shown import comparison_places, shown, shown_pair
from childprotect.plans.status import Status

HUE = catalog.load("thua-thien-hue-208-2021")
CT7 = HUE.target("CT7")  # below 0.01% of children abused


def _read(text: str) -> Fraction:
    """A shown number read back (either language's marks), without its unit."""
    t = text.rstrip("%‰").replace(" per 100,000", "").replace("/100.000", "")
    if "," in t and "." in t:  # vi 1.234,5
        t = t.replace(".", "").replace(",", ".")
    elif "," in t:
        t = t.replace(",", ".")
    return Fraction(Decimal(t))


def test_the_ct7_case() -> None:
    """98 of a million children: 0.0098%, which *is* below 0.01% — shown so."""
    a = assess(CT7, Observation(2025, numerator=98, denominator=1_000_000))
    assert a.status is Status.MET
    assert a.explanation.text("en") == "observed 0.0098% in 2025; target < 0.01%"
    assert a.explanation.text("vi") == "kết quả năm 2025: 0,0098%; chỉ tiêu < 0,01%"
    at = assess(CT7, Observation(2025, numerator=100, denominator=1_000_000))
    assert at.status is Status.NOT_MET
    assert at.explanation.text("en") == "observed 0.01% in 2025; target < 0.01%"
    above = assess(CT7, Observation(2025, numerator=100_001, denominator=1_000_000_000))
    assert above.status is Status.NOT_MET  # 0.0100001%: shown with the digits that tell
    assert above.explanation.text("en") == "observed 0.0100001% in 2025; target < 0.01%"


def test_the_main_job_table_shows_the_same_digits() -> None:
    a = assess(CT7, Observation(2025, numerator=98, denominator=1_000_000))
    job = attrs.make_class("J", ["plan"])(HUE)
    o = Outcome("CT7", a, unit_symbol="%", goal=CT7.value)
    assert observed_text(job, o, "en") == "0.0098%"  # type: ignore[arg-type]
    assert goal_text(job, o) == "< 0.01% (2025)"  # type: ignore[arg-type]
    assert goal_text(job, o, "vi") == "< 0,01% (2025)"  # type: ignore[arg-type]


@given(st.fractions(min_value=0, max_value=100, max_denominator=10**7),
       st.decimals(min_value=0, max_value=100, places=4),
       st.sampled_from([Comparator.BELOW, Comparator.ABOVE, Comparator.AT_MOST,
                        Comparator.AT_LEAST, Comparator.REACH]),
       st.sampled_from(["en", "vi"]))
def test_shown_values_compare_as_the_exact_values(x: Fraction, v: Decimal,
                                                  comparator: Comparator, lang: str) -> None:
    level = Fraction(v)
    target = attrs.evolve(CT7, comparator=comparator, value=v, direction=Direction.INCREASE)
    unit = target.indicator.unit  # type: ignore[union-attr]
    shown_x, shown_level = shown_vs_level(target, unit, x, level)
    read_x = _read(shown_x.text(lang))
    read_level = _read(comparison(target, unit, shown_level).text(lang).split(" ", 1)[1])
    assert (read_x > read_level) - (read_x < read_level) == (x > level) - (x < level)
    assert target.meets_level(read_x, read_level) == target.meets_level(x, level)
    assert (read_x == 0) == (x == 0)  # a non-zero value never reads as zero
    assert read_level == level  # the target's own value is shown exactly


@given(st.fractions(min_value=-10**4, max_value=10**4, max_denominator=10**6),
       st.fractions(min_value=-10**4, max_value=10**4, max_denominator=10**6))
def test_comparison_places(x: Fraction, level: Fraction) -> None:
    p = comparison_places(x, level)
    a, b = shown_pair(x, level)
    assert (a > b) - (a < b) == (x > level) - (x < level)
    assert shown(x, p) == a and (a != 0 or x == 0)
    start = max(2, len(str(shown(level, 60)).partition(".")[2])) if level.denominator in \
        (2**i * 5**j for i in range(25) for j in range(25)) else 2
    assert p >= start
    if p > start:  # no fewer digits would have done
        sx, sl = shown(x, p - 1), shown(level, p - 1)
        assert (sx > sl) - (sx < sl) != (x > level) - (x < level) or (sx == 0 and x != 0)


def test_dates_do_not_matter_to_the_digits() -> None:
    a = assess(CT7, [Observation(2024, numerator=98, denominator=1_000_000)],
               on=dt.date(2025, 1, 2))
    assert "0.0098%" in a.explanation.text("en")

"""What an assessment is: its status, reason, explanation, values and coverage.

:class:`Assessment` is the result of :func:`childprotect.plans.assessment.assess` (and of
the main job at each unit); this module also holds what the assessing modules share.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import NamedTuple

import attrs

from childprotect.errors import ValidationError
from childprotect.i18n import Message, Pct, Rendered
from childprotect.plans.explain import shown_vs_level
from childprotect.plans.observed import Coverage, Observation, Zero
from childprotect.plans.status import Reason, Status
from childprotect.plans.targets import Target
from childprotect.tables.notebook import Displayable
from childprotect.text.quantities import Unit

__all__ = ["DEFAULT_MIN_COVERAGE", "Assessment", "Reason", "Rendered"]

#: The least share of the expected units whose data a verdict may rest on: 80%. Below it
#: a target is "insufficient data", never met or not met. 80% is the unit response rate
#: under which the U.S. OMB Standards and Guidelines for Statistical Surveys (2006,
#: Standard 3.2) require a nonresponse-bias analysis before estimates are used: below it,
#: the units that did not report may differ enough to change the answer.
DEFAULT_MIN_COVERAGE = Fraction(4, 5)

Explanation = Message | Rendered


@attrs.frozen
class Assessment(Displayable):
    """The result of assessing one target (at one unit), as of a date.

    ``explanation`` says why, in either language (built into text only when shown:
    :attr:`detail`, or ``explanation.text(lang)``). ``observed`` is the deciding observed
    level in the target's unit (for an annual reduction, the latest year's fall in
    percent or points); ``gap`` is observed minus the target's level (negative: below
    it); ``required_pace`` the change per year still needed from the latest observation
    to the target level by the target year; ``observed_pace`` the average change per
    year over the observed series; ``coverage`` the units the deciding observation
    rests on; ``numerator`` and ``denominator`` its counts when it was given counts.
    """

    target_id: str
    status: Status
    explanation: Explanation = attrs.field(eq=False, repr=False)
    reason: Reason | None = None
    unit: Unit | None = None
    level: Fraction | None = None
    observed: Fraction | None = None
    observed_year: int | None = None
    gap: Fraction | None = None
    required_pace: Fraction | None = None
    observed_pace: Fraction | None = None
    failing_years: tuple[int, ...] = ()
    missing_years: tuple[int, ...] = ()
    coverage: Coverage | None = None
    numerator: int | None = None
    denominator: int | None = None

    @property
    def is_met(self) -> bool:
        return self.status is Status.MET

    @property
    def detail(self) -> str:
        """The explanation in the current language."""
        return self.explanation.text()

    def to_frame(self) -> object:
        """This assessment as a one-row pandas DataFrame (see :mod:`~childprotect.plans.frames`)."""
        from childprotect.plans.frames import assessments_frame

        return assessments_frame([self])


class Point(NamedTuple):
    year: int | None
    value: Fraction | Zero
    obs: Observation


class Ctx(NamedTuple):
    target: Target
    on: dt.date | None
    min_coverage: Fraction

    def low(self, o: Observation) -> bool:
        c = o.coverage
        return c is not None and (c.expected == 0 or
                                  Fraction(c.reporting, c.expected) < self.min_coverage)

    def over(self, year: int | None) -> bool:
        """Whether ``year`` ended before the day of the assessment."""
        return self.on is not None and year is not None and self.on.year > year


def check_minimum(min_coverage: object) -> Fraction:
    if isinstance(min_coverage, float) or type(min_coverage) is bool or not isinstance(
            min_coverage, (Fraction, int)) or not 0 <= min_coverage <= 1:
        raise ValidationError(Message(
            "min_coverage must be an exact share between 0 and 1 (a Fraction such as "
            "Fraction(4, 5)), got {value}", value=repr(min_coverage)))
    return Fraction(min_coverage)


def counts(o: Observation) -> dict[str, object]:
    return {"coverage": o.coverage, "numerator": o.numerator, "denominator": o.denominator}


def insufficient(ctx: Ctx, p: Point, level: Fraction, common: dict[str, object]
                 ) -> Assessment:
    """Too few of the expected units reported: no verdict."""
    assert p.obs.coverage is not None
    coverage, minimum = p.obs.coverage.message(), Pct(ctx.min_coverage, None)
    if isinstance(p.value, Fraction):
        shown_x, _ = shown_vs_level(ctx.target, common["unit"], p.value,  # type: ignore[arg-type]
                                    level)
        why = Message("observed {observed} over only {coverage}, below the minimum coverage "
                      "of {minimum}: too few units reported to judge the target",
                      observed=shown_x, coverage=coverage, minimum=minimum)
    else:
        why = Message("only {coverage} reported, below the minimum coverage of {minimum}: "
                      "too few units reported to judge the target", coverage=coverage,
                      minimum=minimum)
    return Assessment(ctx.target.id, Status.INSUFFICIENT_DATA, why, Reason.LOW_COVERAGE,
                      **common)  # type: ignore[arg-type]


def frac(v: Fraction | Zero) -> Fraction | None:
    return v if isinstance(v, Fraction) else None

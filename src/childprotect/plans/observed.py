"""What was observed for a target: observations, their coverage, and observed-data files.

An :class:`Observation` is one year's value (or numerator and denominator counts) for
one target, with its :class:`Coverage`: how many of the units expected reported what
the value needs. A rate over units that reported only part of what it needs is no rate
at all; a rate over 8 of the 9 communes expected is a rate with a caveat, and below a
minimum coverage it decides nothing (see :func:`childprotect.plans.assessment.assess`).

>>> c = Coverage(8, 9, "commune")
>>> c.share, c.complete, c.text("vi"), c.text("en")
(Fraction(8, 9), False, '8/9 xã', '8/9 communes')
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.text.quantities import Unit
from childprotect.text.validators import FIRST_YEAR, LAST_YEAR

if TYPE_CHECKING:
    from childprotect.plans.targets import Target

__all__ = [
    "Coverage",
    "InvalidObservation",
    "Observation",
    "ObservedData",
    "ObservedRow",
    "matched",
    "row_location",
]


class InvalidObservation(ValidationError):
    """Observed data that cannot be right for the target it is given for."""


def _count(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or value < 0:
        raise InvalidObservation(Message(
            "coverage: {field} must be a whole number of units, not negative; got {value}",
            field=attribute.name, value=repr(value)))


def _year_problem(year: object) -> Message | None:
    """Why ``year`` is not the year of an observation (None when it is one)."""
    if year is None or (type(year) is int and FIRST_YEAR <= year <= LAST_YEAR):
        return None
    text = repr(year)
    shown = text if len(text) <= 20 else text[:12] + "…"
    return Message("year {year} is not a year from {first} to {last}", year=shown,
                   first=FIRST_YEAR, last=LAST_YEAR)


def _observation_year(_inst: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    problem = _year_problem(value)
    if problem is not None:
        raise InvalidObservation(Message("observation: {problem}", problem=problem))


def _line(_inst: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (type(value) is not int or value < 1):
        raise InvalidObservation(Message("an observed row's line must be a whole number from "
                                         "1, got {value}", value=repr(value)))


def row_location(source: str | None, line: int | None, number: int) -> Message:
    """Where a row of observed data is: ``data.csv, line 7`` (the line its record starts
    on) when known, else ``data.json, observation 3`` (``number``: its place among the
    rows, from 1)."""
    src: str | Message = source if source else Message("observed data")
    if line is not None:
        return Message("{source}, line {n}", source=src, n=line)
    return Message("{source}, observation {n}", source=src, n=number)


#: How each level's units are named after a count ("8/9 xã").
_UNITS = {
    "commune": Message("communes", context="coverage"),
    "district": Message("districts", context="coverage"),
    "province": Message("provinces", context="coverage"),
}


@attrs.frozen
class Coverage:
    """How many of the units expected reported what a value needs: for a rate, both its
    numerator and its denominator; for a count, the count. ``level`` names the units
    counted (``commune``), for display."""

    reporting: int = attrs.field(validator=_count)
    expected: int = attrs.field(validator=_count)
    level: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.reporting > self.expected:
            raise InvalidObservation(Message(
                "coverage: {reporting} units reporting is more than the {expected} expected",
                reporting=self.reporting, expected=self.expected))

    @property
    def share(self) -> Fraction | None:
        """``reporting / expected`` (None when no unit is expected)."""
        return Fraction(self.reporting, self.expected) if self.expected else None

    @property
    def complete(self) -> bool:
        return self.reporting == self.expected

    def message(self) -> Message:
        """``8/9 xã``: the coverage as people read it."""
        units = _UNITS.get(self.level or "")
        if units is None:
            return Message("{reporting}/{expected} units", reporting=self.reporting,
                           expected=self.expected)
        return Message("{reporting}/{expected} {units}", reporting=self.reporting,
                       expected=self.expected, units=units)

    def text(self, lang: str | None = None) -> str:
        return self.message().text(lang)


@attrs.frozen
class Observation:
    """What was observed for one target in one year (``year`` None: a single undated value).

    Give either ``value`` (in ``unit``, by default the target's unit) or, for a rate,
    ``numerator`` and ``denominator`` counts. ``coverage`` says over how many of the
    units expected the value was computed (None: not known, taken as complete).
    """

    year: int | None = attrs.field(default=None, validator=_observation_year)
    value: Decimal | None = None
    unit: Unit | None = None
    numerator: int | None = None
    denominator: int | None = None
    coverage: Coverage | None = None


@attrs.frozen
class ObservedRow:
    """One row of an observed-data file: an :class:`Observation` for a named target.

    ``reporting`` and ``expected`` (both or neither) give its coverage in units. ``line``:
    the line of the file the row was read from, named by errors (not part of equality).
    """

    target: str
    year: int | None = None
    value: Decimal | None = None
    unit: Unit | None = None
    numerator: int | None = None
    denominator: int | None = None
    note: str | None = None
    reporting: int | None = None
    expected: int | None = None
    line: int | None = attrs.field(default=None, kw_only=True, eq=False, validator=_line)

    def __attrs_post_init__(self) -> None:
        problem = _year_problem(self.year)
        if problem is not None:
            raise InvalidObservation(Message("target {target}: {problem}",
                                             target=repr(self.target), problem=problem))
        if (self.reporting is None) != (self.expected is None):
            raise InvalidObservation(Message(
                "target {target}: give both reporting and expected (the units that reported "
                "and the units expected), or neither", target=repr(self.target)))
        self.coverage  # noqa: B018 - validates the counts

    @property
    def coverage(self) -> Coverage | None:
        if self.reporting is None or self.expected is None:
            return None
        return Coverage(self.reporting, self.expected)

    def observation(self) -> Observation:
        return Observation(self.year, self.value, self.unit, self.numerator, self.denominator,
                           self.coverage)


@attrs.frozen
class ObservedData:
    """Observed data for a plan: rows by target, with where the data came from.

    ``synthetic`` marks invented data (examples, tests) so that no report mistakes it for
    real figures.
    """

    observations: tuple[ObservedRow, ...] = ()
    source: str | None = None
    synthetic: bool = False
    comments: tuple[str, ...] = ()

    def for_target(self, target_id: str) -> tuple[Observation, ...]:
        return tuple(r.observation() for r in self.observations if r.target == target_id)


def matched(parts: Iterable[tuple[int | None, int | None]], *, year: int | None = None,
            level: str | None = None) -> Observation:
    """A rate's observation over units, from each unit's (numerator, denominator): the sums
    over the units that reported *both*, with that coverage out of every unit given. A unit
    that left its numerator blank is left out of the denominator too: Hồng Ngự's nine
    communes with one blank numerator give 382/407, not 382/452.

    >>> o = matched([(40, 45), (None, 45), (342, 362)], year=2020, level="commune")
    >>> o.numerator, o.denominator, o.coverage.text("en")
    (382, 407, '2/3 communes')
    """
    n_sum = d_sum = both = units = 0
    for n, d in parts:
        units += 1
        if n is not None and d is not None:
            n_sum += n
            d_sum += d
            both += 1
    return Observation(year, numerator=n_sum, denominator=d_sum,
                       coverage=Coverage(both, units, level))


Observed = Observation | Iterable[Observation] | Decimal | Fraction | int


def _bad(target: Target, message: Message | str) -> InvalidObservation:
    return InvalidObservation(Message("target {id}: {message}", id=repr(target.id),
                                      message=message))


def as_observations(target: Target, observed: Observed) -> list[Observation]:
    """``observed`` as a list of observations; bare values must be exact."""
    if isinstance(observed, Observation):
        return [observed]
    if isinstance(observed, float) or type(observed) is bool:
        raise _bad(target, Message("observed value {observed} is not exact: give a Decimal, a "
                                   "Fraction, an int or counts", observed=repr(observed)))
    if isinstance(observed, (Decimal, int)):
        return [Observation(value=Decimal(observed))]
    if isinstance(observed, Fraction):
        exact = Decimal(observed.numerator) / Decimal(observed.denominator)
        if Fraction(exact) != observed:
            raise _bad(target, Message("observed value {observed} has no exact decimal form: "
                                       "give counts instead", observed=observed))
        return [Observation(value=exact)]
    out = list(observed)
    for o in out:
        if not isinstance(o, Observation):
            raise _bad(target, Message("expected Observation items in a series, got {o}",
                                       o=repr(o)))
    return out


class Zero:
    """A year whose rate has a zero denominator."""


ZERO = Zero()


def level_of(target: Target, obs: Observation) -> Fraction | Zero:
    """The observed level in the indicator's unit, exactly; errors name the target."""
    ind = target.indicator
    assert ind is not None
    yr = " " + Message("in {year}", year=obs.year).text() if obs.year is not None else ""
    if obs.year is not None and type(obs.year) is not int:
        raise _bad(target, Message("year {year} is not a year", year=repr(obs.year)))
    if obs.coverage is not None and not isinstance(obs.coverage, Coverage):
        raise InvalidObservation(Message(
            "target {target}: coverage must be a Coverage (units reporting, units expected), "
            "got {value}", target=repr(target.id), value=type(obs.coverage).__name__))
    has_counts = obs.numerator is not None or obs.denominator is not None
    if obs.value is not None and has_counts:
        raise _bad(target, Message("give a value or counts{yr}, not both (value {obs}, counts "
                                   "{numerator}/{denominator})", yr=yr, obs=obs.value,
                                   numerator=obs.numerator, denominator=obs.denominator))
    if obs.value is None and not has_counts:
        raise _bad(target, Message("an observation{yr} has neither a value nor counts", yr=yr))
    if has_counts:
        return _rate(target, obs, yr)
    v = obs.value
    if type(v) is not Decimal or not v.is_finite():
        raise _bad(target, Message("observed value{yr} must be a finite Decimal, got {v}", yr=yr,
                                   v=repr(v)))
    if v < 0:
        raise _bad(target, Message("observed value{yr} is negative: {v}", yr=yr, v=v))
    unit = obs.unit or ind.unit
    x = Fraction(v)
    if unit is not ind.unit:
        if unit.factor is None or ind.unit.factor is None:
            raise _bad(target, Message("observed value{yr} is in {unit}, the target is in "
                                       "{unit2}: they cannot be converted", yr=yr,
                                       unit=unit.value, unit2=ind.unit.value))
        x = x * ind.unit.factor / unit.factor
    if ind.unit is Unit.COUNT and x.denominator != 1:
        raise _bad(target, Message("observed count{yr} is not a whole number: {v}", yr=yr, v=v))
    if ind.bounded and ind.unit.factor is not None and x > ind.unit.factor:
        raise _bad(target, Message("observed value{yr} {v} {symbol} is more than the whole, "
                                   "impossible for a share", yr=yr, v=v, symbol=unit.symbol))
    return x


def _rate(target: Target, obs: Observation, yr: str) -> Fraction | Zero:
    ind = target.indicator
    assert ind is not None
    n, d = obs.numerator, obs.denominator
    if ind.unit.factor is None:
        if d is not None:
            raise _bad(target, Message("{unit} target given counts {n}/{d}{yr}: give its value "
                                       "(a count or amount has no denominator)",
                                       unit=ind.unit.value, n=n, d=d, yr=yr))
        n_ = n if n is not None else -1
        if type(n) is not int or n_ < 0:
            raise _bad(target, Message("observed count{yr} must be a non-negative int, got {n}",
                                       yr=yr, n=repr(n)))
        return Fraction(n_)
    if n is None or d is None:
        raise _bad(target, Message("a rate needs both numerator and denominator{yr}, got {n}/{d}",
                                   yr=yr, n=repr(n), d=repr(d)))
    for name, c in (("numerator", n), ("denominator", d)):
        if type(c) is not int:
            raise _bad(target, Message("{name}{yr} must be an int count, got {c}", name=name,
                                       yr=yr, c=repr(c)))
        if c < 0:
            raise _bad(target, Message("{name}{yr} is a negative count: {c}", name=name, yr=yr,
                                       c=c))
    if d == 0:
        if n != 0:
            raise _bad(target, Message("numerator {n} over a zero denominator{yr}", n=n, yr=yr))
        return ZERO
    if ind.bounded and n > d:
        raise _bad(target, Message("numerator {n} exceeds denominator {d}{yr} ({numerator} is "
                                   "part of {denominator})", n=n, d=d, yr=yr,
                                   numerator=ind.numerator, denominator=ind.denominator))
    return Fraction(n * ind.unit.factor, d)

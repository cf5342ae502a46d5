"""Where a target applies, and on what it is judged there.

A plan sets its targets at its own level (a provincial plan for the province, a district
plan for the district) unless its text says otherwise, and a target is judged only where
it applies:

- ``area``: the plan's area as a whole, from the counts of all its units (the default);
- ``each_unit``: a quota that each unit of a level must reach on its own. Hồng Ngự's
  fund target is 300 million đồng for the district, "cấp xã 20 triệu đồng/01 xã, thị
  trấn": each commune is judged against 20 million, never against 300 million;
- ``share_of_units``: "the share of communes that …", computed at the plan's level from
  each counted unit's own result. Huế's Chỉ tiêu 1 ("trên 65% xã/phường/thị trấn đạt
  tiêu chuẩn …") is judged for the province, over its communes: never per commune as
  0% or 100%.

>>> from childprotect.documents.levels import AdminLevel
>>> quota = Application(Basis.EACH_UNIT, AdminLevel.COMMUNE, value=Decimal(20_000_000),
...                     source="cấp xã 20 triệu đồng/01 xã, thị trấn")
>>> quota.resolved(AdminLevel.DISTRICT).level, quota.quota_of(Decimal(300_000_000))
(<AdminLevel.COMMUNE: 'commune'>, Decimal('20000000'))
>>> Application().resolved(AdminLevel.PROVINCE).level
<AdminLevel.PROVINCE: 'province'>
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from childprotect.documents.levels import AdminLevel
from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.text.vntext import nfc

if TYPE_CHECKING:
    from childprotect.plans.observed import Observation

__all__ = ["Application", "Basis", "share_of_units"]

#: Levels from the top; a level's index grows downwards.
_DEPTH = {AdminLevel.NATIONAL: 0, AdminLevel.PROVINCE: 1, AdminLevel.DISTRICT: 2,
          AdminLevel.COMMUNE: 3}


class Basis(enum.Enum):
    """On what a target is judged where it applies."""

    AREA = "area"  # the area as a whole: its units' counts added up
    EACH_UNIT = "each_unit"  # a quota each unit of the level must reach on its own
    SHARE_OF_UNITS = "share_of_units"  # the share of the counted units meeting a condition


def _opt_quota(_inst: object, _a: attrs.Attribute[Decimal | None], value: Decimal | None
               ) -> None:
    if value is not None and (type(value) is not Decimal or not value.is_finite()
                              or value < 0):
        raise ValidationError(Message(
            "application: the quota must be a finite, non-negative Decimal, got {value}",
            value=repr(value)))


def _codes(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


@attrs.frozen
class Application:
    """Where a target applies (a level, and the units the plan names) and how it is judged.

    ``kind``: how it is judged there. ``level`` None means the plan's own level (its
    issuer's). ``units``: the codes of the units the plan names; empty means every unit
    of the level in the plan's area.
    ``value``: for ``each_unit``, the quota per unit when it is not the target's value.
    ``counted`` and ``counted_vi``: for ``share_of_units``, the level of the units counted
    and the plan's own words for them — the denominator is every unit of that level in
    the area. ``source`` quotes the plan's words that set the application.
    """

    kind: Basis = Basis.AREA
    level: AdminLevel | None = None
    units: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    value: Decimal | None = attrs.field(default=None, validator=_opt_quota)
    counted: AdminLevel | None = None
    counted_vi: str | None = attrs.field(
        default=None, converter=attrs.converters.optional(nfc))
    source: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.value is not None and self.kind is not Basis.EACH_UNIT:
            raise ValidationError(Message(
                "application: a quota (value) is only for a target applied to each unit"))
        if self.kind is Basis.EACH_UNIT and self.level is None:
            raise ValidationError(Message(
                "application: a quota for each unit needs the level of those units"))
        if self.kind is Basis.SHARE_OF_UNITS:
            if self.counted is None:
                raise ValidationError(Message(
                    "application: a share of units needs the level of the units counted "
                    "(counted)"))
            if self.level is not None and _DEPTH[self.counted] <= _DEPTH[self.level]:
                raise ValidationError(Message(
                    "application: the units counted ({counted}) must be below the level the "
                    "share is computed at ({level})", counted=self.counted.value,
                    level=self.level.value))
        elif self.counted is not None or self.counted_vi is not None:
            raise ValidationError(Message(
                "application: counted units are only for a share of units"))

    def resolved(self, plan_level: AdminLevel) -> Application:
        """This application with its level filled in (the plan's own when not given)."""
        if self.level is not None:
            return self
        out = attrs.evolve(self, level=plan_level)
        return out

    def quota_of(self, target_value: Decimal | None) -> Decimal | None:
        """The value a unit is judged against: the quota, else the target's value."""
        return self.value if self.value is not None else target_value

    def applies_to(self, code: str, level: str) -> bool:
        """Whether a unit (its code and level id) is one this application judges."""
        if self.level is None or level != self.level.value:
            return False
        return not self.units or code in self.units


def share_of_units(results: Mapping[str, bool | None], expected: Iterable[str], *,
                   year: int | None = None, level: str | None = None) -> Observation:
    """The observation of a "share of units" target from the units' own results.

    ``results`` maps each counted unit to whether it meets the condition (None: it did not
    say); ``expected`` lists every unit that counts (the denominator the plan means).
    The share is over the units that gave a result; the coverage says how many of the
    expected did.

    >>> o = share_of_units({"a": True, "b": False, "c": None, "d": True}, "abcde")
    >>> o.numerator, o.denominator, o.coverage.reporting, o.coverage.expected
    (2, 3, 3, 5)
    """
    from childprotect.plans.observed import Coverage, Observation

    counted = list(dict.fromkeys(expected))
    unknown = sorted(set(results) - set(counted))
    if unknown:
        raise ValidationError(Message(
            "share of units: {units} gave a result but are not among the units that count",
            units=", ".join(unknown)))
    known = [results[c] for c in counted if results.get(c) is not None]
    met = sum(1 for r in known if r)
    return Observation(year, numerator=met, denominator=len(known),
                       coverage=Coverage(len(known), len(counted), level))


"""What a target measures and how it is judged: the indicator (a count, a value or a rate of
two named counts), the comparator and its direction, the scope, categories, baseline,
verification and the parts of an amount.
"""

from __future__ import annotations

import enum
import re
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from childprotect.documents.levels import AdminLevel
from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.text.dates import PartialDate
from childprotect.text.quantities import Unit
from childprotect.text.vntext import nfc

if TYPE_CHECKING:
    pass

__all__ = [
    "UNNAMED",
    "AmountPart",
    "Baseline",
    "Category",
    "Change",
    "Comparator",
    "Dimension",
    "Direction",
    "Indicator",
    "Recurrence",
    "Scope",
    "TargetSource",
    "UnitCount",
    "Verification",
    "national_ref",
]

#: The measure name a drafted plan writes where the data column is still to be named
#: (``childprotect extract``; docs/extract.md): no data file has such a column.
UNNAMED = "to_name"


class Comparator(enum.Enum):
    """How an observed value ``x`` is compared with the target value ``v``.

    ======================  =============================================================
    ``below``               ``x < v`` ("dưới")
    ``at_most``             ``x ≤ v`` ("không quá", "tối đa")
    ``at_least``            ``x ≥ v`` ("ít nhất", "tối thiểu")
    ``above``               ``x > v`` ("trên")
    ``reach``               ``x = v`` or better in the target's direction: ``x ≥ v`` when
                            increasing, ``x ≤ v`` when decreasing ("đạt", "100% …")
    ``reduce_to``           ``x ≤ v``, a decrease ("giảm … xuống 0.8")
    ``reduce_by``           the fall from the baseline ``b`` is at least ``v``: in points
                            ``b − x ≥ v``, or relative ``(b − x) / b × 100 ≥ v``
    ``increase_by``         the rise from the baseline ``b`` is at least ``v``: in points
                            ``x − b ≥ v``, or relative ``(x − b) / b × 100 ≥ v`` ("tăng 10%")
    ``annual_reduction``    every year's fall from the previous year is at least ``v``;
                            ``upper`` is the top of the stated range ("giảm từ 2% đến 3%
                            hằng năm"); falling faster than ``upper`` still meets it
    ``maintain``            ``x`` no worse than ``v`` (by the indicator's
                            ``higher_is_better``)
    ``eliminate``           ``x = 0`` ("xóa bỏ")
    ``qualitative``         no number: kept with its text, never assessed as a number
    ======================  =============================================================
    """

    BELOW = "below"
    AT_MOST = "at_most"
    AT_LEAST = "at_least"
    ABOVE = "above"
    REACH = "reach"
    REDUCE_TO = "reduce_to"
    REDUCE_BY = "reduce_by"
    INCREASE_BY = "increase_by"
    ANNUAL_REDUCTION = "annual_reduction"
    MAINTAIN = "maintain"
    ELIMINATE = "eliminate"
    QUALITATIVE = "qualitative"

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]


_SYMBOLS = {
    Comparator.BELOW: "<", Comparator.AT_MOST: "≤", Comparator.AT_LEAST: "≥",
    Comparator.ABOVE: ">", Comparator.REACH: "reach", Comparator.REDUCE_TO: "reduce to",
    Comparator.REDUCE_BY: "reduce by", Comparator.INCREASE_BY: "increase by",
    Comparator.ANNUAL_REDUCTION: "fall per year",
    Comparator.MAINTAIN: "maintain", Comparator.ELIMINATE: "eliminate",
    Comparator.QUALITATIVE: "qualitative",
}

#: Comparators that say the target wants a decrease.
_DECREASING = {Comparator.REDUCE_TO, Comparator.REDUCE_BY, Comparator.ANNUAL_REDUCTION,
               Comparator.ELIMINATE}
#: Comparators measured as a change from a baseline (or from the year before).
_CHANGES = {Comparator.REDUCE_BY, Comparator.INCREASE_BY, Comparator.ANNUAL_REDUCTION}


class Direction(enum.Enum):
    """Which way the plan wants the indicator to move."""

    INCREASE = "increase"
    DECREASE = "decrease"
    MAINTAIN = "maintain"


class Change(enum.Enum):
    """How a change is measured: ``relative`` (percent of the earlier value) or ``points``
    (a difference in the indicator's own unit)."""

    RELATIVE = "relative"
    POINTS = "points"


class Recurrence(enum.Enum):
    """``once``: by the target year; ``annual``: in every year of the target's period;
    ``standing``: a commitment with no target year that holds at every time of the
    target's period, or of the plan's when the target gives none ("Phấn đấu 100% trẻ em
    gặp thiên tai … được cứu trợ")."""

    ONCE = "once"
    ANNUAL = "annual"
    STANDING = "standing"


class Dimension(enum.Enum):
    """A disaggregation dimension. Age options are bands in completed years (``0-4`` is
    "under 5", ``0`` "under 1", ``5-17``); area is ``urban``/``rural``; sex
    ``female``/``male``."""

    AREA = "area"
    AGE = "age"
    SEX = "sex"


_AGE = re.compile(r"[0-9]{1,2}(?:-[0-9]{1,2})?")
_OPTIONS = {Dimension.AREA: {"urban", "rural"}, Dimension.SEX: {"female", "male"}}
_TARGET_ID = re.compile(r"(?:CT|T)[0-9]+(?:\.[0-9]+)*|[a-zđ](?:\.[0-9]+)*")
_MEASURE = re.compile(r"[a-z][a-z0-9_]*")


def _nfc_or_none(value: str | None) -> str | None:
    return None if value is None else nfc(value)


def _fail(target_id: str, message: Message | str) -> ValidationError:
    return ValidationError(Message("target {target_id}: {message}", target_id=repr(target_id),
                                   message=message))


def _opt_decimal(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if type(value) is not Decimal or not value.is_finite():
        raise ValidationError(Message("{field} must be a finite Decimal, got {value}",
                                      field=attribute.name, value=repr(value)))
    if value < 0:
        raise ValidationError(Message("{field} must not be negative, got {value}",
                                      field=attribute.name, value=value))


def _measure(_inst: object, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None and not _MEASURE.fullmatch(value):
        raise ValidationError(
            Message("{field}: {value} is not a measure name (lower-case words joined by '_')",
                    field=attribute.name, value=repr(value)))


@attrs.frozen
class Indicator:
    """What a target measures.

    A count or an amount (``Unit.COUNT``, ``Unit.VND``) names at most the measure it
    counts (``numerator``); a rate (``Unit.PERCENT``, ``PER_THOUSAND``, ``PER_100000``)
    names its numerator and denominator so that rollups can recompute it from counts.
    ``bounded`` says the numerator counts members of the denominator, so it can never
    exceed it (a share of children); an event rate (injuries per 100,000) may set it
    False. ``higher_is_better`` is needed only by ``maintain`` targets.
    """

    name_vi: str = attrs.field(converter=nfc)
    name_en: str
    unit: Unit = attrs.field(validator=attrs.validators.instance_of(Unit))
    numerator: str | None = attrs.field(default=None, validator=_measure)
    denominator: str | None = attrs.field(default=None, validator=_measure)
    bounded: bool = True
    higher_is_better: bool | None = None

    def __attrs_post_init__(self) -> None:
        if self.unit.is_rate and (self.numerator is None or self.denominator is None):
            raise ValidationError(
                Message("indicator {name_en}: a rate ({unit}) needs a numerator and a "
                        "denominator, got {numerator} / {denominator}",
                        name_en=repr(self.name_en), unit=self.unit.value,
                        numerator=repr(self.numerator), denominator=repr(self.denominator)))
        if not self.unit.is_rate and self.denominator is not None:
            raise ValidationError(
                Message("indicator {name_en}: a {unit} has no denominator, got {denominator}",
                        name_en=repr(self.name_en), unit=self.unit.value,
                        denominator=repr(self.denominator)))

    def rate(self, numerator: int, denominator: int) -> Fraction:
        """The exact rate in this indicator's unit, from counts.

        >>> Indicator("x", "x", Unit.PER_THOUSAND, "deaths", "live_births").rate(8, 10000)
        Fraction(4, 5)
        """
        factor = self.unit.factor
        if factor is None:
            raise ValidationError(Message("indicator {name_en} is a {unit}, not a rate",
                                          name_en=repr(self.name_en), unit=self.unit.value))
        for name, n in (("numerator", numerator), ("denominator", denominator)):
            if type(n) is not int:
                raise ValidationError(Message("{name} of {name_en} must be an int, got {n}",
                                              name=name, name_en=repr(self.name_en), n=repr(n)))
            if n < 0:
                raise ValidationError(Message("{name} of {name_en} is negative: {n}", name=name,
                                              name_en=repr(self.name_en), n=n))
        if denominator == 0:
            raise ValidationError(Message("{name_en}: zero denominator ({numerator}/0)",
                                          name_en=repr(self.name_en), numerator=numerator))
        if self.bounded and numerator > denominator:
            raise ValidationError(
                Message("{name_en}: numerator {numerator} exceeds denominator {denominator}",
                        name_en=repr(self.name_en), numerator=numerator, denominator=denominator))
        return Fraction(numerator * factor, denominator)


@attrs.frozen
class Scope:
    """Where a target applies: the issuing unit as a whole (``level`` None), or
    ``every`` unit of a level ("100% xã/phường/thị trấn" → every commune)."""

    level: AdminLevel | None = None
    every: bool = False
    text_vi: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.every and self.level is None:
            raise ValidationError(Message("scope: 'every' needs a level (e.g. every commune)"))


@attrs.frozen
class Category:
    """One disaggregation option: ``Category(Dimension.AREA, "rural", "nông thôn")``."""

    dimension: Dimension
    option: str
    label_vi: str = attrs.field(converter=nfc)

    def __attrs_post_init__(self) -> None:
        allowed = _OPTIONS.get(self.dimension)
        if allowed is not None and self.option not in allowed:
            raise ValidationError(
                Message("disaggregation {dimension}: {option} is not one of {allowed}",
                        dimension=self.dimension.value, option=repr(self.option),
                        allowed=sorted(allowed)))
        if self.dimension is Dimension.AGE:
            m = _AGE.fullmatch(self.option)
            lo_hi = [int(p) for p in self.option.split("-")] if m else []
            if not m or (len(lo_hi) == 2 and lo_hi[0] > lo_hi[1]):
                raise ValidationError(
                    Message("disaggregation age: {option} is not an age band such as 0-4 or 5",
                            option=repr(self.option)))


@attrs.frozen
class Baseline:
    """The value a target starts from, with where it is stated.

    ``value`` is None when the text names the baseline year but not its value ("giảm 10%
    … so với năm 2020"): the value is then to be supplied with the data.
    """

    year: int
    value: Decimal | None = attrs.field(default=None, validator=_opt_decimal)
    source: str | None = None


class Verification(enum.Enum):
    """How well a fact supplied as data is sourced."""

    PRIMARY = "primary"  # read in the legal text or an official portal
    SECONDARY = "secondary"  # read in a news or legal-information site
    UNVERIFIED = "unverified"  # not confirmed by any source: configurable, not a truth


@attrs.frozen
class TargetSource:
    """Where a target was read: the clause of its document that states it, where the text
    was read (a URL or a copy; None: the plan's own ``source``), and how sure it is.

    >>> TargetSource("Điều 1, mục I.2, điểm b, Chỉ tiêu 9", None, Verification.SECONDARY).clause
    'Điều 1, mục I.2, điểm b, Chỉ tiêu 9'
    """

    clause: str | None = attrs.field(default=None, converter=_nfc_or_none)
    read_in: str | None = None
    verification: Verification = attrs.field(
        default=Verification.PRIMARY, validator=attrs.validators.instance_of(Verification))

    def __attrs_post_init__(self) -> None:
        for name in ("clause", "read_in"):
            v = getattr(self, name)
            if v is not None and not v.strip():
                raise ValidationError(Message(
                    "source: {name} is blank (give text or leave it out)", name=name))


_REF = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*)#(.+)")


def national_ref(ref: str) -> tuple[str, str]:
    """The plan id and target id of a reference ``<plan id>#<target id>``.

    >>> national_ref("ttg-23-2021#CT9.2030")
    ('ttg-23-2021', 'CT9.2030')
    """
    m = _REF.fullmatch(ref) if type(ref) is str else None
    if m is None or not _TARGET_ID.fullmatch(m.group(2)):
        raise ValidationError(Message(
            "implements: {ref} is not a reference '<plan id>#<target id>' such as "
            "'ttg-23-2021#CT9.2030'", ref=repr(ref)))
    return m.group(1), m.group(2)


@attrs.frozen
class UnitCount:
    """How many units of a level an area had on a date, with its source.

    Hồng Ngự district had 10 commune-level units (9 xã and 1 thị trấn) from 1 January
    2020 (Nghị quyết 838/NQ-UBTVQH14).
    """

    count: int
    units_vi: str = attrs.field(converter=nfc)
    as_of: PartialDate
    source: str
    verification: Verification

    def __attrs_post_init__(self) -> None:
        if type(self.count) is not int or self.count < 0:
            raise ValidationError(Message("unit count must be a non-negative int, got {count}",
                                          count=repr(self.count)))


@attrs.frozen
class AmountPart:
    """A part of an amount target: a fixed sum at one level, or a sum ``per_unit`` of a
    level (20 million đồng per commune), with the number of units as sourced data."""

    label_vi: str = attrs.field(converter=nfc)
    label_en: str
    level: AdminLevel
    value: Decimal = attrs.field(validator=_opt_decimal)
    per_unit: bool = False
    units: UnitCount | None = None

    def __attrs_post_init__(self) -> None:
        if self.units is not None and not self.per_unit:
            raise ValidationError(
                Message("part {label_en}: a unit count is only for per-unit parts",
                        label_en=repr(self.label_en)))


def _target_id(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if type(value) is not str or not _TARGET_ID.fullmatch(value):
        raise ValidationError(
            Message("{field}: {value} is not a target id such as 'CT6', 'CT3.1', 'a', 'đ.2' or "
                    "'T1'", field=attribute.name, value=repr(value)))

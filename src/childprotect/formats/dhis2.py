"""DHIS2 interop: rollup counts as a ``dataValueSets`` JSON payload, with DHIS2 period ids.

Provincial systems running DHIS2 import aggregate data through ``POST /api/dataValueSets``
(DHIS2 developer guide, *Web API → Data → Sending data values*). The payload is an object
with an optional ``dataSet``, ``completeDate``, ``period``, ``orgUnit`` and
``attributeOptionCombo``, and a list ``dataValues`` of objects with ``dataElement``,
``period``, ``orgUnit``, ``categoryOptionCombo``, ``attributeOptionCombo``, ``value`` and
``comment``; every value is a string. Identifier schemes given in the payload
(``dataElementIdScheme``, ``orgUnitIdScheme``) take precedence over the URL's, so the
payload names org units and data elements by *code* — the unit codes this library uses.

Only raw counts are exported: DHIS2 recomputes indicators (rates) from their numerator and
denominator at every level and never sums them (DHIS2 user guide, *Configure report
functionality*), which is also this library's rule.

Period ids follow the Web API's formats (``2023``, ``2023S1``, ``2023Q1``, ``202301``):

>>> DhisPeriod.parse("2023S2").start, DhisPeriod.parse("2023S2").end
(datetime.date(2023, 7, 1), datetime.date(2023, 12, 31))
>>> DhisPeriod.monthly(2023, 1).id, DhisPeriod.quarterly(2023, 4).id
('202301', '2023Q4')
>>> payload = data_value_set([DataValue("CP_CHILDREN", "2023", "46", 1234)])
>>> payload["dataValues"][0]
{'dataElement': 'CP_CHILDREN', 'period': '2023', 'orgUnit': '46', 'value': '1234'}
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from childprotect.errors import ValidationError
from childprotect.i18n import Message

if TYPE_CHECKING:
    from childprotect.rollup.publication import Suppressed
    from childprotect.rollup.result import Rollup

__all__ = [
    "DataValue",
    "DhisPeriod",
    "PeriodType",
    "data_value_set",
    "data_values",
    "dumps",
    "from_rollup",
    "period_of",
]


class PeriodType(enum.Enum):
    """The DHIS2 period types this module writes (names as DHIS2 spells them)."""

    YEARLY = "Yearly"
    SIX_MONTHLY = "SixMonthly"
    QUARTERLY = "Quarterly"
    MONTHLY = "Monthly"


#: Periods per year of each type.
_PER_YEAR = {PeriodType.YEARLY: 1, PeriodType.SIX_MONTHLY: 2, PeriodType.QUARTERLY: 4,
             PeriodType.MONTHLY: 12}
_PERIOD_ID = re.compile(r"(?P<y>[0-9]{4})(?:(?P<m>0[1-9]|1[0-2])|S(?P<s>[12])|Q(?P<q>[1-4]))?")


def _year(_inst: object, _a: object, value: int) -> None:
    if type(value) is not int or not 1000 <= value <= 9999:
        raise ValidationError(Message("year: {value} is not a four-digit year", value=repr(value)))


@attrs.frozen
class DhisPeriod:
    """A DHIS2 period: a year, a half-year, a quarter or a month.

    >>> DhisPeriod.parse("2023Q1") == DhisPeriod(PeriodType.QUARTERLY, 2023, 1)
    True
    >>> DhisPeriod.parse("2023-01")
    Traceback (most recent call last):
    ...
    childprotect.errors.ValidationError: period id '2023-01' is not a DHIS2 period id ...
    """

    type: PeriodType
    year: int = attrs.field(validator=_year)
    index: int = 1

    def __attrs_post_init__(self) -> None:
        n = _PER_YEAR[self.type]
        if type(self.index) is not int or not 1 <= self.index <= n:
            raise ValidationError(
                Message("index: {index} is out of range for a {type} period (1 to {n})",
                        index=repr(self.index), type=self.type.value, n=n)
            )

    @classmethod
    def yearly(cls, year: int) -> DhisPeriod:
        return cls(PeriodType.YEARLY, year)

    @classmethod
    def six_monthly(cls, year: int, half: int) -> DhisPeriod:
        return cls(PeriodType.SIX_MONTHLY, year, half)

    @classmethod
    def quarterly(cls, year: int, quarter: int) -> DhisPeriod:
        return cls(PeriodType.QUARTERLY, year, quarter)

    @classmethod
    def monthly(cls, year: int, month: int) -> DhisPeriod:
        return cls(PeriodType.MONTHLY, year, month)

    @classmethod
    def parse(cls, text: str) -> DhisPeriod:
        """A period from its DHIS2 id."""
        m = _PERIOD_ID.fullmatch(text) if isinstance(text, str) else None
        if m is None:
            raise ValidationError(
                Message("period id {text} is not a DHIS2 period id such as 2023, 2023S1, 2023Q1 "
                        "or 202301", text=repr(text))
            )
        year = int(m["y"])
        if m["m"]:
            return cls.monthly(year, int(m["m"]))
        if m["s"]:
            return cls.six_monthly(year, int(m["s"]))
        if m["q"]:
            return cls.quarterly(year, int(m["q"]))
        return cls.yearly(year)

    @classmethod
    def containing(cls, day: dt.date, type: PeriodType) -> DhisPeriod:
        """The period of this type that contains ``day``.

        >>> DhisPeriod.containing(dt.date(2023, 8, 15), PeriodType.QUARTERLY).id
        '2023Q3'
        """
        months = 12 // _PER_YEAR[type]
        return cls(type, day.year, (day.month - 1) // months + 1)

    @property
    def id(self) -> str:
        """The DHIS2 period id (``2023``, ``2023S1``, ``2023Q1``, ``202301``)."""
        if self.type is PeriodType.YEARLY:
            return f"{self.year}"
        if self.type is PeriodType.SIX_MONTHLY:
            return f"{self.year}S{self.index}"
        if self.type is PeriodType.QUARTERLY:
            return f"{self.year}Q{self.index}"
        return f"{self.year}{self.index:02d}"

    @property
    def start(self) -> dt.date:
        """The first day of the period."""
        months = 12 // _PER_YEAR[self.type]
        return dt.date(self.year, (self.index - 1) * months + 1, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        months = 12 // _PER_YEAR[self.type]
        last_month = self.index * months
        if last_month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, last_month + 1, 1) - dt.timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return self.id


def _code(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if type(value) is not str or not value.strip() or value != value.strip():
        raise ValidationError(
            Message("{field}: {value} is not an identifier (a non-empty code with no "
                    "surrounding spaces)", field=attribute.name, value=repr(value))
        )
    if len(value) > 50:
        raise ValidationError(Message("{field}: {value} is longer than DHIS2's 50 characters",
                                      field=attribute.name, value=repr(value)))


def _optional_code(inst: object, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None:
        _code(inst, attribute, value)  # type: ignore[arg-type]


def _period_id(_inst: object, _a: object, value: str) -> None:
    DhisPeriod.parse(value)


def _value(_inst: object, _a: object, value: int | Decimal | str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise ValidationError(
            Message("value: {value} ({kind}) is not a count or an exact number; floats are not "
                    "accepted", value=repr(value), kind=type(value).__name__)
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValidationError(Message("value: {value} is not a finite number", value=repr(value)))


@attrs.frozen
class DataValue:
    """One DHIS2 data value: a data element's value for an org unit and a period.

    ``value`` is a count (``int``), an exact ``Decimal`` or text; DHIS2 receives it as a
    string. Category and attribute option combos are DHIS2 codes (``None``: the default).
    """

    data_element: str = attrs.field(validator=_code)
    period: str = attrs.field(validator=_period_id)
    org_unit: str = attrs.field(validator=_code)
    value: int | Decimal | str = attrs.field(validator=_value)
    category_option_combo: str | None = attrs.field(default=None, validator=_optional_code)
    attribute_option_combo: str | None = attrs.field(default=None, validator=_optional_code)
    comment: str | None = None

    @property
    def key(self) -> tuple[str, str, str, str | None, str | None]:
        """What identifies the value in DHIS2 (a second value with the same key replaces it)."""
        return (self.data_element, self.period, self.org_unit, self.category_option_combo,
                self.attribute_option_combo)

    def to_json(self) -> dict[str, str]:
        """The value as DHIS2's JSON object (keys in the documented order)."""
        out = {"dataElement": self.data_element, "period": self.period,
               "orgUnit": self.org_unit}
        if self.category_option_combo is not None:
            out["categoryOptionCombo"] = self.category_option_combo
        if self.attribute_option_combo is not None:
            out["attributeOptionCombo"] = self.attribute_option_combo
        v = self.value
        out["value"] = format(v, "f") if isinstance(v, Decimal) else str(v)
        if self.comment is not None:
            out["comment"] = self.comment
        return out


@attrs.frozen
class _DataSet:
    data_set: str  # (its field names the data set code in an error)


def data_value_set(values: Iterable[DataValue], *, data_set: str | None = None,
                   complete_date: dt.date | None = None, id_scheme: str = "CODE") -> dict[str, Any]:
    """The ``dataValueSets`` JSON payload for ``values``.

    Two values with the same data element, period, org unit and option combos are an error
    (DHIS2 would silently keep the last one). ``id_scheme`` says how the payload names data
    elements and org units: ``CODE`` (the default) or ``UID``.
    """
    scheme = id_scheme.upper()
    if scheme not in ("CODE", "UID"):
        raise ValidationError(Message("id_scheme: {id_scheme} is not CODE or UID",
                                      id_scheme=repr(id_scheme)))
    if data_set is not None:  # ("" was sent as the data set)
        _code(None, attrs.fields(_DataSet).data_set, data_set)
    seen: dict[tuple[str, str, str, str | None, str | None], int] = {}
    rows: list[dict[str, str]] = []
    for i, v in enumerate(values):
        if not isinstance(v, DataValue):
            raise ValidationError(Message("dataValues[{i}]: expected a DataValue, got {kind}",
                                          i=i, kind=type(v).__name__))
        if v.key in seen:
            raise ValidationError(
                Message("dataValues[{i}]: {data_element} for org unit {org_unit} in period "
                        "{period} is given twice (first at dataValues[{seen}])", i=i,
                        data_element=v.data_element, org_unit=v.org_unit, period=v.period,
                        seen=seen[v.key])
            )
        seen[v.key] = i
        rows.append(v.to_json())
    payload: dict[str, Any] = {}
    if data_set is not None:
        payload["dataSet"] = data_set
    if complete_date is not None:
        payload["completeDate"] = complete_date.isoformat()
    payload["dataElementIdScheme"] = scheme
    payload["orgUnitIdScheme"] = scheme
    payload["dataValues"] = rows
    return payload


def data_values(rows: Iterable[tuple[str, str, int | Decimal]], *, period: str | DhisPeriod,
                data_elements: Mapping[str, str]) -> list[DataValue]:
    """DataValues from (org unit code, measure, count) rows, mapping each measure to its
    DHIS2 data element code. A measure with no data element is an error, never dropped.

    >>> [v.to_json() for v in data_values([("46", "children", 10)], period="2023",
    ...                                    data_elements={"children": "CP_CHILDREN"})]
    [{'dataElement': 'CP_CHILDREN', 'period': '2023', 'orgUnit': '46', 'value': '10'}]
    """
    pid = period.id if isinstance(period, DhisPeriod) else DhisPeriod.parse(period).id
    out: list[DataValue] = []
    for i, row in enumerate(rows):
        unit, measure, value = row
        if measure not in data_elements:
            known = ", ".join(sorted(data_elements)) or "none"
            raise ValidationError(
                Message("row {i}: measure {measure} has no DHIS2 data element code (mapped "
                        "measures: {known})", i=i, measure=repr(measure), known=known)
            )
        out.append(DataValue(data_elements[measure], pid, unit, value))
    return out


_ROLLUP_PERIOD = re.compile(
    r"(?P<y>[0-9]{4})(?:-(?:(?P<m>0[1-9]|1[0-2])|S(?P<s>[12])|Q(?P<q>[1-4])))?")


def period_of(period: str) -> DhisPeriod:
    """The DHIS2 period of a rollup period (``2024``, ``2024-S1``, ``2024-Q3``, ``2024-01``).

    >>> [period_of(p).id for p in ("2024", "2024-S1", "2024-Q3", "2024-01")]
    ['2024', '2024S1', '2024Q3', '202401']
    """
    m = _ROLLUP_PERIOD.fullmatch(period)
    if m is None:
        raise ValidationError(
            Message("period {period} has no DHIS2 period id (use YYYY, YYYY-Sn, YYYY-Qn or "
                    "YYYY-MM)", period=repr(period)))
    year = int(m["y"])
    if m["m"]:
        return DhisPeriod.monthly(year, int(m["m"]))
    if m["s"]:
        return DhisPeriod.six_monthly(year, int(m["s"]))
    if m["q"]:
        return DhisPeriod.quarterly(year, int(m["q"]))
    return DhisPeriod.yearly(year)


def from_rollup(rollup: Rollup, *, data_elements: Mapping[str, str],
                level: str | None = None, suppressed: Suppressed | None = None
                ) -> list[DataValue]:
    """The counts of one rollup as DataValues, for the units of ONE level.

    DHIS2 adds up raw data over its own org-unit tree, so sending a commune *and* its
    district would count the commune twice: the default sends the leaves (the units that
    report, normally communes); ``level`` sends another level's totals instead (for an
    instance whose tree stops at districts or provinces). Only count measures are sent
    (DHIS2 recomputes rates); every count measure must have a data element code, and a
    missing total (no unit reported) is not sent — DHIS2 has no value for it either.
    With ``suppressed`` (:func:`childprotect.rollup.suppress`), the hidden cells are not
    sent either, so the payload holds no hidden value.
    """
    unmapped = [m for m in rollup.names if m not in data_elements]
    if unmapped:
        raise ValidationError(
            Message("measure(s) {unmapped} have no DHIS2 data element code; map every count "
                    "measure (or leave the measure out of the data)", unmapped=unmapped))
    if rollup.period is None:
        raise ValidationError(Message("the rollup has no period"))
    pid = period_of(rollup.period).id
    h = rollup.hierarchy
    codes = h.leaves() if level is None else rollup.codes(level)
    hidden = suppressed.hidden if suppressed is not None else frozenset()
    out = []
    for code in codes:
        for measure in rollup.names:
            value = rollup.total(code, measure)
            if value is None or (code, measure) in hidden:
                continue
            if isinstance(value, Fraction) and value.denominator != 1:
                raise ValidationError(
                    Message("{measure} of unit {code} is {value}, not a whole count (a split "
                            "weight's approximation): DHIS2 counts are whole numbers",
                            measure=measure, code=code, value=value))
            out.append(DataValue(data_elements[measure], pid, code, int(value)))
    return out


def partial_totals(rollup: Rollup, values: Iterable[DataValue], *,
                   data_elements: Mapping[str, str], level: str | None = None
                   ) -> dict[tuple[str, str], tuple[int, int]]:
    """The ``values`` (of :func:`from_rollup`) that are totals over only part of the
    reporting units under their org unit: ``(org unit, data element) → (reported,
    expected)``. A reporting unit's own count is never partial, so nothing is when
    ``level`` is None (the reporting units are sent)."""
    if level is None:
        return {}
    measure_of = {code: measure for measure, code in data_elements.items()}
    leaves = set(rollup.hierarchy.leaves())
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for v in values:
        measure = measure_of.get(v.data_element)
        if v.org_unit in leaves or measure is None:
            continue
        cell = rollup.cell(v.org_unit, measure)
        if not cell.complete:
            out[(v.org_unit, v.data_element)] = (cell.reported, cell.expected)
    return out


def dumps(payload: Mapping[str, Any]) -> str:
    """The payload as JSON text (UTF-8 characters kept)."""
    import json

    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"

"""Tables of additive equations and the rule that protects a hidden small count: the
feasible interval of a hidden cell, the protection rule, findings and audits.

See :mod:`childprotect.rollup.protection` for the rule's sources and a worked example.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from childprotect.errors import ChildProtectError, ValidationError
from childprotect.i18n import Message

if TYPE_CHECKING:
    pass

__all__ = [
    "Audit",
    "Equation",
    "Finding",
    "Inequality",
    "Interval",
    "MissingSolver",
    "ProtectionRule",
    "Table",
]


class MissingSolver(ChildProtectError, ImportError):
    """The linear programming solver (the ``publish`` extra) is not installed."""

    def __init__(self) -> None:
        super().__init__(Message("auditing a suppression needs the HiGHS solver through "
                                 "scipy: pip install 'childprotect[publish]'"))


# --- the protection rule ----------------------------------------------------------------


def _positive(_inst: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or value < 1:
        raise ValidationError(Message("{field}: must be a whole number ≥ 1, got {value}",
                                      field=attribute.name, value=repr(value)))


def _level(_inst: object, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and (type(value) is not int or value < 0):
        raise ValidationError(
            Message("{field}: must be a whole number ≥ 0 (or None), got {value}",
                    field=attribute.name, value=repr(value)))


@attrs.frozen
class Interval:
    """The values a reader can deduce for a hidden cell: ``low … high`` (``high`` None:
    no upper bound). Whole numbers, both ends included.

    >>> Interval(1, 6).width, Interval(1, None).width
    (5, None)
    >>> str(Interval(1, 6)), str(Interval(2, None))
    ('[1, 6]', '[2, ∞)')
    """

    low: int
    high: int | None

    @property
    def width(self) -> int | None:
        return None if self.high is None else self.high - self.low

    def __str__(self) -> str:
        return f"[{self.low}, {'∞)' if self.high is None else f'{self.high}]'}"


@attrs.frozen
class ProtectionRule:
    """When a hidden small count is protected: its feasible interval reaches the threshold
    and is at least ``protection`` wide.

    A count ``v`` with ``0 < v < threshold`` is *primary*. Its feasible interval
    ``[lo, hi]`` (what a reader can deduce from everything published) must satisfy

    - ``hi ≥ threshold`` — an *upper protection level* of ``threshold − v``, and
    - ``hi − lo ≥ protection`` — a *sliding protection level* of ``protection``
      (default: the threshold).

    Sources. Upper, lower and sliding protection levels and the check of a pattern
    against them are those of the cell suppression model of Fischetti and
    Salazar-González used by τ-ARGUS and sdcTable: a pattern protects a sensitive cell
    of value ``w`` when ``w − lo ≥ LPL``, ``hi − w ≥ UPL`` and ``hi − lo ≥ SPL``
    (τ-ARGUS 4.1 user's manual, §2.9 "Optimisation models for secondary cell
    suppression" and §2.15 "Audit"; sdcTable, ``R/methods_class_problemInstance.r``,
    ``c_is_protected_solution``). The levels chosen for counts of persons follow the
    τ-ARGUS 4.1 manual, §2.14 "Choosing the parameters for Controlled Rounding": a
    disclosive frequency is one an intruder can place below the threshold, so "the
    existence interval … contains at least one safe value" (here: ``hi ≥ threshold``)
    and "the width of the existence interval must be not less than the minimum
    frequency" (here: ``protection`` defaults to ``threshold``). No lower protection
    level is asked: zeros are published, so a hidden cell is known to be ≥ 1 anyway.
    sdcTable's own default, ``LPL = UPL = 1``, is weaker than this rule.

    >>> r = ProtectionRule(5)
    >>> r.level, r.is_primary(3), r.is_primary(5), r.is_primary(0)
    (5, True, False, False)
    >>> r.problems(Interval(1, 4))
    ['the upper bound 4 is below the threshold 5', 'the width 3 is below the protection level 5']
    >>> r.problems(Interval(1, 6)), r.problems(Interval(1, None))
    ([], [])
    """

    threshold: int = attrs.field(default=5, validator=_positive)
    protection: int | None = attrs.field(default=None, validator=_level)

    @property
    def level(self) -> int:
        """The sliding protection level in force (``protection``, else the threshold)."""
        return self.threshold if self.protection is None else self.protection

    def is_primary(self, value: int) -> bool:
        return 0 < value < self.threshold

    def required_high(self, low: int) -> int:
        """The least upper bound that protects a cell whose lower bound is ``low``."""
        return max(self.threshold, low + self.level)

    def problems(self, interval: Interval) -> list[str]:
        """Why ``interval`` does not protect a primary cell (empty: it does)."""
        hi = interval.high
        if hi is None:
            return []
        out = []
        if hi < self.threshold:
            out.append(Message("the upper bound {high} is below the threshold {threshold}",
                               high=hi, threshold=self.threshold).text())
        if hi - interval.low < self.level:
            out.append(Message("the width {width} is below the protection level {level}",
                               width=hi - interval.low, level=self.level).text())
        return out


# --- a table described by its additive equations ---------------------------------------


def _cells(cells: Iterable[Hashable]) -> tuple[Hashable, ...]:
    return tuple(cells)


@attrs.frozen
class Equation:
    """``total = sum(parts)`` between cells of a table."""

    total: Hashable
    parts: tuple[Hashable, ...] = attrs.field(converter=_cells)

    def __attrs_post_init__(self) -> None:
        if not self.parts:
            raise ValidationError(Message("equation for {total}: no parts",
                                          total=repr(self.total)))


@attrs.frozen
class Inequality:
    """``sum(smaller) ≤ sum(larger)`` between cells of a table (a group count is at most
    the number of children; a distinct count is at most the sum of its parts)."""

    smaller: tuple[Hashable, ...] = attrs.field(converter=_cells)
    larger: tuple[Hashable, ...] = attrs.field(converter=_cells)


def _values(values: Mapping[Hashable, int]) -> dict[Hashable, int]:
    return dict(values)


def _equations(items: Iterable[Equation]) -> tuple[Equation, ...]:
    return tuple(items)


def _inequalities(items: Iterable[Inequality]) -> tuple[Inequality, ...]:
    return tuple(items)


@attrs.frozen
class Table:
    """A table of whole counts ≥ 0 and the relations a reader knows hold between them.

    Every equation and inequality must hold for ``values`` (a reader's deductions start
    from true relations); an error names the relation, never a value.
    """

    values: dict[Hashable, int] = attrs.field(converter=_values, repr=False)
    equations: tuple[Equation, ...] = attrs.field(converter=_equations, default=())
    inequalities: tuple[Inequality, ...] = attrs.field(converter=_inequalities, default=())

    def __attrs_post_init__(self) -> None:
        values = self.values
        for cell, v in values.items():
            if type(v) is not int or v < 0:
                raise ValidationError(Message("table cell {cell}: expected a whole number ≥ 0",
                                              cell=repr(cell)))
        for i, eq in enumerate(self.equations):
            for cell in (eq.total, *eq.parts):
                if cell not in values:
                    raise ValidationError(Message("equations[{i}]: unknown cell {cell}", i=i,
                                                  cell=repr(cell)))
            if sum(values[c] for c in eq.parts) != values[eq.total]:
                raise ValidationError(
                    Message("equations[{i}]: the parts of {total} do not add up to it", i=i,
                            total=repr(eq.total)))
        for i, ineq in enumerate(self.inequalities):
            for cell in (*ineq.smaller, *ineq.larger):
                if cell not in values:
                    raise ValidationError(Message("inequalities[{i}]: unknown cell {cell}", i=i,
                                                  cell=repr(cell)))
            if sum(values[c] for c in ineq.smaller) > sum(values[c] for c in ineq.larger):
                raise ValidationError(Message("inequalities[{i}]: does not hold for the values",
                                              i=i))


@attrs.frozen
class Finding:
    """A primary cell that is not protected: published, or hidden with too narrow an
    interval (``problem`` says which bound fails). Never holds the cell's value."""

    cell: Hashable
    interval: Interval | None
    problem: str


@attrs.frozen
class Audit:
    """What a reader can deduce about every audited hidden cell, and the primary cells
    that the :class:`ProtectionRule` finds under protection.

    ``intervals`` holds the audited hidden cells, each the exact range of whole numbers
    a reader can deduce (see :func:`childprotect.rollup.intervals.audit_table`);
    ``findings`` the failures, ``ok`` says there are none; ``zeros_published``: whether
    the audit assumed hidden cells ≥ 1.
    """

    rule: ProtectionRule
    intervals: Mapping[Hashable, Interval] = attrs.field(repr=False)
    primary: frozenset[Hashable] = attrs.field(repr=False)
    findings: tuple[Finding, ...]
    zeros_published: bool

    @property
    def ok(self) -> bool:
        return not self.findings

    def summary(self) -> str:
        """One line for people.

        >>> t = Table({"T": 9, "a": 1, "b": 8}, [Equation("T", ("a", "b"))])
        >>> from childprotect.rollup.intervals import audit_table
        >>> audit_table(t, {"a", "b"}).summary()
        '2 hidden cells audited, 1 primary, 0 under protection (threshold 5, protection 5)'
        """
        return (f"{len(self.intervals)} hidden cells audited, {len(self.primary)} primary, "
                f"{len(self.findings)} under protection (threshold {self.rule.threshold}, "
                f"protection {self.rule.level})")

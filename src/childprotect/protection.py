"""Publication safety: small-cell suppression whose protection is audited.

A published table of counts of children must not let anyone work out a small count
(``1 … threshold − 1``) that was hidden. Hiding the small cells (*primary* suppression) is
not enough: totals at every level, the rules linking measures, non-negativity, whole
numbers and the rule that zeros are published bound every hidden cell. This module

- computes, for every hidden cell, the interval of values a reader can still deduce from
  everything published (:func:`audit` for a rollup, :func:`audit_table` for any table of
  additive equations), by linear programming with the HiGHS solver (``scipy``, the
  ``publish`` extra), and
- hides complementary cells until every primary cell's interval meets the
  :class:`ProtectionRule` (:func:`suppress`).

The rule (see :class:`ProtectionRule` for the sources): for a primary cell of value
``v``, the feasible interval ``[lo, hi]`` must reach the threshold (``hi ≥ threshold``: a
reader cannot tell the count is small) and be at least ``protection`` wide
(``hi − lo ≥ protection``; by default the threshold).

>>> t = Table({"T": 25, "a": 1, "b": 18, "c": 6},
...           [Equation("T", ("a", "b", "c"))])
>>> rule = ProtectionRule(threshold=5)
>>> audit_table(t, {"a", "c"}, rule).findings      # a + c = 7, both ≥ 1: a ≤ 6
()
>>> audit_table(t, {"a", "c"}, rule).intervals["a"]
Interval(low=1, high=6)
>>> audit_table(Table({"T": 5, "a": 1, "b": 4}, [Equation("T", ("a", "b"))]),
...             {"a", "b"}, rule).findings[0].problem
'the upper bound 4 is below the threshold 5; the width 3 is below the protection level 5'

Nothing here puts a hidden value in a message, a repr or an exception: findings name the
cell and the interval a reader could compute, never the value.
"""

from __future__ import annotations

import itertools
import re
import typing
from collections.abc import Collection, Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .errors import ChildProtectError, ValidationError

if TYPE_CHECKING:
    from .anomalies import Anomaly
    from .rollup import Rollup, Suppressed

__all__ = [
    "LEGEND",
    "MARK",
    "Audit",
    "Equation",
    "Finding",
    "Inequality",
    "Interval",
    "MissingSolver",
    "ProtectionRule",
    "Table",
    "audit",
    "audit_table",
    "legend",
    "redact_anomalies",
    "suppress",
    "suppressed_html",
    "table_of",
]

#: The mark printed in place of every hidden count and every rate built on one. One mark
#: for primary and complementary cells alike: a mark telling a reader which hidden cells
#: are the small ones would itself say "this count is below the threshold".
MARK = "×"

#: The legend that explains :data:`MARK` (:func:`legend` fills in the mark and the largest
#: small count).
LEGEND = ("{mark} = not published, to protect children's data: a count from 1 to "
          "{below}, or a cell hidden so that such a count cannot be worked out from the "
          "totals. Zeros are published.")


def legend(threshold: int) -> str:
    """The sentence that explains :data:`MARK` in an output suppressed at ``threshold``.

    >>> legend(5)[:40]
    '× = not published, to protect children’s'
    """
    return LEGEND.format(mark=MARK, below=threshold - 1).replace("'", "’")


class MissingSolver(ChildProtectError, ImportError):
    """The linear programming solver (the ``publish`` extra) is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "auditing a suppression needs the HiGHS solver through scipy: "
            "pip install 'childprotect[publish]'")


# --- the protection rule ----------------------------------------------------------------


def _positive(_inst: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or value < 1:
        raise ValidationError(f"{attribute.name}: must be a whole number ≥ 1, got {value!r}")


def _level(_inst: object, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and (type(value) is not int or value < 0):
        raise ValidationError(
            f"{attribute.name}: must be a whole number ≥ 0 (or None), got {value!r}")


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
            out.append(f"the upper bound {hi} is below the threshold {self.threshold}")
        if hi - interval.low < self.level:
            out.append(f"the width {hi - interval.low} is below the protection level "
                       f"{self.level}")
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
            raise ValidationError(f"equation for {self.total!r}: no parts")


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
                raise ValidationError(f"table cell {cell!r}: expected a whole number ≥ 0")
        for i, eq in enumerate(self.equations):
            for cell in (eq.total, *eq.parts):
                if cell not in values:
                    raise ValidationError(f"equations[{i}]: unknown cell {cell!r}")
            if sum(values[c] for c in eq.parts) != values[eq.total]:
                raise ValidationError(
                    f"equations[{i}]: the parts of {eq.total!r} do not add up to it")
        for i, ineq in enumerate(self.inequalities):
            for cell in (*ineq.smaller, *ineq.larger):
                if cell not in values:
                    raise ValidationError(f"inequalities[{i}]: unknown cell {cell!r}")
            if sum(values[c] for c in ineq.smaller) > sum(values[c] for c in ineq.larger):
                raise ValidationError(f"inequalities[{i}]: does not hold for the values")


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
    a reader can deduce (see :func:`audit_table`); ``findings`` the failures, ``ok`` says
    there are none; ``zeros_published``: whether the audit assumed hidden cells ≥ 1.
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
        >>> audit_table(t, {"a", "b"}).summary()
        '2 hidden cells audited, 1 primary, 0 under protection (threshold 5, protection 5)'
        """
        return (f"{len(self.intervals)} hidden cells audited, {len(self.primary)} primary, "
                f"{len(self.findings)} under protection (threshold {self.rule.threshold}, "
                f"protection {self.rule.level})")


def _findings(rule: ProtectionRule, primary: Iterable[Hashable], hidden: Collection[Hashable],
              intervals: Mapping[Hashable, Interval]) -> tuple[Finding, ...]:
    out = []
    for cell in primary:
        if cell not in hidden:
            out.append(Finding(cell, None, "a count below the threshold is published"))
            continue
        iv = intervals[cell]
        problems = rule.problems(iv)
        if problems:
            out.append(Finding(cell, iv, "; ".join(problems)))
    return tuple(out)


def audit_table(table: Table, hidden: Iterable[Hashable], rule: ProtectionRule | None = None,
                *, primary: Iterable[Hashable] | None = None,
                zeros_published: bool | None = None,
                cells: Iterable[Hashable] | None = None) -> Audit:
    """Audit a table suppressed anywhere: the feasible interval of each hidden cell.

    ``hidden``: the cells not published. ``primary`` (default: every cell with
    ``0 < value < threshold``): the cells the rule protects; a primary cell that is
    published is a finding too. ``zeros_published``: a reader knows that every zero is
    published, hence every hidden cell is ≥ 1 (default: true when no hidden cell is zero).
    ``cells``: the hidden cells whose interval to compute (default: all; the primary
    cells are always included).

    Each interval is the minimum and the maximum of the cell over the whole numbers ≥ 0
    (≥ 1) satisfying every equation and inequality with the published cells fixed,
    computed by the HiGHS solver (through scipy: ``scipy.optimize.milp``, which solves a
    linear programme when no variable is integral), one independent problem per
    connected group of hidden cells (several groups share each solver call). When every
    hidden cell of a group appears in at most two equations, as a part of one and the
    total of the other (the equations of one measure over a hierarchy), the constraint
    matrix is a network matrix, totally unimodular, so the simplex method's optimum is
    a whole number and is the exact bound; otherwise (inequalities, or a cell in two
    sums as a part, as in a two-way table) a bound whose relaxed solution is not whole
    is computed again as a mixed-integer programme.

    >>> t = Table({"T": 19, "p1": 1, "p2": 18, "c1": 1, "c2": 18, "c3": 0},
    ...           [Equation("T", ("p1", "p2")), Equation("p1", ("c1",)),
    ...            Equation("p2", ("c2", "c3"))])
    >>> a = audit_table(t, {"p1", "c1", "p2", "c3"}, zeros_published=False)
    >>> a.intervals["c1"], a.findings[0].cell
    (Interval(low=0, high=1), 'p1')
    """
    _require_solver()
    rule = rule if rule is not None else ProtectionRule()
    hidden_set = set(hidden)
    values = table.values
    unknown = [c for c in hidden_set if c not in values]
    if unknown:
        raise ValidationError(f"hidden cell(s) not in the table: {sorted(map(repr, unknown))[:5]}")
    prim = frozenset(primary) if primary is not None else frozenset(
        c for c, v in values.items() if rule.is_primary(v))
    low = _zeros_rule(values, hidden_set, zeros_published)
    wanted = set(hidden_set) if cells is None else (set(cells) & hidden_set) | (
        prim & hidden_set)
    intervals = _lp_intervals(table, hidden_set, wanted, low)
    ordered = {c: intervals[c] for c in values if c in intervals}
    return Audit(rule, ordered, prim, _findings(rule, [c for c in values if c in prim],
                                                hidden_set, ordered), low == 1)


def _zeros_rule(values: Mapping[Hashable, int], hidden: Iterable[Hashable],
                zeros_published: bool | None) -> int:
    """The lower bound a reader knows for every hidden cell: 1 when zeros are published."""
    zeros = [c for c in hidden if values[c] == 0]
    if zeros_published is None:
        return 0 if zeros else 1
    if zeros_published and zeros:
        raise ValidationError(
            f"zeros_published=True, but {len(zeros)} hidden cell(s) are zero, e.g. "
            f"{zeros[0]!r}: a reader cannot assume hidden cells are ≥ 1")
    return 1 if zeros_published else 0


# --- linear programming (HiGHS through scipy) ---------------------------------------------


class _Row:
    """One relation restricted to the hidden cells: ``Σ coef·x (=|≤) rhs``."""

    __slots__ = ("coefs", "equality", "rhs")

    def __init__(self, coefs: dict[Hashable, int], rhs: int, equality: bool) -> None:
        self.coefs, self.rhs, self.equality = coefs, rhs, equality


def _equation_row(eq: Equation, hidden: Collection[Hashable], values: Mapping[Hashable, int]
                  ) -> _Row:
    coefs: dict[Hashable, int] = {}
    rhs = 0
    for cell, sign in itertools.chain(((eq.total, -1),), zip(eq.parts, itertools.repeat(1))):
        if cell in hidden:
            coefs[cell] = coefs.get(cell, 0) + sign
        else:
            rhs -= sign * values[cell]
    return _Row({c: k for c, k in coefs.items() if k}, rhs, True)


def _inequality_row(ineq: Inequality, hidden: Collection[Hashable],
                    values: Mapping[Hashable, int]) -> _Row:
    coefs: dict[Hashable, int] = {}
    rhs = 0
    for cell, sign in itertools.chain(zip(ineq.smaller, itertools.repeat(1)),
                                      zip(ineq.larger, itertools.repeat(-1))):
        if cell in hidden:
            coefs[cell] = coefs.get(cell, 0) + sign
        else:
            rhs -= sign * values[cell]
    return _Row({c: k for c, k in coefs.items() if k}, rhs, False)


def _rows(table: Table, hidden: Collection[Hashable]) -> list[_Row]:
    """Each equation and inequality with a hidden cell, the published cells moved right."""
    values = table.values
    rows = []
    for eq in table.equations:
        if eq.total in hidden or not hidden.isdisjoint(eq.parts):  # type: ignore[attr-defined]
            rows.append(_equation_row(eq, hidden, values))
    for ineq in table.inequalities:
        if not (hidden.isdisjoint(ineq.smaller)  # type: ignore[attr-defined]
                and hidden.isdisjoint(ineq.larger)):  # type: ignore[attr-defined]
            rows.append(_inequality_row(ineq, hidden, values))
    return rows


class _Relations:
    """A table's relations indexed by cell: the group of relations and hidden cells
    around one hidden cell, and its interval, without going through the whole table."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.items: list[Equation | Inequality] = [*table.equations, *table.inequalities]
        by_cell: dict[Hashable, list[int]] = {}
        for i, item in enumerate(self.items):
            cells = ((item.total, *item.parts) if isinstance(item, Equation)
                     else (*item.smaller, *item.larger))
            for c in cells:
                by_cell.setdefault(c, []).append(i)
        self.by_cell = by_cell

    def cells(self, i: int) -> tuple[Hashable, ...]:
        item = self.items[i]
        if isinstance(item, Equation):
            return (item.total, *item.parts)
        return (*item.smaller, *item.larger)

    def group(self, cell: Hashable, hidden: Collection[Hashable]
              ) -> tuple[list[Hashable], list[int]]:
        """The hidden cells linked to ``cell`` and the relations around them."""
        seen = {cell}
        todo = [cell]
        used: dict[int, None] = {}
        while todo:
            c = todo.pop()
            for i in self.by_cell.get(c, ()):
                if i in used:
                    continue
                used[i] = None
                for d in self.cells(i):
                    if d in hidden and d not in seen:
                        seen.add(d)
                        todo.append(d)
        return list(seen), list(used)

    def interval(self, cell: Hashable, hidden: Collection[Hashable], low: int) -> Interval:
        cells, used = self.group(cell, hidden)
        values = self.table.values
        rows = []
        for i in used:
            item = self.items[i]
            row = (_equation_row(item, hidden, values) if isinstance(item, Equation)
                   else _inequality_row(item, hidden, values))
            if row.coefs:
                rows.append(row)
        if not rows:
            return Interval(low, None)
        g = _Group(cells, rows, [cell], low)
        return _solve([g], low, capped=g.network)[cell]


def _components(hidden: Iterable[Hashable], rows: list[_Row]
                ) -> list[tuple[list[Hashable], list[_Row]]]:
    """The hidden cells in groups linked by a relation, each with its relations."""
    parent: dict[Hashable, Hashable] = {c: c for c in hidden}

    def find(c: Hashable) -> Hashable:
        root = c
        while parent[root] != root:
            root = parent[root]
        while parent[c] != root:
            parent[c], c = root, parent[c]
        return root

    for row in rows:
        cells = iter(row.coefs)
        first = next(cells, None)
        if first is None:
            continue
        a = find(first)
        for c in cells:
            b = find(c)
            if a != b:
                parent[b] = a
    groups: dict[Hashable, tuple[list[Hashable], list[_Row]]] = {}
    for c in parent:
        groups.setdefault(find(c), ([], []))[0].append(c)
    for row in rows:
        if row.coefs:
            groups[find(next(iter(row.coefs)))][1].append(row)
    return list(groups.values())


def _network(cells: list[Hashable], rows: list[_Row]) -> bool:
    """True when the rows are equations in which each cell is a part of at most one and
    the total of at most one, with coefficients ±1: a network matrix (totally
    unimodular), whose linear programmes have whole-number optima."""
    seen: dict[Hashable, list[int]] = {}
    for row in rows:
        if not row.equality:
            return False
        for c, k in row.coefs.items():
            if k not in (1, -1):
                return False
            seen.setdefault(c, []).append(k)
    return all(len(ks) == 1 or sorted(ks) == [-1, 1] for ks in seen.values())


def _require_solver() -> None:
    """Fail early, before any work, when the solver is not installed."""
    import importlib.util

    try:
        found = importlib.util.find_spec("scipy.optimize") is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise MissingSolver()


def _highs(cost: Any, lower: Any, upper: Any, problem: Mapping[str, Any], *,
           integral: bool = False) -> Any:
    """``min cost·x`` with ``lower ≤ x ≤ upper`` and ``problem``'s ``A_eq x = b_eq``,
    ``A_ub x ≤ b_ub``, by HiGHS (scipy's ``milp``, which solves a linear programme when
    no variable is integral)."""
    try:
        from scipy.optimize import Bounds, LinearConstraint, milp
    except ImportError:
        raise MissingSolver() from None
    import numpy as np

    for key in ("A_eq", "A_ub"):  # 32-bit indices (see _Group._coo)
        a = problem.get(key)
        if a is not None and a.indices.dtype != np.int32:
            problem = {**problem, key: type(a)((a.data, a.indices.astype(np.int32),
                                               a.indptr.astype(np.int32)), shape=a.shape)}
    constraints = []
    if problem.get("A_eq") is not None:
        constraints.append(LinearConstraint(problem["A_eq"], problem["b_eq"], problem["b_eq"]))
    if problem.get("A_ub") is not None:
        constraints.append(LinearConstraint(problem["A_ub"], -np.inf, problem["b_ub"]))
    n = len(cost)
    return milp(cost, integrality=np.ones(n) if integral else None,
                bounds=Bounds(lower, upper), constraints=constraints,
                options={"mip_rel_gap": 0.0} if integral else None)


def _lp_intervals(table: Table, hidden: set[Hashable], wanted: set[Hashable], low: int
                  ) -> dict[Hashable, Interval]:
    """The exact interval of each ``wanted`` hidden cell (see :func:`audit_table`)."""
    if not wanted:
        return {}
    rows = _rows(table, hidden)
    out: dict[Hashable, Interval] = {}
    groups = []
    for cells, crows in _components(hidden, rows):
        targets = [c for c in cells if c in wanted]
        if not targets:
            continue
        if not crows:  # no relation: anything ≥ low
            out.update((c, Interval(low, None)) for c in targets)
        else:
            groups.append(_Group(cells, crows, targets, low))
    network = [g for g in groups if g.network]
    if network:
        out.update(_solve(network, low, capped=True))
    other = [g for g in groups if not g.network]
    if other:
        out.update(_solve(other, low, capped=False))
    return out


class _Group:
    """Hidden cells linked by relations, the cells to bound, and the relations.

    An inequality on a single cell is kept as a bound of that cell (``lower``, ``high``;
    whole numbers, since the cells are), the other relations as rows: coordinates,
    coefficients and right-hand sides (``eq``, ``ub``). ``bounded``: the cells that
    some relation bounds above (so no ray of the recession cone raises them).
    """

    __slots__ = ("bounded", "cells", "eq", "high", "index", "lower", "network", "rows",
                 "targets", "ub", "vertex")

    def __init__(self, cells: list[Hashable], rows: list[_Row], targets: list[Hashable],
                 low: int) -> None:
        self.cells, self.targets = cells, targets
        self.index = {c: i for i, c in enumerate(cells)}
        lower = dict.fromkeys(cells, low)
        high: dict[Hashable, int] = {}
        kept = []
        for row in rows:
            if not row.equality and len(row.coefs) == 1:
                ((c, k),) = row.coefs.items()
                if k > 0:  # k·x ≤ rhs: x ≤ ⌊rhs / k⌋
                    bound = row.rhs // k
                    high[c] = min(high.get(c, bound), bound)
                else:  # x ≥ ⌈rhs / k⌉
                    lower[c] = max(lower[c], -(row.rhs // -k))
            else:
                kept.append(row)
        self.rows = kept
        self.lower = [lower[c] for c in cells]
        self.high = [high.get(c) for c in cells]
        self.network = _network(cells, kept)
        self.eq = self._coo([r for r in kept if r.equality])
        self.ub = self._coo([r for r in kept if not r.equality])
        self.bounded = self._bounded(high)
        # A bound of every vertex's coordinates when the rows form a network matrix
        # (see _solve): x − lower substituted, the inverse of a basis has entries 0, ±1.
        self.vertex = max(self.lower) + sum(
            abs(row.rhs - sum(k * lower[c] for c, k in row.coefs.items())) for row in kept
        ) + sum(h - lower[c] for c, h in high.items())

    def _coo(self, rows: list[_Row]) -> tuple[Any, Any, Any, Any]:
        import numpy as np

        ri, ci, data, rhs = [], [], [], []
        for i, row in enumerate(rows):
            for c, k in row.coefs.items():
                ri.append(i)
                ci.append(self.index[c])
                data.append(float(k))
            rhs.append(float(row.rhs))
        # 32-bit indices: the HiGHS wrapper of scipy 1.11 accepts no other (1.17 does).
        return (np.array(ri, dtype=np.int32), np.array(ci, dtype=np.int32), np.array(data),
                np.array(rhs))

    def _bounded(self, high: Mapping[Hashable, int]) -> set[Hashable]:
        """Cells bounded above: by a bound, or by a row whose other side is bounded (every
        cell is bounded below)."""
        out = set(high)
        changed = True
        while changed:
            changed = False
            for row in self.rows:
                pos = [c for c, k in row.coefs.items() if k > 0]
                neg = [c for c, k in row.coefs.items() if k < 0]
                sides = [(neg, pos), (pos, neg)] if row.equality else [(neg, pos)]
                for known, then in sides:
                    if all(c in out for c in known) and not out.issuperset(then):
                        out.update(then)
                        changed = True
        return out


#: Columns per solver call when copies of groups are solved together.
_COLUMNS = 20_000


def _solve(groups: list[_Group], low: int, *, capped: bool) -> dict[Hashable, Interval]:
    """The exact intervals of the targets of independent groups, many per solver call.

    Each (group, target) pair gets its own copy of the group's relations, and copies
    share no cell, so optimising the sum of the copies' targets optimises each: one
    call gives the maxima of a batch of copies, one the minima. A bound is exact when
    the solver's solution on the copy is whole (a whole point attains the relaxation's
    bound), which the simplex method guarantees for a network matrix; otherwise that
    cell's bound is solved again as a mixed-integer programme.

    Which targets have no upper bound: for network groups (``capped``), every cell is
    capped at ``M = 2V + 2``, ``V`` bounding every vertex (the lower bounds plus the sum
    of the absolute right-hand sides once ``x − lower`` is substituted, plus the ranges
    of the bounded cells: the inverse of a basis of a totally unimodular matrix has
    entries 0, ±1); a bounded target's maximum is at most ``V``, an unbounded one
    reaches at least ``M − V`` along a ray. Otherwise, for a target no relation bounds
    above, a first call finds the largest ``d`` on it, at most 1, over the recession
    cone ``A_eq d = 0, A_ub d ≤ 0, d ≥ 0``: 1 when a ray raises it, else 0 (the whole
    points of a rational polyhedron have the same recession cone).
    """
    import numpy as np

    try:
        from scipy.sparse import csr_array
    except ImportError:
        raise MissingSolver() from None

    jobs = [(j, t) for j, g in enumerate(groups) for t in g.targets]
    batches: list[list[tuple[int, Hashable]]] = [[]]
    width = 0
    for job in jobs:
        n = len(groups[job[0]].cells)
        if width and width + n > _COLUMNS:
            batches.append([])
            width = 0
        batches[-1].append(job)
        width += n
    out: dict[Hashable, Interval] = {}
    again: list[tuple[int, Hashable]] = []
    for batch in batches:
        starts, pos, lows, highs = [], [], [], []
        parts: dict[str, tuple[list[Any], list[Any], list[Any], list[Any]]] = {
            "eq": ([], [], [], []), "ub": ([], [], [], [])}
        col = 0
        rows = {"eq": 0, "ub": 0}
        for j, t in batch:
            g = groups[j]
            starts.append(col)
            pos.append(col + g.index[t])
            for kind in ("eq", "ub"):
                ri, ci, data, rhs = getattr(g, kind)
                if len(rhs):
                    acc = parts[kind]
                    acc[0].append(ri + rows[kind])
                    acc[1].append(ci + col)
                    acc[2].append(data)
                    acc[3].append(rhs)
                    rows[kind] += len(rhs)
            lows.append(np.array(g.lower, dtype=float))
            top = float(2 * g.vertex + 2) if capped else np.inf
            highs.append(np.array([top if h is None else float(h) for h in g.high]))
            col += len(g.cells)
        starts.append(col)
        problem: dict[str, Any] = {}
        for kind in ("eq", "ub"):
            if rows[kind]:
                ri_, ci_, data_, rhs_ = (np.concatenate(a) for a in parts[kind])
                problem[f"A_{kind}"] = csr_array((data_, (ri_, ci_)), shape=(rows[kind], col))
                problem[f"b_{kind}"] = rhs_
        at = np.array(pos)
        n = col
        lower, upper = np.concatenate(lows), np.concatenate(highs)
        unbounded = np.zeros(len(batch), dtype=bool)
        open_ = np.array([t not in groups[j].bounded for j, t in batch])
        if not capped and open_.any():
            cone = {k: (np.zeros_like(v) if k.startswith("b_") else v)
                    for k, v in problem.items()}
            cost = np.zeros(n)
            cost[at[open_]] = -1.0
            top_ = np.where(np.isfinite(upper), 0.0, np.inf)  # a bounded cell cannot move up
            top_[at] = np.where(open_, 1.0, 0.0)
            ray = _highs(cost, np.zeros(n), top_, cone)
            if ray.status != 0:
                raise ChildProtectError(
                    f"the audit's ray programme ended with status {ray.status}")
            unbounded = open_ & (ray.x[at] > 0.5)
        found: list[list[int | None]] = [[] for _ in batch]
        for sense in (-1.0, 1.0):
            cost = np.zeros(n)
            cost[at if sense > 0 else at[~unbounded]] = sense
            res = _highs(cost, lower, upper, problem)
            if res.status != 0:
                raise ChildProtectError(
                    f"the audit's linear programme ended with status {res.status} "
                    f"({res.message}); the table's relations may be inconsistent")
            x = res.x
            for k, (j, t) in enumerate(batch):
                p = at[k]
                if sense < 0 and (unbounded[k] or (
                        capped and x[p] > groups[j].vertex + 0.5)):
                    found[k].append(None)
                    continue
                part = x[starts[k]:starts[k + 1]]
                if np.abs(part - np.round(part)).max() > 1e-6:
                    again.append((j, t))
                found[k].append(round(float(x[p])))
        for k, (_, t) in enumerate(batch):
            hi, lo = found[k]
            assert lo is not None
            out[t] = Interval(int(lo), None if hi is None else int(hi))
    for j, t in dict.fromkeys(again):
        out[t] = _solve_integral(groups[j], t)
    return out


def _solve_integral(g: _Group, cell: Hashable) -> Interval:
    """The interval of one cell of a group, as mixed-integer programmes (after a ray
    programme for the upper bound, as in :func:`_solve`)."""
    import numpy as np
    from scipy.sparse import csr_array

    n = len(g.cells)
    problem: dict[str, Any] = {}
    cone: dict[str, Any] = {}
    for kind in ("eq", "ub"):
        ri, ci, data, rhs = getattr(g, kind)
        if len(rhs):
            a = csr_array((data, (ri, ci)), shape=(len(rhs), n))
            problem[f"A_{kind}"], problem[f"b_{kind}"] = a, rhs
            cone[f"A_{kind}"], cone[f"b_{kind}"] = a, np.zeros(len(rhs))
    at = g.index[cell]
    lower = np.array(g.lower, dtype=float)
    upper = np.array([np.inf if h is None else float(h) for h in g.high])
    unbounded = False
    if cell not in g.bounded:
        cost = np.zeros(n)
        cost[at] = -1.0
        top = np.where(np.isfinite(upper), 0.0, np.inf)
        top[at] = 1.0
        ray = _highs(cost, np.zeros(n), top, cone)
        if ray.status != 0:
            raise ChildProtectError(f"the audit's ray programme ended with status {ray.status}")
        unbounded = -float(ray.fun) > 0.5
    bounds: list[int | None] = []
    for sense in (1.0, -1.0):
        if sense < 0 and unbounded:
            bounds.append(None)
            continue
        cost = np.zeros(n)
        cost[at] = sense
        res = _highs(cost, lower, upper, problem, integral=True)
        if res.status != 0:
            raise ChildProtectError(
                f"the audit's integer programme for cell {cell!r} ended with status "
                f"{res.status} ({res.message}); the table's relations may be inconsistent")
        value = sense * float(res.fun)
        whole = round(value)
        if abs(value - whole) > 1e-6:
            raise ChildProtectError(
                f"the audit's bound for cell {cell!r} is not a whole number; "
                "the solver's tolerance was not met")
        bounds.append(int(whole))
    lo, hi = bounds
    assert lo is not None
    return Interval(lo, hi)


# --- a rollup as a table --------------------------------------------------------------------


Cell = tuple[str, str]  # (unit code, measure name)


class _Measure:
    """One count measure of a rollup as a tree of equations: each unit's value, parent and
    children (only units with a value: a unit no unit below reported is not a term)."""

    __slots__ = ("children", "name", "order", "parent", "values")

    def __init__(self, name: str, values: dict[str, int], parent: dict[str, str | None],
                 children: dict[str, list[str]], order: list[str]) -> None:
        self.name, self.values, self.parent, self.children = name, values, parent, children
        self.order = order  # codes, top level first, the total last


def _measures(r: Rollup) -> list[_Measure]:
    """Every count measure of ``r`` as a tree; refuses values that are not whole numbers."""
    from .rollup import TOTAL

    h = r.hierarchy
    chains = h.chains()
    codes = r.codes()
    rows = [r._row(code) for code in codes]
    out = []
    for i, name in enumerate(r.names):
        values: dict[str, int] = {}
        for code, (sums, counts) in zip(codes, rows, strict=True):
            if counts[i]:
                v = sums[i]
                if type(v) is not int:
                    raise ValidationError(
                        f"measure {name!r} at unit {code} is not a whole count (a crosswalk "
                        "split's approximation?): suppression and its audit need whole "
                        "counts")
                values[code] = v
        parent: dict[str, str | None] = {}
        children: dict[str, list[str]] = {}
        for code in values:
            if code == TOTAL:
                parent[code] = None
                continue
            chain = chains.get(code)
            if chain is None:
                chain = h.chain(code)
            up = chain[0] if chain else TOTAL
            parent[code] = up
            children.setdefault(up, []).append(code)
        for up, kids in children.items():
            if up not in values or sum(values[k] for k in kids) != values[up]:
                raise ValidationError(
                    f"measure {name!r}: the units under {up} do not add up to its total")
        out.append(_Measure(name, values, parent, children, [c for c in codes if c in values]))
    return out


def _rule_relations(r: Rollup) -> list[Inequality]:
    """The rules of ``r``'s measures at every unit, as inequalities between cells, where
    every cell is reported and the rule holds (a reader deduces from true relations; a
    unit breaking a rule is an anomaly, listed by the rollup)."""
    from .rollup import AtMost

    rules = r._p.measures.rules
    if not rules:
        return []
    pairs: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for rule in rules:
        if isinstance(rule, AtMost):
            pairs.append(((rule.part,), (rule.whole,)))
        else:
            pairs.extend(((p,), (rule.distinct,)) for p in rule.parts)
            pairs.append(((rule.distinct,), tuple(rule.parts)))
    idx = r._index
    out = []
    for code in r.codes():
        sums, counts = r._row(code)
        for small, large in pairs:
            if not all(counts[idx[n]] for n in (*small, *large)):
                continue
            if sum(sums[idx[n]] for n in small) <= sum(sums[idx[n]] for n in large):  # type: ignore[misc]
                out.append(Inequality([(code, n) for n in small], [(code, n) for n in large]))
    return out


def table_of(r: Rollup) -> Table:
    """``r`` as a :class:`Table` whose cells are ``(unit code, measure)``: each unit's
    total is the sum of its units below (for every count measure, at every level and the
    total row), and the measures' rules hold at every unit where they hold in the data.

    >>> from datetime import date
    >>> from childprotect.rollup import Measure, Record, rollup
    >>> from childprotect.units import bundled
    >>> r = rollup([Record("29971", "2024", {"a": 3}), Record("29956", "2024", {"a": 9})],
    ...            bundled().on(date(2024, 12, 31)), [Measure.count("a")])
    >>> t = table_of(r)
    >>> t.values[("870", "a")], len(t.equations)   # 870, 87 and the total row
    (12, 3)
    """
    values: dict[Hashable, int] = {}
    equations = []
    for m in _measures(r):
        values.update(((code, m.name), v) for code, v in m.values.items())
        for up in m.order:
            kids = m.children.get(up)
            if kids:
                equations.append(Equation((up, m.name), [(k, m.name) for k in kids]))
    return Table(values, equations, _rule_relations(r))


# --- the exact intervals of one measure over a hierarchy ----------------------------------


class _Requirement(typing.Protocol):
    """What :meth:`_Tree.protect` asks: the least upper bound given the lower bound."""

    def required_high(self, low: int) -> int: ...


class _Tree:
    """A measure's equations over a hierarchy with a set of hidden units: the exact
    interval of any hidden unit, and the cheapest ways to widen it.

    The equations of a tree form a tree of constraints, and sums of intervals of whole
    numbers are intervals of whole numbers, so two passes of interval propagation give
    the exact projection: ``down`` (what a unit's own subtree allows) and ``up`` (what
    the rest allows); the interval is their intersection. It is the same interval as the
    linear programme of :func:`audit_table` (the property tests compare the two).
    """

    __slots__ = ("_best", "_down", "_sums", "children", "hidden", "low", "parent", "values")

    def __init__(self, m: _Measure, hidden: Iterable[str], low: int) -> None:
        self.values, self.parent, self.children = m.values, m.parent, m.children
        self.hidden = set(hidden)
        self.low = low
        self._down: dict[str, tuple[int, int | None]] = {}
        self._sums: dict[str, tuple[int, int, int]] = {}
        self._best: dict[str, dict[int, tuple[int, str | None] | None]] = {}

    def hide(self, code: str) -> bool:
        """Hide ``code``; False if it was hidden already."""
        if code in self.hidden:
            return False
        self.hidden.add(code)
        u: str | None = code
        while u is not None:
            self._down.pop(u, None)
            self._sums.pop(u, None)
            self._best.pop(u, None)
            u = self.parent[u]
        return True

    def _sum(self, u: str) -> tuple[int, int, int]:
        """Over ``u``'s children: the sum of their lower bounds, of their finite upper
        bounds, and how many have none."""
        got = self._sums.get(u)
        if got is None:
            lo = hi = inf = 0
            for c in self.children[u]:
                a, b = self.down(c)
                lo += a
                if b is None:
                    inf += 1
                else:
                    hi += b
            got = self._sums[u] = (lo, hi, inf)
        return got

    def down(self, u: str) -> tuple[int, int | None]:
        """The values of ``u`` its own equation and the units below it allow."""
        if u not in self.hidden:
            v = self.values[u]
            return v, v
        got = self._down.get(u)
        if got is None:
            if u in self.children:
                lo, hi, inf = self._sum(u)
                got = (max(self.low, lo), None if inf else hi)
            else:
                got = (self.low, None)
            self._down[u] = got
        return got

    def up(self, u: str) -> tuple[int, int | None]:
        """The values of ``u`` everything outside its subtree allows."""
        if u not in self.hidden:
            v = self.values[u]
            return v, v
        p = self.parent[u]
        if p is None:
            return self.low, None
        plo, phi = self.up(p)
        slo, shi, inf = self._sum(p)
        dlo, dhi = self.down(u)
        lo_sib = slo - dlo  # the siblings' bounds: the children's without u's
        if dhi is None:
            hi_sib: int | None = None if inf > 1 else shi
        else:
            hi_sib = None if inf else shi - dhi
        lo = self.low if hi_sib is None else max(self.low, plo - hi_sib)
        hi = None if phi is None else phi - lo_sib
        return lo, hi

    def interval(self, u: str) -> Interval:
        a, b = self.up(u)
        c, d = self.down(u)
        hi = b if d is None else d if b is None else min(b, d)
        return Interval(max(a, c), hi)

    # The search for complementary cells. A measure over a hierarchy is a flow network:
    # each unit's value flows from its own equation (the ground, for a reporting unit)
    # into its parent's (the ground, for the total row). A hidden unit can grow by δ only
    # along a cycle of hidden units: up through hidden ancestors to some equation, then
    # down another branch, each unit of which shrinks by δ (so is at least low + δ), to a
    # reporting unit; or up through every ancestor and the total row (unbounded).

    def best_down(self, s: str, k: int) -> tuple[int, str | None] | None:
        """The cheapest chain from ``s`` down to a reporting unit whose units can all
        shrink by ``k``: (cost, next unit), the cost being the values of the units not
        hidden yet; None if there is none."""
        memo = self._best.get(s)
        if memo is None:
            memo = self._best[s] = {}
        if k in memo:
            return memo[k]
        values, low = self.values, self.low
        own = 0 if s in self.hidden else values[s]
        kids = self.children.get(s)
        got: tuple[int, str | None] | None
        if not kids:
            got = (own, None)
        else:
            best: tuple[int, str] | None = None
            for c in kids:
                if values[c] - low >= k:
                    sub = self.best_down(c, k)
                    if sub is not None and (best is None or sub[0] < best[0]):
                        best = (sub[0], c)
            got = None if best is None else (own + best[0], best[1])
        memo[k] = got
        return got

    def chain(self, s: str, k: int) -> list[str]:
        """The units of :meth:`best_down` ``(s, k)``, from ``s`` down."""
        out = [s]
        step = self.best_down(s, k)
        while step is not None and step[1] is not None:
            s = step[1]
            out.append(s)
            step = self.best_down(s, k)
        return out

    def widen(self, t: str, k: int) -> list[str] | None:
        """The cheapest units to hide (at least one not hidden yet) that open a cycle
        through ``t`` along which ``t`` can grow by ``k``; None if there is no such
        cycle short of hiding every ancestor (see :meth:`exit`)."""
        values, low, hidden = self.values, self.low, self.hidden
        below: list[str] = []
        if t in self.children:  # t must be able to take the growth from below too
            best = None
            for c in self.children[t]:
                if values[c] - low >= 0:
                    sub = self.best_down(c, 0)
                    if sub is not None and (best is None or sub[0] < best[0]):
                        best = (sub[0], c)
            if best is None:
                return None
            below = self.chain(best[1], 0)
        base = sum(values[u] for u in below if u not in hidden) + (
            0 if t in hidden else values[t])
        choice: tuple[int, int, str, str] | None = None
        path: list[str] = []
        a, anc = t, self.parent[t]
        depth = 0
        while anc is not None:
            for s in self.children[anc]:
                if s == a or values[s] - low < k:
                    continue
                sub = self.best_down(s, k)
                if sub is None:
                    continue
                cost = base + sub[0]
                key = (cost, depth, s, a)
                if cost > 0 and (choice is None or key < choice):
                    choice = key
            base += 0 if anc in hidden else values[anc]
            path.append(anc)
            a, anc = anc, self.parent[anc]
            depth += 1
        if choice is None:
            return None
        _, depth, s, _ = choice
        return [t, *below, *path[:depth], *self.chain(s, k)]

    def exit(self, t: str) -> list[str]:
        """Hide ``t``, a chain below it and every ancestor up to the total row: ``t`` has
        no upper bound any more (the last resort, which hides the total row)."""
        out = [t]
        if t in self.children:
            for c in self.children[t]:
                if self.values[c] > 0:
                    out.extend(self.chain(c, 0))
                    break
        u = self.parent[t]
        while u is not None:
            out.append(u)
            u = self.parent[u]
        return out

    def protect(self, t: str, rule: _Requirement) -> None:
        """Hide units until ``t`` (hidden or not) meets ``rule``, as a primary cell."""
        self.hide(t)
        v = self.values[t]
        while True:
            iv = self.interval(t)
            if iv.high is None:
                return
            need = rule.required_high(iv.low) - v
            if iv.high - v >= need:
                return
            step = None
            for k in range(need, 0, -1):
                step = self.widen(t, k)
                if step is not None:
                    break
            added = False
            for u in step if step is not None else self.exit(t):
                added |= self.hide(u)
            if not added:  # cannot happen: every step hides a unit not hidden yet
                raise ChildProtectError(f"suppression made no progress at unit {t}")


# --- suppression and audit of a rollup ----------------------------------------------------


def _rate_cells(r: Rollup, cells: Collection[Cell]) -> frozenset[Cell]:
    """The rates built on a hidden count (hidden too: with a published term, the rate
    gives the other term back)."""
    out = set()
    for rname, (num, den, _) in r._measures.items():
        for code in r.codes():
            if (code, num) in cells or (code, den) in cells:
                out.add((code, rname))
    return frozenset(out)


def suppress(r: Rollup, threshold: int = 5, *, protection: int | None = None) -> Suppressed:
    """Hide every count ``0 < n < threshold`` (primary) and enough others (complementary)
    that each primary cell meets the :class:`ProtectionRule`; the result is audited.

    1. Per measure, over the hierarchy (every level and the total row), each primary
       cell in turn is widened until its exact interval meets the rule: hide the
       cheapest set of published units (cost: their values; the total row only as a
       last resort) that opens a cycle of hidden units through it with enough room,
       i.e. a hidden sibling that can shrink, or a hidden parent and a branch below
       another ancestor. Each step hides at least one more unit, so it ends.
    2. When rules link measures (a group ≤ the children; a distinct count between its
       largest part and their sum), the intervals are computed again by linear
       programming over all measures together, and cells linked to a primary cell that
       is still under protection are hidden (with room of their own) until none is.
    3. Rates whose numerator or denominator is hidden are hidden.
    4. :func:`audit_table` checks every hidden cell by linear programming
       (:attr:`Suppressed.audit`); a finding left would raise an error, never publish.

    Zeros are published and never hidden, so a reader knows every hidden cell is ≥ 1;
    the audit assumes so. All hidden cells print as :data:`MARK`.

    >>> from datetime import date
    >>> from childprotect.rollup import Measure, Record, rollup
    >>> from childprotect.units import bundled
    >>> r = rollup([Record("29971", "2024", {"a": 1}), Record("29956", "2024", {"a": 9}),
    ...             Record("29974", "2024", {"a": 6})],
    ...            bundled().on(date(2024, 12, 31)), [Measure.count("a")])
    >>> s = suppress(r)
    >>> sorted(s.primary), sorted(s.complementary), s.audit.ok
    ([('29971', 'a')], [('29974', 'a')], True)
    >>> s.audit.intervals[("29971", "a")]
    Interval(low=1, high=6)
    """
    from .rollup import Suppressed

    rule = ProtectionRule(threshold, protection)
    _require_solver()
    measures = _measures(r)
    trees = {m.name: _Tree(m, (), 1) for m in measures}
    primary: set[Cell] = set()
    for m in measures:
        tree = trees[m.name]
        small = [c for c in m.order if rule.is_primary(m.values[c])]
        primary.update((c, m.name) for c in small)
        for code in small:
            tree.hide(code)
        for code in small:
            tree.protect(code, rule)
    table = table_of(r)
    hidden = {(code, name) for name, tree in trees.items() for code in tree.hidden}
    if table.inequalities:
        result = _protect_linked(table, trees, primary, rule)
        hidden = {(code, name) for name, tree in trees.items() for code in tree.hidden}
    else:
        result = audit_table(table, hidden, rule, primary=primary, zeros_published=True)
    if not result.ok:  # the steps above guarantee protection: never publish otherwise
        raise ChildProtectError(
            f"suppression left {len(result.findings)} primary cell(s) under protection, "
            f"e.g. {result.findings[0].cell!r}: {result.findings[0].problem}")
    cells = frozenset(hidden)
    return Suppressed(threshold, frozenset(primary), cells - primary, _rate_cells(r, cells),
                      protection=rule.level, audit=result)


def _protect_linked(table: Table, trees: Mapping[str, _Tree], primary: set[Cell],
                    rule: ProtectionRule) -> Audit:
    """Step 2 of :func:`suppress`: protection against the rules linking measures; the
    audit of the final pattern (every hidden cell)."""
    relations = _Relations(table)
    values = table.values

    def hidden() -> set[Hashable]:
        return {(code, name) for name, tree in trees.items() for code in tree.hidden}

    def give_room(cell: Hashable, need: int) -> None:
        code, name = typing.cast("Cell", cell)
        tree = trees[name]
        tree.hide(code)
        tree.protect(code, _RoomRule(need, tree.values[code]))

    linked = {c for ineq in table.inequalities for c in (*ineq.smaller, *ineq.larger)}
    while True:
        result = audit_table(table, hidden(), rule, primary=primary, zeros_published=True)
        if result.ok:
            return result
        before = len(hidden())
        for f in result.findings:
            cell = f.cell
            now = hidden()
            iv = relations.interval(cell, now, 1)
            if not rule.problems(iv):
                continue
            need = rule.required_high(iv.low) - values[cell]
            group, used = relations.group(cell, now)
            partners = sorted(
                {c for i in used if isinstance(relations.items[i], Inequality)
                 for c in relations.cells(i) if c not in now and values[c] > 0},
                key=lambda c: (values[c], repr(c)))
            for c in partners:  # a linked cell, hidden with room of its own
                give_room(c, need)
                if not rule.problems(relations.interval(cell, hidden(), 1)):
                    break
            else:
                for c in sorted((c for c in group if c in linked), key=repr):
                    give_room(c, need)
                if rule.problems(relations.interval(cell, hidden(), 1)):
                    for c in sorted(linked, key=repr):  # the last resort: every linked count
                        code, name = typing.cast("Cell", c)
                        tree = trees[name]
                        if tree.values[code] > 0:
                            tree.hide(code)
                            for u in tree.exit(code):
                                tree.hide(u)
        if len(hidden()) == before:  # cannot happen: hiding every linked count protects
            raise ChildProtectError(
                f"suppression made no progress: {len(result.findings)} primary cell(s) "
                "under protection")


class _RoomRule:
    """A requirement of room ``need`` above a (large) cell's value, for :meth:`_Tree.protect`."""

    def __init__(self, need: int, value: int) -> None:
        self.need, self.value = need, value

    def required_high(self, low: int) -> int:
        return self.value + self.need


def audit(r: Rollup, published: Suppressed | Iterable[Cell], *, threshold: int | None = None,
          protection: int | None = None, zeros_published: bool | None = None) -> Audit:
    """Audit a rollup as published: every hidden cell's feasible interval from everything
    published (every level, every measure, the rules linking them, whole numbers ≥ 0,
    and, unless a hidden cell is zero, the rule that zeros are published).

    ``published``: a :class:`~childprotect.rollup.Suppressed` (its threshold and
    protection level are used unless given), or the hidden cells as ``(unit code,
    measure)`` pairs, suppressed anywhere (a rate's name in a pair hides that rate).
    Besides the counts under protection, a published rate whose numerator or
    denominator is hidden is a finding (it gives the hidden term back).

    >>> from datetime import date
    >>> from childprotect.rollup import Measure, Record, rollup
    >>> from childprotect.units import bundled
    >>> r = rollup([Record("29971", "2024", {"a": 1}), Record("29956", "2024", {"a": 9})],
    ...            bundled().on(date(2024, 12, 31)), [Measure.count("a")])
    >>> audit(r, [("29971", "a"), ("29956", "a")]).findings   # 1 + 9 = 10: 1 … 9
    ()
    >>> [f.problem for f in audit(r, [("29971", "a")]).findings]
    ['the upper bound 1 is below the threshold 5; the width 0 is below the protection level 5']
    """
    from .rollup import Suppressed

    if isinstance(published, Suppressed):
        cells: set[Cell] = set(published.primary | published.complementary)
        rates = set(published.rates)
        threshold = published.threshold if threshold is None else threshold
        if protection is None:
            protection = published.protection
    else:
        given = set(published)
        cells = {c for c in given if c[1] in r.names}
        rates = given - cells
        unknown = sorted(c for c in rates if c[1] not in r.rates)
        if unknown:
            raise ValidationError(f"hidden cell(s) of no measure of the rollup: {unknown[:5]}")
    rule = ProtectionRule(5 if threshold is None else threshold, protection)
    table = table_of(r)
    missing = sorted(c for c in cells if c not in table.values)
    if missing:
        raise ValidationError(
            f"hidden cell(s) with no value in the rollup (unknown unit, or not reported): "
            f"{missing[:5]}")
    result = audit_table(table, cells, rule, zeros_published=zeros_published)
    extra = []
    for code, rname in sorted(_rate_cells(r, cells) - rates):
        extra.append(Finding((code, rname), None,
                             "a rate is published while its numerator or denominator is "
                             "hidden"))
    if extra:
        result = attrs.evolve(result, findings=(*result.findings, *extra))
    return result


# --- outputs ------------------------------------------------------------------------------


_NUMBER = re.compile(r"(?<![\w.])[0-9]+(?:[.,][0-9]+)*(?![\w])")

_RULE_KINDS = ("rollup.part-above-whole", "rollup.distinct-above-sum",
               "rollup.distinct-below-largest")


def redact_anomalies(anomalies: Iterable[Anomaly], suppressed: Suppressed) -> list[Anomaly]:
    """The anomalies with the numbers taken out of those at a unit where a count is
    hidden (a rule anomaly quotes the unit's counts: ``group_a=3 > children=2``).

    >>> from childprotect.anomalies import Anomaly
    >>> from childprotect.rollup import Suppressed
    >>> s = Suppressed(5, frozenset({("29971", "a")}), frozenset(), frozenset())
    >>> a = Anomaly("rollup.part-above-whole", "2024/29971", "a=3 > b=2", "a cannot exceed b")
    >>> redact_anomalies([a], s)[0].text
    'a=× > b=×'
    """
    units = {code for code, _ in suppressed.primary | suppressed.complementary}
    out = []
    for a in anomalies:
        code = a.where.rsplit("/", 1)[-1]
        if a.kind in _RULE_KINDS and code in units:
            a = attrs.evolve(a, text=_NUMBER.sub(MARK, a.text))
        out.append(a)
    return out


def suppressed_html(r: Rollup, suppressed: Suppressed) -> str:
    """The suppressed table of ``r`` as HTML (for a notebook or a web page), with the
    legend of :data:`MARK` as its caption."""
    from .display import Table as Shown

    headers, rows = r.table(suppressed)
    return Shown(tuple(headers), [tuple(row) for row in rows],
                 title=legend(suppressed.threshold))._repr_html_()


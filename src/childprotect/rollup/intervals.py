"""Feasible intervals of hidden cells by linear programming (HiGHS through ``scipy``, the
``publish`` extra), exact in whole numbers, and the audit of a table suppressed anywhere
(:func:`audit_table`).

Long: one module for the solver's model, its batches and its exact integral re-solves:
they share the row and group structures and read best together.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from childprotect.errors import ChildProtectError, ValidationError
from childprotect.i18n import Message

if TYPE_CHECKING:
    pass
from childprotect.rollup.disclosure import (
    Audit,
    Equation,
    Finding,
    Inequality,
    Interval,
    MissingSolver,
    ProtectionRule,
    Table,
)

__all__ = ["Cell", "audit_table"]


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
        raise ValidationError(Message("hidden cell(s) not in the table: {map}",
                                      map=sorted(map(repr, unknown))[:5]))
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
            Message("zeros_published=True, but {count} hidden cell(s) are zero, e.g. {zeros}: a "
                    "reader cannot assume hidden cells are ≥ 1", count=len(zeros),
                    zeros=repr(zeros[0])))
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
                    Message("the audit's ray programme ended with status {status}",
                            status=ray.status))
            unbounded = open_ & (ray.x[at] > 0.5)
        found: list[list[int | None]] = [[] for _ in batch]
        for sense in (-1.0, 1.0):
            cost = np.zeros(n)
            cost[at if sense > 0 else at[~unbounded]] = sense
            res = _highs(cost, lower, upper, problem)
            if res.status != 0:
                raise ChildProtectError(
                    Message("the audit's linear programme ended with status {status} "
                            "({message}); the table's relations may be inconsistent",
                            status=res.status, message=res.message))
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
            raise ChildProtectError(Message("the audit's ray programme ended with status "
                                            "{status}", status=ray.status))
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
                Message("the audit's integer programme for cell {cell} ended with status "
                        "{status} ({message}); the table's relations may be inconsistent",
                        cell=repr(cell), status=res.status, message=res.message))
        value = sense * float(res.fun)
        whole = round(value)
        if abs(value - whole) > 1e-6:
            raise ChildProtectError(
                Message("the audit's bound for cell {cell} is not a whole number; the solver's "
                        "tolerance was not met", cell=repr(cell)))
        bounds.append(int(whole))
    lo, hi = bounds
    assert lo is not None
    return Interval(lo, hi)


# --- a rollup as a table --------------------------------------------------------------------


Cell = tuple[str, str]  # (unit code, measure name)

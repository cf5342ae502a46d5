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

import typing
from collections.abc import Collection, Hashable, Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from childprotect.errors import ChildProtectError, ValidationError

if TYPE_CHECKING:
    from childprotect.rollup.publication import Suppressed
    from childprotect.rollup.result import Rollup
from childprotect.i18n import Message
from childprotect.rollup.disclosure import (
    Audit,
    Equation,
    Finding,
    Inequality,
    Interval,
    ProtectionRule,
    Table,
)
from childprotect.rollup.intervals import Cell, _Relations, _require_solver, audit_table

__all__ = ["audit", "suppress", "table_of"]


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
    from childprotect.rollup.measures import TOTAL

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
                        Message("measure {name} at unit {code} is not a whole count (a "
                                "crosswalk split's approximation?): suppression and its audit "
                                "need whole counts", name=repr(name), code=code))
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
                    Message("measure {name}: the units under {up} do not add up to its total",
                            name=repr(name), up=up))
        out.append(_Measure(name, values, parent, children, [c for c in codes if c in values]))
    return out


def _rule_relations(r: Rollup) -> list[Inequality]:
    """The rules of ``r``'s measures at every unit, as inequalities between cells, where
    every cell is reported and the rule holds (a reader deduces from true relations; a
    unit breaking a rule is an anomaly, listed by the rollup)."""
    from childprotect.rollup.measures import AtMost, SumOf

    rules = r._p.measures.rules
    if not rules:
        return []
    pairs: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for rule in rules:
        if isinstance(rule, AtMost):
            pairs.append(((rule.part,), (rule.whole,)))
        elif isinstance(rule, SumOf):  # an equality: both ways
            pairs.append((tuple(rule.parts), (rule.whole,)))
            pairs.append(((rule.whole,), tuple(rule.parts)))
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
                raise ChildProtectError(Message("suppression made no progress at unit {t}", t=t))


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
    from childprotect.rollup.publication import Suppressed

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
            Message("suppression left {count} primary cell(s) under protection, e.g. {cell}: "
                    "{problem}", count=len(result.findings), cell=repr(result.findings[0].cell),
                    problem=result.findings[0].problem))
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
                Message("suppression made no progress: {count} primary cell(s) under protection",
                        count=len(result.findings)))


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
    from childprotect.rollup.publication import Suppressed

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
            raise ValidationError(Message("hidden cell(s) of no measure of the rollup: {unknown}",
                                          unknown=unknown[:5]))
    rule = ProtectionRule(5 if threshold is None else threshold, protection)
    table = table_of(r)
    missing = sorted(c for c in cells if c not in table.values)
    if missing:
        raise ValidationError(
            Message("hidden cell(s) with no value in the rollup (unknown unit, or not "
                    "reported): {missing}", missing=missing[:5]))
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

"""Cells hidden for publication: small counts and the cells that would reveal them."""

from __future__ import annotations

import typing

import attrs

from childprotect.errors import ValidationError
from childprotect.rollup.measures import (
    TOTAL,
    Number,
)

if typing.TYPE_CHECKING:
    from childprotect.rollup.result import Rollup


__all__ = ["Suppressed", "suppress"]

# --- publication safety ----------------------------------------------------------------


@attrs.frozen
class Suppressed:
    """Which cells of a rollup are hidden for publication, and why."""

    threshold: int
    primary: frozenset[tuple[str, str]]
    complementary: frozenset[tuple[str, str]]
    rates: frozenset[tuple[str, str]]

    @property
    def hidden(self) -> frozenset[tuple[str, str]]:
        return self.primary | self.complementary | self.rates

    @property
    def label(self) -> str:
        return f"<{self.threshold}"


def suppress(r: Rollup, threshold: int = 5) -> Suppressed:
    """Small-cell suppression with complementary suppression.

    A count ``0 < n < threshold`` is hidden (shown as ``<5``). Then, in every equation
    ``parent = sum of its reporting children``, if exactly one term is hidden another one
    is hidden too (the smallest published child, else the parent), until no hidden cell
    can be recovered by subtraction. Rates whose numerator or denominator is hidden are
    hidden as well. Zeros are published.
    """
    if threshold < 1:
        raise ValidationError(f"threshold {threshold} is not positive")
    h = r.hierarchy
    groups: list[tuple[str, list[str]]] = []
    for code in [*h.codes(), TOTAL]:
        kids = h.roots() if code == TOTAL else h.children(code)
        if kids:
            groups.append((code, kids))
    primary: set[tuple[str, str]] = set()
    extra: set[tuple[str, str]] = set()
    for name in r.names:
        values: dict[str, Number | None] = {c: r.total(c, name) for c in r.codes()}
        hidden = {c for c, v in values.items() if v is not None and 0 < v < threshold}
        primary |= {(c, name) for c in hidden}
        changed = True
        while changed:
            changed = False
            for parent, kids in groups:
                terms = [k for k in kids if values[k] is not None]
                if values[parent] is None or not terms:
                    continue
                n_hidden = sum(1 for k in terms if k in hidden) + (parent in hidden)
                if n_hidden != 1:
                    continue
                shown = sorted((k for k in terms if k not in hidden),
                               key=lambda k: (values[k], k))
                pick = shown[0] if shown else parent
                hidden.add(pick)
                extra.add((pick, name))
                changed = True
    rates: set[tuple[str, str]] = set()
    cells = primary | extra
    for rname, (num, den, _) in r._measures.items():
        for c in r.codes():
            if (c, num) in cells or (c, den) in cells:
                rates.add((c, rname))
    return Suppressed(threshold, frozenset(primary), frozenset(extra - primary),
                      frozenset(rates))



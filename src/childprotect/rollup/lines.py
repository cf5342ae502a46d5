"""Rollup results as text: CSV fields and lines, and exact decimals rounded half-even.

Built a column at a time for national tables; the same text as ``csv.writer`` writes.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Sequence
from fractions import Fraction

from childprotect.rollup.measures import Number

__all__: list[str] = []


def _csv_field(text: str) -> str:
    """``text`` as one CSV field, quoted as ``csv.writer`` quotes (only when needed).

    >>> _csv_field("Xã A"), _csv_field('Phường "1", B')
    ('Xã A', '"Phường ""1"", B"')
    """
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _rate_cells(xs: list[int], ys: list[int], factor: int) -> list[str]:
    """``",x·factor/y"`` rounded half-even to 4 places for whole numbers ``xs``, ``ys``
    (``","`` where y is 0), a column at a time: the text :func:`_decimal_text` gives.

    >>> _rate_cells([1, 2, 1, 3, 5], [3, 3, 0, 20000, 20000], 1)
    [',0.3333', ',0.6667', ',', ',0.0002', ',0.0002']
    """
    zero = 0 in ys
    dens = [y or 1 for y in ys] if zero else ys
    # Rounded half up: ⌊(2·10⁴·x·f + y) / 2y⌋; a tie (2·remainder = y) rounded up to an
    # odd number goes back down to the even one.
    twice = list(map(operator.mul, dens, itertools.repeat(2)))
    scaled = list(map(operator.mul, xs, itertools.repeat(20000 * factor)))
    q = list(map(operator.floordiv, map(operator.add, scaled, dens), twice))
    ties = list(map(operator.eq, map(operator.mod, scaled, twice), dens))
    if any(ties):
        for i in itertools.compress(range(len(q)), ties):
            if q[i] & 1:
                q[i] -= 1
    cells = list(map(",%d.%04d".__mod__, map(divmod, q, itertools.repeat(10000))))
    if zero:
        for i, y in enumerate(ys):
            if not y:
                cells[i] = ","
    return cells


def _csv_line(level: str, code: str, name: str, sums: Sequence[Number],
              counts: Sequence[int], expected: int, rates: list[str], fmt: str) -> str:
    """One row of :meth:`Rollup.rows` as a CSV line (``fmt``: a %-format of whole sums)."""
    n = len(counts) - 1
    line = f"{_csv_field(level)},{_csv_field(code)},{_csv_field(name)},{counts[n]},{expected}"
    if n:
        if min(counts) == 0:  # a measure no unit below reported: blank, not 0
            line += "," + ",".join([str(v) if c else "" for v, c in
                                    zip(sums, counts, strict=False)])
        elif fmt:
            line += "," + fmt % tuple(sums)
        else:
            line += "," + ",".join(map(str, sums))
    if rates:
        line += "," + ",".join(rates)
    return line


def _decimal_text(num: Number, den: Number, places: int) -> str:
    """``num / den`` rounded half-even to ``places`` decimals, exactly, as text.

    >>> _decimal_text(2, 3, 4), _decimal_text(1, 8, 2), _decimal_text(3, 8, 2)
    ('0.6667', '0.12', '0.38')
    >>> _decimal_text(5, 1, 0), _decimal_text(-1, 3, 2)
    ('5', '-0.33')
    """
    f = Fraction(num) / den if type(num) is not int or type(den) is not int else None
    if f is not None:
        num, den = f.numerator, f.denominator
    assert isinstance(num, int) and isinstance(den, int)
    scaled = num * 10**places
    q, r = divmod(scaled, den)
    if 2 * r > den or (2 * r == den and q % 2):
        q += 1
    if not places:
        return str(q)
    sign = "-" if q < 0 else ""
    ip, fp = divmod(abs(q), 10**places)
    return f"{sign}{ip}.{fp:0{places}d}"

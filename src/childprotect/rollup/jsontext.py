"""Rollup units as JSON text, a unit at a time (the text ``json.dumps`` writes).

A national table has some 11,000 units: building a dictionary for each and letting
``json.dumps(..., indent=2)`` walk them in Python takes three times longer than writing
each unit's text from its sums (a property test checks the two texts are equal).
"""

from __future__ import annotations

import math
import typing
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction

from childprotect.rollup.lines import _decimal_text
from childprotect.rollup.measures import TOTAL, Number

if typing.TYPE_CHECKING:
    from childprotect.rollup.result import Rollup

__all__: list[str] = []


def _templates(names: list[str], rates: list[str], depth: int
               ) -> tuple[str, list[str], str, str, str, str]:
    """The fixed text of a unit ``depth`` levels deep: its %-template (level, code, name,
    reporting, expected, each total, the rates' text), each rate's key, a rate's
    %-template after its key (value, decimal, status, complete, reporting, expected), and
    the rates' text when there are none, its start and its end."""
    import json.encoder

    enc = json.encoder.encode_basestring
    pad = "  " * (depth + 1)
    # One template per unit: its fixed text written once, its values put in by one `%`.
    # (a measure's name may hold a percent sign: doubled in the template)
    totals = (pad + '  "totals": {\n' + ",\n".join(
        f"{pad}    {enc(name)}: ".replace("%", "%%") + "%s" for name in names)
        + "\n" + pad + "  },\n") if names else pad + '  "totals": {},\n'
    unit = (pad + "{\n" + pad + '  "level": %s,\n' + pad + '  "code": %s,\n' + pad
            + '  "name": %s,\n' + pad + '  "reporting": %d,\n' + pad
            + '  "expected": %d,\n' + totals + "%s" + pad + "}")
    rkeys = [f"{pad}    {enc(name)}: {{\n" for name in rates]
    inner = pad + "      "
    rate = (inner + '"value": %s,\n' + inner + '"decimal": %s,\n' + inner + '"status": %s,\n'
            + inner + '"complete": %s,\n' + inner + '"reporting": %d,\n' + inner
            + '"expected": %d\n' + pad + "    }")
    return (unit, rkeys, rate, pad + '  "rates": {}\n', pad + '  "rates": {\n',
            "\n" + pad + "  }\n")


def json_units(r: Rollup, levels: Iterable[str] = (), depth: int = 1) -> str:
    """:meth:`Rollup.json_units`."""
    return "".join(json_unit_pieces(r, levels, depth))


def json_unit_pieces(r: Rollup, levels: Iterable[str] = (), depth: int = 1,
                     batch: int = 1000) -> Iterator[str]:
    """The text of :func:`json_units` in pieces of ``batch`` units, so that a national
    table is written without holding all of its text at once."""
    import json.encoder

    enc = json.encoder.encode_basestring  # the encoder json.dumps uses here
    keep = set(levels)
    n = len(r.names)
    halves = [r._halves(name) for name in r._measures]
    rate_cols = [(r._index[a], r._index[b], f) for a, b, f in r._measures.values()]
    unit, rkeys, rate, no_rates, rates_open, rates_close = _templates(
        list(r.names), list(r._measures), depth)
    leaves, internal, counted = r._p.leaves, r._p.sums, r._p.counts
    expected = r._expected
    names_of = r.hierarchy._names
    zeros: list[Number] = [0] * n
    nothing = [0] * (n + 1)
    out: list[str] = []
    started = False
    for level in r.levels:
        if keep and level not in keep:
            continue
        lv = enc(level)
        for code in r.codes(level):
            leaf = leaves.get(code)
            sums: Sequence[Number | None]
            counts: Sequence[int]
            if leaf is not None:
                sums = leaf
                counts = r._ones if None not in leaf else [
                    0 if v is None else 1 for v in leaf] + [1]
            elif code in internal:
                sums, counts = internal[code], counted[code]
            else:
                sums, counts = zeros, nothing
            exp = expected.get(code, 0)
            name = "all units" if code == TOTAL else names_of[code]
            if counts is r._ones or 0 not in counts[:n]:
                cells = [v if type(v) is int else enc(str(v)) for v in sums[:n]]
            else:
                cells = ["null" if not counts[i] else v if type(v) is int else enc(str(v))
                         for i, v in enumerate(sums[:n])]
            if not rate_cols:
                rates_text = no_rates
            else:
                rates = []
                for (a, b, f), half, rkey in zip(rate_cols, halves, rkeys, strict=True):
                    x, y = sums[a] or 0, sums[b] or 0
                    both = min(counts[a], counts[b])
                    fix = half.get(code) if half else None
                    if fix is not None:
                        x, y, both = x - fix[0], y - fix[1], counts[a] - fix[2]
                    if not both:
                        value = decimal = "null"
                        status = '"no-data"'
                    elif not y:
                        value = decimal = "null"
                        status = '"zero-denominator"'
                    else:
                        if type(x) is int and type(y) is int and x >= 0 and y > 0:
                            num, den = x * f, y
                            # rounded half-even to 4 places (as _decimal_text rounds)
                            q, rest = divmod(num * 10000, den)
                            if 2 * rest > den or (2 * rest == den and q & 1):
                                q += 1
                            whole, part = divmod(q, 10000)
                            decimal = f'"{whole}.{part:04d}"'
                            g = math.gcd(num, den)
                            num, den = num // g, den // g
                        else:
                            v = Fraction(x) * f / y
                            num, den = v.numerator, v.denominator
                            decimal = f'"{_decimal_text(num, den, 4)}"'
                        value = f'"{num}/{den}"' if den != 1 else f'"{num}"'
                        status = '"ok"'
                    rates.append(rkey + rate % (value, decimal, status,
                                                "true" if both == exp else "false", both, exp))
                rates_text = rates_open + ",\n".join(rates) + rates_close
            out.append(unit % (lv, enc(code), enc(name), counts[n], exp, *cells, rates_text))
            if len(out) == batch:
                yield (",\n" if started else "[\n") + ",\n".join(out)
                started, out = True, []
    if out:
        yield (",\n" if started else "[\n") + ",\n".join(out)
        started = True
    yield "\n" + "  " * depth + "]" if started else "[]"


def framed(text: str, *, multi: bool, first: bool, last: bool) -> str:
    """A period's JSON document as the command writes it: alone, with its line end, or
    (``multi``) as an item of the list of periods, as ``json.dumps(list, indent=2)``
    writes it (``first``, ``last``: its place in the list)."""
    if not multi:
        return text + "\n"
    return (("[\n  " if first else ",\n  ") + text.replace("\n", "\n  ")
            + ("\n]\n" if last else ""))


def document_parts(data: dict[str, object], *, multi: bool, first: bool, last: bool
                   ) -> tuple[str, str, int]:
    """The text of :func:`framed` for ``data`` (whose ``"units"`` is an empty list) before
    and after the units' value, and the depth at which the units are written."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=2)
    marker = '\n  "units": []'
    head, found, tail = text.partition(marker)
    assert found and marker not in tail  # the top-level key: nested keys are deeper
    # (json.dumps writes a NUL in a text as \u0000: a bare one marks the cut)
    head, _, tail = framed(head + marker[:-2] + "\x00" + tail, multi=multi, first=first,
                           last=last).partition("\x00")
    return head, tail, 2 if multi else 1


"""Re-aggregation across a change of administrative structure (the 1 July 2025 reform).

Old-structure data (communes of 2024) is carried into the new structure (communes or
provinces of 2025) along the registry's transitions; new-structure data can be carried
back into the old units when asked. A unit split between several successors is divided
by the transition's share, by a weight the user gives, or — when neither is known —
equally, and every value that depends on such a division is flagged as approximate.

>>> from datetime import date
>>> from childprotect.units.registry import bundled
>>> reg = bundled()
>>> recs = [Record("29995", "2024", {"children": 700}), Record("29998", "2024", {"children": 500})]
>>> cw = crosswalk(recs, reg, source_on=date(2024, 12, 31), target_on=date(2025, 7, 1),
...                level="commune")
>>> cw.values["29992"], [why.text("en") for why in cw.approximate["29992"]]
([Fraction(850, 1)], ['29995→29992: share unknown, equal split assumed'])
>>> cw = crosswalk(recs, reg, source_on=date(2024, 12, 31), target_on=date(2025, 7, 1),
...                level="province")
>>> cw.values["82"], cw.approximate
([Fraction(1200, 1)], {})
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction

import attrs

from childprotect.documents.anomalies import Anomaly, Severity
from childprotect.documents.levels import level_name
from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.rollup.aggregate import rollup, unquoted_unit, zeros_hint
from childprotect.rollup.measures import Measure, Measures, Record
from childprotect.rollup.result import Rollup
from childprotect.units.hierarchy import Hierarchy
from childprotect.units.model import AdminUnit
from childprotect.units.registry import UnitRegistry

__all__ = ["Crosswalked", "crosswalk"]

_DAY = date.resolution


@attrs.frozen
class Crosswalked:
    """Values carried into the target structure, per target unit at one level."""

    names: tuple[str, ...]
    period: str | None
    target: Hierarchy
    level: str
    values: dict[str, list[Fraction | None]]
    #: units (at ``level`` and above) whose values rest on an assumed or weighted split
    approximate: dict[str, tuple[Message, ...]]
    anomalies: tuple[Anomaly, ...]
    #: target units whose listed measures lack a value from some source unit (missing ≠ 0)
    incomplete: dict[str, tuple[str, ...]] = attrs.Factory(dict)

    def records(self) -> list[Record]:
        return [Record(code, self.period or "", dict(zip(self.names, vals, strict=False)))
                for code, vals in self.values.items()]

    def rows(self) -> list[tuple[str, tuple[int | Fraction | None, ...]]]:
        """``(unit, values)`` aligned with :attr:`names` for the rollup's fast path; a whole
        value is an ``int``, a share of a split unit stays an exact fraction."""
        return [(code, tuple(None if v is None else v.numerator if v.denominator == 1 else v
                             for v in vals))
                for code, vals in self.values.items()]

    @property
    def estimates(self) -> frozenset[str]:
        """The target units (at ``level`` and above) whose values are estimates: they rest
        on a split whose share was assumed or given by the user, or lack a part that could
        not be carried down to ``level`` (:attr:`approximate` says why)."""
        return frozenset(self.approximate)

    def rollup(self, measures: Measures | Iterable[Measure]) -> tuple[Rollup, dict[str, bool]]:
        """Roll the carried values up from ``level``; also says which units are approximate.

        A unit is approximate when its value depends on an assumed or weighted split; a
        unit that received every part of a split unit is exact.
        """
        h = self.target.truncate(self.level)
        r = rollup(self.records(), h, measures)
        flags = {code: code in self.approximate for code in h.codes()}
        flags["*"] = False  # every part of every source unit reaches the total
        return r, flags


def _weights(
    reg: UnitRegistry, code: str, day: date, forward: bool,
    user: Mapping[tuple[str, str], Fraction],
) -> list[tuple[AdminUnit, Fraction, Message | None]]:
    """Where the unit ``code`` goes across ``day``, with shares and why a share is uncertain."""
    if forward:
        parts = reg.successors(code, day)
        pairs = [(p.new, p.share, p.via[0].old if p.via else code) for p in parts]
        edges = [(code, p.new.code) for p in parts]
    else:
        trans = reg.predecessors(code, day)
        pairs = [(reg.get(t.old, on=day - _DAY), None, code) for t in trans]
        edges = [(code, t.old) for t in trans]
        if len(pairs) == 1:
            pairs = [(pairs[0][0], Fraction(1), code)]
    out: list[tuple[AdminUnit, Fraction, Message | None]] = []
    unknown = [i for i, (_, s, _) in enumerate(pairs) if s is None and edges[i] not in user]
    known = Fraction(0)
    for i, (_, s, _) in enumerate(pairs):
        if i not in unknown:
            got: Fraction | None = user.get(edges[i], s)
            known += Fraction(got) if got is not None else 0
    rest = (1 - known) / len(unknown) if unknown else Fraction(0)
    if unknown and rest <= 0:
        raise ValidationError(Message("weights for {code} across {day} leave nothing for {value}",
                                      code=code, day=day,
                                      value=[pairs[i][0].code for i in unknown]))
    for i, (unit, share, _) in enumerate(pairs):
        edge = f"{edges[i][0]}→{edges[i][1]}"
        if edges[i] in user:
            out.append((unit, Fraction(user[edges[i]]),
                        Message("{edge}: weight given by the user", edge=edge)))
        elif share is None:
            out.append((unit, rest,
                        Message("{edge}: share unknown, equal split assumed", edge=edge)))
        elif share != 1:
            out.append((unit, share, Message("{edge}: split by the recorded share {share}",
                                             edge=edge, share=share)))
        else:
            out.append((unit, share, None))
    return out


def crosswalk(
    records: Iterable[Record],
    registry: UnitRegistry,
    *,
    source_on: date,
    target_on: date,
    level: str,
    weights: Mapping[tuple[str, str], Fraction] | None = None,
) -> Crosswalked:
    """Carry records of units valid on ``source_on`` into the units at ``level`` on ``target_on``.

    Forward (``target_on`` later) follows each transition; backward follows them in
    reverse, splitting a merged unit between its predecessors. ``weights`` maps an edge
    ``(from_code, to_code)`` of one step to the share that goes along it, overriding the
    registry (forward) or the equal split (backward). A unit that ended without a
    recorded successor is carried by its parent (anomaly ``crosswalk.via-parent``).
    """
    user = dict(weights or {})
    forward = target_on >= source_on
    days = [d for d in registry.change_dates()
            if (source_on < d <= target_on if forward else target_on < d <= source_on)]
    if not forward:
        days.reverse()
    target = registry.on(target_on)
    source = registry.on(source_on)
    recs = list(records)
    names: list[str] = []
    for r in recs:
        for k in r.values:
            if k not in names:
                names.append(k)
    periods = {r.period for r in recs}
    if len(periods) > 1:
        raise ValidationError(Message("records of several periods {periods}",
                                      periods=sorted(periods)))
    values: dict[str, list[Fraction | None]] = {}
    incomplete: dict[str, set[str]] = {}
    approx: dict[str, set[Message]] = {}
    anomalies: list[Anomaly] = []
    for i, rec in enumerate(recs):
        if rec.unit not in source:
            shown = source.shown(rec.unit)
            anomalies.append(Anomaly(
                "crosswalk.unknown-unit", rec.unit, rec.unit,
                Message("unit {code} does not exist on {day}; not carried", code=rec.unit,
                        day=source_on), Severity.ERROR) if isinstance(shown, str) else
                unquoted_unit("crosswalk.unknown-unit", "", i, shown))
            continue
        # (unit valid at the current step, share, reasons)
        parts: list[tuple[AdminUnit, Fraction, tuple[Message, ...]]] = [
            (source.unit(rec.unit), Fraction(1), ())]
        for day in days:
            nxt: list[tuple[AdminUnit, Fraction, tuple[Message, ...]]] = []
            for unit, share, why in parts:
                before, after = day - _DAY, day
                if unit.validity.contains(before) and unit.validity.contains(after):
                    nxt.append((unit, share, why))
                    continue
                moves = _weights(registry, unit.code, day, forward, user)
                current = unit
                while not moves and current.parent is not None:
                    on = before if forward else after
                    current = registry.get(current.parent, on=on)
                    if current.validity.contains(before) and current.validity.contains(after):
                        moves = [(current, Fraction(1), None)]
                        break
                    moves = _weights(registry, current.code, day, forward, user)
                if current is not unit:
                    anomalies.append(Anomaly(
                        "crosswalk.via-parent", rec.unit, unit.code,
                        Message("{unit} has no recorded successor on {day}; carried by {by}",
                                unit=unit.name_vi, day=day, by=current.name_vi) if forward
                        else Message("{unit} has no recorded predecessor on {day}; carried "
                                     "by {by}", unit=unit.name_vi, day=day,
                                     by=current.name_vi), Severity.INFO))
                if not moves:
                    anomalies.append(Anomaly(
                        "crosswalk.no-successor", rec.unit, unit.code,
                        Message("{unit} has no recorded successor on {day}; not carried",
                                unit=unit.name_vi, day=day),
                        Severity.ERROR))
                for new, s, reason in moves:
                    nxt.append((new, share * s, why + ((reason,) if reason else ())))
            parts = nxt
        combined: dict[str, tuple[Fraction, set[Message]]] = {}
        for unit, share, why in parts:
            tgt = target.ancestor_at(unit.code, level) if unit.code in target else None
            if tgt is None:
                # (the data's code typed as a number may be a commune's: 58 for 00058)
                hint = zeros_hint(rec.unit, source.reporting_set())
                anomalies.append(Anomaly(
                    "crosswalk.above-level", rec.unit, unit.code,
                    Message("{unit} is not at or below level {level} on {day}; not "
                            "carried{hint}", unit=unit.name_vi, level=level_name(level),
                            day=target_on, hint=hint),
                    Severity.ERROR))
                if unit.code in target and unit.code != rec.unit:
                    # carried up by its parent: the totals of the unit reached lack it
                    for anc in (unit.code, *target.chain(unit.code)):
                        approx.setdefault(anc, set()).add(Message(
                            "{edge}: no recorded successor at the {level} level; left out of "
                            "this total", edge=f"{rec.unit}→{unit.code}",
                            level=level_name(level)))
                continue
            # The share reaching each unit at `level` and at every level above it.
            for anc in (tgt, *target.chain(tgt)):
                got = combined.get(anc, (Fraction(0), set()))
                combined[anc] = (got[0] + share, got[1] | set(why))
            row = values.setdefault(tgt, [None] * len(names))
            for i, n in enumerate(names):
                v = rec.values.get(n)
                if v is None:
                    incomplete.setdefault(tgt, set()).add(n)
                else:
                    row[i] = (row[i] or Fraction(0)) + share * v
        for tgt, (total, reasons) in combined.items():
            if total != 1 and reasons:
                approx.setdefault(tgt, set()).update(reasons)
    return Crosswalked(
        tuple(names), next(iter(periods), None), target, level, values,
        {k: tuple(sorted(v, key=_english)) for k, v in approx.items()},
        tuple(sorted(anomalies)),
        {k: tuple(n for n in names if n in v) for k, v in incomplete.items()})


def _english(m: Message) -> str:
    """A reason's English text: the order of a unit's reasons, the same in every language."""
    return m.text("en")

"""Measures (counts and rates), the rules between them, and records of counts.

A :class:`Measure` is a count summed up the hierarchy, or a rate recomputed at each level
from a numerator and a denominator count. :class:`Measures` holds them with the rules that
relate counts (a part is at most its whole; a distinct count is at most the sum of its
parts), and a :class:`Record` is one unit's counts for one period.

>>> m = Measures([Measure.count("children"), Measure.count("special"),
...               Measure.rate("special_pct", "special", "children", factor=100)])
>>> m.counts, m.rates
(('children', 'special'), ('special_pct',))
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Iterable, Mapping
from fractions import Fraction

import attrs

from childprotect.documents.anomalies import Anomaly, Severity
from childprotect.errors import ValidationError
from childprotect.i18n import Message

__all__ = ["TOTAL", "Aggregation", "AtMost", "DistinctOf", "Measure", "Measures", "Record", "Rule",
           "SumOf", "rule_refs"]

#: The code of the row holding the total of the whole hierarchy (the nation for a full list).
TOTAL = "*"

Number = int | Fraction
Row = tuple[int | Fraction | None, ...]


class Aggregation(enum.Enum):
    """How a measure aggregates up the hierarchy."""

    SUM = "sum"  # counts: added up
    RATE = "rate"  # never aggregated: recomputed from numerator and denominator at every level


@attrs.frozen
class Measure:
    """A named measure and how it aggregates.

    >>> Measure.rate("special_pct", "special", "children", factor=100).aggregation
    <Aggregation.RATE: 'rate'>
    """

    name: str
    aggregation: Aggregation = Aggregation.SUM
    numerator: str | None = None
    denominator: str | None = None
    factor: int = 1
    label: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.name or self.name in ("unit", "period"):
            raise ValidationError(Message("measure name {name} is not allowed",
                                          name=repr(self.name)))
        is_rate = self.aggregation is Aggregation.RATE
        has = (self.numerator is not None, self.denominator is not None)
        if has != (is_rate, is_rate):
            raise ValidationError(
                Message("measure {name}: a rate needs a numerator and a denominator, and only a "
                        "rate has them", name=repr(self.name))
            )
        if self.factor < 1:
            raise ValidationError(Message("measure {name}: factor {factor} is not positive",
                                          name=repr(self.name), factor=self.factor))

    @classmethod
    def count(cls, name: str, label: str = "") -> Measure:
        return cls(name, Aggregation.SUM, label=label)

    @classmethod
    def rate(
        cls, name: str, numerator: str, denominator: str, *, factor: int = 1, label: str = ""
    ) -> Measure:
        return cls(name, Aggregation.RATE, numerator, denominator, factor, label)


@attrs.frozen
class AtMost:
    """Consistency rule: ``part`` never exceeds ``whole`` (a group count ≤ all children)."""

    part: str
    whole: str


def _names(parts: Iterable[str]) -> tuple[str, ...]:
    # A function of ours, not ``tuple``: attrs reads a converter's signature, and the
    # signature of a builtin is parsed from text (tokenize's large pattern, at import).
    return tuple(parts)


@attrs.frozen
class DistinctOf:
    """Consistency rule: ``distinct`` counts each child once across ``parts``.

    So ``max(parts) ≤ distinct ≤ sum(parts)``.
    """

    distinct: str
    parts: tuple[str, ...] = attrs.field(converter=_names)


@attrs.frozen
class SumOf:
    """Consistency rule: ``parts`` add up to ``whole`` (urban + rural children = children).

    Checked where a unit gives the whole and every part.
    """

    parts: tuple[str, ...] = attrs.field(converter=_names)
    whole: str = ""


Rule = AtMost | DistinctOf | SumOf


def rule_refs(rule: Rule) -> list[str]:
    """The count measures a rule relates.

    >>> rule_refs(SumOf(("urban", "rural"), "children"))
    ['urban', 'rural', 'children']
    """
    if isinstance(rule, AtMost):
        return [rule.part, rule.whole]
    if isinstance(rule, SumOf):
        return [*rule.parts, rule.whole]
    return [rule.distinct, *rule.parts]


class Measures:
    """The measures of a rollup (counts and rates) and the consistency rules between them.

    >>> m = Measures([Measure.count("a"), Measure.count("b"), Measure.rate("r", "a", "b")])
    >>> m.counts, m.rates
    (('a', 'b'), ('r',))
    """

    def __init__(self, measures: Iterable[Measure], rules: Iterable[Rule] = ()) -> None:
        self.measures = tuple(measures)
        self.rules = tuple(rules)
        names = [m.name for m in self.measures]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValidationError(Message("measures: duplicate name(s) {dup}", dup=dup))
        self.counts = tuple(m.name for m in self.measures if m.aggregation is Aggregation.SUM)
        self.rates = tuple(m.name for m in self.measures if m.aggregation is Aggregation.RATE)
        self.index = {n: i for i, n in enumerate(self.counts)}
        self.by_name = {m.name: m for m in self.measures}
        for m in self.measures:
            for ref in (m.numerator, m.denominator):
                if ref is not None and ref not in self.index:
                    raise ValidationError(
                        Message("rate {name}: {ref} is not a count measure ({counts})",
                                name=repr(m.name), ref=repr(ref), counts=list(self.counts))
                    )
        for rule in self.rules:
            for ref in rule_refs(rule):
                if ref not in self.index:
                    raise ValidationError(Message("rule {rule}: {ref} is not a count measure",
                                                  rule=rule, ref=repr(ref)))

    @classmethod
    def of(cls, measures: Measures | Iterable[Measure]) -> Measures:
        return measures if isinstance(measures, Measures) else cls(measures)

    def __repr__(self) -> str:
        return f"Measures(counts={list(self.counts)}, rates={list(self.rates)})"


@attrs.frozen
class Record:
    """One unit's counts for one period. A measure absent or None is *missing* (not zero)."""

    unit: str
    period: str
    values: Mapping[str, Number | None]


def _rule_anomalies(code: str, period: str | None, row: Row, m: Measures) -> list[Anomaly]:
    out: list[Anomaly] = []
    where = f"{period}/{code}" if period else code
    for rule in m.rules:
        if isinstance(rule, AtMost):
            p, w = row[m.index[rule.part]], row[m.index[rule.whole]]
            if p is not None and w is not None and p > w:
                out.append(Anomaly(
                    "rollup.part-above-whole", where, f"{rule.part}={p} > {rule.whole}={w}",
                    Message("{part} cannot exceed {whole}", part=rule.part, whole=rule.whole),
                    Severity.ERROR))
        elif isinstance(rule, SumOf):
            w = row[m.index[rule.whole]]
            parts = [row[m.index[p]] for p in rule.parts]
            if w is None or None in parts:
                continue
            total = sum(typing.cast("list[Number]", parts))
            if total != w:
                shown = " + ".join(f"{n}={v}" for n, v in zip(rule.parts, parts, strict=True))
                out.append(Anomaly(
                    "rollup.parts-not-whole", where, f"{shown} = {total} ≠ {rule.whole}={w}",
                    Message("{parts} must add up to {whole}", parts=" + ".join(rule.parts),
                            whole=rule.whole), Severity.ERROR))
        else:
            d = row[m.index[rule.distinct]]
            parts = [row[m.index[p]] for p in rule.parts]
            if d is None:
                continue
            known = [v for v in parts if v is not None]
            if known and max(known) > d:
                out.append(Anomaly.summarised(
                    "rollup.distinct-below-largest", where,
                    Message("{distinct}={d} < largest part {largest}", distinct=rule.distinct,
                            d=str(d), largest=str(max(known))),
                    Message("{distinct} counts each child once, so it cannot be below any of "
                            "{parts}", distinct=rule.distinct, parts=", ".join(rule.parts)),
                    Severity.ERROR))
            if len(known) == len(parts) and d > sum(known):
                out.append(Anomaly.summarised(
                    "rollup.distinct-above-sum", where,
                    Message("{distinct}={d} > sum of parts {total}", distinct=rule.distinct,
                            d=str(d), total=str(sum(known))),
                    Message("{distinct} cannot exceed the sum of {parts}",
                            distinct=rule.distinct, parts=", ".join(rule.parts)),
                    Severity.ERROR))
    return out



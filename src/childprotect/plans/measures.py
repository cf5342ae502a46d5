"""The data dictionary of a plan: every measure (data column) its targets count.

A target's indicator names the measures it is computed from (a numerator and, for a rate,
a denominator), restricted to the target's disaggregation: the data column of the
under-fives is ``children[0-4]``. :func:`measures_for` lists the columns a plan needs,
with a label in each language, what they count, which targets use them, and the relations
between them that the targets imply (a part is at most its whole; urban and rural add up
to the whole), so that an officer knows which columns to fill and how they must agree.

Labels come from ``data/measure-labels.json``: each is written from the words of a
bundled plan's target, which it quotes (checked by the tests against the target's text).

>>> from childprotect.formats import catalog
>>> d = measures_for(catalog.load("hong-ngu-2020"))
>>> for m in d.measures:
...     print(m.code, m.targets, m.roles)
children_special_circumstances ('T1.1', 'T2') ('numerator', 'denominator')
children ('T1.1',) ('denominator',)
children_special_circumstances_assisted ('T2',) ('numerator',)
child_fund_raised ('T3',) ('value',)
>>> m = d.measure("children")
>>> m.label_vi, m.unit_en, m.source  # quoted from the plan's own target where it can be
('tổng số trẻ em', 'children', 'hong-ngu-2020 T1.1: “trên tổng số trẻ em”')
>>> for r in d.relations:
...     print(r, r.because)
children_special_circumstances ≤ children ('T1.1',)
children_special_circumstances_assisted ≤ children_special_circumstances ('T2',)
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import attrs

from childprotect.data import Fields, build, read_json
from childprotect.errors import UnknownName
from childprotect.i18n import Message
from childprotect.tables.notebook import Displayable

if TYPE_CHECKING:
    from childprotect.plans.plan import Plan
    from childprotect.plans.targets import Target
    from childprotect.tables.display import Table

__all__ = [
    "DataDictionary",
    "MeasureInfo",
    "MeasureLabel",
    "MeasureLabels",
    "Relation",
    "RelationKind",
    "labels",
    "measure_column",
    "measures_for",
    "target_columns",
]

LABELS_FILE = "measure-labels.json"


def measure_column(name: str, options: Sequence[str] = ()) -> str:
    """The data column of measure ``name`` restricted to disaggregation ``options``.

    >>> measure_column("children", ["0-4", "rural"])
    'children[0-4,rural]'
    """
    return f"{name}[{','.join(options)}]" if options else name


def target_columns(target: Target) -> tuple[str | None, str | None]:
    """The (numerator, denominator) columns a target is assessed from; ``None`` where the
    target has no such measure (a qualitative target has neither)."""
    ind = target.indicator
    if ind is None:
        return None, None
    opts = [c.option for c in target.disaggregation]
    num = measure_column(ind.numerator, opts) if ind.numerator else None
    den = measure_column(ind.denominator, opts) if ind.denominator else None
    return num, den


@attrs.frozen
class MeasureLabel:
    """How people name a measure, written from the words of a plan's target (``quote``,
    verbatim; None when the target's text does not name it and the label describes it)."""

    name: str
    label_vi: str
    label_en: str
    unit_vi: str
    unit_en: str
    plan: str
    target: str
    quote: str | None = None

    @property
    def source(self) -> str:
        """Where the words come from (the same in every language: JSON and CSV quote it;
        :func:`source_words` writes it for people)."""
        where = f"{self.plan} {self.target}"
        return f"{where}: “{self.quote}”" if self.quote else _described(where).text("en")


def _described(where: str) -> Message:
    return Message("{where} (not named in its words: a description)", where=where)


def source_words(source: str, lang: str | None = None) -> str:
    """A measure's :attr:`MeasureLabel.source` as a reader of ``lang`` reads it."""
    tail = _described("").text("en")
    if source.endswith(tail):
        return _described(source[: -len(tail)]).text(lang)
    return source


#: The roles of a measure in a plan's targets, in words (JSON and CSV keep the codes).
_ROLE_WORDS = {"numerator": Message("numerator", context="measure role"),
               "denominator": Message("denominator", context="measure role"),
               "value": Message("value", context="measure role")}


def _label(f: Fields) -> MeasureLabel:
    return MeasureLabel(f.text("name"), f.text("label_vi"), f.text("label_en"),
                        f.text("unit_vi"), f.text("unit_en"), f.text("plan"),
                        f.text("target"), f.optional_text("quote"))


def _measures(items: tuple[MeasureLabel, ...] | list[MeasureLabel]) -> tuple[MeasureLabel, ...]:
    return tuple(items)


@attrs.frozen
class MeasureLabels:
    """The file of measure labels: a note on how they were written, and the labels."""

    note: str
    measures: tuple[MeasureLabel, ...] = attrs.field(converter=_measures)


def labels_of(value: object, source: str) -> MeasureLabels:
    """The labels in a plain-JSON value of ``measure-labels.json``."""
    return build(value, source, lambda f: MeasureLabels(f.text("note"),
                                                        f.objects("measures", _label)))


@cache
def labels() -> dict[str, MeasureLabel]:
    """The bundled measure labels, by measure name."""
    return {m.name: m for m in labels_of(read_json(LABELS_FILE), LABELS_FILE).measures}


class RelationKind(enum.Enum):
    """How measures must agree at every unit."""

    PART_OF = "part_of"  # the part is at most the whole
    SUM_OF = "sum_of"  # the parts add up to the whole


@attrs.frozen
class Relation:
    """A relation between data columns, with the targets it is known from (``because``)."""

    kind: RelationKind
    parts: tuple[str, ...]
    whole: str
    because: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.kind is RelationKind.PART_OF:
            return f"{self.parts[0]} ≤ {self.whole}"
        return f"{' + '.join(self.parts)} = {self.whole}"


@attrs.frozen
class MeasureInfo:
    """One data column a plan needs."""

    code: str
    measure: str
    options: tuple[str, ...]
    unit: str  # the target unit it feeds: count, vnd, or the rate it is part of
    targets: tuple[str, ...]
    roles: tuple[str, ...]  # numerator, denominator, value
    label_vi: str | None = None
    label_en: str | None = None
    unit_vi: str | None = None
    unit_en: str | None = None
    source: str | None = None

    @property
    def labelled(self) -> bool:
        return self.label_vi is not None


@attrs.frozen
class DataDictionary(Displayable):
    """The measures a plan needs, and the relations its targets imply between them."""

    plan: str
    measures: tuple[MeasureInfo, ...]
    relations: tuple[Relation, ...]

    def measure(self, code: str) -> MeasureInfo:
        for m in self.measures:
            if m.code == code:
                return m
        raise UnknownName("measure", code, [m.code for m in self.measures][:5])

    def table(self, lang: str = "en") -> Table:
        """One row per column: code, label and unit in ``lang``, targets, roles, source."""
        from childprotect.tables.display import Table

        vi = lang == "vi"
        rows = [(m.code, (m.label_vi if vi else m.label_en) or "",
                 (m.unit_vi if vi else m.unit_en) or "", ", ".join(m.targets),
                 ", ".join(_ROLE_WORDS[r].text(lang) if r in _ROLE_WORDS else r
                           for r in m.roles),
                 source_words(m.source, lang) if m.source else "") for m in self.measures]
        return Table(("code", "label", "unit", "targets", "roles", "source"), rows,
                     title=Message("{plan}: {count} measures", plan=self.plan,
                                   count=len(self.measures)).text(lang))

    def display_parts(self) -> dict[str, Table]:
        from childprotect.tables.display import Table

        return {"measures": self.table(),
                "relations": Table(("relation", "kind", "because"),
                                   [(str(r), r.kind.value, ", ".join(r.because))
                                    for r in self.relations])}

    default_part = "measures"

    def as_json(self) -> dict[str, Any]:
        """JSON-ready data (keys and codes never change with the language)."""
        return {"plan": self.plan,
                "measures": [{"code": m.code, "measure": m.measure, "options": list(m.options),
                              "label_vi": m.label_vi, "label_en": m.label_en,
                              "unit_vi": m.unit_vi, "unit_en": m.unit_en, "unit": m.unit,
                              "targets": list(m.targets), "roles": list(m.roles),
                              "source": m.source} for m in self.measures],
                "relations": [{"kind": r.kind.value, "parts": list(r.parts), "whole": r.whole,
                               "because": list(r.because)} for r in self.relations]}


_AGE = re.compile(r"([0-9]{1,2})(?:-([0-9]{1,2}))?")
_PARTITIONS = ({"urban", "rural"}, {"female", "male"})


def _dims(options: Sequence[str]) -> dict[str, str]:
    out = {}
    for o in options:
        dim = "area" if o in ("urban", "rural") else "sex" if o in ("female", "male") \
            else "age"
        out[dim] = o
    return out


def _within(a: str, b: str) -> bool:
    """Whether option ``a`` is contained in option ``b`` (same area/sex; age band inside)."""
    ma, mb = _AGE.fullmatch(a), _AGE.fullmatch(b)
    if ma and mb:
        lo_a, hi_a = int(ma[1]), int(ma[2] or ma[1])
        lo_b, hi_b = int(mb[1]), int(mb[2] or mb[1])
        return lo_b <= lo_a and hi_a <= hi_b
    return a == b


def _contains(whole: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """Whether the column restricted to ``part`` counts a subset of the one restricted to
    ``whole`` (each of whole's restrictions is matched by a narrower one of part's)."""
    dw, dp = _dims(whole), _dims(part)
    return all(k in dp and _within(dp[k], v) for k, v in dw.items())


def measures_for(plan: Plan) -> DataDictionary:
    """The data dictionary of ``plan``: every column its numeric targets use, in the order
    the targets first use them, and the relations the targets imply."""
    found: dict[str, dict[str, Any]] = {}
    relations: dict[tuple[RelationKind, tuple[str, ...], str], list[str]] = {}
    for t in plan.targets:
        ind = t.indicator
        if ind is None or not t.is_numeric:
            continue
        num, den = target_columns(t)
        opts = tuple(c.option for c in t.disaggregation)
        for col, base, role in ((num, ind.numerator, "numerator" if den else "value"),
                                (den, ind.denominator, "denominator")):
            if col is None or base is None:
                continue
            entry = found.setdefault(col, {"measure": base, "options": opts,
                                           "unit": ind.unit.value, "targets": [],
                                           "roles": []})
            if t.id not in entry["targets"]:
                entry["targets"].append(t.id)
            if role not in entry["roles"]:
                entry["roles"].append(role)
        if num is not None and den is not None and ind.bounded and num != den:
            relations.setdefault((RelationKind.PART_OF, (num,), den), []).append(t.id)
    _nesting(found, relations)
    known = labels()
    out = []
    for code, e in found.items():
        lab = known.get(e["measure"])
        out.append(MeasureInfo(
            code, e["measure"], e["options"], e["unit"], tuple(e["targets"]),
            tuple(e["roles"]),
            _with_options(lab.label_vi, e["options"], plan) if lab else None,
            _with_options(lab.label_en, e["options"], None) if lab else None,
            lab.unit_vi if lab else None, lab.unit_en if lab else None,
            _source(lab, plan, e["targets"]) if lab else None))
    return DataDictionary(plan.id, tuple(out), tuple(
        Relation(k, parts, whole, tuple(why)) for (k, parts, whole), why in relations.items()))


def _nesting(found: dict[str, dict[str, Any]],
             relations: dict[tuple[RelationKind, tuple[str, ...], str], list[str]]) -> None:
    """Relations between columns of one measure: a narrower column is part of the nearest
    wider one; the columns of a partition (urban and rural) add up to their whole."""
    by_measure: dict[str, list[str]] = {}
    for code, e in found.items():
        by_measure.setdefault(e["measure"], []).append(code)
    for codes in by_measure.values():
        for code in codes:
            opts = found[code]["options"]
            wider = [c for c in codes if c != code and
                     _contains(found[c]["options"], opts) and found[c]["options"] != opts]
            nearest = [c for c in wider if not any(
                d != c and _contains(found[c]["options"], found[d]["options"]) for d in wider)]
            for w in nearest:
                relations.setdefault((RelationKind.PART_OF, (code,), w),
                                     list(found[code]["targets"]))
        for code in codes:
            whole = found[code]["options"]
            for part in _PARTITIONS:
                members = [c for c in codes if len(found[c]["options"]) == len(whole) + 1
                           and set(found[c]["options"]) - set(whole) <= part
                           and set(whole) <= set(found[c]["options"])]
                if len(members) == len(part):
                    because = list(dict.fromkeys(t for m in members for t in found[m]["targets"]))
                    relations.setdefault((RelationKind.SUM_OF, tuple(sorted(members)), code),
                                         because)


def _source(lab: MeasureLabel, plan: Plan, targets: list[str]) -> str:
    """Where the label's words are: the plan's own target when its text has them."""
    if lab.quote:
        for tid in targets:
            if lab.quote in plan.target(tid).text_vi:
                return f"{plan.id} {tid}: “{lab.quote}”"
    return lab.source


def _with_options(label: str, options: tuple[str, ...], plan: Plan | None) -> str:
    """The label, restricted as the column is: the plan's own words for its categories
    (``trẻ em dưới 5 tuổi``) in Vietnamese, the option codes in English."""
    if not options:
        return label
    if plan is None:
        return f"{label} ({', '.join(options)})"
    words: dict[str, str] = {}
    for t in plan.targets:
        for c in t.disaggregation:
            words.setdefault(c.option, c.label_vi)
    return f"{label} ({', '.join(words.get(o, o) for o in options)})"

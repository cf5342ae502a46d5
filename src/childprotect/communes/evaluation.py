"""Recognition of child-friendly communes: the rule, evaluation files and their results.

A commune, ward or township is recognised as "phù hợp với trẻ em" (Quyết định 06/QĐ-TTg,
Quy định, Điều 3 as a portal summary gives it) when all three hold:

1. every one of the 13 criteria has been evaluated;
2. no criterion scored 0 points;
3. its total reaches the threshold of its class (:class:`CommuneCategory`): 900 for wards
   of a centrally-run city's urban districts, 800 for mountain, island and especially
   disadvantaged communes, 850 for the others.

The thresholds, their Vietnamese wording and sources live in
``data/criteria/qd-06-2019-recognition.json``; a commune's class is data the evaluation
supplies with its source (the law's order of precedence between classes was not found).

>>> from decimal import Decimal
>>> from childprotect.communes.scoring import load_table
>>> table = load_table("qd-06-2019-illustrative")
>>> full = {c.criterion: Decimal(c.max_points) for c in table.criteria}
>>> e = CommuneEvaluation("00001", "Xã Mẫu", CommuneCategory.OTHER, "example",
...                       points={**full, "TC13": Decimal(0)})
>>> r = evaluate_commune(e, table)
>>> r.recognised, r.total, [x.kind.value for x in r.reasons]
(False, Decimal('900'), ['zero-points'])
>>> r.table, r.illustrative[:2]
('qd-06-2019-illustrative', ('TC2', 'TC3'))
>>> print(r.reasons[0].text)
TC13 scored 0 points (no criterion may be at 0)

Who self-assesses, appraises and decides, and when, is in
:mod:`childprotect.communes.procedure`.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from childprotect.communes import criteria as _criteria
from childprotect.communes.hierarchy import load_hierarchy, same_name
from childprotect.communes.scoring import (
    CriterionScore,
    InvalidEvaluation,
    ScoringTable,
    score_criteria,
)
from childprotect.data import build, load_file, read_json
from childprotect.documents.levels import AdminLevel
from childprotect.errors import ChildProtectError, ValidationError
from childprotect.i18n import Message
from childprotect.text.dates import PartialDate
from childprotect.text.validators import non_empty_text
from childprotect.text.vntext import nfc

if TYPE_CHECKING:
    from childprotect.units.hierarchy import Hierarchy

__all__ = [
    "AreaUnit",
    "CommuneCategory",
    "CommuneEvaluation",
    "CommuneResult",
    "EvaluationFile",
    "Reason",
    "ReasonKind",
    "RecognitionRule",
    "Threshold",
    "evaluate",
    "evaluate_commune",
    "load_hierarchy",
    "load_recognition_rule",
    "recognition_rule",
    "recognition_rule_of",
]

_DIR = "criteria"


def _districts_abolished() -> dt.date:
    """The first day without a district level: the day after the district level's
    ``valid_to`` in ``data/units/vocabulary.json`` (Luật 72/2025/QH15 Điều 51 khoản 3)."""
    from childprotect.units.model import vocabulary

    level = next(lv for lv in vocabulary().levels if lv.id == "district")
    if level.valid_to is None:  # pragma: no cover - the bundled data has the date
        raise ValidationError(Message("the units vocabulary gives no end to the district level"))
    return level.valid_to + dt.timedelta(days=1)


class CommuneCategory(enum.Enum):
    """The class of a commune for the recognition threshold (QĐ 06, Quy định, Điều 3)."""

    CENTRAL_CITY_WARD = "central-city-ward"  # phường thuộc quận, thị xã, thành phố của TP TTTW
    MOUNTAIN_ISLAND_DISADVANTAGED = "mountain-island-disadvantaged"  # miền núi, hải đảo; ĐBKK
    OTHER = "other"  # xã, phường, thị trấn còn lại

    @property
    def word(self) -> Message:
        """The class in words (the wording of its threshold, shortened), in the reader's
        language where it is shown; the value stays the code files and JSON use."""
        return {
            CommuneCategory.CENTRAL_CITY_WARD: Message("ward of a centrally-run city",
                                                       context="commune class"),
            CommuneCategory.MOUNTAIN_ISLAND_DISADVANTAGED: Message(
                "mountain, island or especially disadvantaged", context="commune class"),
            CommuneCategory.OTHER: Message("other", context="commune class"),
        }[self]


@attrs.frozen
class Threshold:
    """The minimum total for one class of commune, with the wording it comes from.

    ``names_district_units`` marks a class defined by district-level units, which no
    longer exist after 1 July 2025. ``kinds`` are the kinds of commune-level unit the
    wording covers (ids of :func:`childprotect.units.model.vocabulary`; empty: any), and
    ``parent_kinds`` / ``grandparent_kinds`` the kinds of the units above it that the
    wording names.
    """

    category: CommuneCategory
    min_points: int
    text_vi: str = attrs.field(converter=nfc, validator=non_empty_text)
    label_en: str = attrs.field(validator=non_empty_text)
    names_district_units: bool = False
    kinds: tuple[str, ...] = ()
    parent_kinds: tuple[str, ...] = ()
    grandparent_kinds: tuple[str, ...] = ()


@attrs.frozen
class RecognitionRule:
    """The conditions for recognising a child-friendly commune, with their sources."""

    id: str
    document: str
    clause: str
    status: str
    sources: tuple[str, ...]
    conditions_vi: tuple[str, ...]
    thresholds: tuple[Threshold, ...]
    notes: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        got = [t.category for t in self.thresholds]
        for c in CommuneCategory:
            if got.count(c) != 1:
                raise ValidationError(
                    Message("recognition rule {id}: category {c} must have exactly one "
                            "threshold, found {count}", id=repr(self.id), c=repr(c.value),
                            count=got.count(c))
                )
        if not self.sources:
            raise ValidationError(Message("recognition rule {id}: no sources", id=repr(self.id)))

    def threshold(self, category: CommuneCategory) -> Threshold:
        """The threshold of a class of commune.

        >>> recognition_rule().threshold(CommuneCategory.CENTRAL_CITY_WARD).min_points
        900
        """
        return next(t for t in self.thresholds if t.category is category)


def recognition_rule_of(value: object, source: str = "<recognition rule>") -> RecognitionRule:
    """A recognition rule from plain data in the bundled form."""
    return build(value, source, lambda f: RecognitionRule(
        id=f.text("id"), document=f.text("document"), clause=f.text("clause"),
        status=f.text("status"), sources=f.texts("sources"),
        conditions_vi=f.texts("conditions_vi"),
        thresholds=f.objects("thresholds", lambda g: Threshold(
            category=g.choice("category", CommuneCategory), min_points=g.integer("min_points"),
            text_vi=g.text("text_vi"), label_en=g.text("label_en"),
            names_district_units=g.flag("names_district_units", False),
            kinds=g.texts("kinds"), parent_kinds=g.texts("parent_kinds"),
            grandparent_kinds=g.texts("grandparent_kinds"))),
        notes=f.texts("notes"),
    ))


@lru_cache(maxsize=1)
def recognition_rule() -> RecognitionRule:
    """The bundled recognition rule of Quyết định 06/QĐ-TTg."""
    name = f"{_DIR}/qd-06-2019-recognition.json"
    return recognition_rule_of(read_json(name), f"data/{name}")


def load_recognition_rule(path: str | Path) -> RecognitionRule:
    """A recognition rule from a JSON file in the bundled form (e.g. from the official text)."""
    return recognition_rule_of(load_file(path), str(path))


# --- commune evaluations ----------------------------------------------------------------------


@attrs.frozen
class AreaUnit:
    """A unit above the communes (district, province, nation) in an evaluation file.

    ``communes_total`` is how many communes the unit has (with its source), when known: the
    shares then say how many are missing from the file.
    """

    code: str = attrs.field(validator=non_empty_text)
    name: str = attrs.field(converter=nfc, validator=non_empty_text)
    level: AdminLevel
    parent: str | None = None
    communes_total: int | None = None
    communes_total_source: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.level is AdminLevel.COMMUNE:
            raise ValidationError(Message("unit {code}: communes go in 'communes', not 'units'",
                                          code=repr(self.code)))
        if (self.communes_total is None) != (self.communes_total_source is None):
            raise ValidationError(
                Message("unit {code}: communes_total and communes_total_source go together",
                        code=repr(self.code))
            )
        if self.communes_total is not None and self.communes_total < 0:
            raise ValidationError(Message("unit {code}: communes_total is negative",
                                          code=repr(self.code)))


@attrs.frozen
class CommuneEvaluation:
    """One commune's evaluation: its class (with the source of that class) and its points.

    ``points`` maps criteria (``TC1`` … or any key :func:`childprotect.communes.criteria.criterion`
    accepts) to points; ``sub_items`` gives a criterion's points by sub-item instead.
    A commune that was not evaluated has neither. ``kind`` (``xa``, ``phuong``,
    ``thi-tran``, ``dac-khu`` or the Vietnamese word), when given or known from a
    hierarchy, is checked against the kinds the class's wording covers.
    """

    code: str = attrs.field(validator=non_empty_text)
    name: str = attrs.field(converter=nfc, validator=non_empty_text)
    category: CommuneCategory
    category_source: str = attrs.field(validator=non_empty_text)
    parent: str | None = None
    kind: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str)))
    points: dict[str, Decimal] = attrs.field(factory=dict)
    sub_items: dict[str, dict[str, Decimal]] = attrs.field(factory=dict)
    note: str | None = None

    @property
    def label(self) -> str:
        return Message("commune {name} ({code})", name=repr(self.name), code=self.code).text()


@attrs.frozen
class EvaluationFile:
    """A file of commune evaluations (see ``docs/communes.md`` for the format)."""

    communes: tuple[CommuneEvaluation, ...]
    units: tuple[AreaUnit, ...] = ()
    evaluated_in: PartialDate | None = None
    scoring_table: str | None = None
    hierarchy: str | None = None
    matrix: str | None = None
    targets: tuple[str, ...] = ()
    synthetic: bool = False
    description: str | None = None


class ReasonKind(enum.Enum):
    """Why a commune is not recognised."""

    NOT_EVALUATED = "not-evaluated"
    MISSING_CRITERION = "missing-criterion"
    ZERO_POINTS = "zero-points"
    BELOW_THRESHOLD = "below-threshold"


@attrs.frozen
class Reason:
    """One reason a commune is not recognised; ``criterion`` when it is about one."""

    kind: ReasonKind
    text: Message | str
    criterion: str | None = None

    def explain(self, lang: str | None = None) -> str:
        """The reason in ``lang`` (the current language by default)."""
        return self.text.text(lang) if isinstance(self.text, Message) else self.text


@attrs.frozen
class CommuneResult:
    """The outcome for one commune.

    ``table`` is the scoring table used; ``illustrative`` lists its illustrative values,
    so that a result scored with made-up maxima always says so.
    """

    code: str
    name: str
    parent: str | None
    category: CommuneCategory
    threshold: int
    total: Decimal
    recognised: bool
    reasons: tuple[Reason, ...]
    scores: tuple[CriterionScore, ...]
    notes: tuple[Message | str, ...] = ()
    table: str | None = None
    illustrative: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.recognised == bool(self.reasons):
            raise ValidationError(
                Message("commune {code}: recognised must be true exactly when there is no "
                        "reason against it", code=repr(self.code))
            )

    @property
    def evaluated(self) -> bool:
        """Whether any criterion was evaluated at all."""
        return all(r.kind is not ReasonKind.NOT_EVALUATED for r in self.reasons)

    @property
    def failing(self) -> tuple[str, ...]:
        """Criteria that stop recognition by themselves: missing or at 0 points."""
        return tuple(r.criterion for r in self.reasons if r.criterion is not None)


def _result(e: CommuneEvaluation, table: ScoringTable, rule: RecognitionRule,
            evaluated_in: PartialDate | None, problems: list[str]) -> CommuneResult:
    scores = score_criteria(table, e.points, e.sub_items, e.label, problems)
    th = rule.threshold(e.category)
    total = sum((s.points for s in scores), Decimal(0))
    reasons: list[Reason] = []
    notes: list[Message | str] = []
    if not e.points and not e.sub_items:
        reasons.append(Reason(ReasonKind.NOT_EVALUATED, Message("not evaluated: no criterion "
                                                                "has points")))
    else:
        have = {s.criterion for s in scores}
        ids = _criteria.standard().ids
        for cid in ids:
            if cid not in have:
                reasons.append(Reason(
                    ReasonKind.MISSING_CRITERION,
                    Message("{cid} was not evaluated (all {count} criteria must be)", cid=cid,
                            count=len(ids)), cid))
        for s in scores:
            if s.points == 0:
                reasons.append(Reason(ReasonKind.ZERO_POINTS,
                                      Message("{criterion} scored 0 points (no criterion may be "
                                              "at 0)", criterion=s.criterion),
                                      s.criterion))
        if total < th.min_points:
            reasons.append(Reason(
                ReasonKind.BELOW_THRESHOLD,
                Message("total {total} is below the {min_points} points required for its class "
                        "({category})", total=total, min_points=th.min_points,
                        category=e.category.word)))
    if th.names_district_units and evaluated_in is not None and (
        evaluated_in.year, evaluated_in.month or 12) >= (
        _districts_abolished().year, _districts_abolished().month
    ):
        notes.append(
            Message("the class {category} is defined by district-level units, abolished on "
                    "{day}; how it applies after that date was not found",
                    category=Message("“{word}”", word=e.category.word),
                    day=_districts_abolished())
        )
    return CommuneResult(e.code, e.name, e.parent, e.category, th.min_points, total,
                         not reasons, tuple(reasons), scores, tuple(notes), table.id,
                         table.illustrative_values)


def evaluate_commune(e: CommuneEvaluation, table: ScoringTable,
                     rule: RecognitionRule | None = None,
                     evaluated_in: PartialDate | None = None) -> CommuneResult:
    """Score one commune and decide recognition; invalid points raise
    :class:`~childprotect.communes.scoring.InvalidEvaluation`."""
    problems: list[str] = []
    r = _result(e, table, rule or recognition_rule(), evaluated_in, problems)
    if problems:
        raise InvalidEvaluation(e.label, problems)
    return r


def evaluate(evaluations: EvaluationFile, table: ScoringTable,
             rule: RecognitionRule | None = None, source: str = "<evaluations>",
             hierarchy: Hierarchy | None = None) -> tuple[CommuneResult, ...]:
    """Every commune's result, in file order.

    All faults of the file (points above a maximum, unknown criteria, duplicate or
    unplaced communes) are raised together in one
    :class:`~childprotect.communes.scoring.InvalidEvaluation`, each naming the commune and
    criterion.

    With ``hierarchy`` (a snapshot of :mod:`childprotect.units.registry`), each commune code must be
    a commune (a leaf) of it, and its parent is taken from it; the file then has no units.
    """
    rule = rule or recognition_rule()
    problems: list[str] = []
    if hierarchy is not None:
        evaluations, problems = _place(evaluations, hierarchy)
    seen: dict[str, CommuneEvaluation] = {}
    unit_codes = {u.code for u in evaluations.units}
    for u in evaluations.units:
        if u.parent is not None and u.parent not in unit_codes:
            problems.append(Message("unit {name} ({code}): parent {parent} is not a unit of the "
                                    "file",
                                    name=repr(u.name), code=u.code, parent=repr(u.parent)).text())
    if len(unit_codes) != len(evaluations.units):
        dup = sorted({u.code for u in evaluations.units
                      if sum(v.code == u.code for v in evaluations.units) > 1})
        problems.append(Message(
            "unit code(s) {join} given more than once", join=', '.join(dup)).text())
    cycle = _find_cycle(evaluations.units)
    if cycle:
        problems.append(Message(
            "units {join} form a cycle of parents", join=' → '.join(cycle)).text())
    else:
        problems.extend(_total_problems(evaluations))
    results: list[CommuneResult] = []
    for e in evaluations.communes:
        if e.code in seen:
            problems.append(Message("{label}: duplicate commune (code {code} is also {name})",
                                    label=e.label, code=e.code,
                                    name=repr(seen[e.code].name)).text())
            continue
        seen[e.code] = e
        if e.code in unit_codes:
            problems.append(Message("{label}: code {code} is also a unit's code", label=e.label,
                                    code=repr(e.code)).text())
        if hierarchy is not None:
            pass  # placed by _place
        elif e.parent is not None and e.parent not in unit_codes:
            problems.append(Message("{label}: parent {parent} is not a unit of the file",
                                    label=e.label, parent=repr(e.parent)).text())
        elif e.parent is None and evaluations.units:
            problems.append(Message("{label}: no parent, but the file has units; give its parent",
                                    label=e.label).text())
        problems.extend(_class_problems(e, rule.threshold(e.category), hierarchy,
                                        evaluations.evaluated_in))
        try:
            results.append(_result(e, table, rule, evaluations.evaluated_in, problems))
        except ChildProtectError as exc:
            problems.append(Message("{label}: {exc}", label=e.label, exc=exc).text())
    if problems:
        raise InvalidEvaluation(source, problems)
    return tuple(results)


def _place(ev: EvaluationFile, h: Hierarchy) -> tuple[EvaluationFile, list[str]]:
    problems: list[str] = []
    if ev.units:
        problems.append(Message("the file gives units and a hierarchy: the hierarchy's units "
                                "are used; leave 'units' out").text())
    placed = []
    for i, e in enumerate(ev.communes):
        if e.code not in h or not h.is_leaf(e.code):
            what = Message("not a unit") if e.code not in h else \
                Message("a unit with units below it")
            problems.append(Message("{label}: code {code} is {what} in the hierarchy as of "
                                    "{day}", label=e.label, code=repr(e.code), what=what,
                                    day=h.as_of).text())
            placed.append(e)
            continue
        registered = h.unit(e.code).name_vi
        if not same_name(e.name, registered):
            problems.append(Message("{label}, {path}: the units list names code {code} "
                                    "{registered}", label=e.label, path=f"$.communes[{i}].name",
                                    code=e.code, registered=repr(registered)).text())
        chain = h.chain(e.code)
        parent = chain[0] if chain else None
        if e.parent is not None and e.parent != parent:
            problems.append(Message("{label}: parent {parent} disagrees with the hierarchy, "
                                    "where it is {parent2}", label=e.label, parent=repr(e.parent),
                                    parent2=repr(parent)).text())
        placed.append(attrs.evolve(e, parent=parent))
    return attrs.evolve(ev, communes=tuple(placed), units=()), problems


def _kind_id(text: str) -> str:
    from childprotect.units.model import vocabulary

    return vocabulary().kind(text).id


def _class_problems(e: CommuneEvaluation, th: Threshold, h: Hierarchy | None,
                    evaluated_in: PartialDate | None) -> list[str]:
    """The commune's kind (and, in a hierarchy, its parents' kinds) against its class."""
    out: list[str] = []
    kind = None
    if e.kind is not None:
        try:
            kind = _kind_id(e.kind)
        except ChildProtectError as exc:
            return [Message("{label}: {exc}", label=e.label, exc=exc).text()]
    if h is not None and e.code in h:
        held = h.unit(e.code).kind
        if kind is not None and kind != held:
            out.append(Message("{label}: kind {kind} disagrees with the hierarchy, where it is "
                               "{held}", label=e.label, kind=repr(e.kind), held=repr(held)).text())
        kind = held
    wording = f"(\u201c{th.text_vi}\u201d)"
    if kind is not None and th.kinds and kind not in th.kinds:
        out.append(Message("{label}: class {category} covers {kinds} {wording}, but the "
                           "commune is a {kind}", label=e.label, category=repr(e.category.value),
                           kinds=", ".join(th.kinds), wording=wording, kind=repr(kind)).text())
    before = evaluated_in is None or evaluated_in.earliest() < _districts_abolished()
    if h is not None and e.code in h and before and (th.parent_kinds or th.grandparent_kinds):
        chain = h.chain(e.code)
        kinds = [h.unit(c).kind for c in chain]
        ok = ((not th.parent_kinds or (len(kinds) > 0 and kinds[0] in th.parent_kinds)) and
              (not th.grandparent_kinds or (len(kinds) > 1 and kinds[1] in th.grandparent_kinds)))
        if not ok:
            out.append(Message("{label}: class {category} {wording} needs a unit of kind "
                               "{parents} in a {grandparents}; the hierarchy has {found}",
                               label=e.label, category=repr(e.category.value), wording=wording,
                               parents="/".join(th.parent_kinds),
                               grandparents="/".join(th.grandparent_kinds),
                               found=" ⊂ ".join(kinds) or "—").text())
    return out


def _total_problems(ev: EvaluationFile) -> list[str]:
    """Units that declare fewer communes (``communes_total``) than the file lists under
    them, at any depth: the declared number cannot be right."""
    parent = {u.code: u.parent for u in ev.units}
    listed: dict[str, int] = {}
    for e in {e.code: e for e in ev.communes}.values():
        node = e.parent
        while node is not None and node in parent:
            listed[node] = listed.get(node, 0) + 1
            node = parent[node]
    return [Message("unit {name} ({code}), {path}: {total} communes declared, but the file "
                    "lists {listed} under it", name=repr(u.name), code=u.code,
                    path=f"$.units[{i}].communes_total", total=u.communes_total,
                    listed=listed[u.code]).text()
            for i, u in enumerate(ev.units)
            if u.communes_total is not None and listed.get(u.code, 0) > u.communes_total]


def _find_cycle(units: tuple[AreaUnit, ...]) -> list[str]:
    parent = {u.code: u.parent for u in units}
    for start in parent:
        path: list[str] = []
        node: str | None = start
        while node is not None and node in parent:
            if node in path:
                return [*path[path.index(node):], node]
            path.append(node)
            node = parent[node]
    return []

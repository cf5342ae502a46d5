"""The share of communes recognised as child-friendly at each level, against plan targets.

Each unit's share is recomputed from its communes (recognised / communes listed under
it), never averaged from lower levels. Alongside it: which criteria most often stop
recognition (missing or at 0 points) and how many points each criterion lost, the table a
provincial officer looks at first.

Targets on this share come from the plans' own target data (Bắc Kạn 352/QĐ-UBND: over
70%; Huế 208/KH-UBND Chỉ tiêu 1: over 65%; the national 65% by 2025 and 75% by 2030 of
Quyết định 23/QĐ-TTg Chỉ tiêu 1, in the bundled programme ``ttg-23-2021``).
``data/criteria/share-targets.json`` holds the targets no plan holds (none today) and the
retired ids that name plan targets now:

>>> national_share_targets()
()
>>> share_target_aliases()["qd-23-2021/2030"].target
'ttg-23-2021/CT1.2030'

A plan's own share targets are found by :mod:`childprotect.plans.shares`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from childprotect.communes import criteria as _criteria
from childprotect.communes.actions import ActionOwner, who_must_act
from childprotect.communes.evaluation import AreaUnit, CommuneResult, ReasonKind
from childprotect.data import Fields, build, load_file, read_json
from childprotect.documents.anomalies import Severity
from childprotect.documents.levels import AdminLevel, level_name
from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.text.validators import non_empty_text
from childprotect.text.vntext import nfc

if TYPE_CHECKING:
    from childprotect.rollup.measures import Measure, Record
    from childprotect.rollup.result import Rollup
    from childprotect.units.hierarchy import Hierarchy

__all__ = [
    "ALL",
    "AREA",
    "DEFAULT_MIN_COVERAGE",
    "SHARE_DENOMINATOR",
    "SHARE_NUMERATOR",
    "ActionOwner",
    "AssessmentStatus",
    "Comparator",
    "CriterionFailures",
    "ShareTarget",
    "ShareTargetAlias",
    "ShareTargetFile",
    "TargetAssessment",
    "UnitShare",
    "assess",
    "load_share_targets",
    "measures",
    "national_share_targets",
    "records",
    "share_target_aliases",
    "share_target_file_of",
    "share_targets_of",
    "shares",
    "who_must_act",
]

#: The code of the row that covers every commune of the input.
ALL = "*"

#: The level of a row that is a target's own area made of several units.
AREA = "area"

#: The least share of a unit's communes the input must hold for a verdict on a target:
#: the default of the plans' minimum coverage (``plans.verdicts.DEFAULT_MIN_COVERAGE``).
DEFAULT_MIN_COVERAGE = Fraction(4, 5)


class Comparator(enum.Enum):
    """How a share is compared with a target value."""

    ABOVE = "above"  # trên: strictly greater
    AT_LEAST = "at-least"  # đạt, từ … trở lên: greater or equal


@attrs.frozen
class ShareTarget:
    """A target on the share of communes meeting the standard, at one level."""

    id: str
    level: AdminLevel
    comparator: Comparator
    percent: Decimal
    text_vi: str = attrs.field(converter=nfc, validator=non_empty_text)
    source: str = attrs.field(validator=non_empty_text)
    status: str
    plan: str | None = None
    item: str | None = None
    when: str | None = None
    year: int | None = None

    def __attrs_post_init__(self) -> None:
        if not Decimal(0) <= self.percent <= Decimal(100):
            raise ValidationError(Message("target {id}: percent {percent} is not 0–100",
                                          id=repr(self.id), percent=self.percent))

    def met(self, ratio: Fraction) -> bool:
        """Whether a share (a fraction of 1) meets the target, compared exactly."""
        goal = Fraction(self.percent) / 100
        return ratio > goal if self.comparator is Comparator.ABOVE else ratio >= goal

    @property
    def label(self) -> str:
        sign = ">" if self.comparator is Comparator.ABOVE else "≥"
        return f"{sign} {self.percent}%"


_NATIONAL = "criteria/share-targets.json"


#: The measures a plan's target must name to be a target on this share (the names the
#: targets of the bundled plans and the rollups use).
SHARE_NUMERATOR = "communes_child_friendly"
SHARE_DENOMINATOR = "communes"


def _share_target(f: Fields) -> ShareTarget:
    return ShareTarget(
        id=f.text("id"), level=f.choice("level", AdminLevel),
        comparator=f.choice("comparator", Comparator), percent=f.decimal("percent"),
        text_vi=f.text("text_vi"), source=f.text("source"), status=f.text("status"),
        plan=f.optional_text("plan"), item=f.optional_text("item"), when=f.optional_text("when"),
        year=f.optional_integer("year"))


@attrs.frozen
class ShareTargetAlias:
    """A retired target id and the ``PLAN/TARGET`` id that now names the same target."""

    id: str = attrs.field(validator=non_empty_text)
    target: str = attrs.field(validator=non_empty_text)
    note: str = attrs.field(validator=non_empty_text)


@attrs.frozen
class ShareTargetFile:
    """A file of share targets: targets no plan holds, and aliases of retired ids."""

    targets: tuple[ShareTarget, ...] = ()
    aliases: tuple[ShareTargetAlias, ...] = ()
    about: str | None = None

    def __attrs_post_init__(self) -> None:
        ids = [t.id for t in self.targets] + [a.id for a in self.aliases]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValidationError(Message("share targets: ids listed twice: {dup}", dup=dup))


def share_target_file_of(value: object, source: str = "<share targets>") -> ShareTargetFile:
    """A share-target file from plain data ``{"targets": [...], "aliases": [...]}``."""
    return build(value, source, lambda f: ShareTargetFile(
        targets=f.objects("targets", _share_target),
        aliases=f.objects("aliases", lambda g: ShareTargetAlias(
            id=g.text("id"), target=g.text("target"), note=g.text("note"))),
        about=f.optional_text("about")))


def share_targets_of(value: object, source: str = "<share targets>") -> tuple[ShareTarget, ...]:
    """Share targets from plain data ``{"targets": [...]}`` in the bundled form."""
    return share_target_file_of(value, source).targets


@lru_cache(maxsize=1)
def _bundled() -> ShareTargetFile:
    return share_target_file_of(read_json(_NATIONAL), f"data/{_NATIONAL}")


def national_share_targets() -> tuple[ShareTarget, ...]:
    """The bundled targets on the share that no plan holds, with their source (none since
    Quyết định 23/QĐ-TTg ships as the plan ``ttg-23-2021``)."""
    return _bundled().targets


def share_target_aliases() -> dict[str, ShareTargetAlias]:
    """Retired target ids (``qd-23-2021/2030``) and the plan targets they now name."""
    return {a.id: a for a in _bundled().aliases}


def load_share_targets(path: str | Path) -> tuple[ShareTarget, ...]:
    """Share targets from a JSON file ``{"targets": [...]}`` in the bundled form."""
    return share_targets_of(load_file(path), str(path))


@attrs.frozen
class CriterionFailures:
    """How one criterion fared over the communes of a unit."""

    criterion: str
    missing: int  # communes where it was not evaluated
    zero: int  # communes where it scored 0
    points_lost: Decimal  # sum of (maximum − points) where it was evaluated

    @property
    def failing(self) -> int:
        """Communes this criterion alone keeps from recognition (missing or at 0)."""
        return self.missing + self.zero


@attrs.frozen
class UnitShare:
    """The recognised share of one unit (or of everything, code :data:`ALL`)."""

    code: str
    name: str  # a unit's name; for ALL and an area's row, ``words`` in the current language
    level: str | None  # a level id (``province``, ``district`` …); None for ALL
    communes: int  # communes listed under the unit
    evaluated: int  # of which evaluated at all
    recognised: int
    failures: tuple[CriterionFailures, ...] = ()
    communes_total: int | None = None  # as the file declares, with its source
    parent: str | None = None
    illustrative: bool = False  # some result was scored with illustrative values
    words: Message | None = None  # the name of ALL or an area's row, in either language

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.recognised <= self.evaluated <= self.communes:
            raise ValidationError(
                Message("unit {code}: counts must satisfy 0 ≤ recognised ≤ evaluated ≤ "
                        "communes, got {recognised}, {evaluated}, {communes}",
                        code=repr(self.code), recognised=self.recognised,
                        evaluated=self.evaluated, communes=self.communes)
            )

    @property
    def ratio(self) -> Fraction | None:
        """recognised / communes, exactly; None for a unit without communes."""
        return Fraction(self.recognised, self.communes) if self.communes else None

    @property
    def coverage(self) -> Fraction | None:
        """The share of the unit's communes (``communes_total``) that the input holds;
        None when that number is not known, or is 0.

        >>> UnitShare("D", "Huyện", "district", 2, 2, 2, communes_total=108).coverage
        Fraction(1, 54)
        """
        if not self.communes_total:
            return None
        return min(Fraction(self.communes, self.communes_total), Fraction(1))

    @property
    def missing_from_file(self) -> int | None:
        """Communes the unit has (declared) that are not in the file."""
        if self.communes_total is None:
            return None
        return max(self.communes_total - self.communes, 0)

    def percent(self, places: int = 1) -> Decimal | None:
        """The share in percent, rounded half-even for display only."""
        if self.ratio is None:
            return None
        exact = Decimal(self.ratio.numerator * 100) / Decimal(self.ratio.denominator)
        return exact.quantize(Decimal(1).scaleb(-places))

    def top_failures(self, n: int = 3) -> tuple[CriterionFailures, ...]:
        """The criteria that most often stop recognition here (ties: most points lost);
        ``n`` is a whole number from 0."""
        if type(n) is not int or n < 0:
            raise ValidationError(Message("expected a whole number from 0, got {text}",
                                          text=repr(n)))
        return tuple(f for f in self.failures if f.failing or f.points_lost)[:n]


_EVALUATED = "communes_evaluated"
_COUNTS = (SHARE_DENOMINATOR, _EVALUATED, SHARE_NUMERATOR)


def _measures() -> tuple[Measure, ...]:
    from childprotect.rollup.measures import Measure

    ids = _criteria.standard().ids
    return (*(Measure.count(n) for n in _COUNTS),
            *(Measure.count(f"{k}:{c}") for c in ids for k in ("missing", "zero", "lost")),
            Measure.rate("share", SHARE_NUMERATOR, SHARE_DENOMINATOR))


def measures() -> tuple[Measure, ...]:
    """The rollup measures of :func:`records`: ``communes``, ``communes_evaluated``,
    ``communes_child_friendly``, per criterion ``missing:TCn``, ``zero:TCn`` and
    ``lost:TCn``, and the rate ``share``."""
    return _measures()


def records(results: Iterable[CommuneResult], period: str) -> list[Record]:
    """Commune results as :class:`childprotect.rollup.measures.Record` (one per commune, unit = its
    code), for a rollup on any hierarchy whose leaves are these communes.

    The names ``communes_child_friendly`` and ``communes`` are those the plans' share
    targets use, so the rollup's rate can be assessed against them.
    """
    return [_record(r, r.code, period) for r in results]


@lru_cache(maxsize=1)
def _zero_values() -> dict[str, int | Fraction]:
    out: dict[str, int | Fraction] = {}
    for c in _criteria.standard().ids:
        out[f"missing:{c}"] = out[f"zero:{c}"] = out[f"lost:{c}"] = 0
    return out


def _record(r: CommuneResult, unit: str, period: str) -> Record:
    from childprotect.rollup.measures import Record

    values = dict(_zero_values())
    values[SHARE_DENOMINATOR] = 1
    values[_EVALUATED] = int(r.evaluated)
    values[SHARE_NUMERATOR] = int(r.recognised)
    for s in r.scores:
        # Whole points stay int (the rollup's fast path); others are exact fractions.
        n, d = (Decimal(s.max_points) - s.points).as_integer_ratio()
        values[f"lost:{s.criterion}"] = n if d == 1 else Fraction(n, d)
    for reason in r.reasons:
        if reason.criterion is None:
            continue
        if reason.kind is ReasonKind.MISSING_CRITERION:
            values[f"missing:{reason.criterion}"] = 1
        elif reason.kind is ReasonKind.ZERO_POINTS:
            values[f"zero:{reason.criterion}"] = 1
    return Record(unit, period, values)


def _file_hierarchy(units: Sequence[AreaUnit], results: Sequence[CommuneResult]
                    ) -> tuple[Hierarchy, dict[str, str]]:
    """The units and communes of an evaluation file as a rollup hierarchy.

    Unit codes in a hierarchy are numeric, so each file code gets a numeric stand-in;
    the map from file code to stand-in is returned with it.
    """
    from childprotect.units.hierarchy import Hierarchy
    from childprotect.units.model import AdminUnit, Level

    ranks = {lv: i for i, lv in enumerate(AdminLevel)}
    levels = {lv.value: Level(lv.value, ranks[lv], 0, lv.value, lv.value, "evaluation file")
              for lv in AdminLevel}
    code: dict[str, str] = {}

    def stand_in(c: str | None) -> str | None:
        return None if c is None else code.setdefault(c, str(len(code) + 1))

    admin = [AdminUnit(stand_in(u.code) or "", u.name, u.name, u.level.value,
                       "evaluation file", parent=stand_in(u.parent)) for u in units]
    admin += [AdminUnit(stand_in(r.code) or "", r.name, r.name, AdminLevel.COMMUNE.value,
                        "evaluation file", parent=stand_in(r.parent)) for r in results]
    return Hierarchy(dt.date.min, admin, levels), code


def _total(ro: Rollup, codes: Sequence[str], measure: str) -> int | Fraction:
    """The sum of ``measure`` over the rollup's units ``codes`` (disjoint areas)."""
    out: int | Fraction = 0
    for c in codes:
        v = ro.total(c, measure)
        if v is not None:
            out += v
    return out


def _failures(ro: Rollup, codes: Sequence[str]) -> tuple[CriterionFailures, ...]:
    ids = _criteria.standard().ids
    rows = []
    for c in ids:
        lost = Fraction(_total(ro, codes, f"lost:{c}"))
        lost_d = Decimal(lost.numerator) / Decimal(lost.denominator)
        rows.append(CriterionFailures(c, int(_total(ro, codes, f"missing:{c}")),
                                      int(_total(ro, codes, f"zero:{c}")), lost_d))
    order = {c: i for i, c in enumerate(ids)}
    return tuple(sorted(rows, key=lambda f: (-f.failing, -f.points_lost, order[f.criterion])))


def _row(ro: Rollup, codes: Sequence[str], out_code: str, name: str | Message,
         level: str | None,
         total: int | None, parent: str | None, illustrative: bool) -> UnitShare:
    def n(measure: str) -> int:
        return int(_total(ro, codes, measure))

    words = name if isinstance(name, Message) else None
    return UnitShare(out_code, str(name), level, n(SHARE_DENOMINATOR), n(_EVALUATED),
                     n(SHARE_NUMERATOR),
                     _failures(ro, codes), total, parent, illustrative, words)


def shares(results: Iterable[CommuneResult], units: Sequence[AreaUnit] = (), *,
           hierarchy: Hierarchy | None = None, period: str = "round",
           areas: Mapping[str, Iterable[str]] | None = None) -> tuple[UnitShare, ...]:
    """The share of every unit, and first a row :data:`ALL` for every commune given.

    The figures come from :func:`childprotect.rollup.aggregate.rollup`: each commune is a leaf
    reporting counts (1 commune, evaluated, recognised, and per criterion missing, at 0,
    points lost), summed at every level; the share is recomputed there from its numerator
    and denominator. Units come either from ``units`` (an evaluation file's parent
    mapping; rows in their order) or from ``hierarchy`` (a snapshot of
    :mod:`childprotect.units.registry`, whose leaves are communes; rows for the units above
    them that hold a commune of the input, with the number of communes each has as
    ``communes_total``).

    ``areas`` (with a hierarchy) maps an area's id (a plan's) to the units it is made of
    (:func:`childprotect.mainjob.area.plan_area`): an area of one unit keeps that unit's
    row even when the input has none of its communes; an area of several units gets a row
    of its own, coded by its id at the level :data:`AREA`.

    >>> from childprotect.communes.evaluation import CommuneCategory, Reason
    >>> low = (Reason(ReasonKind.BELOW_THRESHOLD, "total 800 is below 850"),)
    >>> def r(code, parent, ok):
    ...     return CommuneResult(code, code, parent, CommuneCategory.OTHER, 850,
    ...                          Decimal(900 if ok else 800), ok, () if ok else low, ())
    >>> u = [AreaUnit("P", "Tỉnh Mẫu", AdminLevel.PROVINCE),
    ...      AreaUnit("D1", "Huyện Một", AdminLevel.DISTRICT, "P"),
    ...      AreaUnit("D2", "Huyện Hai", AdminLevel.DISTRICT, "P")]
    >>> rows = shares([r("1", "D1", True), r("2", "D1", False), r("3", "D2", True)], u)
    >>> [(s.code, s.recognised, s.communes, str(s.ratio)) for s in rows]
    [('*', 2, 3, '2/3'), ('P', 2, 3, '2/3'), ('D1', 1, 2, '1/2'), ('D2', 1, 1, '1')]
    """
    from childprotect.rollup.aggregate import rollup
    from childprotect.rollup.measures import TOTAL

    results = tuple(results)
    if hierarchy is not None and units:
        raise ValidationError(Message("give either units or a hierarchy, not both"))
    ms = _measures()
    ill = any(r.illustrative for r in results)
    if hierarchy is None:
        h, stand_in = _file_hierarchy(units, results)
        recs = [_record(r, stand_in[r.code], period) for r in results]
        ro = rollup(recs, h, ms)
        _no_anomalies(ro)
        if areas:
            raise ValidationError(Message("areas are made of the units of a hierarchy: give "
                                          "one"))
        every = Message("all communes in the input")
        out = [_row(ro, [TOTAL], ALL, every, None, None, None, ill)]
        out += [_row(ro, [stand_in[u.code]], u.code, u.name, u.level.value, u.communes_total,
                     u.parent, ill) for u in units]
        return tuple(out)
    ro = rollup(records(results, period), hierarchy, ms)
    _no_anomalies(ro)
    # How many communes each unit has: its commune-level leaves (a district of the
    # hierarchy without communes listed is a leaf too, but not a commune).
    has: dict[str, int] = {TOTAL: 0}
    for leaf in hierarchy.leaves():
        if hierarchy.level(leaf).id == AdminLevel.COMMUNE.value:
            has[TOTAL] += 1
            for anc in hierarchy.chain(leaf):
                has[anc] = has.get(anc, 0) + 1
    regions = {k: sorted(set(v)) for k, v in (areas or {}).items()}
    keep = {codes[0] for codes in regions.values() if len(codes) == 1 and codes[0] in has}
    every = Message("all communes in the input")
    out = [_row(ro, [TOTAL], ALL, every, None, has[TOTAL], None, ill)]
    for lv in hierarchy.levels():
        for c in hierarchy.codes(lv):
            if c not in has or not (c in keep or ro.total(c, SHARE_DENOMINATOR)):
                continue  # a unit the input does not cover
            chain = hierarchy.chain(c)
            out.append(_row(ro, [c], c, hierarchy.unit(c).name_vi, lv, has[c],
                            chain[0] if chain else None, ill))
    for key, codes in regions.items():
        if len(codes) == 1 and codes[0] in has:
            continue
        total = sum(has.get(c, int(c in hierarchy and hierarchy.is_leaf(c) and hierarchy.level(
            c).id == AdminLevel.COMMUNE.value)) for c in codes)
        name = Message("the area of {key} ({count} units)", key=key, count=len(codes))
        out.append(_row(ro, [c for c in codes if c in hierarchy], key, name, AREA, total, None,
                        ill))
    return tuple(out)


def _no_anomalies(ro: Rollup) -> None:
    bad = [a for a in ro.anomalies if a.severity is Severity.ERROR]
    if bad:
        raise ValidationError(Message("{problems}", problems="; ".join(
            f"{a.shown()}: {a.explain()}" for a in bad)))


class AssessmentStatus(enum.Enum):
    """The verdict of one unit's share on a target."""

    MET = "met"
    NOT_MET = "not-met"
    INSUFFICIENT_DATA = "insufficient-data"  # too few of the unit's communes in the input
    NO_COMMUNES = "no-communes"  # none of the unit's communes in the input


@attrs.frozen
class TargetAssessment:
    """One unit's share against one target, and why there is no verdict when there is
    none (``remarks``, in the reader's language where they are shown)."""

    target: ShareTarget
    share: UnitShare
    met: bool | None  # None: no verdict (see status)
    remarks: tuple[Message, ...] = ()

    @property
    def status(self) -> AssessmentStatus:
        if self.met is not None:
            return AssessmentStatus.MET if self.met else AssessmentStatus.NOT_MET
        return (AssessmentStatus.NO_COMMUNES if not self.share.communes
                else AssessmentStatus.INSUFFICIENT_DATA)

    @property
    def note(self) -> str | None:
        """The remarks in the current language, joined; None when there are none."""
        return "; ".join(m.text() for m in self.remarks) or None


#: The words of the levels in the remarks (the level codes are machine values).
def assess(rows: Sequence[UnitShare], target: ShareTarget, *,
           min_coverage: Fraction = DEFAULT_MIN_COVERAGE,
           area: Iterable[str] | None = None) -> tuple[TargetAssessment, ...]:
    """The target assessed for every unit of its level, or, with ``area`` (the codes of
    the target's own area, or its :data:`AREA` row's code), for the rows of that area; if
    there is none, for all the communes of the input, with a remark saying so.

    A share is judged only when the input holds at least ``min_coverage`` of the unit's
    communes (``communes_total``, when known): the same rule as the plans' minimum
    coverage. Below it, or with none of its communes, there is no verdict (``met`` None),
    never a verdict on the few communes given.
    """
    value: object = min_coverage
    if isinstance(value, bool) or not isinstance(value, (int, Fraction)) or not (
            0 <= value <= 1):
        raise ValidationError(Message(
            "min_coverage must be an exact share between 0 and 1 (a Fraction such as "
            "Fraction(4, 5)), got {value}", value=repr(min_coverage)))
    codes = set(area) if area is not None else None
    at_level = [s for s in rows if (s.code in codes if codes is not None
                                    else s.level == target.level.value)]
    common: list[Message] = []
    if not at_level:
        at_level = [s for s in rows if s.code == ALL]
        common.append(Message("the input has no unit at the {level} level; assessed over all "
                              "communes of the input",
                              level=level_name(target.level)))
    return tuple(_assess_one(s, target, Fraction(min_coverage), common) for s in at_level)


def _assess_one(s: UnitShare, target: ShareTarget, minimum: Fraction,
                common: list[Message]) -> TargetAssessment:
    from childprotect.i18n import Pct

    remarks = list(common)
    coverage = s.coverage
    if s.ratio is None:
        remarks.append(Message("the input has none of the unit's communes"))
        return TargetAssessment(target, s, None, tuple(remarks))
    if coverage is not None and coverage < minimum:
        remarks.append(Message(
            "only {count} of the unit's {total} communes are in the input ({coverage}), below "
            "the minimum coverage of {minimum}: too few to judge the target", count=s.communes,
            total=s.communes_total, coverage=Pct(coverage, 1), minimum=Pct(minimum, None)))
        return TargetAssessment(target, s, None, tuple(remarks))
    if s.missing_from_file:
        remarks.append(Message(
            "{missing} of the unit's {total} communes are not in the input and are not "
            "counted", missing=s.missing_from_file, total=s.communes_total))
    elif s.communes_total is None:
        remarks.append(Message("how many communes the unit has is not given: the share is "
                               "over the {count} communes in the input", count=s.communes))
    return TargetAssessment(target, s, target.met(s.ratio), tuple(remarks))

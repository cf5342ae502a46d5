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
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from childprotect.agencies.matrix import Plan as MatrixPlan
from childprotect.agencies.matrix import agencies_of, resolve_matrix
from childprotect.agencies.registry import agency_name
from childprotect.communes import criteria as _criteria
from childprotect.communes.evaluation import AreaUnit, CommuneResult, ReasonKind
from childprotect.data import Fields, build, load_file, read_json
from childprotect.documents.anomalies import Severity
from childprotect.documents.document import AdminLevel
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
    "SHARE_DENOMINATOR",
    "SHARE_NUMERATOR",
    "ActionOwner",
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
    name: str
    level: str | None  # a level id (``province``, ``district`` …); None for ALL
    communes: int  # communes listed under the unit
    evaluated: int  # of which evaluated at all
    recognised: int
    failures: tuple[CriterionFailures, ...] = ()
    communes_total: int | None = None  # as the file declares, with its source
    parent: str | None = None
    illustrative: bool = False  # some result was scored with illustrative values

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


def _failures(ro: Rollup, code: str) -> tuple[CriterionFailures, ...]:
    ids = _criteria.standard().ids

    def n(measure: str) -> int:
        v = ro.total(code, measure)
        return 0 if v is None else int(v)

    rows = []
    for c in ids:
        lost = ro.total(code, f"lost:{c}")
        lost_d = Decimal(0) if lost is None else (
            Decimal(lost.numerator) / Decimal(lost.denominator) if isinstance(lost, Fraction)
            else Decimal(lost))
        rows.append(CriterionFailures(c, n(f"missing:{c}"), n(f"zero:{c}"), lost_d))
    order = {c: i for i, c in enumerate(ids)}
    return tuple(sorted(rows, key=lambda f: (-f.failing, -f.points_lost, order[f.criterion])))


def _row(ro: Rollup, code: str, out_code: str, name: str, level: str | None,
         total: int | None, parent: str | None, illustrative: bool) -> UnitShare:
    def n(measure: str) -> int:
        v = ro.total(code, measure)
        return 0 if v is None else int(v)

    return UnitShare(out_code, name, level, n(SHARE_DENOMINATOR), n(_EVALUATED),
                     n(SHARE_NUMERATOR),
                     _failures(ro, code), total, parent, illustrative)


def shares(results: Iterable[CommuneResult], units: Sequence[AreaUnit] = (), *,
           hierarchy: Hierarchy | None = None, period: str = "round"
           ) -> tuple[UnitShare, ...]:
    """The share of every unit, and first a row :data:`ALL` for every commune given.

    The figures come from :func:`childprotect.rollup.aggregate.rollup`: each commune is a leaf
    reporting counts (1 commune, evaluated, recognised, and per criterion missing, at 0,
    points lost), summed at every level; the share is recomputed there from its numerator
    and denominator. Units come either from ``units`` (an evaluation file's parent
    mapping; rows in their order) or from ``hierarchy`` (a snapshot of
    :mod:`childprotect.units.registry`, whose leaves are communes; rows for every unit above them,
    with the number of communes each has as ``communes_total``).

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
        every = Message("all communes in the input").text()
        out = [_row(ro, TOTAL, ALL, every, None, None, None, ill)]
        out += [_row(ro, stand_in[u.code], u.code, u.name, u.level.value, u.communes_total,
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
    every = Message("all communes in the input").text()
    out = [_row(ro, TOTAL, ALL, every, None, has[TOTAL], None, ill)]
    for lv in hierarchy.levels():
        for c in hierarchy.codes(lv):
            if c not in has:
                continue
            chain = hierarchy.chain(c)
            out.append(_row(ro, c, c, hierarchy.unit(c).name_vi, lv, has[c],
                            chain[0] if chain else None, ill))
    return tuple(out)


def _no_anomalies(ro: Rollup) -> None:
    bad = [a for a in ro.anomalies if a.severity is Severity.ERROR]
    if bad:
        raise ValidationError(Message("{problems}", problems="; ".join(
            f"{a.text}: {a.explain()}" for a in bad)))


@attrs.frozen
class TargetAssessment:
    """One unit's share against one target."""

    target: ShareTarget
    share: UnitShare
    met: bool | None  # None: the unit has no communes
    note: str | None = None


def assess(rows: Sequence[UnitShare], target: ShareTarget) -> tuple[TargetAssessment, ...]:
    """The target assessed for every unit of its level; if the input has no unit of that
    level, for all the communes of the input, with a note saying so."""
    at_level = [s for s in rows if s.level == target.level.value]
    note = None
    if not at_level:
        at_level = [s for s in rows if s.code == ALL]
        note = Message("the input has no unit at the {level} level; assessed over all "
                       "communes of the input", level=target.level.value).text()
    out = []
    for s in at_level:
        ratio = s.ratio
        n = note
        if s.missing_from_file:
            n = (f"{n}; " if n else "") + Message(
                "{missing} of the unit's {total} communes are not in the input and are not "
                "counted", missing=s.missing_from_file, total=s.communes_total).text()
        out.append(TargetAssessment(target, s, None if ratio is None else target.met(ratio), n))
    return tuple(out)


# --- who must act on the failing criteria ------------------------------------------------------


@attrs.frozen
class ActionOwner:
    """An agency a plan's responsibility matrix gives a role on a criterion.

    ``agency_vi``, ``role``, ``verb_vi`` and ``where`` are as the plan states them; with a
    date, ``holders_vi`` names who holds that duty then (after the 2025 reorganisation),
    and ``unverified`` says the answer rests on an unverified step.
    """

    criterion: str
    agency: str
    agency_vi: str
    role: str
    verb_vi: str
    where: str
    holders_vi: tuple[str, ...] = ()
    unverified: bool = False


_ROLE_ORDER = ("lead", "guide", "coordinate", "implement", "requested")


def who_must_act(plan: MatrixPlan, criteria: Iterable[str], on: dt.date | None = None
                 ) -> tuple[ActionOwner, ...]:
    """The agencies the plan's matrix names for each criterion, lead first.

    Uses :func:`childprotect.agencies.matrix.agencies_of`, and
    :func:`childprotect.agencies.matrix.resolve_matrix`
    for who holds each duty ``on`` a date.

    >>> from childprotect.formats import catalog
    >>> bk = catalog.load("bac-kan-352-2019")
    >>> [(o.agency, o.role) for o in who_must_act(bk, ["TC8"])]
    [('so-y-te', 'lead'), ('so-ldtbxh', 'coordinate')]
    >>> [o.holders_vi for o in who_must_act(bk, ["TC3"], on=dt.date(2026, 1, 1))]
    [('Sở Y tế tỉnh Thái Nguyên',)]
    """
    resolved = {r.assignment: r for r in resolve_matrix(plan, on)} if on is not None else {}
    out: list[ActionOwner] = []
    for item in criteria:
        cid = _criteria.standard().criterion(item).id
        found = sorted(agencies_of(plan, cid), key=lambda a: (
            _ROLE_ORDER.index(a.role.value) if a.role.value in _ROLE_ORDER else 99, a.agency))
        for a in found:
            r = resolved.get(a)
            out.append(ActionOwner(
                cid, a.agency, a.agency_vi, a.role.value, a.verb_vi, a.where,
                tuple(agency_name(h) for h in r.holding.holders) if r else (),
                bool(r and r.holding.unverified)))
    return tuple(out)

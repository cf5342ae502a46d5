"""Point tables for the child-friendly commune criteria, and scoring one commune.

Quyết định 06/QĐ-TTg, Quy định, Điều 2 khoản 2 gives each criterion a point scale, some
with sub-items. The official table was not found, so a table is data a user loads. Each
value carries a :class:`ValueStatus` and a source:

* ``qd-06-2019-reported`` (bundled, partial): what secondary sources report — TC1 = 100
  points with its sub-items, TC6 up to 125, TC7 up to 50;
* ``qd-06-2019-illustrative`` (bundled, complete): the reported values plus made-up
  maxima for the other ten criteria, for examples and tests only. Anything scored with it
  says so (:attr:`ScoringTable.illustrative_values`).

>>> t = load_table("qd-06-2019-reported")
>>> t.complete, t.scale("TC1").max_points, [s.max_points for s in t.scale("TC1").sub_items]
(False, 100, [50, 15, 15, 20])
>>> t.scale("TC1").sub_items[3].status
<ValueStatus.INFERRED: 'inferred'>
>>> full = load_table("qd-06-2019-illustrative")
>>> full.complete, full.max_total, full.illustrative_values[:3]
(True, 1000, ('TC2', 'TC3', 'TC4'))

Sub-items must add up to their criterion's maximum:

>>> CriterionScale("TC7", 50, ValueStatus.ILLUSTRATIVE, "example",
...                (SubItem("TC7.1", 30, ValueStatus.ILLUSTRATIVE, "example"),))
Traceback (most recent call last):
...
childprotect.communes.scoring.InvalidScoringTable: TC7: the sub-items add up to 30 points, but ...
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import attrs

from childprotect.communes import criteria as _criteria
from childprotect.data import Fields, build, load_file, names, parse_json, read_text
from childprotect.errors import ChildProtectError, InvalidPlanFile, UnknownName, ValidationError
from childprotect.i18n import Message
from childprotect.text.vntext import nfc

__all__ = [
    "CriterionScale",
    "CriterionScore",
    "DeclaredTotal",
    "InvalidEvaluation",
    "InvalidScoringTable",
    "ScoringTable",
    "SubItem",
    "ValueStatus",
    "load_table",
    "score_criteria",
    "table_ids",
]

_DIR = "criteria"
_PREFIX = "scoring-"
_SUB_ID = re.compile(r"(TC[0-9]+)\.([0-9]+)")


class InvalidScoringTable(ValidationError):
    """A point table that contradicts itself (sub-items, totals, unknown criteria)."""


class InvalidEvaluation(ValidationError):
    """Commune evaluations that cannot be scored; ``problems`` has one line per fault,
    each naming the commune and the criterion."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(Message("invalid commune evaluations in {source}:",
                                 source=source).text() + "\n" + lines)


class ValueStatus(enum.Enum):
    """How much a point value can be trusted."""

    OFFICIAL = "official"  # read in an official copy of the point table
    REPORTED = "reported"  # stated by the secondary sources cited; wording unverified
    INFERRED = "inferred"  # derived from reported values (e.g. by subtraction); unverified
    ILLUSTRATIVE = "illustrative"  # made up for examples and tests: not law

    @property
    def word(self) -> Message:
        """The status in words, in the reader's language where it is shown."""
        return {ValueStatus.OFFICIAL: Message("official", context="value status"),
                ValueStatus.REPORTED: Message("reported", context="value status"),
                ValueStatus.INFERRED: Message("inferred", context="value status"),
                ValueStatus.ILLUSTRATIVE: Message("illustrative", context="value status")}[self]


def _positive(_inst: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or value <= 0:
        raise InvalidScoringTable(Message("{field} must be a positive whole number, got {value}",
                                          field=attribute.name, value=repr(value)))


def _text(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidScoringTable(Message("{field}: must be a non-empty text, got {value}",
                                          field=attribute.name, value=repr(value)))


def _opt_nfc(value: str | None) -> str | None:
    return None if value is None else nfc(value)


@attrs.frozen
class SubItem:
    """A scored part of a criterion (``TC1.1`` … ``TC1.4``), with its points and source.

    ``text_vi`` is the verbatim Vietnamese wording when the source gives it;
    ``summary_vi`` a Vietnamese rendering of ``text_en`` when the source gives no wording
    (a paraphrase, never the text's own words). ``note_vi`` is ``note`` in Vietnamese.
    """

    id: str
    max_points: int = attrs.field(validator=_positive)
    status: ValueStatus
    source: str = attrs.field(validator=_text)
    text_vi: str | None = attrs.field(default=None, converter=_opt_nfc)
    text_en: str | None = None
    note: str | None = None
    summary_vi: str | None = attrs.field(default=None, converter=_opt_nfc)
    note_vi: str | None = attrs.field(default=None, converter=_opt_nfc)

    def __attrs_post_init__(self) -> None:
        if _SUB_ID.fullmatch(self.id) is None:
            raise InvalidScoringTable(
                Message("sub-item id {id} must be the criterion id, a dot and a number ('TC1.2')",
                        id=repr(self.id))
            )


@attrs.frozen
class CriterionScale:
    """The maximum points of one criterion, and its sub-items if the table has them
    (``source_vi`` and ``note_vi``: ``source`` and ``note`` in Vietnamese)."""

    criterion: str
    max_points: int = attrs.field(validator=_positive)
    status: ValueStatus
    source: str = attrs.field(validator=_text)
    sub_items: tuple[SubItem, ...] = ()
    note: str | None = None
    source_vi: str | None = attrs.field(default=None, converter=_opt_nfc)
    note_vi: str | None = attrs.field(default=None, converter=_opt_nfc)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for s in self.sub_items:
            owner = s.id.split(".", 1)[0]
            if owner != self.criterion:
                raise InvalidScoringTable(
                    Message("{criterion}: sub-item {id} belongs to {owner}, not {criterion}",
                            criterion=self.criterion, id=repr(s.id), owner=owner)
                )
            if s.id in seen:
                raise InvalidScoringTable(Message("{criterion}: duplicate sub-item {id}",
                                                  criterion=self.criterion, id=repr(s.id)))
            seen.add(s.id)
        if self.sub_items:
            total = sum(s.max_points for s in self.sub_items)
            if total != self.max_points:
                raise InvalidScoringTable(
                    Message("{criterion}: the sub-items add up to {total} points, but the "
                            "criterion's maximum is {max_points}", criterion=self.criterion,
                            total=total, max_points=self.max_points)
                )

    def sub_item(self, sub_id: str) -> SubItem:
        """The sub-item with this id (``TC1.2``; ``2`` is accepted too)."""
        full = sub_id if "." in sub_id else f"{self.criterion}.{sub_id}"
        for s in self.sub_items:
            if s.id == full:
                return s
        raise UnknownName(Message("sub-item of {criterion}", criterion=self.criterion), sub_id,
                          [s.id for s in self.sub_items])

    @property
    def illustrative_values(self) -> tuple[str, ...]:
        """Ids whose value is illustrative: the criterion's own and its sub-items'."""
        own = (self.criterion,) if self.status is ValueStatus.ILLUSTRATIVE else ()
        return own + tuple(s.id for s in self.sub_items
                           if s.status is ValueStatus.ILLUSTRATIVE)


@attrs.frozen
class DeclaredTotal:
    """The table's maximum total, as the table's author states it, with its status."""

    points: int = attrs.field(validator=_positive)
    status: ValueStatus
    source: str = attrs.field(validator=_text)
    source_vi: str | None = attrs.field(default=None, converter=_opt_nfc)


@attrs.frozen
class ScoringTable:
    """A point table for the criteria of one standard (by default Quyết định 06/QĐ-TTg).

    ``based_on`` lists the tables this one was extended from (the ``extends`` key of a
    table file); their criteria are part of ``criteria``.
    """

    id: str
    title_en: str
    standard: str
    clause: str
    criteria: tuple[CriterionScale, ...]
    total: DeclaredTotal | None = None
    based_on: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    title_vi: str | None = attrs.field(default=None, converter=_opt_nfc)
    notes_vi: tuple[str, ...] = ()
    _by_id: dict[str, CriterionScale] = attrs.field(init=False, eq=False, repr=False)
    _cache: dict[str, tuple[str, ...]] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {c.criterion: c for c in self.criteria})
        object.__setattr__(self, "_cache", {})
        _criteria.parallel_texts(self.notes, self.notes_vi, f"scoring table {self.id}, notes_vi")
        std = _criteria.standard()
        if self.standard != std.id:
            raise InvalidScoringTable(
                Message("scoring table {id}: unknown standard {standard} (known: {id2})",
                        id=repr(self.id), standard=repr(self.standard), id2=repr(std.id))
            )
        seen: set[str] = set()
        for c in self.criteria:
            if c.criterion not in std.ids:
                raise InvalidScoringTable(
                    Message("scoring table {id}: unknown criterion {criterion} (the standard "
                            "has {ids} … {ids2})", id=repr(self.id), criterion=repr(c.criterion),
                            ids=std.ids[0], ids2=std.ids[-1])
                )
            if c.criterion in seen:
                raise InvalidScoringTable(
                    Message("scoring table {id}: criterion {criterion} is given twice",
                            id=repr(self.id), criterion=c.criterion)
                )
            seen.add(c.criterion)
        if self.total is not None:
            s = sum(c.max_points for c in self.criteria)
            if self.complete and s != self.total.points:
                raise InvalidScoringTable(
                    Message("scoring table {id}: the criteria add up to {s} points, but the "
                            "table declares a total of {points}", id=repr(self.id), s=s,
                            points=self.total.points)
                )
            if s > self.total.points:
                raise InvalidScoringTable(
                    Message("scoring table {id}: the criteria given already add up to {s} "
                            "points, above the declared total of {points}", id=repr(self.id), s=s,
                            points=self.total.points)
                )

    @property
    def missing(self) -> tuple[str, ...]:
        """Criteria of the standard that this table has no scale for."""
        got = self._cache.get("missing")
        if got is None:
            got = self._cache["missing"] = tuple(
                i for i in _criteria.standard().ids if i not in self._by_id)
        return got

    @property
    def complete(self) -> bool:
        """Whether every criterion of the standard has a scale (needed to score)."""
        return not self.missing

    @property
    def max_total(self) -> int:
        """The sum of the criteria's maxima."""
        return sum(c.max_points for c in self.criteria)

    @property
    def illustrative_values(self) -> tuple[str, ...]:
        """Ids (criteria and sub-items) whose values are illustrative, in criterion order."""
        got = self._cache.get("illustrative")
        if got is not None:
            return got
        out: list[str] = []
        for c in self.ordered():
            out.extend(c.illustrative_values)
        if self.total is not None and self.total.status is ValueStatus.ILLUSTRATIVE:
            out.append("total")
        got = self._cache["illustrative"] = tuple(out)
        return got

    @property
    def is_illustrative(self) -> bool:
        """Whether any value of the table is illustrative (then so is every result using it)."""
        return bool(self.illustrative_values)

    def ordered(self) -> tuple[CriterionScale, ...]:
        """The scales in criterion order (TC1, TC2, …)."""
        order = {cid: i for i, cid in enumerate(_criteria.standard().ids)}
        return tuple(sorted(self.criteria, key=lambda c: order[c.criterion]))

    def scale(self, key: str | int) -> CriterionScale:
        """The scale of a criterion (any key that
        :func:`childprotect.communes.criteria.criterion` takes)."""
        found = self._by_id.get(key) if type(key) is str else None
        if found is not None:
            return found
        cid = _criteria.standard().criterion(key).id
        if cid in self._by_id:
            return self._by_id[cid]
        raise UnknownName(Message("criterion in scoring table {id}", id=repr(self.id)), str(key),
                          [c.criterion for c in self.ordered()])


# --- loading -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def table_ids() -> tuple[str, ...]:
    """The ids of the bundled scoring tables.

    >>> table_ids()
    ('qd-06-2019-illustrative', 'qd-06-2019-reported')
    """
    return tuple(n[len(_PREFIX):] for n in names(_DIR) if n.startswith(_PREFIX))


def _read(id_or_path: str | Path) -> tuple[dict[str, Any], str]:
    if isinstance(id_or_path, str) and id_or_path in table_ids():
        name = f"{_DIR}/{_PREFIX}{id_or_path}.json"
        where = f"data/{name}"
        data = parse_json(read_text(name), where)
    else:
        p = Path(id_or_path)
        if not p.is_file():
            raise UnknownName("scoring table (bundled id or file)", str(id_or_path),
                              table_ids())
        where = str(p)
        data = load_file(p)
    if not isinstance(data, dict):
        raise InvalidPlanFile(where, ["expected an object @ $"])
    return data, where


def load_table(id_or_path: str | Path) -> ScoringTable:
    """A bundled scoring table by id (see :func:`table_ids`), or a table file by path.

    A table file may name another table in ``"extends"`` (a bundled id, or a path
    relative to the file); its criteria are added, and must not be repeated.
    """
    if isinstance(id_or_path, str) and id_or_path in table_ids():
        return _bundled_table(id_or_path)
    return _load_table(id_or_path, ())


@lru_cache(maxsize=8)
def _bundled_table(table_id: str) -> ScoringTable:
    return _load_table(table_id, ())


def _scale(f: Fields) -> CriterionScale:
    return CriterionScale(
        criterion=f.text("criterion"), max_points=f.integer("max_points"),
        status=f.choice("status", ValueStatus), source=f.text("source"),
        sub_items=f.objects("sub_items", lambda g: SubItem(
            id=g.text("id"), max_points=g.integer("max_points"),
            status=g.choice("status", ValueStatus), source=g.text("source"),
            text_vi=g.optional_text("text_vi"), text_en=g.optional_text("text_en"),
            note=g.optional_text("note"), summary_vi=g.optional_text("summary_vi"),
            note_vi=g.optional_text("note_vi"))),
        note=f.optional_text("note"), source_vi=f.optional_text("source_vi"),
        note_vi=f.optional_text("note_vi"))


def table_of(value: object, source: str = "<scoring table>",
             base: ScoringTable | None = None) -> ScoringTable:
    """A scoring table from plain data in the bundled form (without ``extends``); with
    ``base``, the table extends it: its criteria come after the base's."""

    def make(f: Fields) -> ScoringTable:
        ident, title, standard = f.text("id"), f.text("title_en"), f.text("standard")
        clause, criteria = f.text("clause"), f.objects("criteria", _scale)
        total = f.nested("total", lambda g: DeclaredTotal(
            points=g.integer("points"), status=g.choice("status", ValueStatus),
            source=g.text("source"), source_vi=g.optional_text("source_vi")), optional=True)
        based_on, notes = f.texts("based_on"), f.texts("notes")
        if base is not None:
            criteria = (*base.criteria, *criteria)
            based_on = (*base.based_on, base.id)
        return ScoringTable(id=ident, title_en=title, standard=standard, clause=clause,
                            criteria=criteria, total=total, based_on=based_on, notes=notes,
                            title_vi=f.optional_text("title_vi"), notes_vi=f.texts("notes_vi"))

    return build(value, source, make)


def _load_table(id_or_path: str | Path, _chain: tuple[str, ...]) -> ScoringTable:
    data, where = _read(id_or_path)
    if where in _chain:
        raise InvalidScoringTable(Message("scoring table {where}: 'extends' loops back to itself",
                                          where=where))
    base_ref = data.pop("extends", None)
    if base_ref is None:
        return table_of(data, where)
    if not isinstance(base_ref, str):
        raise InvalidPlanFile(where, [f"expected a table id or path, got {base_ref!r} "
                                      "@ $.extends"])
    if base_ref not in table_ids() and not where.startswith("data/"):
        candidate = Path(where).parent / base_ref
        base_ref = str(candidate) if candidate.is_file() else base_ref
    return table_of(data, where, _load_table(base_ref, (*_chain, where)))


# --- scoring a commune ---------------------------------------------------------------------


@attrs.frozen
class CriterionScore:
    """The points one commune got on one criterion (and on its sub-items, when given)."""

    criterion: str
    points: Decimal
    max_points: int
    sub_items: tuple[tuple[str, Decimal], ...] = ()

    @property
    def lost(self) -> Decimal:
        """Points short of the criterion's maximum."""
        return Decimal(self.max_points) - self.points


def _check_points(value: object, limit: int, who: str, what: str,
                  problems: list[str]) -> Decimal | None:
    if type(value) is not Decimal or not value.is_finite():
        problems.append(Message("{who}, {what}: points must be a number, got {value}", who=who,
                                what=what, value=repr(value)).text())
        return None
    if value < 0:
        problems.append(Message("{who}, {what}: {value} points is negative", who=who, what=what,
                                value=value).text())
        return None
    if value > limit:
        problems.append(Message("{who}, {what}: {value} points is above the maximum of {limit}",
                                who=who, what=what, value=value, limit=limit).text())
        return None
    return value


def score_criteria(
    table: ScoringTable,
    points: Mapping[str, Decimal],
    sub_items: Mapping[str, Mapping[str, Decimal]],
    who: str,
    problems: list[str],
) -> tuple[CriterionScore, ...]:
    """Check one commune's points against ``table`` and return its scores in criterion order.

    ``points`` maps criterion keys (``TC6``, ``Tiêu chí 6`` …) to points; ``sub_items`` maps
    criterion keys to sub-item points, whose sum is then the criterion's points. Every fault
    is appended to ``problems`` as one line starting with ``who`` and naming the criterion;
    criteria with a fault are left out of the result.

    >>> t = load_table("qd-06-2019-illustrative")
    >>> problems: list[str] = []
    >>> s = score_criteria(t, {"TC6": Decimal(130), "tc14": Decimal(1)}, {}, "commune X", problems)
    >>> for p in problems:
    ...     print(p)
    commune X, TC6: 130 points is above the maximum of 125
    commune X, criterion 'tc14': unknown criterion (the standard has TC1 … TC13)
    """
    std = _criteria.standard()
    if not table.complete:
        raise InvalidScoringTable(
            Message("scoring table {id} has no scale for {join}: load a complete table to score "
                    "communes", id=repr(table.id), join=', '.join(table.missing))
        )
    resolved: dict[str, Decimal] = {}
    subs: dict[str, tuple[tuple[str, Decimal], ...]] = {}
    keys: dict[str, str] = {}

    def resolve(key: str) -> str | None:
        try:
            cid = std.criterion(key).id
        except ChildProtectError:
            problems.append(Message("{who}, criterion {key}: unknown criterion (the standard "
                                    "has {ids} … {ids2})", who=who, key=repr(key), ids=std.ids[0],
                                    ids2=std.ids[-1]).text())
            return None
        if cid in keys and keys[cid] != key:
            problems.append(Message("{who}, {cid}: given twice (as {keys} and {key})", who=who,
                                    cid=cid, keys=repr(keys[cid]), key=repr(key)).text())
            return None
        keys[cid] = key
        return cid

    for key, value in points.items():
        cid = resolve(key)
        if cid is None:
            continue
        ok = _check_points(value, table.scale(cid).max_points, who, cid, problems)
        if ok is not None:
            resolved[cid] = ok
    sub_keys: set[str] = set()
    for key, parts in sub_items.items():
        try:
            cid = std.criterion(key).id
        except ChildProtectError:
            problems.append(Message("{who}, criterion {key}: unknown criterion (the standard "
                                    "has {ids} … {ids2})", who=who, key=repr(key), ids=std.ids[0],
                                    ids2=std.ids[-1]).text())
            continue
        if cid in sub_keys:
            problems.append(Message("{who}, {cid}: sub-items given twice", who=who, cid=cid).text())
            resolved.pop(cid, None)
            continue
        sub_keys.add(cid)
        scale = table.scale(cid)
        if not scale.sub_items:
            problems.append(Message("{who}, {cid}: the scoring table {id} has no sub-items for "
                                    "this criterion; give its points only", who=who, cid=cid,
                                    id=repr(table.id)).text())
            continue
        got: list[tuple[str, Decimal]] = []
        bad = False
        for sub_key, value in parts.items():
            try:
                item = scale.sub_item(sub_key)
            except UnknownName:
                problems.append(Message("{who}, {cid}: unknown sub-item {sub_key} (known: "
                                        "{join})", who=who, cid=cid, sub_key=repr(sub_key),
                                        join=', '.join(s.id for s in scale.sub_items)).text())
                bad = True
                continue
            if any(i == item.id for i, _ in got):
                problems.append(Message("{who}, {id}: given twice", who=who, id=item.id).text())
                bad = True
                continue
            ok = _check_points(value, item.max_points, who, item.id, problems)
            if ok is None:
                bad = True
            else:
                got.append((item.id, ok))
        absent = [s.id for s in scale.sub_items if all(i != s.id for i, _ in got)]
        if absent and not bad:
            problems.append(Message("{who}, {cid}: sub-item(s) {join} not given (give every "
                                    "sub-item, 0 where none were earned)", who=who, cid=cid,
                                    join=', '.join(absent)).text())
            bad = True
        if bad:
            resolved.pop(cid, None)
            continue
        total = sum((v for _, v in got), Decimal(0))
        if cid in resolved and resolved[cid] != total:
            problems.append(Message("{who}, {cid}: points {resolved} disagree with the sum of "
                                    "its sub-items, {total}", who=who, cid=cid,
                                    resolved=resolved[cid], total=total).text())
            resolved.pop(cid)
            continue
        resolved[cid] = total
        subs[cid] = tuple(sorted(got, key=lambda p: int(p[0].rsplit(".", 1)[1])))
    return tuple(
        CriterionScore(cid, resolved[cid], table.scale(cid).max_points, subs.get(cid, ()))
        for cid in std.ids if cid in resolved
    )

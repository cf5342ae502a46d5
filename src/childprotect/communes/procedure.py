"""Who evaluates child-friendly communes, who decides, and when: dated rules.

Quyết định 06/QĐ-TTg, Quy định, Điều 4 (timing and procedure) was not found. What the
sources give is data (``data/criteria/qd-06-2019-procedure.json``), each holder with its
status: before 1 July 2025 the commune self-assesses and the district appraises and
decides (all *unverified*, from indirect evidence); after that date, when the district
level no longer exists, every holder is *not found* and must be configured with a
procedure file (:func:`load_procedure`) rather than guessed. The timing (November of years
2 and 4 of each five-year socio-economic plan) is *reported* by a 2024 ministry statement.

>>> import datetime as dt
>>> [(r.role.value, r.holder_vi) for r in procedure().on(dt.date(2024, 11, 15)).roles][2]
('decide', 'Chủ tịch Ủy ban nhân dân cấp huyện')
>>> procedure().on(dt.date(2026, 1, 1)).roles[2].status
<RuleStatus.NOT_FOUND: 'not-found'>
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from functools import lru_cache
from pathlib import Path

import attrs

from childprotect.data import build, load_file, read_json
from childprotect.documents.levels import AdminLevel
from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.text.dates import PartialDate
from childprotect.text.validators import non_empty_text

__all__ = [
    "Procedure",
    "ProcedurePeriod",
    "ProcedureRole",
    "Role",
    "RuleStatus",
    "Timing",
    "load_procedure",
    "procedure",
]

_DIR = "criteria"


class Role(enum.Enum):
    """A step of the evaluation (QĐ 06, Quy định, Điều 4 — text not found)."""

    SELF_ASSESS = "self-assess"  # tự đánh giá
    APPRAISE = "appraise"  # thẩm định
    DECIDE = "decide"  # quyết định công nhận


class RuleStatus(enum.Enum):
    """How well a procedural fact is established."""

    OFFICIAL = "official"  # read in the official text
    REPORTED = "reported"  # a named secondary source states it
    UNVERIFIED = "unverified"  # indirect evidence only
    NOT_FOUND = "not-found"  # the sources do not say: configure it


@attrs.frozen
class ProcedureRole:
    """Who holds one step of the evaluation in a period; ``holder_vi`` is None if not found
    (``source_vi``: ``source`` in Vietnamese)."""

    role: Role
    status: RuleStatus
    source: str = attrs.field(validator=non_empty_text)
    holder_vi: str | None = None
    holder_en: str | None = None
    level: AdminLevel | None = None
    source_vi: str | None = None

    def __attrs_post_init__(self) -> None:
        if (self.holder_vi is None) != (self.status is RuleStatus.NOT_FOUND):
            raise ValidationError(
                Message("procedure role {role}: a holder must be given unless the status is "
                        "'not-found', and only then left out (status {status}, holder "
                        "{holder_vi})", role=repr(self.role.value),
                        status=repr(self.status.value), holder_vi=repr(self.holder_vi))
            )


@attrs.frozen
class ProcedurePeriod:
    """The holders of the steps between two dates (``valid_until`` inclusive, or open)."""

    valid_from: dt.date
    roles: tuple[ProcedureRole, ...]
    valid_until: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValidationError(
                Message("procedure period from {valid_from} ends before it starts "
                        "({valid_until})", valid_from=self.valid_from,
                        valid_until=self.valid_until)
            )
        got = [r.role for r in self.roles]
        if sorted(got, key=lambda r: r.value) != sorted(Role, key=lambda r: r.value):
            raise ValidationError(
                Message("procedure period from {valid_from}: every role ({join}) must appear "
                        "once", valid_from=self.valid_from, join=', '.join(r.value for r in Role))
            )

    def covers(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)

    def role(self, role: Role) -> ProcedureRole:
        return next(r for r in self.roles if r.role is role)


@attrs.frozen
class Timing:
    """When evaluations take place: a month of given years of a multi-year plan period."""

    month: int
    plan_years: tuple[int, ...]
    plan_length: int
    status: RuleStatus
    text: str
    source: str = attrs.field(validator=non_empty_text)
    source_vi: str | None = None

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValidationError(Message("timing: month {month} is out of range",
                                          month=self.month))
        bad = [y for y in self.plan_years if not 1 <= y <= self.plan_length]
        if bad:
            raise ValidationError(
                Message("timing: plan year(s) {bad} outside a {plan_length}-year plan", bad=bad,
                        plan_length=self.plan_length)
            )

    def rounds(self, plan_start: int) -> tuple[PartialDate, ...]:
        """The evaluation rounds of the plan period starting in ``plan_start``.

        >>> procedure().timing.rounds(2021)
        (PartialDate(year=2022, month=11, day=None), PartialDate(year=2024, month=11, day=None))
        """
        return tuple(PartialDate(plan_start + y - 1, self.month) for y in self.plan_years)


@attrs.frozen
class Procedure:
    """The dated procedure of evaluation and recognition."""

    id: str
    document: str
    clause: str
    timing: Timing
    periods: tuple[ProcedurePeriod, ...]
    notes: tuple[str, ...] = ()
    clause_vi: str | None = None
    notes_vi: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        from childprotect.communes.criteria import parallel_texts

        parallel_texts(self.notes, self.notes_vi, f"procedure {self.id}, notes_vi")
        ps = sorted(self.periods, key=lambda p: p.valid_from)
        for a, b in itertools.pairwise(ps):
            if a.valid_until is None or a.valid_until >= b.valid_from:
                raise ValidationError(
                    Message("procedure {id}: the periods from {valid_from} and {valid_from2} "
                            "overlap", id=repr(self.id), valid_from=a.valid_from,
                            valid_from2=b.valid_from)
                )

    def on(self, day: dt.date) -> ProcedurePeriod:
        """The period in force on ``day``.

        >>> try:
        ...     procedure().on(dt.date(2018, 12, 31))
        ... except ValidationError as exc:
        ...     print(str(exc).split(" (")[1])
        06/QĐ-TTg applies from 2019-01-03)
        """
        for p in self.periods:
            if p.covers(day):
                return p
        first = min(p.valid_from for p in self.periods)
        raise ValidationError(
            Message("procedure {id} has no rule for {day} ({document} applies from "
                    "{day2})", id=repr(self.id), day=day,
                    document=self.document, day2=first)
        )


def procedure_of(value: object, source: str = "<procedure>") -> Procedure:
    """A procedure from plain data in the bundled form."""
    return build(value, source, lambda f: Procedure(
        id=f.text("id"), document=f.text("document"), clause=f.text("clause"),
        timing=f.nested("timing", lambda g: Timing(
            month=g.integer("month"), plan_years=g.integers("plan_years"),
            plan_length=g.integer("plan_length"), status=g.choice("status", RuleStatus),
            text=g.text("text"), source=g.text("source"),
            source_vi=g.optional_text("source_vi"))),
        periods=f.objects("periods", lambda g: ProcedurePeriod(
            valid_from=g.date("valid_from"),
            roles=g.objects("roles", lambda r: ProcedureRole(
                role=r.choice("role", Role), status=r.choice("status", RuleStatus),
                source=r.text("source"), holder_vi=r.optional_text("holder_vi"),
                holder_en=r.optional_text("holder_en"),
                level=r.optional_choice("level", AdminLevel),
                source_vi=r.optional_text("source_vi"))),
            valid_until=g.date("valid_until", optional=True))),
        notes=f.texts("notes"), clause_vi=f.optional_text("clause_vi"),
        notes_vi=f.texts("notes_vi"),
    ))


@lru_cache(maxsize=1)
def procedure() -> Procedure:
    """The bundled procedure data of Quyết định 06/QĐ-TTg (mostly unverified or not found)."""
    return procedure_of(read_json(f"{_DIR}/qd-06-2019-procedure.json"),
                        f"data/{_DIR}/qd-06-2019-procedure.json")


def load_procedure(path: str | Path) -> Procedure:
    """A procedure file in the bundled form, e.g. one that states the post-2025 holders."""
    return procedure_of(load_file(path), str(path))

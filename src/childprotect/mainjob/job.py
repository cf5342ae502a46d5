"""The main job, end to end: a plan, per-commune counts, every level, every target, today.

:func:`run` takes a plan and a :class:`Dataset` (per-unit counts for one or more years),
rolls the counts up to every level of the hierarchy, assesses every numeric target of
the plan where it applies (its plan's level, each unit against its quota, or a share of
units), as of the given day and with the coverage of the data shown, says who holds each
target on that day and which reports fall due next, and gathers the anomalies of the
plan and of the data. Each part that a module of the installed version cannot provide is
reported as unavailable, with why, instead of failing the whole job.

>>> from childprotect.formats import catalog
>>> job = run(catalog.load(DEMO_PLAN), demo_dataset(), on=dt.date(2026, 11, 23))
>>> job.root, job.periods
('46', ('2023', '2024'))
>>> {o.status for o in job.outcomes[job.root]} <= set(STATUSES)
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from childprotect.documents.anomalies import Anomaly
from childprotect.errors import ChildProtectError, ValidationError
from childprotect.i18n import Message
from childprotect.mainjob.assessing import (
    Outcome,
    Unit,
    assess_units,
    measure_column,
    measures_for,
    target_columns,
    unused_columns,
)
from childprotect.mainjob.dataset import (
    DEMO_DATA,
    Dataset,
    dataset_schema,
    demo_dataset,
    read_dataset,
)
from childprotect.mainjob.tables import province_table
from childprotect.plans.assessment import DEFAULT_MIN_COVERAGE
from childprotect.plans.plan import Plan
from childprotect.plans.status import STATUSES, Status

if TYPE_CHECKING:
    from childprotect.rollup.measures import Record
    from childprotect.rollup.result import Rollup
    from childprotect.tables.display import Table
    from childprotect.units.hierarchy import Hierarchy

__all__ = [
    "DEMO_DATA",
    "DEMO_PLAN",
    "STATUSES",
    "Dataset",
    "MainJob",
    "Outcome",
    "UnitRow",
    "dataset_schema",
    "demo_dataset",
    "hierarchy_for",
    "measure_column",
    "read_dataset",
    "run",
    "target_columns",
]

DEMO_PLAN = "thua-thien-hue-208-2021"


@attrs.frozen
class UnitRow:
    """A unit of the hierarchy the data was rolled up in."""

    code: str
    name_vi: str
    name_en: str
    level: str
    depth: int
    parent: str | None
    reporting: int | None = None
    expected: int | None = None


@attrs.frozen
class MainJob:
    """Everything the main job found. ``unavailable`` names the parts this installation
    could not compute, each with the reason."""

    plan: Plan
    on: dt.date
    dataset: Dataset = attrs.field(eq=False)
    periods: tuple[str, ...]
    root: str | None
    units: tuple[UnitRow, ...]
    outcomes: Mapping[str, tuple[Outcome, ...]]
    rollups: Mapping[str, Rollup] = attrs.field(eq=False)
    not_assessed: tuple[tuple[str, Message], ...] = ()
    holders: tuple[tuple[str, ...], ...] | None = None
    holder_headers: tuple[str, ...] = ()
    deadlines: tuple[tuple[str, ...], ...] | None = None
    deadline_headers: tuple[str, ...] = ()
    anomalies: tuple[Anomaly, ...] = ()
    data_anomalies: tuple[Anomaly, ...] = ()
    unavailable: Mapping[str, Message] = attrs.field(factory=dict)

    @property
    def latest(self) -> str:
        """The latest period known on ``on``, whose units and coverage are shown (the last
        period when none is)."""
        return (known_periods(self.periods, self.on) or list(self.periods))[-1]

    def unit(self, code: str) -> UnitRow:
        for u in self.units:
            if u.code == code:
                return u
        raise KeyError(code)

    def counts(self, code: str) -> dict[Status, int]:
        """How many targets have each status at unit ``code``."""
        out = dict.fromkeys(STATUSES, 0)
        for o in self.outcomes.get(code, ()):
            out[o.status] += 1
        return out

    def table(self, lang: str | None = None) -> Table:
        """Every assessment: one row per unit and target where it applies (exact values
        kept, the coverage beside each value)."""
        from childprotect.tables.display import Table

        rows = []
        for u in self.units:
            for o in self.outcomes.get(u.code, ()):
                c = o.coverage
                rows.append((u.code, u.name_vi, u.level, o.target_id, o.basis.value,
                             o.status.value, o.observed, o.level, o.unit_symbol, o.year,
                             c.reporting if c else None, c.expected if c else None,
                             o.assessment.explanation.text(lang)))
        title = Message("{plan}: {count} units, {periods}", plan=self.plan.id,
                        count=len(self.units), periods=", ".join(self.periods))
        if self.dataset.synthetic:
            title = Message("{title} (SYNTHETIC DATA)", title=title)
        return Table(("unit", "name", "level", "target", "basis", "status", "observed",
                      "target_level", "unit_symbol", "year", "coverage_reporting",
                      "coverage_expected", "detail"), rows, title=title.text(lang))

    def to_frame(self, lang: str | None = None) -> Any:
        """The assessments as a pandas DataFrame (the ``pandas`` extra): one row per unit
        and target where it applies, in the schema of
        :func:`childprotect.plans.frames.assessments_frame` with the unit's code, name and
        level and how the target applies there in front (see docs/targets.md)."""
        from childprotect.plans.frames import assessments_frame

        pairs = [(u, o) for u in self.units for o in self.outcomes.get(u.code, ())]
        lead = {"unit": [u.code for u, _ in pairs], "name": [u.name_vi for u, _ in pairs],
                "unit_level": [u.level for u, _ in pairs],
                "basis": [o.basis.value for _, o in pairs]}
        return assessments_frame([o.assessment for _, o in pairs], lang=lang, lead=lead)

    def _repr_html_(self) -> str:
        """In a notebook: statuses by unit (top two levels), then the top level's targets."""
        import attrs as _attrs

        from childprotect.tables.display import Table

        levels = Table(("unit", "name", "level", "reporting", *(s.value for s in STATUSES)),
                       [(u.code, u.name_vi, u.level, f"{u.reporting}/{u.expected}",
                         *self.counts(u.code).values()) for u in self.units if u.depth <= 1],
                       title=self.table().title)
        parts = [levels._repr_html_()]
        if self.root is not None:
            top = province_table(self, self.root, "en", wording=True)
            parts.append(_attrs.evolve(top, title=f"targets at {self.root}")._repr_html_())
        return "\n".join(parts)


def hierarchy_for(dataset: Dataset, period: str) -> Hierarchy:
    """The units valid at the end of ``period`` that the dataset's records refer to: its own
    units (under the national ``root``), else the national list; a code that does not exist
    then is an error naming it (see :func:`childprotect.mainjob.area.units_for`)."""
    from childprotect.mainjob.area import units_for

    def places(codes: Collection[str]) -> dict[str, list[str | Message]]:
        from childprotect.formats.datafiles import unit_places

        return unit_places(dataset.files, codes, period)

    # (errors name the files the places are in; a bundle's ``source`` is its provenance)
    where = ", ".join(dataset.files) or dataset.source or Message("the data")
    return units_for(dataset.units, dataset.root, [r.unit for r in dataset.records
                                                   if r.period == period],
                     period, where,
                     numbers=dataset.numbers.get(period, ()),
                     places=places if dataset.files else None)


def _dataset(dataset: object) -> Dataset:
    if isinstance(dataset, Dataset):
        return dataset
    from childprotect.rollup.frames import frame_kind

    if isinstance(dataset, (str, Path)) or frame_kind(dataset) is not None:
        return read_dataset(dataset)
    raise ValidationError(Message(
        "run: give the data as a Dataset (read_dataset, demo_dataset), as the path of a "
        "data file (.csv or .json) or as a pandas or polars DataFrame, not {kind}",
        kind=type(dataset).__name__))


def _plan(plan: object) -> Plan:
    if isinstance(plan, Plan):
        return plan
    if isinstance(plan, (str, Path)):
        from childprotect.formats import catalog

        return catalog.load(str(plan))
    raise ValidationError(Message(
        "run: give the plan as a Plan (catalog.load) or as a bundled plan id or plan file, "
        "not {kind}", kind=type(plan).__name__))


def known_periods(periods: Sequence[str], on: dt.date) -> list[str]:
    """The ``periods`` whose data are known on the day ``on``: those of its year or
    before (an assessment as of a past day leaves the later ones out)."""
    return [p for p in periods if not (p[:4].isdigit() and int(p[:4]) > on.year)]


def run(plan: Plan | str | Path, dataset: Dataset | str | Path | Any, *, on: dt.date,
        duties: bool = True, min_coverage: Fraction = DEFAULT_MIN_COVERAGE) -> MainJob:
    """The main job on ``plan`` and ``dataset`` as of ``on``.

    ``plan``: a :class:`Plan`, or a bundled plan id or plan file; ``dataset``: a
    :class:`Dataset`, the path of a data file, or a pandas or polars DataFrame of counts
    (either read with :func:`read_dataset`).
    ``min_coverage``: the least share of the expected units a verdict may rest on
    (default 80%: :data:`~childprotect.plans.assessment.DEFAULT_MIN_COVERAGE`).
    ``duties=False`` leaves out who holds each target and the deadlines (the figures
    only)."""
    from childprotect.formats.catalog import load_bundled as national
    from childprotect.mainjob.area import area_anomalies, area_roots, in_area
    from childprotect.plans.checks import check
    from childprotect.rollup.aggregate import rollup

    plan = _plan(plan)
    dataset = _dataset(dataset)
    unavailable: dict[str, Message] = {}
    periods = dataset.periods
    if not periods:
        raise ValidationError(Message("{value}: no records", value=dataset.source or 'the data'))
    measures = measures_for(plan, dataset.measures)
    data_anomalies: list[Anomaly] = unused_columns(plan, dataset.measures.counts)
    known = known_periods(periods, on)
    later = [p for p in periods if p not in known]
    if later:  # an assessment as of a past day uses the data known on that day
        data_anomalies.append(Anomaly.summarised(
            "data.after-assessment-day", ", ".join(later),
            Message("{count} period(s)", count=len(later)),
            Message("the data of {periods} are of years after the day of the assessment "
                    "({day}): the targets are assessed on the data up to that day",
                    periods=", ".join(later), day=on)))
    by_period: dict[str, list[Record]] = {}
    for rec in dataset.records:
        by_period.setdefault(rec.period, []).append(rec)
    rollups: dict[str, Rollup] = {}
    for period in periods:
        h = hierarchy_for(dataset, period)
        r = rollup(by_period[period], h, measures)
        rollups[period] = r
        data_anomalies.extend(r.anomalies)
        data_anomalies.extend(area_anomalies(plan, period, h, by_period[period]))
    # the latest period known on ``on`` gives the units, their coverage and the headline
    known = known or list(periods)
    last = rollups[known[-1]]
    h = last.hierarchy
    reporting = {rec.unit for rec in dataset.records if rec.period in known and rec.unit in h}
    reporting = in_area(plan, h, reporting)
    if dataset.root is not None and dataset.root in h:
        tops = [dataset.root]
    elif dataset.units:  # the user's own hierarchy: its top units that hold the data
        tops = sorted({(h.chain(c) or (c,))[-1] for c in reporting})
    else:  # the bundled units: the part of the country the data covers
        tops = area_roots(plan, h) or _data_roots(h, reporting)
    root = tops[0] if len(tops) == 1 else None
    units = _unit_rows(h, last, tops)
    levels = h.levels()
    outcomes, skipped = assess_units(
        plan, rollups, [Unit(u.code, u.level, u.name_vi, u.parent) for u in units],
        set(measures.counts),
        dataset.records, on=on, leaf_level=levels[-1] if levels else None,
        min_coverage=min_coverage)
    holders: tuple[tuple[str, ...], ...] | None = None
    deadlines: tuple[tuple[str, ...], ...] | None = None
    holder_headers: tuple[str, ...] = ()
    deadline_headers: tuple[str, ...] = ()
    if duties:
        holders, holder_headers = _holders(plan, on, unavailable)
        deadlines, deadline_headers = _deadlines(plan, on, unavailable)
    return MainJob(plan, on, dataset, periods, root, units, outcomes, rollups,
                   tuple(skipped), holders, holder_headers, deadlines, deadline_headers,
                   tuple(check(plan, national=national)), tuple(data_anomalies), unavailable)


def _data_roots(h: Hierarchy, codes: Iterable[str]) -> list[str]:
    """The units the data covers: the deepest common ancestor of the reporting units, or
    the top-level units that contain them when they share none.

    >>> from childprotect.units.registry import bundled
    >>> h = bundled().on(dt.date(2024, 12, 31))
    >>> _data_roots(h, ["29971", "29956"]), _data_roots(h, ["29971", "46"])
    (['870'], ['46', '87'])
    """
    codes = sorted(set(codes))
    if not codes:
        return []
    paths = [[*reversed(h.chain(c)), c] for c in codes]
    common: str | None = None
    for level in zip(*paths, strict=False):
        if len(set(level)) != 1:
            break
        common = level[0]
    if common is not None:
        return [common]
    return sorted({p[0] for p in paths})


def _unit_rows(h: Hierarchy, r: Rollup, tops: Sequence[str]) -> tuple[UnitRow, ...]:
    out: list[UnitRow] = []

    def visit(code: str, depth: int) -> None:
        u = h.unit(code)
        c = r.completeness(code)
        out.append(UnitRow(code, u.name_vi, u.name_en, h.level(code).id, depth, u.parent,
                           c.reporting, c.expected))
        for child in h.children(code):
            visit(child, depth + 1)

    for top in tops:
        visit(top, 0)
    return tuple(out)


# --- who holds each target, and the coming deadlines (other modules; may be missing) ---------


def _target_items(plan: Plan) -> set[str]:
    return {t.id for t in plan.targets} | {t.id.split(".")[0] for t in plan.targets}


def _holders(plan: Plan, on: dt.date, unavailable: dict[str, Message]
             ) -> tuple[tuple[tuple[str, ...], ...] | None, tuple[str, ...]]:
    """Per target and role: the agency the plan names and who holds the duty on ``on``."""
    try:
        from childprotect.agencies.grid import rows as matrix_rows

        data = matrix_rows(plan, on)
    except (ImportError, AttributeError, TypeError) as exc:  # an older matrix module
        unavailable["holders"] = Message("the responsibility matrix cannot be resolved here "
                                         "({problem})", problem=exc)
        return None, ()
    except ChildProtectError as exc:  # the plan's matrix names what cannot be resolved
        unavailable["holders"] = Message("the responsibility matrix cannot be resolved: "
                                         "{problem}", problem=exc)
        return None, ()
    if not plan.matrix:
        unavailable["holders"] = Message("plan {plan} has no responsibility matrix in its data",
                                         plan=plan.id)
        return None, ()
    items = _target_items(plan)
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for d in data:
        if d.get("item") not in items:
            continue
        key = (str(d["item"]), str(d["role"]), str(d.get("named_in_plan", d["agency"])))
        g = grouped.setdefault(key, {"holders": [], "steps": [], "unverified": False})
        if d["agency"] not in g["holders"]:
            g["holders"].append(str(d["agency"]))
        for link in d.get("chain", ()):
            if link["step"] not in g["steps"]:
                g["steps"].append(str(link["step"]))
        g["unverified"] = g["unverified"] or bool(d.get("unverified"))
    headers = ("target", "role", "named_in_plan", f"holder_on_{on.isoformat()}", "legal_steps",
               "unverified")
    out = [(item, role, named, ", ".join(g["holders"]), ", ".join(g["steps"]),
            "yes" if g["unverified"] else "")
           for (item, role, named), g in grouped.items()]
    return tuple(out), headers


def _deadlines(plan: Plan, on: dt.date, unavailable: dict[str, Message]
               ) -> tuple[tuple[tuple[str, ...], ...] | None, tuple[str, ...]]:
    """The due dates in the year from ``on`` (or of the plan's last year, said so in the
    header), reporters and recipients named as their holders on ``on``, plan's words beside."""
    try:
        from childprotect.deadlines.schedules import schedule
    except ImportError as exc:
        unavailable["deadlines"] = Message("deadline schedules are not available here "
                                           "({problem})", problem=exc)
        return None, ()
    if not plan.duties:
        unavailable["deadlines"] = Message("plan {plan} has no reporting duties in its data",
                                           plan=plan.id)
        return None, ()
    end_year = plan.document.period.end
    window = "due"
    try:
        sched = schedule(plan, on, on + dt.timedelta(days=365), on=on)
        if not sched.entries and end_year is not None and end_year < on.year:
            sched = schedule(plan, end_year, on=on)
            window = f"due_in_{end_year}_(the_plan's_last_year)"
    except (AttributeError, TypeError) as exc:
        unavailable["deadlines"] = Message("deadline schedules are not available here "
                                           "({problem})", problem=exc)
        return None, ()
    except ChildProtectError as exc:
        unavailable["deadlines"] = Message("the plan's deadlines cannot be scheduled: "
                                           "{problem}", problem=exc)
        return None, ()
    headers = (window, "stated", "duty", f"reporter_on_{on}", "reporter_named_in_plan",
               f"recipient_on_{on}", "recipient_named_in_plan", "report", "why_moved")
    out = []
    for e in sorted(sched.entries, key=lambda e: (e.adjusted, e.duty.id, e.reporter)):
        d = e.duty
        out.append((e.adjusted.isoformat(), e.stated.isoformat(), d.id, e.reporter_now,
                    e.reporter, e.recipient_now, d.recipient.name_vi if d.recipient else "",
                    d.content_vi, e.why_moved))
    for u in sched.undated:
        out.append(("—", "—", u.duty.id, u.reporter_now, u.duty.reporter.name_vi,
                    u.recipient_now, u.duty.recipient.name_vi if u.duty.recipient else "",
                    u.duty.content_vi, str(u.why)))
    return tuple(out), headers

"""The main job, end to end: a plan, per-commune counts, every level, every target, today.

:func:`run` takes a plan and a :class:`Dataset` (per-unit counts for one or more years),
rolls the counts up to every level of the hierarchy, assesses every numeric target of
the plan at every unit, says who holds each target on the given day and which reports
fall due next, and gathers the anomalies of the plan and of the data. Each part that a
module of the installed version cannot provide is reported as unavailable, with why,
instead of failing the whole job.

Data columns name a target's numerator or denominator measure, with the target's
disaggregation in brackets when it has one: ``children`` (all children),
``children[0-4]`` (under-fives), ``children_overweight[0-4,rural]``.

>>> measure_column("children", ["0-4", "rural"])
'children[0-4,rural]'
>>> from childprotect.formats import catalog
>>> job = run(catalog.load(DEMO_PLAN), demo_dataset(), on=dt.date(2026, 11, 23))
>>> job.root, job.periods
('46', ('2023', '2024'))
>>> {o.status for o in job.outcomes[job.root]} <= set(STATUSES)
True
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from childprotect.documents.anomalies import Anomaly
from childprotect.errors import ChildProtectError, ValidationError
from childprotect.mainjob.tables import STATUSES, province_table
from childprotect.plans.plan import Plan

if TYPE_CHECKING:
    from childprotect.plans.targets import Target
    from childprotect.rollup.measures import Measures, Record
    from childprotect.rollup.result import Rollup
    from childprotect.tables.display import Table
    from childprotect.units.hierarchy import Hierarchy
    from childprotect.units.model import AdminUnit

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
#: The bundled synthetic dataset (package data), made by ``benchmarks/gen_demo_data.py``.
DEMO_DATA = "data/demo/hue-synthetic.json"

#: Outcome statuses, as the report and the command line write them.


def measure_column(name: str, options: Sequence[str] = ()) -> str:
    """The data column of measure ``name`` restricted to disaggregation ``options``."""
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


# --- datasets -------------------------------------------------------------------------------


@attrs.frozen
class Dataset:
    """Per-unit counts (rollup records) and, when they are not bundled, their units.

    ``synthetic`` marks invented data: every output that uses it says so. ``root`` is the
    code of the unit the data covers (the plan's province), taken from the bundled units.
    """

    measures: Measures = attrs.field(eq=False)
    records: tuple[Record, ...]
    units: tuple[AdminUnit, ...] = ()
    root: str | None = None
    synthetic: bool = False
    title: str = ""
    source: str = ""

    @property
    def periods(self) -> tuple[str, ...]:
        return tuple(sorted({r.period for r in self.records}))


def _dataset_from_json(data: Any, source: str) -> Dataset:
    from childprotect.formats.convert import structure
    from childprotect.formats.counts import read_json
    from childprotect.units.model import AdminUnit

    if isinstance(data, dict) and "units" in data:
        about = data.get("about") or {}
        unknown = set(data) - {"about", "root", "units", "measures", "rules", "records"}
        if unknown:
            raise ValidationError(f"{source}: unknown field(s) {sorted(unknown)}")
        units = structure(data["units"], tuple[AdminUnit, ...], source)
        rollup_part = {k: data[k] for k in ("measures", "rules", "records") if k in data}
        measures, records = read_json(json.dumps(rollup_part), source)
        return Dataset(measures, tuple(records), units, data.get("root"),
                       bool(about.get("synthetic", False)), str(about.get("title", "")),
                       str(about.get("source", source)))
    measures, records = read_json(json.dumps(data), source)
    return Dataset(measures, tuple(records), source=source)


def read_dataset(path: str | Path, *, progress: bool | None = None) -> Dataset:
    """A dataset from a file: rollup CSV (``unit,period,<counts>…``), rollup JSON, or a
    dataset JSON bundle (``about``, ``root``, ``units``, ``measures``, ``records``).

    ``progress``: show a progress bar on a terminal while reading a CSV (``None``: when
    stderr is a terminal).
    """
    from childprotect.formats.counts import read_csv
    from childprotect.rollup.measures import Record

    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ValidationError(f"cannot read data file {str(p)!r}: {exc.strerror}") from None
    if p.suffix.lower() == ".json":
        try:
            data = json.loads(raw, parse_float=_no_float(str(p)))
        except json.JSONDecodeError as exc:
            raise ValidationError(f"{p}: not valid JSON: {exc.msg} at line {exc.lineno}") from None
        return _dataset_from_json(data, str(p))
    from childprotect.tables.progress import track

    text = raw.decode("utf-8-sig")
    lines = text.splitlines(keepends=True)
    measures, rows = read_csv(track(lines, label=f"reading {p.name}", enabled=progress),
                              source=str(p))
    records = tuple(Record(unit, period, dict(zip(measures.counts, values, strict=True)))
                    for unit, period, values in rows)
    return Dataset(measures, records, source=str(p))


def _no_float(source: str) -> Any:
    def reject(text: str) -> object:
        raise ValidationError(f"{source}: {text} is not a whole number")

    return reject


def dataset_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a dataset JSON bundle (see :func:`read_dataset`)."""
    from childprotect.formats.convert import json_schema
    from childprotect.units.model import AdminUnit

    units = json_schema(tuple[AdminUnit, ...])
    defs = units.pop("$defs", {})
    units.pop("$schema", None)
    count = {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}]}
    defs["Record"] = {
        "type": "object",
        "description": "one unit's counts for one period; a null or absent count is missing",
        "properties": {"unit": {"type": "string"}, "period": {"type": "string"},
                       "values": {"type": "object", "additionalProperties": count}},
        "required": ["unit", "period", "values"], "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://childprotect.invalid/schemas/dataset.schema.json",
        "title": "childprotect dataset (per-unit counts with their units)",
        "type": "object",
        "properties": {
            "about": {"type": "object", "properties": {
                "title": {"type": "string"}, "source": {"type": "string"},
                "synthetic": {"type": "boolean"}}, "additionalProperties": False},
            "root": {"type": "string", "description": "the code of the unit the data covers"},
            "units": units,
            "measures": {"type": "array", "items": {"type": "object"}},
            "rules": {"type": "array", "items": {"type": "object"}},
            "records": {"type": "array", "items": {"$ref": "#/$defs/Record"}},
        },
        "required": ["units", "records"],
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


@lru_cache(maxsize=1)
def demo_dataset() -> Dataset:
    """The bundled, clearly-labelled synthetic commune dataset for Thừa Thiên Huế."""
    path = resources.files("childprotect").joinpath(DEMO_DATA)
    return _dataset_from_json(json.loads(path.read_text("utf-8")), f"childprotect/{DEMO_DATA}")


# --- the job -------------------------------------------------------------------------------


@attrs.frozen
class Outcome:
    """One target assessed at one unit: a status, the observed and target levels (exact,
    in the target's unit) and a sentence saying why."""

    target_id: str
    status: str
    detail: str
    observed: Fraction | None = None
    level: Fraction | None = None
    unit_symbol: str = ""
    year: int | None = None


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
    not_assessed: tuple[tuple[str, str], ...] = ()
    holders: tuple[tuple[str, ...], ...] | None = None
    holder_headers: tuple[str, ...] = ()
    deadlines: tuple[tuple[str, ...], ...] | None = None
    deadline_headers: tuple[str, ...] = ()
    anomalies: tuple[Anomaly, ...] = ()
    data_anomalies: tuple[Anomaly, ...] = ()
    unavailable: Mapping[str, str] = attrs.field(factory=dict)

    def unit(self, code: str) -> UnitRow:
        for u in self.units:
            if u.code == code:
                return u
        raise KeyError(code)

    def counts(self, code: str) -> dict[str, int]:
        """How many targets have each status at unit ``code``."""
        out = dict.fromkeys(STATUSES, 0)
        for o in self.outcomes.get(code, ()):
            out[o.status] += 1
        return out

    def table(self) -> Table:
        """Every assessment: one row per unit and target (exact values kept)."""
        from childprotect.tables.display import Table

        rows = []
        for u in self.units:
            for o in self.outcomes.get(u.code, ()):
                rows.append((u.code, u.name_vi, u.level, o.target_id, o.status, o.observed,
                             o.level, o.unit_symbol, o.year, o.detail))
        title = f"{self.plan.id}: {len(self.units)} units, {', '.join(self.periods)}"
        if self.dataset.synthetic:
            title += " (SYNTHETIC DATA)"
        return Table(("unit", "name", "level", "target", "status", "observed", "target_level",
                      "unit_symbol", "year", "detail"), rows, title=title)

    def to_frame(self) -> Any:
        """The assessments as a pandas DataFrame (the ``pandas`` extra)."""
        return self.table().to_frame()

    def _repr_html_(self) -> str:
        """In a notebook: statuses by unit (top two levels), then the top level's targets."""
        import attrs as _attrs

        from childprotect.tables.display import Table

        levels = Table(("unit", "name", "level", "reporting", *STATUSES),
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
    units (under the bundled ``root`` and its ancestors), else the bundled units."""
    from childprotect.rollup.aggregate import period_end
    from childprotect.units.registry import UnitRegistry, bundled

    day = period_end(period)
    reg = bundled()
    if dataset.units:
        if dataset.root is None:
            return UnitRegistry(dataset.units).on(day)
        top = [u for u in reg.versions(dataset.root)]
        chain: list[AdminUnit] = []
        for u in top:
            parent = u.parent
            while parent is not None:
                versions = reg.versions(parent)
                chain.extend(versions)
                parent = versions[0].parent if versions else None
        return UnitRegistry([*chain, *top, *dataset.units], []).on(day)
    return reg.on(day)


def _status(value: str) -> str:
    return value.replace("_", "-")


def _years(rollups: Mapping[str, Rollup]) -> list[tuple[int, str]]:
    """(year, period) pairs, one per year: the latest period of each year."""
    by_year: dict[int, str] = {}
    for period in sorted(rollups):
        by_year[int(period[:4])] = period
    return sorted(by_year.items())


def _observations(target: Target, rollups: Mapping[str, Rollup], code: str,
                  known: Mapping[str, set[str]], years: list[tuple[int, str]]) -> list[Any]:
    from childprotect.plans.assessment import Observation

    num, den = target_columns(target)
    out = []
    for year, period in years:
        if code not in known[period]:
            continue
        r = rollups[period]
        n = r.total(code, num) if num else None
        if den is not None:
            d = r.total(code, den)
            if n is None or d is None:
                continue
            out.append(Observation(year, numerator=int(n), denominator=int(d)))
        elif n is not None:
            out.append(Observation(year, value=Decimal(int(n))))
    return out


def _assess_all(plan: Plan, rollups: Mapping[str, Rollup], codes: Iterable[str],
                names: set[str]) -> tuple[dict[str, tuple[Outcome, ...]],
                                          list[tuple[str, str]]]:
    from childprotect.plans.assessment import assess, decimal_text

    usable: list[Target] = []
    skipped: list[tuple[str, str]] = []
    for t in plan.targets:
        num, den = target_columns(t)
        if t.indicator is None or (t.value is None and t.comparator.value != "eliminate"):
            skipped.append((t.id, "qualitative target: nothing to compute"))
        elif num not in names or (den is not None and den not in names):
            cols = ", ".join(c for c in (num, den) if c)
            skipped.append((t.id, f"the data has no column {cols}"))
        else:
            usable.append(t)
    out: dict[str, tuple[Outcome, ...]] = {}
    known = {p: set(r.codes()) for p, r in rollups.items()}
    years = _years(rollups)
    for code in codes:
        rows = []
        for t in usable:
            symbol = t.unit.symbol if t.unit is not None else ""
            try:
                a = assess(t, _observations(t, rollups, code, known, years))
            except ValidationError as exc:
                rows.append(Outcome(t.id, "not-assessable", str(exc), unit_symbol=symbol))
                continue
            detail = a.detail
            if a.observed is not None and not detail:
                detail = decimal_text(a.observed, 4)
            rows.append(Outcome(t.id, _status(a.status.value), detail, a.observed, a.level,
                                symbol, a.observed_year))
        out[code] = tuple(rows)
    return out, skipped


def _measures_for(plan: Plan, dataset: Dataset) -> Measures:
    """The dataset's counts, with the consistency rules the plan's bounded rates imply."""
    from childprotect.rollup.measures import AtMost, Measures

    names = set(dataset.measures.counts)
    rules = list(dataset.measures.rules)
    seen = {(r.part, r.whole) for r in rules if isinstance(r, AtMost)}
    for t in plan.targets:
        num, den = target_columns(t)
        if t.indicator is not None and t.indicator.bounded and num in names and den in names:
            assert num is not None and den is not None
            if (num, den) not in seen:
                seen.add((num, den))
                rules.append(AtMost(num, den))
    return Measures(dataset.measures.measures, rules)


def run(plan: Plan, dataset: Dataset, *, on: dt.date, duties: bool = True) -> MainJob:
    """The main job on ``plan`` and ``dataset`` as of ``on``.

    ``duties=False`` leaves out who holds each target and the deadlines (the figures
    only)."""
    from childprotect.formats.catalog import load_bundled as national
    from childprotect.plans.checks import check
    from childprotect.rollup.aggregate import rollup

    unavailable: dict[str, str] = {}
    periods = dataset.periods
    if not periods:
        raise ValidationError(f"{dataset.source or 'the data'}: no records")
    measures = _measures_for(plan, dataset)
    by_period: dict[str, list[Record]] = {}
    for rec in dataset.records:
        by_period.setdefault(rec.period, []).append(rec)
    rollups: dict[str, Rollup] = {}
    data_anomalies: list[Anomaly] = []
    for period in periods:
        h = hierarchy_for(dataset, period)
        r = rollup(by_period[period], h, measures)
        rollups[period] = r
        data_anomalies.extend(r.anomalies)
    last = rollups[periods[-1]]
    h = last.hierarchy
    reporting = {rec.unit for rec in dataset.records if rec.unit in h}
    if dataset.root is not None and dataset.root in h:
        tops = [dataset.root]
    elif dataset.units:  # the user's own hierarchy: its top units that hold the data
        tops = sorted({(h.chain(c) or (c,))[-1] for c in reporting})
    else:  # the bundled units: the part of the country the data covers
        tops = _data_roots(h, reporting)
    root = tops[0] if len(tops) == 1 else None
    units = _unit_rows(h, last, tops)
    outcomes, skipped = _assess_all(plan, rollups, [u.code for u in units],
                                    set(measures.counts))
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


def _holders(plan: Plan, on: dt.date, unavailable: dict[str, str]
             ) -> tuple[tuple[tuple[str, ...], ...] | None, tuple[str, ...]]:
    """Per target and role: the agency the plan names and who holds the duty on ``on``."""
    try:
        from childprotect.agencies.matrix import rows as matrix_rows

        data = matrix_rows(plan, on)
    except (ImportError, AttributeError, TypeError) as exc:  # an older matrix module
        unavailable["holders"] = f"the responsibility matrix cannot be resolved here ({exc})"
        return None, ()
    except ChildProtectError as exc:  # the plan's matrix names what cannot be resolved
        unavailable["holders"] = f"the responsibility matrix cannot be resolved: {exc}"
        return None, ()
    if not plan.matrix:
        unavailable["holders"] = f"plan {plan.id} has no responsibility matrix in its data"
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


def _deadlines(plan: Plan, on: dt.date, unavailable: dict[str, str]
               ) -> tuple[tuple[tuple[str, ...], ...] | None, tuple[str, ...]]:
    """The due dates in the year from ``on`` (or of the plan's last year, said so in the
    header), reporters and recipients named as their holders on ``on``, plan's words beside."""
    try:
        from childprotect.deadlines.schedules import schedule
    except ImportError as exc:
        unavailable["deadlines"] = f"deadline schedules are not available here ({exc})"
        return None, ()
    if not plan.duties:
        unavailable["deadlines"] = f"plan {plan.id} has no reporting duties in its data"
        return None, ()
    end_year = plan.document.period.end
    window = "due"
    try:
        sched = schedule(plan, on, on + dt.timedelta(days=365), on=on)
        if not sched.entries and end_year is not None and end_year < on.year:
            sched = schedule(plan, end_year, on=on)
            window = f"due_in_{end_year}_(the_plan's_last_year)"
    except (AttributeError, TypeError) as exc:
        unavailable["deadlines"] = f"deadline schedules are not available here ({exc})"
        return None, ()
    except ChildProtectError as exc:
        unavailable["deadlines"] = f"the plan's deadlines cannot be scheduled: {exc}"
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
                    u.duty.content_vi, u.why))
    return tuple(out), headers

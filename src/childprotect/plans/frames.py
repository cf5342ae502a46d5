"""Assessments as a pandas DataFrame for analysis (the ``pandas`` extra).

One row per assessment, typed for analysis: counts as nullable ``Int64``; values and
rates as ``float64`` (``NaN`` where there is none) beside an exact column (the
``Fraction`` as text, ``"38200/407"``); every other missing cell ``<NA>``; the status
and the reason as ``Categorical`` over their whole vocabularies, so that counting by
status shows the statuses that did not occur too.

====================== =============== ==================================================
column                 dtype           what
====================== =============== ==================================================
target                 string          the target's id
status                 category        :class:`~childprotect.plans.status.Status` values
reason                 category        :class:`~childprotect.plans.status.Reason` values
value_unit             string          the unit of ``observed`` and ``level`` (``percent``)
year                   Int64           the year of the deciding observation
observed               float64         the observed level, in ``unit``
observed_exact         string          the same, exactly (a fraction)
level                  float64         the level compared with (quota, or target value)
level_exact            string          the same, exactly
gap                    float64         observed − level
gap_exact              string          the same, exactly
required_pace          float64         the change a year still needed (before the year)
observed_pace          float64         the change a year observed
numerator              Int64           the deciding observation's counts
denominator            Int64
coverage_reporting     Int64           units that reported what the value needs
coverage_expected      Int64           units expected to report
coverage               float64         their share (0–1)
detail                 string          the explanation, in the language asked for
====================== =============== ==================================================

>>> from fractions import Fraction
>>> from childprotect.formats import catalog
>>> from childprotect.plans.assessment import Coverage, Observation, assess
>>> t2 = catalog.load("hong-ngu-2020").target("T2")
>>> a = assess(t2, Observation(2020, numerator=382, denominator=407,
...                            coverage=Coverage(8, 9, "commune")))
>>> df = assessments_frame([a], lang="en")
>>> df.loc[0, "status"], df.loc[0, "observed_exact"], float(round(df.loc[0, "observed"], 2))
('met', '38200/407', 93.86)
>>> str(df.dtypes["numerator"]), str(df.dtypes["status"]), str(df.dtypes["observed"])
('Int64', 'category', 'float64')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from childprotect.plans.status import STATUSES, Reason

if TYPE_CHECKING:
    from childprotect.plans.verdicts import Assessment

__all__ = ["COLUMNS", "assessments_frame"]

#: The columns of :func:`assessments_frame` and their pandas dtypes.
COLUMNS: dict[str, str] = {
    "target": "string", "status": "category", "reason": "category", "value_unit": "string",
    "year": "Int64", "observed": "float64", "observed_exact": "string",
    "level": "float64", "level_exact": "string", "gap": "float64", "gap_exact": "string",
    "required_pace": "float64", "observed_pace": "float64", "numerator": "Int64",
    "denominator": "Int64", "coverage_reporting": "Int64", "coverage_expected": "Int64",
    "coverage": "float64", "detail": "string",
}


def _float(v: Fraction | None) -> float | None:
    return None if v is None else float(v)


def _exact(v: Fraction | None) -> str | None:
    return None if v is None else str(v)


def _columns(items: Sequence[Assessment], lang: str | None) -> dict[str, list[Any]]:
    cols: dict[str, list[Any]] = {c: [] for c in COLUMNS}
    for a in items:
        c = a.coverage
        row = {
            "target": a.target_id, "status": a.status.value,
            "reason": a.reason.value if a.reason else None,
            "value_unit": a.unit.value if a.unit else None, "year": a.observed_year,
            "observed": _float(a.observed), "observed_exact": _exact(a.observed),
            "level": _float(a.level), "level_exact": _exact(a.level),
            "gap": _float(a.gap), "gap_exact": _exact(a.gap),
            "required_pace": _float(a.required_pace), "observed_pace": _float(a.observed_pace),
            "numerator": a.numerator, "denominator": a.denominator,
            "coverage_reporting": c.reporting if c else None,
            "coverage_expected": c.expected if c else None,
            "coverage": _float(c.share) if c and c.share is not None else None,
            "detail": a.explanation.text(lang),
        }
        for k, v in row.items():
            cols[k].append(v)
    return cols


def assessments_frame(items: Sequence[Assessment], *, lang: str | None = None,
                      lead: Mapping[str, Sequence[object]] | None = None) -> Any:
    """The assessments as a DataFrame in the schema above; ``lead`` adds string columns
    in front (the main job's ``unit`` code, ``name``, ``unit_level`` and ``basis``).
    ``lang``: the language of ``detail`` (the current one by default)."""
    from childprotect.tables.display import require_pandas

    pd = require_pandas()
    cols = _columns(items, lang)
    data: dict[str, Any] = {k: pd.array(list(v), dtype="string")
                            for k, v in (lead or {}).items()}
    for name, dtype in COLUMNS.items():
        values = cols[name]
        if name == "status":
            data[name] = pd.Categorical(values, categories=[s.value for s in STATUSES])
        elif name == "reason":
            data[name] = pd.Categorical(values, categories=[r.value for r in Reason])
        elif dtype == "float64":
            data[name] = pd.array([float("nan") if v is None else v for v in values],
                                  dtype="float64")
        else:
            data[name] = pd.array(values, dtype=dtype)
    return pd.DataFrame(data)

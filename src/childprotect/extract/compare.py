"""Comparing a draft with a reference plan: what matches, what is missing, what is extra.

Items match on what they mean, not on their wording: a target on its id, comparator,
direction, value, unit, year and recurrence (a year the reference marks as inferred —
not stated by the text — matches a draft with no year); a responsibility on its agency,
role and item; a reporting duty on
its section, recurrence and due rule; a section on its id; a basis on its relation,
kind, number and date.

>>> from childprotect.formats import catalog
>>> plan = catalog.load("hong-ngu-2020")
>>> score = compare(plan, plan)
>>> score["targets"].recall == 1 and score["targets"].spurious == 0
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from fractions import Fraction

import attrs

from childprotect.i18n import Message, Pct
from childprotect.plans.plan import Plan
from childprotect.text.vntext import name_key

__all__ = ["CATEGORIES", "Score", "compare", "keys"]


@attrs.frozen
class Score:
    """How a draft's items of one category compare with the reference's."""

    category: str
    matched: int
    drafted: int
    reference: int
    missing: tuple[str, ...]
    extra: tuple[str, ...]

    @property
    def recall(self) -> Fraction | None:
        """Share of the reference's items the draft has (None if the reference has none)."""
        return Fraction(self.matched, self.reference) if self.reference else None

    @property
    def spurious(self) -> Fraction | None:
        """Share of the draft's items the reference does not have (None if none drafted)."""
        return Fraction(self.drafted - self.matched, self.drafted) if self.drafted else None

    def line(self, lang: str | None = None) -> str:
        """The score in one line, in ``lang`` (the language in use by default).

        >>> Score("targets", 3, 4, 3, (), ("T4",)).line("en")
        'targets    matched   3 of   3 (recall 100.0%), drafted   4 (spurious 25.0%)'
        """
        def pct(x: Fraction | None) -> Message | Pct:
            return Message("n/a", context="share") if x is None else Pct(x, 1)

        word = _CATEGORY_WORDS[self.category].text(lang) if self.category in \
            _CATEGORY_WORDS else self.category
        return Message("{category} matched {matched} of {reference} (recall {recall}), "
                       "drafted {drafted} (spurious {spurious})", category=f"{word:<10}",
                       matched=f"{self.matched:>3}", reference=f"{self.reference:>3}",
                       recall=pct(self.recall), drafted=f"{self.drafted:>3}",
                       spurious=pct(self.spurious)).text(lang)


#: The words of the categories compared, for people.
_CATEGORY_WORDS = {"targets": Message("targets", context="draft part"),
                   "matrix": Message("matrix", context="draft part"),
                   "duties": Message("duties", context="draft part"),
                   "sections": Message("sections", context="draft part"),
                   "bases": Message("bases", context="draft part")}


def _target_key(t: object) -> Hashable:
    comp = getattr(t, "comparator", None)
    comp_v = getattr(comp, "value", comp)
    numeric = comp_v != "qualitative"
    unit = getattr(t, "unit", None)
    direction = getattr(t, "direction", None)
    recurrence = getattr(t, "recurrence", None)
    year = None if getattr(t, "year_inferred", None) is not None else getattr(t, "year", None)
    return (getattr(t, "id", None), comp_v, getattr(direction, "value", direction),
            getattr(t, "value", None) if numeric else None,
            getattr(unit, "value", unit) if numeric else None, getattr(t, "upper", None),
            year, getattr(recurrence, "value", recurrence))


def _assignment_key(a: object) -> Hashable:
    role = getattr(a, "role", None)
    return (getattr(a, "agency", None), getattr(role, "value", role), getattr(a, "item", None))


def _duty_key(d: object) -> Hashable:
    due = getattr(d, "due", None)
    rec = getattr(d, "recurrence", None)
    kind = getattr(due, "kind", None)
    return (getattr(d, "section", None), getattr(rec, "value", rec),
            getattr(kind, "value", kind), getattr(due, "date", None),
            tuple(str(x) for x in getattr(due, "day_months", ())),
            getattr(d, "after_years", None))


def _basis_key(b: object) -> Hashable:
    num = getattr(b, "number", None)
    date = getattr(b, "date", None)
    rel = getattr(b, "relation", None)
    return (getattr(rel, "value", rel), name_key(getattr(b, "kind_vi", "") or ""),
            num.canonical() if num is not None else None,
            date.text if date is not None and date.value is None else
            (date.iso() if date is not None else None))


CATEGORIES: dict[str, tuple[Callable[[Plan], Iterable[object]], Callable[[object], Hashable]]] = {
    "targets": (lambda p: p.targets, _target_key),
    "matrix": (lambda p: p.matrix, _assignment_key),
    "duties": (lambda p: p.duties, _duty_key),
    "sections": (lambda p: p.sections, lambda s: getattr(s, "id", None)),
    "bases": (lambda p: p.document.bases, _basis_key),
}


def keys(plan: Plan, category: str) -> Counter[Hashable]:
    """The match keys of one category of a plan's items, counted."""
    items, key = CATEGORIES[category]
    return Counter(key(x) for x in items(plan))


def compare(draft: Plan, reference: Plan) -> dict[str, Score]:
    """Scores of ``draft`` against ``reference``, by category."""
    out: dict[str, Score] = {}
    for cat in CATEGORIES:
        got, want = keys(draft, cat), keys(reference, cat)
        both = got & want
        out[cat] = Score(
            cat, sum(both.values()), sum(got.values()), sum(want.values()),
            tuple(sorted(str(k) for k in (want - got).elements())),
            tuple(sorted(str(k) for k in (got - want).elements())),
        )
    return out

"""Classifying a child into the groups of children in special circumstances, from facts.

A :class:`Facts` object holds what is known about one child. Every fact is three-valued:
``True``, ``False`` or ``None`` (unknown), and an enumerated fact is ``None`` when
unknown. Nothing identifies the child: no name, no id, and reprs and errors never show
the values.

:func:`classify` applies the rules in ``data/groups/rules-luat-tre-em-2016.json`` (one
per sub-group of Nghị định 56/2017/NĐ-CP, Điều 3–16) with three-valued logic, so the
result tells "not in the group" from "cannot tell":

>>> from childprotect.children.facts import CareSetting, Facts, ParentFacts
>>> on = dt.date(2018, 3, 1)
>>> f = Facts(birth=dt.date(2010, 5, 1), father=ParentFacts(dead=True),
...           mother=ParentFacts(dead=True), care_setting=CareSetting.RELATIVES)
>>> r = classify(f, on=on)
>>> r.child, r.codes()
(<Answer.YES: 'yes'>, ('a',))
>>> [(s.subgroup.code, s.rule, str(s.citation)) for s in r.subgroups()]
[('a.3', 'both(dead) and care_setting = relatives', 'khoản 3 Điều 3 Nghị định 56/2017/NĐ-CP')]
>>> r
Classification(on=datetime.date(2018, 3, 1), taxonomy='luat-tre-em-2016', <findings hidden>)

Unknown facts leave a group undecided, and the finding names the facts that would decide:

>>> r = classify(Facts(birth=dt.date(2010, 5, 1), hiv=None), on=on)
>>> r.finding("đ").answer, r.finding("đ").subgroups[0].unknown
(<Answer.CANNOT_TELL: 'cannot-tell'>, ('hiv',))

A person of 16 or more is no child, whatever the facts:

>>> r = classify(Facts(birth=dt.date(2000, 1, 1), hiv=True), on=on)
>>> r.child, r.codes(), r.finding("đ").answer
(<Answer.NO: 'no'>, (), <Answer.NO: 'no'>)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from childprotect.children.ages import LeapDay, band
from childprotect.children.facts import Answer, Facts
from childprotect.children.groups import Citation, Group, SubGroup, Taxonomy, taxonomy_on
from childprotect.children.rules import RuleSet, _decide_by_cases, _values, rules_for
from childprotect.errors import UnknownName, ValidationError
from childprotect.i18n import Message

__all__ = [
    "Classification",
    "GroupFinding",
    "SubGroupFinding",
    "answer_word",
    "classify",
]


# --- results ------------------------------------------------------------------------------


@attrs.frozen(repr=False)
class SubGroupFinding:
    """The answer for one sub-group, the rule that gave it and the unknown facts it read."""

    subgroup: SubGroup
    answer: Answer
    rule: str
    unknown: tuple[str, ...] = ()
    reason: str | None = None

    @property
    def citation(self) -> Citation:
        return self.subgroup.citation

    def __repr__(self) -> str:
        return f"SubGroupFinding(subgroup={self.subgroup.code!r}, <answer hidden>)"


@attrs.frozen(repr=False)
class GroupFinding:
    """The answer for one group: YES if a sub-group applies, NO if none can, else CANNOT_TELL."""

    group: Group
    answer: Answer
    subgroups: tuple[SubGroupFinding, ...]

    @property
    def citation(self) -> Citation:
        return self.group.citation

    def __repr__(self) -> str:
        return f"GroupFinding(group={self.group.code!r}, <answer hidden>)"


@attrs.frozen(repr=False)
class Classification:
    """The groups a child belongs to on a date, with the rules and citations behind them.

    ``child`` says whether the person is a child at all on that date; a NO there makes
    every group NO. ``at_risk`` passes the user's own assessment through.
    """

    on: dt.date
    taxonomy: str
    child: Answer
    groups: tuple[GroupFinding, ...]
    at_risk: Answer = Answer.CANNOT_TELL
    note: str | None = None

    def __repr__(self) -> str:
        return (f"Classification(on={self.on!r}, taxonomy={self.taxonomy!r}, "
                "<findings hidden>)")

    @property
    def is_child(self) -> Answer:
        return self.child

    def codes(self, answer: Answer = Answer.YES) -> tuple[str, ...]:
        """The codes of the groups with this answer, in taxonomy order."""
        return tuple(g.group.code for g in self.groups if g.answer is answer)

    def finding(self, code: str) -> GroupFinding:
        """The finding of one group (``đ`` or ``dd``)."""
        from childprotect.children.groups import normalize_code

        key = normalize_code(code)
        for g in self.groups:
            if g.group.code == key:
                return g
        raise UnknownName("group", code, [g.group.code for g in self.groups])

    def subgroups(self, answer: Answer = Answer.YES) -> tuple[SubGroupFinding, ...]:
        """The sub-group findings with this answer, in taxonomy order."""
        return tuple(s for g in self.groups for s in g.subgroups if s.answer is answer)

    def undecided_facts(self) -> tuple[str, ...]:
        """The unknown facts that leave some group undecided."""
        return tuple(sorted({f for s in self.subgroups(Answer.CANNOT_TELL) for f in s.unknown}))

    def as_dict(self) -> dict[str, Any]:
        """The findings as JSON-ready data (for the person who supplied the facts)."""
        return {
            "on": self.on.isoformat(), "taxonomy": self.taxonomy, "child": self.child.value,
            "at_risk": self.at_risk.value, "note": self.note,
            "groups": [
                {"code": g.group.code, "answer": g.answer.value,
                 "citation": str(g.citation),
                 "subgroups": [
                     {"code": sf.subgroup.code, "answer": sf.answer.value, "rule": sf.rule,
                      "citation": str(sf.citation), "unknown": list(sf.unknown)}
                     for sf in g.subgroups]}
                for g in self.groups],
        }

    def explain(self, lang: str | None = None) -> str:
        """The findings as lines of text, for the person who supplied the facts, in
        ``lang`` (the current language by default)."""
        lines = [Message("on {on}, taxonomy {taxonomy}: child: {answer}", on=self.on,
                         taxonomy=self.taxonomy, answer=_ANSWERS[self.child]).text(lang)]
        if self.note:
            lines.append("  " + Message("note: {text}", text=self.note).text(lang))
        for g in self.groups:
            if g.answer is Answer.NO:
                continue
            lines.append(f"  {g.group.code}) {g.group.label_vi}: "
                         f"{_ANSWERS[g.answer].text(lang)}")
            for s in g.subgroups:
                if s.answer is Answer.NO:
                    continue
                extra = "; " + Message("unknown: {facts}", facts=", ".join(s.unknown)).text(
                    lang) if s.unknown else ""
                lines.append(f"    {s.subgroup.code} [{s.citation}] "
                             f"{_ANSWERS[s.answer].text(lang)}: {s.rule}{extra}")
        return "\n".join(lines)


#: The answers in words.
def answer_word(answer: Answer, lang: str) -> str:
    """An answer as a reader of ``lang`` writes it (data keep ``answer.value``).

    >>> answer_word(Answer.CANNOT_TELL, "en")
    'cannot tell'
    """
    return _ANSWERS[answer].text(lang)


_ANSWERS = {Answer.YES: Message("yes", context="answer"),
            Answer.NO: Message("no", context="answer"),
            Answer.CANNOT_TELL: Message("cannot tell", context="answer")}


def classify(facts: Facts, on: dt.date, taxonomy: Taxonomy | None = None,
             rules: RuleSet | None = None, leap_day: LeapDay | None = None) -> Classification:
    """Classify one child on ``on`` under the taxonomy in force on that date.

    Pass ``taxonomy`` (and its ``rules``) to use a user-supplied one.
    """
    if not isinstance(facts, Facts):
        raise ValidationError(Message("facts: expected a Facts object"))
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise ValidationError(Message("on: expected a date, got {on}", on=repr(on)))
    tax = taxonomy if taxonomy is not None else taxonomy_on(on)
    if not tax.in_force(on):
        raise ValidationError(Message("taxonomy {id} is not in force on {on}", id=repr(tax.id),
                                      on=on))
    rs = rules if rules is not None else rules_for(tax.id)
    rs.check_against(tax)
    child = Answer.CANNOT_TELL
    if facts.birth is not None:
        child = Answer.of(band(tax.child_band).contains(facts.birth, on, leap_day))
    note = None
    detailed = tax.subgroups_in_force(on)
    values = _values(facts)
    if child is Answer.NO:
        note = Message("not a child on {on}: a child is a person in age band {band}", on=on,
                       band=repr(tax.child_band)).text()
    elif not detailed:
        note = Message("the sub-groups of taxonomy {id} were not yet in force on {on}: "
                       "membership cannot be decided from them", id=repr(tax.id), on=on).text()
    findings: list[GroupFinding] = []
    for g in tax.groups:
        subs: list[SubGroupFinding] = []
        for s in tax.subgroups_of(g.code):
            rule = rs.rule(s.code)
            if child is Answer.NO:
                subs.append(SubGroupFinding(s, Answer.NO, rule.text, (),
                                            Message("not a child").text()))
                continue
            if not detailed:
                subs.append(SubGroupFinding(s, Answer.CANNOT_TELL, rule.text, (), note))
                continue
            answer, unknown = rule.evaluate(values)
            if child is Answer.CANNOT_TELL and answer is not Answer.NO:
                unknown = tuple(sorted({*unknown, "birth"}))
            answer = child & answer
            # the unknown facts matter only while the answer is undecided
            subs.append(SubGroupFinding(s, answer, rule.text,
                                        unknown if answer is Answer.CANNOT_TELL else ()))
        overall = Answer.NO
        for sf in subs:
            overall = overall | sf.answer
        if overall is Answer.CANNOT_TELL and detailed and child is not Answer.NO:
            # Three-valued logic cannot see that "x or not x" holds: an abandoned child
            # whose alternative care is unknown is still in group b. Try every case of the
            # unknown facts the group's rules read (a bounded number of them).
            unknown = tuple(sorted({u for sf in subs for u in sf.unknown} - {"birth"}))
            by_cases = _decide_by_cases([rs.rule(s.code) for s in tax.subgroups_of(g.code)],
                                        facts, unknown, values)
            overall = child & by_cases if by_cases is Answer.YES else by_cases
        findings.append(GroupFinding(g, overall, tuple(subs)))
    at_risk = Answer.NO if child is Answer.NO else Answer.of(facts.at_risk)
    return Classification(on, tax.id, child, tuple(findings), at_risk, note)

"""Classifying a child into the groups of children in special circumstances, from facts.

A :class:`Facts` object holds what is known about one child. Every fact is three-valued:
``True``, ``False`` or ``None`` (unknown), and an enumerated fact is ``None`` when
unknown. Nothing identifies the child: no name, no id, and reprs and errors never show
the values.

:func:`classify` applies the rules in ``data/groups/rules-luat-tre-em-2016.json`` (one
per sub-group of Nghị định 56/2017/NĐ-CP, Điều 3–16) with three-valued logic, so the
result tells "not in the group" from "cannot tell":

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
import enum
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import attrs

from childprotect.children.ages import LeapDay, band
from childprotect.children.groups import Citation, Group, SubGroup, Taxonomy, taxonomy_on
from childprotect.data import build, load_file, read_json
from childprotect.errors import ChildProtectError, InvalidPlanFile, UnknownName, ValidationError
from childprotect.text.dates import PartialDate

__all__ = [
    "Answer",
    "CareSetting",
    "Classification",
    "DisabilityLevel",
    "DrugTreatment",
    "Facts",
    "GroupFinding",
    "Household",
    "Migration",
    "Nationality",
    "ParentFacts",
    "Rule",
    "RuleSet",
    "RuleSpec",
    "SubGroupFinding",
    "classify",
    "fact_paths",
    "load_rules",
    "rules_for",
]


class Answer(enum.Enum):
    """A three-valued answer: yes, no, or cannot tell from the facts given."""

    YES = "yes"
    NO = "no"
    CANNOT_TELL = "cannot-tell"

    def __and__(self, other: Answer) -> Answer:
        if self is Answer.NO or other is Answer.NO:
            return Answer.NO
        if self is Answer.YES and other is Answer.YES:
            return Answer.YES
        return Answer.CANNOT_TELL

    def __or__(self, other: Answer) -> Answer:
        if self is Answer.YES or other is Answer.YES:
            return Answer.YES
        if self is Answer.NO and other is Answer.NO:
            return Answer.NO
        return Answer.CANNOT_TELL

    def __invert__(self) -> Answer:
        if self is Answer.CANNOT_TELL:
            return self
        return Answer.NO if self is Answer.YES else Answer.YES

    @classmethod
    def of(cls, value: bool | None) -> Answer:
        """``True`` → YES, ``False`` → NO, ``None`` → CANNOT_TELL."""
        return cls.CANNOT_TELL if value is None else (cls.YES if value else cls.NO)


class CareSetting(enum.Enum):
    """Who the child lives with and is cared for by."""

    PARENTS = "parents"  # sống với cha, mẹ
    RELATIVES = "relatives"  # sống với người thân thích
    NON_RELATIVE_FAMILY = "non-relative-family"  # cá nhân, gia đình không phải người thân thích
    FACILITY = "facility"  # cơ sở cung cấp dịch vụ bảo vệ trẻ em hoặc cơ sở trợ giúp xã hội
    NO_CARER = "no-carer"  # không có người chăm sóc


class DisabilityLevel(enum.Enum):
    """Degree of disability as Nghị định 56/2017 Điều 6 names it."""

    NONE = "none"
    MILD = "mild"  # khuyết tật nhẹ
    SEVERE = "severe"  # khuyết tật nặng
    ESPECIALLY_SEVERE = "especially-severe"  # khuyết tật đặc biệt nặng


class DrugTreatment(enum.Enum):
    """Where an addicted child is being treated (Nghị định 56/2017 Điều 9)."""

    NONE = "none"
    FACILITY = "facility"  # trong cơ sở cai nghiện
    HOME_OR_COMMUNITY = "home-or-community"  # cai nghiện, điều trị nghiện tại gia đình, cộng đồng


class Household(enum.Enum):
    """Poverty status of the household (hộ nghèo, hộ cận nghèo)."""

    POOR = "poor"
    NEAR_POOR = "near-poor"
    OTHER = "other"


class Nationality(enum.Enum):
    """The child's nationality as Nghị định 56/2017 Điều 16 distinguishes it."""

    VIETNAMESE = "vietnamese"  # công dân Việt Nam
    FOREIGN = "foreign"  # có quốc tịch nước ngoài
    UNDETERMINED = "undetermined"  # chưa xác định được quốc tịch


class Migration(enum.Enum):
    """Migration, displacement or refuge (di cư, lánh nạn, tị nạn)."""

    NONE = "none"
    WITHIN_VIETNAM = "within-vietnam"  # di cư, lánh nạn trong nước
    INTO_VIETNAM = "into-vietnam"  # di cư, lánh nạn, tị nạn vào Việt Nam


def _fact(benign: object = None, help: str = "", kind: type | None = None) -> Any:
    """A fact field: unknown (None) by default, hidden from reprs.

    ``benign`` is the value that is not adverse for the child (None for neutral facts that
    describe the situation without being a harm in themselves).
    """
    return attrs.field(
        default=None, repr=False, kw_only=True,
        validator=_check_fact, metadata={"benign": benign, "help": help, "kind": kind or bool},
    )


def _check_fact(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    kind = attribute.metadata["kind"]
    ok = type(value) is bool if kind is bool else isinstance(value, kind)
    if not ok:
        expected = "True, False or None" if kind is bool else f"a {kind.__name__} or None"
        # The value itself is personal data: name the field only.
        raise ValidationError(f"facts: {attribute.name}: expected {expected} (unknown)")


def _read_facts(cls: type, data: object, path: str, problems: list[str]) -> dict[str, Any]:
    """The fields of ``cls`` (:class:`Facts` or :class:`ParentFacts`) read from plain data;
    each problem names its ``$.path`` and never the value (children's data)."""
    if not isinstance(data, dict):
        problems.append(f"expected an object @ {path}")
        return {}
    fields = {f.name: f for f in attrs.fields(cls)}
    out: dict[str, Any] = {}
    for key, value in data.items():
        where = f"{path}.{key}"
        f = fields.get(key) if isinstance(key, str) else None
        if f is None or (f.name == "at_risk" and cls is not Facts):
            problems.append(f"unknown field {key!r} @ {path}")
        elif key in ("father", "mother") and cls is Facts:
            parent = _read_facts(ParentFacts, value, where, problems)
            try:
                out[key] = ParentFacts(**parent)
            except ValidationError:
                problems.append(f"contradictory facts @ {where}")
        elif key == "birth" and cls is Facts:
            if value is None:
                out[key] = None
            elif type(value) is not str:
                problems.append(f"invalid value @ {where}")
            else:
                try:
                    out[key] = PartialDate.from_iso(value)
                except ChildProtectError:
                    problems.append(f"invalid value @ {where}")
        else:
            kind = f.metadata["kind"]
            if value is None or (kind is bool and type(value) is bool):
                out[key] = value
            elif kind is not bool and type(value) is str:
                try:
                    out[key] = kind(value)
                except ValueError:
                    problems.append(f"invalid value @ {where}")
            else:
                problems.append(f"invalid value @ {where}")
    return out


#: Parent facts that cannot be true together: a parent who has died is nothing else; a parent
#: declared missing is not known to be in a facility or detained.
_EXCLUSIVE = {
    "dead": ("missing", "in_social_assistance", "unable_to_care", "detained",
             "rights_restricted", "is_child"),
    "missing": ("in_social_assistance", "detained"),
}


def _consistent(value: Callable[[str], object]) -> bool:
    """Whether facts read through ``value`` (path → value) satisfy the checks of
    :class:`ParentFacts` and :class:`Facts`."""
    for parent in ("father", "mother"):
        for fact, excluded in _EXCLUSIVE.items():
            if value(f"{parent}.{fact}") is True and any(
                    value(f"{parent}.{n}") is True for n in excluded):
                return False
    return not (value("care_setting") is CareSetting.PARENTS and value("father.dead") is True
                and value("mother.dead") is True)


@attrs.frozen(repr=False)
class ParentFacts:
    """What is known about one parent; each fact True, False or None (unknown)."""

    dead: bool | None = _fact(False, "has died (mồ côi)")
    missing: bool | None = _fact(False, "declared missing by law (mất tích theo quy định của "
                                         "pháp luật)")
    in_social_assistance: bool | None = _fact(
        False, "being cared for in a social-assistance facility (đang hưởng chế độ chăm sóc, "
        "nuôi dưỡng tại cơ sở trợ giúp xã hội)")
    unable_to_care: bool | None = _fact(
        False, "no longer able to care for the child (không còn khả năng chăm sóc, nuôi dưỡng)")
    detained: bool | None = _fact(
        False, "serving a prison sentence, or in a compulsory education or compulsory "
        "rehabilitation establishment")
    rights_restricted: bool | None = _fact(
        False, "parental rights restricted (bị hạn chế quyền làm cha mẹ)")
    is_child: bool | None = _fact(False, "is of child age, under 16 (trong độ tuổi trẻ em)")

    def __attrs_post_init__(self) -> None:
        for fact, excluded in _EXCLUSIVE.items():
            if getattr(self, fact):
                for name in excluded:
                    if getattr(self, name):
                        raise ValidationError(
                            f"facts: contradictory parent facts {fact!r} and {name!r}")

    def __repr__(self) -> str:
        return "ParentFacts(<personal data hidden>)"


def _to_birth(value: dt.date | PartialDate | None) -> PartialDate | None:
    if value is None or isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return PartialDate.of(value)
    raise ValidationError("facts: birth: expected a date, a PartialDate or None (unknown)")


def _check_parent(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, ParentFacts):
        raise ValidationError(f"facts: {attribute.name}: expected ParentFacts")


@attrs.frozen(repr=False, kw_only=True)
class Facts:
    """What is known about one child on the classification date. Unknown is None.

    No names or identifiers: only the facts the rules need. ``at_risk`` is the user's own
    assessment that the child is at risk of falling into special circumstances (có nguy cơ
    rơi vào hoàn cảnh đặc biệt); the law gives no list, so it is passed through as is.
    """

    birth: PartialDate | None = attrs.field(default=None, converter=_to_birth, repr=False)
    father: ParentFacts = attrs.field(factory=ParentFacts, validator=_check_parent, repr=False)
    mother: ParentFacts = attrs.field(factory=ParentFacts, validator=_check_parent, repr=False)
    parents_identified: bool | None = _fact(None, "both parents identified (đã xác định được "
                                                  "cha mẹ)")
    care_setting: CareSetting | None = _fact(None, "who the child lives with", CareSetting)  # noqa: RUF009
    in_alternative_care: bool | None = _fact(None, "in alternative care (được chăm sóc thay "
                                                   "thế)")
    adopted: bool | None = _fact(None, "adopted (được nhận làm con nuôi)")
    separated_from_parent: bool | None = _fact(
        False, "temporarily separated from father or mother under law (tạm thời cách ly khỏi "
        "cha hoặc mẹ)")
    abandoned: bool | None = _fact(False, "abandoned (bị bỏ rơi)")
    disability: DisabilityLevel | None = _fact(DisabilityLevel.NONE, "degree of disability",  # noqa: RUF009
                                               DisabilityLevel)
    hiv: bool | None = _fact(False, "infected with HIV/AIDS (nhiễm HIV/AIDS)")
    admin_education_in_commune: bool | None = _fact(
        False, "administrative measure: education at commune level (giáo dục tại xã, phường, "
        "thị trấn)")
    admin_reformatory: bool | None = _fact(
        False, "administrative measure: sent to a reformatory school (đưa vào trường giáo "
        "dưỡng)")
    admin_family_management: bool | None = _fact(
        False, "alternative to administrative handling: management within the family (quản "
        "lý tại gia đình)")
    stable_residence_identified: bool | None = _fact(
        None, "a stable place of residence is identified (xác định được nơi cư trú ổn định)")
    judicial_education_in_commune: bool | None = _fact(
        False, "judicial measure: education at commune level (biện pháp tư pháp giáo dục tại "
        "xã, phường, thị trấn)")
    judicial_reformatory: bool | None = _fact(
        False, "judicial measure: sent to a reformatory school (biện pháp tư pháp đưa vào "
        "trường giáo dưỡng)")
    non_custodial_reform: bool | None = _fact(
        False, "serving non-custodial reform (cải tạo không giam giữ)")
    imprisonment: bool | None = _fact(False, "serving fixed-term imprisonment (tù có thời hạn)")
    suspended_sentence: bool | None = _fact(
        False, "fixed-term imprisonment suspended (tù có thời hạn nhưng được hưởng án treo)")
    completed_imprisonment: bool | None = _fact(
        False, "has completed a fixed-term prison sentence")
    completed_reformatory: bool | None = _fact(
        False, "has completed the measure of being sent to a reformatory school")
    drug_addicted: bool | None = _fact(False, "addicted to drugs (nghiện ma túy)")
    drug_treatment: DrugTreatment | None = _fact(None, "where addiction is treated",  # noqa: RUF009
                                                 DrugTreatment)
    dropped_out_to_earn_living: bool | None = _fact(
        False, "had to drop out of school to earn a living (phải bỏ học kiếm sống)")
    completed_lower_secondary: bool | None = _fact(
        None, "completed universal lower-secondary education (hoàn thành phổ cập giáo dục "
        "trung học cơ sở)")
    subjected_to_violence: bool | None = _fact(False, "subjected to violence (bị bạo lực)")
    violence_harm_concluded: bool | None = _fact(
        False, "a competent assessment concluded the violence led to mental or behavioural "
        "disorder or limited abilities")
    forced_labour: bool | None = _fact(
        False, "forced to work contrary to labour law")
    exploited_performance_or_pornography: bool | None = _fact(
        False, "drawn into performances or used to produce pornographic products")
    exploited_sex_tourism_or_prostitution: bool | None = _fact(
        False, "sexually abused in tourism, or given, received or supplied for prostitution")
    exploited_drugs_or_banned_goods: bool | None = _fact(
        False, "drawn into transporting, trading, producing or storing drugs or banned goods")
    exploited_other_profit: bool | None = _fact(
        False, "drawn into other activities for someone's profit")
    raped: bool | None = _fact(False, "raped (bị hiếp dâm)")
    coerced_sex: bool | None = _fact(False, "subjected to cưỡng dâm")
    sexual_intercourse: bool | None = _fact(False, "subjected to giao cấu")
    molested: bool | None = _fact(False, "subjected to dâm ô")
    used_for_prostitution_or_pornography: bool | None = _fact(
        False, "used for prostitution or pornography in any form")
    trafficked: bool | None = _fact(False, "trafficked (bị mua bán)")
    returned: bool | None = _fact(None, "has returned after being trafficked (trở về)")
    serious_or_long_term_illness: bool | None = _fact(
        False, "dangerous disease or disease needing long-term treatment, as defined by the "
        "competent authority")
    household: Household | None = _fact(None, "household poverty status", Household)  # noqa: RUF009
    nationality: Nationality | None = _fact(None, "nationality", Nationality)  # noqa: RUF009
    migration: Migration | None = _fact(Migration.NONE, "migration, displacement or refuge",  # noqa: RUF009
                                        Migration)
    at_risk: bool | None = _fact(None, "user's own assessment: at risk of falling into special "
                                       "circumstances (not a legal group)")

    def __attrs_post_init__(self) -> None:
        if (self.care_setting is CareSetting.PARENTS and self.father.dead
                and self.mother.dead):
            raise ValidationError(
                "facts: contradictory facts: care_setting 'parents' and both parents 'dead'")

    def __repr__(self) -> str:
        return "Facts(<personal data hidden>)"

    @classmethod
    def benign(cls, **neutral: Any) -> Facts:
        """Facts with every adverse fact at its benign value; neutral facts as given.

        >>> classify(Facts.benign(birth=dt.date(2012, 1, 1)), on=dt.date(2020, 1, 1)).codes()
        ()
        """
        values: dict[str, Any] = {}
        for f in attrs.fields(cls):
            benign = f.metadata.get("benign")
            if benign is not None:
                values[f.name] = benign
        parent = {f.name: f.metadata["benign"] for f in attrs.fields(ParentFacts)}
        values["father"] = ParentFacts(**parent)
        values["mother"] = ParentFacts(**parent)
        values.update(neutral)
        return cls(**values)

    @classmethod
    def from_dict(cls, data: object, source: str = "<facts>") -> Facts:
        """Facts from plain data (JSON), strictly; errors name the fields, never the values.

        >>> Facts.from_dict({"hiv": "positive"})
        Traceback (most recent call last):
        ...
        childprotect.errors.InvalidPlanFile: invalid data in <facts>:
          invalid value @ $.hiv
        """
        problems: list[str] = []
        values = _read_facts(cls, data, "$", problems)
        if not problems:
            try:
                return cls(**values)
            except ValidationError as exc:
                # Contradictory facts: the message names fields only, never values.
                problems.append(f"{exc} @ $")
        raise InvalidPlanFile(source, problems) from None

    def value(self, path: str) -> object:
        """The value of a fact by its path (``hiv``, ``father.dead``)."""
        obj: object = self
        for part in path.split("."):
            obj = getattr(obj, part)
        return obj

    def replace(self, path: str, value: object) -> Facts:
        """A copy with one fact (``hiv``, ``mother.detained``) set to ``value``."""
        head, _, rest = path.partition(".")
        if rest:
            parent = getattr(self, head)
            changes: dict[str, Any] = {rest: value}
            return attrs.evolve(self, **{head: attrs.evolve(parent, **changes)})
        top: dict[str, Any] = {head: value}
        return attrs.evolve(self, **top)


@cache
def fact_paths() -> dict[str, attrs.Attribute[Any]]:
    """Every fact the rules may use, by path (``hiv``, ``father.dead``), with its field."""
    out: dict[str, attrs.Attribute[Any]] = {}
    for f in attrs.fields(Facts):
        if f.name in ("father", "mother"):
            for p in attrs.fields(ParentFacts):
                out[f"{f.name}.{p.name}"] = p
        elif f.name != "birth":
            out[f.name] = f
    return out


# --- the rule language ------------------------------------------------------------------
#
#   expr    := term ("or" term)*
#   term    := factor ("and" factor)*
#   factor  := "not" factor | "(" expr ")" | macro | atom
#   macro   := "both" "(" names ")" | "parents" "(" names "," names ")"
#   atom    := path | path "=" NAME | path "!=" NAME | path "in" "{" NAME ("," NAME)* "}"
#   names   := NAME ("|" NAME)*
#
# ``both(a|b)``: each parent has fact a or b. ``parents(a, b)``: one parent has a and the
# other b (either way round). A bare path is a yes/no fact.

_TOKEN = re.compile(r"\s*(?:(?P<op>!=|[=(){},|])|(?P<name>[a-z_][a-z0-9_.\-]*))")


@attrs.frozen
class _Atom:
    path: str
    op: str  # "is", "=", "!=", "in"
    values: tuple[str, ...] = ()


@attrs.frozen
class _Not:
    arg: _Node


@attrs.frozen
class _All:
    args: tuple[_Node, ...]


@attrs.frozen
class _Any:
    args: tuple[_Node, ...]


_Node = _Atom | _Not | _All | _Any


class _Parser:
    def __init__(self, text: str, where: str) -> None:
        self.text, self.where = text, where
        self.tokens: list[str] = []
        pos = 0
        while pos < len(text):
            if text[pos:].strip() == "":
                break
            m = _TOKEN.match(text, pos)
            if m is None:
                raise ValidationError(
                    f"{where}: rule {text!r}: unexpected character at {text[pos:pos + 10]!r}")
            self.tokens.append(m.group("op") or m.group("name"))
            pos = m.end()
        self.i = 0

    def fail(self, msg: str) -> Any:
        raise ValidationError(f"{self.where}: rule {self.text!r}: {msg}")

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (expected is not None and tok != expected):
            self.fail(f"expected {expected or 'more'}, found {tok or 'the end'}")
        self.i += 1
        assert tok is not None
        return tok

    def parse(self) -> _Node:
        node = self.expr()
        if self.peek() is not None:
            self.fail(f"unexpected {self.peek()!r}")
        return node

    def expr(self) -> _Node:
        args = [self.term()]
        while self.peek() == "or":
            self.take()
            args.append(self.term())
        return args[0] if len(args) == 1 else _Any(tuple(args))

    def term(self) -> _Node:
        args = [self.factor()]
        while self.peek() == "and":
            self.take()
            args.append(self.factor())
        return args[0] if len(args) == 1 else _All(tuple(args))

    def names(self) -> tuple[str, ...]:
        out = [self.take()]
        while self.peek() == "|":
            self.take()
            out.append(self.take())
        return tuple(out)

    def factor(self) -> _Node:
        tok = self.take()
        if tok == "not":
            return _Not(self.factor())
        if tok == "(":
            node = self.expr()
            self.take(")")
            return node
        if tok in ("both", "parents") and self.peek() == "(":
            self.take("(")
            first = self.names()
            second = first
            if tok == "parents":
                self.take(",")
                second = self.names()
            self.take(")")
            if tok == "both":
                return _All((_parent_any("father", first), _parent_any("mother", first)))
            return _Any((
                _All((_parent_any("father", first), _parent_any("mother", second))),
                _All((_parent_any("mother", first), _parent_any("father", second))),
            ))
        if not re.fullmatch(r"[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?", tok):
            self.fail(f"expected a fact, found {tok!r}")
        op = self.peek()
        if op in ("=", "!="):
            self.take()
            return _Atom(tok, op, (self.take(),))
        if op == "in":
            self.take()
            self.take("{")
            values = [self.take()]
            while self.peek() == ",":
                self.take()
                values.append(self.take())
            self.take("}")
            return _Atom(tok, "in", tuple(values))
        return _Atom(tok, "is")


def _parent_any(parent: str, names: tuple[str, ...]) -> _Node:
    atoms = tuple(_Atom(f"{parent}.{n}", "is") for n in names)
    return atoms[0] if len(atoms) == 1 else _Any(atoms)


def _atoms(node: _Node, negated: bool = False) -> Iterator[tuple[_Atom, bool]]:
    if isinstance(node, _Atom):
        yield node, negated
    elif isinstance(node, _Not):
        yield from _atoms(node.arg, not negated)
    else:
        for a in node.args:
            yield from _atoms(a, negated)


@attrs.frozen
class Rule:
    """A parsed rule: the text as written in the data, and its syntax tree."""

    text: str
    tree: _Node = attrs.field(repr=False, eq=False)

    @classmethod
    def parse(cls, text: str, where: str = "rule") -> Rule:
        """Parse and check a rule against the facts :class:`Facts` has.

        >>> Rule.parse("parents(dead, missing)").facts()
        ('father.dead', 'father.missing', 'mother.dead', 'mother.missing')
        >>> Rule.parse("hiv = yes")
        Traceback (most recent call last):
        ...
        childprotect.errors.ValidationError: rule: rule 'hiv = yes': fact 'hiv' is yes/no: ...
        """
        tree = _Parser(text, where).parse()
        paths = fact_paths()
        for atom, _ in _atoms(tree):
            field = paths.get(atom.path)
            if field is None:
                raise ValidationError(f"{where}: rule {text!r}: unknown fact {atom.path!r}")
            kind = field.metadata["kind"]
            if kind is bool and atom.op != "is":
                raise ValidationError(
                    f"{where}: rule {text!r}: fact {atom.path!r} is yes/no: write it bare or "
                    "with 'not'")
            if kind is not bool:
                if atom.op == "is":
                    raise ValidationError(
                        f"{where}: rule {text!r}: fact {atom.path!r} needs '=', '!=' or 'in'")
                allowed = [m.value for m in kind]
                for v in atom.values:
                    if v not in allowed:
                        raise ValidationError(
                            f"{where}: rule {text!r}: {v!r} is not a value of {atom.path!r} "
                            f"(one of {allowed})")
        return cls(text, tree)

    def facts(self) -> tuple[str, ...]:
        """The facts the rule reads, sorted."""
        return tuple(sorted({a.path for a, _ in _atoms(self.tree)}))

    def negated_facts(self) -> tuple[str, ...]:
        """The facts the rule reads under a negation or with ``!=`` (setting them may
        remove a group)."""
        out = {a.path for a, neg in _atoms(self.tree) if neg or a.op == "!="}
        return tuple(sorted(out))

    def evaluate(self, facts: Facts | dict[str, object]) -> tuple[Answer, tuple[str, ...]]:
        """The answer for ``facts``, and the unknown facts it read (sorted)."""
        unknown: set[str] = set()
        values = facts if isinstance(facts, dict) else _values(facts)
        answer = _eval(self.tree, values, unknown)
        return answer, tuple(sorted(unknown))


def _values(facts: Facts) -> dict[str, object]:
    """Every fact by path, with the unknown facts that the known ones imply filled in.

    A parent in prison is alive; a parent who has died is nothing else; a child living with
    both parents of whom one has died has a living other parent (see :data:`_EXCLUSIVE`).
    """
    values = {path: facts.value(path) for path in fact_paths()}
    for parent in ("father", "mother"):
        for fact, excluded in _EXCLUSIVE.items():
            here = f"{parent}.{fact}"
            for name in excluded:
                other = f"{parent}.{name}"
                if values[here] is True and values[other] is None:
                    values[other] = False
                if values[other] is True and values[here] is None:
                    values[here] = False
    if values["care_setting"] is CareSetting.PARENTS:
        for a, b in (("father", "mother"), ("mother", "father")):
            if values[f"{a}.dead"] is True and values[f"{b}.dead"] is None:
                values[f"{b}.dead"] = False
    return values


def _eval(node: _Node, values: dict[str, object], unknown: set[str]) -> Answer:
    if isinstance(node, _Atom):
        value = values[node.path]
        if value is None:
            unknown.add(node.path)
            return Answer.CANNOT_TELL
        if node.op == "is":
            return Answer.of(bool(value))
        v = value.value if isinstance(value, enum.Enum) else value
        if node.op == "=":
            return Answer.of(v == node.values[0])
        if node.op == "!=":
            return Answer.of(v != node.values[0])
        return Answer.of(v in node.values)
    if isinstance(node, _Not):
        return ~_eval(node.arg, values, unknown)
    results = [_eval(a, values, unknown) for a in node.args]
    out = results[0]
    for r in results[1:]:
        out = (out & r) if isinstance(node, _All) else (out | r)
    return out


#: The most combinations of unknown facts tried to decide a group (see :func:`classify`).
MAX_CASES = 4096


def _decide_by_cases(rules: list[Rule], facts: Facts, unknown: tuple[str, ...],
                     values: dict[str, object] | None = None) -> Answer:
    """YES if some rule holds whatever the unknown facts are, NO if none can hold."""
    import itertools

    paths = fact_paths()
    domains: list[tuple[object, ...]] = []
    size = 1
    for u in unknown:
        kind = paths[u].metadata["kind"]
        dom: tuple[object, ...] = (True, False) if kind is bool else tuple(kind)
        domains.append(dom)
        size *= len(dom)
        if size > MAX_CASES:
            return Answer.CANNOT_TELL
    seen_yes = seen_no = False
    if values is None:
        values = _values(facts)
    for combo in itertools.product(*domains):
        case = dict(values)
        case.update(zip(unknown, combo, strict=True))
        if not _consistent(case.__getitem__):
            continue  # an impossible case (e.g. a dead parent in prison)
        scratch: set[str] = set()
        hit = any(_eval(r.tree, case, scratch) is Answer.YES for r in rules)
        seen_yes |= hit
        seen_no |= not hit
        if seen_yes and seen_no:
            return Answer.CANNOT_TELL
    return Answer.YES if seen_yes else Answer.NO


@attrs.frozen
class RuleSpec:
    """One rule as written in a rules file: the sub-group it decides and its text."""

    subgroup: str
    rule: str
    note: str | None = None


@attrs.frozen
class RuleSet:
    """The rules deciding every sub-group of one taxonomy (one rule per sub-group)."""

    taxonomy: str
    rules: tuple[RuleSpec, ...]
    notes: tuple[str, ...] = ()
    _parsed: dict[str, Rule] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        parsed: dict[str, Rule] = {}
        for i, spec in enumerate(self.rules):
            where = f"rules of {self.taxonomy!r}, $.rules[{i}] ({spec.subgroup})"
            if spec.subgroup in parsed:
                raise ValidationError(f"{where}: a second rule for sub-group {spec.subgroup!r}")
            parsed[spec.subgroup] = Rule.parse(spec.rule, where)
        object.__setattr__(self, "_parsed", parsed)

    def rule(self, subgroup: str) -> Rule:
        """The parsed rule of a sub-group code."""
        if subgroup not in self._parsed:
            raise UnknownName("rule for sub-group", subgroup, list(self._parsed)[:4])
        return self._parsed[subgroup]

    def check_against(self, taxonomy: Taxonomy) -> None:
        """Raise unless there is exactly one rule for each sub-group of ``taxonomy``."""
        want = {s.code for s in taxonomy.subgroups}
        have = set(self._parsed)
        if taxonomy.id != self.taxonomy or want != have:
            raise ValidationError(
                f"rules of {self.taxonomy!r} do not fit taxonomy {taxonomy.id!r}: missing "
                f"{sorted(want - have)}, extra {sorted(have - want)}")


_RULES = {"luat-tre-em-2016": "groups/rules-luat-tre-em-2016.json"}


def rules_of(value: object, source: str = "<rules>") -> RuleSet:
    """A rule set from plain data in the bundled files' format."""
    return build(value, source, lambda f: RuleSet(
        taxonomy=f.text("taxonomy"),
        rules=f.objects("rules", lambda g: RuleSpec(
            subgroup=g.text("subgroup"), rule=g.text("rule"), note=g.optional_text("note"))),
        notes=f.texts("notes"),
    ))


@cache
def rules_for(taxonomy_id: str) -> RuleSet:
    """The bundled rules of a bundled taxonomy."""
    if taxonomy_id not in _RULES:
        raise UnknownName("rules for taxonomy", taxonomy_id, list(_RULES))
    return rules_of(read_json(_RULES[taxonomy_id]), f"data/{_RULES[taxonomy_id]}")


def load_rules(path: str | Path) -> RuleSet:
    """A rules file for a user-supplied taxonomy."""
    return rules_of(load_file(path), str(path))


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

    def explain(self) -> str:
        """The findings as lines of text, for the person who supplied the facts."""
        lines = [f"on {self.on}, taxonomy {self.taxonomy}: child: {self.child.value}"]
        if self.note:
            lines.append(f"  note: {self.note}")
        for g in self.groups:
            if g.answer is Answer.NO:
                continue
            lines.append(f"  {g.group.code}) {g.group.label_vi}: {g.answer.value}")
            for s in g.subgroups:
                if s.answer is Answer.NO:
                    continue
                extra = f"; unknown: {', '.join(s.unknown)}" if s.unknown else ""
                lines.append(f"    {s.subgroup.code} [{s.citation}] {s.answer.value}: "
                             f"{s.rule}{extra}")
        return "\n".join(lines)


def classify(facts: Facts, on: dt.date, taxonomy: Taxonomy | None = None,
             rules: RuleSet | None = None, leap_day: LeapDay | None = None) -> Classification:
    """Classify one child on ``on`` under the taxonomy in force on that date.

    Pass ``taxonomy`` (and its ``rules``) to use a user-supplied one.
    """
    if not isinstance(facts, Facts):
        raise ValidationError("facts: expected a Facts object")
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise ValidationError(f"on: expected a date, got {on!r}")
    tax = taxonomy if taxonomy is not None else taxonomy_on(on)
    if not tax.in_force(on):
        raise ValidationError(f"taxonomy {tax.id!r} is not in force on {on}")
    rs = rules if rules is not None else rules_for(tax.id)
    rs.check_against(tax)
    child = Answer.CANNOT_TELL
    if facts.birth is not None:
        child = Answer.of(band(tax.child_band).contains(facts.birth, on, leap_day))
    note = None
    detailed = tax.subgroups_in_force(on)
    values = _values(facts)
    if child is Answer.NO:
        note = f"not a child on {on}: a child is a person in age band {tax.child_band!r}"
    elif not detailed:
        note = (f"the sub-groups of taxonomy {tax.id!r} were not yet in force on {on}: "
                "membership cannot be decided from them")
    findings: list[GroupFinding] = []
    for g in tax.groups:
        subs: list[SubGroupFinding] = []
        for s in tax.subgroups_of(g.code):
            rule = rs.rule(s.code)
            if child is Answer.NO:
                subs.append(SubGroupFinding(s, Answer.NO, rule.text, (), "not a child"))
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

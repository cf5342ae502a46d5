"""What is known about one child, as three-valued facts (``True``, ``False``, ``None`` for
unknown; an enumerated fact is ``None`` when unknown).

Nothing identifies the child: no name, no id, and reprs and errors never show the values.

>>> Facts(hiv=True)
Facts(<personal data hidden>)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from functools import cache
from typing import Any

import attrs

from childprotect.errors import ChildProtectError, InvalidPlanFile, ValidationError
from childprotect.i18n import Message
from childprotect.text.dates import PartialDate

__all__ = [
    "Answer",
    "CareSetting",
    "DisabilityLevel",
    "DrugTreatment",
    "Facts",
    "Household",
    "Migration",
    "Nationality",
    "ParentFacts",
    "fact_paths",
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
        expected = "True, False, None" if kind is bool else f"{kind.__name__}, None"
        # The value itself is personal data: name the field only.
        raise ValidationError(Message("facts: {field}: expected {expected} (unknown)",
                                      field=attribute.name, expected=expected))


def _read_facts(cls: type, data: object, path: str, problems: list[str]) -> dict[str, Any]:
    """The fields of ``cls`` (:class:`Facts` or :class:`ParentFacts`) read from plain data;
    each problem names its ``$.path`` and never the value (children's data)."""
    if not isinstance(data, dict):
        problems.append(Message("expected an object @ {path}", path=path).text())
        return {}
    fields = {f.name: f for f in attrs.fields(cls)}
    out: dict[str, Any] = {}
    for key, value in data.items():
        where = f"{path}.{key}"
        f = fields.get(key) if isinstance(key, str) else None
        if f is None or (f.name == "at_risk" and cls is not Facts):
            problems.append(Message(
                "unknown field {key} @ {path}", key=repr(key), path=path).text())
        elif key in ("father", "mother") and cls is Facts:
            parent = _read_facts(ParentFacts, value, where, problems)
            try:
                out[key] = ParentFacts(**parent)
            except ValidationError:
                problems.append(Message("contradictory facts @ {where}", where=where).text())
        elif key == "birth" and cls is Facts:
            if value is None:
                out[key] = None
            elif type(value) is not str:
                problems.append(Message("invalid value @ {where}", where=where).text())
            else:
                try:
                    out[key] = PartialDate.from_iso(value)
                except ChildProtectError:
                    problems.append(Message("invalid value @ {where}", where=where).text())
        else:
            kind = f.metadata["kind"]
            if value is None or (kind is bool and type(value) is bool):
                out[key] = value
            elif kind is not bool and type(value) is str:
                try:
                    out[key] = kind(value)
                except ValueError:
                    problems.append(Message("invalid value @ {where}", where=where).text())
            else:
                problems.append(Message("invalid value @ {where}", where=where).text())
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
                            Message("facts: contradictory parent facts {fact} and {name}",
                                    fact=repr(fact), name=repr(name)))

    def __repr__(self) -> str:
        return "ParentFacts(<personal data hidden>)"


def _to_birth(value: dt.date | PartialDate | None) -> PartialDate | None:
    if value is None or isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return PartialDate.of(value)
    raise ValidationError(Message("facts: birth: expected a date, a PartialDate or None "
                                  "(unknown)"))


def _check_parent(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, ParentFacts):
        raise ValidationError(Message("facts: {field}: expected ParentFacts",
                                      field=attribute.name))


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
                Message("facts: contradictory facts: care_setting 'parents' and both parents "
                        "'dead'"))

    def __repr__(self) -> str:
        return "Facts(<personal data hidden>)"

    @classmethod
    def benign(cls, **neutral: Any) -> Facts:
        """Facts with every adverse fact at its benign value; neutral facts as given.

        >>> from childprotect.children.classification import classify
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
                problems.append(Message("{exc} @ $", exc=exc).text())
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

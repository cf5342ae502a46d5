"""Vietnamese legal and administrative documents: numbers, dates, issuers and bases.

A document number is kept as written and parsed into its parts:

>>> n = DocumentNumber.parse("07/2021/NQ-HĐND")
>>> n.sequence, n.year, n.type_code, n.issuer_code
(7, 2021, 'NQ', 'HĐND')
>>> DocumentNumber.parse("Số:        /KH-UBND").sequence is None
True
>>> n = DocumentNumber.parse("20-NQ/TW")  # a Party document: sequence-type/issuer
>>> n.sequence, n.type_code, n.issuer_code, n.party, n.canonical()
(20, 'NQ', 'TW', True, '20-NQ/TW')
>>> DocumentNumber.parse("hello")
Traceback (most recent call last):
...
childprotect.errors.InvalidDocumentNumber: invalid document number 'hello': ...

Dates keep the text they were written as; an impossible day is kept, not rejected:

>>> DateText.parse("ngày 31 tháng 02 năm 2020").value is None
True
>>> DateText.parse("ngày   tháng 02 năm 2020").value
PartialDate(year=2020, month=2, day=None)
"""

from __future__ import annotations

import enum
import re
from functools import lru_cache
from typing import Any

import attrs

from childprotect.documents.anomalies import Anomaly, Severity
from childprotect.documents.levels import AdminLevel, level_name
from childprotect.errors import InvalidDate, InvalidDocumentNumber, ValidationError
from childprotect.i18n import Message
from childprotect.text.dates import PartialDate, Precision
from childprotect.text.validators import check_year
from childprotect.text.vntext import nfc, parse_date

__all__ = [
    "AdminLevel",
    "DateText",
    "Document",
    "DocumentNumber",
    "DocumentRef",
    "Issuer",
    "Period",
    "Relation",
    "check_document",
    "document_type",
    "level_name",
]

_NUMBER = re.compile(
    r"(?:số\s*(?:hiệu)?\s*:?\s*)?"
    r"(?P<seq>[0-9]{1,6})?\s*/\s*"
    r"(?:(?P<year>[0-9]{4})\s*/\s*)?"
    r"(?P<suffix>[^\W\d_&][\w&]*(?:\s*-\s*[\w&]+)*)",
    re.IGNORECASE,
)
#: A Party document number: ``20-NQ/TW`` (Nghị quyết 20 of the Central Committee),
#: ``05-CT/TW``, ``35-KL/TW``: the sequence, a hyphen, the type, a slash and the issuer.
_PARTY_NUMBER = re.compile(
    r"(?:số\s*(?:hiệu)?\s*:?\s*)?"
    r"(?P<seq>[0-9]{1,6})\s*-\s*(?P<type>[A-ZĐ]{1,6})\s*/\s*"
    r"(?P<issuer>[A-ZĐ]+(?:\s*-\s*[A-ZĐ]+)*)",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _document_types() -> dict[str, dict[str, str]]:
    from childprotect.data import read_json

    data: dict[str, Any] = read_json("document_types.json")
    return {t["code"]: t for t in data["types"]}


def document_type(code: str) -> dict[str, str] | None:
    """The document type with this abbreviation (``KH`` → Kế hoạch), if known.

    >>> document_type("KH")["name_en"]
    'plan'
    """
    return _document_types().get(code)


@attrs.frozen
class DocumentNumber:
    """A document number as written (``208/KH-UBND``), with its parsed parts.

    ``sequence`` is None when the number was left blank. ``type_code`` is the document
    type abbreviation (KH, QĐ, NQ, TTr …) or None when the number has none (a law,
    ``102/2016/QH13``, or an official letter, ``123/UBND-VX``). ``party`` is True for a
    Party document number written ``20-NQ/TW``.
    """

    text: str
    sequence: int | None
    year: int | None
    type_code: str | None
    issuer_code: str | None
    party: bool = False

    @classmethod
    def parse(cls, text: str) -> DocumentNumber:
        s = re.sub(r"\s+", " ", nfc(text)).strip()
        p = _PARTY_NUMBER.fullmatch(s)
        if p is not None:
            return cls(nfc(text).strip(), int(p.group("seq")), None, p.group("type").upper(),
                       re.sub(r"\s+", "", p.group("issuer")).upper(), party=True)
        m = _NUMBER.fullmatch(s)
        if m is None:
            raise InvalidDocumentNumber(Message(
                "invalid document number {text}: expected e.g. 208/KH-UBND, 07/2021/NQ-HĐND "
                "or 20-NQ/TW", text=repr(text))
            )
        parts = [p.strip() for p in m.group("suffix").split("-")]
        type_code: str | None = None
        if parts[0] in _document_types() and (len(parts) > 1 or m.group("year") is None):
            type_code = parts.pop(0)
        issuer = "-".join(parts) if parts else None
        seq = int(m.group("seq")) if m.group("seq") else None
        year = int(m.group("year")) if m.group("year") else None
        return cls(nfc(text).strip(), seq, year, type_code, issuer)

    def canonical(self) -> str:
        """The number in standard form (no ``Số:``, no spaces), blank sequence kept blank."""
        if self.party:
            return f"{self.sequence}-{self.type_code}/{self.issuer_code}"
        parts = [str(self.sequence) if self.sequence is not None else ""]
        if self.year is not None:
            parts.append(str(self.year))
        suffix = "-".join(p for p in (self.type_code, self.issuer_code) if p)
        return "/".join([*parts, suffix])

    def __str__(self) -> str:
        return self.text


@attrs.frozen
class DateText:
    """A date exactly as a document writes it, with the date it means.

    ``value`` is None when the text names a day that does not exist (``31 tháng 02``);
    ``problem`` then says why. Text that is not a date at all is an error.
    """

    text: str
    value: PartialDate | None = attrs.field(init=False, eq=False, repr=False)
    problem: str | None = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        value: PartialDate | None
        problem: str | None = None
        try:
            value = _parse_any_date(self.text)
        except InvalidDate as exc:
            if not _looks_like_date(self.text):
                raise
            value, problem = None, str(exc)
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "problem", problem)

    @classmethod
    def parse(cls, text: str) -> DateText:
        return cls(nfc(text))

    @classmethod
    def of(cls, value: PartialDate) -> DateText:
        return cls(value.iso())

    def iso(self) -> str | None:
        return self.value.iso() if self.value is not None else None


_ISO = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
_IMPOSSIBLE_SHAPE = re.compile(r"[^0-9]*[0-9]{1,2}\D+[0-9]{1,2}\D+[0-9]{4}\s*")


def _parse_any_date(text: str) -> PartialDate:
    if _ISO.fullmatch(text.strip()):
        return PartialDate.from_iso(text.strip())
    return parse_date(text)


def _looks_like_date(text: str) -> bool:
    """Day, month and year are all there, in date shape: out-of-range, not gibberish."""
    return bool(_IMPOSSIBLE_SHAPE.fullmatch(text)) or bool(
        re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip())
    )


@attrs.frozen
class Issuer:
    """Who issued a document: ``Ủy ban nhân dân tỉnh Thừa Thiên Huế`` at province level."""

    name_vi: str = attrs.field(converter=nfc)
    name_en: str
    level: AdminLevel
    place: str | None = None


class Relation(enum.Enum):
    """How a plan refers to another document."""

    BASED_ON = "can-cu"  # "Căn cứ …"
    IMPLEMENTS = "thuc-hien"  # "Thực hiện …"
    PROPOSED_BY = "de-nghi"  # "Theo đề nghị … tại Tờ trình …"
    ATTACHED_TO = "kem-theo"  # "(Kèm theo Quyết định số …)"
    REFERS_TO = "tham-chieu"  # mentioned in the body


@attrs.frozen
class DocumentRef:
    """A document referred to by a plan (a basis, the decision it is attached to …)."""

    relation: Relation
    kind_vi: str = attrs.field(converter=nfc)
    number: DocumentNumber | None = None
    date: DateText | None = None
    issuer_vi: str | None = None
    title_vi: str | None = None


@attrs.frozen
class Period:
    """The years a plan covers, inclusive: ``Period(2021, 2025)``.

    ``end`` is None when the document states no end (a standing plan).

    >>> str(Period(2021, 2025)), str(Period(2020, 2020)), str(Period(2019))
    ('2021–2025', '2020', '2019–')
    """

    start: int
    end: int | None = None

    def __attrs_post_init__(self) -> None:
        check_year(self.start, Message("period start"))
        if self.end is not None:
            check_year(self.end, Message("period end"))
        if self.end is not None and self.end < self.start:
            raise ValidationError(Message("period ends ({end}) before it starts ({start})",
                                          end=self.end, start=self.start))

    def years(self, until: int | None = None) -> range:
        """The years covered; an open period needs ``until``."""
        end = self.end if self.end is not None else until
        if end is None:
            raise ValidationError(Message("the period {self} has no end: give the last year "
                                          "wanted", self=self))
        return range(self.start, end + 1)

    def __contains__(self, year: object) -> bool:
        return isinstance(year, int) and self.start <= year and (
            self.end is None or year <= self.end)

    def __str__(self) -> str:
        if self.end is None:
            return f"{self.start}–"
        return str(self.start) if self.start == self.end else f"{self.start}–{self.end}"


@attrs.frozen
class Document:
    """The identity of a plan document: number, issuer, date, title, period, bases."""

    number: DocumentNumber
    issuer: Issuer
    issued: DateText
    title_vi: str = attrs.field(converter=nfc)
    title_en: str
    period: Period
    bases: tuple[DocumentRef, ...] = ()
    signer: str | None = None


def check_document(doc: Document, where: str = "document") -> list[Anomaly]:
    """Date and numbering anomalies of a document and the documents it cites."""
    out: list[Anomaly] = []
    if doc.number.sequence is None:
        out.append(Anomaly(
            "number.blank", f"{where}.number", doc.number.text,
            Message("the document number was left blank: the document cannot be cited by "
                    "number"),
            Severity.WARNING,
        ))
    out.extend(_check_date(doc.issued, f"{where}.issued", issued=True))
    issued = doc.issued.value
    for i, ref in enumerate(doc.bases):
        path = f"{where}.bases[{i}]"
        if ref.date is not None:
            out.extend(_check_date(ref.date, f"{path}.date", issued=False))
        if ref.number is not None and ref.number.sequence is None:
            out.append(Anomaly(
                "number.blank", f"{path}.number", ref.number.text,
                Message("a cited document's number is blank"), Severity.WARNING,
            ))
        if (ref.number is not None and ref.number.year is not None and ref.date is not None
                and ref.date.value is not None and ref.date.value.year != ref.number.year):
            out.append(Anomaly(
                "number.year-mismatch", f"{path}.number", ref.number.text,
                Message("the number says {year} but the document is dated {date}",
                        year=ref.number.year, date=ref.date.value.iso()), Severity.ERROR,
            ))
        if (issued is not None and ref.date is not None and ref.date.value is not None
                and ref.relation is not Relation.REFERS_TO
                and ref.date.value.earliest() > issued.latest()):
            out.append(Anomaly(
                "date.basis-after-issue", f"{path}.date", ref.date.text,
                Message("a basis dated {date} is later than the document itself ({issued})",
                        date=ref.date.value.iso(), issued=issued.iso()), Severity.ERROR,
            ))
    if issued is not None and doc.period.end is not None and issued.year > doc.period.end:
        out.append(Anomaly(
            "date.issued-after-period", f"{where}.issued", doc.issued.text,
            Message("issued in {year}, after the period {period} it plans for",
                    year=issued.year, period=str(doc.period)),
            Severity.ERROR,
        ))
    return out


def _check_date(d: DateText, where: str, *, issued: bool) -> list[Anomaly]:
    if d.value is None:
        return [Anomaly(
            "date.impossible", where, d.text,
            Message("the date does not exist ({problem}); kept as written",
                    problem=_date_problem((d.problem or "").split(": ", 1)[-1])),
            Severity.ERROR,
        )]
    if d.value.precision is Precision.MONTH:
        what = Message("the document's own date") if issued else Message(
            "a cited document's date")
        return [Anomaly(
            "date.blank-day", where, d.text,
            Message("the day of {what} was left blank: known only to the month ({month})",
                    what=what, month=d.value.iso()),
            Severity.WARNING,
        )]
    return []


def _date_problem(text: str) -> Message | str:
    """Why a date does not exist, in either language (other problems as they are)."""
    m = re.fullmatch(r"day ([0-9]+) is out of range for month ([0-9]+) of ([0-9]+)", text)
    if m is None:
        return text
    return Message("day {day} is out of range for month {month} of {year}", day=m.group(1),
                   month=m.group(2), year=m.group(3))

"""The extractor's vocabularies, read from ``data/extract/*.json`` through the converter.

Every vocabulary is a list of *phrases*, never regular expressions: the extractor
escapes them and builds its patterns itself, so that no data file can introduce a
pattern that backtracks badly.

>>> v = vocabulary()
>>> [c.comparator for c in v.numbers.comparators if c.phrase == "xuống dưới"]
['below']
>>> phrase_pattern(["Sở", "Sở Y tế"]).match("Sở  Y tế").group(0)
'Sở  Y tế'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import attrs

__all__ = [
    "AgencyVocabulary",
    "CleaningVocabulary",
    "DocumentVocabulary",
    "DutyVocabulary",
    "NumberVocabulary",
    "RoleVocabulary",
    "Vocabulary",
    "phrase_pattern",
    "vocabulary",
]


@attrs.frozen
class CleaningVocabulary:
    """Web-page residue, header markers and document headings (``cleaning.json``)."""

    source: str
    note: str
    residue_lines: tuple[str, ...]
    end_markers: tuple[str, ...]
    start_markers: tuple[str, ...]
    start_window_lines: int
    document_headings: tuple[str, ...]
    motto_lines: tuple[str, ...]
    closing_lines: tuple[str, ...]


@attrs.frozen
class ComparatorPhrase:
    phrase: str
    comparator: str


@attrs.frozen
class RangeWords:
    start: str
    end: str
    yearly: tuple[str, ...]
    reduce: tuple[str, ...]


@attrs.frozen
class RateBase:
    phrase: str
    unit: str


@attrs.frozen
class UnitPhrase:
    phrase: str
    unit: str
    multiplier: int


@attrs.frozen
class AreaPhrase:
    phrase: str
    option: str


@attrs.frozen
class NumberVocabulary:
    """Comparators, rate bases and qualifiers of target values (``numbers.json``)."""

    source: str
    note: str
    comparators: tuple[ComparatorPhrase, ...]
    range: RangeWords
    eliminate: tuple[str, ...]
    reduce_verbs: tuple[str, ...]
    increase_verbs: tuple[str, ...]
    rate_bases: tuple[RateBase, ...]
    not_a_value_after: tuple[str, ...]
    sub_target_markers: tuple[str, ...]
    parts_markers: tuple[str, ...]
    units: tuple[UnitPhrase, ...]
    change_qualifiers: tuple[str, ...] = ()
    topic_phrases: tuple[str, ...] = ()
    count_openers: tuple[str, ...] = ()
    countable_after: tuple[str, ...] = ()
    not_a_value_before: tuple[str, ...] = ()
    year_lead: tuple[str, ...] = ()
    year_not_target_before: tuple[str, ...] = ()
    areas: tuple[AreaPhrase, ...] = ()


@attrs.frozen
class RolePhrase:
    phrase: str
    role: str


@attrs.frozen
class ItemWord:
    phrase: str
    kind: str


@attrs.frozen
class RoleVocabulary:
    """Role verbs and item words of responsibility sentences (``roles.json``)."""

    source: str
    note: str
    roles: tuple[RolePhrase, ...]
    requested: tuple[str, ...]
    implementers: tuple[str, ...]
    item_words: tuple[ItemWord, ...]
    part_word: str
    matrix_sections: tuple[str, ...]
    intensifiers: tuple[str, ...]
    propose_anywhere: tuple[str, ...] = ()
    submit_to: tuple[str, ...] = ()
    partner_stops: tuple[str, ...] = ()


@attrs.frozen
class AgencyVocabulary:
    """How agency names open and end (``agencies.json``)."""

    source: str
    note: str
    heads: tuple[str, ...]
    stop_words: tuple[str, ...]
    generic: tuple[str, ...]


@attrs.frozen
class RelationPhrase:
    phrase: str
    relation: str


@attrs.frozen
class KindPhrase:
    phrase: str
    issuer_vi: str | None = None


@attrs.frozen
class LevelPhrase:
    phrase: str
    level: str


@attrs.frozen
class CityList:
    places: tuple[str, ...]
    source: str
    verified: bool
    note: str


@attrs.frozen
class IssuerBody:
    phrase: str
    name_vi: str
    name_en: str


@attrs.frozen
class DocumentVocabulary:
    """Preamble relations, document kinds and issuer levels (``documents.json``)."""

    source: str
    relations: tuple[RelationPhrase, ...]
    kinds: tuple[KindPhrase, ...]
    kind_issuer_source: str
    levels: tuple[LevelPhrase, ...]
    province_level_cities: CityList
    issuer_bodies: tuple[IssuerBody, ...]
    level_names_en: dict[str, str]


@attrs.frozen
class DutyVocabulary:
    """Report words, deadlines and recurrences (``duties.json``)."""

    source: str
    note: str
    report_words: tuple[str, ...]
    deadline_words: tuple[str, ...]
    yearly: tuple[str, ...]
    half_yearly: tuple[str, ...]
    recipients: tuple[str, ...]
    via: tuple[str, ...]
    duty_sections: tuple[str, ...]
    not_a_duty_before: tuple[str, ...]
    not_a_duty_after: tuple[str, ...]
    summary_words: tuple[str, ...]
    recipient_openers: tuple[str, ...]
    as_needed: tuple[str, ...]
    mid_term: tuple[str, ...]
    end_of_period: tuple[str, ...]
    evaluation_year: tuple[str, ...]
    forward: tuple[str, ...]
    forward_then: tuple[str, ...]
    subject_ends: tuple[str, ...]


@attrs.frozen
class Vocabulary:
    """All the extractor's vocabularies."""

    cleaning: CleaningVocabulary
    numbers: NumberVocabulary
    roles: RoleVocabulary
    agencies: AgencyVocabulary
    documents: DocumentVocabulary
    duties: DutyVocabulary


def _load(name: str, cls: type[attrs.AttrsInstance]) -> object:
    from childprotect.formats.convert import load_bundled

    return load_bundled(f"data/extract/{name}.json", cls)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabularies shipped with the library (read once)."""
    return Vocabulary(
        cleaning=_load("cleaning", CleaningVocabulary),  # type: ignore[arg-type]
        numbers=_load("numbers", NumberVocabulary),  # type: ignore[arg-type]
        roles=_load("roles", RoleVocabulary),  # type: ignore[arg-type]
        agencies=_load("agencies", AgencyVocabulary),  # type: ignore[arg-type]
        documents=_load("documents", DocumentVocabulary),  # type: ignore[arg-type]
        duties=_load("duties", DutyVocabulary),  # type: ignore[arg-type]
    )


def phrase_regex(phrases: Iterable[str]) -> str:
    """An alternation of literal phrases, longest first, spaces matching any blank run.

    Each phrase is escaped: the result has no nested quantifiers, so matching it is
    linear in the length of the text.
    """
    return _phrase_regex(tuple(phrases))


@lru_cache(maxsize=512)
def _phrase_regex(phrases: tuple[str, ...]) -> str:
    uniq = sorted({p.strip() for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    parts = [r"\s+".join(re.escape(w) for w in p.split()) for p in uniq]
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


@lru_cache(maxsize=256)
def _compiled(phrases: tuple[str, ...], flags: int) -> re.Pattern[str]:
    return re.compile(phrase_regex(phrases), flags)


def phrase_pattern(phrases: Iterable[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """:func:`phrase_regex` compiled (and cached)."""
    return _compiled(tuple(phrases), flags)

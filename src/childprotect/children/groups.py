"""The groups of children in special circumstances (trẻ em có hoàn cảnh đặc biệt).

Luật Trẻ em 2016 (102/2016/QH13), Điều 10 khoản 1 lists 14 groups, lettered a b c d đ e g
h i k l m n o; Nghị định 56/2017/NĐ-CP, Điều 3–16 details each group into sub-groups
(48 leaf cases). Both are stored verbatim (NFC) with an English gloss and their citation
in ``data/groups/luat-tre-em-2016.json``. A taxonomy is versioned data with validity
dates: :func:`taxonomy_on` picks the one in force on a date.

>>> t = taxonomy_on(dt.date(2018, 1, 1))
>>> t.id, len(t.groups), len(t.subgroups)
('luat-tre-em-2016', 14, 48)
>>> g = t.group("dd")
>>> g.code, g.label_vi, str(g.citation)
('đ', 'Trẻ em nhiễm HIV/AIDS', 'điểm đ khoản 1 Điều 10 Luật Trẻ em 2016')
>>> t.group("TRẺ EM BỊ BỎ RƠI").code
'b'
>>> [s.code for s in t.subgroups_of("a")]
['a.1', 'a.2', 'a.3', 'a.4']
>>> str(t.subgroup("c.11").citation)
'khoản 11 Điều 5 Nghị định 56/2017/NĐ-CP'

The source's own misspelling is kept in the verbatim field and recorded as an erratum:

>>> s = t.subgroup("h.1")
>>> "phố cập" in s.verbatim_vi, s.errata[0].reading
(True, 'phổ cập')
>>> "phổ cập" in s.reading_vi
True
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import attrs

from childprotect.data import Fields, build, load_file, read_json
from childprotect.errors import ChildProtectError, UnknownName, ValidationError
from childprotect.i18n import Message
from childprotect.text.validators import non_empty_text
from childprotect.text.vntext import name_key, nfc

__all__ = [
    "GROUP_LETTERS",
    "Citation",
    "Erratum",
    "Group",
    "LegalDocument",
    "ProtectionLevel",
    "ProtectionLevelInfo",
    "SourceStatus",
    "SubGroup",
    "Taxonomy",
    "TaxonomyNotInForce",
    "group",
    "load_taxonomy",
    "normalize_code",
    "taxonomies",
    "taxonomy",
    "taxonomy_of",
    "taxonomy_on",
]

#: The letters Vietnamese legal texts give to points (điểm): no f, j, đ after d.
GROUP_LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p",
                 "q", "r", "s", "t", "u", "v", "x", "y")

_DIR = "groups"
_BUNDLED = ("luat-tre-em-2016",)
_CODE = re.compile(r"(?P<g>dd|[a-zđ])(?:\s*[.\-]?\s*(?:khoản|k)?\s*(?P<k>[0-9]{1,2}))?")
_SUB_CODE = re.compile(r"[a-zđ](?:\.[1-9][0-9]?)?")


class TaxonomyNotInForce(ChildProtectError, LookupError):
    """No known taxonomy was in force on the date asked about."""


class SourceStatus(enum.Enum):
    """How far the stored wording of a legal text has been checked."""

    OFFICIAL_CODIFICATION = "official-codification"  # verbatim from the official codification
    SECONDARY_QUOTATION = "secondary-quotation"  # verbatim as quoted by secondary sites
    UNVERIFIED = "unverified"  # not confirmed by any source read


def normalize_code(text: str) -> str:
    """A group or sub-group code in its stored form.

    Accepts any case and normalisation, ``dd`` for ``đ``, a trailing ``)`` and a clause
    written ``c.12``, ``c12``, ``c-12`` or ``c khoản 12``.

    >>> normalize_code("DD"), normalize_code(" c 12 "), normalize_code("a)"), normalize_code("đ")
    ('đ', 'c.12', 'a', 'đ')
    """
    s = nfc(str(text)).strip().casefold().rstrip(")").strip()
    s = re.sub(r"^điểm\s+", "", s)
    m = _CODE.fullmatch(s)
    if m is None:
        raise UnknownName("group code", str(text), ("a", "dd", "c.12"))
    g = "đ" if m.group("g") == "dd" else m.group("g")
    return f"{g}.{int(m.group('k'))}" if m.group("k") else g


def _is_nfc(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    non_empty_text(_inst, attribute, value)
    if nfc(value) != value:
        raise ValidationError(Message("{field}: verbatim text must be stored in NFC: {value}",
                                      field=attribute.name, value=repr(value)))


@attrs.frozen(order=True)
class Citation:
    """Where a legal fact comes from: a document, an article (Điều), clause (khoản), point.

    >>> c = Citation("Luật Trẻ em 2016", 10, 1, "đ")
    >>> str(c), c.en()
    ('điểm đ khoản 1 Điều 10 Luật Trẻ em 2016', 'Luật Trẻ em 2016, Art. 10(1)(đ)')
    """

    document: str = attrs.field(validator=_is_nfc)
    article: int
    clause: int | None = None
    point: str | None = None

    def __attrs_post_init__(self) -> None:
        if type(self.article) is not int or self.article < 1:
            raise ValidationError(Message("citation article: expected a number ≥ 1, got "
                                          "{article}", article=repr(self.article)))
        if self.clause is not None and (type(self.clause) is not int or self.clause < 1):
            raise ValidationError(Message("citation clause: expected a number ≥ 1, got {clause}",
                                          clause=repr(self.clause)))
        if self.point is not None and self.point not in GROUP_LETTERS:
            raise ValidationError(Message("citation point: {point} is not a point letter",
                                          point=repr(self.point)))

    def __str__(self) -> str:
        parts = []
        if self.point is not None:
            parts.append(f"điểm {self.point}")
        if self.clause is not None:
            parts.append(f"khoản {self.clause}")
        parts.append(f"Điều {self.article} {self.document}")
        return " ".join(parts)

    def en(self) -> str:
        """The citation in English style: ``Document, Art. 10(1)(a)``."""
        s = f"{self.document}, Art. {self.article}"
        if self.clause is not None:
            s += f"({self.clause})"
        if self.point is not None:
            s += f"({self.point})"
        return s


@attrs.frozen
class Erratum:
    """A mistake in a source text, kept verbatim and read as ``reading``."""

    field: str = attrs.field(validator=non_empty_text)
    verbatim: str = attrs.field(validator=_is_nfc)
    reading: str = attrs.field(validator=_is_nfc)
    note: str = attrs.field(validator=non_empty_text)


@attrs.frozen
class LegalDocument:
    """A legal document a taxonomy cites, with its dates and where its text was read."""

    name: str = attrs.field(validator=_is_nfc)
    number: str = attrs.field(validator=_is_nfc)
    title_vi: str = attrs.field(validator=_is_nfc)
    in_force_from: dt.date
    text_source: str = attrs.field(validator=non_empty_text)
    issued: dt.date | None = None
    in_force_to: dt.date | None = None
    url: str | None = None


def _check_errata(owner: str, obj: object, errata: tuple[Erratum, ...]) -> None:
    for e in errata:
        value = getattr(obj, e.field, None)
        if not isinstance(value, str) or e.verbatim not in value:
            raise ValidationError(
                Message("{owner}: erratum for field {field} quotes {verbatim}, which is not in "
                        "that field", owner=owner, field=repr(e.field), verbatim=repr(e.verbatim))
            )


@attrs.frozen
class Group:
    """One group of Luật Trẻ em 2016, Điều 10 khoản 1 (``a`` … ``o``).

    ``label_vi`` is the Law's wording without the list punctuation; ``verbatim_vi`` the
    point exactly as written; ``detailed_by`` the decree article that lists its sub-groups.
    """

    code: str
    label_vi: str = attrs.field(validator=_is_nfc)
    verbatim_vi: str = attrs.field(validator=_is_nfc)
    label_en: str = attrs.field(validator=non_empty_text)
    citation: Citation
    detailed_by: Citation
    decree_title_vi: str = attrs.field(validator=_is_nfc)
    status: SourceStatus
    errata: tuple[Erratum, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.code not in GROUP_LETTERS:
            raise ValidationError(Message("group code {code} is not a point letter",
                                          code=repr(self.code)))
        if self.label_vi not in self.verbatim_vi:
            raise ValidationError(Message("group {code}: label_vi is not part of verbatim_vi",
                                          code=self.code))
        _check_errata(f"group {self.code}", self, self.errata)

    @property
    def ascii_code(self) -> str:
        """The code in ASCII (``dd`` for ``đ``)."""
        return "dd" if self.code == "đ" else self.code


@attrs.frozen
class SubGroup:
    """One leaf case of a group: a clause of Nghị định 56/2017/NĐ-CP Điều 3–16.

    ``code`` is the group letter and the clause (``c.12``); an article without clauses is a
    single leaf whose code is the group letter (``đ``, ``i``). ``verbatim_vi`` keeps the
    source text exactly, misspellings included (see ``errata``).
    """

    code: str
    group: str
    verbatim_vi: str = attrs.field(validator=_is_nfc)
    label_en: str = attrs.field(validator=non_empty_text)
    citation: Citation
    codification: str = attrs.field(validator=non_empty_text)
    errata: tuple[Erratum, ...] = ()

    def __attrs_post_init__(self) -> None:
        if _SUB_CODE.fullmatch(self.code) is None or self.code.split(".")[0] != self.group:
            raise ValidationError(
                Message("sub-group code {code} must be its group letter {group}, a dot and the "
                        "clause number", code=repr(self.code), group=repr(self.group))
            )
        clause = int(self.code.split(".")[1]) if "." in self.code else None
        if self.citation.clause != clause:
            raise ValidationError(
                Message("sub-group {code}: its code says clause {clause}, its citation says "
                        "{clause2}", code=self.code, clause=clause, clause2=self.citation.clause)
            )
        _check_errata(f"sub-group {self.code}", self, self.errata)

    @property
    def clause(self) -> int | None:
        """The clause (khoản) number, or None for an article without clauses."""
        return self.citation.clause

    @property
    def reading_vi(self) -> str:
        """The verbatim text with the recorded errata read as corrected."""
        text = self.verbatim_vi
        for e in self.errata:
            if e.field == "verbatim_vi":
                text = text.replace(e.verbatim, e.reading)
        return text


class ProtectionLevel(enum.Enum):
    """The three levels of child protection (Luật Trẻ em 2016, Điều 47 khoản 1)."""

    PREVENTION = "phong-ngua"  # a) Phòng ngừa
    SUPPORT = "ho-tro"  # b) Hỗ trợ
    INTERVENTION = "can-thiep"  # c) Can thiệp


@attrs.frozen
class ProtectionLevelInfo:
    """A protection level with its verbatim name, English label and citations."""

    level: ProtectionLevel
    label_vi: str = attrs.field(validator=_is_nfc)
    label_en: str = attrs.field(validator=non_empty_text)
    citation: Citation
    scope_vi: str = attrs.field(validator=_is_nfc)
    scope_citation: Citation
    status: SourceStatus
    note: str | None = None


def _in_period(on: dt.date, start: dt.date, end: dt.date | None) -> bool:
    return start <= on and (end is None or on <= end)


@attrs.frozen
class Taxonomy:
    """A versioned list of groups and sub-groups, valid from ``valid_from`` to ``valid_to``.

    Both dates are inclusive; ``valid_to`` is None while the taxonomy is in force.
    ``child_band`` names the age band (:mod:`childprotect.children.ages`) that defines a child.
    """

    id: str
    title_vi: str = attrs.field(validator=_is_nfc)
    title_en: str
    valid_from: dt.date
    child_band: str
    documents: tuple[LegalDocument, ...]
    groups: tuple[Group, ...]
    subgroups: tuple[SubGroup, ...]
    protection_levels: tuple[ProtectionLevelInfo, ...] = ()
    valid_to: dt.date | None = None
    notes: tuple[str, ...] = ()
    _by_code: dict[str, Group] = attrs.field(init=False, repr=False, eq=False)
    _by_name: dict[str, Group] = attrs.field(init=False, repr=False, eq=False)
    _subs: dict[str, SubGroup] = attrs.field(init=False, repr=False, eq=False)
    _by_group: dict[str, tuple[SubGroup, ...]] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        where = f"taxonomy {self.id!r}"
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValidationError(Message("{where}: valid_to {valid_to} is before valid_from",
                                          where=where, valid_to=self.valid_to))
        by_code: dict[str, Group] = {}
        by_name: dict[str, Group] = {}
        for g in self.groups:
            if g.code in by_code:
                raise ValidationError(Message("{where}: group code {code} appears twice",
                                              where=where, code=repr(g.code)))
            by_code[g.code] = g
            for name in (g.label_vi, g.label_en):
                by_name[name_key(name)] = g
        letters = [g.code for g in self.groups]
        if letters != list(GROUP_LETTERS[: len(letters)]):
            raise ValidationError(
                Message("{where}: group codes {letters} are not the point letters in order",
                        where=where, letters=letters))
        subs: dict[str, SubGroup] = {}
        for s in self.subgroups:
            if s.group not in by_code:
                raise ValidationError(
                    Message("{where}: sub-group {code} names unknown group {group}", where=where,
                            code=repr(s.code), group=repr(s.group)))
            if s.code in subs:
                raise ValidationError(Message("{where}: sub-group code {code} appears twice",
                                              where=where, code=repr(s.code)))
            if s.citation.article != by_code[s.group].detailed_by.article:
                raise ValidationError(
                    Message("{where}: sub-group {code} cites Điều {article}, but group {group} "
                            "is detailed by Điều {article2}", where=where, code=s.code,
                            article=s.citation.article, group=s.group,
                            article2=by_code[s.group].detailed_by.article)
                )
            subs[s.code] = s
        names = {d.name for d in self.documents}
        cites = [g.citation for g in self.groups] + [g.detailed_by for g in self.groups]
        cites += [s.citation for s in self.subgroups]
        cites += [p.citation for p in self.protection_levels]
        for c in cites:
            if c.document not in names:
                raise ValidationError(Message("{where}: citation of unknown document {document}",
                                              where=where, document=repr(c.document)))
        levels = [p.level for p in self.protection_levels]
        if levels and levels != list(ProtectionLevel):
            raise ValidationError(Message("{where}: protection levels must be {protectionlevel}",
                                          where=where, protectionlevel=list(ProtectionLevel)))
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_by_name", by_name)
        object.__setattr__(self, "_subs", subs)
        object.__setattr__(self, "_by_group", {
            g.code: tuple(s for s in self.subgroups if s.group == g.code) for g in self.groups})

    @property
    def codes(self) -> tuple[str, ...]:
        """The group codes in order."""
        return tuple(g.code for g in self.groups)

    def in_force(self, on: dt.date) -> bool:
        """Whether this taxonomy is in force on ``on``."""
        return _in_period(on, self.valid_from, self.valid_to)

    def document(self, name: str) -> LegalDocument:
        """A cited document by its short name."""
        for d in self.documents:
            if d.name == name:
                return d
        raise UnknownName("document", name, [d.name for d in self.documents])

    def subgroups_in_force(self, on: dt.date) -> bool:
        """Whether the document detailing the sub-groups is in force on ``on``.

        Luật Trẻ em took effect on 01/06/2017 and Nghị định 56/2017 on 01/07/2017: in June
        2017 the groups existed but their sub-groups were not yet detailed.
        """
        docs = {s.citation.document for s in self.subgroups}
        return all(
            _in_period(on, self.document(n).in_force_from, self.document(n).in_force_to)
            for n in docs
        ) and self.in_force(on)

    def group(self, key: str | Group) -> Group:
        """A group by code (``a``, ``đ``, ``dd``, ``D``) or by its Vietnamese or English label.

        >>> taxonomy("luat-tre-em-2016").group("Trẻ em  khuyết tật").code
        'd'
        """
        if isinstance(key, Group):
            return self.group(key.code)
        found = self._by_name.get(name_key(key))
        if found is not None:
            return found
        try:
            code = normalize_code(key)
        except UnknownName:
            code = ""
        if code in self._by_code:
            return self._by_code[code]
        raise UnknownName("group", str(key), self.codes)

    def subgroup(self, key: str) -> SubGroup:
        """A sub-group by code: ``c.12``, ``c12``, ``dd`` (an article without clauses)."""
        try:
            code = normalize_code(key)
        except UnknownName:
            code = ""
        if code in self._subs:
            return self._subs[code]
        raise UnknownName("sub-group", str(key), [s.code for s in self.subgroups[:4]])

    def subgroups_of(self, key: str | Group) -> tuple[SubGroup, ...]:
        """The sub-groups of a group, in clause order."""
        if isinstance(key, str) and key in self._by_group:
            return self._by_group[key]
        return self._by_group[self.group(key).code]

    def protection_level(self, level: ProtectionLevel) -> ProtectionLevelInfo:
        for p in self.protection_levels:
            if p.level is level:
                return p
        raise UnknownName("protection level", level.value, [p.value for p in ProtectionLevel])

    def table_rows(self, subgroups: bool = False) -> list[list[str]]:
        """Rows (code, Vietnamese, English, citation) of the groups or of the sub-groups."""
        if subgroups:
            return [[s.code, s.verbatim_vi, s.label_en, str(s.citation)] for s in self.subgroups]
        return [[g.code, g.label_vi, g.label_en, str(g.citation)] for g in self.groups]

    def markdown_table(self, subgroups: bool = False) -> str:
        """The groups (or sub-groups) as a GitHub Markdown table, as docs/children.md shows it."""
        head = ["code", "Tiếng Việt (verbatim)", "English (gloss)", "citation"]

        def esc(s: str) -> str:
            return s.replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in self.table_rows(subgroups)]
        return "\n".join(lines)


def citation_of(f: Fields) -> Citation:
    """A citation from its fields (document, article, clause, point)."""
    return Citation(document=f.text("document"), article=f.integer("article"),
                    clause=f.optional_integer("clause"), point=f.optional_text("point"))


def _errata(f: Fields) -> tuple[Erratum, ...]:
    return f.objects("errata", lambda g: Erratum(
        field=g.text("field"), verbatim=g.text("verbatim"), reading=g.text("reading"),
        note=g.text("note")))


def taxonomy_of(value: object, source: str = "<taxonomy>") -> Taxonomy:
    """A taxonomy from plain data in the bundled files' format."""
    return build(value, source, lambda f: Taxonomy(
        id=f.text("id"), title_vi=f.text("title_vi"), title_en=f.text("title_en"),
        valid_from=f.date("valid_from"), child_band=f.text("child_band"),
        documents=f.objects("documents", lambda g: LegalDocument(
            name=g.text("name"), number=g.text("number"), title_vi=g.text("title_vi"),
            in_force_from=g.date("in_force_from"), text_source=g.text("text_source"),
            issued=g.date("issued", optional=True),
            in_force_to=g.date("in_force_to", optional=True), url=g.optional_text("url"))),
        groups=f.objects("groups", lambda g: Group(
            code=g.text("code"), label_vi=g.text("label_vi"), verbatim_vi=g.text("verbatim_vi"),
            label_en=g.text("label_en"), citation=g.nested("citation", citation_of),
            detailed_by=g.nested("detailed_by", citation_of),
            decree_title_vi=g.text("decree_title_vi"),
            status=g.choice("status", SourceStatus), errata=_errata(g))),
        subgroups=f.objects("subgroups", lambda g: SubGroup(
            code=g.text("code"), group=g.text("group"), verbatim_vi=g.text("verbatim_vi"),
            label_en=g.text("label_en"), citation=g.nested("citation", citation_of),
            codification=g.text("codification"), errata=_errata(g))),
        protection_levels=f.objects("protection_levels", lambda g: ProtectionLevelInfo(
            level=g.choice("level", ProtectionLevel), label_vi=g.text("label_vi"),
            label_en=g.text("label_en"), citation=g.nested("citation", citation_of),
            scope_vi=g.text("scope_vi"), scope_citation=g.nested("scope_citation", citation_of),
            status=g.choice("status", SourceStatus), note=g.optional_text("note"))),
        valid_to=f.date("valid_to", optional=True), notes=f.texts("notes"),
    ))


@cache
def taxonomy(taxonomy_id: str) -> Taxonomy:
    """A bundled taxonomy by id."""
    if taxonomy_id not in _BUNDLED:
        raise UnknownName("taxonomy", taxonomy_id, _BUNDLED)
    return taxonomy_of(read_json(f"{_DIR}/{taxonomy_id}.json"), f"data/{_DIR}/{taxonomy_id}.json")


def taxonomies() -> tuple[Taxonomy, ...]:
    """The bundled taxonomies, oldest first.

    Only the taxonomy of Luật Trẻ em 2016 is bundled: the groups of the previous law
    (Luật Bảo vệ, chăm sóc và giáo dục trẻ em 2004, in force until 31/05/2017) are not in
    the sources this library uses. Load one with :func:`load_taxonomy` and pass it to
    :func:`taxonomy_on` to classify records from before 01/06/2017.
    """
    return tuple(sorted((taxonomy(i) for i in _BUNDLED), key=lambda t: t.valid_from))


def load_taxonomy(path: str | Path) -> Taxonomy:
    """A taxonomy from a JSON file in the bundled files' format."""
    return taxonomy_of(load_file(path), str(path))


def taxonomy_on(on: dt.date, extra: Iterable[Taxonomy] = ()) -> Taxonomy:
    """The taxonomy in force on ``on``, among the bundled ones and ``extra``.

    >>> taxonomy_on(dt.date(2016, 5, 1))
    Traceback (most recent call last):
    ...
    childprotect.children.groups.TaxonomyNotInForce: no taxonomy of groups is known for ...
    """
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise ValidationError(Message("on: expected a date, got {on}", on=repr(on)))
    found = [t for t in (*taxonomies(), *extra) if t.in_force(on)]
    if len(found) > 1:
        ids = ", ".join(t.id for t in found)
        raise ValidationError(Message("several taxonomies are in force on {on}: {ids}", on=on,
                                      ids=ids))
    if not found:
        known = "; ".join(
            f"{t.id} from {t.valid_from}" + (f" to {t.valid_to}" if t.valid_to else "")
            for t in (*taxonomies(), *extra)
        )
        raise TaxonomyNotInForce(
            Message("no taxonomy of groups is known for {on}: known are {known} (load the "
                    "earlier law's taxonomy with load_taxonomy and pass it as extra=)", on=on,
                    known=known)
        )
    return found[0]


def group(key: str, on: dt.date) -> Group:
    """The group named ``key`` in the taxonomy in force on ``on``.

    >>> group("k", dt.date(2020, 1, 1)).label_vi
    'Trẻ em bị bóc lột'
    """
    return taxonomy_on(on).group(key)

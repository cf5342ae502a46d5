"""Hypothesis strategies shared by several test modules."""

from __future__ import annotations

import string

from hypothesis import strategies as st

from childprotect.documents.document import (
    AdminLevel,
    DateText,
    Document,
    DocumentNumber,
    DocumentRef,
    Issuer,
    Period,
    Relation,
)
from childprotect.formats import catalog
from childprotect.plans.plan import Plan, Section
from childprotect.text.dates import PartialDate

VI_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ" \
    "ùúủũụừứửữựỳýỷỹỵ"
vi_text = st.text(alphabet=VI_LETTERS + VI_LETTERS.upper() + " ,-", min_size=1, max_size=40)


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    year = draw(st.integers(1990, 2040))
    month = draw(st.none() | st.integers(1, 12))
    if month is None:
        return PartialDate(year)
    day = draw(st.none() | st.integers(1, 28))
    return PartialDate(year, month, day)


@st.composite
def date_texts(draw: st.DrawFn) -> DateText:
    d = draw(partial_dates())
    if d.day is not None and d.month is not None:
        form = draw(st.sampled_from([
            "{d:02d}/{m:02d}/{y}", "{d}/{m}/{y}", "ngày {d:02d} tháng {m} năm {y}",
            "ngày {d}/{m}/{y}",
        ]))
        return DateText.parse(form.format(d=d.day, m=d.month, y=d.year))
    if d.month is not None:
        return DateText.parse(f"ngày   tháng {d.month:02d} năm {d.year}")
    return DateText.parse(f"năm {d.year}")


type_codes = st.sampled_from(["KH", "QĐ", "NQ", "TTr", "NĐ", "TT", "CT", "BC"])
issuer_codes = st.sampled_from(["UBND", "HĐND", "TTg", "CP", "SLĐTBXH", "LĐTBXH", "BYT"])


@st.composite
def document_numbers(draw: st.DrawFn) -> DocumentNumber:
    seq = draw(st.none() | st.integers(1, 99999))
    year = draw(st.none() | st.integers(1990, 2040))
    parts = ["" if seq is None else str(seq)]
    if year is not None:
        parts.append(str(year))
    parts.append(f"{draw(type_codes)}-{draw(issuer_codes)}")
    return DocumentNumber.parse("/".join(parts))


issuers = st.builds(Issuer, name_vi=vi_text, name_en=st.text(string.ascii_letters + " ",
                                                              min_size=1, max_size=30),
                    level=st.sampled_from(AdminLevel), place=st.none() | vi_text)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start = draw(st.integers(2000, 2035))
    end = draw(st.none() | st.integers(start, start + 10))
    return Period(start, end)


refs = st.builds(
    DocumentRef, relation=st.sampled_from(Relation), kind_vi=vi_text,
    number=st.none() | document_numbers(), date=st.none() | date_texts(),
    issuer_vi=st.none() | vi_text, title_vi=st.none() | vi_text,
)

documents = st.builds(
    Document, number=document_numbers(), issuer=issuers, issued=date_texts(),
    title_vi=vi_text, title_en=st.text(string.printable, max_size=40), period=periods(),
    bases=st.lists(refs, max_size=4).map(tuple), signer=st.none() | vi_text,
)

section_ids = st.builds(
    lambda r, subs: ".".join([r, *map(str, subs)]),
    st.sampled_from(["I", "II", "III", "IV", "V", "VI"]),
    st.lists(st.integers(1, 20), max_size=2),
)


def _bundled() -> tuple[Plan, ...]:
    return catalog.load_all()


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """Arbitrary plans: generated documents and sections, with targets, matrix entries
    and duties drawn from the bundled plans (so every kind of entry they hold is covered)."""
    bundled = _bundled()
    targets = [t for p in bundled for t in p.targets]
    assignments = [a for p in bundled for a in p.matrix]
    duties = [d for p in bundled for d in p.duties]
    sections = draw(st.lists(section_ids, max_size=8, unique=True))
    return Plan(
        id=draw(st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,6}){0,3}", fullmatch=True)),
        document=draw(documents),
        sections=tuple(Section(s, draw(vi_text)) for s in sections),
        targets=tuple(draw(st.lists(st.sampled_from(targets), unique_by=lambda t: t.id,
                                    max_size=6))) if targets else (),
        matrix=tuple(draw(st.lists(st.sampled_from(assignments), max_size=6)))
        if assignments else (),
        duties=tuple(draw(st.lists(st.sampled_from(duties), unique_by=lambda d: d.id,
                                   max_size=6))) if duties else (),
        source=draw(st.none() | vi_text),
        notes=tuple(draw(st.lists(vi_text, max_size=2))),
    )

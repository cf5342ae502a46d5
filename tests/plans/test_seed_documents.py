"""The bundled plans' document data, checked against the seed texts."""

from __future__ import annotations

import re

import pytest

from childprotect.formats import catalog
from childprotect.plans.checks import check
from tests.seedtext import SEED_FILES, flat, flat_seed

pytestmark = pytest.mark.seeds


@pytest.mark.parametrize("plan_id", sorted(SEED_FILES))
def test_document_texts_are_verbatim(plan_id: str) -> None:
    plan = catalog.load(plan_id)
    text = flat_seed(plan_id)
    d = plan.document
    number = flat(d.number.text.replace("Số:", "")).strip()
    assert number in text
    assert flat(d.issued.text) in text
    assert d.title_vi.casefold() in text.casefold()
    if d.signer:
        assert d.signer in text
    for ref in d.bases:
        if ref.number is not None:
            assert ref.number.text in text
        if ref.date is not None:
            assert flat(ref.date.text) in text
        if ref.title_vi:
            assert flat(ref.title_vi).casefold() in text.casefold()


@pytest.mark.parametrize("plan_id", sorted(SEED_FILES))
def test_sections_are_the_documents_headings(plan_id: str) -> None:
    plan = catalog.load(plan_id)
    text = flat_seed(plan_id)
    for s in plan.sections:
        label = s.label or s.id.split(".")[-1] + "."
        title = s.title_vi.removesuffix(" …")
        heading = f"{s.id}. {title}" if s.id.startswith("Điều") else f"{label} {title}"
        assert heading in text, f"section {s.id}: {heading!r} not in the seed text"
    # every top-level Roman heading of the body is a section
    romans = set(re.findall(r"(?:^|\n)\s*([IVX]+)\.\s+[A-ZĐ]", _raw(plan_id)))
    assert romans == {s.id for s in plan.sections if "." not in s.id and not s.id.startswith("Đ")}


def _raw(plan_id: str) -> str:
    from tests.seedtext import seed_text

    body = seed_text(plan_id)
    return body.split("Nơi nhận")[0]


def _doc_anomalies(plan_id: str) -> list[tuple[str, str]]:
    return [(a.kind, a.where) for a in check(catalog.load(plan_id))
            if a.kind.startswith(("date.", "number."))]


def test_hong_ngu_anomalies() -> None:
    # The basis is dated "ngày 31 tháng 02 năm 2020" and the plan's own date leaves the day
    # blank ("ngày     tháng 02 năm 2020"); its number is blank ("Số:        /KH-UBND").
    text = flat_seed("hong-ngu-2020")
    assert "ngày 31 tháng 02 năm 2020" in text
    assert re.search(r"ngày\s+tháng 02 năm 2020", text)
    assert re.search(r"Số:\s+/KH-UBND", text)
    assert sorted(_doc_anomalies("hong-ngu-2020")) == [
        ("date.blank-day", "document.issued"),
        ("date.impossible", "document.bases[0].date"),
        ("number.blank", "document.number"),
    ]


@pytest.mark.parametrize(
    "plan_id", ["bac-kan-419-2018", "thua-thien-hue-208-2021", "hai-phong-76-2020",
                "bac-kan-352-2019"],
)
def test_other_seeds_have_no_date_or_number_anomalies(plan_id: str) -> None:
    # Their numbers are complete and their dates exist (checked in the text above).
    assert _doc_anomalies(plan_id) == []


def test_hai_phong_contacts_are_verbatim_and_conflict() -> None:
    # The seed README: "a hotline written as 18006605 in one place and 10886605 in another".
    plan = catalog.load("hai-phong-76-2020")
    text = flat_seed("hai-phong-76-2020")
    for c in plan.contacts:
        assert c.text in text
        assert c.number in c.text
        assert plan.section(c.section)
    conflicts = [a for a in check(plan) if a.kind == "contact.conflict"]
    assert [a.where for a in conflicts] == ["contacts[duong-day-tu-van]"]
    assert "18006605" in conflicts[0].text and "10886605" in conflicts[0].text

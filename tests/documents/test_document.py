"""Document numbers, dates as written, and document checks (childprotect.documents.document)."""

from __future__ import annotations

import contextlib

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.documents.document import (
    DateText,
    DocumentNumber,
    Period,
    check_document,
    document_type,
)
from childprotect.errors import ChildProtectError, InvalidDate, InvalidDocumentNumber
from childprotect.text.dates import PartialDate, Precision
from tests.strategies import document_numbers, documents


@pytest.mark.parametrize(
    ("text", "seq", "year", "type_code", "issuer"),
    [
        ("208/KH-UBND", 208, None, "KH", "UBND"),  # Huế
        ("419/QĐ-UBND", 419, None, "QĐ", "UBND"),  # Bắc Kạn
        ("07/2021/NQ-HĐND", 7, 2021, "NQ", "HĐND"),
        ("56/2017/NĐ-CP", 56, 2017, "NĐ", "CP"),
        (["Quyết định ", "2361/QĐ-TTg"][1], 2361, None, "QĐ", "TTg"),
        ("Số: 337/TTr-LĐTBXH", 337, None, "TTr", "LĐTBXH"),
        ("10/KH-SLĐTBXH", 10, None, "KH", "SLĐTBXH"),
        ("Số:        /KH-UBND", None, None, "KH", "UBND"),  # Hồng Ngự: blank number
        ("102/2016/QH13", 102, 2016, None, "QH13"),  # a law has no type code
        ("20/2025/TT-BYT", 20, 2025, "TT", "BYT"),
        ("123/UBND-VX", 123, None, None, "UBND-VX"),  # an official letter
    ],
)
def test_parse_document_number(
    text: str, seq: int | None, year: int | None, type_code: str | None, issuer: str | None
) -> None:
    n = DocumentNumber.parse(text)
    assert (n.sequence, n.year, n.type_code, n.issuer_code) == (seq, year, type_code, issuer)
    assert n.text == text.strip()


@pytest.mark.parametrize("text", ["", "hello", "208", "KH-UBND", "208/", "/", "208/2021"])
def test_parse_document_number_rejects(text: str) -> None:
    with pytest.raises(InvalidDocumentNumber) as info:
        DocumentNumber.parse(text)
    assert repr(text) in str(info.value)


@given(document_numbers())
def test_document_number_canonical_round_trip(n: DocumentNumber) -> None:
    assert DocumentNumber.parse(n.canonical()) == DocumentNumber.parse(n.text)


@given(st.text(max_size=30))
def test_document_number_never_crashes(s: str) -> None:
    with contextlib.suppress(ChildProtectError):
        DocumentNumber.parse(s)


def test_document_type_labels() -> None:
    assert document_type("KH") is not None
    assert document_type("TTr")["name_vi"] == "Tờ trình"  # type: ignore[index]
    assert document_type("XYZ") is None


def test_date_text_keeps_impossible_dates() -> None:
    d = DateText.parse("ngày 31 tháng 02 năm 2020")
    assert d.value is None
    assert d.problem is not None and "31" in d.problem
    assert d.text == "ngày 31 tháng 02 năm 2020"


def test_date_text_blank_day_is_month_precision() -> None:
    d = DateText.parse("ngày     tháng 02 năm 2020")
    assert d.value == PartialDate(2020, 2)
    assert d.value is not None and d.value.precision is Precision.MONTH


def test_date_text_rejects_text_that_is_no_date() -> None:
    with pytest.raises(InvalidDate):
        DateText.parse("không phải ngày")


def test_period() -> None:
    assert list(Period(2021, 2025).years()) == [2021, 2022, 2023, 2024, 2025]
    assert 2030 in Period(2019)
    assert 2018 not in Period(2019)
    with pytest.raises(ChildProtectError):
        Period(2025, 2021)
    with pytest.raises(ChildProtectError):
        Period(2019).years()


@given(documents)
def test_check_document_reports_only_what_is_there(doc: object) -> None:
    from childprotect.documents.document import Document

    assert isinstance(doc, Document)
    found = check_document(doc)
    impossible = [a for a in found if a.kind == "date.impossible"]
    assert len(impossible) == sum(
        1 for d in [doc.issued, *(b.date for b in doc.bases)] if d is not None and d.value is None
    )
    blank = [a for a in found if a.kind == "number.blank"]
    assert len(blank) == sum(
        1 for n in [doc.number, *(b.number for b in doc.bases)]
        if n is not None and n.sequence is None
    )


@given(st.text(max_size=40))
def test_date_text_never_crashes(s: str) -> None:
    try:
        d = DateText.parse(s)
    except ChildProtectError:
        return
    assert d.value is not None or d.problem


@pytest.mark.parametrize(("text", "parts"), [
    ("20-NQ/TW", (20, "NQ", "TW")),  # Nghị quyết 20-NQ/TW (25/10/2017), Quyết định 1493's basis
    ("Số 05-CT/TW", (5, "CT", "TW")),
    ("35-KL/TW", (35, "KL", "TW")),
])
def test_party_document_numbers(text: str, parts: tuple[int, str, str]) -> None:
    n = DocumentNumber.parse(text)
    assert (n.sequence, n.type_code, n.issuer_code, n.year, n.party) == (*parts, None, True)
    assert DocumentNumber.parse(n.canonical()) == attrs.evolve(n, text=n.canonical())
    assert not DocumentNumber.parse("07/2021/NQ-HĐND").party

"""``check --text``: what is wrong in a plan document's text, with spans."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.cli import main
from childprotect.documents.anomalies import Severity
from childprotect.errors import ChildProtectError
from childprotect.extract.textcheck import TextVocabulary, check_text

from ..seedtext import SEED_FILES, SEEDS_DIR

EXPECTED = json.loads((Path(__file__).parent / "fixtures" / "text_issues.json").read_text(
    "utf-8"))["files"]
HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI\nSố: 21/KH-UBND\nYên Bái, ngày 04 tháng 5 năm 2022\n"
        "KẾ HOẠCH\nBẢO VỆ TRẺ EM NĂM 2022\n")


def _kinds(text: str, plan: bool = False) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in check_text(text, plan=plan)]


def test_impossible_and_blank_dates_and_a_blank_number() -> None:
    got = _kinds("ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI\nSố:    /KH-UBND\nYên Bái, ngày    tháng 5 năm "
                 "2022\nKẾ HOẠCH\nBẢO VỆ TRẺ EM\nCăn cứ Quyết định số 12/QĐ-UBND ngày 30/02/2021 "
                 "và Công văn ngày 31 tháng 4 năm 2021; báo cáo trước ngày 31/6.")
    assert got == [("text.number-blank", "Số: /KH-UBND"),
                   ("text.date-blank", "ngày tháng 5 năm 2022"),
                   ("text.date-impossible", "30/02/2021"),
                   ("text.date-impossible", "ngày 31 tháng 4 năm 2021"),
                   ("text.date-impossible", "ngày 31/6")]


def test_near_misses_of_the_domain_vocabulary() -> None:
    text = HEAD + ("Các xã tổ chức tập huấn nâng cao nâng lực cho cộng tác viên và đội ngũ công "
                   "tác viên; cập nhật phần mền quản lý; tuyên truyền về quyền tre em.")
    found = check_text(text, plan=False)
    hints = [(f.kind, f.suggestion) for f in found]
    assert hints == [("text.near-miss", "nâng cao năng"), ("text.near-miss", "cộng tác viên"),
                     ("text.near-miss", "phần mềm"), ("text.near-miss", "trẻ em")]
    # Spans point at the words in the text as given.
    for f in found:
        assert unicodedata.normalize("NFC", text[f.span.start:f.span.end]) == f.text


def test_correct_text_is_not_flagged() -> None:
    text = HEAD + ("I. MỤC TIÊU\n- Hằng năm tổ chức tập huấn nâng cao năng lực cho cán bộ làm "
                   "công tác trẻ em; tuyên truyền, phổ biến pháp luật về bảo vệ trẻ em trên "
                   "địa bàn tỉnh Hà Tĩnh; tổng kết kết quả thực hiện; hàng năm báo cáo.")
    assert _kinds(text) == []


def test_repeated_word_missing_space_and_quotes() -> None:
    got = _kinds(HEAD + "Trẻ em có có hoàn cảnh đặc biệt được hỗ trợ theo tiêu chí số7 và "
                 "Đề án “Bảo vệ trẻ em trên môi trường mạng.\nTuyên truyền truyền thông tin.")
    assert got == [("text.repeated-word", "có có"), ("text.missing-space", "số7"),
                   ("text.quote-unbalanced", "“Bảo vệ trẻ em trên môi trường mạng.")]


def test_mixed_normalisation() -> None:
    nfd = unicodedata.normalize("NFD", "bảo vệ trẻ em")
    got = _kinds(HEAD + f"Công tác {nfd} được tăng cường.")
    assert [k for k, _t in got] == ["text.mixed-normalisation"]
    assert _kinds(unicodedata.normalize("NFD", HEAD + "Công tác bảo vệ trẻ em.")) == []


def test_an_agency_written_several_ways() -> None:
    found = check_text(HEAD + "Giao Sở Lao động - Thương binh và Xã hội chủ trì. Sở Lao động - "
                       "Thương binh và Xã hội báo cáo. Sở Lao động - Thương binh và xã hội "
                       "tổng hợp.", plan=False)
    assert [(f.kind, f.text, f.suggestion) for f in found] == [
        ("text.agency-variants", "Sở Lao động - Thương binh và xã hội",
         "Sở Lao động - Thương binh và Xã hội")]


def test_decision_title_differs_from_the_annex() -> None:
    text = ("ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI\nSố: 9/QĐ-UBND\nYên Bái, ngày 04 tháng 5 năm 2022\n"
            "QUYẾT ĐỊNH\nVỀ VIỆC BAN HÀNH KẾ HOẠCH PHÒNG, CHỐNG ĐUỐI NƯỚC TRẺ EM NĂM 2022\n"
            "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.\nKẾ HOẠCH\n"
            "PHÒNG CHỐNG TAI NẠN ĐUỐI NƯỚC TRẺ EM NĂM 2022\nI. MỤC TIÊU")
    (f,) = check_text(text, plan=False)
    assert (f.kind, f.severity) == ("text.title-mismatch", Severity.ERROR)


def test_a_header_that_names_the_place_but_not_the_body() -> None:
    got = _kinds("HUYỆN VĂN CHẤN\nSố: 3/KH-UBND\nVăn Chấn, ngày 04 tháng 5 năm 2022\nKẾ HOẠCH\n"
                 "BẢO VỆ TRẺ EM\nI. MỤC TIÊU")
    assert got == [("text.header-missing", "HUYỆN VĂN CHẤN")]


def test_a_text_without_diacritics_is_said_once() -> None:
    got = _kinds("UY BAN NHAN DAN\nKE HOACH bao ve tre em nam 2021, nang luc can bo.")
    assert [k for k, _t in got] == ["text.no-diacritics"]


def test_contradictions_of_the_drafted_plan_are_errors_with_spans() -> None:
    text = (HEAD + "I. MỤC TIÊU\n- 100% xã có cộng tác viên.\nII. TỔ CHỨC THỰC HIỆN\n"
            "1. Sở Y tế:\n- Định kỳ hằng năm trước ngày 20/11 báo cáo Ủy ban nhân dân tỉnh kết "
            "quả thực hiện Kế hoạch.\nIII. CHẾ ĐỘ BÁO CÁO\n1. Sở Y tế tổng hợp, báo cáo Ủy ban "
            "nhân dân tỉnh tình hình thực hiện hằng năm trước ngày 15/12.")
    (f,) = [f for f in check_text(text) if f.kind == "deadline.conflict"]
    assert f.severity is Severity.ERROR and "15/12" in text[f.span.start:f.span.end]


def test_a_vocabulary_built_from_texts() -> None:
    v = TextVocabulary.build(["năng lực cán bộ", "nâng cao năng lực", "năng lực"])
    assert v.get("năng lực") == (3, 3) and "nâng cao" not in v


@given(st.text(max_size=300))
def test_any_text_gives_findings_or_a_library_error(text: str) -> None:
    try:
        found = check_text(text)
    except ChildProtectError:
        return
    for f in found:
        assert 0 <= f.span.start <= f.span.end <= len(text)


@pytest.mark.seeds
@pytest.mark.parametrize("name", sorted(SEED_FILES.values()))
def test_each_seed_reports_its_problems_with_at_most_one_false_positive(name: str) -> None:
    found = check_text((SEEDS_DIR / name).read_text("utf-8"))
    expected = list(EXPECTED[f"seeds/{name}"])
    false = []
    for f in found:
        hit = next((e for e in expected if e["kind"] == f.kind and " ".join(e["text"].split())
                    in " ".join(f"{f.text} {f.explain('en')}".split())), None)
        if hit is None:
            false.append((f.kind, f.text))
        else:
            expected.remove(hit)
    assert not expected, f"not found: {expected}"
    assert len(false) <= 1, false
    for f in found:
        if f.kind in ("deadline.conflict", "contact.conflict", "text.title-mismatch",
                      "text.date-impossible"):
            assert f.severity is Severity.ERROR


@pytest.mark.seeds
def test_cli_check_text(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(SEEDS_DIR / SEED_FILES["thua-thien-hue-208-2021"])
    assert main(["check", "--text", path, "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "[error] deadline.conflict" in out and "'truyền truyền'" in out
    assert main(["check", "--text", path, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {"kind", "severity", "span", "line", "column"} <= set(data[0])


def test_cli_check_text_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "ok.txt"
    f.write_text(HEAD + "I. MỤC TIÊU\n- 100% trẻ em được bảo vệ.", encoding="utf-8")
    assert main(["check", "--text", str(f)]) == 0
    assert main(["check"]) == 2
    assert main(["check", "hong-ngu-2020", "--text", str(f)]) == 2
    capsys.readouterr()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_text_with_no_issue_date_reports_no_date_after_it_in_either_language(
        lang: str) -> None:
    """The draft of an undated text says 1900: a basis or a deadline after that is not a
    contradiction of the text, whatever language the findings are written in."""
    from childprotect.i18n import use

    text = ("ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI\nSố: 21/KH-UBND\nKẾ HOẠCH\nBẢO VỆ TRẺ EM NĂM 2022\n"
            "Căn cứ Quyết định số 12/QĐ-UBND ngày 30/01/2021 của UBND tỉnh;\n"
            "I. MỤC TIÊU\n- 100% trẻ em được bảo vệ.")
    with use(lang):
        kinds = {f.kind for f in check_text(text)}
    assert not {k for k in kinds if k.startswith(("date.", "deadline."))}, kinds


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_review_of_a_missing_issue_date_has_a_code_in_either_language(lang: str) -> None:
    """A program finds that review by its code, not by the words of its reason."""
    from childprotect.extract.draft import extract_text
    from childprotect.extract.model import NO_ISSUE_DATE_CODE
    from childprotect.i18n import use

    with use(lang):
        undated = extract_text("ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI\nKẾ HOẠCH\nI. MỤC TIÊU\n"
                               "- 100% trẻ em được bảo vệ.")
        dated = extract_text("ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI\nYên Bái, ngày 05 tháng 3 năm "
                             "2022\nKẾ HOẠCH\nI. MỤC TIÊU\n- 100% trẻ em được bảo vệ.")
    assert [r.kind for r in undated.review if r.code == NO_ISSUE_DATE_CODE] == [
        "document.issued"]
    assert not [r for r in dated.review if r.code == NO_ISSUE_DATE_CODE]

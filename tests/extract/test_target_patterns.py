"""Target shapes met on plans the extractor was not written on, one test per pattern.

The sentences are written for these tests in the shapes real plans use (see the corpus
README and tests/extract/fixtures); none is copied from a held-back corpus file.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from childprotect.extract import NotPlanText, extract_text
from childprotect.plans.indicators import Change, Comparator, Direction, Recurrence
from childprotect.text.quantities import Unit

HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 45/KH-UBND\nAn Giang, ngày 10 tháng 3 năm 2022\n"
        "KẾ HOẠCH\nTHỰC HIỆN CHƯƠNG TRÌNH VÌ TRẺ EM GIAI ĐOẠN 2022 - 2030\nI. MỤC TIÊU\n"
        "1. Mục tiêu chung\nBảo đảm quyền trẻ em.\n2. Mục tiêu cụ thể\n")


def _targets(body: str, head: str = HEAD) -> list[tuple[object, ...]]:
    d = extract_text(head + body)
    return [(t.comparator.value, t.direction.value, t.value, t.unit.value if t.unit else None,
             t.year) for t in d.plan.targets]


def _reasons(body: str, head: str = HEAD) -> str:
    return " | ".join(r.reason for r in extract_text(head + body).review)


# --- years ------------------------------------------------------------------------------------


def test_each_value_takes_the_year_of_its_own_clause() -> None:
    got = _targets("- Chỉ tiêu 3: Tỷ lệ trẻ em được cấp thẻ bảo hiểm y tế đạt 92% vào năm 2025 "
                   "và 96% vào năm 2030.\n- Đến năm 2025, 45% xã có điểm vui chơi cho trẻ em; "
                   "năm 2030 đạt 60%.")
    assert got == [("reach", "increase", Decimal(92), "percent", 2025),
                   ("reach", "increase", Decimal(96), "percent", 2030),
                   ("reach", "increase", Decimal(45), "percent", 2025),
                   ("reach", "increase", Decimal(60), "percent", 2030)]


def test_a_list_heading_gives_its_year_to_the_items_under_it() -> None:
    got = _targets("a) Đến năm 2025:\n- Giảm tỷ suất tử vong mẹ xuống: 42/100.000.\n"
                   "- Tỷ lệ trẻ sơ sinh được sàng lọc đạt: 70%.\nb) Đến năm 2030:\n"
                   "- Giảm tỷ suất tử vong mẹ xuống: 35/100.000.")
    assert [(c, v, y) for c, _d, v, _u, y in got] == [
        ("reduce_to", Decimal(42), 2025), ("reach", Decimal(70), 2025),
        ("reduce_to", Decimal(35), 2030)]


def test_a_target_without_a_year_has_none_and_is_flagged() -> None:
    body = "- Tỷ lệ trẻ em khuyết tật được trợ giúp đạt 85%."
    assert _targets(body) == [("reach", "increase", Decimal(85), "percent", None)]
    assert "states no year" in _reasons(body)
    # Not the plan's end year, and not 1900 when the document has no date either.
    bare = "KẾ HOẠCH\nBẢO VỆ TRẺ EM\nI. MỤC TIÊU\n"
    assert _targets(body, bare)[0][4] is None


def test_a_year_after_duy_tri_is_not_the_year_of_the_value() -> None:
    d = extract_text(HEAD + "- Giảm tỷ suất tử vong trẻ em dưới 1 tuổi trên 1.000 trẻ đẻ sống "
                     "xuống dưới 11 vào năm 2026 và duy trì đến năm 2030.")
    (t,) = d.plan.targets
    assert (t.comparator, t.value, t.unit, t.year) == (
        Comparator.BELOW, Decimal(11), Unit.PER_THOUSAND, 2026)
    assert any("kept to 2030" in r.reason for r in d.review)


# --- direction --------------------------------------------------------------------------------


def test_direction_comes_from_the_governing_word_not_a_topic_name() -> None:
    got = _targets("- Tỷ lệ cha mẹ được tập huấn về phòng ngừa, giảm thiểu lao động trẻ em đạt "
                   "80%.\n- Giảm tỷ lệ trẻ em bỏ học xuống còn 1,2% năm 2025 và 0,9% năm 2030.")
    assert got == [("reach", "increase", Decimal(80), "percent", None),
                   ("reduce_to", "decrease", Decimal("1.2"), "percent", 2025),
                   ("reduce_to", "decrease", Decimal("0.9"), "percent", 2030)]


def test_two_areas_share_the_comparator_and_the_year() -> None:
    d = extract_text(HEAD + "- Khống chế tỷ lệ trẻ em thừa cân xuống dưới 8% (khu vực thành "
                     "thị), 12% (khu vực nông thôn) vào năm 2025.")
    got = [(t.comparator.value, t.value, t.year, [(c.dimension.value, c.option)
                                                  for c in t.disaggregation])
           for t in d.plan.targets]
    assert got == [("below", Decimal(8), 2025, [("area", "urban")]),
                   ("below", Decimal(12), 2025, [("area", "rural")])]


# --- changes from a baseline ------------------------------------------------------------------


def test_reduce_by_with_the_baseline_flagged() -> None:
    d = extract_text(HEAD + "- Giảm 15% số trẻ em bị tai nạn giao thông vào năm 2025 so với năm "
                     "2020 và 25% vào năm 2030.")
    got = [(t.comparator, t.direction, t.value, t.change, t.unit, t.year)
           for t in d.plan.targets]
    assert got == [
        (Comparator.REDUCE_BY, Direction.DECREASE, Decimal(15), Change.RELATIVE, Unit.PERCENT,
         2025),
        (Comparator.REDUCE_BY, Direction.DECREASE, Decimal(25), Change.RELATIVE, Unit.PERCENT,
         2030)]
    reasons = " ".join(r.reason for r in d.review)
    assert "baseline the text does not give (so với năm 2020)" in reasons


def test_yearly_reduction_with_a_range_and_without() -> None:
    d = extract_text(HEAD + "- Hằng năm giảm 3 - 5% số vụ trẻ em bị xâm hại.\n"
                     "- Mỗi năm giảm 2% số trẻ em lao động trái quy định.")
    got = [(t.comparator, t.value, t.upper, t.change, t.recurrence, t.period is not None)
           for t in d.plan.targets]
    assert got == [
        (Comparator.ANNUAL_REDUCTION, Decimal(3), Decimal(5), Change.RELATIVE,
         Recurrence.ANNUAL, True),
        (Comparator.ANNUAL_REDUCTION, Decimal(2), None, Change.RELATIVE, Recurrence.ANNUAL,
         True)]


def test_increase_by_with_the_baseline_flagged() -> None:
    d = extract_text(HEAD + "- Tăng 20% số trẻ em được tư vấn tâm lý so với năm 2023.")
    (t,) = d.plan.targets
    assert (t.comparator, t.direction, t.value, t.change) == (
        Comparator.INCREASE_BY, Direction.INCREASE, Decimal(20), Change.RELATIVE)
    assert any("add the baseline" in r.reason for r in d.review)


# --- counts, units, numbers that are not values ----------------------------------------------


def test_counts_without_a_comparator_are_reach_targets() -> None:
    got = _targets("- 1.200 trẻ em có hoàn cảnh đặc biệt được hỗ trợ học nghề vào năm 2025 và "
                   "1.500 vào năm 2030; 35 trường học đạt tiêu chuẩn trường học an toàn.")
    assert got == [("reach", "increase", Decimal(1200), "count", 2025),
                   ("reach", "increase", Decimal(1500), "count", 2030),
                   ("reach", "increase", Decimal(35), "count", None)]


def test_a_percent_against_a_per_thousand_denominator_is_drafted_per_thousand() -> None:
    d = extract_text(HEAD + "- Giảm tỷ suất tử vong trẻ em dưới 5 tuổi trên 1.000 trẻ đẻ sống "
                     "xuống còn 18% vào năm 2025.")
    (t,) = d.plan.targets
    assert (t.value, t.unit, t.year) == (Decimal(18), Unit.PER_THOUSAND, 2025)
    assert any("writes %" in r.reason for r in d.review)


def test_years_ages_days_and_article_numbers_are_not_values() -> None:
    got = _targets("- Phấn đấu đến ngày 30/11/2025 có 100% trẻ em dưới 6 tuổi được cấp thẻ "
                   "theo Nghị định số 146/2018/NĐ-CP, Điều 12 của Luật.")
    assert got == [("reach", "increase", Decimal(100), "percent", None)]


def test_a_group_heading_is_not_a_target() -> None:
    got = _targets("a) Mục tiêu 1: Về chăm sóc sức khỏe trẻ em (05 chỉ tiêu)\n"
                   "- Chỉ tiêu 1: Tỷ lệ trẻ em được khám sức khỏe định kỳ đạt 90%.")
    assert got == [("reach", "increase", Decimal(90), "percent", None)]


# --- what goes to review instead of a silent empty draft -------------------------------------


def test_objectives_without_a_section_heading_are_found_and_flagged() -> None:
    text = ("Số: 7/KH-UBND\nKẾ HOẠCH\nTHỰC HIỆN CÔNG TÁC TRẺ EM NĂM 2024\n1. Mục tiêu chung\n"
            "Bảo đảm quyền trẻ em.\n2. Mục tiêu cụ thể\n- Chỉ tiêu 1: Tỷ lệ xã đạt 70% vào năm "
            "2024.\n3. Tổ chức thực hiện\nCác sở thực hiện.")
    d = extract_text(text)
    assert [(t.value, t.year) for t in d.plan.targets] == [(Decimal(70), 2024)]
    assert any("no objectives section" in r.reason for r in d.review)


def test_no_objectives_at_all_is_a_review_item() -> None:
    d = extract_text("KẾ HOẠCH\nTHÁNG HÀNH ĐỘNG VÌ TRẺ EM NĂM 2024\nI. MỤC ĐÍCH, YÊU CẦU\n"
                     "1. Mục đích\nNâng cao nhận thức.")
    assert not d.plan.targets
    assert any("the draft has no targets" in r.reason for r in d.review)


def test_a_cut_text_does_not_draft_its_truncated_value() -> None:
    d = extract_text(HEAD + "- Tỷ lệ trẻ em được tiêm chủng đạt 95% vào năm 2025; tỷ lệ trẻ "
                     "em được uống vitamin A đạt trên: 9")
    assert [(t.value, t.year) for t in d.plan.targets] == [(Decimal(95), 2025)]
    assert any("cut" in r.reason for r in d.review)


@pytest.mark.parametrize("text", ["", " \n\t", "\x00\x01\x02"])
def test_empty_or_binary_input_is_a_library_error(text: str) -> None:
    with pytest.raises(NotPlanText):
        extract_text(text)


def test_diff_compares_year_direction_and_recurrence() -> None:
    from childprotect.extract.compare import compare

    base = HEAD + "- Tỷ lệ trẻ em được tư vấn đạt 70% vào năm 2025."
    ref = extract_text(base).plan
    for other in (base.replace("2025", "2026"),
                  HEAD + "- Giảm tỷ lệ trẻ em được tư vấn đạt 70% vào năm 2025.",
                  HEAD + "- Duy trì tỷ lệ trẻ em được tư vấn đạt 70% vào năm 2025."):
        score = compare(extract_text(other).plan, ref)["targets"]
        assert score.matched == 0 and score.missing and score.extra, other
    assert compare(extract_text(base).plan, ref)["targets"].matched == 1


def test_a_cut_text_is_said_to_be_cut() -> None:
    d = extract_text(HEAD + "- Tỷ lệ trẻ em được tiêm chủng đạt 95% vào năm 2025.\n"
                     "II. NHIỆM VỤ\n1. Tăng cường truyền thông về quyền trẻ")
    assert any(r.kind == "document" and "looks cut" in r.reason for r in d.review)
    whole = extract_text(HEAD + "- Tỷ lệ trẻ em được tiêm chủng đạt 95% vào năm 2025.\n"
                         "Nơi nhận:\n- Như trên.\nTM. ỦY BAN NHÂN DÂN")
    assert not any("looks cut" in r.reason for r in whole.review)

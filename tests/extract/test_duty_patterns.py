"""Responsibilities and reporting duties in the shapes plans write them.

Each text is written for its test; the shapes are those of the organisation sections of
real plans ("X chủ trì, phối hợp với …", "tham mưu UBND tỉnh …", two deadlines for one
report in two sections).
"""

from __future__ import annotations

from childprotect.agencies.matrix import Role
from childprotect.documents.anomalies import Severity
from childprotect.extract import extract_text
from childprotect.plans.checks import check

HEAD = "I. MỤC TIÊU\n- 100% xã có cộng tác viên.\nII. TỔ CHỨC THỰC HIỆN\n"


def _matrix(body: str) -> set[tuple[str, str, str]]:
    d = extract_text(HEAD + body)
    return {(a.agency, a.role.value, a.item) for a in d.plan.matrix}


def test_the_partners_of_a_lead_coordinate() -> None:
    got = _matrix("1. Sở Y tế: Chủ trì, phối hợp với Sở Giáo dục và Đào tạo, Công an tỉnh và "
                  "Ủy ban nhân dân các huyện, thành phố tổ chức khám sàng lọc cho trẻ em.")
    assert got == {("so-y-te", "lead", "II.1"), ("so-gddt", "coordinate", "II.1"),
                   ("cong-an-tinh", "coordinate", "II.1"), ("ubnd-huyen", "coordinate", "II.1")}


def test_a_partner_with_a_typing_error_is_read_and_flagged() -> None:
    d = extract_text(HEAD + "1. Sở Tư pháp: Chủ trì, phối hợp với Sở Giáo dụcc và Đào tạo "
                     "tuyên truyền pháp luật cho học sinh.")
    assert ("so-gddt", Role.COORDINATE) in {(a.agency, a.role) for a in d.plan.matrix}
    assert any("typing error" in r.reason for r in d.review)


def test_proposing_is_a_role_of_its_own() -> None:
    got = _matrix("1. Sở Tài chính:\n- Tham mưu Ủy ban nhân dân tỉnh bố trí kinh phí thực hiện "
                  "Kế hoạch.\n2. Sở Nội vụ:\n- Nghiên cứu đề xuất việc bố trí công chức làm công "
                  "tác trẻ em ở cấp xã.\n3. Sở Xây dựng: Rà soát quỹ đất, tổng hợp, trình Ủy "
                  "ban nhân dân tỉnh phê duyệt các điểm vui chơi cho trẻ em.")
    assert got == {("so-tai-chinh", "propose", "II.1"), ("so-noi-vu", "propose", "II.2"),
                   ("so-xay-dung", "propose", "II.3")}


def test_each_duty_of_an_agency_keeps_its_own_role() -> None:
    got = _matrix("1. Sở Văn hóa và Thể thao:\n- Chủ trì tổ chức các hoạt động vui chơi cho trẻ "
                  "em trong dịp hè.\n- Phối hợp với Sở Y tế tuyên truyền phòng, chống đuối "
                  "nước.\n- Hướng dẫn các huyện xây dựng bể bơi an toàn; tham mưu Ủy ban nhân "
                  "dân tỉnh khen thưởng các địa phương làm tốt.\n- Quản lý các điểm vui chơi.")
    assert got == {("so-vhtt", "lead", "II.1"), ("so-vhtt", "coordinate", "II.1"),
                   ("so-vhtt", "guide", "II.1"), ("so-vhtt", "propose", "II.1"),
                   ("so-vhtt", "implement", "II.1")}
    # One agency's own paragraph with several roles is not a contradiction.
    d = extract_text(HEAD + "1. Sở Văn hóa và Thể thao:\n- Chủ trì tổ chức hoạt động hè.\n"
                     "- Phối hợp với Sở Y tế tuyên truyền.")
    assert not [a for a in check(d.plan) if a.kind == "matrix.contradictory-roles"]


def test_one_report_stated_twice_with_two_dates_is_an_error() -> None:
    d = extract_text(
        HEAD + "1. Sở Lao động - Thương binh và Xã hội:\n- Định kỳ hằng năm trước ngày 20/11 "
        "báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện Kế hoạch.\n"
        "III. CHẾ ĐỘ BÁO CÁO\n1. Sở Lao động - Thương binh và Xã hội tổng hợp, báo cáo Ủy ban "
        "nhân dân tỉnh tình hình thực hiện hằng năm trước ngày 15/12.")
    reports = {x.report for x in d.plan.duties}
    assert len(d.plan.duties) == 2 and len(reports) == 1
    (conflict,) = [a for a in check(d.plan) if a.kind == "deadline.conflict"]
    assert conflict.severity is Severity.ERROR
    assert "20/11" in conflict.explain("en") and "15/12" in conflict.explain("vi")


def test_different_reports_are_not_linked() -> None:
    d = extract_text(
        HEAD + "1. Ủy ban nhân dân các huyện, thành phố:\n- Báo cáo sơ kết 6 tháng trước ngày "
        "15/6 gửi Sở Lao động - Thương binh và Xã hội.\n"
        "III. CHẾ ĐỘ BÁO CÁO\n1. Ủy ban nhân dân các huyện, thành phố báo cáo tổng kết năm "
        "trước ngày 15/11 gửi Sở Lao động - Thương binh và Xã hội.")
    assert len({x.report for x in d.plan.duties}) == 2
    assert not [a for a in check(d.plan) if a.kind == "deadline.conflict"]


def test_the_notes_of_a_duty_without_reporter_or_years_are_in_the_readers_language() -> None:
    """"no reporter named" and "mid-term review without a number of years" were English in
    a Vietnamese review, and the reporter's placeholder in the Vietnamese name too."""
    from childprotect.extract import extract_text
    from childprotect.i18n import use

    text = ("III. TỔ CHỨC THỰC HIỆN\n1. Chế độ báo cáo\n"
            "- Định kỳ báo cáo sơ kết giữa kỳ thực hiện kế hoạch.\n")
    for lang, note in (("vi", "sơ kết giữa kỳ không nêu số năm; không nêu đơn vị báo cáo"),
                       ("en", "mid-term review without a number of years; no reporter named")):
        with use(lang):
            got = extract_text(text)
        assert any(r.reason == f"III.1-a: {note}" for r in got.review), [
            r.reason for r in got.review]
    (duty,) = got.plan.reporting if hasattr(got.plan, "reporting") else got.plan.duties
    assert (duty.reporter.name_vi, duty.reporter.name_en) == (
        "(không nêu đơn vị báo cáo)", "(reporter not named)")

"""Document metadata in the layouts met on plans the extractor was not written on.

Each text is written for its test in a layout real pages use (see the corpus README).
"""

from __future__ import annotations

from childprotect.documents.document import AdminLevel, Period
from childprotect.extract import extract_text


def _reasons(text: str) -> str:
    return " | ".join(r.reason for r in extract_text(text).review)


def test_a_plan_to_a_year_has_its_end_and_no_stated_start() -> None:
    text = ("ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG\nSố: 88/KH-UBND\nCao Bằng, ngày 02 tháng 8 năm 2023\n"
            "KẾ HOẠCH\nPHÒNG, CHỐNG ĐUỐI NƯỚC TRẺ EM ĐẾN NĂM 2030\nI. MỤC TIÊU")
    doc = extract_text(text).plan.document
    assert doc.period == Period(2023, 2030)  # not the single year 2030
    assert "no start" in _reasons(text)


def test_the_title_line_may_come_without_a_ke_hoach_heading() -> None:
    text = ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
            "Số: 51/KH-UBND | Phú Yên, ngày 14 tháng 4 năm 2022 |\n"
            "TRIỂN KHAI CÔNG TÁC TRẺ EM TỈNH PHÚ YÊN NĂM 2022\n"
            "Thực hiện Quyết định số 23/QĐ-TTg ngày 07/01/2021 của Thủ tướng Chính phủ.\n"
            "I. MỤC TIÊU")
    doc = extract_text(text).plan.document
    assert doc.number.text == "51/KH-UBND"
    assert doc.title_vi.startswith("Triển khai công tác trẻ em tỉnh Phú Yên")
    assert doc.period == Period(2022, 2022)
    # The header names no province: the place-date line and the title do.
    assert (doc.issuer.name_vi, doc.issuer.level) == ("Ủy ban nhân dân tỉnh Phú Yên",
                                                      AdminLevel.PROVINCE)
    assert "header does not name" in _reasons(text)


def test_the_issuer_from_the_signature_block() -> None:
    text = ("ỦY BAN NHÂN DÂN\nSố: 9/KH-UBND\nMường La, ngày 05 tháng 01 năm 2024\nKẾ HOẠCH\n"
            "BẢO VỆ TRẺ EM NĂM 2024\nI. MỤC TIÊU\n- 100% xã có cộng tác viên.\n"
            "Nơi nhận:\n- Như trên.\nTM. ỦY BAN NHÂN DÂN HUYỆN MƯỜNG LA\nKT. CHỦ TỊCH\n"
            "PHÓ CHỦ TỊCH\nLò Văn Minh")
    doc = extract_text(text).plan.document
    assert (doc.issuer.name_vi, doc.issuer.level) == ("Ủy ban nhân dân huyện Mường La",
                                                      AdminLevel.DISTRICT)
    assert "signature block" in _reasons(text)


def test_a_number_on_the_line_after_so_and_a_header_word_alone() -> None:
    text = ("ỦY\nBAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN\n-------\n|\nSố:\n17/KH-UBND\n|\nĐiện\n"
            "Biên, ngày 20 tháng 2 năm 2023\n|\nKẾ HOẠCH\nBẢO VỆ TRẺ EM NĂM 2023\nI. MỤC TIÊU")
    doc = extract_text(text).plan.document
    assert doc.number.text == "17/KH-UBND"
    assert doc.issuer.name_vi == "Ủy ban nhân dân tỉnh Điện Biên"
    assert doc.issued.iso() == "2023-02-20"


def test_literal_line_end_characters_are_line_ends() -> None:
    text = ("\\r\\n ỦY BAN NHÂN DÂN | \\r\\n CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM | \\r\\n\n"
            "\\r\\n Số: 33/KH-UBND \\r\\n | \\r\\n Đồng Nai, ngày 03 tháng 5 năm 2022 \\r\\n |\n"
            "KẾ HOẠCH\\r\\nBẢO VỆ TRẺ EM NĂM 2022\\r\\nI. MỤC TIÊU")
    d = extract_text(text)
    assert d.plan.document.number.text == "33/KH-UBND"
    assert d.plan.document.issued.iso() == "2022-05-03"
    assert any("\\r\\n" in n for n in d.cleaning)

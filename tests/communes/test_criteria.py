"""The 13 criteria of Quyết định 06/QĐ-TTg: data, lookups, validation, CLI."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.cli import main
from childprotect.communes.criteria import (
    LIST_LETTERS,
    CriteriaStandard,
    Criterion,
    criterion,
    load_standard,
    standard,
)
from childprotect.errors import ChildProtectError, InvalidPlanFile, UnknownName, ValidationError
from childprotect.formats.convert import dumps, structure, unstructure
from tests.seedtext import flat_seed
from tests.vifacts import facts

STD = standard()
CRITERIA = STD.criteria


def test_thirteen_criteria_numbered_and_lettered_as_the_clause() -> None:
    assert len(CRITERIA) == 13
    assert [c.number for c in CRITERIA] == list(range(1, 14))
    assert [c.id for c in CRITERIA] == [f"TC{n}" for n in range(1, 14)]
    # Vietnamese legal lettering skips f and j and puts đ after d: a b c d đ e g h i k l m n.
    assert "".join(c.letter for c in CRITERIA) == "abcdđeghiklmn"


def test_every_criterion_has_text_and_a_source_naming_its_letter() -> None:
    for c in CRITERIA:
        assert unicodedata.is_normalized("NFC", c.name_vi)
        assert c.name_en and c.name_vi != c.name_en
        assert "06/QĐ-TTg" in c.source and f"điểm {c.letter}" in c.source


def test_standard_identity_and_honest_status() -> None:
    assert STD.document == "06/QĐ-TTg"
    assert STD.issued.isoformat() == "2019-01-03" == STD.effective.isoformat()
    assert STD.status.value == "secondary-quotation"
    assert any("no official copy" in n for n in STD.notes)
    assert len(STD.sources) >= 4


def test_names_have_no_known_misspellings_of_other_copies() -> None:
    # Two copies (see the reference) misspell these; the stored text must not.
    text = " ".join(c.name_vi for c in CRITERIA)
    for wrong in ("các lại vắc xin", "thẻ nhẹ cân", "mần non"):
        assert wrong not in text


@pytest.mark.seeds
def test_bac_kan_352_cites_the_same_decision_and_criterion_numbers() -> None:
    text = flat_seed("bac-kan-352-2019")
    assert f"{STD.document} ngày {STD.issued.strftime('%d/%m/%Y')}" in text.replace(
        "Quyết định số: ", "")
    # Every criterion number the plan assigns to a department exists in the standard.
    numbers = {int(n) for m in re.finditer(r"tiêu chí số\s*([0-9 ,]+)", text)
               for n in re.findall(r"[0-9]+", m.group(1))}
    assert numbers and numbers <= {c.number for c in CRITERIA}
    assert numbers == {c.number for c in CRITERIA}  # the plan assigns all 13


@pytest.mark.seeds
def test_bac_kan_352_names_the_standard_by_its_title() -> None:
    text = flat_seed("bac-kan-352-2019")
    assert "tiêu chuẩn, trình tự đánh giá và công nhận xã, phường, thị trấn phù hợp với trẻ em" \
        in text
    assert "tiêu chuẩn, trình tự đánh giá và công nhận xã, phường, thị trấn phù hợp với trẻ em" \
        in STD.title_vi


def _spellings(c: Criterion) -> list[str | int]:
    return [
        c.id, c.id.lower(), c.number, str(c.number), f"Tiêu chí {c.number}",
        f"TIÊU CHÍ SỐ {c.number}", f"tieu chi {c.number}", c.letter,
        unicodedata.normalize("NFD", c.name_vi), c.name_vi.upper(), f"  {c.name_vi}  ",
        c.name_en.upper(),
    ]


@given(st.sampled_from(CRITERIA), st.data())
def test_every_spelling_finds_the_criterion(c: Criterion, data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(_spellings(c)))
    assert criterion(key) == c


def test_dd_is_the_ascii_spelling_of_đ() -> None:
    assert criterion("dd") == criterion("đ") == criterion("Đ")
    assert criterion("đ").number == 5


@pytest.mark.parametrize("key", ["TC14", "TC0", 0, 14, "Tiêu chí 14", "f", "resources", ""])
def test_unknown_keys_are_named_errors(key: str | int) -> None:
    with pytest.raises(UnknownName) as err:
        criterion(key)
    assert repr(str(key)) in str(err.value) and "TC1" in str(err.value)


def test_round_trip_through_the_converter() -> None:
    assert structure(unstructure(STD), CriteriaStandard) == STD
    assert json.loads(dumps(STD))["criteria"][4]["letter"] == "đ"


def test_letters_out_of_order_are_rejected() -> None:
    swapped = list(CRITERIA)
    swapped[3], swapped[4] = (attrs.evolve(swapped[3], letter="đ"),
                              attrs.evolve(swapped[4], letter="d"))
    with pytest.raises(ValidationError, match="TC4 has letter 'đ'"):
        attrs.evolve(STD, criteria=tuple(swapped))


def test_criteria_out_of_order_are_rejected() -> None:
    with pytest.raises(ValidationError, match="position 1"):
        attrs.evolve(STD, criteria=(CRITERIA[1], CRITERIA[0], *CRITERIA[2:]))


def test_id_must_match_number() -> None:
    with pytest.raises(ValidationError, match="'TC2'"):
        Criterion("TC2", 3, "c", "x", "y", "z")
    with pytest.raises(ValidationError, match="not a list letter"):
        Criterion("TC3", 3, "f", "x", "y", "z")


def test_list_letters_are_the_vietnamese_sequence() -> None:
    assert "f" not in LIST_LETTERS and "j" not in LIST_LETTERS and "w" not in LIST_LETTERS
    assert LIST_LETTERS.index("đ") == LIST_LETTERS.index("d") + 1


def test_load_standard_from_a_file(tmp_path: Path) -> None:
    data = unstructure(STD)
    data["criteria"] = data["criteria"][:2]
    p = tmp_path / "std.json"
    p.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert load_standard(p).ids == ("TC1", "TC2")
    data["criteria"][1]["letter"] = "c"
    p.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(InvalidPlanFile, match="TC2 has letter 'c'"):
        load_standard(p)


# --- CLI -----------------------------------------------------------------------------------


def test_cli_json_lists_the_13_criteria(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["criteria", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in out["criteria"]] == list(STD.ids)
    assert out["criteria"][6]["name_vi"] == CRITERIA[6].name_vi
    assert out["status"] == "secondary-quotation" and out["sources"]


def test_cli_text_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["criteria"]) == 0
    text = capsys.readouterr().out
    for c in CRITERIA:
        assert c.name_vi in text
    assert "nguồn:" in text
    assert main(["criteria", "--format", "csv", "--lang", "en"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "id,letter,criterion" and len(lines) == 14


def test_cli_points_marks_illustrative_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["criteria", "--points", "qd-06-2019-illustrative", "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "ILLUSTRATIVE" in text
    assert main(["criteria", "--points", "qd-06-2019-illustrative"]) == 0
    text = capsys.readouterr().out
    assert "MINH HỌA" in text and "ILLUSTRATIVE" not in text
    assert main(["criteria", "--points", "qd-06-2019-illustrative", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["scoring_table"]["illustrative"] is True
    assert "TC2" in out["scoring_table"]["illustrative_values"]
    assert main(["criteria", "--points", "--format", "csv"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()
    # CSV keeps the codes, the same in every language
    assert rows[1].endswith("100,reported") and rows[2].endswith(",not-in-table")


# --- the Vietnamese texts of the data keep their English texts' facts ---------------------------

# (the facts a Vietnamese text keeps: tests/vifacts.py, shared with tests/data)
_facts = facts


def _pairs() -> list[tuple[str, str, str]]:
    """(where, English, Vietnamese) for every text of the bundled communes data that has a
    Vietnamese companion."""
    from childprotect.communes.procedure import procedure
    from childprotect.communes.scoring import load_table

    out: list[tuple[str, str, str]] = []
    s = standard()
    out += [("criteria notes", e, v) for e, v in zip(s.notes, s.notes_vi, strict=True)]
    out += [("criteria sources", e, v) for e, v in zip(s.sources, s.sources_vi, strict=True)]
    for tid in ("qd-06-2019-reported", "qd-06-2019-illustrative"):
        t = load_table(tid)
        out += [(f"{tid} notes", e, v) for e, v in zip(t.notes, t.notes_vi, strict=True)]
        out += [(f"{tid} {c.criterion}", c.source, c.source_vi or "") for c in t.criteria]
        out += [(f"{tid} {c.criterion} note", c.note, c.note_vi or "") for c in t.criteria
                if c.note]
        out += [(f"{tid} {si.id} note", si.note, si.note_vi or "") for c in t.criteria
                for si in c.sub_items if si.note]
        if t.total is not None:
            out.append((f"{tid} total", t.total.source, t.total.source_vi or ""))
    p = procedure()
    out += [("procedure notes", e, v) for e, v in zip(p.notes, p.notes_vi, strict=True)]
    out.append(("procedure clause", p.clause, p.clause_vi or ""))
    out.append(("procedure timing", p.timing.source, p.timing.source_vi or ""))
    out += [(f"procedure {period.valid_from} {r.role.value}", r.source, r.source_vi or "")
            for period in p.periods for r in period.roles]
    return out


def test_every_shown_text_of_the_data_has_a_vietnamese_text() -> None:
    pairs = _pairs()
    assert len(pairs) > 40
    for where, _en, vi in pairs:
        assert vi, f"{where}: no Vietnamese text"
        assert unicodedata.is_normalized("NFC", vi), where


@pytest.mark.parametrize(("where", "en", "vi"), _pairs(), ids=lambda x: str(x)[:40])
def test_a_vietnamese_text_keeps_the_facts_and_sources_of_its_english_one(
        where: str, en: str, vi: str) -> None:
    missing = [f for f in _facts(en) if f not in vi and f not in _facts(vi)]
    assert missing == [], where


def test_the_facts_check_finds_a_lost_link_or_date() -> None:
    en = "abolished on 01/07/2025 (https://example.vn/a); 1,000 points"
    assert [f for f in _facts(en) if f not in _facts("từ ngày 01/07/2025; 1.000 điểm")] == [
        "https://example.vn/a"]
    assert "01/07/2025" not in _facts("từ ngày 1/7/2025")


def test_vietnamese_texts_must_match_the_english_ones_one_for_one() -> None:
    from childprotect.communes.criteria import standard_of
    from childprotect.data import read_json

    data = read_json("criteria/qd-06-2019-criteria.json")
    data["notes_vi"] = data["notes_vi"][:1]
    with pytest.raises(ChildProtectError, match="notes_vi: 1 Vietnamese texts for 3 English"):
        standard_of(data)

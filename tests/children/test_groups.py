"""The taxonomy of groups of children in special circumstances (childprotect.children.groups)."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.children.groups import (
    Citation,
    Erratum,
    Group,
    ProtectionLevel,
    SubGroup,
    Taxonomy,
    TaxonomyNotInForce,
    group,
    load_taxonomy,
    normalize_code,
    taxonomies,
    taxonomy,
    taxonomy_on,
)
from childprotect.cli import main
from childprotect.errors import InvalidPlanFile, UnknownName, ValidationError
from childprotect.formats.convert import dumps
from tests.seedtext import SEEDS_DIR

TAX = taxonomy("luat-tre-em-2016")

# Luật Trẻ em 2016 Điều 10 khoản 1 letters its points a b c d đ e g h i k l m n o.
LAW_LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o"]
# Clauses of Nghị định 56/2017 Điều 3–16 as the decree numbers them (1 = no clauses).
CLAUSES = {3: 4, 4: 2, 5: 12, 6: 3, 7: 1, 8: 4, 9: 2, 10: 2, 11: 1, 12: 5, 13: 5, 14: 2,
           15: 2, 16: 3}
REFERENCE = SEEDS_DIR.parent / "reference" / "legal-texts.md"


def test_fourteen_groups_with_the_law_letters() -> None:
    assert list(TAX.codes) == LAW_LETTERS
    assert TAX.group("a").label_vi == "Trẻ em mồ côi cả cha và mẹ"
    assert TAX.group("o").label_vi == ("Trẻ em di cư, trẻ em lánh nạn, tị nạn chưa xác định "
                                       "được cha mẹ hoặc không có người chăm sóc")
    for g in TAX.groups:
        assert g.citation == Citation("Luật Trẻ em 2016", 10, 1, g.code)
        assert g.verbatim_vi.startswith(f"{g.code}) {g.label_vi}")
        assert g.label_en


def test_group_to_decree_article_mapping() -> None:
    # a→Điều 3 … o→Điều 16 (legal-texts.md A.1, checked against article titles)
    for i, g in enumerate(TAX.groups):
        assert g.detailed_by == Citation("Nghị định 56/2017/NĐ-CP", 3 + i)
        assert g.decree_title_vi == f"Điều {3 + i}. {g.label_vi}"


def test_clause_counts_per_article() -> None:
    counts = {a: 0 for a in CLAUSES}
    for s in TAX.subgroups:
        counts[s.citation.article] += 1
    assert counts == CLAUSES
    assert len(TAX.subgroups) == sum(CLAUSES.values()) == 48


def test_subgroup_codes_and_clauses() -> None:
    for s in TAX.subgroups:
        if CLAUSES[s.citation.article] == 1:
            assert s.code == s.group and s.clause is None
            assert not re.match(r"^\d+\. ", s.verbatim_vi)
        else:
            assert s.code == f"{s.group}.{s.clause}"
            assert s.verbatim_vi.startswith(f"{s.clause}. ")
    assert [s.code for s in TAX.subgroups_of("c")] == [f"c.{k}" for k in range(1, 13)]


def test_every_text_is_nfc() -> None:
    texts = [g.label_vi for g in TAX.groups] + [g.verbatim_vi for g in TAX.groups]
    texts += [s.verbatim_vi for s in TAX.subgroups]
    for t in texts:
        assert unicodedata.normalize("NFC", t) == t


def test_misspelling_kept_verbatim_and_recorded() -> None:
    h1, h2 = TAX.subgroups_of("h")
    assert "phố cập" in h1.verbatim_vi
    assert h1.errata == (Erratum("verbatim_vi", "phố cập", "phổ cập", h1.errata[0].note),)
    assert "phổ cập" in h1.reading_vi and "phố cập" not in h1.reading_vi
    assert "phổ cập" in h2.verbatim_vi and not h2.errata
    assert [s.code for s in TAX.subgroups if s.errata] == ["h.1"]
    assert "phổ cập" in TAX.group("h").label_vi


@pytest.mark.seeds
def test_texts_match_the_reference_verbatim() -> None:
    ref = unicodedata.normalize("NFC", REFERENCE.read_text("utf-8"))
    blocks = re.findall(r"```text\n(.*?)```", ref, re.S)
    law10 = next(b for b in blocks if b.startswith("Điều 10. Trẻ em có hoàn cảnh đặc biệt"))
    for g in TAX.groups:
        assert g.verbatim_vi in law10.splitlines()
    for article, n in CLAUSES.items():
        block = next(b for b in blocks if b.startswith(f"Điều {article}. ")
                     and b is not law10)
        lines = block.rstrip("\n").splitlines()
        g = TAX.groups[article - 3]
        assert lines[0] == g.decree_title_vi
        body = lines[1:]
        assert len(body) == n, article
        assert [s.verbatim_vi for s in TAX.subgroups_of(g.code)] == body


@pytest.mark.seeds
def test_reference_states_the_same_counts() -> None:
    ref = unicodedata.normalize("NFC", REFERENCE.read_text("utf-8"))
    m = re.search(r"Number of clauses \(sub-groups\) per article: (.*?)\. Total: (\d+)", ref)
    assert m is not None
    stated = dict((int(a), int(b)) for a, b in re.findall(r"(\d+)→(\d+)", m.group(1)))
    assert stated == CLAUSES and int(m.group(2)) == 48


@pytest.mark.parametrize("g", TAX.groups, ids=lambda g: g.ascii_code)
def test_lookup_by_code_ascii_case_and_label(g: Group) -> None:
    assert TAX.group(g.code) is g
    assert TAX.group(g.ascii_code) is g
    assert TAX.group(g.code.upper()) is g
    assert TAX.group(f"{g.code})") is g
    assert TAX.group(unicodedata.normalize("NFD", g.label_vi.upper())) is g
    assert TAX.group(g.label_en.lower()) is g
    assert TAX.group(g) is g


def test_dd_is_d_with_stroke() -> None:
    assert TAX.group("dd").code == "đ" and TAX.group("Đ").code == "đ"
    assert TAX.group("d").code == "d"
    assert TAX.subgroup("dd").code == "đ"
    assert group("DD", dt.date(2020, 1, 1)).label_vi == "Trẻ em nhiễm HIV/AIDS"


@given(st.sampled_from(TAX.subgroups), st.sampled_from([".", "", " ", "-", " khoản "]),
       st.booleans())
def test_subgroup_codes_round_trip(s: SubGroup, sep: str, upper: bool) -> None:
    code = s.code if s.clause is None else f"{s.group}{sep}{s.clause}"
    if s.group == "đ":
        code = code.replace("đ", "dd")
    assert TAX.subgroup(code.upper() if upper else code) is s
    assert normalize_code(s.code) == s.code


@pytest.mark.parametrize("bad", ["f", "j", "zz", "", "a.99", "c.13", "p"])
def test_unknown_codes(bad: str) -> None:
    with pytest.raises(UnknownName) as e:
        TAX.subgroup(bad)
    assert repr(bad) in str(e.value)
    with pytest.raises(UnknownName):
        TAX.group(bad if bad not in ("a.99", "c.13") else "q")


def test_taxonomy_on_dates() -> None:
    assert taxonomy_on(dt.date(2017, 6, 1)) is TAX
    assert taxonomy_on(dt.date(2030, 1, 1)) is TAX
    with pytest.raises(TaxonomyNotInForce, match="2017-05-31"):
        taxonomy_on(dt.date(2017, 5, 31))
    assert not TAX.subgroups_in_force(dt.date(2017, 6, 30))
    assert TAX.subgroups_in_force(dt.date(2017, 7, 1))
    with pytest.raises(ValidationError):
        taxonomy_on(dt.datetime(2020, 1, 1, 12, 0))  # type: ignore[arg-type]
    assert taxonomies() == (TAX,)


def _earlier() -> Taxonomy:
    """A stand-in for a user-supplied earlier taxonomy (test data, not the 2004 law)."""
    return attrs.evolve(TAX, id="test-earlier", valid_from=dt.date(2005, 1, 1),
                        valid_to=dt.date(2017, 5, 31))


def test_versioning_picks_the_taxonomy_in_force() -> None:
    earlier = _earlier()
    assert taxonomy_on(dt.date(2016, 3, 1), extra=[earlier]) is earlier
    assert taxonomy_on(dt.date(2018, 3, 1), extra=[earlier]) is TAX
    overlapping = attrs.evolve(earlier, valid_to=dt.date(2018, 1, 1))
    with pytest.raises(ValidationError, match="several taxonomies"):
        taxonomy_on(dt.date(2017, 12, 1), extra=[overlapping])
    with pytest.raises(ValidationError, match="before valid_from"):
        attrs.evolve(earlier, valid_to=dt.date(2004, 1, 1))


def test_taxonomy_file_round_trip(tmp_path: Path) -> None:
    p = tmp_path / "t.json"
    p.write_text(dumps(TAX), "utf-8")
    assert load_taxonomy(p) == TAX
    data = json.loads(p.read_text("utf-8"))
    data["subgroups"][0]["citation"]["clause"] = 2
    p.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(InvalidPlanFile, match="its code says clause 1"):
        load_taxonomy(p)


def test_data_validation() -> None:
    g = TAX.groups[0]
    with pytest.raises(ValidationError, match="NFC"):
        attrs.evolve(g, label_vi=unicodedata.normalize("NFD", g.label_vi))
    s = TAX.subgroups[0]
    with pytest.raises(ValidationError, match="not in that field"):
        attrs.evolve(s, errata=(Erratum("verbatim_vi", "không có", "x", "n"),
                                Erratum("verbatim_vi", "absent", "x", "n")))
    with pytest.raises(ValidationError, match="appears twice"):
        attrs.evolve(TAX, subgroups=(*TAX.subgroups, TAX.subgroups[0]))
    with pytest.raises(ValidationError, match="point letters in order"):
        attrs.evolve(TAX, groups=TAX.groups[1:])
    with pytest.raises(ValidationError, match="unknown document"):
        attrs.evolve(TAX, documents=TAX.documents[:1])
    with pytest.raises(ValidationError):
        Citation("Luật Trẻ em 2016", 10, 1, "f")


def test_citation_text() -> None:
    assert str(TAX.subgroup("c.12").citation) == "khoản 12 Điều 5 Nghị định 56/2017/NĐ-CP"
    assert str(TAX.subgroup("i").citation) == "Điều 11 Nghị định 56/2017/NĐ-CP"
    assert TAX.subgroup("o.3").citation.en() == "Nghị định 56/2017/NĐ-CP, Art. 16(3)"


def test_protection_levels() -> None:
    levels = TAX.protection_levels
    assert [p.level for p in levels] == list(ProtectionLevel)
    assert [p.label_vi for p in levels] == ["Phòng ngừa", "Hỗ trợ", "Can thiệp"]
    for p, point in zip(levels, "abc", strict=True):
        assert p.citation == Citation("Luật Trẻ em 2016", 47, 1, point)
    # Điều 49 k.1, verbatim from the official codification (Bộ Pháp điển, Điều 8.1.LQ.49;
    # legal-check-2026-12.md §1.1): "giảm thiểu hoặc loại bỏ", not a summary's "giảm, loại bỏ".
    support = TAX.protection_level(ProtectionLevel.SUPPORT)
    assert support.status.value == "official-codification"
    assert support.scope_citation == Citation("Luật Trẻ em 2016", 49, 1)
    assert support.scope_vi.startswith("Cấp độ hỗ trợ bao gồm các biện pháp bảo vệ")
    assert "kịp thời phát hiện, giảm thiểu hoặc loại bỏ nguy cơ gây tổn hại" in support.scope_vi


def test_documents_and_dates() -> None:
    law = TAX.document("Luật Trẻ em 2016")
    decree = TAX.document("Nghị định 56/2017/NĐ-CP")
    assert (law.number, law.in_force_from) == ("102/2016/QH13", dt.date(2017, 6, 1))
    assert (decree.number, decree.in_force_from) == ("56/2017/NĐ-CP", dt.date(2017, 7, 1))
    assert TAX.valid_from == law.in_force_from


def _between(text: str, name: str) -> str:
    m = re.search(f"<!-- {name}:start -->\n(.*?)\n<!-- {name}:end -->", text, re.S)
    assert m is not None, name
    return m.group(1)


def test_docs_page_holds_exactly_the_generated_tables(repo_root: Path) -> None:
    text = (repo_root / "docs" / "children.md").read_text("utf-8")
    assert _between(text, "groups-table") == TAX.markdown_table()
    assert _between(text, "subgroups-table") == TAX.markdown_table(subgroups=True)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_groups(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "groups", "--on", "2020-01-01")
    assert code == 0
    for g in TAX.groups:
        assert g.label_vi in out and str(g.citation) in out
    code, out, _ = run(capsys, "groups", "--format", "json", "--on", "2020-01-01")
    data = json.loads(out)
    assert [g["code"] for g in data["groups"]] == LAW_LETTERS
    assert sum(len(g["subgroups"]) for g in data["groups"]) == 48
    h1 = data["groups"][7]["subgroups"][0]
    assert h1["errata"][0]["verbatim"] == "phố cập"
    code, out, _ = run(capsys, "groups", "--format", "markdown", "--on", "2020-01-01",
                       "--lang", "en")
    assert out.rstrip("\n") == TAX.markdown_table()
    code, out, _ = run(capsys, "groups", "--subgroups", "--format", "markdown", "--lang", "en")
    assert out.rstrip("\n") == TAX.markdown_table(subgroups=True)
    # in Vietnamese: the verbatim text alone, no English gloss
    code, out, _ = run(capsys, "groups", "--subgroups", "--format", "markdown")
    assert out.splitlines()[0] == "| mã | nhóm (nguyên văn) | căn cứ |"
    assert all(s.label_en not in out for s in TAX.subgroups)
    assert all(s.verbatim_vi in out for s in TAX.subgroups)
    code, out, _ = run(capsys, "groups", "dd", "--subgroups", "--format", "csv")
    assert out.splitlines()[1].startswith("đ,Trẻ em nhiễm HIV/AIDS theo quy định pháp luật.")


def test_cli_groups_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "groups", "--on", "2016-01-01", "--lang", "en")
    assert code == 2 and "no taxonomy" in err
    code, _, err = run(capsys, "groups", "--on", "2016-01-01")
    assert code == 2 and "chưa có bộ phân loại nhóm cho ngày 01/01/2016" in err
    code, _, err = run(capsys, "groups", "zz")
    assert code == 2 and "không có nhóm 'zz'; gần nhất: 'a'" in err
    with pytest.raises(SystemExit) as e:
        main(["groups", "--on", "01/01/2020"])
    assert e.value.code == 2

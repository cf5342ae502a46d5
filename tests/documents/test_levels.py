"""The levels of government and their names (childprotect.documents.levels)."""

from __future__ import annotations

import pytest

from childprotect.documents import document, levels
from childprotect.documents.levels import AdminLevel, level_name
from tests.fresh import loaded_after


@pytest.mark.parametrize(("code", "vi", "en"), [
    ("national", "toàn quốc", "national"), ("province", "tỉnh", "province"),
    ("district", "huyện", "district"), ("commune", "xã", "commune"),
    ("total", "toàn bộ", "total")])
def test_each_level_is_named_in_both_languages(code: str, vi: str, en: str) -> None:
    name = level_name(code)
    assert not isinstance(name, str)
    assert (name.text("vi"), name.text("en")) == (vi, en)
    if code != "total":
        assert level_name(AdminLevel(code)) is name


def test_the_document_model_gives_the_same_levels() -> None:
    assert document.AdminLevel is levels.AdminLevel
    assert document.level_name is levels.level_name


def test_a_rollup_names_its_levels_without_the_document_model() -> None:
    assert loaded_after("import childprotect.rollup.aggregate, childprotect.rollup.areas",
                        ["childprotect.documents.document"]) == []

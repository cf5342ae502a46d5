"""Who evaluates and decides on child-friendly communes, and when (dated rules)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest

from childprotect.communes.procedure import (
    ProcedureRole,
    Role,
    RuleStatus,
    load_procedure,
    procedure,
)
from childprotect.documents.document import AdminLevel
from childprotect.errors import ValidationError
from childprotect.formats.convert import unstructure
from childprotect.text.dates import PartialDate
from tests.seedtext import flat_seed


def test_district_appraises_and_decides_until_30_june_2025() -> None:
    proc = procedure()
    before = proc.on(dt.date(2025, 6, 30))
    assert before.role(Role.DECIDE).holder_vi == "Chủ tịch Ủy ban nhân dân cấp huyện"
    assert before.role(Role.APPRAISE).level is AdminLevel.DISTRICT
    assert all(r.status is RuleStatus.UNVERIFIED for r in before.roles)
    after = proc.on(dt.date(2025, 7, 1))
    assert all(r.status is RuleStatus.NOT_FOUND and r.holder_vi is None for r in after.roles)
    assert proc.on(dt.date(2019, 1, 3)) == before
    with pytest.raises(ValidationError, match="2019-01-02"):
        proc.on(dt.date(2019, 1, 2))


@pytest.mark.seeds
def test_bac_kan_352_makes_districts_answer_for_the_results() -> None:
    text = flat_seed("bac-kan-352-2019")
    assert "Chịu trách nhiệm trước Ủy ban nhân dân tỉnh về kết quả thực hiện kế hoạch xây " \
        "dựng xã, phường, thị trấn phù hợp với trẻ em" in text
    assert "Theo quy định tại Điều 4, Quyết định số: 06/QĐ-TTg" in text
    decide = procedure().on(dt.date(2019, 3, 8)).role(Role.DECIDE)
    assert "352/QĐ-UBND IV.1.13" in decide.source


def test_timing_rounds_for_the_2021_2025_plan() -> None:
    # The reference: "For 2021–2025 that is November 2022 and November 2024".
    t = procedure().timing
    assert t.rounds(2021) == (PartialDate(2022, 11), PartialDate(2024, 11))
    assert t.status is RuleStatus.REPORTED and "novembre" in t.text


def test_a_user_procedure_file_fills_the_post_2025_gap(tmp_path: Path) -> None:
    data = unstructure(procedure())
    data["periods"][1]["roles"][2] = {
        "role": "decide", "status": "official", "holder_vi": "Chủ tịch Ủy ban nhân dân cấp xã",
        "level": "commune", "source": "a decision the user read"}
    p = tmp_path / "proc.json"
    p.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    got = load_procedure(p).on(dt.date(2026, 3, 1)).role(Role.DECIDE)
    assert got.holder_vi == "Chủ tịch Ủy ban nhân dân cấp xã" and got.status is RuleStatus.OFFICIAL


def test_procedure_validation() -> None:
    with pytest.raises(ValidationError, match="a holder must be given"):
        ProcedureRole(Role.DECIDE, RuleStatus.UNVERIFIED, "s")
    with pytest.raises(ValidationError, match="a holder must be given"):
        ProcedureRole(Role.DECIDE, RuleStatus.NOT_FOUND, "s", holder_vi="x")
    p = procedure()
    with pytest.raises(ValidationError, match="overlap"):
        attrs.evolve(p, periods=(p.periods[0], attrs.evolve(p.periods[1],
                                                            valid_from=dt.date(2025, 6, 1))))
    with pytest.raises(ValidationError, match="every role"):
        attrs.evolve(p.periods[0], roles=p.periods[0].roles[:2])

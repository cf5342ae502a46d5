"""Targets judged at the level their plan sets (childprotect.plans.application): the plan's
area, a quota at each unit, or a share of units computed from the units' own results."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

from childprotect.documents.document import AdminLevel
from childprotect.errors import ValidationError
from childprotect.formats import catalog
from childprotect.mainjob.job import DEMO_PLAN, demo_dataset, read_dataset, run
from childprotect.plans.application import Application, Basis, share_of_units
from childprotect.plans.observed import Coverage
from childprotect.plans.status import Status
from tests.seedtext import flat, flat_seed

HUE = catalog.load("thua-thien-hue-208-2021")
HN = catalog.load("hong-ngu-2020")


def test_what_an_application_may_say() -> None:
    with pytest.raises(ValidationError, match="only for a target applied to each unit"):
        Application(Basis.AREA, value=Decimal(1))
    with pytest.raises(ValidationError, match="needs the level of those units"):
        Application(Basis.EACH_UNIT, value=Decimal(1))
    with pytest.raises(ValidationError, match="level of the units counted"):
        Application(Basis.SHARE_OF_UNITS)
    with pytest.raises(ValidationError, match="must be below"):
        Application(Basis.SHARE_OF_UNITS, AdminLevel.COMMUNE, counted=AdminLevel.DISTRICT)
    with pytest.raises(ValidationError, match="only for a share of units"):
        Application(Basis.AREA, counted=AdminLevel.COMMUNE)
    with pytest.raises(ValidationError, match="judged once at each level"):
        attrs.evolve(HN.target("T3"), applies=(Application(), Application()))


def test_the_plans_levels_are_data() -> None:
    t3 = HN.target("T3")
    district, commune = t3.applications(HN.document.issuer.level)
    assert (district.kind, district.level, district.quota_of(t3.value)) == (
        Basis.AREA, AdminLevel.DISTRICT, Decimal(300_000_000))
    assert (commune.kind, commune.level, commune.quota_of(t3.value)) == (
        Basis.EACH_UNIT, AdminLevel.COMMUNE, Decimal(20_000_000))
    # without the data's applications, the per-unit part says the same
    assert attrs.evolve(t3, applies=()).applications(AdminLevel.DISTRICT)[1].value == \
        Decimal(20_000_000)
    for tid in ("CT1.1", "CT1.2", "CT17"):
        (a,) = HUE.target(tid).applications(HUE.document.issuer.level)
        assert (a.kind, a.level, a.counted) == (Basis.SHARE_OF_UNITS, AdminLevel.PROVINCE,
                                                AdminLevel.COMMUNE)
    (ct6,) = HUE.target("CT6.1").applications(AdminLevel.PROVINCE)
    assert (ct6.kind, ct6.level) == (Basis.AREA, AdminLevel.PROVINCE)


@pytest.mark.seeds
@pytest.mark.parametrize("plan_id", ["thua-thien-hue-208-2021", "hong-ngu-2020",
                                     "bac-kan-352-2019", "bac-kan-419-2018"])
def test_every_application_quotes_its_seed(plan_id: str) -> None:
    seed = flat_seed(plan_id)
    quoted = 0
    for t in catalog.load(plan_id).targets:
        for a in t.applies:
            assert a.source, (t.id, "no source")
            for quote in re.findall(r"“([^”]+)”", a.source):
                assert flat(quote.strip(" …")) in seed, (t.id, quote)
                quoted += 1
    assert quoted


def test_share_of_units_from_the_units_own_results() -> None:
    o = share_of_units({"a": True, "b": False, "c": True}, ["a", "b", "c", "d"], year=2024,
                       level="commune")
    assert (o.numerator, o.denominator, o.coverage) == (2, 3, Coverage(3, 4, "commune"))
    with pytest.raises(ValidationError, match="not among the units that count"):
        share_of_units({"x": True}, ["a"])


def test_hue_ct1_2_is_a_share_of_the_provinces_communes() -> None:
    """Chỉ tiêu 1: judged once, for the province, from each commune's own result; never
    per commune as 0% or 100%."""
    job = run(HUE, demo_dataset(), on=dt.date(2025, 6, 1), duties=False)
    judged = {(code, o.target_id) for code, outs in job.outcomes.items() for o in outs}
    for tid in ("CT1.1", "CT1.2", "CT17"):
        assert {c for c, t in judged if t == tid} == {"46"}
    recs = [r for r in demo_dataset().records if r.period == "2024"]
    flags = [r.values["communes_child_friendly"] for r in recs]
    o = {o.target_id: o for o in job.outcomes["46"]}["CT1.2"]
    assert o.observed == Fraction(100 * sum(flags), len(flags))  # friendly / reporting
    assert o.coverage == Coverage(len(flags), 112, "commune")  # of the 112 communes
    assert o.status is Status.NOT_MET and o.assessment.failing_years == (2023, 2024)


def test_a_units_result_is_yes_or_no(tmp_path: Path) -> None:
    units = [{"code": "99", "name_vi": "Tỉnh mẫu", "name_en": "Sample province", "kind": "tinh",
              "source": "test"},
             *({"code": f"9910{i}", "name_vi": f"Xã mẫu {i}", "name_en": f"Sample {i}",
                "kind": "xa", "parent": "99", "source": "test"} for i in range(1, 4))]
    records = [{"unit": f"9910{i}", "period": "2019",
                "values": {"communes": 1, "communes_child_friendly": v}}
               for i, v in ((1, 1), (2, 0), (3, 1))]
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"root": "99", "units": units, "records": records}), "utf-8")
    bk = catalog.load("bac-kan-352-2019")  # T1: above 70% of communes child-friendly
    job = run(bk, read_dataset(path), on=dt.date(2020, 1, 1), duties=False)
    t1 = {o.target_id: o for o in job.outcomes["99"]}["T1"]
    assert t1.observed == Fraction(200, 3) and t1.status is Status.NOT_MET
    records[1]["values"]["communes_child_friendly"] = 2
    path.write_text(json.dumps({"root": "99", "units": units, "records": records}), "utf-8")
    bad = run(bk, read_dataset(path), on=dt.date(2020, 1, 1), duties=False)
    why = dict(bad.not_assessed)["T1"]
    assert "must be 0 or 1 at each unit" in why.text("en") and "99102" in why.text("en")


def test_a_plan_applies_to_its_own_area_only() -> None:
    # the demo data hold nine districts of Huế, none of them Hồng Ngự: the district plan's
    # targets apply to none of them (it would once the data name Huyện Hồng Ngự)
    job = run(HN, demo_dataset(), on=dt.date(2020, 12, 1), duties=False)
    assert not any(job.outcomes.values())
    whys = {t: w.text("en") for t, w in job.not_assessed}
    assert "none is the plan's own (Ủy ban nhân dân huyện Hồng Ngự)" in whys["T1.1"]


def test_demo_plan_is_the_huế_plan() -> None:
    assert HUE.id == DEMO_PLAN

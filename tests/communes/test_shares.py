"""Shares of communes recognised at every level, failing criteria, and share targets."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.communes.criteria import standard
from childprotect.communes.evaluation import (
    AreaUnit,
    CommuneCategory,
    CommuneResult,
    Reason,
    ReasonKind,
)
from childprotect.communes.scoring import CriterionScore
from childprotect.communes.shares import (
    ALL,
    AssessmentStatus,
    Comparator,
    ShareTarget,
    UnitShare,
    assess,
    shares,
)
from childprotect.documents.document import AdminLevel
from childprotect.errors import UnknownName, ValidationError
from childprotect.formats import catalog
from childprotect.plans.shares import share_target, share_targets
from childprotect.units.hierarchy import Hierarchy
from tests.seedtext import flat, flat_seed

IDS = standard().ids


def result(code: str, parent: str, outcome: str, criterion: str = "TC1") -> CommuneResult:
    """A commune result: 'ok', 'low' (below threshold), 'zero' or 'missing' on ``criterion``,
    or 'none' (not evaluated)."""
    scores = tuple(CriterionScore(c, Decimal(0 if (outcome == "zero" and c == criterion) else 60),
                                  80) for c in IDS if not (outcome == "missing" and c == criterion))
    reasons = {
        "ok": (),
        "low": (Reason(ReasonKind.BELOW_THRESHOLD, "low"),),
        "zero": (Reason(ReasonKind.ZERO_POINTS, "zero", criterion),),
        "missing": (Reason(ReasonKind.MISSING_CRITERION, "missing", criterion),),
        "none": (Reason(ReasonKind.NOT_EVALUATED, "none"),),
    }[outcome]
    if outcome == "none":
        scores = ()
    return CommuneResult(code, code, parent, CommuneCategory.OTHER, 850,
                         sum((s.points for s in scores), Decimal(0)), not reasons, reasons,
                         scores)


OUTCOMES = st.sampled_from(["ok", "low", "zero", "missing", "none"])


@st.composite
def trees(draw: st.DrawFn) -> tuple[tuple[AreaUnit, ...], list[CommuneResult]]:
    """A nation → provinces → districts tree with communes under districts."""
    units = [AreaUnit("N", "Nation", AdminLevel.NATIONAL)]
    communes: list[CommuneResult] = []
    for p in range(draw(st.integers(1, 2))):
        units.append(AreaUnit(f"P{p}", f"Province {p}", AdminLevel.PROVINCE, "N"))
        for d in range(draw(st.integers(0, 3))):
            code = f"P{p}D{d}"
            units.append(AreaUnit(code, f"District {code}", AdminLevel.DISTRICT, f"P{p}"))
            for c in range(draw(st.integers(0, 4))):
                communes.append(result(f"{code}C{c}", code, draw(OUTCOMES),
                                       draw(st.sampled_from(IDS))))
    return tuple(units), communes


def _descendant(code: str, unit: str, parent: dict[str, str | None]) -> bool:
    node: str | None = code
    while node is not None:
        if node == unit:
            return True
        node = parent.get(node)
    return False


@given(trees(), st.randoms(use_true_random=False))
def test_share_never_exceeds_one_and_equals_the_recounted_ratio(
        tree: tuple[tuple[AreaUnit, ...], list[CommuneResult]], rnd: Random) -> None:
    units, communes = tree
    parent = {u.code: u.parent for u in units}
    rows = shares(communes, units)
    # The order of the input never matters.
    shuffled = list(communes)
    rnd.shuffle(shuffled)
    assert shares(shuffled, units) == rows
    # A level is the sum of its children's counts, never an average of their shares.
    by = {s.code: s for s in rows}
    for u in units:
        kids = [by[k.code] for k in units if k.parent == u.code]
        if kids:
            assert by[u.code].recognised == sum(k.recognised for k in kids)
            assert by[u.code].communes == sum(k.communes for k in kids)
    assert by[ALL].communes == len(communes)
    assert [s.code for s in rows] == [ALL, *(u.code for u in units)]
    for s in rows:
        under = [c for c in communes if s.code == ALL or _descendant(c.parent or "", s.code,
                                                                      parent)]
        assert s.communes == len(under)
        assert s.recognised == sum(1 for c in under if c.recognised)
        assert s.evaluated == sum(1 for c in under if c.evaluated)
        if s.communes == 0:
            assert s.ratio is None and s.percent() is None
            continue
        assert s.ratio is not None
        assert 0 <= s.ratio <= 1
        assert s.ratio == Fraction(s.recognised, s.communes)
        p = s.percent(2)
        assert p is not None and Decimal(0) <= p <= Decimal(100)
        # Failing counts: never more than the evaluated communes.
        for f in s.failures:
            assert 0 <= f.failing <= s.evaluated
            assert f.failing == sum(1 for c in under if f.criterion in c.failing)


def test_failures_rank_and_points_lost() -> None:
    units = (AreaUnit("D", "Huyện", AdminLevel.DISTRICT),)
    rs = [result("1", "D", "zero", "TC8"), result("2", "D", "missing", "TC8"),
          result("3", "D", "zero", "TC3"), result("4", "D", "ok"), result("5", "D", "none")]
    d = shares(rs, units)[1]
    top = d.top_failures(2)
    assert [(f.criterion, f.zero, f.missing, f.failing) for f in top] == [
        ("TC8", 1, 1, 2), ("TC3", 1, 0, 1)]
    # TC8: 80 lost where it scored 0, nothing where missing, 20 in the other two evaluated
    # communes (the not-evaluated commune counts for nothing).
    assert top[0].points_lost == Decimal(80 + 20 + 20)
    assert (d.communes, d.evaluated, d.recognised) == (5, 4, 1)


def test_unit_share_counts_must_be_consistent() -> None:
    with pytest.raises(ValidationError, match="recognised ≤ evaluated ≤ communes"):
        UnitShare("X", "x", None, 2, 1, 2)


def test_declared_commune_totals_report_missing_communes() -> None:
    units = (AreaUnit("D", "Huyện", AdminLevel.DISTRICT, communes_total=4,
                      communes_total_source="test"),)
    (row,) = shares([result("1", "D", "ok")], units)[1:]
    assert row.missing_from_file == 3
    t = ShareTarget("t", AdminLevel.DISTRICT, Comparator.ABOVE, Decimal(70), "x", "s", "test")
    (a,) = assess(shares([result("1", "D", "ok")], units), t, min_coverage=Fraction(1, 4))
    assert a.met is True and a.note and "3 of the unit's 4 communes are not in the input" in a.note
    # one commune of four is too few for a verdict by default (at least 80%)
    (a,) = assess(shares([result("1", "D", "ok")], units), t)
    assert a.met is None and a.status is AssessmentStatus.INSUFFICIENT_DATA
    assert a.note == ("only 1 of the unit's 4 communes are in the input (25.0%), below the "
                      "minimum coverage of 80%: too few to judge the target")


# --- targets ------------------------------------------------------------------------------


def test_bundled_targets() -> None:
    ids = [t.id for t in share_targets(catalog.load_all())]
    # Quyết định 23/QĐ-TTg Chỉ tiêu 1 (65% by 2025, 75% by 2030) is read from the bundled
    # programme ttg-23-2021; its retired ids are aliases of those targets.
    assert ids == ["bac-kan-352-2019/T1", "thua-thien-hue-208-2021/CT1.2",
                   "ttg-23-2021/CT1.2025", "ttg-23-2021/CT1.2030"]
    for old, new in (("qd-23-2021/2025", "ttg-23-2021/CT1.2025"),
                     ("qd-23-2021/2030", "ttg-23-2021/CT1.2030")):
        assert share_target(old, catalog.load_all()) == share_target(new, catalog.load_all())
    hue = share_target("thua-thien-hue-208-2021/CT1.2", catalog.load_all())
    assert share_target("thua-thien-hue-208-2021", catalog.load_all()) == hue
    # CT1 covers CT1.1 and CT1.2
    assert share_target("thua-thien-hue-208-2021/CT1", catalog.load_all()) == hue
    with pytest.raises(UnknownName):
        share_target("ttg-23-2021", catalog.load_all())  # two targets: ambiguous
    for t in share_targets(catalog.load_all()):
        if t.comparator is Comparator.ABOVE:
            assert f"trên {t.percent}%" in t.text_vi
        elif t.plan == "ttg-23-2021":
            assert f"{t.percent}% vào năm {t.year}" in t.text_vi
        else:
            assert t.text_vi.startswith("đạt") and f"{t.percent}%" in t.text_vi
        if t.plan is None and t.year is not None:
            assert f"{t.percent}% vào năm {t.year}" in t.text_vi
        assert t.source


@pytest.mark.seeds
@pytest.mark.parametrize("target_id", ["bac-kan-352-2019/T1", "thua-thien-hue-208-2021/CT1.2"])
def test_seed_targets_are_verbatim(target_id: str) -> None:
    t = share_target(target_id, catalog.load_all())
    assert t.plan is not None
    assert flat(t.text_vi) in flat_seed(t.plan)


@given(st.integers(0, 200), st.integers(1, 200),
       st.sampled_from(share_targets(catalog.load_all())))
def test_target_comparison_is_exact(num: int, den: int, t: ShareTarget) -> None:
    num = min(num, den)
    ratio = Fraction(num, den)
    pct = ratio * 100
    expected = pct > t.percent if t.comparator is Comparator.ABOVE else pct >= t.percent
    assert t.met(ratio) is expected


def test_boundaries_of_above_and_at_least() -> None:
    bk = share_target("bac-kan-352-2019/T1", catalog.load_all())
    assert not bk.met(Fraction(7, 10)) and bk.met(Fraction(701, 1000))
    nat = share_target("qd-23-2021/2025", catalog.load_all())
    assert nat.met(Fraction(65, 100)) and not nat.met(Fraction(649, 1000))
    assert share_target("qd-23-2021/2030", catalog.load_all()).percent == 75


def test_assess_falls_back_to_all_communes_with_a_note() -> None:
    units = (AreaUnit("P", "Tỉnh", AdminLevel.PROVINCE),)
    rows = shares([result("1", "P", "ok"), result("2", "P", "low")], units)
    (prov,) = assess(rows, share_target("bac-kan-352-2019/T1", catalog.load_all()))
    assert prov.share.code == "P" and prov.met is False
    assert prov.note == ("how many communes the unit has is not given: the share is over the 2 "
                         "communes in the input")
    (nat,) = assess(rows, share_target("qd-23-2021/2025", catalog.load_all()))
    assert nat.share.code == ALL and nat.met is False
    assert nat.note and "no unit at the national level" in nat.note
    (empty,) = assess(shares([], units), share_target("bac-kan-352-2019/T1", catalog.load_all()))
    assert empty.met is None


def test_percent_must_be_a_share() -> None:
    with pytest.raises(ValidationError, match="not 0–100"):
        ShareTarget("t", AdminLevel.PROVINCE, Comparator.ABOVE, Decimal(101), "x", "s", "t")


# --- with the administrative units of childprotect.units -----------------------------------


def test_shares_on_the_bundled_units_count_the_communes_each_unit_has() -> None:
    from childprotect.communes.evaluation import EvaluationFile, evaluate, load_hierarchy
    from childprotect.communes.scoring import load_table
    from childprotect.text.dates import PartialDate

    h = load_hierarchy("bundled", PartialDate(2024, 11))
    district = "870"  # Huyện Hồng Ngự, Đồng Tháp: 10 communes in the bundled units
    kids = h.children(district)
    table = load_table("qd-06-2019-illustrative")
    full = {c.criterion: Decimal(c.max_points) for c in table.criteria}
    from childprotect.communes.evaluation import CommuneEvaluation

    evs = [CommuneEvaluation(code, h.unit(code).name_vi, CommuneCategory.OTHER, "test",
                             points=full if i % 2 == 0 else {**full, "TC4": Decimal(0)})
           for i, code in enumerate(kids[:4])]
    results = evaluate(EvaluationFile(tuple(evs)), table, hierarchy=h)
    assert {r.parent for r in results} == {district}
    rows = {s.code: s for s in shares(results, hierarchy=h)}
    d = rows[district]
    assert (d.recognised, d.communes, d.communes_total, d.missing_from_file) == (2, 4, 10, 6)
    assert d.level == "district" and d.parent == h.chain(district)[0]
    assert d.top_failures(1)[0].criterion == "TC4" and d.top_failures(1)[0].zero == 2
    prov = rows[h.chain(district)[0]]
    assert prov.level == "province" and prov.ratio == Fraction(1, 2)
    bk = share_target("bac-kan-352-2019/T1", catalog.load_all())
    (a,) = [a for a in assess(tuple(rows.values()), bk, min_coverage=Fraction(0))
            if a.share.code == prov.code]
    assert a.met is False and a.note and "are not in the input" in a.note
    # 4 of the province's communes are too few for a verdict by default
    (a,) = [a for a in assess(tuple(rows.values()), bk) if a.share.code == prov.code]
    assert a.met is None and a.note and "below the minimum coverage of 80%" in a.note


def test_communes_must_be_leaves_of_the_hierarchy() -> None:
    from childprotect.communes.evaluation import (
        CommuneEvaluation,
        EvaluationFile,
        evaluate,
        load_hierarchy,
    )
    from childprotect.communes.scoring import InvalidEvaluation, load_table
    from childprotect.text.dates import PartialDate

    h = load_hierarchy("bundled", PartialDate(2024, 11))
    kid = h.children("870")[0]
    evs = (CommuneEvaluation("99999", "Xã Không Có", CommuneCategory.OTHER, "t"),
           CommuneEvaluation("870", "Huyện", CommuneCategory.OTHER, "t"),
           CommuneEvaluation(kid, h.unit(kid).name_vi, CommuneCategory.OTHER, "t",
                             parent="868"))
    with pytest.raises(InvalidEvaluation) as err:
        evaluate(EvaluationFile(evs), load_table("qd-06-2019-illustrative"), hierarchy=h)
    assert err.value.problems == [
        "commune 'Xã Không Có' (99999): code '99999' is not a unit in the hierarchy as of "
        "2024-11-30",
        "commune 'Huyện' (870): code '870' is a unit with units below it in the hierarchy as "
        "of 2024-11-30",
        f"commune {h.unit(kid).name_vi!r} ({kid}): parent '868' disagrees with the hierarchy, "
        "where it is '870'",
    ]
    with pytest.raises(ValidationError, match="needs 'evaluated_in'"):
        load_hierarchy("bundled", None)


# --- who must act (the responsibility matrix of a plan) -----------------------------------------


def test_who_must_act_follows_the_bac_kan_352_matrix_lead_first() -> None:
    import datetime as dt

    from childprotect.communes.shares import who_must_act
    from childprotect.formats import catalog

    bk = catalog.load("bac-kan-352-2019")
    owners = who_must_act(bk, ["TC4", "Tiêu chí 12"])
    assert [(o.criterion, o.agency, o.role) for o in owners][:1] == [
        ("TC4", "cong-an-tinh", "lead")]
    assert [o.criterion for o in owners] == sorted(
        (o.criterion for o in owners), key=lambda c: int(c[2:]))
    for cid in ("TC4", "TC12"):
        roles = [o.role for o in owners if o.criterion == cid]
        assert roles[0] == "lead" and roles.count("lead") == 1
    assert all(o.holders_vi == () for o in owners)  # no date: as the plan writes it
    later = who_must_act(bk, ["TC3"], on=dt.date(2026, 11, 23))
    assert later and later[0].agency == "so-ldtbxh" and later[0].role == "guide"
    assert later[0].holders_vi and all("Sở Y tế" in h for h in later[0].holders_vi)
    with pytest.raises(UnknownName):
        who_must_act(bk, ["TC14"])


@pytest.mark.seeds
def test_who_must_act_names_the_departments_the_seed_names() -> None:
    from childprotect.communes.shares import who_must_act
    from childprotect.formats import catalog

    text = flat_seed("bac-kan-352-2019")
    assert "Sở Y tế: Chủ trì, hướng dẫn kiểm tra, giám sát và đánh giá các tiêu chí số 7, 8, 9" \
        in text
    bk = catalog.load("bac-kan-352-2019")
    for cid in ("TC7", "TC8", "TC9"):
        leads = [o for o in who_must_act(bk, [cid]) if o.role == "lead"]
        assert [o.agency_vi for o in leads] == ["Sở Y tế"]


def test_results_scored_with_illustrative_values_say_so_in_every_row() -> None:
    from childprotect.communes.evaluation import CommuneEvaluation, EvaluationFile, evaluate
    from childprotect.communes.scoring import load_table

    table = load_table("qd-06-2019-illustrative")
    full = {c.criterion: Decimal(c.max_points) for c in table.criteria}
    units = (AreaUnit("P", "Tỉnh", AdminLevel.PROVINCE),)
    rs = evaluate(EvaluationFile((CommuneEvaluation("1", "Xã", CommuneCategory.OTHER, "t",
                                                    "P", points=full),), units), table)
    assert rs[0].illustrative == table.illustrative_values and rs[0].table == table.id
    assert all(s.illustrative for s in shares(rs, units))
    assert not any(s.illustrative for s in shares([result("1", "P", "ok")], units))


@given(st.integers(0, 40), st.integers(1, 40))
def test_plan_share_targets_agree_with_the_targets_assessment(num: int, den: int) -> None:
    from childprotect.formats import catalog
    from childprotect.plans.assessment import Observation, Status
    from childprotect.plans.assessment import assess as assess_target

    num = min(num, den)
    for plan_id, item in [("bac-kan-352-2019", "T1"), ("thua-thien-hue-208-2021", "CT1.2")]:
        plan = catalog.load(plan_id)
        target = plan.target(item)
        ours = share_target(f"{plan_id}/{item}", catalog.load_all()).met(Fraction(num, den))
        # Huế's "duy trì" target is assessed every year of its period: the same share each
        # year.
        years = (range(target.period.start, (target.period.end or target.period.start) + 1)
                 if target.period else [target.year])
        theirs = assess_target(target, [Observation(y, numerator=num, denominator=den)
                                        for y in years])
        assert theirs.status in (Status.MET, Status.NOT_MET)
        assert ours is (theirs.status is Status.MET)


def test_records_feed_a_rollup_with_the_plans_measure_names() -> None:
    from childprotect.communes.shares import SHARE_DENOMINATOR, SHARE_NUMERATOR, measures, records
    from childprotect.rollup.aggregate import rollup
    from childprotect.rollup.measures import TOTAL
    from childprotect.units.registry import bundled

    h = bundled().on(__import__("datetime").date(2024, 11, 30))
    kids = h.children("870")
    rs = [result(kids[0], "870", "ok"), result(kids[1], "870", "zero", "TC5")]
    ro = rollup(records(rs, "2024"), h, measures())
    assert ro.total("870", SHARE_NUMERATOR) == 1 and ro.total(TOTAL, SHARE_DENOMINATOR) == 2
    assert ro.rate("870", "share").value == Fraction(1, 2)
    assert ro.total("870", "zero:TC5") == 1


# --- how many failing criteria to show ---------------------------------------------------------


@given(st.lists(st.sampled_from(["zero", "missing", "low"]), min_size=1, max_size=6),
       st.integers(0, 15))
def test_top_failures_gives_at_most_n(outcomes: list[str], n: int) -> None:
    rows = shares([result(str(i), "D", o, IDS[i]) for i, o in enumerate(outcomes)],
                  [AreaUnit("D", "Huyện", AdminLevel.DISTRICT)])
    top = rows[1].top_failures(n)
    assert len(top) <= n
    assert top == rows[1].top_failures(n + 1)[:n]


@pytest.mark.parametrize("n", [-1, -13])
def test_a_negative_number_of_failures_is_refused(n: int) -> None:
    row = shares([result("1", "D", "zero")], [AreaUnit("D", "Huyện", AdminLevel.DISTRICT)])[1]
    with pytest.raises(ValidationError, match="whole number from 0"):
        row.top_failures(n)


# --- coverage: a share is judged only over enough of a unit's communes --------------------------


def _evaluated_on_national_units(codes: list[str], round_: str = "2024-11"
                                 ) -> tuple[tuple[CommuneResult, ...], Hierarchy]:
    from childprotect.communes.evaluation import (
        CommuneEvaluation,
        EvaluationFile,
        evaluate,
        load_hierarchy,
    )
    from childprotect.communes.scoring import load_table
    from childprotect.text.dates import PartialDate

    h = load_hierarchy("national", PartialDate.from_iso(round_))
    table = load_table("qd-06-2019-illustrative")
    full = {c.criterion: Decimal(c.max_points) for c in table.criteria}
    evs = tuple(CommuneEvaluation(c, h.unit(c).name_vi, CommuneCategory.OTHER, "t",
                                  points=full) for c in codes)
    return evaluate(EvaluationFile(evs), table, hierarchy=h), h


def test_two_communes_of_a_province_are_no_verdict_on_its_share() -> None:
    results, h = _evaluated_on_national_units(["01834", "01837"])  # two of Bắc Kạn's 108
    bk = share_target("bac-kan-352-2019/T1", catalog.load_all())
    rows = shares(results, hierarchy=h)
    # only the units the input covers, not every unit of the country
    assert [(s.code, s.communes, s.communes_total) for s in rows] == [
        (ALL, 2, rows[0].communes_total), ("06", 2, 108), ("058", 2, 8)]
    (a,) = assess(rows, bk)
    assert a.share.code == "06" and a.met is None
    assert a.status is AssessmentStatus.INSUFFICIENT_DATA
    assert a.note is not None and "only 2 of the unit's 108 communes" in a.note
    # the plan's area: the same unit, and the only one assessed
    (a,) = assess(rows, bk, area=["06"])
    assert a.share.code == "06" and a.met is None
    # a verdict over the 2 only when the minimum is lowered (as report --min-coverage 0)
    (a,) = assess(rows, bk, min_coverage=Fraction(0))
    assert a.met is True and a.note and "106 of the unit's 108 communes are not in the input" \
        in a.note


def test_a_plan_area_keeps_its_row_and_an_area_of_many_units_has_its_own() -> None:
    results, h = _evaluated_on_national_units(["01834"])
    rows = shares(results, hierarchy=h, areas={"p": ["46"]})
    hue = next(s for s in rows if s.code == "46")
    assert (hue.communes, hue.ratio) == (0, None)
    (a,) = assess(rows, share_target("thua-thien-hue-208-2021/CT1.2", catalog.load_all()),
                  area=["46"])
    assert a.status is AssessmentStatus.NO_COMMUNES and a.met is None
    # Bắc Kạn after 1 July 2025: the communes it went into, as one row
    from childprotect.mainjob.area import plan_area
    from childprotect.units.national_list import national

    results, h = _evaluated_on_national_units(["01840", "01843"], "2025-11")
    area = plan_area(catalog.load("bac-kan-352-2019"), h, national())
    assert area is not None and len(area) > 1
    rows = shares(results, hierarchy=h, areas={"bk": area})
    row = rows[-1]
    assert (row.code, row.level, row.communes, row.communes_total) == ("bk", "area", 2,
                                                                         len(area))
    (a,) = assess(rows, share_target("bac-kan-352-2019/T1", catalog.load_all()),
                  area=[*area, "bk"])
    assert a.share.code == "bk" and a.status is AssessmentStatus.INSUFFICIENT_DATA


@given(listed=st.integers(0, 30), more=st.integers(0, 30), recognised=st.integers(0, 30),
       minimum=st.fractions(0, 1, max_denominator=20), declared=st.booleans())
def test_a_verdict_rests_on_at_least_the_minimum_coverage(
        listed: int, more: int, recognised: int, minimum: Fraction, declared: bool) -> None:
    recognised = min(recognised, listed)
    total = listed + more if declared else None
    row = UnitShare("D", "Huyện", "district", listed, listed, recognised, communes_total=total)
    t = ShareTarget("t", AdminLevel.DISTRICT, Comparator.AT_LEAST, Decimal(50), "x", "s", "t")
    (a,) = assess([row], t, min_coverage=minimum)
    if a.met is not None:
        assert listed > 0 and (total is None or Fraction(listed, total) >= minimum)
        assert a.met is (Fraction(recognised, listed) >= Fraction(1, 2))
    elif listed:
        assert total is not None and Fraction(listed, total) < minimum
        assert a.status is AssessmentStatus.INSUFFICIENT_DATA
    else:
        assert a.status is AssessmentStatus.NO_COMMUNES


@pytest.mark.parametrize("bad", [Fraction(5, 4), -1, 0.8, True])
def test_min_coverage_is_an_exact_share(bad: object) -> None:
    row = UnitShare("D", "Huyện", "district", 1, 1, 1)
    t = ShareTarget("t", AdminLevel.DISTRICT, Comparator.AT_LEAST, Decimal(50), "x", "s", "t")
    with pytest.raises(ValidationError, match="min_coverage"):
        assess([row], t, min_coverage=bad)  # type: ignore[arg-type]


def test_the_default_minimum_is_the_plans_one() -> None:
    from childprotect.communes.shares import DEFAULT_MIN_COVERAGE
    from childprotect.plans.verdicts import DEFAULT_MIN_COVERAGE as PLANS

    assert DEFAULT_MIN_COVERAGE == PLANS

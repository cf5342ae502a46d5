"""DHIS2 interop: period ids and the dataValueSets payload against the documented shape."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.errors import ValidationError
from childprotect.formats import dhis2
from childprotect.formats.dhis2 import (
    DataValue,
    DhisPeriod,
    PeriodType,
    data_value_set,
    data_values,
    dumps,
)
from tests.paths import EXAMPLES, TEST_DATA

SCHEMA = json.loads(
    (TEST_DATA / "dhis2" / "dataValueSets.schema.json").read_text("utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

# The two concrete JSON examples of the DHIS2 developer guide (Web API → Data → Sending data
# values; Sending bulks of data values), as documented.
DOCS_SINGLE = {
    "dataSet": "pBOMPrpg1QX", "completeDate": "2014-02-03", "period": "201401",
    "orgUnit": "DiszpKrYNg8",
    "dataValues": [{"dataElement": "f7n9E0hX8qk", "value": "1"},
                   {"dataElement": "Ix2HsbDMLea", "value": "2"},
                   {"dataElement": "eY5ehpbEsB7", "value": "3"}],
}
DOCS_BULK = {"dataValues": [
    {"dataElement": "f7n9E0hX8qk", "period": "201401", "orgUnit": "DiszpKrYNg8", "value": "12"},
    {"dataElement": "f7n9E0hX8qk", "period": "201401", "orgUnit": "FNnj3jKGS7i", "value": "14"},
    {"dataElement": "f7n9E0hX8qk", "period": "201402", "orgUnit": "DiszpKrYNg8", "value": "16"},
    {"dataElement": "f7n9E0hX8qk", "period": "201402", "orgUnit": "Jkhdsf8sdf4", "value": "18"},
]}


def test_the_schema_accepts_the_documented_examples() -> None:
    VALIDATOR.validate(DOCS_SINGLE)
    VALIDATOR.validate(DOCS_BULK)


@pytest.mark.parametrize("bad", [
    {"dataValues": [{"dataElement": "X", "period": "2023", "orgUnit": "46", "value": 3}]},
    {"dataValues": [{"dataElement": "X", "orgUnit": "46", "value": "3"}]},  # no period
    {"dataValues": [{"dataElement": "X", "period": "2023-01", "orgUnit": "46", "value": "3"}]},
    {"dataValues": [{"dataElement": "X", "period": "2023", "orgUnit": "46", "value": "3",
                     "extra": "x"}]},
    {"values": []},
])
def test_the_schema_rejects_what_dhis2_does_not_document(bad: dict[str, object]) -> None:
    assert not VALIDATOR.is_valid(bad)


def test_payload_validates_and_names_units_by_code() -> None:
    values = data_values(
        [("46", "children", 231_000), ("46", "special", Decimal("3012")),
         ("46001", "children", 1200)],
        period="2023S1", data_elements={"children": "CP_CHILDREN", "special": "CP_SPECIAL"},
    )
    payload = data_value_set(values, data_set="CP_YEARLY", complete_date=dt.date(2023, 7, 5))
    VALIDATOR.validate(payload)
    assert payload["orgUnitIdScheme"] == payload["dataElementIdScheme"] == "CODE"
    assert payload["dataValues"][1] == {"dataElement": "CP_SPECIAL", "period": "2023S1",
                                        "orgUnit": "46", "value": "3012"}
    assert json.loads(dumps(payload)) == payload


@given(st.lists(st.tuples(st.sampled_from(["46", "46001", "46003", "48"]),
                          st.sampled_from(["a", "b", "c"]),
                          st.integers(0, 10**9) | st.decimals(0, 10**6, places=2)),
                unique_by=lambda r: (r[0], r[1])),
       st.sampled_from(["2023", "2023S2", "2024Q3", "202512"]))
def test_any_exported_rollup_validates(rows: list[tuple[str, str, int | Decimal]],
                                       period: str) -> None:
    values = data_values(rows, period=period, data_elements={"a": "A", "b": "B", "c": "C"})
    payload = data_value_set(values)
    VALIDATOR.validate(payload)
    assert len(payload["dataValues"]) == len(rows)  # nothing dropped
    for row, dv in zip(rows, payload["dataValues"], strict=True):
        assert Decimal(dv["value"]) == row[2]  # exact, no exponent form
        assert "E" not in dv["value"]


def test_duplicates_unmapped_measures_and_floats_are_errors() -> None:
    v = DataValue("A", "2023", "46", 1)
    with pytest.raises(ValidationError, match=r"given twice \(first at dataValues\[0\]\)"):
        data_value_set([v, v])
    with pytest.raises(ValidationError, match="measure 'x' has no DHIS2 data element"):
        data_values([("46", "x", 1)], period="2023", data_elements={"a": "A"})
    with pytest.raises(ValidationError, match="floats are not accepted"):
        DataValue("A", "2023", "46", 1.5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="not an identifier"):
        DataValue("A", "2023", " 46", 1)
    with pytest.raises(ValidationError, match="not a DHIS2 period id"):
        DataValue("A", "2023W1", "46", 1)
    with pytest.raises(ValidationError, match="id_scheme"):
        data_value_set([v], id_scheme="short")


@pytest.mark.parametrize(("pid", "start", "end"), [
    ("2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
    ("2023S1", dt.date(2023, 1, 1), dt.date(2023, 6, 30)),
    ("2023Q1", dt.date(2023, 1, 1), dt.date(2023, 3, 31)),
    ("2024Q1", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
    ("202402", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ("202302", dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
])
def test_period_ids_from_the_dhis2_docs(pid: str, start: dt.date, end: dt.date) -> None:
    p = DhisPeriod.parse(pid)
    assert (p.start, p.end, p.id) == (start, end, pid)


@pytest.mark.parametrize("bad", ["23", "2023S3", "2023Q5", "202313", "202300", "2023-01", ""])
def test_bad_period_ids(bad: str) -> None:
    with pytest.raises(ValidationError):
        DhisPeriod.parse(bad)


@given(st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)), st.sampled_from(list(PeriodType)))
def test_containing_period_holds_the_day_and_round_trips(day: dt.date, kind: PeriodType) -> None:
    p = DhisPeriod.containing(day, kind)
    assert day in p
    assert DhisPeriod.parse(p.id) == p
    assert p.start <= p.end


@given(st.integers(1990, 2099), st.sampled_from(list(PeriodType)))
def test_periods_of_a_type_tile_the_year(year: int, kind: PeriodType) -> None:
    n = {"Yearly": 1, "SixMonthly": 2, "Quarterly": 4, "Monthly": 12}[kind.value]
    periods = [DhisPeriod(kind, year, i) for i in range(1, n + 1)]
    assert periods[0].start == dt.date(year, 1, 1)
    assert periods[-1].end == dt.date(year, 12, 31)
    for a, b in itertools.pairwise(periods):
        assert a.end + dt.timedelta(days=1) == b.start


def test_rollup_export_sends_one_level_only() -> None:
    """DHIS2 adds raw data up its own tree: a commune and its district must never both be
    sent; the province total equals the sum of the communes sent."""
    from childprotect.mainjob.job import demo_dataset, hierarchy_for
    from childprotect.rollup.aggregate import rollup

    ds = demo_dataset()
    r = rollup([x for x in ds.records if x.period == "2024"], hierarchy_for(ds, "2024"),
               ds.measures)
    mapping = {m: f"CP_{i}" for i, m in enumerate(r.names)}
    leaves = dhis2.from_rollup(r, data_elements=mapping)
    VALIDATOR.validate(data_value_set(leaves))
    assert {v.org_unit for v in leaves} <= set(r.hierarchy.leaves())
    sent = sum(int(v.value) for v in leaves if v.data_element == mapping["children"])
    assert sent == r.total("46", "children")
    top = dhis2.from_rollup(r, data_elements=mapping, level="province")
    assert {v.org_unit for v in top} == {"46"}
    with pytest.raises(ValidationError, match="no DHIS2 data element code"):
        dhis2.from_rollup(r, data_elements={"children": "CP_CHILDREN"})


@pytest.mark.parametrize(("period", "pid"), [("2024", "2024"), ("2024-S2", "2024S2"),
                                             ("2024-Q1", "2024Q1"), ("2024-12", "202412")])
def test_rollup_periods_to_dhis2_ids(period: str, pid: str) -> None:
    assert dhis2.period_of(period).id == pid
    with pytest.raises(ValidationError):
        dhis2.period_of("2024-W3")


def test_dhis2_command(capsys: pytest.CaptureFixture[str]) -> None:
    from childprotect.cli import main

    data = str(EXAMPLES / "data" / "hue-synthetic.json")
    # 111 of Huế's 112 communes gave children: the province's total is a partial sum, sent
    # with a warning (exit 1; it was sent as the province's total without a word)
    assert main(["dhis2", data, "--period", "2024", "--map", "children=CP_CHILDREN",
                 "--only-mapped", "--level", "province", "--data-set", "CP_ANNUAL",
                 "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    payload = json.loads(out)
    VALIDATOR.validate(payload)
    assert payload["dataSet"] == "CP_ANNUAL"
    assert [v["orgUnit"] for v in payload["dataValues"]] == ["46"]
    assert err == ("1 total(s) of level province are sums over only part of the units under "
                   "them (reported/expected): 46 children 111/112; sent as they are: "
                   "--complete-only leaves them out\n")
    assert main(["dhis2", data, "--period", "2024", "--map", "children=CP_CHILDREN",
                 "--only-mapped", "--level", "province", "--complete-only"]) == 1
    assert json.loads(capsys.readouterr().out)["dataValues"] == []
    # the communes' own counts are never partial
    assert main(["dhis2", data, "--period", "2024", "--map", "children=CP_CHILDREN",
                 "--only-mapped"]) == 0
    assert len(json.loads(capsys.readouterr().out)["dataValues"]) == 111
    assert main(["dhis2", data, "--period", "2024", "--map", "children=CP_CHILDREN",
                 "--only-mapped", "--complete-only", "--lang", "en"]) == 2  # (did nothing)
    assert "--complete-only applies to the totals of --level" in capsys.readouterr().err
    assert main(["dhis2", data, "--period", "2024", "--map", "children=CP_CHILDREN"]) == 2
    assert "--only-mapped" in capsys.readouterr().err


def test_dhis2_writes_the_datas_anomalies_in_the_readers_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A province row in commune data was left out of the payload without a word."""
    from childprotect.cli import main

    f = tmp_path / "d.csv"
    f.write_text("unit,period,children\n29956,2024,10\n87,2024,500\n", "utf-8")
    assert main(["dhis2", str(f), "--period", "2024", "--map", "children=C"]) == 1
    out, err = capsys.readouterr()
    assert [v["orgUnit"] for v in json.loads(out)["dataValues"]] == ["29956"]
    assert err.startswith("lỗi: rollup.not-reporting-level tại 2024/87: đơn vị 87 không "
                          "thuộc cấp xã")


@pytest.mark.parametrize("code", ["", " X", "x" * 51])
def test_a_data_set_code_is_an_identifier(code: str) -> None:
    """An empty --data-set was written into the payload as "dataSet": ""."""
    with pytest.raises(ValidationError, match="data_set"):
        data_value_set([], data_set=code)

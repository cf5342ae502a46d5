"""Per-child registers tallied a column at a time give the row-by-row tally, exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childprotect.children.tally import tally_children
from childprotect.errors import ValidationError
from childprotect.formats import columnar
from childprotect.formats.columnar import tally_csv_file

pytestmark = pytest.mark.skipif(not columnar.available(),
                                reason="the column path needs polars and numpy (the test "
                                       "extra installs them)")

ON = date(2024, 12, 31)
good = st.tuples(st.sampled_from(["29971", "29956", "00001"]),
                 st.one_of(st.dates(date(2000, 1, 1), ON).map(date.isoformat),
                           st.sampled_from(["2008-12-31", "2009-01-01", "2024-12-31"])),
                 st.lists(st.sampled_from("01"), min_size=3, max_size=3).map(",".join))
# Rows the row reader refuses or reads otherwise: each must send the file row by row.
odd = st.sampled_from(["29971,2024-02-30,0,0,0", "29971,2024-1-05,0,0,0",
                       "29971,2024-01-05,2,0,0", "29971,2024-01-05,00,0,0",
                       "29971,2025-06-01,1,0,0", ",2020-01-01,0,0,0", "",
                       "29971,2020-01-01,0,0", "29971,2020-01-01, 1,0,0",
                       "29971,0000-01-01,0,0,0", "29971,2020-01-01,+1,0,0"])


def _row_by_row(lines: list[str], anomalies: list | None) -> object:
    try:
        m, recs = tally_children(lines, on=ON, period="2024", source="f.csv",
                                 anomalies=anomalies)
    except ValidationError as exc:
        return str(exc)
    return m.counts, recs


@given(st.lists(st.one_of(good.map(",".join), odd), max_size=40), st.booleans(),
       st.booleans(), st.integers(30, 400))
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_file_tallies_as_its_rows_do(tmp_path_factory: pytest.TempPathFactory,
                                       rows: list[str], bom: bool, listed: bool,
                                       block: int) -> None:
    """Counts, the order of the communes and every error are those of the row tally,
    whatever the blocks; a file with an odd row is tallied row by row."""
    lines = ["commune,birth_date,group_a,group_b,group_đ", *rows]
    path = tmp_path_factory.mktemp("t") / "f.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + "\n".join(lines).encode() + b"\n")
    got_anomalies: list = []
    want_anomalies: list = []
    try:
        m, recs = tally_csv_file(str(path), on=ON, period="2024", block=block,
                                 anomalies=got_anomalies if listed else None,
                                 engine="columns")
        got: object = (m.counts, recs)
    except ValidationError as exc:
        got = str(exc).replace(str(path), "f.csv")
    assert got == _row_by_row(lines, want_anomalies if listed else None)
    assert got_anomalies == want_anomalies


def test_a_plain_file_is_tallied_by_columns(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[bool] = []
    real = columnar._tally_columns

    def spy(*a: object) -> object:
        out = real(*a)  # type: ignore[arg-type]
        taken.append(True)
        return out

    monkeypatch.setattr(columnar, "_tally_columns", spy)
    path = tmp_path / "f.csv"
    path.write_text("commune,birth_date,group_a\n29971,2015-01-01,1\n29956,2001-01-01,1\n",
                    "utf-8")
    m, recs = tally_csv_file(str(path), on=ON, period="2024", engine="columns")
    assert taken == [True]
    assert [(r.unit, dict(r.values)) for r in recs] == [
        ("29956", {"children": 0, "group_a": 0, "special": 0}),
        ("29971", {"children": 1, "group_a": 1, "special": 1})]
    m2, recs2 = tally_csv_file(str(path), on=ON, period="2024", engine="rows")
    assert (m2.counts, recs2) == (m.counts, recs)
    assert taken == [True]  # (engine="rows" never reads by columns)


def test_a_file_in_another_encoding_is_named(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes("commune,birth_date,nhóm\n29971,2015-01-01,1\n".encode("cp1258"))
    with pytest.raises(ValidationError, match=r"f\.csv: bytes that are not UTF-8"):
        tally_csv_file(str(path), on=ON, period="2024", engine="columns")
    with pytest.raises(ValidationError, match="choose rows or columns"):
        tally_csv_file(str(path), on=ON, period="2024", engine="fast")


def test_rollups_of_different_measures_are_not_written_together() -> None:
    import io

    from childprotect.formats.columnar import write_rollup_csv
    from childprotect.rollup.columns import rollup_columns
    from childprotect.rollup.measures import Measure
    from childprotect.units.registry import bundled

    h = bundled().on(ON)
    a = rollup_columns(["29971"], {"x": [1]}, h, [Measure.count("x")])
    b = rollup_columns(["29971"], {"x": [1], "y": [2]}, h,
                       [Measure.count("x"), Measure.count("y")])
    with pytest.raises(ValidationError, match="rollups of different measures"):
        write_rollup_csv([a, b], io.BytesIO())
    out = io.BytesIO()
    write_rollup_csv([a, a], out, period=True, levels={"total"})
    assert out.getvalue().decode().splitlines() == [",total,*,all units,1,11,1"] * 2

"""Real codes by default (``childprotect.rollup.areas`` and ``childprotect rollup``): data on
the national units roll up without a hierarchy file; unknown codes are an error naming
them; the rollup covers the provinces of the data, or a unit asked for; old data carried
to the new units mark their estimates."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childprotect.cli import main
from childprotect.errors import MisreadUnits, UnknownUnits
from childprotect.i18n import Message
from childprotect.rollup.areas import covering, require_known, scope_rows
from childprotect.units.national_list import national

DAY = date(2024, 12, 31)


def _hue_communes() -> list[str]:
    h = national().on(DAY)
    return [c for c in h.codes("commune") if h.chain(c)[-1] == "46"]


def _write(path: Path, rows: list[tuple[str, int]]) -> Path:
    path.write_text("unit,period,children\n" + "".join(f"{c},2024,{n}\n" for c, n in rows),
                    "utf-8")
    return path


def test_thua_thien_hue_2024_rolls_up_to_its_districts_and_province(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    communes = _hue_communes()
    assert len(communes) == 141
    f = _write(tmp_path / "hue.csv", [(c, 10 + i) for i, c in enumerate(communes)])
    assert main(["rollup", str(f), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    by = {r["code"]: r for r in rows}
    assert by["46"]["name"] == "Tỉnh Thừa Thiên Huế" and by["46"]["level"] == "province"
    districts = [r for r in rows if r["level"] == "district"]
    assert len(districts) == 9 and {r["code"] for r in districts} >= {"474", "479", "483"}
    total = sum(10 + i for i in range(len(communes)))
    assert int(by["46"]["children"]) == total == int(by["*"]["children"])
    assert sum(int(r["children"]) for r in districts) == total
    assert (by["46"]["reporting"], by["46"]["expected"]) == ("141", "141")
    assert {r["level"] for r in rows} == {"total", "province", "district", "commune"}


def test_an_unknown_code_exits_2_naming_it(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    f = _write(tmp_path / "bad.csv", [("19990", 5), ("99999", 3), ("29992", 1)])
    assert main(["rollup", str(f), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "99999" in err and "19990" not in err and "do not exist on" in err


def test_codes_of_another_day_are_named_with_their_days() -> None:
    h = national().on(date(2025, 12, 31))
    with pytest.raises(UnknownUnits) as got:
        require_known(["19990", "29992"], h, national(), "old.csv")
    assert got.value.codes == ("19990",)
    assert "19990 (Xã Phú Sơn …–2024-12-31; Xã Phú Sơn 2025-01-01–2025-06-30)" in str(
        got.value)
    assert "units of other days" in str(got.value)
    with pytest.raises(UnknownUnits, match=r"00000$"):
        require_known(["00000"], h, national(), "x.csv")


def test_codes_that_lost_their_leading_zeros_are_named_with_the_code_they_were() -> None:
    """A column of codes typed as numbers: 00004 became 4. It was called a code that does
    not exist, and 70 a province of other days (Bình Phước, before 2025-07-01)."""
    h = national().on(date(2026, 1, 31))
    with pytest.raises(UnknownUnits) as got:
        require_known(["4", "70", "00008", "99999"], h, national(), "c.csv")
    text = str(got.value)
    assert got.value.codes == ("4", "70", "99999")
    assert "2 of them look like codes that lost their leading zeros" in text
    assert "4 → 00004, 70 → 00070;" in text and "units of other days" not in text


def test_covering_gives_the_provinces_of_the_data() -> None:
    h = national().on(DAY)
    assert covering(h, ["19990", "29995", "20035"]) == ["46", "87"]
    assert covering(h, ["46"]) == ["46"]


def test_data_outside_the_unit_asked_for_are_named_and_left_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = _write(tmp_path / "two.csv", [("19753", 4), ("29995", 7)])
    assert main(["rollup", str(f), "--within", "46", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["outside_area"] == ["29995"]
    assert {u["code"] for u in data["units"] if u["level"] == "province"} == {"46"}


def test_old_data_carried_to_the_new_units_mark_the_split_communes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    h = national().on(date(2025, 6, 30))
    hong_ngu = h.children("870")
    f = tmp_path / "hn.csv"
    f.write_text("unit,period,children\n" + "".join(f"{c},2025-Q2,100\n" for c in hong_ngu),
                 "utf-8")
    assert main(["rollup", str(f), "--to", "2025-07-01", "--format", "json", "--lang", "en"]) == 1
    data = json.loads(capsys.readouterr().out)
    by = {u["code"]: u for u in data["units"]}
    assert data["carried"] == {"from": "2025-06-30", "to": "2025-07-01"}
    # Phú Thuận B (29995) was split between 29992 and 30154, share unknown: estimates.
    assert by["29992"]["estimate"] and by["30154"]["estimate"]
    assert Fraction(by["30154"]["totals"]["children"]) == 50
    assert not by["29983"]["estimate"] and by["29983"]["totals"]["children"] == 200
    assert any("equal split" in r for r in by["29992"]["estimate_reasons"])
    assert main(["rollup", str(f), "--to", "2025-07-01", "--format", "csv"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(",estimate")
    marks = {line.split(",")[1]: line.rsplit(",", 1)[1] for line in out[1:]}
    # the province receives every part of the split commune: its total is exact
    assert marks["29992"] == "true" and marks["29983"] == "false" and marks["82"] == "false"
    # the workbook marks the same units and writes each share of a split exactly
    book = tmp_path / "hn.xlsx"
    odd = tmp_path / "odd.csv"  # a commune of 101 children: its halves are not whole
    odd.write_text(f.read_text("utf-8").replace("29995,2025-Q2,100", "29995,2025-Q2,101"),
                   "utf-8")
    assert main(["rollup", str(odd), "--to", "2025-07-01", "--format", "xlsx", "--out",
                 str(book), "--lang", "en"]) == 1
    assert "carried to the units of 2025-07-01" in capsys.readouterr().out
    import openpyxl

    rows = list(openpyxl.load_workbook(book)["Xã"].iter_rows(values_only=True))
    codes = rows[rows.index(next(r for r in rows if r and r[0] == "unit"))]
    table = {r[0]: dict(zip(codes, r, strict=True)) for r in rows[rows.index(codes) + 1:]}
    assert "carried to the units of 2025-07-01" in rows[0][0]
    assert table["29992"]["estimate"] == "*" and table["29983"]["estimate"] is None
    assert table["30154"]["children"] == 50.5 and table["30154"]["children.exact"] == "50.5"
    assert table["29983"]["children"] == 200


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(_hue_communes()), st.integers(0, 10**6)),
                min_size=1, max_size=60, unique_by=lambda t: t[0]))
def test_district_and_province_totals_are_the_sums_of_their_communes(
        rows: list[tuple[str, int]]) -> None:
    from childprotect.rollup.aggregate import rollup_rows
    from childprotect.rollup.measures import Measure, Measures

    scoped = scope_rows([(c, (n,)) for c, n in rows], national(), DAY, names=["children"])
    h = scoped.hierarchy
    assert h.roots() == ["46"]
    r = rollup_rows(scoped.rows, h, Measures([Measure.count("children")]), "2024")
    for d in h.codes("district"):
        mine = [n for c, n in rows if h.chain(c)[0] == d]
        assert r.total(d, "children") == (sum(mine) if mine else None)
    assert r.total("46", "children") == sum(n for _, n in rows)
    assert r.completeness("46").expected == 141


def test_data_of_no_name_are_called_the_data_in_the_readers_language() -> None:
    from childprotect.errors import UnknownUnits
    from childprotect.i18n import use
    from childprotect.rollup.areas import require_known
    from childprotect.units.registry import bundled

    h = bundled().on(date(2024, 12, 31))
    with pytest.raises(UnknownUnits) as exc:
        require_known(["XX"], h)
    with use("vi"):
        assert str(exc.value).startswith("số liệu: 1 mã đơn vị")
    with use("en"):
        assert str(exc.value).startswith("the data: 1 unit code")


# --- where the codes are, and codes read from numbers ----------------------------------------

def _hoan_kiem() -> list[str]:
    """The communes of Quận Hoàn Kiếm (002, Hà Nội) on 2024-12-31: 00037 … 00088, codes
    that lose their leading zeros when typed as numbers (58 is also Tỉnh Ninh Thuận)."""
    return national().on(DAY).children("002")


def test_the_places_of_unknown_codes_are_named_the_first_few_of_each() -> None:
    h = national().on(DAY)
    asked: list[list[str]] = []

    def places(codes: object) -> dict[str, list[str]]:
        asked.append(sorted(codes))  # type: ignore[call-overload]
        return {"00999": ["'Số liệu'!A9"], "99999": [f"'Số liệu'!A{n}" for n in range(10, 16)]}

    with pytest.raises(UnknownUnits) as got:
        require_known(["00037", "00999", "99999"], h, national(), "x.xlsx", places=places)
    assert asked == [["00999", "99999"]]
    assert str(got.value) == (
        "x.xlsx: 2 unit code(s) do not exist on 2024-12-31: 00999 ('Số liệu'!A9), 99999 "
        "('Số liệu'!A10, 'Số liệu'!A11, 'Số liệu'!A12 +3)")
    require_known(["00037"], h, national(), "x.xlsx",
                  places=lambda codes: pytest.fail("read again without an error"))


def test_a_commune_typed_as_a_number_that_reads_as_a_province_is_an_error() -> None:
    """00058 (Phường Lý Thái Tổ) typed as a number is 58, Tỉnh Ninh Thuận: its row was
    read as the province's, rolled up as Ninh Thuận's and its values never counted."""
    h = national().on(DAY)
    codes = [c if c != "00058" else "58" for c in _hoan_kiem()]
    assert "58" in h and h.level("58").id == "province"
    require_known(codes, h, national(), "hk.xlsx")  # text: read as written, as before
    with pytest.raises(MisreadUnits) as got:
        require_known(codes, h, national(), "hk.xlsx", numbers={"58"},
                      places=lambda codes: {"58": ["'Số liệu'!A9"]})
    assert got.value.codes == ("58",)
    assert "58 ('Số liệu'!A9) → 00058" in str(got.value)
    assert "may name other units than they name as read: 58 ('Số liệu'!A9) → 00058" in str(
        got.value)


def test_a_province_typed_as_a_number_above_the_data_is_read_as_it_is() -> None:
    """A commune sheet of Thừa Thiên Huế ending with the province's own row, its code 46
    typed as a number (as Excel keeps a typed 46): it was refused as the commune 00046,
    which is in Hà Nội. A row of totals is the rollup's to leave out and name."""
    h = national().on(DAY)
    hue = h.children(h.children("46")[0])[:2]
    assert h.name("00046") == "Phường Hàng Buồm"  # (Hà Nội)
    require_known([*hue, "46"], h, national(), "hue.xlsx", numbers={"46"})
    # every code a number: nothing else says where the data are, and only communes report
    with pytest.raises(MisreadUnits, match="46 → 00046"):
        require_known(["46"], h, national(), "hue.xlsx", numbers={"46"})


def test_a_province_typed_as_a_number_outside_the_data_is_misread() -> None:
    """Hà Nội's own row (01, as text), two of its communes, and 00058 typed as the number
    58: with a province among the data's levels, 58 passed as Ninh Thuận, the rollup covered
    that province and the row's children were left out. 00058 is in Hà Nội, 58 is not."""
    h = national().on(DAY)
    with pytest.raises(MisreadUnits) as got:
        require_known(["01", "00037", "00040", "58"], h, national(), "hn.xlsx",
                      numbers={"58"})
    assert got.value.codes == ("58",)
    assert "may name other units than they name as read: 58 → 00058" in str(got.value)


def test_unknown_and_misread_codes_are_named_in_one_error() -> None:
    h = national().on(DAY)
    codes = [str(int(c)) for c in _hoan_kiem()]  # every code typed as a number
    with pytest.raises(UnknownUnits) as got:
        require_known(codes, h, national(), "hk.xlsx", numbers=set(codes))
    text = str(got.value)
    assert not isinstance(got.value, MisreadUnits)
    # 43 exists at no level: unknown; 58 is a province, 37 a province, …: misread.
    assert set(got.value.codes) == set(codes)
    assert "43 → 00043" in text and "58 → 00058" in text and "37 → 00037" in text
    assert text.count("format the code column as text") == 1


def test_provinces_typed_as_numbers_in_data_of_provinces_are_read_as_they_are() -> None:
    """11 (Điện Biên) has no other reading: the data are provinces, so 58 is Ninh Thuận
    and 46 Thừa Thiên Huế, though 00058 and 00046 are communes of Hà Nội."""
    h = national().on(DAY)
    require_known(["11", "46", "58"], h, national(), "p.xlsx", numbers={"11", "46", "58"})
    with pytest.raises(UnknownUnits, match=r"1 → 01"):
        require_known(["1", "11", "46"], h, national(), "p.xlsx", numbers={"1", "11", "46"})
    # Districts of Bắc Kạn typed as numbers: 63 and 65 are districts only (063, 065).
    with pytest.raises(UnknownUnits) as got:
        require_known(["58", "63", "65"], h, national(), "d.xlsx", numbers={"58", "63", "65"})
    assert "58 → 058" in str(got.value) and "63 → 063" in str(got.value)


def test_a_lone_number_is_read_at_the_level_that_reports() -> None:
    """One commune's own workbook, its code typed as a number: nothing else tells the
    level, and only communes report."""
    h = national().on(DAY)
    with pytest.raises(MisreadUnits, match=r"58 → 00058"):
        require_known(["58"], h, national(), "xa.xlsx", numbers={"58"})
    require_known(["29971"], h, national(), "xa.xlsx", numbers={"29971"})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_no_commune_that_lost_its_zeros_to_a_number_passes_as_another_unit(
        data: st.DataObject) -> None:
    """Communes of a province, some typed as numbers: each code that lost its zeros is
    named (unknown or misread), and a file whose codes kept them passes."""
    h = national().on(DAY)
    province = data.draw(st.sampled_from(["01", "02", "04", "46"]), label="province")
    communes = [c for c in h.codes("commune") if h.chain(c)[-1] == province]
    chosen = data.draw(st.lists(st.sampled_from(communes), min_size=1, max_size=30,
                                unique=True), label="communes")
    typed = data.draw(st.sets(st.sampled_from(chosen)), label="typed as numbers")
    read = [str(int(c)) if c in typed else c for c in chosen]
    numbers = {str(int(c)) for c in typed}
    lost = {str(int(c)) for c in typed if str(int(c)) != c}
    if not lost:
        require_known(read, h, national(), "c.xlsx", numbers=numbers)
        return
    with pytest.raises(UnknownUnits) as got:
        require_known(read, h, national(), "c.xlsx", numbers=numbers)
    assert set(got.value.codes) == lost


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_number_above_the_datas_communes_is_read_as_it_is(data: st.DataObject) -> None:
    """Communes of a province written as text, with rows of totals for their province or
    districts typed as numbers (as Excel keeps a typed 46 or 474). A code that kept its
    digits is read as it is, though with zeros it may be a commune elsewhere (00046 is in
    Hà Nội), unless a reading with zeros is in the province too (the district 268 above
    Hà Đông's communes, the commune 00268 of Hà Nội): then both are named. One that lost
    its zeros (040 typed: 40, Nghệ An) is named with the readings nearest the data, the
    unit it was among them, never a unit of another province (00040)."""
    h = national().on(DAY)
    province = data.draw(st.sampled_from(["01", "02", "04", "46", "58", "79"]),
                         label="province")
    communes = [c for c in h.codes("commune") if h.chain(c)[-1] == province]
    chosen = data.draw(st.lists(st.sampled_from(communes), min_size=1, max_size=20,
                                unique=True), label="communes")
    above = data.draw(st.sets(st.sampled_from(sorted({u for c in chosen for u in h.chain(c)}))),
                      label="totals")
    typed = {str(int(u)): u for u in above}  # what a number cell keeps
    text = ""
    try:
        require_known([*chosen, *typed], h, national(), "c.xlsx", numbers=set(typed))
    except UnknownUnits as e:
        text, named = str(e), set(e.codes)
    near = {k for k in h.codes() if (h.chain(k) or (k,))[-1] == province}  # in its province
    for t, u in typed.items():
        # (a reading that is followed by an arrow starts the next pair of the list)
        said = re.search(rf"(?<![0-9]){t} → ([0-9]+(?:(?:, | or )[0-9]+(?![0-9]| →))*)", text)
        if t == u and (said is None or t not in named):
            continue  # read as it is
        assert said is not None and t in named
        readings = re.split(r", | or ", said[1])
        assert u in readings and set(readings) <= near | {t}


@pytest.mark.parametrize(("day", "codes", "numbers", "said"), [
    # a commune of Hà Đông (09538) and 268: Hà Đông's row of totals, or Hà Nội's 00268
    (DAY, ["09538", "268"], {"268"}, "268 → 00268 or 268"),
    # Long Biên's row (004, text) and its communes typed: districts of Sơn La as read
    (DAY, ["004", "118", "121", "124"], {"118", "121", "124"},
     "118 → 00118, 121 → 00121, 124 → 00124"),
    # after 1 July 2025: Hà Nội's row and two wards typed, Phú Thọ and Đồng Tháp as read
    (date(2025, 12, 31), ["01", "25", "82"], {"25", "82"}, "25 → 00025, 82 → 00082"),
    # Cao Bằng's row and its districts typed: Nghệ An, Hà Tĩnh, Quảng Trị as read
    (DAY, ["04", "40", "42", "45"], {"40", "42", "45"}, "40 → 040, 42 → 042, 45 → 045"),
])
def test_numbers_are_placed_by_the_rest_of_the_data(day: date, codes: list[str],
                                                    numbers: set[str], said: str) -> None:
    """Each passed as the unit it names as read, the rollup covering another province."""
    with pytest.raises(MisreadUnits) as got:
        require_known(codes, national().on(day), national(), "x.xlsx", numbers=numbers)
    assert got.value.codes == tuple(sorted(numbers))
    assert f"as read: {said};" in str(got.value)



@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(sorted(national().on(DAY).codes())[::37]), max_size=12))
def test_require_reporting_refuses_exactly_the_units_that_do_not_report(codes: list[str]
                                                                        ) -> None:
    from childprotect.rollup.areas import require_reporting

    h = national().on(DAY)
    above = sorted({c for c in codes if c not in h.reporting_set()})
    if not above:
        require_reporting(codes, h, "r.csv")
        return
    with pytest.raises(UnknownUnits) as got:
        require_reporting(codes, h, "r.csv")
    assert list(got.value.codes) == above


def test_an_error_is_written_in_the_language_it_is_shown_in() -> None:
    """Its places and levels were written when it was raised: raised under Vietnamese and
    shown in English it read ``58 (tỉnh, dòng 3)`` inside an English sentence."""
    from childprotect.i18n import use
    from childprotect.rollup.areas import require_reporting

    h = national().on(DAY)

    def places(codes: object) -> dict[str, list[object]]:
        return {"58": [Message("line {line}", line=n) for n in (3, 4, 5, 9)]}

    with use("vi"), pytest.raises(UnknownUnits) as reporting:
        require_reporting(["00037", "58"], h, "r.csv", places=places)  # type: ignore[arg-type]
    with use("vi"), pytest.raises(MisreadUnits) as misread:
        require_known(["00037", "58"], h, national(), "r.xlsx", numbers={"58"},
                      places=places)  # type: ignore[arg-type]
    with use("en"):
        assert "58 (province, line 3, line 4, line 5 +1)" in str(reporting.value)
        assert "58 (line 3, line 4, line 5 +1) → 00058" in str(misread.value)
    with use("vi"):
        assert "58 (tỉnh, dòng 3, dòng 4, dòng 5 +1)" in str(reporting.value)
        assert "58 (dòng 3, dòng 4, dòng 5 +1) → 00058" in str(misread.value)


def test_a_row_of_another_level_keeps_its_unit_but_not_its_communes() -> None:
    """Hoàn Kiếm's communes with ``58`` for ``00058`` (Excel dropped the zeros): Ninh
    Thuận's 62 communes were expected too; cut to Hà Nội, the row became an unknown unit."""
    rows = [(c, (1,)) for c in _hoan_kiem() if c != "00058"] + [("58", (1,))]
    s = scope_rows(rows, national(), DAY, names=["children"])
    assert s.hierarchy.roots() == ["01", "58"] and "58" in s.hierarchy
    assert len(s.hierarchy.reporting_units()) == len(
        national().on(DAY).within(["01"]).reporting_units())
    assert [code for code, _ in s.rows] == [code for code, _ in rows]
    only = scope_rows([("58", (1,))], national(), DAY, names=["children"])
    assert only.hierarchy.roots() == ["58"]  # (nothing at the level that reports)

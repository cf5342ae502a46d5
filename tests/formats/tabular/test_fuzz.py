"""Random and damaged input gives a library error or a table, never a foreign exception."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childprotect.errors import ChildProtectError
from childprotect.formats.tabular.reading import read_table
from childprotect.formats.tabular.sources import Engine
from tests.formats.tabular.helpers import workbook

_SETTINGS = settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow,
                                                             HealthCheck.function_scoped_fixture])


def _read_or_library_error(path: Path, engine: Engine = Engine.AUTO) -> None:
    try:
        table = read_table(path, engine=engine)
    except ChildProtectError as exc:
        assert exc.__cause__ is None
        assert exc.__context__ is None or exc.__suppress_context__
        assert str(exc)
    else:
        assert len(table) >= 1


@_SETTINGS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".xlsx", ".txt", ""]))
def test_random_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    p = tmp_path / f"f{suffix}"
    p.write_bytes(data)
    _read_or_library_error(p)


_csv_alphabet = st.sampled_from([*"unit,;\t\"\r\n 0123456789.-ăđ#=\x00", "\ufeff"])


@_SETTINGS
@given(text=st.text(alphabet=_csv_alphabet, max_size=300),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]))
def test_random_csv_text(tmp_path: Path, text: str, encoding: str) -> None:
    p = tmp_path / "f.csv"
    p.write_bytes(("unit,a\n" + text).encode(encoding, errors="replace"))
    _read_or_library_error(p)


_GOOD: dict[str, bytes] = {}


def _good_workbook(tmp_path: Path) -> bytes:
    if "x" not in _GOOD:
        p = workbook(tmp_path / "good.xlsx",
                     [["unit", "a", "b"], *[[f"{i:05d}", i, i * 2] for i in range(20)]],
                     edit=lambda ws: ws.merge_cells("D30:E31"))
        _GOOD["x"] = p.read_bytes()
    return _GOOD["x"]


@_SETTINGS
@given(seed=st.integers(0, 2**32 - 1), flips=st.integers(1, 20),
       engine=st.sampled_from([Engine.CALAMINE, Engine.OPENPYXL]))
def test_damaged_workbook_bytes(tmp_path: Path, seed: int, flips: int, engine: Engine) -> None:
    raw = bytearray(_good_workbook(tmp_path))
    rnd = random.Random(seed)
    for _ in range(flips):
        raw[rnd.randrange(len(raw))] = rnd.randrange(256)
    p = tmp_path / "bad.xlsx"
    p.write_bytes(bytes(raw))
    _read_or_library_error(p, engine)


_sheet_xml = st.sampled_from([
    "", "<worksheet/>", "<worksheet><sheetData><row><c><f>1</f></c></row></sheetData>",
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="x"><c r="ZZZZZZ1" t="e"><v>#N/A</v></c></row></sheetData>'
    '<mergeCells><mergeCell ref="A1:B"/></mergeCells></worksheet>',
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="s"><v>99</v></c></row></sheetData></worksheet>',
])


@_SETTINGS
@given(xml=_sheet_xml, extra=st.text(max_size=40),
       engine=st.sampled_from([Engine.CALAMINE, Engine.OPENPYXL]))
def test_malformed_sheet_xml(tmp_path: Path, xml: str, extra: str, engine: Engine) -> None:
    src = zipfile.ZipFile(io.BytesIO(_good_workbook(tmp_path)))
    p = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = (xml + extra).encode("utf-8", errors="replace")
            z.writestr(info.filename, data)
    _read_or_library_error(p, engine)


@pytest.mark.parametrize("engine", [Engine.CALAMINE, Engine.OPENPYXL])
def test_missing_parts(tmp_path: Path, engine: Engine) -> None:
    src = zipfile.ZipFile(io.BytesIO(_good_workbook(tmp_path)))
    for drop in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
                 "xl/sharedStrings.xml", "[Content_Types].xml", "xl/styles.xml"):
        p = tmp_path / "part.xlsx"
        with zipfile.ZipFile(p, "w") as z:
            for info in src.infolist():
                if info.filename != drop:
                    z.writestr(info.filename, src.read(info.filename))
        _read_or_library_error(p, engine)

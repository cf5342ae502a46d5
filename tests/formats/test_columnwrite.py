"""The column path's writers (the reading, and the writers' bytes against the row path's,
are tested with the command, in tests/cli/test_cmd_rollup.py)."""

from __future__ import annotations

import os
import typing
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from childprotect.errors import ValidationError
from childprotect.formats import columnar

pytestmark = pytest.mark.skipif(not columnar.available(),
                                reason="the column path needs numpy (the test extra "
                                       "installs it)")

ON = date(2024, 12, 31)


def test_rollups_of_different_measures_are_not_written_together() -> None:
    import io

    from childprotect.formats.columnwrite import write_rollup_csv
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


def test_a_text_table_needs_a_header_per_column() -> None:
    import io

    from childprotect.formats.columnwrite import write_rollup_text
    from childprotect.rollup.columns import rollup_columns
    from childprotect.rollup.measures import Measure
    from childprotect.units.registry import bundled

    h = bundled().on(ON)
    r = rollup_columns(["29971"], {"x": [1]}, h, [Measure.count("x")], "2024")
    words = {"commune": "xã", "district": "huyện", "province": "tỉnh", "total": "toàn bộ"}
    with pytest.raises(ValidationError, match="5 headers for a table of 6 columns"):
        write_rollup_text(r, io.BytesIO(), levels=set(), headers=["a"] * 5, words=words,
                          every="mọi đơn vị", period=False)
    out = io.BytesIO()
    write_rollup_text(r, out, levels={"total", "province"}, headers=list("abcdefg"),
                      words=words, every="mọi đơn vị", period=True)
    # the period first, then level words, codes and names, each column padded to its
    # widest cell; a blank count at the end of a line leaves no spaces behind
    assert out.getvalue().decode().splitlines() == [
        "a     b        c   d                    e  f   g",
        "----  -------  --  -------------------  -  --  -",
        "2024  tỉnh     06  Tỉnh Bắc Kạn         0  0",
        "2024  tỉnh     19  Tỉnh Thái Nguyên     0  0",
        "2024  tỉnh     46  Tỉnh Thừa Thiên Huế  0  0",
        "2024  tỉnh     31  Thành phố Hải Phòng  0  0",
        "2024  tỉnh     30  Tỉnh Hải Dương       0  0",
        "2024  tỉnh     87  Tỉnh Đồng Tháp       1  11  1",
        "2024  tỉnh     82  Tỉnh Tiền Giang      0  0",
        "2024  toàn bộ  *   mọi đơn vị           1  11  1",
    ]


def test_the_command_piped_into_a_reader_that_stops_ends_quietly(tmp_path: Path) -> None:
    """JSON written straight out, into a pipe whose reader stops after 100,000 bytes (in
    the middle of a write): no traceback, exit code 0."""
    import subprocess
    import sys

    from childprotect.units.national_list import national

    # (enough units that more is written than a pipe holds after its reader is gone)
    communes = national().on(date(2024, 12, 31)).reporting_units()[:3000]
    lines = ["unit,period,children,special"]
    lines += [f"{c},2024-{m:02d},100,3" for m in (1, 2) for c in communes]
    data = tmp_path / "d.csv"
    data.write_text("\n".join(lines) + "\n", "utf-8")
    cmd = (f"{sys.executable} -m childprotect rollup {data} --format json --engine columns "
           "| head -c 100000 > /dev/null; exit ${PIPESTATUS[0]}")
    done = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"}, check=False)
    assert (done.returncode, done.stderr) == (0, "")


class _Layout:
    """What the writers' checks read of a layout: its levels, codes and names."""

    def __init__(self, names: list[str], codes: list[str] | None = None) -> None:
        self.names = names
        self.codes = codes if codes is not None else [f"{i:05d}" for i in range(len(names))]
        self.level_of = ["commune"] * len(names)
        self.spans = {"commune": (0, len(names))}

    def kept(self, key: object, make: typing.Callable[[], object]) -> object:
        return make()


_TEXT = st.text(st.sampled_from(['a', 'ệ', '"', '\\', '\x01', '\n', ',', '\r', '\x00', '𝔸']),
                max_size=400)


@given(st.lists(_TEXT, min_size=1, max_size=4), st.integers(-8, 8))
@settings(max_examples=200, deadline=None)
def test_a_layout_is_refused_exactly_when_a_unit_does_not_fit(names: list[str],
                                                               pad: int) -> None:
    """check_layout measures only the units that could pass the room: its verdict is the
    one of measuring every unit's JSON (names near the limit, of characters that take 1 to
    6 bytes)."""
    import json

    from childprotect.formats.columnwrite import check_layout
    from childprotect.formats.linebytes import LONGEST

    names = [n * (LONGEST // 2 // 6 // max(len(n), 1) + pad) for n in names]
    lay = _Layout(names)
    over = any("\x00" in lv + c + n or len((json.dumps(lv, ensure_ascii=False) + json.dumps(
        c, ensure_ascii=False) + json.dumps(n, ensure_ascii=False)).encode("utf-8")) >
               LONGEST // 2 for lv, c, n in zip(lay.level_of, lay.codes, names, strict=True))
    if over:
        with pytest.raises(ValidationError, match="too long"):
            check_layout(lay)  # type: ignore[arg-type]
    else:
        check_layout(lay)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["Xã A, B", 'Xã "A"', "Xã\nA", "Xã\rA", "Xã A"])
def test_names_that_need_quotes_are_refused_in_csv(name: str) -> None:
    """The CSV writer refuses (the command then goes row by row) exactly the names the
    row writer quotes."""
    from childprotect.formats.columnwrite import _csv_heads
    from childprotect.rollup.lines import _csv_field

    lay = _Layout(["Xã B", name])
    if _csv_field(name) != name:
        with pytest.raises(ValidationError, match="quotes"):
            _csv_heads(lay)  # type: ignore[arg-type]
    else:
        assert _csv_heads(lay).shape[1] == 2  # type: ignore[arg-type]

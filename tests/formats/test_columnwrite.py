"""The column path's writers (the reading, and the writers' bytes against the row path's,
are tested with the command, in tests/cli/test_cmd_rollup.py)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

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

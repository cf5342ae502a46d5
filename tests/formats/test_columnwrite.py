"""The column path's writers (the reading, and the writers' bytes against the row path's,
are tested with the command, in tests/cli/test_cmd_rollup.py)."""

from __future__ import annotations

from datetime import date

import pytest

from childprotect.errors import ValidationError
from childprotect.formats import columnar

pytestmark = pytest.mark.skipif(not columnar.available(),
                                reason="the column path needs polars and numpy (the test "
                                       "extra installs them)")

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

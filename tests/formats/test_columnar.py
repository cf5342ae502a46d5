"""The column path's CSV writer (the reading is tested with the command, in
tests/cli/test_cmd_rollup.py)."""

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

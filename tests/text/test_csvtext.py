"""A quote left open in a CSV file: every reader names the file and the line, no traceback."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from childprotect.errors import ValidationError

_OPEN = '"x\n' + "1,2,3\n" * 30_000  # a quote that opens a cell and never closes


def _counts(path: Path) -> object:
    from childprotect.formats.counts import read_csv_text

    path.write_text("unit,period,a\n29971,2024,1\n29956,2024," + _OPEN, "utf-8")
    return list(read_csv_text(path.read_text("utf-8"), None, str(path))[1])


def _two_files(path: Path) -> object:
    from childprotect.formats.datafiles import read_counts

    path.write_text("unit,period,a\n29971,2024,1\n29956,2024," + _OPEN, "utf-8")
    other = path.with_name("other.csv")
    other.write_text("unit,period,a\n29957,2024,1\n", "utf-8")
    return read_counts([str(other), str(path)])


def _units(path: Path) -> object:
    from childprotect.units.csvfiles import load_units_csv

    path.write_text('code,name_vi,kind\n01,"Hà Nội",tinh\n02,' + _OPEN, "utf-8")
    return load_units_csv(path)


def _children(path: Path) -> object:
    from childprotect.children.tally import tally_children

    path.write_text("commune,birth_date,group_a\n29971,2015-01-01,1\n29971," + _OPEN,
                    "utf-8")
    with path.open(encoding="utf-8", newline="") as f:
        return tally_children(f, on=date(2024, 12, 31), period="2024", source=str(path))


@pytest.mark.parametrize("read", [_counts, _two_files, _units, _children])
def test_a_quote_left_open_names_the_file_and_its_line(tmp_path: Path,
                                                       read: Callable[[Path], object]) -> None:
    """The ``csv`` module's field limit was a ``_csv.Error`` traceback in these readers."""
    path = tmp_path / "data.csv"
    with pytest.raises(ValidationError) as info:
        read(path)
    text = str(info.value)
    assert "data.csv" in text and "line 3" in text and "double quote" in text
    assert info.value.__cause__ is None and info.value.__suppress_context__

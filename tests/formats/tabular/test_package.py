"""The tabular package loads its spreadsheet libraries only when a workbook is read or
written, and names everything it exports."""

from __future__ import annotations

import childprotect.formats.tabular as tabular
from tests.fresh import loaded_after


def _loaded(code: str) -> str:
    return str(loaded_after(code, ["openpyxl", "python_calamine", "pandas", "cattrs"]))


def test_importing_the_modules_loads_no_spreadsheet_library() -> None:
    assert _loaded("import childprotect.formats.tabular.table, "
                   "childprotect.formats.tabular.template, "
                   "childprotect.formats.tabular.workbook") == "[]"


def test_reading_csv_loads_no_spreadsheet_library(tmp_path: object) -> None:
    code = ("import pathlib, tempfile; from childprotect.formats.tabular import read_table; "
            "p = pathlib.Path(tempfile.mkdtemp()) / 'a.csv'; "
            "p.write_text('unit,a\\n1,2\\n'); read_table(p)")
    assert _loaded(code) == "[]"


def test_every_exported_name_resolves() -> None:
    for name in tabular.__all__:
        assert getattr(tabular, name).__name__ == name

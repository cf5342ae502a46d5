"""Per-unit data in spreadsheets: reading ``.xlsx`` and CSV files, writing data-entry
templates and result workbooks.

- :func:`read_table` (``tabular.table``): rows of cells, each with its reference
  (``data.xlsx: 'Số liệu'!D17``), from one or several files; every problem is a
  :class:`~childprotect.errors.InvalidTable` naming its cell.
- :func:`write_template` (``tabular.template``): the data-entry workbook a province
  sends to its communes (or the same as CSV).
- :func:`write_workbook` (``tabular.workbook``): results as a workbook, one sheet per
  table, numbers as numbers and statuses in colour.

Reading CSV and writing result workbooks need nothing more; reading ``.xlsx`` needs
python-calamine or openpyxl, writing a data-entry template needs openpyxl
(``pip install 'childprotect[xlsx]'``). They are imported when first used, never by
``import childprotect`` or ``import childprotect.formats.tabular``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from childprotect._lazy import exports

if TYPE_CHECKING:
    from childprotect.formats.tabular.cells import Cell, Kind, Ref
    from childprotect.formats.tabular.reading import read_table
    from childprotect.formats.tabular.sheetspec import (
        ColumnKind,
        ColumnSpec,
        SheetSpec,
        StatusStyle,
    )
    from childprotect.formats.tabular.sources import Engine
    from childprotect.formats.tabular.table import Column, Row, Table
    from childprotect.formats.tabular.template import MeasureSpec, write_template
    from childprotect.formats.tabular.workbook import write_workbook

__all__ = [
    "Cell",
    "Column",
    "ColumnKind",
    "ColumnSpec",
    "Engine",
    "Kind",
    "MeasureSpec",
    "Ref",
    "Row",
    "SheetSpec",
    "StatusStyle",
    "Table",
    "read_table",
    "write_template",
    "write_workbook",
]

_NAMES = {
    "Cell": "cells", "Kind": "cells", "Ref": "cells",
    "Engine": "sources",
    "Column": "table", "Row": "table", "Table": "table", "read_table": "reading",
    "MeasureSpec": "template", "write_template": "template",
    "ColumnKind": "sheetspec", "ColumnSpec": "sheetspec", "SheetSpec": "sheetspec",
    "StatusStyle": "sheetspec", "write_workbook": "workbook",
}

__getattr__, __dir__ = exports(__name__, _NAMES)

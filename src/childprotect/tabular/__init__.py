"""Per-unit data in spreadsheets: reading ``.xlsx`` and CSV files, writing data-entry
templates and result workbooks.

- :func:`read_table` (``tabular.table``): rows of cells, each with its reference
  (``data.xlsx: 'Số liệu'!D17``), from one or several files; every problem is a
  :class:`~childprotect.errors.InvalidTable` naming its cell.
- :func:`write_template` (``tabular.template``): the data-entry workbook a province
  sends to its communes (or the same as CSV).
- :func:`write_workbook` (``tabular.workbook``): results as a workbook, one sheet per
  table, numbers as numbers and statuses in colour.

Reading CSV needs nothing more; reading ``.xlsx`` needs python-calamine or openpyxl,
writing needs openpyxl (``pip install 'childprotect[xlsx]'``). They are imported when
first used, never by ``import childprotect`` or ``import childprotect.tabular``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cells import Cell, Kind, Ref
    from .sources import Engine
    from .table import Column, Row, Table, read_table
    from .template import MeasureSpec, write_template
    from .workbook import ColumnKind, ColumnSpec, SheetSpec, StatusStyle, write_workbook

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

_LAZY = {
    "Cell": "cells", "Kind": "cells", "Ref": "cells",
    "Engine": "sources",
    "Column": "table", "Row": "table", "Table": "table", "read_table": "table",
    "MeasureSpec": "template", "write_template": "template",
    "ColumnKind": "workbook", "ColumnSpec": "workbook", "SheetSpec": "workbook",
    "StatusStyle": "workbook", "write_workbook": "workbook",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

"""Writes the two binary fixtures that the test suite cannot make with its own packages.

- ``table.xls``: a real Excel 97–2003 workbook (BIFF8), written by xlwt.
- ``encrypted.xlsx``: a real workbook protected by a password to open ("secret"),
  encrypted by msoffcrypto-tool (ECMA-376 agile encryption).

Run once with ``pip install xlwt msoffcrypto-tool openpyxl``:
``python tests/formats/tabular/data/make_fixtures.py``. The data are synthetic.
"""

from __future__ import annotations

import io
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    import msoffcrypto.format.ooxml
    import openpyxl
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Sheet1")
    for j, v in enumerate(["unit", "children"]):
        sheet.write(0, j, v)
    sheet.write(1, 0, "29971")
    sheet.write(1, 1, 12)
    book.save(str(HERE / "table.xls"))

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["unit", "children"])
    ws.append(["29971", 12])
    plain = io.BytesIO()
    wb.save(plain)
    plain.seek(0)
    with (HERE / "encrypted.xlsx").open("wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("secret", out)


if __name__ == "__main__":
    main()

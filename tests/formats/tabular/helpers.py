"""Workbooks and CSV files made for the tabular tests (synthetic data)."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from childprotect.formats.tabular.sources import Engine

#: Both engines that read .xlsx cells: every workbook test runs with each.
ENGINES = pytest.mark.parametrize("engine", [Engine.CALAMINE, Engine.OPENPYXL],
                                  ids=["calamine", "openpyxl"])

DATA = Path(__file__).resolve().parent / "data"


def workbook(path: Path, rows: Sequence[Sequence[Any]], *, title: str = "Sheet1",
             edit: Callable[[Any], None] | None = None) -> Path:
    """A one-sheet workbook holding ``rows`` from A1; ``edit`` may change the sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(list(row))
    if edit is not None:
        edit(ws)
    wb.save(path)
    return path


def rewrite_sheet(path: Path, change: Callable[[str], str], part: str = "xl/worksheets/sheet1.xml"
                  ) -> Path:
    """Rewrite the XML of one sheet of a workbook in place (to make what openpyxl cannot
    write, such as a formula with a cached value)."""
    with zipfile.ZipFile(path) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            z.writestr(info, data)
    return path


def cache_formula(xml: str, cell: str, value: str) -> str:
    """Give the formula in ``cell`` the cached value ``value``."""
    out, n = re.subn(rf'(<c r="{cell}"[^>]*>)(<f>[^<]*</f>)<v\s*/?>(?:</v>)?',
                     rf"\1\2<v>{value}</v>", xml)
    assert n == 1, f"no formula in {cell}"
    return out


def ods(path: Path) -> Path:
    """A minimal OpenDocument spreadsheet (a real one: LibreOffice and calamine open it)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet><table:table table:name=\"Sheet1\">"
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>unit</text:p>"
        "</table:table-cell><table:table-cell office:value-type=\"string\"><text:p>children"
        "</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>29971</text:p>"
        "</table:table-cell><table:table-cell office:value-type=\"float\" office:value=\"12\">"
        "<text:p>12</text:p></table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


_LETTER_MARKS = "\u0302\u0306\u031b"  # circumflex, breve, horn: part of the letter


def to_cp1258(text: str) -> bytes:
    """``text`` in Windows-1258 as Windows writes Vietnamese: a letter with its circumflex,
    breve or horn precomposed where the code page has it, the tone as a combining mark."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        letter = unicodedata.normalize("NFC", "".join(c for c in parts
                                                      if not unicodedata.combining(c)
                                                      or c in _LETTER_MARKS))
        tones = "".join(c for c in parts if unicodedata.combining(c) and c not in _LETTER_MARKS)
        out.append((letter + tones).encode("cp1258"))
    return b"".join(out)

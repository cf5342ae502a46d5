"""The cells of a workbook shown as percentages, read from its XML (whichever engine reads
the values): Excel keeps 95,5 % as the number 0.955 and a count of 1 formatted as a
percentage shows 100 %, so a reader of values alone cannot tell what the sheet shows.

A cell's style (``s``, an index into ``cellXfs`` of ``xl/styles.xml``) names its number
format (``numFmtId``): the built-in formats 9 (``0%``) and 10 (``0.00%``), or a format of
the workbook's own whose code shows ``%`` (ECMA-376 Part 1, §18.8.30 and §18.8.31).
"""

from __future__ import annotations

import io
import re
from xml.etree import ElementTree

from childprotect.formats.tabular.cells import column_number

__all__ = ["percent_cells", "percent_format", "percent_styles"]

#: The built-in number formats that show a percentage (ECMA-376 Part 1, §18.8.30).
BUILTIN_PERCENT = frozenset({9, 10})

#: What a number format shows that is not a placeholder: quoted text, an escaped or
#: padded character, a colour or locale in brackets.
_LITERAL = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')

_CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c\s([^>]*)>")
_ATTR = re.compile(rb"""\b([rst])\s*=\s*["']([^"']*)["']""")
_CELL_REF = re.compile(r"([A-Za-z]+)([0-9]+)")


def percent_format(code: str) -> bool:
    """Whether a number format code (its positive part) multiplies by 100 and shows ``%``:
    a ``%`` that is quoted (``0.0"%"``) or escaped (``0.0\\%``) is a literal sign only.

    >>> percent_format("0.0%"), percent_format('0.0"%"'), percent_format("0.0\\\\%")
    (True, False, False)
    >>> percent_format('"a;b"0%'), percent_format("0\\\\;0%"), percent_format("0;0%")
    (True, True, False)
    """
    return "%" in _LITERAL.sub("", code).split(";")[0]


def percent_styles(styles: bytes) -> frozenset[int]:
    """The indexes of the cell styles (``cellXfs``) of ``xl/styles.xml`` whose number format
    shows a percentage. Raises ``ElementTree.ParseError`` or ``ValueError`` on a damaged
    part (the caller names the file).

    >>> ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    >>> percent_styles(f'<styleSheet {ns}><numFmts><numFmt numFmtId="164" formatCode="0.0%"/>'
    ...     '</numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="10"/><xf numFmtId="164"/>'
    ...     '</cellXfs></styleSheet>'.encode())
    frozenset({1, 2})
    """
    root = ElementTree.fromstring(styles)
    custom: set[int] = set()
    out: set[int] = set()
    for el in root.iter():
        tag = el.tag.rpartition("}")[2]
        if tag == "numFmt" and percent_format(el.get("formatCode", "")):
            custom.add(int(el.get("numFmtId", "-1")))
        elif tag == "cellXfs":
            for i, xf in enumerate(x for x in el if x.tag.rpartition("}")[2] == "xf"):
                fid = int(xf.get("numFmtId", "0"))
                if fid in BUILTIN_PERCENT or fid in custom:
                    out.add(i)
    return frozenset(out)


def percent_cells(xml: bytes, styles: frozenset[int]) -> frozenset[tuple[int, int]]:
    """The cells of a sheet's XML that hold a number (or may: a formula's number) in one
    of the percentage ``styles``: ``(row, column)``, both from 1.

    >>> xml = b'<row r="2"><c r="B2" s="1"><v>1</v></c><c r="C2" s="1" t="s"><v>0</v></c></row>'
    >>> sorted(percent_cells(xml, frozenset({1})))
    [(2, 2)]
    """
    if not styles:
        return frozenset()
    if 0 in styles:  # the default style, that of every cell without an ``s``: read them all
        return _counted(xml, styles)
    # (only the tags holding one of those styles are looked at: a regular expression over
    # every cell of a sheet of 200,000 cells takes 0.2 s)
    styled = re.compile(rb"\ss\s*=\s*[\"'](?:" + b"|".join(
        str(i).encode() for i in sorted(styles)) + rb")[\"']")
    out: set[tuple[int, int]] = set()
    for m in styled.finditer(xml):
        start = xml.rfind(b"<", 0, m.start())
        tag = _CELL_TAG.match(xml, start)
        if tag is None or tag.end() < m.end():  # the style of a row or a column
            continue
        attrs = {k.decode(): v.decode() for k, v in _ATTR.findall(tag[1])}
        if attrs.get("t", "n") != "n":
            continue
        ref = _CELL_REF.fullmatch(attrs.get("r", ""))
        if ref is None:  # (cells without their reference: counted one by one)
            return _counted(xml, styles)
        out.add((int(ref[2]), column_number(ref[1])))
    return frozenset(out)


def _counted(xml: bytes, styles: frozenset[int]) -> frozenset[tuple[int, int]]:
    """:func:`percent_cells` of a sheet whose cells may lack their reference: rows and
    columns counted as a reader counts them."""
    out: set[tuple[int, int]] = set()
    row_no = col_no = 0
    for event, el in ElementTree.iterparse(io.BytesIO(xml), events=("start",)):
        del event
        tag = el.tag.rpartition("}")[2]
        if tag == "row":
            r = el.get("r")
            row_no = int(r) if r and r.isdigit() else row_no + 1
            col_no = 0
        elif tag == "c":
            ref = _CELL_REF.fullmatch(el.get("r") or "")
            col_no, row_no = ((column_number(ref[1]), int(ref[2])) if ref is not None
                              else (col_no + 1, row_no))
            s = el.get("s", "0")
            if s.isdigit() and int(s) in styles and el.get("t", "n") == "n":
                out.add((row_no, col_no))
    return frozenset(out)

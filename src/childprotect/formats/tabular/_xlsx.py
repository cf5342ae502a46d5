"""The parts of an ``.xlsx`` package for result workbooks (SpreadsheetML, ECMA-376 /
ISO/IEC 29500): the package's content types and relationships, the workbook, its cell
formats and its sheets, zipped.

Only what :mod:`childprotect.formats.tabular.workbook` writes is here: texts written in
the cell (inline), numbers, a few fonts, solid fills, number formats and alignments, column
widths, a frozen pane, printed titles, landscape A4 one page wide. The parts are laid out
as XlsxWriter lays out its own (the tests compare the two workbooks of the same sheets cell
by cell, format by format); a sheet's rows are made a block at a time, as text, and
streamed into the package.

>>> styles = Styles()
>>> styles.index(bold=True), styles.index(), styles.index(bold=True)
(1, 0, 1)
>>> column_letter(0), column_letter(26), column_letter(16_383)
('A', 'AA', 'XFD')
>>> inline_text("A1", 0, " a < b ")
'<c r="A1" t="inlineStr"><is><t xml:space="preserve"> a &lt; b </t></is></c>'
"""

from __future__ import annotations

import errno
import os
import re
import stat
import typing
import zipfile
from collections.abc import Iterable, Iterator, Sequence

from childprotect.formats.tabular.cells import column_letter as letters_of

__all__ = ["SheetPart", "Styles", "column_letter", "escape_text", "inline_text", "write_package"]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

#: Characters a text cell writes otherwise: the XML specials, a carriage return (which
#: an XML reader would read as a line feed: written ``_x000D_``, as Excel writes it), a
#: literal ``_xHHHH_`` (which a reader would decode: its underscore is written
#: ``_x005F_``), a space at either end (kept with ``xml:space``).
_ATTENTION = re.compile(r"[&<>\r]|_x[0-9A-Fa-f]{4}_|^\s|\s$")
#: (each such underscore, the sequences overlapping or not, and before a carriage return,
#: which becomes ``_x000D_``: its underscore would end the sequence)
_ESCAPED = re.compile(r"_(?=x[0-9A-Fa-f]{4}[_\r])")


def column_letter(k: int) -> str:
    """The letters of column ``k`` (from 0)."""
    return letters_of(k + 1)


def escape_text(text: str) -> tuple[str, str]:
    """``text`` as the content of a ``<t>`` element, and the element's attribute (to keep
    a space at either end). The caller has refused what XML cannot hold."""
    if not _ATTENTION.search(text):
        return text, ""
    keep = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    if "_x" in text:
        text = _ESCAPED.sub("_x005F_", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "_x000D_"), keep


def inline_text(ref: str, style: int, text: str) -> str:
    """The cell ``ref`` holding ``text`` in format ``style`` (0: none)."""
    body, keep = escape_text(text)
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{keep}>{body}</t></is></c>'


class _Font(typing.NamedTuple):
    bold: bool
    italic: bool
    size: int
    colour: str | None


class _Xf(typing.NamedTuple):
    font: int
    fill: int
    num_format: int
    align: str | None
    valign: str | None
    wrap: bool


class Styles:
    """The workbook's cell formats, each made once; format 0 is the default."""

    def __init__(self) -> None:
        self._fonts: dict[_Font, int] = {_Font(False, False, 11, None): 0}
        self._fills: dict[str, int] = {}  # (after the two every workbook has)
        self._codes: dict[str, int] = {"General": 0}
        self._xfs: dict[_Xf, int] = {_Xf(0, 0, 0, None, None, False): 0}
        self._made: dict[tuple[object, ...], int] = {}

    def index(self, *, bold: bool = False, italic: bool = False, size: int = 11,
              colour: str | None = None, fill: str | None = None,
              num_format: str = "General", align: str | None = None,
              valign: str | None = None, wrap: bool = False) -> int:
        """The index of the format of these properties (colours ``RRGGBB``)."""
        colour, fill = colour and colour.upper(), fill and fill.upper()  # (as Excel writes)
        key = (bold, italic, size, colour, fill, num_format, align, valign, wrap)
        made = self._made.get(key)
        if made is not None:
            return made
        font = self._fonts.setdefault(_Font(bold, italic, size, colour), len(self._fonts))
        fill_id = 0 if fill is None else self._fills.setdefault(fill, len(self._fills) + 2)
        code = self._codes.setdefault(num_format, 163 + len(self._codes))
        xf = self._xfs.setdefault(_Xf(font, fill_id, code, align, valign, wrap),
                                  len(self._xfs))
        self._made[key] = xf
        return xf

    def xml(self) -> str:
        """The styles part."""
        out = [_DECL, f'<styleSheet xmlns="{_MAIN}">']
        codes = [(i, c) for c, i in self._codes.items() if i]
        if codes:
            out.append(f'<numFmts count="{len(codes)}">')
            out += [f'<numFmt numFmtId="{i}" formatCode="{_attr(c)}"/>' for i, c in codes]
            out.append("</numFmts>")
        out.append(f'<fonts count="{len(self._fonts)}">')
        for f in self._fonts:
            colour = f'<color rgb="FF{f.colour}"/>' if f.colour else ""
            out.append(f'<font>{"<b/>" if f.bold else ""}{"<i/>" if f.italic else ""}'
                       f'<sz val="{f.size}"/>{colour}<name val="Calibri"/>'
                       '<family val="2"/></font>')
        out.append(f'</fonts><fills count="{len(self._fills) + 2}"><fill><patternFill '
                   'patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
                   '</fill>')
        out += [f'<fill><patternFill patternType="solid"><fgColor rgb="FF{c}"/><bgColor '
                'indexed="64"/></patternFill></fill>' for c in self._fills]
        out.append('</fills><borders count="1"><border><left/><right/><top/><bottom/>'
                   '<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" '
                   f'fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count='
                   f'"{len(self._xfs)}">')
        for x in self._xfs:
            applied = "".join(f' apply{name}="1"' for name, on in (
                ("NumberFormat", x.num_format), ("Font", x.font), ("Fill", x.fill),
                ("Alignment", x.align or x.valign or x.wrap)) if on)
            head = (f'<xf numFmtId="{x.num_format}" fontId="{x.font}" fillId="{x.fill}" '
                    f'borderId="0" xfId="0"{applied}')
            if x.align or x.valign or x.wrap:
                how = "".join(f' {name}="{value}"' for name, value in (
                    ("horizontal", x.align), ("vertical", x.valign),
                    ("wrapText", "1" if x.wrap else None)) if value)
                out.append(f"{head}><alignment{how}/></xf>")
            else:
                out.append(head + "/>")
        out.append('</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" '
                   'builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" '
                   'defaultTableStyle="TableStyleMedium9" defaultPivotStyle='
                   '"PivotStyleLight16"/></styleSheet>')
        return "".join(out)


def _attr(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;"))


class SheetPart(typing.NamedTuple):
    """A sheet of the package: its name, its printed titles (rows from 1) and its XML, made
    as it is written (an error raised while it is made stops the package)."""

    name: str
    titles: tuple[int, int]
    xml: Iterable[str]


def sheet_head(*, selected: bool, last_row: int, columns: int, frozen_rows: int,
               frozen_columns: int, widths: Sequence[int]) -> str:
    """A sheet's XML before its rows: its extent, frozen pane, column widths."""
    last = f"{column_letter(columns - 1)}{max(1, last_row)}"
    top_left = f"{column_letter(frozen_columns)}{frozen_rows + 1}"
    if frozen_rows and frozen_columns:
        pane = (f'<pane xSplit="{frozen_columns}" ySplit="{frozen_rows}" topLeftCell='
                f'"{top_left}" activePane="bottomRight" state="frozen"/><selection pane='
                f'"topRight" activeCell="{column_letter(frozen_columns)}1" sqref='
                f'"{column_letter(frozen_columns)}1"/><selection pane="bottomLeft" '
                f'activeCell="A{frozen_rows + 1}" sqref="A{frozen_rows + 1}"/><selection '
                'pane="bottomRight"/>')
    elif frozen_rows:
        pane = (f'<pane ySplit="{frozen_rows}" topLeftCell="{top_left}" activePane='
                '"bottomLeft" state="frozen"/><selection pane="bottomLeft"/>')
    elif frozen_columns:
        pane = (f'<pane xSplit="{frozen_columns}" topLeftCell="{top_left}" activePane='
                '"topRight" state="frozen"/><selection pane="topRight"/>')
    else:
        pane = ""
    view = ' tabSelected="1"' if selected else ""
    cols = []
    k = 0
    while k < len(widths):  # (neighbours of one width in one element, as Excel writes)
        end = k
        while end + 1 < len(widths) and widths[end + 1] == widths[k]:
            end += 1
        cols.append(f'<col min="{k + 1}" max="{end + 1}" width="{_char_width(widths[k])}" '
                    'customWidth="1"/>')
        k = end + 1
    return (f'{_DECL}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetPr><pageSetUpPr '
            f'fitToPage="1"/></sheetPr><dimension ref="A1:{last}"/><sheetViews><sheetView'
            f'{view} workbookViewId="0">{pane}</sheetView></sheetViews><sheetFormatPr '
            f'defaultRowHeight="15"/><cols>{"".join(cols)}</cols><sheetData>')


#: A sheet's XML after its rows: the page margins Excel sets, landscape A4 (paper size 9,
#: ECMA-376 ST_PaperSize) one page wide.
SHEET_TAIL = ('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
              'header="0.3" footer="0.3"/><pageSetup paperSize="9" fitToHeight="0" '
              'orientation="landscape"/></worksheet>')


def _char_width(width: int) -> str:
    """A column ``width`` (characters) as a workbook stores it: the pixels Excel shows for
    it with its default font (7 a character, 5 of padding), back in characters."""
    pixels = int(width * 7 + 0.5) + 5
    return f"{pixels * 256 // 7 / 256:.16g}"


def _quoted(name: str) -> str:
    """A sheet name in a printed-titles formula, always quoted (a name such as ``A1`` or
    ``R1C1`` must be, and any name may be)."""
    return "'" + name.replace("'", "''") + "'"


def write_package(out: typing.BinaryIO, sheets: Sequence[SheetPart], styles: Styles
                  ) -> None:
    """The package of ``sheets`` written to ``out``; the styles part is written last (the
    sheets register their formats as they are made). A disk error is an ``OSError``."""
    if not _regular(out):  # (a device or a pipe: the workbook made whole first, then copied)
        import shutil
        import tempfile

        with tempfile.TemporaryFile(prefix="childprotect-") as whole:
            write_package(typing.cast("typing.BinaryIO", whole), sheets, styles)
            whole.seek(0)
            shutil.copyfileobj(whole, out, 1 << 20)
        return
    n = len(sheets)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        def part(name: str, text: str) -> None:
            zf.writestr(_info(name), text.encode("utf-8"))

        part("[Content_Types].xml", _DECL + (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
            'PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.styles+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType='
                      f'"{_SHEET_TYPE}"/>' for i in range(1, n + 1)) + "</Types>"))
        part("_rels/.rels", _DECL + (
            f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="{_REL}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        titles = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
            f'{_attr(_quoted(s.name))}!${s.titles[0]}:${s.titles[1]}</definedName>'
            for i, s in enumerate(sheets))
        part("xl/workbook.xml", _DECL + (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView '
            'xWindow="240" yWindow="15" windowWidth="16095" windowHeight="9660"/>'
            '</bookViews><sheets>'
            + "".join(f'<sheet name="{_attr(s.name)}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, s in enumerate(sheets, start=1))
            + f"</sheets><definedNames>{titles}</definedNames></workbook>"))
        part("xl/_rels/workbook.xml.rels", _DECL + (
            f'<Relationships xmlns="{_PKG_REL}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" '
                      f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            "</Relationships>"))
        for i, s in enumerate(sheets, start=1):
            with zf.open(_info(f"xl/worksheets/sheet{i}.xml"), "w") as f:
                size = 0
                for text in _blocks(s.xml):
                    data = text.encode("utf-8")
                    size += len(data)
                    if size > zipfile.ZIP64_LIMIT:  # (2 GiB: a part beyond it needs Zip64,
                        raise OSError(errno.EFBIG, None)  # which not every Excel reads)
                    f.write(data)
        part("xl/styles.xml", styles.xml())


def _regular(out: typing.BinaryIO) -> bool:
    """Whether ``out`` is a file the writer may go back in (not a device nor a pipe)."""
    try:
        return stat.S_ISREG(os.fstat(out.fileno()).st_mode)
    except (AttributeError, OSError, ValueError):  # (no file number: a buffer in memory)
        return out.seekable()


def _blocks(texts: Iterable[str]) -> Iterator[str]:
    """``texts`` joined into blocks of about 1 MiB."""
    block: list[str] = []
    size = 0
    for t in texts:
        block.append(t)
        size += len(t)
        if size >= 1 << 20:
            yield "".join(block)
            block, size = [], 0
    if block:
        yield "".join(block)


def _info(name: str) -> zipfile.ZipInfo:
    """A part's entry: compressed, dated 1980-01-01 (as Excel's own, and so that the same
    workbook makes the same file)."""
    info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info

"""The raw cells of a file: its kind found from its content, CSV text decoded, workbook
sheets read with python-calamine or openpyxl.

Every failure is an :class:`~childprotect.errors.InvalidTable` naming the file (and the
line, sheet or cell); foreign exceptions are never let through, and their chains are cut.

>>> sniff(b"unit,a\\n1,2\\n", "data.csv")
<FileKind.CSV: 'csv'>
>>> decode("unit;tên\\n".encode("cp1258"), "data.csv")
('unit;tên\\n', 'Windows-1258')
"""

from __future__ import annotations

import codecs
import csv
import enum
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import attrs

from childprotect.data.signatures import FileSignature, file_signature
from childprotect.data.unicode import nfc, vietnamese_text
from childprotect.errors import ChildProtectError, InvalidTable
from childprotect.formats.tabular.cells import EXCEL_ERRORS, column_number
from childprotect.formats.tabular.numformats import percent_cells, percent_styles
from childprotect.i18n import Message
from childprotect.i18n.oserrors import os_reason

__all__ = [
    "Engine",
    "FileKind",
    "RawSheet",
    "decode",
    "read_csv_sheet",
    "read_workbook_sheets",
    "sniff",
]

#: How many rows (or CSV lines) from the top are searched for the header row.
HEADER_SCAN = 30

#: The most sheet data (bytes of XML, once unpacked) read from one workbook: a nation's
#: communes with a hundred columns are about 60 MiB; a zip bomb is far more.
MAX_SHEET_BYTES = 512 * 2**20


class FileKind(enum.Enum):
    """What a file is, from its content (its name's suffix only breaks ties)."""

    CSV = "csv"
    XLSX = "xlsx"
    XLS = "xls"  # an Excel 97–2003 (BIFF) workbook, or another old Office file
    ENCRYPTED = "encrypted"  # an Office file protected by a password to open
    ODS = "ods"
    XLSB = "xlsb"


class Engine(enum.Enum):
    """The library that reads the cells of an ``.xlsx`` workbook."""

    AUTO = "auto"  # python-calamine when installed, else openpyxl
    CALAMINE = "calamine"
    OPENPYXL = "openpyxl"


@attrs.frozen
class RawSheet:
    """The cells of one sheet (or CSV file) before any column is interpreted.

    ``rows`` are ``(row number, values)``, in order, blank rows possibly left out;
    ``bad`` maps ``(row, column)`` to why a cell's value cannot be trusted (a formula
    without a cached value, an error value); ``merged`` holds merged ranges as
    ``(first row, first column, last row, last column)``, all counted from 1; ``percent``
    the cells ``(row, column)`` holding a number shown as a percentage (a workbook keeps
    95,5 % as 0.955: :mod:`~childprotect.formats.tabular.numformats`).
    """

    file: str
    sheet: str | None
    rows: Sequence[tuple[int, Sequence[object]]] = attrs.field(repr=False)
    bad: dict[tuple[int, int], str] = attrs.field(factory=dict, repr=False)
    merged: tuple[tuple[int, int, int, int], ...] = ()
    encoding: str | None = None
    percent: frozenset[tuple[int, int]] = attrs.field(default=frozenset(), repr=False)


def _fail(*problems: str | Message) -> InvalidTable:
    return InvalidTable([str(p) for p in problems])


# --- what a file is ----------------------------------------------------------------------

_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods")
_SAVE_AS = Message("open it in Excel (or LibreOffice) and save it as an Excel workbook "
                   "(.xlsx)")


_RESAVE = Message("open it and save it as CSV UTF-8 (or a workbook as .xlsx)")
_NOT_TABLE = Message("the data must be a table: CSV UTF-8 or .xlsx")
_ZIPPED = Message("a ZIP archive (a Word document, or an Excel workbook?)")
_OLD_OFFICE = Message("an Office file of the old format (.doc or .xls)")


def _signed(raw: bytes) -> tuple[Message, Message] | None:
    """What a file read as CSV text is instead, from its first bytes, and what to do."""
    kind = file_signature(raw[:16])
    if kind is None:
        return None
    if kind is FileSignature.ZIP:
        return _ZIPPED, _RESAVE
    if kind is FileSignature.CFB:
        return _OLD_OFFICE, _RESAVE
    if kind is FileSignature.PDF:
        return Message("a PDF file"), _NOT_TABLE
    if kind is FileSignature.RTF:
        return Message("an RTF document"), _NOT_TABLE
    return Message("an image ({kind})", kind=kind.name), _NOT_TABLE


def sniff(head: bytes, file: str, *, path: Path | None = None) -> FileKind:
    """The kind of a file from its first bytes (and, for a zip archive, its entries).

    A file that is not a workbook must not have a workbook's suffix: an HTML page saved
    as ``.xls`` (as some systems export "Excel") is an error, not read as text.
    """
    suffix = Path(file).suffix.lower()
    kind = file_signature(head)
    if kind is FileSignature.CFB:
        if path is not None:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise _fail(Message("{file}: cannot read the file ({strerror})", file=file,
                                    strerror=os_reason(exc))) from None
            if "EncryptedPackage".encode("utf-16-le") in data:
                return FileKind.ENCRYPTED
        return FileKind.XLS
    if kind is FileSignature.ZIP:
        if path is None:
            return FileKind.XLSX
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
                if "mimetype" in names:
                    mimetype = z.read("mimetype")[:100]
                    if b"opendocument" in mimetype:
                        return FileKind.ODS
                if "xl/workbook.bin" in names:
                    return FileKind.XLSB
                if "xl/workbook.xml" not in names:
                    raise _fail(Message("{file}: a zip archive, but not an Excel workbook (it "
                                        "has no xl/workbook.xml)", file=file))
        except ChildProtectError:
            raise
        except Exception:
            raise _fail(Message("{file}: the workbook is damaged (not a readable zip archive); "
                                "{save_as} again", file=file, save_as=_SAVE_AS)) from None
        return FileKind.XLSX
    if suffix in _WORKBOOK_SUFFIXES:
        what = Message("an HTML page") if head.lstrip()[:1] == b"<" else Message(
            "not a workbook")
        raise _fail(str(Message("{file}: has the suffix {suffix} but its content is {what} "
                                "(some systems export text under that name); {save}",
                                file=file, suffix=suffix, what=what, save=_SAVE_AS)))
    return FileKind.CSV


def refuse(kind: FileKind, file: str) -> InvalidTable:
    """The error for a kind of file that is not read."""
    if kind is FileKind.XLS:
        what = Message("an Excel 97–2003 workbook (.xls)")
    elif kind is FileKind.ODS:
        what = Message("an OpenDocument spreadsheet (.ods)")
    elif kind is FileKind.XLSB:
        what = Message("an Excel binary workbook (.xlsb)")
    else:
        return _fail(str(Message(
            "{file}: the workbook is protected by a password to open; remove the password "
            "(File → Info → Protect Workbook → Encrypt with Password, empty) and save it "
            "again as .xlsx", file=file)))
    return _fail(str(Message("{file}: {what}; {save} (formulas, error values and merged "
                             "cells can only be checked in .xlsx)", file=file, what=what,
                             save=_SAVE_AS)))


# --- CSV ---------------------------------------------------------------------------------

_CP1258_TEXT = vietnamese_text()


def _line_of(text_before: str) -> int:
    return text_before.count("\n") + 1


def decode(raw: bytes, file: str) -> tuple[str, str]:
    """The text of a CSV file (NFC) and the name of its encoding.

    UTF-8 (with or without a byte-order mark) and UTF-16 (with one) are recognised by
    their bytes; text that is not UTF-8 is read as Windows-1258 when every character it
    gives is one Vietnamese text uses. Anything else is an error naming the encoding
    problem and the line.

    >>> decode(b"\\xef\\xbb\\xbfunit\\n", "a.csv")
    ('unit\\n', 'UTF-8 with BOM')
    >>> decode("Hu\\u1ebf".encode("utf-16"), "a.csv")[0]
    'Huế'
    """
    signed = _signed(raw)
    if signed is not None:  # a document or a workbook given a .csv name
        raise _fail(str(Message("{file}: {what}, not CSV text: {todo}", file=file,
                                what=signed[0], todo=signed[1])))
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise _fail(str(Message("{file}: the file is in UTF-32, which is not read; save it as "
                                "CSV UTF-8", file=file)))
    boms = ((codecs.BOM_UTF8, "utf-8", "UTF-8 with BOM"), (codecs.BOM_UTF16_LE, "utf-16-le",
            "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"))
    for bom, codec, name in boms:
        if raw.startswith(bom):
            body = raw[len(bom):]
            try:
                text = body.decode(codec)
            except UnicodeDecodeError as exc:
                before = body[: exc.start].decode(codec, errors="replace")
                raise _fail(str(Message(
                    "{file} line {line}: bytes that are not {encoding} although the file "
                    "starts with the {encoding} byte-order mark (the file is damaged or was "
                    "joined from files in different encodings)", file=file,
                    line=_line_of(before), encoding=name.split()[0]))) from None
            return _checked(nfc(text), file), name
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        nuls = raw[:4096].count(b"\x00")
        if nuls * 4 >= min(len(raw), 4096):
            raise _fail(str(Message("{file}: the text looks like UTF-16 without a byte-order "
                                    "mark; save it as CSV UTF-8", file=file)))
        before = raw[:at].decode("utf-8", errors="replace")
        raise _fail(str(Message("{file} line {line}: a NUL byte (the file is binary, not CSV "
                                "text)", file=file, line=_line_of(before))))
    try:
        return _checked(nfc(raw.decode("utf-8")), file), "UTF-8"
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    before = raw[:bad_at].decode("utf-8", errors="replace")
    line = _line_of(before)
    try:
        text = nfc(raw.decode("cp1258"))
    except UnicodeDecodeError as exc:
        bline = _line_of(raw[: exc.start].decode("cp1258", errors="replace"))
        raise _fail(str(Message(
            "{file} line {line}: bytes that are not UTF-8, and line {other} has a byte that is "
            "not Windows-1258 either; save the file from Excel as CSV UTF-8", file=file,
            line=line, other=bline))) from None
    for n, text_line in enumerate(text.split("\n"), start=1):
        odd = next((c for c in text_line if c >= "\x80" and c not in _CP1258_TEXT), None)
        if odd is not None:
            raise _fail(str(Message(
                "{file} line {line}: bytes that are not UTF-8; read as Windows-1258 (the "
                "Vietnamese Windows encoding), line {n} has {char} ({code}), which Vietnamese "
                "text does not use: the file may be in TCVN3 (ABC) or VNI; save it from Excel "
                "as CSV UTF-8", file=file, line=line, n=n, char=repr(odd),
                code=f"U+{ord(odd):04X}")))
    return _checked(text, file), "Windows-1258"


def _checked(text: str, file: str) -> str:
    if "\x00" in text:
        at = text.index("\x00")
        raise _fail(str(Message("{file} line {line}: a NUL character (the file is binary, "
                                "not CSV text)", file=file, line=_line_of(text[:at]))))
    return text


_DELIMITERS = (",", ";", "\t")


def _cells(row: list[str]) -> set[str]:
    return {nfc(c.strip()) for c in row}


def _delimiter(text: str, keys: Sequence[str]) -> str:
    """The delimiter whose split of one of the first lines names every key column
    (Excel writes ``;`` where the comma is the decimal mark, and tabs in "Unicode Text");
    a comma when none does (the header check then reports the missing column)."""
    head = "\n".join(text.split("\n", HEADER_SCAN)[:HEADER_SCAN])
    want = set(keys)
    for d in _DELIMITERS:
        try:
            for row in csv.reader(io.StringIO(head, newline=""), delimiter=d):
                if want <= _cells(row):
                    return d
        except csv.Error:
            continue
    return ","


def read_csv_sheet(raw: bytes, file: str, keys: Sequence[str]) -> RawSheet:
    """The rows of CSV bytes, numbered by the line each record starts on."""
    text, encoding = decode(raw, file)
    delimiter = _delimiter(text, keys)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, Sequence[object]]] = []
    start = 1
    try:
        for row in reader:
            if row:
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        from childprotect.text.csvtext import csv_failure

        raise _fail(str(csv_failure(exc, file, start))) from None
    return RawSheet(file, None, rows, encoding=encoding)


# --- workbooks ---------------------------------------------------------------------------

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


@attrs.frozen
class _SheetEntry:
    name: str
    part: str  # the path of its XML inside the archive
    state: str  # visible, hidden, veryHidden


def _sheet_entries(z: zipfile.ZipFile) -> list[_SheetEntry]:
    """The worksheets of a workbook, in order, with the archive path of each."""
    wb = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for rel in rels.iter(f"{{{_NS_PKG}}}Relationship"):
        if rel.get("Type", "").endswith("/worksheet"):
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            targets[rel.get("Id")] = re.sub(r"[^/]+/\.\./", "", part)
    out = []
    for sheet in wb.iter(f"{{{_NS_MAIN}}}sheet"):
        rid = sheet.get(f"{{{_NS_REL}}}id")
        if rid in targets:
            out.append(_SheetEntry(sheet.get("name", ""), targets[rid],
                                   sheet.get("state", "visible")))
    return out


_MERGE = re.compile(rb"<(?:[\w.-]+:)?mergeCell\s+ref\s*=\s*[\"']([A-Za-z]+)([0-9]+)"
                    rb"(?::([A-Za-z]+)([0-9]+))?[\"']")
# Byte strings of which one is in the XML of any sheet holding a formula (``<f>``, with or
# without a namespace prefix) or an error cell (``t="e"``); searched for as plain bytes,
# which takes milliseconds where a regular expression takes a large part of a second.
_FORMULA_OR_ERROR = (b"<f>", b"<f ", b"<f/", b"<f\n", b"<f\r", b"<f\t", b":f>", b":f ", b":f/",
                     b":f\n", b":f\r", b":f\t", b't="e"', b"t='e'")
_CELL_REF = re.compile(r"([A-Za-z]+)([0-9]+)")


def _scan(xml: bytes) -> tuple[dict[tuple[int, int], str], tuple[tuple[int, int, int, int], ...]]:
    """Cells whose value cannot be trusted, and merged ranges, from a sheet's XML.

    A formula cell without a cached value (``<v>`` absent, or empty for a number) has a
    value only Excel can compute; an error cell (``t="e"``) holds ``#DIV/0!`` and the
    like, which a reader may show as blank. Both are found here so that every engine
    reports them by cell.
    """
    merged = tuple(
        (int(m[2]), column_number(m[1].decode()), int(m[4] or m[2]),
         column_number((m[3] or m[1]).decode()))
        for m in _MERGE.finditer(xml)) if b"mergeCell" in xml else ()
    bad: dict[tuple[int, int], str] = {}
    if not any(marker in xml for marker in _FORMULA_OR_ERROR):
        return bad, merged
    row_no = 0
    col_no = 0
    for _event, el in ElementTree.iterparse(io.BytesIO(xml), events=("start", "end")):
        tag = el.tag.rpartition("}")[2]
        if _event == "start":
            if tag == "row":
                r = el.get("r")
                row_no = int(r) if r and r.isdigit() else row_no + 1
                col_no = 0
            continue
        if tag == "c":
            ref = el.get("r")
            m = _CELL_REF.fullmatch(ref) if ref else None
            if m is not None:
                col_no, row_no = column_number(m[1]), int(m[2])
            else:
                col_no += 1
            t = el.get("t", "n")
            f = v = None
            for child in el:
                name = child.tag.rpartition("}")[2]
                if name == "f":
                    f = child
                elif name == "v":
                    v = child
            if t == "e":
                code = (v.text or "").strip() if v is not None else ""
                shown = code if code in EXCEL_ERRORS else "an error value"
                bad[row_no, col_no] = f"holds {shown} (a formula that failed)"
            elif f is not None and (v is None or (not v.text and t not in ("str", "s",
                                                                              "inlineStr"))):
                bad[row_no, col_no] = Message("holds a formula without a computed value (open "
                                              "the file in Excel, let it calculate, and save "
                                              "it)").text()
            el.clear()
        elif tag == "row":
            el.clear()
    return bad, merged


_Reader = tuple[Callable[[str], list[tuple[int, list[Any]]]], Callable[[], None]]


def _rows_calamine(path: Path) -> _Reader:
    import python_calamine

    wb = python_calamine.CalamineWorkbook.from_path(str(path))

    def rows(name: str) -> list[tuple[int, list[Any]]]:
        data = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        out = []
        for i, row in enumerate(data, start=1):
            blanks = row.count("")
            if blanks == len(row):
                continue
            out.append((i, [None if v == "" else v for v in row] if blanks else row))
        return out

    return rows, wb.close


#: Excel's escape of a character in a text (``_x000D_`` a carriage return, ``_x005F_`` an
#: underscore that starts such a sequence: ECMA-376 Part 1, 22.9.2.19 ST_Xstring).
_XSTRING = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _rows_openpyxl(path: Path) -> _Reader:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    # openpyxl leaves the escapes of texts written in their cells (a workbook without a
    # table of shared texts, as the library's own) as they are: they are undone here
    with zipfile.ZipFile(path) as zf:
        inline = not any(n.lower().endswith("sharedstrings.xml") for n in zf.namelist())

    def undone(v: Any) -> Any:
        if not isinstance(v, str) or "_x" not in v:
            return v
        text = _XSTRING.sub(lambda m: chr(int(m[1], 16)), v)
        try:  # (a character beyond U+FFFF is escaped as its two UTF-16 halves)
            return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        except UnicodeDecodeError:  # (a half alone: left as written, as calamine leaves it)
            return v

    def rows(name: str) -> list[tuple[int, list[Any]]]:
        ws = wb[name]
        ws.reset_dimensions()  # a wrong <dimension> would cut rows off
        out = []
        for i, row in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), start=1):
            if any(v is not None for v in row):
                out.append((i, [undone(v) for v in row] if inline else list(row)))
        return out

    return rows, wb.close


def _engine(engine: Engine) -> Engine:
    if engine is not Engine.AUTO:
        return engine
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return Engine.OPENPYXL
    return Engine.CALAMINE


def _missing_engine(engine: Engine) -> InvalidTable:
    package = "python-calamine" if engine is Engine.CALAMINE else "openpyxl"
    return _fail(str(Message("reading .xlsx needs {package}: pip install "
                             "'childprotect[xlsx]'", package=package)))


def read_workbook_sheets(path: Path, file: str, sheet: str | None = None,
                         engine: Engine = Engine.AUTO) -> list[RawSheet]:
    """Every worksheet of an ``.xlsx`` workbook, or the one named ``sheet``."""
    eng = _engine(engine)
    try:
        with zipfile.ZipFile(path) as z:
            entries = _sheet_entries(z)
            if sheet is not None:
                entries = [e for e in entries if e.name == sheet] or entries
            size = sum(z.getinfo(e.part).file_size for e in entries)
            if size > MAX_SHEET_BYTES:
                raise _fail(Message("{file}: its sheets hold {value} MiB of data once unpacked, "
                                    "more than the {value2} MiB read; split the workbook",
                                    file=file, value=size // 2**20,
                                    value2=MAX_SHEET_BYTES // 2**20))
            xml = {e.name: z.read(e.part) for e in entries}
            styles = z.read("xl/styles.xml") if "xl/styles.xml" in z.namelist() else b""
    except ChildProtectError:
        raise
    except Exception:
        raise _fail(Message("{file}: the workbook is damaged (its list of sheets cannot be "
                            "read); {save_as} again", file=file, save_as=_SAVE_AS)) from None
    if not entries:
        raise _fail(Message("{file}: the workbook has no worksheet", file=file))
    try:
        percent = percent_styles(styles) if styles else frozenset()
    except (ElementTree.ParseError, ValueError):
        raise _fail(Message("{file}: the workbook is damaged (the number formats of its cells "
                            "cannot be read); open it in Excel and save it again",
                            file=file)) from None
    if sheet is not None and entries[0].name != sheet:
        known = ", ".join(repr(e.name) for e in entries)
        raise _fail(Message("{file}: no sheet named {sheet}; the workbook has {known}", file=file,
                            sheet=repr(sheet), known=known))
    out = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader, close = (_rows_calamine if eng is Engine.CALAMINE else _rows_openpyxl)(path)
            try:
                for e in entries:
                    rows = reader(e.name)
                    bad, merged = _scan(xml[e.name])
                    out.append(RawSheet(file, e.name, rows, bad, merged,
                                        percent=percent_cells(xml[e.name], percent)))
            finally:
                close()
    except ChildProtectError:
        raise
    except ImportError:
        raise _missing_engine(eng) from None
    except Exception:
        raise _fail(Message("{file}: the workbook is damaged (its cells cannot be read); "
                            "{save_as} again", file=file, save_as=_SAVE_AS)) from None
    except BaseException as exc:  # a panic in a compiled reader is a BaseException
        if type(exc).__name__ == "PanicException":
            raise _fail(Message("{file}: the workbook is damaged (its cells cannot be read); "
                                "{save_as} again", file=file, save_as=_SAVE_AS)) from None
        raise
    return out

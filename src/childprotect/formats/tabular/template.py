"""The data-entry workbook a province sends to its communes.

:func:`write_template` writes one data sheet (*Số liệu*) with one row per unit, its code
and name locked, and one column per measure, and an instructions sheet (*Hướng dẫn*)
saying in Vietnamese what each measure counts and where that comes from. The sheet is
laid out as :func:`~childprotect.formats.tabular.reading.read_table` reads it back::

    row 1  the title
    row 2  the period and how to fill the sheet
    row 3  the Vietnamese heading of each column, with its unit
    row 4  the machine code of each column (unit, name, period, then the measures)
    row 5… one row per unit

The row of codes stays visible (grey, small): a hidden row is lost when a sheet is
copied into a new workbook or when rows are unhidden and sorted, and it is what lets a
sheet be read back whatever rows an officer adds above it; it is locked like the codes
and names. Data cells accept whole numbers ≥ 0 or a blank (data validation); cells
holding anything else are shaded orange, and a part larger than its whole is shaded red
(conditional formatting), since pasted values bypass validation. The sheet protection
has no password: it prevents accidental edits, which is all Excel's sheet protection can
do.

>>> import tempfile, pathlib
>>> from childprotect.formats.tabular.reading import read_table
>>> out = pathlib.Path(tempfile.mkdtemp()) / "mau.csv"
>>> m = [MeasureSpec("children", "Số trẻ em", "Children", "người", "Trẻ em dưới 16 tuổi",
...                  "Luật Trẻ em 2016, Điều 1")]
>>> _ = write_template(out, [("29971", "Xã A")], m, title_vi="Biểu số liệu", period="2025",
...                    format="csv")
>>> t = read_table(out, key=("unit", "period"))
>>> [(r["unit"], r["name"], r["period"], r["children"]) for r in t]
[('29971', 'Xã A', '2025', None)]
"""

from __future__ import annotations

import csv
import enum
import io
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from childprotect.data.unicode import nfc
from childprotect.errors import ValidationError
from childprotect.formats.tabular.cells import column_letter
from childprotect.i18n import Message
from childprotect.i18n.oserrors import os_reason
from childprotect.text.validators import non_empty_text

__all__ = ["CODE_ROW", "FIRST_DATA_ROW", "Format", "MeasureSpec", "write_template"]

#: The reserved column codes of a template (the unit's code and name, the period).
UNIT, NAME, PERIOD = "unit", "name", "period"
#: The row of the machine codes and the first row of data in the data sheet.
CODE_ROW, FIRST_DATA_ROW = 4, 5
DATA_SHEET, HELP_SHEET = "Số liệu", "Hướng dẫn"
#: The names of the cell styles of the locked cells and of the data cells.
_LOCKED, _DATA = "Ô đã khóa", "Ô nhập số liệu"

#: A measure code: a name, and a plan's disaggregation in brackets (``children[0-4,rural]``,
#: as :func:`childprotect.plans.measures.measure_column` writes it).
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*(?:\[[A-Za-z0-9_.\-]+(?:,[A-Za-z0-9_.\-]+)*\])?")


def _nfc(text: str) -> str:
    return nfc(text) if isinstance(text, str) else text


def _machine_code(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _CODE.fullmatch(value):
        raise ValidationError(Message("{field}: a measure code is a letter followed by letters, "
                                      "digits, '_', '.' or '-', then optionally options in "
                                      "brackets ([0-4,rural]), got {value}", field=attribute.name,
                                      value=repr(value)))
    if value in (UNIT, NAME, PERIOD):
        raise ValidationError(Message("{field}: {value} is a reserved column code",
                                      field=attribute.name, value=repr(value)))


def _codes(_inst: object, attribute: attrs.Attribute[tuple[str, ...]],
           value: tuple[str, ...]) -> None:
    for v in value:
        if not isinstance(v, str) or not _CODE.fullmatch(v):
            raise ValidationError(Message("{field}: {v} is not a measure code",
                                          field=attribute.name, v=repr(v)))


def _tuple_of_codes(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


class Format(enum.Enum):
    """The file a template is written as."""

    XLSX = "xlsx"
    CSV = "csv"  # UTF-8 with a byte-order mark, so that Excel reads the Vietnamese right


@attrs.frozen
class MeasureSpec:
    """One column of a template: what it counts and where that is defined.

    ``source`` is the legal or plan text the measure comes from (document, article);
    ``relations`` the codes of the measures this one is part of (its value is at most
    each of theirs).

    >>> MeasureSpec("orphans", "Trẻ em mồ côi", "Orphans", "người", relations=("special",)
    ...             ).relations
    ('special',)
    """

    code: str = attrs.field(validator=_machine_code)
    label_vi: str = attrs.field(converter=_nfc, validator=non_empty_text)
    label_en: str = attrs.field(validator=non_empty_text)
    unit_vi: str = attrs.field(converter=_nfc, validator=non_empty_text)
    description_vi: str = attrs.field(default="", converter=_nfc)
    source: str = attrs.field(default="", converter=_nfc)
    relations: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_codes,
                                             validator=_codes)


def _check(units: Sequence[tuple[str, str]], measures: Sequence[MeasureSpec]
           ) -> tuple[list[tuple[str, str]], list[MeasureSpec]]:
    us: list[tuple[str, str]] = []
    seen: set[str] = set()
    for i, u in enumerate(units):
        if not (isinstance(u, tuple | list) and len(u) == 2 and all(isinstance(x, str) for x in u)):
            raise ValidationError(Message("units[{i}]: expected (code, name_vi), got {kind}", i=i,
                                          kind=type(u).__name__))
        code, name = u[0].strip(), _nfc(u[1]).strip()
        if not code or not name:
            raise ValidationError(Message("units[{i}]: the code and the name must not be blank",
                                          i=i))
        if code in seen:
            raise ValidationError(Message("units[{i}]: unit code {code} is listed twice", i=i,
                                          code=repr(code)))
        seen.add(code)
        us.append((code, name))
    if not us:
        raise ValidationError(Message("a template needs at least one unit"))
    ms = list(measures)
    if not ms:
        raise ValidationError(Message("a template needs at least one measure"))
    codes = [m.code for m in ms]
    dup = sorted({c for c in codes if codes.count(c) > 1})
    if dup:
        raise ValidationError(Message("measure codes listed twice: {dup}", dup=dup))
    for m in ms:
        for w in m.relations:
            if w not in codes or w == m.code:
                raise ValidationError(Message("measure {code}: its whole {w} is not another "
                                              "measure of the template", code=repr(m.code),
                                              w=repr(w)))
    return us, ms


def _heading(m: MeasureSpec) -> str:
    return f"{m.label_vi} ({m.unit_vi})"


def write_template(
    path: str | os.PathLike[str],
    units: Sequence[tuple[str, str]],
    measures: Sequence[MeasureSpec],
    *,
    title_vi: str,
    period: str | None = None,
    subtitle_vi: str = "",
    format: Format | str = Format.XLSX,
) -> Path:
    """Write the data-entry template for ``units`` (code, Vietnamese name) and
    ``measures`` to ``path``; return the path.

    ``period`` (a year such as ``"2025"``) adds a locked *Kỳ báo cáo* column holding it on
    every row, so that the filled file is rollup input as it is. ``format="csv"`` writes
    the same columns (Vietnamese headings, then codes, then one row per unit) as CSV in
    UTF-8 with a byte-order mark.
    """
    fmt = Format(format)
    us, ms = _check(units, measures)
    title = _nfc(title_vi).strip()
    if not title:
        raise ValidationError(Message("title_vi: must be a non-empty text"))
    if period is not None and not str(period).strip():
        raise ValidationError(Message("period: must be a non-empty text when given"))
    out = Path(path)
    fixed = [(UNIT, "Mã đơn vị"), (NAME, "Tên đơn vị")]
    if period is not None:
        fixed.append((PERIOD, "Kỳ báo cáo"))
    if fmt is Format.CSV:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow([h for _, h in fixed] + [_heading(m) for m in ms])
        w.writerow([c for c, _ in fixed] + [m.code for m in ms])
        tail = [""] * len(ms)
        for code, name in us:
            w.writerow([code, name] + ([str(period)] if period is not None else []) + tail)
        _write_bytes(out, buf.getvalue().encode("utf-8-sig"))
        return out
    _write_xlsx(out, us, ms, fixed, title, None if period is None else str(period),
                _nfc(subtitle_vi).strip())
    return out


def _text_cell(ws: Any, row: int, column: int, value: str) -> Any:
    """A cell holding ``value`` as text: openpyxl would make a formula of "=…"."""
    c = ws.cell(row, column, value or None)
    if value and value.startswith("="):
        c.data_type = "s"
    return c


def _write_bytes(out: Path, data: bytes) -> None:
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise ValidationError(Message("cannot write {out}: {strerror}", out=out,
                                      strerror=os_reason(exc))) from None


_HELP_LINES = (
    "Chỉ nhập số liệu vào các ô màu trắng. Các cột Mã đơn vị, Tên đơn vị, Kỳ báo cáo, dòng "
    "tiêu đề và dòng mã cột đã được khóa.",
    "Mỗi ô là một số nguyên không âm (0, 1, 2, …). Không nhập chữ, ghi chú, số thập phân "
    "hoặc số âm vào ô số liệu; nếu cần phân cách hàng nghìn, dùng dấu chấm (1.234).",
    "Để trống ô khi chưa có số liệu. Ô để trống khác với số 0: số 0 nghĩa là đã thống kê và "
    "không có trường hợp nào.",
    "Không thêm, xóa, đổi tên hay đổi thứ tự cột; không sửa dòng mã cột (dòng 4); không gộp "
    "ô; không thêm dòng tổng cộng (tổng được tính tự động).",
    "Ô tô màu cam: giá trị không phải số nguyên không âm. Ô tô màu đỏ: số liệu lớn hơn chỉ "
    "tiêu mà nó là một phần (xem cột Quan hệ ở bảng dưới).",
    "Lưu tệp dưới dạng Sổ làm việc Excel (.xlsx). Nếu phải lưu CSV, chọn “CSV UTF-8”.",
)


def _write_xlsx(out: Path, units: list[tuple[str, str]], measures: list[MeasureSpec],
                fixed: list[tuple[str, str]], title: str, period: str | None,
                subtitle: str) -> None:
    try:
        import openpyxl
        from openpyxl.formatting.rule import FormulaRule
        from openpyxl.styles import (
            Alignment,
            Border,
            Font,
            NamedStyle,
            PatternFill,
            Protection,
            Side,
        )
        from openpyxl.worksheet.datavalidation import DataValidation
    except ImportError:
        raise ValidationError(Message("writing .xlsx needs openpyxl: pip install "
                                      "'childprotect[xlsx]'")) from None
    wb = openpyxl.Workbook()
    ws: Any = wb.active
    ws.title = DATA_SHEET
    wb.properties.title = title
    wb.properties.creator = "childprotect"
    ncols = len(fixed) + len(measures)
    last = column_letter(ncols)
    first_m = len(fixed) + 1
    last_row = FIRST_DATA_ROW + len(units) - 1
    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    locked_fill = PatternFill("solid", fgColor="EDEDED")
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")

    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(f"A1:{last}1")
    info = [f"Kỳ báo cáo: {period}." if period is not None else "",
            "Nhập số liệu vào các ô màu trắng; xem hướng dẫn ở trang tính “Hướng dẫn”.",
            subtitle]
    ws["A2"] = " ".join(p for p in info if p)
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[2].height = 32
    headings = [h for _, h in fixed] + [_heading(m) for m in measures]
    codes = [c for c, _ in fixed] + [m.code for m in measures]
    for j, (h, c) in enumerate(zip(headings, codes, strict=True), start=1):
        hc = ws.cell(3, j, h)
        hc.font, hc.fill, hc.alignment, hc.border = Font(bold=True), head_fill, wrap, border
        cc = ws.cell(CODE_ROW, j, c)
        cc.font = Font(italic=True, size=8, color="808080")
        cc.alignment, cc.border = Alignment(horizontal="center"), border
    ws.row_dimensions[3].height = 75
    # One named style per kind of cell, set by name: styling cell by cell costs seconds
    # for a nation's communes. Codes and names are text even when they look like numbers;
    # data cells are "General", so that a fraction typed by mistake shows as it is.
    normal = Font(name="Calibri", size=11)  # the font of the workbook's Normal style
    wb.add_named_style(NamedStyle(_LOCKED, font=normal, fill=locked_fill, border=border,
                                  number_format="@"))
    wb.add_named_style(NamedStyle(_DATA, font=normal, border=border,
                                  protection=Protection(locked=False)))
    for i, (code, name) in enumerate(units):
        r = FIRST_DATA_ROW + i
        values = [code, name] + ([period] if period is not None else [])
        for j, v in enumerate(values, start=1):
            _text_cell(ws, r, j, v).style = _LOCKED
        for j in range(first_m, ncols + 1):
            ws.cell(r, j).style = _DATA
    data = f"{column_letter(first_m)}{FIRST_DATA_ROW}:{last}{last_row}"
    dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                        allow_blank=True, showErrorMessage=True,
                        errorTitle="Giá trị không hợp lệ",
                        error="Nhập một số nguyên không âm (0, 1, 2, …) hoặc để trống ô.")
    dv.add(data)
    ws.add_data_validation(dv)
    tl = f"{column_letter(first_m)}{FIRST_DATA_ROW}"
    ws.conditional_formatting.add(data, FormulaRule(
        formula=[f'IF({tl}="",FALSE,IF(ISNUMBER({tl}),OR({tl}<0,{tl}<>INT({tl})),TRUE))'],
        fill=PatternFill("solid", fgColor="F8CBAD", bgColor="F8CBAD")))
    col_of = {m.code: column_letter(first_m + k) for k, m in enumerate(measures)}
    for m in measures:
        p = col_of[m.code]
        for whole in m.relations:
            w = col_of[whole]
            ws.conditional_formatting.add(
                f"{p}{FIRST_DATA_ROW}:{p}{last_row}",
                FormulaRule(formula=[f"AND(ISNUMBER({p}{FIRST_DATA_ROW}),ISNUMBER({w}"
                                     f"{FIRST_DATA_ROW}),{p}{FIRST_DATA_ROW}>{w}"
                                     f"{FIRST_DATA_ROW})"],
                            fill=PatternFill("solid", fgColor="FF7C80", bgColor="FF7C80")))
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = max(24, min(45, max(len(n) for _, n in units) + 2))
    if period is not None:
        ws.column_dimensions["C"].width = 11
    for j in range(first_m, ncols + 1):
        ws.column_dimensions[column_letter(j)].width = 16
    ws.freeze_panes = f"{column_letter(first_m)}{FIRST_DATA_ROW}"
    ws.print_title_rows = f"3:{CODE_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widths may be changed
    ws.protection.formatRows = False

    _write_help(wb.create_sheet(HELP_SHEET), measures, title, period, Font, Alignment,
                PatternFill, border)
    try:
        wb.save(out)
    except OSError as exc:
        raise ValidationError(Message("cannot write {out}: {strerror}", out=out,
                                      strerror=os_reason(exc))) from None


def _write_help(hs: Any, measures: list[MeasureSpec], title: str, period: str | None,
                font: Any, alignment: Any, fill: Any, border: Any) -> None:
    label = {m.code: m.label_vi for m in measures}
    hs["A1"] = "Hướng dẫn nhập số liệu"
    hs["A1"].font = font(bold=True, size=14)
    hs["A2"] = title + (f" — kỳ báo cáo {period}" if period is not None else "")
    widths = (16, 30, 24, 12, 45, 35, 30)
    row = 4
    for n, text in enumerate(_HELP_LINES, start=1):
        hs.cell(row, 1, f"{n}.").alignment = alignment(horizontal="right", vertical="top")
        c = hs.cell(row, 2, text)
        c.alignment = alignment(wrap_text=True, vertical="top")
        hs.merge_cells(start_row=row, start_column=2, end_row=row, end_column=7)
        hs.row_dimensions[row].height = _height([text], [sum(widths[1:])])
        row += 1
    row += 1
    hs.cell(row, 1, "Các chỉ tiêu").font = font(bold=True, size=12)
    row += 1
    heads = ("Mã cột", "Chỉ tiêu", "Tên tiếng Anh", "Đơn vị tính", "Nội dung (đếm những gì)",
             "Nguồn", "Quan hệ")
    for j, h in enumerate(heads, start=1):
        c = hs.cell(row, j, h)
        c.font, c.fill, c.border = font(bold=True), fill("solid", fgColor="DDEBF7"), border
        c.alignment = alignment(wrap_text=True, vertical="center")
    for m in measures:
        row += 1
        rel = "; ".join(f"không lớn hơn “{label[w]}” ({w})" for w in m.relations)
        values = (m.code, m.label_vi, m.label_en, m.unit_vi, m.description_vi, m.source, rel)
        for j, v in enumerate(values, start=1):
            c = _text_cell(hs, row, j, v)
            c.alignment, c.border = alignment(wrap_text=True, vertical="top"), border
        # spreadsheets do not fit the height of a row to wrapped text they did not type
        hs.row_dimensions[row].height = _height(values, widths)
    for col, width in zip("ABCDEFG", widths, strict=True):
        hs.column_dimensions[col].width = width
    hs.page_setup.orientation = "landscape"
    hs.page_setup.paperSize = hs.PAPERSIZE_A4
    hs.page_setup.fitToWidth, hs.page_setup.fitToHeight = 1, 0
    hs.sheet_properties.pageSetUpPr.fitToPage = True
    hs.protection.sheet = True


def _height(texts: Sequence[str], widths: Sequence[int]) -> float:
    """The height (points) of a row whose cells wrap ``texts`` in columns of ``widths``
    characters: 15 points a line, a character taken as one unit of width."""
    lines = max(-(-len(t) // max(1, w - 1)) if t else 1
                for t, w in zip(texts, widths, strict=True))
    return 15.0 * max(1, lines)

"""The reference a result workbook is checked against: the same sheets written through
XlsxWriter's public API, a cell at a time (as the library wrote them before it wrote its
own parts), and a reading of any workbook into what Excel shows of it (each cell's value,
type, number format, font, fill and alignment; the column widths, row heights, frozen
pane, printed titles and page setup), through openpyxl."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from childprotect.formats.tabular.workbook import (
    HIDDEN,
    ColumnKind,
    SheetSpec,
    exact_text,
)
from childprotect.i18n import Message


def reference(path: Path, sheets: list[SheetSpec]) -> Path:
    """``sheets`` written by XlsxWriter, as the library's layout says."""
    import pytest

    xlsxwriter = pytest.importorskip("xlsxwriter", reason="the reference workbook is written "
                                     "by XlsxWriter (the test extra installs it)")

    from childprotect.data.unicode import nfc

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                         "strings_to_formulas": False,
                                         "strings_to_urls": False})
    made: dict[tuple[tuple[str, object], ...], Any] = {}

    def fmt(**props: object) -> Any:
        if not props:
            return None
        key = tuple(sorted(props.items()))
        if key not in made:
            made[key] = wb.add_format(props)
        return made[key]

    for sheet in sheets:
        ws = wb.add_worksheet(sheet.name)
        cols = [(c, e) for c in sheet.columns for e in ((False, True) if c.exact else (False,))]
        heads = [Message("{header} (exact value)", header=c.header).text(sheet.lang) if e
                 else c.header for c, e in cols]
        styles = {s.key: (s.label, fmt(pattern=1, bg_color="#" + s.colour,
                                        font_color="#" + s.font_colour))
                  for s in sheet.statuses}
        right = fmt(align="right")

        def cell(c: Any, exact: bool, v: object, right: Any = right,
                 styles: dict[str, tuple[str, Any]] = styles) -> tuple[str, object, Any]:
            if v is None:
                return "", None, None
            kind = c.kind
            if kind in (ColumnKind.TEXT, ColumnKind.CODE):
                return "s", nfc(str(v)), fmt(num_format="@") if kind is ColumnKind.CODE \
                    else None
            if v == HIDDEN:
                return "s", HIDDEN, right
            if kind is ColumnKind.INTEGER:
                return "n", v, fmt(num_format="#,##0")
            if kind is ColumnKind.NUMBER:
                if exact:
                    return "s", exact_text(v), right  # type: ignore[arg-type]
                return "n", float(v), fmt(  # type: ignore[arg-type]
                    num_format="General" if c.places is None else
                    "#,##0" + ("." + "0" * c.places if c.places else ""))
            if kind is ColumnKind.STATUS:
                return "s", *styles[str(v)]
            return "d", v, fmt(num_format="dd/mm/yyyy")

        width = [min(18, len(h) + 2) for h in heads]
        body = []
        for i, row in enumerate(sheet.rows, start=1):
            values = [v for c, v in zip(sheet.columns, row, strict=True)
                      for _ in ((0, 1) if c.exact else (0,))]
            line = [cell(c, e, v) for (c, e), v in zip(cols, values, strict=True)]
            if i <= 1000:
                for k, (how, v, _) in enumerate(line):
                    if how:
                        width[k] = max(width[k], len(str(v)) + 2)
            body.append(line)
        final = [c.width if c.width is not None else max(8, min(50, w))
                 for (c, _), w in zip(cols, width, strict=True)]
        for k, w in enumerate(final):
            ws.set_column(k, k, w)
        above = bool(sheet.title) + len(sheet.notes) + bool(sheet.statuses)
        top = above + (1 if above else 0) + 1 + (1 if sheet.codes else 0)
        ws.freeze_panes(top, sheet.frozen_columns)
        ws.repeat_rows(top - (2 if sheet.codes else 1), top - 1)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        r = 0
        if sheet.title:
            ws.write_string(r, 0, sheet.title, fmt(bold=True, font_size=14))
            r += 1
        for note in sheet.notes:
            ws.write_string(r, 0, nfc(note))
            r += 1
        if sheet.statuses:
            ws.write_string(r, 0, Message("Legend:").text(sheet.lang), fmt(bold=True))
            for k, (label, style) in enumerate(styles.values(), start=1):
                ws.write_string(r, k, label, style)
            r += 1
        r += 1 if above else 0
        lines = max(-(-len(h) // max(1, w - 1)) for h, w in zip(heads, final, strict=True))
        ws.set_row(r, 15.0 * lines)
        head = fmt(bold=True, pattern=1, bg_color="#DDEBF7", text_wrap=True, valign="vcenter")
        for k, h in enumerate(heads):
            ws.write_string(r, k, h, head)
        r += 1
        if sheet.codes:
            small = fmt(italic=True, font_size=8, font_color="#808080")
            for k, (c, e) in enumerate(cols):
                ws.write_string(r, k, f"{c.code}.exact" if e else str(c.code), small)
            r += 1
        for line in body:
            for k, (how, v, style) in enumerate(line):
                if how == "s":
                    ws.write_string(r, k, v, style)  # type: ignore[arg-type]
                elif how == "n":
                    ws.write_number(r, k, v, style)  # type: ignore[arg-type]
                elif how == "d":
                    ws.write_datetime(r, k, v, style)  # type: ignore[arg-type]
            r += 1
    wb.close()
    return path


def _colour(c: Any) -> object:
    if c is None or (c.type == "theme" and c.theme == 1):  # (the theme's text colour)
        return None
    return c.rgb[-6:] if c.type == "rgb" else (c.type, c.value)


def shown(path: Path) -> list[tuple[object, ...]]:
    """What Excel shows of the workbook at ``path``, a tuple per sheet and per cell."""
    import openpyxl
    from openpyxl.utils import column_index_from_string

    wb = openpyxl.load_workbook(path)
    out: list[tuple[object, ...]] = [("sheets", tuple(wb.sheetnames))]
    for ws in wb.worksheets:
        ps, fit = ws.page_setup, ws.sheet_properties.pageSetUpPr
        out.append(("sheet", ws.title, ws.freeze_panes, ws.print_title_rows, ps.orientation,
                    str(ps.paperSize), str(ps.fitToHeight), fit.fitToPage if fit else None))
        widths = {}
        for key, d in ws.column_dimensions.items():
            first = d.min or column_index_from_string(key)
            for k in range(first, (d.max or first) + 1):
                widths[k] = d.width
        out.append(("widths", tuple(sorted(widths.items()))))
        out.append(("heights", tuple(sorted((r, d.height) for r, d in
                                            ws.row_dimensions.items() if d.height))))
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and not c.has_style:
                    continue
                f, a = c.font, c.alignment
                fill = (c.fill.patternType, _colour(c.fill.fgColor)) if c.fill.patternType \
                    else None
                out.append((c.coordinate, c.value, c.data_type, c.number_format, bool(f.b),
                            bool(f.i), float(f.sz), _colour(f.color), fill, a.horizontal,
                            a.vertical, bool(a.wrap_text)))
    return out


def same(ours: list[tuple[object, ...]], theirs: list[tuple[object, ...]]) -> list[str]:
    """The differences between two readings (none: the same workbook). A number may differ
    in its 17th digit: XlsxWriter writes 16 significant digits, the library the double."""
    diff = []
    if len(ours) != len(theirs):
        diff.append(f"{len(ours)} items against {len(theirs)}")
    for a, b in zip(ours, theirs, strict=False):
        if len(a) != len(b) or not all(
                math.isclose(x, y, rel_tol=1e-15) if isinstance(x, float) and
                isinstance(y, float) else x == y for x, y in zip(a, b, strict=True)):
            diff.append(f"{a!r} against {b!r}")
    return diff


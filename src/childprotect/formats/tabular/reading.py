"""Tables of per-unit data read from ``.xlsx`` workbooks and CSV files.

:func:`read_table` finds the header row (the row that names every key column: the first
row of a plain sheet, or the row of machine codes under the Vietnamese headers of a
:func:`~childprotect.formats.tabular.template.write_template` workbook), reads every row under
it, converts each cell by the :class:`~childprotect.formats.tabular.cells.Kind` of its column
and reports every problem at once, each named by its cell:

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.csv").write_text("unit,children\\n29971,1.234\\n29956,\\n", "utf-8")
>>> t = read_table(d / "a.csv")
>>> [(r["unit"], r["children"]) for r in t]
[('29971', 1234), ('29956', None)]
>>> str(t.rows[0].ref("children")).endswith("a.csv line 2, column B")
True
>>> _ = (d / "b.csv").write_text("unit,children\\n29971,-4\\n29971,12,5\\n", "utf-8")
>>> read_table(d / "b.csv")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
childprotect.errors.InvalidTable: 2 problems in the data:
  ...b.csv line 2, column B (children): holds a negative number (a count is ≥ 0)
  ...b.csv line 3: 3 cells but the header row (line 1) has 2 (a separator inside an unquoted cell?)
"""

from __future__ import annotations

import bisect
import operator
import os
from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal
from pathlib import Path

import attrs

from childprotect.data.unicode import nfc
from childprotect.errors import InvalidTable, ValidationError
from childprotect.formats.tabular.cells import (
    MAX_EXACT,
    Kind,
    Problem,
    Ref,
    Value,
    column_letter,
    convert,
    count_value,
    quote_sheet,
    strip_stray,
    text_value,
)
from childprotect.formats.tabular.sources import (
    HEADER_SCAN,
    Engine,
    FileKind,
    RawSheet,
    read_csv_sheet,
    read_workbook_sheets,
    refuse,
    sniff,
)
from childprotect.formats.tabular.table import Column, Row, Table, _Layout
from childprotect.i18n import Message
from childprotect.i18n.oserrors import os_reason

__all__ = ["MAX_PROBLEMS", "Validity", "read_table"]

#: A check of the codes of a column: the set of valid codes, or a function that returns
#: why a code is not valid (None when it is).
Validity = Collection[str] | Callable[[str], str | None]

#: At most this many problems are gathered before reading stops.
MAX_PROBLEMS = 1000


# --- reading ------------------------------------------------------------------------------

class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []
        self.more = 0

    def add(self, text: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(text)
        else:
            self.more += 1

    @property
    def full(self) -> bool:
        return len(self.items) >= MAX_PROBLEMS

    def raise_if_any(self) -> None:
        if self.items:
            stopped = Message("… reading stopped after {count} problems",
                              count=MAX_PROBLEMS).text() if self.more else None
            raise InvalidTable(self.items, stopped)


@attrs.frozen
class _Spec:
    declared: tuple[Column, ...]
    key: tuple[str, ...]
    other: Kind | None
    valid: Mapping[str, Validity]
    unique: bool = True

    def kind_of(self, name: str) -> Kind | None:
        for c in self.declared:
            if c.name == name:
                return c.kind
        return self.other


def _spec(columns: Sequence[Column] | None, key: Sequence[str], other: Kind | None,
          valid: Mapping[str, Validity] | None, unique: bool = True) -> _Spec:
    if isinstance(key, str):
        key = (key,)
    if not key:
        raise ValidationError(Message("read_table: key must name at least one column"))
    declared = list(columns) if columns is not None else [Column("name", Kind.TEXT, False)]
    names = [c.name for c in declared]
    if len(set(names)) != len(names):
        raise ValidationError(Message("read_table: columns named twice in {names}", names=names))
    for k in key:
        if k in names:
            c = declared[names.index(k)]
            if c.kind is not Kind.CODE or not c.required:
                raise ValidationError(Message("read_table: key column {k} must be a required "
                                              "Kind.CODE column", k=repr(k)))
    declared = [Column(k, Kind.CODE) for k in key if k not in names] + declared
    unknown = sorted(set(valid or {}) - {c.name for c in declared})
    if unknown:
        raise ValidationError(Message("read_table: valid names columns that are not declared: "
                                      "{unknown}", unknown=unknown))
    return _Spec(tuple(declared), tuple(key), other, dict(valid or {}), unique)


def _as_paths(source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> list[Path]:
    if isinstance(source, str | os.PathLike):
        return [Path(source)]
    paths = [Path(p) for p in source]
    if not paths:
        raise ValidationError(Message("read_table: no file given"))
    return paths


def _raw_sheets(path: Path, sheet: str | None, keys: tuple[str, ...], engine: Engine
                ) -> list[RawSheet]:
    file = str(path)
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise InvalidTable([Message("{file}: cannot read the file ({problem})", file=file,
                                    problem=os_reason(exc)).text()]) from None
    kind = sniff(head, file, path=path)
    if kind is FileKind.CSV:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InvalidTable([Message("{file}: cannot read the file ({problem})", file=file,
                                        problem=os_reason(exc)).text()]) from None
        return [read_csv_sheet(raw, file, keys)]
    if kind is not FileKind.XLSX:
        raise refuse(kind, file)
    return read_workbook_sheets(path, file, sheet, engine)


def _is_blank(v: object) -> bool:
    return v is None or (type(v) is str and not strip_stray(v))


def _line_text(values: Sequence[object]) -> str:
    """The text of a row's cells, joined by a space."""
    return " ".join(t for t in map(text_value, values) if isinstance(t, str))


def _whole_counts(cells: tuple[object, ...]) -> list[int] | None:
    """The counts of a row when each cell is a whole number ≥ 0 written plainly (an int,
    a float without a fraction, ASCII digits); None when any cell needs a closer look."""
    first = type(cells[0])
    if first is str:
        try:
            joined = "".join(cells)  # type: ignore[arg-type]
        except TypeError:  # text mixed with numbers or blanks
            return None
        if joined.isdigit() and joined.isascii() and all(cells) and len(joined) < 4000:
            return list(map(int, cells))  # type: ignore[arg-type]
        return None
    if not set(map(type, cells)) <= {int, float}:
        return None
    try:
        ints = list(map(int, cells))  # type: ignore[arg-type]
    except (ValueError, OverflowError):  # NaN, infinity
        return None
    if ints != list(cells) or min(ints) < 0 or max(ints) >= MAX_EXACT:
        return None
    return ints


def _is_number(v: object) -> bool:
    """A cell holding a number, or text that reads as a count (a note does not)."""
    if isinstance(v, int | float | Decimal) and not isinstance(v, bool):
        return True
    return type(v) is str and type(count_value(v)) is int


def _header_index(raw: RawSheet, keys: tuple[str, ...]) -> int | None:
    """The index in ``raw.rows`` of the first row (of the first rows) naming every key."""
    want = set(keys)
    for i, (number, values) in enumerate(raw.rows):
        if number > HEADER_SCAN:
            break
        if want <= {nfc(strip_stray(str(v))) for v in values
                     if v is not None}:
            return i
    return None


def _choose(sheets: list[RawSheet], keys: tuple[str, ...], file: str, sheet: str | None
            ) -> list[tuple[RawSheet, int]]:
    found = [(s, i) for s in sheets if (i := _header_index(s, keys)) is not None]
    if len(found) == 1:
        return found
    names = ", ".join(repr(k) for k in keys)
    if found:
        which = ", ".join(repr(s.sheet) for s, _ in found)
        raise InvalidTable([str(Message("{file}: several sheets have a header row naming "
                                        "{names} ({which}); give the sheet to read",
                                        file=file, names=names, which=which))])
    if all(not s.rows for s in sheets):
        if sheets[0].sheet is None:
            raise InvalidTable([str(Message("{file}: the file is empty", file=file))])
        which = ", ".join(repr(s.sheet) for s in sheets)
        if len(sheets) == 1:
            raise InvalidTable([str(Message("{file}: the sheet is empty ({which})", file=file,
                                            which=which))])
        raise InvalidTable([str(Message("{file}: every sheet is empty ({which})", file=file,
                                        which=which))])
    where = Message("lines") if sheets[0].sheet is None else Message(
        "rows of {sheets}", sheets=", ".join(repr(s.sheet) for s in sheets))
    if len(keys) > 1:
        raise InvalidTable([str(Message(
            "{file}: no header row naming the columns {names} in the first {count} {where} "
            "(the header row holds the columns' codes; in a template it is the row under the "
            "Vietnamese headings)", file=file, names=names, count=HEADER_SCAN, where=where))])
    raise InvalidTable([str(Message(
        "{file}: no header row naming the column {names} in the first {count} {where} (the "
        "header row holds the columns' codes; in a template it is the row under the "
        "Vietnamese headings)", file=file, names=names, count=HEADER_SCAN, where=where))])


@attrs.frozen
class _Part:
    raw: RawSheet
    header_row: int
    # table column name → 0-based index in the file's rows
    where: dict[str, int]
    inferred: tuple[str, ...]


def _header(raw: RawSheet, hi: int, spec: _Spec, problems: _Problems) -> _Part:
    number, values = raw.rows[hi]
    where: dict[str, int] = {}
    inferred: list[str] = []
    for j, v in enumerate(values):
        if _is_blank(v):
            continue
        name = nfc(strip_stray(str(v)))
        ref = Ref(raw.file, raw.sheet, number, j + 1)
        if name in where:
            first = Ref(raw.file, raw.sheet, number, where[name] + 1)
            problems.add(str(Message("{ref}: the column {name} is named twice ({first} and "
                                     "{second})", ref=str(ref), name=repr(name),
                                     first=first.cell, second=ref.cell)))
            continue
        kind = spec.kind_of(name)
        if kind is None:
            problems.add(str(Message("{ref}: unknown column {name}", ref=str(ref),
                                     name=repr(name))))
            continue
        where[name] = j
        if all(c.name != name for c in spec.declared):
            inferred.append(name)
    header_where = (Message("{file} line {number} (the header row)", file=raw.file,
                            number=number) if raw.sheet is None else
                    Message("{file}: {cells} (the header row)", file=raw.file,
                            cells=f"{quote_sheet(raw.sheet)}!{number}:{number}"))
    for c in spec.declared:
        if c.required and c.name not in where:
            present = ", ".join(repr(n) for n in where) or "—"
            problems.add(str(Message("{where}: no column {name} (it names {present})",
                                     where=header_where, name=repr(c.name),
                                     present=present)))
    return _Part(raw, number, where, tuple(inferred))


def _valid_check(check: Validity, column: str) -> Callable[[str], str | None]:
    if callable(check):
        return check
    codes = check if isinstance(check, set | frozenset | dict) else frozenset(check)
    widths = sorted({len(c) for c in codes if c.isdigit()})
    # (a value is quoted when it is written as the codes are: no longer than the longest,
    # digits when they are all digits, else letters and digits)
    widest = max(map(len, codes), default=0)
    digits = all(c.isascii() and c.isdigit() for c in codes)

    def quotable(code: str) -> bool:
        return 0 < len(code) <= widest and (
            code.isascii() and code.isdigit() if digits else code.isalnum())

    def problem(code: str) -> str | None:
        if code in codes:
            return None
        if code.isdigit():
            padded = [code.zfill(w) for w in widths if w > len(code)]
            near = [p for p in padded if p in codes]
            if near:
                return str(Message(
                    "unknown {column} code {code} (a code typed as a number loses its leading "
                    "zeros: is it {near}? format the column as Text)", column=column,
                    code=repr(code), near=repr(near[0])))
        if not quotable(code):  # (a name, an identity number, typed in the code's cell)
            return str(Message("{column}: a value that is not one of its codes",
                               column=column))
        return str(Message("unknown {column} code {code}", column=column, code=repr(code)))

    return problem


def _quotable(value: Value) -> bool:
    """Whether a key cell may be quoted in a message: a unit code or a period
    (:func:`~childprotect.units.model.shown_code`,
    :func:`~childprotect.text.periods.is_period`), not a name or an identity number."""
    from childprotect.text.periods import is_period
    from childprotect.units.model import shown_code  # (an error's path only)

    text = value if isinstance(value, str) else str(value)
    return isinstance(shown_code(text), str) or is_period(text)


def _read_part(part: _Part, names: tuple[str, ...], kinds: tuple[Kind, ...], spec: _Spec,
               checks: Mapping[str, Callable[[str], str | None]],
               seen: dict[tuple[Value, ...], tuple[str, str | None, int, int]],
               problems: _Problems,
               skipped: list[Ref], numeric: dict[str, list[int]], offset: int,
               shown_pct: dict[str, list[int]]) -> list[Row]:
    """The rows of one part; ``numeric`` gets, by column, the index (from ``offset``) of
    each row whose code cell held a number, ``shown_pct`` of each row whose decimal cell is
    shown as a percentage (a count cell shown so is an error: 1 shows 100 %)."""
    raw = part.raw
    file, sheet, bad, percent = raw.file, raw.sheet, raw.bad, raw.percent
    idx = tuple(part.where.get(n, -1) for n in names)
    layout = _Layout(file, sheet, names, tuple(i + 1 for i in idx),
                     {n: k for k, n in enumerate(names)})
    key_pos = frozenset(names.index(k) for k in spec.key)
    first_key = names.index(spec.key[0])
    number_cols = tuple(idx[k] for k, kind in enumerate(kinds)
                        if kind in (Kind.COUNT, Kind.DECIMAL) and idx[k] >= 0)
    headed = {i for i in idx if i >= 0}
    hi = next(i for i, (n, _) in enumerate(raw.rows) if n == part.header_row)
    header_len = len(raw.rows[hi][1])
    unheaded_reported: set[int] = set()
    convs = [(k, i, kinds[k], k in key_pos) for k, i in enumerate(idx) if i >= 0]
    # counts are read a row at a time when every one is a plain whole number ≥ 0
    count_ks = [k for k, _, kind, _ in convs if kind is Kind.COUNT]
    count_is = [i for _, i, kind, _ in convs if kind is Kind.COUNT]
    others = [c for c in convs if c[2] is not Kind.COUNT]
    get_counts = operator.itemgetter(*count_is) if len(count_is) > 1 else None
    count_slice = (slice(count_ks[0], count_ks[-1] + 1) if count_ks and
                   count_ks == list(range(count_ks[0], count_ks[-1] + 1)) else None)
    key_order = tuple(names.index(k) for k in spec.key)
    get_keys = operator.itemgetter(*key_order) if len(key_order) > 1 else None
    bad_rows = {r for r, _ in bad} | {r for r, _ in percent}
    need = max(headed) + 1 if headed else 0
    check_pos: list[tuple[int, Callable[[str], str | None], dict[Value, str | None]]] = [
        (layout.index[n], check, {}) for n, check in checks.items()]
    rows: list[Row] = []
    data_rows: list[int] = []
    for number, values in raw.rows[hi + 1:]:
        if problems.full:
            problems.more += 1  # (rows left unread: the error says reading stopped)
            break
        width = len(values)
        if sheet is None and width != header_len:
            if not all(map(_is_blank, values)):
                problems.add(Message("{file} line {number}: {width} cells but the header row "
                                     "(line {header_row}) has {header_len} (a separator inside "
                                     "an unquoted cell?)", file=file, number=number, width=width,
                                     header_row=part.header_row, header_len=header_len).text())
            continue
        if width < need:
            values = [*values, *([None] * (need - width))]
        out: list[Value] = [None] * len(names)
        row_problems: list[str] = []
        key_trouble = False
        numbers: list[str] = []  # the code columns of the row whose cells hold numbers
        pct: list[str] = []  # its decimal columns whose cells are shown as percentages
        todo = convs
        if count_is and number not in bad_rows:
            ints = _whole_counts(get_counts(values) if get_counts is not None
                                 else (values[count_is[0]],))
            if ints is not None:
                if count_slice is not None:
                    out[count_slice] = ints
                else:
                    for k, n in zip(count_ks, ints, strict=True):
                        out[k] = n
                todo = others
        for k, i, kind, is_key in todo:
            v = values[i]
            if bad and (number, i + 1) in bad:
                row_problems.append(f"{Ref(file, sheet, number, i + 1)} ({names[k]}): "
                                    f"{bad[number, i + 1]}")
                key_trouble = key_trouble or is_key
                continue
            if v is None:
                continue
            if percent and (number, i + 1) in percent and _is_number(v):
                if kind is Kind.COUNT:
                    row_problems.append(Message(
                        "{ref} ({name}): holds a number formatted as a percentage, not a count "
                        "(1 shows as 100 %): format the cell as a number",
                        ref=str(Ref(file, sheet, number, i + 1)), name=names[k]).text())
                    key_trouble = key_trouble or is_key
                    continue
                if kind is Kind.DECIMAL:
                    pct.append(names[k])
            if kind is Kind.CODE and type(v) is str and v.isalnum() and v.isascii():
                out[k] = v  # the common case: a code of plain letters and digits
                continue
            c = convert(kind, v)
            if type(c) is Problem:
                row_problems.append(f"{Ref(file, sheet, number, i + 1)} ({names[k]}): {c.text}")
                key_trouble = key_trouble or is_key
            else:
                out[k] = c  # type: ignore[assignment]
                if kind is Kind.CODE and type(v) is not str:
                    numbers.append(names[k])
        keys = tuple(out[k] for k in key_order) if get_keys is None else get_keys(out)
        if not key_trouble and keys.count(None) == len(keys):
            if all(map(_is_blank, values)):
                continue
            if any(_is_number(values[i]) for i in number_cols):
                kref = Ref(file, sheet, number, idx[first_key] + 1)
                problems.add(Message("{kref}: the row has numbers but no {names} (a row of "
                                     "totals? totals are computed: delete it)", kref=kref,
                                     names=names[first_key]).text())
            else:
                first = next(j for j, v in enumerate(values) if not _is_blank(v))
                skipped.append(Ref(file, sheet, number, first + 1))
            continue
        for p in row_problems:
            problems.add(p)
        data_rows.append(number)
        for k in key_order:
            if out[k] is None and not key_trouble:
                problems.add(str(Message("{ref} ({name}): the {name} is missing",
                                         ref=str(Ref(file, sheet, number, idx[k] + 1)),
                                         name=names[k])))
                key_trouble = True
        for k, check, memo in check_pos:
            code = out[k]
            if code is None:
                continue
            if code not in memo:
                memo[code] = check(code)  # type: ignore[arg-type]
            why = memo[code]
            if why is not None:
                problems.add(Message("{ref}: {why}", ref=Ref(file, sheet, number, idx[k] + 1),
                                     why=why).text())
        if width > len(headed):
            for j in range(width):
                if j not in headed and j not in unheaded_reported and not _is_blank(values[j]):
                    unheaded_reported.add(j)
                    problems.add(Message("{ref}: a value in column {column_letter}, which has "
                                         "no name in the header row ({header_row})",
                                         ref=Ref(file, sheet, number, j + 1),
                                         column_letter=column_letter(j + 1),
                                         header_row=part.header_row).text())
        if not key_trouble and spec.unique:
            if keys in seen:
                here = Ref(file, sheet, number, idx[first_key] + 1)
                # (a key that could not be a code or a period, a name say, is not quoted)
                what: str | Message = ", ".join(
                    f"{n} {v!r}" for n, v in zip(spec.key, keys, strict=True)) if all(
                    _quotable(v) for v in keys) else Message(
                    "a row of the same {names}", names=", ".join(spec.key))
                problems.add(str(Message("{here}: {what} is also at {there} (a unit appears "
                                         "twice)", here=str(here), what=what,
                                         there=str(Ref(*seen[keys])))))
            else:
                seen[keys] = (file, sheet, number, idx[first_key] + 1)
        for name in numbers:
            numeric.setdefault(name, []).append(offset + len(rows))
        for name in pct:
            shown_pct.setdefault(name, []).append(offset + len(rows))
        rows.append(Row(layout, number, tuple(out)))
    if not data_rows and not problems.items:
        where = file if sheet is None else f"{file}: {quote_sheet(sheet)}"
        problems.add(str(Message("{where}: no data rows under the header row ({row})",
                                 where=where, row=part.header_row)))
    _check_merged(part, sorted([part.header_row, *data_rows]), headed, problems)
    return rows


def _check_merged(part: _Part, rows: list[int], columns: set[int], problems: _Problems) -> None:
    raw = part.raw
    cols = sorted(i + 1 for i in columns)
    for r0, c0, r1, c1 in raw.merged:
        if r1 < part.header_row:
            continue  # a title above the table
        ri = bisect.bisect_left(rows, r0)
        ci = bisect.bisect_left(cols, c0)
        if ri < len(rows) and rows[ri] <= r1 and ci < len(cols) and cols[ci] <= c1:
            rng = f"{column_letter(c0)}{r0}:{column_letter(c1)}{r1}"
            problems.add(Message("{file}: {quote_sheet}!{rng}: merged cells inside the table; "
                                 "unmerge them (Home → Merge & Center) and give each row its "
                                 "own value", file=raw.file,
                                 quote_sheet=quote_sheet(raw.sheet or ''), rng=rng).text())


def read_table(
    source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    columns: Sequence[Column] | None = None,
    *,
    key: Sequence[str] = ("unit",),
    other: Kind | None = Kind.COUNT,
    valid: Mapping[str, Validity] | None = None,
    sheet: str | None = None,
    engine: Engine = Engine.AUTO,
    unique: bool = True,
) -> Table:
    """The table in one file, or in several files merged (one per commune, say).

    - ``source``: a path, or a list of paths; each an ``.xlsx`` workbook or a CSV file
      (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1258; comma, semicolon or tab
      separated), recognised by its content.
    - ``columns``: the columns expected (by their names in the header row); by default a
      free-text ``name`` that files may lack. The ``key`` columns are codes and must be
      in every file; a key that appears twice, in one file or across files, is an error
      naming both places.
    - ``other``: the kind of the columns found but not declared (counts by default), or
      None to make any undeclared column an error.
    - ``valid``: per column, the valid codes (or a function returning why a code is not
      valid); an unknown code is an error naming its cell.
    - ``sheet``: the sheet to read; by default the one sheet whose header row names every
      key column.
    - ``engine``: how ``.xlsx`` cells are read (python-calamine when installed).
    - ``unique``: whether a key may appear only once (False for a long table, such as
      observations by target, whose key columns are required but may repeat).

    Rows with neither a key nor a number (notes, signatures) are left out and listed in
    :attr:`Table.skipped`; blank rows are passed over. Every problem found is reported
    in one :class:`~childprotect.errors.InvalidTable`.
    """
    spec = _spec(columns, key, other, valid, unique)
    paths = _as_paths(source)
    problems = _Problems()
    parts: list[_Part] = []
    encodings: dict[str, str] = {}
    above: dict[str, tuple[str, ...]] = {}
    for path in paths:
        for raw, hi in _choose(_raw_sheets(path, sheet, spec.key, engine), spec.key,
                               str(path), sheet):
            parts.append(_header(raw, hi, spec, problems))
            above[raw.file] = tuple(_line_text(values) for _, values in raw.rows[:hi]
                                    if not all(map(_is_blank, values)))
            if raw.encoding is not None:
                encodings[raw.file] = raw.encoding
    problems.raise_if_any()
    inferred = parts[0].inferred
    for part in parts[1:]:
        if set(part.inferred) != set(inferred):
            lacks = sorted(set(inferred) - set(part.inferred))
            extra = sorted(set(part.inferred) - set(inferred))
            problems.add(Message("{file}: its columns differ from those of {file2} (missing: "
                                 "{lacks}, extra: {extra})", file=part.raw.file,
                                 file2=parts[0].raw.file, lacks=lacks, extra=extra).text())
    problems.raise_if_any()
    present = {n for p in parts for n in p.where}
    cols = tuple(c for c in spec.declared if c.required or c.name in present) + tuple(
        Column(n, spec.other) for n in inferred if spec.other is not None)
    names = tuple(c.name for c in cols)
    kinds = tuple(c.kind for c in cols)
    checks = {n: _valid_check(v, n) for n, v in spec.valid.items()}
    seen: dict[tuple[Value, ...], tuple[str, str | None, int, int]] = {}
    skipped: list[Ref] = []
    rows: list[Row] = []
    numeric: dict[str, list[int]] = {}
    shown_pct: dict[str, list[int]] = {}
    for part in parts:
        rows.extend(_read_part(part, names, kinds, spec, checks, seen, problems, skipped,
                               numeric, len(rows), shown_pct))
    problems.raise_if_any()
    return Table(cols, spec.key, tuple(rows), tuple(str(p) for p in paths), tuple(skipped),
                 encodings, above, {n: tuple(i) for n, i in numeric.items()},
                 {n: tuple(i) for n, i in shown_pct.items()})

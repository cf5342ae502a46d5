"""A table read from workbooks or CSV files: its columns, its rows (each cell with the
place it was read from), and the text found above its header.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from childprotect.errors import ValidationError
from childprotect.formats.tabular.cells import (
    Cell,
    Kind,
    Ref,
    Value,
    quote_sheet,
)
from childprotect.i18n import Message

__all__ = ["Column", "Row", "Table"]


def _name(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise ValidationError(Message("{field}: a column name is a non-empty text without white "
                                      "space around it, got {value}", field=attribute.name,
                                      value=repr(value)))


@attrs.frozen
class Column:
    """A column the table expects: its name in the header row (the machine code), what it
    holds, and whether a file may lack it.

    >>> Column("children").kind
    <Kind.COUNT: 'count'>
    """

    name: str = attrs.field(validator=_name)
    kind: Kind = attrs.field(default=Kind.COUNT, validator=attrs.validators.instance_of(Kind))
    required: bool = True


@attrs.frozen(eq=False)
class _Layout:
    """Where a file's cells are, shared by its rows."""

    file: str
    sheet: str | None
    names: tuple[str, ...]
    positions: tuple[int, ...]  # 1-based column of each name in the file; 0: the file lacks it
    index: Mapping[str, int]


class Row:
    """One row of a table: its values by column name, each with its cell reference.

    The repr names the row's place only (counts are data about children).
    """

    __slots__ = ("_layout", "number", "values")

    def __init__(self, layout: _Layout, number: int, values: tuple[Value, ...]) -> None:
        self._layout = layout
        self.number = number
        self.values = values

    @property
    def file(self) -> str:
        return self._layout.file

    @property
    def sheet(self) -> str | None:
        return self._layout.sheet

    def __getitem__(self, name: str) -> Value:
        return self.values[self._layout.index[name]]

    def get(self, name: str, default: Value = None) -> Value:
        i = self._layout.index.get(name)
        return default if i is None else self.values[i]

    def ref(self, name: str) -> Ref:
        """The reference of this row's cell in column ``name``."""
        col = self._layout.positions[self._layout.index[name]]
        if not col:
            raise KeyError(f"{self.where} has no column {name!r}")
        return Ref(self._layout.file, self._layout.sheet, self.number, col)

    def cell(self, name: str) -> Cell:
        return Cell(name, self[name], self.ref(name))

    def cells(self) -> tuple[Cell, ...]:
        """The cells of every column the file has, in the table's column order."""
        lay = self._layout
        return tuple(Cell(n, v, Ref(lay.file, lay.sheet, self.number, p))
                     for n, v, p in zip(lay.names, self.values, lay.positions, strict=True) if p)

    def as_dict(self) -> dict[str, Value]:
        return dict(zip(self._layout.names, self.values, strict=True))

    @property
    def where(self) -> str:
        """The row as a person finds it: ``data.xlsx: 'Số liệu' row 17``."""
        return _row_text(self._layout.file, self._layout.sheet, self.number)

    def __repr__(self) -> str:
        return f"Row({self.where})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Row):
            return NotImplemented
        return (self.as_dict(), self.file, self.sheet, self.number) == (
            other.as_dict(), other.file, other.sheet, other.number)

    def __hash__(self) -> int:
        return hash((self.file, self.sheet, self.number))


def _row_text(file: str, sheet: str | None, row: int) -> str:
    """Where a row is, in the language in use (``dòng 17`` of a CSV file, ``hàng 17`` of a
    sheet)."""
    if sheet is None:
        return Message("{file} line {line}", file=file, line=row).text()
    return Message("{file}: {sheet} row {row}", file=file, sheet=quote_sheet(sheet),
                   row=row).text()


def _rows_repr(rows: tuple[Row, ...]) -> str:
    return f"<{len(rows)} rows>"


@attrs.frozen
class Table:
    """The rows read from one or several files, with their columns.

    ``skipped`` holds the rows left out because they have neither a key nor any number
    (notes and signatures under a table), each by the reference of its first cell;
    ``encodings`` the encoding found for each CSV file; ``above`` the text of each row
    above the header row (a title, a period, ``# comment`` lines of a CSV file), by file,
    its cells joined by a space; ``numeric`` the rows (their indexes in ``rows``) whose cell of
    a code column held a number rather than text, by column (a code typed as a number loses
    its leading zeros: see :meth:`typed_as_numbers`); ``percent`` the rows whose cell of a
    decimal column is shown as a percentage (:meth:`shown_as_percent`).
    """

    columns: tuple[Column, ...]
    key: tuple[str, ...]
    rows: tuple[Row, ...] = attrs.field(repr=_rows_repr)
    files: tuple[str, ...]
    skipped: tuple[Ref, ...] = attrs.field(default=(), repr=False)
    encodings: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    above: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, repr=False)
    numeric: Mapping[str, tuple[int, ...]] = attrs.field(factory=dict, repr=False)
    percent: Mapping[str, tuple[int, ...]] = attrs.field(factory=dict, repr=False)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def names_of(self, kind: Kind) -> tuple[str, ...]:
        """The names of the columns of ``kind``, in order."""
        return tuple(c.name for c in self.columns if c.kind is kind)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def column(self, name: str) -> list[Value]:
        """The values of one column, row by row."""
        return [r[name] for r in self.rows]

    def typed_as_numbers(self, name: str) -> tuple[Row, ...]:
        """The rows whose cell in the code column ``name`` held a number, not text: a
        spreadsheet keeps a number's digits only, so ``00058`` typed as a number is read
        ``58`` (the code of another unit, perhaps)."""
        return tuple(self.rows[i] for i in self.numeric.get(name, ()))

    def shown_as_percent(self, name: str) -> tuple[Row, ...]:
        """The rows whose cell in the decimal column ``name`` is a number formatted as a
        percentage: the sheet shows it multiplied by 100 (0.955 shows 95,5 %)."""
        return tuple(self.rows[i] for i in self.percent.get(name, ()))

    def key_of(self, row: Row) -> tuple[str, ...]:
        return tuple(row[k] for k in self.key)  # type: ignore[misc]

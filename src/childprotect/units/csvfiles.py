"""Units and transitions read from CSV files (a national list), fast and checked.

Units are checked a column at a time and kept as columns; :class:`~childprotect.units.
registry.AdminUnit` objects are built on first use. A file with several versions of a
code, or any error, goes through the unit-by-unit checks, which name the unit or line at
fault.
"""

from __future__ import annotations

import csv
import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from childprotect.errors import UnknownName, ValidationError
from childprotect.text.vntext import nfc, parse_fraction

if TYPE_CHECKING:
    from pathlib import Path
from childprotect.i18n import Message
from childprotect.i18n.oserrors import os_reason
from childprotect.units.columns import _UnitColumns
from childprotect.units.model import (
    Transition,
    Validity,
    Vocabulary,
    _validity,
    vocabulary,
)
from childprotect.units.registry import UnitRegistry

__all__ = [
    "TRANSITION_COLUMNS",
    "UNIT_COLUMNS",
    "load_transitions_csv",
    "load_units_csv",
]


#: The columns of a units CSV file (see :func:`load_units_csv`). Required ones first.
UNIT_COLUMNS = ("code", "name_vi", "kind", "parent", "valid_from", "valid_to", "name_en",
                "source")
TRANSITION_COLUMNS = ("on", "old", "new", "share", "source")


@lru_cache(maxsize=256)
def _opt_date(text: str) -> date | None:
    if not text:
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValidationError(Message("expected a date YYYY-MM-DD, got {text}", text=repr(text)))


def _rows(
    path: str | Path, required: Sequence[str], allowed: Sequence[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    header: list[str] = []
    for lines, columns in _blocks(path, required, allowed, header):
        for n, cells in zip(lines, zip(*columns, strict=True), strict=True):
            yield n, dict(zip(header, cells, strict=True))


#: Rows read and checked together by the CSV loaders.
_BLOCK = 2048


def _blocks(
    path: str | Path, required: Sequence[str], allowed: Sequence[str], header: list[str]
) -> Iterator[tuple[Sequence[int], list[list[str]]]]:
    """The data rows of a CSV file in blocks: (line numbers, stripped cells by column).

    ``header`` is filled in first. Text without quotes or carriage returns is split
    directly, a block at a time, which gives the same cells as the ``csv`` module.
    """
    p = os.fspath(path)
    try:
        with open(p, encoding="utf-8-sig", newline="") as f:
            text = f.read()
    except OSError as exc:
        raise ValidationError(Message("cannot read {p}: {strerror}", p=p,
                                      strerror=os_reason(exc))) from None
    except UnicodeDecodeError as exc:
        raise ValidationError(Message(
            "{p}: not UTF-8 text (byte {at}): save the list of units as CSV UTF-8", p=p,
            at=exc.start)) from None
    quoted = '"' in text or "\r" in text
    lines: list[str] = []
    reader: Iterator[list[str]] = iter(())
    if quoted:
        import io

        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    else:
        lines = text.split("\n") if text else []
        reader = (line.split(",") if line else [] for line in lines[:1])
    del text
    try:
        header[:] = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        from childprotect.text.csvtext import csv_failure

        raise csv_failure(exc, p, 1) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise ValidationError(Message("{p}: missing column(s) {missing}; found {header}", p=p,
                                      missing=missing, header=header))
    extra = [c for c in header if c not in allowed]
    if extra:
        raise ValidationError(Message("{p}: unknown column(s) {extra}; allowed: {allowed}", p=p,
                                      extra=extra, allowed=list(allowed)))
    width = len(header)

    def by_row(numbered: Iterable[tuple[int, list[str]]]
               ) -> Iterator[tuple[Sequence[int], list[list[str]]]]:
        numbers: list[int] = []
        kept: list[list[str]] = []
        for n, row in numbered:
            if len(row) != width:
                if not row:
                    continue
                raise ValidationError(Message("{p} line {n}: {count} cells, the header has "
                                              "{width}", p=p, n=n, count=len(row), width=width))
            numbers.append(n)
            kept.append(list(map(str.strip, row)))
            if len(kept) == _BLOCK:
                yield numbers, [list(c) for c in zip(*kept, strict=True)]
                numbers, kept = [], []
        if kept:
            yield numbers, [list(c) for c in zip(*kept, strict=True)]

    if quoted:
        yield from by_row(_numbered(reader, p))
        return
    while len(lines) > 1 and not lines[-1]:
        lines.pop()  # blank lines at the end: skipped, as the csv module skips them
    for lo in range(1, len(lines), _BLOCK):
        block = lines[lo:lo + _BLOCK]
        cells = ",".join(block).split(",")
        if len(cells) == width * len(block) and set(
                map(str.count, block, itertools.repeat(","))) == {width - 1}:
            yield (range(lo + 1, lo + 1 + len(block)),
                   [list(map(str.strip, cells[j::width])) for j in range(width)])
        else:  # blank lines or a row of another width: row by row, for the error's line
            yield from by_row(enumerate((line.split(",") if line else [] for line in block),
                                        lo + 1))


def _numbered(reader: Iterator[list[str]], p: str) -> Iterator[tuple[int, list[str]]]:
    """The records of a ``csv`` reader after its header, each with the line it starts on;
    what the reader cannot read is an error naming the line."""
    start = getattr(reader, "line_num", 1) + 1
    try:
        for row in reader:
            yield start, row
            start = getattr(reader, "line_num", start) + 1
    except csv.Error as exc:
        from childprotect.text.csvtext import csv_failure

        raise csv_failure(exc, p, start) from None


def load_units_csv(
    path: str | Path,
    transitions: str | Path | None = None,
    vocab: Vocabulary | None = None,
) -> UnitRegistry:
    """A registry from a national list in CSV (UTF-8, header row).

    Columns: ``code`` (2, 3 or 5 digits as the level requires), ``name_vi``, ``kind``
    (a kind id such as ``xa`` or its Vietnamese name such as ``Thị trấn``), and optionally
    ``parent`` (code of the enclosing unit), ``valid_from`` and ``valid_to`` (ISO dates,
    inclusive; empty means open), ``name_en`` and ``source``. Other columns are an error,
    so that a misspelt column is not silently ignored. ``transitions`` is an optional second
    CSV with ``on,old,new`` and optionally ``share`` (a fraction such as ``1/3``; empty when
    unknown) and ``source``.
    """
    voc = vocab if vocab is not None else vocabulary()
    units = _UnitColumns()
    units.file = os.fspath(path)
    name = os.path.basename(os.fspath(path))
    header: list[str] = []
    blocks = _blocks(path, ("code", "name_vi", "kind"), UNIT_COLUMNS, header)
    first = next(blocks, None)
    col = {c: i for i, c in enumerate(header)}
    loader = _UnitLoader(voc, path, name, col)
    for lines, columns in itertools.chain((first,) if first is not None else (), blocks):
        loader.block(lines, columns, units)
    trans = list(load_transitions_csv(transitions)) if transitions is not None else []
    return UnitRegistry._of_columns(units, trans, voc)


class _UnitLoader:
    """Units from blocks of CSV columns, with the checks ``AdminUnit(...)`` makes (code
    validator, name converter, validity), done a column at a time: a national list has
    over ten thousand units. A block that fails a check is read again row by row, so the
    error names the first offending line."""

    def __init__(self, voc: Vocabulary, path: str | Path, name: str, col: dict[str, int]
                 ) -> None:
        self.voc, self.path, self.name = voc, path, name
        self.i_code, self.i_name, self.i_kind = col["code"], col["name_vi"], col["kind"]
        self.i_en, self.i_src, self.i_parent = col.get("name_en"), col.get("source"), col.get(
            "parent")
        self.i_from, self.i_to = col.get("valid_from"), col.get("valid_to")
        self.kinds: dict[str, str] = {}
        self.validities: dict[tuple[str, str], Validity] = {}

    def block(self, lines: Sequence[int], columns: list[list[str]], into: _UnitColumns
              ) -> None:
        """Add the units of one block of rows to ``into``: checked a column at a time, or
        row by row when a check fails (so that the error names the first line at fault)."""
        codes, kinds = columns[self.i_code], columns[self.i_kind]
        froms, tos = self._dates(columns, len(lines))
        joined = "".join(codes)
        if not (joined.isdigit() and joined.isascii() and all(codes)):
            return self.by_row(lines, columns, into)
        known_kinds, known_validity = self.kinds, self.validities
        try:
            for text in set(kinds) - known_kinds.keys():
                known_kinds[text] = self.voc.kind(text).id
            for pair in set(zip(froms, tos, strict=True)) - known_validity.keys():
                known_validity[pair] = _validity(_opt_date(pair[0]), _opt_date(pair[1]))
        except (ValidationError, UnknownName):
            return self.by_row(lines, columns, into)
        return self._add(lines, columns, into)

    def by_row(self, lines: Sequence[int], columns: list[list[str]], into: _UnitColumns
               ) -> None:
        """The same as :meth:`block`, checked one row at a time."""
        froms, tos = self._dates(columns, len(lines))
        for n, code, kind_text, start, end in zip(
                lines, columns[self.i_code], columns[self.i_kind], froms, tos, strict=True):
            if kind_text not in self.kinds:
                try:
                    self.kinds[kind_text] = self.voc.kind(kind_text).id
                except UnknownName as exc:
                    raise UnknownName(Message("unit kind at {path} line {n}", path=self.path, n=n),
                                      kind_text, exc.suggestions) from None
            try:
                valid_from, valid_to = _opt_date(start), _opt_date(end)
                if not (code.isascii() and code.isdigit()):
                    raise ValidationError(Message("code: {code} is not a numeric unit code",
                                                  code=repr(code)))
                self.validities[start, end] = _validity(valid_from, valid_to)
            except ValidationError as exc:
                raise ValidationError(Message("{path} line {n}: {exc}", path=self.path, n=n,
                                              exc=exc)) from None
        return self._add(lines, columns, into)

    def _dates(self, columns: list[list[str]], count: int) -> tuple[list[str], list[str]]:
        blank = [""] * count
        return (columns[self.i_from] if self.i_from is not None else blank,
                columns[self.i_to] if self.i_to is not None else blank)

    def _add(self, lines: Sequence[int], columns: list[list[str]], into: _UnitColumns
             ) -> None:
        """Add rows whose kinds and validities are known (checked) already to ``into``."""
        import unicodedata

        names = columns[self.i_name]
        if not unicodedata.is_normalized("NFC", "\n".join(names)):
            names = list(map(nfc, names))
        froms, tos = self._dates(columns, len(lines))
        blank = [""] * len(lines)
        sources = columns[self.i_src] if self.i_src is not None else blank
        if not all(sources):
            sources = [s or f"{self.name} line {n}" for s, n in zip(sources, lines, strict=True)]
        parents = columns[self.i_parent] if self.i_parent is not None else blank
        # One string object for each repeated text (a source, a parent's code): a national
        # list repeats them thousands of times.
        shared: dict[str, str] = {}
        into.lines += lines
        into.codes += columns[self.i_code]
        into.names += names
        into.ens += columns[self.i_en] if self.i_en is not None else blank
        into.kinds += map(self.kinds.__getitem__, columns[self.i_kind])
        into.sources += map(shared.setdefault, sources, sources)
        into.parents += [shared.setdefault(p, p) if p else None for p in parents]
        into.validities += map(self.validities.__getitem__, zip(froms, tos, strict=True))


def load_transitions_csv(path: str | Path) -> list[Transition]:
    """Transitions from CSV: ``on,old,new[,share][,source]`` (see :func:`load_units_csv`)."""
    out: list[Transition] = []
    base = os.path.basename(os.fspath(path))
    for n, row in _rows(path, ("on", "old", "new"), TRANSITION_COLUMNS):
        where = Message("{file} line {line}", file=os.fspath(path), line=n)
        try:
            on = _opt_date(row["on"])
        except ValidationError as exc:
            raise ValidationError(Message("{where}: {exc}", where=where, exc=exc)) from None
        if on is None:
            raise ValidationError(Message("{where}: the column 'on' is empty", where=where))
        share_text = row.get("share", "")
        try:
            share = parse_fraction(share_text) if share_text else None
        except ValidationError as exc:
            raise ValidationError(Message("{where}: share: {exc}", where=where, exc=exc)) from None
        try:
            out.append(Transition(on=on, old=row["old"], new=row["new"],
                                  source=row.get("source") or f"{base} line {n}",
                                  share=share))
        except ValidationError as exc:
            raise ValidationError(Message("{where}: {exc}", where=where, exc=exc)) from None
    return out

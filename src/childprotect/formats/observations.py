"""Observed data for assessment, read from CSV or JSON files.

Observed data are what a province measured for a plan's targets (a value, or a numerator
and a denominator, per target and year); :func:`childprotect.plans.assessment.assess_plan`
judges them. This module reads them: the JSON form through the library's one converter.
"""

from __future__ import annotations

import csv
import io as _stdio
import re
from decimal import Decimal
from pathlib import Path

from childprotect.formats.convert import loads
from childprotect.i18n import Message
from childprotect.plans.assessment import InvalidObservation, ObservedData, ObservedRow
from childprotect.text.quantities import Unit

__all__ = ["parse_observed_csv", "parse_observed_json", "read_observed"]


_CSV_COLUMNS = ("target", "year", "value", "unit", "numerator", "denominator", "note",
                "reporting", "expected")
_NUM = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_INT = re.compile(r"-?[0-9]+")


def parse_observed_csv(text: str, source: str = "<csv>") -> ObservedData:
    """Observed data from CSV text.

    Columns (header required, any order): ``target``, ``year``, and either ``value``
    (with an optional ``unit``: count, percent, per_1000, per_100000, vnd) or
    ``numerator`` and ``denominator``; ``note`` is optional; ``reporting`` and
    ``expected`` (both or neither) give the coverage: how many of the units expected
    reported what the value needs (``8`` of ``9`` communes). Numbers use a dot as the
    decimal point and no thousands separators. Lines starting with ``#`` before the
    header are comments and are kept; a comment containing "synthetic" marks the data
    synthetic.
    """
    lines = text.splitlines()
    comments: list[str] = []
    while lines and lines[0].lstrip().startswith("#"):
        comments.append(lines.pop(0).lstrip()[1:].strip())
    reader = csv.DictReader(_stdio.StringIO("\n".join(lines)))
    header = reader.fieldnames or []
    unknown = [h for h in header if h not in _CSV_COLUMNS]
    if unknown or "target" not in header:
        raise InvalidObservation(
            Message("{source}: the header must name 'target' and only the columns {join}; got "
                    "{header}", source=source, join=', '.join(_CSV_COLUMNS), header=header))
    rows: list[ObservedRow] = []
    for n, rec in enumerate(reader, start=2 + len(comments)):
        if None in rec:
            raise InvalidObservation(Message("{source}, line {n}: more cells than columns: {rec}",
                                             source=source, n=n, rec=rec[None]))
        rows.append(_csv_row(rec, f"{source}, line {n}"))
    return ObservedData(tuple(rows), source=source,
                        synthetic=any("synthetic" in c.casefold() for c in comments),
                        comments=tuple(comments))


def _csv_row(rec: dict[str, str], where: str) -> ObservedRow:
    def cell(name: str) -> str | None:
        v = (rec.get(name) or "").strip()
        return v or None

    target = cell("target")
    if target is None:
        raise InvalidObservation(Message("{where}: the target cell is empty", where=where))

    def integer(name: str) -> int | None:
        v = cell(name)
        if v is None:
            return None
        if not _INT.fullmatch(v):
            raise InvalidObservation(Message("{where}: target {target}: {name} {v} is not a "
                                             "whole number (no separators)", where=where,
                                             target=repr(target), name=name, v=repr(v)))
        return int(v)

    raw_value = cell("value")
    value: Decimal | None = None
    if raw_value is not None:
        if not _NUM.fullmatch(raw_value):
            raise InvalidObservation(
                Message("{where}: target {target}: value {raw_value} is not a number written "
                        "like 1.5 (a dot as decimal point, no thousands separators, not "
                        "negative)", where=where, target=repr(target), raw_value=repr(raw_value)))
        value = Decimal(raw_value)
    raw_unit = cell("unit")
    unit: Unit | None = None
    if raw_unit is not None:
        try:
            unit = Unit(raw_unit)
        except ValueError:
            raise InvalidObservation(
                Message("{where}: target {target}: unit {raw_unit} is not one of {value}",
                        where=where, target=repr(target), raw_unit=repr(raw_unit),
                        value=[u.value for u in Unit])) from None
    try:
        return ObservedRow(target, integer("year"), value, unit, integer("numerator"),
                           integer("denominator"), cell("note"), integer("reporting"),
                           integer("expected"))
    except InvalidObservation as exc:
        raise InvalidObservation(Message("{where}: {exc}", where=where, exc=exc)) from None


def parse_observed_json(text: str | bytes, source: str = "<json>") -> ObservedData:
    """Observed data from JSON: ``{"observations": [{"target": "CT6.1", "year": 2023,
    "numerator": 1480, "denominator": 100000}, …], "source": …, "synthetic": …}``,
    or just the list. Values are decimal strings (``"1.5"``), never JSON floats."""
    head = text.lstrip()[:1]
    if head in ("[", b"["):
        rows = loads(text, tuple[ObservedRow, ...], source)
        return ObservedData(rows, source=source)
    return loads(text, ObservedData, source)


def read_observed(path: str | Path) -> ObservedData:
    """Observed data from a ``.csv`` or ``.json`` file (chosen by its suffix)."""
    p = Path(path)
    if p.suffix.lower() not in (".csv", ".json"):
        raise InvalidObservation(Message("{p}: observed data must be a .csv or .json file", p=p))
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InvalidObservation(Message("cannot read {p}: {strerror}", p=p,
                                         strerror=exc.strerror)) from None
    if p.suffix.lower() == ".csv":
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidObservation(Message("{p}: not UTF-8 text ({reason})", p=p,
                                             reason=exc.reason)) from None
        return parse_observed_csv(text, str(p))
    return parse_observed_json(raw, str(p))

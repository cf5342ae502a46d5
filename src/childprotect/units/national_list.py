"""The whole country's administrative units, bundled and dated (``data/units/national/``).

Every province, district and commune of Vietnam from 10 April 2023 on: 63 provinces,
their districts and communes to 30 June 2025; 34 provinces and 3,321 communes from
1 July 2025; the dated changes between and after; and the crosswalk of 1 July 2025 with
the split communes (see ``docs/national-units.md`` for the sources and what is
unverified). Loaded on first use, in tens of milliseconds; the transitions are read on
the first question about them.

>>> reg = national()
>>> reg.get("46", on=date(2024, 12, 31)).name_vi, reg.get("46", on=date(2025, 1, 1)).name_vi
('Tỉnh Thừa Thiên Huế', 'Thành phố Huế')
>>> h = reg.on(date(2025, 7, 1))
>>> len(h.codes("province")), len(h.codes("commune"))
(34, 3321)
>>> [(p.new.code, p.new.name_vi, p.share) for p in reg.successors("06", date(2025, 7, 1))]
[('19', 'Tỉnh Thái Nguyên', Fraction(1, 1))]

The files are checked against the SHA-256 digests of their manifest when read, so the
registry is the data the build script wrote and the tests checked; the units are not
checked again one by one (``tests/units/test_national.py`` builds them with every check).
"""

from __future__ import annotations

import hashlib
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import Any

from childprotect.data import read_bytes, read_json
from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.text.vntext import parse_fraction
from childprotect.units.columns import _UnitColumns
from childprotect.units.links import _Links
from childprotect.units.model import Validity, _validity, vocabulary
from childprotect.units.registry import UnitRegistry

__all__ = ["FOLDER", "national"]

#: Where the national files are, under ``childprotect/data``.
FOLDER = "units/national"
_UNIT_COLUMNS = ["code", "name_vi", "kind", "parent", "valid_from", "valid_to", "name_en",
                 "source"]
_TRANSITION_COLUMNS = ["on", "old", "new", "share", "source"]
#: Sources that say a fact is not verified (docs/national-units.md).
_UNVERIFIED = "UNVERIFIED"


@lru_cache(maxsize=1)
def _manifest() -> dict[str, Any]:
    data: dict[str, Any] = read_json(f"{FOLDER}/manifest.json")
    return data


def _cells(name: str, header: list[str]) -> list[list[str]]:
    """The columns of the bundled CSV file ``name``, after checking its digest, header
    and shape (plain UTF-8, no quoted cell: each line is split on commas)."""
    raw = read_bytes(f"{FOLDER}/{name}")
    want = _manifest()["files"][name]
    if hashlib.sha256(raw).hexdigest() != want["sha256"]:
        raise ValidationError(Message("data/{folder}/{name} is not the file its manifest "
                                      "describes (SHA-256 differs): reinstall childprotect, or "
                                      "rebuild the files with tools/build_units.py",
                                      folder=FOLDER, name=name))
    text = raw.decode("utf-8")
    width = len(header)
    cells = text.replace("\n", ",").split(",")
    if cells[-1] == "":
        cells.pop()  # the end of the last line
    if cells[:width] != header:
        raise ValidationError(Message("data/{folder}/{name}: the header is not {join}",
                                      folder=FOLDER, name=name, join=','.join(header)))
    if len(cells) != width * (want["rows"] + 1) or text.count("\n") != want["rows"] + 1:
        raise ValidationError(Message("data/{folder}/{name}: rows of another width or count",
                                      folder=FOLDER, name=name))
    return [cells[j::width] for j in range(width, 2 * width)]


@lru_cache(maxsize=1)
def national() -> UnitRegistry:
    """The registry of every unit of the country over time (bundled; read on first use)."""
    codes, names, kinds, parents, froms, tos, ens, sources = _cells(
        "units.csv", _UNIT_COLUMNS)
    dates: dict[str, date | None] = {"": None}
    validity: dict[tuple[str, str], Validity] = {}
    for pair in set(zip(froms, tos, strict=True)):
        for text in pair:
            if text not in dates:
                dates[text] = date.fromisoformat(text)
        validity[pair] = _validity(dates[pair[0]], dates[pair[1]])
    voc = vocabulary()
    unknown = set(kinds) - {k.id for k in voc.kinds}
    if unknown:
        raise ValidationError(Message("data/{folder}/units.csv: unknown kind(s) {unknown}",
                                      folder=FOLDER, unknown=sorted(unknown)))
    cols = _UnitColumns()
    cols.codes, cols.names, cols.kinds, cols.ens = codes, names, kinds, ens
    shared: dict[str, str] = {}
    cols.sources = list(map(shared.setdefault, sources, sources))
    cols.parents = [p or None for p in parents]
    cols.validities = list(map(validity.__getitem__, zip(froms, tos, strict=True)))
    unverified = {s for s in shared if _UNVERIFIED in s}
    if unverified:
        cols.verified = [s not in unverified for s in cols.sources]
        cols.notes = [None] * len(codes)
    first = min(date.fromisoformat(s["effect_from"])
                for s in _manifest()["inputs"]["snapshots"].values())
    return UnitRegistry._trusted(cols, _links, voc, name="national", modelled_from=first)


def _links() -> _Links:
    """The transitions of the national list (``transitions.csv``)."""
    ons, olds, news, shares, sources = _cells("transitions.csv", _TRANSITION_COLUMNS)
    days = {text: date.fromisoformat(text) for text in set(ons)}
    fractions: dict[str, Fraction | None] = {"": None}
    for text in set(shares) - fractions.keys():
        try:
            fractions[text] = parse_fraction(text)
        except ValidationError:
            raise ValidationError(Message("data/{folder}/transitions.csv: share {text} is not a "
                                          "fraction", folder=FOLDER, text=repr(text))) from None
    shared: dict[str, str] = {}
    source_of = list(map(shared.setdefault, sources, sources))
    unverified = {s for s in shared if _UNVERIFIED in s}
    verified = [s not in unverified for s in source_of] if unverified else None
    notes: list[str | None] | None = [None] * len(ons) if unverified else None
    return _Links(list(map(days.__getitem__, ons)), olds, news,
                  list(map(fractions.__getitem__, shares)), source_of, verified, notes)

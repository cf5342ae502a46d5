#!/usr/bin/env python3
"""Build the bundled national registry of administrative units from pinned sources.

Writes ``src/childprotect/data/units/national/units.csv``, ``transitions.csv`` and
``manifest.json`` (the formats ``childprotect.units.load_units_csv`` and
``load_transitions_csv`` read; see docs/national-units.md). It is run by hand when a
source changes, never at install time, and writes the same bytes for the same inputs.

Sources (all permissively licensed; their licences are kept in NOTICE and in
``src/childprotect/data/units/LICENSE-*.txt``):

1. ``vietnamadminunits`` 1.0.4 from PyPI (MIT, (c) 2025 Tran Ngoc Minh Hieu), wheel
   pinned by SHA-256. Its SQLite database gives the last pre-reform NSO list
   (``admin_units_legacy``: 63 provinces, 696 districts, 10,035 communes) and the list in
   force from 1 July 2025 (``admin_units``: 34 provinces, 3,321 communes); its
   ``converter_2025.json`` gives the old -> new commune map, including the communes
   divided between several new ones.
2. ``thanglequoc/vietnamese-provinces-database`` (MIT, (c) 2021 Thang Le Quoc), NSO-derived
   snapshots at pinned commits (file SHA-256 pinned too): the state of 2023-04-10,
   2024-02-01, 2024-05-01, 2024-09-01, 2024-11-01 and 2025-01-01, from which the dated
   changes before 2025-03-01 are derived, and the 2025-03-01 snapshot used only to match
   its spellings with those of source 1.
3. ``tools/units_changes.csv``: the dated changes after 1 July 2025 (2026 resolutions of
   the National Assembly and its Standing Committee), each with its source.

Usage::

    python tools/build_units.py --history-repo PATH_TO_A_CLONE_OF_THANGLEQUOC_REPO
    python tools/build_units.py --wheel vietnamadminunits-1.0.4-py3-none-any.whl \\
        --history-repo PATH --check      # fail if the bundled files would change

Without ``--wheel`` the wheel is fetched with ``pip download``; without
``--history-repo`` the snapshots are fetched from raw.githubusercontent.com at the pinned
commits. Every input is checked against its pinned SHA-256 before use.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import urllib.request
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "childprotect" / "data" / "units" / "national"
CHANGES = ROOT / "tools" / "units_changes.csv"

VAU_VERSION = "1.0.4"
VAU_WHEEL = f"vietnamadminunits-{VAU_VERSION}-py3-none-any.whl"
VAU_SHA256 = "737ee3662e877290386c1c45ed4d71f2e5fae34ab6fb9c64bfb4cb74b216ea35"
VAU = f"vietnamadminunits {VAU_VERSION} (PyPI, MIT)"

HISTORY_REPO = "thanglequoc/vietnamese-provinces-database"
HISTORY_FILE = "postgresql/ImportData_vn_units.sql"


@dataclass(frozen=True)
class Snapshot:
    tag: str
    commit: str
    sha256: str
    on: date  # the "effect from" date of the release (the repository's README table)


#: The NSO-derived snapshots, oldest first. ``on`` is the date from which the release
#: table of the repository's README says the snapshot's last resolution is in force.
SNAPSHOTS = (
    Snapshot("v1.0.4.1", "8aa6d1ca0bb963992cfb4641fb9ba30f3eec5fae",
             "cdb08b9ae48fdb7e220d8a6a530b196a1e1baec3f16b3832a03be26ac360f2e9", date(2023, 4, 10)),
    Snapshot("v2.0.0", "29c353beae7e264a6923da1ff7df78fa36e62e61",
             "fea4b6bb2c8b37a97ca2c14ee738136351daa90172a0f91f9c4bc4b09867eb2e", date(2024, 2, 1)),
    Snapshot("v2.0.1", "ad89c3b266d65f477eb1776902eb9c28c08dc502",
             "88928a3af4cb0166daa7a8b3e17b5674657a21bda9b0c4f50453339e758446af", date(2024, 5, 1)),
    Snapshot("v2.1.0", "b77a927483f87e3ef2ed07e495c50b29207e4afb",
             "86c51107a67b506811a83e60edaa32b3aa37cf7a93e14d64f1d54eb4f4059006", date(2024, 9, 1)),
    Snapshot("v2.2.0", "6d893cb440677fef94ee6d70dd10d4c7ee835499",
             "ce9eb409665d690666c4d5a76a2b55222db4ae4cc5efd1ff8059ca34a1250b23", date(2024, 11, 1)),
    Snapshot("v2.3.0", "e3e9c320e0f75eebb5c9b4725227e628b095e310",
             "40c3ae7fcb9f2368c2f2ad099b1109db3e4b9e100c8cd1fa6b93a4dd0e1c2717", date(2025, 1, 1)),
)
#: The same repository's state of 2025-03-01 (v2.4.1): the same units as source 1's
#: legacy table, used only to match the two sources' spellings of a name.
SPELLING_SNAPSHOT = Snapshot(
    "v2.4.1", "fc33b7411ec4e3697817fab8118718a8d39ef090",
    "d18d1ee8bc8f57401a45c3d345952be3ab3b36a7813b1ca7a01c5f9d21e2af25", date(2025, 3, 1))

LEGACY_FROM = date(2025, 3, 1)   # source 1's legacy list = the state from this day
LAST_OLD_DAY = date(2025, 6, 30)
REFORM = date(2025, 7, 1)

# --- citations: short, and few distinct texts (docs/sources.md lists each one; what each
# names is explained in docs/national-units.md and in manifest.json) ----------------------

S_LEGACY = "NSO list 2025-03-01–2025-06-30 via vietnamadminunits 1.0.4"
S_HISTORY = "NSO snapshots via thanglequoc; date UNVERIFIED (first snapshot showing it)"
S_HUE = "Nghị quyết 175/2024/QH15; Nghị quyết 1314/NQ-UBTVQH15 (from 2025-01-01)"
S_HAI_PHONG = "Nghị quyết 1232/NQ-UBTVQH15 (from 2025-01-01; vietnamnet.vn 2024-11-04 [N])"
#: Changes whose date was checked: (province, the date the snapshots give) -> citation.
VERIFIED = {("46", date(2025, 1, 1)): S_HUE, ("31", date(2025, 1, 1)): S_HAI_PHONG}
S_NEW = "Quyết định 19/2025/QĐ-TTg via vietnamadminunits 1.0.4"
S_PROV_MAP = "Nghị quyết 202/2025/QH15; Quyết định 19/2025/QĐ-TTg via vietnamadminunits 1.0.4"
S_DISTRICT_END = "Luật 72/2025/QH15 Điều 51 khoản 3; Nghị quyết 202/2025/QH15"
S_COMMUNE_WHOLE = "Nghị quyết 1654–1687/NQ-UBTVQH15 via vietnamadminunits 1.0.4"
S_COMMUNE_PART = ("Nghị quyết 1654–1687/NQ-UBTVQH15 via vietnamadminunits 1.0.4: part only; "
                  "share not given")
S_ISLAND = ("Luật 72/2025/QH15 Điều 51 khoản 3; island district without communes became the "
            "đặc khu: Nghị quyết 1654–1687/NQ-UBTVQH15 via vietnamadminunits 1.0.4")
S_SAME_CODE = ("same code (Quyết định 124/2004/QĐ-TTg); UNVERIFIED: whether a part went "
               "elsewhere")
SAME_CODE_SUFFIX = "; same code"
S_DISTRICT_CLOSED = "district closed and its communes moved here; " + S_HISTORY


def s_parent_changed(code: str, on: date) -> str:
    return f"new version because province {code} changed kind on {on.isoformat()} (see its row)"


PROVINCE_KINDS = ("tinh", "thanh-pho-truc-thuoc-trung-uong")
DISTRICT_KINDS = ("huyen", "quan", "thi-xa", "thanh-pho-thuoc-tinh",
                  "thanh-pho-thuoc-thanh-pho")
#: The kind word each name begins with, as the registry writes it.
PREFIX = {
    "tinh": "Tỉnh", "thanh-pho-truc-thuoc-trung-uong": "Thành phố", "huyen": "Huyện",
    "quan": "Quận", "thi-xa": "Thị xã", "thanh-pho-thuoc-tinh": "Thành phố",
    "thanh-pho-thuoc-thanh-pho": "Thành phố", "xa": "Xã", "phuong": "Phường",
    "thi-tran": "Thị trấn", "dac-khu": "Đặc khu",
}
ENGLISH = {
    "tinh": "Province", "thanh-pho-truc-thuoc-trung-uong": "City", "huyen": "District",
    "quan": "Urban District", "thi-xa": "Town", "thanh-pho-thuoc-tinh": "City",
    "thanh-pho-thuoc-thanh-pho": "City", "xa": "Commune", "phuong": "Ward",
    "thi-tran": "Township", "dac-khu": "Special Zone",
}
#: thanglequoc's administrative_unit_id (releases 1.x-2.x) -> kind id.
TLQ_KIND = {1: "thanh-pho-truc-thuoc-trung-uong", 2: "tinh", 3: "thanh-pho-thuoc-thanh-pho",
            4: "thanh-pho-thuoc-tinh", 5: "quan", 6: "thi-xa", 7: "huyen", 8: "phuong",
            9: "thi-tran", 10: "xa"}
LEVEL = {2: 1, 3: 2, 5: 3}  # code length -> rank


class BuildError(Exception):
    pass


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", " ".join(s.split()))


def key(s: str) -> str:
    """A spelling-insensitive key: no tone marks, case, spaces, punctuation or zero padding."""
    s = unicodedata.normalize("NFD", s.lower()).replace("đ", "d")
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").replace("đ", "d")
    s = re.sub(r"\bnt\b", "nong truong", s)
    s = re.sub(r"\b0+(\d)", r"\1", s)
    return re.sub(r"[^a-z0-9]", "", s)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def named(name: str, kind: str, where: str) -> str:
    """``name`` with its kind word written as the registry writes it ("Thành phố", "Thị xã")."""
    name = nfc(name)
    prefix = PREFIX[kind]
    if name.lower().startswith(prefix.lower() + " "):
        return prefix + name[len(prefix):]
    raise BuildError(f"{where}: name {name!r} does not begin with {prefix!r} ({kind})")


def short(name: str, kind: str) -> str:
    return name[len(PREFIX[kind]) + 1:]


def english(name: str, kind: str) -> str:
    s = short(name, kind)
    word = ENGLISH[kind]
    return f"{word} {s}" if s[:1].isdigit() else f"{s} {word}"


# --- inputs --------------------------------------------------------------------------------


def fetch_wheel(path: str | None, tmp: Path) -> bytes:
    if path is None:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps",
                        "--only-binary=:all:", f"vietnamadminunits=={VAU_VERSION}",
                        "-d", str(tmp)], check=True)
        path = str(tmp / VAU_WHEEL)
    data = Path(path).read_bytes()
    if sha256(data) != VAU_SHA256:
        raise BuildError(f"{path}: SHA-256 {sha256(data)} is not the pinned {VAU_SHA256}")
    return data


def fetch_snapshot(snap: Snapshot, repo: str | None) -> str:
    if repo is not None:
        data = subprocess.run(["git", "-C", repo, "show", f"{snap.commit}:{HISTORY_FILE}"],
                              check=True, capture_output=True).stdout
    else:
        url = f"https://raw.githubusercontent.com/{HISTORY_REPO}/{snap.commit}/{HISTORY_FILE}"
        with urllib.request.urlopen(url, timeout=120) as r:
            data = r.read()
    if sha256(data) != snap.sha256:
        raise BuildError(f"{snap.tag} {HISTORY_FILE}: SHA-256 {sha256(data)} is not the pinned "
                         f"{snap.sha256}")
    return data.decode("utf-8")


_TUPLE = re.compile(r"\(('(?:[^']|'')*'(?:\s*,\s*(?:'(?:[^']|'')*'|\d+|NULL))*)\)")
_VALUE = re.compile(r"'((?:[^']|'')*)'|(\d+)|(NULL)")


def sql_rows(sql: str) -> dict[str, list[dict[str, str | None]]]:
    """The rows of the INSERT statements of a PostgreSQL dump, by table."""
    out: dict[str, list[dict[str, str | None]]] = defaultdict(list)
    table: tuple[str, list[str]] | None = None
    for line in sql.splitlines():
        m = re.match(r"INSERT INTO (\w+)\s*\(([^)]*)\)\s*VALUES\s*(.*)$", line)
        if m:
            table = (m.group(1), [c.strip().strip('"') for c in m.group(2).split(",")])
            rest = m.group(3)
        else:
            rest = line
        if table is None:
            continue
        for t in _TUPLE.finditer(rest):
            values = [None if n else (d or s.replace("''", "'"))
                      for s, d, n in _VALUE.findall(t.group(1))]
            out[table[0]].append(dict(zip(table[1], values, strict=True)))
        if line.rstrip().endswith(";"):
            table = None
    return out


@dataclass(frozen=True)
class Entry:
    """A unit as one snapshot shows it."""

    name: str
    kind: str
    parent: str | None


def tlq_units(sql: str, tag: str) -> dict[str, Entry]:
    rows = sql_rows(sql)
    out: dict[str, Entry] = {}
    for table, parent_col in (("provinces", None), ("districts", "province_code"),
                              ("wards", "district_code")):
        for r in rows[table]:
            code, kind = str(r["code"]), TLQ_KIND[int(str(r["administrative_unit_id"]))]
            parent = r[parent_col] if parent_col else None
            if kind in ("thanh-pho-thuoc-tinh", "thanh-pho-thuoc-thanh-pho"):
                # the same rule as for source 1: a city under a centrally-run city
                assert parent is not None
                kind = ("thanh-pho-thuoc-tinh" if out[parent].kind == "tinh"
                        else "thanh-pho-thuoc-thanh-pho")
            out[code] = Entry(named(str(r["full_name"]), kind, f"{tag} {code}"), kind, parent)
    return out


@dataclass
class Vau:
    legacy: dict[str, Entry]
    new: dict[str, Entry]
    province_map: dict[str, str]                       # old province -> new province
    whole: dict[str, str]                              # old commune -> new commune
    parts: dict[str, list[str]]                        # old commune -> new communes
    notes: list[str] = field(default_factory=list)


def read_vau(wheel: bytes) -> Vau:
    with zipfile.ZipFile(io.BytesIO(wheel)) as z, tempfile.TemporaryDirectory() as d:
        db = Path(d) / "dataset.db"
        db.write_bytes(z.read("vietnamadminunits/data/dataset.db"))
        conv = json.loads(z.read("vietnamadminunits/data/converter_2025.json"))
        con = sqlite3.connect(db)
        legacy_rows = con.execute(
            "SELECT provinceCode, province, provinceKey, districtCode, district, districtType,"
            " districtKey, wardCode, ward, wardType, wardKey FROM admin_units_legacy").fetchall()
        new_rows = con.execute(
            "SELECT provinceCode, province, provinceKey, wardCode, ward, wardType, wardKey"
            " FROM admin_units").fetchall()
        con.close()
    ward_kind = {"Xã": "xa", "Phường": "phuong", "Thị trấn": "thi-tran", "Đặc khu": "dac-khu"}
    district_kind = {"Huyện": "huyen", "Quận": "quan", "Thị xã": "thi-xa",
                     "Thành phố": "thanh-pho-thuoc-tinh"}

    def province_kind(name: str) -> str:
        return "tinh" if name.startswith("Tỉnh ") else "thanh-pho-truc-thuoc-trung-uong"

    notes: list[str] = []
    legacy: dict[str, Entry] = {}
    old_key: dict[str, str] = {}           # "province_district_ward" key -> old commune code
    old_prov_key: dict[str, str] = {}
    for pc, p, pk, dc, d, dt, dk, wc, w, wt, wk in legacy_rows:
        pkind = province_kind(p)
        put(legacy, pc, Entry(named(p, pkind, f"legacy {pc}"), pkind, None))
        dkind = district_kind[dt]
        if dkind == "thanh-pho-thuoc-tinh" and pkind != "tinh":
            dkind = "thanh-pho-thuoc-thanh-pho"
        put(legacy, dc, Entry(named(d, dkind, f"legacy {dc}"), dkind, pc))
        old_prov_key[pk] = pc
        if wc is None:
            old_key[f"{pk}_{dk}_"] = dc    # island districts without communes
            continue
        wkind = kind_of_name(w, ward_kind, wt, f"admin_units_legacy {wc}", notes)
        put(legacy, wc, Entry(named(w, wkind, f"legacy {wc}"), wkind, dc))
        k = f"{pk}_{dk}_{wk}"
        if k in old_key:
            raise BuildError(f"legacy key {k} names {old_key[k]} and {wc}")
        old_key[k] = wc
    new: dict[str, Entry] = {}
    new_key: dict[tuple[str, str], str] = {}
    new_prov_key: dict[str, str] = {}
    for pc, p, pk, wc, w, wt, wk in new_rows:
        pkind = province_kind(p)
        put(new, pc, Entry(named(p, pkind, f"new {pc}"), pkind, None))
        wkind = kind_of_name(w, ward_kind, wt, f"admin_units {wc}", notes)
        put(new, wc, Entry(named(w, wkind, f"new {wc}"), wkind, pc))
        k2 = (pc, wk)
        if k2 in new_key:
            raise BuildError(f"new ward key {wk} in {pc} names {new_key[k2]} and {wc}")
        new_key[k2] = wc
        new_prov_key[pk] = pc
    province_map: dict[str, str] = {}
    for nk, olds in conv["DICT_PROVINCE"].items():
        for ok in olds:
            province_map[old_prov_key[ok]] = new_prov_key[nk]
    whole: dict[str, str] = {}
    parts: dict[str, list[str]] = {}

    def old_code(k: str) -> str:
        if k not in old_key:
            raise BuildError(f"converter_2025.json: old key {k} is not in admin_units_legacy")
        return old_key[k]

    def new_code(pk: str, wk: str) -> str:
        got = new_key.get((new_prov_key[pk], wk))
        if got is None:
            raise BuildError(f"converter_2025.json: new key {pk}/{wk} is not in admin_units")
        return got

    for pk, table in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for wk, olds in table.items():
            nc = new_code(pk, wk)
            for ok in olds:
                oc = old_code(ok)
                if oc in whole and whole[oc] != nc:
                    raise BuildError(f"old unit {oc} goes whole to {whole[oc]} and to {nc}")
                whole[oc] = nc
    for pk, table in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for ok, targets in table.items():
            oc = old_code(ok)
            codes = sorted({new_code(pk, t["newWardKey"]) for t in targets})
            if oc in whole:
                raise BuildError(f"old unit {oc} is both whole (to {whole[oc]}) and divided")
            if len(codes) < 2:
                raise BuildError(f"old unit {oc} is 'divided' into one unit {codes}")
            parts[oc] = codes
    return Vau(legacy, new, province_map, whole, parts, notes)


def kind_of_name(name: str, kinds: dict[str, str], given: str, where: str,
                 notes: list[str]) -> str:
    """The commune kind the name begins with; where the type column says otherwise, the
    name wins (the NSO writes the kind into the name; thanglequoc's data agree with it)."""
    name = nfc(name)
    for word, kind in kinds.items():
        if name.lower().startswith(word.lower() + " "):
            if word != given:
                notes.append(f"{where} {name!r}: type column says {given!r}; kind read "
                             f"from the name ({kind})")
            return kind
    raise BuildError(f"{where}: name {name!r} begins with no commune kind")


def put(d: dict[str, Entry], code: str, e: Entry) -> None:
    if d.setdefault(code, e) != e:
        raise BuildError(f"code {code} is {d[code]} and {e}")


@dataclass(frozen=True)
class Change:
    on: date
    code: str
    name: str
    kind: str
    source: str


def read_changes(path: Path) -> list[Change]:
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            if set(row) != {"on", "code", "name_vi", "kind", "source"}:
                raise BuildError(f"{path} line {n}: columns {sorted(row)}")
            kind = row["kind"]
            out.append(Change(date.fromisoformat(row["on"]), row["code"],
                              named(row["name_vi"], kind, f"{path.name} line {n}"), kind,
                              row["source"]))
    return out


# --- building the versions ------------------------------------------------------------------


@dataclass
class Version:
    code: str
    entry: Entry
    start: date | None
    end: date | None
    source: str


@dataclass
class Output:
    units: list[Version]
    transitions: list[tuple[date, str, str, str, str]]  # on, old, new, share, source
    notes: list[str]


def clean_history(frames: list[dict[str, Entry]], notes: list[str]) -> None:
    """Mend the snapshots' known glitches in place: a unit missing from some snapshots between
    two that show it alike is filled in; a unit shown by one snapshot only, between two that
    show it otherwise (or not at all), is put back as its neighbours show it."""
    codes = sorted({c for f in frames for c in f})
    last = len(frames) - 1
    for c in codes:
        seq = [f.get(c) for f in frames]
        i = 0
        while i < last:
            if seq[i] is not None and seq[i + 1] is None:
                j = next((k for k in range(i + 2, last + 1) if seq[k] is not None), None)
                here = seq[i]
                if j is not None and here is not None and seq[j] == here:
                    for k in range(i + 1, j):
                        frames[k][c] = here
                        seq[k] = here
                    notes.append(f"{c} ({here.name}): missing from snapshot(s) "
                                 f"{i + 1}..{j - 1}, filled in from its neighbours")
            i += 1
        for i in range(1, last):
            if seq[i] is not None and seq[i - 1] == seq[i + 1] and seq[i] != seq[i - 1]:
                notes.append(f"{c}: snapshot {i} alone shows {seq[i]}; "
                             f"read as its neighbours {seq[i - 1]}")
                before = seq[i - 1]
                if before is None:
                    del frames[i][c]
                else:
                    frames[i][c] = before
                seq[i] = before


def build(vau: Vau, history: list[dict[str, Entry]], spelling: dict[str, Entry],
          changes: list[Change]) -> Output:
    notes = list(vau.notes)
    # 1. Spellings: thanglequoc's names are matched to vietnamadminunits' through the
    #    2025-03-01 snapshot both describe.
    alias: dict[tuple[str, str], str] = {}
    for code, e in spelling.items():
        if code in vau.legacy:
            alias[(code, key(e.name))] = key(vau.legacy[code].name)
            if e.parent != vau.legacy[code].parent:
                raise BuildError(f"{code}: parent {e.parent} (thanglequoc) vs "
                                 f"{vau.legacy[code].parent} (vietnamadminunits)")
    if set(spelling) != set(vau.legacy):
        raise BuildError("the 2025-03-01 snapshot and the legacy table hold different codes")

    # 2. The timeline of frames: the dated snapshots, then the legacy list (2025-03-01),
    #    the new list (2025-07-01) and each later change.
    dates: list[date | None] = [None] + [s.on for s in SNAPSHOTS[1:]] + [LEGACY_FROM, REFORM]
    frames: list[dict[str, Entry]] = [dict(h) for h in history]
    frames.append(dict(vau.legacy))
    frames.append(dict(vau.new))
    for on in sorted({c.on for c in changes}):
        frame = dict(frames[-1])
        for ch in changes:
            if ch.on == on:
                was = frame.get(ch.code)
                if was is None:
                    raise BuildError(f"change on {on}: no unit {ch.code}")
                frame[ch.code] = Entry(ch.name, ch.kind, was.parent)
        frames.append(frame)
        dates.append(on)
    n_hist = len(history)
    clean_history(frames[: n_hist + 1], notes)  # the legacy list is not mended, only used

    def sig(i: int, code: str) -> tuple[str, str, str | None] | None:
        e = frames[i].get(code)
        if e is None:
            return None
        k = key(e.name)
        if i < n_hist:
            k = alias.get((code, k), k)
        return (k, e.kind, e.parent)

    # Provinces merged on 2025-07-01 start a new version even where code, name and kind
    # stay (19 Thái Nguyên, 31 Hải Phòng): their territory changed.
    merged_into = Counter(vau.province_map.values())
    grown = {p for p, n in merged_into.items() if n > 1}

    # 3. Versions, top level first; a unit starts a new version when it changes or when its
    #    parent does (a parent must exist over the whole of its child's validity).
    versions: dict[str, list[tuple[int, int]]] = {}   # code -> [(first frame, last frame)]
    version_at: dict[tuple[str, int], int] = {}       # (code, frame) -> version index
    codes_by_len = defaultdict(set)
    for f in frames:
        for c in f:
            codes_by_len[len(c)].add(c)
    for length in (2, 3, 5):
        for code in sorted(codes_by_len[length]):
            runs: list[tuple[int, int]] = []
            prev = None
            for i in range(len(frames)):
                s = sig(i, code)
                if s is None:
                    prev = None
                    continue
                parent = s[2]
                pv = version_at.get((parent, i)) if parent else None
                if parent and pv is None:
                    raise BuildError(f"{code} in frame {i}: parent {parent} is missing")
                full = (s, pv, code in grown and i >= len(history) + 1)
                if prev is not None and full == prev and runs and runs[-1][1] == i - 1:
                    runs[-1] = (runs[-1][0], i)
                else:
                    runs.append((i, i))
                prev = full
                version_at[(code, i)] = len(runs) - 1
            versions[code] = runs

    def start_of(first: int) -> date | None:
        return dates[first]

    def end_of(last: int) -> date | None:
        if last == len(frames) - 1:
            return None
        nxt = dates[last + 1]
        assert nxt is not None
        return nxt - timedelta(days=1)

    change_source = {(c.code, c.on): c.source for c in changes}

    def checked(code: str, frame: int, day: date | None) -> str | None:
        """The citation of a change checked for the unit's province on ``day``."""
        return VERIFIED.get((province_of(code, frames[frame]) or "", day)) if day else None

    def source_of(code: str, first: int, last: int, start: date | None) -> str:
        if last < n_hist:                       # ended before the legacy list
            return checked(code, last, dates[last + 1]) or S_HISTORY
        if first > n_hist + 1:                  # a change after 2025-07-01
            assert start is not None
            return change_source.get((code, start)) or change_parent_source(
                code, start, change_source) or S_NEW
        if first == n_hist + 1:
            return S_NEW
        src = S_LEGACY
        if start is not None:
            src += f"; from {start.isoformat()}: " + (checked(code, last, start) or S_HISTORY)
        if last > n_hist:                       # continues after 2025-06-30
            src += "; " + S_NEW
        return src

    out_units: list[Version] = []
    for code in sorted(versions, key=lambda c: (len(c), c)):
        for first, last in versions[code]:
            e = frames[last][code]
            if first <= n_hist <= last:
                e = vau.legacy[code]
            assert e is not None
            start, end = start_of(first), end_of(last)
            out_units.append(Version(code, e, start, end, source_of(code, first, last, start)))

    # 4. Transitions.
    trans: list[tuple[date, str, str, str, str]] = []
    for code, runs in versions.items():
        for vi in range(1, len(runs)):
            a, b = runs[vi - 1], runs[vi]
            if a[1] + 1 != b[0]:
                continue
            day = dates[b[0]]
            assert day is not None
            on = day
            if on == REFORM:
                continue  # the 2025 reform: from the converter, below
            if on > REFORM:
                src = change_source.get((code, on)) or change_parent_source(
                    code, on, change_source) or S_SAME_CODE
            elif checked(code, b[0], on):
                src = f"{checked(code, b[0], on)}{SAME_CODE_SUFFIX}"
            else:
                src = S_SAME_CODE + "; " + S_HISTORY
            trans.append((on, code, code, "1", src))
    # Districts closed before 2025 whose communes all went to one district.
    for code, runs in versions.items():
        if len(code) != 3:
            continue
        last = runs[-1][1]
        if last >= n_hist:
            continue
        closed_on = dates[last + 1]
        assert closed_on is not None
        on = closed_on
        kids = {c for c, e in frames[last].items() if e and e.parent == code}
        went = {frames[last + 1][c].parent for c in kids if frames[last + 1].get(c)}
        if kids and len(went) == 1 and all(frames[last + 1].get(c) for c in kids):
            (target,) = went
            assert on is not None and target is not None
            trans.append((on, code, target, "1", S_DISTRICT_CLOSED))
        else:
            notes.append(f"district {code} closed on {on}: successor not derivable "
                         f"(its communes went to {sorted(x for x in went if x)})")
    # The 2025 reform.
    old_frame, new_frame = frames[n_hist], frames[n_hist + 1]
    continuing = {c for c in old_frame if len(c) == 2
                  and version_at[(c, n_hist)] == version_at.get((c, n_hist + 1))}
    for code in sorted(old_frame):
        if len(code) == 2:
            if code in continuing:
                continue
            trans.append((REFORM, code, vau.province_map[code], "1", S_PROV_MAP))
        elif len(code) == 3:
            prov = old_frame[code].parent
            assert prov is not None
            if code in vau.whole:  # an island district without communes -> its đặc khu
                trans.append((REFORM, code, vau.whole[code], "1", S_ISLAND))
            else:
                trans.append((REFORM, code, vau.province_map[prov], "1", S_DISTRICT_END))
        else:
            if code in vau.whole:
                trans.append((REFORM, code, vau.whole[code], "1", S_COMMUNE_WHOLE))
            elif code in vau.parts:
                for nc in vau.parts[code]:
                    trans.append((REFORM, code, nc, "", S_COMMUNE_PART))
            else:
                raise BuildError(f"old commune {code} has no successor in converter_2025.json")
    missing = [c for c in old_frame if len(c) == 3 and old_frame[c] is not None
               and not any(e and e.parent == c for e in old_frame.values())]
    for d in missing:
        notes.append(f"district {d} ({old_frame[d].name}) had no communes on 2025-06-30")
    # Each commune's successors must lie in the new province of its old province (the
    # check restructuring.md §4.2 asks for: province membership through district codes).
    for day, old, new, _, _ in trans:
        if day == REFORM and len(new) == 5:
            district = old_frame[old].parent if len(old) == 5 else old
            assert district is not None
            prov = old_frame[district].parent
            assert prov is not None
            if new_frame[new].parent != vau.province_map[prov]:
                raise BuildError(f"old unit {old} (province {prov}) goes to {new} in "
                                 f"province {new_frame[new].parent}, not "
                                 f"{vau.province_map[prov]}")
    trans.sort(key=lambda t: (t[0], len(t[1]), t[1], t[2]))
    return Output(out_units, trans, notes)


def province_of(code: str, frame: dict[str, Entry]) -> str | None:
    e = frame.get(code)
    while e is not None and e.parent is not None:
        code = e.parent
        e = frame.get(code)
    return code


def change_parent_source(code: str, on: date, change_source: dict[tuple[str, date], str]
                         ) -> str | None:
    """For a unit below a province that changed kind on ``on`` (and so starts a new version
    that day, its parent's version having changed), the citation pointing to that row."""
    if len(code) == 2:
        return None
    for (c, d) in change_source:
        if d == on and len(c) == 2:
            return s_parent_changed(c, on)
    return None


# --- writing --------------------------------------------------------------------------------


UNIT_COLUMNS = ("code", "name_vi", "kind", "parent", "valid_from", "valid_to", "name_en",
                "source")
TRANSITION_COLUMNS = ("on", "old", "new", "share", "source")


def csv_text(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """Plain CSV: no cell holds a comma, a quote or a line break, so nothing is quoted and
    a reader may split lines on commas (the library's loader does, for speed)."""
    lines = [",".join(header)]
    for row in rows:
        cells = list(row)
        for c in cells:
            if any(ch in c for ch in ',"\r\n') or c != c.strip():
                raise BuildError(f"cell {c!r} of {cells} would need quoting")
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def unit_rows(units: list[Version]) -> Iterator[list[str]]:
    for v in sorted(units, key=lambda v: (LEVEL[len(v.code)], v.code,
                                          v.start or date.min)):
        yield [v.code, v.entry.name, v.entry.kind, v.entry.parent or "",
               v.start.isoformat() if v.start else "", v.end.isoformat() if v.end else "",
               english(v.entry.name, v.entry.kind), v.source]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheel", help=f"a local copy of {VAU_WHEEL}")
    ap.add_argument("--history-repo", help=f"a clone of {HISTORY_REPO} (work tree or bare)")
    ap.add_argument("--out", default=str(OUT), help="output directory")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 when the files would change")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = fetch_wheel(args.wheel, Path(tmp))
    vau = read_vau(wheel)
    history = [tlq_units(fetch_snapshot(s, args.history_repo), s.tag) for s in SNAPSHOTS]
    spelling = tlq_units(fetch_snapshot(SPELLING_SNAPSHOT, args.history_repo), "v2.4.1")
    changes = read_changes(CHANGES)
    out = build(vau, history, spelling, changes)
    files = {
        "units.csv": csv_text(UNIT_COLUMNS, unit_rows(out.units)),
        "transitions.csv": csv_text(TRANSITION_COLUMNS, (
            [t[0].isoformat(), t[1], t[2], t[3], t[4]] for t in out.transitions)),
    }
    files["manifest.json"] = manifest(out, files, wheel)
    target = Path(args.out)
    changed = [n for n, text in files.items()
               if not (target / n).exists() or (target / n).read_text("utf-8") != text]
    if args.check:
        for n in changed:
            print(f"{target / n} would change", file=sys.stderr)
        return 1 if changed else 0
    target.mkdir(parents=True, exist_ok=True)
    for n, text in files.items():
        (target / n).write_text(text, "utf-8", newline="\n")
    for line in out.notes:
        print("note:", line)
    print(f"wrote {len(out.units)} units and {len(out.transitions)} transitions to {target}")
    return 0


def manifest(out: Output, files: dict[str, str], wheel: bytes) -> str:
    data = {
        "note": ("Built by tools/build_units.py from the pinned sources below; do not edit "
                 "by hand. units.csv: one row per unit and validity (valid_from/valid_to "
                 "inclusive, empty = open); transitions.csv: 'old' valid the day before 'on', "
                 "'new' valid on 'on', share empty = unknown. See docs/national-units.md."),
        "sources": [
            f"vietnamadminunits {VAU_VERSION} (PyPI), © 2025 Tran Ngoc Minh Hieu, MIT licence "
            "(data/units/LICENSE-vietnamadminunits.txt); "
            f"wheel {VAU_WHEEL} SHA-256 {VAU_SHA256}; data from the NSO directory "
            "(danhmuchanhchinh.gso.gov.vn) and sapnhap.bando.com.vn",
            f"{HISTORY_REPO} (GitHub), © 2021 Thang Le Quoc, MIT licence "
            "(data/units/LICENSE-vietnamese-provinces-database.txt); NSO-derived snapshots at "
            "commits "
            + ", ".join(f"{s.tag} {s.commit}" for s in (*SNAPSHOTS, SPELLING_SNAPSHOT)),
            "tools/units_changes.csv: dated changes after 2025-07-01, each with its source",
        ],
        "inputs": {
            "vietnamadminunits_wheel_sha256": sha256(wheel),
            "snapshots": {s.tag: {"commit": s.commit, "file": HISTORY_FILE, "sha256": s.sha256,
                                  "effect_from": s.on.isoformat()}
                          for s in (*SNAPSHOTS, SPELLING_SNAPSHOT)},
            "changes_sha256": sha256(CHANGES.read_bytes()),
        },
        "files": {n: {"bytes": len(t.encode("utf-8")), "sha256": sha256(t.encode("utf-8")),
                      "rows": t.count("\n") - 1} for n, t in files.items()},
        "build_notes": out.notes,
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except BuildError as exc:
        print(f"build_units: {exc}", file=sys.stderr)
        raise SystemExit(2) from None

"""Properties every bundled data file must have."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

DATA = Path(str(resources.files("childprotect").joinpath("data")))
JSON_FILES = sorted(DATA.rglob("*.json"))


def strings(node: Any, path: str = "$") -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield f"{path}.{k}", k
            yield from strings(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from strings(v, f"{path}[{i}]")


def test_there_are_data_files() -> None:
    assert JSON_FILES


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_text_is_stored_nfc(path: Path) -> None:
    data = json.loads(path.read_text("utf-8"))
    bad = [(p, s) for p, s in strings(data) if not unicodedata.is_normalized("NFC", s)]
    assert not bad, f"{path.name}: not NFC at {bad[:3]}"


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_no_json_floats(path: Path) -> None:
    # Exact values are written as decimal strings; a JSON float would lose exactness.
    floats: list[str] = []
    json.loads(path.read_text("utf-8"), parse_float=lambda s: floats.append(s) or 0)
    assert not floats, f"{path.name}: JSON floats {floats[:5]}"


@pytest.mark.parametrize("folder", ["plans", "national", "units/national"])
def test_bundled_names_and_paths_are_the_same_read_from_the_folder_or_as_resources(
        monkeypatch: pytest.MonkeyPatch, folder: str) -> None:
    """The package's folder is listed directly (no importlib.resources to import); read as
    resources (as from a zip file) it gives the same names and paths."""
    import childprotect.data as data

    for suffix in (".json", ".csv"):
        direct = data.names(folder, suffix)
        paths = [data.path(f"{folder}/{n}{suffix}") for n in direct]
        monkeypatch.setattr(data, "_HERE", None)
        assert data.names(folder, suffix) == direct
        assert [data.path(f"{folder}/{n}{suffix}") for n in direct] == paths
        monkeypatch.undo()
    assert data.names("plans")  # (the folder is not empty)

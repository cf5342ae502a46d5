"""The architecture holds: layers point one way, no import cycle, every package in a layer,
modules of a readable size; and a forbidden import is caught, so the contract can fail."""

from __future__ import annotations

import ast
import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT

SRC = ROOT / "src" / "childprotect"
CONFIG = ROOT / ".importlinter"


def _lint(src_parent: Path, config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src_parent)}
    return subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
         "sys.exit(lint_imports_command())", str(config), "--no-cache"],
        capture_output=True, text=True, env=env, cwd=src_parent, timeout=300)


def _layers() -> list[str]:
    cfg = configparser.ConfigParser()
    cfg.read(CONFIG, encoding="utf-8")
    raw = cfg["importlinter:contract:layers"]["layers"]
    return [name.strip() for line in raw.splitlines() for name in line.split("|")
            if name.strip()]


def test_the_layers_contract_is_kept() -> None:
    got = _lint(ROOT / "src", CONFIG)
    assert got.returncode == 0, got.stdout + got.stderr
    assert "1 kept, 0 broken" in got.stdout


def test_every_package_and_module_is_in_a_layer() -> None:
    children = {p.stem if p.is_file() else p.name for p in SRC.iterdir()
                if (p.is_dir() and (p / "__init__.py").exists())
                or (p.suffix == ".py" and p.stem not in ("__init__", "__main__"))}
    assert children == set(_layers())


@pytest.mark.parametrize(("module", "forbidden"), [
    ("text/vntext.py", "childprotect.cli"),  # the bottom importing an edge
    ("agencies/matrix.py", "childprotect.formats.convert"),  # the domain importing the converter
    ("rollup/result.py", "childprotect.plans"),  # a domain package importing one above it
])
def test_a_forbidden_import_breaks_the_contract(tmp_path: Path, module: str,
                                                forbidden: str) -> None:
    copy = tmp_path / "childprotect"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text(target.read_text("utf-8") + f"\n\nimport {forbidden}  # noqa\n", "utf-8")
    got = _lint(tmp_path, CONFIG)
    assert got.returncode != 0
    assert "BROKEN" in got.stdout and forbidden in got.stdout


def _imports(path: Path, module: str) -> set[str]:
    """The childprotect modules ``module`` imports at run time, at any depth (lazy imports
    inside functions included; imports for type checkers only are not run, so not)."""
    tree = ast.parse(path.read_text("utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    typing_only = {id(n) for node in ast.walk(tree)
                   if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
                   for stmt in node.body for n in ast.walk(stmt)}
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m.startswith("childprotect")}


def test_no_import_cycle_anywhere() -> None:
    """Tarjan's strongly connected components over every import between the modules run
    at any time (lazy ones included): each component is a single module."""
    modules: dict[str, Path] = {}
    for p in SRC.rglob("*.py"):
        parts = list(p.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = p
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for target in _imports(path, name):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            # A package's own __init__ re-exports its modules: not an edge back into them.
            if target and target != name and not name.startswith(target + ".") \
                    and target != "childprotect":
                found.add(target)
        edges[name] = found
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    assert cycles == []


def test_modules_stay_readable() -> None:
    """No module over 600 lines unless its docstring says why (a line starting "Long:")."""
    long = []
    for p in SRC.rglob("*.py"):
        lines = p.read_text("utf-8").count("\n")
        doc = ast.get_docstring(ast.parse(p.read_text("utf-8"))) or ""
        if lines > 600 and "\nLong: " not in f"\n{doc}":
            long.append(f"{p.relative_to(SRC)}: {lines} lines")
    assert long == []


def test_no_package_exports_a_name_of_its_own_modules() -> None:
    """``from childprotect.deadlines import schedule`` must not mean a function or a module
    depending on what was imported before."""
    import importlib

    clashes = []
    for init in SRC.glob("*/__init__.py"):
        package = importlib.import_module(f"childprotect.{init.parent.name}")
        modules = {p.stem for p in init.parent.glob("*.py")} | {
            p.name for p in init.parent.iterdir() if (p / "__init__.py").exists()}
        clashes += [f"{package.__name__}.{n}" for n in getattr(package, "__all__", ())
                    if n in modules]
    assert clashes == []

"""The public API in ``childprotect/__init__.py``."""

from __future__ import annotations

import childprotect
from tests.fresh import loaded_after


def test_every_public_name_resolves() -> None:
    for name in childprotect.__all__:
        assert getattr(childprotect, name) is not None, name
    assert set(childprotect.__all__) <= set(dir(childprotect))


def test_unknown_attribute_is_an_attribute_error() -> None:
    try:
        childprotect.no_such_thing  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("no AttributeError")


def test_a_fresh_process_reports_what_it_imported() -> None:
    """The probe the lightness tests rely on reports an imported module and leaves out
    one not imported (it cannot pass by returning nothing)."""
    assert loaded_after("import fractions", ["fractions", "tkinter"]) == ["fractions"]


def test_import_stays_light() -> None:
    assert loaded_after("import childprotect", [
        "cattrs", "holidays", "pandas", "dask", "icalendar", "numpy",
        "childprotect.formats.convert", "childprotect.deadlines.calendar",
        "childprotect.rollup.aggregate"]) == []


def test_type_checkers_see_every_name_loaded_on_first_use() -> None:
    """Each name of ``_LAZY`` is imported, from the same module, in the ``TYPE_CHECKING``
    block, so that a type checker sees its real type rather than ``Any``."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(childprotect.__file__).read_text("utf-8"))
    typed: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for stmt in node.body:
                if isinstance(stmt, ast.ImportFrom) and stmt.level == 1 and stmt.module:
                    typed.update({alias.name: stmt.module for alias in stmt.names})
    assert {k: typed.get(k) for k in childprotect._LAZY} == childprotect._LAZY
    assert set(childprotect._LAZY) | {"ChildProtectError", "InvalidDate", "InvalidNumber",
                                      "InvalidDocumentNumber", "InvalidPlanFile",
                                      "UnknownName", "UnknownPlan", "ValidationError",
                                      "__version__", "load_plan", "plan_ids",
                                      "check"} == set(childprotect.__all__)

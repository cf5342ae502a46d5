"""Public names of a package loaded on first use (PEP 562).

Each subpackage's ``__init__`` names its public API in a table of name → submodule and
imports the submodule only when a name is first used, so that importing one part of the
library (a rollup, say) does not load the others. Type checkers see the names through
the ``TYPE_CHECKING`` imports beside each table; a test keeps the two in step.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["exports"]


def exports(package: str, names: Mapping[str, str], under: str | None = None
            ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, whose public ``names`` live in the
    given submodules (``{"Rollup": "result"}`` → ``package.result.Rollup``); of the
    package ``under`` when given (a module's names from its neighbours: ``{"Agency":
    "registry"}`` under ``childprotect.agencies``)."""
    home = package if under is None else under

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{home}.{module}"), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *names})

    return __getattr__, __dir__

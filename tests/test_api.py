"""The public API in ``childprotect/__init__.py``."""

from __future__ import annotations

import subprocess
import sys

import childprotect


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


def test_import_stays_light() -> None:
    code = (
        "import sys, childprotect; "
        "print(sorted(m for m in ('cattrs', 'holidays', 'pandas', 'dask', 'icalendar', "
        "'numpy', 'childprotect.io', 'childprotect.calendar', 'childprotect.rollup') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"

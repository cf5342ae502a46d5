"""Every script in examples/ runs to completion."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


def test_there_are_examples() -> None:
    assert EXAMPLES


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(script: Path) -> None:
    res = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         cwd=script.parent, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.strip(), f"{script.name} printed nothing"

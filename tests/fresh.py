"""Running code in a fresh Python process: what a user's first import or first call
loads, which the test process (that has imported everything already) cannot show."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable


def run_fresh(code: str) -> str:
    """What ``code`` prints, run by this Python in a new process (an error fails, showing
    what the process wrote on its standard error)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, f"exit {done.returncode}:\n{done.stderr}"
    return done.stdout.strip()


def loaded_after(code: str, modules: Iterable[str]) -> list[str]:
    """Those of ``modules`` that a new process has imported once it has run ``code``,
    sorted."""
    names = sorted(set(modules))
    got = json.loads(run_fresh(f"import json, sys\n{code}\nprint(json.dumps("
                               f"[m for m in {names!r} if m in sys.modules]))"))
    assert isinstance(got, list)
    return got

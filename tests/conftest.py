"""Shared test setup.

Tests that need the seed document texts are marked ``seeds``. The texts are read from
``$CHILDPROTECT_SEEDS`` or ``../shared/seeds`` beside the checkout. When they are
absent, those tests are deselected and the run says why; under ``CI=true`` their
absence is an error instead, because CI always has them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from .seedtext import CORPUS_DIR, SEEDS_DIR, corpus_available, seeds_available

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("ci", deadline=None, max_examples=100,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") == "true" else "default")

_deselected: list[str] = []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = [m for m, ok in (("seeds", seeds_available()), ("corpus", corpus_available()))
               if not ok]
    if not missing:
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(
            f"the seed texts ({SEEDS_DIR}) or the corpus ({CORPUS_DIR}) are missing: CI must "
            "have them (set CHILDPROTECT_SEEDS and CHILDPROTECT_CORPUS to their folders)"
        )
    keep, drop = [], []
    for item in items:
        (drop if any(item.get_closest_marker(m) for m in missing) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
        _deselected.extend(i.nodeid for i in drop)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _deselected:
        terminalreporter.write_line(
            f"{len(_deselected)} tests deselected: they compare the data with the seed texts "
            f"or the corpus, which are not at {SEEDS_DIR} / {CORPUS_DIR} (set "
            "CHILDPROTECT_SEEDS and CHILDPROTECT_CORPUS to their folders)."
        )


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent

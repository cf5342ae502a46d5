"""Objects shared between threads: a hierarchy's lazily built maps are published whole.

``Hierarchy.chains()`` used to fill its cache in place, so a thread reading it meanwhile
saw a half-built map ("parents form a cycle", ``KeyError``). Each round below builds a
fresh snapshot (cold caches), releases 8 threads on it at once with a tiny switch
interval, and compares every answer with the single-threaded one.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from datetime import date

import pytest

from childprotect.units.hierarchy import Hierarchy
from childprotect.units.national_list import national

THREADS = 8
ROUNDS = 12


@pytest.fixture
def fast_switching() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def _hammer(make: Callable[[], Hierarchy], work: Callable[[Hierarchy], object]
            ) -> list[object]:
    answers: list[object] = []
    errors: list[BaseException] = []
    for _ in range(ROUNDS):
        shared = make()
        gate = threading.Barrier(THREADS)

        def run(h: Hierarchy = shared, gate: threading.Barrier = gate) -> None:
            gate.wait()
            try:
                answers.append(work(h))
            except BaseException as exc:  # collected and reported below
                errors.append(exc)

        threads = [threading.Thread(target=run) for _ in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors, errors[:3]
    return answers


def _snapshot() -> Hierarchy:
    """A new hierarchy, its caches cold (the registry keeps its snapshot per day)."""
    day = national().on(date(2024, 1, 1))
    return day.within(day.roots())


def _chains_of_leaves(h: Hierarchy) -> tuple[tuple[str, ...], ...]:
    return tuple(h.chain(c) for c in h.leaves())


@pytest.mark.usefixtures("fast_switching")
@pytest.mark.parametrize("work", [_chains_of_leaves,
                                  lambda h: tuple(sorted(h.reporting_counts().items())),
                                  lambda h: tuple(sorted(h.chains().items()))],
                         ids=["chain", "reporting_counts", "chains"])
def test_threads_sharing_a_fresh_hierarchy_agree_with_one_thread(
        work: Callable[[Hierarchy], object]) -> None:
    expected = work(_snapshot())
    answers = _hammer(_snapshot, work)
    assert len(answers) == THREADS * ROUNDS
    assert all(a == expected for a in answers)


@pytest.mark.usefixtures("fast_switching")
def test_dask_on_threads_equals_the_one_process_rollup() -> None:
    db = pytest.importorskip("dask.bag", reason="the dask extra is not installed")
    from childprotect.rollup.aggregate import rollup
    from childprotect.rollup.measures import Measure, Measures, Record
    from childprotect.rollup.parallel import rollup_dask

    m = Measures([Measure.count("children")])
    for n in range(5):
        h = _snapshot()
        records = [Record(c, "2024", {"children": i % 97}) for i, c in
                   enumerate(h.reporting_units())]
        bag = db.from_sequence(records, npartitions=8)
        got = rollup_dask(bag, h, m, scheduler="threads")
        assert got.table() == rollup(records, _snapshot(), m).table(), n

"""Benchmark: the full reporting schedule of a five-year plan for all 3,321 communes.

The plan is Thừa Thiên Huế 208/KH-UBND (2021–2025) with every dated duty given to every
commune, so that each of the 3,321 communes gets its own due dates for five years. The
target is at most 0.3 s in-process. For comparison, the same dates computed the way a
user would otherwise do it: a loop over communes with the ``holidays`` package, and a
pandas cross join rolled with ``CustomBusinessDay``.

Run: ``python benchmarks/bench_schedule.py``
"""

from __future__ import annotations

import datetime as dt
import time

import attrs

from childprotect.deadlines.calendar import WorkingCalendar
from childprotect.deadlines.duties import DueKind, Reading
from childprotect.deadlines.schedules import schedule
from childprotect.documents.document import AdminLevel
from childprotect.formats import catalog

N_COMMUNES = 3321
TARGET_S = 0.3


def _plan() -> object:
    plan = catalog.load("thua-thien-hue-208-2021")
    duties = tuple(
        attrs.evolve(d, reporter=attrs.evolve(d.reporter, every=AdminLevel.COMMUNE))
        for d in plan.duties)
    return attrs.evolve(plan, duties=duties)


def _best(fn: object, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    plan = _plan()
    communes = [f"Xã {i:04d}" for i in range(N_COMMUNES)]
    units = {AdminLevel.COMMUNE: communes}
    start, end = dt.date(2021, 1, 1), dt.date(2025, 12, 31)

    cal = WorkingCalendar()
    t0 = time.perf_counter()
    sched = schedule(plan, start, end, units=units, calendar=cal)  # type: ignore[arg-type]
    cold = time.perf_counter() - t0
    warm = _best(lambda: schedule(plan, start, end, units=units,  # type: ignore[arg-type]
                                  calendar=cal))
    n = len(sched.entries)

    # What a user would otherwise write: holidays.VN and a loop per commune.
    import holidays

    def naive() -> list[tuple[str, str, dt.date]]:
        vn = holidays.country_holidays("VN", years=range(2021, 2027), language="vi")
        out = []
        for c in communes:
            for d in plan.duties:  # type: ignore[attr-defined]
                if d.due.kind is DueKind.FIXED_DATE:
                    stated = [d.due.date]
                elif d.due.kind is DueKind.DAY_MONTH:
                    stated = [dt.date(y, m.month, m.day) for y in range(2021, 2026)
                              for m in d.due.day_months]
                else:
                    continue
                for s in stated:
                    day = s - dt.timedelta(days=1)
                    while day.weekday() >= 5 or day in vn:
                        day += dt.timedelta(days=1)
                    out.append((c, d.id, day))
        return out

    t_naive = _best(naive, repeat=2)
    assert len(naive()) == n

    t_pandas = None
    try:
        import pandas as pd

        def with_pandas() -> object:
            vn = holidays.country_holidays("VN", years=range(2021, 2027), language="vi")
            rows = []
            for d in plan.duties:  # type: ignore[attr-defined]
                if d.due.kind is DueKind.FIXED_DATE:
                    rows.append((d.id, d.due.date))
                elif d.due.kind is DueKind.DAY_MONTH:
                    rows += [(d.id, dt.date(y, m.month, m.day)) for y in range(2021, 2026)
                             for m in d.due.day_months]
            due = pd.DataFrame(rows, columns=["duty", "stated"])
            due["raw"] = pd.to_datetime(due["stated"]) - pd.Timedelta(days=1)
            cbd = pd.offsets.CustomBusinessDay(holidays=list(vn))
            due["adjusted"] = due["raw"].map(lambda x: x + 0 * cbd)
            units_df = pd.DataFrame({"reporter": communes})
            return units_df.merge(due, how="cross")

        t_pandas = _best(with_pandas, repeat=2)
    except ImportError:  # pragma: no cover - pandas is optional
        pass

    print(f"communes: {N_COMMUNES}, years: 2021–2025, due dates: {n:,}")
    print(f"childprotect.schedule, first call (loads the holiday years): {cold:.3f} s")
    print(f"childprotect.schedule, warm (best of 5): {warm:.3f} s "
          f"(target ≤ {TARGET_S} s: {'met' if warm <= TARGET_S else 'NOT met'})")
    print(f"loop over communes with holidays.VN (best of 2): {t_naive:.3f} s "
          f"(ratio {t_naive / warm:.1f}×)")
    if t_pandas is not None:
        print(f"pandas cross join + CustomBusinessDay (best of 2): {t_pandas:.3f} s "
              f"(ratio {t_pandas / warm:.1f}×; no reason text, no readings, no policies)")
    print(f"default reading: {Reading.EXCLUSIVE.value}")


if __name__ == "__main__":
    main()

"""Agency name resolution and duty succession: throughput on the bundled data.

1. ``agencies.resolve`` on names as documents write them (every spelling of every kind, in
   four variants: as stored, NFD, upper case, extra spaces), against what a user would
   otherwise write: a pandas table of exact names merged on the raw text (which finds only
   the exact spellings) and the same merge on ``name_key`` (which needs the library's key).
2. ``succession.who_holds`` for every assignment of every bundled plan, on 2026-11-23.
3. ``matrix.render`` of the Huế matrix resolved to that date, as the CLI prints it.

Run: python benchmarks/bench_agencies.py [REPEAT]
"""

from __future__ import annotations

import datetime as dt
import time
import unicodedata

import _args  # (this folder is the script's own, first on the path)

from childprotect.agencies.grid import render
from childprotect.agencies.matrix import agency_of
from childprotect.agencies.registry import registry, resolve
from childprotect.agencies.succession import Duty, who_holds
from childprotect.formats import catalog
from childprotect.text.vntext import _name_key, name_key

REPEAT = int(_args.number(__doc__, "repeat", 20, what="runs of each side"))
ON = dt.date(2026, 11, 23)


def best(fn: object, repeat: int = REPEAT) -> float:
    assert callable(fn)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    reg = registry()
    names = [(n, k.id) for k in reg.kinds for n in k.names]
    variants = []
    for n, kid in names:
        variants += [(n, kid), (unicodedata.normalize("NFD", n), kid), (n.upper(), kid),
                     ("  " + n.replace(" ", "   "), kid)]
    texts = [v for v, _ in variants] * 25
    print(f"names: {len(texts)} lookups ({len(names)} distinct spellings × 4 variants × 25)")

    def lib() -> None:
        for t in texts:
            resolve(t)

    t_lib = best(lib)
    ok = sum(resolve(v).kind == k for v, k in variants)
    print(f"  agencies.resolve:            {t_lib * 1e3:8.1f} ms  "
          f"({len(texts) / t_lib:,.0f} names/s), correct {ok}/{len(variants)}")
    try:
        import pandas as pd
    except ImportError:
        print("  pandas not installed: comparison skipped")
    else:
        table = pd.DataFrame(names, columns=["name", "kind"])
        queries = pd.DataFrame({"name": texts})
        t_exact = best(lambda: queries.merge(table, on="name", how="left"))
        hits = queries.merge(table, on="name", how="left")["kind"].notna().mean()
        print(f"  pandas merge on raw text:    {t_exact * 1e3:8.1f} ms  "
              f"(finds {hits:.0%} of the names)")
        keyed = table.assign(key=table["name"].map(name_key)).drop_duplicates("key")
        _name_key.cache_clear()  # the keys of the names, not kept from before

        def pandas_keyed() -> None:
            q = queries.assign(key=queries["name"].map(name_key))
            q.merge(keyed[["key", "kind"]], on="key", how="left")

        t_keyed = best(pandas_keyed, 3)
        print(f"  pandas merge on name_key:    {t_keyed * 1e3:8.1f} ms (cold key cache, "
              f"best of 3)")
        print(f"  ratio resolve / pandas raw merge: {t_lib / t_exact:.1f}×")

    plans = catalog.load_all()
    duties = [Duty(agency_of(p, a), a.function) for p in plans for a in p.matrix]

    def follow() -> None:
        for d in duties:
            who_holds(d, on=ON)

    t_follow = best(follow)
    print(f"who_holds: {len(duties)} duties of {len(plans)} plans in {t_follow * 1e3:.1f} ms "
          f"({t_follow / len(duties) * 1e6:.0f} µs each)")
    hue = catalog.load("thua-thien-hue-208-2021")
    t_render = best(lambda: render(hue, "text", on=ON))
    print(f"render Huế matrix --on {ON}: {t_render * 1e3:.1f} ms")


if __name__ == "__main__":
    main()

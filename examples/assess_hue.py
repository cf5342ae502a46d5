# %% [markdown]
# # Assessing the Huế plan's targets against observed data
#
# Kế hoạch 208/KH-UBND (Thừa Thiên Huế, 2021–2025) sets 18 numbered targets, which the
# catalogue splits into 33 measured quantities. This notebook-style script (run it as
# `python examples/assess_hue.py`, or cell by cell in an editor that understands `# %%`)
# assesses them against `examples/data/hue-observed.csv`.
#
# **The data is SYNTHETIC**: invented to show the format and every status. It says
# nothing about real children in Huế.

# %%
from __future__ import annotations

from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from childprotect.formats import catalog
from childprotect.formats.observations import read_observed
from childprotect.plans.assessment import (
    Observation,
    Status,
    assess,
    assess_plan,
    decimal_text,
)

DATA = Path(__file__).resolve().parent / "data" / "hue-observed.csv"
plan = catalog.load("thua-thien-hue-208-2021")
print(f"{plan.id}: {len(plan.targets)} targets")

# %% [markdown]
# ## One target, exactly
#
# Chỉ tiêu 6 says "xuống dưới 1,5%": strictly below. With exactly 15 children in special
# circumstances out of 1,000 the share is exactly 1.5%, which is **not** met. Every
# comparison is done on fractions, so no rounding can flip it.

# %%
ct6 = plan.target("CT6.1")
print(ct6.text_vi)
for n in (15, 14):
    a = assess(ct6, Observation(2025, numerator=n, denominator=1000))
    print(f"  {n}/1000 = {decimal_text(a.observed or Fraction(0))}% -> {a.status.value}")

# A float is refused rather than trusted:
try:
    assess(ct6, 0.015)  # type: ignore[arg-type]
except ValueError as exc:
    print(f"  refused: {exc}")

# %% [markdown]
# ## The whole plan against the sample data

# %%
data = read_observed(DATA)
print(f"data: {DATA.name} (synthetic: {data.synthetic})")
for line in data.comments:
    print(f"  # {line}")
results = assess_plan(plan, data)
for a in results:
    if a.status is Status.NO_DATA:
        continue
    observed = "" if a.observed is None else decimal_text(a.observed, 4)
    print(f"{a.target_id:7} {a.status.value:15} {observed:>10} {a.reason.value if a.reason else ''}"
          f"  {a.detail}")

# %% [markdown]
# ## How the plan stands

# %%
counts = Counter(a.status.value for a in results)
print(", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
off = [a.target_id for a in results if a.status in (Status.NOT_MET, Status.OFF_TRACK)]
print("needs attention:", ", ".join(off))

# %% [markdown]
# ## The yearly pace still needed
#
# For a target year in the future, `required_pace` is the change per year needed from
# the latest observation. Chỉ tiêu 9 (injuries down to 550 per 100,000 children):

# %%
ct9 = next(a for a in results if a.target_id == "CT9.1")
print(ct9.detail)
print("needed per year:", decimal_text(ct9.required_pace or Fraction(0)),
      "observed per year:", decimal_text(ct9.observed_pace or Fraction(0)))

# %% [markdown]
# ## A falling count: "giảm từ 2% đến 3% hằng năm"

# %%
ct11 = plan.target("CT11.2")
series = [Observation(2021 + i, value=Decimal(v)) for i, v in enumerate((120, 117, 114))]
a = assess(ct11, series)
print(ct11.text_vi, "->", a.status.value, "|", a.detail)

"""Per-child records into per-commune counts: the age rule and distinct children."""

from __future__ import annotations

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from childprotect.children.tally import tally_children
from childprotect.errors import ValidationError

child = st.tuples(st.sampled_from(["29971", "29956", "29978"]),
                  st.dates(date(2000, 1, 1), date(2026, 12, 31)),
                  st.tuples(st.booleans(), st.booleans(), st.booleans()))


@given(st.lists(child, max_size=40), st.dates(date(2016, 1, 1), date(2026, 12, 31)))
def test_counts_match_ages_computed_independently(rows: list, on: date) -> None:
    lines = ["commune,birth_date,group_a,group_b,group_c"]
    lines += [f"{c},{b.isoformat()},{','.join('1' if f else '0' for f in fl)}"
              for c, b, fl in rows]
    _m, recs = tally_children(lines, on=on, period="p")
    got = {r.unit: r.values for r in recs}
    for code in {c for c, _, _ in rows}:
        mine = [(b, fl) for c, b, fl in rows if c == code
                and b <= on and relativedelta(on, b).years < 16]
        assert got[code]["children"] == len(mine)
        assert got[code]["special"] == sum(1 for _, fl in mine if any(fl))
        for i, g in enumerate(("group_a", "group_b", "group_c")):
            assert got[code][g] == sum(1 for _, fl in mine if fl[i])
    assert set(got) == {c for c, _, _ in rows}


def test_sixteenth_birthday_ends_childhood() -> None:
    lines = ["commune,birth_date,group_a", "1,2008-12-31,0", "1,2009-01-01,0",
             "1,2025-01-01,0"]
    _, recs = tally_children(lines, on=date(2024, 12, 31), period="2024")
    assert recs[0].values["children"] == 1


@pytest.mark.parametrize(("row", "match"), [
    ("1,2008-02-30,0", "line 2: birth_date is not a day"),
    ("1,30/01/2008,0", "line 2: birth_date is not YYYY-MM-DD"),
    ("1,2008-01-30,2", "line 2: group flags must be 0 or 1"),
    ("1,2008-01-30", "line 2: 2 cells"),
])
def test_errors_never_show_the_value(row: str, match: str) -> None:
    with pytest.raises(ValidationError, match=match) as exc:
        tally_children(["commune,birth_date,group_a", row], on=date(2024, 1, 1), period="p")
    assert row.split(",")[1] not in str(exc.value) or "cells" in str(exc.value)


def test_header_is_checked() -> None:
    with pytest.raises(ValidationError, match="commune,birth_date"):
        tally_children(["unit,born"], on=date(2024, 1, 1), period="p")

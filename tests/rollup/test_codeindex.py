"""Unit codes as 64-bit numbers and the index that finds them a column at a time."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

np = pytest.importorskip("numpy", reason="the code index needs numpy (the test extra has it)")

_CODE = st.text(st.sampled_from("0123456789AZaz-_ \n\x00àĐ"), max_size=10)


@given(st.lists(_CODE, max_size=30))
def test_a_code_is_keyed_by_its_bytes_or_looked_up_one_at_a_time(codes: list[str]) -> None:
    """Codes of up to 8 ASCII bytes (no NUL, no line break) are each one 64-bit number,
    their bytes then NULs; for any other list there are no keys (the caller looks each
    code up in a dict)."""
    from childprotect.rollup.codeindex import code_keys

    keys = code_keys(np, codes)
    short = all(c.isascii() and len(c) <= 8 and "\x00" not in c and "\n" not in c
                for c in codes)
    assert (keys is not None) == short
    if keys is not None:
        assert [int(k).to_bytes(8, "little") for k in keys] == [
            c.encode("ascii").ljust(8, b"\x00") for c in codes]


@given(st.lists(st.text("0123456789", min_size=1, max_size=8), unique=True, max_size=300),
       st.lists(st.text("0123456789", min_size=0, max_size=8), max_size=50),
       st.randoms(use_true_random=False))
def test_the_code_index_finds_what_a_dict_finds(codes: list[str], others: list[str],
                                                rnd: random.Random) -> None:
    """Every code is found at its position, in any order; a code that is not one of them
    is not found (-1), whichever bucket it falls in."""
    from childprotect.rollup.codeindex import CodeIndex, code_keys

    index = CodeIndex.of(np, codes)
    assert index is not None
    asked = codes + others
    rnd.shuffle(asked)
    where = {c: i for i, c in enumerate(codes)}
    got = index.find(np, code_keys(np, asked))
    assert got.tolist() == [where.get(c, -1) for c in asked]



def test_codes_that_fall_into_one_bucket_are_left_to_a_dict() -> None:
    """Codes chosen so that more than ``MOST`` share a bucket give no index (each lookup
    would take a step per code of that bucket): the caller looks them up one at a time."""
    from childprotect.rollup.codeindex import MOST, CodeIndex, code_keys

    n = 4 * MOST
    probe = CodeIndex(np, code_keys(np, [str(i) for i in range(n)]))  # (its table's size)
    candidates = [str(i) for i in range(10**7, 10**7 + 10**5)]
    first = probe._bucket(np, code_keys(np, candidates)) == 0
    together = [c for c, f in zip(candidates, first.tolist(), strict=True) if f][:n]
    assert len(together) == n
    assert CodeIndex(np, code_keys(np, together)).most == n
    assert CodeIndex.of(np, together) is None
    assert CodeIndex.of(np, [str(i) for i in range(n)]) is not None


@pytest.mark.parametrize(("code", "keyed"), [("12345678", True), ("123456789", False),
                                              ("", True), ("1\x002", False), ("1\n2", False)])
def test_codes_of_at_most_8_bytes_are_keyed(code: str, keyed: bool) -> None:
    """The edges: 8 bytes are one number, 9 are not; an empty code is 0; a NUL or a line
    break in a code leaves the list to the caller's dict."""
    from childprotect.rollup.codeindex import code_keys

    keys = code_keys(np, ["7", code])
    assert (keys is not None) == keyed
    if keys is not None:
        assert int(keys[1]) == int.from_bytes(code.encode().ljust(8, b"\x00"), "little")

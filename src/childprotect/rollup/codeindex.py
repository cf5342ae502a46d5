"""Unit codes looked up a whole column at a time, in about the same time in any order.

A code of up to 8 ASCII bytes is one 64-bit number (:func:`code_keys`); a
:class:`CodeIndex` finds such numbers among a hierarchy's codes by hashing them into
buckets, every code of a column in each step. Looking codes up one at a time in a dict
reads each code's text, its entry and its number in the order the list gives, which is
slower when that order is not the order they were made in. The communes of the national
registry on 2024-12-31 (10,472), warm: 0.46–0.53 ms here in any of three orders, a dict
0.64 ms in the registry's order and 0.91–1.02 ms shuffled; with the processor's caches
cleared, 0.74–0.91 ms here and 1.66–2.92 ms by the dict (``benchmarks/bench_codes.py``,
2026-12-05). For 3,321 communes, warm, a dict takes the same time (0.13–0.16 ms).
Codes of any other kind are left to the caller's dict.

Needs numpy, which the caller passes in (as ``np``).
"""

from __future__ import annotations

import typing

if typing.TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Keys = npt.NDArray[np.uint64]
    Ints = npt.NDArray[np.intp]

__all__ = ["MOST", "CodeIndex", "code_keys"]

#: For a code of 0 … 8 bytes: the mask of its bytes in the 64-bit number of the 8 bytes
#: that start it (little-endian).
_CODE_MASKS = [(1 << (8 * k)) - 1 for k in range(9)]

#: The multiplier of the codes' hash (2**64 divided by the golden ratio, made odd: Knuth's
#: multiplicative hashing).
_GOLDEN = 0x9E3779B97F4A7C15


def code_keys(np: typing.Any, codes: list[typing.Any]) -> Keys | None:
    """Each code of up to 8 ASCII bytes (no NUL) as one 64-bit number, its bytes then NULs
    (little-endian), read from the codes joined into one text: a pass over the texts in
    the order they are in memory, not in the list's order. None for anything else (a code
    that is longer, not ASCII or not a text), which the caller looks up one at a time.

    >>> import numpy as np
    >>> [int(k).to_bytes(8, "little").rstrip(b"\\x00") for k in code_keys(np, ["29971", "7", ""])]
    [b'29971', b'7', b'']
    >>> hex(int(code_keys(np, ["AB"])[0]))
    '0x4241'
    >>> code_keys(np, ["123456789"]) is None, code_keys(np, ["Hà"]) is None
    (True, True)
    """
    if not codes:
        return typing.cast("Keys", np.zeros(0, dtype=np.uint64))
    try:
        joined = "\n".join(codes)
    except TypeError:
        return None
    if not joined.isascii() or "\x00" in joined:
        return None
    raw = np.frombuffer(f"\n{joined}\n\x00\x00\x00\x00\x00\x00\x00\x00".encode("ascii"),
                        np.uint8)
    breaks = np.flatnonzero(raw == 10)
    if len(breaks) != len(codes) + 1:  # (a code with a line break in it)
        return None
    starts = breaks[:-1] + 1
    lens = breaks[1:] - starts
    if len(lens) and int(lens.max()) > 8:
        return None
    every = np.ndarray(shape=(len(raw) - 7,), dtype="<u8", buffer=raw, strides=(1,))
    keys = every[starts]
    keys &= np.array(_CODE_MASKS, dtype=np.uint64)[lens]
    return typing.cast("Keys", keys)


#: The most codes in one bucket of a :class:`CodeIndex` (more: codes chosen to fall
#: together, which are then looked up one at a time).
MOST = 16


class CodeIndex:
    """A layout's reporting units by the 64-bit numbers of their codes
    (:func:`code_keys`): a hash table of buckets (about four for each unit), looked up
    for a whole column at once, in the same time whatever the order of the codes.

    >>> import numpy as np
    >>> index = CodeIndex.of(np, ["10", "20", "30"])
    >>> index.find(np, code_keys(np, ["30", "10", "40"])).tolist()
    [2, 0, -1]
    """

    __slots__ = ("keys", "most", "positions", "shift", "starts")

    def __init__(self, np: typing.Any, keys: Keys) -> None:
        bits = max(1, (4 * len(keys) - 1).bit_length())
        self.shift = np.uint64(64 - bits)
        bucket = self._bucket(np, keys)
        order = np.argsort(bucket, kind="stable")
        self.keys, self.positions = keys[order], order.astype(np.intp)
        sizes = np.bincount(bucket, minlength=1 << bits)
        self.starts = np.concatenate([np.zeros(1, np.intp), np.cumsum(sizes)])
        self.most = int(sizes.max(initial=0))
        for kept in (self.keys, self.positions, self.starts):  # (shared: never changed)
            kept.setflags(write=False)

    @classmethod
    def of(cls, np: typing.Any, codes: list[str]) -> CodeIndex | None:
        """The index of ``codes`` (distinct); None when one is not a short ASCII code, or
        when more than :data:`MOST` fall into one bucket (a lookup takes a step for each
        code of the fullest bucket: the national registry's have at most 3).

        >>> import numpy as np
        >>> CodeIndex.of(np, ["29971", "29956"]).most <= MOST, CodeIndex.of(np, ["123456789"])
        (True, None)
        """
        keys = code_keys(np, codes)
        if keys is None:
            return None
        index = cls(np, keys)
        return index if index.most <= MOST else None

    def _bucket(self, np: typing.Any, keys: Keys) -> typing.Any:
        # (the product wraps around 2**64, as the hash means it to)
        return ((keys * np.uint64(_GOLDEN)) >> self.shift).astype(np.intp)

    def find(self, np: typing.Any, keys: Keys) -> Ints:
        """Each key's position among the codes, -1 where it is none of them.

        >>> import numpy as np
        >>> CodeIndex.of(np, ["29971"]).find(np, np.array([], dtype=np.uint64)).tolist()
        []
        """
        bucket = self._bucket(np, keys)
        lo = self.starts[bucket]
        size = self.starts[bucket + 1] - lo
        out = np.full(len(keys), -1, dtype=np.intp)
        todo = np.flatnonzero(size)
        for j in range(self.most):
            if not len(todo):
                break
            at = lo[todo] + j
            hit = self.keys[at] == keys[todo]
            out[todo[hit]] = self.positions[at[hit]]
            todo = todo[~hit & (size[todo] > j + 1)]
        return typing.cast("Ints", out)

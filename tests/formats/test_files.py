"""Opening data files and reading them a block of whole lines at a time."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.errors import ValidationError
from childprotect.formats.files import line_blocks, open_data_file


@given(st.binary(max_size=300).map(lambda b: b.replace(b"\r", b"")), st.integers(1, 40))
def test_blocks_of_whole_lines_give_back_every_byte(data: bytes, size: int) -> None:
    blocks = list(line_blocks(io.BytesIO(data), "f.csv", size))
    assert b"".join(b for b, _ in blocks) == data
    assert [last for _, last in blocks] == [False] * (len(blocks) - 1) + [True]
    assert all(b.endswith(b"\n") for b, _ in blocks[:-1])
    assert b"\n" not in blocks[-1][0]


class _Broken(io.BytesIO):
    def read(self, size: int | None = -1) -> bytes:
        raise OSError(5, "Input/output error")


def test_a_file_that_cannot_be_read_is_named(tmp_path: object) -> None:
    with pytest.raises(ValidationError, match=r"cannot read data file f\.csv"):
        list(line_blocks(_Broken(), "f.csv", 8))
    with pytest.raises(ValidationError, match=r"cannot read data file .*nope\.csv: no such file"):
        open_data_file(f"{tmp_path}/nope.csv")

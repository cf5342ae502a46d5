"""Opening data files and reading them a block of whole lines at a time."""

from __future__ import annotations

import errno
import io
from pathlib import Path

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


def test_writing_whole_replaces_a_file_writes_into_a_device_and_refuses_a_folder(
        tmp_path: Path) -> None:
    import os
    import stat

    from childprotect.formats.files import writing_whole

    class Refused(Exception):
        pass

    def fail(exc: OSError) -> Exception:
        return Refused(exc.errno)

    path = tmp_path / "out.bin"
    path.write_bytes(b"old")
    os.chmod(path, 0o640)
    with pytest.raises(RuntimeError), writing_whole(path, fail) as fd:
        os.write(fd, b"half")
        raise RuntimeError  # (a failed block: the old file stays, no part is left)
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["out.bin"]
    with writing_whole(path, fail) as fd:
        os.write(fd, b"new")
    assert path.read_bytes() == b"new" and stat.S_IMODE(os.stat(path).st_mode) == 0o640
    with writing_whole(os.devnull, fail) as fd:  # (a device: written into, not replaced)
        os.write(fd, b"x")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    with pytest.raises(Refused) as info, writing_whole(tmp_path, fail):
        pass
    assert info.value.args == (errno.EISDIR,)

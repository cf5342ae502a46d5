"""``--out FILE`` (cli._outfile): the file gets what standard output would, whole or not
at all, without harming what is there."""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.cli import _outfile
from childprotect.cli._outfile import Spool, not_an_input, output_file, spool_room
from childprotect.errors import ValidationError


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_file_appears_whole_with_the_permissions_of_the_one_it_replaces(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n", "utf-8")
    target.chmod(0o600)  # children's data: whoever made it private keeps it private
    with output_file(str(target), "en"):
        print("a,b")
        assert target.read_text("utf-8") == "old\n"  # not yet
    assert target.read_text("utf-8") == "a,b\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert capsys.readouterr().out == f"wrote {target}\n"
    assert _names(tmp_path) == ["out.csv"]


def test_a_new_file_has_the_permissions_the_shell_would_give_it(tmp_path: Path) -> None:
    mask = os.umask(0o027)
    try:
        with output_file(str(tmp_path / "new.csv"), "en"):
            print("x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o640


def test_a_link_stays_a_link_and_its_file_is_written(tmp_path: Path) -> None:
    (tmp_path / "real.csv").write_text("old\n", "utf-8")
    (tmp_path / "link.csv").symlink_to("real.csv")
    with output_file(str(tmp_path / "link.csv"), "en"):
        print("new")
    assert (tmp_path / "link.csv").is_symlink()
    assert (tmp_path / "real.csv").read_text("utf-8") == "new\n"


def test_a_device_or_a_pipe_is_written_into(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    with output_file(os.devnull, "en"):
        print("thrown away")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)  # still the device
    with output_file("-", "en"):  # standard output, as without --out
        print("shown")
    assert capsys.readouterr().out.startswith(f"wrote {os.devnull}\nshown\n")


def test_a_run_that_fails_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with pytest.raises(ValidationError, match="boom"), output_file(str(target), "en"):
        print("half")
        raise ValidationError("boom")  # type: ignore[arg-type]
    assert _names(tmp_path) == []


def test_a_full_disk_is_named_only_when_it_is_the_output_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(self: object, b: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    target = tmp_path / "out.csv"
    with pytest.raises(OSError, match="elsewhere") as other, output_file(str(target), "en"):
        raise OSError(errno.ENOSPC, "elsewhere")  # another file's disk: not blamed on it
    assert not isinstance(other.value, ValidationError) and _names(tmp_path) == []
    monkeypatch.setattr(_outfile, "_write", full)
    with pytest.raises(ValidationError, match=r"out\.csv: no space left on the disk") as exc, \
            output_file(str(target), "en"):
        print("a line" * 10_000)
    assert exc.value.__cause__ is None and exc.value.__suppress_context__
    assert _names(tmp_path) == []


def test_a_full_spool_says_where_and_what_to_do() -> None:
    with pytest.raises(ValidationError, match="TMPDIR"), spool_room():
        raise OSError(errno.ENOSPC, "No space left on device")
    with pytest.raises(OSError, match="denied"), spool_room():
        raise OSError(errno.EACCES, "denied")  # not a lack of room: as it is


def test_an_input_is_not_overwritten(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text("unit,period,a\n", "utf-8")
    (tmp_path / "same.csv").symlink_to("d.csv")
    for out in (data, tmp_path / "same.csv", tmp_path / "." / "d.csv"):
        with pytest.raises(ValidationError, match="a file the command reads"):
            not_an_input(str(out), [None, str(data)])
    not_an_input(str(tmp_path / "other.csv"), [str(data), None])  # no error
    assert data.read_text("utf-8") == "unit,period,a\n"


@given(st.lists(st.text(max_size=40), max_size=20), st.integers(0, 300))
def test_a_spool_gives_back_every_byte_from_memory_or_from_disk(texts: list[str],
                                                                 limit: int) -> None:
    with Spool(limit) as spool:
        for t in texts:
            spool.write(t.encode("utf-8"))
        out = io.StringIO()  # (no bytes under it: decoded, a character split by a write kept)
        spool.copy_to(out)
        assert out.getvalue() == "".join(texts)
        assert spool.on_disk == (len("".join(texts).encode("utf-8")) > limit)


def test_a_spool_under_text_is_copied_to_the_bytes_of_the_output(
        capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    import sys

    lines = [f"xã {i},{i}\n" for i in range(2000)]
    with Spool(limit=1000) as spool, \
            io.TextIOWrapper(spool, encoding="utf-8", newline="") as text:
        text.writelines(lines)
        text.flush()
        assert spool.on_disk
        spool.copy_to(sys.stdout)
    assert capfdbinary.readouterr().out == "".join(lines).encode("utf-8")


def test_a_spool_written_by_lines_goes_to_disk_past_its_limit() -> None:
    with Spool(limit=10) as spool:
        spool.writelines([b"abcdef", b"ghijkl", b"mn"])
        spool.flush()
        assert spool.on_disk
        out = io.StringIO()
        spool.copy_to(out)
        assert out.getvalue() == "abcdefghijklmn"

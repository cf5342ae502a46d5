"""Opening and reading data files, with errors that name the file and why it cannot be
read (below the readers of every format, which all open files this way); and writing a file
whole (:func:`replacing`), which the command line's outputs and the workbooks share."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import AnyStr

from childprotect.errors import ValidationError
from childprotect.i18n import Message
from childprotect.i18n.oserrors import os_reason

__all__ = ["lf_lines", "line_blocks", "open_data_file", "read_data_bytes", "read_error",
           "replacing", "writing_whole"]

PathLike = str | os.PathLike[str]


def read_error(path: PathLike, exc: OSError) -> ValidationError:
    """The error for a data file that cannot be read, naming it and why."""
    return ValidationError(Message("cannot read data file {name}: {problem}",
                                   name=os.fspath(path), problem=_problem(exc)))


def read_data_bytes(path: PathLike) -> bytes:
    """The bytes of a data file, or an error naming the file and why it cannot be read."""
    name = os.fspath(path)
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise ValidationError(Message("cannot read data file {name}: {problem}", name=name,
                                      problem=_problem(exc))) from None


def open_data_file(path: PathLike) -> typing.BinaryIO:
    """A data file opened for reading bytes, or an error naming the file and why it
    cannot be opened."""
    name = os.fspath(path)
    try:
        f = open(name, "rb")  # noqa: SIM115 (the caller closes it)
    except OSError as exc:
        raise ValidationError(Message("cannot read data file {name}: {problem}", name=name,
                                      problem=_problem(exc))) from None
    return f


def _problem(exc: OSError) -> Message | str:
    """Why a file cannot be read, in words (the system's own words for a rare reason)."""
    return os_reason(exc)


def lf_lines(data: AnyStr) -> AnyStr | None:
    """``data`` (bytes or text) with each line ended by a carriage return and a line break
    (as spreadsheets save CSV) ended by the line break alone; None when a carriage return
    stands anywhere else (which the ``csv`` module would read as a line end of its own).

    >>> lf_lines(b"a,b\\r\\n1,2\\r\\n"), lf_lines("a,b\\n"), lf_lines(b"a\\rb\\n")
    (b'a,b\\n1,2\\n', 'a,b\\n', None)
    """
    cr, crlf, lf = (("\r", "\r\n", "\n") if isinstance(data, str) else
                    (b"\r", b"\r\n", b"\n"))
    n = data.count(cr)
    if not n:
        return data
    if data.count(crlf) != n:
        return None
    return data.replace(crlf, lf)


def line_blocks(f: typing.BinaryIO, source: PathLike, size: int
                ) -> Iterator[tuple[bytes, bool]]:
    """The bytes of ``f``, a block of whole lines (about ``size`` bytes) at a time, and
    whether it is the last block. Every block but the last ends with a line break; the
    last holds what follows the last line break (perhaps nothing)."""
    carry = b""
    while True:
        try:
            chunk = f.read(size)
        except OSError as exc:
            raise read_error(source, exc) from None
        data = carry + chunk
        if not chunk:
            yield data, True
            return
        cut = data.rfind(b"\n") + 1
        if not cut:  # no line break yet: read on
            carry = data
            continue
        carry = data[cut:]
        yield data[:cut], False


@contextlib.contextmanager
def writing_whole(path: str | os.PathLike[str], fail: typing.Callable[[OSError], Exception]
                  ) -> Iterator[int]:
    """A descriptor to write the file ``path`` through, closed when the block ends: a file
    (or nothing yet) at ``path`` is replaced whole once the block ends without an error
    (:func:`replacing`); a device or a pipe is written into, as the shell's ``>`` would; a
    folder is ``fail``'s error, as is an ``OSError`` of finding, opening or replacing the
    file (one of writing it is the caller's)."""
    try:
        found: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise fail(exc) from None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise fail(IsADirectoryError(errno.EISDIR, os.fspath(path)))
    if found is not None and not stat.S_ISREG(found.st_mode):
        try:
            fd = os.open(path, os.O_WRONLY)
        except OSError as exc:
            raise fail(exc) from None
        try:
            yield fd
        finally:
            os.close(fd)
        return
    with replacing(path, found, fail) as fd:
        try:
            yield fd
        finally:
            os.close(fd)


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str], found: os.stat_result | None,
              fail: typing.Callable[[OSError], Exception]) -> Iterator[int]:
    """A new file's descriptor, to write; when the block ends without an error, the file
    replaces ``path`` (or the file a link at ``path`` points to: the link stays), with the
    permissions of the file ``found`` there, or those the shell's ``>`` gives. A block that
    fails leaves no file. ``fail`` makes the error of a file that cannot be written."""
    import tempfile

    target = os.path.realpath(path)
    folder, name = os.path.split(target)
    try:
        fd, part = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise fail(exc) from None
    done = False
    try:
        try:
            os.chmod(part, stat.S_IMODE(found.st_mode) if found is not None else
                     0o666 & ~_umask())
        except OSError as exc:
            os.close(fd)
            raise fail(exc) from None
        yield fd
        try:
            os.replace(part, target)
        except OSError as exc:
            raise fail(exc) from None
        done = True
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(part)


def _umask() -> int:
    """The process's file-creation mask (read by setting it and setting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

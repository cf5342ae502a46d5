"""``--out FILE``: what a command prints, written to a file instead of standard output."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import typing
from collections.abc import Iterator, Sequence

from childprotect.cli._output import copy_bytes, write
from childprotect.errors import ValidationError
from childprotect.formats.files import replacing
from childprotect.i18n import Message
from childprotect.i18n.oserrors import os_reason

if typing.TYPE_CHECKING:
    from _typeshed import ReadableBuffer

__all__ = ["FULL", "Spool", "not_an_input", "output_file", "replacing", "spool_room"]

#: The errors of writing where there is no more room: the disk or the quota full, a file
#: too large, the device failing.
FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG,
                  errno.EIO})


class _WriteFailed(OSError):
    """A write to the output file failed (not a write elsewhere during the command)."""


_write = io.FileIO.write  # (a name a test can replace by a disk that is full)


class _OutFile(io.FileIO):
    """The output file: its failed writes are told apart from any other."""

    def write(self, b: ReadableBuffer, /) -> int:
        try:
            return _write(self, b)
        except OSError as exc:
            raise _WriteFailed(exc.errno, exc.strerror) from None


@contextlib.contextmanager
def output_file(path: str | None, lang: str, inputs: Sequence[str | None] = ()
                ) -> Iterator[None]:
    """What the block prints goes to the file ``path`` (None or ``-``: to standard output,
    as always), in UTF-8, and the line "wrote PATH" is printed after it.

    A file (or the file a link points to) appears whole when the block ends without an
    error: a run that fails leaves no file, and a file already there is kept until then,
    its permissions kept after. A device or a pipe (``/dev/null``, a FIFO) is written
    into, as the shell's ``>`` would. ``path`` may not be one of ``inputs``, the files the
    command reads."""
    if path is None or path == "-":
        yield
        return
    not_an_input(path, inputs)
    try:
        found = os.stat(path)  # (through links)
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    if found is not None and not stat.S_ISREG(found.st_mode):  # (a folder: an error)
        with _writing(path, _opened(path, os.O_WRONLY)):
            yield
    else:
        def fail(exc: OSError) -> ValidationError:
            return _cannot_write(path, exc)

        with replacing(path, found, fail) as fd, _writing(path, _OutFile(fd, "w")):
            yield
    write(Message("wrote {path}", path=path).text(lang))


class Spool(io.BytesIO):
    """Bytes that wait until a command knows its output is right: in memory up to
    ``limit`` bytes, then in a temporary file (whose module is loaded only then: ``tempfile``
    with ``shutil`` took 3.7–6.2 ms under ``python -X importtime`` on 2026-12-05, against
    0.17 s for the whole one-period command; the limit keeps a national period's output,
    1.1 MB in CSV, in memory). For text, wrap it in ``io.TextIOWrapper``.

    >>> with Spool(limit=4) as s:
    ...     _ = s.write(b"ab"); small = s.on_disk
    ...     _ = s.write("cdé".encode()); print(small, s.on_disk)
    ...     out = io.StringIO(); s.copy_to(out); out.getvalue()
    False True
    'abcdé'
    """

    def __init__(self, limit: int = 4 << 20) -> None:
        super().__init__()
        self._limit = limit
        self._file: typing.IO[bytes] | None = None

    @property
    def on_disk(self) -> bool:
        """Whether the bytes have passed the limit, and are in a temporary file."""
        return self._file is not None

    def write(self, b: ReadableBuffer, /) -> int:
        if self._file is not None:
            return self._file.write(b)
        n = super().write(b)
        if self.tell() > self._limit:
            import tempfile

            # (open as long as the spool: closed by close())
            self._file = tempfile.TemporaryFile("w+b")  # noqa: SIM115
            self._file.write(self.getbuffer())
            self.seek(0)
            self.truncate()
        return n

    def writelines(self, lines: typing.Iterable[ReadableBuffer], /) -> None:
        for line in lines:  # (BytesIO's own would not go to disk)
            self.write(line)

    def flush(self) -> None:
        if self._file is not None:  # (a disk with no room for the last bytes fails here)
            self._file.flush()
        super().flush()

    def copy_to(self, out: typing.TextIO) -> None:
        """Everything written, written to ``out`` as ``print`` would write it (the bytes
        are UTF-8). The bytes are read back by this method only."""
        src: typing.IO[bytes] = self if self._file is None else self._file
        src.seek(0)
        copy_bytes(src, out)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


@contextlib.contextmanager
def spool_room() -> Iterator[None]:
    """A block that writes into a spool (a temporary file once it is large): no room left
    there is an error saying where, and what to do."""
    try:
        yield
    except OSError as exc:
        if exc.errno not in FULL or isinstance(exc, _WriteFailed):
            raise
        import tempfile

        raise ValidationError(Message(
            "the temporary folder {folder} has no room for the output, which waits there "
            "until the whole file is read ({strerror}): set TMPDIR to a folder with more "
            "room", folder=tempfile.gettempdir(), strerror=os_reason(exc))) from None


def not_an_input(path: str, inputs: Sequence[str | None]) -> None:
    """An error when ``path`` (an output) is one of ``inputs`` (the files read), which
    writing it would replace."""
    for name in inputs:
        if name is not None and _same(name, path):
            raise ValidationError(Message("--out {path} is a file the command reads: write "
                                          "the output to another file", path=path))


@contextlib.contextmanager
def _writing(path: str, raw: _OutFile) -> Iterator[None]:
    """Standard output redirected to ``raw`` inside the block (UTF-8); a failed write to
    it is an error naming ``path``."""
    try:
        with io.TextIOWrapper(io.BufferedWriter(raw), encoding="utf-8") as f, \
                contextlib.redirect_stdout(f):
            yield
    except _WriteFailed as exc:
        raise _cannot_write(path, exc) from None


def _opened(path: str, flags: int) -> _OutFile:
    try:
        return _OutFile(os.open(path, flags), "w")
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def _same(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # one of them does not exist (yet)
        return False


def _cannot_write(path: str, exc: OSError) -> ValidationError:
    return ValidationError(Message("cannot write {path}: {strerror}", path=path,
                                   strerror=os_reason(exc)))

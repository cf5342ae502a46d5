"""Why a file cannot be read or written, in the reader's language.

The operating system explains a failed open or write in English (``No such file or
directory``); a message quotes :func:`os_reason` instead, which says the common reasons in
words of the catalogue and falls back to the system's own text only for rare ones.

>>> os_reason(FileNotFoundError(2, "No such file or directory")).text("vi")
'không có tệp hoặc thư mục này'
>>> os_reason(OSError(1234567, "Strange failure"))
'Strange failure'
"""

from __future__ import annotations

import errno

from childprotect.i18n import Message

__all__ = ["os_reason"]


def _reasons() -> dict[int, Message]:
    out = {
        errno.ENOENT: Message("no such file or folder"),
        errno.EACCES: Message("permission denied"),
        errno.EPERM: Message("permission denied"),
        errno.EISDIR: Message("it is a folder"),
        errno.ENOTDIR: Message("a part of the path is not a folder"),
        errno.ENOSPC: Message("no space left on the disk"),
        errno.EROFS: Message("the disk is read-only"),
        errno.EEXIST: Message("the file already exists"),
        errno.ENAMETOOLONG: Message("the name is too long"),
        errno.EMFILE: Message("too many files are open"),
        errno.ENFILE: Message("too many files are open"),
        errno.EFBIG: Message("the file is too large"),
        errno.EIO: Message("the device could not be read or written"),
        errno.EBUSY: Message("the file is in use"),
        errno.ELOOP: Message("too many symbolic links in the path"),
    }
    quota = getattr(errno, "EDQUOT", None)
    if quota is not None:
        out[quota] = Message("the disk quota is used up")
    return out


_REASONS = _reasons()


def os_reason(exc: OSError) -> Message | str:
    """Why ``exc`` happened, as a :class:`Message` for the common reasons (no such file,
    permission denied, a folder, no space …), else the system's own text (or the name of
    the exception when it has none)."""
    reason = _REASONS.get(exc.errno) if exc.errno is not None else None
    if reason is not None:
        return reason
    return exc.strerror or type(exc).__name__

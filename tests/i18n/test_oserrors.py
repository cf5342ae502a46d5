"""Why a file cannot be read or written: the common reasons in the reader's language, the
system's own text only for a rare one."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from childprotect.i18n import Message
from childprotect.i18n.oserrors import os_reason

COMMON = [errno.ENOENT, errno.EACCES, errno.EPERM, errno.EISDIR, errno.ENOTDIR, errno.ENOSPC,
          errno.EROFS, errno.EEXIST, errno.ENAMETOOLONG, errno.EMFILE, errno.EFBIG]


@pytest.mark.parametrize("number", COMMON, ids=errno.errorcode.get)
def test_a_common_reason_is_a_message_in_both_languages(number: int) -> None:
    reason = os_reason(OSError(number, os.strerror(number)))
    assert isinstance(reason, Message)
    vi, en = reason.text("vi"), reason.text("en")
    assert vi != en and vi != os.strerror(number)


def test_a_rare_reason_is_the_systems_own_text() -> None:
    assert os_reason(OSError(1234567, "Strange failure")) == "Strange failure"
    assert os_reason(OSError("no number")) == "OSError"


def test_real_errors_are_told_apart(tmp_path: Path) -> None:
    with pytest.raises(OSError) as missing:
        (tmp_path / "missing.csv").read_bytes()
    with pytest.raises(OSError) as folder:
        tmp_path.read_bytes()
    assert os_reason(missing.value) == Message("no such file or folder")
    assert os_reason(folder.value) == Message("it is a folder")
    assert os_reason(folder.value).text("vi") == "đây là một thư mục"

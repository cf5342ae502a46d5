"""The command line's output helpers (cli._output)."""

from __future__ import annotations

from typing import Any

import pytest

from childprotect.cli._output import copy_bytes


@pytest.mark.parametrize("encoding", ["utf-8", "cp1258", None])
def test_spooled_bytes_reach_any_text_stream_whole(encoding: str | None) -> None:
    """The spool's UTF-8 bytes reach standard output as the same text: straight to the
    bytes of a UTF-8 stream, decoded for any other (a letter cut by a block boundary
    included)."""
    import io

    text = "Xã Mỹ Hòa,1\n" + "ệ" * 400_000 + "\n"
    raw = io.BytesIO(text.encode("utf-8"))
    if encoding is None:
        out: Any = io.StringIO()
    else:
        out = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="replace", newline="")
    copy_bytes(raw, out)
    out.flush()
    got = out.getvalue() if encoding is None else out.buffer.getvalue().decode(
        encoding, errors="replace")
    assert got == (text if encoding != "cp1258" else text.encode(
        "cp1258", errors="replace").decode("cp1258"))

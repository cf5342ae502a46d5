"""The command line's output helpers (cli._output)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


@given(st.lists(st.floats(0, 0.002), max_size=12))
@settings(max_examples=25, deadline=None)
def test_calls_behind_run_in_order_and_all_before_the_block_ends(delays: list[float]) -> None:
    """However long each call takes, they run one after another in the order given, and
    every one has run when the ``with`` block ends."""
    import time

    from childprotect.cli._output import Behind

    done: list[int] = []

    def slow(i: int, delay: float) -> None:
        time.sleep(delay)
        done.append(i)

    with Behind() as behind:
        for i, d in enumerate(delays):
            behind.call(slow, i, d)
    assert done == list(range(len(delays)))


def test_an_error_behind_is_raised_and_stops_what_follows() -> None:
    """A call's error is raised to the caller (at its next call, or when the block ends);
    an error of the caller waits for the call under way, and is the one raised."""
    import threading
    import time

    from childprotect.cli._output import Behind
    from childprotect.errors import ValidationError

    def fail() -> None:
        raise ValidationError("behind")

    done: list[str] = []
    with pytest.raises(ValidationError, match="behind"), Behind() as behind:
        behind.call(fail)
        behind.call(done.append, "after")  # the error is raised here: this never runs
    assert done == []
    with pytest.raises(ValidationError, match="behind"), Behind() as behind:
        behind.call(fail)  # raised when the block ends
    gate = threading.Event()
    with pytest.raises(KeyError), Behind() as behind:
        behind.call(lambda: (gate.wait(5), time.sleep(0.05), done.append("written")))
        gate.set()
        raise KeyError("the caller's own error")
    assert done == ["written"]  # the call under way finished before the block ended


def test_the_allocator_is_asked_to_keep_freed_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """glibc's M_TOP_PAD (-2) is set to the pad asked and M_ARENA_MAX (-8) to one heap; a
    C library without ``mallopt``
    (or a platform where the process's symbols cannot be opened) is left alone."""
    import ctypes

    from childprotect.cli._output import keep_freed_memory

    calls: list[tuple[int, int]] = []

    class WithMallopt:
        def __init__(self, name: object) -> None:
            self.mallopt = self

        def __call__(self, option: int, value: int) -> int:
            calls.append((option, value))
            return 1

    monkeypatch.setattr(ctypes, "CDLL", WithMallopt)
    keep_freed_memory(1 << 20)
    assert calls == [(-2, 1 << 20), (-8, 1)]

    class Without:
        def __init__(self, name: object) -> None:
            pass

    monkeypatch.setattr(ctypes, "CDLL", Without)
    keep_freed_memory()  # no mallopt: nothing to do, no error

    def refuse(name: object) -> None:
        raise OSError("no such library")

    monkeypatch.setattr(ctypes, "CDLL", refuse)
    keep_freed_memory()
    assert calls == [(-2, 1 << 20), (-8, 1)]


def test_only_the_commands_own_process_changes_the_allocator(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``command_memory`` sets the allocator once, and only in the command's own process
    (``childprotect.cli.run``): a program that calls ``main()`` keeps its settings."""
    from childprotect.cli import _output

    calls: list[int] = []
    monkeypatch.setattr(_output, "keep_freed_memory", lambda: calls.append(1))
    monkeypatch.setattr(_output, "_SET", [])
    monkeypatch.setattr(_output, "OWN_PROCESS", False)
    _output.command_memory()
    assert calls == []
    monkeypatch.setattr(_output, "OWN_PROCESS", True)
    _output.command_memory()
    _output.command_memory()
    assert calls == [1]


def test_a_command_that_gains_nothing_from_it_leaves_ctypes_alone() -> None:
    """The allocator is set by the column path of ``rollup`` only: other commands do not
    import ``ctypes`` (a hundredth of their time)."""
    import subprocess
    import sys

    code = ("import sys, atexit\n"
            "atexit.register(lambda: print('ctypes' in sys.modules, file=sys.stderr))\n"
            "from childprotect.cli import run\n"
            "sys.argv = ['childprotect', 'groups', '--format', 'json']\n"
            "run()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0
    assert done.stderr.strip().splitlines()[-1] == "False"

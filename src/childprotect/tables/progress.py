"""A progress bar for long work (large CSV files, record streams), on stderr.

It draws only when its stream is a terminal: never in a pipe, a file, a notebook's
captured output or next to JSON. The command line turns it off for ``--format json``.

>>> import io
>>> sink = io.StringIO()          # not a terminal: nothing is written
>>> sum(track(range(1000), total=1000, label="rows", stream=sink))
499500
>>> sink.getvalue()
''
>>> sink = io.StringIO()
>>> with Progress(total=4, label="rows", stream=sink, enabled=True, interval=0) as bar:
...     bar.update(4)
>>> sink.getvalue().splitlines()[-1].strip()
'rows [##############################] 100% 4/4'
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import TextIO, TypeVar

from childprotect.i18n import Message

__all__ = ["Progress", "is_terminal", "track"]

T = TypeVar("T")

_WIDTH = 30


def is_terminal(stream: TextIO | None) -> bool:
    """Whether ``stream`` is an interactive terminal."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except ValueError:  # closed stream
        return False


class Progress:
    """Counts units of work and redraws one line on a terminal, at most every ``interval``
    seconds. ``enabled=None`` means "when the stream is a terminal"."""

    def __init__(self, total: int | None = None, label: str = "", *,
                 stream: TextIO | None = None, enabled: bool | None = None,
                 interval: float = 0.1) -> None:
        if total is not None and total < 0:
            raise ValueError(Message("total must not be negative, got {total}", total=total))
        self.total = total
        self.label = label
        self.count = 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = is_terminal(self.stream) if enabled is None else enabled
        self.interval = interval
        self._last = float("-inf")
        self._drawn = False

    def update(self, n: int = 1) -> None:
        """Add ``n`` units done and redraw if it is time."""
        self.count += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last >= self.interval or self.count == self.total:
            self._last = now
            self._draw()

    def line(self) -> str:
        """The text of the bar as it stands."""
        label = f"{self.label} " if self.label else ""
        if self.total:
            done = min(self.count, self.total)
            filled = done * _WIDTH // self.total
            pct = done * 100 // self.total
            bar = "#" * filled + "." * (_WIDTH - filled)
            return f"{label}[{bar}] {pct:3d}% {self.count:,}/{self.total:,}"
        return f"{label}{self.count:,}"

    def _draw(self) -> None:
        self.stream.write("\r" + self.line())
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Draw the final state and end the line (only if anything was drawn)."""
        if self.enabled:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def track(items: Iterable[T], *, total: int | None = None, label: str = "",
          stream: TextIO | None = None, enabled: bool | None = None) -> Iterator[T]:
    """Yield ``items`` unchanged while counting them on a progress bar."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with Progress(total, label, stream=stream, enabled=enabled) as bar:
        for item in items:
            yield item
            bar.update()

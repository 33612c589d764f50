"""Progress of a long job on stderr: a live line on a terminal, one summary line otherwise.

On a terminal the line is rewritten in place (`\\r`) at most a few times a second, so a
job advancing a million times pays for a handful of writes; in a log (stderr not a TTY) a
live line would be noise, so only the closing summary is printed.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

# Seconds between two redraws of the live line.
REDRAW_EVERY = 0.2
# The terminal's "erase to end of line", so a shorter line leaves no tail of the longer one.
ERASE_TO_END = "\x1b[K"


class Progress:
    """Counts what a job has done and shows it: `advance(n)` as it goes, `close()` at the end."""

    def __init__(
        self,
        total: int | None,
        label: str,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.label = label
        self.count = 0
        self._stream = stream if stream is not None else sys.stderr
        self._clock = clock
        self._live = _is_terminal(self._stream)
        self._started = clock()
        self._drawn_at = self._started
        self._closed = False

    def advance(self, n: int = 1) -> None:
        """Record `n` more items done; redraw the live line if it is due."""
        self.count += n
        if self._live:
            now = self._clock()
            if now - self._drawn_at >= REDRAW_EVERY:
                self._drawn_at = now
                self._stream.write("\r" + self.line(now) + ERASE_TO_END)
                self._stream.flush()

    def close(self) -> None:
        """Print the final line (once): the count, the rate and the time it took."""
        if self._closed:
            return
        self._closed = True
        line = self.line(self._clock())
        self._stream.write(("\r" + line + ERASE_TO_END + "\n") if self._live else (line + "\n"))
        self._stream.flush()

    def line(self, now: float) -> str:
        """`label: 12,345/20,000 rows (61.7%), 8,230 rows/s, 1.5 s, ETA 0.9 s` (the ETA while
        the job runs and the total is known, from the rate so far)."""
        elapsed = max(now - self._started, 1e-9)
        rate = self.count / elapsed
        done = f"{self.count:,}"
        if self.total:
            done += f"/{self.total:,} rows ({100 * self.count / self.total:.1f}%)"
        else:
            done += " rows"
        line = f"{self.label}: {done}, {rate:,.0f} rows/s, {elapsed:.1f} s"
        if self.total and not self._closed and 0 < self.count < self.total:
            line += f", ETA {_duration((self.total - self.count) / rate)}"
        return line

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())

"""The time limit for one file (``--timeout``)."""

from __future__ import annotations

import time

from redact.errors import TimeLimitError


class Clock:
    """Raises `TimeLimitError` from `check` once ``timeout`` seconds have passed (never if None)."""

    def __init__(self, timeout: float | None) -> None:
        if timeout is not None and timeout <= 0:
            raise ValueError(f"timeout must be > 0 seconds, got {timeout}")
        self.timeout = timeout
        self.deadline = None if timeout is None else time.monotonic() + timeout

    def check(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TimeLimitError(f"stopped after the time limit of {self.timeout:g} s")

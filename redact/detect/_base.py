"""Shared lifecycle for the shipped detectors."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import numpy as np


class ClosingDetector:
    """Context-manager plumbing: ``with Detector() as d: ...``; ``close()`` may be called twice."""

    _closed = False

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._closed = True

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError(f"{type(self).__name__} is closed")


def check_frame(frame: np.ndarray) -> np.ndarray:
    """Validate an RGB uint8 frame and return it C-contiguous."""
    if not isinstance(frame, np.ndarray) or frame.dtype != np.uint8:
        raise ValueError("frame must be a uint8 numpy array")
    if frame.ndim != 3 or frame.shape[2] != 3:
        raise ValueError(f"frame must have shape (H, W, 3) (RGB), got {frame.shape}")
    if frame.shape[0] < 1 or frame.shape[1] < 1:
        raise ValueError(f"frame is empty: {frame.shape}")
    return np.ascontiguousarray(frame)


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Silence native libraries that write straight to file descriptor 2 (LiteRT logs on load)."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all
        yield
        return
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)

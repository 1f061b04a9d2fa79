"""Shared plumbing for the shipped parts: closing, frame checks, option parsing."""

from __future__ import annotations

from enum import Enum
from typing import Any

import numpy as np


class ClosingDetector:
    """Context-manager plumbing: ``with Detector() as d: ...``; ``close()`` may be called twice;
    a closed detector refuses work."""

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


def parse_enum(enum: type[Enum], value: object) -> Enum:
    """``enum(value)`` with an error that lists the valid values."""
    try:
        return enum(value)
    except ValueError:
        valid = ", ".join(m.value for m in enum)  # type: ignore[attr-defined]
        name = enum.__name__.lower()
        raise ValueError(f"{value!r} is not a valid {name}; use one of: {valid}") from None

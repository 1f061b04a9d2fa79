"""Detectors: each turns one RGB frame into `Regions`.

A detector is any object with ``detect(frame) -> Regions``; the shipped ones are also context
managers with an idempotent ``close()``.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from redact.detect.blazeface import BlazeFace
from redact.detect.centerface import CenterFace
from redact.detect.ensemble import Ensemble, Scheduled, default_face_detector
from redact.detect.yunet import YuNet
from redact.regions import Regions


@runtime_checkable
class Detector(Protocol):
    """Turns an RGB ``(H, W, 3)`` uint8 frame into the regions it finds."""

    def detect(self, frame: np.ndarray) -> Regions: ...


__all__ = [
    "BlazeFace",
    "CenterFace",
    "Detector",
    "Ensemble",
    "Scheduled",
    "YuNet",
    "default_face_detector",
]

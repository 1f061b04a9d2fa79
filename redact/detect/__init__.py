"""Detectors: each turns one RGB frame into `Regions`.

A detector is any object with ``detect(frame) -> Regions`` (`redact.protocols.Detector`); the
shipped ones are also context managers with an idempotent ``close()``.
"""

from __future__ import annotations

from redact.detect.blazeface import BlazeFace
from redact.detect.centerface import CenterFace
from redact.detect.ensemble import Ensemble, default_face_detector
from redact.detect.yunet import YuNet
from redact.protocols import Detector

__all__ = [
    "BlazeFace",
    "CenterFace",
    "Detector",
    "Ensemble",
    "YuNet",
    "default_face_detector",
]

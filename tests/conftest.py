"""Shared fixtures: the bundled samples, their ground truth, and one set of real models."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def truth() -> dict:
    return json.loads((SAMPLES / "truth.json").read_text())["files"]


@pytest.fixture(scope="session")
def face_detector():
    from redact.detect import default_face_detector

    with default_face_detector() as detector:
        yield detector


def xywh_to_xyxy(boxes) -> np.ndarray:
    b = np.asarray(boxes, np.float32).reshape(-1, 4)
    return np.hstack([b[:, :2], b[:, :2] + b[:, 2:]])

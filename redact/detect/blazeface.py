"""MediaPipe BlazeFace through the Tasks `FaceDetector`, with the models shipped in redact."""

from __future__ import annotations

import atexit
import weakref
from typing import Literal

import numpy as np

from redact._quiet import import_mediapipe_vision
from redact.detect._base import ClosingDetector, check_frame, quiet_stderr
from redact.models import model_bytes
from redact.regions import Regions

_MODELS = {
    "full": "face_detection_full_range_sparse.tflite",
    "short": "face_detection_short_range.tflite",
}


# Detectors still open at exit are closed while the interpreter is intact: mediapipe's own
# finaliser prints a traceback if it has to do it during shutdown.
_open: weakref.WeakSet[BlazeFace] = weakref.WeakSet()
atexit.register(lambda: [d.close() for d in list(_open)])


class BlazeFace(ClosingDetector):
    """BlazeFace face detector (fast; good on faces over ~64 px, weak below).

    Args:
        model: ``"full"`` (full-range, faces up to ~5 m) or ``"short"`` (short-range, close faces).
        threshold: minimum detection confidence.

    Example:
        >>> with BlazeFace() as det:  # doctest: +SKIP
        ...     regions = det.detect(rgb_frame)
    """

    def __init__(self, model: Literal["full", "short"] = "full", threshold: float = 0.5) -> None:
        if model not in _MODELS:
            raise ValueError(f"model must be one of {sorted(_MODELS)}, got {model!r}")
        if not 0 <= threshold <= 1:
            raise ValueError(f"threshold must be in [0, 1], got {threshold}")
        vision = import_mediapipe_vision()
        from mediapipe.tasks.python.core.base_options import BaseOptions

        options = vision.FaceDetectorOptions(
            base_options=BaseOptions(model_asset_buffer=model_bytes(_MODELS[model])),
            min_detection_confidence=threshold,
        )
        with quiet_stderr():
            self._detector = vision.FaceDetector.create_from_options(options)
        self.model = model
        self.threshold = threshold
        _open.add(self)

    def detect(self, frame: np.ndarray) -> Regions:
        """Faces in an RGB uint8 frame."""
        self._check_open()
        import mediapipe as mp

        frame = check_frame(frame)
        with quiet_stderr():  # LiteRT logs an alignment warning on first use
            result = self._detector.detect(mp.Image(image_format=mp.ImageFormat.SRGB, data=frame))
        if not result.detections:
            return Regions.empty()
        boxes, scores = [], []
        for det in result.detections:
            b = det.bounding_box
            boxes.append([b.origin_x, b.origin_y, b.origin_x + b.width, b.origin_y + b.height])
            scores.append(det.categories[0].score if det.categories else self.threshold)
        return Regions(xyxy=np.array(boxes, np.float32), score=np.array(scores), kind="face")

    def close(self) -> None:
        if not self._closed and getattr(self, "_detector", None) is not None:
            with quiet_stderr():
                self._detector.close()
        super().close()

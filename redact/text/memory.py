"""Text already read in a video, kept where the camera has moved it.

Reading the lines of a frame costs about as much as finding them (a hospital frame often holds
ten lines or more), and a wall seen from a moving phone shows the same lines run after run.
A line found again at the same place (after camera motion) *and* looking the same is not read
again. Every line is still read afresh every few runs, and a line whose pixels changed (a screen
showing the next patient) is always read again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from redact.motion import warp_boxes
from redact.regions import Regions, box_iou

_SIG_HEIGHT = 12


def signature(crop: np.ndarray) -> np.ndarray:
    """A small, brightness-normalised grey thumbnail of a straightened line."""
    grey = cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY).astype(np.float32)
    width = max(_SIG_HEIGHT, round(_SIG_HEIGHT * grey.shape[1] / max(1, grey.shape[0])))
    small = cv2.resize(grey, (width, _SIG_HEIGHT), interpolation=cv2.INTER_AREA)
    return (small - small.mean()) / (small.std() + 8.0)


def similar(a: np.ndarray, b: np.ndarray, tolerance: float) -> bool:
    if abs(a.shape[1] - b.shape[1]) > max(1, 0.06 * a.shape[1]):
        return False
    w = min(a.shape[1], b.shape[1])
    return float(np.abs(a[:, :w] - b[:, :w]).mean()) < tolerance


@dataclass
class _Line:
    box: np.ndarray
    sig: np.ndarray
    text: str
    age: int  # runs since it was last actually read


class LineMemory:
    """Recognised lines from earlier runs of a video's OCR.

    Args:
        min_iou: how well a line found now must overlap a remembered one (after camera motion).
        tolerance: how different their thumbnails may be (mean absolute difference of normalised
            grey levels).
        max_age: a line is read again after this many runs of being remembered.
    """

    def __init__(self, min_iou: float = 0.6, tolerance: float = 0.45, max_age: int = 3) -> None:
        self.min_iou, self.tolerance, self.max_age = min_iou, tolerance, max_age
        self._lines: list[_Line] = []

    def reset(self) -> None:
        self._lines = []

    def move(self, affine: np.ndarray) -> None:
        if self._lines:
            boxes = warp_boxes(np.array([x.box for x in self._lines]), affine)
            for line, box in zip(self._lines, boxes):
                line.box = box

    def read(
        self, lines: Regions, crops: list[np.ndarray], read: Callable[[list], list[str]]
    ) -> tuple[list[str], int]:
        """The text of each line: remembered where the line is still there and looks the same,
        otherwise read with ``read`` (a list of crops in, their texts out); and how many lines
        were read. This run's lines are then remembered, and only they."""
        sigs = [signature(c) for c in crops]
        ages = [0] * len(lines)
        texts: list[str | None] = [None] * len(lines)
        if self._lines and len(lines):
            ious = box_iou(lines.xyxy, np.array([x.box for x in self._lines]))
            for i, sig in enumerate(sigs):
                for j in np.argsort(-ious[i]):
                    if ious[i, j] < self.min_iou:
                        break
                    old = self._lines[j]
                    if old.age < self.max_age and similar(sig, old.sig, self.tolerance):
                        texts[i], ages[i] = old.text, old.age + 1
                        break
        todo = [i for i, t in enumerate(texts) if t is None]
        for i, text in zip(todo, read([crops[i] for i in todo])):
            texts[i] = text
        self._lines = [
            _Line(box.copy(), sig, str(text or ""), age)
            for box, sig, text, age in zip(lines.xyxy, sigs, texts, ages)
        ]
        return texts, len(todo)  # type: ignore[return-value]

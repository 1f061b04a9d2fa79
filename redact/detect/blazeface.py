"""MediaPipe's BlazeFace models, run by LiteRT (the runtime inside MediaPipe) with redact's own
pre- and post-processing.

MediaPipe's Tasks ``FaceDetector`` wraps these models in a graph that copies each frame and hands
it between threads, at more CPU a frame for the same recall (docs/CHANGELOG.md). The
steps are those of MediaPipe's face detection graph: letterbox to the model's square input with
values in [-1, 1] (bilinear, as MediaPipe scales), decode the boxes against its SSD anchors, merge
overlapping boxes by its weighted non-maximum suppression.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from itertools import groupby
from typing import Literal

import cv2
import numpy as np

from redact._quiet import quiet_stderr
from redact.base import ClosingDetector, check_frame
from redact.models import model_bytes
from redact.regions import Regions, box_iou


@dataclass(frozen=True)
class _Spec:
    """One BlazeFace model and its anchor layout (MediaPipe's SsdAnchorsCalculator options)."""

    file: str
    size: int  # square input side
    strides: tuple[int, ...]  # one per anchor layer; equal neighbours share a grid
    per_layer: int  # anchors per cell per layer


_SPECS = {
    "full": _Spec("face_detection_full_range_sparse.tflite", 192, (4,), 1),
    "short": _Spec("face_detection_short_range.tflite", 128, (8, 16, 16, 16), 2),
}
_MERGE_IOU = 0.3  # MediaPipe's min_suppression_threshold


def anchors(spec: _Spec) -> np.ndarray:
    """Anchor centres (x, y), normalised to the input, in the order of the model's outputs.

    Anchors are of fixed size (1 x 1), so only their centres matter; layers with the same stride
    share one grid, each cell carrying ``per_layer`` anchors for each of them.
    """
    centres = []
    for stride, layers in groupby(spec.strides):
        cells = -(-spec.size // stride)
        ys, xs = np.mgrid[0:cells, 0:cells]
        grid = np.stack([(xs + 0.5) / cells, (ys + 0.5) / cells], axis=-1).reshape(-1, 2)
        centres.append(np.repeat(grid, spec.per_layer * len(list(layers)), axis=0))
    return np.concatenate(centres).astype(np.float32)


def weighted_nms(boxes: np.ndarray, scores: np.ndarray, iou: float = _MERGE_IOU) -> tuple:
    """MediaPipe's weighted non-maximum suppression: the best box and every remaining box
    overlapping it by more than ``iou`` become one box, their score-weighted mean, with the
    best score."""
    order = np.argsort(-scores, kind="stable")
    boxes, scores = boxes[order], scores[order]
    overlaps = box_iou(boxes, boxes)
    left = np.ones(len(boxes), bool)
    kept_boxes, kept_scores = [], []
    for i in range(len(boxes)):
        if not left[i]:
            continue
        group = left & (overlaps[i] > iou)
        group[i] = True
        weights = scores[group]
        kept_boxes.append((boxes[group] * weights[:, None]).sum(axis=0) / weights.sum())
        kept_scores.append(scores[i])
        left &= ~group
    return np.array(kept_boxes, np.float32).reshape(-1, 4), np.array(kept_scores, np.float32)


class BlazeFace(ClosingDetector):
    """BlazeFace face detector (fast; good on faces over ~64 px, weak below).

    Args:
        model: ``"full"`` (full-range, faces up to ~5 m) or ``"short"`` (short-range, close faces).
        threshold: minimum detection confidence.
        threads: inference threads. One (the default) costs the least CPU; two finish a frame
            sooner for more CPU.

    Example:
        >>> with BlazeFace() as det:  # doctest: +SKIP
        ...     regions = det.detect(rgb_frame)
    """

    def __init__(
        self, model: Literal["full", "short"] = "full", threshold: float = 0.5, threads: int = 1
    ) -> None:
        if model not in _SPECS:
            raise ValueError(f"model must be one of {sorted(_SPECS)}, got {model!r}")
        if not 0 <= threshold <= 1:
            raise ValueError(f"threshold must be in [0, 1], got {threshold}")
        if threads < 1:
            raise ValueError(f"threads must be >= 1, got {threads}")
        from ai_edge_litert.interpreter import Interpreter

        self.model, self.threshold = model, threshold
        self._spec = _SPECS[model]
        self._anchors = anchors(self._spec)
        with quiet_stderr():  # LiteRT announces its XNNPACK delegate on fd 2
            self._net = Interpreter(model_content=model_bytes(self._spec.file), num_threads=threads)
            self._net.allocate_tensors()
        self._input = self._net.get_input_details()[0]["index"]
        # Two outputs: boxes (N, 16: box then 6 key points) and scores (N, 1).
        outputs = sorted(self._net.get_output_details(), key=lambda o: -o["shape"][-1])
        self._boxes_out, self._scores_out = (o["index"] for o in outputs)
        size = self._spec.size
        self._tensor = np.empty((1, size, size, 3), np.float32)
        self._lock = threading.Lock()  # one interpreter: one call at a time

    def detect(self, frame: np.ndarray) -> Regions:
        """Faces in an RGB uint8 frame."""
        self._check_open()
        frame = check_frame(frame)
        h, w = frame.shape[:2]
        size = self._spec.size
        scale = size / max(h, w)
        rw, rh = max(1, round(w * scale)), max(1, round(h * scale))
        left, top = (size - rw) // 2, (size - rh) // 2
        small = cv2.resize(frame, (rw, rh), interpolation=cv2.INTER_LINEAR)
        with self._lock:
            tensor = self._tensor
            tensor.fill(-1.0)  # black border
            np.multiply(small, 1 / 127.5, out=tensor[0, top : top + rh, left : left + rw])
            tensor[0, top : top + rh, left : left + rw] -= 1.0
            self._net.set_tensor(self._input, tensor)
            self._net.invoke()
            raw = self._net.get_tensor(self._scores_out)[0, :, 0]
            keep = np.nonzero(raw >= _logit(self.threshold))[0]
            if not len(keep):
                return Regions.empty()
            found = self._net.get_tensor(self._boxes_out)[0, keep, :4] / size
        scores = 1 / (1 + np.exp(-np.clip(raw[keep], -100, 100)))
        centre = found[:, :2] + self._anchors[keep]
        half = found[:, 2:] / 2
        boxes, scores = weighted_nms(np.hstack([centre - half, centre + half]), scores)
        # From the letterboxed input back to the frame's pixels.
        boxes = (boxes * size - [left, top, left, top]) / scale
        return Regions(xyxy=boxes.astype(np.float32), score=scores, kind="face")

    def close(self) -> None:
        self._net = None
        super().close()


def _logit(p: float) -> float:
    """The raw score whose sigmoid is ``p`` (scores are compared before the sigmoid)."""
    p = min(max(p, 1e-7), 1 - 1e-7)
    return float(np.log(p / (1 - p)))

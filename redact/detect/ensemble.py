"""Run several detectors on the same frame and merge what they find."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from redact.base import ClosingDetector
from redact.protocols import Detector
from redact.regions import Regions
from redact.schedule import close_part


def union(parts: Iterable[Regions], iou_threshold: float = 0.3) -> Regions:
    """Several detectors' regions as one set: overlapping boxes of one kind become one region
    covering them all (NMS that keeps the union). Regions with a polygon (text lines, which
    may be tilted) are kept as they are: the boxes round two tilted lines overlap, the lines do
    not, and the box of their union would cover the picture between them."""
    found = Regions.merge(parts)
    if not len(found):
        return found
    shaped = np.array([p is not None for p in found.polygon])
    boxes = found[~shaped]
    kinds = np.unique(boxes.kind.astype(str)) if len(boxes) else []
    merged = [boxes[boxes.kind == k].nms(iou_threshold, union=True) for k in kinds]
    return Regions.merge([*merged, found[shaped]])


class Ensemble(ClosingDetector):
    """The union of several detectors' regions (see `union`).

    Args:
        detectors: the detectors to run, each with ``detect(frame) -> Regions``.
        iou_threshold: boxes of the same kind overlapping more than this are one region.
    """

    def __init__(self, detectors: Sequence[Detector], iou_threshold: float = 0.3) -> None:
        if not detectors:
            raise ValueError("an Ensemble needs at least one detector")
        self.detectors = list(detectors)
        self.iou_threshold = iou_threshold

    def detect(self, frame: np.ndarray) -> Regions:
        """Every region any detector finds, overlapping ones merged."""
        self._check_open()
        return union((d.detect(frame) for d in self.detectors), self.iou_threshold)

    def close(self) -> None:
        for d in self.detectors:
            close_part(d)
        super().close()


# BlazeFace only adds faces it is sure of: at 0.5 its false positives cost more CenterFace recall
# (through the threshold needed for one false positive per image) than it found.
BLAZEFACE_THRESHOLD = 0.7
# YuNet in the photo ensemble: on ../shared/data/faces, 0.4 hides most faces for under a tenth of
# the picture outside faces changed (benchmarks/faces.py, the coverage table).
YUNET_PHOTO_THRESHOLD = 0.4


def default_face_detector(threads: int = 0) -> Ensemble:
    """The default face detector for photos: BlazeFace full-range and short-range, CenterFace
    at several scales, and YuNet at half, full and twice the size (``threads``: CenterFace's
    onnxruntime threads, 0 for every core).

    Each finds faces the others miss: BlazeFace large, close faces; CenterFace small, turned and
    half-hidden ones; YuNet small faces read at twice the size and large turned ones at half.
    """
    from redact.detect.blazeface import BlazeFace
    from redact.detect.centerface import CenterFace
    from redact.detect.yunet import YuNet

    return Ensemble(
        [
            BlazeFace("full", threshold=BLAZEFACE_THRESHOLD),
            BlazeFace("short", threshold=BLAZEFACE_THRESHOLD),
            CenterFace(threads=threads),
            YuNet(YUNET_PHOTO_THRESHOLD, scales=(0.5, 1.0, 2.0)),
        ]
    )

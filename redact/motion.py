"""How the camera moved between two frames, and where one shot ends and the next begins.

Phone footage pans, zooms and shakes. Between two runs of a slow detector every region has to
move with the picture, so each frame gets the similarity transform (shift, zoom, roll) that maps
the previous frame onto it, from corners tracked by sparse optical flow on a small grey copy.
A frame that shares almost nothing with the one before is a cut: regions must not be carried
across it, and every detector has to look at the new shot at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

IDENTITY = np.array([[1, 0, 0], [0, 1, 0]], np.float64)


@dataclass(frozen=True)
class Motion:
    """The change from the previous frame to this one.

    Attributes:
        affine: 2x3 transform taking a point in the previous frame to this frame (identity at
            the start of a shot or when the motion is lost).
        cut: this frame starts a new shot (also true for the very first frame).
        lost: the motion could not be measured (blur of a fast pan, a blank wall): regions are
            kept where they were and should be looked for again soon.
        moved: how much new picture came in, as a fraction of the frame (shift and zoom).
    """

    affine: np.ndarray
    cut: bool = False
    lost: bool = False
    moved: float = 0.0


class CameraMotion:
    """Measures camera motion frame by frame.

    Args:
        width: frames are analysed at this width (grey, area-resized).
        cut_threshold: a frame whose grey histogram correlates less than this with the previous
            one is a cut.
    """

    def __init__(self, width: int = 320, cut_threshold: float = 0.6) -> None:
        self.width = width
        self.cut_threshold = cut_threshold
        self._prev: np.ndarray | None = None
        self._prev_hist: np.ndarray | None = None

    def reset(self) -> None:
        """Forget the previous frame: the next one starts a shot."""
        self._prev = self._prev_hist = None

    def update(self, frame: np.ndarray) -> Motion:
        """The motion from the previous frame given to ``update`` to ``frame`` (RGB)."""
        h, w = frame.shape[:2]
        scale = min(1.0, self.width / w)
        grey = cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY)
        if scale < 1:
            size = (max(1, round(w * scale)), max(1, round(h * scale)))
            grey = cv2.resize(grey, size, interpolation=cv2.INTER_AREA)
        hist = cv2.calcHist([grey], [0], None, [32], [0, 256])
        cv2.normalize(hist, hist)
        prev, prev_hist = self._prev, self._prev_hist
        self._prev, self._prev_hist = grey, hist
        if prev is None or prev.shape != grey.shape:
            return Motion(IDENTITY, cut=True)
        if cv2.compareHist(prev_hist, hist, cv2.HISTCMP_CORREL) < self.cut_threshold:
            return Motion(IDENTITY, cut=True)
        affine = _similarity(prev, grey)
        if affine is None:
            return Motion(IDENTITY, lost=True, moved=1.0)
        affine[:, 2] /= scale  # the shift back in full-size pixels
        zoom = float(np.hypot(affine[0, 0], affine[1, 0]))
        moved = abs(affine[0, 2]) / w + abs(affine[1, 2]) / h + abs(np.log(max(zoom, 1e-6)))
        return Motion(affine, moved=float(moved))


def _similarity(prev: np.ndarray, grey: np.ndarray) -> np.ndarray | None:
    """The shift/zoom/roll taking ``prev`` onto ``grey``, or None if too little could be tracked.

    A picture with nothing to track (a blank wall, a black frame) has not visibly moved."""
    points = cv2.goodFeaturesToTrack(prev, maxCorners=200, qualityLevel=0.01, minDistance=7)
    if points is None or len(points) < 8:
        return IDENTITY.copy()
    moved, status, _ = cv2.calcOpticalFlowPyrLK(prev, grey, points, None, winSize=(21, 21))
    ok = status.ravel() == 1
    if ok.sum() < max(8, 0.3 * len(points)):
        return None
    affine, inliers = cv2.estimateAffinePartial2D(
        points[ok], moved[ok], method=cv2.RANSAC, ransacReprojThreshold=1.5
    )
    if affine is None or inliers is None or inliers.sum() < max(6, 0.25 * ok.sum()):
        return None
    return affine


def warp_boxes(xyxy: np.ndarray, affine: np.ndarray) -> np.ndarray:
    """Boxes moved by a 2x3 transform: the bounds of each box's transformed corners. Given a
    stack of transforms (..., 2, 3), a stack of moved box sets (..., N, 4)."""
    xyxy = np.asarray(xyxy, np.float64).reshape(-1, 4)
    affine = np.asarray(affine, np.float64)
    if not len(xyxy):
        return np.zeros((*affine.shape[:-2], 0, 4), np.float32)
    corners = xyxy[:, [0, 1, 2, 1, 2, 3, 0, 3]].reshape(-1, 4, 2)  # (N, 4, 2)
    linear = np.swapaxes(affine[..., :2], -1, -2)[..., None, :, :]
    out = corners @ linear + affine[..., None, None, :, 2]
    return np.concatenate([out.min(axis=-2), out.max(axis=-2)], axis=-1).astype(np.float32)


def invert(affine: np.ndarray) -> np.ndarray:
    """The inverse of a 2x3 transform."""
    return cv2.invertAffineTransform(np.asarray(affine, np.float64))


def compose(outer: np.ndarray, inner: np.ndarray) -> np.ndarray:
    """The 2x3 transform that applies ``inner`` and then ``outer``."""
    out = outer[:, :2] @ inner
    out[:, 2] += outer[:, 2]
    return out

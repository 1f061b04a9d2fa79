"""Small factories and readers shared by the tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from redact.regions import Regions

MAGENTA = (255, 0, 255)


def regions(*boxes, **fields) -> Regions:
    """`Regions` from xyxy boxes, e.g. ``regions([0, 0, 10, 10], score=[0.5])``."""
    return Regions(xyxy=np.array(boxes, np.float32).reshape(-1, 4), **fields)


def video_frames(path: Path) -> list[np.ndarray]:
    """Every frame of a video, upright RGB, read with PyAV directly (not through redact)."""
    import av

    out = []
    with av.open(str(path)) as c:
        for f in c.decode(video=0):
            a = f.to_ndarray(format="rgb24")
            k = round((f.rotation or 0) / 90) % 4
            out.append(np.ascontiguousarray(np.rot90(a, k)) if k else a)
    return out


def face_mask(w: int, h: int) -> np.ndarray:
    """The face itself: the ellipse inscribed in its truth box (corners are hair or background)."""
    ys = (np.arange(h) + 0.5 - h / 2) / (h / 2)
    xs = (np.arange(w) + 0.5 - w / 2) / (w / 2)
    return ys[:, None] ** 2 + xs[None, :] ** 2 <= 1.0


def magenta_fraction(frame: np.ndarray, xywh) -> float:
    """Fraction of the face in box ``xywh`` painted (near) magenta."""
    x, y, w, h = (int(v) for v in xywh)
    roi = frame[y : y + h, x : x + w].astype(int)
    painted = np.abs(roi - MAGENTA).max(axis=2) < 60
    return float(painted[face_mask(*roi.shape[1::-1])].mean())


def face_hidden(before: np.ndarray, after: np.ndarray, xywh) -> bool:
    """True when the face in ``xywh`` is no longer there: its detail is gone and pixels changed.

    Over the face ellipse, fine detail (Laplacian energy) must drop by 70 % and the mean change
    must be visible.
    """
    import cv2

    x, y, w, h = (int(v) for v in xywh)
    a = before[y : y + h, x : x + w]
    b = after[y : y + h, x : x + w]
    inside = face_mask(*a.shape[1::-1])
    detail = [
        cv2.Laplacian(cv2.cvtColor(r, cv2.COLOR_RGB2GRAY), cv2.CV_64F)[inside].var() for r in (a, b)
    ]
    changed = np.abs(a.astype(int) - b.astype(int))[inside].mean()
    return detail[1] <= 0.3 * detail[0] and changed >= 4


def filled_fraction(frame: np.ndarray, xywh) -> float:
    """Fraction of box ``xywh`` painted (near) magenta: text is filled over its whole box."""
    x, y, w, h = (int(round(v)) for v in xywh)
    roi = frame[max(0, y) : y + h, max(0, x) : x + w].astype(int)
    return float((np.abs(roi - MAGENTA).max(axis=2) < 40).mean()) if roi.size else 1.0


def changed_fraction(before: np.ndarray, after: np.ndarray, xywh) -> float:
    """Fraction of box ``xywh`` whose pixels changed visibly (a sign that should stay)."""
    x, y, w, h = (int(round(v)) for v in xywh)
    a = before[max(0, y) : y + h, max(0, x) : x + w].astype(int)
    b = after[max(0, y) : y + h, max(0, x) : x + w].astype(int)
    return float((np.abs(a - b).max(axis=2) > 30).mean()) if a.size else 0.0

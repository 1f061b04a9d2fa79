"""Independent synthetic hospital scenes with exact text truth.

``make_scene(seed)`` draws 1-4 flat panels (patient list on a monitor, ward whiteboard, clinic
letter, wristband, staff badge, label, sign), warps each into a cluttered room photo with a
rotation and a perspective tilt, degrades the photo as a phone and a messaging app would, and
returns the image with every scored string's polygon in the final pixels.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from benchmarks.wild import layouts, small, warp
from benchmarks.wild.sheet import Sheet

Gen = np.random.Generator
LAYOUTS: dict[str, Callable[[Gen, float], Sheet]] = {
    "monitor_list": layouts.monitor_list,
    "whiteboard": layouts.whiteboard,
    "letter": layouts.letter,
    "wristband": small.wristband,
    "badge": small.badge,
    "label": small.label,
    "signage": small.signage,
}
# Target x-height in the final photo, pixels (log-uniform between the bounds).
X_HEIGHT = {
    "monitor_list": (8, 20),
    "whiteboard": (12, 34),
    "letter": (8, 18),
    "wristband": (8, 20),
    "badge": (9, 22),
    "label": (8, 20),
    "signage": (18, 80),
}
SIZES = [
    (1280, 720),
    (1920, 1080),
    (1080, 1920),
    (720, 1280),
    (2048, 1536),
    (1536, 2048),
    (3024, 4032),
    (4032, 3024),
    (1600, 1200),
    (2560, 1440),
    (1440, 2560),
    (3264, 2448),
]
MIN_X_HEIGHT = 8.0


def _choose_layouts(rng: Gen) -> list[str]:
    n = int(rng.choice([1, 2, 2, 3, 3, 4]))
    pool = [k for k in LAYOUTS if k != "signage"]
    names = [pool[int(i)] for i in rng.integers(0, len(pool), n)]
    if rng.random() < 0.9:  # signs in most scenes, often several
        names += ["signage"] * int(rng.choice([1, 2, 2, 3]))
    return names


def _place(
    rng: Gen, name: str, region: tuple[int, int, int, int], seed: int
) -> tuple[Sheet, np.ndarray, float]:
    """Render panel ``name`` and find the homography that puts it in ``region``; the panel is
    re-rendered smaller (same content) until it fits or its text reaches the minimum size."""
    lo, hi = X_HEIGHT[name]
    xh = float(np.exp(rng.uniform(np.log(lo), np.log(hi))))
    rx0, ry0, rx1, ry1 = region
    margin = 0.04 * min(rx1 - rx0, ry1 - ry0)
    room_w, room_h = rx1 - rx0 - 2 * margin, ry1 - ry0 - 2 * margin
    shape_rng = np.random.default_rng(seed + 1)
    sheet = LAYOUTS[name](np.random.default_rng(seed), xh)
    corners = warp.panel_corners(shape_rng, sheet.width, sheet.height)
    for _ in range(4):
        span = corners.max(0) - corners.min(0)
        fit = min(room_w / span[0], room_h / span[1])
        if fit >= 1 or xh <= MIN_X_HEIGHT:
            break
        xh = max(MIN_X_HEIGHT, xh * fit * 0.97)
        sheet = LAYOUTS[name](np.random.default_rng(seed), xh)
        corners = warp.panel_corners(np.random.default_rng(seed + 1), sheet.width, sheet.height)
    span = corners.max(0) - corners.min(0)
    slack = np.maximum(0, np.array([room_w, room_h]) - span)
    offset = np.array([rx0 + margin, ry0 + margin]) - corners.min(0) + rng.uniform(0, 1, 2) * slack
    dst = corners + offset
    src = np.array(
        [[0, 0], [sheet.width, 0], [sheet.width, sheet.height], [0, sheet.height]], np.float64
    )
    H = cv2.getPerspectiveTransform(src.astype(np.float32), dst.astype(np.float32))
    return sheet, H.astype(np.float64), xh


def _project(H: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    x0, y0, x1, y1 = box
    pts = np.array([[[x0, y0], [x1, y0], [x1, y1], [x0, y1]]], np.float64)
    return cv2.perspectiveTransform(pts, H)[0]


def _hidden(poly: np.ndarray, alpha: np.ndarray) -> bool:
    """True when a later panel (``alpha``) covers any of ``poly``, or it leaves the frame."""
    h, w = alpha.shape
    x0, y0 = np.floor(poly.min(0)).astype(int)
    x1, y1 = np.ceil(poly.max(0)).astype(int)
    if x0 < 0 or y0 < 0 or x1 >= w or y1 >= h:
        return True
    mask = np.zeros((y1 - y0 + 1, x1 - x0 + 1), np.uint8)
    cv2.fillConvexPoly(mask, np.round(poly - [x0, y0]).astype(np.int32), 1)
    return bool((alpha[y0 : y1 + 1, x0 : x1 + 1][mask > 0] > 0.02).any())


def make_scene(seed: int) -> tuple[np.ndarray, list[dict], dict]:
    """The photo (RGB uint8), its scored items and a description of how it was made."""
    rng = np.random.default_rng([seed, 20240611])
    width, height = SIZES[int(rng.integers(len(SIZES)))]
    canvas = warp.background(rng, width, height)
    names = _choose_layouts(rng)
    boxes = warp.regions(rng, width, height, len(names))
    items: list[dict] = []
    panels = []
    for name, region in zip(names, boxes):
        sheet, H, xh = _place(rng, name, region, int(rng.integers(2**31)))
        alpha = warp.composite(canvas, np.asarray(sheet.image), H, shadow=rng.random() < 0.6)
        items = [it for it in items if not _hidden(np.array(it["polygon"]), alpha)]
        for item in sheet.items:
            poly = _project(H, item.box)
            if _hidden(poly, np.zeros((height, width), np.float32)):
                continue  # outside the photo
            box_h = item.box[3] - item.box[1]
            edge = (np.linalg.norm(poly[3] - poly[0]) + np.linalg.norm(poly[2] - poly[1])) / 2
            items.append(
                {
                    "text": item.text,
                    "kind": item.kind,
                    "entity": item.entity,
                    "layout": item.layout,
                    "polygon": [[round(float(x), 1), round(float(y), 1)] for x, y in poly],
                    "box": [round(float(v), 1) for v in (*poly.min(0), *poly.max(0))],
                    "x_height_px": round(item.x_height * edge / max(box_h, 1e-6), 1),
                }
            )
        panels.append(
            {"layout": name, "size": [sheet.width, sheet.height], "x_height": round(float(xh), 1)}
        )
    image, steps = warp.degrade(rng, canvas)
    meta = {"seed": seed, "size": [width, height], "panels": panels, "degradations": steps}
    return image, items, meta

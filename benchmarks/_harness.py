"""Shared helpers for the benchmarks: timing and the annotated face set."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

SHARED = Path(__file__).resolve().parents[2] / "shared"
FACES = SHARED / "data" / "faces"


def timed(fn: Callable[[], object], runs: int = 5) -> dict[str, float]:
    """Run ``fn`` ``runs`` times after one warm-up; median and p90 in milliseconds."""
    fn()
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return {
        "median_ms": statistics.median(samples),
        "p90_ms": samples[int(0.9 * (len(samples) - 1))],
    }


def load_faces(root: Path = FACES) -> list[tuple[Path, np.ndarray, np.ndarray]]:
    """(image path, scored xywh boxes, ignored xywh boxes) for every annotated image."""
    full = json.loads((root / "truth_full.json").read_text())
    items = []
    for rel, entry in sorted(full.items()):
        scored = [f["box"] for f in entry["faces"] if f["scored"]]
        ignored = [f["box"] for f in entry["faces"] if not f["scored"]]
        items.append(
            (
                root / rel,
                np.array(scored, np.float32).reshape(-1, 4),
                np.array(ignored, np.float32).reshape(-1, 4),
            )
        )
    return items


def _core(
    xywh, shape: tuple[int, int], shrink: float = 0.8
) -> tuple[tuple[slice, slice], np.ndarray]:
    """The slices of a face box and, over them, the ellipse inscribed in the box shrunk to
    ``shrink`` about its centre: the face itself, without hair and background."""
    x, y, w, h = (float(v) for v in xywh)
    x1, y1 = max(0, int(np.floor(x))), max(0, int(np.floor(y)))
    x2, y2 = min(shape[1], int(np.ceil(x + w))), min(shape[0], int(np.ceil(y + h)))
    ys = (np.arange(y1, y2) + 0.5 - (y + h / 2)) / (h / 2 * shrink)
    xs = (np.arange(x1, x2) + 0.5 - (x + w / 2)) / (w / 2 * shrink)
    return (slice(y1, y2), slice(x1, x2)), ys[:, None] ** 2 + xs[None, :] ** 2 <= 1.0


def _gradients(grey: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    import cv2

    return cv2.Sobel(grey, cv2.CV_32F, 1, 0), cv2.Sobel(grey, cv2.CV_32F, 0, 1)


def face_hidden(before: np.ndarray, after: np.ndarray, xywh) -> bool:
    """Whether a face's core is hidden in ``after``: over the ellipse inscribed in its box,
    shrunk to 0.8, the edge energy (squared Sobel gradient) fell below a quarter of the
    original's, or the detail left is unrelated to the original's (the correlation of the two
    gradient fields is under 0.2)."""
    import cv2

    where, core = _core(xywh, before.shape[:2])
    if not core.any():
        return True
    g = [
        cv2.cvtColor(np.ascontiguousarray(im[where]), cv2.COLOR_RGB2GRAY).astype(np.float32)
        for im in (before, after)
    ]
    (ax, ay), (bx, by) = _gradients(g[0]), _gradients(g[1])
    a = np.concatenate([ax[core], ay[core]])
    b = np.concatenate([bx[core], by[core]])
    energy_a, energy_b = float((a * a).sum()), float((b * b).sum())
    if energy_a == 0:
        return True
    if energy_b < 0.25 * energy_a:
        return True
    a, b = a - a.mean(), b - b.mean()
    corr = float((a * b).sum() / np.sqrt((a * a).sum() * (b * b).sum() + 1e-9))
    return corr < 0.2


def changed_outside(before: np.ndarray, after: np.ndarray, boxes) -> float:
    """The share of pixels outside every face box (xywh) that changed visibly (by more than 8
    in some channel): what redaction cost the rest of the picture."""
    outside = np.ones(before.shape[:2], bool)
    for x, y, w, h in boxes:
        outside[max(0, int(y)) : int(np.ceil(y + h)), max(0, int(x)) : int(np.ceil(x + w))] = False
    if not outside.any():
        return 0.0
    diff = np.abs(before.astype(np.int16) - after.astype(np.int16)).max(axis=2) > 8
    return float(diff[outside].mean())

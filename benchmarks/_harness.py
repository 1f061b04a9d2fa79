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

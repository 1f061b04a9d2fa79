"""Moving-camera clips of real crowds, rendered at run time from ../shared/data/faces.

A hand-held phone pans and zooms across a wall on which four to six real crowd photos (WIDER FACE
validation images, PASCAL group photos) hang among plain hospital-coloured panels. Every annotated
face is carried through the camera's motion, so each frame comes with each face's box. Nothing is
written but a temporary clip: the photos, and anything rendered from them, are never to be
committed (WIDER FACE is for non-commercial research use).

Photos are split in two: clips of the tuning seeds (1-99) use the photos of even index in the
sorted list, clips of the reporting seeds (101 and up) those of odd index, so tuning never looks at
a face a reported figure rests on.

    from crowd import crowd_clip
    path, frames = crowd_clip(tmp_dir, seed=1)  # frames[i]: [{"id", "box" (xywh), "scored"}...]
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import cv2
import numpy as np
from _harness import FACES

TUNE, REPORT = range(1, 100), range(101, 200)
MIN_FACE = 24  # faces scored: at least this tall and wide in the frame, and wholly inside it


def _photos(seed: int) -> list[tuple[Path, list[dict], tuple[int, int]]]:
    full = json.loads((FACES / "truth_full.json").read_text())
    names = sorted(full)
    half = 0 if seed in TUNE else 1
    return [
        (FACES / n, full[n]["faces"], tuple(full[n].get("orig_size") or (0, 0)))
        for k, n in enumerate(names)
        if k % 2 == half and any(f["scored"] for f in full[n]["faces"])
    ]


def _wall(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    """A pale hospital wall: a vertical gradient, a dado rail, a few plain panels."""
    top, bottom = rng.uniform(190, 235, 3), rng.uniform(150, 210, 3)
    ramp = np.linspace(0, 1, height)[:, None, None]
    wall = (top * (1 - ramp) + bottom * ramp) * np.ones((1, width, 1))
    rail = int(height * rng.uniform(0.55, 0.7))
    wall[rail : rail + max(4, height // 80)] = rng.uniform(80, 140, 3)
    for _ in range(int(rng.integers(4, 9))):
        x, y = int(rng.integers(0, width - 200)), int(rng.integers(0, height - 200))
        w, h = int(rng.integers(120, 400)), int(rng.integers(80, 300))
        wall[y : y + h, x : x + w] = rng.uniform(120, 250, 3)
    noise = rng.normal(0, 3, (height, width, 1))
    return np.clip(wall + noise, 0, 255).astype(np.uint8)


def _world(seed: int, width: int, height: int) -> tuple[np.ndarray, list[dict]]:
    """The wall with its photos, and every annotated face in wall pixels (xyxy)."""
    rng = np.random.default_rng([seed, 1309])
    wall = _wall(rng, width, height)
    photos = _photos(seed)
    picks = rng.choice(len(photos), size=int(rng.integers(4, 7)), replace=False)
    faces: list[dict] = []
    owner = np.full((height, width), -1, np.int16)  # which photo each wall pixel shows
    slots = [(x, y) for y in (0.02, 0.5) for x in (0.02, 0.27, 0.52, 0.77)]
    order = rng.permutation(len(slots))
    for n, k in enumerate(picks):
        path, annotated, orig = photos[int(k)]
        image = cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB)
        h0, w0 = image.shape[:2]
        aspect = orig[0] / orig[1] if orig[0] and orig[1] else w0 / h0  # undo the 416x416 stretch
        target_h = rng.uniform(0.42, 0.5) * height
        sx, sy = target_h * aspect / w0, target_h / h0
        scaled = cv2.resize(image, (round(w0 * sx), round(h0 * sy)), interpolation=cv2.INTER_CUBIC)
        fx, fy = slots[order[n]]
        x0 = int(fx * width + rng.uniform(0, 0.02) * width)
        y0 = int(fy * height + rng.uniform(0, 0.04) * height)
        ph, pw = scaled.shape[:2]
        pw, ph = min(pw, width - x0), min(ph, height - y0)
        wall[y0 : y0 + ph, x0 : x0 + pw] = scaled[:ph, :pw]
        owner[y0 : y0 + ph, x0 : x0 + pw] = n
        for f in annotated:
            x, y, w, h = f["box"]
            box = [x0 + x * sx, y0 + y * sy, x0 + (x + w) * sx, y0 + (y + h) * sy]
            if box[2] <= x0 + pw and box[3] <= y0 + ph:
                # WIDER's own flags: heavy blur or heavy occlusion (2) mark faces that are
                # barely there at all (a face in the dark, behind a flag)
                hard = f.get("blur", 0) == 2 or f.get("occlusion", 0) == 2
                faces.append({"box": box, "scored": bool(f["scored"]), "hard": hard, "photo": n})
    # Photos hang overlapping: a face a later photo covers is not in the picture at all, and one
    # partly covered is scored no more than one cut by the frame's edge.
    kept = []
    for f in faces:
        x1, y1, x2, y2 = (int(round(v)) for v in f["box"])
        shown = float((owner[y1:y2, x1:x2] == f.pop("photo")).mean()) if x2 > x1 and y2 > y1 else 0
        if shown > 0.1:
            kept.append({**f, "scored": f["scored"] and shown >= 0.95})
    faces = kept
    return wall, faces


def _camera(rng: np.random.Generator, frames: int, fps: int, size, wall_size) -> list[np.ndarray]:
    """A hand-held camera: smooth pans and zooms between a few held views, with shake. Each
    frame's 2x3 affine maps wall pixels to frame pixels."""
    (w, h), (ww, wh) = size, wall_size
    keys = []
    t = 0.0
    while t < frames / fps + 1:
        scale = rng.uniform(0.7, 1.6)  # frame pixels per wall pixel
        vw, vh = w / scale, h / scale
        cx = rng.uniform(vw / 2, max(vw / 2, ww - vw / 2))
        cy = rng.uniform(vh / 2, max(vh / 2, wh - vh / 2))
        keys.append((t, cx, cy, scale))
        t += rng.uniform(1.0, 2.5)
    phase = rng.uniform(0, 2 * math.pi, 6)
    out = []
    for i in range(frames):
        t = i / fps
        k = max(j for j, key in enumerate(keys) if key[0] <= t)
        (t0, *a), (t1, *b) = keys[k], keys[min(k + 1, len(keys) - 1)]
        u = 0.0 if t1 == t0 else (1 - math.cos(math.pi * min(1.0, (t - t0) / (t1 - t0)))) / 2
        cx, cy, s = (p + (q - p) * u for p, q in zip(a, b))
        shake = [math.sin(2 * math.pi * f * t + ph) for f, ph in zip((1.3, 1.7, 0.9), phase)]
        cx, cy = cx + 6 * shake[0] / s, cy + 5 * shake[1] / s
        angle = 1.5 * shake[2]
        m = cv2.getRotationMatrix2D((cx, cy), angle, s)
        m[:, 2] += (w / 2 - cx, h / 2 - cy)
        out.append(m)
    return out


def crowd_clip(
    tmp: Path, seed: int, width: int = 1280, height: int = 720, fps: int = 30, seconds: float = 8
) -> tuple[Path, list[list[dict]]]:
    """An H.264 clip of ``seed``'s wall filmed by a hand-held camera, and per frame each face in
    the picture: ``{"id", "box": [x, y, w, h], "scored", "hard"}`` (scored: annotated as
    scorable, at least ``MIN_FACE`` px both ways and wholly in the frame; hard: heavily blurred
    or occluded in WIDER's annotation)."""
    import av

    wall, faces = _world(seed, int(width * 2.2), int(height * 2.2))
    rng = np.random.default_rng([seed, 7])
    n = int(round(fps * seconds))
    cameras = _camera(rng, n, fps, (width, height), wall.shape[1::-1])
    path = tmp / f"crowd_{seed}_{height}p.mp4"
    truth = []
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"crf": "18", "preset": "veryfast"}
        for m in cameras:
            frame = cv2.warpAffine(wall, m, (width, height), flags=cv2.INTER_LINEAR)
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                out.mux(packet)
            truth.append(_frame_faces(faces, m, width, height))
        for packet in stream.encode():
            out.mux(packet)
    return path, truth


def _frame_faces(faces: list[dict], m: np.ndarray, width: int, height: int) -> list[dict]:
    items = []
    for k, f in enumerate(faces):
        x1, y1, x2, y2 = f["box"]
        corners = np.array([[x1, y1, 1], [x2, y1, 1], [x2, y2, 1], [x1, y2, 1]]) @ m.T
        (a, b), (c, d) = corners.min(axis=0), corners.max(axis=0)
        if c <= 0 or d <= 0 or a >= width or b >= height:
            continue
        inside = a >= 0 and b >= 0 and c <= width and d <= height
        big = min(c - a, d - b) >= MIN_FACE
        scored = f["scored"] and inside and big
        items.append({"id": k, "box": [a, b, c - a, d - b], "scored": scored, "hard": f["hard"]})
    return items

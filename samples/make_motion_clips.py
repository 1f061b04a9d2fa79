#!/usr/bin/env python3
"""Clips from a moving handheld "phone" camera over faces and hospital text, with per-frame truth.

    python samples/make_motion_clips.py            # writes motion_clip.mp4 + motion_truth.json here
    python samples/make_motion_clips.py --out DIR  # writes them somewhere else

Or import it (benchmarks and tests do):

    world, objects = sample_world(seed, width, height)   # a large RGB canvas and its objects
    truth = render(world, objects, path, width=1280, height=720, second_world=...)
    truth = make_clip(path, width=1280, height=720, seconds=10, seed=0, cut=True)

A virtual camera moves over the world: slow pans, a zoom in to 1.7x and out to 0.6x, handheld
shake on every frame (jitter, low-frequency wobble, a rotation of at most 1.5 degrees), one fast
whip pan, objects entering and leaving at the frame edges and, optionally, a hard cut to a second
world. Every output frame is one cv2.warpAffine of the world, so every truth box is the exact
transform of a world box. The world is made from the project's own material: a hospital wall from
make_text_samples.make_scene and heads from the two public-domain photos of make_samples.
See README.md ("Motion clip") for the truth format.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import sys
import time
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_samples import SCRUBS, Canvas, Person, camera_path, compose, load_sprite
from make_text_samples import make_scene

FORMAT = "redact-motion-truth/1"
MAX_ROTATION = 1.5  # degrees, the largest camera roll
SHAKE_MARGIN = 14.0  # output px kept free at the world's edge for the wobble and jitter
WHIP_FRAMES = 5  # the whip pan covers 0.85-1.0 frame widths in this many frames
SCALE_OUT, SCALE_IN = 0.6, 1.7  # zoom range, output px per world px
PAN_SPEED = (0.15, 0.25)  # slow pans, frame widths per second
TEXT_MARGIN = 6  # px of wall kept free of people around every text item
SPRITES = ("astronaut", "grace_hopper")


# ------------------------------------------------------------------------------------ the world
@functools.cache
def _sprites() -> dict:
    return {name: load_sprite(name)[0] for name in SPRITES}


@functools.cache
def _footprint(source: str, face_w: int, flip: bool) -> tuple[np.ndarray, int, int]:
    """Pixels a person touches (head, matte and blurred shoulders), measured with Canvas.place.

    Returns (mask, dx, dy): mask[0, 0] sits at (cx + dx, cy + dy) for a face centred at (cx, cy).
    """
    size = int(8 * face_w) + 40
    c = size // 2
    canvas = Canvas(np.full((size, size, 3), -1.0, np.float32))  # every painted pixel leaves -1
    canvas.place(_sprites()[source], Person("m", source, face_w, c, c // 2, flip), 0)
    mask = (canvas.rgb != -1.0).any(axis=2)
    ys, xs = np.nonzero(mask)
    y0, x0 = int(ys.min()), int(xs.min())
    return mask[y0 : ys.max() + 1, x0 : xs.max() + 1], x0 - c, y0 - c // 2


def _fill(grid: np.ndarray, box, margin: float) -> None:
    x, y, w, h = box
    H, W = grid.shape
    x0, y0 = max(0, math.floor(x - margin)), max(0, math.floor(y - margin))
    x1, y1 = min(W, math.ceil(x + w + margin)), min(H, math.ceil(y + h + margin))
    grid[y0:y1, x0:x1] = True


def _hits(grid: np.ndarray, mask: np.ndarray, x0: int, y0: int, paint: bool = False) -> bool:
    """Whether mask, its top-left corner at (x0, y0), touches grid; with paint, add it to grid."""
    H, W = grid.shape
    h, w = mask.shape
    ax0, ay0, ax1, ay1 = max(0, -x0), max(0, -y0), min(w, W - x0), min(h, H - y0)
    if ax1 <= ax0 or ay1 <= ay0:
        return False
    region, m = grid[y0 + ay0 : y0 + ay1, x0 + ax0 : x0 + ax1], mask[ay0:ay1, ax0:ax1]
    if paint:
        region |= m
    return bool((region & m).any())


def _box_hits(grid: np.ndarray, box) -> bool:
    x0, y0 = max(0, math.floor(box[0])), max(0, math.floor(box[1]))
    return bool(grid[y0 : math.ceil(box[1] + box[3]), x0 : math.ceil(box[0] + box[2])].any())


def sample_world(seed: int, width: int, height: int) -> tuple[np.ndarray, list[dict]]:
    """A hospital wall (make_scene) with 8-14 heads pasted on it, and every object's world box.

    Objects: text items of make_scene become {"id": "s<seed>-tNN", "kind": "text", "pii": kind ==
    "pii", "box", "text", "entity", "angle"}; heads become {"id": "s<seed>-fNN", "kind": "face",
    "pii": True, "box", "source", "flipped"}. Face widths run from 30 px to 260 px (the top scaled
    down with height / 1800 for smaller worlds). No person touches a text item (6 px margin; for
    identifiers also the line to their left and above, where labels such as "NHS number:" are) or
    another person's face box; the composed pixels inside every text box are checked unchanged.
    """
    scene, items = make_scene(seed, width, height)
    rng = np.random.default_rng([20240903, seed])
    objects = [
        {
            "id": f"s{seed}-{it['id']}",
            "kind": "text",
            "pii": it["kind"] == "pii",
            "box": [float(v) for v in it["box"]],
            "text": it["text"],
            "entity": it["entity"],
            "angle": it["angle"],
        }
        for it in items
    ]
    n = int(rng.integers(8, 15))
    lo, hi = 30.0, max(60.0, 260.0 * min(1.0, height / 1800))
    widths = np.exp(rng.uniform(math.log(lo), math.log(hi), n))
    widths[:2] = lo * rng.uniform(1.0, 1.2), hi * rng.uniform(0.88, 1.0)  # both ends are present
    flips = rng.random(n) < 0.4
    flips[:2] = True, False  # some flipped, some not
    sources = [SPRITES[int(v)] for v in rng.integers(0, 2, n)]
    text_grid = np.zeros((height, width), bool)  # text (with margin) and face boxes
    for o in objects:  # identifiers keep their labels clear too ("NHS number: ", "Dear ", ...)
        x, y, w, h = o["box"]
        if o["pii"]:
            x, y, w, h = x - 14 * h, y - 1.8 * h, w + 15 * h, 3.4 * h
        _fill(text_grid, (x, y, w, h), TEXT_MARGIN)
    body_grid = np.zeros((height, width), bool)  # pixels people touch
    placed: list[tuple[Person, tuple]] = []
    for k in np.argsort(-widths, kind="stable"):  # largest first: they are hardest to fit
        w, spot = float(widths[k]), None
        while spot is None and w >= lo:
            fw = int(round(w))
            mask, dx, dy = _footprint(sources[k], fw, bool(flips[k]))
            for _ in range(300):
                cx, cy = int(rng.integers(fw, width - fw)), int(rng.integers(fw, height - fw))
                face = (cx - fw / 2 - 2, cy - fw / 2 - 2, fw + 4, fw + 4)  # roomy face square
                if not _hits(text_grid, mask, cx + dx, cy + dy) and not _box_hits(body_grid, face):
                    spot = cx, cy, fw, mask, dx, dy
                    break
            w *= 0.85
        if spot is None:
            continue
        cx, cy, fw, mask, dx, dy = spot
        p = Person("", sources[k], fw, cx, cy, bool(flips[k]), SCRUBS[int(rng.integers(7))])
        placed.append((p, (cx - fw / 2 - 2, cy - fw / 2 - 2, fw + 4, fw + 4)))
        _fill(text_grid, placed[-1][1], 0)
        _hits(body_grid, mask, cx + dx, cy + dy, paint=True)
    if len(placed) < 8:
        raise ValueError(f"only {len(placed)} people fit into a {width}x{height} world")
    people = sorted((p for p, _ in placed), key=lambda p: p.face_w)  # far (small) ones first
    for i, p in enumerate(people):
        p.id = f"s{seed}-f{i:02d}"
    world, boxes = compose(scene, people, _sprites())
    for o in objects:  # the people left every text item untouched
        x, y, w, h = (int(v) for v in o["box"])
        if not np.array_equal(world[y : y + h, x : x + w], scene[y : y + h, x : x + w]):
            raise AssertionError(f"text item {o['id']} was painted over")
    for p in people:
        objects.append(
            {
                "id": p.id,
                "kind": "face",
                "pii": True,
                "box": [float(v) for v in boxes[p.id]],
                "source": p.source,
                "flipped": p.flip,
            }
        )
    return world, objects


# ----------------------------------------------------------------------------------- the camera
def _limits(s: float, W: int, H: int, WW: int, WH: int, extra: float) -> tuple:
    """Range of camera centres whose (rolled) view plus extra output px stays inside the world."""
    c, sn = math.cos(math.radians(MAX_ROTATION)), math.sin(math.radians(MAX_ROTATION))
    hx, hy = W / (2 * s), H / (2 * s)
    ax, ay = hx * c + hy * sn + extra / s, hx * sn + hy * c + extra / s
    return (ax, WW - ax), (ay, WH - ay)


def _clamp(v: float, lim: tuple) -> float:
    lo, hi = lim
    return (lo + hi) / 2 if lo > hi else min(max(v, lo), hi)


def _shot_keys(rng, T, fps, W, H, WW, WH, faces, full) -> tuple[list, tuple | None]:
    """Camera keys (t, cx, cy, scale) for one shot of T seconds, aimed at faces; whip times if full.

    A full shot: slow pan, zoom in to 1.7 towards a face, hold, back out to 1.1-1.25, whip pan
    (0.85-1.0 frame widths in WHIP_FRAMES frames, 6 % overshoot that settles), slow pan, zoom out to
    0.6. Otherwise: slow pan, zoom in to 1.3-1.5 towards a face, drift.
    """
    s_lo = max(SCALE_OUT, 1.04 * max(W / WW, H / WH))
    centres = [(x + w / 2, y + h / 2) for x, y, w, h in (f["box"] for f in faces)]
    keys: list = []

    def key(t, cx, cy, s):
        lx, ly = _limits(s, W, H, WW, WH, SHAKE_MARGIN)
        keys.append((t, _clamp(cx, lx), _clamp(cy, ly), s))
        return keys[-1][1:]

    def roomier(cx, s):
        lx, _ = _limits(s, W, H, WW, WH, SHAKE_MARGIN)
        return 1.0 if lx[1] - cx > cx - lx[0] else -1.0

    def pan(t, cx, cy, s, s_new):
        """A slow pan (and zoom) to time t towards the nearest face outside the view."""
        dist = rng.uniform(*PAN_SPEED) * (t - keys[-1][0]) * W / min(s, s_new)
        outside = [c for c in centres if abs(c[0] - cx) > 0.45 * W / s_new]
        if outside:
            fx, fy = min(outside, key=lambda c: abs(c[0] - cx) + 2 * abs(c[1] - cy))
            d, dy = (1.0 if fx > cx else -1.0), float(np.clip(fy - cy, -0.15, 0.15) * H / s_new)
        else:
            d, dy = roomier(cx, s_new), 0.0
        return key(t, cx + d * dist, cy + dy * rng.uniform(0.3, 1.0), s_new)

    def zoom_to_face(t, cx, cy, s, s_new):
        """A zoom to time t towards the nearest face that fits, moving at most a slow pan's way."""
        fit = [c for c, f in zip(centres, faces) if f["box"][3] * s_new < 0.5 * H] or centres
        if not fit:
            return key(t, cx, cy, s_new)
        fx, fy = min(fit, key=lambda c: math.hypot(c[0] - cx, c[1] - cy))
        tx = fx + rng.uniform(-0.22, 0.22) * W / s_new
        ty = fy + rng.uniform(-0.15, 0.15) * H / s_new
        reach = 2 * PAN_SPEED[1] * (t - keys[-1][0]) * W / s
        u = min(1.0, reach / (math.hypot(tx - cx, ty - cy) + 1e-9))
        return key(t, cx + (tx - cx) * u, cy + (ty - cy) * u, s_new)

    s = rng.uniform(0.95, 1.1) if full else rng.uniform(0.8, 0.95)
    lx, ly = _limits(s, W, H, WW, WH, SHAKE_MARGIN)
    cx, cy = rng.uniform(*sorted(lx)), rng.uniform(*sorted(ly))
    if centres:  # start with a face somewhere in view
        fx, fy = centres[int(rng.integers(len(centres)))]
        cx, cy = fx + rng.uniform(-0.3, 0.3) * W / s, fy + rng.uniform(-0.25, 0.25) * H / s
    cx, cy, s = key(0.0, cx, cy, s)
    if not full:
        cx, cy, s = pan(0.4 * T, cx, cy, s, s)
        cx, cy, s = zoom_to_face(0.8 * T, cx, cy, s, rng.uniform(1.3, 1.5))
        key(T, cx + rng.uniform(-0.06, 0.06) * W / s, cy + rng.uniform(-0.05, 0.05) * H / s, s)
        return keys, None
    cx, cy, s = pan(0.18 * T, cx, cy, s, s)
    cx, cy, s = zoom_to_face(0.38 * T, cx, cy, s, SCALE_IN)
    cx, cy, s = key(0.46 * T, cx + rng.uniform(-0.06, 0.06) * W / s, cy, 1.65)  # hold, drift
    # back out a little to where the whip pan starts: it lands on a face if one is in range
    sw = rng.uniform(1.1, 1.25)
    lx, _ = _limits(sw, W, H, WW, WH, SHAKE_MARGIN)
    lo_d, hi_d = 0.85 * W / sw, min(1.0 * W / sw, (lx[1] - lx[0]) / 1.06)
    if hi_d * sw < 0.55 * W:
        raise ValueError("the world is too narrow for a whip pan; make it >= 1.5x the frame")
    off, reach = rng.uniform(-0.1, 0.1) * W / sw, 2 * PAN_SPEED[1] * 0.08 * T * W / sw
    plans = []
    for fx, fy in centres:
        for d in (1.0, -1.0):
            dist = float(np.clip(abs(fx + off - cx), lo_d, hi_d))
            start = fx + off - d * dist
            if lx[0] <= start <= lx[1] and lx[0] <= start + d * 1.06 * dist <= lx[1]:
                cost = abs(start - cx) + 0.5 * abs(fy - cy)
                if abs(start - cx) <= reach:
                    plans.append((cost, start, d, dist, fy))
    if plans:
        _, start, d, dist, fy = min(plans)
        cy = cy + float(np.clip(fy - cy, -0.15, 0.15) * H / sw)
    else:
        d, dist = roomier(cx, sw), rng.uniform(lo_d, hi_d)
        start = min(cx, lx[1] - 1.06 * dist) if d > 0 else max(cx, lx[0] + 1.06 * dist)
    cx, cy, s = key(0.54 * T, start, cy, sw)
    t0 = 0.57 * T
    t1 = t0 + WHIP_FRAMES / fps
    settle = t1 + min(0.3, 0.3 * (0.78 * T - t1))
    if settle >= 0.78 * T:
        raise ValueError(f"the first shot ({T:.2f} s) is too short for its camera moves")
    cx, cy, s = key(t0, cx, cy, s)  # a still moment before the whip
    key(t1, cx + d * 1.06 * dist, cy, s)  # the whip overshoots by 6 % ...
    cx, cy, s = key(settle, cx + d * dist, cy, s)  # ... and settles back
    cx, cy, s = pan(0.78 * T, cx, cy, s, rng.uniform(1.0, 1.1))
    pan(T, cx, cy, s, s_lo)  # zoom out to the widest view
    return keys, (t0, t1)


class _Shake:
    """Handheld shake in output px and degrees: low-frequency wobble plus per-frame jitter."""

    def __init__(self, rng, n):
        self.freq = rng.uniform([0.35, 1.1, 0.3, 0.9, 0.25, 0.8], [0.7, 2.2, 0.6, 1.9, 0.5, 1.7])
        self.phase = rng.uniform(0, 2 * math.pi, 6)
        self.amp = np.array([5.0, 2.5, 3.5, 2.0, 0.55, 0.25])  # x, x, y, y px; roll, roll deg
        self.jitter = np.clip(rng.normal(0, [1.4, 1.2, 0.12], (n, 3)), -4, 4)
        self.breath = rng.uniform(0, 2 * math.pi)

    def __call__(self, i: int, t: float) -> tuple[float, float, float, float]:
        w = self.amp * np.sin(2 * math.pi * self.freq * t + self.phase)
        jx, jy, jr = self.jitter[i]
        roll = float(np.clip(w[4] + w[5] + jr, -MAX_ROTATION, MAX_ROTATION))
        zoom = 1.0 + 0.004 * math.sin(2 * math.pi * 0.4 * t + self.breath)
        return float(w[0] + w[1] + jx), float(w[2] + w[3] + jy), roll, zoom


def _source(world: np.ndarray, cache: dict, s: float) -> np.ndarray:
    """The world, pre-blurred for zoomed-out frames so that one bilinear warp does not alias."""
    sigma = 0.0 if s >= 0.9 else 0.45 / 0.82 if s >= 0.75 else 0.45 / 0.66
    if sigma not in cache:
        cache[sigma] = cv2.GaussianBlur(world, (0, 0), sigma) if sigma else world
    return cache[sigma]


def _clip_poly(poly: list, W: int, H: int) -> list:
    """Sutherland-Hodgman clip of a convex polygon to the frame [0, W] x [0, H]."""
    for axis, bound, keep_less in ((0, 0.0, False), (0, W, True), (1, 0.0, False), (1, H, True)):
        out = []
        for a, b in zip(poly, poly[1:] + poly[:1]):
            ina = a[axis] <= bound if keep_less else a[axis] >= bound
            inb = b[axis] <= bound if keep_less else b[axis] >= bound
            if ina:
                out.append(a)
            if ina != inb:
                u = (bound - a[axis]) / (b[axis] - a[axis])
                out.append((a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u))
        poly = out
        if not poly:
            break
    return poly


def _area(poly: list) -> float:
    return 0.5 * abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(poly, poly[1:] + poly[:1])))


def _frame_objects(objects: list, A: np.ndarray, t: np.ndarray, W: int, H: int) -> list:
    res = []
    for o in objects:
        x, y, w, h = o["box"]
        corners = np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]]) @ A.T + t
        full = _area(corners.tolist())
        poly = _clip_poly([tuple(c) for c in corners.tolist()], W, H)
        if len(poly) < 3:
            continue
        p = np.array(poly)
        (x0, y0), (x1, y1) = p.min(axis=0), p.max(axis=0)
        if x1 - x0 < 2 or y1 - y0 < 2:
            continue
        x0, y0, x1, y1 = (round(float(v), 1) for v in (x0, y0, x1, y1))
        box = [x0, y0, round(x1 - x0, 1), round(y1 - y0, 1)]
        res.append({"id": o["id"], "box": box, "visible": round(min(1.0, _area(poly) / full), 3)})
    return res


# ------------------------------------------------------------------------------------ rendering
def render(
    world: np.ndarray,
    objects: list[dict],
    path: Path,
    *,
    width: int,
    height: int,
    fps: int = 30,
    seconds: float = 10.0,
    seed: int = 0,
    second_world: tuple[np.ndarray, list[dict]] | None = None,
    crf: int = 18,
) -> dict:
    """Film world (RGB uint8) with a handheld camera; write an H.264 MP4; return the truth.

    objects: {"id", "kind": "face" | "text", "pii": bool, "box": [x, y, w, h]} in world pixels
    (edges, so a box covers x <= u < x + w). With second_world, the clip cuts to it at 60 %.
    Truth boxes are the axis-aligned bounds of the part of each transformed box inside the frame,
    rounded to 0.1 px; "visible" is the fraction of the object's area inside the frame.
    """
    W, H, n = int(width), int(height), int(round(seconds * fps))
    shots = [(np.ascontiguousarray(world, dtype=np.uint8), objects)]
    if second_world is not None:
        shots.append((np.ascontiguousarray(second_world[0], dtype=np.uint8), second_world[1]))
    ids = [o["id"] for _, objs in shots for o in objs]
    if len(set(ids)) != len(ids):
        raise ValueError("object ids must be unique over both worlds")
    for w_, _ in shots:
        if w_.ndim != 3 or w_.shape[2] != 3 or w_.shape[1] < 1.5 * W or w_.shape[0] < 1.5 * H:
            raise ValueError(f"a world must be RGB and >= 1.5x the frame, got {w_.shape}")
    cut = int(round(0.6 * n)) if second_world is not None else n
    starts = [0, cut][: len(shots)]
    ends = [cut, n][: len(shots)]
    rng = np.random.default_rng([20240904, seed])
    plans, whip = [], None
    for k, ((w_, objs), a, b) in enumerate(zip(shots, starts, ends)):
        faces = [o for o in objs if o["kind"] == "face"]
        keys, wt = _shot_keys(
            rng, (b - a) / fps, fps, W, H, w_.shape[1], w_.shape[0], faces, k == 0
        )
        if wt is not None:
            whip = [a + math.floor(wt[0] * fps + 1e-9), a + math.ceil(wt[1] * fps - 1e-9)]
        plans.append((keys, _Shake(rng, b - a), {}))

    container = av.open(str(path), "w", format="mp4", options={"fflags": "+bitexact"})
    vs = container.add_stream(
        "libx264", rate=fps, options={"crf": str(crf), "preset": "veryfast", "g": str(2 * fps)}
    )
    vs.width, vs.height, vs.pix_fmt = W, H, "yuv420p"
    vs.codec_context.time_base = Fraction(1, fps)
    vs.thread_count = 1  # deterministic bitstream
    frames, camera = [], []
    try:
        for k, ((w_, objs), a, b) in enumerate(zip(shots, starts, ends)):
            keys, shake, cache = plans[k]
            WH, WW = w_.shape[:2]
            for i in range(b - a):
                t = i / fps
                cx, cy, s = camera_path(keys, t)
                jx, jy, roll, zoom = shake(i, t)
                s *= zoom
                lx, ly = _limits(s, W, H, WW, WH, 0.0)
                cx, cy = _clamp(cx + jx / s, lx), _clamp(cy + jy / s, ly)
                r = math.radians(roll)
                A = s * np.array([[math.cos(r), -math.sin(r)], [math.sin(r), math.cos(r)]])
                off = np.array([W / 2, H / 2]) - A @ np.array([cx, cy])  # out = A @ world + off
                M = np.hstack([A, (A @ [0.5, 0.5] + off - 0.5)[:, None]])  # pixel centres
                img = cv2.warpAffine(
                    _source(w_, cache, s),
                    M,
                    (W, H),
                    flags=cv2.INTER_LINEAR,
                    borderMode=cv2.BORDER_REPLICATE,
                )
                frame = av.VideoFrame.from_ndarray(img, format="rgb24")
                frame.pts, frame.time_base = a + i, Fraction(1, fps)
                for pkt in vs.encode(frame):
                    container.mux(pkt)
                frames.append(_frame_objects(objs, A, off, W, H))
                camera.append([round(cx, 2), round(cy, 2), round(s, 4), round(roll, 3)])
        for pkt in vs.encode():
            container.mux(pkt)
    finally:
        container.close()
    return {
        "format": FORMAT,
        "width": W,
        "height": H,
        "fps": fps,
        "frame_count": n,
        "cuts": starts[1:],
        "whip_pan": whip,
        "objects": {
            o["id"]: {
                "kind": o["kind"],
                "pii": bool(o["pii"]),
                "world": k,
                "world_box": [round(float(v), 2) for v in o["box"]],
                **{key: v for key, v in o.items() if key not in ("id", "kind", "pii", "box")},
            }
            for k, (_, objs) in enumerate(shots)
            for o in objs
        },
        "camera": camera,
        "frames": frames,
    }


def make_clip(
    path: Path,
    *,
    width: int = 1280,
    height: int = 720,
    fps: int = 30,
    seconds: float = 10.0,
    seed: int = 0,
    cut: bool = True,
) -> dict:
    """render() over sample_world(seed) at 2.5x the frame size, cut to sample_world(seed + 1)."""
    ww, wh = int(2.5 * width), int(2.5 * height)
    second = sample_world(seed + 1, ww, wh) if cut else None
    return render(
        *sample_world(seed, ww, wh),
        Path(path),
        width=width,
        height=height,
        fps=fps,
        seconds=seconds,
        seed=seed,
        second_world=second,
    )


def dumps(truth: dict) -> str:
    """Compact JSON with one object, camera entry or frame per line."""
    lines = []
    for k, v in truth.items():
        if isinstance(v, dict) and v:
            body = ",\n".join(f"  {json.dumps(i)}: {json.dumps(o)}" for i, o in v.items())
            lines.append(f" {json.dumps(k)}: {{\n{body}\n }}")
        elif isinstance(v, list) and v and isinstance(v[0], list):
            body = ",\n".join(f"  {json.dumps(f, separators=(',', ':'))}" for f in v)
            lines.append(f" {json.dumps(k)}: [\n{body}\n ]")
        else:
            lines.append(f" {json.dumps(k)}: {json.dumps(v)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    out = ap.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    cv2.setNumThreads(1)
    start = time.perf_counter()
    truth = make_clip(out / "motion_clip.mp4", width=640, height=360, fps=25, seconds=6.0, seed=0)
    (out / "motion_truth.json").write_text(dumps(truth))
    print(f"made in {time.perf_counter() - start:.1f} s")
    for name in ("motion_clip.mp4", "motion_truth.json"):
        print(f"{name:18s} {(out / name).stat().st_size / 1024:8.1f} KiB")


if __name__ == "__main__":
    main()

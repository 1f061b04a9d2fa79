"""Room backgrounds, panel homographies and compositing, and camera degradations."""

from __future__ import annotations

import cv2
import numpy as np

Gen = np.random.Generator


def _muted(rng: Gen, lo: float = 30, hi: float = 235) -> np.ndarray:
    """A room colour: a random colour mixed with grey, never near pure magenta."""
    color = 0.45 * rng.uniform(lo, hi, 3) + 0.55 * rng.uniform(lo, hi)
    if color[0] - color[1] > 60 and color[2] - color[1] > 60:
        color[1] += 40
    return color


def background(rng: Gen, width: int, height: int) -> np.ndarray:
    """A cluttered room: wall/floor gradient, furniture blocks, odd shapes, blotchy texture."""
    small_w, small_h = max(64, width // 4), max(64, height // 4)
    top, bottom = _muted(rng, 60, 225), _muted(rng, 40, 200)
    t = np.linspace(0, 1, small_h)[:, None, None]
    img = (top * (1 - t) + bottom * t) * np.ones((1, small_w, 1))
    floor = int(small_h * rng.uniform(0.55, 0.85))
    img[floor:] = img[floor:] * rng.uniform(0.5, 0.9) + rng.uniform(-20, 20, 3)
    for _ in range(int(rng.integers(6, 20))):  # furniture, cupboards, doors, windows
        x0, y0 = int(rng.integers(0, small_w)), int(rng.integers(0, small_h))
        w, h = (
            int(rng.integers(small_w // 20, small_w // 3)),
            int(rng.integers(small_h // 20, small_h // 2)),
        )
        color = _muted(rng)
        img[y0 : y0 + h, x0 : x0 + w] = color * rng.uniform(0.85, 1.0) + rng.normal(0, 3, 3)
        if rng.random() < 0.4:  # a frame or an edge
            cv2.rectangle(img, (x0, y0), (x0 + w, y0 + h), tuple(float(c) for c in color * 0.6), 1)
    for _ in range(int(rng.integers(3, 12))):  # cables, bins, curtains, equipment
        color = tuple(float(c) for c in _muted(rng, 20, 240))
        centre = (int(rng.integers(0, small_w)), int(rng.integers(0, small_h)))
        if rng.random() < 0.5:
            axes = (int(rng.integers(3, small_w // 8)), int(rng.integers(3, small_h // 8)))
            cv2.ellipse(img, centre, axes, float(rng.uniform(0, 180)), 0, 360, color, -1)
        else:
            end = (int(rng.integers(0, small_w)), int(rng.integers(0, small_h)))
            cv2.line(img, centre, end, color, int(rng.integers(1, 4)))
    blotch = cv2.resize(
        rng.normal(0, 8, (small_h // 8 + 2, small_w // 8 + 2, 3)), (small_w, small_h)
    )
    img = cv2.GaussianBlur(img + blotch, (0, 0), 0.8)
    img = cv2.resize(img, (width, height), interpolation=cv2.INTER_LINEAR)
    return np.clip(img, 0, 255).astype(np.uint8)


def regions(rng: Gen, width: int, height: int, n: int) -> list[tuple[int, int, int, int]]:
    """Split the canvas into ``n`` rectangles (xyxy) by random guillotine cuts."""
    boxes = [(0, 0, width, height)]
    while len(boxes) < n:
        boxes.sort(key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
        x0, y0, x1, y1 = boxes.pop()
        if (x1 - x0) >= (y1 - y0):
            cut = int(x0 + (x1 - x0) * rng.uniform(0.35, 0.65))
            boxes += [(x0, y0, cut, y1), (cut, y0, x1, y1)]
        else:
            cut = int(y0 + (y1 - y0) * rng.uniform(0.35, 0.65))
            boxes += [(x0, y0, x1, cut), (x0, cut, x1, y1)]
    return [boxes[i] for i in rng.permutation(len(boxes))]


def panel_corners(rng: Gen, w: int, h: int, max_angle: float = 30.0) -> np.ndarray:
    """Where a ``w`` x ``h`` panel's corners land, about the origin: tilt, rotation."""
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float64) - [w / 2, h / 2]
    a, b = rng.uniform(-0.45, 0.45) / w, rng.uniform(-0.35, 0.35) / h  # the plane's tilt
    if rng.random() < 0.3:
        a, b = a * 0.2, b * 0.2  # nearly square-on
    denom = 1 + a * src[:, 0] + b * src[:, 1]
    pts = src / denom[:, None]
    angle = rng.uniform(-max_angle, max_angle) if rng.random() < 0.5 else rng.uniform(-8, 8)
    c, s = np.cos(np.radians(angle)), np.sin(np.radians(angle))
    return pts @ np.array([[c, s], [-s, c]])


def composite(canvas: np.ndarray, panel: np.ndarray, H: np.ndarray, shadow: bool) -> np.ndarray:
    """Warp an RGBA ``panel`` by ``H`` into ``canvas`` in place; returns the panel's alpha
    (float32, canvas-sized, 0..1) so later panels can tell what they hide."""
    ch, cw = canvas.shape[:2]
    ph, pw = panel.shape[:2]
    corners = cv2.perspectiveTransform(
        np.array([[[0, 0], [pw, 0], [pw, ph], [0, ph]]], np.float64), H
    )[0]
    x0, y0 = np.floor(corners.min(0)).astype(int) - 8
    x1, y1 = np.ceil(corners.max(0)).astype(int) + 8
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(cw, x1), min(ch, y1)
    alpha_full = np.zeros((ch, cw), np.float32)
    if x1 <= x0 or y1 <= y0:
        return alpha_full
    local = np.array([[1, 0, -x0], [0, 1, -y0], [0, 0, 1]], np.float64) @ H
    warped = cv2.warpPerspective(
        panel,
        local,
        (x1 - x0, y1 - y0),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(0, 0, 0, 0),
    )
    alpha = warped[..., 3:4].astype(np.float32) / 255
    roi = canvas[y0:y1, x0:x1].astype(np.float32)
    if shadow:
        k = max(3, (x1 - x0) // 60) | 1
        soft = cv2.GaussianBlur(alpha[..., 0], (k * 2 + 1, k * 2 + 1), 0)
        soft = np.roll(soft, (k // 2, k // 2), (0, 1))[..., None]
        roi *= 1 - 0.35 * soft
    roi = warped[..., :3].astype(np.float32) * alpha + roi * (1 - alpha)
    canvas[y0:y1, x0:x1] = np.clip(roi, 0, 255).astype(np.uint8)
    alpha_full[y0:y1, x0:x1] = alpha[..., 0]
    return alpha_full


def _motion_kernel(rng: Gen, length: int) -> np.ndarray:
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2] = 1
    rot = cv2.getRotationMatrix2D(
        (length / 2 - 0.5, length / 2 - 0.5), float(rng.uniform(0, 180)), 1
    )
    kernel = cv2.warpAffine(kernel, rot, (length, length))
    return kernel / kernel.sum()


def degrade(rng: Gen, img: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """What a phone camera and a messaging app do: uneven light, colour cast, glare, blur, noise,
    JPEG. Returns the image and the names of the steps applied."""
    h, w = img.shape[:2]
    out = img.astype(np.float32)
    steps = []
    if rng.random() < 0.6:
        gx, gy = rng.uniform(-0.25, 0.25, 2)
        yy, xx = np.mgrid[0:h:8, 0:w:8].astype(np.float32)
        light = 1 + gx * (xx / w - 0.5) + gy * (yy / h - 0.5)
        out *= cv2.resize(light, (w, h))[..., None]
        steps.append("light")
    if rng.random() < 0.5:
        out *= rng.uniform(0.92, 1.08, 3).astype(np.float32)
        steps.append("cast")
    if rng.random() < 0.35:
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        rx, ry = rng.uniform(0.04, 0.18) * w, rng.uniform(0.04, 0.18) * h
        yy, xx = np.mgrid[0:h:4, 0:w:4].astype(np.float32)
        glow = np.exp(-(((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2))
        glow = cv2.resize(glow, (w, h))[..., None] * rng.uniform(0.3, 0.65)
        out = out * (1 - glow) + 255 * glow
        steps.append("glare")
    r = rng.random()
    if r < 0.3:
        out = cv2.GaussianBlur(out, (0, 0), float(rng.uniform(0.4, 1.0)))
        steps.append("blur")
    elif r < 0.45:
        out = cv2.filter2D(out, -1, _motion_kernel(rng, int(rng.integers(3, 6))))
        steps.append("motion")
    if rng.random() < 0.6:
        out += rng.normal(0, rng.uniform(2, 6), out.shape).astype(np.float32)
        steps.append("noise")
    img = np.clip(out, 0, 255).astype(np.uint8)
    if rng.random() < 0.85:
        quality = int(rng.integers(55, 96))
        _, buf = cv2.imencode(".jpg", img[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, quality])
        img = np.ascontiguousarray(cv2.imdecode(buf, cv2.IMREAD_COLOR)[..., ::-1])
        steps.append(f"jpeg{quality}")
    return img, steps

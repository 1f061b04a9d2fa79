#!/usr/bin/env python3
"""Regenerate the test samples in this folder (dev-time script, not a runtime dependency).

    python samples/make_samples.py            # writes into the folder of this script
    python samples/make_samples.py --out DIR  # writes somewhere else

Needs: numpy, pillow, opencv (cv2), av (PyAV) -- and, only for the two
public-domain source photos, the packages scikit-image and matplotlib:

* Eileen Collins (NASA, public domain)  ``skimage/data/astronaut.png``
* Grace Hopper (US Navy, public domain) ``matplotlib/mpl-data/sample_data/grace_hopper.jpg``

Everything is deterministic: the only randomness is a numpy Generator with a
fixed seed, and the faces are placed by this script, so the exact face boxes
are known and written to ``truth.json``.

Face box definition (used everywhere in truth.json): the tight box around the
face, eyebrows to chin and ear to ear (where ears are hidden by hair, the
visible cheek/hair edge at ear height), NOT the whole head.  The boxes are
hand-measured constants in each source photo's pixel coordinates (see
``SOURCES``), transformed by the exact scale/flip/offset this script applies.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import math
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

SEED = 20240517

# --------------------------------------------------------------------------------------
# Source photos (public domain) and hand-measured constants in their pixel coordinates.
# --------------------------------------------------------------------------------------
SOURCES = {
    "astronaut": {
        "package": "scikit-image",
        "module": "skimage",
        "relpath": "data/astronaut.png",
        "subject": "Eileen Collins, NASA astronaut (official NASA portrait)",
        "status": "public domain (work of NASA, a US federal agency; scikit-image documents it as "
        "'No known copyright restrictions, released into the public domain')",
        # [x, y, w, h] tight face box in the 512x512 source: eyebrows (y~88) to chin (y~186),
        # cheek/hair edge at ear height x~178..280 (ears are covered by hair).
        "face": (178.0, 88.0, 102.0, 98.0),
        # region cut out of the source to make a "head" sprite (x, y, w, h)
        "crop": (138, 6, 184, 222),
        # feathered matte = union of ellipses (cx, cy, rx, ry) in source coordinates
        "matte": [(229, 103, 80, 96), (229, 196, 44, 34)],
        "key": "grey",  # light-grey studio backdrop
    },
    "grace_hopper": {
        "package": "matplotlib",
        "module": "matplotlib",
        "relpath": "mpl-data/sample_data/grace_hopper.jpg",
        "subject": "Rear Admiral Grace M. Hopper (official US Navy photograph, 1984)",
        "status": "public domain (photograph by a US Navy employee as part of official duties, "
        "a work of the US federal government, 17 U.S.C. 105)",
        # [x, y, w, h] tight face box in the 512x600 source: eyebrows (y~165, behind the
        # glasses' top rim) to chin (y~330), ear to ear x~162..362.
        "face": (162.0, 165.0, 200.0, 165.0),
        "crop": (124, 12, 284, 364),
        "matte": [(266, 150, 112, 136), (262, 262, 104, 96), (262, 345, 62, 30)],
        "key": "blue",  # blue studio backdrop
    },
}


def locate_source(name: str) -> Path:
    """Find a source photo inside the installed package (no network, no copies)."""
    info = SOURCES[name]
    spec = importlib.util.find_spec(info["module"])
    if spec is None or not spec.submodule_search_locations:
        sys.exit(
            f"error: the source photo '{info['relpath']}' ships in the {info['package']} wheel, "
            f"but the package is not installed.\n"
            f"  pip install {info['package']}   (dev-time only; not a dependency of redact)"
        )
    for base in spec.submodule_search_locations:
        path = Path(base) / info["relpath"]
        if path.is_file():
            return path
    sys.exit(f"error: {info['package']} is installed but {info['relpath']} was not found in it")


def package_version(name: str) -> str:
    try:
        return importlib.metadata.version(SOURCES[name]["package"])
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


# --------------------------------------------------------------------------------------
# Sprites: head cut-outs with a soft matte and an exactly known face box.
# --------------------------------------------------------------------------------------
@dataclass
class Sprite:
    name: str
    rgb: np.ndarray  # HxWx3 float32 (0..255)
    alpha: np.ndarray  # HxW float32 (0..1)
    face: tuple  # face box (x, y, w, h) in sprite coordinates (float)


def load_sprite(name: str) -> tuple[Sprite, Path]:
    info = SOURCES[name]
    path = locate_source(name)
    src = np.asarray(Image.open(path).convert("RGB"), dtype=np.float32)
    cx, cy, cw, ch = info["crop"]
    rgb = src[cy : cy + ch, cx : cx + cw].copy()
    alpha = np.zeros((ch, cw), np.float32)
    for ex, ey, rx, ry in info["matte"]:
        cv2.ellipse(alpha, (ex - cx, ey - cy), (rx, ry), 0, 0, 360, 1.0, -1, cv2.LINE_AA)
    fx, fy, fw, fh = info["face"]
    # colour key: drop the studio background around the head (never inside the face box)
    r, b = rgb[..., 0], rgb[..., 2]
    if info["key"] == "grey":
        bgmask = ((rgb.max(-1) - rgb.min(-1)) < 28) & (rgb.mean(-1) > 150)
    else:  # "blue"
        bgmask = (b > r + 40) & (b > 110)
    bgmask = cv2.morphologyEx(bgmask.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    m = 0.1 * fw
    x0, y0 = int(fx - cx - m), int(fy - cy - m)
    bgmask[max(0, y0) : int(fy - cy + fh + m), max(0, x0) : int(fx - cx + fw + m)] = 0
    alpha[bgmask > 0] = 0
    alpha = cv2.GaussianBlur(alpha, (0, 0), 3.0)
    return Sprite(name, rgb, alpha, (fx - cx, fy - cy, fw, fh)), path


@dataclass
class Person:
    """One person placed in a canvas; the face is given by its width and centre."""

    id: str
    source: str
    face_w: float  # face box width in canvas pixels
    cx: float  # face box centre in canvas pixels
    cy: float
    flip: bool = False
    body: tuple = (60, 120, 130)  # shoulders colour (RGB)


class Canvas:
    """Float RGB canvas with an 'owner' map (which person is on top at every pixel)."""

    def __init__(self, bg: np.ndarray):
        self.rgb = bg.astype(np.float32).copy()
        self.h, self.w = bg.shape[:2]
        self.owner = np.full((self.h, self.w), -1, np.int32)

    def blend(self, x0: int, y0: int, rgb: np.ndarray, alpha: np.ndarray, idx: int) -> None:
        h, w = alpha.shape
        ax0, ay0 = max(0, -x0), max(0, -y0)
        ax1, ay1 = min(w, self.w - x0), min(h, self.h - y0)
        if ax1 <= ax0 or ay1 <= ay0:
            return
        a = alpha[ay0:ay1, ax0:ax1, None]
        dst = self.rgb[y0 + ay0 : y0 + ay1, x0 + ax0 : x0 + ax1]
        dst[:] = dst * (1 - a) + rgb[ay0:ay1, ax0:ax1] * a
        own = self.owner[y0 + ay0 : y0 + ay1, x0 + ax0 : x0 + ax1]
        own[a[..., 0] > 0.5] = idx

    def place(self, sprite: Sprite, p: Person, idx: int) -> tuple:
        """Paste body + head of person p; return the exact (unclipped) face box (floats)."""
        sfx, sfy, sfw, sfh = sprite.face
        s = p.face_w / sfw
        sh, sw = sprite.alpha.shape
        nw, nh = max(1, round(sw * s)), max(1, round(sh * s))
        sx, sy = nw / sw, nh / sh  # exact scale actually applied
        interp = cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC
        rgb = np.clip(cv2.resize(sprite.rgb, (nw, nh), interpolation=interp), 0, 255)
        alpha = np.clip(cv2.resize(sprite.alpha, (nw, nh), interpolation=interp), 0, 1)
        fx = sfx * sx
        if p.flip:
            rgb, alpha = rgb[:, ::-1], alpha[:, ::-1]
            fx = nw - (sfx + sfw) * sx
        fy, fw, fh = sfy * sy, sfw * sx, sfh * sy
        x0 = int(round(p.cx - (fx + fw / 2)))
        y0 = int(round(p.cy - (fy + fh / 2)))
        # shoulders: a soft ellipse under the chin, drawn before the head
        chin = y0 + fy + fh
        body = np.zeros((self.h, self.w), np.float32)
        cv2.ellipse(
            body,
            (int(round(x0 + fx + fw / 2)), int(round(chin + 1.3 * fw))),
            (int(1.35 * fw), int(1.18 * fw)),
            0,
            0,
            360,
            1.0,
            -1,
            cv2.LINE_AA,
        )
        body = cv2.GaussianBlur(body, (0, 0), max(1.0, fw / 40))
        colour = np.array(p.body, np.float32)[None, None]
        shade = np.linspace(1.08, 0.82, self.h, dtype=np.float32)[:, None, None]
        self.blend(0, 0, np.broadcast_to(colour * shade, self.rgb.shape), body, idx)
        self.blend(x0, y0, rgb, alpha, idx)
        return (x0 + fx, y0 + fy, fw, fh)


def visible_fraction(owner: np.ndarray, box: tuple, idx: int) -> float:
    """Fraction of the face box NOT covered by a person pasted later (i.e. in front)."""
    x, y, w, h = (int(round(v)) for v in box)
    H, W = owner.shape
    x0, y0, x1, y1 = max(0, x), max(0, y), min(W, x + w), min(H, y + h)
    if x1 <= x0 or y1 <= y0:
        return 1.0
    return float(np.mean(owner[y0:y1, x0:x1] <= idx))


# --------------------------------------------------------------------------------------
# Box arithmetic (float boxes are exact; integers are produced only at output time).
# --------------------------------------------------------------------------------------
def clip_box(box, width, height):
    """Clip a float (x, y, w, h) box to the frame and round its edges -> int box or None."""
    x, y, w, h = box
    x0, y0 = max(0.0, x), max(0.0, y)
    x1, y1 = min(float(width), x + w), min(float(height), y + h)
    x0, y0, x1, y1 = (int(round(v)) for v in (x0, y0, x1, y1))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    return [x0, y0, x1 - x0, y1 - y0]


def is_cut(box, width, height):
    x, y, w, h = box
    return x < 0 or y < 0 or x + w > width or y + h > height


# --------------------------------------------------------------------------------------
# Background: a blurred "hospital corridor" in one-point perspective.
# --------------------------------------------------------------------------------------
def corridor(w: int, h: int, rng: np.random.Generator, vp=(0.5, 0.42)) -> np.ndarray:
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    vx, vy = vp[0] * w, vp[1] * h
    bw, bh = 0.22 * w, 0.26 * h  # back wall
    bx0, bx1 = vx - bw / 2, vx + bw / 2
    by0, by1 = vy - bh * 0.45, vy + bh * 0.55

    def lerp(a, b, t):
        return a + (b - a) * t

    wall, wall2 = (196, 222, 208), (184, 212, 199)
    d.polygon([(0, 0), (w, 0), (bx1, by0), (bx0, by0)], fill=(232, 233, 228))  # ceiling
    d.polygon([(0, 0), (bx0, by0), (bx0, by1), (0, h)], fill=wall)  # left wall
    d.polygon([(w, 0), (bx1, by0), (bx1, by1), (w, h)], fill=wall2)  # right wall
    d.polygon([(0, h), (bx0, by1), (bx1, by1), (w, h)], fill=(178, 172, 160))  # floor
    d.rectangle([bx0, by0, bx1, by1], fill=(210, 214, 206))  # back wall
    # back-wall window / door
    d.rectangle(
        [lerp(bx0, bx1, 0.35), lerp(by0, by1, 0.25), lerp(bx0, bx1, 0.65), by1],
        fill=(150, 178, 190),
    )

    def wall_pt(side, t, v):
        """Point on a side wall: depth t (0 = front, 1 = back), height v (0 = top, 1 = floor)."""
        if side == "L":
            x, top, bot = lerp(0, bx0, t), lerp(0, by0, t), lerp(h, by1, t)
        else:
            x, top, bot = lerp(w, bx1, t), lerp(0, by0, t), lerp(h, by1, t)
        return (x, lerp(top, bot, v))

    for side in ("L", "R"):
        # doors
        for t0, t1 in ((0.08, 0.22), (0.45, 0.55), (0.72, 0.78)):
            col = (92, 140, 150) if side == "L" else (120, 150, 170)
            d.polygon(
                [
                    wall_pt(side, t0, 0.28),
                    wall_pt(side, t1, 0.28),
                    wall_pt(side, t1, 1.0),
                    wall_pt(side, t0, 1.0),
                ],
                fill=col,
            )
        # handrail + skirting
        for v, col, wd in (
            (0.62, (120, 130, 150), max(2, w // 200)),
            (0.97, (110, 105, 98), max(3, w // 120)),
        ):
            d.line([wall_pt(side, 0, v), wall_pt(side, 1, v)], fill=col, width=wd)
    # ceiling light panels
    for t0, t1 in ((0.05, 0.2), (0.35, 0.45), (0.6, 0.66), (0.78, 0.82)):

        def cp(t, u):
            return (lerp(lerp(0, bx0, t), lerp(w, bx1, t), u), lerp(0, by0, t))

        d.polygon([cp(t0, 0.38), cp(t0, 0.62), cp(t1, 0.62), cp(t1, 0.38)], fill=(255, 255, 250))
    img = img.filter(ImageFilter.GaussianBlur(radius=max(3, w / 220)))
    a = np.asarray(img, np.float32)
    # soft floor reflection of the lights, vignette and sensor noise
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r = np.sqrt(((xx - vx) / w) ** 2 + ((yy - vy) / h) ** 2)
    a *= (1.05 - 0.35 * r**1.5)[..., None]
    a += rng.normal(0, 2.5, a.shape).astype(np.float32)
    return np.clip(a, 0, 255)


def compose(bg, people, sprites, min_visible=0.99):
    """Paste people (farthest first) over bg; return (uint8 image, {id: float face box})."""
    canvas = Canvas(bg)
    boxes = {}
    for i, p in enumerate(people):
        boxes[p.id] = canvas.place(sprites[p.source], p, i)
    for i, p in enumerate(people):
        vis = visible_fraction(canvas.owner, boxes[p.id], i)
        if vis < min_visible:
            raise AssertionError(f"face {p.id} is occluded by a later person ({vis:.2f} visible)")
    return np.clip(canvas.rgb + 0.5, 0, 255).astype(np.uint8), boxes


# --------------------------------------------------------------------------------------
# Metadata that a privacy tool must strip.
# --------------------------------------------------------------------------------------
GPS_LAT, GPS_LON = 51.5, -0.12
DATETIME_EXIF = "2024:05:17 10:30:00"
DATETIME_ISO = "2024-05-17T10:30:00.000000Z"
ISO6709 = "+51.5000-000.1200/"


def dms(value: float):
    value = abs(value)
    d = int(value)
    m = int((value - d) * 60)
    s = round(((value - d) * 60 - m) * 60, 4)
    return (float(d), float(m), float(s))


def make_exif(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "TestPhone"  # Make
    exif[0x0110] = "X1"  # Model
    exif[0x0112] = orientation  # Orientation
    exif[0x0131] = "redact-samples"  # Software
    exif[0x0132] = DATETIME_EXIF  # DateTime
    exif[0x8769] = {  # Exif IFD
        0x9003: DATETIME_EXIF,  # DateTimeOriginal
        0x9004: DATETIME_EXIF,  # DateTimeDigitized
    }
    exif[0x8825] = {  # GPS IFD
        0x0000: b"\x02\x02\x00\x00",  # GPSVersionID
        0x0001: "N" if GPS_LAT >= 0 else "S",
        0x0002: dms(GPS_LAT),
        0x0003: "E" if GPS_LON >= 0 else "W",
        0x0004: dms(GPS_LON),
    }
    return exif


def exif_summary(orientation: int) -> dict:
    return {
        "Make": "TestPhone",
        "Model": "X1",
        "Software": "redact-samples",
        "DateTime": DATETIME_EXIF,
        "DateTimeOriginal": DATETIME_EXIF,
        "DateTimeDigitized": DATETIME_EXIF,
        "Orientation": orientation,
        "GPSLatitude": GPS_LAT,
        "GPSLongitude": GPS_LON,
    }


CONTAINER_METADATA = {
    "title": "Ward 7 corridor (synthetic test clip)",
    "comment": "synthetic sample for redact; contains location metadata on purpose",
    "make": "TestPhone",
    "model": "X1",
    "location": ISO6709,
    "com.apple.quicktime.location.ISO6709": ISO6709,
    "com.apple.quicktime.make": "TestPhone",
    "com.apple.quicktime.model": "X1",
    "creation_time": DATETIME_ISO,
}


# --------------------------------------------------------------------------------------
# Still images
# --------------------------------------------------------------------------------------
SCRUBS = [
    (58, 120, 130),
    (40, 70, 120),
    (225, 228, 232),
    (120, 50, 70),
    (70, 110, 160),
    (90, 140, 100),
    (200, 200, 205),
]

PEOPLE_PHOTO = [  # farthest first; (id, source, face width, centre x, centre y, flipped)
    Person("g40", "grace_hopper", 40, 598, 262, False, SCRUBS[1]),
    Person("a44", "astronaut", 44, 742, 256, True, SCRUBS[0]),
    Person("a70", "astronaut", 70, 430, 300, False, SCRUBS[4]),
    Person("g72f", "grace_hopper", 72, 905, 318, True, SCRUBS[3]),
    Person("a120f", "astronaut", 120, 212, 380, True, SCRUBS[2]),
    Person("g200", "grace_hopper", 200, 660, 520, False, SCRUBS[1]),
    Person("a190cut", "astronaut", 190, 1215, 430, False, SCRUBS[5]),  # cut by right edge
]


def make_people(out: Path, sprites, rng, truth):
    W, H = 1280, 720
    bg = corridor(W, H, rng, vp=(0.52, 0.40))
    img, boxes = compose(bg, PEOPLE_PHOTO, sprites)
    faces = []
    for p in PEOPLE_PHOTO:
        box = boxes[p.id]
        faces.append(
            {
                "id": p.id,
                "source": p.source,
                "flipped": p.flip,
                "cut_by_frame": is_cut(box, W, H),
                "box": clip_box(box, W, H),
            }
        )
    pil = Image.fromarray(img)
    pil.save(out / "people.jpg", quality=85, optimize=True, exif=make_exif(1).tobytes())
    truth["people.jpg"] = {
        "type": "image",
        "width": W,
        "height": H,
        "stored_width": W,
        "stored_height": H,
        "exif_orientation": 1,
        "boxes": [f["box"] for f in faces],
        "faces": faces,
        "sensitive_metadata": {"exif": exif_summary(1)},
    }

    # Rotated variant: displayed 960x540; pixels stored rotated 90 deg counter-clockwise
    # (540 wide x 960 high) with EXIF Orientation 6 = "rotate 90 deg clockwise to display".
    s = 960 / W
    Wr, Hr = 960, round(H * s)
    upright = pil.resize((Wr, Hr), Image.Resampling.LANCZOS)
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # PIL ROTATE_90 = counter-clockwise
    stored.save(out / "people_rotated.jpg", quality=85, optimize=True, exif=make_exif(6).tobytes())
    faces_r = []
    for p in PEOPLE_PHOTO:
        x, y, w, h = boxes[p.id]
        box = (x * s, y * s, w * s, h * s)
        faces_r.append(
            {
                "id": p.id,
                "source": p.source,
                "flipped": p.flip,
                "cut_by_frame": is_cut(box, Wr, Hr),
                "box": clip_box(box, Wr, Hr),
            }
        )
    truth["people_rotated.jpg"] = {
        "type": "image",
        "width": Wr,
        "height": Hr,
        "stored_width": Hr,
        "stored_height": Wr,
        "exif_orientation": 6,
        "boxes": [f["box"] for f in faces_r],
        "faces": faces_r,
        "sensitive_metadata": {"exif": exif_summary(6)},
    }


# --------------------------------------------------------------------------------------
# Videos
# --------------------------------------------------------------------------------------
def smoothstep(t):
    return t * t * (3 - 2 * t)


def camera_path(keys, t):
    """keys: list of (time, cx, cy, window_width); smooth interpolation between keys."""
    for (t0, *a), (t1, *b) in zip(keys, keys[1:]):
        if t0 <= t <= t1:
            u = smoothstep((t - t0) / (t1 - t0))
            return [x + (y - x) * u for x, y in zip(a, b)]
    return list(keys[-1][1:])


def write_video(path: Path, frames_rgb, fps: int, rotation: int, seconds: float):
    """H.264 (libx264, crf 23) + AAC sine tone + container metadata, via PyAV."""
    first = frames_rgb[0]
    h, w = first.shape[:2]
    out = av.open(
        str(path),
        "w",
        format="mp4",
        options={"movflags": "use_metadata_tags", "fflags": "+bitexact"},
    )
    for k, v in CONTAINER_METADATA.items():
        out.metadata[k] = v
    vs = out.add_stream(
        "libx264", rate=fps, options={"crf": "23", "preset": "medium", "g": str(2 * fps)}
    )
    vs.width, vs.height, vs.pix_fmt = w, h, "yuv420p"
    vs.codec_context.time_base = Fraction(1, fps)
    vs.thread_count = 1  # deterministic bitstream
    if rotation:
        vs.set_display_rotation(rotation)
    sr = 44100
    aus = out.add_stream("aac", rate=sr)
    aus.layout = "mono"
    aus.codec_context.bit_rate = 64000
    for i, img in enumerate(frames_rgb):
        frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(img), format="rgb24")
        frame.pts = i
        frame.time_base = Fraction(1, fps)
        for pkt in vs.encode(frame):
            out.mux(pkt)
    for pkt in vs.encode():
        out.mux(pkt)
    n = int(round(seconds * sr))
    t = np.arange(n, dtype=np.float64) / sr
    tone = 0.03 * np.sin(2 * np.pi * 440.0 * t) * np.minimum(1.0, np.minimum(t, t[-1] - t) / 0.05)
    tone = tone.astype(np.float32)
    for start in range(0, n, 1024):
        chunk = tone[start : start + 1024]
        af = av.AudioFrame.from_ndarray(chunk[None, :], format="fltp", layout="mono")
        af.sample_rate = sr
        af.pts = start
        af.time_base = Fraction(1, sr)
        for pkt in aus.encode(af):
            out.mux(pkt)
    for pkt in aus.encode():
        out.mux(pkt)
    out.close()


def render_camera(scene_bg, people, sprites, walker, keys, fps, n_frames, out_w, out_h, rng):
    """Pan/zoom a virtual camera over a scene; the optional walker moves through the scene.

    Returns (frames, per-frame list of (id, float box in output pixels)).
    """
    H, W = scene_bg.shape[:2]
    phases = rng.uniform(0, 2 * np.pi, 4)
    frames, per_frame = [], []
    base = Canvas(scene_bg)
    static_boxes = {p.id: base.place(sprites[p.source], p, i) for i, p in enumerate(people)}
    for i in range(n_frames):
        t = i / fps
        canvas = Canvas(base.rgb)
        canvas.owner = base.owner.copy()
        fboxes = dict(static_boxes)
        order = list(people)
        if walker is not None:
            wp = walker(t)
            fboxes[wp.id] = canvas.place(sprites[wp.source], wp, len(people))
            order = order + [wp]
        for k, p in enumerate(order):
            vis = visible_fraction(canvas.owner, fboxes[p.id], k)
            if vis < 0.99:
                raise AssertionError(f"frame {i}: face {p.id} occluded ({vis:.2f} visible)")
        cx, cy, ww = camera_path(keys, t)
        cx += 4.0 * math.sin(2.1 * t + phases[0]) + 2.0 * math.sin(5.3 * t + phases[1])
        cy += 3.0 * math.sin(1.7 * t + phases[2]) + 1.5 * math.sin(4.1 * t + phases[3])
        wh = ww * out_h / out_w
        x0 = min(max(cx - ww / 2, 0.0), W - ww)
        y0 = min(max(cy - wh / 2, 0.0), H - wh)
        s = out_w / ww
        scene = canvas.rgb
        if s < 0.9:  # anti-alias before the sub-pixel warp
            scene = cv2.GaussianBlur(scene, (0, 0), 0.45 / s)
        M = np.array([[s, 0, -x0 * s], [0, s, -y0 * s]], np.float64)
        frame = cv2.warpAffine(
            scene, M, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
        )
        frames.append(np.clip(frame + 0.5, 0, 255).astype(np.uint8))
        per_frame.append(
            [
                (p.id, ((b[0] - x0) * s, (b[1] - y0) * s, b[2] * s, b[3] * s))
                for p in order
                for b in [fboxes[p.id]]
            ]
        )
    return frames, per_frame


CLIP_SCENE = [  # 1600x900 scene, farthest first
    Person("g66", "grace_hopper", 66, 560, 300, False, SCRUBS[1]),
    Person("a62f", "astronaut", 62, 905, 290, True, SCRUBS[0]),
    Person("a100", "astronaut", 100, 300, 390, False, SCRUBS[4]),
    Person("g110f", "grace_hopper", 110, 1180, 380, True, SCRUBS[3]),
    Person("g150", "grace_hopper", 150, 760, 560, False, SCRUBS[2]),
]
CLIP_KEYS = [  # (time s, camera centre x, centre y, window width) in scene pixels
    (0.0, 520, 420, 960),
    (1.8, 760, 470, 820),
    (3.2, 1080, 420, 660),
    (5.0, 1180, 470, 900),
]


def clip_walker(t):
    # a person walking right-to-left through the front-right part of the scene
    return Person(
        "a90walk",
        "astronaut",
        90,
        1560 - 110 * t,
        610 + 5 * math.sin(2 * math.pi * 1.6 * t),
        True,
        SCRUBS[5],
    )


ROT_SCENE = [  # 720x1280 portrait scene, farthest first
    Person("a70", "astronaut", 70, 470, 420, False, SCRUBS[0]),
    Person("g110f", "grace_hopper", 110, 220, 560, True, SCRUBS[4]),
    Person("g190", "grace_hopper", 190, 400, 820, False, SCRUBS[1]),
]
ROT_KEYS = [(0.0, 360, 660, 520), (1.2, 380, 700, 470), (2.4, 350, 680, 540)]


def video_truth(per_frame, people, out_w, out_h, fps, rotation, stored_w, stored_h, file_meta):
    frames, ids = [], []
    for fb in per_frame:
        bs, fid = [], []
        for pid, box in fb:
            cb = clip_box(box, out_w, out_h)
            if cb is not None:
                bs.append(cb)
                fid.append(pid)
        frames.append(bs)
        ids.append(fid)
    return {
        "type": "video",
        "width": out_w,
        "height": out_h,
        "stored_width": stored_w,
        "stored_height": stored_h,
        "rotation": rotation,
        "fps": fps,
        "frame_count": len(frames),
        "faces": [{"id": p.id, "source": p.source, "flipped": p.flip} for p in people],
        "frames": frames,
        "frame_ids": ids,
        **file_meta,
    }


def make_clips(out: Path, sprites, rng, truth):
    fps = 25
    meta = {
        "sensitive_metadata": {"container": dict(CONTAINER_METADATA)},
        "audio": {"codec": "aac", "sample_rate": 44100, "tone_hz": 440},
    }

    # clip.mp4: 5 s, 640x360, pan + zoom over a 1600x900 scene, one walking person.
    W, H, n = 640, 360, 125
    scene = corridor(1600, 900, rng, vp=(0.55, 0.38))
    frames, per_frame = render_camera(
        scene, CLIP_SCENE, sprites, clip_walker, CLIP_KEYS, fps, n, W, H, rng
    )
    write_video(out / "clip.mp4", frames, fps, 0, n / fps)
    truth["clip.mp4"] = video_truth(
        per_frame, CLIP_SCENE + [clip_walker(0)], W, H, fps, 0, W, H, meta
    )

    # clip_rotated.mp4: 2.4 s portrait (displayed 360x640) phone clip; frames stored as
    # 640x360 landscape = upright rotated 90 deg counter-clockwise; display matrix says
    # "rotate 90 deg clockwise to display" (PyAV frame.rotation == -90, ffprobe
    # "rotation of -90.00 degrees", same as legacy rotate=90 tag / EXIF Orientation 6).
    W, H, n = 360, 640, 60
    scene = corridor(720, 1280, rng, vp=(0.5, 0.33))
    frames, per_frame = render_camera(scene, ROT_SCENE, sprites, None, ROT_KEYS, fps, n, W, H, rng)
    stored = [np.rot90(f, k=1) for f in frames]  # counter-clockwise -> 640x360
    write_video(out / "clip_rotated.mp4", stored, fps, -90, n / fps)
    truth["clip_rotated.mp4"] = video_truth(per_frame, ROT_SCENE, W, H, fps, -90, H, W, meta)


def dumps_compact(obj) -> str:
    """Indented JSON, but lists that hold no dicts stay on one line (boxes, frames)."""

    def enc(o, ind):
        pad, pad1 = " " * ind, " " * (ind + 1)
        if isinstance(o, dict):
            if not o:
                return "{}"
            items = [f"{pad1}{json.dumps(k)}: {enc(v, ind + 1)}" for k, v in o.items()]
            return "{\n" + ",\n".join(items) + "\n" + pad + "}"
        if isinstance(o, list) and any(isinstance(v, dict) for v in o):
            return "[\n" + ",\n".join(pad1 + enc(v, ind + 1) for v in o) + "\n" + pad + "]"
        if (
            isinstance(o, list)
            and o
            and all(isinstance(v, list) for v in o)
            and any(v and isinstance(v[0], list) for v in o)
        ):
            return "[\n" + ",\n".join(pad1 + json.dumps(v) for v in o) + "\n" + pad + "]"
        return json.dumps(o)

    return enc(obj, 0)


# --------------------------------------------------------------------------------------
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = ap.parse_args(argv)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    cv2.setNumThreads(1)

    sprites, sources = {}, {}
    for name, info in SOURCES.items():
        sprites[name], path = load_sprite(name)
        sources[name] = {
            "subject": info["subject"],
            "status": info["status"],
            "package": info["package"],
            "package_version": package_version(name),
            "path_in_package": f"{info['module']}/{info['relpath']}",
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "face_box_in_source": list(info["face"]),
        }

    truth = {}
    make_people(out, sprites, rng, truth)
    make_clips(out, sprites, rng, truth)

    doc = {
        "format": "redact-samples-truth/1",
        "generator": "samples/make_samples.py",
        "seed": SEED,
        "box": "[x, y, w, h] integer pixels, top-left origin, in DISPLAYED (upright) coordinates "
        "i.e. after applying EXIF orientation / the video display matrix; clipped to the "
        "frame (only the visible part of a face cut by the frame edge); faces whose visible "
        "part is < 2 px wide or high are omitted",
        "face_box": "tight box around the face: eyebrows to chin, ear to ear (not the whole head)",
        "rotation": "videos: PyAV VideoFrame.rotation of the decoded frames (counter-clockwise "
        "degrees); -90 means the stored frame must be turned 90 deg clockwise to "
        "display, i.e. upright = numpy.rot90(stored, k=rotation // 90)",
        "video_frames": "frames[i] = boxes of decoded frame i (presentation order, pts = i/fps); "
        "frame_ids[i] = the matching face ids",
        "sources": sources,
        "files": truth,
    }
    (out / "truth.json").write_text(dumps_compact(doc) + "\n")
    for name in ("people.jpg", "people_rotated.jpg", "clip.mp4", "clip_rotated.mp4", "truth.json"):
        print(f"{name:20s} {(out / name).stat().st_size / 1024:8.1f} KiB")


if __name__ == "__main__":
    main()

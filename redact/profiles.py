"""Speed/recall profiles for video: which face detectors look at which frames.

A profile is pipeline configuration: a list of (detector, every) pairs, each detector looking at
every ``every``-th frame (and at each cut, and sooner when the camera brings in new picture);
between looks the tracker carries what they found, following the camera, and a face found late
is drawn back over the frames before. A cheap detector runs with the camera motion and its faces
join the tracker at once; the others run in the background and their faces join a fixed number
of frames later, moved along the camera's path but not along a walker's: so one cheap detector
looks often, to keep a moving face covered. The default detectors, cheapest first:

* BlazeFace (full range) on every frame or every other: large and close faces, a few
  milliseconds, read at once;
* YuNet on the frame at half size (a glance): large and turned faces BlazeFace misses;
* YuNet at full size: faces down to about 24 px;
* CenterFace: small, turned and half-hidden faces, several times YuNet's cost.

A detector of your own (``Redactor(detector=...)``) runs on the profile's ``face_every``. The
figures behind the defaults are in the README (``python benchmarks/leaks.py --crowd`` for real
crowds under a moving camera, ``python benchmarks/video.py`` for speed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from redact.detect.blazeface import BlazeFace
from redact.detect.centerface import DEFAULT_SCALES, CenterFace
from redact.detect.ensemble import BLAZEFACE_THRESHOLD
from redact.detect.yunet import YuNet
from redact.schedule import Scheduled

_ONE_PASS = ((1.0, 0.0, math.inf),)


@dataclass(frozen=True)
class Profile:
    """How a video is searched.

    Attributes:
        blaze_every: BlazeFace (full range) runs on every ``blaze_every``-th frame, with the
            camera motion: the cheap detector whose faces join the tracker at once.
        glance_every: YuNet on the frame at half size runs on every ``glance_every``-th frame;
            ``None``: never.
        face_every: YuNet at full size (``face_scales``) runs on every ``face_every``-th frame;
            so does a face detector of your own.
        deep_every: CenterFace runs on every ``deep_every``-th frame.
        text_every: OCR runs on every ``text_every``-th frame.
        face_scales: YuNet's full-size passes.
        face_threshold: YuNet's score threshold in video (0.4 in photos): more frames per face
            for the tracker to carry, and the blurred and half-hidden faces YuNet is unsure of.
            ``thorough`` keeps 0.4: with every detector on every frame and a hold of a second,
            a lower threshold's false positives on signs are held too.
        face_max_side: cap on YuNet's input long side: a 1080p frame is read at 720p's size
            (its faces are larger by as much), which keeps YuNet's cost and memory at 1080p
            what they are at 720p.
        deep_scales: CenterFace's passes (see `redact.detect.centerface.DEFAULT_SCALES`).
        deep_max_side: cap on CenterFace's input long side; keeps its cost the same at 1080p
            and 4K as at 720p.
        int8: CenterFace and the OCR line detector and recogniser run their int8 models (a
            third, a half and a little over half of the CPU). Photos always use the float
            models.
        text_max_side: the OCR line detector reads the frame at this long side at most, in one
            pass: 720p and 1080p frames at their own size. (Photos are read at their own size
            however large, with a second pass for large type.)
        hold: frames a region stays hidden after its last detection, and is drawn back before
            its first, on top of its detector's interval. A hard face (blurred, half-hidden) is
            found on some frames only, even by detectors that look at every frame: ``thorough``
            holds for a second. (A longer hold in the other profiles leaves a trail of regions
            behind a walking face, which the tracker re-finds as a new one.)
    """

    blaze_every: int
    glance_every: int | None
    face_every: int
    deep_every: int
    text_every: int
    face_scales: tuple[float, ...] = (1.0,)
    face_threshold: float = 0.3
    face_max_side: int = 1280
    deep_scales: tuple = _ONE_PASS
    deep_max_side: int = 1280
    int8: bool = False
    text_max_side: int = 1920
    hold: int = 8

    def __post_init__(self) -> None:
        for name in ("blaze_every", "glance_every", "face_every", "deep_every", "text_every"):
            if getattr(self, name) is not None and getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1, got {getattr(self, name)}")
        if self.hold < 0:
            raise ValueError(f"hold must be >= 0, got {self.hold}")

    def face_detectors(self, threads: int = 0) -> list[Scheduled]:
        """The default face detectors for video, each on its schedule."""
        glance = [Scheduled(YuNet(scales=(0.5,)), self.glance_every)] if self.glance_every else []
        deep = CenterFace(
            scales=self.deep_scales, max_side=self.deep_max_side, threads=threads, int8=self.int8
        )
        return [
            Scheduled(BlazeFace("full", threshold=BLAZEFACE_THRESHOLD), self.blaze_every, True),
            *glance,
            Scheduled(
                YuNet(self.face_threshold, self.face_scales, max_side=self.face_max_side),
                self.face_every,
            ),
            Scheduled(deep, self.deep_every),
        ]


PROFILES = {
    "fast": Profile(
        blaze_every=2, glance_every=None, face_every=15, deep_every=60, text_every=30, int8=True
    ),
    "balanced": Profile(
        blaze_every=2,
        glance_every=None,
        face_every=8,
        deep_every=30,
        text_every=30,
        deep_max_side=960,
        int8=True,
    ),
    "thorough": Profile(
        blaze_every=1,
        glance_every=1,
        face_every=1,
        deep_every=1,
        text_every=5,
        face_scales=(1.0, 1.5),
        face_max_side=2048,
        deep_scales=DEFAULT_SCALES,
        deep_max_side=1920,
        face_threshold=0.4,
        hold=30,
    ),
}

"""Speed/recall profiles for video: how often the slow detectors run.

BlazeFace (a few milliseconds a frame) runs on every frame in every profile. CenterFace, which finds
the small and turned faces BlazeFace misses, and OCR cost tens to hundreds of milliseconds, so in
video they run on a schedule and the tracker, following the camera, carries what they found;
regions they find late are drawn back over the frames before. The figures behind the defaults are
in the README (``python benchmarks/video.py`` for speed, ``python benchmarks/leaks.py`` for what
each profile misses against detection on every frame).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from redact.detect.centerface import DEFAULT_SCALES, CenterFace
from redact.detect.ensemble import Scheduled


@dataclass(frozen=True)
class Profile:
    """How a video is searched.

    Attributes:
        face_every: CenterFace runs on every ``face_every``-th frame (and at each cut).
        text_every: OCR runs on every ``text_every``-th frame (and at each cut).
        face_scales: CenterFace's passes (see `redact.detect.centerface.DEFAULT_SCALES`).
        face_max_side: cap on CenterFace's input long side; keeps its cost the same at 1080p
            and 4K as at 720p.
        int8: CenterFace and the OCR line detector and recogniser run their int8 models (a
            third, a half and a little over half of the CPU; recall measured in the README).
            Photos always use the float models.
        text_max_side: the OCR line detector reads the frame at this long side at most, in
            one pass: 720p and 1080p frames at their own size. (Photos are read at their own
            size however large, with a second pass for large type.)
    """

    face_every: int
    text_every: int
    face_scales: tuple = ((1.0, 0.0, float("inf")),)
    face_max_side: int = 1280
    int8: bool = False
    text_max_side: int = 1920

    def face_schedule(self, detectors: Sequence[object]) -> list[object]:
        """The default face detectors with CenterFace put on this profile's schedule."""
        return [
            Scheduled(d.rescaled(self.face_scales, self.face_max_side, self.int8), self.face_every)
            if isinstance(d, CenterFace)
            else d
            for d in detectors
        ]


PROFILES = {
    "fast": Profile(face_every=30, text_every=30, face_max_side=960, int8=True),
    "balanced": Profile(face_every=15, text_every=30, int8=True),
    "thorough": Profile(face_every=1, text_every=5, face_scales=DEFAULT_SCALES, face_max_side=1920),
}

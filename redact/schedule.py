"""A schedule: which detector looks at which video frames.

A schedule is pipeline configuration: a list of detectors, each wrapped as
``Scheduled(detector, every)``. `redact.profiles.Profile` makes one for the default detectors,
and applies its ``face_every`` to a detector of your own.
"""

from __future__ import annotations

import numpy as np

from redact.base import ClosingDetector
from redact.protocols import Detector
from redact.regions import Regions


def close_part(part: object) -> None:
    """Close a part that can be closed (any object with ``detect`` is a detector; a close
    method is optional)."""
    close = getattr(part, "close", None)
    if close is not None:
        close()


class Scheduled(ClosingDetector):
    """A detector that need not look at every video frame: `redact.pipeline.FramePipeline` runs
    it on every ``every``-th frame and on the first frame of each shot; the tracker carries its
    regions in between. On a still image it simply runs.

    A slow detector (``inline=False``, the default) runs in the background, also sooner when the
    camera has brought in a lot of new picture, and its regions join the tracker a fixed number
    of frames later. A cheap one (``inline=True``) runs with the camera motion, a few frames
    ahead of tracking, and its regions join at once: it keeps a moving face covered.
    """

    def __init__(self, detector: Detector, every: int, inline: bool = False) -> None:
        if every < 1:
            raise ValueError(f"every must be >= 1, got {every}")
        self.detector, self.every, self.inline = detector, every, inline

    def detect(self, frame: np.ndarray) -> Regions:
        return self.detector.detect(frame)

    def close(self) -> None:
        close_part(self.detector)
        super().close()

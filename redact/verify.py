"""``--verify``: look at a redacted output again and report what can still be found in it.

The output is searched with the same detectors, as they run on a still photo (every detector,
no schedule, nothing remembered between frames: `redact.pipeline.FramePipeline.detect`). A
region found is a leftover unless at least half of its box lies under what the run drew over
that frame: the blurred remains of a face hidden on purpose may still look like a face to a
detector, but they are inside the drawn area.
A "line" of text taller than a third of the frame is not a line: the text detector sometimes
takes a whole frame of smooth blurred shapes for one, and it is not reported. In a video every
``every``-th frame is searched (every frame costs as much as ``--thorough``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from redact.anonymize import pixel_bounds
from redact.regions import Regions

EVERY = 5  # video frames between two searched ones
COVERED = 0.5  # a region at least this much under the drawn boxes is accounted for


def leftovers(
    frame: np.ndarray, detect: Callable[[np.ndarray], Regions], drawn: np.ndarray
) -> Regions:
    """What ``detect`` finds in an output ``frame`` that is not mostly under the ``drawn``
    boxes."""
    found = detect(frame)
    if not len(found):
        return found
    height, width = frame.shape[:2]
    under = np.zeros((height, width), np.float32)
    for box in drawn:
        bounds = pixel_bounds(box, width, height)
        if bounds is not None:
            under[bounds[1] : bounds[3], bounds[0] : bounds[2]] = 1
    keep = []
    for box, kind in zip(found.xyxy, found.kind):
        bounds = pixel_bounds(box, width, height)
        inside = under[bounds[1] : bounds[3], bounds[0] : bounds[2]].mean() if bounds else 1.0
        line = kind == "face" or box[3] - box[1] <= height / 3
        keep.append(inside < COVERED and line)
    return found[np.array(keep, bool)]


def video_frames(path: Path, every: int = EVERY) -> Iterator[tuple[int, np.ndarray]]:
    """(index, RGB frame) for every ``every``-th frame of a video redact wrote (upright)."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for index, frame in enumerate(container.decode(stream)):
            if index % every == 0:
                yield index, frame.to_ndarray(format="rgb24")

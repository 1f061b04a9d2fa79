"""The extension points: what redact asks of the parts you can plug in.

Every part is an ordinary object with the method(s) below; nothing needs to inherit from
redact's classes. Each protocol is ``runtime_checkable``, so ``isinstance(obj, Detector)``
checks the methods are there.

* `Detector` finds regions in one frame: the face detectors, the text detector, your own.
* `FollowsCamera`: a detector that remembers earlier frames (the text detector recalls lines
  it has read) is told how the camera moved between frames, and when a shot starts.
* `Operator` hides regions in a frame: ``Obscure``, ``Fill``, ``Pixelate``, ``Blur``, yours.
* `LineFinder` and `LineReader` are an OCR backend: one finds text lines, the other reads them
  (one object may be both, as the EasyOCR backend is).
* `Recorder` receives statistics and what was hidden, if you pass one (``redact.Stats``).

Example:
    >>> import numpy as np
    >>> import redact
    >>> class Corner:  # finds a "face" in the top-left corner of every frame
    ...     def detect(self, frame):
    ...         return redact.Regions(xyxy=[[0, 0, 20, 20]], score=[1.0], kind="face")
    >>> isinstance(Corner(), redact.Detector)
    True
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from redact.regions import Regions


@runtime_checkable
class Detector(Protocol):
    """Turns an RGB ``(H, W, 3)`` uint8 frame into the regions it finds (``kind="face"`` for
    faces; any other kind is hidden as text is, filled solid)."""

    def detect(self, frame: np.ndarray) -> Regions: ...


@runtime_checkable
class FollowsCamera(Protocol):
    """A detector that remembers earlier frames of a video."""

    def move(self, affine: np.ndarray) -> None:
        """The camera moved: a 2x3 transform from the last frame's pixels to this one's."""

    def reset(self) -> None:
        """A new shot, or a new picture: forget what was seen."""


@runtime_checkable
class Operator(Protocol):
    """Turns a frame and the regions to hide into a new frame (the input is not modified)."""

    def apply(self, frame: np.ndarray, regions: Regions) -> np.ndarray: ...


@runtime_checkable
class LineFinder(Protocol):
    """Half of an OCR backend: the text lines in a frame, each with its box and, for tilted
    lines, its quadrilateral in ``polygon``."""

    def detect(self, frame: np.ndarray) -> Regions: ...


@runtime_checkable
class LineReader(Protocol):
    """The other half: the same lines with ``text`` set to what each one says."""

    def read(self, frame: np.ndarray, lines: Regions) -> Regions: ...


@runtime_checkable
class Recorder(Protocol):
    """Receives statistics from a run. The pipeline times nothing unless it is given one."""

    def count(self, name: str, n: int = 1) -> None:
        """Add ``n`` to the counter ``name`` (detector runs, lines read...)."""

    def seconds(self, stage: str, seconds: float) -> None:
        """Add CPU seconds spent in a stage, measured in the stage's own thread."""

    def regions(self, regions: Regions) -> None:
        """The regions hidden in the next output frame, before margins (with ``kind`` and, in
        video, ``track_id``)."""

    def drawn(self, boxes: np.ndarray) -> None:
        """The boxes (``(N, 4)`` xyxy, margins included) drawn over the next output frame."""

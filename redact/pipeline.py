"""The frame pipeline: detect, carry regions between frames, redact.

Nothing else knows the order."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

import numpy as np

from redact.anonymize import Fill, Operator
from redact.detect import Detector
from redact.regions import Regions
from redact.track import Tracker


class FramePipeline:
    """Redacts frames: one still image with ``__call__``, or a video's frames with ``stream``.

    Args:
        detector: turns a frame into regions.
        operator: hides regions in a frame.
        margin: face boxes are grown by this factor about their centre before redaction.
        hold: for video, frames a region stays redacted after its last detection, moving at its
            last velocity; also the frames it is redacted *before* its first detection, which
            costs a look-ahead buffer of ``hold`` frames.
        text_operator: hides every region that is not a face (default: solid black box).
        text_padding: non-face boxes grow on every side by this fraction of their height.
    """

    def __init__(
        self,
        detector: Detector,
        operator: Operator,
        margin: float,
        hold: int = 8,
        text_operator: Operator | None = None,
        text_padding: float = 0.3,
    ) -> None:
        if margin < 1:
            raise ValueError(f"margin must be >= 1 (a box is never shrunk), got {margin}")
        if hold < 0:
            raise ValueError(f"hold must be >= 0, got {hold}")
        self.detector = detector
        self.operator = operator
        self.text_operator = text_operator or Fill(mask="box")
        self.text_padding = text_padding
        self.margin = margin
        self.hold = hold
        self.tracker = Tracker(hold=hold)

    def _redact(self, frame: np.ndarray, regions: Regions) -> np.ndarray:
        """Faces through the chosen operator with the margin; everything else (text, codes)
        filled solid with padding: blur and mosaic of text can be reversed."""
        if not len(regions):
            return frame
        faces = regions.kind == "face"
        # Unclipped on purpose: the operator clips, and an ellipse must keep its real centre.
        if faces.any():
            frame = self.operator.apply(frame, regions[faces].scaled(self.margin))
        if (~faces).any():
            frame = self.text_operator.apply(frame, regions[~faces].padded(self.text_padding))
        return frame

    def __call__(self, frame: np.ndarray) -> tuple[np.ndarray, Regions]:
        """A still image: the redacted copy and the regions found (before the margin)."""
        found = self.detector.detect(frame)
        return self._redact(frame, found), found

    def stream(self, frames: Iterable[np.ndarray]) -> Iterator[np.ndarray]:
        """A video: yields every frame redacted, in order, ``hold`` frames behind the input.

        A region first found at frame ``i`` is also redacted in frames ``i - hold`` to ``i - 1``
        (at each of its boxes from its first ``hold`` frames), so a face is covered before the
        detector first catches it.
        """
        pending: deque[tuple[np.ndarray, list[Regions]]] = deque()
        for index, frame in enumerate(frames):
            size = (frame.shape[1], frame.shape[0])
            live = self.tracker.update(self.detector.detect(frame), index, size)
            # A young track's newest box is drawn back over the frames before it was first
            # seen: the first detection of a face entering the picture is often its worst.
            young = [t for t in self.tracker.detected if index - t.first_frame < self.hold]
            if young:
                early = Regions(
                    xyxy=np.array([t.box for t in young]),
                    kind=np.array([t.kind for t in young], object),
                    track_id=np.array([t.id for t in young]),
                )
                for _, extra in pending:
                    extra.append(early)
            pending.append((frame, [live]))
            if len(pending) > self.hold:
                yield self._emit(pending.popleft())
        while pending:
            yield self._emit(pending.popleft())

    def _emit(self, item: tuple[np.ndarray, list[Regions]]) -> np.ndarray:
        frame, parts = item
        return self._redact(frame, Regions.merge(parts))

"""The frame pipeline: detect on a schedule, carry regions between frames, redact.

Nothing else knows the order.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from redact.anonymize import Fill, Operator
from redact.detect import Detector
from redact.detect.ensemble import Scheduled, union
from redact.motion import CameraMotion, Motion, invert, warp_boxes
from redact.regions import Regions
from redact.track import Tracker

# A scheduled detector runs early once the camera has brought in this much new picture (a
# fraction of the frame: shift plus zoom) since its last run.
NEW_PICTURE = 0.25


@dataclass
class _Slot:
    """One detector in the schedule and when it last ran."""

    position: int
    detector: Detector
    every: int
    last: int = -(10**9)
    moved: float = 0.0
    kinds: set[str] = field(default_factory=set)

    def due(self, index: int, motion: Motion, jump: bool) -> bool:
        """Run now? On schedule, at a jump (a cut or the first frame the motion cannot follow),
        and early once the camera has brought in a lot of new picture or lost track again."""
        self.moved += motion.moved
        since = index - self.last
        if jump or since >= self.every:
            return True
        early = since >= max(1, self.every // 3)
        return early and (motion.lost or self.moved >= NEW_PICTURE)


@dataclass
class _Pending:
    """A frame waiting in the look-ahead buffer."""

    index: int
    frame: np.ndarray
    live: Regions  # the tracker's boxes at this frame
    step: np.ndarray  # camera motion from the frame before to this one
    shot_start: bool
    early: dict[int, tuple[str, np.ndarray]] = field(default_factory=dict)  # drawn back later


class FramePipeline:
    """Redacts frames: one still image with ``__call__``, or a video's frames with ``stream``.

    Args:
        detectors: what turns a frame into regions: one detector or several. In video a plain
            detector runs on every frame and a `Scheduled` one on its schedule; on a still image
            every detector runs.
        operator: hides face regions in a frame.
        margin: face boxes are grown by this factor about their centre before redaction.
        hold: for video, frames a region stays redacted after its last detection (moving with
            the camera and at its own last velocity) *plus* the gap between runs of the slowest
            detector that finds its kind; also how far it is drawn back before its first
            detection, which costs a look-ahead buffer of that many frames.
        text_operator: hides every region that is not a face (default: solid black box).
        text_padding: non-face boxes grow on every side by this fraction of their height.
        motion: follow the camera (pan, zoom, shake) and cut at scene changes; without it
            regions stay where they were last seen.
        growth: per-frame growth of a face's box while it is not detected.
        still_growth: the same for text and codes.
    """

    def __init__(
        self,
        detectors: Detector | Sequence[Detector],
        operator: Operator,
        margin: float,
        hold: int = 8,
        text_operator: Operator | None = None,
        text_padding: float = 0.3,
        motion: bool = True,
        growth: float = 0.05,
        still_growth: float = 0.02,
    ) -> None:
        if margin < 1:
            raise ValueError(f"margin must be >= 1 (a box is never shrunk), got {margin}")
        if hold < 0:
            raise ValueError(f"hold must be >= 0, got {hold}")
        self.detectors = [detectors] if hasattr(detectors, "detect") else list(detectors)
        if not self.detectors:
            raise ValueError("a FramePipeline needs at least one detector")
        self.operator = operator
        self.text_operator = text_operator or Fill(mask="box")
        self.text_padding = text_padding
        self.margin = margin
        self.hold = hold
        self.motion = CameraMotion() if motion else None
        self.tracker = Tracker(hold=hold, growth=growth, still_growth=still_growth)
        self.runs: dict[int, int] = {}  # detector position -> runs in the last stream
        self.seconds: Counter[str] = Counter()  # time spent per stage in the last stream

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
        for d in self.detectors:
            reset = getattr(getattr(d, "detector", d), "reset", None)
            if reset is not None:  # nothing remembered from another picture
                reset()
        found = union(d.detect(frame) for d in self.detectors)
        return self._redact(frame, found), found

    # -- video ------------------------------------------------------------------------------
    def stream(self, frames: Iterable[np.ndarray]) -> Iterator[np.ndarray]:
        """A video: yields every frame redacted, in order, some frames behind the input.

        A region first found at frame ``i`` is also redacted in the frames before it, back to
        the start of the shot or ``hold`` plus its detector's interval, moved back along the
        camera's path: a face is covered before the detector first catches it.
        """
        slots = [
            _Slot(k, d.detector if isinstance(d, Scheduled) else d, getattr(d, "every", 1))
            for k, d in enumerate(self.detectors)
        ]
        depth = self.hold + max(s.every for s in slots) - 1
        pending: deque[_Pending] = deque()
        if self.motion is not None:
            self.motion.reset()
        clock = time.perf_counter
        lost = False
        for index, frame in enumerate(frames):
            start = clock()
            motion = self.motion.update(frame) if self.motion else Motion(_STILL, cut=index == 0)
            self.seconds["motion"] += clock() - start
            # A jump: this frame cannot be related to the one before (a cut, or the first frame
            # the motion could not follow, often a cut the histogram missed). The slow detectors
            # look at both sides of it.
            jump = motion.cut or (motion.lost and not lost)
            if jump:
                self._finish_shot(slots, pending)
            lost = motion.lost
            if motion.cut:
                self.tracker.end_shot()
            else:
                self.tracker.move(motion.affine)
            for slot in slots:  # detectors that remember earlier frames follow the camera too
                if motion.cut and hasattr(slot.detector, "reset"):
                    slot.detector.reset()
                elif not motion.cut and hasattr(slot.detector, "move"):
                    slot.detector.move(motion.affine)
            found = [
                self._run(slot, frame, index) for slot in slots if slot.due(index, motion, jump)
            ]
            start = clock()
            size = (frame.shape[1], frame.shape[0])
            live = self.tracker.update(union(found), index, size)
            self._draw_back(pending, index, motion)
            pending.append(_Pending(index, frame, live, motion.affine, motion.cut))
            self.seconds["track"] += clock() - start
            if len(pending) > depth:
                yield self._emit(pending.popleft())
        self._finish_shot(slots, pending)
        while pending:
            yield self._emit(pending.popleft())

    def _run(self, slot: _Slot, frame: np.ndarray, index: int) -> Regions:
        start = time.perf_counter()
        regions = slot.detector.detect(frame)
        self.seconds[type(slot.detector).__name__] += time.perf_counter() - start
        slot.last, slot.moved = index, 0.0
        self.runs[slot.position] = self.runs.get(slot.position, 0) + 1
        for kind in set(regions.kind.astype(str)) - slot.kinds:
            slot.kinds.add(kind)  # a track of this kind may go unseen until the next run
            gap = self.tracker.expected_gap.get(kind, 0)
            self.tracker.expected_gap[kind] = max(gap, slot.every - 1)
        return regions

    def _finish_shot(self, slots: list[_Slot], pending: deque[_Pending]) -> None:
        """Before a cut or the end: the slow detectors look at the shot's last frame too, so
        what came into view after their last run is found and drawn back."""
        if not pending or pending[-1].shot_start:
            return
        last = pending[-1]
        found = [self._run(s, last.frame, last.index) for s in slots if s.last < last.index]
        if not found:
            return
        size = (last.frame.shape[1], last.frame.shape[0])
        live = self.tracker.update(union(found), last.index, size)
        last.live = Regions.merge([last.live, live])
        before = list(pending)[:-1]
        self._draw_back(before, last.index, Motion(last.step, cut=last.shot_start))

    def _draw_back(self, pending: Sequence[_Pending], index: int, motion: Motion) -> None:
        """Draw each young track's newest box over the pending frames before it (back to its
        first detection and beyond), moved back along the camera's path and growing with the
        distance: the first detections of a face entering the picture are often its worst, and
        a slow detector finds a face only some frames after it appeared."""
        young = [
            t
            for t in self.tracker.detected
            if index - t.first_frame <= self.tracker.patience(t.kind)
        ]
        if not young or not pending:
            return
        boxes = np.array([t.box for t in young], np.float64)
        growth = np.array([t.growth for t in young])[:, None]
        step, shot_start = motion.affine, motion.cut  # from each frame to the one after it
        for entry in reversed(pending):
            if shot_start:
                break
            boxes = warp_boxes(boxes, invert(step))
            gap = index - entry.index
            centre = (boxes[:, :2] + boxes[:, 2:]) / 2
            half = (boxes[:, 2:] - boxes[:, :2]) / 2 * (1 + growth * gap)
            grown = np.hstack([centre - half, centre + half])
            for track, box in zip(young, grown):
                if track.first_frame - self.tracker.patience(track.kind) <= entry.index:
                    _unite(entry.early, track, box)
            step, shot_start = entry.step, entry.shot_start

    def _emit(self, entry: _Pending) -> np.ndarray:
        start = time.perf_counter()
        try:
            return self._emit_now(entry)
        finally:
            self.seconds["redact"] += time.perf_counter() - start

    def _emit_now(self, entry: _Pending) -> np.ndarray:
        if entry.early:
            ids = list(entry.early)
            early = Regions(
                xyxy=np.array([entry.early[i][1] for i in ids]),
                kind=np.array([entry.early[i][0] for i in ids], object),
                track_id=np.array(ids),
            )
            return self._redact(entry.frame, Regions.merge([entry.live, early]))
        return self._redact(entry.frame, entry.live)


_STILL = np.array([[1, 0, 0], [0, 1, 0]], np.float64)


def _unite(early: dict[int, tuple[str, np.ndarray]], track, box: np.ndarray) -> None:
    if track.id in early:
        old = early[track.id][1]
        box = np.concatenate([np.minimum(old[:2], box[:2]), np.maximum(old[2:], box[2:])])
    early[track.id] = (track.kind, box)

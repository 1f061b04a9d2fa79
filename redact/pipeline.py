"""The frame pipeline: detect on a schedule, carry regions between frames, redact.

Nothing else knows the order.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from redact._ahead import ahead
from redact._fpu import flush_denormals
from redact.anonymize import Fill
from redact.detect.ensemble import union
from redact.motion import IDENTITY, CameraMotion, Motion, compose, invert, warp_boxes
from redact.protocols import Detector, FollowsCamera, Operator, Recorder
from redact.regions import Regions, box_intersection
from redact.schedule import Scheduled
from redact.track import GROWTH, STILL_GROWTH, Tracker, spread

# A scheduled detector runs early once the camera has brought in this much new picture (a
# fraction of the frame: shift plus zoom) since its last run.
NEW_PICTURE = 0.5
# Text boxes grow on every side by this fraction of their height before they are filled.
TEXT_PADDING = 0.3


@dataclass
class _Slot:
    """One detector in the schedule and when it last ran."""

    position: int
    detector: Detector
    every: int
    inline: bool = False  # runs with the camera motion, ahead of tracking; joins with no lag
    last: int = -(10**9)
    moved: float = 0.0
    gap: int = 0  # frames a region it found may go without being seen again

    def due(self, index: int, motion: Motion, jump: bool) -> bool:
        """Run now? On schedule, at a jump (a cut or the first frame the motion cannot follow),
        and early once the camera has brought in a lot of new picture (a frame the motion
        cannot follow counts as all new)."""
        self.moved += motion.moved
        since = index - self.last
        if jump or since >= self.every:
            return True
        return since >= max(1, self.every // 3) and self.moved >= NEW_PICTURE


@dataclass
class _Pending:
    """A frame waiting in the look-ahead buffer."""

    index: int
    frame: np.ndarray
    live: Regions  # the tracker's boxes at this frame
    step: np.ndarray  # camera motion from the frame before to this one
    shot_start: bool
    # Boxes drawn back over this frame later, per track: the first one and the latest one.
    early: dict[int, list[tuple[str, np.ndarray]]] = field(default_factory=dict)
    unstep: np.ndarray = field(init=False)  # the inverse of step

    def __post_init__(self) -> None:
        self.unstep = invert(self.step)


class FramePipeline:
    """Redacts frames: one still image with ``__call__``, or a video's frames with ``stream``.

    Args:
        detectors: what turns a frame into regions: one detector or several. In video a plain
            detector runs on every frame and a `Scheduled` one on its schedule; on a still image
            every detector runs.
        operator: hides face regions in a frame.
        margin: face boxes are grown by this factor about their centre before redaction.
        hold: for video, frames a region stays redacted after its last detection (moving with
            the camera and at its own last velocity) *plus* the gap until the detector that
            found it looks again; also how far it is drawn back before its first detection,
            which costs a look-ahead buffer of that many frames.
        text_operator: hides every region that is not a face (default: solid black box).
        text_padding: non-face boxes grow on every side by this fraction of their height.
        motion: follow the camera (pan, zoom, shake) and cut at scene changes; without it
            regions stay where they were last seen.
        growth: per-frame growth of a face's box while it is not detected.
        still_growth: the same for text and codes.
        lag: frames a scheduled detector's result takes to join the tracker; they run in a
            background thread meanwhile. Costs that many more frames of look-ahead.
        buffer_mb: most memory the look-ahead may hold (about 64 frames of 1080p); beyond it,
            regions are drawn back over fewer frames (never fewer than ``hold`` + ``lag``).
        recorder: receives detector runs, CPU seconds per stage and the boxes drawn over each
            frame (see `redact.record.Stats`); without one nothing is timed.
    """

    def __init__(
        self,
        detectors: Detector | Sequence[Detector],
        operator: Operator,
        margin: float,
        hold: int = 8,
        text_operator: Operator | None = None,
        text_padding: float = TEXT_PADDING,
        motion: bool = True,
        growth: float = GROWTH,
        still_growth: float = STILL_GROWTH,
        lag: int = 12,
        buffer_mb: int = 400,
        recorder: Recorder | None = None,
    ) -> None:
        if margin < 1:
            raise ValueError(f"margin must be >= 1 (a box is never shrunk), got {margin}")
        if hold < 0:
            raise ValueError(f"hold must be >= 0, got {hold}")
        self.detectors = [detectors] if isinstance(detectors, Detector) else list(detectors)
        if not self.detectors:
            raise ValueError("a FramePipeline needs at least one detector")
        self.operator = operator
        self.text_operator = text_operator or Fill(mask="box")
        self.text_padding = text_padding
        self.margin = margin
        self.hold = hold
        self.motion = CameraMotion() if motion else None
        self.tracker = Tracker(hold=hold, growth=growth, still_growth=still_growth)
        if lag < 1:
            raise ValueError(f"lag must be >= 1, got {lag}")
        self.lag = lag
        self.buffer_bytes = buffer_mb * 2**20
        self.recorder = recorder

    def _redact(self, frame: np.ndarray, regions: Regions) -> np.ndarray:
        if self.recorder is not None:
            self.recorder.regions(regions)
        return hide(
            frame,
            regions,
            self.operator,
            self.text_operator,
            self.margin,
            self.text_padding,
            self.recorder.drawn if self.recorder is not None else None,
        )

    def __call__(self, frame: np.ndarray) -> tuple[np.ndarray, Regions]:
        """A still image: the redacted copy and the regions found (before the margin)."""
        found = self.detect(frame)
        return self._redact(frame, found), found

    def detect(self, frame: np.ndarray) -> Regions:
        """Every detector on one still frame, with nothing remembered from another picture."""
        for d in self.detectors:
            inner = d.detector if isinstance(d, Scheduled) else d
            if isinstance(inner, FollowsCamera):
                inner.reset()
        return union(d.detect(frame) for d in self.detectors)

    # -- video ------------------------------------------------------------------------------
    def stream(self, frames: Iterable[np.ndarray]) -> Iterator[np.ndarray]:
        """A video: yields every frame redacted, in order, some frames behind the input.

        Detectors that run every frame run here; `Scheduled` ones run in one background thread,
        in order, and their regions join the tracker ``lag`` frames later, moved along the
        camera's path (always exactly ``lag`` frames, so the output never depends on timing).
        A region first found at frame ``i`` is also redacted in the frames before it, back to
        the start of the shot or ``hold`` plus its detector's interval, moved back along the
        camera's path: a face is covered before the detector first catches it.
        """
        slots = [
            _Slot(k, d.detector, d.every, d.inline or d.every == 1)
            if isinstance(d, Scheduled)
            else _Slot(k, d, 1, True)
            for k, d in enumerate(self.detectors)
        ]
        lag = self.lag if any(not s.inline for s in slots) else 0
        for slot in slots:
            slot.gap = slot.every - 1 + (0 if slot.inline else lag)
        depth = self.hold + max(s.gap for s in slots)
        # One background thread runs the scheduled detectors (and their camera-following calls)
        # in the order submitted; onnxruntime releases the GIL, so it runs beside this one.
        worker = ThreadPoolExecutor(1, "redact-detect", initializer=flush_denormals)
        try:
            yield from self._stream(frames, slots, depth, lag, worker)
        finally:
            worker.shutdown(wait=True, cancel_futures=True)

    def _analyse(self, frames: Iterable[np.ndarray], inline: list[_Slot]) -> Iterator:
        """Camera motion and the inline detectors, one frame after the other: this runs in its
        own thread, a few frames ahead of tracking and redaction. An inline detector looks at
        every ``every``-th frame of a shot, and at its first."""
        since = dict.fromkeys(range(len(inline)), 10**9)
        for index, frame in enumerate(frames):
            start = self._clock()
            motion = self.motion.update(frame) if self.motion else Motion(IDENTITY, cut=index == 0)
            self._spent("motion", start)
            seen = []
            for k, slot in enumerate(inline):
                if motion.cut or since[k] + 1 >= slot.every:
                    seen.append((slot, self._detect(slot, frame)))
                    since[k] = 0
                else:
                    since[k] += 1
            yield index, frame, motion, seen

    def _stream(self, frames, slots, depth, lag, worker) -> Iterator[np.ndarray]:
        pending: deque[_Pending] = deque()
        jobs: deque[_Job] = deque()
        if self.motion is not None:
            self.motion.reset()
        lost = False
        inline = [s for s in slots if s.inline]
        scheduled = [s for s in slots if not s.inline]
        for index, frame, motion, seen in ahead(self._analyse(frames, inline), 4):
            # A jump: this frame cannot be related to the one before (a cut, or the first frame
            # the motion could not follow, often a cut the histogram missed). The slow detectors
            # look at both sides of it.
            jump = motion.cut or (motion.lost and not lost)
            lost = motion.lost
            if jump:
                self._finish_shot(scheduled, pending, jobs, worker)
            if motion.cut:
                self.tracker.end_shot()
            else:
                self.tracker.move(motion.affine)
            found = [self._note(slot, regions) for slot, regions in seen]
            for slot, _ in seen:
                slot.last = index
            for slot in scheduled:
                # Detectors that remember earlier frames follow the camera too, in order with
                # their own runs in the background thread.
                follow = _follower(slot.detector, motion)
                if follow is not None:
                    worker.submit(follow)
                if slot.due(index, motion, jump):
                    slot.last, slot.moved = index, 0.0
                    jobs.append(_Job(index, slot, worker.submit(self._detect, slot, frame)))
            while jobs and jobs[0].index <= index - lag:  # always exactly lag frames late
                found.append(self._arrived(jobs.popleft(), pending, index, motion))
            start = self._clock()
            size = (frame.shape[1], frame.shape[0])
            regions, gaps = _merge(found)
            live = self.tracker.update(regions, index, size, gaps)
            self._draw_back(pending, index, motion)
            pending.append(_Pending(index, frame, live, motion.affine, motion.cut))
            self._spent("track", start)
            if index == 0:  # the look-ahead holds whole frames: keep it within its budget
                fits = int(self.buffer_bytes // max(1, frame.nbytes))
                depth = min(depth, max(fits, self.hold + lag + 1))
            if len(pending) > depth:
                yield self._emit(pending.popleft())
        self._finish_shot(scheduled, pending, jobs, worker)
        while pending:
            yield self._emit(pending.popleft())

    def _clock(self) -> float:
        """The thread's CPU time, when a recorder wants it."""
        return time.thread_time() if self.recorder is not None else 0.0

    def _spent(self, stage: str, start: float) -> None:
        if self.recorder is not None:
            self.recorder.seconds(stage, time.thread_time() - start)

    def _detect(self, slot: _Slot, frame: np.ndarray) -> Regions:
        start = self._clock()
        regions = slot.detector.detect(frame)
        self._spent(type(slot.detector).__name__, start)
        return regions

    def _note(self, slot: _Slot, regions: Regions) -> _Found:
        """Book-keeping for a detector's result, in the pipeline's own thread."""
        if self.recorder is not None:
            self.recorder.count(f"runs {slot.position} {type(slot.detector).__name__}")
        return _Found(regions, slot.gap)

    def _arrived(self, job: _Job, pending: deque[_Pending], index: int, motion: Motion) -> _Found:
        """A background result for frame ``job.index``, moved along the camera's path to
        frame ``index`` (no cut lies between: jobs are drained at every jump)."""
        found = self._note(job.slot, job.future.result())
        regions = found.regions
        if not len(regions) or job.index == index:
            return found
        first = pending[0].index
        boxes = regions.xyxy
        for j in range(job.index + 1, index):
            boxes = warp_boxes(boxes, pending[j - first].step)
        return _Found(regions.replace(xyxy=warp_boxes(boxes, motion.affine)), found.gap)

    def _finish_shot(self, slots, pending, jobs, worker) -> None:
        """Before a jump or the end: every background result is taken in at once, and the slow
        detectors look at the shot's last frame too, so what came into view after their last
        run is found and drawn back."""
        if not pending:
            return
        last = pending[-1]
        into_last = Motion(last.step)  # the camera's step into the last frame
        found = [self._arrived(jobs.popleft(), pending, last.index, into_last) for _ in list(jobs)]
        for slot in slots:
            if slot.last < last.index:
                slot.last = last.index
                regions = worker.submit(self._detect, slot, last.frame).result()
                found.append(self._note(slot, regions))
        if not any(len(f.regions) for f in found):
            return
        size = (last.frame.shape[1], last.frame.shape[0])
        regions, gaps = _merge(found)
        live = self.tracker.update(regions, last.index, size, gaps)
        last.live = Regions.merge([last.live, live])
        before = list(pending)[:-1]
        self._draw_back(before, last.index, Motion(last.step, cut=last.shot_start))

    def _draw_back(self, pending: Sequence[_Pending], index: int, motion: Motion) -> None:
        """Draw each young track's newest box over the pending frames before it (back to its
        first detection and beyond), moved back along the camera's path and growing with the
        distance: the first detections of a face entering the picture are often its worst, and
        a slow detector finds a face only some frames after it appeared."""
        young = [t for t in self.tracker.detected if index - t.first_frame <= self.tracker.reach(t)]
        if not young or not pending:
            return
        # The pending frames back to the shot's start, newest first, each with the transform
        # from frame ``index`` back to it.
        entries, maps = [], []
        back, shot_start = invert(motion.affine), motion.cut
        for entry in reversed(pending):
            if shot_start:
                break
            entries.append(entry)
            maps.append(back)
            back, shot_start = compose(entry.unstep, back), entry.shot_start
        if not entries:
            return
        boxes = warp_boxes(np.array([t.box for t in young]), np.stack(maps))  # (frames, tracks, 4)
        gaps = index - np.array([e.index for e in entries])
        growth = np.array([t.growth for t in young])
        centre = (boxes[..., :2] + boxes[..., 2:]) / 2
        half = (boxes[..., 2:] - boxes[..., :2]) / 2 * spread(growth, gaps[:, None])[..., None]
        grown = np.concatenate([centre - half, centre + half], axis=-1)
        since = [t.first_frame - self.tracker.reach(t) for t in young]
        for entry, row in zip(entries, grown):
            for track, start, box in zip(young, since, row):
                if start <= entry.index:
                    drawn = entry.early.setdefault(track.id, [])
                    drawn[1:] = [(track.kind, box)]

    def _emit(self, entry: _Pending) -> np.ndarray:
        start = self._clock()
        try:
            return self._emit_now(entry)
        finally:
            self._spent("redact", start)

    def _emit_now(self, entry: _Pending) -> np.ndarray:
        if not entry.early:
            return self._redact(entry.frame, entry.live)
        # Each box separately (an ellipse each): uniting a moving face's boxes would hide a
        # whole swathe of the picture under one rectangle.
        drawn = [(i, k, b) for i, boxes in entry.early.items() for k, b in boxes]
        early = Regions(
            xyxy=np.array([b for _, _, b in drawn]),
            kind=np.array([k for _, k, _ in drawn], object),
            track_id=np.array([i for i, _, _ in drawn]),
        )
        regions = Regions.merge([entry.live, early])
        return self._redact(entry.frame, regions)


def hide(
    frame: np.ndarray,
    regions: Regions,
    operator: Operator,
    text_operator: Operator,
    margin: float,
    text_padding: float,
    drawn: Callable[[np.ndarray], None] | None = None,
) -> np.ndarray:
    """Hide ``regions`` in ``frame``: faces through ``operator``, grown by ``margin`` about their
    centre; everything else (text, codes) through ``text_operator``, padded on every side by
    ``text_padding`` of its height (blur and mosaic of text can be reversed: fill it). The
    pipeline and a decisions file (`redact.review`) draw through this one function, so both
    give the same pixels. ``drawn`` receives the boxes drawn."""
    faces = regions.kind == "face"
    # Unclipped on purpose: the operator clips, and an ellipse must keep its real centre.
    parts = [regions[faces].scaled(margin), regions[~faces].padded(text_padding)]
    if drawn is not None:
        drawn(np.vstack([d.xyxy for d in parts]).reshape(-1, 4))
    if len(parts[0]):
        frame = operator.apply(frame, parts[0])
    if len(parts[1]):
        frame = text_operator.apply(frame, parts[1])
    return frame


@dataclass
class _Found:
    """A detector's regions and its gap: frames until it looks again."""

    regions: Regions
    gap: int


def _merge(found: list[_Found]) -> tuple[Regions, np.ndarray]:
    """All detectors' regions as one set (see `union`), each with the smallest and the largest
    gap among the detectors that found it: a face BlazeFace sees on every frame is expected
    again next frame, but if CenterFace found it too, it may have been there, unseen by
    BlazeFace, since CenterFace's previous run."""
    merged = union(f.regions for f in found)
    gaps = np.zeros((len(merged), 2), np.int64)
    seen = np.zeros(len(merged), bool)
    for f in found:
        if not len(f.regions) or not len(merged):
            continue
        inner = box_intersection(f.regions.xyxy, merged.xyxy) / np.maximum(
            f.regions.area[:, None], 1e-6
        )
        inner = np.where(f.regions.kind[:, None] == merged.kind[None, :], inner, 0)
        for i, m in enumerate(inner.argmax(axis=1)):
            if inner[i, m] > 0.5:
                low, high = (f.gap, f.gap) if not seen[m] else gaps[m]
                gaps[m] = (min(low, f.gap), max(high, f.gap))
                seen[m] = True
    return merged, gaps


@dataclass
class _Job:
    """A scheduled detector's run on frame ``index``, in the background."""

    index: int
    slot: _Slot
    future: Future


def _follower(detector: Detector, motion: Motion):
    """The call that keeps a remembering detector in step with the camera, or None."""
    if not isinstance(detector, FollowsCamera):
        return None
    return detector.reset if motion.cut else partial(detector.move, motion.affine)

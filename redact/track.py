"""Carry regions between frames.

IoU matching gives each region a track id. Every track moves with the camera (see
`redact.motion`), and stays redacted for a while after its last detection, drifting at its own
last velocity and growing as it becomes less certain, so a missed frame, a detector that only runs
now and then, or a face leaving the picture does not leak.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from redact.motion import warp_boxes
from redact.regions import Regions, box_iou, cut_sides, hull

# How fast a box grows per frame without a detection: faces (people move on their own) and
# everything else (text on walls, screens and paper moves only with the camera, which is followed).
GROWTH = 0.03
STILL_GROWTH = 0.01

# A box stops growing after this many frames without a detection: the camera's motion is
# followed, so what is left is the region's own movement, and the next run of a detector comes.
GROWTH_FRAMES = 12


def spread(growth: float, gap: int | np.ndarray) -> float | np.ndarray:
    """How much bigger a box is drawn ``gap`` frames away from its detection."""
    return 1 + growth * np.minimum(np.abs(gap), GROWTH_FRAMES)


@dataclass
class Track:
    """One region followed over frames."""

    id: int
    kind: str
    box: np.ndarray  # last detected xyxy, moved with the camera since
    extent: np.ndarray  # union of every detected box
    score: float  # best score seen
    first_frame: int
    last_frame: int  # last frame it was detected in
    velocity: np.ndarray  # the centre's own change per frame (x, y), camera motion removed
    growth: float = GROWTH  # relative growth of the box per frame without a detection
    gap: int = 0  # frames until the detector that last found it looks again
    first_gap: int = 0  # the same for the detector that found it first

    def predicted(self, frame_index: int) -> np.ndarray:
        """Where the box is expected at ``frame_index``, frames after its last detection.

        The centre moves at half its measured velocity (velocities measured on boxes cut by the
        frame edge run fast) and the box grows by ``growth`` a frame, as the uncertainty grows,
        for at most ``GROWTH_FRAMES`` frames."""
        gap = frame_index - self.last_frame
        centre = (self.box[:2] + self.box[2:]) / 2 + 0.5 * self.velocity * gap
        half = (self.box[2:] - self.box[:2]) / 2 * spread(self.growth, gap)
        return np.concatenate([centre - half, centre + half])


class Tracker:
    """Greedy IoU tracker with a hold-over.

    Args:
        iou_threshold: minimum IoU between a detection and a track's predicted box to continue it.
        hold: frames a track is still returned after its last detection, plus the ``gap`` of
            the detector that found it (a detector that runs every 15th frame: 14 more).
        growth: how fast a face's box grows per frame without a detection (people move).
        still_growth: the same for every other kind (text on walls, screens and paper moves only
            with the camera, which is compensated).
    """

    def __init__(
        self,
        iou_threshold: float = 0.3,
        hold: int = 5,
        growth: float = GROWTH,
        still_growth: float = STILL_GROWTH,
    ) -> None:
        if hold < 0:
            raise ValueError(f"hold must be >= 0, got {hold}")
        self.iou_threshold = iou_threshold
        self.hold = hold
        self.growth, self.still_growth = growth, still_growth
        self.active: list[Track] = []
        self.detected: list[Track] = []  # tracks detected (begun or continued) by the last update
        self.finished: list[Track] = []
        self._next_id = 0
        self._frame_size: tuple[int, int] | None = None

    def patience(self, track: Track) -> int:
        """Frames a track lives after its last detection."""
        return self.hold + track.gap

    def reach(self, track: Track) -> int:
        """Frames before its first detection that a track is drawn back over."""
        return self.hold + track.first_gap

    def growth_of(self, kind: str) -> float:
        return self.growth if kind == "face" else self.still_growth

    def move(self, affine: np.ndarray) -> None:
        """Move every live track with the camera (a 2x3 transform from the last frame to this)."""
        if not self.active:
            return
        boxes = warp_boxes(np.array([t.box for t in self.active]), affine)
        for track, box in zip(self.active, boxes):
            track.box = box

    def end_shot(self) -> None:
        """A cut: every live track ends here (nothing is carried into the new shot)."""
        self.finished += self.active
        self.active = []

    def update(
        self,
        detections: Regions,
        frame_index: int,
        frame_size: tuple[int, int] | None = None,
        gaps: np.ndarray | None = None,
    ) -> Regions:
        """Match ``detections`` to tracks; return every live track's box with its track id.

        ``gaps[i]``: frames until the detectors that found detection ``i`` look again, the
        soonest and the latest (0 for one that runs on every frame). The soonest sets how long
        the track is held; the latest how far back it is drawn.

        ``frame_size`` (width, height) lets a track keep its full size while its region is cut by
        the frame edge: detectors then return only the visible part, which would shrink the box
        and steer it the wrong way just as the face leaves the picture.
        """
        self._frame_size = frame_size
        gaps = np.zeros((len(detections), 2), int) if gaps is None else np.asarray(gaps, int)
        if gaps.ndim == 1:  # one gap per detection: the soonest and the latest are the same
            gaps = np.stack([gaps, gaps], axis=1)
        matched: set[int] = set()
        continued: set[int] = set()  # tracks continued by this update (a second update for the
        # same frame, at the end of a shot, may continue them again)
        expected: dict[int, np.ndarray] = {}  # where continued tracks were predicted
        self.detected = []
        if len(detections) and self.active:
            predicted = np.array([t.predicted(frame_index) for t in self.active])
            ious = box_iou(detections.xyxy, predicted)
            if frame_size is not None:
                # Detectors see only the visible part of a box cut by the frame edge: match on
                # that too. (A slow detector's box, moved along the camera's path since its
                # frame, may lie wholly outside the picture, where only the unclipped box
                # matches.)
                visible = predicted.clip(0, [*frame_size, *frame_size])
                ious = np.maximum(ious, box_iou(detections.xyxy, visible))
            same_kind = detections.kind[:, None] == np.array([t.kind for t in self.active])[None]
            ious = np.where(same_kind, ious, 0.0)
            for flat in np.argsort(-ious, axis=None):
                d, t = (int(v) for v in np.unravel_index(flat, ious.shape))
                if ious[d, t] < self.iou_threshold:
                    break
                if d in matched or t in continued:
                    continue
                expected[self.active[t].id] = predicted[t]
                self._extend(self.active[t], detections[d], frame_index, *gaps[d])
                self.detected.append(self.active[t])
                matched.add(d)
                continued.add(t)
        for d in range(len(detections)):
            if d not in matched:
                self._start(detections[d], frame_index, *gaps[d])
        alive = [t for t in self.active if frame_index - t.last_frame <= self.patience(t)]
        self.finished += [t for t in self.active if t not in alive]
        self.active = alive
        if not alive:
            return Regions.empty()
        boxes = [t.predicted(frame_index) for t in alive]
        for i, t in enumerate(alive):
            # A detection can be off by a fraction of the face: where it disagrees with the
            # prediction from earlier frames, both are covered.
            if t.id in expected:
                boxes[i] = hull(expected[t.id], boxes[i])
        return Regions(
            xyxy=np.array(boxes),
            score=np.array([t.score for t in alive]),
            kind=np.array([t.kind for t in alive], dtype=object),
            track_id=np.array([t.id for t in alive]),
        )

    def tracks(self) -> list[Track]:
        """Every track so far, finished or live, in order of first appearance."""
        return sorted(self.finished + self.active, key=lambda t: t.id)

    def spans(self, frames: int) -> list[tuple[Track, int, int]]:
        """Every track with the first and last of the ``frames`` frames it was hidden in
        (drawn back before its first detection, held after its last)."""
        return [
            (
                t,
                max(0, t.first_frame - self.reach(t)),
                min(t.last_frame + self.patience(t), frames - 1),
            )
            for t in self.tracks()
        ]

    def _start(self, region: Regions, frame_index: int, gap: int, reach: int) -> None:
        box = region.xyxy[0].copy()
        kind = str(region.kind[0])
        box = self._complete_face(box) if kind == "face" else self._complete_line(box)
        track = Track(
            self._next_id,
            kind,
            box,
            box.copy(),
            float(region.score[0]),
            frame_index,
            frame_index,
            np.zeros(2, np.float32),
            self.growth_of(kind),
            int(gap),
            int(reach),
        )
        self.active.append(track)
        self.detected.append(track)
        self._next_id += 1

    def _extend(
        self, track: Track, region: Regions, frame_index: int, gap: int, reach: int
    ) -> None:
        track.gap = int(gap) if track.last_frame < frame_index else min(track.gap, int(gap))
        # A slow detector confirming a young track says it may have been there, unseen, since
        # that detector's previous run: the track reaches back as far as if it had found it.
        track.first_gap = max(track.first_gap, int(reach) - (frame_index - track.first_frame))
        box = self._complete_at_edges(region.xyxy[0].copy(), track.box)
        moved = (box[:2] + box[2:] - track.box[:2] - track.box[2:]) / 2
        step = moved / max(1, frame_index - track.last_frame)
        track.velocity = 0.5 * track.velocity + 0.5 * step
        track.box = box.copy()
        track.extent = hull(track.extent, box)
        track.score = max(track.score, float(region.score[0]))
        track.last_frame = frame_index

    def _complete_face(self, box: np.ndarray) -> np.ndarray:
        """A new face cut by the frame edge: grow it past the edge to a face's shape (about as
        wide as high), so the frames before, drawn back from it, cover the whole face."""
        if self._frame_size is None:
            return box
        left, top, right, bottom = cut_sides(box, self._frame_size)[0]
        w, h = box[2] - box[0], box[3] - box[1]
        if w < h and (left or right):
            box[0 if left else 2] = box[2] - h if left else box[0] + h
        elif h < w and (top or bottom):
            box[1 if top else 3] = box[3] - w if top else box[1] + w
        return box

    def _complete_line(self, box: np.ndarray) -> np.ndarray:
        """New text cut by the frame edge goes on beyond it: along the line by eight times its
        height (about ten characters; the real length is unknown), across it by its height.
        As the camera brings the rest into view, the box, moving with the picture, covers it."""
        if self._frame_size is None:
            return box
        h = box[3] - box[1]
        grow = np.array([max(box[2] - box[0], 8 * h), h], np.float32)
        cut = cut_sides(box, self._frame_size)[0]
        box[:2] -= cut[:2] * grow
        box[2:] += cut[2:] * grow
        return box

    def _complete_at_edges(self, box: np.ndarray, previous: np.ndarray) -> np.ndarray:
        """Grow a box cut by the frame edge back to the track's size, from its inner edge."""
        if self._frame_size is None:
            return box
        cut = cut_sides(box, self._frame_size)[0]
        for axis in (0, 1):
            lo, hi = axis, axis + 2
            size = previous[hi] - previous[lo]
            if box[hi] - box[lo] >= size:
                continue
            if cut[lo]:  # cut at the left / top edge
                box[lo] = box[hi] - size
            elif cut[hi]:  # cut at the right / bottom edge
                box[hi] = box[lo] + size
        return box

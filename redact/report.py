"""What was found in each file, for the JSON report. The report never holds pixels or text."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from redact.media.atomic import atomic_output
from redact.regions import Regions
from redact.track import Tracker


@dataclass
class Found:
    """One region (a face, ...) and the frames it was redacted in. Boxes are xyxy pixels."""

    kind: str
    box: list[float]
    score: float
    first_frame: int = 0
    last_frame: int = 0
    track: int | None = None


@dataclass
class FileReport:
    """The outcome for one input file."""

    input: str
    output: str | None = None
    type: str | None = None
    frames: int = 0
    width: int = 0
    height: int = 0
    regions: list[Found] = field(default_factory=list)
    # With verify: what a second search of the output still found (empty: nothing); else None.
    leftovers: list[Found] | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _box(xyxy) -> list[float]:
    return [round(float(v), 1) for v in xyxy]


def found_in(region: Regions, frame: int = 0) -> Found:
    """A report entry for a region found in one frame (a photo's, or a leftover)."""
    return Found(
        kind=str(region.kind[0]),
        box=_box(region.xyxy[0]),
        score=round(float(region.score[0]), 3),
        first_frame=frame,
        last_frame=frame,
    )


def found_by(tracker: Tracker, frames: int, width: int, height: int) -> list[Found]:
    """A report entry for every track of a video, with the frames it was hidden in; tracks
    the camera moved wholly off the picture are left out."""

    def inside(xyxy) -> bool:
        return (
            not width
            or not height
            or (xyxy[0] < width and xyxy[1] < height and xyxy[2] > 0 and xyxy[3] > 0)
        )

    return [
        Found(t.kind, _box(t.extent), round(t.score, 3), first, last, t.id)
        for t, first, last in tracker.spans(frames)
        if inside(t.extent)
    ]


def write_report(reports: list[FileReport], path: Path) -> None:
    """Write the JSON report for a run."""
    data = {"redact_report": 1, "files": [asdict(r) for r in reports]}
    with atomic_output(path) as tmp:
        tmp.write_text(json.dumps(data, indent=2) + "\n")

"""What was found in each file, for the JSON report. The report never holds pixels or text."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from redact.media.atomic import atomic_output


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


def write_report(reports: list[FileReport], path: Path) -> None:
    """Write the JSON report for a run."""
    data = {"redact_report": 1, "files": [asdict(r) for r in reports]}
    with atomic_output(path) as tmp:
        tmp.write_text(json.dumps(data, indent=2) + "\n")

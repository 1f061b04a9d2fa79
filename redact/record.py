"""Statistics from a run, for those who ask: pass a `redact.protocols.Recorder` as
``Redactor(recorder=...)`` or ``FramePipeline(recorder=...)``. Without one nothing is timed or
counted.

Example:
    >>> import redact
    >>> stats = redact.Stats()
    >>> with redact.Redactor(recorder=stats) as r:  # doctest: +SKIP
    ...     r.redact_file("clip.mp4")
    >>> stats.counts, stats.cpu_seconds  # doctest: +SKIP
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from redact.protocols import Recorder
from redact.regions import Regions


class Stats:
    """A recorder that keeps what it is told.

    Attributes:
        counts: counter name -> total (``"runs YuNet"``, ``"lines read"``, ``"lines recalled"``...).
        cpu_seconds: stage -> CPU seconds, each in its own thread (``"motion"``, ``"track"``,
            ``"redact"``, and each detector by its class name).
        boxes: with ``keep_boxes``: the boxes drawn over each output frame, in order.
        hidden: with ``keep_regions``: the regions hidden in each output frame, in order.
    """

    def __init__(self, keep_boxes: bool = False, keep_regions: bool = False) -> None:
        self.counts: Counter[str] = Counter()
        self.cpu_seconds: Counter[str] = Counter()
        self.boxes: list[np.ndarray] | None = [] if keep_boxes else None
        self.hidden: list[Regions] | None = [] if keep_regions else None

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] += n

    def seconds(self, stage: str, seconds: float) -> None:
        self.cpu_seconds[stage] += seconds

    def regions(self, regions: Regions) -> None:
        if self.hidden is not None:
            self.hidden.append(regions)

    def drawn(self, boxes: np.ndarray) -> None:
        if self.boxes is not None:
            self.boxes.append(boxes)


class Fanout:
    """Several recorders as one."""

    def __init__(self, *recorders: Recorder | None) -> None:
        self.recorders = [r for r in recorders if r is not None]

    def count(self, name: str, n: int = 1) -> None:
        for r in self.recorders:
            r.count(name, n)

    def seconds(self, stage: str, seconds: float) -> None:
        for r in self.recorders:
            r.seconds(stage, seconds)

    def regions(self, regions: Regions) -> None:
        for r in self.recorders:
            r.regions(regions)

    def drawn(self, boxes: np.ndarray) -> None:
        for r in self.recorders:
            r.drawn(boxes)

"""Text lines grouped into rows, so that labels, names and numbers split over several detector
boxes are read together ("Name:" | "John Smith").

Lines are joined with ``SEP`` (" ¦ "): recognisers that may cross a box boundary (labels, digit
runs) allow it explicitly, while a name's run of capitalised words stops there, so a name never
swallows the sign in the next box."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from redact.regions import Regions

SEP = " ¦ "


@dataclass
class Row:
    """Lines on one row, left to right; ``spans[i]`` is line ``lines[i]``'s place in ``text``."""

    lines: list[int] = field(default_factory=list)
    text: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0
    left: float = 0.0
    right: float = 0.0

    def add(self, index: int, text: str) -> None:
        if self.text:
            self.text += SEP
        self.spans.append((len(self.text), len(self.text) + len(text)))
        self.text += text
        self.lines.append(index)

    def lines_in(self, start: int, end: int) -> list[int]:
        """The lines whose text overlaps ``text[start:end]``."""
        return [i for i, (a, b) in zip(self.lines, self.spans) if a < end and start < b]


@dataclass
class _Group:
    """Lines gathered into a row so far, with running sums for their mean centre and height."""

    members: list[int]
    centres: float
    heights: float
    left: float
    right: float

    def add(self, index: int, centre: float, height: float, x1: float, x2: float) -> None:
        self.members.append(index)
        self.centres += centre
        self.heights += height
        self.left, self.right = min(self.left, x1), max(self.right, x2)


def group_rows(lines: Regions) -> list[Row]:
    """Lines of similar height, with vertical centres within half a line height of each other and
    a horizontal gap under three line heights, form a row. Rows come top to bottom, each read
    left to right."""
    if not len(lines):
        return []
    boxes = lines.xyxy.tolist()
    groups: list[_Group] = []
    for i in np.argsort(lines.xyxy[:, 0], kind="stable").tolist():
        x1, y1, x2, y2 = boxes[i]
        centre, height = (y1 + y2) / 2, max(y2 - y1, 1.0)
        for group in groups:
            mean_h = group.heights / len(group.members)
            gap = max(x1 - group.right, group.left - x2)
            h = min(height, mean_h)
            similar = max(height, mean_h) < 1.6 * h  # a sign is not a label
            near = abs(group.centres / len(group.members) - centre) < 0.5 * h
            if similar and near and gap < 3 * h:
                group.add(i, centre, height, x1, x2)
                break
        else:
            groups.append(_Group([i], centre, height, x1, x2))
    rows = []
    for group in groups:
        left, top = lines.xyxy[group.members, :2].min(axis=0)
        right, bottom = lines.xyxy[group.members, 2:].max(axis=0)
        row = Row(top=float(top), bottom=float(bottom), left=float(left), right=float(right))
        for i in sorted(group.members, key=lambda j: boxes[j][0]):
            row.add(i, str(lines.text[i] or ""))
        rows.append(row)
    rows.sort(key=lambda r: r.top)
    return rows

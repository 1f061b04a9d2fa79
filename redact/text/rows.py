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


def group_rows(lines: Regions) -> list[Row]:
    """Lines of similar height, with vertical centres within half a line height of each other and
    a horizontal gap under three line heights, form a row. Rows come top to bottom, each read
    left to right."""
    if not len(lines):
        return []
    centre_y = (lines.xyxy[:, 1] + lines.xyxy[:, 3]) / 2
    height = np.maximum(lines.wh[:, 1], 1)
    groups: list[list[int]] = []
    for i in np.argsort(lines.xyxy[:, 0], kind="stable"):
        x1, _, x2, _ = lines.xyxy[i]
        for group in groups:
            ys = centre_y[group]
            left = lines.xyxy[group, 0].min()
            right = lines.xyxy[group, 2].max()
            gap = max(x1 - right, left - x2)
            h = min(height[i], height[group].mean())
            similar = max(height[i], height[group].mean()) < 1.6 * h  # a sign is not a label
            if similar and abs(ys.mean() - centre_y[i]) < 0.5 * h and gap < 3 * h:
                group.append(int(i))
                break
        else:
            groups.append([int(i)])
    rows = []
    for group in groups:
        left, top = lines.xyxy[group, :2].min(axis=0)
        right, bottom = lines.xyxy[group, 2:].max(axis=0)
        row = Row(top=float(top), bottom=float(bottom), left=float(left), right=float(right))
        for i in sorted(group, key=lambda j: lines.xyxy[j, 0]):
            row.add(i, str(lines.text[i] or ""))
        rows.append(row)
    rows.sort(key=lambda r: r.top)
    return rows

"""Text lines grouped into rows, so that labels, names and numbers split over several detector
boxes are read together ("Name:" | "John Smith")."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from redact.regions import Regions


@dataclass
class Row:
    """Lines on one row, left to right; ``spans[i]`` is line ``lines[i]``'s place in ``text``."""

    lines: list[int] = field(default_factory=list)
    text: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0

    def add(self, index: int, text: str, top: float, bottom: float) -> None:
        if self.text:
            self.text += " "
        self.spans.append((len(self.text), len(self.text) + len(text)))
        self.text += text
        self.lines.append(index)
        self.top = min(self.top, top) if self.lines[:-1] else top
        self.bottom = max(self.bottom, bottom)

    def lines_in(self, start: int, end: int) -> list[int]:
        """The lines whose text overlaps ``text[start:end]``."""
        return [i for i, (a, b) in zip(self.lines, self.spans) if a < end and start < b]


def group_rows(lines: Regions) -> list[Row]:
    """Lines whose vertical centres are within half a line height of each other and that are
    horizontally close form a row. Rows are returned top to bottom."""
    if not len(lines):
        return []
    centre_y = (lines.xyxy[:, 1] + lines.xyxy[:, 3]) / 2
    height = np.maximum(lines.wh[:, 1], 1)
    rows: list[Row] = []
    last_x: list[float] = []
    for i in np.lexsort((lines.xyxy[:, 0], np.round(centre_y / np.median(height) * 2))):
        x1, y1, x2, y2 = lines.xyxy[i]
        for row, right in zip(rows, last_x):
            row_centre = (row.top + row.bottom) / 2
            same_line = abs(row_centre - centre_y[i]) < 0.5 * height[i]
            if same_line and x1 - right < 3 * height[i]:
                row.add(int(i), str(lines.text[i] or ""), y1, y2)
                last_x[rows.index(row)] = x2
                break
        else:
            row = Row()
            row.add(int(i), str(lines.text[i] or ""), y1, y2)
            rows.append(row)
            last_x.append(x2)
    for row in rows:  # left to right within each row
        order = np.argsort([lines.xyxy[i][0] for i in row.lines])
        items = [(row.lines[k], row.text[row.spans[k][0] : row.spans[k][1]]) for k in order]
        fresh = Row()
        for idx, text in items:
            fresh.add(idx, text, row.top, row.bottom)
        row.lines, row.text, row.spans = fresh.lines, fresh.text, fresh.spans
    rows.sort(key=lambda r: r.top)
    return rows

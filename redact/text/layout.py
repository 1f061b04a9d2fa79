"""How the text lines of a frame are laid out: rows, blocks and the columns under a line.

The text detector returns lines one by one; what they mean depends on where they sit. A label
and a name are often two boxes on one row ("Name:" | "John Smith"); a patient list or a letter
is a block of rows of small text; a table cell is an identifier because of the header above it.
This module finds that structure from geometry alone: it knows nothing of what the text says.

Lines may be tilted (a phone held at an angle, a wristband round a wrist) and in perspective, so
every measure is taken along each line's own reading direction, from its polygon, not from its
axis-aligned box.

Rows join their lines' text with ``SEP`` (" ¦ "): recognisers that may cross a box boundary
(labels, digit runs) allow it explicitly, while a name's run of capitalised words stops there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from redact.pii.base import BOUNDARY
from redact.regions import Regions

SEP = f" {BOUNDARY} "

# Lines whose reading directions differ by more than this are never on one row or in one block.
MAX_TURN = math.radians(15)
# Rows one under the other at most this many line heights apart (centre to centre) are one block.
STACK = 2.5
# ... and their heights differ by less than this factor.
SAME_TYPE = 1.3


@dataclass(frozen=True)
class Shape:
    """One line's geometry: its centre, reading direction (a unit vector), height and length."""

    centre: np.ndarray
    along: np.ndarray
    height: float
    length: float

    @property
    def down(self) -> np.ndarray:
        """The unit vector from this line to the one under it."""
        return np.array([-self.along[1], self.along[0]])

    def span(self, other: Shape) -> tuple[float, float]:
        """Where ``other`` starts and ends along this line's direction, from this line's
        centre."""
        mid = float(np.dot(other.centre - self.centre, self.along))
        half = abs(float(np.dot(other.along, self.along))) * other.length / 2
        return mid - half, mid + half

    def offset(self, other: Shape) -> float:
        """How far ``other``'s centre lies under this line (negative: above)."""
        return float(np.dot(other.centre - self.centre, self.down))

    def turn(self, other: Shape) -> float:
        """The angle between the two reading directions, in radians."""
        return math.acos(min(1.0, abs(float(np.dot(self.along, other.along)))))


def shape(polygon: np.ndarray | None, box: np.ndarray) -> Shape:
    """A line's geometry from its 4-point polygon (top-left, top-right, bottom-right,
    bottom-left), or from its box when it has none."""
    if polygon is None:
        x1, y1, x2, y2 = (float(v) for v in box)
        polygon = np.array([[x1, y1], [x2, y1], [x2, y2], [x1, y2]])
    q = np.asarray(polygon, np.float64).reshape(4, 2)
    top, bottom = q[1] - q[0], q[2] - q[3]
    direction = (top + bottom) / 2
    length = float(np.hypot(*direction))
    along = direction / length if length > 0 else np.array([1.0, 0.0])
    down = np.array([-along[1], along[0]])
    height = abs(float(np.dot((q[3] - q[0] + q[2] - q[1]) / 2, down)))
    return Shape(q.mean(axis=0), along, max(height, 1.0), max(length, 1.0))


@dataclass
class Row:
    """Lines on one row, in reading order; ``spans[i]`` is line ``lines[i]``'s place in
    ``text``."""

    lines: list[int] = field(default_factory=list)
    text: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)
    shape: Shape | None = None  # the row as one line

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
class Layout:
    """The lines of one frame, their rows (top to bottom) and blocks.

    Attributes:
        shapes: each line's geometry.
        rows: rows of lines, top to bottom.
        row_of: the row each line is in.
        blocks: groups of rows stacked as in a list, a table, a letter or a label: each a list
            of row indices, top to bottom. A lone row is a block of its own.
        block_of: the block each row is in.
    """

    shapes: list[Shape]
    rows: list[Row]
    row_of: list[int]
    blocks: list[list[int]]
    block_of: list[int]

    def above(self, k: int) -> int | None:
        """The row right above row ``k`` in its block (within three line heights, sharing some
        of its extent along the row), if any."""
        found = [j for j in self._stacked_with(k) if self._depth(k, j) < 0]
        return max(found, key=lambda j: self._depth(k, j)) if found else None

    def neighbours(self, k: int) -> list[int]:
        """The rows right above and below row ``k`` in its block."""
        stacked = self._stacked_with(k)
        above = [j for j in stacked if self._depth(k, j) < 0]
        below = [j for j in stacked if self._depth(k, j) > 0]
        near = [max(above, key=lambda j: self._depth(k, j))] if above else []
        return near + ([min(below, key=lambda j: self._depth(k, j))] if below else [])

    def near(self, k: int) -> list[int]:
        """The rows right above and below row ``k`` in any block, in type up to 2.5 times
        larger or smaller: a badge's name is often much larger than the job title under it."""
        me = self.rows[k].shape
        near = []
        for j, row in enumerate(self.rows):
            other = row.shape
            h = max(me.height, other.height)
            if j == k or me.turn(other) > MAX_TURN or h > 2.5 * min(me.height, other.height):
                continue
            start, end = me.span(other)
            overlaps = start < me.length / 2 and end > -me.length / 2
            if 0.5 * h <= abs(me.offset(other)) < 2 * h and overlaps:
                near.append(j)
        return near

    def _depth(self, k: int, j: int) -> float:
        return self.rows[k].shape.offset(self.rows[j].shape)

    def _stacked_with(self, k: int) -> list[int]:
        """Rows of ``k``'s block right above or under it, sharing some of its extent."""
        me = self.rows[k].shape
        out = []
        for j in self.blocks[self.block_of[k]]:
            other = self.rows[j].shape
            depth = abs(me.offset(other))
            start, end = me.span(other)
            h = max(me.height, other.height)
            overlaps = start < me.length / 2 and end > -me.length / 2
            if j != k and 0.5 * h <= depth < 3 * h and overlaps:
                out.append(j)
        return out

    def on_line_with(self, i: int, reach: float = 15.0) -> list[int]:
        """The lines on the same line as line ``i`` (a table's row, however far apart its
        cells are), within ``reach`` line heights along it; ``i`` included."""
        me = self.shapes[i]
        out = []
        for j, s in enumerate(self.shapes):
            if me.turn(s) > MAX_TURN or not 1 / SAME_TYPE < s.height / me.height < SAME_TYPE:
                continue
            start, end = me.span(s)
            near = max(start - me.length / 2, -me.length / 2 - end) < reach * me.height
            if abs(me.offset(s)) < 0.5 * min(me.height, s.height) and near:
                out.append(j)
        return out

    def block_lines(self, b: int) -> list[int]:
        """Every line of block ``b``."""
        return [i for k in self.blocks[b] for i in self.rows[k].lines]

    def column_under(self, i: int, max_gap: float = 4.0) -> list[int]:
        """The lines under line ``i`` in its column and block, top to bottom, as under a
        table's header: their centres fall within the header's reach along the row (halfway to
        the next line of its row on either side), and each is at most ``max_gap`` line heights
        below the one before."""
        head = self.shapes[i]
        row = self.rows[self.row_of[i]]
        left, right = -head.length / 2 - 2 * head.height, head.length / 2 + 2 * head.height
        for j in row.lines:
            if j != i:
                start, end = head.span(self.shapes[j])
                if end <= 0:
                    left = max(left, (end - head.length / 2) / 2 - head.length / 4)
                elif start >= 0:
                    right = min(right, (start + head.length / 2) / 2 + head.length / 4)
        block = self.block_of[self.row_of[i]]
        candidates = []
        for j, s in enumerate(self.shapes):
            if j == i or self.block_of[self.row_of[j]] != block or head.turn(s) > MAX_TURN:
                continue
            depth = head.offset(s)
            mid = sum(head.span(s)) / 2
            if depth > 0.6 * head.height and left <= mid <= right:
                candidates.append((depth, j))
        column, last = [], 0.0
        for depth, j in sorted(candidates):
            if depth - last > max_gap * max(head.height, self.shapes[j].height):
                break
            column.append(j)
            last = depth
        return column


def lay_out(lines: Regions) -> Layout:
    """Rows and blocks of ``lines`` (text regions, with polygons where the detector gave
    them)."""
    shapes = [shape(p, b) for p, b in zip(lines.polygon, lines.xyxy)]
    texts = [str(t or "") for t in lines.text]
    rows = _rows(shapes, texts)
    row_of = [0] * len(lines)
    for k, row in enumerate(rows):
        for i in row.lines:
            row_of[i] = k
    blocks = _blocks(rows)
    block_of = [0] * len(rows)
    for b, members in enumerate(blocks):
        for k in members:
            block_of[k] = b
    return Layout(shapes, rows, row_of, blocks, block_of)


def _rows(shapes: list[Shape], texts: list[str]) -> list[Row]:
    """Lines of similar height and direction, whose centres are within half a line height of
    the row's line and with a gap under three line heights along it, form a row."""
    groups: list[list[int]] = []
    order = sorted(range(len(shapes)), key=lambda i: (shapes[i].centre[0], shapes[i].centre[1]))
    for i in order:
        s = shapes[i]
        for members in groups:
            first = shapes[members[0]]
            heights = [shapes[j].height for j in members]
            mean_h = sum(heights) / len(heights)
            h = min(s.height, mean_h)
            if max(s.height, mean_h) >= 1.6 * h or first.turn(s) > MAX_TURN:
                continue
            centre = sum(shapes[j].centre for j in members) / len(members)
            if abs(float(np.dot(s.centre - centre, first.down))) >= 0.5 * h:
                continue
            start, end = first.span(s)
            ends = [first.span(shapes[j]) for j in members]
            gap = max(start - max(e for _, e in ends), min(b for b, _ in ends) - end)
            if gap < 3 * h:
                members.append(i)
                break
        else:
            groups.append([i])
    rows = []
    for members in groups:
        first = shapes[members[0]]
        members.sort(key=lambda j: sum(first.span(shapes[j])))
        row = Row(shape=_joined([shapes[j] for j in members]))
        for j in members:
            row.add(j, texts[j])
        rows.append(row)
    # Top to bottom (along the frame's vertical), then left to right.
    rows.sort(key=lambda r: (r.shape.centre[1] - r.shape.height / 2, r.shape.centre[0]))
    return rows


def _joined(shapes: list[Shape]) -> Shape:
    """One shape for several lines of a row: from the start of the first to the end of the
    last, as high as the tallest."""
    first = shapes[0]
    spans = [first.span(s) for s in shapes]
    start, end = min(a for a, _ in spans), max(b for _, b in spans)
    centre = first.centre + first.along * (start + end) / 2
    offsets = [first.offset(s) for s in shapes]
    centre = centre + first.down * (sum(offsets) / len(offsets))
    return Shape(centre, first.along, max(s.height for s in shapes), end - start)


def _stacked(a: Shape, b: Shape) -> bool:
    """Rows of one block: type of a similar size, read in the same direction, one right under
    the other (``STACK`` line heights at most, centre to centre) and sharing at least a third
    of the shorter one's extent along the row."""
    h = min(a.height, b.height)
    if max(a.height, b.height) >= SAME_TYPE * h or a.turn(b) > MAX_TURN:
        return False
    depth = abs(a.offset(b))
    if not 0.5 * h <= depth <= STACK * max(a.height, b.height):
        return False
    start, end = a.span(b)
    shared = min(end, a.length / 2) - max(start, -a.length / 2)
    return shared >= min(a.length, end - start) / 3


def _blocks(rows: list[Row]) -> list[list[int]]:
    """Each row is joined to the nearest rows under it that share some of its extent, if they
    are stacked (`_stacked`): never to one further down past another row, so a title over a
    list joins it only if it is like the list's first row. (The colour rows are printed on is
    no guide: lists stripe and highlight their rows.)"""
    parent = list(range(len(rows)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, row in enumerate(rows):
        me = row.shape
        under = []
        for b, other in enumerate(rows):
            depth = me.offset(other.shape)
            start, end = me.span(other.shape)
            overlaps = start < me.length / 2 and end > -me.length / 2
            if b != a and overlaps and depth >= 0.5 * min(me.height, other.shape.height):
                under.append((depth, b))
        nearest = min(under)[0] if under else 0.0
        for depth, b in under:
            if depth > nearest + 0.5 * me.height:  # not in the first layer of rows under it
                continue
            if _stacked(me, rows[b].shape):
                parent[root(a)] = root(b)
    blocks: dict[int, list[int]] = {}
    for k in range(len(rows)):
        blocks.setdefault(root(k), []).append(k)
    return sorted(blocks.values())

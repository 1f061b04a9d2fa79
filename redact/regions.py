"""`Regions`: the one core type. What was found in a frame, where, and how sure.

Boxes are `xyxy` float pixel coordinates (x1, y1, x2, y2) with x2/y2 exclusive, one row per region,
with parallel arrays for the rest. Operations return new objects; boolean masks index like NumPy.

Example:
    >>> import numpy as np
    >>> r = Regions(xyxy=np.array([[10, 10, 50, 60], [0, 0, 5, 5]]), score=np.array([0.9, 0.2]))
    >>> len(r[r.score > 0.5])
    1
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np


def _column(values: Any, n: int, dtype: Any, default: Any, name: str) -> np.ndarray:
    if values is None:
        return np.full(n, default, dtype=dtype)
    arr = np.asarray(values, dtype=dtype)
    if arr.ndim == 0:
        arr = np.full(n, arr.item(), dtype=dtype)
    if arr.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), got {arr.shape}")
    return arr


@dataclass(frozen=True)
class Regions:
    """Regions found in one frame.

    Attributes:
        xyxy: (N, 4) float32 boxes, x1 y1 x2 y2 in pixels.
        score: (N,) float32 confidence in [0, 1].
        kind: (N,) object array of labels such as ``"face"``.
        track_id: (N,) int64, -1 where the region is not tracked.
        text: (N,) object array, recognised text or None.
        polygon: (N,) object array of (K, 2) float arrays, or None where the box is the shape.
    """

    xyxy: np.ndarray
    score: np.ndarray = field(default=None)  # type: ignore[assignment]
    kind: np.ndarray = field(default=None)  # type: ignore[assignment]
    track_id: np.ndarray = field(default=None)  # type: ignore[assignment]
    text: np.ndarray = field(default=None)  # type: ignore[assignment]
    polygon: np.ndarray = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        xyxy = np.asarray(self.xyxy, dtype=np.float32)
        if xyxy.size == 0:
            xyxy = xyxy.reshape(0, 4)
        if xyxy.ndim != 2 or xyxy.shape[1] != 4:
            raise ValueError(f"xyxy must have shape (N, 4), got {xyxy.shape}")
        n = len(xyxy)
        set_ = object.__setattr__
        set_(self, "xyxy", xyxy)
        set_(self, "score", _column(self.score, n, np.float32, 1.0, "score"))
        set_(self, "kind", _column(self.kind, n, object, "face", "kind"))
        set_(self, "track_id", _column(self.track_id, n, np.int64, -1, "track_id"))
        set_(self, "text", _column(self.text, n, object, None, "text"))
        set_(self, "polygon", _column(self.polygon, n, object, None, "polygon"))

    # -- constructors -------------------------------------------------------------------------
    @classmethod
    def empty(cls) -> Regions:
        """No regions."""
        return cls(xyxy=np.empty((0, 4), np.float32))

    @classmethod
    def merge(cls, parts: Iterable[Regions]) -> Regions:
        """Concatenate several `Regions` into one."""
        parts = [p for p in parts if len(p)]
        if not parts:
            return cls.empty()
        return cls(**{name: np.concatenate([getattr(p, name) for p in parts]) for name in _FIELDS})

    # -- container protocol -------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.xyxy)

    def __iter__(self) -> Iterator[Regions]:
        for i in range(len(self)):
            yield self[i : i + 1]

    def __getitem__(self, index: Any) -> Regions:
        if isinstance(index, (int, np.integer)):
            index = slice(index, index + 1 if index != -1 else None)
        return Regions(**{name: getattr(self, name)[index] for name in _FIELDS})

    # -- geometry -----------------------------------------------------------------------------
    @property
    def wh(self) -> np.ndarray:
        """(N, 2) widths and heights."""
        return self.xyxy[:, 2:] - self.xyxy[:, :2]

    @property
    def area(self) -> np.ndarray:
        """(N,) box areas."""
        wh = self.wh
        return wh[:, 0] * wh[:, 1]

    def scaled(self, factor: float) -> Regions:
        """Boxes grown (or shrunk) about their centres by ``factor`` in width and height."""
        if factor <= 0:
            raise ValueError(f"factor must be > 0, got {factor}")
        centre = (self.xyxy[:, :2] + self.xyxy[:, 2:]) / 2
        half = self.wh * (factor / 2)
        return self.replace(xyxy=np.hstack([centre - half, centre + half]))

    def padded(self, fraction: float) -> Regions:
        """Boxes grown on every side by ``fraction`` of their shorter side (text: of its height);
        4-point polygons (tilted text lines) grown on every side by ``fraction`` of their own
        height. A box stays a superset of its grown polygon."""
        if fraction < 0:
            raise ValueError(f"fraction must be >= 0, got {fraction}")
        pad = self.wh.min(axis=1, keepdims=True) * fraction if len(self) else np.zeros((0, 1))
        xyxy = np.hstack([self.xyxy[:, :2] - pad, self.xyxy[:, 2:] + pad])
        if all(p is None for p in self.polygon):
            return self.replace(xyxy=xyxy)
        polygons = np.empty(len(self), dtype=object)
        polygons[:] = [None if p is None else grow_quad(p, fraction) for p in self.polygon]
        return self.replace(xyxy=xyxy, polygon=polygons)

    def clipped(self, width: int, height: int) -> Regions:
        """Boxes clipped to a ``width`` × ``height`` frame; empty regions are dropped."""
        xyxy = self.xyxy.copy()
        xyxy[:, [0, 2]] = xyxy[:, [0, 2]].clip(0, width)
        xyxy[:, [1, 3]] = xyxy[:, [1, 3]].clip(0, height)
        out = self.replace(xyxy=xyxy)
        return out[(out.wh > 0).all(axis=1)]

    def replace(self, **changes: Any) -> Regions:
        """A copy with some fields replaced."""
        values = {name: getattr(self, name) for name in _FIELDS}
        values.update(changes)
        return Regions(**values)

    def nms(self, iou_threshold: float = 0.3, union: bool = False) -> Regions:
        """Greedy non-maximum suppression: keep the best-scoring box of each overlapping group.

        With ``union=True`` the kept box grows to cover every box it suppressed, so merging two
        detectors' boxes for one face never uncovers the part only one of them saw.
        """
        order = np.argsort(-self.score, kind="stable")
        keep: list[int] = []
        suppressed = np.zeros(len(self), bool)
        ious = box_iou(self.xyxy, self.xyxy)
        xyxy = self.xyxy.copy()
        for i in order:
            if suppressed[i]:
                continue
            keep.append(int(i))
            group = ~suppressed & (ious[i] > iou_threshold)
            if union:
                xyxy[i, :2] = self.xyxy[group, :2].min(axis=0)
                xyxy[i, 2:] = self.xyxy[group, 2:].max(axis=0)
            suppressed |= group
        kept = np.array(sorted(keep), dtype=np.int64)
        return self.replace(xyxy=xyxy)[kept] if union else self[kept]


_FIELDS = ("xyxy", "score", "kind", "track_id", "text", "polygon")


def grow_quad(quad: np.ndarray, fraction: float) -> np.ndarray:
    """A 4-point polygon (top-left, top-right, bottom-right, bottom-left) grown outwards on
    every side by ``fraction`` of its height, along its own directions. Any other polygon is
    returned as it is."""
    q = np.asarray(quad, np.float32)
    if q.shape != (4, 2):
        return q
    along = (q[1] - q[0] + q[2] - q[3]) / 2
    down = (q[3] - q[0] + q[2] - q[1]) / 2
    length, height = float(np.hypot(*along)), float(np.hypot(*down))
    if length == 0 or height == 0:
        return q
    a, d = along / length * height * fraction, down / height * height * fraction
    return np.stack([q[0] - a - d, q[1] + a - d, q[2] + a + d, q[3] - a + d]).astype(np.float32)


def box_intersection(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(len(a), len(b)) areas shared by two sets of xyxy boxes."""
    a = np.asarray(a, np.float32).reshape(-1, 4)
    b = np.asarray(b, np.float32).reshape(-1, 4)
    lt = np.maximum(a[:, None, :2], b[None, :, :2])
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
    return (rb - lt).clip(0).prod(axis=2)


def box_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(len(a), len(b)) intersection-over-union of two sets of xyxy boxes."""
    a = np.asarray(a, np.float32).reshape(-1, 4)
    b = np.asarray(b, np.float32).reshape(-1, 4)
    inter = box_intersection(a, b)
    area_a = (a[:, 2:] - a[:, :2]).clip(0).prod(axis=1)
    area_b = (b[:, 2:] - b[:, :2]).clip(0).prod(axis=1)
    union = area_a[:, None] + area_b[None, :] - inter
    return np.where(union > 0, inter / np.maximum(union, 1e-9), 0.0)


def hull(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The smallest xyxy box covering both boxes."""
    return np.concatenate([np.minimum(a[:2], b[:2]), np.maximum(a[2:], b[2:])])


# A box edge this close to the frame edge (pixels) is taken as cut by it: detectors stop a few
# pixels short of the edge on a face or a line that runs out of the picture.
EDGE = 4.0


def cut_sides(xyxy: np.ndarray, frame_size: tuple[int, int]) -> np.ndarray:
    """(N, 4) booleans: is each box cut by the left, top, right, bottom frame edge."""
    xyxy = np.asarray(xyxy).reshape(-1, 4)
    w, h = frame_size
    return np.hstack([xyxy[:, :2] <= EDGE, xyxy[:, 2:] >= np.array([w, h]) - EDGE])

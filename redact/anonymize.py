"""Operators that make regions of a frame unrecoverable.

Each operator has its settings in ``__init__`` and one method, ``apply(frame, regions)``, which
returns a new frame. Strength scales with each box. Boxes are rounded outwards and clipped
inclusively, so a region touching the frame edge is covered up to and including the last row and
column.

Example:
    >>> import numpy as np
    >>> from redact.regions import Regions
    >>> frame = np.full((100, 100, 3), 200, np.uint8)
    >>> out = Fill(mask="box").apply(frame, Regions(xyxy=[[90, 90, 120, 120]]))
    >>> int(out[99, 99].sum())
    0
"""

from __future__ import annotations

import math
from enum import Enum

import cv2
import numpy as np

from redact.base import parse_enum
from redact.protocols import Operator
from redact.regions import Regions


class Mask(str, Enum):
    """The shape covered inside each box."""

    ELLIPSE = "ellipse"
    BOX = "box"


class Mode(str, Enum):
    """How a region is hidden.

    ``obscure`` (the default for faces) keeps a few noisy colour blocks and nothing more;
    ``fill`` paints solid colour; ``pixelate`` and ``blur`` are gentler and can be partly reversed.
    """

    OBSCURE = "obscure"
    FILL = "fill"
    PIXELATE = "pixelate"
    BLUR = "blur"


def pixel_bounds(box: np.ndarray, width: int, height: int) -> tuple[int, int, int, int] | None:
    """Integer slice bounds covering ``box``: rounded outwards, clipped to the frame inclusively."""
    x1, y1 = max(0, math.floor(box[0])), max(0, math.floor(box[1]))
    x2, y2 = min(width, math.ceil(box[2])), min(height, math.ceil(box[3]))
    if x2 <= x1 or y2 <= y1:
        return None
    return x1, y1, x2, y2


def ellipse_mask(box: np.ndarray, bounds: tuple[int, int, int, int]) -> np.ndarray:
    """Boolean mask, over ``bounds``, of the ellipse inscribed in the (unclipped) ``box``."""
    x1, y1, x2, y2 = bounds
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    ax, ay = max((box[2] - box[0]) / 2, 0.5), max((box[3] - box[1]) / 2, 0.5)
    xs = ((np.arange(x1, x2, dtype=np.float32) + 0.5 - cx) / ax) ** 2
    ys = ((np.arange(y1, y2, dtype=np.float32) + 0.5 - cy) / ay) ** 2
    inside = np.add.outer(ys, xs) <= 1.0
    # Thin boxes: never leave a row or column of the box untouched through the pixel-centre test.
    return inside if inside.any() else np.ones_like(inside)


def polygon_mask(polygon: np.ndarray, bounds: tuple[int, int, int, int]) -> np.ndarray:
    """Boolean mask, over ``bounds``, of ``polygon`` (every pixel it touches)."""
    x1, y1, x2, y2 = bounds
    mask = np.zeros((y2 - y1, x2 - x1), np.uint8)
    points = np.round((np.asarray(polygon, np.float64) - (x1, y1)) * 16).astype(np.int32)
    cv2.fillPoly(mask, [points], 1, lineType=cv2.LINE_8, shift=4)
    return mask.astype(bool)


def _cut(box: np.ndarray, width: int, height: int) -> bool:
    """Whether the frame edge cuts what the region's ellipse must hide for sure: the box shrunk
    by 1/sqrt(2), the largest box whose corners lie on the ellipse. A face box grown by the
    default margin (1.5) lies inside it, so a face merely near the edge keeps its ellipse, and a
    face the edge cuts is covered by the whole box."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    hw, hh = (box[2] - box[0]) / (2 * math.sqrt(2)), (box[3] - box[1]) / (2 * math.sqrt(2))
    return cx - hw < 0 or cy - hh < 0 or cx + hw > width or cy + hh > height


def _paste(roi: np.ndarray, hidden: np.ndarray, mask: np.ndarray) -> None:
    """``hidden`` copied into ``roi`` (in place) where ``mask`` is true."""
    done = cv2.copyTo(np.ascontiguousarray(hidden), mask.view(np.uint8), roi)
    if done is not roi:  # OpenCV wrote elsewhere: never leave the region unredacted
        np.copyto(roi, hidden, where=mask[..., None])


class _MaskedOperator:
    """Applies ``_hide(roi, box_w, box_h)`` inside each region's mask."""

    def __init__(self, mask: Mask | str = Mask.ELLIPSE) -> None:
        self.mask = parse_enum(Mask, mask)

    def apply(self, frame: np.ndarray, regions: Regions) -> np.ndarray:
        out = frame.copy()
        height, width = frame.shape[:2]
        for box, polygon in zip(regions.xyxy, regions.polygon):
            bounds = pixel_bounds(box, width, height)
            if bounds is None:
                continue
            x1, y1, x2, y2 = bounds
            roi = out[y1:y2, x1:x2]
            box_w, box_h = float(box[2] - box[0]), float(box[3] - box[1])
            if self.mask is Mask.BOX and polygon is not None:
                # A tilted text line: its own quadrilateral, not the box round it, which would
                # cover the signs beside it.
                _paste(roi, self._hide(roi, box_w, box_h), polygon_mask(polygon, bounds))
            elif self.mask is Mask.BOX or _cut(box, width, height):
                # A region cut by the frame edge is covered whole: detectors see only part of a
                # face leaving the picture, and an ellipse would spare its visible corners.
                self._cover(roi, box_w, box_h)
            else:
                _paste(roi, self._hide(roi, box_w, box_h), ellipse_mask(box, bounds))
        return out

    def _hide(self, roi: np.ndarray, box_w: float, box_h: float) -> np.ndarray:
        raise NotImplementedError

    def _cover(self, roi: np.ndarray, box_w: float, box_h: float) -> None:
        """The whole of ``roi`` hidden, in place."""
        roi[...] = self._hide(roi, box_w, box_h)


class Fill(_MaskedOperator):
    """Solid colour. The only operator used for text: blur and mosaic of text can be reversed."""

    def __init__(self, mask: Mask | str = Mask.ELLIPSE, color: tuple[int, int, int] = (0, 0, 0)):
        super().__init__(mask)
        self.color = np.array(color, np.uint8)
        self._scalar = tuple(int(c) for c in self.color)

    def _hide(self, roi: np.ndarray, box_w: float, box_h: float) -> np.ndarray:
        hidden = np.empty_like(roi)
        self._cover(hidden, box_w, box_h)
        return hidden

    def _cover(self, roi: np.ndarray, box_w: float, box_h: float) -> None:
        # Drawn by OpenCV in place: NumPy fills a view with a colour about 30x slower, and text
        # boxes, held and drawn back over many frames, are filled in every frame.
        if cv2.rectangle(roi, (0, 0), roi.shape[1::-1], self._scalar, thickness=-1) is not roi:
            roi[...] = self.color  # OpenCV drew elsewhere: never leave the region unredacted


class Blur(_MaskedOperator):
    """Gaussian blur with sigma proportional to the box. Reversible in part: not for sharing."""

    def __init__(self, mask: Mask | str = Mask.ELLIPSE, strength: float = 0.15) -> None:
        super().__init__(mask)
        self.strength = strength

    def _hide(self, roi: np.ndarray, box_w: float, box_h: float) -> np.ndarray:
        sigma = max(1.0, self.strength * max(box_w, box_h))
        return cv2.GaussianBlur(roi, (0, 0), sigmaX=sigma, borderType=cv2.BORDER_REPLICATE)


def _blocks(roi: np.ndarray, box_w: float, box_h: float, across: int) -> np.ndarray:
    """The ROI reduced to about ``across`` area-averaged blocks along the box's longer side."""
    h, w = roi.shape[:2]
    step = max(1, min(h, w) // (16 * across))  # every pixel is not needed for a block's mean
    if step > 1:
        roi = roi[::step, ::step]
        box_w, box_h = box_w / step, box_h / step
    block = max(box_w, box_h) / across
    bw, bh = max(1, round(w / block)), max(1, round(h / block))
    return cv2.resize(roi, (bw, bh), interpolation=cv2.INTER_AREA)


class Pixelate(_MaskedOperator):
    """Mosaic of ``blocks`` squares across the box. Coarse mosaics resist recognition; fine ones
    do not."""

    def __init__(self, mask: Mask | str = Mask.ELLIPSE, blocks: int = 10) -> None:
        super().__init__(mask)
        if blocks < 1:
            raise ValueError(f"blocks must be >= 1, got {blocks}")
        self.blocks = blocks

    def _hide(self, roi: np.ndarray, box_w: float, box_h: float) -> np.ndarray:
        small = _blocks(roi, box_w, box_h, self.blocks)
        return cv2.resize(small, roi.shape[1::-1], interpolation=cv2.INTER_NEAREST)


class Obscure(_MaskedOperator):
    """The default for faces: irreversible and still easy on the eye.

    The region is reduced to ``blocks`` (default 5) area-averaged colours along its longer side,
    each perturbed by Gaussian noise, then smoothly upscaled and blurred. What is left is a few
    dozen noisy numbers: far too little to recognise or reconstruct a face from, unlike a plain
    blur, which deblurring and recognition networks can undo. The noise comes from a fixed seed,
    so the same input always gives the same output.
    """

    def __init__(
        self, mask: Mask | str = Mask.ELLIPSE, blocks: int = 5, noise: float = 20.0, seed: int = 0
    ) -> None:
        super().__init__(mask)
        if blocks < 1:
            raise ValueError(f"blocks must be >= 1, got {blocks}")
        self.blocks = blocks
        self.noise = noise
        self.seed = seed

    def _hide(self, roi: np.ndarray, box_w: float, box_h: float) -> np.ndarray:
        small = _blocks(roi, box_w, box_h, self.blocks).astype(np.float32)
        rng = np.random.default_rng(self.seed)
        small += rng.normal(0.0, self.noise, small.shape).astype(np.float32)
        h, w = roi.shape[:2]
        # The smoothing is done on a copy at most 64 px across and scaled up: the picture is a
        # few blurred blocks, so nothing is lost, and a wide blur at full size is slow.
        scale = min(1.0, 64.0 / max(w, h))
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        mid = cv2.resize(small.clip(0, 255), size, interpolation=cv2.INTER_LINEAR)
        sigma = max(1.0, max(box_w, box_h) / (2 * self.blocks)) * scale
        mid = cv2.GaussianBlur(mid, (0, 0), sigmaX=max(sigma, 0.5)).astype(np.uint8)
        return cv2.resize(mid, (w, h), interpolation=cv2.INTER_LINEAR)


_OPERATORS: dict[Mode, type[_MaskedOperator]] = {
    Mode.OBSCURE: Obscure,
    Mode.FILL: Fill,
    Mode.PIXELATE: Pixelate,
    Mode.BLUR: Blur,
}


def operator_for(mode: Mode | str, mask: Mask | str = Mask.ELLIPSE) -> Operator:
    """The operator for a mode name, e.g. ``operator_for("fill", mask="box")``."""
    return _OPERATORS[parse_enum(Mode, mode)](mask=mask)  # type: ignore[index]

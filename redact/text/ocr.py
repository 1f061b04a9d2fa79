"""Offline OCR with the PP-OCRv6 detection and recognition models that RapidOCR ships.

redact runs the ONNX files itself (onnxruntime, OpenCV, NumPy) instead of importing the rapidocr
package, which would bring ``requests`` and more besides. The models are the same files.

Detection (DB) finds text lines as rotated quadrilaterals; recognition (CTC) reads each one.
Redaction always acts on the detector's boxes: a line whose recognition comes back empty is still
a text region.
"""

from __future__ import annotations

import math
import unicodedata
from functools import partial
from typing import Any

import cv2
import numpy as np

from redact.base import ClosingDetector, check_frame
from redact.models import Runs, model_bytes, onnx_session
from redact.regions import Regions, box_intersection
from redact.text.layout import shape

DET_MODEL = "PP-OCRv6_det_small.onnx"
DET_MODEL_INT8 = "PP-OCRv6_det_small_int8.onnx"  # scripts/quantize_models.py: half the CPU
REC_MODEL = "PP-OCRv6_rec_small.onnx"
REC_MODEL_INT8 = "PP-OCRv6_rec_small_int8.onnx"  # its convolutions only: about half the CPU
_REC_HEIGHT = 48
# Crops are read at their own width (padded to the widest in their batch), not padded to the 320 px
# PP-OCR pads to: a short line then costs a fraction of a long one (the cost grows with the width)
# and reads the same on the text benchmark. This floor only keeps a few CTC steps per character.
_REC_MIN_WIDTH = 96
BATCH = 8  # most line crops read at once
BATCH_SPREAD = 1.3  # widest / narrowest crop (width over height) in one batch


def _normalise(bgr: np.ndarray) -> np.ndarray:
    """HWC uint8 -> CHW float32 in [-1, 1], the PP-OCR input convention."""
    return (bgr.astype(np.float32).transpose(2, 0, 1) / 127.5) - 1.0


class PpOcrLines(ClosingDetector):
    """PP-OCRv6 text-line detector, at full resolution.

    The detector finds lines whose height in its input lies between a few pixels and about a
    tenth of the input, so one scale cannot serve a 12 MP photo: at the usual 960 px the
    patient list on a monitor across the room is 2 px tall and never found; at full size the
    ward sign over it is too large. It looks twice: the whole frame scaled to ``max_side`` for
    large type, and the frame at ``fine_max_side`` (full size for photos) for small type, in
    tiles of at most ``tile`` pixels a side when it is larger than that. Lines found at both
    scales, or in two overlapping tiles, are merged.

    Args:
        max_side: the coarse pass's long side (never scaled up).
        fine_max_side: the fine pass's long side, ``None`` for the frame's own size; no fine
            pass when the coarse one already sees the frame at this size or near it.
        tile: the fine pass reads tiles of at most this many pixels a side.
        overlap: by how many pixels neighbouring tiles overlap: a line less tall than this is
            whole in some tile (one cut by a tile's edge is joined up again).
        min_side: the frame is scaled up so its short side is at least this, for small crops.
        threshold: probability for a pixel to count as text.
        box_threshold: mean probability for a line to be kept.
        unclip: how far each line's polygon is grown, relative to its area / perimeter.
        threads: onnxruntime intra-op threads of the coarse pass (0: every core); the fine
            pass reads this many tiles at once (see `redact.models.Runs`).
        int8: run the int8 model (the video profiles' choice; photos use the float one).
        arena: the float model keeps onnxruntime's memory arena for whole frames too, not only
            for tiles: for a video's frames, read often at one size (see below).
    """

    # A fine pass is needed when the coarse one scales the frame by less than this.
    FINE_BELOW = 0.8

    def __init__(
        self,
        max_side: int = 960,
        fine_max_side: int | None = None,
        tile: int = 512,
        overlap: int = 64,
        min_side: int = 32,
        threshold: float = 0.3,
        box_threshold: float = 0.5,
        unclip: float = 1.6,
        threads: int = 0,
        int8: bool = False,
        arena: bool = False,
    ) -> None:
        if not 0 <= overlap <= tile // 2:
            raise ValueError(f"overlap must be 0 to tile / 2 pixels, got {overlap}")
        self.max_side, self.fine_max_side = max_side, fine_max_side
        self.tile, self.overlap = tile, overlap
        self.min_side, self.int8 = min_side, int8
        self.threshold, self.box_threshold, self.unclip = threshold, box_threshold, unclip
        # The float model keeps onnxruntime's memory arena where it runs often at one size: a
        # photo's dozens of tiles always, and whole frames when asked (``arena``: a video's
        # frames, read in one pass in `thorough`, every fifth frame); each run would otherwise
        # fault its tensors in afresh (over a second of system time on a 12 MP photo; a fifth of
        # `thorough`'s time at 1080p). Not a photo's coarse pass (once a photo: 120 MB more at
        # its peak for nothing), nor the int8 model of the default video profiles (a few frames
        # a second; 130 MB more at 1080p).
        self._runs = Runs(
            model_bytes(DET_MODEL_INT8 if int8 else DET_MODEL),
            threads,
            arena=arena and not int8,
            arena_at_once=not int8,
        )

    def scales(self, height: int, width: int) -> list[float]:
        """The scales the frame is read at: the coarse one, then the fine one if needed."""
        long_side = max(height, width)
        coarse = max(min(1.0, self.max_side / long_side), self.min_side / min(height, width))
        fine = 1.0 if self.fine_max_side is None else min(1.0, self.fine_max_side / long_side)
        return [coarse, fine] if coarse < self.FINE_BELOW * fine else [coarse]

    def detect(self, frame: np.ndarray) -> Regions:
        """Text lines in an RGB frame, as ``kind="text"`` regions with 4-point polygons."""
        self._check_open()
        frame = check_frame(frame)
        h, w = frame.shape[:2]
        coarse, *fine = self.scales(h, w)
        found = self._detect_at(frame, coarse)
        if fine:
            small = self._tiled(frame, fine[0])
            found = Regions.merge([small, found[~_covered(found, small)]])
        return found

    def _tiled(self, frame: np.ndarray, scale: float) -> Regions:
        """The fine pass: the frame at ``scale``, in overlapping tiles if it is large, several
        read at once."""
        h, w = frame.shape[:2]
        step = self.tile - self.overlap
        corners = [
            (x, y)
            for y in range(0, max(1, h - round(self.overlap / scale)), round(step / scale))
            for x in range(0, max(1, w - round(self.overlap / scale)), round(step / scale))
        ]
        return _join_pieces(self._runs.map(partial(self._read_tile, frame, scale), corners))

    def _read_tile(self, frame: np.ndarray, scale: float, session: Any, corner: tuple[int, int]):
        x, y = corner
        size = round(self.tile / scale)  # a tile's side in frame pixels
        return _shifted(self._detect_at(frame[y : y + size, x : x + size], scale, session), x, y)

    def _detect_at(self, frame: np.ndarray, scale: float, session: Any = None) -> Regions:
        session = session or self._runs.session
        h, w = frame.shape[:2]
        ih = max(32, round(h * scale / 32) * 32)
        iw = max(32, round(w * scale / 32) * 32)
        resized = frame if (iw, ih) == (w, h) else cv2.resize(frame, (iw, ih))
        bgr = cv2.cvtColor(resized, cv2.COLOR_RGB2BGR)
        name = session.get_inputs()[0].name
        prob = session.run(None, {name: _normalise(bgr)[None]})[0][0, 0]
        return self._boxes(prob, w / iw, h / ih)

    def _boxes(self, prob: np.ndarray, sx: float, sy: float) -> Regions:
        mask = (prob > self.threshold).astype(np.uint8)
        # mask = cv2.dilate(mask, np.ones((2, 2), np.uint8))
        contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
        quads, scores = [], []
        for contour in contours[:1000]:
            if len(contour) < 3:
                continue
            rect = cv2.minAreaRect(contour)
            if min(rect[1]) < 3:
                continue
            score = _mean_inside(prob, contour)
            if score < self.box_threshold:
                continue
            (cx, cy), (rw, rh), angle = rect
            # Offsetting a rectangle by d grows each side by 2d (DB's "unclip").
            d = rw * rh * self.unclip / (2 * (rw + rh))
            grown = ((cx, cy), (rw + 2 * d, rh + 2 * d), angle)
            if min(grown[1]) < 5:
                continue
            quad = cv2.boxPoints(grown) * np.array([sx, sy], np.float32)
            quads.append(_order(quad))
            scores.append(score)
        return _lines(quads, scores)

    def close(self) -> None:
        self._runs.close()
        super().close()


def _shifted(lines: Regions, x: int, y: int) -> Regions:
    """Lines found in a tile, in the frame's coordinates."""
    if not len(lines) or (x == 0 and y == 0):
        return lines
    offset = np.array([x, y], np.float32)
    polygons = np.empty(len(lines), dtype=object)
    polygons[:] = [p + offset for p in lines.polygon]
    return lines.replace(xyxy=lines.xyxy + np.tile(offset, 2), polygon=polygons)


def _covered(lines: Regions, by: Regions, share: float = 0.5) -> np.ndarray:
    """Which of ``lines`` have more than ``share`` of their box under ``by``'s boxes."""
    if not len(lines) or not len(by):
        return np.zeros(len(lines), bool)
    inside = box_intersection(lines.xyxy, by.xyxy).sum(axis=1)
    return inside > share * np.maximum(lines.area, 1e-6)


def _join_pieces(pieces: list[Regions]) -> Regions:
    """Lines from overlapping tiles as one set: a line seen whole in two tiles is kept once, and
    the two halves of a line cut by a tile's edge become one line again. Lines of one tile are
    never joined (the detector already separated them)."""
    lines = Regions.merge(pieces)
    if len(pieces) < 2 or len(lines) < 2:
        return lines
    tile = np.concatenate([np.full(len(p), k) for k, p in enumerate(pieces)])
    quads = [np.asarray(p, np.float32) for p in lines.polygon]
    heights = [shape(q, box).height for q, box in zip(quads, lines.xyxy)]
    group = list(range(len(lines)))  # union-find over the pairs that are one line

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    inter = box_intersection(lines.xyxy, lines.xyxy)
    for i, j in zip(*np.nonzero(np.triu(inter > 0, 1))):
        low, high = sorted((heights[i], heights[j]))
        if tile[i] == tile[j] or high > 1.5 * low:
            continue
        # One line seen in two tiles, whole or cut by a tile's edge: the two pieces lie on one
        # centre line and overlap along it. (Lines one above the other overlap too, once
        # grown, but their centre lines are a line's height apart.)
        a, b = shape(quads[i], lines.xyxy[i]), shape(quads[j], lines.xyxy[j])
        start, end = a.span(b)
        along = min(end, a.length / 2) - max(start, -a.length / 2)
        if a.turn(b) < 0.2 and abs(a.offset(b)) < 0.3 * low and along > 0.5 * low:
            group[root(int(i))] = root(int(j))
    members: dict[int, list[int]] = {}
    for i in range(len(lines)):
        members.setdefault(root(i), []).append(i)
    if len(members) == len(lines):
        return lines
    out = [
        quads[idx[0]]
        if len(idx) == 1
        else _order(cv2.boxPoints(cv2.minAreaRect(np.vstack([quads[i] for i in idx]))))
        for idx in members.values()
    ]
    scores = [float(lines.score[idx].max()) for idx in members.values()]
    return _lines(out, scores)


def _lines(quads: list[np.ndarray], scores: list[float]) -> Regions:
    """Text-line regions from 4-point polygons."""
    if not quads:
        return Regions.empty()
    quad_arr = np.stack(quads)
    polygons = np.empty(len(quads), dtype=object)
    polygons[:] = list(quad_arr)
    xyxy = np.hstack([quad_arr.min(axis=1), quad_arr.max(axis=1)])
    return Regions(xyxy=xyxy, score=scores, kind="text", polygon=polygons)


def _mean_inside(prob: np.ndarray, contour: np.ndarray) -> float:
    x, y, w, h = cv2.boundingRect(contour)
    mask = np.zeros((h, w), np.uint8)
    cv2.fillPoly(mask, [contour.reshape(-1, 2) - [x, y]], 1)
    return float(cv2.mean(prob[y : y + h, x : x + w], mask)[0])


def _order(quad: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    s, d = quad.sum(axis=1), np.diff(quad, axis=1).ravel()
    return np.array(
        [quad[s.argmin()], quad[d.argmin()], quad[s.argmax()], quad[d.argmax()]], np.float32
    )


class PpOcrReader:
    """PP-OCRv6 line recogniser: reads the text in each region's polygon (or box).

    Args:
        max_ratio: widest line read, as width / height; longer crops are squeezed.
        threads: onnxruntime intra-op threads (0: every core).
        int8: run the int8 model (the video profiles' choice; photos use the float one).
    """

    def __init__(self, max_ratio: float = 25.0, threads: int = 0, int8: bool = False) -> None:
        self.max_ratio, self.int8 = max_ratio, int8
        self._session = onnx_session(model_bytes(REC_MODEL_INT8 if int8 else REC_MODEL), threads)
        meta = self._session.get_modelmeta().custom_metadata_map
        self.characters = ["", *meta["character"].split("\n"), " "]

    def read(self, frame: np.ndarray, regions: Regions) -> Regions:
        """``regions`` with ``text`` filled in (``""`` where nothing could be read)."""
        texts = self.read_crops(line_crops(frame, regions))
        return regions.replace(text=np.array(texts, dtype=object)) if len(regions) else regions

    def read_crops(self, crops: list[np.ndarray]) -> list[str]:
        """The text of each straightened line crop.

        Crops are read in batches of similar width: a batch is padded to its widest crop, so one
        long line in a batch of short ones made every crop in it cost as much as the long one.
        """
        texts = [""] * len(crops)
        ratio = [c.shape[1] / max(1, c.shape[0]) for c in crops]
        batch: list[int] = []
        for i in sorted(range(len(crops)), key=ratio.__getitem__):
            if batch and (len(batch) == BATCH or ratio[i] > BATCH_SPREAD * ratio[batch[0]]):
                self._read_into(texts, crops, batch)
                batch = []
            batch.append(i)
        if batch:
            self._read_into(texts, crops, batch)
        return texts

    def _read_into(self, texts: list[str], crops: list[np.ndarray], batch: list[int]) -> None:
        for i, text in zip(batch, self._read_batch([crops[i] for i in batch])):
            texts[i] = text

    def _read_batch(self, crops: list[np.ndarray]) -> list[str]:
        ratio = min(self.max_ratio, max(c.shape[1] / max(1, c.shape[0]) for c in crops))
        width = max(_REC_MIN_WIDTH, int(math.ceil(_REC_HEIGHT * ratio)))
        blob = np.zeros((len(crops), 3, _REC_HEIGHT, width), np.float32)
        for k, crop in enumerate(crops):
            w = min(width, max(1, int(math.ceil(_REC_HEIGHT * crop.shape[1] / crop.shape[0]))))
            resized = cv2.resize(cv2.cvtColor(crop, cv2.COLOR_RGB2BGR), (w, _REC_HEIGHT))
            blob[k, :, :, :w] = _normalise(resized)
        name = self._session.get_inputs()[0].name
        probs = self._session.run(None, {name: blob})[0]
        return [self._decode(p) for p in probs]

    def _decode(self, probs: np.ndarray) -> str:
        best = probs.argmax(axis=1)
        keep = np.ones(len(best), bool)
        keep[1:] = best[1:] != best[:-1]
        keep &= best != 0
        text = "".join(self.characters[i] for i in best[keep] if i < len(self.characters))
        # The model also reads Chinese: full-width punctuation ("THOMPSON，Amy") becomes ASCII.
        return unicodedata.normalize("NFKC", text).strip()

    def close(self) -> None:
        self._session = None


def line_crops(frame: np.ndarray, regions: Regions) -> list[np.ndarray]:
    """Each region straightened into an upright crop."""
    return [_crop(frame, poly, box) for poly, box in zip(regions.polygon, regions.xyxy)]


def _crop(frame: np.ndarray, polygon: np.ndarray | None, box: np.ndarray) -> np.ndarray:
    """The region straightened into an upright crop (perspective warp of its quadrilateral)."""
    if polygon is None:
        x1, y1 = max(0, int(box[0])), max(0, int(box[1]))
        x2, y2 = int(math.ceil(box[2])), int(math.ceil(box[3]))
        crop = frame[y1:y2, x1:x2]
        return crop if crop.size else np.zeros((_REC_HEIGHT, _REC_HEIGHT, 3), np.uint8)
    quad = np.asarray(polygon, np.float32)
    w = int(max(np.linalg.norm(quad[0] - quad[1]), np.linalg.norm(quad[2] - quad[3])))
    h = int(max(np.linalg.norm(quad[0] - quad[3]), np.linalg.norm(quad[1] - quad[2])))
    w, h = max(w, 4), max(h, 4)
    target = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    crop = cv2.warpPerspective(
        frame, cv2.getPerspectiveTransform(quad, target), (w, h), borderMode=cv2.BORDER_REPLICATE
    )
    if h > 1.5 * w:  # a vertical line: read it turned
        crop = np.rot90(crop)
    return np.ascontiguousarray(crop)

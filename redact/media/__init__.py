"""Reading and writing photos and videos, with nothing but pixels (and, if asked, audio) kept."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"}
VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v", ".mkv", ".webm", ".avi", ".3gp"}


# The only metadata that may be kept (``--keep-metadata``): nothing here can locate, date or
# identify anyone. Everything else (GPS, dates, device make and model, titles, comments,
# thumbnails, maker notes, XMP) is never copied.
KEEPABLE = {
    "icc": "a photo's colour profile",
    "dpi": "a photo's print resolution",
    "language": "the language tag of a video's picture and sound tracks",
}


def keepable(fields: str | Iterable[str]) -> frozenset[str]:
    """The metadata fields named (a list or ``"icc,dpi"``), checked against `KEEPABLE`.

    Raises:
        ValueError: a field that is not harmless or not known.
    """
    names = fields.split(",") if isinstance(fields, str) else list(fields)
    names = [n.strip().lower() for n in names if n.strip()]
    unknown = [n for n in names if n not in KEEPABLE]
    if unknown:
        raise ValueError(
            f"cannot keep metadata {', '.join(unknown)}: only {', '.join(KEEPABLE)} can be kept"
        )
    return frozenset(names)


def kind_of(path: Path) -> str | None:
    """``"image"``, ``"video"`` or None, from the file name's suffix."""
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return "image"
    if suffix in VIDEO_SUFFIXES:
        return "video"
    return None


_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


def sniff(path: Path) -> str | None:
    """``"image"`` or ``"video"`` from the file's first bytes, or None when they say neither.

    The name can lie (a JPEG renamed ``.mp4``); the content decides which reader gets the file.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return None
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return "image" if brand in (b"heic", b"heix", b"mif1", b"msf1", b"avif") else "video"
    if head.startswith(b"\x1a\x45\xdf\xa3") or (head[:4] == b"RIFF" and head[8:11] == b"AVI"):
        return "video"
    return None

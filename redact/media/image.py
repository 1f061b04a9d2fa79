"""Photos: read upright as RGB, write with no metadata at all."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from redact.errors import InputError, OutputError
from redact.media.atomic import atomic_output

MAX_PIXELS = 100_000_000  # decompression-bomb guard: 100 megapixels
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

_FORMATS = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".webp": "WEBP",
    ".heic": "HEIF",
    ".heif": "HEIF",
}

try:  # HEIC/HEIF where the optional wheel is installed (pip install "redact[heic]")
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - depends on the optional extra
    _FORMATS.pop(".heic")
    _FORMATS.pop(".heif")


@dataclass
class Photo:
    """An upright RGB image, its alpha channel if it had one, and the harmless metadata that may
    be kept (``icc``, ``dpi``; see `redact.media.KEEPABLE`), written only when asked."""

    rgb: np.ndarray
    alpha: np.ndarray | None = None
    metadata: dict = field(default_factory=dict)


def read_image(path: Path) -> Photo:
    """Read ``path`` as upright RGB (EXIF orientation applied).

    Raises:
        InputError: the file is missing, not an image, truncated, or too large.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                im.load()
                kept = {"icc": im.info.get("icc_profile"), "dpi": im.info.get("dpi")}
                im = ImageOps.exif_transpose(im)
    except FileNotFoundError as exc:
        raise InputError("no such file") from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InputError(
            f"image is larger than the {MAX_PIXELS // 1_000_000} megapixel limit"
        ) from exc
    except UnidentifiedImageError as exc:
        raise InputError("not a readable image") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"cannot decode image: {exc}") from exc
    alpha = None
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        im = im.convert("RGBA")
        alpha = np.asarray(im)[:, :, 3].copy()
    if im.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        arr = np.asarray(im, dtype=np.float64)
        top = arr.max() or 1.0
        im = Image.fromarray((arr / top * 255).astype(np.uint8))
    rgb = np.asarray(im.convert("RGB")).copy()
    return Photo(rgb=rgb, alpha=alpha, metadata={k: v for k, v in kept.items() if v})


def image_format(path: Path) -> str:
    """The Pillow format name for an output path, from its suffix."""
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise OutputError(
            f"cannot write images as {path.suffix or 'files without a suffix'}; "
            f"use one of: {', '.join(sorted(_FORMATS))}"
        )
    return fmt


def write_image(photo: Photo, dst: Path, keep: frozenset[str] = frozenset()) -> None:
    """Write ``photo`` to ``dst`` (format from the suffix), atomically, with no metadata but the
    fields named in ``keep`` (``icc``, ``dpi``)."""
    fmt = image_format(dst)
    im = Image.fromarray(photo.rgb)
    if photo.alpha is not None and fmt in ("PNG", "WEBP"):
        im.putalpha(Image.fromarray(photo.alpha))
    options = {"JPEG": {"quality": 92}, "WEBP": {"quality": 90}, "HEIF": {"quality": 90}}.get(
        fmt, {}
    ).copy()
    if "icc" in keep and photo.metadata.get("icc"):
        options["icc_profile"] = photo.metadata["icc"]
    if "dpi" in keep and photo.metadata.get("dpi"):
        options["dpi"] = tuple(round(float(v)) for v in photo.metadata["dpi"])
    with atomic_output(dst) as tmp:
        try:
            im.save(tmp, format=fmt, **options)
        except OSError as exc:
            raise OutputError(f"cannot write {dst.name}: {exc.strerror or exc}") from exc

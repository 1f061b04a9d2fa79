"""Font discovery: every Latin-capable TrueType/OpenType font on the machine, by style.

Fonts come from the Debian font packages listed in README.md (under /usr/share/fonts) and from
the DejaVu fonts bundled with matplotlib. They are found at run time, filtered (symbol, maths,
hairline and non-Latin fonts are dropped) and sorted so that a seed picks the same font on the
same machine.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

ROOTS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]
SKIP = (
    "symbol",
    "dingbat",
    "d050000l",
    "math",
    "emoji",
    "stixsiz",
    "stixnonuni",
    "lastresort",
    "cmex",
    "cmsy",
    "cmmi",
    "cmb10",
    "cmr10",
    "cmss10",
    "cmti10",
    "cmtt10",
    "thin",
    "hairline",
    "extralight",
    "ultralight",
    "z003",
)
# Noto ships one family per script; keep only its Latin families.
NOTO_LATIN = {"Noto Sans", "Noto Serif", "Noto Sans Mono", "Noto Mono", "Noto Sans Display"}
MONO = ("mono", "code", "hack", "inconsolata", "courier", "cousine", "cmtt")
SERIF = (
    "serif",
    "roman",
    "times",
    "tinos",
    "caladea",
    "bookman",
    "c059",
    "p052",
    "stixgeneral",
    "gentium",
    "libertine",
    "schoolbook",
)
HAND = ("comic", "humor", "dancing")
CONDENSED = ("condensed", "narrow", "cond")
BOLD = ("bold", "black", "heavy", "semibold", "extrabold", "medium")
PROBE = "AaBbGgQqRr0123456789@"


@dataclass(frozen=True)
class FontFace:
    """One font file and what it looks like."""

    path: str
    family: str
    style: str
    kinds: frozenset[str]  # a subset of {"mono", "serif", "sans", "hand", "condensed", "bold"}
    x_ratio: float  # x-height / font size

    def at_x_height(self, x_height: float) -> ImageFont.FreeTypeFont:
        """The font at the size whose lower-case x is ``x_height`` pixels tall."""
        return load(self.path, max(6, round(x_height / self.x_ratio)))

    def has(self, text: str) -> bool:
        """True when every character of ``text`` has a glyph of its own."""
        return all(_has_glyph(self.path, ch) for ch in set(text) if not ch.isspace())


@functools.lru_cache(maxsize=4096)
def load(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A cached FreeType font."""
    return ImageFont.truetype(path, size)


def _glyph(font: ImageFont.FreeTypeFont, ch: str) -> bytes:
    image = Image.new("L", (64, 64))
    ImageDraw.Draw(image).text((8, 4), ch, font=font, fill=255)
    return image.tobytes()


@functools.cache
def _has_glyph(path: str, ch: str) -> bool:
    font = load(path, 40)
    missing = {_glyph(font, "\U000f0000"), _glyph(font, "\uffff")}
    drawn = _glyph(font, ch)
    return drawn not in missing and any(drawn)


def _x_ratio(path: str) -> float:
    big = load(path, 200)
    box = big.getbbox("x", anchor="ls")
    return max(0.3, (box[3] - box[1]) / 200)


def _classify(name: str) -> frozenset[str]:
    low = name.lower()
    kinds = set()
    if any(k in low for k in MONO):
        kinds.add("mono")
    elif any(k in low for k in HAND):
        kinds.add("hand")
    elif any(k in low for k in SERIF) and "sans" not in low:
        kinds.add("serif")
    else:
        kinds.add("sans")
    if any(k in low for k in CONDENSED):
        kinds.add("condensed")
    if any(k in low for k in BOLD):
        kinds.add("bold")
    return frozenset(kinds)


def _candidates() -> list[Path]:
    roots = list(ROOTS)
    try:
        import matplotlib

        roots.append(Path(matplotlib.get_data_path()) / "fonts" / "ttf")
    except ImportError:
        pass
    files = []
    for root in roots:
        if root.is_dir():
            files += [p for p in root.rglob("*") if p.suffix.lower() in {".ttf", ".otf"}]
    return sorted(set(files))


@functools.lru_cache(maxsize=1)
def discover() -> tuple[FontFace, ...]:
    """Every usable font, one per (family, style), in a stable order."""
    faces: dict[tuple[str, str], FontFace] = {}
    for path in _candidates():
        if any(s in path.name.lower() for s in SKIP):
            continue
        try:
            font = load(str(path), 40)
            family, style = font.getname()
        except OSError:
            continue
        family, style = family or path.stem, style or "Regular"
        label = f"{family} {style} {path.name}"
        if any(s in label.lower().replace(" ", "") for s in SKIP):
            continue
        if family.startswith("Noto") and family not in NOTO_LATIN:
            continue
        slanted = "italic" in style.lower() or "oblique" in style.lower()
        if slanted and "hand" not in _classify(label):
            continue  # italics are rare on screens, bands and badges
        if (family, style) in faces or not all(_has_glyph(str(path), c) for c in PROBE):
            continue
        faces[(family, style)] = FontFace(
            str(path), family, style, _classify(label), _x_ratio(str(path))
        )
    if not faces:
        raise RuntimeError("no usable fonts: install the Debian font packages in README.md")
    return tuple(faces[k] for k in sorted(faces))


def pick(rng: np.random.Generator, *want: str, avoid: tuple[str, ...] = ()) -> FontFace:
    """A random font having any of the ``want`` kinds (all fonts when none has them)."""
    fonts = discover()
    pool = [f for f in fonts if (not want or f.kinds & set(want)) and not f.kinds & set(avoid)]
    pool = pool or list(fonts)
    # Pick the family first so that families with many styles do not dominate.
    families = sorted({f.family for f in pool})
    family = families[int(rng.integers(len(families)))]
    styles = [f for f in pool if f.family == family]
    return styles[int(rng.integers(len(styles)))]

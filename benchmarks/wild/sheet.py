"""A flat panel (screen, paper, band, badge, sign) being drawn, and the text items on it."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw

from benchmarks.wild.fonts import FontFace

Color = tuple[int, int, int]


@dataclass
class Item:
    """One drawn string that the benchmark scores, in the panel's own pixels."""

    text: str
    kind: str  # "pii", "header" or "sign"
    entity: str | None
    box: tuple[float, float, float, float]  # ink box, xyxy
    x_height: float
    layout: str


@dataclass
class Sheet:
    """An RGBA panel with the items drawn on it so far."""

    width: int
    height: int
    background: Color
    layout: str
    alpha: int = 255
    items: list[Item] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.image = Image.new("RGBA", (self.width, self.height), (*self.background, self.alpha))
        self.draw = ImageDraw.Draw(self.image)

    def text(
        self,
        x: float,
        baseline: float,
        text: str,
        face: FontFace,
        x_height: float,
        fill: Color,
        kind: str | None = None,
        entity: str | None = None,
    ) -> float:
        """Draw ``text`` with its left end at ``x`` on ``baseline``; record it when ``kind`` is
        given. Returns the x just past the text."""
        font = face.at_x_height(x_height)
        self.draw.text((x, baseline), text, font=font, fill=fill, anchor="ls")
        if kind is not None:
            box = self.draw.textbbox((x, baseline), text, font=font, anchor="ls")
            self.items.append(
                Item(text, kind, entity, tuple(map(float, box)), x_height, self.layout)
            )
        return x + font.getlength(text)

    def rect(
        self,
        box: tuple[float, float, float, float],
        fill: Color | None = None,
        outline: Color | None = None,
        width: int = 1,
        radius: float = 0,
    ) -> None:
        """A filled and/or outlined (rounded) rectangle."""
        if radius > 0:
            self.draw.rounded_rectangle(box, radius, fill=fill, outline=outline, width=width)
        else:
            self.draw.rectangle(box, fill=fill, outline=outline, width=width)


def width_of(text: str, face: FontFace, x_height: float) -> float:
    """Advance width of ``text`` in pixels."""
    return face.at_x_height(x_height).getlength(text)


def jitter(rng: np.random.Generator, color: Color, amount: int = 12) -> Color:
    """``color`` nudged a little per channel, never to pure magenta."""
    out = tuple(int(np.clip(c + rng.integers(-amount, amount + 1), 0, 255)) for c in color)
    if out[0] > 240 and out[1] < 15 and out[2] > 240:
        out = (230, 20, 230)
    return out  # type: ignore[return-value]


def ink_on(background: Color) -> Color:
    """Black or white, whichever reads on ``background``."""
    return (20, 20, 25) if sum(background) > 380 else (245, 245, 245)

"""The recogniser interface: text in, the spans of one kind of identifier out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

# OCR reads digits as look-alike letters; inside digit-heavy tokens these are mapped back.
_DIGIT_LOOKALIKES = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "Q": "0",
        "I": "1",
        "l": "1",
        "i": "1",
        "|": "1",
        "S": "5",
        "s": "5",
        "B": "8",
        "Z": "2",
        "z": "2",
        "G": "6",
        "b": "6",
        "g": "9",
        "q": "9",
    }
)
_TOKEN = re.compile(r"\S+")


def digitise(text: str) -> str:
    """``text`` with look-alike letters turned into digits inside tokens that are mostly digits.

    The result has the same length as ``text``, so spans found in it are spans of ``text``.

    >>> digitise("NHS 943 476 S9I9 and Ward 7B")
    'NHS 943 476 5919 and Ward 7B'
    """
    out = list(text)
    for m in _TOKEN.finditer(text):
        token = m.group()
        digits = sum(c.isdigit() for c in token)
        letters = sum(c.isalpha() for c in token)
        if digits >= 2 and digits >= letters:
            out[m.start() : m.end()] = token.translate(_DIGIT_LOOKALIKES)
    return "".join(out)


# Text from several boxes on one row is joined with this (see `redact.text.layout`): patterns
# that may cross a box boundary ("Name: ¦ John Smith") allow for it, and digit runs are read
# across it.
BOUNDARY = "¦"


@dataclass(frozen=True)
class Match:
    """One identifier found in a string: ``text[start:end]`` is an ``entity``. ``score``: 0.8
    for a pattern match, 1.0 with one of the recogniser's context words in the same text."""

    entity: str
    start: int
    end: int
    score: float = 1.0


class Recognizer:
    """Finds one entity with regular expressions, an optional validation hook and context words.

    Subclasses set ``ENTITY``, ``PATTERNS`` (name -> regex) and optionally ``CONTEXT`` (words
    that make a match more likely when they appear in the same text), ``DIGITS`` (also search
    the digitised text) and ``validate``. Patterns and context can be overridden per instance.
    """

    ENTITY: ClassVar[str] = ""
    PATTERNS: ClassVar[dict[str, str]] = {}
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    DIGITS: ClassVar[bool] = False
    FLAGS: ClassVar[int] = 0

    def __init__(
        self, patterns: dict[str, str] | None = None, context: tuple[str, ...] | None = None
    ) -> None:
        self.patterns = {
            k: re.compile(v, self.FLAGS) for k, v in (patterns or self.PATTERNS).items()
        }
        self.context = tuple(w.lower() for w in (context if context is not None else self.CONTEXT))

    def validate(self, value: str) -> bool:
        """Extra check on a candidate (checksums, ranges). Default: accept."""
        return True

    def analyze(self, text: str) -> list[Match]:
        """Every span of ``text`` that is this entity."""
        # Digit runs may continue across a box boundary (the row separator "¦").
        variants = [text, digitise(text).replace(BOUNDARY, " ")] if self.DIGITS else [text]
        found: dict[tuple[int, int], Match] = {}
        lowered = text.lower()
        boost = 0.2 if any(w in lowered for w in self.context) else 0.0
        for variant in variants:
            for regex in self.patterns.values():
                for m in regex.finditer(variant):
                    # A pattern may mark the identifier itself with a group named "v".
                    start, end = m.span("v") if "v" in regex.groupindex else m.span()
                    if end > start and self.validate(variant[start:end]):
                        found[(start, end)] = Match(self.ENTITY, start, end, min(1.0, 0.8 + boost))
        return sorted(found.values(), key=lambda m: (m.start, m.end))

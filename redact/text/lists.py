"""Deny-lists (identifiers that must always go) and allow-lists (words never redacted)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

from redact.pii.base import digitise

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """Lower case, look-alike letters in digit runs mapped to digits, only letters and digits."""
    return _NON_ALNUM.sub("", digitise(text).lower())


def read_terms(path: Path) -> list[str]:
    """One term per line; blank lines and ``#`` comments are skipped."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [t.strip() for t in lines if t.strip() and not t.strip().startswith("#")]


class DenyList:
    """Identifiers the user names (their own name, NHS number, date of birth...), matched fuzzily:
    OCR misreads a character or two, drops spaces and punctuation.

    Args:
        terms: the identifiers.
        similarity: 0-1; how close a stretch of text must be to a term (default 0.8).
    """

    def __init__(self, terms: list[str] | tuple[str, ...] = (), similarity: float = 0.8) -> None:
        self.terms = [n for n in (normalise(t) for t in terms) if len(n) >= 3]
        self.similarity = similarity

    def __bool__(self) -> bool:
        return bool(self.terms)

    def matches(self, text: str) -> bool:
        """Whether any term appears, nearly, in ``text``."""
        hay = normalise(text)
        for term in self.terms:
            if term in hay:
                return True
            n = len(term)
            for start in range(0, max(1, len(hay) - n + 1)):
                for size in (n - 1, n, n + 1):
                    window = hay[start : start + size]
                    if window and SequenceMatcher(None, term, window).ratio() >= self.similarity:
                        return True
        return False


class AllowList:
    """Words and phrases never redacted (ward names, signs...), compared after normalising."""

    def __init__(self, terms: list[str] | tuple[str, ...] = ()) -> None:
        self.terms = {normalise(t) for t in terms} - {""}

    def covers(self, text: str) -> bool:
        """Whether ``text`` is, as a whole, an allowed word or phrase."""
        return normalise(text) in self.terms

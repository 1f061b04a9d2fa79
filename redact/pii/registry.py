"""The set of recognisers in use, switched on and off by entity name."""

from __future__ import annotations

from collections.abc import Iterable

from redact.pii.base import Match, Recognizer
from redact.pii.recognizers import (
    DateRecognizer,
    Email,
    HospitalNumber,
    NhsNumber,
    PersonName,
    Phone,
    Postcode,
    StreetAddress,
)

DEFAULT_RECOGNIZERS: tuple[type[Recognizer], ...] = (
    PersonName,
    DateRecognizer,
    NhsNumber,
    HospitalNumber,
    Postcode,
    Phone,
    Email,
    StreetAddress,
)


class Registry:
    """Recognisers keyed by entity; ``analyze`` runs every enabled one.

    Args:
        recognizers: the recognisers to use; several may find one entity.
        threshold: the lowest match score kept: 0.8 for a pattern match, 1.0 when one of the
            recogniser's context words is in the same text (``threshold=0.9`` keeps only matches
            with context). Default 0: every match.

    Example:
        >>> reg = Registry.default()
        >>> reg.disable("postcode")
        >>> [m.entity for m in reg.analyze("Mr John Smith, NHS 943 476 5919")]
        ['person', 'nhs_number']
    """

    def __init__(self, recognizers: Iterable[Recognizer] = (), threshold: float = 0.0) -> None:
        if not 0 <= threshold <= 1:
            raise ValueError(f"threshold must be in [0, 1], got {threshold}")
        self.threshold = threshold
        self._recognizers: dict[str, list[Recognizer]] = {}
        self._disabled: set[str] = set()
        for r in recognizers:
            self.add(r)

    @classmethod
    def default(cls, threshold: float = 0.0) -> Registry:
        """Every shipped recogniser, enabled."""
        return cls((r() for r in DEFAULT_RECOGNIZERS), threshold)

    @property
    def entities(self) -> list[str]:
        return list(self._recognizers)

    def add(self, recognizer: Recognizer) -> None:
        """Add a recogniser; one for an entity already known finds more of it, beside the
        others."""
        if not recognizer.ENTITY:
            raise ValueError(f"{type(recognizer).__name__} has no ENTITY")
        self._recognizers.setdefault(recognizer.ENTITY, []).append(recognizer)

    def replace(self, recognizer: Recognizer) -> None:
        """Use this recogniser instead of every other for its entity."""
        self._recognizers[recognizer.ENTITY] = [recognizer]

    def remove(self, entity: str) -> None:
        self._recognizers.pop(self._known(entity))

    def enable(self, entity: str) -> None:
        self._disabled.discard(self._known(entity))

    def disable(self, entity: str) -> None:
        self._disabled.add(self._known(entity))

    def _known(self, entity: str) -> str:
        if entity not in self._recognizers:
            raise ValueError(f"unknown entity {entity!r}; use one of: {', '.join(self.entities)}")
        return entity

    def analyze(self, text: str) -> list[Match]:
        """Every match of every enabled recogniser scoring at least ``threshold``, in order of
        position. Where two recognisers claim the same span, the one added first wins (an NHS
        number is not also a phone)."""
        found: dict[tuple[int, int], Match] = {}
        for entity, recognizers in self._recognizers.items():
            if entity in self._disabled:
                continue
            for r in recognizers:
                for m in r.analyze(text):
                    if m.score >= self.threshold:
                        found.setdefault((m.start, m.end), m)
        return sorted(found.values(), key=lambda m: (m.start, m.end))

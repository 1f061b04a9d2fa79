"""Review before publishing: a decisions file per input (`Decisions`), re-applied without a
detector (`Redactor.redact_file(..., decisions=...)`, ``redact INPUT --decisions FILE``), and a
local review page (``redact review``)."""

from redact.review.decisions import Decisions, DecisionsError, Replay, decisions_path

__all__ = ["Decisions", "DecisionsError", "Replay", "decisions_path"]

"""The errors redact raises. Catch `RedactError` to catch them all."""

from __future__ import annotations


class RedactError(Exception):
    """Base class for every error redact raises on purpose."""


class InputError(RedactError):
    """The input cannot be read: missing, unsupported, truncated or corrupt."""


class OutputError(RedactError):
    """The output cannot be written (bad path, unwritable folder, full disk...)."""


class TimeLimitError(RedactError):
    """A file took longer than the time allowed for it (``timeout``); nothing was written."""


class ModelError(RedactError):
    """A shipped model file is missing or does not match its recorded sha256."""

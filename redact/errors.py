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


def one_line(exc: Exception) -> str:
    """One line saying what went wrong, for the user (the CLI's and a batch's error line)."""
    if isinstance(exc, (RedactError, ValueError, ImportError)):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"unexpected error ({type(exc).__name__}: {exc}); run with --debug for details"

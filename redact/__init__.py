"""redact: on-device redaction of faces in photos and video.

Example:
    >>> import redact
    >>> with redact.Redactor() as r:  # doctest: +SKIP
    ...     r.redact_file("ward.jpg")  # writes ward.redacted.jpg
"""

from __future__ import annotations

import logging

from redact.anonymize import Blur, Fill, Mask, Mode, Obscure, Pixelate, operator_for
from redact.errors import InputError, ModelError, OutputError, RedactError
from redact.redactor import Redactor, default_output
from redact.regions import Regions
from redact.report import FileReport, Found

logging.getLogger("redact").addHandler(logging.NullHandler())

__version__ = "0.1.0"

__all__ = [
    "Blur",
    "FileReport",
    "Fill",
    "Found",
    "InputError",
    "Mask",
    "Mode",
    "ModelError",
    "Obscure",
    "OutputError",
    "Pixelate",
    "RedactError",
    "Redactor",
    "Regions",
    "default_output",
    "operator_for",
]

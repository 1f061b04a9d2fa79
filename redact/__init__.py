"""redact: on-device redaction of faces and patient details in photos and video.

Example:
    >>> import redact
    >>> with redact.Redactor() as r:  # doctest: +SKIP
    ...     r.redact_file("ward.jpg")  # writes ward.redacted.jpg

The parts you can plug in are declared in `redact.protocols` and exported here: `Detector`
(``detect(frame) -> Regions``), `FollowsCamera` (``move(affine)``, ``reset()``), `Operator`
(``apply(frame, regions) -> frame``), `LineFinder` and `LineReader` (an OCR backend) and
`Recorder` (statistics). `Options` holds the settings, `Profile` the video schedule.
"""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version

from redact.anonymize import Blur, Fill, Mask, Mode, Obscure, Pixelate, operator_for
from redact.errors import InputError, ModelError, OutputError, RedactError, TimeLimitError
from redact.options import Options
from redact.profiles import PROFILES, Profile
from redact.protocols import (
    Detector,
    FollowsCamera,
    LineFinder,
    LineReader,
    Operator,
    Recorder,
)
from redact.record import Stats
from redact.redactor import Redactor, default_output
from redact.regions import Regions
from redact.report import FileReport, Found
from redact.schedule import Scheduled
from redact.text.detector import OcrBackend, TextMode

logging.getLogger("redact").addHandler(logging.NullHandler())

try:
    __version__ = version("redact")
except PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"

__all__ = [
    "PROFILES",
    "Blur",
    "Detector",
    "FileReport",
    "Fill",
    "FollowsCamera",
    "Found",
    "InputError",
    "LineFinder",
    "LineReader",
    "Mask",
    "Mode",
    "ModelError",
    "Obscure",
    "OcrBackend",
    "Operator",
    "Options",
    "OutputError",
    "Pixelate",
    "Profile",
    "Recorder",
    "RedactError",
    "Redactor",
    "Regions",
    "Scheduled",
    "Stats",
    "TextMode",
    "TimeLimitError",
    "default_output",
    "operator_for",
]

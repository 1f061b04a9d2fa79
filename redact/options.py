"""A Redactor's settings, checked once, here.

Example:
    >>> from redact import Options
    >>> Options(margin=1.8, text="all").text
    <TextMode.ALL: 'all'>
    >>> Options(margin=0.5)
    Traceback (most recent call last):
    ...
    ValueError: margin must be >= 1 (a box is never shrunk), got 0.5
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from redact.anonymize import Mask, Mode
from redact.base import parse_enum
from redact.media import keepable
from redact.media.video import EncodeSettings
from redact.profiles import PROFILES, Profile
from redact.text.detector import OcrBackend, TextMode


@dataclass(frozen=True)
class Options:
    """Everything about a run that is a setting rather than a part (the parts, such as a
    detector or an operator of your own, are passed to `redact.Redactor` beside these).

    Attributes:
        mode: how faces are hidden: ``"obscure"`` (default, irreversible), ``"fill"``,
            ``"pixelate"`` or ``"blur"`` (the last two can be partly reversed).
        mask: ``"ellipse"`` (default) or ``"box"``.
        margin: each face box is grown by this factor before redaction (default 1.5, so the
            ellipse contains the whole detected box).
        keep_audio: copy the audio of videos unchanged (default: dropped).
        hold: in a video, frames a region stays redacted after its last detection (and is
            drawn back before its first), on top of the interval of the detector that found it;
            ``None`` (default): the profile's.
        text: ``"pii"`` (default: identifiers only), ``"all"`` (every text region but
            allow-listed words) or ``"off"``. Text is always filled solid.
        deny: identifiers that must always go (the patient's own name, NHS number...), matched
            fuzzily against the text read.
        allow: words and phrases never redacted.
        ocr: ``"ppocr"`` (default, shipped) or ``"easyocr"`` (the extra ``redact[easyocr]``).
        profile: ``"balanced"`` (default), ``"fast"``, ``"thorough"`` or a
            `redact.profiles.Profile`: which detector looks at which video frames.
        threads: inference threads per onnxruntime model; 0 (default): every core.
        crf, preset: x264 settings for video output.
        keep_metadata: harmless metadata to keep, e.g. ``("icc", "dpi")`` or ``"icc,language"``
            (see `redact.media.KEEPABLE`); everything else is always stripped.
    """

    mode: Mode = Mode.OBSCURE
    mask: Mask = Mask.ELLIPSE
    margin: float = 1.5
    keep_audio: bool = False
    hold: int | None = None
    text: TextMode = TextMode.PII
    deny: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    ocr: OcrBackend = OcrBackend.PPOCR
    profile: Profile = field(default_factory=lambda: PROFILES["balanced"])
    threads: int = 0
    crf: int = 20
    preset: str = "veryfast"
    keep_metadata: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        def set_(name: str, value: object) -> None:
            object.__setattr__(self, name, value)

        set_("mode", parse_enum(Mode, self.mode))
        set_("mask", parse_enum(Mask, self.mask))
        set_("text", parse_enum(TextMode, self.text))
        set_("ocr", parse_enum(OcrBackend, self.ocr))
        if self.margin < 1:
            raise ValueError(f"margin must be >= 1 (a box is never shrunk), got {self.margin}")
        if self.hold is not None and self.hold < 0:
            raise ValueError(f"hold must be >= 0, got {self.hold}")
        if self.threads < 0:
            raise ValueError(f"threads must be >= 0, got {self.threads}")
        if isinstance(self.profile, str):
            if self.profile not in PROFILES:
                names = ", ".join(PROFILES)
                raise ValueError(f"profile must be one of {names}, got {self.profile!r}")
            set_("profile", PROFILES[self.profile])
        elif not isinstance(self.profile, Profile):
            raise ValueError(f"profile must be a name or a Profile, got {self.profile!r}")
        EncodeSettings(self.crf, self.preset)  # checks them
        for name in ("deny", "allow"):
            value = getattr(self, name)
            set_(name, (value,) if isinstance(value, str) else tuple(value))
        set_("keep_metadata", keepable(self.keep_metadata))

    @property
    def encode(self) -> EncodeSettings:
        return EncodeSettings(self.crf, self.preset)

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


def options_from(options: Options | None, settings: dict[str, object]) -> Options:
    """``options`` with ``settings`` (keyword arguments) applied on top, checked."""
    unknown = set(settings) - set(Options.names())
    if unknown:
        raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
    base = options or Options()
    current = {name: getattr(base, name) for name in Options.names()}
    return Options(**{**current, **settings})


__all__ = ["Options", "options_from"]

"""`Redactor`: the one object a developer needs. Options in, redacted images and files out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from redact import verify as verification
from redact._clock import Clock
from redact.anonymize import operator_for
from redact.errors import InputError, OutputError
from redact.media import IMAGE_SUFFIXES, VIDEO_SUFFIXES, kind_of, sniff
from redact.media.image import Photo, image_format, read_image, write_image
from redact.media.video import ProgressFn, read_frames, transcode
from redact.options import Options, options_from
from redact.pii.registry import Registry
from redact.pipeline import TEXT_PADDING, FramePipeline
from redact.protocols import Detector, Operator, Recorder
from redact.record import Fanout, Stats
from redact.regions import Regions
from redact.report import FileReport, found_by, found_in
from redact.review.decisions import Decisions, Replay
from redact.schedule import Scheduled
from redact.text.detector import TextMode

_VIDEO_OUT = {".mp4", ".m4v", ".mov"}


def default_output(src: Path) -> Path:
    """``NAME.redacted.EXT`` beside the input (videos in other containers become ``.mp4``)."""
    suffix = src.suffix.lower()
    if kind_of(src) == "video" and suffix not in _VIDEO_OUT:
        suffix = ".mp4"
    return src.with_name(f"{src.stem}.redacted{suffix or '.png'}")


class Redactor:
    """Finds faces and patient or staff identifiers in photos and videos and makes them
    unrecoverable.

    Settings are a `redact.Options` (checked once, when made), given whole as ``options`` or as
    keyword arguments (``Redactor(margin=1.8)``), or both (the keywords win). The parts below
    are any objects with the method named (see `redact.protocols`).

    Args:
        options: the settings; keyword arguments named as its fields are applied on top.
        detector: a face detector (``detect(rgb_frame) -> Regions``) to use instead of the
            shipped ones. In video it runs on the profile's ``face_every``.
        operator: hides faces (``apply(frame, regions) -> frame``); default: from ``mode`` and
            ``mask``.
        text_operator: hides text and codes (default: solid black boxes).
        registry: the recognisers that decide which text is an identifier (default: every
            shipped one, `redact.pii.Registry.default`).
        recorder: receives statistics from each run (see `redact.record.Stats`).

    Raises:
        ValueError: a setting out of range or unknown by name (``TypeError`` for an unknown
            keyword).

    Example:
        >>> import numpy as np
        >>> with Redactor(text="all") as r:  # doctest: +SKIP
        ...     clean, regions = r.redact_image(rgb)
        ...     report = r.redact_file("clip.mp4", "clip.redacted.mp4")
    """

    def __init__(
        self,
        options: Options | None = None,
        *,
        detector: Detector | None = None,
        operator: Operator | None = None,
        text_operator: Operator | None = None,
        registry: Registry | None = None,
        recorder: Recorder | None = None,
        **settings: Any,
    ) -> None:
        self.options = options_from(options, settings)
        o = self.options
        self.operator = operator if operator is not None else operator_for(o.mode, o.mask)
        self.text_operator = text_operator
        self.registry = registry
        self.recorder = recorder
        self._detector = detector
        self._owns_detector = detector is None
        self._text_detector: Any = None
        self._video_text_detector: Any = None  # with the profile's int8 OCR models
        self._video_faces: list[Scheduled] | None = None  # the profile's, on its schedule
        self._closed = False

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError("this Redactor is closed: make a new one")

    @property
    def detector(self) -> Detector:
        """The face detector for photos, created on first use."""
        self._check_open()
        if self._detector is None:
            from redact.detect import default_face_detector

            self._detector = default_face_detector(threads=self.options.threads)
        return self._detector

    @property
    def text_detector(self) -> Any:
        """The text (OCR + recognisers) detector, created on first use; None with ``text="off"``."""
        self._check_open()
        if self._text_detector is None and self.options.text is not TextMode.OFF:
            self._text_detector = self._new_text_detector(int8=False)
        return self._text_detector

    @property
    def video_text_detector(self) -> Any:
        """The text detector for video: its line detector reads each frame once, at up to the
        profile's ``text_max_side`` (the whole frame up to 1080p), with the int8 line detector
        and recogniser if the profile asks for them."""
        self._check_open()
        if self.options.ocr != "ppocr":
            return self.text_detector
        if self._video_text_detector is None and self.options.text is not TextMode.OFF:
            side = self.options.profile.text_max_side
            self._video_text_detector = self._new_text_detector(
                int8=self.options.profile.int8, max_side=side, fine_max_side=side, arena=True
            )
        return self._video_text_detector

    @property
    def video_face_detectors(self) -> list[Scheduled]:
        """The face detectors for video, each on its schedule: the profile's own, or a detector
        passed as ``detector=`` on the profile's ``face_every``."""
        self._check_open()
        if not self._owns_detector:
            return [Scheduled(self._detector, self.options.profile.face_every)]
        if self._video_faces is None:
            self._video_faces = self.options.profile.face_detectors(threads=self.options.threads)
        return self._video_faces

    def _new_text_detector(self, int8: bool, **reading: Any) -> Any:
        from redact.text.detector import PiiTextDetector

        return PiiTextDetector(
            self.options.text,
            deny=self.options.deny,
            allow=self.options.allow,
            registry=self.registry,
            threads=self.options.threads,
            ocr=self.options.ocr,
            int8=int8,
            recorder=self.recorder,
            **reading,
        )

    def __enter__(self) -> Redactor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the models. Safe to call more than once; a closed Redactor refuses work."""
        self._closed = True
        if self._owns_detector and self._detector is not None:
            self._detector.close()
            self._detector = None
        for scheduled in self._video_faces or ():
            scheduled.close()
        self._video_faces = None
        for name in ("_text_detector", "_video_text_detector"):
            if getattr(self, name) is not None:
                getattr(self, name).close()
                setattr(self, name, None)

    # -- images -----------------------------------------------------------------------------
    def _pipeline(self, video: bool = False, extra: Recorder | None = None) -> FramePipeline:
        """The pipeline for one photo or one video; ``extra``: a recorder for this file only
        (the boxes drawn, for ``verify``; the regions hidden, for `find`)."""
        detectors = list(self.video_face_detectors) if video else [self.detector]
        if self.options.text is not TextMode.OFF:
            text = self.video_text_detector if video else self.text_detector
            detectors.append(Scheduled(text, self.options.profile.text_every) if video else text)
        pipeline = FramePipeline(
            detectors,
            self.operator,
            self.options.margin,
            hold=self.options.profile.hold if self.options.hold is None else self.options.hold,
            text_operator=self.text_operator,
            recorder=Fanout(self.recorder, extra) if extra is not None else self.recorder,
        )
        return pipeline

    def redact_image(self, image: np.ndarray) -> tuple[np.ndarray, Regions]:
        """Redact an RGB ``(H, W, 3)`` uint8 image.

        Returns:
            The redacted copy and the regions found (boxes before the margin).
        """
        return self._pipeline()(image)

    def redact_frames(self, frames: Iterable[np.ndarray]) -> Iterator[np.ndarray]:
        """Redact the RGB frames of one video, in order, as the video path does: detectors on
        the profile's schedule, regions tracked with the camera between them.

        Yields one redacted frame per input frame, in order, some frames behind the input (the
        look-ahead that covers a face before it is first detected).
        """
        yield from self._pipeline(video=True).stream(frames)

    # -- files ------------------------------------------------------------------------------
    def redact_file(
        self,
        src: str | Path,
        dst: str | Path | None = None,
        *,
        progress: ProgressFn | None = None,
        timeout: float | None = None,
        verify: bool = False,
        decisions: Decisions | None = None,
    ) -> FileReport:
        """Redact a photo or video file into ``dst`` (default ``NAME.redacted.EXT``).

        The output format follows ``dst``'s suffix. The input is never modified, and on any error
        no output file is left behind.

        Args:
            progress: called with (frames done, frames expected) as a video goes.
            timeout: give up after this many seconds (checked between video frames, and between
                reading, searching and writing a photo); nothing is written.
            verify: search the written output again (see `redact.verify`) and list what can
                still be found in ``report.leftovers``.
            decisions: hide what this decisions file says (`redact.review.Decisions`, from
                `find` and a review) instead of searching: no detector runs, and the same
                input and file give the same output on every run.

        Raises:
            InputError: the input cannot be read or is of an unsupported type.
            OutputError: the output cannot be written.
            TimeLimitError: it took longer than ``timeout``.
        """
        src = Path(src)
        dst = Path(dst) if dst is not None else default_output(src)
        kind = self._check_input(src)
        if dst.resolve() == src.resolve():
            raise OutputError("output path is the input file; refusing to overwrite the input")
        if kind_of(dst) != kind:
            raise OutputError(
                f"a {kind} cannot be written as {dst.suffix or 'a file without a suffix'}"
            )
        if decisions is not None:
            decisions.check_input(src)
        report = FileReport(input=str(src), output=str(dst), type=kind)
        clock = Clock(timeout)
        if kind == "image":
            self._redact_photo(src, dst, report, clock, verify, decisions)
        else:
            self._redact_video(src, dst, report, progress, clock, verify, decisions)
        return report

    def find(
        self,
        src: str | Path,
        *,
        timeout: float | None = None,
        seen: Callable[[np.ndarray], None] | None = None,
    ) -> Decisions:
        """Search a photo or video and return what would be hidden, frame by frame, as the
        contents of a decisions file (`redact.review.Decisions`); nothing is written.

        ``seen``, if given, is called with each frame (upright RGB, as decoded) before it is
        searched, so a caller that shows the frames need not decode the file again (the
        review page keeps them this way).

        Raises:
            InputError, TimeLimitError: as `redact_file`.
        """
        src = Path(src)
        kind = self._check_input(src)
        clock = Clock(timeout)
        hidden = Stats(keep_regions=True)
        if kind == "image":
            rgb = read_image(src).rgb
            clock.check()
            if seen is not None:
                seen(rgb)
            self._pipeline(extra=hidden)(rgb)
            size = (rgb.shape[1], rgb.shape[0])
        else:
            size = (0, 0)

            def frames() -> Iterator[np.ndarray]:
                nonlocal size
                for frame in read_frames(src):
                    clock.check()
                    size = (frame.shape[1], frame.shape[0])
                    if seen is not None:
                        seen(frame)
                    yield frame

            for _ in self._pipeline(video=True, extra=hidden).stream(frames()):
                pass
        settings = {
            "mode": self.options.mode.value,
            "mask": self.options.mask.value,
            "margin": self.options.margin,
            "text_padding": TEXT_PADDING,
        }
        return Decisions.from_run(src, kind, hidden.hidden or [], size, settings)

    def _check_input(self, src: Path) -> str:
        """The input's kind ("image" or "video"), or InputError."""
        kind = kind_of(src)
        if kind is None:
            raise InputError(
                f"unsupported file type {src.suffix or '(no suffix)'}; supported: "
                f"{', '.join(sorted(IMAGE_SUFFIXES | VIDEO_SUFFIXES))}"
            )
        if not src.is_file():
            raise InputError("no such file" if not src.exists() else "not a file")
        content = sniff(src)
        if content is not None and content != kind:
            raise InputError(
                f"the file is {'an' if content == 'image' else 'a'} {content}, "
                f"but its name ({src.suffix}) says {kind}: rename it"
            )
        return kind

    def _redact_photo(
        self,
        src: Path,
        dst: Path,
        report: FileReport,
        clock: Clock,
        verify: bool,
        decisions: Decisions | None,
    ) -> None:
        image_format(dst)  # fail before the work if the format is not writable
        photo = read_image(src)
        clock.check()
        drawn = Stats(keep_boxes=True) if verify else None
        pipeline = self._pipeline(extra=drawn)
        runner = pipeline if decisions is None else Replay(decisions, drawn)
        clean, found = runner(photo.rgb)
        clock.check()
        write_image(Photo(clean, photo.alpha, photo.metadata), dst, keep=self.options.keep_metadata)
        if verify:
            again = read_image(dst).rgb
            left = verification.leftovers(again, pipeline.detect, drawn.boxes[0])
            report.leftovers = [found_in(r) for r in left]
        report.frames = 1
        report.height, report.width = photo.rgb.shape[:2]
        report.regions = [found_in(r) for r in found]

    def _redact_video(
        self,
        src: Path,
        dst: Path,
        report: FileReport,
        progress: Any,
        clock: Clock,
        verify: bool,
        decisions: Decisions | None,
    ) -> None:
        if dst.suffix.lower() not in _VIDEO_OUT:
            raise OutputError(
                f"videos are written as {', '.join(sorted(_VIDEO_OUT))}, not {dst.suffix}"
            )
        drawn = Stats(keep_boxes=True) if verify else None
        pipeline = self._pipeline(video=True, extra=drawn)
        runner = pipeline if decisions is None else Replay(decisions, drawn)

        def process(frames: Iterator[np.ndarray]) -> Iterator[np.ndarray]:
            for out in runner.stream(frames):
                report.height, report.width = out.shape[:2]
                yield out

        report.frames = transcode(
            src,
            dst,
            process,
            keep_audio=self.options.keep_audio,
            settings=self.options.encode,
            progress=progress,
            clock=clock,
            keep=self.options.keep_metadata,
        )
        if verify:  # every detector on each checked frame, as on a still photo
            report.leftovers = [
                found_in(r, index)
                for index, frame in verification.video_frames(dst)
                for r in verification.leftovers(frame, pipeline.detect, drawn.boxes[index])
            ]
        if decisions is not None:
            report.regions = decisions.found()
        else:
            report.regions = found_by(pipeline.tracker, report.frames, report.width, report.height)

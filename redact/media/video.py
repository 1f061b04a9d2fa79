"""Videos through PyAV: decode upright RGB frames, re-encode H.264 with nothing but pixels and,
if asked, the original audio packets.

Timestamps are copied frame by frame, so variable frame rate survives; the output has the same
number of frames as the input. No container or stream metadata is copied.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from redact._ahead import ahead
from redact._clock import Clock
from redact.errors import InputError, OutputError
from redact.media.atomic import atomic_output

StreamFn = Callable[[Iterator[np.ndarray]], Iterator[np.ndarray]]
ProgressFn = Callable[[int, int], None]


X264_PRESETS = (
    "ultrafast",
    "superfast",
    "veryfast",
    "faster",
    "fast",
    "medium",
    "slow",
    "slower",
    "veryslow",
)


@dataclass
class EncodeSettings:
    """x264 settings: ``crf`` (0-51, lower is better and bigger) and ``preset`` (slower is
    smaller at the same quality). The defaults were chosen with ``benchmarks/video.py``."""

    crf: int = 20
    preset: str = "veryfast"

    def __post_init__(self) -> None:
        if not 0 <= self.crf <= 51:
            raise ValueError(f"crf must be between 0 and 51, got {self.crf}")
        if self.preset not in X264_PRESETS:
            raise ValueError(
                f"preset must be one of {', '.join(X264_PRESETS)}, got {self.preset!r}"
            )


def upright(frame: av.VideoFrame, rgb: np.ndarray) -> np.ndarray:  # noqa: F821
    """Apply the frame's display rotation (counter-clockwise degrees) to its pixels."""
    turns = round((frame.rotation or 0) / 90) % 4
    return np.ascontiguousarray(np.rot90(rgb, k=turns)) if turns else rgb


def even(rgb: np.ndarray) -> np.ndarray:
    """Pad odd dimensions by one edge row/column: 4:2:0 H.264 needs even sizes."""
    h, w = rgb.shape[:2]
    if h % 2 == 0 and w % 2 == 0:
        return rgb
    return np.pad(rgb, ((0, h % 2), (0, w % 2), (0, 0)), mode="edge")


def _open_input(src: Path) -> av.container.InputContainer:  # noqa: F821
    import av

    try:
        container = av.open(str(src), mode="r", metadata_errors="ignore")
    except FileNotFoundError as exc:
        raise InputError("no such file") from exc
    except av.FFmpegError as exc:
        raise InputError(f"not a readable video ({exc.strerror or exc})") from exc
    if not container.streams.video:
        container.close()
        raise InputError("no video stream")
    if container.streams.video[0].codec_context is None:  # FFmpeg has no decoder for it
        container.close()
        raise InputError("unsupported video codec")
    return container


def read_frames(src: Path) -> Iterator[np.ndarray]:
    """Every frame of a video, upright, as RGB arrays, in order."""
    import av

    container = _open_input(src)
    try:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for frame in container.decode(stream):
            yield upright(frame, frame.to_ndarray(format="rgb24"))
    except av.FFmpegError as exc:
        raise InputError(f"video is damaged ({exc.strerror or exc})") from exc
    finally:
        container.close()


def frame_count(stream: av.video.stream.VideoStream) -> int:  # noqa: F821
    """The number of frames the container says it has, or an estimate (0 if unknown)."""
    if stream.frames:
        return int(stream.frames)
    if stream.duration and stream.time_base and stream.average_rate:
        return int(float(stream.duration * stream.time_base) * float(stream.average_rate))
    return 0


def transcode(
    src: Path,
    dst: Path,
    process: StreamFn,
    *,
    keep_audio: bool = False,
    settings: EncodeSettings | None = None,
    progress: ProgressFn | None = None,
    clock: Clock | None = None,
    keep: frozenset[str] = frozenset(),
) -> int:
    """Decode ``src``, pass its upright RGB frames through ``process``, encode ``dst``.

    ``process`` takes the iterator of input frames and yields exactly one output frame per input
    frame, in order (it may run some frames behind). Returns the number of frames written. No
    metadata is copied but the fields named in ``keep`` (only ``language`` applies to video).

    Any decoding error fails the whole file and nothing is written: a video whose frames cannot
    all be read (a damaged frame, a file cut short) is not redacted partially. The decoder is told
    to stop at the first damaged frame instead of hiding the damage, which could also hide a
    face from the detectors.

    Raises:
        InputError: ``src`` is not a readable video, or is damaged or cut short.
        OutputError: ``dst`` cannot be written.
        TimeLimitError: ``clock`` ran out (checked between frames).
    """
    import av

    settings = settings or EncodeSettings()
    clock = clock or Clock(None)
    inp = _open_input(src)
    try:
        vin = inp.streams.video[0]
        vin.thread_type = "AUTO"
        vin.codec_context.options = {"err_detect": "explode"}
        ain = inp.streams.audio[0] if (keep_audio and inp.streams.audio) else None
        with atomic_output(dst) as tmp:
            try:
                container = "mov" if dst.suffix.lower() == ".mov" else "mp4"
                out = av.open(str(tmp), mode="w", format=container)
            except av.FFmpegError as exc:
                raise OutputError(f"cannot write {dst.name}: {exc}") from exc
            with out:
                writer = _Writer(out, vin, ain, settings, keep)
                stages = _Stages(inp, [s for s in (vin, ain) if s is not None], ain, writer)
                written = stages.run(process, progress, frame_count(vin), clock)
                if written == 0:
                    raise InputError("no decodable video frames")
        return written
    finally:
        inp.close()


_END = object()


class _EncoderFailed(Exception):
    """The encoder stopped with an error (raised from `_Transcode.run`)."""


class _Stages:
    """Decoding, the frame pipeline and encoding, overlapped in three threads.

    The decoder thread fills one bounded queue, the caller's thread runs the frame pipeline
    between the queues, and the encoder thread drains the other, so memory stays flat whatever the
    clip's length. onnxruntime, FFmpeg's decoders and x264 release the GIL, so the stages run at
    the same time. Audio packets travel with the frames, in order, to the one thread that muxes.
    """

    QUEUE = 8  # frames each queue holds at most...
    QUEUE_MB = 64  # ... and at most about this much (two 4K frames; eight 1080p ones)

    def __init__(self, inp, streams, ain, writer: _Writer) -> None:
        self.inp, self.streams, self.ain, self.writer = inp, streams, ain, writer
        video = streams[0].codec_context
        frame_bytes = max(1, (video.width or 1) * (video.height or 1) * 3)
        size = max(2, min(self.QUEUE, self.QUEUE_MB * 2**20 // frame_bytes))
        self.size = size
        self.to_encode: queue.Queue = queue.Queue(size)
        self.stop = threading.Event()
        self.errors: list[BaseException] = []
        self.written = 0

    def _put(self, q: queue.Queue, item: object) -> bool:
        while not self.stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _decoded(self) -> Iterator[tuple]:
        """The input's audio packets and upright video frames, in order (run by `ahead` in
        a thread of its own)."""
        import av

        count = packets = 0
        vin = self.streams[0]
        try:
            for packet in self.inp.demux(self.streams):
                if packet.stream is self.ain:
                    yield ("audio", packet)
                    continue
                packets += packet.size > 0
                for frame in packet.decode():
                    yield ("video", frame.pts, upright(frame, frame.to_ndarray(format="rgb24")))
                    count += 1
        except av.FFmpegError as exc:
            raise InputError(
                f"video is damaged after frame {count} ({exc.strerror or exc})"
            ) from exc
        # An MP4 cut short at a frame boundary reads as a shorter video: its index still lists
        # every frame (frames an edit list skips are read too, and only not shown).
        if vin.frames and packets < vin.frames:
            raise InputError(f"video is cut short: {packets} of its {vin.frames} frames")

    def _encode(self, progress: ProgressFn | None, total: int) -> None:
        import av

        done = False
        try:
            while True:
                item = self.to_encode.get()
                if item is _END:
                    done = True
                    break
                if item[0] == "audio":
                    self.writer.audio(item[1])
                    continue
                self.writer.video(item[1], item[2])
                self.written += 1
                if progress is not None:
                    progress(self.written, max(total, self.written))
            if self.written and not self.stop.is_set():
                self.writer.finish()
        except av.FFmpegError as exc:
            self.errors.append(OutputError(f"cannot encode: {exc}"))
        except BaseException as exc:
            self.errors.append(exc)
        finally:
            if not done:  # failed: make the other stages give up, and drain until the end
                self.stop.set()
                while self.to_encode.get() is not _END:
                    pass

    def run(
        self,
        process: StreamFn,
        progress: ProgressFn | None,
        total: int,
        clock: Clock,
    ) -> int:
        timestamps: deque[int | None] = deque()

        def poll() -> None:
            clock.check()
            if self.stop.is_set():  # the encoder failed; its error is raised below
                raise _EncoderFailed

        def frames() -> Iterator[np.ndarray]:
            decoded = ahead(self._decoded(), self.size, "redact-decode", poll)
            with contextlib.closing(decoded):  # stops the decoder thread however this ends
                for item in decoded:
                    clock.check()
                    if item[0] == "audio":
                        self._put(self.to_encode, item)
                        continue
                    timestamps.append(item[1])
                    yield item[2]

        encoder = threading.Thread(
            target=self._encode, args=(progress, total), name="redact-encode", daemon=True
        )
        encoder.start()
        source = frames()
        try:
            for rgb in process(source):
                if not self._put(self.to_encode, ("video", timestamps.popleft(), rgb)):
                    break  # the encoder failed; its error is raised below
            if timestamps and not self.errors:
                raise RuntimeError("the frame pipeline dropped frames")
        except _EncoderFailed:
            pass
        except BaseException:
            self.stop.set()
            raise
        finally:
            self.to_encode.put(_END)
            encoder.join()
            with contextlib.suppress(ValueError):  # still running in a stopped stage's thread
                source.close()
        if self.errors:
            raise self.errors[0]
        return self.written


class _Writer:
    """The output container: created lazily at the first frame, when its upright size is known."""

    def __init__(self, out, vin, ain, settings: EncodeSettings, keep: frozenset[str]) -> None:
        self.out, self.vin, self.ain, self.settings, self.keep = out, vin, ain, settings, keep
        self.vout = None
        self.aout = None
        self.pending_audio: list = []
        self.last_pts: int | None = None

    def _open(self, rgb: np.ndarray) -> None:
        from fractions import Fraction

        rate = self.vin.average_rate or self.vin.guessed_rate or Fraction(30)
        self.vout = self.out.add_stream("libx264", rate=rate)
        self.vout.width, self.vout.height = rgb.shape[1], rgb.shape[0]
        self.vout.pix_fmt = "yuv420p"
        self.vout.time_base = self.vin.time_base
        self.vout.codec_context.time_base = self.vin.time_base
        self.vout.options = {"crf": str(self.settings.crf), "preset": self.settings.preset}
        pairs = [(self.vin, self.vout)]
        if self.ain is not None:
            self.aout = self.out.add_stream_from_template(self.ain)
            pairs.append((self.ain, self.aout))
        for src, dst in pairs:
            dst.metadata.clear()
            language = src.metadata.get("language")
            if "language" in self.keep and language and language != "und":
                dst.metadata["language"] = language
        for packet in self.pending_audio:
            self._mux_audio(packet)
        self.pending_audio.clear()

    def audio(self, packet) -> None:
        if packet.dts is None:
            return
        if self.vout is None:
            self.pending_audio.append(packet)
        else:
            self._mux_audio(packet)

    def _mux_audio(self, packet) -> None:
        packet.stream = self.aout
        self.out.mux(packet)

    def video(self, pts: int | None, rgb: np.ndarray) -> None:
        import av
        import cv2

        if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
            raise ValueError(f"frames to encode must be RGB uint8, got {rgb.dtype} {rgb.shape}")
        rgb = even(rgb)
        if self.vout is None:
            self._open(rgb)
        elif (rgb.shape[1], rgb.shape[0]) != (self.vout.width, self.vout.height):
            raise ValueError("every frame of a video must have the same size")
        # OpenCV's RGB -> I420 is about ten times faster than PyAV's own conversion.
        yuv = cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420)
        frame = av.VideoFrame.from_ndarray(yuv, format="yuv420p")
        if pts is None or (self.last_pts is not None and pts <= self.last_pts):
            pts = 0 if self.last_pts is None else self.last_pts + 1
        self.last_pts = pts
        frame.pts = pts
        frame.time_base = self.vin.time_base
        self.out.mux(self.vout.encode(frame))

    def finish(self) -> None:
        self.out.mux(self.vout.encode(None))

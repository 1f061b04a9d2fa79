"""Videos through PyAV: decode upright RGB frames, re-encode H.264 with nothing but pixels and,
if asked, the original audio packets.

Timestamps are copied frame by frame, so variable frame rate survives; the output has the same
number of frames as the input. No container or stream metadata is copied.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from redact.errors import InputError, OutputError
from redact.media.atomic import atomic_output

log = logging.getLogger("redact")

StreamFn = Callable[[Iterator[np.ndarray]], Iterator[np.ndarray]]
ProgressFn = Callable[[int, int], None]


@dataclass
class EncodeSettings:
    """x264 settings: ``crf`` (lower is better and bigger) and ``preset`` (slower is smaller)."""

    crf: int = 20
    preset: str = "veryfast"


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
    return container


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
) -> int:
    """Decode ``src``, pass its upright RGB frames through ``process``, encode ``dst``.

    ``process`` takes the iterator of input frames and yields exactly one output frame per input
    frame, in order (it may run some frames behind). Returns the number of frames written.

    Any decoding error fails the whole file and nothing is written: a video whose frames cannot
    all be read is not redacted partially.

    Raises:
        InputError: ``src`` is not a readable video.
        OutputError: ``dst`` cannot be written.
    """
    import av

    settings = settings or EncodeSettings()
    inp = _open_input(src)
    try:
        vin = inp.streams.video[0]
        vin.thread_type = "AUTO"
        ain = inp.streams.audio[0] if (keep_audio and inp.streams.audio) else None
        total = frame_count(vin)
        with atomic_output(dst) as tmp:
            try:
                container = "mov" if dst.suffix.lower() == ".mov" else "mp4"
                out = av.open(str(tmp), mode="w", format=container)
            except av.FFmpegError as exc:
                raise OutputError(f"cannot write {dst.name}: {exc}") from exc
            with out:
                writer = _Writer(out, vin, ain, settings)
                timestamps: deque[int | None] = deque()
                streams = [s for s in (vin, ain) if s is not None]

                def frames() -> Iterator[np.ndarray]:
                    try:
                        for packet in inp.demux(streams):
                            if packet.stream is ain:
                                writer.audio(packet)
                                continue
                            for frame in packet.decode():
                                timestamps.append(frame.pts)
                                yield upright(frame, frame.to_ndarray(format="rgb24"))
                    except av.FFmpegError as exc:
                        raise InputError(
                            f"video is corrupt after frame {len(timestamps)}: {exc}"
                        ) from exc

                written = 0
                try:
                    for rgb in process(frames()):
                        writer.video(timestamps.popleft(), rgb)
                        written += 1
                        if progress is not None:
                            progress(written, max(total, written))
                except av.FFmpegError as exc:  # decoding errors became InputError in frames()
                    raise OutputError(f"cannot encode {dst.name}: {exc}") from exc
                if written == 0:
                    raise InputError("no decodable video frames")
                if timestamps:
                    raise RuntimeError("the frame pipeline dropped frames")
                try:
                    writer.finish()
                except av.FFmpegError as exc:
                    raise OutputError(f"cannot encode {dst.name}: {exc}") from exc
        return written
    finally:
        inp.close()


class _Writer:
    """The output container: created lazily at the first frame, when its upright size is known."""

    def __init__(self, out, vin, ain, settings: EncodeSettings) -> None:
        self.out, self.vin, self.ain, self.settings = out, vin, ain, settings
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
        if self.ain is not None:
            self.aout = self.out.add_stream_from_template(self.ain)
            self.aout.metadata.clear()
        self.vout.metadata.clear()
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

        rgb = even(rgb)
        if self.vout is None:
            self._open(rgb)
        frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
        if pts is None or (self.last_pts is not None and pts <= self.last_pts):
            pts = 0 if self.last_pts is None else self.last_pts + 1
        self.last_pts = pts
        frame.pts = pts
        frame.time_base = self.vin.time_base
        self.out.mux(self.vout.encode(frame))

    def finish(self) -> None:
        self.out.mux(self.vout.encode(None))

from fractions import Fraction

import av
import numpy as np
import pytest

from redact._clock import Clock
from redact.errors import InputError, TimeLimitError
from redact.media.video import transcode

BANNED_TAGS = {
    "location",
    "location-eng",
    "creation_time",
    "make",
    "model",
    "title",
    "comment",
    "com.apple.quicktime.location.ISO6709",
    "com.apple.quicktime.make",
    "com.apple.quicktime.model",
}


def identity(frames):
    yield from frames


def timestamps(path):
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        return [float(f.pts * s.time_base) for f in c.decode(s)]


def audio_payloads(path):
    with av.open(str(path)) as c:
        if not c.streams.audio:
            return None
        return [bytes(p) for p in c.demux(c.streams.audio[0]) if p.size]


@pytest.fixture(scope="module")
def plain(samples, tmp_path_factory):
    out = tmp_path_factory.mktemp("v") / "plain.mp4"
    transcode(samples / "clip.mp4", out, identity)
    return out


def test_same_frames_and_timestamps_as_the_input(samples, plain):
    assert timestamps(plain) == pytest.approx(timestamps(samples / "clip.mp4"), abs=1e-3)


def test_audio_is_dropped_by_default(plain):
    with av.open(str(plain)) as c:
        assert [s.type for s in c.streams] == ["video"]


def test_keep_audio_copies_the_audio_packets_unchanged(samples, tmp_path):
    out = tmp_path / "audio.mp4"
    transcode(samples / "clip.mp4", out, identity, keep_audio=True)
    assert audio_payloads(out) == audio_payloads(samples / "clip.mp4")


@pytest.mark.parametrize(
    ("keep_audio", "suffix"), [(False, ".mp4"), (True, ".mp4"), (True, ".mov")]
)
def test_no_location_date_or_device_metadata_survives(samples, tmp_path, keep_audio, suffix):
    with av.open(str(samples / "clip.mp4")) as c:
        assert BANNED_TAGS & set(c.metadata), (
            "the sample should carry metadata for this to mean anything"
        )
    out = tmp_path / f"m{suffix}"
    transcode(samples / "clip.mp4", out, identity, keep_audio=keep_audio)
    with av.open(str(out)) as c:
        assert not (BANNED_TAGS & set(c.metadata))
        for s in c.streams:
            assert not (BANNED_TAGS & set(s.metadata)), s.type
        assert {s.type for s in c.streams} <= {"video", "audio"}
    data = out.read_bytes()
    assert b"TestPhone" not in data and b"+51.5000" not in data


def test_rotation_is_applied_to_the_pixels_and_the_output_is_upright(samples, truth, tmp_path):
    expected = truth["clip_rotated.mp4"]
    seen = []

    def record(frames):
        for f in frames:
            seen.append(f.shape)
            yield f

    out = tmp_path / "r.mp4"
    transcode(samples / "clip_rotated.mp4", out, record)
    assert seen[0][:2] == (expected["height"], expected["width"])
    with av.open(str(out)) as c:
        frame = next(c.decode(video=0))
        assert (frame.height, frame.width) == seen[0][:2]
        assert not frame.rotation


def make_vfr(path, gaps):
    with av.open(str(path), "w") as c:
        s = c.add_stream("libx264", rate=30)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        s.codec_context.time_base = Fraction(1, 1000)
        pts = 0
        for i, gap in enumerate(gaps):
            f = av.VideoFrame.from_ndarray(np.full((48, 64, 3), i * 10 % 255, np.uint8), "rgb24")
            f.pts, f.time_base = pts, Fraction(1, 1000)
            c.mux(s.encode(f))
            pts += gap
        c.mux(s.encode(None))


def test_variable_frame_rate_timestamps_are_kept(tmp_path):
    src = tmp_path / "vfr.mp4"
    make_vfr(src, [33, 33, 100, 17, 250, 33, 66, 33])
    out = tmp_path / "out.mp4"
    assert transcode(src, out, identity) == 8
    assert timestamps(out) == pytest.approx(timestamps(src), abs=1e-3)


def test_odd_frame_sizes_are_padded_to_even(tmp_path):
    src = tmp_path / "odd.mp4"
    make_vfr(src, [33] * 3)

    def crop(frames):
        for f in frames:
            yield f[:47, :63]

    out = tmp_path / "out.mp4"
    transcode(src, out, crop)
    with av.open(str(out)) as c:
        assert c.streams.video[0].codec_context.width == 64


@pytest.mark.parametrize(
    ("content", "error"),
    [(b"", "not a readable video"), (b"\xff\xd8\xff\xe0 not really a jpeg", "readable|damaged")],
)
def test_when_the_input_is_not_a_video_then_input_error_and_no_output(tmp_path, content, error):
    src = tmp_path / "bad.mp4"
    src.write_bytes(content)
    with pytest.raises(InputError, match=error):
        transcode(src, tmp_path / "out.mp4", identity)
    assert [p.name for p in tmp_path.iterdir()] == ["bad.mp4"]


def test_when_the_container_has_no_video_stream_then_input_error(tmp_path):
    src = tmp_path / "sound.m4a"
    with av.open(str(src), "w", format="mp4") as c:
        s = c.add_stream("aac", rate=8000)
        frame = av.AudioFrame.from_ndarray(
            np.zeros((1, 1024), np.float32), format="fltp", layout="mono"
        )
        frame.sample_rate = 8000
        c.mux(s.encode(frame))
        c.mux(s.encode(None))
    with pytest.raises(InputError, match="no video stream"):
        transcode(src, tmp_path / "out.mp4", identity)
    assert not (tmp_path / "out.mp4").exists()


def test_when_the_video_is_truncated_then_nothing_is_written(samples, tmp_path):
    data = (samples / "clip.mp4").read_bytes()
    src = tmp_path / "cut.mp4"
    src.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError):
        transcode(src, tmp_path / "out.mp4", identity)
    assert [p.name for p in tmp_path.iterdir()] == ["cut.mp4"]


def noise_clip(path, frames=40, faststart=False):
    """A small clip of random pixels (big frames, so a cut can land between two of them)."""
    rng = np.random.default_rng(0)
    with av.open(str(path), "w", options={"movflags": "faststart"} if faststart else {}) as c:
        s = c.add_stream("libx264", rate=30)
        s.width, s.height, s.pix_fmt = 96, 64, "yuv420p"
        for _ in range(frames):
            rgb = rng.integers(0, 255, (64, 96, 3), np.uint8)
            c.mux(s.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")))
        c.mux(s.encode(None))
    return path


def video_packets(path):
    with av.open(str(path)) as c:
        return [(p.pos, p.size) for p in c.demux(c.streams.video[0]) if p.size]


def test_when_frames_in_the_middle_are_damaged_then_nothing_is_written(tmp_path):
    src = noise_clip(tmp_path / "damaged.mp4")
    data = bytearray(src.read_bytes())
    pos, size = video_packets(src)[20]
    data[pos + 10 : pos + size] = np.random.default_rng(1).bytes(size - 10)
    src.write_bytes(bytes(data))
    with pytest.raises(InputError, match="damaged after frame"):
        transcode(src, tmp_path / "out.mp4", identity)
    assert [p.name for p in tmp_path.iterdir()] == ["damaged.mp4"]


def test_when_a_video_with_its_index_in_front_is_cut_between_frames_then_nothing_is_written(
    tmp_path,
):
    src = noise_clip(tmp_path / "front.mp4", faststart=True)
    data = src.read_bytes()
    assert data.find(b"moov") < data.find(b"mdat")  # the index comes first
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: video_packets(src)[25][0]])  # exactly before frame 25
    with pytest.raises(InputError, match="cut short: 25 of its 40 frames"):
        transcode(cut, tmp_path / "out.mp4", identity)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cut.mp4", "front.mp4"]


def test_when_the_time_limit_passes_then_it_stops_and_nothing_is_written(samples, tmp_path):
    import time

    def slow(frames):
        for f in frames:
            time.sleep(0.05)
            yield f

    start = time.monotonic()
    with pytest.raises(TimeLimitError, match="time limit of 0.3 s"):
        transcode(samples / "clip.mp4", tmp_path / "out.mp4", slow, clock=Clock(0.3))
    assert time.monotonic() - start < 3
    assert list(tmp_path.iterdir()) == []


def test_when_the_frame_pipeline_fails_midway_then_the_error_surfaces_and_nothing_is_written(
    samples, tmp_path
):
    def failing(frames):
        for i, f in enumerate(frames):
            if i == 10:
                raise ValueError("detector exploded")
            yield f

    with pytest.raises(ValueError, match="exploded"):
        transcode(samples / "clip.mp4", tmp_path / "out.mp4", failing)
    assert list(tmp_path.iterdir()) == []


def test_when_encoding_fails_midway_then_the_error_surfaces_and_nothing_is_written(
    samples, tmp_path
):
    def broken(frames):
        for i, f in enumerate(frames):
            yield f if i < 5 else f[..., 0]  # not an RGB frame: the encoder thread refuses it

    with pytest.raises(ValueError):
        transcode(samples / "clip.mp4", tmp_path / "out.mp4", broken)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("bad", [{"crf": 52}, {"crf": -1}, {"preset": "quick"}])
def test_encoder_settings_are_checked(bad):
    from redact.media.video import EncodeSettings

    with pytest.raises(ValueError):
        EncodeSettings(**bad)

"""A corpus of bad and odd files, made here, through the CLI: every bad file gets one line naming
it, exit status 1 and no output; odd but valid files are redacted."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from redact.cli import EXIT_FAILED, EXIT_USAGE, main

SECRET = b"Jane Smith NHS 943 476 5919"


def _tiny_video(path: Path, codec: str = "libx264", frames: int = 3, **options) -> Path:
    with av.open(str(path), "w", **options) as c:
        s = c.add_stream(codec, rate=10)
        s.width, s.height, s.pix_fmt = 32, 32, "yuv420p"
        for k in range(frames):
            rgb = np.random.default_rng(k).integers(0, 255, (32, 32, 3), np.uint8)
            c.mux(s.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")))
        c.mux(s.encode(None))
    return path


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _huge_png(path: Path) -> Path:
    """A PNG whose header claims 50,000 x 50,000 pixels: refused before anything is decoded."""
    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0)
    data = _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + data + _png_chunk(b"IEND", b""))
    return path


def _unknown_codec(path: Path) -> Path:
    """A Matroska file whose video track names a codec FFmpeg does not know."""
    _tiny_video(path.with_suffix(".tmp.mkv"), codec="ffv1")
    data = path.with_suffix(".tmp.mkv").read_bytes()
    path.with_suffix(".tmp.mkv").unlink()
    path.write_bytes(data.replace(b"V_FFV1", b"V_QQQQ"))
    return path


def _audio_only(path: Path) -> Path:
    with av.open(str(path), "w") as c:
        s = c.add_stream("aac", rate=8000)
        silence = np.zeros((1, 1024), np.float32)
        frame = av.AudioFrame.from_ndarray(silence, format="fltp", layout="mono")
        frame.sample_rate = 8000
        c.mux(s.encode(frame))
        c.mux(s.encode(None))
    return path


def _cut(src: Path, dst: Path, fraction: float) -> Path:
    data = src.read_bytes()
    dst.write_bytes(data[: int(len(data) * fraction)])
    return dst


BAD = {
    "zero-byte JPEG": (lambda d, s: _write(d / "empty.jpg", b""), "not a readable image"),
    "zero-byte PNG": (lambda d, s: _write(d / "empty.png", b""), "not a readable image"),
    "zero-byte MP4": (lambda d, s: _write(d / "empty.mp4", b""), "not a readable video"),
    "text named .jpg": (lambda d, s: _write(d / "notes.jpg", b"hello " * 20), "readable image"),
    "JPEG named .mp4": (
        lambda d, s: _write(d / "photo.mp4", (s / "people.jpg").read_bytes()),
        "the file is an image",
    ),
    "truncated JPEG": (lambda d, s: _cut(s / "people.jpg", d / "cut.jpg", 0.5), "image"),
    "truncated PNG": (lambda d, s: _cut(_png(d / "whole.png"), d / "cut.png", 0.5), "image"),
    "MP4 cut, index at the end": (
        lambda d, s: _cut(s / "clip.mp4", d / "cut.mp4", 0.6),
        "readable video",
    ),
    "MP4 cut, index in front": (
        lambda d, s: _cut(
            _tiny_video(d / "fs.mp4", frames=30, options={"movflags": "faststart"}),
            d / "cut.mp4",
            0.6,
        ),
        "video is",
    ),
    "unknown video codec": (lambda d, s: _unknown_codec(d / "odd.mkv"), "unsupported video codec"),
    "no video stream": (lambda d, s: _audio_only(d / "sound.mp4"), "no video stream"),
    "huge dimensions": (lambda d, s: _huge_png(d / "huge.png"), "megapixel limit"),
    "missing path": (lambda d, s: d / "gone.jpg", "no such file"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _png(path: Path) -> Path:
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 255, (64, 64, 3), np.uint8)).save(path)
    return path


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_file_gets_one_line_exit_1_and_no_output(case, samples, tmp_path, capsys):
    make, message = BAD[case]
    src = make(tmp_path, samples)
    before = _listing(tmp_path)
    assert main([str(src)]) == EXIT_FAILED
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith(f"redact: {src}: ") and message in err[0], err[0]
    assert "Traceback" not in err[0] and "unexpected error" not in err[0]
    assert _listing(tmp_path) == before  # no output, no temporary file, the input untouched


def test_the_batch_goes_on_past_every_bad_file_and_counts_them(samples, tmp_path, capsys):
    bad = tmp_path / "bad"
    bad.mkdir()
    for make, _ in BAD.values():
        make(bad, samples)
    (bad / "people.jpg").write_bytes((samples / "people.jpg").read_bytes())
    out = tmp_path / "out"
    assert main([str(bad), "-o", str(out), "-q"]) == EXIT_FAILED
    err = capsys.readouterr().err.strip().splitlines()
    inputs = list(bad.iterdir())
    good = {"people.jpg", "whole.png", "fs.mp4"}  # the last two are what cut files were cut from
    assert err[-1] == f"redact: {len(inputs) - len(good)} of {len(inputs)} files failed"
    assert len(err) == len(inputs) - len(good) + 1
    assert {p.name for p in out.rglob("*") if p.is_file()} == good


def test_odd_but_valid_images_are_redacted(tmp_path, capsys):
    rng = np.random.default_rng(0)
    odd = tmp_path / "odd"
    odd.mkdir()
    Image.fromarray(rng.integers(0, 255, (40, 30), np.uint8)).save(odd / "grey.png")
    Image.fromarray(rng.integers(0, 255, (40, 30, 4), np.uint8)).save(odd / "rgba.png")
    Image.fromarray((rng.integers(0, 65535, (40, 30))).astype(np.uint16)).save(odd / "deep.png")
    Image.new("RGB", (1, 1), (200, 10, 10)).save(odd / "dot.png")
    Image.fromarray(rng.integers(0, 255, (3000, 20, 3), np.uint8)).save(odd / "tall.png")
    Image.fromarray(rng.integers(0, 255, (60, 80, 3), np.uint8)).save(odd / "q5.jpg", quality=5)
    out = tmp_path / "out"
    assert main([str(odd), "-o", str(out), "-q"]) == 0, capsys.readouterr().err
    for src in odd.iterdir():
        with Image.open(src) as a, Image.open(out / src.name) as b:
            assert b.size == a.size and b.mode in ("RGB", "RGBA")


def test_an_output_folder_that_is_a_file_is_bad_usage(samples, tmp_path, capsys):
    target = tmp_path / "out.jpg"
    target.write_bytes(b"not a folder")
    inputs = [str(samples / "people.jpg"), str(samples / "ward.jpg")]
    assert main([*inputs, "-o", str(target)]) == EXIT_USAGE
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is a file" in err[0]
    assert target.read_bytes() == b"not a folder"


def test_an_output_under_a_file_gets_one_line(samples, tmp_path, capsys):
    (tmp_path / "blocker").write_bytes(b"x")
    dst = tmp_path / "blocker" / "sub" / "out.jpg"
    assert main([str(samples / "people.jpg"), "-o", str(dst)]) == EXIT_FAILED
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Traceback" not in err[0]


def _lock(folder: Path) -> list[str] | None:
    """Make ``folder`` unwritable: chmod, or for root (whom chmod does not stop) the immutable
    flag. The command that undoes it, or None if neither works here."""
    folder.chmod(0o555)
    if not _writable(folder):
        return ["chmod", "755", str(folder)]
    folder.chmod(0o755)
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0:
        if not _writable(folder):
            return ["chattr", "-i", str(folder)]
        subprocess.run(["chattr", "-i", str(folder)])
    return None


def _writable(folder: Path) -> bool:
    try:
        (folder / ".probe").write_bytes(b"")
    except OSError:
        return False
    (folder / ".probe").unlink()
    return True


def test_an_unwritable_output_folder_gets_one_line(samples, tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    unlock = _lock(locked)
    if unlock is None:
        pytest.skip("cannot make a folder unwritable here")
    try:
        assert main([str(samples / "people.jpg"), "-o", str(locked / "o.jpg")]) == EXIT_FAILED
    finally:
        subprocess.run(unlock, check=True)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot write in" in err[0] and "Traceback" not in err[0]
    assert list(locked.iterdir()) == []


FULL_DISK = """
import resource, signal, sys
from redact.cli import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize(("name", "limit"), [("people.jpg", 20_000), ("clip.mp4", 40_000)])
def test_when_the_disk_fills_up_then_one_line_and_no_partial_output(samples, tmp_path, name, limit):
    """The kernel refuses writes past a size limit, as it would on a full disk."""
    out = tmp_path / f"out{Path(name).suffix}"
    cmd = [sys.executable, "-c", FULL_DISK, str(limit), str(samples / name), "-o", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == EXIT_FAILED, done.stderr
    err = [line for line in done.stderr.splitlines() if line.startswith("redact:")]
    assert len(err) == 1 and "Traceback" not in done.stderr, done.stderr
    assert list(tmp_path.iterdir()) == []


def test_attachments_and_data_in_the_input_never_reach_the_output(tmp_path):
    src = tmp_path / "attached.mkv"
    with av.open(str(src), "w") as c:
        c.add_attachment("notes.txt", "text/plain", SECRET)
        s = c.add_stream("libx264", rate=10)
        s.width, s.height, s.pix_fmt = 32, 32, "yuv420p"
        for _ in range(3):
            rgb = np.zeros((32, 32, 3), np.uint8)
            c.mux(s.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")))
        c.mux(s.encode(None))
    assert SECRET in src.read_bytes()
    out = tmp_path / "out.mp4"
    assert main([str(src), "-o", str(out), "--keep-audio", "-q"]) == 0
    with av.open(str(out)) as c:
        assert [s.type for s in c.streams] == ["video"]
    assert SECRET not in out.read_bytes()

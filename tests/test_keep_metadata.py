"""--keep-metadata: only the named harmless fields survive; everything else is still removed."""

import av
import numpy as np
import pytest
from PIL import Image, ImageCms

from redact.cli import main
from redact.media import keepable
from redact.media.image import read_image, write_image
from redact.media.video import transcode


@pytest.fixture
def tagged_jpeg(tmp_path):
    """A JPEG with a colour profile, a print resolution, GPS and a device make."""
    path = tmp_path / "tagged.jpg"
    exif = Image.Exif()
    exif[0x010F] = "TestPhone"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", (32, 24), (90, 120, 150)).save(
        path, exif=exif, icc_profile=icc, dpi=(300, 300)
    )
    return path, icc


@pytest.mark.parametrize("keep", [frozenset(), frozenset({"icc"}), frozenset({"icc", "dpi"})])
def test_a_photo_keeps_exactly_the_fields_named(tagged_jpeg, tmp_path, keep):
    src, icc = tagged_jpeg
    out = tmp_path / "out.jpg"
    write_image(read_image(src), out, keep=keep)
    with Image.open(out) as im:
        assert not im.getexif()
        assert (im.info.get("icc_profile") == icc) == ("icc" in keep)
        assert (tuple(round(v) for v in im.info.get("dpi", ())) == (300, 300)) == ("dpi" in keep)
    assert b"TestPhone" not in out.read_bytes()


def test_a_video_keeps_the_track_language_only_when_asked(tmp_path):
    src = tmp_path / "lang.mp4"
    with av.open(str(src), "w") as c:
        c.metadata["title"] = "Ward 7"
        s = c.add_stream("libx264", rate=10)
        s.width, s.height, s.pix_fmt = 32, 32, "yuv420p"
        s.metadata["language"] = "eng"
        for _ in range(3):
            frame = av.VideoFrame.from_ndarray(np.zeros((32, 32, 3), np.uint8), format="rgb24")
            c.mux(s.encode(frame))
        c.mux(s.encode(None))
    for keep, language in [(frozenset(), "und"), (frozenset({"language"}), "eng")]:
        out = tmp_path / f"out{len(keep)}.mp4"
        transcode(src, out, lambda frames: frames, keep=keep)
        with av.open(str(out)) as c:
            assert c.streams.video[0].metadata.get("language", "und") == language
            assert "title" not in c.metadata


@pytest.mark.parametrize("field", ["gps", "exif", "creation_time", "make", "icc,location"])
def test_fields_that_are_not_harmless_cannot_be_kept(field, capsys):
    with pytest.raises(ValueError, match="only icc, dpi, language"):
        keepable(field)
    with pytest.raises(SystemExit) as exc:
        main(["x.jpg", "--keep-metadata", field])
    assert exc.value.code == 2
    assert "cannot keep metadata" in capsys.readouterr().err


def test_the_cli_passes_the_fields_through(tagged_jpeg, tmp_path):
    src, icc = tagged_jpeg
    out = tmp_path / "cli.jpg"
    assert main([str(src), "-o", str(out), "--keep-metadata", "icc", "-q"]) == 0
    with Image.open(out) as im:
        assert im.info.get("icc_profile") == icc and "dpi" not in im.info

import numpy as np
import pytest
from PIL import Image

from redact.errors import InputError, OutputError
from redact.media.atomic import atomic_output
from redact.media.image import Photo, read_image, write_image


def test_exif_orientation_is_applied_before_anything_else(samples, truth):
    photo = read_image(samples / "people_rotated.jpg")
    expected = truth["people_rotated.jpg"]
    assert photo.rgb.shape == (expected["height"], expected["width"], 3)


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".webp"])
def test_written_images_carry_no_metadata(samples, tmp_path, suffix):
    src = Image.open(samples / "people.jpg")
    assert src.getexif(), "the sample should carry EXIF for this test to mean anything"
    out = tmp_path / f"out{suffix}"
    write_image(read_image(samples / "people.jpg"), out)
    with Image.open(out) as im:
        assert not im.getexif()
        assert not ({"exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment"} & set(im.info))
        assert not getattr(im, "text", {})
    assert b"TestPhone" not in out.read_bytes()


def test_alpha_is_kept_for_png(tmp_path):
    rgba = np.zeros((8, 8, 4), np.uint8)
    rgba[..., 3] = np.arange(8, dtype=np.uint8)[None, :] * 30
    Image.fromarray(rgba).save(tmp_path / "a.png")
    photo = read_image(tmp_path / "a.png")
    write_image(photo, tmp_path / "b.png")
    assert np.array_equal(np.asarray(Image.open(tmp_path / "b.png"))[..., 3], rgba[..., 3])


@pytest.mark.parametrize(
    "make",
    [
        lambda: Image.fromarray(np.arange(64, dtype=np.uint8).reshape(8, 8)),  # grey
        lambda: Image.fromarray((np.arange(64, dtype=np.uint16) * 1000).reshape(8, 8)),  # 16-bit
        lambda: Image.new("P", (8, 8)),  # palette
        lambda: Image.new("RGB", (1, 1)),  # 1x1
        lambda: Image.new("CMYK", (4, 4)),
    ],
)
def test_odd_but_valid_images_read_as_rgb(tmp_path, make):
    im = make()
    path = tmp_path / ("x.jpg" if im.mode == "CMYK" else "x.png")
    im.save(path)
    rgb = read_image(path).rgb
    assert rgb.dtype == np.uint8 and rgb.ndim == 3 and rgb.shape[2] == 3


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "not a readable image"),
        (b"hello, this is text", "not a readable image"),
    ],
)
def test_when_the_file_is_not_an_image_then_input_error(tmp_path, content, error):
    path = tmp_path / "bad.jpg"
    path.write_bytes(content)
    with pytest.raises(InputError, match=error):
        read_image(path)


def test_when_a_jpeg_is_truncated_then_input_error(samples, tmp_path):
    data = (samples / "people.jpg").read_bytes()
    (tmp_path / "cut.jpg").write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError):
        read_image(tmp_path / "cut.jpg")


def test_when_an_image_exceeds_the_pixel_limit_then_input_error(tmp_path, monkeypatch):
    Image.new("RGB", (40, 40)).save(tmp_path / "big.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(InputError, match="megapixel limit"):
        read_image(tmp_path / "big.png")


def test_when_the_suffix_is_not_an_image_format_then_output_error(tmp_path):
    with pytest.raises(OutputError, match="cannot write images as .gif"):
        write_image(Photo(np.zeros((4, 4, 3), np.uint8)), tmp_path / "x.gif")
    assert list(tmp_path.iterdir()) == []


def test_atomic_output_leaves_nothing_behind_on_error(tmp_path):
    dst = tmp_path / "out.jpg"
    with pytest.raises(RuntimeError), atomic_output(dst) as tmp:
        tmp.write_bytes(b"partial")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_atomic_output_gets_the_mode_of_any_new_file(tmp_path):
    # The temporary file is made 0600; the output must not stay readable by its owner only.
    import os

    umask = os.umask(0o022)
    os.umask(umask)
    dst = tmp_path / "out.jpg"
    with atomic_output(dst) as tmp:
        tmp.write_bytes(b"x")
    assert dst.stat().st_mode & 0o777 == 0o666 & ~umask


def test_atomic_output_into_a_missing_folder_is_an_output_error(tmp_path):
    with (
        pytest.raises(OutputError, match="does not exist"),
        atomic_output(tmp_path / "no" / "x.jpg"),
    ):
        pass

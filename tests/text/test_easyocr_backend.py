"""The optional EasyOCR backend, with its real weights (skipped where easyocr is not installed)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("easyocr")
pytest.importorskip("easyocr_en_models")

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from redact.errors import ModelError
from redact.regions import Regions
from redact.text.easyocr_backend import (
    EasyOcrReader,
    _import,
    expected_md5,
    verify_weights,
    weights_dir,
)

LINES = ("Mr Peter Jones", "NHS 999 000 0018")


def squash(text) -> str:
    return "".join(str(text).lower().split())


def rendered(lines=LINES, size=40) -> np.ndarray:
    font = ImageFont.load_default(size)
    img = Image.new("RGB", (760, 100 * len(lines) + 40), "white")
    draw = ImageDraw.Draw(img)
    for k, line in enumerate(lines):
        draw.text((40, 40 + 100 * k), line, font=font, fill=(20, 20, 20))
    return np.asarray(img)


@pytest.fixture(scope="module")
def ocr():
    with EasyOcrReader() as reader:
        yield reader


def test_weights_come_from_the_offline_package_and_match_easyocrs_md5():
    folder = weights_dir()
    assert sorted(expected_md5()) == ["craft_mlt_25k.pth", "english_g2.pth"]
    assert verify_weights(folder) == {name: folder / name for name in expected_md5()}


def test_finds_and_reads_a_rendered_name_and_nhs_number(ocr):
    frame = rendered()
    lines = ocr.detect(frame)
    assert len(lines) >= 2
    assert set(lines.kind) == {"text"}
    read = ocr.read(frame, lines)
    assert len(read) == len(lines)
    np.testing.assert_array_equal(read.xyxy, lines.xyxy)
    texts = {squash(t) for t in read.text}
    assert {squash(line) for line in LINES} <= texts, f"read {list(read.text)}"


def test_regions_keep_their_polygons(ocr):
    frame = rendered()
    lines = ocr.read(frame, ocr.detect(frame))
    h, w = frame.shape[:2]
    for box, polygon in zip(lines.xyxy, lines.polygon):
        quad = np.asarray(polygon)
        assert quad.shape == (4, 2)
        np.testing.assert_allclose(quad.min(axis=0), box[:2])
        np.testing.assert_allclose(quad.max(axis=0), box[2:])
        assert quad[0, 0] < quad[1, 0] and quad[0, 1] < quad[3, 1]  # tl, tr, br, bl
    assert (lines.xyxy >= 0).all() and (lines.xyxy[:, [0, 2]] <= w).all()
    assert (lines.xyxy[:, [1, 3]] <= h).all()
    # every line drawn lies inside one detected box
    for k in range(len(LINES)):
        y = 40 + 100 * k + 20
        assert any(b[0] <= 45 and b[1] <= y <= b[3] for b in lines.xyxy)


def test_reads_a_tilted_line_through_its_polygon(ocr):
    font = ImageFont.load_default(40)
    layer = Image.new("L", (700, 300), 0)
    ImageDraw.Draw(layer).text((150, 120), LINES[0], font=font, fill=255)
    x1, y1, x2, y2 = layer.getbbox()
    angle = 12.0
    tilted = layer.rotate(angle, resample=Image.BICUBIC, center=(350, 150))
    frame = np.full((300, 700, 3), 255, np.uint8)
    frame[np.asarray(tilted) > 128] = 20
    # the text box's corners, turned like the text (PIL turns anticlockwise, y points down)
    pad = 6
    corners = np.array(
        [[x1 - pad, y1 - pad], [x2 + pad, y1 - pad], [x2 + pad, y2 + pad], [x1 - pad, y2 + pad]],
        np.float32,
    )
    t = np.deg2rad(angle)
    rot = np.array([[np.cos(t), np.sin(t)], [-np.sin(t), np.cos(t)]], np.float32)
    quad = (corners - [350, 150]) @ rot.T + [350, 150]
    polygons = np.empty(1, dtype=object)
    polygons[:] = [quad.astype(np.float32)]
    region = Regions(
        xyxy=np.hstack([quad.min(axis=0), quad.max(axis=0)])[None], kind="text", polygon=polygons
    )
    assert squash(ocr.read(frame, region).text[0]) == squash(LINES[0])


def test_keeps_every_box_even_when_nothing_is_read(ocr):
    frame = rendered()
    blank = Regions(
        xyxy=np.array([[600, 200, 700, 230], [10, 10, 10, 30], [50, 40, 400, 90]], np.float32),
        kind="text",
    )
    read = ocr.read(frame, blank)
    assert len(read) == 3
    np.testing.assert_array_equal(read.xyxy, blank.xyxy)
    assert read.text[1] == ""  # an empty box cannot be read, but it stays
    assert squash(read.text[2]) == squash(LINES[0])


def test_a_blank_frame_has_no_text(ocr):
    frame = np.full((240, 320, 3), 255, np.uint8)
    lines = ocr.detect(frame)
    assert len(lines) == 0
    assert len(ocr.read(frame, lines)) == 0


def test_rejects_frames_that_are_not_rgb_uint8(ocr):
    with pytest.raises(ValueError, match="uint8"):
        ocr.detect(np.zeros((20, 20, 3), np.float32))
    with pytest.raises(ValueError, match="RGB"):
        ocr.detect(np.zeros((20, 20), np.uint8))


def copy_weights(target: Path) -> Path:
    for name in expected_md5():
        shutil.copyfile(weights_dir() / name, target / name)
    return target


@pytest.mark.parametrize("name", ["english_g2.pth", "craft_mlt_25k.pth"])
def test_a_tampered_weight_file_is_refused_by_name(tmp_path, name):
    folder = copy_weights(tmp_path)
    verify_weights(folder)  # an exact copy passes
    path = folder / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=name.replace(".", r"\.")):
        EasyOcrReader(model_dir=folder)


def test_a_missing_weight_file_is_refused(tmp_path):
    shutil.copyfile(weights_dir() / "craft_mlt_25k.pth", tmp_path / "craft_mlt_25k.pth")
    with pytest.raises(ModelError, match=r"english_g2\.pth"):
        EasyOcrReader(model_dir=tmp_path)


def test_a_reader_writes_nothing_outside_its_weights_and_closes(tmp_path):
    home_cache = Path.home() / ".EasyOCR"
    existed = home_cache.exists()
    folder = copy_weights(tmp_path)
    path_before = list(sys.path)
    with EasyOcrReader(model_dir=folder, threads=1) as reader:
        assert len(reader.detect(rendered(LINES[:1]))) >= 1
    assert sorted(p.name for p in folder.iterdir()) == sorted(expected_md5())
    assert sys.path == path_before
    assert existed or not home_cache.exists()
    with pytest.raises(ValueError, match="closed"):
        reader.detect(rendered())
    reader.close()  # twice is fine


def test_negative_threads_are_refused():
    with pytest.raises(ValueError, match="threads"):
        EasyOcrReader(threads=-1)


def test_a_missing_dependency_names_the_extra():
    with pytest.raises(ImportError, match=r'pip install "redact\[easyocr\]"'):
        _import("redact_no_such_module")


def test_on_the_ward_photo_easyocr_covers_every_identifier_the_default_covers(samples):
    """The letter's postcode, town and e-mail lines were once left readable by this backend
    alone: every identifier of samples/ward.jpg that PP-OCR fills, EasyOCR fills too."""
    import json

    from redact import Fill, Redactor
    from tests.helpers import MAGENTA
    from tests.helpers import filled_fraction as filled

    before = np.asarray(Image.open(samples / "ward.jpg").convert("RGB"))
    items = json.loads((samples / "text_truth.json").read_text())["ward.jpg"]["items"]
    pii = [i for i in items if i["kind"] == "pii"]
    paint = Fill(color=MAGENTA, mask="box")
    covered = {}
    for ocr in ("ppocr", "easyocr"):
        with Redactor(text_operator=paint, ocr=ocr) as r:
            after, _ = r.redact_image(before)
        covered[ocr] = {i["text"] for i in pii if filled(after, i["box"]) >= 0.9}
    assert covered["ppocr"] and covered["ppocr"] <= covered["easyocr"], (
        covered["ppocr"] - covered["easyocr"]
    )
    for text in ("B81 3LT", "paul.williams@example.org"):
        assert any(text in t for t in covered["easyocr"]), text

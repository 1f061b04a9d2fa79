"""Text redaction on the project's generated hospital scenes, judged on the pixels."""

import json

import numpy as np
import pytest

from redact import Fill, Redactor
from tests.helpers import MAGENTA, video_frames
from tests.helpers import changed_fraction as changed
from tests.helpers import filled_fraction as filled

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def text_truth(samples):
    path = samples / "text_truth.json"
    if not path.exists():
        pytest.skip("no text samples")
    return json.loads(path.read_text())


@pytest.fixture(scope="module")
def magenta_redactor():
    with Redactor(text_operator=Fill(color=MAGENTA, mask="box")) as r:
        yield r


def test_every_identifier_in_the_ward_photo_is_filled_and_signs_stay(
    samples, text_truth, magenta_redactor
):
    from PIL import Image

    before = np.asarray(Image.open(samples / "ward.jpg").convert("RGB"))
    after, _ = magenta_redactor.redact_image(before)
    items = text_truth["ward.jpg"]["items"]
    missed = [i["text"] for i in items if i["kind"] == "pii" and filled(after, i["box"]) < 0.9]
    assert missed == []
    signs = [i for i in items if i["kind"] == "sign"]
    kept = [i for i in signs if changed(before, after, i["box"]) < 0.05]
    assert len(kept) >= 0.9 * len(signs), [i["text"] for i in signs if i not in kept]


def test_identifiers_are_filled_in_every_frame_of_the_ward_clip(
    samples, text_truth, magenta_redactor, tmp_path
):
    out = tmp_path / "ward.mp4"
    magenta_redactor.redact_file(samples / "ward_clip.mp4", out)
    before, after = video_frames(samples / "ward_clip.mp4"), video_frames(out)
    frames = text_truth["ward_clip.mp4"]["frames"]
    assert len(after) == len(frames)
    pii = [(i, item) for i, items in enumerate(frames) for item in items if item["kind"] == "pii"]
    covered = [filled(after[i], item["box"]) >= 0.9 for i, item in pii]
    assert np.mean(covered) >= 0.98
    signs = [
        (i, item) for i, items in enumerate(frames) for item in items if item["kind"] == "sign"
    ]
    kept = [changed(before[i], after[i], item["box"]) < 0.05 for i, item in signs]
    assert np.mean(kept) >= 0.9


def test_the_report_names_entities_but_never_the_text(samples, text_truth, tmp_path):
    from redact.cli import main

    report = tmp_path / "r.json"
    assert (
        main(
            [
                str(samples / "ward.jpg"),
                "-o",
                str(tmp_path / "w.jpg"),
                "--report",
                str(report),
                "-q",
            ]
        )
        == 0
    )
    data = report.read_text()
    kinds = {r["kind"] for r in json.loads(data)["files"][0]["regions"]}
    assert {"person", "date", "nhs_number"} <= kinds
    for item in text_truth["ward.jpg"]["items"]:
        if item["kind"] == "pii" and len(item["text"]) > 3:
            assert item["text"] not in data


def _small_tilted_list(angle: float) -> tuple[np.ndarray, list[np.ndarray]]:
    """A 4032x3024 photo with a five-row patient list of 8 px x-height type in one corner,
    turned by ``angle`` degrees: the list a phone catches across a room. Returns the photo
    and each row's four corners."""
    import cv2
    from PIL import Image, ImageDraw, ImageFont

    rows = [
        "OKAFOR, Yetunde 19-AUG-2011",
        "Hughes, T.  RJ1 3104260",
        "PRICE, Anita M407834",
        "NOWAK, Wojciech 03/04/52",
        "LINDQVIST, Sten K31205451",
    ]
    font = ImageFont.load_default(size=16)  # about 8 px from baseline to the top of an "x"
    sheet = Image.new("RGB", (330, 150), (246, 246, 240))
    draw = ImageDraw.Draw(sheet)
    boxes = []
    for k, text in enumerate(rows):
        draw.text((12, 10 + 27 * k), text, font=font, fill=(25, 25, 35))
        boxes.append(draw.textbbox((12, 10 + 27 * k), text, font=font))
    photo = np.full((3024, 4032, 3), (120, 128, 118), np.uint8)
    turn = cv2.getRotationMatrix2D((165, 75), angle, 1.0)
    turn[:, 2] += (3400, 2600)  # the far corner of the room
    warped = cv2.warpAffine(np.asarray(sheet), turn, (4032, 3024), borderValue=(0, 0, 0))
    mask = cv2.warpAffine(np.full((150, 330), 255, np.uint8), turn, (4032, 3024))
    photo[mask > 0] = warped[mask > 0]
    corners = [
        cv2.transform(np.array([[[x1, y1], [x2, y1], [x2, y2], [x1, y2]]], np.float64), turn)[0]
        for x1, y1, x2, y2 in boxes
    ]
    return photo, corners


@pytest.mark.parametrize("angle", [0.0, 25.0])
def test_small_tilted_type_in_a_12_megapixel_photo_is_read_and_filled(magenta_redactor, angle):
    import cv2

    photo, corners = _small_tilted_list(angle)
    after, _ = magenta_redactor.redact_image(photo)
    for quad in corners:
        inside = np.zeros(photo.shape[:2], np.uint8)
        cv2.fillConvexPoly(inside, np.round(quad).astype(np.int32), 1)
        painted = (np.abs(after.astype(int) - MAGENTA).max(axis=2) < 8)[inside > 0]
        assert painted.mean() >= 0.9

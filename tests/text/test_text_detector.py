"""Real OCR models on real images (Presidio's X-rays) and on synthetic rows."""

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from redact.regions import Regions
from redact.text.codes import CodeDetector
from redact.text.detector import PiiTextDetector

PRESIDIO = Path(__file__).resolve().parents[3] / "shared" / "data" / "external" / "presidio"
needs_presidio = pytest.mark.skipif(not PRESIDIO.is_dir(), reason="../shared/data not present")


@pytest.fixture(scope="module")
def pii():
    with PiiTextDetector() as det:
        yield det


def read(det, name):
    img = np.asarray(Image.open(PRESIDIO / name).convert("RGB"))
    lines = det.reader.read(img, det.lines.detect(img))
    return dict(zip(map(_squeeze, lines.text), det.classify(lines)))


def _squeeze(text: str) -> str:
    """Text without spaces: whether OCR reads "DOB:06" or "DOB: 06" is not what is tested."""
    return "".join(text.split())


@needs_presidio
@pytest.mark.parametrize(
    ("image", "redacted", "kept"),
    [
        (
            "dcm_0.png",
            {"DAVIDSON DOUGLAS [M] 01.09.2012", "DOB:06.16.1976"},
            {"Portable", "Semi-Upright"},
        ),
        ("dcm_2.png", {"KAUFMAN SCOTT [M] 03.09.2012", "DOB:07.22.1943"}, set()),
        (
            "kwargs_test.jpg",
            {"His phone number is 202-555-0121.", "John Smith lives in New York."},
            set(),
        ),
    ],
)
def test_real_images_lose_their_identifiers_and_keep_their_annotations(pii, image, redacted, kept):
    kinds = read(pii, image)
    redacted, kept = {_squeeze(t) for t in redacted}, {_squeeze(t) for t in kept}
    assert redacted <= set(kinds), f"OCR did not read: {redacted - set(kinds)}"
    assert all(kinds[t] is not None for t in redacted)
    assert all(kinds[t] is None for t in kept)


def lines(*rows):
    """Regions for text lines given as (text, x1, y1, x2, y2)."""
    return Regions(
        xyxy=np.array([r[1:] for r in rows], np.float32),
        kind="text",
        text=np.array([r[0] for r in rows], dtype=object),
    )


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # a label and a name read as two boxes on one row
        ([("Name:", 10, 10, 80, 40), ("Peter Jones", 90, 10, 250, 40)], [None, "person"]),
        # the label on the row above
        ([("Patient", 10, 10, 120, 40), ("HUGHES, Mark", 10, 50, 200, 80)], [None, "person"]),
        # a badge: name above the role
        ([("Sarah Khan", 10, 10, 200, 50), ("Staff Nurse", 10, 60, 160, 90)], ["person", None]),
        # signs stay
        ([("Radiology", 10, 10, 200, 50), ("Fire exit", 400, 300, 500, 330)], [None, None]),
        # a number split over two boxes
        (
            [("NHS 943 476", 10, 10, 150, 40), ("5919", 160, 10, 210, 40)],
            ["nhs_number", "nhs_number"],
        ),
    ],
)
def test_rows_give_context_across_boxes(pii, rows, expected):
    assert pii.classify(lines(*rows)) == expected


def test_all_mode_fills_every_line_but_allowed_ones():
    with PiiTextDetector(mode="all", allow=["Radiology"]) as det:
        assert det.classify(
            lines(("Radiology", 0, 0, 90, 20), ("Fire exit", 0, 40, 90, 60), ("", 0, 80, 90, 99))
        ) == [
            None,
            "text",
            "text",  # unreadable text is still text
        ]


def test_deny_list_catches_what_recognisers_miss_and_allow_list_wins():
    with PiiTextDetector(deny=["Bluebell"], allow=["Radiology"]) as det:
        assert det.classify(lines(("bluebel", 0, 0, 90, 20), ("Radiology", 0, 40, 90, 60))) == [
            "deny_list",
            None,
        ]


def test_qr_codes_are_found():
    qr = cv2.QRCodeEncoder.create().encode("RTH1234567")
    qr = cv2.resize(qr, None, fx=8, fy=8, interpolation=cv2.INTER_NEAREST)
    frame = np.full((400, 500, 3), 255, np.uint8)
    frame[60 : 60 + qr.shape[0], 100 : 100 + qr.shape[1]] = qr[..., None]
    found = CodeDetector().detect(frame)
    assert len(found) >= 1 and found.kind[0] == "code"
    from redact.regions import box_iou

    placed = np.array([[100, 60, 100 + qr.shape[1], 60 + qr.shape[0]]], np.float32)
    assert box_iou(found.xyxy[:1], placed)[0, 0] > 0.6


def test_the_off_mode_needs_no_detector():
    with pytest.raises(ValueError, match="off"):
        PiiTextDetector(mode="off")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("545 8837", True),  # the end of an NHS number
        ("SON, Sarah", True),  # a surname cut before its comma
        (", Claire", True),
        ("Michael", True),
        ("Ward 7B", False),
        ("Your appointment details are belc", False),
        ("nt", False),
    ],
)
def test_a_line_cut_by_the_frame_edge_is_judged_as_a_fragment(text, expected):
    from redact.text.detector import _fragment

    assert _fragment(text) is expected


def test_a_number_running_off_the_frame_edge_is_filled_but_not_one_inside(pii):
    frame = np.full((120, 400, 3), 255, np.uint8)
    cv2.putText(frame, "545 8837", (-4, 50), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
    cv2.putText(frame, "545 8837", (150, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
    found = pii.detect(frame)
    assert found.kind.tolist() == ["fragment"]
    assert found.xyxy[0][0] <= 3

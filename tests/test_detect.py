"""Real models on the bundled sample photo."""

import numpy as np
import pytest
from PIL import Image

from redact.detect import BlazeFace, CenterFace, Ensemble, YuNet
from redact.regions import box_iou
from tests.conftest import xywh_to_xyxy


@pytest.fixture(scope="module")
def people(samples):
    return np.asarray(Image.open(samples / "people.jpg").convert("RGB"))


def recall(found, truth_xywh, iou=0.3) -> float:
    ious = box_iou(xywh_to_xyxy(truth_xywh), found.xyxy)
    return float((ious.max(axis=1) >= iou).mean()) if len(found) else 0.0


def test_default_ensemble_finds_every_face_in_the_sample_photo(face_detector, people, truth):
    assert recall(face_detector.detect(people), truth["people.jpg"]["boxes"]) == 1.0


def test_centerface_finds_every_face_in_the_sample_photo(people, truth):
    with CenterFace() as det:
        assert recall(det.detect(people), truth["people.jpg"]["boxes"]) == 1.0


def test_blazeface_finds_the_large_faces(people, truth):
    large = [b for b in truth["people.jpg"]["boxes"] if b[2] >= 100]
    with BlazeFace("full") as det:
        assert recall(det.detect(people), large) == 1.0


def test_blazeface_boxes_fit_the_large_faces(people, truth):
    """The boxes are decoded against the right anchors and mapped back out of the letterbox: each
    large face gets a box that overlaps it by half or more."""
    large = xywh_to_xyxy([b for b in truth["people.jpg"]["boxes"] if b[2] >= 100])
    with BlazeFace("full") as det:
        found = det.detect(people)
    assert (box_iou(large, found.xyxy).max(axis=1) >= 0.5).all()


@pytest.mark.parametrize("model", ["full", "short"])
def test_blazeface_undoes_the_letterbox_of_a_portrait_frame(people, truth, model):
    """A portrait crop is padded left and right, not top and bottom: the face in it is still
    found where it is."""
    left = 400
    crop = np.ascontiguousarray(people[:, left : left + 480])  # 480 x 720, portrait
    face = xywh_to_xyxy([b for b in truth["people.jpg"]["boxes"] if b[2] >= 200])
    face -= [left, 0, left, 0]
    with BlazeFace(model) as det:
        found = det.detect(crop)
    assert len(found) and box_iou(face, found.xyxy).max() >= 0.5


@pytest.mark.parametrize("model", ["full", "short"])
def test_blazeface_has_one_anchor_per_model_output_row(model):
    from redact.detect.blazeface import _SPECS, anchors

    with BlazeFace(model) as det:
        rows = det._net.get_output_details()[0]["shape"][1]
    assert len(anchors(_SPECS[model])) == rows


def test_weighted_nms_merges_overlapping_boxes_into_their_score_weighted_mean():
    from redact.detect.blazeface import weighted_nms

    boxes = np.array([[0, 0, 10, 10], [1, 1, 11, 11], [50, 50, 60, 60]], np.float32)
    merged, scores = weighted_nms(boxes, np.array([0.9, 0.3, 0.5], np.float32))
    assert len(merged) == 2
    np.testing.assert_allclose(merged[0], [0.25, 0.25, 10.25, 10.25], atol=1e-5)
    np.testing.assert_allclose(merged[1], boxes[2])
    np.testing.assert_allclose(scores, [0.9, 0.5])


@pytest.mark.parametrize(
    "make", [lambda: BlazeFace("full"), lambda: BlazeFace("short"), CenterFace, YuNet]
)
def test_when_the_frame_is_blank_then_no_face_is_found(make):
    with make() as det:
        assert len(det.detect(np.full((360, 640, 3), 128, np.uint8))) == 0


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        (np.zeros((10, 10, 3), np.float32), "uint8"),
        (np.zeros((10, 10), np.uint8), "RGB"),
        (np.zeros((10, 10, 4), np.uint8), "RGB"),
        (np.zeros((0, 10, 3), np.uint8), "empty"),
    ],
)
def test_when_the_frame_is_malformed_then_value_error(face_detector, frame, error):
    with pytest.raises(ValueError, match=error):
        face_detector.detect(frame)


def test_a_closed_detector_refuses_work_and_closes_twice_quietly():
    det = CenterFace()
    det.close()
    det.close()
    with pytest.raises(ValueError, match="closed"):
        det.detect(np.zeros((32, 32, 3), np.uint8))


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda: BlazeFace("medium"), "model must be one of"),
        (lambda: BlazeFace(threshold=2), "threshold"),
        (lambda: BlazeFace(threads=0), "threads"),
        (lambda: CenterFace(threshold=1.5), "threshold"),
        (lambda: CenterFace(scales=()), "scales"),
        (lambda: Ensemble([]), "at least one"),
        (lambda: YuNet(threshold=0), "threshold"),
        (lambda: YuNet(scales=(0.0,)), "scales"),
        (lambda: YuNet(max_side=8), "max_side"),
    ],
)
def test_bad_options_fail_early(make, error):
    with pytest.raises(ValueError, match=error):
        make()


def test_centerface_boxes_follow_the_frame_when_resized(people, truth):
    """Scaling is undone exactly: the same faces at half size give half-size boxes."""
    half = np.asarray(Image.fromarray(people).resize((640, 360)))
    with CenterFace(scales=(2.0,), max_side=4096) as det:
        full, small = det.detect(people), det.detect(half)
    ious = box_iou(full.xyxy / 2, small.xyxy).max(axis=1)
    assert (ious > 0.6).mean() > 0.8


def test_centerface_reads_a_frame_once_when_its_scales_are_capped_alike(people):
    """On a large photo the cap brings all three passes to one size: one read, keeping what
    each pass would keep, not three reads of the same picture."""
    from redact.detect.centerface import DEFAULT_SCALES
    from redact.regions import Regions

    cap = max(people.shape[:2]) // 4  # every factor (0.5, 1 and 2) capped to a quarter
    det = CenterFace(max_side=cap)
    reads = []
    read = det._detect_at
    det._detect_at = lambda frame, scale: reads.append(scale) or read(frame, scale)
    found = det.detect(people)
    assert reads == [pytest.approx(cap / max(people.shape[:2]))]
    # The same boxes as reading it once for each pass and merging.
    each = [CenterFace(scales=[p], max_side=cap).detect(people) for p in DEFAULT_SCALES]
    expected = Regions.merge(each).nms(0.3)
    assert len(found) == len(expected) > 0
    assert sorted(map(tuple, found.xyxy.round(2))) == sorted(map(tuple, expected.xyxy.round(2)))


def test_the_int8_centerface_finds_every_face_the_float_one_finds(people, truth):
    with CenterFace(scales=(1.0,)) as exact:
        float_faces = exact.detect(people)
        int8 = exact.rescaled((1.0,), int8=True)
        int8_faces = int8.detect(people)
    assert recall(int8_faces, truth["people.jpg"]["boxes"]) == 1.0
    assert (box_iou(float_faces.xyxy, int8_faces.xyxy).max(axis=1) >= 0.5).all()
    assert int8.int8 and not exact.int8  # a rescaled copy does not change the original


def test_the_video_profiles_run_int8_models_and_photos_the_float_ones():
    from redact import Redactor

    with Redactor() as r:
        video = r._pipeline(video=True).detectors
        photo = r._pipeline().detectors
        centerface = [
            d.detector for d in video if isinstance(getattr(d, "detector", None), CenterFace)
        ]
        assert [c.int8 for c in centerface] == [True]
        assert r.video_text_detector is not r.text_detector
        assert all(not d.int8 for d in photo[0].detectors if isinstance(d, CenterFace))
        assert r.video_text_detector.lines.int8 and r.video_text_detector.reader.int8
        assert not r.text_detector.lines.int8 and not r.text_detector.reader.int8
    with Redactor(profile="thorough") as r:
        assert not r.video_text_detector.lines.int8 and not r.video_text_detector.reader.int8


def test_yunet_finds_the_faces_of_the_sample_photo_at_twice_its_size(people, truth):
    with YuNet(scales=(2.0,)) as det:
        found = det.detect(people)
    assert recall(found, truth["people.jpg"]["boxes"]) == 1.0
    assert (found.kind == "face").all() and (found.score >= 0.5).all()


def test_yunet_decodes_as_opencv_does(people):
    """redact decodes YuNet's grids itself; OpenCV's FaceDetectorYN runs the same file with its
    own decoder: the two find the same faces in the same places."""
    import cv2

    from redact.models import models_dir

    with YuNet(scales=(1.0,)) as det:
        ours = det.detect(people)
    h, w = people.shape[:2]
    opencv = cv2.FaceDetectorYN.create(
        str(models_dir() / "face_detection_yunet_2023mar.onnx"), "", (w, h), 0.5, 0.3, 5000
    )
    _, faces = opencv.detect(np.ascontiguousarray(people[:, :, ::-1]))
    theirs = np.hstack([faces[:, :2], faces[:, :2] + faces[:, 2:4]])
    assert len(ours) == len(theirs) > 0
    assert (box_iou(theirs, ours.xyxy).max(axis=1) > 0.95).all()


def test_yunet_boxes_follow_the_frame_when_resized(people):
    half = np.asarray(Image.fromarray(people).resize((640, 360)))
    with YuNet(scales=(1.0,)) as det:
        full = det.detect(people)
        small = YuNet(scales=(2.0,)).detect(half)
    assert len(full) and (box_iou(full.xyxy / 2, small.xyxy).max(axis=1) > 0.6).all()


def test_yunet_reads_a_large_photo_once_when_its_scales_are_capped_alike():
    """On a 12 MP photo 1x and 2x are both capped to ``max_side`` (and 0.5x is within a fifth
    of the cap): one read, not three of the same picture."""
    det = YuNet(scales=(0.5, 1.0, 2.0), max_side=2048)
    assert det._factors((3024, 4032)) == [pytest.approx(2048 / 4032)]
    assert det._factors((720, 1280)) == [pytest.approx(1.6), 1.0, 0.5]

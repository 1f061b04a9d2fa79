"""--verify: a second search of the output, with the real models."""

import json

import numpy as np
import pytest
from PIL import Image

from redact import Redactor, Stats
from redact.cli import EXIT_OK, main
from redact.report import FileReport, Found
from redact.verify import leftovers


@pytest.fixture(scope="module")
def people(samples):
    return np.asarray(Image.open(samples / "people.jpg").convert("RGB"))


def test_faces_nobody_covered_are_leftovers(people, face_detector):
    found = leftovers(people, face_detector.detect, np.empty((0, 4)))
    assert (found.kind == "face").sum() >= 3


def test_faces_under_what_was_drawn_are_not_leftovers(people, face_detector):
    faces = face_detector.detect(people)
    assert not len(leftovers(people, face_detector.detect, faces.scaled(1.5).xyxy))


def test_a_face_left_uncovered_is_the_one_reported(people, face_detector):
    faces = face_detector.detect(people).nms(0.3)
    order = np.argsort(faces.xyxy[:, 0])
    missed = faces[int(order[0])]
    drawn = faces[order[1:]].scaled(1.5).xyxy
    found = leftovers(people, face_detector.detect, drawn)
    assert len(found) >= 1
    centres = (found.xyxy[:, :2] + found.xyxy[:, 2:]) / 2
    x1, y1, x2, y2 = missed.xyxy[0]
    assert all(x1 <= cx <= x2 and y1 <= cy <= y2 for cx, cy in centres)


def test_a_clean_redaction_verifies_with_exit_0_and_an_empty_list(samples, tmp_path, capsys):
    report = tmp_path / "r.json"
    argv = [str(samples / "people.jpg"), "-o", str(tmp_path / "o.jpg"), "--verify"]
    assert main([*argv, "--report", str(report)]) == EXIT_OK
    assert "--verify" not in capsys.readouterr().err
    assert json.loads(report.read_text())["files"][0]["leftovers"] == []


def test_without_verify_the_report_says_nothing_was_checked(samples, tmp_path):
    with Redactor() as r:
        report = r.redact_file(samples / "people.jpg", tmp_path / "o.jpg")
    assert report.leftovers is None


@pytest.mark.slow
def test_a_video_is_checked_on_its_own_frames(samples, tmp_path):
    stats = Stats(keep_boxes=True)
    with Redactor(text="off", recorder=stats) as r:
        report = r.redact_file(samples / "clip.mp4", tmp_path / "o.mp4", verify=True)
    assert len(stats.boxes) == report.frames  # one set of drawn boxes per output frame
    assert all(0 <= f.first_frame < report.frames for f in report.leftovers)


def test_the_leftover_line_names_what_and_where():
    from redact.cli import _leftovers

    report = FileReport(input="a.mp4", type="video")
    report.leftovers = [
        Found("face", [0, 0, 9, 9], 0.9, 5, 5),
        Found("nhs_number", [0, 0, 9, 9], 0.9, 12, 12),
    ]
    line = _leftovers(report)
    assert "1 face, 1 identifier in frames 5, 12" in line and "review" in line

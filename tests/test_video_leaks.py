"""The leak check on the project's own moving-camera clip: with the default profile (CenterFace
and OCR on a schedule, the tracker in between), no face and no identifier shows in any frame.

samples/motion_clip.mp4 pans, zooms, shakes, whip-pans and cuts over faces and hospital text, and
samples/motion_truth.json has every object's box in every frame. benchmarks/leaks.py runs the same
check on a longer 720p clip and against every-frame detection.
"""

import json

import pytest

from redact import Fill, Redactor
from tests.helpers import MAGENTA, filled_fraction, magenta_fraction, video_frames

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def motion(samples):
    truth = json.loads((samples / "motion_truth.json").read_text())
    return video_frames(samples / "motion_clip.mp4"), truth


@pytest.mark.parametrize("profile", ["balanced"])
def test_no_face_or_identifier_shows_in_any_frame_of_the_moving_camera_clip(motion, profile):
    frames, truth = motion
    with Redactor(
        profile=profile, operator=Fill(color=MAGENTA), text_operator=Fill(color=MAGENTA, mask="box")
    ) as r:
        out = list(r._pipeline(video=True).stream(iter(frames)))
    assert len(out) == len(frames) == truth["frame_count"]
    leaks, scored = [], 0
    for i, items in enumerate(truth["frames"]):
        for item in items:
            obj = truth["objects"][item["id"]]
            w, h = item["box"][2:]
            if not obj["pii"] or item["visible"] < 0.6:
                continue
            if obj["kind"] == "face":
                if min(w, h) < 16:
                    continue
                ok = magenta_fraction(out[i], item["box"]) >= 0.85
            else:
                ok = filled_fraction(out[i], item["box"]) >= 0.9
            scored += 1
            if not ok:
                leaks.append((i, item["id"]))
    assert scored > 700
    assert leaks == []

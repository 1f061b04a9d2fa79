"""The frame pipeline's scheduling, with a detector that reports a fixed script of regions."""

import numpy as np
import pytest

from redact.anonymize import Fill
from redact.pipeline import FramePipeline
from redact.regions import Regions
from tests.helpers import MAGENTA, regions


class Scripted:
    """Finds the box on the frames listed, nothing elsewhere (frames carry their index)."""

    def __init__(self, frames_with_face):
        self.frames_with_face = set(frames_with_face)

    def detect(self, frame):
        index = int(frame[0, 0, 0])
        return regions([40, 40, 60, 60]) if index in self.frames_with_face else Regions.empty()


def frames(n):
    out = []
    for i in range(n):
        f = np.full((100, 100, 3), 0, np.uint8)
        f[0, 0, 0] = i
        out.append(f)
    return out


def covered(frame) -> bool:
    return bool((frame[50, 50] == MAGENTA).all())


@pytest.mark.parametrize("hold", [0, 2, 8])
def test_a_face_is_covered_hold_frames_before_and_after_its_detections(hold):
    pipe = FramePipeline(Scripted({15}), Fill(color=MAGENTA), margin=1.0, hold=hold)
    out = list(pipe.stream(frames(30)))
    assert len(out) == 30
    assert [i for i, f in enumerate(out) if covered(f)] == list(range(15 - hold, 15 + hold + 1))


def test_frames_come_out_in_order_and_all_of_them():
    pipe = FramePipeline(Scripted(set()), Fill(), margin=1.0, hold=5)
    out = list(pipe.stream(frames(12)))
    assert [int(f[0, 0, 0]) for f in out] == list(range(12))


def test_a_face_on_the_first_frame_is_covered_from_the_first_frame():
    pipe = FramePipeline(Scripted({0}), Fill(color=MAGENTA), margin=1.0, hold=3)
    out = list(pipe.stream(frames(6)))
    assert [covered(f) for f in out] == [True, True, True, True, False, False]


def test_the_margin_grows_the_covered_area():
    frame = frames(1)[0]
    tight, _ = FramePipeline(Scripted({1}), Fill(mask="box"), margin=1.0)(frame + 1)
    wide, _ = FramePipeline(Scripted({1}), Fill(mask="box"), margin=2.0)(frame + 1)
    assert (wide == 0).all(axis=2).sum() > (tight == 0).all(axis=2).sum()


def test_a_margin_below_one_is_refused():
    with pytest.raises(ValueError, match="margin"):
        FramePipeline(Scripted(set()), Fill(), margin=0.9)


class Growing:
    """A face entering the picture: seen small at frame 10, whole from frame 11."""

    def detect(self, frame):
        index = int(frame[0, 0, 0])
        if index == 10:
            return regions([80, 40, 100, 50])
        return regions([70, 40, 100, 80]) if index > 10 else Regions.empty()


def test_frames_before_a_face_appears_get_its_later_better_box():
    pipe = FramePipeline(Growing(), Fill(color=MAGENTA, mask="box"), margin=1.0, hold=4)
    out = list(pipe.stream(frames(14)))
    assert (out[8][75, 90] == MAGENTA).all()  # below the first, small box; inside the later one
    assert not (out[5][75, 90] == MAGENTA).all()  # beyond the look-ahead

"""The frame pipeline's scheduling, with a detector that reports a fixed script of regions."""

import numpy as np
import pytest

from redact.anonymize import Fill
from redact.pipeline import FramePipeline
from redact.regions import Regions
from redact.schedule import Scheduled
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


# -- scheduling and camera motion ------------------------------------------------------------------
class Counting:
    """Finds a box at ``box`` on the frames listed and counts the frames it was asked about."""

    def __init__(self, frames_with_face, box=(40, 40, 60, 60)):
        self.frames_with_face, self.box, self.asked = set(frames_with_face), box, []

    def detect(self, frame):
        index = int(frame[0, 0, 0])
        self.asked.append(index)
        return regions(list(self.box)) if index in self.frames_with_face else Regions.empty()


def textured(n, shift=(0, 0), seed=0, size=(200, 300)):
    """Frames of one random picture moving by ``shift`` pixels a frame (index in pixel 0, 0)."""
    import cv2

    rng = np.random.default_rng(seed)
    world = cv2.GaussianBlur(
        rng.integers(0, 255, (size[0] * 2, size[1] * 2, 3), np.uint8), (5, 5), 0
    )
    out = []
    for i in range(n):
        x0, y0 = size[1] // 2 - shift[0] * i, size[0] // 2 - shift[1] * i
        f = np.ascontiguousarray(world[y0 : y0 + size[0], x0 : x0 + size[1]])
        f[0, 0, 0] = i
        out.append(f)
    return out


def test_a_scheduled_detector_runs_on_its_schedule_only():
    slow = Counting(set())
    pipe = FramePipeline([Scripted(set()), Scheduled(slow, every=5)], Fill(), margin=1.0, hold=2)
    assert len(list(pipe.stream(textured(23)))) == 23
    assert slow.asked == [0, 5, 10, 15, 20, 22]  # and the last frame


def test_a_region_a_slow_detector_finds_late_is_drawn_back_over_the_frames_it_missed():
    slow = Counting({10})
    pipe = FramePipeline([Scheduled(slow, every=5)], Fill(color=MAGENTA), margin=1.0, hold=2, lag=1)
    out = list(pipe.stream(textured(20)))
    # Found at 10, taken in at 11 (lag 1): held and drawn back 2 (hold) + 4 (between runs)
    # + 1 (lag) frames from there.
    assert [i for i, f in enumerate(out) if covered(f)] == list(range(4, 19))


class Sleepy(Counting):
    """A slow detector whose run time varies at random."""

    def detect(self, frame):
        import random
        import time

        time.sleep(random.random() * 0.01)
        return super().detect(frame)


def test_the_output_does_not_depend_on_how_long_background_detectors_take():
    runs = []
    for _ in range(3):
        slow = Sleepy({6, 7, 8, 20}, box=(100, 80, 130, 110))
        pipe = FramePipeline(
            [Scripted({3}), Scheduled(slow, every=3)], Fill(color=MAGENTA), margin=1.0, hold=2
        )
        runs.append([hash(f.tobytes()) for f in pipe.stream(textured(30, shift=(2, 1)))])
    assert runs[0] == runs[1] == runs[2]


def test_held_regions_follow_the_camera():
    # The picture moves 3 px right a frame; the face is only found at frame 5.
    pipe = FramePipeline(
        Counting({5}, box=(100, 80, 130, 110)),
        Fill(color=MAGENTA, mask="box"),
        margin=1.0,
        hold=6,
        growth=0.0,
    )
    out = list(pipe.stream(textured(12, shift=(3, 0))))
    for i in (2, 8, 11):  # before (drawn back) and after (held): the box moved with the picture
        x = 115 + 3 * (i - 5)
        assert (out[i][95, x] == MAGENTA).all(), i
        assert not (out[i][95, x - 25] == MAGENTA).all(), i


def test_nothing_is_carried_across_a_cut():
    frames = textured(10, seed=1) + [f // 3 for f in textured(10, seed=2)]  # a darker scene
    for i, f in enumerate(frames):
        f[0, 0, 0] = i
    det = Counting({8, 14})
    slow = Counting(set())
    pipe = FramePipeline([det, Scheduled(slow, every=50)], Fill(color=MAGENTA), margin=1.0, hold=3)
    out = list(pipe.stream(frames))
    # frame 8's face is held to the cut only; frame 14's is drawn back to 11, held to 17
    assert [i for i, f in enumerate(out) if covered(f)] == [
        5,
        6,
        7,
        8,
        9,
        11,
        12,
        13,
        14,
        15,
        16,
        17,
    ]
    assert slow.asked == [0, 9, 10, 19]  # each shot's first and last frames


def test_a_frame_that_matches_nothing_before_it_is_searched_like_a_cut():
    frames = textured(10, seed=1) + textured(10, seed=2)  # same brightness: not seen as a cut
    for i, f in enumerate(frames):
        f[0, 0, 0] = i
    slow = Counting(set())
    pipe = FramePipeline([Scheduled(slow, every=9)], Fill(), margin=1.0, hold=3)
    list(pipe.stream(frames))
    assert slow.asked == [0, 9, 10, 19]  # both sides of the jump, and the last frame


def test_what_comes_into_view_after_the_last_slow_run_of_a_shot_is_still_found():
    frames = textured(10, seed=1) + [f // 3 for f in textured(10, seed=2)]
    for i, f in enumerate(frames):
        f[0, 0, 0] = i
    pipe = FramePipeline(
        [Scheduled(Counting({9}), every=50)], Fill(color=MAGENTA), margin=1.0, hold=3
    )
    out = list(pipe.stream(frames))
    assert [i for i, f in enumerate(out) if covered(f)] == list(range(10))


def test_an_unknown_profile_is_refused():
    from redact import Redactor

    with pytest.raises(ValueError, match="profile"):
        Redactor(profile="quick")


def test_the_look_ahead_stays_within_its_memory_budget():
    taken = []  # frames the pipeline has read when each frame comes out

    def frames():
        for i, f in enumerate(textured(40)):
            taken.append(i)
            yield f

    pipe = FramePipeline(
        [Scheduled(Counting(set()), every=30)], Fill(), margin=1.0, hold=2, lag=3, buffer_mb=0
    )
    out = []
    for f in pipe.stream(frames()):
        out.append((int(f[0, 0, 0]), len(taken)))
    assert [i for i, _ in out] == list(range(40))
    # at most hold + lag + 1 frames (plus the few read ahead) wait at any time, not 2 + 29 + 3
    assert max(n - i for i, n in out) <= 2 + 3 + 1 + 6


class Failing(Counting):
    def detect(self, frame):
        if int(frame[0, 0, 0]) == 6:
            raise RuntimeError("model crashed")
        return super().detect(frame)


@pytest.mark.parametrize("scheduled", [True, False])
def test_a_detector_error_stops_the_stream_with_that_error(scheduled):
    det = Scheduled(Failing(set()), every=3) if scheduled else Failing(set())
    pipe = FramePipeline([det], Fill(), margin=1.0, hold=2)
    with pytest.raises(RuntimeError, match="model crashed"):
        list(pipe.stream(textured(30)))


def test_a_developer_can_redact_a_video_s_frames_with_tracking(samples, truth):
    from redact import Fill, Redactor
    from tests.helpers import magenta_fraction, video_frames

    frames = video_frames(samples / "clip.mp4")[:40]
    with Redactor(operator=Fill(color=MAGENTA), text="off") as r:
        out = list(r.redact_frames(iter(frames)))
    assert len(out) == len(frames)
    boxes = truth["clip.mp4"]["frames"][:40]
    scored = [(i, b) for i, bs in enumerate(boxes) for b in bs if min(b[2:]) >= 16]
    assert all(magenta_fraction(out[i], b) >= 0.85 for i, b in scored)


def test_an_inline_detector_looks_at_every_nth_frame_of_a_shot_and_joins_at_once():
    """An inline detector runs with the camera motion on its own schedule; a face it finds is
    covered on that very frame, with no lag."""
    cheap = Counting({4})
    pipe = FramePipeline([Scheduled(cheap, every=2, inline=True)], Fill(color=MAGENTA), margin=1.0)
    out = list(pipe.stream(textured(9)))
    assert cheap.asked == [0, 2, 4, 6, 8]
    assert covered(out[4])


class Painter:
    """An operator written here: paints every region's box solid green."""

    def __init__(self):
        self.calls = 0

    def apply(self, frame, regions):
        self.calls += 1
        out = frame.copy()
        for x1, y1, x2, y2 in regions.xyxy.astype(int):
            out[max(0, y1) : y2, max(0, x1) : x2] = (0, 255, 0)
        return out


def test_a_developer_s_detector_and_operator_run_on_the_profile_s_schedule():
    """A detector and an operator written in this test plug into Redactor; in video the
    detector looks at the frames the profile's face schedule names (and the last one), and what
    it finds is painted by the operator, carried over the frames in between."""
    from redact import Detector, Operator, Redactor
    from redact.profiles import PROFILES

    mine, painter = Counting({0}, box=(100, 60, 140, 100)), Painter()
    assert isinstance(mine, Detector) and isinstance(painter, Operator)
    with Redactor(detector=mine, operator=painter, text="off", profile="fast", margin=1.0) as r:
        out = list(r.redact_frames(iter(textured(40))))
        assert [type(d) for d in r.video_face_detectors] == [Scheduled]
    assert len(out) == 40
    every = PROFILES["fast"].face_every
    assert mine.asked == [*range(0, 40, every), 39]
    assert painter.calls > 0
    assert (out[0][80, 120] == (0, 255, 0)).all()  # found on frame 0, painted by the operator
    assert (out[3][80, 120] == (0, 255, 0)).all()  # and held on the frames after it


def test_the_profile_sets_how_long_a_face_is_held_unless_the_caller_does():
    from redact import Redactor

    with Redactor(profile="thorough") as r:
        assert r._pipeline(video=True).hold == 30
    with Redactor(profile="thorough", hold=3) as r:
        assert r._pipeline(video=True).hold == 3
    with Redactor() as r:
        assert r._pipeline(video=True).hold == 8

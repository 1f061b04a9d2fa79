import numpy as np
import pytest

from redact.track import Tracker
from tests.helpers import regions


def test_a_region_keeps_its_track_id_while_it_moves():
    tr = Tracker()
    ids = [
        tr.update(regions([10 + 3 * i, 10, 50 + 3 * i, 50]), i).track_id.tolist() for i in range(5)
    ]
    assert ids == [[0]] * 5


def test_two_regions_get_two_tracks():
    tr = Tracker()
    out = tr.update(regions([0, 0, 10, 10], [50, 50, 60, 60]), 0)
    assert sorted(out.track_id.tolist()) == [0, 1]


@pytest.mark.parametrize("hold", [0, 3, 8])
def test_a_track_lives_exactly_hold_frames_after_its_last_detection(hold):
    tr = Tracker(hold=hold)
    tr.update(regions([10, 10, 50, 50]), 0)
    alive = [len(tr.update(regions(), i)) for i in range(1, hold + 3)]
    assert alive == [1] * hold + [0, 0]


def test_a_held_track_moves_on_and_grows():
    tr = Tracker(hold=5)
    for i in range(3):
        tr.update(regions([100 + 10 * i, 100, 140 + 10 * i, 140]), i)
    held = tr.update(regions(), 4).xyxy[0]
    assert (held[0] + held[2]) / 2 > 140  # centre kept moving right
    assert held[2] - held[0] > 40  # and the box grew


def test_a_box_cut_by_the_frame_edge_keeps_its_size():
    tr = Tracker()
    tr.update(regions([0, 100, 40, 140]), 0, frame_size=(640, 360))
    out = tr.update(regions([0, 100, 20, 140]), 1, frame_size=(640, 360))  # half left the frame
    box = out.xyxy[0]
    assert box[2] - box[0] >= 40 and box[0] <= -20 + 1e-3  # full size, reaching past the edge
    assert out.track_id.tolist() == [0]


def test_a_detection_that_disagrees_with_the_track_covers_both():
    tr = Tracker()
    tr.update(regions([100, 100, 140, 140]), 0)
    out = tr.update(regions([110, 100, 150, 140]), 1).xyxy[0]  # off to the right
    assert out[0] <= 100 and out[2] >= 150
    assert tr.tracks()[0].box.tolist() == [110, 100, 150, 140]  # the track itself follows it


def test_a_track_moves_with_the_camera():
    tr = Tracker(hold=3)
    tr.update(regions([100, 100, 140, 140]), 0)
    tr.move(np.array([[1.0, 0, 30], [0, 1.0, -10]]))  # the picture moved 30 px right, 10 up
    held = tr.update(regions(), 1).xyxy[0]
    assert (held[0] + held[2]) / 2 == pytest.approx(150)
    assert (held[1] + held[3]) / 2 == pytest.approx(110)


def test_a_cut_ends_every_track():
    tr = Tracker(hold=10)
    tr.update(regions([100, 100, 140, 140]), 0)
    tr.end_shot()
    assert len(tr.update(regions(), 1)) == 0
    assert len(tr.tracks()) == 1


def test_a_kind_found_by_a_slow_detector_is_held_over_its_interval():
    tr = Tracker(hold=2)
    tr.update(regions([0, 0, 10, 10], [50, 50, 60, 60], kind=["date", "face"]), 0, gaps=[10, 0])
    alive = [tr.update(regions(), i).kind.tolist() for i in range(1, 14)]
    assert [("face" in a, "date" in a) for a in alive] == [(i < 2, i < 12) for i in range(13)]


def test_tracks_report_their_frame_ranges():
    tr = Tracker(hold=1)
    for i in range(4):
        tr.update(regions([0, 0, 10, 10]) if i < 2 else regions(), i)
    (t,) = tr.tracks()
    assert (t.first_frame, t.last_frame) == (0, 1)


def test_kinds_never_share_a_track():
    tr = Tracker()
    tr.update(regions([0, 0, 10, 10], kind="face"), 0)
    out = tr.update(regions([0, 0, 10, 10], kind="text"), 1)
    assert sorted(out.track_id.tolist()) == [0, 1]


def test_negative_hold_is_refused():
    with pytest.raises(ValueError, match="hold"):
        Tracker(hold=-1)


def test_velocity_is_zero_for_a_still_region():
    tr = Tracker()
    for i in range(3):
        tr.update(regions([5, 5, 15, 15]), i)
    np.testing.assert_allclose(tr.tracks()[0].velocity, [0, 0])


def test_a_new_face_cut_by_the_frame_edge_is_completed_past_the_edge():
    tr = Tracker()
    out = tr.update(regions([620, 100, 640, 160]), 0, frame_size=(640, 360)).xyxy[0]
    assert out[2] - out[0] >= 60 and out[0] == 620  # as wide as high, grown outwards
    out = Tracker().update(regions([0, 100, 20, 160], kind="date"), 0, frame_size=(640, 360))
    assert out.xyxy[0].tolist() == [-480, 100, 20, 160]  # text: by eight times its height


def test_text_cut_by_the_frame_edge_is_covered_as_it_comes_into_view():
    tr = Tracker(hold=5)
    tr.update(regions([0, 100, 50, 120], kind="date"), 0, frame_size=(640, 360))
    tr.move(np.array([[1.0, 0, 60], [0, 1.0, 0]]))  # the picture moves 60 px right
    held = tr.update(regions(), 1, frame_size=(640, 360)).xyxy[0]
    assert held[0] <= 0 and held[2] >= 110


def test_a_second_update_for_the_same_frame_continues_its_tracks():
    tr = Tracker()
    tr.update(regions([100, 100, 140, 140]), 0)
    tr.update(regions([100, 100, 140, 140]), 1)
    out = tr.update(regions([102, 100, 142, 140]), 1)  # a late detector's result for frame 1
    assert out.track_id.tolist() == [0] and len(tr.tracks()) == 1


def test_a_slow_detection_moved_wholly_off_the_picture_continues_its_track():
    # A slow detector's box, carried along the camera's path to the current frame, can lie
    # entirely outside the picture; it must still continue the track it came from.
    tr = Tracker(hold=5)
    tr.update(regions([10, 100, 50, 140]), 0, frame_size=(640, 360))
    tr.move(np.array([[1.0, 0, -80], [0, 1.0, 0]]))  # the picture moves 80 px left
    out = tr.update(regions([-70, 100, -30, 140]), 1, frame_size=(640, 360))
    assert out.track_id.tolist() == [0] and len(tr.tracks()) == 1


@pytest.mark.parametrize(
    "box",
    [[138, 100, 178, 140], [200, 100, 240, 140], [120, 100, 200, 180], [130, 100, 145, 115]],
    ids=["a neighbour beside it", "far away", "twice the size", "much smaller"],
)
def test_a_different_face_near_a_held_track_starts_its_own(box):
    # A new face beside a neighbour the detectors missed this frame must not take over the
    # neighbour's held track: the neighbour would be left uncovered.
    tr = Tracker(hold=8)
    tr.update(regions([100, 100, 140, 140]), 0)
    tr.update(regions(), 1)
    out = tr.update(regions(box), 2)
    assert sorted(out.track_id.tolist()) == [0, 1]

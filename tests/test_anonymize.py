import numpy as np
import pytest

from redact.anonymize import Blur, Fill, Mask, Mode, Obscure, Pixelate, operator_for
from redact.base import parse_enum
from tests.helpers import regions

OPERATORS = [Obscure, Fill, Pixelate, Blur]


def textured(h=120, w=160, seed=1) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype=np.uint8)


@pytest.mark.parametrize("op", [Fill, Obscure])
@pytest.mark.parametrize(
    ("box", "corner"),
    [
        ([140, 100, 175, 135], (119, 159)),  # past the bottom-right corner
        ([150, 10, 160, 40], (25, 159)),  # exactly on the right edge
        ([10, 110, 40, 120], (119, 25)),  # exactly on the bottom edge
        ([-15, -15, 20, 20], (0, 0)),  # past the top-left corner
    ],
)
def test_box_touching_the_edge_covers_the_last_row_and_column(op, box, corner):
    frame = textured()
    out = op(mask="box").apply(frame, regions(box))
    x1, y1, x2, y2 = max(0, box[0]), max(0, box[1]), min(160, box[2]), min(120, box[3])
    roi_in, roi_out = frame[y1:y2, x1:x2], out[y1:y2, x1:x2]
    assert not np.array_equal(out[corner], frame[corner])
    changed = np.abs(roi_in.astype(int) - roi_out.astype(int)).max(axis=2) > 0
    assert changed.mean() > 0.9


def test_fill_paints_every_pixel_of_the_box_and_nothing_else():
    frame = textured()
    out = Fill(mask="box", color=(1, 2, 3)).apply(frame, regions([10.2, 20.7, 30.5, 40.1]))
    assert (out[20:41, 10:31] == (1, 2, 3)).all()  # rounded outwards
    untouched = np.ones(frame.shape[:2], bool)
    untouched[20:41, 10:31] = False
    assert np.array_equal(out[untouched], frame[untouched])


def test_ellipse_mask_covers_the_centre_and_spares_the_corners():
    frame = textured()
    out = Fill(mask="ellipse", color=(0, 0, 0)).apply(frame, regions([20, 20, 100, 100]))
    assert (out[60, 60] == 0).all()
    assert np.array_equal(out[21, 21], frame[21, 21])


@pytest.mark.parametrize("op", OPERATORS)
def test_every_operator_leaves_the_input_untouched_and_changes_the_region(op):
    frame = textured()
    before = frame.copy()
    out = op().apply(frame, regions([30, 30, 90, 90]))
    assert np.array_equal(frame, before)
    assert out.shape == frame.shape and out.dtype == np.uint8
    assert np.abs(out[40:80, 40:80].astype(int) - frame[40:80, 40:80]).mean() > 20


@pytest.mark.parametrize("op", OPERATORS)
def test_no_regions_is_a_no_op(op):
    frame = textured()
    assert np.array_equal(op().apply(frame, regions()), frame)


def test_obscure_is_deterministic():
    frame = textured()
    r = regions([10, 10, 100, 100])
    assert np.array_equal(Obscure().apply(frame, r), Obscure().apply(frame, r))


def test_obscure_keeps_only_a_few_blocks_of_information():
    """Two different faces of the same average colour become indistinguishable."""
    rng = np.random.default_rng(0)
    a = np.full((100, 100, 3), 128, np.uint8)
    b = a.copy()
    a[20:80, 20:80] = rng.integers(100, 156, (60, 60, 3))
    b[20:80, 20:80] = rng.integers(100, 156, (60, 60, 3))
    r = regions([0, 0, 100, 100])
    oa, ob = Obscure(mask="box").apply(a, r), Obscure(mask="box").apply(b, r)
    assert np.abs(oa.astype(int) - ob.astype(int)).mean() < 2
    assert np.abs(a.astype(int) - b.astype(int)).mean() > 5


def test_blur_strength_scales_with_the_box():
    frame = textured(400, 400)
    small = Blur(mask="box").apply(frame, regions([180, 180, 220, 220]))[190:210, 190:210]
    large = Blur(mask="box").apply(frame, regions([0, 0, 400, 400]))[190:210, 190:210]
    assert large.std() < small.std()


@pytest.mark.parametrize(("enum", "bad"), [(Mode, "smudge"), (Mask, "circle")])
def test_when_a_choice_is_unknown_then_the_error_lists_the_valid_ones(enum, bad):
    with pytest.raises(ValueError, match="use one of"):
        parse_enum(enum, bad)


@pytest.mark.parametrize(("mode", "cls"), [("obscure", Obscure), ("fill", Fill), ("blur", Blur)])
def test_operator_for_accepts_plain_strings(mode, cls):
    assert isinstance(operator_for(mode, "box"), cls)


def test_a_region_whose_margin_only_crosses_the_edge_keeps_its_ellipse():
    frame = textured()
    # the face box [120, 40, 156, 80] grown by 1.5: its margin crosses the right edge (160)
    out = Fill(color=(0, 0, 0)).apply(frame, regions([111, 30, 165, 90]))
    assert (out[60, 150] == 0).all()  # inside the face
    assert np.array_equal(out[31, 159], frame[31, 159])  # a corner outside the ellipse is kept


def test_a_region_the_edge_cuts_is_covered_whole():
    frame = textured()
    out = Fill(color=(0, 0, 0)).apply(frame, regions([130, 30, 190, 90]))  # face cut at x=160
    assert (out[31, 159] == 0).all() and (out[31, 131] == 0).all()

import numpy as np
import pytest

from redact.regions import Regions, box_iou
from tests.helpers import regions


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"xyxy": np.zeros((2, 3))}, "xyxy must have shape"),
        ({"xyxy": np.zeros((2, 4)), "score": [0.1]}, r"score must have shape \(2,\)"),
        ({"xyxy": np.zeros((1, 4)), "kind": ["face", "text"]}, r"kind must have shape \(1,\)"),
        ({"xyxy": np.zeros((1, 4)), "track_id": [[1]]}, "track_id must have shape"),
    ],
)
def test_when_shapes_disagree_then_value_error_names_the_field(kwargs, error):
    with pytest.raises(ValueError, match=error):
        Regions(**kwargs)


def test_defaults_fill_every_column():
    r = regions([0, 0, 10, 10], [5, 5, 8, 9])
    assert r.score.tolist() == [1.0, 1.0]
    assert r.kind.tolist() == ["face", "face"]
    assert r.track_id.tolist() == [-1, -1]
    assert r.text.tolist() == [None, None]


def test_boolean_mask_indexes_every_column():
    r = regions(
        [0, 0, 1, 1], [0, 0, 2, 2], [0, 0, 3, 3], score=[0.1, 0.9, 0.6], kind=["a", "b", "c"]
    )
    kept = r[r.score > 0.5]
    assert kept.kind.tolist() == ["b", "c"]
    assert kept.xyxy[:, 2].tolist() == [2, 3]


@pytest.mark.parametrize("index", [0, 1, -1])
def test_integer_index_gives_one_region(index):
    r = regions([0, 0, 1, 1], [0, 0, 2, 2], score=[0.1, 0.9])
    assert len(r[index]) == 1
    assert r[index].score[0] == r.score[index]


def test_merge_concatenates_and_skips_empty():
    merged = Regions.merge(
        [regions([0, 0, 1, 1]), Regions.empty(), regions([1, 1, 2, 2], kind="x")]
    )
    assert len(merged) == 2
    assert merged.kind.tolist() == ["face", "x"]
    assert len(Regions.merge([])) == 0


@pytest.mark.parametrize(
    ("box", "factor", "expected"),
    [
        ([10, 10, 20, 30], 1.0, [10, 10, 20, 30]),
        ([10, 10, 20, 30], 2.0, [5, 0, 25, 40]),
        ([10, 10, 20, 30], 0.5, [12.5, 15, 17.5, 25]),
    ],
)
def test_scaled_grows_about_the_centre(box, factor, expected):
    np.testing.assert_allclose(regions(box).scaled(factor).xyxy[0], expected)


def test_scaled_rejects_non_positive_factor():
    with pytest.raises(ValueError, match="factor"):
        regions([0, 0, 1, 1]).scaled(0)


def test_clipped_keeps_edges_and_drops_boxes_outside():
    r = regions([-5, -5, 5, 5], [90, 90, 120, 120], [200, 200, 210, 210]).clipped(100, 100)
    assert r.xyxy.tolist() == [[0, 0, 5, 5], [90, 90, 100, 100]]


@pytest.mark.parametrize(
    ("a", "b", "iou"),
    [
        ([0, 0, 10, 10], [0, 0, 10, 10], 1.0),
        ([0, 0, 10, 10], [10, 10, 20, 20], 0.0),
        ([0, 0, 10, 10], [5, 0, 15, 10], 50 / 150),
        ([0, 0, 0, 0], [0, 0, 0, 0], 0.0),
    ],
)
def test_box_iou(a, b, iou):
    assert box_iou(np.array([a]), np.array([b]))[0, 0] == pytest.approx(iou)


def test_nms_keeps_the_best_of_each_overlapping_group():
    r = regions([0, 0, 10, 10], [1, 1, 11, 11], [50, 50, 60, 60], score=[0.5, 0.9, 0.3])
    kept = r.nms(0.3)
    assert sorted(kept.score.tolist()) == pytest.approx([0.3, 0.9])

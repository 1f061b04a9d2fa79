def test_the_int8_line_detector_finds_the_lines_the_float_one_finds(samples):
    import numpy as np
    from PIL import Image

    from redact.regions import box_iou
    from redact.text.ocr import PpOcrLines

    ward = np.asarray(Image.open(samples / "ward.jpg").convert("RGB"))
    with PpOcrLines() as exact, PpOcrLines(int8=True) as int8:
        a, b = exact.detect(ward), int8.detect(ward)
    assert len(a) >= 10
    assert (box_iou(a.xyxy, b.xyxy).max(axis=1) >= 0.5).mean() >= 0.95


def test_full_width_punctuation_read_by_the_recogniser_comes_back_as_ascii():
    # The PP-OCR character set is Chinese and English: "THOMPSON，Amy" with a full-width comma
    # was read from a wristband, and the name recogniser then missed it.
    import numpy as np

    from redact.text.ocr import PpOcrReader

    with_comma = "AB，C"
    reader = PpOcrReader()
    try:
        index = {c: i for i, c in enumerate(reader.characters)}
        steps = [index[c] for c in with_comma]
        probs = np.zeros((2 * len(steps), len(reader.characters)), np.float32)
        probs[0::2][np.arange(len(steps)), steps] = 1  # each character, then a blank
        probs[1::2, 0] = 1
        assert reader._decode(probs) == "AB,C"
    finally:
        reader.close()


def _line(x1, y1, x2, y2):
    import numpy as np

    from redact.regions import Regions

    quad = np.array([[x1, y1], [x2, y1], [x2, y2], [x1, y2]], np.float32)
    polygons = np.empty(1, dtype=object)
    polygons[0] = quad
    return Regions(xyxy=[[x1, y1, x2, y2]], kind="text", polygon=polygons)


def test_the_halves_of_a_line_cut_by_a_tile_edge_become_one_line():
    from redact.text.ocr import _join_pieces

    # tile 1 ends at x=512, tile 2 starts at x=448: each saw part of one line
    joined = _join_pieces([_line(300, 100, 511, 120), _line(449, 101, 700, 121)])
    assert len(joined) == 1
    assert joined.xyxy[0, 0] <= 300 and joined.xyxy[0, 2] >= 700


def test_lines_one_above_the_other_in_two_tiles_stay_apart():
    from redact.text.ocr import _join_pieces

    # grown by the detector, the boxes of two stacked lines overlap; they are still two lines
    joined = _join_pieces([_line(300, 100, 511, 124), _line(449, 116, 700, 140)])
    assert len(joined) == 2


def test_a_photo_is_read_at_two_scales_and_a_720p_video_frame_at_its_own_size():
    from redact.text.ocr import PpOcrLines

    assert PpOcrLines().scales(3024, 4032) == [960 / 4032, 1.0]
    assert PpOcrLines(max_side=1920, fine_max_side=1920).scales(720, 1280) == [1.0]
    assert PpOcrLines(max_side=1920, fine_max_side=1920).scales(1080, 1920) == [1.0]


def test_tiles_read_at_once_find_the_lines_tiles_read_one_by_one_find(samples):
    import numpy as np
    from PIL import Image

    from redact.text.ocr import PpOcrLines

    ward = np.asarray(Image.open(samples / "ward.jpg").convert("RGB"))
    # Small tiles and a small coarse pass: the fine pass reads the sample in many tiles.
    with PpOcrLines(max_side=320, tile=256, threads=1) as alone:
        one_by_one = alone.detect(ward)
    with PpOcrLines(max_side=320, tile=256, threads=2) as paired:
        assert paired._runs.workers == 2
        at_once = paired.detect(ward)
    assert len(one_by_one) >= 10
    order = np.lexsort(one_by_one.xyxy.T[::-1]), np.lexsort(at_once.xyxy.T[::-1])
    assert np.array_equal(one_by_one.xyxy[order[0]], at_once.xyxy[order[1]])


def test_the_line_detector_keeps_its_arena_for_whole_frames_only_when_asked():
    # A video's frames come at one size, often: the float model keeps onnxruntime's arena for
    # them. A photo's single coarse pass and the int8 model of the default profiles do not.
    from redact.text.ocr import PpOcrLines

    for options, kept in [
        ({}, False),
        ({"arena": True}, True),
        ({"arena": True, "int8": True}, False),
    ]:
        with PpOcrLines(**options) as lines:
            assert lines._runs.session.get_session_options().enable_cpu_mem_arena is kept

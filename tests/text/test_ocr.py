def test_the_int8_line_detector_finds_the_lines_the_float_one_finds(samples):
    import numpy as np
    from PIL import Image

    from redact.regions import box_iou
    from redact.text.ocr import TextDetector

    ward = np.asarray(Image.open(samples / "ward.jpg").convert("RGB"))
    with TextDetector() as exact, TextDetector(int8=True) as int8:
        a, b = exact.detect(ward), int8.detect(ward)
    assert len(a) >= 10
    assert (box_iou(a.xyxy, b.xyxy).max(axis=1) >= 0.5).mean() >= 0.95

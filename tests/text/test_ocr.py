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


def test_full_width_punctuation_read_by_the_recogniser_comes_back_as_ascii():
    # The PP-OCR character set is Chinese and English: "THOMPSON，Amy" with a full-width comma
    # was read from a wristband, and the name recogniser then missed it.
    import numpy as np

    from redact.text.ocr import TextRecognizer

    with_comma = "AB，C"
    reader = TextRecognizer()
    try:
        index = {c: i for i, c in enumerate(reader.characters)}
        steps = [index[c] for c in with_comma]
        probs = np.zeros((2 * len(steps), len(reader.characters)), np.float32)
        probs[0::2][np.arange(len(steps)), steps] = 1  # each character, then a blank
        probs[1::2, 0] = 1
        assert reader._decode(probs) == "AB,C"
    finally:
        reader.close()

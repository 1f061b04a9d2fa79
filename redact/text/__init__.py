"""Text: find lines (`redact.text.ocr`, PP-OCR), lay them out (`layout`), decide which hold an
identifier (`identify`, with the recognisers of `redact.pii`), and say which regions to fill
(`detector.PiiTextDetector`, the detector the pipeline runs).
"""

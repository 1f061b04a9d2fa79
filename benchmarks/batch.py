"""Batch throughput: a small library redacted with one job, two jobs and a local Ray cluster.

Usage: python benchmarks/batch.py [--photos 20] [--configs jobs1,jobs2,ray2] [--keep DIR]

The library is made at run time: ``--photos`` scenes of the independent text benchmark
(benchmarks/wild, tuning seeds from 1; phone photos from 720p to 12 MP, saved as JPEG) and four
clips (samples/clip.mp4, samples/motion_clip.mp4 and two 4 s 720p clips of
samples/make_motion_clips.py). Each configuration is the ``redact`` command a user runs, in a new
process, into an empty folder:

* jobs1: ``redact LIB -o OUT --jobs 1``
* jobs2: ``redact LIB -o OUT --jobs 2``
* ray2: ``redact LIB -o OUT --ray local --jobs 2`` (a private two-CPU Ray on loopback; its start
  is counted)

Reported: wall seconds, files per minute, frames per second (a photo is one frame) and scaling
efficiency against jobs1 (speed-up divided by the workers). Every configuration's outputs are
checked byte for byte against jobs1's.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))

CONFIGS = {
    "jobs1": (["--jobs", "1"], 1),
    "jobs2": (["--jobs", "2"], 2),
    "ray2": (["--ray", "local", "--jobs", "2"], 2),
}


def make_library(folder: Path, photos: int) -> None:
    from make_motion_clips import make_clip

    from benchmarks.wild.scenes import make_scene

    folder.mkdir(parents=True)
    for seed in range(1, photos + 1):
        rgb, _, _ = make_scene(seed)
        Image.fromarray(np.asarray(rgb)).save(folder / f"photo{seed:02d}.jpg", quality=92)
    shutil.copy(ROOT / "samples" / "clip.mp4", folder / "clip.mp4")
    shutil.copy(ROOT / "samples" / "motion_clip.mp4", folder / "motion_clip.mp4")
    for seed in (3, 5):
        make_clip(folder / f"motion{seed}.mp4", seconds=4.0, seed=seed)


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix != ".jsonl"}


def run(library: Path, out: Path, args: list[str]) -> tuple[float, int, int]:
    """(wall seconds, files, frames) of one batch."""
    report = out.with_suffix(".json")
    start = time.perf_counter()
    cmd = [
        sys.executable,
        "-m",
        "redact",
        str(library),
        "-o",
        str(out),
        "-q",
        "--report",
        str(report),
        *args,
    ]
    subprocess.run(cmd, check=True)
    wall = time.perf_counter() - start
    files = json.loads(report.read_text())["files"]
    return wall, len(files), sum(f["frames"] for f in files)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=20)
    parser.add_argument("--configs", default="jobs1,jobs2,ray2")
    parser.add_argument("--keep", type=Path, help="keep the library and outputs here")
    args = parser.parse_args()
    tmp = Path(args.keep or tempfile.mkdtemp())
    library = tmp / "library"
    if not library.exists():
        make_library(library, args.photos)
    n = len(list(library.iterdir()))
    print(f"library: {n} files ({args.photos} photos, 4 clips)")
    print(f"{'config':8s} {'wall s':>8s} {'files/min':>10s} {'frames/s':>9s} {'efficiency':>11s}")
    base = reference = None
    for name in args.configs.split(","):
        extra, workers = CONFIGS[name]
        out = tmp / f"out_{name}"
        shutil.rmtree(out, ignore_errors=True)
        wall, files, frames = run(library, out, extra)
        base = base or (wall, workers)
        efficiency = base[0] / wall / (workers / base[1])
        same = ""
        if reference is None:
            reference = outputs(out)
        elif outputs(out) != reference:
            same = "  OUTPUTS DIFFER from the first configuration"
        print(
            f"{name:8s} {wall:8.1f} {files / wall * 60:10.1f} {frames / wall:9.1f} "
            f"{efficiency:11.2f}{same}"
        )
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

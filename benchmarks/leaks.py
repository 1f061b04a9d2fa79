"""Leak check: does the scheduled video pipeline cover every frame the every-frame one covers?

Usage: python benchmarks/leaks.py [--clips sample,motion] [--profiles every-frame,balanced,fast]

Clips with exact truth per frame: `samples/clip.mp4` (faces) and clips made by
`samples/make_motion_clips.py` (faces and text under a panning, zooming, shaking camera with a
whip-pan and a cut), rendered at run time at 720p into a temporary folder. Faces and text are
painted magenta so coverage is read off the pixels:

* a face counts as covered in a frame when 85 % of its ellipse is painted, an identifier when
  90 % of its box is; faces under 16 px or less than 60 % inside the frame are not scored;
* a track (one object) leaks if it is uncovered in any frame where it is scored;
* "missed vs every-frame" counts object-frames the every-frame pipeline covers and this one does
  not: the target is 0.

The every-frame reference runs CenterFace and OCR on every frame with the float models; the
profiles run them on their schedules (redact/profiles.py), balanced and fast with the int8
models. Speed here is the pipeline alone on decoded frames.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from helpers import MAGENTA, filled_fraction, magenta_fraction, video_frames  # noqa: E402

from redact import Fill, Redactor, Stats  # noqa: E402
from redact.profiles import PROFILES  # noqa: E402

MIN_FACE = 16


def sample_clip(_: Path) -> tuple[Path, list[list[dict]]]:
    """samples/clip.mp4 with its truth in the motion-truth shape."""
    truth = json.loads((ROOT / "samples" / "truth.json").read_text())["files"]["clip.mp4"]
    w, h = truth["width"], truth["height"]
    frames = []
    for boxes, ids in zip(truth["frames"], truth["frame_ids"]):
        items = []
        for box, oid in zip(boxes, ids):
            cut = box[0] <= 0 or box[1] <= 0 or box[0] + box[2] >= w or box[1] + box[3] >= h
            items.append(
                {"id": oid, "box": box, "kind": "face", "pii": True, "visible": 0.5 if cut else 1.0}
            )
        frames.append(items)
    return ROOT / "samples" / "clip.mp4", frames


def motion_clip(tmp: Path, width: int = 1280, height: int = 720, seconds: float = 8.0):
    """A generated 720p clip with faces and text (see samples/make_motion_clips.py)."""
    from make_motion_clips import make_clip

    path = tmp / f"motion_{height}p.mp4"
    truth = make_clip(path, width=width, height=height, fps=30, seconds=seconds, seed=7)
    return path, _items(truth)


def motion_sample(_: Path):
    """samples/motion_clip.mp4 (640x360, 6 s), made by the same generator and committed."""
    truth = json.loads((ROOT / "samples" / "motion_truth.json").read_text())
    return ROOT / "samples" / "motion_clip.mp4", _items(truth)


def _items(truth: dict) -> list[list[dict]]:
    objects = truth["objects"]
    frames = [
        [
            {**item, "kind": objects[item["id"]]["kind"], "pii": objects[item["id"]]["pii"]}
            for item in fr
        ]
        for fr in truth["frames"]
    ]
    return frames


CLIPS = {"sample": sample_clip, "motion-sample": motion_sample, "motion": motion_clip}
BANDS = (("24-64", 24, 64), (">=64", 64, float("inf")))


def hidden_map(before, after, truth) -> dict[tuple[int, int], tuple[bool, float, bool]]:
    """(face id, frame) -> (its core hidden, its size, hard), for every scored face of a crowd
    clip."""
    from _harness import face_hidden

    out = {}
    for i, items in enumerate(truth):
        for item in items:
            if item["scored"]:
                hidden = face_hidden(before[i], after[i], item["box"])
                out[(item["id"], i)] = (hidden, min(item["box"][2:]), item["hard"])
    return out


def summarise_crowd(name, hidden, reference, seconds, n) -> dict:
    """Face-frames hidden per size band, faces never hidden, misses against every-frame."""
    row: dict = {"profile": name}
    for band, lo, hi in BANDS:
        cells = [ok for ok, size, _ in hidden.values() if lo <= size < hi]
        row[band] = f"{sum(cells)}/{len(cells)} = {sum(cells) / max(1, len(cells)):.3f}"
    cells = [ok for ok, _, _ in hidden.values()]
    row["all"] = f"{sum(cells)}/{len(cells)} = {sum(cells) / max(1, len(cells)):.3f}"
    cells = [ok for ok, _, hard in hidden.values() if not hard]
    row["not_hard"] = f"{sum(cells)}/{len(cells)} = {sum(cells) / max(1, len(cells)):.3f}"
    by_face = defaultdict(list)
    for (fid, _), (ok, _, _) in hidden.items():
        by_face[fid].append(ok)
    row["faces_never_hidden"] = f"{sum(not any(v) for v in by_face.values())}/{len(by_face)}"
    missed = [k for k, (ok, _, _) in hidden.items() if not ok and reference.get(k, (False,))[0]]
    row["missed_vs_every_frame"] = len(missed)
    row["pipeline_fps"] = round(n / seconds, 1)
    return row


def crowd(tmp: Path, seeds: list[int], profiles: list[str]) -> None:
    """The real-crowd clips (benchmarks/crowd.py): each scored face frame by frame."""
    import cv2
    from crowd import crowd_clip

    for seed in seeds:
        path, truth = crowd_clip(tmp, seed)
        before = video_frames(path)
        height, width = before[0].shape[:2]
        # The clip's pixels depend on the OpenCV that rendered it (docs/benchmarks/faces.md).
        print(f"\n== crowd {seed}: {len(before)} frames {width}x{height}, OpenCV {cv2.__version__}")
        reference: dict = {}
        for name in profiles:
            out, seconds, _ = run(before, profile_for(name), magenta=False)
            hidden = hidden_map(before, out, truth)
            if name == "every-frame":
                reference = hidden
            row = summarise_crowd(name, hidden, reference, seconds, len(before))
            row["outside_changed"] = round(outside_changed(before, out, truth), 3)
            print(json.dumps(row))


def outside_changed(before, after, truth, every: int = 8) -> float:
    """The share of the picture outside every annotated face that redaction changed (every
    ``every``-th frame): what the profile costs the rest of the clip."""
    from _harness import changed_outside

    shares = [
        changed_outside(before[i], after[i], [item["box"] for item in truth[i]])
        for i in range(0, len(before), every)
    ]
    return sum(shares) / max(1, len(shares))


def profile_for(name: str):
    if name == "every-frame":
        every = {"blaze_every": 1, "face_every": 1, "deep_every": 1, "text_every": 1}
        return replace(PROFILES["balanced"], **every, int8=False)
    return PROFILES[name]


def covered_map(out_frames, truth) -> dict[tuple[str, int], bool]:
    """(object id, frame) -> covered, for every scored identifier; signs are scored separately."""
    covered = {}
    for i, (frame, items) in enumerate(zip(out_frames, truth)):
        for item in items:
            if not item["pii"]:
                continue
            w, h = item["box"][2:]
            if item["kind"] == "face":
                if min(w, h) < MIN_FACE or item.get("visible", 1.0) < 0.6:
                    continue
                covered[(item["id"], i)] = magenta_fraction(frame, item["box"]) >= 0.85
            else:
                if item.get("visible", 1.0) < 0.6:
                    continue
                covered[(item["id"], i)] = filled_fraction(frame, item["box"]) >= 0.9
    return covered


def signs_kept(before, after, truth) -> tuple[int, int]:
    from helpers import changed_fraction

    kept = total = 0
    for i, items in enumerate(truth):
        for item in items:
            if item["kind"] != "face" and not item["pii"] and item.get("visible", 1.0) >= 0.99:
                total += 1
                kept += changed_fraction(before[i], after[i], item["box"]) < 0.05
    return kept, total


def run(frames, profile, magenta: bool = True) -> tuple[list, float, dict]:
    """The video pipeline over decoded ``frames``: faces and text painted magenta, or (for the
    crowd clips, judged on what is left of each face) redacted with the default operator."""
    painted = {"operator": Fill(color=MAGENTA), "text_operator": Fill(color=MAGENTA, mask="box")}
    stats = Stats()
    with Redactor(profile=profile, recorder=stats, **(painted if magenta else {})) as r:
        start = time.perf_counter()
        out = list(r.redact_frames(iter(frames)))
        seconds = time.perf_counter() - start
    return out, seconds, dict(stats.counts)


def summarise(name, covered, kinds, reference, kept_total, seconds, n) -> dict:
    """Coverage of faces and of identifiers, tracks leaked, and misses against the reference."""
    row: dict = {"profile": name}
    for group in ("face", "text"):
        cells = {k: ok for k, ok in covered.items() if kinds[k[0]] == group}
        by_track = defaultdict(list)
        for (oid, _), ok in cells.items():
            by_track[oid].append(ok)
        row[group] = {
            "frames": f"{sum(cells.values())}/{len(cells)}",
            "coverage": round(sum(cells.values()) / max(1, len(cells)), 4),
            "tracks_leaked": f"{sum(not all(v) for v in by_track.values())}/{len(by_track)}",
        }
    missed = sorted(k for k, ok in covered.items() if not ok and reference.get(k, False))
    row["missed_vs_every_frame"] = len(missed)
    row["missed_examples"] = missed[:8]
    row["signs_kept"] = f"{kept_total[0]}/{kept_total[1]}"
    row["pipeline_fps"] = round(n / seconds, 1)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--clips", default=None, help="default: sample,motion (none when --crowd is given)"
    )
    parser.add_argument("--profiles", default="every-frame,thorough,balanced,fast")
    parser.add_argument("--seconds", type=float, default=8.0, help="length of the motion clip")
    parser.add_argument(
        "--crowd",
        default="",
        help="real-crowd clip seeds (benchmarks/crowd.py), e.g. 1,2 (tuning) or 101,102,103 "
        "(reporting)",
    )
    args = parser.parse_args()
    if args.clips is None:
        args.clips = "" if args.crowd else "sample,motion"
    with tempfile.TemporaryDirectory() as tmp:
        if args.crowd:
            seeds = [int(s) for s in args.crowd.split(",")]
            crowd(Path(tmp), seeds, args.profiles.split(","))
        for clip in filter(None, args.clips.split(",")):
            maker = CLIPS[clip]
            path, truth = (
                maker(Path(tmp)) if clip != "motion" else maker(Path(tmp), seconds=args.seconds)
            )
            before = video_frames(path)
            height, width = before[0].shape[:2]
            print(f"\n== {clip}: {path.name}, {len(before)} frames {width}x{height}")
            reference: dict = {}
            for name in args.profiles.split(","):
                out, seconds, runs = run(before, profile_for(name))
                covered = covered_map(out, truth)
                if name == "every-frame":
                    reference = covered
                kinds = {item["id"]: item["kind"] for items in truth for item in items}
                kept = signs_kept(before, out, truth)
                row = summarise(name, covered, kinds, reference, kept, seconds, len(before))
                row["detector_runs"] = runs
                print(json.dumps(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

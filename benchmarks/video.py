"""Video speed: redact against this machine's own limit (decode + encode, no detection) and deface.

Usage:
    python benchmarks/video.py [--sizes 720,1080] [--seconds 10] [--profiles balanced,fast]
                               [--deface PATH] [--loops N] [--repeat N] [--encoders]

For each size a clip with faces and hospital text under a moving handheld camera is made by
samples/make_motion_clips.py (30 fps, with a whip-pan and a cut). Each measurement runs in its
own process and reports wall time, frames per second, CPU milliseconds per frame (all threads)
and peak RSS:

* ``limit``: decode -> RGB -> encode through redact's own video path with no detection;
* ``redact <profile>``: the CLI, default settings (faces + text) but for the profile;
* ``redact faces only`` (``--faces-only``): the default profile with ``--text off``, which is
  the job deface does;
* ``deface``: deface's CLI at its defaults, from its own environment (``--deface``, or
  ``$REDACT_DEFACE``, or ``deface`` on PATH); skipped with a message when there is none.

Targets (issue 4): default profile >= 0.5x the limit at 720p and >= 0.4x at 1080p, and peak RSS
under 1.5 GB whatever the length (``--loops N`` repeats the clip N times to check that memory
stays flat). Then a profile of where the pipeline's time goes, from one in-process run.
``--encoders`` also times x264 presets and CRFs on the limit path (file size against speed).
``--no-limit`` skips the limit (and so the ratios): for long ``--loops`` runs that check memory.
``--repeat N`` runs the limit and every redact row N times, taking turns, and reports medians: on
a shared machine the limit alone has varied from 73 to 91 fps at 720p between runs, so one run's
ratio is good to about ten percent.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))

TARGETS = {720: 0.5, 1080: 0.4}
RSS_LIMIT_MB = 1536

LIMIT_SNIPPET = """
import sys
from pathlib import Path
from redact.media.video import EncodeSettings, transcode
n = transcode(Path(sys.argv[1]), Path(sys.argv[2]), lambda frames: (f for f in frames),
              settings=EncodeSettings(crf=int(sys.argv[3]), preset=sys.argv[4]))
print(n)
"""


def measure(cmd: list[str], frames: int) -> dict:
    """Run ``cmd`` in its own process: wall seconds, fps, CPU ms per frame, peak RSS (MB).

    Peak RSS is the process's own high-water mark (VmHWM), polled until it exits: the rusage
    figure would include this benchmark's memory, inherited through fork before exec."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_kb = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak_kb = max(peak_kb, _high_water_kb(proc.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {err.strip()[-500:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return {
        "seconds": round(wall, 2),
        "fps": round(frames / wall, 2),
        "cpu_ms_per_frame": round(cpu / frames * 1000, 1),
        "peak_rss_mb": round(peak_kb / 1024),
    }


def measure_rounds(cmds: dict[str, list[str]], frames: int, repeat: int) -> dict[str, dict]:
    """``measure`` each command ``repeat`` times, the commands taking turns, so that a change in
    the machine's load falls on all of them alike. With a ``limit`` command, each run's ratio
    ``x_limit`` is taken against the limit run of the same round. One row per command: the
    median of fps, seconds, CPU and ratio, the largest peak RSS, and with ``repeat`` > 1 the
    range of the ratio."""
    runs: dict[str, list[dict]] = {name: [] for name in cmds}
    for _ in range(repeat):
        for name, cmd in cmds.items():
            runs[name].append(measure(cmd, frames))
    rows = {}
    for name, got in runs.items():
        medians = ("seconds", "fps", "cpu_ms_per_frame")
        row = {k: statistics.median(r[k] for r in got) for k in medians}
        row["peak_rss_mb"] = max(r["peak_rss_mb"] for r in got)
        if "limit" in runs:
            ratios = [r["fps"] / lim["fps"] for r, lim in zip(got, runs["limit"])]
            row["x_limit"] = round(statistics.median(ratios), 3)
            if repeat > 1:
                row["x_limit_range"] = [round(min(ratios), 3), round(max(ratios), 3)]
        if repeat > 1:
            row["runs"] = repeat
        rows[name] = row
    return rows


def _high_water_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def find_deface(given: str | None) -> str | None:
    for candidate in (given, os.environ.get("REDACT_DEFACE"), shutil.which("deface")):
        if candidate and Path(candidate).exists():
            ok = subprocess.run([candidate, "--version"], capture_output=True).returncode == 0
            if ok:
                return candidate
    return None


def make_clip(tmp: Path, height: int, seconds: float, loops: int) -> tuple[Path, int]:
    from make_motion_clips import make_clip as render

    width = height * 16 // 9
    path = tmp / f"clip_{height}p.mp4"
    truth = render(path, width=width, height=height, fps=30, seconds=seconds, seed=11)
    frames = truth["frame_count"]
    if loops > 1:
        path, frames = loop(path, tmp / f"clip_{height}p_x{loops}.mp4", loops), frames * loops
    return path, frames


def loop(src: Path, dst: Path, times: int) -> Path:
    """``src`` repeated ``times`` times, packets copied (no re-encode)."""
    import av

    with av.open(str(src)) as inp, av.open(str(dst), "w") as out:
        vin = inp.streams.video[0]
        vout = out.add_stream_from_template(vin)
        packets = [p for p in inp.demux(vin) if p.dts is not None]
        span = max(p.pts for p in packets) - min(p.pts for p in packets) + packets[1].duration
        for k in range(times):
            for p in packets:
                q = av.Packet(bytes(p))
                q.pts, q.dts = p.pts + k * span, p.dts + k * span
                q.is_keyframe, q.time_base, q.stream = p.is_keyframe, p.time_base, vout
                out.mux(q)
    return dst


def where_time_goes(path: Path, profile: str, threads: int = 0) -> dict:
    """CPU seconds per pipeline stage (in its own thread) for one in-process run."""
    from redact import Redactor, Stats

    stats = Stats()
    with Redactor(profile=profile, threads=threads, recorder=stats) as r:
        start = time.perf_counter()
        r.redact_file(path, path.with_name(f"profiled_{path.name}"))
        wall = time.perf_counter() - start
    stages = {k: round(v, 2) for k, v in stats.cpu_seconds.most_common()}
    stages["stages total"] = round(sum(stats.cpu_seconds.values()), 2)
    stages["wall"] = round(wall, 2)
    return {"seconds": stages, "runs": dict(stats.counts)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="720,1080")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--profiles", default="balanced,fast")
    parser.add_argument("--deface", help="path to a deface executable in its own environment")
    parser.add_argument("--loops", type=int, default=1, help="repeat the clip (memory check)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="measure the limit and each redact row this many times, taking turns; report medians",
    )
    parser.add_argument("--encoders", action="store_true", help="also time x264 presets/CRFs")
    parser.add_argument("--no-profile", action="store_true", help="skip the per-stage profile")
    parser.add_argument(
        "--faces-only", action="store_true", help="also time the default with --text off"
    )
    parser.add_argument(
        "--no-limit",
        action="store_true",
        help="skip the decode+encode limit (for long --loops memory runs; no ratios)",
    )
    args = parser.parse_args()
    deface = find_deface(args.deface)
    if deface is None:
        print("deface: not found (pass --deface PATH to a deface in its own environment); skipped")
    python = sys.executable
    results = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for height in (int(s) for s in args.sizes.split(",")):
            clip, frames = make_clip(tmp, height, args.seconds, args.loops)
            print(f"\n== {height}p: {frames} frames, {clip.stat().st_size / 1e6:.1f} MB")
            out = tmp / "out.mp4"
            cmds = {}
            if not args.no_limit:
                cmds["limit"] = [python, "-c", LIMIT_SNIPPET, str(clip), str(out), "20", "veryfast"]
            cmd = [python, "-m", "redact", str(clip), "-o", str(out), "--overwrite", "-q"]
            for profile in args.profiles.split(","):
                cmds[f"redact {profile}"] = [*cmd, "--profile", profile]
            if args.faces_only:  # what deface does: faces only
                cmds["redact faces only"] = [*cmd, "--text", "off"]
            rows = measure_rounds(cmds, frames, args.repeat)
            if deface is not None:  # once: it is slow, and only its order of magnitude matters
                rows["deface"] = measure([deface, str(clip), "-o", str(tmp / "deface.mp4")], frames)
            for name, row in rows.items():
                if "deface" in rows:
                    row["x_deface"] = round(row["fps"] / rows["deface"]["fps"], 2)
                print(f"{name:18s} {json.dumps(row)}")
            default = rows.get("redact balanced")
            if default is not None:
                target = TARGETS.get(height)
                ratio = default.get("x_limit")
                if ratio is None:
                    speed = "not measured (no limit)"
                else:
                    met = target is None or ratio >= target
                    speed = f"{'MET' if met else 'NOT MET'} ({ratio}x)"
                rss_ok = default["peak_rss_mb"] < RSS_LIMIT_MB
                print(
                    f"target: balanced >= {target}x limit: {speed}; "
                    f"peak RSS {default['peak_rss_mb']} MB < {RSS_LIMIT_MB}: "
                    f"{'MET' if rss_ok else 'NOT MET'}"
                )
            if args.encoders:
                for preset, crf in [
                    ("ultrafast", 20),
                    ("superfast", 20),
                    ("veryfast", 20),
                    ("faster", 20),
                    ("veryfast", 23),
                    ("veryfast", 17),
                ]:
                    cmd = [python, "-c", LIMIT_SNIPPET, str(clip), str(out), str(crf), preset]
                    row = measure(cmd, frames)
                    row["mb"] = round(out.stat().st_size / 1e6, 2)
                    print(f"encode {preset:9s} crf {crf}: {json.dumps(row)}")
            if not args.no_profile:
                profile = args.profiles.split(",")[0]
                print(
                    f"where the time goes ({profile}):", json.dumps(where_time_goes(clip, profile))
                )
            results.append({"height": height, "frames": frames, **rows})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The ``redact`` command: argument parsing and messages only; the work is `redact.Redactor`'s."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from redact.anonymize import Mask, Mode
from redact.errors import RedactError, one_line
from redact.media import KEEPABLE, keepable, kind_of
from redact.media.atomic import remove_unfinished
from redact.media.video import X264_PRESETS
from redact.options import Options
from redact.profiles import PROFILES
from redact.redactor import Redactor, default_output
from redact.report import FileReport, write_report
from redact.review.decisions import Decisions
from redact.text.detector import TextMode
from redact.text.lists import read_terms

EXIT_OK = 0
EXIT_FAILED = 1  # at least one file could not be redacted
EXIT_USAGE = 2  # bad arguments (argparse's own code)
EXIT_LEFTOVERS = 3  # --verify still found faces or identifiers in an output

DESCRIPTION = """\
Hide faces and patient or staff details in photos and videos, on this computer, with
nothing sent anywhere.

Writes NAME.redacted.EXT beside each input (or into -o). Faces are made unrecoverable and
identifying text (names, dates of birth, NHS numbers...) is filled solid; metadata (GPS,
dates, device) is never copied; audio is dropped unless --keep-audio.
Detection is not perfect: look through the output before you share it.
"""

EPILOG = """\
examples:
  redact ward.jpg                      -> ward.redacted.jpg
  redact review footage/               review on a local page before publishing
  redact clip.mp4 --decisions clip.mp4.redact.json   re-apply a review, no detection
  redact audit footage/ -o audit.csv   every review decision, who, when and why
  redact clip.mp4 -o clean.mp4 --keep-audio
  redact footage/ -o redacted/ --report report.json

exit status: 0 all files redacted, 1 some file failed (one line each on stderr), 2 bad usage,
3 --verify still found something in an output (listed on stderr; the output is kept for review).
"""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="redact",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        type=Path,
        help="photos (jpg, png, webp; heic with redact[heic]) or videos (mp4, mov, ...), "
        "or folders of them",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUTPUT",
        help="output file (one input) or folder (several inputs or a folder); "
        "the output's format follows its extension",
    )
    p.add_argument(
        "--mode",
        choices=[m.value for m in Mode],
        default=Mode.OBSCURE.value,
        help="how faces are hidden (default: obscure, irreversible; blur and pixelate "
        "can be partly reversed)",
    )
    p.add_argument(
        "--mask",
        choices=[m.value for m in Mask],
        default=Mask.ELLIPSE.value,
        help="shape covered around each face (default: ellipse)",
    )
    p.add_argument(
        "--margin",
        type=float,
        default=1.5,
        help="grow each face box by this factor before hiding it (default: 1.5)",
    )
    p.add_argument(
        "--text",
        choices=[m.value for m in TextMode],
        default=TextMode.PII.value,
        help="text to fill solid black: pii (default: names, dates, NHS and hospital numbers, "
        "postcodes, phones, e-mails, addresses, names on badges, QR codes and barcodes), "
        "all (every text region except --allow words), or off",
    )
    p.add_argument(
        "--deny",
        type=Path,
        metavar="FILE",
        help="identifiers that must always go, one per line (your name, NHS number, date of "
        "birth...); matched even when misread a little",
    )
    p.add_argument("--allow", type=Path, metavar="FILE", help="words never redacted, one per line")
    p.add_argument(
        "--ocr",
        choices=["ppocr", "easyocr"],
        default="ppocr",
        help="OCR backend: ppocr (default, shipped) or easyocr (needs redact[easyocr]; several "
        "times slower and behind: on held-out photos it left 15%% of identifiers readable, ppocr "
        "0.2%%)",
    )
    speed = p.add_mutually_exclusive_group()
    speed.add_argument(
        "--profile",
        choices=list(PROFILES),
        default="balanced",
        help="video speed/recall trade-off: how often the slow face detector and OCR run "
        "(default: balanced)",
    )
    speed.add_argument(
        "--fast", dest="profile", action="store_const", const="fast", help="--profile fast"
    )
    speed.add_argument(
        "--thorough",
        dest="profile",
        action="store_const",
        const="thorough",
        help="--profile thorough: every detector on every frame (several times slower)",
    )
    p.add_argument(
        "--crf",
        type=_crf,
        default=20,
        help="video quality, 0-51, lower is better and bigger (default: 20)",
    )
    p.add_argument(
        "--preset",
        choices=X264_PRESETS,
        default="veryfast",
        help="x264 preset: slower ones make smaller files (default: veryfast)",
    )
    p.add_argument("--keep-audio", action="store_true", help="copy the audio of videos unchanged")
    p.add_argument(
        "--keep-metadata",
        type=_keep,
        default=frozenset(),
        metavar="FIELD,...",
        help="keep these harmless metadata fields (all other metadata is always removed): "
        + "; ".join(f"{k}: {v}" for k, v in KEEPABLE.items()),
    )
    p.add_argument(
        "--verify",
        action="store_true",
        help="search each output again and list any face or identifier still found in it "
        "(exit status 3 if there is any); videos: every 5th frame, slow",
    )
    p.add_argument(
        "--timeout",
        type=_seconds,
        metavar="SECONDS",
        help="give up on a file after this long (nothing is written for it) and go on",
    )
    p.add_argument("--overwrite", action="store_true", help="replace output files that exist")
    p.add_argument(
        "--jobs",
        type=_jobs,
        nargs="?",
        const="auto",
        metavar="N",
        help="redact N files at a time, each worker with its own models (--jobs alone or "
        "'auto': one per core); with -o FOLDER a run manifest lets an interrupted batch resume",
    )
    p.add_argument(
        "--ray",
        metavar="auto|local|ADDRESS",
        help="run the batch on a Ray cluster (pip install 'redact[ray]'): 'auto' joins the "
        "cluster this machine is in, 'local' starts one here; inputs and outputs must be on "
        "storage every node sees",
    )
    p.add_argument(
        "--manifest",
        type=Path,
        metavar="FILE",
        help="the batch's run manifest (JSON Lines; default with --jobs and -o FOLDER: "
        "FOLDER/redact-manifest.jsonl): files it records as done are skipped",
    )
    p.add_argument(
        "--report",
        type=Path,
        metavar="PATH",
        help="write a JSON report of the faces found in each file and their frames",
    )
    p.add_argument(
        "--decisions",
        type=Path,
        metavar="FILE",
        help="hide what this decisions file says (from redact review) instead of searching; "
        "one input only",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    p.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    return p


def _crf(value: str) -> int:
    crf = int(value)
    if not 0 <= crf <= 51:
        raise argparse.ArgumentTypeError(f"must be between 0 and 51, got {crf}")
    return crf


def _keep(value: str) -> frozenset[str]:
    try:
        return keepable(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _jobs(value: str) -> int:
    if value == "auto":
        return os.cpu_count() or 1
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of jobs: {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("--jobs must be at least 1")
    return jobs


def _seconds(value: str) -> float:
    seconds = float(value)
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, got {value}")
    return seconds


def _expand(inputs: list[Path]) -> Iterator[tuple[Path, Path | None]]:
    """(file, folder it was found under or None) for every input, folders walked recursively."""
    for path in inputs:
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and kind_of(f) and ".redacted." not in f.name:
                    yield f, path
        else:
            yield path, None


def _plan(args: argparse.Namespace) -> list[tuple[Path, Path]]:
    """(input, output) pairs. Into an output folder, files keep their names (and sub-folders)."""
    files = list(_expand(args.inputs))
    out = args.output
    into_folder = out is not None and (
        out.is_dir() or len(files) > 1 or any(root is not None for _, root in files)
    )
    if into_folder and out.exists() and not out.is_dir():
        raise RedactError(f"output {out} is a file, but these inputs need a folder")
    plan = []
    for src, root in files:
        if out is None:
            dst = default_output(src)
        elif into_folder:
            rel = src.relative_to(root) if root is not None else Path(src.name)
            dst = (out / rel).with_suffix(default_output(src).suffix)
        else:
            dst = out
        plan.append((src, dst))
    return plan


class Progress:
    """A one-line progress bar on a terminal's stderr; silent otherwise."""

    def __init__(self, name: str, enabled: bool) -> None:
        self.name, self.enabled, self.start = name, enabled, time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        frac = min(1.0, done / total) if total else 0.0
        fps = done / max(1e-6, time.monotonic() - self.start)
        bar = "#" * int(frac * 30)
        sys.stderr.write(
            f"\r{self.name[:30]:30s} [{bar:30s}] {frac:4.0%} {done}/{total} {fps:5.1f} fps"
        )
        sys.stderr.flush()

    def end(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def opencv_distributions() -> list[str]:
    """The installed OpenCV distributions; more than one break each other's ``cv2``."""
    import importlib.metadata

    names = {d.metadata["Name"] for d in importlib.metadata.distributions()}
    return sorted(n for n in names if n and n.lower().startswith("opencv"))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _terminate(signum: int, frame: object) -> None:
    """Ctrl-C or SIGTERM: remove unfinished outputs and exit at once.

    Raising KeyboardInterrupt instead would unwind through whatever runs, and an exception thrown
    inside native code (a model loading) aborts the process before any cleanup.
    """
    remove_unfinished()
    os.write(2, b"redact: interrupted; unfinished outputs were removed\n")
    os._exit(128 + signum)


def run(args: argparse.Namespace) -> int:
    try:
        plan = _plan(args)
    except RedactError as exc:
        print(f"redact: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not plan:
        print("redact: no photos or videos found in the inputs", file=sys.stderr)
        return EXIT_FAILED
    decisions = None
    if args.decisions is not None:
        if len(plan) != 1:
            print("redact: --decisions takes exactly one input", file=sys.stderr)
            return EXIT_USAGE
        try:
            decisions = Decisions.load(args.decisions)
        except RedactError as exc:
            print(f"redact: {exc}", file=sys.stderr)
            return EXIT_FAILED
    reports: list[FileReport] = []
    show_progress = sys.stderr.isatty() and not args.quiet
    try:
        deny = read_terms(args.deny) if args.deny else []
        allow = read_terms(args.allow) if args.allow else []
    except (OSError, UnicodeDecodeError) as exc:
        print(f"redact: cannot read the word list: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.jobs is not None or args.manifest is not None or args.ray is not None:
        if decisions is not None:
            print("redact: --decisions takes one input, not a batch", file=sys.stderr)
            return EXIT_USAGE
        return _run_batch(args, plan, _options(args, deny, allow))
    with Redactor(_options(args, deny, allow)) as redactor:
        for src, dst in plan:
            progress = Progress(src.name, show_progress)
            try:
                if dst.exists() and not args.overwrite:
                    raise RedactError(f"output {dst} exists (use --overwrite to replace it)")
                dst.parent.mkdir(parents=True, exist_ok=True)
                report = redactor.redact_file(
                    src,
                    dst,
                    progress=progress,
                    timeout=args.timeout,
                    verify=args.verify,
                    decisions=decisions,
                )
            except Exception as exc:  # one line per failed file, whatever went wrong
                progress.end()
                if args.debug:
                    logging.getLogger("redact").exception("failed: %s", src)
                reason = one_line(exc)
                print(f"redact: {src}: {reason}", file=sys.stderr)
                reports.append(FileReport(input=str(src), error=reason))
                continue
            progress.end()
            reports.append(report)
            if not args.quiet:
                faces = sum(r.kind == "face" for r in report.regions)
                texts = len(report.regions) - faces
                hidden = f"{_count(faces, 'face')}, {_count(texts, 'text region')}"
                print(f"{src} -> {dst}: {hidden} hidden")
            if report.leftovers:
                print(f"redact: {dst}: {_leftovers(report)}", file=sys.stderr)
    return _finish(args, reports, tally=True)


def _finish(args: argparse.Namespace, reports: list[FileReport], tally: bool) -> int:
    """Write the ``--report``, and the exit status; ``tally``: say how many files failed."""
    failed = [r for r in reports if not r.ok]
    if args.report is not None:
        try:
            write_report(reports, args.report)
        except (RedactError, OSError) as exc:
            print(f"redact: cannot write the report {args.report}: {exc}", file=sys.stderr)
            return EXIT_FAILED
    if tally and failed and len(reports) > 1:
        print(f"redact: {len(failed)} of {len(reports)} files failed", file=sys.stderr)
    if failed:
        return EXIT_FAILED
    return EXIT_LEFTOVERS if any(r.leftovers for r in reports) else EXIT_OK


def _options(args: argparse.Namespace, deny: list[str], allow: list[str]) -> Options:
    """The settings the command line gave."""
    return Options(
        mode=args.mode,
        mask=args.mask,
        margin=args.margin,
        keep_audio=args.keep_audio,
        text=args.text,
        deny=deny,
        allow=allow,
        ocr=args.ocr,
        profile=args.profile,
        crf=args.crf,
        preset=args.preset,
        keep_metadata=args.keep_metadata,
    )


def _run_batch(args: argparse.Namespace, plan, options: Options) -> int:
    """``--jobs`` / ``--manifest`` / ``--ray``: the files in worker processes, with a run
    manifest."""
    from redact.batch import Batch

    manifest = args.manifest
    into_folder = args.output is not None and (
        args.output.is_dir() or len(plan) > 1 or any(p.is_dir() for p in args.inputs)
    )
    if manifest is None and into_folder:
        manifest = args.output / "redact-manifest.jsonl"
    if manifest is not None:
        try:
            manifest.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            print(f"redact: cannot write the manifest {manifest}: {exc}", file=sys.stderr)
            return EXIT_FAILED
    batch = Batch(
        plan, options, args.jobs or 1, manifest, args.timeout, args.verify, args.overwrite, args.ray
    )
    todo, done = batch.todo()
    progress = BatchProgress(len(todo), sys.stderr.isatty() and not args.quiet)
    if done and not args.quiet:
        print(f"redact: {_count(len(done), 'file')} already done (manifest {manifest})")
    reports = []
    for report in batch.run(progress.file_done):
        reports.append(report)
        if report.error is not None:
            progress.clear()
            print(f"redact: {report.input}: {report.error}", file=sys.stderr)
        elif not args.quiet:
            progress.clear()
            print(
                f"{report.input} -> {report.output}: {_count(len(report.regions), 'region')} hidden"
            )
        if report.leftovers:
            print(f"redact: {report.output}: {_leftovers(report)}", file=sys.stderr)
    progress.end()
    if not args.quiet:
        print(progress.summary(len(done), sum(not r.ok for r in reports)))
    return _finish(args, reports, tally=False)  # the summary counts the failures


class BatchProgress:
    """One line for the whole batch on a terminal's stderr: files done and failed, frames per
    second, time left."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled = total, enabled
        self.done = self.failed = self.frames = 0
        self.start = time.monotonic()

    def file_done(self, report: FileReport, seconds: float) -> None:
        self.done += 1
        self.failed += report.error is not None
        self.frames += report.frames
        if self.enabled:
            elapsed = max(1e-6, time.monotonic() - self.start)
            left = elapsed / self.done * (self.total - self.done)
            sys.stderr.write(
                f"\r{self.done}/{self.total} files, {self.failed} failed, "
                f"{self.frames / elapsed:5.1f} frames/s, about {left:4.0f} s left"
            )
            sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")

    def end(self) -> None:
        self.clear()

    def summary(self, skipped: int, failed: int) -> str:
        elapsed = time.monotonic() - self.start
        rows = [
            ("redacted", self.done - failed),
            ("failed", failed),
            ("already done", skipped),
            ("frames", self.frames),
            ("seconds", round(elapsed, 1)),
            ("frames/s", round(self.frames / max(elapsed, 1e-6), 1)),
        ]
        return "\n".join(f"{name:>14}  {value}" for name, value in rows)


def _leftovers(report: FileReport) -> str:
    """What --verify still found in one output, in one line."""
    left = report.leftovers or []
    faces = sum(f.kind == "face" for f in left)
    counts = [(faces, "face"), (len(left) - faces, "identifier")]
    what = ", ".join(_count(n, noun) for n, noun in counts if n)
    where = ""
    if report.type == "video":
        frames = sorted({f.first_frame for f in left})
        more = " ..." if len(frames) > 10 else ""
        where = f" in frames {', '.join(map(str, frames[:10]))}{more}"
    return f"--verify still finds {what}{where}: review this output before sharing it"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("review", "audit"):
        from redact.review.cli import audit_main, review_main

        return (review_main if argv[0] == "review" else audit_main)(argv[1:])
    args = build_parser().parse_args(argv)
    if args.debug:
        logging.basicConfig(level=logging.DEBUG)
    if args.margin < 1:
        print("redact: --margin must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, _terminate)
    opencv = opencv_distributions()
    if len(opencv) > 1:
        keep = "opencv-python-headless"
        print(
            f"redact: warning: {len(opencv)} OpenCV packages are installed ({', '.join(opencv)}) "
            f"and they break each other; keep only {keep}: pip uninstall -y "
            f"{' '.join(o for o in opencv if o != keep)} && "
            f"pip install --force-reinstall --no-deps {keep}",
            file=sys.stderr,
        )
    try:
        return run(args)
    except RedactError as exc:  # e.g. a damaged installation (ModelError)
        if args.debug:
            raise
        print(f"redact: {exc}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    raise SystemExit(main())

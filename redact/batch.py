"""Whole libraries: files redacted in parallel worker processes, each loading the models once,
with a run manifest that lets an interrupted batch resume where it stopped.

The manifest is JSON Lines, one record per file finished or failed::

    {"input": "clips/a.mp4", "input_sha256": "...", "settings": "<sha256 of the settings>",
     "models": "<sha256 of the model hashes>", "output": "out/a.mp4", "output_sha256": "...",
     "status": "ok" | "failed", "error": null | "one line", "seconds": 12.3, "at": "..."}

A file is done when its last record says ``ok`` for the same input bytes, the same settings and
models, and its output is still there with the same bytes; everything else is (re)done. Records
are appended only after the output was renamed into place, so a killed run loses at most the
files in flight, and their temporary files are removed when the batch resumes.

Example:
    >>> from redact.batch import Batch  # doctest: +SKIP
    >>> Batch(plan, Options(), jobs=2, manifest=Path("out/redact-manifest.jsonl")).run()
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from functools import cached_property
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from redact.errors import one_line
from redact.options import Options
from redact.report import FileReport
from redact.review.decisions import file_sha256


def settings_hash(options: Options, verify: bool = False) -> str:
    """A hash of everything that changes the output bytes."""
    o = options
    data = {
        "mode": o.mode.value,
        "mask": o.mask.value,
        "margin": o.margin,
        "keep_audio": o.keep_audio,
        "hold": o.hold,
        "text": o.text.value,
        "deny": sorted(o.deny),
        "allow": sorted(o.allow),
        "ocr": o.ocr.value,
        "profile": repr(o.profile),
        "crf": o.crf,
        "preset": o.preset,
        "keep_metadata": sorted(o.keep_metadata),
        "verify": verify,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def models_hash() -> str:
    """A hash of every shipped model's recorded sha256."""
    from redact.models import manifest

    hashes = {name: rec["sha256"] for name, rec in sorted(manifest().items())}
    return hashlib.sha256(json.dumps(hashes, sort_keys=True).encode()).hexdigest()


@dataclass
class Record:
    """One line of the manifest."""

    input: str
    input_sha256: str
    settings: str
    models: str
    output: str
    output_sha256: str | None
    status: str
    error: str | None
    seconds: float
    at: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))


class Manifest:
    """The run manifest: read what was done, append what is done."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.last: dict[str, dict[str, Any]] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    record = json.loads(line)
                    self.last[record["input"]] = record
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by a crash: that file is simply redone

    def done(self, src: Path, dst: Path, input_sha: str, settings: str, models: str) -> bool:
        r = self.last.get(str(src))
        return bool(
            r
            and r.get("status") == "ok"
            and r.get("input_sha256") == input_sha
            and r.get("settings") == settings
            and r.get("models") == models
            and r.get("output") == str(dst)
            and dst.is_file()
            and file_sha256(dst) == r.get("output_sha256")
        )

    def append(self, record: Record) -> None:
        line = json.dumps(asdict(record), sort_keys=True) + "\n"
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(line)
            f.flush()
            os.fsync(f.fileno())
        self.last[record.input] = asdict(record)


def remove_stale_parts(dst: Path) -> None:
    """Temporary files a killed run left while writing ``dst`` (see `redact.media.atomic`)."""
    for part in dst.parent.glob(f".{dst.stem}.*.part{dst.suffix}"):
        with contextlib.suppress(OSError):
            part.unlink()


# -- workers ---------------------------------------------------------------------------------
_redactor: Any = None


def _start_worker(options: Options, threads: int) -> None:
    """In each worker process: one Redactor, models loaded once, for every file it is given."""
    global _redactor
    from dataclasses import replace

    from redact.redactor import Redactor

    _redactor = Redactor(replace(options, threads=threads))


def redact_one(
    src: str, dst: str, timeout: float | None, verify: bool, redactor: Any = None
) -> tuple[FileReport, float]:
    """One file, in a worker: its report (``error`` set on failure) and the seconds it took."""
    start = time.monotonic()
    try:
        report = (redactor or _redactor).redact_file(
            Path(src), Path(dst), timeout=timeout, verify=verify
        )
    except Exception as exc:  # one line per failed file, whatever went wrong
        report = FileReport(input=src, error=one_line(exc))
    return report, time.monotonic() - start


def _ray_redact(src: str, dst: str, timeout, verify, options):
    """A Ray task: one file with this worker process's Redactor (made on its first file)."""
    global _redactor
    if _redactor is None:
        _start_worker(options, threads=1)
    remove_stale_parts(Path(dst))  # a worker that died on this file before
    Path(dst).parent.mkdir(parents=True, exist_ok=True)
    return redact_one(src, dst, timeout, verify)


@dataclass
class _Split:
    manifest: Manifest | None
    settings: str
    models: str
    todo: list[tuple[Path, Path, str]]
    done: list[tuple[Path, Path]]


@dataclass
class Batch:
    """A set of (input, output) pairs redacted with one set of options.

    Args:
        plan: (input, output) pairs.
        options: the settings for every file.
        jobs: worker processes (each with its own models); 1 runs in this process.
        manifest: the JSON Lines manifest; files it records as done are skipped.
        timeout: per file, seconds.
        verify: search each output again (see ``redact --verify``).
        overwrite: replace outputs that exist but the manifest does not record as done.
        ray: run the files as Ray tasks instead of local processes: ``"auto"`` (the cluster
            this machine is part of, see ``ray start``), ``"local"`` (a private Ray on this
            machine, on loopback) or a cluster's address. Inputs and outputs must be on storage
            every node sees, at the same paths. A worker that dies mid-file is replaced and the
            file retried; its partial output is removed first.
    """

    plan: list[tuple[Path, Path]]
    options: Options
    jobs: int = 1
    manifest: Path | None = None
    timeout: float | None = None
    verify: bool = False
    overwrite: bool = False
    ray: str | None = None

    def __post_init__(self) -> None:
        if self.jobs < 1:
            raise ValueError(f"jobs must be >= 1, got {self.jobs}")

    @cached_property
    def _split(self) -> _Split:
        """The manifest as read, the hashes, and the plan split into files to do (with their
        input sha256, largest first) and files already done: every input is read once."""
        manifest = Manifest(self.manifest) if self.manifest else None
        settings, models = settings_hash(self.options, self.verify), models_hash()
        todo, done = [], []
        for src, dst in self.plan:
            sha = file_sha256(src) if src.is_file() else ""
            if manifest and sha and manifest.done(src, dst, sha, settings, models):
                done.append((src, dst))
            else:
                todo.append((src, dst, sha))
        todo.sort(key=lambda t: -(t[0].stat().st_size if t[0].is_file() else 0))
        return _Split(manifest, settings, models, todo, done)

    def todo(self) -> tuple[list[tuple[Path, Path, str]], list[tuple[Path, Path]]]:
        """(files to do, with their input sha256; files already done), largest first."""
        return self._split.todo, self._split.done

    def run(
        self, on_done: Callable[[FileReport, float], None] | None = None
    ) -> Iterator[FileReport]:
        """Redact every file not yet done; yield each file's report as it finishes."""
        from redact.errors import RedactError

        manifest = self._split.manifest
        ready = []
        for src, dst, sha in self._split.todo:
            remove_stale_parts(dst)
            # An output an earlier run of this batch wrote is redone in place (the input or the
            # settings changed); any other existing file is left alone unless --overwrite.
            earlier = manifest.last.get(str(src), {}) if manifest is not None else {}
            if dst.exists() and not self.overwrite and earlier.get("output") != str(dst):
                error = f"output {dst} exists (use --overwrite to replace it)"
                report = FileReport(input=str(src), error=error)
                yield self._record(src, dst, sha, report, 0.0, on_done)
                continue
            try:
                dst.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise RedactError(f"cannot make the output folder {dst.parent}: {exc}") from exc
            ready.append((src, dst, sha))
        for (src, dst, sha), (report, seconds) in self._work(ready):
            yield self._record(src, dst, sha, report, seconds, on_done)

    def _work(self, ready):
        if self.ray is not None:
            yield from self._work_on_ray(ready)
            return
        if self.jobs == 1 or len(ready) <= 1:
            from redact.redactor import Redactor

            with Redactor(self.options) as redactor:
                for item in ready:
                    args = (str(item[0]), str(item[1]), self.timeout, self.verify, redactor)
                    yield item, redact_one(*args)
            return
        threads = max(1, (os.cpu_count() or 1) // self.jobs)
        pool = ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=get_context("spawn"),
            initializer=_start_worker,
            initargs=(self.options, threads),
        )
        with pool:
            pending: dict[Future, tuple] = {}
            queue = list(ready)
            while queue or pending:
                while queue and len(pending) < self.jobs * 2:
                    item = queue.pop(0)
                    args = (str(item[0]), str(item[1]), self.timeout, self.verify)
                    pending[pool.submit(redact_one, *args)] = item
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    item = pending.pop(future)
                    yield item, future.result()

    def _work_on_ray(self, ready):
        """The files as Ray tasks; each Ray worker process keeps one Redactor for every file it
        is given (models loaded once), and Ray retries a file whose worker died."""
        import ray

        started = False
        if not ray.is_initialized():
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # nothing leaves the cluster
            if self.ray == "local":
                ray.init(
                    num_cpus=self.jobs if self.jobs > 1 else None,
                    include_dashboard=False,
                    _node_ip_address="127.0.0.1",
                    log_to_driver=False,
                    logging_level=logging.ERROR,
                )
            else:
                ray.init(address=self.ray, log_to_driver=False, logging_level=logging.ERROR)
            started = True
        try:
            task = ray.remote(num_cpus=1, max_retries=3)(_ray_redact)
            pending = {
                task.remote(str(src), str(dst), self.timeout, self.verify, self.options): (
                    src,
                    dst,
                    sha,
                )
                for src, dst, sha in ready
            }
            while pending:
                finished, _ = ray.wait(list(pending), num_returns=1)
                for ref in finished:
                    item = pending.pop(ref)
                    try:
                        report, seconds = ray.get(ref)
                    except ray.exceptions.RayError as exc:  # retries spent
                        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                        report = FileReport(input=str(item[0]), error=f"ray: {message}")
                        seconds = 0.0
                    yield item, (report, seconds)
        finally:
            if started:
                ray.shutdown()

    def _record(self, src, dst, sha, report, seconds, on_done):
        """Append ``src``'s record to the manifest and tell ``on_done``; the report."""
        ok = report.error is None
        split = self._split
        if split.manifest is not None:
            split.manifest.append(
                Record(
                    input=str(src),
                    input_sha256=sha,
                    settings=split.settings,
                    models=split.models,
                    output=str(dst),
                    output_sha256=file_sha256(dst) if ok and dst.is_file() else None,
                    status="ok" if ok else "failed",
                    error=report.error,
                    seconds=round(seconds, 3),
                )
            )
        if on_done is not None:
            on_done(report, seconds)
        return report

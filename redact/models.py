"""Shipped model files: where they are, and that they are the files we recorded.

Models travel inside the wheel as ``redact/_models/`` (from the repository's ``models/`` folder) and
are found with `importlib.resources`; nothing is ever downloaded. Every file is checked against the
sha256 in ``manifest.json`` before use.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache, partial
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from redact._fpu import flush_denormals
from redact.errors import ModelError

T = TypeVar("T")
U = TypeVar("U")
MAX_AT_ONCE = 4  # most runs of one model at once: each holds its own tensors


def models_dir() -> Path:
    """The folder holding the shipped models (installed wheel, or the source checkout)."""
    packaged = resources.files("redact").joinpath("_models")
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parent.parent / "models"
    if checkout.is_dir():
        return checkout
    raise ModelError("redact's model folder is missing: reinstall redact")


@cache
def manifest() -> dict[str, dict[str, str]]:
    """The recorded provenance and sha256 of every shipped model."""
    return json.loads((models_dir() / "manifest.json").read_text())


def onnx_session(data: bytes, threads: int, arena: bool = False):
    """An onnxruntime CPU session for a model's bytes, quiet, with ``threads`` intra-op threads
    (0: onnxruntime's default, every core) and one inter-op thread. ``arena``: keep onnxruntime's
    memory arena, which holds its peak for good but saves allocating each run's tensors anew
    (worth it for a small network run often on large frames)."""
    from redact._quiet import import_onnxruntime

    ort = import_onnxruntime()

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Idle pool threads sleep instead of spinning: the decoder, the encoder and the other
    # detectors need those cores.
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.enable_cpu_mem_arena = arena  # the arena keeps its peak for good: hundreds of MB
    # Values too small for a float's normal range count as zero: on Intel CPUs each one costs a
    # slow microcode path, and the float models meet many (PP-OCR's line detector: a third of
    # its time on such a CPU). The outputs move by less than any threshold can see. It reaches
    # onnxruntime's own threads, and the thread that makes the process's first session; the
    # threads redact starts set it themselves (`redact._fpu`).
    opts.add_session_config_entry("session.set_denormal_as_zero", "1")
    return ort.InferenceSession(data, opts, providers=["CPUExecutionProvider"])


@cache
def model_bytes(name: str) -> bytes:
    """The contents of shipped model ``name``, after checking its sha256.

    Raises:
        ModelError: the model is unknown, missing, or does not match its recorded hash.
    """
    record = manifest().get(name)
    if record is None:
        raise ModelError(f"unknown model {name!r}; shipped models: {', '.join(sorted(manifest()))}")
    path = models_dir() / name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"model file {name} is missing ({path}): reinstall redact") from exc
    if hashlib.sha256(data).hexdigest() != record["sha256"]:
        raise ModelError(f"model file {name} does not match its recorded sha256: reinstall redact")
    return data


class SessionCache:
    """onnxruntime sessions by key (a model built for one input size), the ``size`` most
    recently used kept: a video's frames all have one size, a batch of photos a few."""

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self._sessions: OrderedDict[Hashable, object] = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], object]):
        if key in self._sessions:
            self._sessions.move_to_end(key)
            return self._sessions[key]
        session = self._sessions[key] = make()
        while len(self._sessions) > self.size:
            self._sessions.popitem(last=False)
        return session

    def clear(self) -> None:
        self._sessions.clear()


class Runs:
    """A model's session, and runs of it several at once.

    ``session`` runs one input on ``threads`` intra-op threads. `map` runs a list of inputs: a
    single one on ``session``, several up to ``threads`` at once (at most four), each on a
    thread of its own, through one shared session with one intra-op thread. For PP-OCR's line
    detector on a photo's tiles that takes about a quarter less time than one tile at a time on
    every thread, and batching tiles took more (docs/benchmarks/photo.md).

    Args:
        data: the model's bytes.
        threads: intra-op threads of ``session`` and runs at once in `map` (0: every core).
        arena: ``session`` keeps onnxruntime's memory arena (see `onnx_session`).
        arena_at_once: so does the one-thread session of `map`.
    """

    def __init__(
        self, data: bytes, threads: int, arena: bool = False, arena_at_once: bool = False
    ) -> None:
        self.session: Any = onnx_session(data, threads, arena)
        self.workers = min(MAX_AT_ONCE, threads or os.cpu_count() or 1)
        self._data, self._arena_at_once = data, arena_at_once
        self._single: Any = None  # made for the first map of several inputs

    def map(self, run: Callable[[Any, T], U], items: Sequence[T]) -> list[U]:
        """``run(session, item)`` for each item, in order, several at once when there are
        several."""
        if len(items) <= 1 or self.workers == 1:
            return [run(self.session, item) for item in items]
        if self._single is None:
            self._single = onnx_session(self._data, 1, self._arena_at_once)
        workers = min(self.workers, len(items))
        with ThreadPoolExecutor(workers, "redact-runs", initializer=flush_denormals) as pool:
            return list(pool.map(partial(run, self._single), items))

    def close(self) -> None:
        self.session = self._single = None

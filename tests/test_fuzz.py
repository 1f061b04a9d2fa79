"""Mutated sample files (hypothesis): every outcome is a redacted output or a clean error with
nothing written; never another exception, a crash or a hang. Bounded: about a minute in CI."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from redact import Redactor  # noqa: E402
from redact.errors import RedactError  # noqa: E402

LIMIT = 20.0  # seconds a mutated file may take (the time limit makes a hang an error)


def _seeds() -> dict[str, bytes]:
    folder = Path(tempfile.mkdtemp())
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 255, (48, 64, 3), np.uint8)).save(folder / "s.png")
    Image.fromarray(rng.integers(0, 255, (48, 64, 3), np.uint8)).save(folder / "s.jpg")
    with av.open(str(folder / "s.mp4"), "w") as c:
        s = c.add_stream("libx264", rate=10)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        for _ in range(6):
            rgb = rng.integers(0, 255, (48, 64, 3), np.uint8)
            c.mux(s.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")))
        c.mux(s.encode(None))
    seeds = {p.suffix: p.read_bytes() for p in folder.iterdir()}
    shutil.rmtree(folder)
    return seeds


SEEDS = _seeds()


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[suffix])
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["flip", "cut", "splice", "zero"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if how == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif how == "cut":
            del data[at:]
        elif how == "splice":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif how == "zero":
            data[at : at + draw(st.integers(1, 256))] = b"\0" * 8
    return suffix, bytes(data)


@pytest.fixture(scope="module")
def redactor():
    with Redactor(text="off") as r:
        yield r


@pytest.mark.slow
@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,  # the same files every run
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=mutated())
def test_a_mutated_file_is_redacted_or_refused_cleanly(redactor, case, tmp_path):
    suffix, data = case
    work = Path(tempfile.mkdtemp(dir=tmp_path))
    src, dst = work / f"in{suffix}", work / f"out{suffix}"
    src.write_bytes(data)
    start = time.monotonic()
    try:
        redactor.redact_file(src, dst, timeout=LIMIT)
    except RedactError as exc:
        hypothesis.event(f"refused: {type(exc).__name__}")
        assert not dst.exists()
    else:
        hypothesis.event(f"redacted {suffix}")
        assert dst.stat().st_size > 0
    assert time.monotonic() - start < LIMIT + 10
    assert src.read_bytes() == data  # the input is never touched
    assert sorted(p.name for p in work.iterdir()) in ([src.name], sorted([src.name, dst.name]))

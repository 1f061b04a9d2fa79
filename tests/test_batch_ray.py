"""Batches on Ray: a private cluster on loopback gives the same bytes and manifest as a local
run, and a worker killed mid-file is replaced without leaving a partial output.

Marked slow and ray: each test starts Ray (a few seconds) and redacts a small library.
"""

import json
import os
import shutil
import signal
import threading
import time

import pytest

from redact.cli import main

ray = pytest.importorskip("ray")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.ray,
    pytest.mark.enable_socket,  # Ray's processes talk on loopback only
    pytest.mark.allow_hosts(["127.0.0.1"]),
]


@pytest.fixture
def library(tmp_path, samples):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(samples / "people.jpg", folder)
    shutil.copy(samples / "ward.jpg", folder)
    shutil.copy(samples / "clip.mp4", folder)
    shutil.copy(samples / "motion_clip.mp4", folder)
    return folder


def outputs(folder):
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.suffix != ".jsonl"
    }


def manifest(folder):
    records = [json.loads(x) for x in (folder / "redact-manifest.jsonl").read_text().splitlines()]
    for r in records:
        r.pop("at"), r.pop("seconds")
        r["input"], r["output"] = os.path.basename(r["input"]), os.path.basename(r["output"])
    return sorted(records, key=lambda r: r["input"])


def test_ray_gives_the_same_bytes_and_manifest_as_local(library, tmp_path):
    assert main([str(library), "-o", str(tmp_path / "local"), "--jobs", "2", "-q"]) == 0
    assert (
        main([str(library), "-o", str(tmp_path / "ray"), "--ray", "local", "--jobs", "2", "-q"])
        == 0
    )
    assert outputs(tmp_path / "ray") == outputs(tmp_path / "local")
    assert manifest(tmp_path / "ray") == manifest(tmp_path / "local")


def _ray_workers_on(name):
    """PIDs of Ray worker processes running a task (their title is ``ray::<function>``)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    if f"ray::{name}".encode() in f.read():
                        pids.append(int(entry))
            except OSError:
                continue
    return pids


def test_a_worker_killed_mid_file_is_replaced_and_leaves_no_partial_file(library, tmp_path):
    reference = tmp_path / "reference"
    assert main([str(library), "-o", str(reference), "--jobs", "2", "-q"]) == 0
    out = tmp_path / "out"
    killed = []

    def kill_one_mid_file():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not killed:
            if out.exists() and list(out.glob(".*.part*")):  # a file is being written
                for pid in _ray_workers_on("_ray_redact")[:1]:
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
            time.sleep(0.02)

    killer = threading.Thread(target=kill_one_mid_file, daemon=True)
    killer.start()
    assert main([str(library), "-o", str(out), "--ray", "local", "--jobs", "2", "-q"]) == 0
    killer.join(timeout=5)
    assert killed, "no worker was caught mid-file"
    assert outputs(out) == outputs(reference)
    assert not list(out.glob(".*.part*"))
    records = [json.loads(x) for x in (out / "redact-manifest.jsonl").read_text().splitlines()]
    assert sorted(r["status"] for r in records) == ["ok"] * 4

"""Batches: parallel workers give the same bytes, the manifest resumes, a killed run recovers."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace

import pytest

from redact.batch import Manifest, Record, models_hash, remove_stale_parts, settings_hash
from redact.cli import main
from redact.options import Options
from redact.review.decisions import file_sha256


def record(src, dst, **kw):
    base = dict(
        input=str(src),
        input_sha256=file_sha256(src),
        settings=settings_hash(Options()),
        models=models_hash(),
        output=str(dst),
        output_sha256=file_sha256(dst),
        status="ok",
        error=None,
        seconds=1.0,
    )
    return Record(**{**base, **kw})


def test_a_file_is_done_only_with_the_same_input_settings_models_and_output(tmp_path):
    src, dst = tmp_path / "a.jpg", tmp_path / "out.jpg"
    src.write_bytes(b"input")
    dst.write_bytes(b"output")
    m = Manifest(tmp_path / "m.jsonl")
    m.append(record(src, dst))
    again = Manifest(tmp_path / "m.jsonl")
    sha, settings, models = file_sha256(src), settings_hash(Options()), models_hash()
    assert again.done(src, dst, sha, settings, models)
    assert not again.done(src, dst, "0" * 64, settings, models)  # the input changed
    assert not again.done(src, dst, sha, settings_hash(Options(margin=2)), models)
    assert not again.done(src, tmp_path / "elsewhere.jpg", sha, settings, models)
    dst.write_bytes(b"tampered")
    assert not again.done(src, dst, sha, settings, models)  # the output changed


def test_the_last_record_wins_and_a_line_cut_short_is_ignored(tmp_path):
    src, dst = tmp_path / "a.jpg", tmp_path / "out.jpg"
    src.write_bytes(b"input")
    dst.write_bytes(b"output")
    m = Manifest(tmp_path / "m.jsonl")
    m.append(record(src, dst))
    m.append(record(src, dst, status="failed", error="boom", output_sha256=None))
    with open(tmp_path / "m.jsonl", "a") as f:
        f.write('{"input": "b.jpg", "stat')  # killed mid-write
    again = Manifest(tmp_path / "m.jsonl")
    assert again.last[str(src)]["status"] == "failed"
    assert not again.done(src, dst, file_sha256(src), settings_hash(Options()), models_hash())


def test_settings_that_change_the_output_change_the_hash():
    base = settings_hash(Options())
    assert settings_hash(Options()) == base
    assert settings_hash(Options(text="all")) != base
    assert settings_hash(Options(profile="thorough")) != base
    assert settings_hash(replace(Options(), crf=21)) != base
    assert settings_hash(Options(), verify=True) != base


def test_a_killed_run_s_temporary_files_are_removed(tmp_path):
    dst = tmp_path / "clip.mp4"
    (tmp_path / ".clip.abc123.part.mp4").write_bytes(b"half")
    (tmp_path / ".other.abc123.part.mp4").write_bytes(b"not ours")
    remove_stale_parts(dst)
    assert [p.name for p in tmp_path.iterdir()] == [".other.abc123.part.mp4"]


@pytest.fixture
def library(tmp_path, samples):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(samples / "people.jpg", folder)
    shutil.copy(samples / "ward.jpg", folder / "sub")
    shutil.copy(samples / "clip.mp4", folder)
    shutil.copy(samples / "motion_clip.mp4", folder / "sub")
    return folder


def outputs(folder):
    return {
        p.relative_to(folder): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix != ".jsonl"
    }


@pytest.mark.slow
def test_two_jobs_give_the_same_bytes_as_one(library, tmp_path):
    assert main([str(library), "-o", str(tmp_path / "one"), "--jobs", "1", "-q"]) == 0
    assert main([str(library), "-o", str(tmp_path / "two"), "--jobs", "2", "-q"]) == 0
    one, two = outputs(tmp_path / "one"), outputs(tmp_path / "two")
    assert len(one) == 4 and one == two
    lines = (tmp_path / "two" / "redact-manifest.jsonl").read_text().splitlines()
    assert sorted(json.loads(x)["status"] for x in lines) == ["ok"] * 4


@pytest.mark.slow
def test_a_changed_input_or_setting_is_redone_and_nothing_else(library, tmp_path, samples):
    out = tmp_path / "out"
    assert main([str(library), "-o", str(out), "--jobs", "2", "-q"]) == 0
    manifest = out / "redact-manifest.jsonl"
    assert len(manifest.read_text().splitlines()) == 4
    assert main([str(library), "-o", str(out), "--jobs", "2", "-q"]) == 0
    assert len(manifest.read_text().splitlines()) == 4  # all done: nothing redone
    shutil.copy(samples / "people.jpg", library / "people.jpg")  # the same bytes: still done
    (library / "sub" / "ward.jpg").write_bytes((samples / "people.jpg").read_bytes())
    assert main([str(library), "-o", str(out), "--jobs", "2", "-q"]) == 0
    redone = [json.loads(x)["input"] for x in manifest.read_text().splitlines()[4:]]
    assert redone == [str(library / "sub" / "ward.jpg")]
    assert main([str(library), "-o", str(out), "--jobs", "2", "-q", "--text", "off"]) == 0
    assert len(manifest.read_text().splitlines()) == 5 + 4  # a new setting: every file again


@pytest.mark.slow
def test_a_batch_killed_mid_run_resumes_to_the_same_outputs(library, tmp_path):
    reference = tmp_path / "reference"
    assert main([str(library), "-o", str(reference), "--jobs", "1", "-q"]) == 0
    out = tmp_path / "out"
    manifest = out / "redact-manifest.jsonl"
    cmd = [sys.executable, "-m", "redact", str(library), "-o", str(out), "--jobs", "2", "-q"]
    proc = subprocess.Popen(cmd, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and manifest.read_text().count("\n") >= 1:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, mid-run
    proc.wait()
    first = manifest.read_text().count("\n") if manifest.exists() else 0
    assert first < 4, "the batch finished before it could be killed"
    assert main([str(library), "-o", str(out), "--jobs", "2", "-q"]) == 0
    assert outputs(out) == outputs(reference)  # complete, and the same bytes
    assert not [p for p in out.rglob(".*.part*")]  # no partial file left
    records = [json.loads(x) for x in manifest.read_text().splitlines()]
    done = [r["input"] for r in records if r["status"] == "ok"]
    assert sorted(done) == sorted(set(done)) and len(done) == 4  # none twice

"""What a fresh install must leave behind."""

import importlib.metadata
import json

import pytest


def test_exactly_one_opencv_distribution_is_installed():
    opencv = sorted(
        d.metadata["Name"]
        for d in importlib.metadata.distributions()
        if (d.metadata["Name"] or "").lower().startswith("opencv")
    )
    assert len(opencv) == 1, f"two cv2 distributions break each other: {opencv}"


def test_the_installed_wheel_carries_its_models():
    try:
        dist = importlib.metadata.distribution("redact")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("redact is not installed; running from the source tree")
    direct = json.loads(dist.read_text("direct_url.json") or "{}")
    if direct.get("dir_info", {}).get("editable"):
        pytest.skip("editable install: models come from the checkout")
    files = {str(f) for f in dist.files or []}
    for name in (
        "centerface.onnx",
        "centerface_int8.onnx",
        "PP-OCRv6_det_small_int8.onnx",
        "PP-OCRv6_rec_small_int8.onnx",
        "face_detection_full_range_sparse.tflite",
        "manifest.json",
    ):
        assert f"redact/_models/{name}" in files


def test_no_network_library_is_imported_by_redact():
    """Nothing in redact's import graph reaches for HTTP (models ship in the wheel)."""
    import subprocess
    import sys

    code = (
        "import sys, redact, redact.detect, redact.cli; "
        "print(sorted(m for m in ('requests', 'urllib3', 'httpx') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_suite_runs_with_network_sockets_blocked():
    """pytest-socket (configured in pyproject.toml) blocks sockets, so every test here, models
    and video included, has passed offline."""
    import socket

    with pytest.raises(Exception, match="(?i)socket"):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


def test_the_cli_lists_opencv_distributions_the_way_the_install_check_does():
    from redact.cli import opencv_distributions

    assert len(opencv_distributions()) == 1


@pytest.mark.slow
def test_a_run_writes_nothing_but_its_outputs(samples, tmp_path):
    """No cache, telemetry id or temporary file is left in the home or temporary folders (and
    onnxruntime's telemetry, which also knows an upload address, is switched off), and with -q
    nothing at all is printed: not even the log lines LiteRT writes to fd 2 on loading a model."""
    import os
    import shutil
    import subprocess
    import sys

    home, tmp, work = tmp_path / "home", tmp_path / "tmp", tmp_path / "work"
    for folder in (home, tmp, work):
        folder.mkdir()
    for name in ("people.jpg", "clip.mp4"):
        shutil.copy(samples / name, work / name)
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "TMPDIR": str(tmp)}
    cmd = [sys.executable, "-m", "redact", "people.jpg", "clip.mp4", "-q"]
    done = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and done.stdout == ""
    assert [p for p in home.rglob("*")] == []
    assert [p for p in tmp.rglob("*")] == []
    left = sorted(p.name for p in work.iterdir())
    assert left == ["clip.mp4", "clip.redacted.mp4", "people.jpg", "people.redacted.jpg"]

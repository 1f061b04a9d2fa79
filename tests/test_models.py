import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from redact import models
from redact.errors import ModelError

REPO_MODELS = Path(__file__).resolve().parent.parent / "models"


def test_every_shipped_model_matches_its_recorded_sha256():
    manifest = models.manifest()
    assert manifest, "no models recorded"
    for name, record in manifest.items():
        digest = hashlib.sha256((models.models_dir() / name).read_bytes()).hexdigest()
        assert digest == record["sha256"], name


def test_manifest_records_source_licence_and_path_for_every_file():
    manifest = json.loads((REPO_MODELS / "manifest.json").read_text())
    shipped = {p.name for p in REPO_MODELS.iterdir() if p.suffix in {".onnx", ".tflite"}}
    assert shipped == set(manifest)
    for name, record in manifest.items():
        assert {"sha256", "license"} <= set(record), name
        if "derived_from" in record:  # made here from a shipped model, by a script in the repo
            assert record["derived_from"] in manifest, name
            assert (REPO_MODELS.parent / record["script"]).is_file(), name
        else:  # taken as it is from a published wheel
            assert {"package", "version", "path_in_wheel"} <= set(record), name


def test_models_readme_lists_the_same_hashes_as_the_manifest():
    readme = (REPO_MODELS / "README.md").read_text()
    manifest = json.loads((REPO_MODELS / "manifest.json").read_text())
    assert set(re.findall(r"[0-9a-f]{64}", readme)) == {r["sha256"] for r in manifest.values()}


@pytest.fixture
def model_copy(tmp_path, monkeypatch):
    for f in REPO_MODELS.iterdir():
        shutil.copy(f, tmp_path / f.name)
    monkeypatch.setattr(models, "models_dir", lambda: tmp_path)
    models.manifest.cache_clear()
    models.model_bytes.cache_clear()
    yield tmp_path
    models.manifest.cache_clear()
    models.model_bytes.cache_clear()


def test_when_a_model_is_tampered_with_then_loading_fails_clearly(model_copy):
    path = model_copy / "centerface.onnx"
    data = bytearray(path.read_bytes())
    data[1000] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"centerface.onnx does not match its recorded sha256"):
        models.model_bytes("centerface.onnx")


def test_when_a_model_is_missing_then_the_error_names_it(model_copy):
    (model_copy / "face_detection_short_range.tflite").unlink()
    with pytest.raises(ModelError, match="face_detection_short_range.tflite is missing"):
        models.model_bytes("face_detection_short_range.tflite")


def test_unknown_model_name_is_refused():
    with pytest.raises(ModelError, match="unknown model"):
        models.model_bytes("yunet.onnx")


def test_sessions_count_denormal_values_as_zero_and_give_the_same_lines():
    import numpy as np

    # Two threads: the flag acts on onnxruntime's own pool threads, whichever session came first
    # in this process (the calling thread gets it only from the process's first session).
    session = models.onnx_session(models.model_bytes("PP-OCRv6_det_small.onnx"), threads=2)
    options = session.get_session_options()
    assert options.get_session_config_entry("session.set_denormal_as_zero") == "1"
    # The flag changes speed, not results: the line map of a picture is the same without it.
    import onnxruntime as ort

    plain = ort.SessionOptions()
    plain.intra_op_num_threads = 2
    reference = ort.InferenceSession(
        models.model_bytes("PP-OCRv6_det_small.onnx"), plain, providers=["CPUExecutionProvider"]
    )
    x = np.random.default_rng(0).uniform(-1, 1, (1, 3, 96, 160)).astype(np.float32)
    name = session.get_inputs()[0].name
    a, b = session.run(None, {name: x})[0], reference.run(None, {name: x})[0]
    assert np.abs(a - b).max() < 1e-5


@pytest.mark.parametrize(
    ("name", "shape"),
    [("face_detection_yunet_2023mar.onnx", (96, 160)), ("centerface.onnx", (64, 128))],
)
def test_a_detector_model_sized_without_onnx_runs_at_its_new_size(name, shape):
    import numpy as np

    from redact.detect.centerface import _static_model
    from redact.detect.yunet import _sized_model

    size = _sized_model if name.startswith("face_detection_yunet") else _static_model
    session = models.onnx_session(size(models.model_bytes(name), *shape), threads=1)
    inputs = session.get_inputs()
    # One input (CenterFace's weights, listed as inputs by its exporter, are no longer), fixed.
    assert [i.shape for i in inputs] == [[1, 3, *shape]]
    x = np.random.default_rng(0).uniform(0, 255, (1, 3, *shape)).astype(np.float32)
    outputs = session.run(None, {inputs[0].name: x})
    cells = shape[0] * shape[1]
    if name == "centerface.onnx":  # heatmap, scale, offset, landmarks, a quarter of the size
        quarter = (shape[0] // 4, shape[1] // 4)
        assert [o.shape for o in outputs] == [(1, c, *quarter) for c in (1, 2, 2, 10)]
    else:  # class, objectness, box, landmarks, at strides 8, 16 and 32
        strides = [cells // s**2 for s in (8, 16, 32)]
        assert [o.shape for o in outputs] == [(1, n, c) for c in (1, 1, 4, 10) for n in strides]


def test_a_photo_is_redacted_without_importing_onnx(tmp_path):
    # The onnx package takes over half a second to import: the detectors size their models
    # through protobuf instead, and nothing on the way from a photo to its copy needs it.
    import subprocess
    import sys

    from PIL import Image

    Image.new("RGB", (64, 48), (120, 130, 140)).save(tmp_path / "in.jpg")
    script = (
        "import sys; from redact.cli import main;"
        "code = main([sys.argv[1], '-o', sys.argv[2], '-q']);"
        "assert 'onnx' not in sys.modules, 'onnx was imported'; sys.exit(code)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "in.jpg"), str(tmp_path / "out.jpg")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out.jpg").exists()


def test_a_thread_that_flushes_denormals_computes_them_as_zero():
    import platform
    import threading

    import numpy as np

    from redact._fpu import flush_denormals, flushes_denormals

    if platform.machine() not in ("x86_64", "AMD64"):
        pytest.skip("MXCSR is x86-64's")
    tiny = np.full(4, 1e-39, np.float32)  # below float32's normal range
    seen = {}

    def work(flush: bool) -> None:
        if flush:
            assert flush_denormals()
        seen[flush] = (flushes_denormals(), float((tiny * np.float32(0.5))[0]))

    for flush in (False, True):
        thread = threading.Thread(target=work, args=(flush,))
        thread.start()
        thread.join()
    assert seen[True] == (True, 0.0)
    # Another thread's own setting is untouched (it inherits its creator's, this one's).
    assert seen[False][0] == flushes_denormals()

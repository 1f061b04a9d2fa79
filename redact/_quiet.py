"""Keep the libraries redact runs on from leaving anything on the machine or reaching the network.

onnxruntime's Linux wheels carry Microsoft's telemetry client: on import it writes a device id and
an event store under ``~/.cache/Microsoft`` and a session file in the temporary folder, and it
knows an upload address. ``ORT_DISABLE_TELEMETRY=1``, set before the import, stops all of it.
"""

from __future__ import annotations

import os


def import_onnxruntime():
    """onnxruntime, with its telemetry off."""
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"
    import onnxruntime

    onnxruntime.disable_telemetry_events()  # in case it was imported before redact
    return onnxruntime

"""Keep the libraries redact runs on quiet: no telemetry, no network, no log lines on load.

onnxruntime's Linux wheels carry Microsoft's telemetry client: on import it writes a device id and
an event store under ``~/.cache/Microsoft`` and a session file in the temporary folder, and it
knows an upload address. ``ORT_DISABLE_TELEMETRY=1``, set before the import, stops all of it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator


def import_onnxruntime():
    """onnxruntime, with its telemetry off."""
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"
    import onnxruntime

    onnxruntime.disable_telemetry_events()  # in case it was imported before redact
    return onnxruntime


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Silence native libraries that write straight to file descriptor 2 (LiteRT logs on load)."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all
        yield
        return
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)

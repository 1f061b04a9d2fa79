"""Keep the libraries redact runs on from leaving anything on the machine or reaching the network.

* onnxruntime's Linux wheels carry Microsoft's telemetry client: on import it writes a device id
  and an event store under ``~/.cache/Microsoft`` and a session file in the temporary folder, and
  it knows an upload address. ``ORT_DISABLE_TELEMETRY=1``, set before the import, stops all of it.
* mediapipe imports matplotlib for its drawing helpers, and matplotlib writes a font cache into
  ``~/.cache/matplotlib`` (and spends about a second of CPU building it). redact's import of
  mediapipe gets a stand-in instead; the real matplotlib loads only if something uses it.
"""

from __future__ import annotations

import importlib
import os
import sys
import types


def import_onnxruntime():
    """onnxruntime, with its telemetry off."""
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"
    import onnxruntime

    onnxruntime.disable_telemetry_events()  # in case it was imported before redact
    return onnxruntime


def import_mediapipe_vision():
    """mediapipe's vision tasks, without loading matplotlib: its drawing helpers import pyplot,
    which builds a font cache in the home folder. matplotlib is handed over as a stand-in that
    imports the real thing only if something in mediapipe ever uses it (redact never does)."""
    names = ("matplotlib", "matplotlib.pyplot")
    if "matplotlib.pyplot" in sys.modules:  # the application loaded it already
        from mediapipe.tasks.python import vision

        return vision
    saved = {name: sys.modules.get(name) for name in names}
    package, pyplot = _Later(names[0]), _Later(names[1])
    package.pyplot = pyplot
    sys.modules.update({names[0]: package, names[1]: pyplot})
    try:
        from mediapipe.tasks.python import vision
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    return vision


class _Later(types.ModuleType):
    """Stands in for a module until an attribute is wanted, then imports the real one."""

    def __getattr__(self, attr: str):
        if sys.modules.get(self.__name__) is self:  # still standing in: nothing real to give
            raise AttributeError(attr)
        return getattr(importlib.import_module(self.__name__), attr)

"""Count denormal floats as zero on redact's own threads.

Values too small for a float's normal range take a slow microcode path on Intel CPUs, and the
float networks meet many: PP-OCR's line detector ran at less than half speed on one thread for
them. onnxruntime's ``session.set_denormal_as_zero`` (set on every session, `redact.models`)
covers onnxruntime's own pool threads, and the thread that creates the process's first session,
if that session asked for it; a one-thread session runs on its caller's thread, which the flag
reaches only by that accident. The threads redact starts to run networks on call
`flush_denormals` first.

On x86-64 Linux with glibc only (MXCSR, through ``fegetenv``/``fesetenv``); elsewhere it does
nothing, which costs speed, never results.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import platform
import sys
from functools import cache

_FTZ_DAZ = 0x8040  # MXCSR: flush to zero (bit 15), denormals are zero (bit 6)
_MXCSR = 7  # glibc's x86-64 fenv_t: 28 bytes of x87 state, then the 32-bit MXCSR


@cache
def _libm():
    if not sys.platform.startswith("linux") or platform.machine() not in ("x86_64", "AMD64"):
        return None
    if platform.libc_ver()[0] != "glibc":
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
    except OSError:
        return None


def flush_denormals() -> bool:
    """Count denormal floats as zero on the calling thread; False where that is not possible."""
    libm = _libm()
    if libm is None:
        return False
    env = (ctypes.c_uint32 * 8)()
    if libm.fegetenv(ctypes.byref(env)) != 0:
        return False
    env[_MXCSR] |= _FTZ_DAZ
    return libm.fesetenv(ctypes.byref(env)) == 0


def flushes_denormals() -> bool:
    """Whether the calling thread counts denormal floats as zero."""
    libm = _libm()
    if libm is None:
        return False
    env = (ctypes.c_uint32 * 8)()
    return libm.fegetenv(ctypes.byref(env)) == 0 and env[_MXCSR] & _FTZ_DAZ == _FTZ_DAZ

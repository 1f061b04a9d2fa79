"""Write-then-rename, so that a failed run never leaves a partial output file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from redact.errors import OutputError


@contextlib.contextmanager
def atomic_output(dst: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``dst``; on success it becomes ``dst``, on any error it goes.

    The temporary file keeps ``dst``'s suffix, so encoders that choose a format by extension work.
    """
    folder = dst.parent
    if not folder.is_dir():
        raise OutputError(f"output folder does not exist: {folder}")
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{dst.stem}.", suffix=f".part{dst.suffix}", dir=folder
        )
    except OSError as exc:
        raise OutputError(f"cannot write in {folder}: {exc.strerror or exc}") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dst)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise

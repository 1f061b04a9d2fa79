"""Write-then-rename, so that a failed run never leaves a partial output file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from redact.errors import OutputError

# Temporary outputs still being written, so a signal handler can remove them without unwinding
# the stack (an exception raised inside native code, e.g. while a model loads, aborts the process).
_unfinished: set[Path] = set()


def _file_mode() -> int:
    """The mode a new file gets under this process's umask (temporary files are made 0600).

    The umask can only be read by setting it; for that instant it is the strictest one, so a file
    another thread makes meanwhile is never more open than the user asked."""
    umask = os.umask(0o777)
    os.umask(umask)
    return 0o666 & ~umask


_MODE = _file_mode()  # read once, at import: umask can only be read by setting it


def remove_unfinished() -> None:
    """Delete every temporary output still being written. Safe to call from a signal handler."""
    for tmp in list(_unfinished):
        with contextlib.suppress(OSError):
            tmp.unlink()


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
    _unfinished.add(tmp)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        # Readable like any file the user makes (a team's shared folder), not only by its owner.
        os.chmod(tmp, _MODE)
        os.replace(tmp, dst)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    finally:
        _unfinished.discard(tmp)

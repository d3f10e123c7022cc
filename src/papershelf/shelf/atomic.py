"""Atomic file replacement: write beside the target, then rename over it, so a reader or a crash
never sees half a file. Used for shelf files, exports, caches and the built site."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ..errors import PapershelfError


def atomic_write(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8, newlines untouched).

    ``durable`` flushes to disk before the rename: wanted for the curator's files, not for
    output that can be rebuilt. A failure (read-only folder, full disk) is a PapershelfError
    naming the file, and leaves the old file and no temporary file behind.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise PapershelfError(f"cannot write: {exc.strerror or exc}", file=path,
                              hint="check the folder exists, is writable, and the disk has room") from None
    except BaseException:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise

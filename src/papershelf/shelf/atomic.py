"""Atomic file replacement: write beside the target, then rename over it, so a reader or a crash
never sees half a file. Used for shelf files, exports, caches and the built site."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from ..errors import PapershelfError

_HINT = "check the folder exists, is writable, and the disk has room"


def _umask() -> int:
    """The process's umask, read without changing it where Linux allows (threads may be writing)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_leftovers(path: Path) -> None:
    """Delete temporary files an interrupted write of ``path`` left behind. Only for files
    written under a lock (shelf files), where no other writer can be half-way."""
    prefix, suffix = f".{path.name}.", ".tmp"
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:  # what glob(".name.*.tmp") finds, without compiling a pattern per file
            name = entry.name
            if name.startswith(prefix) and name.endswith(suffix) and len(name) >= len(prefix) + len(suffix):
                os.unlink(entry.path)


def atomic_write(path: Path, data: str | bytes, *, durable: bool = True, replace_leftovers: bool = False) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8, newlines untouched).

    ``durable`` flushes to disk before the rename: wanted for the curator's files, not for
    output that can be rebuilt. The file keeps its mode (a new one gets the umask's); a symlink
    is written through to its target; a read-only file is refused. A failure (read-only folder,
    full disk) is a PapershelfError naming the file, and leaves the old file and no temporary
    file behind. ``replace_leftovers`` also deletes temporary files of earlier, killed writes.
    """
    shown = Path(path)
    path = Path(os.path.realpath(path)) if Path(path).is_symlink() else Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = None
    try:
        old = path.stat() if path.exists() else None
        if old is not None and not old.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise PapershelfError("the file is read-only: not changed", file=shown,
                                  hint="make it writable (chmod u+w) if it should change")
        path.parent.mkdir(parents=True, exist_ok=True)
        if replace_leftovers:
            remove_leftovers(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(old.st_mode) if old is not None else 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise PapershelfError(f"cannot write: {exc.strerror or exc}", file=shown, hint=_HINT) from None
    except BaseException:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise

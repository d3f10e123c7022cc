"""A local catalog of papers from open dumps (Paper Copilot paperlists, the arXiv snapshot,
BibTeX, CSL-JSON): SQLite + FTS5, for offline enrichment and discovery."""

from __future__ import annotations

import os
import sys
from pathlib import Path

FILE_NAME = "catalog.sqlite"


def user_cache_dir() -> Path:
    """The per-user cache folder (XDG on Linux, Library/Caches on macOS, LOCALAPPDATA on Windows)."""
    if os.environ.get("PAPERSHELF_CACHE_DIR"):
        return Path(os.environ["PAPERSHELF_CACHE_DIR"])
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "papershelf"
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "papershelf" / "Cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "papershelf"


def default_path(shelf=None) -> Path:
    """The catalog database: ``[catalog] path`` of the shelf's ``shelf.toml`` (relative to the
    shelf) when set, else ``catalog.sqlite`` in the user's cache folder, shared by all shelves."""
    configured = getattr(getattr(shelf, "config", None), "catalog", None)
    if configured is not None and configured.path:
        path = Path(configured.path).expanduser()
        return path if path.is_absolute() else shelf.root / path
    return user_cache_dir() / FILE_NAME

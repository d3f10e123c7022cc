"""A local catalog of papers from open dumps (Paper Copilot paperlists, the arXiv snapshot,
BibTeX, CSL-JSON): SQLite + FTS5, for offline enrichment and discovery."""

from __future__ import annotations

from pathlib import Path

FILE_NAME = "catalog.sqlite"


def default_path(shelf=None) -> Path:
    """The catalog database: ``[catalog] path`` of the shelf's ``shelf.toml`` (relative to the
    shelf) when set, else ``catalog.sqlite`` in the user's cache folder (shelf.cache.user_cache_root:
    ``$PAPERSHELF_CACHE_DIR`` or the platform's), shared by all shelves: the dumps are the same."""
    from ..shelf.cache import user_cache_root

    configured = getattr(getattr(shelf, "config", None), "catalog", None)
    if configured is not None and configured.path:
        path = Path(configured.path).expanduser()
        return path if path.is_absolute() else shelf.root / path
    return user_cache_root() / FILE_NAME

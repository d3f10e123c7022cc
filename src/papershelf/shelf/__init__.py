"""The shelf layer: loading (fast), querying and editing shelf files (round-trip, atomic, locked)."""

from importlib import import_module

from .cache import cache_dir

__all__ = ["CONFIG_NAME", "cache_dir", "Query", "Shelf", "Stats", "compute_stats", "parse_years", "reading_queue",
           "sort_papers"]
_FROM_QUERY = ("Query", "Stats", "compute_stats", "parse_years", "reading_queue", "sort_papers")


def __getattr__(name: str):
    """The Shelf and its queries on first use: they import pydantic (see :mod:`papershelf`)."""
    if name in ("CONFIG_NAME", "Shelf"):
        return getattr(import_module(f"{__name__}.core"), name)
    if name in _FROM_QUERY:
        return getattr(import_module(f"{__name__}.query"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

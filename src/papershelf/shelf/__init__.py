"""The shelf layer: loading (fast), querying and editing shelf files (round-trip, atomic, locked)."""

from ..lazy import lazy_exports
from .cache import cache_dir

__all__ = ["CONFIG_NAME", "cache_dir", "Query", "Shelf", "Stats", "compute_stats", "parse_years", "reading_queue",
           "sort_papers"]
# The Shelf and its queries on first use: they import pydantic (see papershelf/__init__.py).
__getattr__ = lazy_exports(__name__, {"root": ("CONFIG_NAME",), "core": ("Shelf",),
                                      "query": ("Query", "Stats", "compute_stats", "parse_years", "reading_queue",
                                                "sort_papers")})

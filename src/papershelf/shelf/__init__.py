"""The shelf layer: loading (fast), querying and editing shelf files (round-trip, atomic, locked)."""

from .cache import cache_dir
from .core import CONFIG_NAME, Shelf
from .query import Query, Stats, compute_stats, parse_years, reading_queue, sort_papers

__all__ = ["CONFIG_NAME", "cache_dir", "Query", "Shelf", "Stats", "compute_stats", "parse_years", "reading_queue", "sort_papers"]

"""Finding a shelf's related papers in a process of its own, so that a build keeps both cores
busy: ``SiteBuilder`` starts ``python -m papershelf.site.relatedjob SHELF CACHE`` before it
renders the pages and runs the engine, then reads the lists from the cache file the job wrote
(``discover.related.related_cached``; a job that failed or saw other papers costs only the
lists being found in the builder's process, as before)."""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    from ..discover.related import related_cached
    from ..shelf import Shelf

    shelf_root, cache = argv
    related_cached(Shelf(shelf_root).papers, Path(cache))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Related papers at site build time: `papershelf.discover.related` on synthetic shelves.

    .venv/bin/python benchmarks/discover_related.py [--sizes 1000,10000,100000] [--repeat 3]

Uses the synthetic shelves of benchmarks/generate_shelf.py (written under benchmarks/data/ if
missing; titles only, from a 35-word vocabulary: every paper shares words with thousands of
others, the worst case for neighbour search) and the bundled shelf. Prints the median wall-clock and CPU time of
``related(papers, k=5)`` (vectorising included, the numpy/scipy import not) and of a cached
look-up (``load_related`` under ``related_key``, as a build reads the lists it kept).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_shelf import generate  # noqa: E402


def median_time(fn, repeat: int) -> str:
    """Median wall-clock and CPU time: on a shared machine the CPU time is the steadier one."""
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return f"{statistics.median(wall):.2f} s ({statistics.median(cpu):.2f} s CPU)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import scipy.sparse  # noqa: F401  (imported once, as in a build)

    from papershelf import Shelf
    from papershelf.discover.related import load_related, related, related_key, store_related

    shelves = [("bundled reading-list", HERE.parent / "reading-list")]
    for n in (int(s) for s in args.sizes.split(",")):
        root = HERE / "data" / f"shelf-{n}"
        if not (root / "shelf.toml").exists():
            generate(n, root)
        shelves.append((f"synthetic {n:,}", root))
    print("| shelf | papers | related (k=5) | cached look-up |\n|---|---:|---:|---:|")
    for name, root in shelves:
        papers = Shelf(root).papers
        fresh = median_time(lambda: related(papers), args.repeat)
        with tempfile.TemporaryDirectory() as tmp:
            cache = Path(tmp) / "related.json"
            store_related(cache, related_key(papers), related(papers))
            cached = median_time(lambda: load_related(cache, related_key(papers)), args.repeat)
        print(f"| {name} | {len(papers):,} | {fresh} | {cached} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

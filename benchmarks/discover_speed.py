"""Speed of `papershelf suggest` over a large catalog (issue 12: < 3 s over 1,000,000 catalog
papers after the first run).

    .venv/bin/python benchmarks/discover_speed.py [--papers 1000000] [--repeat 3]

Indexes the catalog benchmark's synthetic dump (benchmarks/catalog_bench.py: arXiv snapshot
JSON lines, seeded, titles of 8-14 and abstracts of 150-240 Zipf-distributed words; written once
under benchmarks/data/) into a catalog of its own under benchmarks/data/discover/, then times:

- the first `suggest` (vectorises the whole catalog once per catalog version);
- later `suggest` runs as whole `papershelf suggest -n 50 --format json` processes (start-up
  included) for the bundled shelf, median of ``--repeat``; and the same in-process, by step.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent / "papershelf"
def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from papershelf.app.discover import suggest
    from papershelf.catalog.store import Catalog
    from papershelf.discover import index as discover_index
    from papershelf.discover.suggest import Query, scores
    from papershelf.shelf import Shelf

    sys.path.insert(0, str(HERE))
    from catalog_bench import synthetic_dump

    folder = HERE / "data" / "discover" / f"synthetic-{args.papers}"
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "catalog.sqlite"
    t = time.perf_counter()
    dump = synthetic_dump(args.papers)
    print(f"synthetic dump: {time.perf_counter() - t:.0f} s", file=sys.stderr)
    catalog = Catalog.open(db)
    if catalog.count() != args.papers:
        print(f"catalog add: {timed(lambda: catalog.add([dump])):.0f} s", file=sys.stderr)
    shelf = Shelf(ROOT / "reading-list")
    first = None
    if not (discover_index.index_folder(catalog) / discover_index.catalog_version(catalog) / "meta.json").exists():
        first = timed(lambda: suggest(shelf, catalog, n=50))
    size = sum(p.stat().st_size for p in discover_index.index_folder(catalog).rglob("*") if p.is_file())
    cmd = [str(BIN), "suggest", "-n", "50", "--format", "json", "--shelf", str(shelf.root), "--db", str(db)]
    runs = [timed(lambda: subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)) for _ in range(args.repeat)]
    steps = {"open index (memory-mapped)": [], "train + score every paper": [], "whole suggest (in-process)": []}
    for _ in range(args.repeat):
        t = time.perf_counter()
        index = discover_index.open_index(catalog)
        steps["open index (memory-mapped)"].append(time.perf_counter() - t)
        query = Query(shelf.papers, (), [(p.title, p.ids) for p in shelf.papers])
        steps["train + score every paper"].append(timed(lambda: scores(index, query)))
        steps["whole suggest (in-process)"].append(timed(lambda: suggest(shelf, catalog, n=50)))
    print(f"catalog: {args.papers:,} papers; vectorised catalog on disk: {size / 1e6:.0f} MB "
          f"({index.matrix.nnz:,} non-zeros, {len(index.vectorizer.vocabulary_):,} terms)")
    if first is not None:
        print(f"first suggest (vectorises the catalog): {first:.0f} s")
    print(f"`papershelf suggest -n 50` end to end, median of {args.repeat}: {statistics.median(runs):.2f} s "
          f"(runs: {', '.join(f'{r:.2f}' for r in runs)})")
    for name, values in steps.items():
        print(f"  {name}: {statistics.median(values):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

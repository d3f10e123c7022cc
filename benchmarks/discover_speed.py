"""Speed of `papershelf suggest` over a large catalog (issue 12: < 3 s over 1,000,000 catalog
papers after the first run).

    .venv/bin/python benchmarks/discover_speed.py [--papers 1000000] [--repeat 3]

Writes a synthetic dump shaped like the catalog benchmark's (benchmarks/catalog_bench.py: its
seeded 60,000-word Zipf vocabulary, titles of 8-14 and abstracts of 150-240 words, arXiv
snapshot JSON lines), drawn with numpy so that a million papers take minutes, not half an hour;
indexes it into a catalog under benchmarks/data/discover/, then times:

- the first `suggest` (vectorises the whole catalog once per catalog version);
- later `suggest` runs as whole `papershelf suggest -n 50 --format json` processes (start-up
  included) for the bundled shelf, median of ``--repeat``; and the same in-process, by step;
- with an embedding model installed (papershelf[embeddings]): the first `suggest --embeddings`
  (embeds the catalog once) and later `suggest --embeddings` processes.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent / "papershelf"
def synthetic_dump(path: Path, papers: int, seed: int = 12) -> Path:
    """The dump (written once): catalog_bench's vocabulary and lengths, numpy's sampling."""
    import gzip
    import json

    import numpy as np
    from catalog_bench import Text

    if path.exists():
        return path
    text, rng = Text(seed), np.random.default_rng(seed)
    words = np.array(text.words)
    p = np.diff(np.asarray([0.0, *text.cum]))
    tmp = path.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=1) as out:
        for start in range(0, papers, 10_000):
            n = min(10_000, papers - start)
            drawn = words[rng.choice(len(words), size=(n, 254), p=p / p.sum())]
            lengths = rng.integers(8, 15, n), rng.integers(150, 241, n)
            for i in range(n):
                k, row = start + i, drawn[i]
                out.write(json.dumps({"id": f"{7 + k % 19:02d}{1 + k % 12:02d}.{k // 228:05d}",
                                      "title": " ".join(row[:lengths[0][i]]).capitalize(),
                                      "authors": " ".join(row[-2:]).title(),
                                      "abstract": " ".join(row[14:14 + lengths[1][i]]).capitalize() + ".",
                                      "versions": [{"created": "Mon, 1 Jan 2020 00:00:00 GMT"}]}) + "\n")
    tmp.rename(path)
    return path


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def process_run(cmd: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU time (user + system) of a whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = timed(lambda: subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cpu_timed(fn) -> tuple[float, float]:
    t, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t, time.process_time() - c


def show(values: list[tuple[float, float]]) -> str:
    return (f"{statistics.median(v[0] for v in values):.2f} s wall, "
            f"{statistics.median(v[1] for v in values):.2f} s CPU")


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
    folder = HERE / "data" / "discover" / f"synthetic-{args.papers}"
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "catalog.sqlite"
    t = time.perf_counter()
    dump = synthetic_dump(folder / "arxiv-synthetic.json.gz", args.papers)
    print(f"synthetic dump: {time.perf_counter() - t:.0f} s", file=sys.stderr)
    catalog = Catalog.open(db)
    if catalog.count() != args.papers:
        print(f"catalog add: {timed(lambda: catalog.add([dump])):.0f} s", file=sys.stderr)
    shelf = Shelf(ROOT / "reading-list")
    first = None
    if not (discover_index.index_folder(catalog) / discover_index.catalog_version(catalog) / "meta.json").exists():
        first = cpu_timed(lambda: suggest(shelf, catalog, n=50))
    size = sum(p.stat().st_size for p in discover_index.index_folder(catalog).rglob("*") if p.is_file())
    cmd = [str(BIN), "suggest", "-n", "50", "--format", "json", "--shelf", str(shelf.root), "--db", str(db)]
    runs = [process_run(cmd) for _ in range(args.repeat)]
    steps: dict[str, list[tuple[float, float]]] = {"open the vectorised catalog (memory-mapped)": [],
                                                   "train + score every paper": [], "whole suggest, in-process": []}
    for _ in range(args.repeat):
        t, c = time.perf_counter(), time.process_time()
        index = discover_index.open_index(catalog)
        steps["open the vectorised catalog (memory-mapped)"].append((time.perf_counter() - t, time.process_time() - c))
        query = Query(shelf.papers, (), [(p.title, p.ids) for p in shelf.papers])
        steps["train + score every paper"].append(cpu_timed(lambda: scores(index, query)))
        steps["whole suggest, in-process"].append(cpu_timed(lambda: suggest(shelf, catalog, n=50)))
    print(f"catalog: {args.papers:,} papers; vectorised catalog on disk: {size / 1e6:.0f} MB "
          f"({index.matrix.nnz:,} non-zeros, {len(index.vectorizer.vocabulary_):,} terms)")
    if first is not None:
        print(f"first suggest (vectorises the catalog): {first[0]:.0f} s wall, {first[1]:.0f} s CPU")
    print(f"`papershelf suggest -n 50` end to end, median of {args.repeat}: {show(runs)} "
          f"(wall: {', '.join(f'{r[0]:.2f}' for r in runs)})")
    for name, values in steps.items():
        print(f"  {name}: {show(values)}")
    from papershelf.discover import embed

    if embed.available():
        path = discover_index.index_folder(catalog) / discover_index.catalog_version(catalog)
        if not (path / f"embeddings-{embed.model_name()}.npy").exists():
            first = cpu_timed(lambda: suggest(shelf, catalog, n=50, embeddings=True))
            print(f"first suggest --embeddings (embeds the catalog): {first[0]:.0f} s wall, {first[1]:.0f} s CPU")
        runs = [process_run([*cmd, "--embeddings"]) for _ in range(args.repeat)]
        print(f"`papershelf suggest -n 50 --embeddings` end to end, median of {args.repeat}: {show(runs)} "
              f"(wall: {', '.join(f'{r[0]:.2f}' for r in runs)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

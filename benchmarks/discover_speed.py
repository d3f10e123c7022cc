"""Speed of `papershelf suggest` over a large catalog (issue 12: < 3 s over 1,000,000 catalog
papers after the first run).

    .venv/bin/python benchmarks/discover_speed.py [--papers 1000000] [--repeat 3]

Writes a synthetic catalog dump (arXiv snapshot JSON lines, seeded: titles of 8 and abstracts
of 60 words drawn from a Zipf-distributed vocabulary of 30,000 made-up words plus real ML terms)
under benchmarks/data/discover/, indexes it with `catalog add`, then times:

- the first `suggest` (vectorises the whole catalog once per catalog version);
- later `suggest` runs as whole `papershelf suggest -n 50 --format json` processes (start-up
  included) for the bundled shelf, median of ``--repeat``; and the same in-process, by step.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent / "papershelf"
REAL = ("knowledge distillation teacher student network federated learning clients privacy topic model "
        "neural compression pruning quantization attention transformer graph contrastive representation "
        "segmentation detection language retrieval reinforcement policy generative diffusion").split()


def make_words(n: int, rng) -> list[str]:
    consonants, vowels = "bcdfghjklmnprstvz", "aeiou"
    words = set(REAL)
    while len(words) < n:
        words.add("".join(rng.choice(list(consonants)) + rng.choice(list(vowels)) for _ in range(rng.integers(2, 5))))
    return sorted(words)


def generate(path: Path, papers: int, seed: int = 0) -> None:
    """A JSON-lines dump in the arXiv snapshot format, written in batches."""
    import numpy as np

    rng = np.random.default_rng(seed)
    words = np.array(make_words(30_000, rng))
    weights = 1.0 / np.arange(1, len(words) + 1) ** 1.07
    weights /= weights.sum()
    tmp = path.with_suffix(".part")
    with open(tmp, "w", encoding="utf-8") as out:
        for start in range(0, papers, 50_000):
            n = min(50_000, papers - start)
            drawn = words[rng.choice(len(words), size=(n, 68), p=weights)]
            lines = []
            for i in range(n):
                k = start + i
                arxiv = f"{15 + k // 120_000:02d}{1 + (k // 10_000) % 12:02d}.{k % 10_000:05d}"
                lines.append(json.dumps({"id": arxiv, "title": " ".join(drawn[i, :8]).capitalize(),
                                         "authors": f"Author {k % 997}, Writer {k % 883}",
                                         "abstract": " ".join(drawn[i, 8:]) + ".",
                                         "versions": [{"created": "Mon, 1 Jun 2020 00:00:00 GMT"}]}))
            out.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


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

    folder = HERE / "data" / "discover" / f"synthetic-{args.papers}"
    folder.mkdir(parents=True, exist_ok=True)
    dump, db = folder / "arxiv-synthetic.jsonl", folder / "catalog.sqlite"
    if not dump.exists():
        print(f"generating {args.papers:,} papers: {timed(lambda: generate(dump, args.papers)):.0f} s", file=sys.stderr)
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

"""Shelf benchmarks (issue 2): load + validate, `papershelf mark`, `papershelf list --venue`.

    .venv/bin/python benchmarks/core_bench.py [--sizes 250,10000,100000] [--repeat 3]

Generates the synthetic shelves (benchmarks/generate_shelf.py) if missing, then prints a
Markdown table of medians. "cold" = no cache (first run after a clone or after every file
changed); "warm" = the per-file cache of validated papers (in the user cache folder) is current.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_shelf import generate  # noqa: E402

BIN = Path(sys.executable).parent / "papershelf"


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def load(root: Path, cold: bool) -> None:
    from papershelf import Shelf

    if cold:  # no parse cache: the user cache folder's (and an older version's in the shelf)
        from papershelf.shelf.cache import cache_dir

        shutil.rmtree(cache_dir(root), ignore_errors=True)
        shutil.rmtree(root / ".papershelf", ignore_errors=True)
    assert Shelf(root).papers


def cli(*args: str) -> None:
    subprocess.run([str(BIN), *args], check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="250,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        root = HERE / "data" / f"shelf-{n}"
        if not (root / "shelf.toml").exists():
            generate(n, root)
        cold = timed(lambda: load(root, cold=True), args.repeat)
        load(root, cold=False)
        warm = timed(lambda: load(root, cold=False), args.repeat)
        marks = ["read", "unread"]
        mark = timed(lambda: cli("--shelf", str(root), "mark", "p000042", marks.reverse() or marks[0]), args.repeat)
        cli("--shelf", str(root), "list", "--format", "ids")  # bring the cache up to date after the marks
        listing = timed(lambda: cli("--shelf", str(root), "list", "--venue", "ICML", "--format", "ids"), args.repeat)
        rows.append((n, cold, warm, mark, listing))
    print("| papers | load+validate cold | load+validate warm | `mark` (end to end) | `list --venue` (end to end, warm) |")
    print("|---:|---:|---:|---:|---:|")
    for n, cold, warm, mark, listing in rows:
        print(f"| {n:,} | {cold:.2f} s | {warm:.2f} s | {mark:.2f} s | {listing:.2f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Run every benchmark of this folder, one after another (``make bench``).

    .venv/bin/python benchmarks/run_all.py [--only NAME,…] [--list]

Each script runs in its own process with the arguments BENCHMARKS.md quotes (``ARGS`` below;
a script not listed there runs with none), so a new benchmark file is picked up without
editing this one. Exit status 1 if any benchmark failed. Takes long: the 100,000-paper shelves
are generated on the first run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HELPERS = {"generate_shelf.py", "run_all.py"}  # used by benchmarks, not benchmarks themselves
ARGS: dict[str, list[str]] = {
    "core_bench.py": ["--sizes", "250,10000,100000", "--repeat", "5"],
    "import_markdown.py": ["--repeat", "5"],
    "site_build.py": ["10000"],
    "enrich_bench.py": ["--papers", "500"],
}


def benchmarks() -> list[Path]:
    return sorted(p for p in HERE.glob("*.py") if p.name not in HELPERS and not p.name.startswith("_"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated script names (with or without .py)")
    parser.add_argument("--list", action="store_true", help="print the commands, run nothing")
    args = parser.parse_args(argv)
    chosen = benchmarks()
    if args.only:
        wanted = {n if n.endswith(".py") else f"{n}.py" for n in args.only.split(",")}
        chosen = [p for p in chosen if p.name in wanted]
    failed = []
    for script in chosen:
        command = [sys.executable, str(script), *ARGS.get(script.name, [])]
        print(f"\n## {script.name}: {' '.join(command[1:])}", flush=True)
        if args.list:
            continue
        start = time.perf_counter()
        code = subprocess.call(command, cwd=HERE.parent)
        print(f"-- {script.name}: exit {code}, {time.perf_counter() - start:.1f} s", flush=True)
        if code:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

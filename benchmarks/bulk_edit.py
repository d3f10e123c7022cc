"""A bulk edit through the shelf's round-trip writer: change `abstract` in many papers with one
`Shelf.edit_raw` call, or with `--papers` one `Shelf.edit` call on Paper objects (what
`papershelf enrich` does when it writes).

    python benchmarks/bulk_edit.py 10000 --change 8000 --repeat 3 [--papers]

Generates a fresh synthetic shelf (benchmarks/generate_shelf.py) for every run, so each run
edits the same bytes; prints CPU and wall seconds per run and the medians, and a hash of the
written files (the same code must write the same bytes).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_shelf import generate  # noqa: E402

from papershelf.shelf import Shelf  # noqa: E402


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted((root / "papers").rglob("*.yaml")):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def run(n: int, change: int, one_file: bool, papers: bool = False) -> tuple[float, float, str]:
    tmp = Path(tempfile.mkdtemp(prefix="bulk-edit-"))
    try:
        root = generate(n, tmp / "shelf")
        if one_file:  # generate() spreads papers by topic/venue/year: gather them into one file
            parts = sorted((root / "papers").rglob("*.yaml"))
            text = "".join(path.read_text(encoding="utf-8") for path in parts)
            for path in parts:
                path.unlink()
            (root / "papers" / "all.yaml").write_text(text, encoding="utf-8")
        shelf = Shelf(root)
        ids = [f"p{i:06d}" for i in range(0, n, max(1, n // change))][:change]

        def new_abstract(paper_id: str, data: dict) -> dict:
            return {**data, "abstract": f"Rewritten abstract of {paper_id}: we study it and show it works."}

        def new_paper(paper):  # the Paper-level API enrich uses (validated before and after)
            return paper.model_copy(update=new_abstract(paper.id, {}))

        cpu, wall = time.process_time(), time.perf_counter()
        changed = shelf.edit(ids, new_paper) if papers else shelf.edit_raw(ids, new_abstract)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        assert len(changed) == len(ids), (len(changed), len(ids))
        return cpu, wall, _digest(root)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, nargs="?", default=10000, help="papers in the shelf")
    parser.add_argument("--change", type=int, default=8000, help="papers to edit")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one-file", action="store_true", help="all papers in one file (else spread "
                        "by topic/venue/year, ~7 a file at 10,000 papers)")
    parser.add_argument("--papers", action="store_true", help="through Shelf.edit (Paper objects, as enrich "
                        "writes) instead of Shelf.edit_raw")
    args = parser.parse_args(argv)
    runs = [run(args.n, args.change, args.one_file, args.papers) for _ in range(args.repeat)]
    for cpu, wall, digest in runs:
        print(f"cpu {cpu:.2f} s  wall {wall:.2f} s  bytes {digest}")
    layout = "one file" if args.one_file else "papers spread by topic/venue/year, at most 200 a file"
    print(f"load average {os.getloadavg()[0]:.1f}, {'Shelf.edit' if args.papers else 'Shelf.edit_raw'}")
    print(f"{args.change} of {args.n} papers ({layout}): median cpu {statistics.median(r[0] for r in runs):.2f} s, "
          f"wall {statistics.median(r[1] for r in runs):.2f} s, "
          f"{1000 * statistics.median(r[0] for r in runs) / args.change:.2f} ms cpu a paper")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

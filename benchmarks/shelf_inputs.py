"""Shelf files of hostile size (issue 14 item 15) and the YAML readers question (issue 13).

    .venv/bin/python benchmarks/shelf_inputs.py [--mb 50] [--edit-mb 1.6] [--readers]

Each case runs in a fresh process (time and peak memory of that process):

- ``edit``: `Shelf.update` of a paper in the middle of one file of ``--edit-mb`` MB;
- ``syntax``: loading a shelf whose one file of ``--mb`` MB has a YAML syntax error at its end;
- ``invalid``: the same with a paper the model rejects (an unknown field) at its end;
- ``duplicate``: the same with a paper whose id the first paper already has, at its end;
- ``valid``: the same file without the bad paper, loaded with no parse cache (what reading a
  big file piece by piece costs when nothing is wrong);
- ``--readers``: a cold load of the 100,000-paper shelf (benchmarks/generate_shelf.py) with
  yaml-rs, and with PyYAML's C loader as the only reader.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

PAPER = ("- id: p{i:07d}\n  title: A paper about distillation number {i}\n  authors: [Ann Author, Bo Writer]\n"
         "  year: 2020\n  venue: CVPR\n  links: {{paper: 'https://arxiv.org/abs/2001.{j:05d}'}}\n"
         "  abstract: We study how a small student learns from a large teacher, paper {i}.\n")


def papers(mb: float) -> str:
    out, size, i = [], 0, 0
    while size < mb * 1_000_000:
        text = PAPER.format(i=i, j=i % 100000)
        out.append(text)
        size += len(text)
        i += 1
    return "".join(out)


def make_shelf(root: Path, text: str) -> Path:
    if root.exists():
        shutil.rmtree(root)
    (root / "papers").mkdir(parents=True)
    (root / "shelf.toml").write_text('title = "bench"\n')
    (root / "papers" / "big.yaml").write_text(text)
    return root


CHILD = """
import json, resource, sys, time
from papershelf import Shelf
from papershelf.errors import PapershelfError
case, root, arg = sys.argv[1], sys.argv[2], sys.argv[3]
if case == "pyyaml":
    import papershelf.shelf.files as f
    f.yaml_rs = None
t, cpu = time.perf_counter(), time.process_time()
message = ""
try:
    if case == "edit":
        Shelf(root).update(arg, status="read")
    else:
        message = str(len(Shelf(root).papers))
except PapershelfError as exc:
    message = str(exc).splitlines()[0][:100]
seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu": cpu, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "message": message}))
"""


def run(case: str, root: Path, arg: str = "", cache: Path | None = None) -> dict:
    env = {"PAPERSHELF_CACHE_DIR": str(cache or root.parent / "cache"), "PATH": "/usr/bin:/bin"}
    env.update({k: v for k, v in os.environ.items() if k == "PYTHONPATH"})
    proc = subprocess.run([sys.executable, "-c", CHILD, case, str(root), arg], capture_output=True, text=True,
                          env=env, check=True)
    return json.loads(proc.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=50)
    parser.add_argument("--edit-mb", type=float, default=1.6)
    parser.add_argument("--readers", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        text = papers(args.edit_mb)
        count = text.count("- id: ")
        root = make_shelf(work / "edit", text)
        rows.append(("edit", f"{len(text) / 1e6:.1f} MB, {count:,} papers", run("edit", root, f"p{count // 2:07d}")))
        big = papers(args.mb)
        root = make_shelf(work / "syntax", big + "- id: broken\n  title: [unclosed\n")
        rows.append(("syntax", f"{len(big) / 1e6:.1f} MB", run("load", root)))
        root = make_shelf(work / "invalid", big + "- id: bad\n  title: T\n  colour: red\n")
        rows.append(("invalid", f"{len(big) / 1e6:.1f} MB", run("load", root)))
        root = make_shelf(work / "duplicate", big + "- id: p0000007\n  title: Again\n")
        rows.append(("duplicate id", f"{len(big) / 1e6:.1f} MB", run("load", root)))
        root = make_shelf(work / "valid", big)
        rows.append(("valid (cold load)", f"{len(big) / 1e6:.1f} MB", run("load", root)))
        if args.readers:
            shelf = HERE / "data" / "shelf-100000"
            if not (shelf / "shelf.toml").exists():
                sys.path.insert(0, str(HERE))
                from generate_shelf import generate

                generate(100000, shelf)
            for reader in ("load", "pyyaml"):
                rows.append((f"cold load, {'yaml-rs' if reader == 'load' else 'PyYAML only'}", "100,000 papers",
                             run(reader, shelf, cache=work / f"cache-{reader}")))
    print(f"load average {os.getloadavg()[0]:.1f}")
    print("| case | input | wall | CPU | peak memory (process) | result |")
    print("|---|---|---:|---:|---:|---|")
    for case, size, r in rows:
        print(f"| {case} | {size} | {r['seconds']:.2f} s | {r['cpu']:.2f} s | {r['rss_mb']:.0f} MB | {r['message']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

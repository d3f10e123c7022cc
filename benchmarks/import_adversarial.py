"""Adversarial import shapes (issue 14 item 15): each must import, or be refused with one clear
message, in linear time.

    .venv/bin/python benchmarks/import_adversarial.py [--only NAME]

Each shape is written to a temporary file and imported in a fresh subprocess (``import_file``,
nothing written), so its time and peak memory are its own: wall and CPU seconds, and the peak RSS
(VmHWM, reset just before through /proc/self/clear_refs) above the RSS in use then, after a
warm-up import of a one-line file of the same format (the libraries an import loads, ~5 MB, are
not memory the input costs). Linux only (/proc). Targets: a 1 MB adversarial
file in < 5 s, a 10 MB list in < 20 s, memory < 10x the input.
"""

from __future__ import annotations

import argparse
import os
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

PAPER_ROW = '- [A Paper Title Number {n}](https://arxiv.org/abs/2101.{n:05d}), A. Author, B. Writer, CVPR 2021\n'
BIB_ENTRY = ("@inproceedings{{key{n},\n  title = {{A Paper Title Number {n} on Things}},\n"
             "  author = {{Author, Alice and Writer, Bob}},\n  booktitle = {{CVPR}},\n  year = {{2021}},\n"
             "  url = {{https://arxiv.org/abs/2101.{m:05d}}}\n}}\n\n")
HTML_ROW = '<li>A Paper Title Number {n} <a href="https://arxiv.org/abs/2101.{n:05d}">[paper]</a>\n'


WARM_UP = {".md": "- [A Title](https://x.org/a), CVPR 2021\n", ".html": "<ul><li>A Title <a href=\"https://x.org\">x</a></ul>",
           ".csv": "id,title\na,A\n", ".json": '[{"id": "a", "title": "A"}]', ".bib": "@misc{a, title={A}}\n"}


def shapes() -> dict[str, tuple[str, str]]:
    """name -> (file suffix, content). Every hostile shape at 1 MB (the issue's "a 1 MB
    adversarial file"); the smaller sizes the issue measured first are kept where they were slow."""
    def same_id_csv(n: int) -> str:
        return "id,title\n" + "".join(f"same,Title {i}\n" for i in range(n))

    def same_id_json(n: int) -> str:
        return json.dumps([{"id": "same", "title": f"Title {i}"} for i in range(n)])

    def same_key_bib(n: int) -> str:
        return "".join(f"@misc{{same, title={{Title {i}}}}}\n" for i in range(n))

    return {
        "nested-ul-280KB": (".html", "<ul><li>" * 35_000 + "Title"),
        "nested-ul-1MB": (".html", "<ul><li>" * 125_000 + "Title"),
        "nested-ul-lines-280KB": (".html", "<ul><li>\n" * 31_000 + "Title"),
        "nested-ul-lines-1MB": (".html", "<ul><li>\n" * 111_000 + "Title"),
        "star-line-500KB": (".md", "- Title " + ":star:" * 85_000 + "\n"),
        "star-line-1MB": (".md", "- Title " + ":star:" * 170_000 + "\n"),
        "csv-10k-same-id": (".csv", same_id_csv(10_000)),
        "csv-same-id-1MB": (".csv", same_id_csv(62_000)),
        "json-10k-same-id": (".json", same_id_json(10_000)),
        "json-same-id-1MB": (".json", same_id_json(26_000)),
        "bib-10k-same-key": (".bib", same_key_bib(10_000)),
        "bib-same-key-1MB": (".bib", same_key_bib(32_000)),
        "bib-8MB-distinct": (".bib", "".join(BIB_ENTRY.format(n=n, m=n % 99_999) for n in range(40_000))),
        "deep-json-1MB": (".json", "[" * 500_000 + "]" * 500_000),
        "brackets-1MB": (".md", "- " + "[" * 1_000_000 + "x\n"),
        "list-1MB": (".md", "".join(PAPER_ROW.format(n=n) for n in range(11_000))),
        "html-list-10MB": (".html", "<ul>\n" + "".join(HTML_ROW.format(n=n % 99_999) for n in range(135_000))),
        "markdown-list-10MB": (".md", "".join(PAPER_ROW.format(n=n % 99_999) for n in range(110_000))),
    }


PROBE = textwrap.dedent("""
    import json, pathlib, sys, tempfile, time
    from papershelf.config import ShelfConfig
    from papershelf.errors import PapershelfError
    from papershelf.importers import import_file
    with tempfile.TemporaryDirectory() as tmp:  # warm-up: load the format's libraries
        warm = pathlib.Path(tmp) / ("w" + pathlib.Path(sys.argv[1]).suffix)
        warm.write_text(sys.argv[2], encoding="utf-8")
        import_file(warm, ShelfConfig())
    def kb(field):
        return int(pathlib.Path("/proc/self/status").read_text().split(field + ":")[1].split()[0])
    pathlib.Path("/proc/self/clear_refs").write_text("5")  # the high-water mark starts again from here
    base = kb("VmRSS")
    start, start_cpu = time.perf_counter(), time.process_time()
    try:
        r = import_file(sys.argv[1], ShelfConfig())
        outcome = f"{len(r.papers)} papers, {len(r.findings)} findings"
    except PapershelfError as exc:
        outcome = "refused: " + str(exc)[:70]
    seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    peak = kb("VmHWM")
    print(json.dumps({"seconds": seconds, "cpu": cpu, "extra_mb": (peak - base) / 1024, "outcome": outcome}))
""")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only")
    args = ap.parse_args()
    failed = 0
    print(f"{'shape':22} {'MB':>6} {'s':>7} {'CPU s':>7} {'extra MB':>9} {'x input':>8}  outcome  "
          f"(load average {os.getloadavg()[0]:.1f})")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (suffix, content) in shapes().items():
            if args.only and args.only not in name:
                continue
            path = Path(tmp) / f"{name}{suffix}"
            path.write_text(content, encoding="utf-8")
            mb = path.stat().st_size / 1e6
            try:
                out = subprocess.run([sys.executable, "-c", PROBE, str(path), WARM_UP[suffix]], capture_output=True, text=True,
                                     timeout=900)
                row = json.loads(out.stdout.strip().splitlines()[-1])
            except (subprocess.TimeoutExpired, IndexError, ValueError):
                print(f"{name:22} {mb:6.2f}  HANG or crash")
                failed += 1
                continue
            limit = 20 if mb > 5 else 5
            ratio = row["extra_mb"] / mb
            ok = row["seconds"] < limit and ratio < 10
            failed += not ok
            print(f"{name:22} {mb:6.2f} {row['seconds']:7.2f} {row['cpu']:7.2f} {row['extra_mb']:9.1f} {ratio:8.1f}  "
                  f"{row['outcome']}{'' if ok else '  <-- over target'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

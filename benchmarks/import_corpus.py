"""Corpus benchmark: how well `papershelf import` reads real reading lists it has never seen.

    .venv/bin/python benchmarks/import_corpus.py [--corpus ../shared/corpus] [--markdown] [--show LIST]

Imports every list in ``<corpus>/lists/`` (read in place, never copied into the repository) with
an empty shelf configuration, and prints per list: papers imported, the expected distinct count
(``expected.json``, counted by hand, see the corpus README), the relative error, the non-paper
items and sections it detected and skipped (IMP121/IMP123), and two checks that must stay at zero:
papers titled with a venue name, and papers whose only link is a code repository. ``--markdown``
prints the table for BENCHMARKS.md; ``--show LIST`` prints the titles of one list.
Exit status 1 when a list is off by more than its tolerance.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from papershelf.config import ShelfConfig
from papershelf.importers import import_file
from papershelf.venues import known_venue

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the clone (or beside the folder of git worktrees holding it)
CORPUS = next((p for p in (ROOT.parent / "shared" / "corpus", ROOT.parent.parent / "shared" / "corpus")
               if p.is_dir()), ROOT.parent / "shared" / "corpus")
CODE_HOSTS = ("github.com", "gitlab.com", "huggingface.co", "bitbucket.org")


def suspicious(papers) -> tuple[int, int]:
    """(papers titled with a venue name, papers whose only links are code repositories)."""
    venue_titles = sum(1 for p in papers if known_venue(p.title.strip(" []()0123456789'")) is not None)
    code_only = 0
    for p in papers:
        urls = [u for u in p.links.values() if u]
        if urls and all(any(h in u for h in CODE_HOSTS) for u in urls) and "code" in p.links and "paper" not in p.links:
            code_only += 1
    return venue_titles, code_only


def skipped(findings) -> tuple[int, int]:
    """(non-paper items skipped, non-paper sections skipped) from the import's findings."""
    items = sum(f.data.get("items", 1) for f in findings if f.code == "IMP121")
    sections = sum(1 for f in findings if f.code == "IMP123")
    return items, sections


def run(corpus: Path, show: str | None) -> list[dict]:
    expected = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    rows = []
    for name in sorted(expected):
        path = corpus / "lists" / name
        start = time.perf_counter()
        result = import_file(path, ShelfConfig())
        seconds = time.perf_counter() - start
        want = expected[name]["distinct"]
        got = len(result.papers)
        venue_titles, code_only = suspicious(result.papers)
        items, sections = skipped(result.findings)
        rows.append({"list": name.removesuffix("__README.md"), "got": got, "expected": want,
                     "error": (got - want) / want, "ok": abs(got - want) <= expected[name]["tolerance"] * want,
                     "kb": path.stat().st_size / 1024, "seconds": seconds, "skipped_items": items,
                     "skipped_sections": sections, "venue_titles": venue_titles, "code_only": code_only})
        if show and show in name:
            for p in result.papers:
                print(f"{p.venue or '-':>14} {p.year or '-':>5}  {p.title[:90]}  {sorted(k for k, v in p.links.items() if v)}")
            for f in result.findings:
                if f.code in ("IMP121", "IMP123", "IMP120"):
                    print(f"  {f.code} line {f.line}: {f.message[:150]}")
    return rows


def print_table(rows: list[dict], markdown: bool) -> None:
    head = ("list", "papers", "expected", "error", "ok", "non-paper items", "sections skipped",
            "venue titles", "code-only", "KB", "s")
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
    for r in rows:
        cells = (r["list"], r["got"], r["expected"], f"{r['error']:+.1%}", "yes" if r["ok"] else "**no**",
                 r["skipped_items"], r["skipped_sections"], r["venue_titles"], r["code_only"], f"{r['kb']:.0f}",
                 f"{r['seconds']:.2f}")
        print(("| " + " | ".join(map(str, cells)) + " |") if markdown else
              f"{cells[0][:48]:48} {cells[1]:>5} {cells[2]:>5} {cells[3]:>7} {cells[4]:>5} {cells[5]:>4} "
              f"{cells[6]:>3} {cells[7]:>3} {cells[8]:>3} {cells[9]:>5} {cells[10]:>5}")
    ok = sum(r["ok"] for r in rows)
    print(f"\n{ok} of {len(rows)} lists within tolerance; median |error| "
          f"{statistics.median(abs(r['error']) for r in rows):.1%}; "
          f"{sum(r['got'] for r in rows)} papers for {sum(r['expected'] for r in rows)} expected")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--show")
    args = ap.parse_args()
    if not (args.corpus / "expected.json").exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    rows = run(args.corpus, args.show)
    print_table(rows, args.markdown)
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

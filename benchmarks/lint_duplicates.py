"""Duplicate detection on a 100,000-paper shelf (plus planted duplicates), and a full lint run.

    .venv/bin/python benchmarks/lint_duplicates.py [--papers 100000]

Writes a synthetic shelf with benchmarks/generate_shelf.py (its titles come from a 40-word
vocabulary, the worst case for blocking by words), adds 300 planted duplicates of random
papers (a typo, a dropped word, changed case and punctuation, the same arXiv id under another
title, the arXiv preprint of a published paper) and reports how long the duplicate rules (PS1xx)
take and which planted pairs they find.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from generate_shelf import generate  # noqa: E402


def plant(shelf_root: Path, papers, n: int = 300, seed: int = 11) -> dict[str, str]:
    """Write near-duplicates of random papers to papers/planted.yaml; returns planted → original."""
    rng = random.Random(seed)
    out, expected = [], {}
    for k, original in enumerate(rng.sample(papers, n)):
        words = original.title.split()
        kind = k % 5
        data = {"id": f"planted{k}", "authors": original.authors, "year": original.year, "venue": original.venue,
                "topics": original.topics}
        if kind == 0:  # a typo: drop one letter of the longest word
            i = max(range(len(words)), key=lambda j: len(words[j]))
            w = words[i]
            cut = rng.randrange(1, len(w) - 1)
            words[i] = w[:cut] + w[cut + 1:]
            data["title"] = " ".join(words)
        elif kind == 1:  # case and punctuation
            data["title"] = original.title.upper() + "."
        elif kind == 2:  # an extra article
            data["title"] = " ".join(words[:1] + ["the"] + words[1:])
        elif kind == 3:  # same arXiv id, another title (a link copied from the neighbour)
            data["title"] = f"Unrelated study of planted topic number {k}"
            data["ids"] = {"arxiv": original.ids["arxiv"]}
        else:  # the preprint of a published paper
            data["title"] = original.title
            data["venue"] = "arXiv"
            data["ids"] = {"arxiv": original.ids["arxiv"]}
            data["links"] = {"paper": f"https://arxiv.org/abs/{original.ids['arxiv']}"}
        out.append(data)
        expected[data["id"]] = original.id
    path = shelf_root / "papers" / "planted.yaml"
    path.write_text(yaml.safe_dump(out, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=100_000)
    args = parser.parse_args(argv)

    from papershelf import Shelf
    from papershelf.lint import lint
    from papershelf.lint.core import LintContext

    with tempfile.TemporaryDirectory() as tmp:
        root = generate(args.papers, Path(tmp) / "shelf")
        base = Shelf(root)
        expected = plant(root, base.papers)
        shelf = Shelf(root)
        t = time.perf_counter()
        ctx = LintContext.load(shelf)
        load = time.perf_counter() - t
        t = time.perf_counter()
        findings = lint(shelf, select=["PS1"], context=ctx)
        dup_seconds = time.perf_counter() - t
        pairs = {(f.paper, other) for f in findings for other in (f.message.split(" (")[0].split()[-1],)}
        by_kind = {}
        for k, (planted, original) in enumerate(expected.items()):
            hit = (planted, original) in pairs or (original, planted) in pairs
            by_kind.setdefault(k % 5, []).append(hit)
        names = ["typo", "case+punctuation", "an extra article", "same arXiv id, other title", "preprint beside published"]
        print(f"papers: {len(ctx.papers):,}  (load {load:.2f} s, cached parse)")
        print(f"duplicate rules PS1xx: {dup_seconds:.2f} s, {len(findings)} findings")
        for k, name in enumerate(names):
            hits = by_kind[k]
            print(f"  planted {name:<28} found {sum(hits)}/{len(hits)}")
        codes = {}
        for f in findings:
            codes[f.code] = codes.get(f.code, 0) + 1
        print("  by code:", ", ".join(f"{c} {n}" for c, n in sorted(codes.items())))
        ctx.memo.clear()
        t = time.perf_counter()
        every = lint(shelf, context=ctx)
        print(f"all offline rules: {time.perf_counter() - t:.2f} s, {len(every):,} findings")
        return 0 if dup_seconds < 10 else 1


if __name__ == "__main__":
    raise SystemExit(main())

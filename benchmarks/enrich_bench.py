"""Enrichment benchmark (issue 5): 500 papers against the local fake APIs with per-source rate limits.

    .venv/bin/python benchmarks/enrich_bench.py [--papers 500] [--scale 0.05]

The fake server (tests/enrich/fake_api.py) answers every source in its documented format. Rate
limits are the realistic defaults (arXiv 3 s, Semantic Scholar 1 s, DBLP 1 s, Crossref 0.1 s,
OpenReview 0.5 s, Hugging Face 0.5 s between requests) multiplied by ``--scale`` (1.0 = real
rates; the default 0.05 gives a quick run with the same proportions).

Reported: the time the rate limits themselves impose (for each source, (requests − 1) ×
interval, the largest of these); the first run through the Python API (look-ups, then writing
every change through ``shelf.edit``); a second ``papershelf enrich --yes`` on the same shelf
(in-process; everything from the cache, nothing left to write); and the same enrichment on a
fresh copy of the original shelf with the cache kept (no requests, but all 500 papers written).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "enrich"))
from fake_api import FakeAPI  # noqa: E402

VENUES = [("ICLR", "International Conference on Learning Representations"), ("NeurIPS", "Neural Information Processing Systems"),
          ("CVPR", "Computer Vision and Pattern Recognition"), ("ICML", "International Conference on Machine Learning"),
          ("ACL", "Annual Meeting of the Association for Computational Linguistics")]
WORDS = ("knowledge distillation contrastive teacher student pruning quantization transformer attention graph "
         "federated self-supervised representation robust efficient sparse adaptive multimodal latent neural "
         "diffusion curriculum ensemble calibration retrieval compression").split()


def world(n: int, seed: int = 5) -> dict[str, dict]:
    rng = random.Random(seed)
    papers = {}
    for i in range(n):
        arxiv_id = f"23{(i // 9000) + 1:02d}.{10000 + i % 9000:05d}"
        words = rng.sample(WORDS, 5)
        title = f"{words[0].title()} {words[1]} for {words[2]} {words[3]} with {words[4]} (study {i})"
        year = rng.randint(2016, 2023)
        published = rng.random() < 0.6
        short, long = rng.choice(VENUES)
        papers[arxiv_id] = {
            "arxiv": arxiv_id, "title": title, "year": year, "s2": f"{i:040x}", "corpus": 100000 + i,
            "authors": [f"Author{i} Person{j}" for j in range(rng.randint(1, 5))],
            "abstract": f"We study {words[0]} {words[1]} for {words[2]}. " * 3,
            "dblp_venue": short if published else None, "s2_venue": long if published else "arXiv.org",
            "venue_year": year + (1 if published and rng.random() < 0.5 else 0) if published else year,
            "doi": f"10.5555/bench.{i}" if published and rng.random() < 0.5 else None,
            "code": f"https://github.com/bench/repo{i}" if rng.random() < 0.5 else None,
        }
    return papers


def make_shelf(root: Path, papers: dict[str, dict], scale: float) -> None:
    from papershelf import Shelf
    from papershelf.enrich.http import SOURCES

    shelf = Shelf.init(root, title="Benchmark")
    text = shelf.config_path.read_text().replace('contact = ""', 'contact = "bench@example.org"')
    for name, info in SOURCES.items():
        text += f"\n[sources.{name}]\nrate_limit = {info.rate_limit * scale!r}\n"
    shelf.config_path.write_text(text)
    shelf = Shelf(root)
    entries = [shelf.new_paper(id=f"p{i:04d}", title=p["title"], ids={"arxiv": a},
                               links={"paper": f"https://arxiv.org/abs/{a}"})
               for i, (a, p) in enumerate(papers.items())]
    shelf.add(entries, file="papers/bench.yaml")


def cli(*args: str) -> tuple[int, str]:
    import contextlib
    import io

    from papershelf.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, err.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=500)
    parser.add_argument("--scale", type=float, default=0.05, help="multiply every rate limit (1.0 = real rates)")
    args = parser.parse_args()

    from papershelf.enrich.http import SOURCES

    papers = world(args.papers)
    api = FakeAPI(world=papers).start()
    os.environ.update(api.env())
    tmp = Path(tempfile.mkdtemp(prefix="enrich-bench-"))
    os.environ["PAPERSHELF_CACHE_DIR"] = str(tmp / "cache")  # not the user's own cache folder
    try:
        first, second = tmp / "first", tmp / "second"
        make_shelf(first, papers, args.scale)
        shutil.copytree(first, second, ignore=shutil.ignore_patterns(".papershelf"))

        from papershelf import Shelf
        from papershelf.enrich.service import apply_plans, plan_enrichment

        t = time.perf_counter()
        shelf = Shelf(first)
        report = plan_enrichment(shelf, shelf.papers)
        looked_up = time.perf_counter() - t
        apply_plans(shelf, report.plans, accept=lambda plan: True)
        run1 = time.perf_counter() - t
        assert not report.warnings, report.warnings
        counts: dict[str, int] = {}
        for r in api.log:
            counts[r["source"]] = counts.get(r["source"], 0) + 1
        names = {"openreview2": "openreview", "openreview1": "openreview_v1"}
        imposed = {src: max(0, n - 1) * SOURCES[names.get(src, src)].rate_limit * args.scale
                   for src, n in counts.items()}
        bound = max(imposed.values())

        before = len(api.log)
        t = time.perf_counter()
        code, err2 = cli("enrich", "--yes", "--shelf", str(first))
        run2 = time.perf_counter() - t
        assert code == 0, err2
        requests2 = len(api.log) - before

        t = time.perf_counter()
        again = plan_enrichment(Shelf(first), Shelf(first).papers)
        run2_api = time.perf_counter() - t
        changes2 = sum(len(p.changes) + len(p.proposals) for p in again.plans)

        from papershelf.net import cache_path

        shutil.copyfile(cache_path(Shelf(first)), cache_path(Shelf(second)))  # the response cache only
        before = len(api.log)
        t = time.perf_counter()
        code, err3 = cli("enrich", "--yes", "--shelf", str(second))
        run3 = time.perf_counter() - t
        assert code == 0, err3
        requests3 = len(api.log) - before

        done = Shelf(first).papers
        filled = sum(1 for p in done if p.authors and p.venue and p.abstract)
        published = sum(1 for p in done if p.venue and p.venue != "arXiv")
        print(f"papers: {args.papers}; rate-limit scale: {args.scale}")
        print("requests per source: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        print("imposed by rate limits: " + ", ".join(f"{k} {v:.2f} s" for k, v in sorted(imposed.items())))
        print(f"first run: {run1:.2f} s (look-ups {looked_up:.2f} s, writing {run1 - looked_up:.2f} s); "
              f"bound {bound:.2f} s; overhead {100 * (run1 / bound - 1):+.1f} % "
              f"(look-ups alone {100 * (looked_up / bound - 1):+.1f} %)")
        print(f"second run, same shelf (`papershelf enrich --yes`, in-process): {run2:.2f} s, {requests2} requests")
        print(f"  (the same through the Python API: {run2_api:.2f} s, {again.cache_hits} cached answers used, "
              f"{sum(again.requests.values())} requests, {changes2} changes)")
        print(f"same enrichment on a fresh copy of the shelf, cache kept (writes all {args.papers} papers): "
              f"{run3:.2f} s, {requests3} requests")
        print(f"papers with authors+venue+abstract: {filled}/{len(done)}; at a published venue: {published}")
    finally:
        api.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

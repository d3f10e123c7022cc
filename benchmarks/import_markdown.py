"""Markdown import benchmark: how long `papershelf import LIST.md` spends reading a list.

    .venv/bin/python benchmarks/import_markdown.py [--kb 100] [--repeat 5]

Builds a synthetic list of about ``--kb`` kilobytes in the shapes real lists use (raw HTML lists
without </li> with marks and empty placeholders, Markdown bullets with reference links, bold
titles with APA authors, nested sub-bullets, tables, venue headings; about 3% repeated entries),
then times ``import_file`` on it (parse, merge, checks and validation into Papers; nothing written)
and on the original reading list when it is found. Prints the median of ``--repeat`` runs, wall
and CPU (``time.process_time``, which other load on the machine barely moves).
Targets (issue 9): a 100 KB list in under 0.3 s, a 1 MB list in under 2 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORIGINAL = ROOT.parent / "shared" / "seed" / "original-reading-list.md"
VENUES = ["CVPR", "ICLR", "NeurIPS", "ICML", "AAAI", "ACL", "EMNLP", "ECCV", "IJCAI", "SIGIR"]
WORDS = ("knowledge distillation teacher student network compression federated learning robust efficient "
         "self supervised contrastive representation graph attention transformer language vision data free "
         "online mutual ensemble feature relation response adversarial lightweight quantized pruning").split()


def title(rng: random.Random, n: int) -> str:
    words = rng.sample(WORDS, 7)
    return f"{words[0].capitalize()} {' '.join(words[1:])} {n}"


def synthetic_list(kb: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    out = ["# About", "", "Reading Priority:", "Top: :star2:", "Second :star:", "", "Reading Completion:",
           ":heavy_check_mark:", "", "## Knowledge Distillation", ""]
    n = 0
    block = 0
    titles: list[str] = []
    while sum(len(x) + 1 for x in out) < kb * 1024:
        venue, year = rng.choice(VENUES), rng.randint(2015, 2024)
        block += 1
        shape = block % 5
        out += [f"### [{venue} {year}](https://example.org/{venue.lower()}{year})", ""]
        if shape == 0:
            out.append("<ul>")
            for _ in range(12):
                n += 1
                t = rng.choice(titles) if titles and rng.random() < 0.03 else title(rng, n)
                titles.append(t)
                href = "" if rng.random() < 0.05 else f"https://arxiv.org/pdf/{2000 + n % 999}.{n:05d}"
                mark = rng.choice(["", "", ":heavy_check_mark:", ":star:"])
                out.append(f"<li>{t}<a href=\"{href}\">[paper]</a><a href=\"https://github.com/u/r{n}\">[code]</a>{mark}")
            out += ["</ul>", ""]
        elif shape == 1:
            for _ in range(12):
                n += 1
                out.append(f"- [{title(rng, n)}](https://openreview.net/forum?id=abc{n:06d}), Ann Author, Bo Writer, "
                           f"{venue} {year}, [code](https://github.com/u/s{n})")
            out.append("")
        elif shape == 2:
            for i in range(12):
                n += 1
                out.append(f"{i + 1}. {title(rng, n)}. A. Author, B. Writer. {venue} {year} [[code]][r{n}]")
            out.append("")
            out += [f"[r{m}]: https://github.com/u/ref{m}" for m in range(n - 11, n + 1)] + [""]
        elif shape == 3:
            out.append("<ul>")
            for _ in range(10):
                n += 1
                out.append(f"<li><strong>{title(rng, n)}.</strong> Author, A., & Writer, B. ({year}). In: {venue}. "
                           f"<a href=\"https://example.org/p{n}.pdf\">[paper]</a></li>")
            out += ["</ul>", ""]
        else:
            out += ["| Title | Venue | Date | Code |", "| --- | --- | --- | --- |"]
            for _ in range(12):
                n += 1
                out.append(f"| [**{title(rng, n)}**](https://example.org/t{n}.pdf) | {venue} | {year}-06 | "
                           f"[Github](https://github.com/u/t{n}) |")
            out.append("")
            out += [f"- **{title(rng, n + 1)}**", "  - Authors: Ann Author, Bo Writer",
                    f"  - https://arxiv.org/abs/2101.{n:05d}", ""]
            n += 1
    return "\n".join(out) + "\n"


def time_import(path: Path, repeat: int) -> tuple[float, float, int, int]:
    from papershelf.config import ShelfConfig, Topic
    from papershelf.importers import import_file

    config = ShelfConfig(topics=[Topic(id="knowledge-distillation", name="Knowledge Distillation"),
                                 Topic(id="federated-learning", name="Federated Learning"),
                                 Topic(id="topic-models", name="Topic Models")])
    times, cpu = [], []
    result = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = import_file(path, config)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    assert result is not None
    return statistics.median(times), statistics.median(cpu), len(result.papers), len(result.findings)


def target(kb: int) -> float:
    """Seconds allowed for a list of ``kb`` KB: 0.3 s up to 100 KB, then 2 s per MB."""
    return 0.3 if kb <= 100 else 2.0 * kb / 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Time the Markdown importer on a synthetic list and the original.")
    ap.add_argument("--kb", type=int, default=100, help="size of the synthetic list in KB (default 100)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    # the first import pays for importing markdown-it, selectolax and pydantic models: time it apart
    start = time.perf_counter()
    from markdown_it import MarkdownIt  # noqa: F401
    from selectolax.lexbor import LexborHTMLParser  # noqa: F401

    import papershelf.importers.markdown  # noqa: F401
    print(f"module imports: {time.perf_counter() - start:.3f} s")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.md"
        path.write_text(synthetic_list(args.kb), encoding="utf-8")
        size = path.stat().st_size
        median, cpu, papers, findings = time_import(path, args.repeat)
        print(f"synthetic {size / 1024:.0f} KB: {median:.3f} s wall, {cpu:.3f} s CPU, median of {args.repeat} "
              f"({papers} papers, {findings} findings)")
        ok = median < target(args.kb)
    if ORIGINAL.is_file():
        median, cpu, papers, findings = time_import(ORIGINAL, args.repeat)
        print(f"original {ORIGINAL.stat().st_size / 1024:.0f} KB: {median:.3f} s wall, {cpu:.3f} s CPU, median of "
              f"{args.repeat} ({papers} papers, {findings} findings)")
    print(f"target < {target(args.kb):g} s for {args.kb} KB:", "met" if ok else "MISSED",
          f"(load average {os.getloadavg()[0]:.1f})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

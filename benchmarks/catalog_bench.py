"""Catalog speed: index the 23 paperlists dumps, index a synthetic 1,000,000-paper dump, enrich a
10,000-paper shelf from a catalog (issue 12).

    .venv/bin/python benchmarks/catalog_bench.py [--paperlists DIR] [--papers 1000000] [--shelf 10000]
        [--repeat 3] [--only dumps,synthetic,enrich]

The synthetic dump is arXiv-snapshot JSON lines (gzipped), seeded: titles of 8–14 words and
abstracts of 150–240 words drawn from a 60,000-word vocabulary with a Zipf law, like real text
(a handful of very common short words, a long tail of rare longer ones; abstracts average about
1,000 characters, as arXiv's do). It is written once to
``benchmarks/data/`` and reused. The enrich shelf has 10,000 papers with titles, years and venues
only; the catalog knows 85 % of them (60 % under the same title, 15 % by arXiv id with a
re-cased title, 10 % under a slightly different title) among 200,000 other papers.
Prints one JSON line per measurement (median of ``--repeat`` runs).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
PAPERLISTS = ROOT.parent / "shared" / "catalogs" / "paperlists"
SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou", "ei")]


class Text:
    """Seeded Zipf-distributed words."""

    def __init__(self, seed: int, vocabulary: int = 60000) -> None:
        self.rng = random.Random(seed)
        seen: set[str] = set()
        self.words = []
        while len(self.words) < vocabulary:  # by rank: common words short, rare ones long, as in English
            rank = len(self.words)
            k = 1 if rank < 60 else 2 if rank < 3000 else self.rng.randint(2, 4)
            word = "".join(self.rng.choices(SYLLABLES, k=k))
            if word not in seen:
                seen.add(word)
                self.words.append(word)
        weights = [1.0 / (rank + 1) ** 1.05 for rank in range(vocabulary)]
        total, acc, self.cum = sum(weights), 0.0, []
        for w in weights:
            acc += w / total
            self.cum.append(acc)

    def words_(self, n: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum, k=n)

    def title(self) -> str:
        return " ".join(self.words_(self.rng.randint(8, 14))).capitalize()

    def abstract(self) -> str:
        return " ".join(self.words_(self.rng.randint(150, 240))).capitalize() + "."

    def authors(self) -> str:
        return ", ".join(f"{self.words_(1)[0].title()} {self.words_(1)[0].title()}" for _ in range(self.rng.randint(1, 6)))


def arxiv_line(i: int, text: Text, title: str | None = None, year: int | None = None) -> str:
    year = year or 2007 + i % 19
    arxiv_id = f"{year % 100:02d}{1 + i % 12:02d}.{i % 100000:05d}" if i < 1200000 else f"{i}"
    return json.dumps({"id": arxiv_id, "title": title or text.title(), "authors": text.authors(),
                       "abstract": text.abstract(), "doi": None,
                       "versions": [{"version": "v1", "created": f"Mon, 1 Jan {year} 00:00:00 GMT"}]})


def synthetic_dump(n: int) -> Path:
    """``benchmarks/data/arxiv-synthetic-<n>.json.gz`` (written once)."""
    path = DATA / f"arxiv-synthetic-{n}.json.gz"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        text = Text(seed=12)
        tmp = path.with_suffix(".tmp")
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=1) as f:
            for i in range(n):
                f.write(arxiv_line(i, text) + "\n")
        tmp.rename(path)
    return path


def timed_add(files: list[Path], db: Path) -> tuple[float, int, int, float]:
    """Wall seconds, papers, bytes on disk and CPU seconds of indexing ``files`` into a new
    catalog (SQLite runs in this process, so its work is in the CPU time: on a shared machine the
    CPU time says what the work costs, the wall time what the other processes left of it)."""
    from papershelf.catalog.store import Catalog

    if db.exists():
        db.unlink()
    start, cpu = time.perf_counter(), time.process_time()
    with Catalog.open(db) as catalog:
        findings = catalog.add(files)
        count = catalog.count()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert not [f for f in findings if f.severity == "error"], findings
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    return seconds, count, size, cpu


def bench_dumps(paperlists: Path, repeat: int) -> dict:
    files = sorted(paperlists.glob("*.json.gz"))
    if not files:
        return {"bench": "catalog add 23 dumps", "skipped": f"no dumps in {paperlists}"}
    with tempfile.TemporaryDirectory() as tmp:
        runs = [timed_add(files, Path(tmp) / "c.sqlite") for _ in range(repeat)]
        start = time.perf_counter()  # end to end: a new process, start-up included
        subprocess.run([sys.executable, "-m", "papershelf", "catalog", "add", "--db", str(Path(tmp) / "e.sqlite"),
                        str(paperlists)], check=True, capture_output=True)
        cli = time.perf_counter() - start
    return {"bench": "catalog add 23 dumps", "files": len(files), "papers": runs[0][1],
            "seconds": round(statistics.median(r[0] for r in runs), 2),
            "cpu_seconds": round(statistics.median(r[3] for r in runs), 2), "cli_seconds": round(cli, 2),
            "db_mb": round(runs[0][2] / 1e6, 1)}


def bench_synthetic(n: int) -> dict:
    start = time.perf_counter()
    dump = synthetic_dump(n)
    generated = time.perf_counter() - start
    with tempfile.TemporaryDirectory(dir=DATA) as tmp:
        seconds, count, size, cpu = timed_add([dump], Path(tmp) / "c.sqlite")
        from papershelf.catalog.store import Catalog

        with Catalog.open(Path(tmp) / "c.sqlite") as catalog:
            start = time.perf_counter()
            hits = catalog.search(Text(seed=12).words[500], 20)
            search = time.perf_counter() - start
    return {"bench": f"catalog add synthetic {n}", "papers": count, "seconds": round(seconds, 1),
            "cpu_seconds": round(cpu, 1),
            "db_gb": round(size / 1e9, 2), "dump_gb": round(dump.stat().st_size / 1e9, 2),
            "search_ms": round(search * 1000, 1), "hits": len(hits), "generate_seconds": round(generated, 1)}


def enrich_setup(n: int, others: int, folder: Path) -> tuple[Path, Path]:
    """A shelf of ``n`` bare papers and a catalog dump knowing 85 % of them among ``others``."""
    text, rng = Text(seed=5), random.Random(5)
    shelf = folder / "shelf"
    (shelf / "papers").mkdir(parents=True)
    (shelf / "shelf.toml").write_text('title = "enrich bench"\n')
    lines, entries = [], []
    for i in range(n):
        title, year = text.title(), 2015 + i % 10
        entries.append(f"- id: p{i:05d}\n  title: '{title}'\n  year: {year}\n  venue: ICML\n")
        r = rng.random()
        if r < 0.60:
            lines.append(arxiv_line(i, text, title, year))
        elif r < 0.75:
            line = json.loads(arxiv_line(i, text, title.upper(), year))
            lines.append(json.dumps(line))
            entries[-1] += f"  links: {{paper: 'https://arxiv.org/abs/{line['id']}'}}\n"
        elif r < 0.85:
            words = title.split()
            words[rng.randrange(len(words))] += "s"
            lines.append(arxiv_line(i, text, " ".join(words), year))
    for j in range(others):
        lines.append(arxiv_line(n + j + 500000, text))
    for k in range(0, n, 500):
        (shelf / "papers" / f"part-{k // 500:02d}.yaml").write_text("".join(entries[k:k + 500]))
    dump = folder / "arxiv-enrich.json"
    dump.write_text("\n".join(lines) + "\n")
    return shelf, dump


def time_matching(shelf: Path, db: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds of matching every shelf paper against the catalog in-process
    (``Matcher.match_all``: look-ups, title index, scoring; no start-up, planning or printing),
    and how many papers found a match."""
    from papershelf.catalog.match import Matcher, Query
    from papershelf.catalog.store import Catalog
    from papershelf.enrich.plan import lookup_for
    from papershelf.shelf import Shelf

    papers = list(Shelf(shelf).papers)
    queries = [Query(p.title, p.year, p.venue, lookup_for(p).ids) for p in papers]
    start, cpu = time.perf_counter(), time.process_time()
    with Catalog.open(db) as catalog:
        found = Matcher(catalog).match_all(queries)
    return time.perf_counter() - start, time.process_time() - cpu, sum(1 for f in found if f)


def bench_enrich(n: int, others: int, repeat: int) -> dict:
    """``papershelf enrich --source catalog --yes`` on fresh copies of the shelf, end to end (a new
    process: start-up, matching, planning, writing every changed file)."""
    import resource

    times: dict[str, list[tuple[float, float]]] = {"dry_run": [], "write": []}
    with tempfile.TemporaryDirectory(dir=DATA) as tmp:
        shelf, dump = enrich_setup(n, others, Path(tmp))
        env = {**os.environ, "PAPERSHELF_CATALOG": str(Path(tmp) / "c.sqlite")}
        subprocess.run([sys.executable, "-m", "papershelf", "catalog", "add", str(dump)], check=True,
                       capture_output=True, env=env)
        times["matching"] = [time_matching(shelf, Path(tmp) / "c.sqlite")[:2] for _ in range(repeat)]
        for i in range(repeat):
            copy = Path(tmp) / f"run{i}"
            shutil.copytree(shelf, copy)
            for name, extra in (("dry_run", ["--dry-run"]), ("write", ["--yes"])):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                done = subprocess.run([sys.executable, "-m", "papershelf", "--shelf", str(copy), "enrich",
                                       "--source", "catalog", *extra], check=True, capture_output=True, text=True,
                                      env=env)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                times[name].append((time.perf_counter() - start,
                                    after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime))
            summary = done.stderr.strip().splitlines()[-2:]
    out = {"bench": f"enrich --source catalog, {n}-paper shelf", "catalog_papers": int(n * 0.85) + others}
    for name, runs in times.items():  # matching in-process; dry run: start-up, matching, planning, printing;
        # write: the same plus writing
        out[f"{name}_seconds"] = round(statistics.median(r[0] for r in runs), 1)
        out[f"{name}_cpu_seconds"] = round(statistics.median(r[1] for r in runs), 1)
    return {**out, "summary": summary}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--paperlists", type=Path, default=PAPERLISTS)
    ap.add_argument("--papers", type=int, default=1_000_000)
    ap.add_argument("--shelf", type=int, default=10_000)
    ap.add_argument("--others", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default="dumps,synthetic,enrich")
    args = ap.parse_args(argv)
    only = set(args.only.split(","))
    DATA.mkdir(parents=True, exist_ok=True)
    if "dumps" in only:
        print(json.dumps(bench_dumps(args.paperlists, args.repeat)), flush=True)
    if "synthetic" in only:
        print(json.dumps(bench_synthetic(args.papers)), flush=True)
    if "enrich" in only:
        print(json.dumps(bench_enrich(args.shelf, args.others, args.repeat)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Discovery quality (issue 12): does `suggest` find the papers a curator would add?

    .venv/bin/python benchmarks/discover_quality.py [--seeds 5] [--topic knowledge-distillation]
        [--keyword distill] [--dumps ../shared/catalogs/paperlists]

Indexes the paperlists dumps into a catalog under benchmarks/data/, takes the bundled shelf's
papers of the topic that the catalog holds, hides 20 % of them (one draw per seed), lets
`suggest` rank the whole catalog from the rest (the shelf's other papers as its negatives, as
`suggest --topic` does), and reports recall@50 and recall@200 of the hidden papers beside two
baselines ranked in the same run: titles containing the keyword (in random order, then the
rest at random) and a random order; with an embedding model installed (papershelf[embeddings]),
also `suggest` with sentence embeddings. Also the leave-one-out accuracy of `classify` on the
taxonomy's assigned papers beside the majority class.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KS = (50, 200)


def open_catalog(dumps: Path):
    from papershelf.catalog.store import Catalog

    catalog = Catalog.open(HERE / "data" / "discover" / "catalog.sqlite")
    catalog.add(sorted(dumps.glob("*.json*")))
    return catalog


def recall(order, hidden: set[int], k: int) -> float:
    return len(hidden & {int(r) for r in order[:k]}) / len(hidden)


def keyword_order(index, titles, word: str, excluded: set[int], rng):
    """Rows whose title holds ``word`` in random order, then every other row at random."""
    import numpy as np

    hits = np.array([r for r, t in enumerate(titles) if word in t.lower() and r not in excluded], dtype=np.int64)
    rest = np.setdiff1d(np.arange(index.size), hits)
    return np.concatenate([rng.permutation(hits), rng.permutation(rest)])


def quality(catalog, index, shelf, topic: str, word: str, seeds: int) -> list[dict]:
    import numpy as np

    from papershelf.discover.suggest import Query, scores
    from papershelf.discover.text import match_keys

    in_topic = [p for p in shelf.papers if topic in p.topics]
    others = [p for p in shelf.papers if topic not in p.topics]
    rows_of = {p.id: index.rows_for(match_keys(p.title, p.ids)) for p in in_topic}
    known = [p for p in in_topic if rows_of[p.id]]
    position = {int(rowid): row for row, rowid in enumerate(index.rowids)}
    titles = [""] * index.size
    for rowid, title in catalog.db.execute("SELECT id, title FROM papers"):
        titles[position[rowid]] = title
    print(f"{topic}: {len(in_topic)} papers on the shelf, {len(known)} in the catalog of {index.size:,}",
          file=sys.stderr)
    results = []
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        hidden_papers = set(rng.choice([p.id for p in known], size=max(1, round(0.2 * len(known))), replace=False))
        hidden = {r for pid in hidden_papers for r in rows_of[pid]}
        visible = [p for p in in_topic if p.id not in hidden_papers]
        shelf_rows = {r for p in visible + others for r in index.rows_for(match_keys(p.title, p.ids))}
        query = Query(visible, others, [(p.title, p.ids) for p in visible + others])
        ranked, _ = scores(index, query, seed=seed, embeddings=False)
        orders = {"suggest": np.argsort(-ranked, kind="stable"),
                  f"keyword ({word!r} in title)": keyword_order(index, titles, word, shelf_rows, rng),
                  "random": rng.permutation(np.setdiff1d(np.arange(index.size), list(shelf_rows)))}
        if index.embeddings is not None:
            ranked, _ = scores(index, query, seed=seed, embeddings=True)
            orders["suggest with embeddings"] = np.argsort(-ranked, kind="stable")
        for method, order in orders.items():
            results.append({"seed": seed, "method": method, "hidden": len(hidden_papers),
                            **{f"recall@{k}": recall(order, hidden, k) for k in KS}})
    return results


def classify_loo(shelf, taxonomy: str) -> dict:
    from papershelf.discover.classify import leave_one_out

    return leave_one_out(shelf.papers, taxonomy)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--topic", default="knowledge-distillation")
    parser.add_argument("--keyword", default="distill")
    parser.add_argument("--taxonomy", default="kd-taxonomy")
    parser.add_argument("--dumps", type=Path, default=ROOT.parent.parent / "shared" / "catalogs" / "paperlists")
    args = parser.parse_args()
    from papershelf.discover import embed
    from papershelf.discover.index import open_index, with_embeddings
    from papershelf.shelf import Shelf

    if not args.dumps.is_dir():
        args.dumps = Path("/work/shared/catalogs/paperlists")
    catalog = open_catalog(args.dumps)
    index = open_index(catalog)
    if embed.available():
        index = with_embeddings(catalog, index)
    shelf = Shelf(ROOT / "reading-list")
    results = quality(catalog, index, shelf, args.topic, args.keyword, args.seeds)
    print(f"| method | recall@{KS[0]} (median, min–max of {args.seeds} seeds) | recall@{KS[1]} (median, min–max) |")
    print("|---|---:|---:|")
    for method in dict.fromkeys(r["method"] for r in results):
        cells = []
        for k in KS:
            values = [r[f"recall@{k}"] for r in results if r["method"] == method]
            cells.append(f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})")
        print(f"| {method} | {cells[0]} | {cells[1]} |")
    hidden = results[0]["hidden"]
    by = {m: statistics.median(r["recall@200"] for r in results if r["method"] == m)
          for m in dict.fromkeys(r["method"] for r in results)}
    suggest_r, keyword_r = list(by.values())[:2]
    print(f"\n{hidden} hidden papers per seed; recall@200 suggest / keyword = "
          f"{suggest_r / keyword_r if keyword_r else float('inf'):.2f}×")
    loo = classify_loo(shelf, args.taxonomy)
    print(f"\nclassify --taxonomy {args.taxonomy}: leave-one-out accuracy {loo['accuracy']:.2f} "
          f"({loo['correct']}/{loo['papers']}), majority class ({loo['majority']}) {loo['majority_accuracy']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

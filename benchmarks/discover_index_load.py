"""Loading the vectoriser of discover's index: the pickle it used to be against the JSON
vocabulary + ``.npy`` idf it is now (issue 14 item 1), at the index's full vocabulary of 50,000
terms. The step is part of ``open the vectorised catalog`` in BENCHMARKS.md, "Speed: suggest over
1,000,000 catalog papers".

    .venv/bin/python benchmarks/discover_index_load.py [--docs 20000] [--repeat 7]

Fits the vectoriser papershelf uses on synthetic Zipf-distributed texts, saves it both ways,
then loads each ``--repeat`` times, alternating: median wall-clock and CPU seconds, and checks
both give the same vectors.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    import numpy as np

    from papershelf.discover.text import vectorizer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    words = np.array([f"w{i:x}q" for i in range(60_000)])
    p = 1 / np.arange(1, len(words) + 1)
    docs = [" ".join(words[rng.choice(len(words), size=120, p=p / p.sum())]) for _ in range(args.docs)]
    vec = vectorizer(args.docs)
    vec.fit(docs)
    vec.stop_words_ = None  # as discover/index.py keeps it
    with tempfile.TemporaryDirectory(prefix="papershelf-index-load-") as tmp:
        compare(vec, docs, Path(tmp), args)


def compare(vec, docs: list[str], folder: Path, args) -> None:
    """Save ``vec`` both ways in ``folder``, load each in turn, print the medians."""
    import numpy as np

    from papershelf.discover.text import fitted_vectorizer, settings

    (folder / "vectorizer.pkl").write_bytes(pickle.dumps(vec, protocol=pickle.HIGHEST_PROTOCOL))
    (folder / "vocabulary.json").write_text(json.dumps({str(t): int(c) for t, c in vec.vocabulary_.items()}))
    np.save(folder / "idf.npy", vec.idf_)
    saved = json.loads(json.dumps(settings(vec)))

    def pickled():
        return pickle.loads((folder / "vectorizer.pkl").read_bytes())

    def as_data():
        vocabulary = json.loads((folder / "vocabulary.json").read_text())
        return fitted_vectorizer(args.docs, saved, vocabulary, np.load(folder / "idf.npy", allow_pickle=False))

    times: dict[str, list[tuple[float, float]]] = {"pickle (before)": [], "JSON + .npy (now)": []}
    for _ in range(args.repeat):
        for name, load in zip(times, (pickled, as_data)):
            wall, cpu = time.perf_counter(), time.process_time()
            load()
            times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    print(f"vocabulary: {len(vec.vocabulary_):,} terms; load average {os.getloadavg()[0]:.1f}")
    for name, runs in times.items():
        print(f"{name}: median {statistics.median(w for w, _ in runs):.3f} s wall, "
              f"{statistics.median(c for _, c in runs):.3f} s CPU ({args.repeat} runs)")
    texts = docs[:200]
    print("same vectors:", (pickled().transform(texts) != as_data().transform(texts)).nnz == 0)


if __name__ == "__main__":
    main()
